//! Parsers of the mail policies published in TXT records (SPF, and the tag lists of DMARC, DKIM,
//! MTA-STS and TLS-RPT). Each maps every term or tag back to its bytes in the record's strings,
//! so a rule can underline the offending term. They read text only; rules decide what is wrong.
//! `mail_providers` holds the mail providers' documented MX sets and SPF includes, as data.

pub mod dkim;
pub mod dmarc;
pub mod dmarc_graph;
pub mod mail_providers;
pub mod mta_sts;
pub mod parsed;
mod profile_domain;
pub mod report_uri;
pub mod smtp_tls;
pub mod spf;
pub mod spf_graph;
pub mod tags;
pub mod text_spans;
pub mod tlsrpt;
