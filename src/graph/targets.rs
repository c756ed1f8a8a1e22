//! Where each record's target name leads (an MX exchange, an SRV target, the name a CNAME
//! points at), looked up once per run and kept; DNAME, NS and PTR targets are looked up on each
//! ask.
//!
//! A dozen rules follow the same targets: five MX rules each looked up every MX exchange, two
//! SRV rules every SRV target, the alias map and `cname-dangling` every CNAME target. Each
//! [`Graph::lookup_id`] hashes one to three suffixes of the name and probes the name index for
//! each, a cache miss apiece: about 12% of a full check of the 1M-record `mixed` zone went
//! there. The lookups of one type are made together, on the first ask, in source order.

use std::sync::OnceLock;

use crate::graph::{Graph, NameStatus, ZoneId};
use crate::zone::intern::NameId;
use crate::zone::rtype::RType;

/// The types whose targets several rules follow, in the order of [`Targets`]' slots. (The NS
/// rules share their own verdict per distinct target, and no two rules follow PTR or DNAME
/// targets.)
const SHARED_TYPES: [RType; 3] = [RType::MX, RType::SRV, RType::CNAME];

/// What [`Graph::lookup_id`] said of each target of a shared type, in the order of
/// [`Graph::records_of_type`]; filled on first use.
#[derive(Debug, Default)]
pub(super) struct Targets([OnceLock<Vec<Option<Kept>>>; SHARED_TYPES.len()]);

/// A lookup's answer: the name's status, and its id when the lookup met it.
type Found = (NameStatus, Option<NameId>);

/// A [`Found`] in 12 bytes instead of 20 (a 1M-record zone has hundreds of thousands of
/// targets). The id a lookup returns beside a cut or DNAME is that cut or DNAME itself (the
/// target is it), or none (the target is below it), so a flag says which.
#[derive(Debug, Clone, Copy)]
enum Kept {
    Authoritative {
        zone: ZoneId,
        exists: bool,
        own: u32,
    },
    Delegated {
        zone: ZoneId,
        cut: NameId,
        is_cut: bool,
    },
    BelowDname {
        zone: ZoneId,
        dname: NameId,
        is_dname: bool,
    },
    Unknown {
        own: u32,
    },
}

/// `own` of [`Kept`] when the lookup met no id.
const NO_ID: u32 = u32::MAX;

impl Kept {
    fn new((status, own): Found) -> Option<Kept> {
        let raw = match own {
            Some(NameId(NO_ID)) => return None,
            Some(NameId(id)) => id,
            None => NO_ID,
        };
        Some(match status {
            NameStatus::Authoritative { zone, exists } => Kept::Authoritative {
                zone,
                exists,
                own: raw,
            },
            NameStatus::Delegated { zone, cut } if own.is_none() || own == Some(cut) => {
                Kept::Delegated {
                    zone,
                    cut,
                    is_cut: own.is_some(),
                }
            }
            NameStatus::BelowDname { zone, dname } if own.is_none() || own == Some(dname) => {
                Kept::BelowDname {
                    zone,
                    dname,
                    is_dname: own.is_some(),
                }
            }
            NameStatus::Unknown => Kept::Unknown { own: raw },
            NameStatus::Delegated { .. } | NameStatus::BelowDname { .. } => return None,
        })
    }

    fn found(self) -> Found {
        let id = |raw: u32| (raw != NO_ID).then_some(NameId(raw));
        match self {
            Kept::Authoritative { zone, exists, own } => {
                (NameStatus::Authoritative { zone, exists }, id(own))
            }
            Kept::Delegated { zone, cut, is_cut } => {
                (NameStatus::Delegated { zone, cut }, is_cut.then_some(cut))
            }
            Kept::BelowDname {
                zone,
                dname,
                is_dname,
            } => (
                NameStatus::BelowDname { zone, dname },
                is_dname.then_some(dname),
            ),
            Kept::Unknown { own } => (NameStatus::Unknown, id(own)),
        }
    }
}

impl Graph {
    /// The name record `index` points at: an MX exchange, an SRV target, or the target of a
    /// CNAME, DNAME, NS or PTR record; `None` for other types and for rdata that could not be
    /// read.
    #[must_use]
    pub fn target_name(&self, index: usize) -> Option<&[u8]> {
        match self.set.records[index].rtype {
            RType::MX => self.mx(index).map(|mx| mx.exchange),
            RType::SRV => self.srv(index).map(|srv| srv.target),
            _ => self.target(index),
        }
    }

    /// [`Graph::lookup_id`] of [`Graph::target_name`]: what the run knows of the name record
    /// `index` points at, and its id. `None` when the record has no target.
    #[must_use]
    pub fn target_lookup(&self, index: usize) -> Option<Found> {
        let rtype = self.set.records[index].rtype;
        let direct = || self.target_name(index).map(|t| self.lookup_id(t));
        let Some(slot) = SHARED_TYPES.iter().position(|&t| t == rtype) else {
            return direct();
        };
        let records = self.records_of_type(rtype);
        let kept = self.targets.0[slot].get_or_init(|| {
            records
                .iter()
                .map(|&i| Kept::new(self.target_name(i as usize).map(|t| self.lookup_id(t))?))
                .collect()
        });
        let at = records.binary_search(&u32::try_from(index).ok()?).ok()?;
        // `None` is also kept for an answer that does not fit (see `Kept::new`): asked again.
        kept[at].map(Kept::found).or_else(direct)
    }

    /// [`Graph::alias_of`] the target of record `index`: the CNAME record at the name it points
    /// at, if that name exists and is an alias.
    #[must_use]
    pub fn target_alias(&self, index: usize) -> Option<u32> {
        self.alias_found(self.target_lookup(index)?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn kept_answers_take_twelve_bytes() {
        assert!(std::mem::size_of::<Option<super::Kept>>() <= 12);
    }
}
