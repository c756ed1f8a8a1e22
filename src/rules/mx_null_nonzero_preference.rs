use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;

declare_rule! {
    /// A null MX (exchange `.`) whose preference is not 0.
    ///
    /// ## What it does
    /// Reports every MX record whose exchange is the root (`.`, a null MX) and whose preference
    /// is anything but 0. The finding underlines the preference.
    ///
    /// ## Why is this bad?
    /// RFC 7505 §3 defines the null MX as exactly one MX record with preference 0 and the root
    /// as exchange. Senders that look for that exact form do not recognise `10 .` as "this
    /// domain accepts no mail": they treat `.` as a host name, fail to resolve it and keep the
    /// message queued for days instead of bouncing it at once.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 .
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    0 .
    /// ```
    ///
    /// ## References
    /// - RFC 7505 §3
    pub MxNullNonzeroPreference,
    id: "mx-null-nonzero-preference",
    group: Mx,
    level: Warning,
    since: "0.1.0",
}

impl Check for MxNullNonzeroPreference {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, mx) in graph.mx_records() {
            let record = &graph.set.records[index];
            if !mx.is_null() || mx.preference == 0 {
                continue;
            }
            let fields = record_fields(&graph.set, index);
            cx.report(
                fields.field("preference").unwrap_or(record.span),
                format!(
                    "null MX at `{}` has preference `{}`",
                    graph.owner_text(index),
                    mx.preference
                ),
            )
            .span_label("non-zero preference")
            .help("write the null MX as `0 .`")
            .note(
                "a null MX is a single MX record with preference 0 and the root as exchange \
                 (RFC 7505 §3)",
            );
        }
    }
}
