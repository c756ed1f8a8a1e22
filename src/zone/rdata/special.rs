//! Types with irregular presentation syntax or rules that span fields. Each has its own module
//! with a parser and a formatter; this is the one place that maps type codes to them.

use super::table::SpecialSyntax;
use super::{
    a6, amtrelay, apl, atma, digest, dnssec, doa, hip, ipseckey, isdn, loc, naptr, nsap, nxt, svcb,
    wks,
};
use crate::zone::rtype::RType;

/// The special syntax of `rtype`, if it has one.
#[must_use]
pub fn syntax(rtype: RType) -> Option<&'static SpecialSyntax> {
    Some(match rtype.0 {
        11 => &wks::WKS,
        19 => &isdn::X25,
        20 => &isdn::ISDN,
        22 => &nsap::NSAP,
        24 => &dnssec::SIG,
        46 => &dnssec::RRSIG,
        25 => &dnssec::KEY,
        29 => &loc::LOC,
        30 => &nxt::NXT,
        34 => &atma::ATMA,
        35 => &naptr::NAPTR,
        38 => &a6::A6,
        42 => &apl::APL,
        43 | 59 | 32768 | 32769 => &digest::DS,
        44 => &digest::SSHFP,
        45 => &ipseckey::IPSECKEY,
        48 | 60 => &dnssec::DNSKEY,
        50 => &dnssec::NSEC3,
        55 => &hip::HIP,
        57 => &dnssec::RKEY,
        63 => &digest::ZONEMD,
        64 | 65 => &svcb::SVCB,
        259 => &doa::DOA,
        260 => &amtrelay::AMTRELAY,
        _ => return None,
    })
}
