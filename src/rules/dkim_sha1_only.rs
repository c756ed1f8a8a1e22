use crate::graph::Graph;
use crate::policy::dkim::key_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// A DKIM key restricted to SHA-1 signatures (`h=sha1`).
    ///
    /// ## What it does
    /// Reports every DKIM key record whose `h=` tag lists `sha1` but not `sha256`, so the key may
    /// only verify `rsa-sha1` signatures. `h=sha1:sha256` is accepted (a verifier uses
    /// SHA-256), and a record without `h=` allows every algorithm.
    ///
    /// ## Why is this bad?
    /// RFC 8301 §3.1 forbids signing with `rsa-sha1` and says verifiers must not consider
    /// such signatures valid. A key limited to SHA-1 can therefore verify nothing: once the
    /// signer uses SHA-256 the `h=` restriction rejects it, and its SHA-1 signatures fail
    /// anyway.
    ///
    /// ## Example
    /// ```zone
    /// mail._domainkey  TXT  ( "v=DKIM1; h=sha1; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6NSx7oKTN4FSKR1y4OTwtvluoimv27P3z0nxBCSAJcPOYMSQ2/N86BiYheWWesc+FCsOmdC20X8wMlxwfyGhng8yrej3dHkk05sn+DChGrPMl772khjwh"
    ///                        "+vSTPkKdkAAj7EEK0SbIhO7fAvhhRkBCkdMnYuuzBj+96uwWGqmHTv4oS/JxAxIry5Yq6sUoA8TB7q0ZpH5NsWFqtQ8UrwKnu8Ypp+"
    ///                        "Fl2tC9/knr59/QFpRE8uVUsRfVHEO1oq1m/u6HcGej1vYrV/Po3Xh10YjuMjDT5Pd/jFXTtjT+46fWY2l+7NNB8Z6nVlsIC4z8L/UHDQFWsIIOyp2fbk29GifaQIDAQAB" )
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// mail._domainkey  TXT  ( "v=DKIM1; h=sha256; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6NSx7oKTN4FSKR1y4OTwtvluoimv27P3z0nxBCSAJcPOYMSQ2/N86BiYheWWesc+FCsOmdC20X8wMlxwfyGhng8yrej3dHkk05sn+DChGrPMl772khjwh"
    ///                        "+vSTPkKdkAAj7EEK0SbIhO7fAvhhRkBCkdMnYuuzBj+96uwWGqmHTv4oS/JxAxIry5Yq6sUoA8TB7q0ZpH5NsWFqtQ8UrwKnu8Ypp+"
    ///                        "Fl2tC9/knr59/QFpRE8uVUsRfVHEO1oq1m/u6HcGej1vYrV/Po3Xh10YjuMjDT5Pd/jFXTtjT+46fWY2l+7NNB8Z6nVlsIC4z8L/UHDQFWsIIOyp2fbk29GifaQIDAQAB" )
    /// ```
    ///
    /// ## References
    /// - RFC 8301 §3.1
    /// - RFC 6376 §3.6.1
    pub DkimSha1Only,
    id: "dkim-sha1-only",
    group: Dkim,
    level: Warning,
    since: "0.1.0",
}

impl Check for DkimSha1Only {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for record in &key_records(graph).0 {
            let Some(hashes) = record.key.hashes.as_ref().filter(|h| h.sha1_only()) else {
                continue;
            };
            let map = TextMap::for_record(graph, record.index, record.text_len);
            cx.report(
                map.span(hashes.range.clone()),
                "DKIM key allows only SHA-1 signatures",
            )
            .span_label("SHA-1 only")
            .help("sign with rsa-sha256 and write `h=sha256`, or remove `h=`")
            .note("signers must not use rsa-sha1 and verifiers must not accept it (RFC 8301 §3.1)");
        }
    }
}
