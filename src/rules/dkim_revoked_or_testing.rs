use crate::graph::Graph;
use crate::policy::dkim::{PublicKey, key_records};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// A DKIM key that is revoked (empty `p=`) or in testing mode (`t=y`).
    ///
    /// ## What it does
    /// Reports every DKIM key record whose `p=` is empty, which revokes the selector, and every
    /// one whose `t=` flags include `y`, which says the domain is testing DKIM. Both are
    /// legitimate states, so this is advice: a revoked selector still published long after
    /// its rotation, or a testing flag left on after the rollout, deserves a look.
    ///
    /// ## Why is this bad?
    /// Signatures made with a revoked key fail (RFC 6376 §3.6.1); if a signer still uses the
    /// selector, its mail fails DKIM. In testing mode verifiers must not treat failing
    /// signatures differently from unsigned mail and may ignore the signature's result
    /// altogether, so DKIM gives the domain no protection.
    ///
    /// ## Example
    /// ```zone
    /// mail._domainkey  TXT  "v=DKIM1; k=ed25519; t=y; p=l23a6UISvRjhDCxaBADRK6ZCAHWdlunKRDoV2OHEz2g="
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// mail._domainkey  TXT  "v=DKIM1; k=ed25519; p=l23a6UISvRjhDCxaBADRK6ZCAHWdlunKRDoV2OHEz2g="
    /// ```
    ///
    /// ## References
    /// - RFC 6376 §3.6.1, §6.1.2
    pub DkimRevokedOrTesting,
    id: "dkim-revoked-or-testing",
    group: Dkim,
    level: Info,
    since: "0.1.0",
}

impl Check for DkimRevokedOrTesting {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for record in &key_records(graph).0 {
            let key = &record.key;
            let revoked = key.key == PublicKey::Revoked;
            if !revoked && key.testing.is_none() {
                continue;
            }
            let map = TextMap::for_record(graph, record.index, record.text_len);
            if revoked && let Some(tag) = key.key_tag.clone() {
                cx.report(map.span(tag), "DKIM key is revoked (empty `p=`)")
                    .span_label("revoked key")
                    .help("remove the record once no signer uses the selector any more")
                    .note("signatures made with a revoked key fail (RFC 6376 §3.6.1)");
            }
            if let Some(flag) = key.testing.clone() {
                cx.report(map.span(flag), "DKIM key is in testing mode (`t=y`)")
                    .span_label("testing flag")
                    .help("remove the `y` flag once DKIM signing works")
                    .note(
                        "verifiers must treat mail from a domain testing DKIM like unsigned mail \
                         (RFC 6376 §3.6.1)",
                    );
            }
        }
    }
}
