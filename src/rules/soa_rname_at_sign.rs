use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An SOA mailbox written as an email address, with an `@`.
    ///
    /// ## What it does
    /// Reports the SOA record of each zone when its responsible mailbox (RNAME) has an `@` in
    /// a label, as in `hostmaster@example.com.`, and shows the mailbox written as a domain name:
    /// the local part becomes the first label (its dots escaped as `\.`), the `@` a dot. When
    /// the mailbox was also written without its trailing dot, so that the origin was appended
    /// to an address that already named its domain, the suggestion is the absolute name.
    ///
    /// ## Why is this bad?
    /// The RNAME is a domain name whose first label is the mailbox's local part (RFC 1035
    /// §3.3.13, §8): `hostmaster.example.com.` stands for `hostmaster@example.com`. Written with
    /// an `@`, the `@` is taken as part of a label, so the mailbox names an address nobody can
    /// reach, and reports about the zone go nowhere (RFC 1912 §2.2).
    ///
    /// ## Example
    /// ```zone
    /// @  SOA  ns1.example.net. hostmaster@example.com. 2024061501 14400 3600 1209600 3600
    /// @  NS   ns1.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  SOA  ns1.example.net. hostmaster.example.com. 2024061501 14400 3600 1209600 3600
    /// @  NS   ns1.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §8
    /// - RFC 1912 §2.2
    pub SoaRnameAtSign,
    id: "soa-rname-at-sign",
    group: Soa,
    level: Error,
    since: "0.1.0",
}

/// The mailbox `wire` meant, as a domain name: the labels up to the first `@` (and the part
/// of its label before the `@`) joined with dots into one label, then the rest of the name.
/// `None` when no label has an `@`, or the local part is empty or too long for a label.
fn corrected_mailbox(wire: &[u8]) -> Option<Vec<u8>> {
    let labels: Vec<&[u8]> = name::labels(wire).collect();
    let at_label = labels.iter().position(|l| l.contains(&b'@'))?;
    let at = labels[at_label].iter().position(|&b| b == b'@')?;
    let mut local = Vec::new();
    for label in &labels[..at_label] {
        local.extend_from_slice(label);
        local.push(b'.');
    }
    local.extend_from_slice(&labels[at_label][..at]);
    if local.is_empty() || local.len() > 63 {
        return None;
    }
    let mut out = Vec::with_capacity(wire.len());
    out.push(u8::try_from(local.len()).ok()?);
    out.extend_from_slice(&local);
    let domain = &labels[at_label][at + 1..];
    if !domain.is_empty() {
        out.push(u8::try_from(domain.len()).ok()?);
        out.extend_from_slice(domain);
    }
    for label in &labels[at_label + 1..] {
        out.push(u8::try_from(label.len()).ok()?);
        out.extend_from_slice(label);
    }
    out.push(0);
    Some(out)
}

impl Check for SoaRnameAtSign {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone, z) in graph.zone_ids() {
            let Some(&index) = graph.records_at(zone, z.apex, RType::SOA).first() else {
                continue;
            };
            let index = index as usize;
            let Some(soa) = graph.soa(index) else {
                continue;
            };
            if !soa.rname.contains(&b'@') {
                continue;
            }
            // A byte `@` may be a length octet: only a label holding one counts.
            if !name::labels(soa.rname).any(|l| l.contains(&b'@')) {
                continue;
            }
            // Written without its trailing dot (`hostmaster@example.com`), the origin was
            // appended to a name that was meant absolute: drop it again.
            let mut meant = soa.rname.to_vec();
            if let Some(origin) = graph.set.origin_of(index)
                && super::relative_target_looks_absolute::lost_trailing_dot(
                    graph,
                    index,
                    soa.rname,
                    "responsible mailbox",
                )
                && let Some(keep) = meant.len().checked_sub(graph.set.names.wire(origin).len())
            {
                meant.truncate(keep);
                meant.push(0);
            }
            let fields = record_fields(&graph.set, index);
            let span = fields.field("responsible mailbox").unwrap_or(fields.rtype);
            let written = graph.set.sources.snippet(span);
            let mut report = cx.report(
                span,
                format!("SOA mailbox `{written}` is written as an email address"),
            );
            report.span_label("`@` in the mailbox").note(
                "the mailbox is a domain name whose first label is the local part (RFC 1035 §8); \
                 the `@` is read as part of a label, so reports about the zone go nowhere",
            );
            match corrected_mailbox(&meant) {
                Some(fixed) => report.help(format_args!(
                    "write the mailbox as the domain name `{}`",
                    name::to_text(&fixed)
                )),
                None => report.help(
                    "write the mailbox as a domain name: the local part as the first label, \
                     then the mail domain (`hostmaster.example.com.`)",
                ),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> Option<String> {
        let mut wire = Vec::new();
        name::parse_name(text.as_bytes(), None, &mut wire).unwrap();
        corrected_mailbox(&wire).map(|w| name::to_text(&w))
    }

    #[test]
    fn mailboxes_are_corrected() {
        assert_eq!(
            fix("hostmaster@example.com.").as_deref(),
            Some("hostmaster.example.com.")
        );
        assert_eq!(
            fix("john.doe@example.com.").as_deref(),
            Some("john\\.doe.example.com.")
        );
        assert_eq!(
            fix("a.b.c@mail.example.com.").as_deref(),
            Some("a\\.b\\.c.mail.example.com.")
        );
        // `@` at the end of a label: `hostmaster@.example.com.` is odd but readable.
        assert_eq!(
            fix("hostmaster\\@.example.com.").as_deref(),
            Some("hostmaster.example.com.")
        );
        assert_eq!(fix("@x.example.com.".replace('@', "\\@").as_str()), None);
        assert_eq!(fix("hostmaster.example.com."), None);
        let long = format!("{}.{}@example.com.", "a".repeat(40), "b".repeat(30));
        assert_eq!(fix(&long), None);
    }
}
