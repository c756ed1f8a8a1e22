use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;

declare_rule! {
    /// An MX exchange that is an alias (owns a CNAME) in a zone of the run.
    ///
    /// ## What it does
    /// Follows every MX exchange into the zones given (the MX's own zone or any other one of
    /// the run) and reports it when that name owns a CNAME record. An exchange outside every
    /// zone given cannot be checked offline and is never reported.
    ///
    /// ## Why is this bad?
    /// RFC 2181 §10.3 forbids an MX to point at an alias, and RFC 5321 §5.1 makes the sending
    /// server's behaviour with one undefined: some follow the alias, some bounce the mail, some
    /// treat the domain as having no usable exchange and fall back to its address records. Mail
    /// for the domain is delivered or lost depending on who sends it.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mail
    /// mail  CNAME mx1.example.com.
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §10.3
    /// - RFC 5321 §5.1
    pub MxTargetIsCname,
    id: "mx-target-is-cname",
    group: Mx,
    level: Error,
    since: "0.1.0",
}

impl Check for MxTargetIsCname {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, mx) in graph.mx_records() {
            let record = &graph.set.records[index];
            let Some(alias) = graph.target_alias(index) else {
                continue;
            };
            let alias = alias as usize;
            let fields = record_fields(&graph.set, index);
            let exchange = name::to_text(mx.exchange);
            let target = graph.target(alias).map(name::to_text).unwrap_or_default();
            let mut report = cx.report(
                fields.field("exchange").unwrap_or(record.span),
                format!("MX exchange `{exchange}` is an alias of `{target}`"),
            );
            report
                .span_label("exchange is an alias")
                .label(graph.set.records[alias].span, "CNAME defined here")
                .help(format_args!(
                    "point the MX at the canonical name `{target}`"
                ))
                .note(
                    "an MX must name a host with address records, never an alias (RFC 2181 §10.3)",
                );
        }
    }
}
