//! Inferring a zone's origin from its file name when neither `--origin` nor `$ORIGIN` gives one.
//!
//! Recognised shapes (documented in docs/zone-format.md): `db.example.com`, `example.com.zone`,
//! `example.com.db`, `example.com.zone.signed`, and a file name that is itself a domain name
//! (`example.com`). `root.zone` and `root.db` give the root. Anything else: no origin.

use std::path::Path;

fn is_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
}

fn looks_like_domain(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let labels: Vec<&str> = name.split('.').collect();
    // At least two labels, and the last one alphabetic, so "notes.txt"-style names are rare hits.
    labels.len() >= 2
        && labels.iter().all(|l| is_host_label(l))
        && labels
            .last()
            .is_some_and(|l| l.len() >= 2 && l.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The origin (absolute, with the final dot) that a file's name implies, if any.
#[must_use]
pub fn infer_from_file_name(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    let lower = file.to_ascii_lowercase();
    if matches!(lower.as_str(), "root.zone" | "root.db" | "db.root" | "root") {
        return Some(".".to_owned());
    }
    let stem = lower.strip_suffix(".signed").unwrap_or(&lower);
    let candidate = if let Some(rest) = stem.strip_prefix("db.") {
        rest
    } else if let Some(rest) = stem
        .strip_suffix(".zone")
        .or_else(|| stem.strip_suffix(".db"))
    {
        rest
    } else {
        stem
    };
    let single_label_ok = stem != candidate && is_host_label(candidate);
    (looks_like_domain(candidate) || single_label_ok).then(|| format!("{candidate}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let f = |s: &str| infer_from_file_name(Path::new(s));
        assert_eq!(f("zones/db.example.com").as_deref(), Some("example.com."));
        assert_eq!(f("example.com.zone").as_deref(), Some("example.com."));
        assert_eq!(f("example.com.db").as_deref(), Some("example.com."));
        assert_eq!(f("example.com").as_deref(), Some("example.com."));
        assert_eq!(f("example.db").as_deref(), Some("example."));
        assert_eq!(
            f("2.0.192.in-addr.arpa.zone").as_deref(),
            Some("2.0.192.in-addr.arpa.")
        );
        assert_eq!(f("root.zone").as_deref(), Some("."));
        assert_eq!(f("notes.txt1"), None);
        assert_eq!(f("README"), None);
        assert_eq!(f("01_owner.in").as_deref(), None);
    }
}
