use crate::diag::Severity;
use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::record::RecordFlags;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// A relative name that already ends in the origin, so the origin is appended twice.
    ///
    /// ## What it does
    /// Reports a name written without its trailing dot whose text already ends in the origin in
    /// force, so that it became `mail.example.com.example.com.`: owners written relative, and
    /// the names in MX, NS, CNAME, DNAME, PTR, SRV and SOA data. The finding is an error when
    /// the name is an MX exchange, an NS, CNAME or SRV target (the record then points nowhere)
    /// and a warning otherwise. Records made by `$GENERATE` are not checked.
    ///
    /// ## Why is this bad?
    /// A name without a trailing dot is relative: the reader appends the origin to it (RFC 1035
    /// §5.1). `mail.example.com` in the zone `example.com.` is therefore
    /// `mail.example.com.example.com.`, a name nobody meant. Mail, delegations and aliases that
    /// point at it go nowhere; the zone still loads, so the mistake can stay unnoticed.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mail.example.com
    /// mail  A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mail.example.com.
    /// mail  A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §5.1
    /// - RFC 1912 §3.2
    pub OriginRepeated,
    id: "origin-repeated",
    group: Name,
    level: Warning,
    since: "0.1.0",
}

/// The origin in force and the wire suffix that marks it repeated (`origin` twice).
struct Doubled {
    origin: Option<Vec<u8>>,
    doubled: Vec<u8>,
}

impl Doubled {
    fn set(&mut self, origin: Option<&[u8]>) {
        self.origin = origin.map(<[u8]>::to_vec);
        self.doubled.clear();
        if let Some(o) = origin
            && let Some(labels) = o.strip_suffix(&[0])
            && !labels.is_empty()
        {
            self.doubled.extend_from_slice(labels);
            self.doubled.extend_from_slice(o);
        }
    }

    /// Whether `wire` ends with the origin twice.
    fn hits(&self, wire: &[u8]) -> bool {
        !self.doubled.is_empty() && name::ends_with_name(wire, &self.doubled)
    }
}

/// The text a relative name was written as: the wire name without the origin appended once.
fn written(wire: &[u8], origin: &[u8]) -> String {
    let keep = wire.len().saturating_sub(origin.len());
    let mut text = name::to_text(wire.get(..keep).unwrap_or_default());
    text.pop();
    text
}

impl Check for OriginRepeated {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let set = &graph.set;
        let mut doubled = Doubled {
            origin: None,
            doubled: Vec::new(),
        };
        let mut next_change = 0;
        for (index, record) in set.records.iter().enumerate() {
            while let Some(&(first, origin)) = set.origins.get(next_change)
                && first as usize <= index
            {
                doubled.set(origin.map(|o| set.names.wire(o)));
                next_change += 1;
            }
            if doubled.doubled.is_empty() || record.flags.has(RecordFlags::GENERATED) {
                continue;
            }
            let origin = doubled.origin.as_deref().unwrap_or_default();
            let owner = set.names.wire(record.owner);
            if record.flags.has(RecordFlags::OWNER_RELATIVE)
                && !record.flags.has(RecordFlags::OWNER_INHERITED)
                && doubled.hits(owner)
            {
                let span = record_fields(set, index).owner.unwrap_or(record.span);
                report(cx, span, owner, origin, "owner", None);
            }
            for (field, target) in graph.rdata_names(index) {
                if !doubled.hits(target) {
                    continue;
                }
                let fields = record_fields(set, index);
                let Some(span) = fields.field(field) else {
                    continue;
                };
                if !graph.written_relative(span) {
                    continue;
                }
                let what = match (record.rtype, field) {
                    (RType::MX, _) => "MX exchange",
                    (RType::SOA, "primary name server") => "SOA primary name server",
                    (RType::SOA, _) => "SOA mailbox",
                    (RType::NS, _) => "NS target",
                    (RType::CNAME, _) => "CNAME target",
                    (RType::DNAME, _) => "DNAME target",
                    (RType::PTR, _) => "PTR target",
                    (RType::SRV, _) => "SRV target",
                    _ => "target",
                };
                let severe = matches!(
                    record.rtype,
                    RType::MX | RType::NS | RType::CNAME | RType::SRV
                );
                report(
                    cx,
                    span,
                    target,
                    origin,
                    what,
                    severe.then_some(Severity::Error),
                );
            }
        }
    }
}

fn report(
    cx: &mut Context<'_>,
    span: Span,
    wire: &[u8],
    origin: &[u8],
    what: &str,
    severity: Option<Severity>,
) {
    let text = written(wire, origin);
    let mut report = cx.report(
        span,
        format!(
            "{what} `{text}` lacks its trailing dot: it becomes `{}`",
            name::to_text(wire)
        ),
    );
    report
        .span_label("origin appended a second time")
        .help(format_args!("add the trailing dot: `{text}.`"))
        .note(format_args!(
            "a name without a trailing dot is relative: the origin `{}` is appended to it (RFC 1035 §5.1)",
            name::to_text(origin)
        ));
    if let Some(severity) = severity {
        report.default_severity(severity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = name::parse_name(text.as_bytes(), None, &mut out);
        out
    }

    #[test]
    fn doubled_origin_is_found_on_label_boundaries() {
        let mut d = Doubled {
            origin: None,
            doubled: Vec::new(),
        };
        let origin = wire("example.com.");
        d.set(Some(&origin));
        assert!(d.hits(&wire("mail.example.com.example.com.")));
        assert!(d.hits(&wire("Example.COM.example.com.")));
        assert!(!d.hits(&wire("mail.example.com.")));
        assert!(!d.hits(&wire("mail.xexample.com.example.com.")));
        assert!(!d.hits(&wire("example.com.")));
        assert_eq!(
            written(&wire("mail.example.com.example.com."), &origin),
            "mail.example.com"
        );
        d.set(Some(&wire(".")));
        assert!(!d.hits(&wire("com.")));
        d.set(None);
        assert!(!d.hits(&wire("com.com.")));
    }
}
