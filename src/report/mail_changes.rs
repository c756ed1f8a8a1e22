//! What changed for mail between a run and its base ([`crate::Graph::base`]): MX, SPF, DMARC
//! and NS records added, removed or changed, per name, for `zonelint diff` to print in a
//! terminal ([`text`]) or post on a pull request ([`markdown`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::graph::Graph;
use crate::policy::spf_graph::is_spf_record;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::ttl;

/// Which kind of mail record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MailRecord {
    Mx,
    Spf,
    Dmarc,
    Ns,
}

impl MailRecord {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            MailRecord::Mx => "MX",
            MailRecord::Spf => "SPF",
            MailRecord::Dmarc => "DMARC",
            MailRecord::Ns => "NS",
        }
    }
}

/// How the records of a name changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// The mail records of one kind at one name, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailChange {
    /// The owner, absolute, lowercase.
    pub owner: String,
    pub record: MailRecord,
    pub kind: ChangeKind,
    /// Values only the base has (`10 mx1.example.com.`, an SPF record's text), sorted.
    pub removed: Vec<String>,
    /// Values only the run has, sorted.
    pub added: Vec<String>,
    /// How many values both have.
    pub unchanged: usize,
    /// The longest TTL of the base's records (how long caches may hold them), when it had some.
    pub old_ttl: Option<u32>,
}

/// Values of each (owner, kind) of one version, and their longest TTL.
type Values = BTreeMap<(Vec<Vec<u8>>, MailRecord), (Vec<String>, u32)>;

fn values(graph: &Graph) -> Values {
    let mut out: Values = BTreeMap::new();
    for rtype in [RType::MX, RType::NS, RType::TXT] {
        for &i in graph.records_of_type(rtype) {
            let index = i as usize;
            let record = &graph.set.records[index];
            let owner = graph.set.names.wire(record.owner);
            let (kind, value) = match rtype {
                RType::MX => match graph.mx(index) {
                    Some(mx) => (
                        MailRecord::Mx,
                        format!(
                            "{} {}",
                            mx.preference,
                            name::to_text(&mx.exchange.to_ascii_lowercase())
                        ),
                    ),
                    None => continue,
                },
                RType::NS => match graph.target(index) {
                    Some(target) => (MailRecord::Ns, name::to_text(&target.to_ascii_lowercase())),
                    None => continue,
                },
                _ => {
                    let kind = if is_spf_record(graph, index) {
                        MailRecord::Spf
                    } else if is_dmarc(graph, index, owner) {
                        MailRecord::Dmarc
                    } else {
                        continue;
                    };
                    let text = graph.joined_text(index);
                    (kind, String::from_utf8_lossy(&text).into_owned())
                }
            };
            // Keyed by the labels from the root: a zone's names sort together, parents first.
            let key: Vec<Vec<u8>> = name::labels(owner)
                .map(<[u8]>::to_ascii_lowercase)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let entry = out.entry((key, kind)).or_default();
            entry.0.push(value);
            entry.1 = entry.1.max(record.ttl);
        }
    }
    for (list, _) in out.values_mut() {
        list.sort();
        list.dedup();
    }
    out
}

/// A DMARC policy record: TXT at `_dmarc.<domain>` starting with `v=DMARC1` (RFC 7489 §6.3).
fn is_dmarc(graph: &Graph, index: usize, owner: &[u8]) -> bool {
    let first_label_is_dmarc = name::labels(owner)
        .next()
        .is_some_and(|l| l.eq_ignore_ascii_case(b"_dmarc"));
    first_label_is_dmarc && graph.joined_text(index).starts_with(b"v=DMARC1")
}

/// The mail changes from the base of `graph` to `graph`, by name (from the root down) then
/// kind; empty without a base.
#[must_use]
pub fn mail_changes(graph: &Graph) -> Vec<MailChange> {
    let Some(base) = graph.base() else {
        return Vec::new();
    };
    let old = values(base);
    let new = values(graph);
    let mut keys: Vec<&(Vec<Vec<u8>>, MailRecord)> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let before = old.get(key);
        let after = new.get(key);
        let empty = Vec::new();
        let old_values = before.map_or(&empty, |(v, _)| v);
        let new_values = after.map_or(&empty, |(v, _)| v);
        if old_values == new_values {
            continue;
        }
        let kind = match (old_values.is_empty(), new_values.is_empty()) {
            (true, _) => ChangeKind::Added,
            (_, true) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        };
        let mut owner = String::new();
        for label in key.0.iter().rev() {
            let mut wire = vec![u8::try_from(label.len()).unwrap_or(63)];
            wire.extend_from_slice(label);
            wire.push(0);
            let text = name::to_text(&wire);
            owner.push_str(&text);
        }
        if owner.is_empty() {
            owner.push('.');
        }
        out.push(MailChange {
            owner,
            record: key.1,
            kind,
            removed: old_values
                .iter()
                .filter(|v| !new_values.contains(v))
                .cloned()
                .collect(),
            added: new_values
                .iter()
                .filter(|v| !old_values.contains(v))
                .cloned()
                .collect(),
            unchanged: old_values.iter().filter(|v| new_values.contains(v)).count(),
            old_ttl: before.map(|(_, ttl)| *ttl),
        });
    }
    out
}

/// The changes for a terminal: per name and kind, `-` for what went, `+` for what came.
#[must_use]
pub fn text(changes: &[MailChange], old: &str, new: &str) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        let _ = writeln!(out, "No MX, SPF, DMARC or NS changes from {old} to {new}.");
        return out;
    }
    let _ = writeln!(out, "Mail changes from {old} to {new}:");
    for change in changes {
        let _ = writeln!(
            out,
            "  {} {} {}{}",
            change.owner,
            change.record.as_str(),
            change.kind.as_str(),
            details(change)
        );
        for value in &change.removed {
            let _ = writeln!(out, "    - {value}");
        }
        for value in &change.added {
            let _ = writeln!(out, "    + {value}");
        }
    }
    out
}

/// `(old TTL 24 h, 1 unchanged)`, or nothing.
fn details(change: &MailChange) -> String {
    let mut parts = Vec::new();
    if change.kind != ChangeKind::Added
        && let Some(ttl) = change.old_ttl
    {
        parts.push(format!("old TTL {}", ttl::human(ttl)));
    }
    if change.unchanged > 0 {
        parts.push(format!("{} unchanged", change.unchanged));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// The changes as a markdown table, to post on a pull request.
#[must_use]
pub fn markdown(changes: &[MailChange], old: &str, new: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Mail changes: `{}` → `{}`\n", code(old), code(new));
    if changes.is_empty() {
        out.push_str("No MX, SPF, DMARC or NS changes.\n");
        return out;
    }
    out.push_str("| Name | Record | Change | Before | After |\n|---|---|---|---|---|\n");
    for change in changes {
        let cell = |values: &[String]| {
            values
                .iter()
                .map(|v| format!("`{}`", code(v)))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {}{} | {} | {} |",
            code(&change.owner),
            change.record.as_str(),
            change.kind.as_str(),
            details(change),
            cell(&change.removed),
            cell(&change.added),
        );
    }
    out
}

/// Text for inside a code span in a table cell: no backticks, `|` escaped, one line.
fn code(text: &str) -> String {
    text.replace('`', "'")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    fn graph(text: &str) -> Graph {
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        reader
            .read_bytes("example.com.zone".as_ref(), text.as_bytes().to_vec())
            .expect("read");
        Graph::build(reader.finish())
    }

    #[test]
    fn lists_added_removed_and_changed_mail_records() {
        let mut new = graph(
            "$TTL 300\n@ MX 10 mx2\n@ MX 20 mx3\n@ NS ns1\n@ TXT \"v=spf1 mx -all\"\n_dmarc TXT \"v=DMARC1; p=reject\"\nwww A 192.0.2.1\n",
        );
        let old = graph(
            "$TTL 86400\n@ MX 10 MX2\n@ MX 20 mx1\n@ NS ns1\n@ NS ns2\n@ TXT \"v=spf1 mx ~all\"\nwww A 192.0.2.2\n",
        );
        new.set_base(old, "old.zone");
        let changes = mail_changes(&new);
        let summary: Vec<(String, &str, &str)> = changes
            .iter()
            .map(|c| (c.owner.clone(), c.record.as_str(), c.kind.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("example.com.".to_owned(), "MX", "changed"),
                ("example.com.".to_owned(), "SPF", "changed"),
                ("example.com.".to_owned(), "NS", "changed"),
                ("_dmarc.example.com.".to_owned(), "DMARC", "added"),
            ]
        );
        assert_eq!(changes[0].removed, ["20 mx1.example.com."]);
        assert_eq!(changes[0].added, ["20 mx3.example.com."]);
        assert_eq!(changes[0].unchanged, 1);
        assert_eq!(changes[0].old_ttl, Some(86_400));
        let text = text(&changes, "old.zone", "new.zone");
        assert!(
            text.contains("example.com. MX changed (old TTL 24 h, 1 unchanged)"),
            "{text}"
        );
        let md = markdown(&changes, "old.zone", "new.zone");
        assert!(
            md.contains("| `_dmarc.example.com.` | DMARC | added |  | `v=DMARC1; p=reject` |"),
            "{md}"
        );
    }

    #[test]
    fn markdown_cells_stay_in_their_column() {
        assert_eq!(code("a|b`c\nd"), "a\\|b'c d");
    }
}
