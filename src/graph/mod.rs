//! Records → zones: RRsets, the apex, delegation cuts (glue and occluded data told apart), DNAME
//! shadows, and an index over every zone of a run, so a rule can ask which zone is authoritative
//! for a name, whether it exists, which types it has and whether it is an alias, across files.
//!
//! Names outside every zone of the run are [`NameStatus::Unknown`]: the graph never guesses
//! about them.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::zone::intern::NameId;
use crate::zone::loader::ZoneSet;
use crate::zone::name;
use crate::zone::rtype::{Class, RType};

/// Index of a zone in [`Graph::zones`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneId(pub u32);

/// Records of one owner and type in one zone, in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RrSet {
    pub owner: NameId,
    pub rtype: RType,
    pub class: Class,
    /// Indices into [`ZoneSet::records`].
    pub records: Vec<u32>,
}

/// One zone: a file given to the reader and its includes.
#[derive(Debug, Clone)]
pub struct Zone {
    /// Index into [`ZoneSet::zones`].
    pub source: usize,
    pub apex: NameId,
    pub class: Class,
    /// Names below the apex that own NS records: delegation points.
    pub cuts: FxHashSet<NameId>,
    /// Names that own a DNAME.
    pub dnames: FxHashSet<NameId>,
    /// Names that exist only because something exists below them.
    pub empty_non_terminals: FxHashSet<NameId>,
    rrsets: Vec<RrSet>,
    /// Owner → range of `rrsets` (sorted by owner then type).
    by_owner: FxHashMap<NameId, (u32, u32)>,
    /// NS targets of the zone (lowercase wire), for telling glue from occluded data.
    ns_targets: FxHashSet<Vec<u8>>,
}

/// What a record is within its zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordRole {
    /// Ordinary authoritative data.
    Authoritative,
    /// NS (or DS) at a delegation point: the parent's side of the cut.
    Delegation,
    /// An address record at or below a cut that an NS of the zone names: glue.
    Glue,
    /// Other data at or below a cut, or below a DNAME: never served.
    Occluded,
    /// Owner not at or below the apex.
    OutOfZone,
}

/// What the run knows about a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameStatus {
    /// In a zone of the run, served by it; `exists` says whether it has data or children.
    Authoritative { zone: ZoneId, exists: bool },
    /// At or below a delegation cut of the zone (and no zone of the run is the child).
    Delegated { zone: ZoneId, cut: NameId },
    /// Below a DNAME: rewritten, never served as is.
    BelowDname { zone: ZoneId, dname: NameId },
    /// Outside every zone of the run.
    Unknown,
}

/// The record graph of a run.
#[derive(Debug)]
pub struct Graph {
    pub set: ZoneSet,
    zones: Vec<Zone>,
    /// Zone of each record (parallel to `set.records`).
    record_zone: Vec<u32>,
    apexes: FxHashMap<NameId, ZoneId>,
}

fn lower(wire: &[u8]) -> Vec<u8> {
    wire.to_ascii_lowercase()
}

impl Graph {
    /// Builds the graph over everything a reader produced.
    #[must_use]
    pub fn build(mut set: ZoneSet) -> Graph {
        let mut zones = Vec::with_capacity(set.zones.len());
        let mut record_zone = vec![0u32; set.records.len()];
        let mut apexes = FxHashMap::default();
        for (source_index, source) in set.zones.iter().enumerate() {
            let records = &set.records[source.records.clone()];
            let soa_owner = records.iter().find(|r| r.rtype == RType::SOA).map(|r| r.owner);
            let apex = soa_owner
                .or(source.origin)
                .or(source.first_origin_directive)
                .or_else(|| records.first().map(|r| r.owner))
                .unwrap_or_else(|| set.names.intern(b"\0"));
            let zone_id = ZoneId(u32::try_from(zones.len()).unwrap_or(u32::MAX));
            apexes.entry(apex).or_insert(zone_id);
            for i in source.records.clone() {
                record_zone[i] = zone_id.0;
            }
            let mut order: Vec<u32> = source.records.clone().map(|i| i as u32).collect();
            order.sort_by_key(|&i| {
                let r = &set.records[i as usize];
                (r.owner, r.rtype)
            });
            let mut rrsets: Vec<RrSet> = Vec::new();
            let mut by_owner: FxHashMap<NameId, (u32, u32)> = FxHashMap::default();
            let mut cuts = FxHashSet::default();
            let mut dnames = FxHashSet::default();
            let mut ns_targets = FxHashSet::default();
            for &i in &order {
                let r = &set.records[i as usize];
                match rrsets.last_mut() {
                    Some(last) if last.owner == r.owner && last.rtype == r.rtype => last.records.push(i),
                    _ => {
                        let idx = rrsets.len() as u32;
                        by_owner.entry(r.owner).and_modify(|e| e.1 = idx + 1).or_insert((idx, idx + 1));
                        rrsets.push(RrSet { owner: r.owner, rtype: r.rtype, class: r.class, records: vec![i] });
                    }
                }
                if r.rtype == RType::NS && !r.is_opaque() {
                    if r.owner != apex {
                        cuts.insert(r.owner);
                    }
                    ns_targets.insert(lower(r.rdata(&set.rdata)));
                }
                if r.rtype.0 == 39 {
                    dnames.insert(r.owner);
                }
            }
            // Empty non-terminals: ancestors of owners, up to the apex, that own nothing.
            let apex_wire = set.names.wire(apex).to_vec();
            let owners: Vec<NameId> = by_owner.keys().copied().collect();
            let mut ents = FxHashSet::default();
            for owner in owners {
                let wire = set.names.wire(owner).to_vec();
                if !name::is_subdomain(&wire, &apex_wire) {
                    continue;
                }
                let mut cur = name::parent(&wire);
                while let Some(p) = cur {
                    if p.len() < apex_wire.len() {
                        break;
                    }
                    let id = set.names.intern(p);
                    if by_owner.contains_key(&id) || !ents.insert(id) {
                        break;
                    }
                    if p == apex_wire.as_slice() {
                        break;
                    }
                    cur = name::parent(p);
                }
            }
            zones.push(Zone {
                source: source_index,
                apex,
                class: source.class,
                cuts,
                dnames,
                empty_non_terminals: ents,
                rrsets,
                by_owner,
                ns_targets,
            });
        }
        Graph { set, zones, record_zone, apexes }
    }

    #[must_use]
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }

    #[must_use]
    pub fn zone(&self, id: ZoneId) -> &Zone {
        &self.zones[id.0 as usize]
    }

    /// The zone a record was read into.
    #[must_use]
    pub fn zone_of_record(&self, record: usize) -> ZoneId {
        ZoneId(self.record_zone[record])
    }

    /// The zone with the deepest apex at or above `wire` (any case), if any.
    #[must_use]
    pub fn find_zone(&self, wire: &[u8]) -> Option<ZoneId> {
        let wire = lower(wire);
        let mut cur = Some(wire.as_slice());
        while let Some(n) = cur {
            if let Some(id) = self.set.names.get(n)
                && let Some(&z) = self.apexes.get(&id)
            {
                return Some(z);
            }
            cur = name::parent(n);
        }
        None
    }

    /// The RRsets at a name in a zone, sorted by type.
    #[must_use]
    pub fn rrsets_at(&self, zone: ZoneId, owner: NameId) -> &[RrSet] {
        let z = self.zone(zone);
        z.by_owner.get(&owner).map_or(&[], |&(a, b)| &z.rrsets[a as usize..b as usize])
    }

    /// One RRset.
    #[must_use]
    pub fn rrset(&self, zone: ZoneId, owner: NameId, rtype: RType) -> Option<&RrSet> {
        self.rrsets_at(zone, owner).iter().find(|s| s.rtype == rtype)
    }

    /// Every RRset of a zone, sorted by owner id then type.
    #[must_use]
    pub fn rrsets(&self, zone: ZoneId) -> &[RrSet] {
        &self.zone(zone).rrsets
    }

    /// What the run knows about a name (wire form, any case).
    #[must_use]
    pub fn lookup(&self, wire: &[u8]) -> NameStatus {
        let Some(zone_id) = self.find_zone(wire) else { return NameStatus::Unknown };
        let zone = self.zone(zone_id);
        let wire = lower(wire);
        let apex_len = self.set.names.wire(zone.apex).len();
        // Closest cut or DNAME strictly above (a cut at the name itself also delegates it).
        let mut cur = Some(wire.as_slice());
        let mut first = true;
        while let Some(n) = cur {
            if n.len() <= apex_len {
                break;
            }
            if let Some(id) = self.set.names.get(n) {
                if zone.cuts.contains(&id) {
                    return NameStatus::Delegated { zone: zone_id, cut: id };
                }
                if !first && zone.dnames.contains(&id) {
                    return NameStatus::BelowDname { zone: zone_id, dname: id };
                }
            }
            first = false;
            cur = name::parent(n);
        }
        let exists = self
            .set
            .names
            .get(&wire)
            .is_some_and(|id| zone.by_owner.contains_key(&id) || zone.empty_non_terminals.contains(&id));
        NameStatus::Authoritative { zone: zone_id, exists }
    }

    /// The CNAME record at a name, if the name is in a known zone and is an alias.
    #[must_use]
    pub fn alias_of(&self, wire: &[u8]) -> Option<u32> {
        let NameStatus::Authoritative { zone, exists: true } = self.lookup(wire) else { return None };
        let id = self.set.names.get(&lower(wire))?;
        self.rrset(zone, id, RType::CNAME).map(|s| s.records[0])
    }

    /// The types present at a name (in a known zone); empty if the name has no data.
    #[must_use]
    pub fn types_at(&self, wire: &[u8]) -> Vec<RType> {
        let (NameStatus::Authoritative { zone, .. } | NameStatus::Delegated { zone, .. } | NameStatus::BelowDname { zone, .. }) = self.lookup(wire) else {
            return Vec::new();
        };
        let Some(id) = self.set.names.get(&lower(wire)) else { return Vec::new() };
        self.rrsets_at(zone, id).iter().map(|s| s.rtype).collect()
    }

    /// What a record is within its zone.
    #[must_use]
    pub fn record_role(&self, index: usize) -> RecordRole {
        let r = &self.set.records[index];
        let zone_id = self.zone_of_record(index);
        let zone = self.zone(zone_id);
        let owner = self.set.names.wire(r.owner);
        let apex = self.set.names.wire(zone.apex);
        if !name::is_subdomain(owner, apex) {
            return RecordRole::OutOfZone;
        }
        let mut cur = Some(owner);
        let mut at_owner = true;
        while let Some(n) = cur {
            if n.len() <= apex.len() {
                break;
            }
            if let Some(id) = self.set.names.get(n) {
                if zone.cuts.contains(&id) {
                    if at_owner && matches!(r.rtype, RType::NS | RType::DS) {
                        return RecordRole::Delegation;
                    }
                    if matches!(r.rtype, RType::A | RType::AAAA) && zone.ns_targets.contains(owner) {
                        return RecordRole::Glue;
                    }
                    // NSEC (and its signature) at a cut belongs to the parent (RFC 4035 §2.3).
                    if at_owner && matches!(r.rtype, RType::NSEC | RType::RRSIG) {
                        return RecordRole::Delegation;
                    }
                    return RecordRole::Occluded;
                }
                if !at_owner && zone.dnames.contains(&id) {
                    return RecordRole::Occluded;
                }
            }
            at_owner = false;
            cur = name::parent(n);
        }
        RecordRole::Authoritative
    }
}

#[cfg(test)]
mod tests;
