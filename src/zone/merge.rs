//! Joining the [`ZoneSet`]s of readers that each read a consecutive part of a run's inputs, so
//! that the parts can be read on several threads. The result is exactly what one reader reading
//! every input in the same order makes: the same file ids, name ids, record order, rdata
//! offsets and diagnostic order. Reads no file.
//!
//! One reader numbers files and names in the order it meets them. The later part's files
//! therefore come after the earlier part's, and its names are interned again in its own id
//! order: a name both parts know keeps the earlier id, a new one takes the next free id, as it
//! would have on first sight. Every id and offset of the later part is then moved.

use crate::zone::intern::NameId;
use crate::zone::loader::ZoneSet;
use crate::zone::source::{FileId, Span};

/// The record data of a run would not fit the `u32` offsets of [`crate::zone::Record`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the record data of this run would take {bytes} bytes, more than the {limit} one run can hold"
)]
pub struct RdataOverflow {
    pub bytes: u64,
    pub limit: u64,
}

/// The most rdata bytes one run can hold: offsets are `u32`.
const MAX_RDATA: usize = u32::MAX as usize;

/// `span` in a file whose id grew by `files`.
fn moved(span: Span, files: u32) -> Span {
    Span {
        file: FileId(span.file.0.saturating_add(files)),
        ..span
    }
}

impl ZoneSet {
    /// Makes room for `later` parts, so that appending them does not grow each vector many
    /// times (a run of many small zones has millions of records).
    pub fn reserve_for(&mut self, later: &[ZoneSet]) {
        let sum = |f: fn(&ZoneSet) -> usize| later.iter().map(f).sum::<usize>();
        self.records.reserve(sum(|s| s.records.len()));
        self.rdata.reserve(sum(|s| s.rdata.len()));
        self.zones.reserve(sum(|s| s.zones.len()));
        self.comments.reserve(sum(|s| s.comments.len()));
        self.diagnostics.reserve(sum(|s| s.diagnostics.len()));
        self.origins.reserve(sum(|s| s.origins.len()));
        self.names.reserve(sum(|s| s.names.len()));
    }

    /// Appends what a reader made of the inputs that follow this set's, as if one reader had
    /// read them all in order.
    ///
    /// # Errors
    /// When the run's rdata would pass 4 GiB; `self` is then unchanged.
    pub fn append(&mut self, later: ZoneSet) -> Result<(), RdataOverflow> {
        self.append_within(later, MAX_RDATA)
    }

    fn append_within(&mut self, later: ZoneSet, max_rdata: usize) -> Result<(), RdataOverflow> {
        let bytes = self.rdata.len().saturating_add(later.rdata.len());
        if bytes > max_rdata {
            return Err(RdataOverflow {
                bytes: bytes as u64,
                limit: max_rdata as u64,
            });
        }
        // Fits: `bytes` does. Record indexes are `u32` in `origins` as the reader stores them
        // (2^32 records would take 160 GiB).
        let rdata_shift = u32::try_from(self.rdata.len()).unwrap_or(u32::MAX);
        let record_shift = self.records.len();
        let record_shift_u32 = u32::try_from(record_shift).unwrap_or(u32::MAX);
        let files = self.sources.append(later.sources);
        // The later table's ids in its own order: the order in which one reader would have met
        // them (a name it knew already keeps its id).
        let name_count = u32::try_from(later.names.len()).unwrap_or(u32::MAX);
        let ids: Vec<NameId> = (0..name_count)
            .map(|id| self.names.intern(later.names.wire(NameId(id))))
            .collect();
        // Every id of the later set came from its own table, which `ids` covers whole.
        let name = |id: NameId| ids[id.0 as usize];

        self.records
            .extend(later.records.into_iter().map(|mut record| {
                record.owner = name(record.owner);
                record.span = moved(record.span, files);
                record.rdata_offset += rdata_shift;
                record
            }));
        self.rdata.extend_from_slice(&later.rdata);
        self.zones.extend(later.zones.into_iter().map(|mut zone| {
            zone.file = FileId(zone.file.0.saturating_add(files));
            zone.origin = zone.origin.map(name);
            zone.first_origin_directive = zone.first_origin_directive.map(name);
            zone.records = zone.records.start + record_shift..zone.records.end + record_shift;
            for file in &mut zone.files {
                file.0 = file.0.saturating_add(files);
            }
            zone
        }));
        self.comments
            .extend(later.comments.into_iter().map(|span| moved(span, files)));
        // One reader records an origin only when it differs from the one before, across files
        // too: the later part's first entry goes if it repeats this set's last.
        for (first, origin) in later.origins {
            let origin = origin.map(name);
            if self.origins.last().is_none_or(|&(_, o)| o != origin) {
                self.origins
                    .push((first.saturating_add(record_shift_u32), origin));
            }
        }
        self.diagnostics
            .extend(later.diagnostics.into_iter().map(|mut d| {
                d.span = moved(d.span, files);
                for label in d.labels_mut() {
                    label.span = moved(label.span, files);
                }
                d
            }));
        // As `Reader::finish` orders them. The later files all come after this set's, so the
        // whole is already in order and the (stable) sort only checks it.
        self.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::zone::budget::RunBudget;
    use crate::zone::{ReadOptions, Reader};

    /// Zones that share names, `$INCLUDE` one file, `$GENERATE`, change origins and hold errors.
    fn tree() -> (tempfile::TempDir, Vec<(PathBuf, Option<String>)>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let files: &[(&str, &str)] = &[
            (
                "a.example.zone",
                "$TTL 300\n@ SOA ns.shared.example. hm 1 2 3 4 5 ; serial\n@ NS ns.shared.example.\n\
                 $INCLUDE inc/mx.inc\nwww A 192.0.2.1\n",
            ),
            (
                "inc/mx.inc",
                "@ MX 10 mail.shared.example.\nMail A 192.0.2.2\n",
            ),
            (
                "b.example.zone",
                "$TTL 300\n@ SOA ns.shared.example. hm 1 2 3 4 5\n$GENERATE 1-4 host$ A 192.0.2.$\n\
                 bad A 300.1.1.1\n$ORIGIN sub.b.example.\nx TXT \"v=spf1 -all\"\n",
            ),
            (
                "c.zone",
                "$ORIGIN c.example.\n$TTL 60\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE inc/mx.inc\n\
                 ( unclosed\n$INCLUDE missing.inc\nWWW.a.example. CNAME www.b.example.\n",
            ),
            (
                "shared.example.zone",
                "$TTL 300\n@ SOA ns hm 1 2 3 4 5\nns A 192.0.2.53\nmail A 192.0.2.25\n",
            ),
            (
                "d.example.zone",
                "www A 192.0.2.9\n$GENERATE 1-2 g$ CNAME www\n",
            ),
        ];
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("dirs");
            std::fs::write(&path, text).expect("write");
        }
        let inputs = [
            ("a.example.zone", None),
            ("b.example.zone", None),
            // Starts with the origin the file before ends with: one entry in `origins`.
            ("d.example.zone", Some("sub.b.example.")),
            ("c.zone", None),
            ("shared.example.zone", None),
            // The same zone again under another origin: names both known and new.
            ("a.example.zone", Some("other.example.")),
            ("d.example.zone", Some("b.example.")),
        ]
        .into_iter()
        .map(|(name, origin)| (dir.path().join(name), origin.map(str::to_owned)))
        .collect();
        (dir, inputs)
    }

    fn read(inputs: &[(PathBuf, Option<String>)], budget: &Arc<RunBudget>) -> ZoneSet {
        let mut reader = Reader::sharing_budget(ReadOptions::default(), Arc::clone(budget));
        for (path, origin) in inputs {
            reader.set_origin(origin.clone());
            reader.read_path(path).expect("readable");
        }
        reader.finish()
    }

    /// Everything a set holds, in a comparable form.
    fn contents(set: &ZoneSet) -> String {
        let names: Vec<String> = (0..u32::try_from(set.names.len()).expect("few"))
            .map(|id| set.names.text(NameId(id)))
            .collect();
        let sources: Vec<(&Path, Option<Span>)> = set
            .sources
            .files()
            .iter()
            .map(|f| (f.path(), f.included_from()))
            .collect();
        format!(
            "names {names:?}\nsources {sources:?}\nrecords {:?}\nrdata {:?}\nzones {:?}\n\
             comments {:?}\ndiagnostics {:#?}\norigins {:?}\n",
            set.records, set.rdata, set.zones, set.comments, set.diagnostics, set.origins
        )
    }

    #[test]
    fn parts_appended_equal_one_reader() {
        let (_dir, inputs) = tree();
        let whole = read(&inputs, &Arc::default());
        assert!(whole.diagnostics.len() >= 3, "{:?}", whole.diagnostics);
        assert!(whole.zones.iter().any(|z| z.files.len() > 1));
        let expected = contents(&whole);
        for cut in 0..=inputs.len() {
            for second in cut..=inputs.len() {
                let budget = Arc::default();
                let mut set = read(&inputs[..cut], &budget);
                let parts = [
                    read(&inputs[cut..second], &budget),
                    read(&inputs[second..], &budget),
                ];
                set.reserve_for(&parts);
                for part in parts {
                    set.append(part).expect("small");
                }
                assert_eq!(contents(&set), expected, "parts cut at {cut} and {second}");
            }
        }
    }

    #[test]
    fn too_much_rdata_leaves_the_set_unchanged() {
        let (_dir, inputs) = tree();
        let mut set = read(&inputs[..1], &Arc::default());
        let before = contents(&set);
        let later = read(&inputs[1..], &Arc::default());
        let limit = set.rdata.len() + later.rdata.len() - 1;
        let e = set.append_within(later, limit).expect_err("over the limit");
        assert_eq!(e.limit, limit as u64);
        assert_eq!(contents(&set), before);
    }

    #[test]
    fn readers_sharing_a_budget_see_each_others_use() {
        let (_dir, inputs) = tree();
        let options = ReadOptions {
            max_generate_total: 5,
            ..ReadOptions::default()
        };
        let budget: Arc<RunBudget> = Arc::default();
        let mut first = Reader::sharing_budget(options.clone(), Arc::clone(&budget));
        first.read_path(&inputs[1].0).expect("readable");
        assert!(!budget.exhausted(), "4 of 5 records");
        let mut second = Reader::sharing_budget(options, Arc::clone(&budget));
        second.read_path(&inputs[2].0).expect("readable");
        assert!(budget.exhausted(), "2 more pass the run's 5");
    }
}
