//! Records → zones: RRsets, the apex, delegation cuts (glue and occluded data told apart), DNAME
//! shadows, and an index over every zone of a run, so a rule can ask which zone is authoritative
//! for a name, whether it exists, which types it has and whether it is an alias, across files.
//!
//! Names outside every zone of the run are [`NameStatus::Unknown`]: the graph never guesses
//! about them.

mod targets;
mod view;

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diag::Severity;
use crate::zone::intern::NameId;
use crate::zone::loader::ZoneSet;
use crate::zone::name;
use crate::zone::rtype::{Class, RType};
use crate::zone::source::FileId;

pub use view::{Mx, NamePlace, Soa, Srv, Strings};

/// Index of a zone in [`Graph::zones`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneId(pub u32);

/// Records of one owner and type in one zone, in source order. Computed on the fly from the
/// zone's sorted record index, so a zone stores four bytes per record for all its RRsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RrSet {
    pub owner: NameId,
    pub rtype: RType,
    pub class: Class,
    /// Range of the zone's sorted record index (see [`Graph::records_of`]).
    start: u32,
    len: u32,
}

impl RrSet {
    /// Number of records in the set.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// One zone: a file given to the reader and its includes.
#[derive(Debug, Clone)]
pub struct Zone {
    /// Index into [`ZoneSet::zones`].
    pub source: usize,
    pub apex: NameId,
    pub class: Class,
    /// Names below the apex that own NS records: delegation points.
    pub cuts: NameSet,
    /// Names that own a DNAME.
    pub dnames: NameSet,
    /// Names that exist only because something exists below them.
    pub empty_non_terminals: NameSet,
    /// Record indices (into [`ZoneSet::records`]) sorted by owner, type, then source order:
    /// RRsets are runs of it, found by binary search.
    sorted: Vec<u32>,
    /// The distinct owners of `sorted`, in its order, and where each one's records start
    /// there (one more entry: the end). A name's RRsets are found by a binary search over
    /// this compact array rather than over records scattered in memory.
    owners: Vec<NameId>,
    owner_starts: Vec<u32>,
    /// For a zone of many owners with dense ids: each owner's position in `owners`, by id, so
    /// that finding a name's RRsets reads one slot instead of binary-searching millions of owners
    /// (a dozen cache misses per lookup, which made the rules grow faster than the zone). Built
    /// by the first lookup: a run that only reads (`--select invalid-syntax`) never holds it.
    owner_slots: OnceLock<OwnerSlots>,
    /// NS targets of the zone that own records somewhere in the run, for telling glue from
    /// occluded data (a target that owns nothing cannot have glue). A [`NameSet`], not a hash
    /// set: asked once per address record below a cut, a TLD's millions of targets in a hash
    /// set cost a cache miss each (the role walk grew 19-23x from 1M to 10M records).
    ns_targets: NameSet,
    /// Whether every entry of the zone's files was read: a zone with reader errors may lack
    /// records that were meant to be there, so the absence of a name proves nothing.
    pub complete: bool,
    /// The most labels of any cut or DNAME owner: an ancestor with more labels cannot be
    /// either, so walks up a name look up only the ancestors at or above this depth.
    max_cut_labels: usize,
}

/// `slots[id - first]` is the position of name `id` in a zone's `owners` plus one (0: the name
/// owns nothing there). Empty for a zone whose owners are few or whose ids are spread thin.
#[derive(Debug, Clone, Default)]
struct OwnerSlots {
    first: u32,
    slots: Vec<u32>,
}

impl OwnerSlots {
    /// Below this many owners the binary search stays in cache.
    const FROM_OWNERS: usize = 4096;

    /// Slots for `owners` (sorted by id), when they take at most twice the memory of the list.
    fn new(owners: &[NameId]) -> OwnerSlots {
        let (Some(first), Some(last)) = (owners.first(), owners.last()) else {
            return OwnerSlots::default();
        };
        let span = (last.0 - first.0) as usize + 1;
        if owners.len() < Self::FROM_OWNERS || span > owners.len() * 2 {
            return OwnerSlots::default();
        }
        let mut slots = vec![0u32; span];
        for (k, owner) in owners.iter().enumerate() {
            slots[(owner.0 - first.0) as usize] = u32::try_from(k + 1).unwrap_or(u32::MAX);
        }
        OwnerSlots {
            first: first.0,
            slots,
        }
    }
}

impl Zone {
    /// The position of `owner` in the zone's `owners`, if it owns records here.
    fn owner_position(&self, owner: NameId) -> Option<usize> {
        let slots = self
            .owner_slots
            .get_or_init(|| OwnerSlots::new(&self.owners));
        if slots.slots.is_empty() {
            return self.owners.binary_search(&owner).ok();
        }
        let k = owner.0.checked_sub(slots.first)? as usize;
        match slots.slots.get(k) {
            Some(&slot) if slot > 0 => Some(slot as usize - 1),
            _ => None,
        }
    }
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
    /// Outside every zone of the run, or absent from a zone that did not read completely
    /// (see [`Zone::complete`]).
    Unknown,
}

/// The record graph of a run.
#[derive(Debug)]
pub struct Graph {
    pub set: ZoneSet,
    zones: Vec<Zone>,
    apexes: FxHashMap<NameId, ZoneId>,
    /// The most labels of any apex: a name is looked up as an apex only from that depth up.
    max_apex_labels: usize,
    /// Bit `n` is set when some apex has `n` labels: only suffixes of those lengths are looked
    /// up as apexes. The zones of a run mostly have apexes of one or two lengths, and rules
    /// follow many targets out of every zone (the mail, CDN and hosting providers' names):
    /// each such lookup then probes the name index once instead of once per suffix.
    apex_label_counts: u128,
    /// By label count, up to `max_apex_labels`: the apex (and its zone) when it is the only one
    /// with that many labels. A suffix of that length is then that apex or none, which comparing
    /// its bytes tells for a tenth of what hashing and probing the name index costs; rules
    /// follow hundreds of thousands of targets out of a run of one or a few zones.
    sole_apex: Vec<Option<(NameId, ZoneId)>>,
    /// Record indices grouped by type, built on first use (most rules look at one or two
    /// types: an MX rule should not walk ten million A records).
    by_type: std::sync::OnceLock<TypeIndex>,
    /// The role of every record (see [`Graph::record_role`]), built on first use: most rules
    /// ask it of every record they look at, and each answer walks the owner's ancestors.
    roles: std::sync::OnceLock<Vec<RecordRole>>,
    /// The RRsets of the types several rules walk in turn (see [`SHARED_SET_TYPES`]), listed
    /// on first use and kept: three NS rules each listing a TLD's NS sets cost a few percent
    /// of the whole run.
    sets_of_type: [std::sync::OnceLock<Vec<ZonedSet>>; SHARED_SET_TYPES.len()],
    /// Facts derived from the graph by later layers (parsed SPF records, the alias map), each
    /// computed once per run and shared by every rule that needs it (see [`Graph::derived`]).
    derived: Facts,
    /// Where each record's target leads (see [`Graph::target_lookup`]).
    targets: targets::Targets,
    /// The same zones at an earlier version, for the change-aware rules (see [`Graph::base`]).
    base: Option<Box<Base>>,
}

/// The earlier version of a run's zones and what to call it in messages (`HEAD~1`, a path).
#[derive(Debug)]
struct Base {
    graph: Graph,
    label: String,
}

type AnyFact = Box<dyn std::any::Any + Send + Sync>;

/// The types whose RRsets [`Graph::rrsets_of_type`] keeps once listed: those that three or
/// more rules walk (the NS rules on a TLD zone, the MX rules on a mail zone).
const SHARED_SET_TYPES: [RType; 2] = [RType::NS, RType::MX];

/// An RRset with the zone it belongs to.
type ZonedSet = (ZoneId, RrSet);

/// How many kinds of derived fact a graph can hold (a dozen are in use).
const FACT_SLOTS: usize = 64;

/// The derived facts of a graph: a fixed table of write-once slots probed by the fact's type.
/// Rules ask for a fact per record, from every core at once, so reading one must take no lock
/// and touch no shared counter: a hit is an atomic load, and the fact is lent for as long as
/// the graph lives (slots are never cleared).
struct Facts([std::sync::OnceLock<(std::any::TypeId, std::sync::OnceLock<AnyFact>)>; FACT_SLOTS]);

impl Default for Facts {
    fn default() -> Self {
        Self(std::array::from_fn(|_| std::sync::OnceLock::new()))
    }
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let held = self.0.iter().filter(|s| s.get().is_some()).count();
        f.debug_struct("Facts").field("held", &held).finish()
    }
}

/// Record indices sorted by type (then source order), and where each type's run starts.
#[derive(Debug, Default)]
struct TypeIndex {
    sorted: Vec<u32>,
    runs: FxHashMap<RType, (u32, u32)>,
}

impl TypeIndex {
    /// A counting sort by type: one pass counts each type's records, a second puts every index
    /// in its type's run (in source order). Linear and sequential, where a comparison sort of ten
    /// million indices by their record's type took half a second and grew faster than the zone.
    fn build(records: &[crate::zone::Record]) -> TypeIndex {
        let mut runs: FxHashMap<RType, (u32, u32)> = FxHashMap::default();
        for record in records {
            runs.entry(record.rtype).or_default().1 += 1;
        }
        // Runs by type number, each starting where the previous ends.
        let mut types: Vec<RType> = runs.keys().copied().collect();
        types.sort_unstable();
        let mut start = 0;
        for rtype in types {
            if let Some(run) = runs.get_mut(&rtype) {
                run.0 = start;
                start += run.1;
            }
        }
        let mut next: FxHashMap<RType, u32> = runs.iter().map(|(&t, &(s, _))| (t, s)).collect();
        let mut sorted = vec![0u32; records.len()];
        for (i, record) in records.iter().enumerate() {
            if let Some(slot) = next.get_mut(&record.rtype) {
                sorted[*slot as usize] = u32::try_from(i).unwrap_or(u32::MAX);
                *slot += 1;
            }
        }
        TypeIndex { sorted, runs }
    }
}

impl Graph {
    /// Builds the graph over everything a reader produced.
    #[must_use]
    pub fn build(mut set: ZoneSet) -> Graph {
        let mut zones = Vec::with_capacity(set.zones.len());
        let mut apexes = FxHashMap::default();
        let broken_files: FxHashSet<FileId> = set
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.span.file)
            .collect();
        for source_index in 0..set.zones.len() {
            let mut zone = build_zone(&mut set, source_index);
            zone.complete = !set.zones[source_index]
                .files
                .iter()
                .any(|f| broken_files.contains(f));
            apexes
                .entry(zone.apex)
                .or_insert(ZoneId(u32::try_from(zones.len()).unwrap_or(u32::MAX)));
            zones.push(zone);
        }
        // One pass over the distinct apexes (every zone's apex is among them) gives the longest,
        // the set of label counts and, per count, the apex when it is the only one.
        let (mut max_apex_labels, mut apex_label_counts) = (0, 0u128);
        let mut by_labels: Vec<(usize, Option<(NameId, ZoneId)>)> = Vec::new();
        for (&apex, &zone) in &apexes {
            let n = label_count(set.names.wire(apex));
            max_apex_labels = max_apex_labels.max(n);
            // (A name has at most 127 labels.)
            apex_label_counts |= u32::try_from(n)
                .ok()
                .and_then(|n| 1u128.checked_shl(n))
                .unwrap_or(0);
            if by_labels.len() <= n {
                by_labels.resize(n + 1, (0, None));
            }
            let (count, sole) = &mut by_labels[n];
            *count += 1;
            *sole = (*count == 1).then_some((apex, zone));
        }
        let sole_apex = by_labels.into_iter().map(|(_, sole)| sole).collect();
        Graph {
            set,
            zones,
            apexes,
            max_apex_labels,
            apex_label_counts,
            sole_apex,
            by_type: std::sync::OnceLock::new(),
            roles: std::sync::OnceLock::new(),
            sets_of_type: std::array::from_fn(|_| std::sync::OnceLock::new()),
            targets: targets::Targets::default(),
            derived: Facts::default(),
            base: None,
        }
    }

    /// Attaches the earlier version of the run's zones (read from git at `--base REV`, or the
    /// old file of `zonelint diff`), called `label` in messages. Zones are matched by apex (see
    /// [`Graph::base_zone`]); a zone the base lacks is new and has no base.
    pub fn set_base(&mut self, base: Graph, label: impl Into<String>) {
        self.base = Some(Box::new(Base {
            graph: base,
            label: label.into(),
        }));
    }

    /// The earlier version of the run's zones, when the run compares against one. The
    /// change-aware rules report nothing without it.
    #[must_use]
    pub fn base(&self) -> Option<&Graph> {
        self.base.as_deref().map(|b| &b.graph)
    }

    /// What the base is called in messages: the revision (`HEAD~1`) or the old file's path.
    #[must_use]
    pub fn base_label(&self) -> Option<&str> {
        self.base.as_deref().map(|b| b.label.as_str())
    }

    /// The zone of the base with the same apex as `zone` (its earlier version), if any.
    #[must_use]
    pub fn base_zone(&self, zone: ZoneId) -> Option<ZoneId> {
        let base = self.base()?;
        let apex = self.set.names.wire(self.zone(zone).apex);
        let id = base.set.names.get(apex)?;
        base.apexes.get(&id).copied()
    }

    /// The zone of this run with the apex of `zone` (a zone of the base): its current version.
    #[must_use]
    pub fn zone_from_base(&self, zone: ZoneId) -> Option<ZoneId> {
        let base = self.base()?;
        let apex = base.set.names.wire(base.zone(zone).apex);
        let id = self.set.names.get(apex)?;
        self.apexes.get(&id).copied()
    }

    #[must_use]
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }

    /// A fact derived from the graph, keyed by its type: built by `build` on first use, then
    /// shared (rules run in parallel; the others wait for the first build instead of
    /// repeating it). Lets `policy` and `rules` cache what they compute without the graph
    /// knowing their types.
    ///
    /// # Panics
    /// If more than [`FACT_SLOTS`] types of fact are asked for: a programming error, which every
    /// test that runs all rules would meet.
    pub fn derived<T: std::any::Any + Send + Sync>(&self, build: impl FnOnce(&Graph) -> T) -> &T {
        use std::hash::BuildHasher;
        let key = std::any::TypeId::of::<T>();
        let start = usize::try_from(rustc_hash::FxBuildHasher.hash_one(key) % FACT_SLOTS as u64)
            .unwrap_or_default();
        let mut build = Some(build);
        for probe in 0..FACT_SLOTS {
            let (id, cell) = self.derived.0[(start + probe) % FACT_SLOTS]
                .get_or_init(|| (key, std::sync::OnceLock::new()));
            if *id != key {
                continue;
            }
            // A build may ask for other facts (other slots); the same fact would deadlock.
            let fact = cell.get_or_init(|| match build.take() {
                Some(build) => Box::new(build(self)) as AnyFact,
                None => unreachable!("a fact is built at most once per call"),
            });
            return fact
                .downcast_ref::<T>()
                .expect("a fact slot holds the type it is keyed by");
        }
        panic!("more than {FACT_SLOTS} kinds of derived fact: raise FACT_SLOTS");
    }

    /// The indices of every record of type `rtype` in the run, in source order.
    #[must_use]
    pub fn records_of_type(&self, rtype: RType) -> &[u32] {
        let index = self
            .by_type
            .get_or_init(|| TypeIndex::build(&self.set.records));
        match index.runs.get(&rtype) {
            Some(&(start, len)) => &index.sorted[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// Every RRset of type `rtype` in the run, with its zone, in the source order of its first
    /// record. Found through the type index: a rule about MX sets never walks the A records.
    ///
    /// Where the type is a good part of a zone (the NS records of a TLD zone), the zone's sorted
    /// index is walked once instead: finding each record's set by binary search costs a few
    /// cache misses per record, which made a rule over two million NS records take a second.
    pub fn rrsets_of_type(&self, rtype: RType) -> impl Iterator<Item = (ZoneId, RrSet)> + '_ {
        // One of the two is empty: the kept list, or a list made for this call.
        let (kept, made): (&[ZonedSet], Vec<ZonedSet>) =
            match SHARED_SET_TYPES.iter().position(|&t| t == rtype) {
                Some(slot) => (
                    self.sets_of_type[slot].get_or_init(|| self.list_rrsets_of_type(rtype)),
                    Vec::new(),
                ),
                None => (&[], self.list_rrsets_of_type(rtype)),
            };
        kept.iter().copied().chain(made)
    }

    /// [`Graph::rrsets_of_type`], listed anew.
    fn list_rrsets_of_type(&self, rtype: RType) -> Vec<ZonedSet> {
        let records = self.records_of_type(rtype);
        let mut out = Vec::new();
        let mut rest = records;
        // Zones hold consecutive ranges of records, so each zone's records of the type are
        // one run of the (source-ordered) type index.
        while let Some(&first) = rest.first() {
            let zone = self.zone_of_record(first as usize);
            let end = self.set.zones[zone.0 as usize].records.end;
            let run = rest.partition_point(|&i| (i as usize) < end);
            let (here, after) = rest.split_at(run);
            rest = after;
            // At most one set per record: reserved once, so a TLD's hundreds of thousands of
            // NS sets are never copied (and touched twice) by the vector doubling.
            out.reserve(here.len());
            let zone_len = self.zone(zone).sorted.len();
            if here.len() * 8 >= zone_len {
                let start = out.len();
                out.extend(
                    self.rrsets(zone)
                        .filter(|set| set.rtype == rtype)
                        .map(|set| (zone, set)),
                );
                out[start..].sort_unstable_by_key(|(z, set)| self.records_of(*z, set)[0]);
            } else {
                out.extend(here.iter().filter_map(|&index| {
                    let set = self.rrset(zone, self.set.records[index as usize].owner, rtype)?;
                    // Each set once: at its first record.
                    (self.records_of(zone, &set).first() == Some(&index)).then_some((zone, set))
                }));
            }
        }
        out
    }

    /// Every zone with its id.
    pub fn zone_ids(&self) -> impl Iterator<Item = (ZoneId, &Zone)> + '_ {
        self.zones
            .iter()
            .enumerate()
            .map(|(i, z)| (ZoneId(u32::try_from(i).unwrap_or(u32::MAX)), z))
    }

    #[must_use]
    pub fn zone(&self, id: ZoneId) -> &Zone {
        &self.zones[id.0 as usize]
    }

    /// The zone a record was read into.
    ///
    /// # Panics
    /// If `record` is not an index into the run's records.
    #[must_use]
    pub fn zone_of_record(&self, record: usize) -> ZoneId {
        // Zones hold consecutive, increasing ranges of records.
        let i = self.set.zones.partition_point(|z| z.records.end <= record);
        ZoneId(u32::try_from(i).unwrap_or(u32::MAX))
    }

    /// The record indices of an RRset, in source order.
    #[must_use]
    pub fn records_of(&self, zone: ZoneId, rrset: &RrSet) -> &[u32] {
        &self.zone(zone).sorted[rrset.start as usize..(rrset.start + rrset.len) as usize]
    }

    /// The zone with the deepest apex at or above `wire` (any case), if any.
    #[must_use]
    pub fn find_zone(&self, wire: &[u8]) -> Option<ZoneId> {
        let suffixes = Suffixes::of(wire);
        self.apex_candidates(&suffixes).find_map(|k| {
            let suffix = suffixes.suffix(wire, k);
            self.apex_named(suffix, suffixes.labels - k, || self.set.names.get(suffix))
                .map(|(_, zone)| zone)
        })
    }

    /// The apex `suffix` names (a name of `labels` labels), with its zone, if it is one.
    /// `id` gives the suffix's id in the name index, asked only when several apexes have
    /// `labels` labels.
    fn apex_named(
        &self,
        suffix: &[u8],
        labels: usize,
        id: impl FnOnce() -> Option<NameId>,
    ) -> Option<(NameId, ZoneId)> {
        if let Some(&Some((apex, zone))) = self.sole_apex.get(labels) {
            let stored = self.set.names.wire(apex);
            // Stored lowercase, as names are mostly written: one memcmp, then the index's own
            // folding (ASCII letters only) for a name written in capitals.
            let same = stored == suffix || stored.eq_ignore_ascii_case(suffix);
            return same.then_some((apex, zone));
        }
        let id = id()?;
        self.apexes.get(&id).map(|&zone| (id, zone))
    }

    /// The RRsets at a name in a zone, sorted by type.
    pub fn rrsets_at(&self, zone: ZoneId, owner: NameId) -> impl Iterator<Item = RrSet> + '_ {
        let zone = self.zone(zone);
        let (start, end) = match zone.owner_position(owner) {
            Some(k) => (
                zone.owner_starts[k] as usize,
                zone.owner_starts[k + 1] as usize,
            ),
            None => (0, 0),
        };
        RrSetIter {
            records: &self.set.records,
            sorted: &zone.sorted,
            pos: start,
            end,
        }
    }

    /// One RRset.
    #[must_use]
    pub fn rrset(&self, zone: ZoneId, owner: NameId, rtype: RType) -> Option<RrSet> {
        self.rrsets_at(zone, owner).find(|s| s.rtype == rtype)
    }

    /// Every RRset of a zone, by owner id then type.
    pub fn rrsets(&self, zone: ZoneId) -> impl Iterator<Item = RrSet> + '_ {
        let sorted = &self.zone(zone).sorted;
        RrSetIter {
            records: &self.set.records,
            sorted,
            pos: 0,
            end: sorted.len(),
        }
    }

    /// Whether a name owns any record in a zone. (Every name of a zone's `owners` owns at least
    /// one record: its position alone answers, without reading the records.)
    fn owns_records(&self, zone: ZoneId, owner: NameId) -> bool {
        self.zone(zone).owner_position(owner).is_some()
    }

    /// What the run knows about a name (wire form, any case).
    #[must_use]
    pub fn lookup(&self, wire: &[u8]) -> NameStatus {
        self.lookup_id(wire).0
    }

    /// [`Graph::lookup`], with the name's id when the lookup met it (always when the name is
    /// authoritative and exists): what a caller would otherwise hash and probe for a second time.
    #[must_use]
    pub fn lookup_id(&self, wire: &[u8]) -> (NameStatus, Option<NameId>) {
        // Each suffix of the name is hashed at most once, and only those that can matter: an
        // apex has at most `max_apex_labels` labels and a cut or DNAME at most the zone's
        // `max_cut_labels`, so a long name below a short apex costs one or two lookups. Rules
        // call this for every target they follow.
        let suffixes = Suffixes::of(wire);
        // The ids of the (at most sixteen) deepest suffixes are kept for a second ask: a small
        // array, cleared on every call, where one per possible label would be a kilobyte.
        let mut ids = [None::<Option<NameId>>; 16];
        let mut id_at = |k: usize| {
            let get = || self.set.names.get(suffixes.suffix(wire, k));
            match ids.get_mut(k) {
                Some(slot) => *slot.get_or_insert_with(get),
                None => get(),
            }
        };
        let Some((zone_id, apex, depth)) = self.apex_candidates(&suffixes).find_map(|k| {
            let (id, zone) =
                self.apex_named(suffixes.suffix(wire, k), suffixes.labels - k, || id_at(k))?;
            Some((zone, id, k))
        }) else {
            return (NameStatus::Unknown, None);
        };
        let zone = self.zone(zone_id);
        // Closest cut or DNAME strictly above (a cut at the name itself also delegates it),
        // the deepest first.
        for level in suffixes.deepest_with_at_most(zone.max_cut_labels)..depth {
            let Some(id) = id_at(level) else { continue };
            let own = if level == 0 { Some(id) } else { None };
            if zone.cuts.contains(&id) {
                let cut = NameStatus::Delegated {
                    zone: zone_id,
                    cut: id,
                };
                return (cut, own);
            }
            if level > 0 && zone.dnames.contains(&id) {
                let dname = NameStatus::BelowDname {
                    zone: zone_id,
                    dname: id,
                };
                return (dname, own);
            }
        }
        let own = if depth == 0 { Some(apex) } else { id_at(0) };
        let exists = own.is_some_and(|id| {
            self.owns_records(zone_id, id) || zone.empty_non_terminals.contains(&id)
        });
        if !exists && !zone.complete {
            // The name may be in an entry the reader could not parse.
            return (NameStatus::Unknown, own);
        }
        let status = NameStatus::Authoritative {
            zone: zone_id,
            exists,
        };
        (status, own)
    }

    /// The suffixes of a name (as [`Suffixes::suffix`] numbers them, the deepest first) that are
    /// as long as some apex.
    fn apex_candidates(&self, suffixes: &Suffixes) -> impl Iterator<Item = usize> + '_ {
        let labels = suffixes.labels;
        (suffixes.deepest_with_at_most(self.max_apex_labels)..=labels)
            .filter(move |&k| (self.apex_label_counts >> (labels - k)) & 1 == 1)
    }

    /// The CNAME record at a name, if the name is in a known zone and is an alias.
    #[must_use]
    pub fn alias_of(&self, wire: &[u8]) -> Option<u32> {
        self.alias_found(self.lookup_id(wire))
    }

    /// The CNAME record at the name a lookup found, if it exists and is an alias.
    fn alias_found(&self, found: (NameStatus, Option<NameId>)) -> Option<u32> {
        let (NameStatus::Authoritative { zone, exists: true }, Some(id)) = found else {
            return None;
        };
        self.rrset(zone, id, RType::CNAME)
            .map(|s| self.records_of(zone, &s)[0])
    }

    /// The types present at a name (in a known zone); empty if the name has no data.
    #[must_use]
    pub fn types_at(&self, wire: &[u8]) -> Vec<RType> {
        let (
            NameStatus::Authoritative { zone, .. }
            | NameStatus::Delegated { zone, .. }
            | NameStatus::BelowDname { zone, .. },
            own,
        ) = self.lookup_id(wire)
        else {
            return Vec::new();
        };
        let Some(id) = own.or_else(|| self.set.names.get(wire)) else {
            return Vec::new();
        };
        self.rrsets_at(zone, id).map(|s| s.rtype).collect()
    }

    /// What a record is within its zone.
    #[must_use]
    pub fn record_role(&self, index: usize) -> RecordRole {
        let roles = self.roles.get_or_init(|| self.all_roles());
        roles[index]
    }

    /// The role of every record: each owner's ancestors are walked once, for all its records.
    fn all_roles(&self) -> Vec<RecordRole> {
        let records = &self.set.records;
        let mut roles = vec![RecordRole::Authoritative; records.len()];
        for (zone_id, zone) in self.zone_ids() {
            let no_cuts = zone.cuts.is_empty() && zone.dnames.is_empty();
            let apex = self.set.names.wire(zone.apex);
            let mut last: Option<(NameId, Option<Above>)> = None;
            for &index in &zone.sorted {
                let r = &records[index as usize];
                let above = match last {
                    Some((owner, above)) if owner == r.owner => above,
                    _ => {
                        let owner = self.set.names.wire(r.owner);
                        let above = if !name::is_subdomain(owner, apex) {
                            None
                        } else if no_cuts {
                            Some(Above::Nothing)
                        } else {
                            Some(self.above(zone_id, r.owner))
                        };
                        last = Some((r.owner, above));
                        above
                    }
                };
                roles[index as usize] = role(r, zone, above);
            }
        }
        roles
    }

    /// The closest delegation or DNAME at or above a name of a zone (strictly above, for a
    /// DNAME), up to the apex.
    fn above(&self, zone_id: ZoneId, owner: NameId) -> Above {
        let zone = self.zone(zone_id);
        let apex_len = self.set.names.wire(zone.apex).len();
        let mut cur = Some(self.set.names.wire(owner));
        let mut labels = cur.map_or(0, label_count);
        let mut at_owner = true;
        while let Some(n) = cur {
            if n.len() <= apex_len {
                break;
            }
            // The owner's id is known; its ancestors are looked up, but only those short
            // enough to be a cut or a DNAME.
            let id = if at_owner {
                Some(owner)
            } else if labels <= zone.max_cut_labels {
                self.set.names.get(n)
            } else {
                None
            };
            labels = labels.saturating_sub(1);
            if let Some(id) = id {
                if zone.cuts.contains(&id) {
                    return Above::Cut { at_owner };
                }
                if !at_owner && zone.dnames.contains(&id) {
                    return Above::Dname;
                }
            }
            at_owner = false;
            cur = name::parent(n);
        }
        Above::Nothing
    }
}

/// What lies above a record's owner in its zone (see [`Graph::above`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Above {
    Nothing,
    /// A delegation cut, at the owner or above it.
    Cut {
        at_owner: bool,
    },
    /// A DNAME strictly above the owner.
    Dname,
}

/// A record's role from what lies above its owner (`None`: the owner is outside the zone).
fn role(r: &crate::zone::Record, zone: &Zone, above: Option<Above>) -> RecordRole {
    match above {
        None => RecordRole::OutOfZone,
        Some(Above::Nothing) => RecordRole::Authoritative,
        Some(Above::Dname) => RecordRole::Occluded,
        Some(Above::Cut { at_owner }) => {
            if at_owner && matches!(r.rtype, RType::NS | RType::DS) {
                RecordRole::Delegation
            } else if matches!(r.rtype, RType::A | RType::AAAA)
                && zone.ns_targets.contains(&r.owner)
            {
                RecordRole::Glue
            } else if at_owner && matches!(r.rtype, RType::NSEC | RType::RRSIG) {
                // NSEC (and its signature) at a cut belongs to the parent (RFC 4035 §2.3).
                RecordRole::Delegation
            } else {
                RecordRole::Occluded
            }
        }
    }
}

/// A set of names (a zone's cuts, its DNAMEs): a sorted vector looked up by binary search, or,
/// when it is large and its ids dense enough, a bitmap with one bit per id from its smallest to
/// its largest. A TLD's three million cuts were a binary search of 13 MB at every lookup, a
/// dozen cache misses that made the rules grow faster than the zone; the bitmap costs one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameSet {
    Sorted(Vec<NameId>),
    Bitmap {
        /// The id of bit 0.
        first: u32,
        bits: Vec<u64>,
        len: usize,
    },
}

impl Default for NameSet {
    fn default() -> Self {
        NameSet::Sorted(Vec::new())
    }
}

impl NameSet {
    /// Below this many names the sorted vector stays in cache: no bitmap.
    const BITMAP_FROM: usize = 4096;

    /// The set of `ids`, which must be sorted and without repeats. A bitmap is used when it takes
    /// at most twice the vector's memory.
    #[must_use]
    pub fn from_sorted(ids: Vec<NameId>) -> NameSet {
        let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
            return NameSet::Sorted(ids);
        };
        let span = (last.0 - first.0) as usize + 1;
        if ids.len() < Self::BITMAP_FROM || span.div_ceil(64) * 8 > ids.len() * 4 * 2 {
            return NameSet::Sorted(ids);
        }
        let mut bits = vec![0u64; span.div_ceil(64)];
        for id in &ids {
            let k = (id.0 - first.0) as usize;
            bits[k / 64] |= 1 << (k % 64);
        }
        NameSet::Bitmap {
            first: first.0,
            bits,
            len: ids.len(),
        }
    }

    #[must_use]
    pub fn contains(&self, id: &NameId) -> bool {
        match self {
            NameSet::Sorted(ids) => ids.binary_search(id).is_ok(),
            NameSet::Bitmap { first, bits, .. } => id.0.checked_sub(*first).is_some_and(|k| {
                let k = k as usize;
                bits.get(k / 64)
                    .is_some_and(|word| word >> (k % 64) & 1 == 1)
            }),
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            NameSet::Sorted(ids) => ids.len(),
            NameSet::Bitmap { len, .. } => *len,
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names in id order.
    pub fn iter(&self) -> impl Iterator<Item = NameId> + '_ {
        let (sorted, bitmap) = match self {
            NameSet::Sorted(ids) => (Some(ids.iter().copied()), None),
            NameSet::Bitmap { first, bits, .. } => {
                let set = bits.iter().enumerate().flat_map(move |(w, &word)| {
                    (0..64)
                        .filter(move |b| word >> b & 1 == 1)
                        .map(move |b| NameId(*first + u32::try_from(w * 64 + b).unwrap_or(0)))
                });
                (None, Some(set))
            }
        };
        sorted
            .into_iter()
            .flatten()
            .chain(bitmap.into_iter().flatten())
    }
}

/// Builds one zone's RRsets, cuts and empty non-terminals.
fn build_zone(set: &mut ZoneSet, source_index: usize) -> Zone {
    let source = &set.zones[source_index];
    let range = source.records.clone();
    let records = &set.records[range.clone()];
    let soa_owner = records
        .iter()
        .find(|r| r.rtype == RType::SOA)
        .map(|r| r.owner);
    let (origin, first_origin, class) =
        (source.origin, source.first_origin_directive, source.class);
    let apex = match soa_owner
        .or(origin)
        .or(first_origin)
        .or_else(|| records.first().map(|r| r.owner))
    {
        Some(a) => a,
        None => set.names.intern(b"\0"),
    };
    let ByOwner {
        sorted,
        mut owners,
        mut owner_starts,
    } = sort_by_owner_and_type(&set.records, range.clone());
    // Records are visited by owner id, so these fill in order: sorted vectors, no hashing.
    // Reserved for the worst case and trimmed after, as `owners` is.
    let mut cuts = Vec::with_capacity(sorted.len());
    let mut dnames = Vec::new();
    let mut ns_targets = Vec::new();
    let apex_wire = set.names.wire(apex).to_vec();
    let mut last_cut = None;
    for &i in &sorted {
        let r = &set.records[i as usize];
        if r.rtype == RType::NS && !r.is_opaque() {
            // Sorted by owner: each cut is met as one run of NS records.
            if r.owner != apex && last_cut != Some(r.owner) {
                cuts.push(r.owner);
                last_cut = Some(r.owner);
            }
            // Only a target inside the zone can have glue here; most targets are elsewhere, and
            // the suffix test spares them a hash lookup.
            let target = r.rdata(&set.rdata);
            if name::ends_with_name(target, &apex_wire)
                && let Some(id) = set.names.get(target)
            {
                ns_targets.push(id);
            }
        }
        if r.rtype.0 == 39 && dnames.last() != Some(&r.owner) {
            dnames.push(r.owner);
        }
    }
    let empty_non_terminals = empty_non_terminals(set, apex, &owners);
    let max_cut_labels = cuts
        .iter()
        .chain(&dnames)
        .map(|&id| label_count(set.names.wire(id)))
        .max()
        .unwrap_or(0);
    // Targets come by owner of their NS records, not by their own id.
    ns_targets.sort_unstable();
    ns_targets.dedup();
    // Trimmed: a large block shrinks in place, and 100,000 small zones keep no slack.
    owners.shrink_to_fit();
    owner_starts.shrink_to_fit();
    cuts.shrink_to_fit();
    Zone {
        source: source_index,
        apex,
        class,
        cuts: NameSet::from_sorted(cuts),
        dnames: NameSet::from_sorted(dnames),
        empty_non_terminals,
        sorted,
        owner_slots: OnceLock::new(),
        owners,
        owner_starts,
        ns_targets: NameSet::from_sorted(ns_targets),
        complete: true,
        max_cut_labels,
    }
}

/// Labels of a wire name, the root not counted (`www.example.com.`: 3).
fn label_count(wire: &[u8]) -> usize {
    let (mut count, mut at) = (0, 0);
    while let Some(&len) = wire.get(at).filter(|&&len| len != 0) {
        count += 1;
        at += 1 + usize::from(len);
    }
    count
}

/// Where each suffix of a wire name starts: suffix `k` is the name without its first `k`
/// labels, so `starts[0]` is the name and `starts[labels]` the root. A wire name has at most 255
/// octets, so an offset fits a byte and there are at most 127 labels; a longer input stops
/// there. (Built for every lookup: small, so that making it costs no call to memset.)
struct Suffixes {
    starts: [u8; Suffixes::MAX + 1],
    labels: usize,
}

impl Suffixes {
    const MAX: usize = 127;

    fn of(wire: &[u8]) -> Self {
        let mut starts = [0u8; Self::MAX + 1];
        let (mut labels, mut at) = (0, 0usize);
        while let Some(&len) = wire.get(at).filter(|&&len| len != 0) {
            let Ok(start) = u8::try_from(at) else { break };
            if labels == Self::MAX {
                break;
            }
            starts[labels] = start;
            labels += 1;
            at += 1 + usize::from(len);
        }
        starts[labels] = u8::try_from(at.min(wire.len())).unwrap_or(u8::MAX);
        Self { starts, labels }
    }

    /// The first suffix (the deepest) with at most `most` labels.
    fn deepest_with_at_most(&self, most: usize) -> usize {
        self.labels.saturating_sub(most)
    }

    fn suffix<'w>(&self, wire: &'w [u8], k: usize) -> &'w [u8] {
        wire.get(usize::from(self.starts[k])..).unwrap_or_default()
    }
}

/// A zone's record indices sorted by (owner, type, index), with its distinct owners in that
/// order and where each one's records start (one more entry: the end).
struct ByOwner {
    sorted: Vec<u32>,
    owners: Vec<NameId>,
    owner_starts: Vec<u32>,
}

impl ByOwner {
    /// `sorted`, sorted by owner, with its owners listed and each owner's records (`records`
    /// holds them) put in type order: one pass over owner groups. `sorted` is assumed to be in
    /// owner order already, and in source order within an owner.
    fn group(records: &[crate::zone::Record], mut sorted: Vec<u32>) -> ByOwner {
        // Reserved for the worst case (an owner per record): capacity never written costs no
        // memory, while growing by doubling touches both copies of a TLD's 300,000 owners.
        let mut owners = Vec::with_capacity(sorted.len());
        let mut owner_starts = Vec::with_capacity(sorted.len() + 1);
        let mut group_start = 0;
        while let Some(&first) = sorted.get(group_start) {
            let owner = records[first as usize].owner;
            let len = sorted[group_start..]
                .iter()
                .take_while(|&&i| records[i as usize].owner == owner)
                .count();
            let group = &mut sorted[group_start..group_start + len];
            if len > 1 {
                group.sort_by_key(|&i| records[i as usize].rtype);
            }
            owners.push(owner);
            owner_starts.push(u32::try_from(group_start).unwrap_or(u32::MAX));
            group_start += len;
        }
        owner_starts.push(u32::try_from(sorted.len()).unwrap_or(u32::MAX));
        ByOwner {
            sorted,
            owners,
            owner_starts,
        }
    }
}

/// Record indices of `range` sorted by (owner, type, index): a counting sort on the owner id
/// (ids are dense), then a stable sort by type inside each owner's (small) group, which also
/// lists the owners. Linear in the number of records, where a comparison sort was the graph's
/// largest cost.
///
/// The counts span only the ids the zone uses (its names were mostly interned while it was
/// read, so they are close together). A zone whose ids are spread thin (a small zone naming
/// hosts that a big zone read earlier named first) is sorted by comparison instead: counting
/// over every name of the run for each of 100,000 small zones made the many-files run quadratic.
fn sort_by_owner_and_type(
    records: &[crate::zone::Record],
    range: std::ops::Range<usize>,
) -> ByOwner {
    let zone = &records[range.clone()];
    // One pass for both ends: each pass reads every record (32 MB at 1M records).
    let Some((low, high)) = zone.iter().fold(None, |ends, r| {
        let id = r.owner.0;
        Some(ends.map_or((id, id), |(low, high): (u32, u32)| {
            (low.min(id), high.max(id))
        }))
    }) else {
        return ByOwner::group(records, Vec::new());
    };
    let span = (high - low) as usize + 1;
    if span > 4 * zone.len() + 1024 {
        let mut sorted: Vec<u32> = range
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        sorted.sort_unstable_by_key(|&i| {
            let r = &records[i as usize];
            (r.owner, r.rtype, i)
        });
        return ByOwner::group(records, sorted);
    }
    let mut starts = vec![0u32; span + 1];
    for r in zone {
        starts[(r.owner.0 - low) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut sorted = vec![0u32; range.len()];
    for i in range {
        let slot = &mut starts[(records[i].owner.0 - low) as usize];
        sorted[*slot as usize] = u32::try_from(i).unwrap_or(u32::MAX);
        *slot += 1;
    }
    drop(starts);
    ByOwner::group(records, sorted)
}

/// Walks runs of equal (owner, type) in a sorted record index.
struct RrSetIter<'a> {
    records: &'a [crate::zone::Record],
    sorted: &'a [u32],
    pos: usize,
    end: usize,
}

impl Iterator for RrSetIter<'_> {
    type Item = RrSet;

    fn next(&mut self) -> Option<RrSet> {
        if self.pos >= self.end {
            return None;
        }
        let first = &self.records[self.sorted[self.pos] as usize];
        let len = self.sorted[self.pos..self.end]
            .iter()
            .take_while(|&&i| {
                let r = &self.records[i as usize];
                r.owner == first.owner && r.rtype == first.rtype
            })
            .count();
        let set = RrSet {
            owner: first.owner,
            rtype: first.rtype,
            class: first.class,
            start: u32::try_from(self.pos).unwrap_or(u32::MAX),
            len: u32::try_from(len).unwrap_or(u32::MAX),
        };
        self.pos += len;
        Some(set)
    }
}

/// Ancestors of owners, up to the apex, that own nothing themselves. `owners` are the zone's
/// owners, sorted by id and without repeats.
fn empty_non_terminals(set: &mut ZoneSet, apex: NameId, owners: &[NameId]) -> NameSet {
    // Whether an ancestor owns records is asked once per owner below another owner: one bit
    // per id, where a binary search over the owners was a dozen cache misses each time.
    let owned = NameSet::from_sorted(owners.to_vec());
    let apex_len = set.names.wire(apex).len();
    // Whether a name is already known empty: one bit per id of the run (150 KB for a 1M-record
    // zone, in cache), where a hash set of the names found was a cache miss per insert.
    let mut ents = Vec::new();
    let mut is_ent: Vec<u64> = Vec::new();
    let mut buf = [0u8; 255];
    // The parent of the owner before: a sibling that follows (`a.x`, then `b.x`) stops at the
    // same parent, owned or already known empty, without hashing it again.
    let mut last_parent = [0u8; 255];
    let mut last_parent_len = 0;
    for &owner in owners {
        let wire = set.names.wire(owner);
        let n = wire.len();
        if n <= apex_len || !name::is_subdomain(wire, set.names.wire(apex)) {
            continue;
        }
        buf[..n].copy_from_slice(wire);
        let mut start = 1 + usize::from(buf[0]);
        if n - start <= apex_len {
            continue;
        }
        if buf[start..n] == last_parent[..last_parent_len] {
            continue;
        }
        last_parent_len = n - start;
        last_parent[..last_parent_len].copy_from_slice(&buf[start..n]);
        // Walk the ancestors strictly between the owner and the apex.
        while n - start > apex_len {
            let id = set.names.intern(&buf[start..n]);
            let (word, bit) = (id.0 as usize / 64, 1u64 << (id.0 % 64));
            if word >= is_ent.len() {
                is_ent.resize((word + 1).next_power_of_two(), 0);
            }
            if owned.contains(&id) || is_ent[word] & bit != 0 {
                break;
            }
            is_ent[word] |= bit;
            ents.push(id);
            start += 1 + usize::from(buf[start]);
        }
    }
    ents.sort_unstable();
    NameSet::from_sorted(ents)
}

#[cfg(test)]
mod tests;

/// A graph of `text` read as the zone `example.com.` (unit tests of the graph and the rules).
#[cfg(test)]
pub(crate) fn test_graph(text: &str) -> Graph {
    let mut reader = crate::zone::Reader::new(crate::zone::ReadOptions {
        origin: Some("example.com.".into()),
        ..crate::zone::ReadOptions::default()
    });
    reader
        .read_bytes("t.zone".as_ref(), text.as_bytes().to_vec())
        .expect("the origin is valid");
    Graph::build(reader.finish())
}
