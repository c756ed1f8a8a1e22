use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// A null MX (`0 .`) in the same MX set as other MX records.
    ///
    /// ## What it does
    /// Reports every null MX (exchange `.`) whose name also has MX records naming a real
    /// exchange. The finding is on the null MX's exchange, since that is the record contradicting
    /// the others; each other MX record gets a label. Which side to remove depends on whether
    /// the name is meant to receive mail, so the help names both.
    ///
    /// ## Why is this bad?
    /// A null MX says "this domain accepts no mail", and RFC 7505 §3 forbids any other MX beside
    /// it. With both, senders disagree: some bounce every message at once, some skip the null MX
    /// and deliver to the other exchanges, some try to connect to a host called `.` and queue the
    /// mail for days.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    0 .
    /// @     MX    10 mail
    /// mail  A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mail
    /// mail  A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 7505 §3
    pub MxNullMixed,
    id: "mx-null-mixed",
    group: Mx,
    level: Error,
    since: "0.1.0",
}

impl Check for MxNullMixed {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone, set) in graph.rrsets_of_type(RType::MX) {
            let records = graph.records_of(zone, &set);
            let is_null = |i: u32| graph.mx(i as usize).is_some_and(|mx| mx.is_null());
            let nulls = records.iter().filter(|&&i| is_null(i)).count();
            if nulls == 0 || nulls == records.len() {
                continue;
            }
            let others = records.len() - nulls;
            let owner = graph.set.names.text(set.owner);
            for &null in records.iter().filter(|&&i| is_null(i)) {
                let null = null as usize;
                let fields = record_fields(&graph.set, null);
                let plural = if others == 1 { "" } else { "s" };
                let mut report = cx.report(
                    fields
                        .field("exchange")
                        .unwrap_or(graph.set.records[null].span),
                    format!("null MX at `{owner}` beside {others} other MX record{plural}"),
                );
                report
                    .span_label("null MX")
                    .help(format_args!(
                        "remove the null MX if `{owner}` receives mail, or the other MX \
                             records if it does not"
                    ))
                    .note(
                        "a domain that publishes a null MX must publish no other MX \
                             (RFC 7505 §3)",
                    );
                for &other in records.iter().filter(|&&i| !is_null(i)) {
                    let other = other as usize;
                    let span = record_fields(&graph.set, other)
                        .field("exchange")
                        .unwrap_or(graph.set.records[other].span);
                    report.label(span, "other exchange here");
                }
            }
        }
    }
}
