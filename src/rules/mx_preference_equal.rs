use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// Exchanges named like a primary and a backup, all at one preference.
    ///
    /// ## What it does
    /// Looks at MX sets of two or more different exchanges (null MX aside) that all share one
    /// preference, and reports those whose host names say an order was meant:
    /// - one exchange's first label holds `backup`, `secondary`, `fallback` or `standby` and
    ///   another's does not (or one holds `primary` and another does not); or
    /// - exactly two exchanges under one parent domain whose first labels are one stem with
    ///   different numbers, or a bare stem and a numbered one (`mx1`/`mx2`, `mail`/`mail2`,
    ///   `smtp01`/`smtp02`). Three or more numbered hosts at one preference read as a deliberate
    ///   pool and are left alone.
    ///
    /// Sets with an exchange of a large provider (Google, Microsoft 365, Proofpoint, Mimecast,
    /// …) are skipped: their documented sets use equal preferences for pools, and
    /// `mx-provider-mismatch` checks them against the provider's documentation. The finding is on
    /// the preference of the exchange that looks like the backup (the one with the role word,
    /// the higher number, or the one without `primary`).
    ///
    /// ## Why is this bad?
    /// Exchanges at one preference share the mail at random (RFC 5321 §5.1): the backup gets
    /// about half of it at all times rather than only when the primary is down. Backup exchanges
    /// often queue and forward instead of delivering, and often filter spam less well, which is
    /// why spammers seek them out.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mx1
    /// @     MX    10 mx2
    /// mx1   A     192.0.2.25
    /// mx2   A     198.51.100.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx1
    /// @     MX    20 mx2
    /// mx1   A     192.0.2.25
    /// mx2   A     198.51.100.25
    /// ```
    ///
    /// ## References
    /// - RFC 5321 §5.1
    pub MxPreferenceEqual,
    id: "mx-preference-equal",
    group: Mx,
    level: Info,
    since: "0.1.0",
}

/// Words in a first label that mark a backup host.
const BACKUP_WORDS: &[&[u8]] = &[b"backup", b"secondary", b"fallback", b"standby"];

/// Mail providers whose documented MX sets use equal preferences for pools (the name and
/// everything below it).
const PROVIDERS: &[&str] = &[
    "google.com",
    "googlemail.com",
    "outlook.com",
    "pphosted.com",
    "ppe-hosted.com",
    "mimecast.com",
    "messagelabs.com",
    "zoho.com",
    "zoho.eu",
    "protonmail.ch",
    "messagingengine.com",
    "yandex.net",
    "icloud.com",
    "mailgun.org",
    "amazonaws.com",
];

/// Lowercase wire form of a dotted name without escapes.
fn wire(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    for label in text.split('.').filter(|l| !l.is_empty()) {
        out.push(u8::try_from(label.len()).unwrap_or(0));
        out.extend(label.bytes().map(|b| b.to_ascii_lowercase()));
    }
    out.push(0);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn has_backup_word(label: &[u8]) -> bool {
    BACKUP_WORDS.iter().any(|w| contains(label, w))
}

fn has_primary_word(label: &[u8]) -> bool {
    contains(label, b"primary")
}

/// A first label split into its stem and trailing number (`mx02` → (`mx`, Some(2))).
fn stem_and_number(label: &[u8]) -> (&[u8], Option<u64>) {
    let digits = label
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (stem, number) = label.split_at(label.len() - digits);
    let number = std::str::from_utf8(number)
        .ok()
        .and_then(|n| n.parse().ok());
    (stem, number)
}

/// Among distinct exchanges (wire form) sharing one preference, the index of the one that looks
/// like a backup, and of one that looks like the primary, if the names suggest an order.
fn suspect(exchanges: &[&[u8]]) -> Option<(usize, usize)> {
    let labels: Vec<&[u8]> = exchanges
        .iter()
        .map(|e| name::labels(e).next().unwrap_or_default())
        .collect();
    let backup = labels.iter().position(|l| has_backup_word(l));
    let not_backup = labels.iter().position(|l| !has_backup_word(l));
    if let (Some(b), Some(p)) = (backup, not_backup) {
        return Some((b, p));
    }
    let primary = labels.iter().position(|l| has_primary_word(l));
    let not_primary = labels.iter().position(|l| !has_primary_word(l));
    if let (Some(p), Some(b)) = (primary, not_primary) {
        return Some((b, p));
    }
    let [a, b] = exchanges else { return None };
    let (parent_a, parent_b) = (name::parent(a)?, name::parent(b)?);
    if !parent_a.eq_ignore_ascii_case(parent_b) {
        return None;
    }
    let ((stem_a, n_a), (stem_b, n_b)) = (stem_and_number(labels[0]), stem_and_number(labels[1]));
    if !stem_a.eq_ignore_ascii_case(stem_b) || !stem_a.iter().any(u8::is_ascii_alphabetic) {
        return None;
    }
    // A bare stem (`mail`) reads as the first of `mail`, `mail2`.
    match (n_a, n_b) {
        (x, y) if x == y => None,
        (x, y) if x < y => Some((1, 0)),
        _ => Some((0, 1)),
    }
}

impl Check for MxPreferenceEqual {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let providers: Vec<Vec<u8>> = PROVIDERS.iter().map(|p| wire(p)).collect();
        let mut records: Vec<u32> = Vec::new();
        let mut exchanges: Vec<&[u8]> = Vec::new();
        for (zone, set) in graph.rrsets_of_type(RType::MX) {
            if set.len() < 2 {
                continue;
            }
            records.clear();
            exchanges.clear();
            let mut preference = None;
            let mut uniform = true;
            for &i in graph.records_of(zone, &set) {
                let Some(mx) = graph.mx(i as usize) else {
                    continue;
                };
                if mx.is_null() || *preference.get_or_insert(mx.preference) != mx.preference {
                    uniform = false;
                    break;
                }
                // Repeats are `mx-duplicate-exchange`'s; sets are small, and the scan stops
                // at the first differing preference.
                if !exchanges
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(mx.exchange))
                {
                    records.push(i);
                    exchanges.push(mx.exchange);
                }
                if exchanges.len() > 64 {
                    // A pool this large is deliberate.
                    uniform = false;
                    break;
                }
            }
            if !uniform || exchanges.len() < 2 {
                continue;
            }
            if exchanges
                .iter()
                .any(|e| providers.iter().any(|p| name::ends_with_name(e, p)))
            {
                continue;
            }
            let Some((backup, primary)) = suspect(&exchanges) else {
                continue;
            };
            report(
                graph,
                cx,
                (records[backup], exchanges[backup]),
                (records[primary], exchanges[primary]),
            );
        }
    }
}

fn report(graph: &Graph, cx: &mut Context<'_>, backup: (u32, &[u8]), primary: (u32, &[u8])) {
    let preference_span = |i: u32| {
        let i = i as usize;
        record_fields(&graph.set, i)
            .field("preference")
            .unwrap_or(graph.set.records[i].span)
    };
    let preference = graph.mx(backup.0 as usize).map_or(0, |mx| mx.preference);
    let (backup_name, primary_name) = (name::to_text(backup.1), name::to_text(primary.1));
    cx.report(
        preference_span(backup.0),
        format!(
            "backup-looking exchange `{backup_name}` has the same preference ({preference}) as \
             `{primary_name}`"
        ),
    )
    .span_label("same preference as the primary")
    .label(preference_span(primary.0), "primary's preference")
    .help(format_args!(
        "give `{backup_name}` a higher preference number than `{primary_name}` if it is a backup"
    ))
    .note(
        "exchanges at one preference share the mail at random (RFC 5321 §5.1): the backup gets \
         about half of it all the time",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(names: &[&str]) -> Option<(usize, usize)> {
        let wires: Vec<Vec<u8>> = names.iter().map(|n| wire(n)).collect();
        let refs: Vec<&[u8]> = wires.iter().map(Vec::as_slice).collect();
        suspect(&refs)
    }

    #[test]
    fn role_words() {
        assert_eq!(
            check(&["mail.example.com", "backup.example.com"]),
            Some((1, 0))
        );
        assert_eq!(
            check(&["mx-backup.example.net", "mx.example.com"]),
            Some((0, 1))
        );
        assert_eq!(
            check(&["a.example.com", "b.example.com", "Secondary.example.com"]),
            Some((2, 0))
        );
        assert_eq!(
            check(&["primary.example.com", "other.example.net"]),
            Some((1, 0))
        );
        // Every host a backup, or every host primary: no order to tell.
        assert_eq!(
            check(&[
                "backup1.example.com",
                "backup2.example.com",
                "backup3.example.com"
            ]),
            None
        );
        assert_eq!(
            check(&[
                "primary-a.example.com",
                "primary-b.example.com",
                "primary-c.example.com"
            ]),
            None
        );
        // Role words only count in the first label.
        assert_eq!(
            check(&["mx.backup.example.com", "mx.example.com", "in.example.com"]),
            None
        );
    }

    #[test]
    fn numbered_pairs() {
        assert_eq!(check(&["mx1.example.com", "mx2.example.com"]), Some((1, 0)));
        assert_eq!(check(&["mx2.example.com", "MX1.example.com"]), Some((0, 1)));
        assert_eq!(
            check(&["mail.example.com", "mail2.example.com"]),
            Some((1, 0))
        );
        assert_eq!(
            check(&["smtp02.example.com", "smtp01.example.com"]),
            Some((0, 1))
        );
        assert_eq!(
            check(&["mx-1.example.com", "mx-2.example.com"]),
            Some((1, 0))
        );
        // Different parents, stems, or no letters in the stem: no order read.
        assert_eq!(check(&["mx1.example.com", "mx2.example.net"]), None);
        assert_eq!(check(&["mx1.example.com", "in2.example.com"]), None);
        assert_eq!(check(&["1.example.com", "2.example.com"]), None);
        assert_eq!(check(&["mx.example.com", "in.example.com"]), None);
        // Three numbered hosts are a pool.
        assert_eq!(
            check(&["mx1.example.com", "mx2.example.com", "mx3.example.com"]),
            None
        );
    }

    #[test]
    fn stems() {
        assert_eq!(stem_and_number(b"mx02"), (&b"mx"[..], Some(2)));
        assert_eq!(stem_and_number(b"mail"), (&b"mail"[..], None));
        assert_eq!(stem_and_number(b"42"), (&b""[..], Some(42)));
        assert_eq!(stem_and_number(b""), (&b""[..], None));
        // Too long for a number: read as no number.
        assert_eq!(stem_and_number(b"mx99999999999999999999").1, None);
    }

    #[test]
    fn wire_names() {
        assert_eq!(wire("Google.com"), b"\x06google\x03com\x00");
        assert_eq!(wire("."), b"\x00");
    }
}
