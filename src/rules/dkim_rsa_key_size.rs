use crate::diag::Severity;
use crate::graph::Graph;
use crate::policy::dkim::{PublicKey, key_records};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// A DKIM RSA key shorter than 2048 bits: an error under 1024 bits, a warning below 2048.
    ///
    /// ## What it does
    /// Decodes the `p=` key of every DKIM key record of type RSA (a DER SubjectPublicKeyInfo or
    /// a bare PKCS#1 RSAPublicKey) and measures its modulus. A key under 1024 bits is an error:
    /// verifiers must not accept it. A key of 1024 to 2047 bits is a warning: still accepted,
    /// but below what signers should use. Keys that do not decode are left to `dkim-syntax`.
    ///
    /// ## Why is this bad?
    /// RFC 8301 §3.2 says signers must use RSA keys of at least 1024 bits and should use at
    /// least 2048, and verifiers must not consider signatures with shorter keys valid: mail
    /// signed with a 512-bit key fails DKIM everywhere. 512-bit RSA keys have been factored
    /// cheaply for years and 1024-bit keys are within reach of well-funded attackers, who
    /// could then sign mail as the domain.
    ///
    /// ## Example
    /// ```zone
    /// old._domainkey  TXT  "v=DKIM1; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMT4efBWcri2yOiMM1HGStt1n3y5q8NGo7lXWJcTor+dLBOQ8AugpcRqA2RsftQNQu41jucn8UgaLNHXy78+wyMCAwEAAQ=="
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// new._domainkey  TXT  ( "v=DKIM1; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6NSx7oKTN4FSKR1y4OTwtvluoimv27P3z0nxBCSAJcPOYMSQ2/N86BiYheWWesc+FCsOmdC20X8wMlxwfyGhng8yrej3dHkk05sn+DChGrPMl772khjwh"
    ///                       "+vSTPkKdkAAj7EEK0SbIhO7fAvhhRkBCkdMnYuuzBj+96uwWGqmHTv4oS/JxAxIry5Yq6sUoA8TB7q0ZpH5NsWFqtQ8UrwKnu8Ypp+"
    ///                       "Fl2tC9/knr59/QFpRE8uVUsRfVHEO1oq1m/u6HcGej1vYrV/Po3Xh10YjuMjDT5Pd/jFXTtjT+46fWY2l+7NNB8Z6nVlsIC4z8L/UHDQFWsIIOyp2fbk29GifaQIDAQAB" )
    /// ```
    ///
    /// ## References
    /// - RFC 8301 §3.2
    /// - RFC 6376 §3.3.3, §3.6.1
    pub DkimRsaKeySize,
    id: "dkim-rsa-key-size",
    group: Dkim,
    level: Error,
    since: "0.1.0",
}

impl Check for DkimRsaKeySize {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for record in &key_records(graph).0 {
            let PublicKey::Rsa { bits } = record.key.key else {
                continue;
            };
            if bits >= 2048 {
                continue;
            }
            let Some(range) = record.key.key_range.clone() else {
                continue;
            };
            let map = TextMap::for_record(graph, record.index, record.text_len);
            let mut report = cx.report(
                map.span(range),
                format!("DKIM RSA key has only {bits} bits"),
            );
            report
                .span_label(format_args!("{bits}-bit RSA key"))
                .help("generate a 2048-bit key and publish it under a new selector");
            if bits < 1024 {
                report.note(
                    "verifiers must not accept signatures made with RSA keys under 1024 bits \
                     (RFC 8301 §3.2): every signature with this selector fails",
                );
            } else {
                report
                    .note(
                        "signers should use RSA keys of at least 2048 bits (RFC 8301 §3.2); \
                         1024-bit keys are within reach of well-funded attackers",
                    )
                    .default_severity(Severity::Warning);
            }
        }
    }
}
