use crate::graph::Graph;
use crate::policy::dkim::key_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// A DKIM key record that breaks the RFC 6376 grammar or holds no usable key.
    ///
    /// ## What it does
    /// Reads every TXT record at `<selector>._domainkey.<domain>` that looks like a DKIM key
    /// (it has `v=DKIM1` or a `p=` tag; other text there, such as the `o=~` policy of the
    /// historic DomainKeys draft at `_domainkey.<domain>` or a verification token, is left
    /// alone) and reports, on the offending tag or value: a tag-list that breaks the grammar
    /// (a part without `=`, a repeated tag, a bad tag name or character), a tag name written in
    /// the wrong case (names are case-sensitive, so `P=` is not `p=`), `v=` that is not first or
    /// not `DKIM1`, a key type other than `rsa` and `ed25519`, hash algorithms other than
    /// `sha1` and `sha256`, service types other than `email` and `*`, flags other than `y` and
    /// `s`, a missing `p=`, key data that is not base64 (whitespace inside is allowed, the
    /// padding is optional), and key data that is not a key of the record's type: for `rsa` a
    /// DER SubjectPublicKeyInfo (or a bare PKCS#1 RSAPublicKey, which RFC 6376 literally
    /// names and verifiers accept), for `ed25519` the raw 32-byte key of RFC 8463. A key that
    /// decodes but cannot be used is a syntax error here too: to a verifier it is as broken as
    /// bad base64. Values outside the IANA registries are reported although verifiers merely
    /// ignore them: nobody publishes `t=yes` or `h=sha512` meaning to be ignored.
    ///
    /// ## Why is this bad?
    /// A verifier that cannot read the key record, or finds no usable key in it, fails every
    /// signature made with the selector (RFC 6376 §6.1.2): the mail loses its DKIM pass, and
    /// with it DMARC alignment, and is quarantined or rejected where the domain's DMARC policy
    /// says so.
    ///
    /// ## Example
    /// ```zone
    /// mail._domainkey  TXT  "v=DKIM1; k=rsa; h=SHA256; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCbC2s9kxDTd/5U+UQ8YrH3IF0M2HaVRKtX+wYtXTzeLDjSRRsNKVzvsnrCLWf8x8XmIcr6R3cF9qy9NOw+wn3tXFLCE3UcnIgAYq3yhl0IjsFXoY1GMWrvQLyYJS93UDGGFd2u6zCW+OC939XLJSwom15Q4gQ4j6lAiD4LBed2QIDAQAB"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// mail._domainkey  TXT  "v=DKIM1; k=rsa; h=sha256; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCbC2s9kxDTd/5U+UQ8YrH3IF0M2HaVRKtX+wYtXTzeLDjSRRsNKVzvsnrCLWf8x8XmIcr6R3cF9qy9NOw+wn3tXFLCE3UcnIgAYq3yhl0IjsFXoY1GMWrvQLyYJS93UDGGFd2u6zCW+OC939XLJSwom15Q4gQ4j6lAiD4LBed2QIDAQAB"
    /// ```
    ///
    /// ## References
    /// - RFC 6376 §3.2, §3.6.1, §6.1.2
    /// - RFC 8463 §4.2
    pub DkimSyntax,
    id: "dkim-syntax",
    group: Dkim,
    level: Error,
    since: "0.1.0",
}

impl Check for DkimSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for record in &key_records(graph).0 {
            if record.key.errors.is_empty() {
                continue;
            }
            let map = TextMap::for_record(graph, record.index, record.text_len);
            for error in &record.key.errors {
                let mut report = cx.report(map.span(error.range.clone()), error.message.clone());
                report.span_label("invalid here").help(&error.help);
                if let Some(note) = error.note {
                    report.note(note);
                }
                if let Some((range, label)) = &error.related {
                    report.label(map.span(range.clone()), *label);
                }
            }
        }
    }
}
