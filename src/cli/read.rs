//! Reading the planned inputs into one [`ZoneSet`]: in order with one reader, or, for a run of
//! many files, in consecutive parts on rayon's pool, one reader per part, the parts' sets then
//! joined in order ([`ZoneSet::append`]). Both give the same set, so the report never depends
//! on the number of threads.
//!
//! The run-wide limits (`$GENERATE` records, `$INCLUDE` bytes) stay run-wide: the parts share one
//! [`RunBudget`]. Threads spend it in no fixed order, so when a limit is hit the parts are
//! dropped and the run is read again by one reader, which then refuses exactly what a serial run
//! refuses (a limit was hit, so at most the limit was read before). Prints nothing.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::progress::Progress;
use super::threads;
use crate::zone::{LoadError, RdataOverflow, ReadOptions, Reader, RunBudget, ZoneSet};

/// Parts per thread: parts of equal file counts take unequal times (a big zone, a slow disk),
/// and a thread that is done takes the next part.
const PARTS_PER_THREAD: usize = 4;
/// Fewest files in a part: each part costs a reader and a join.
const MIN_PART_FILES: usize = 8;

/// Where an input's text comes from.
pub(super) enum Text {
    File,
    /// Stdin, already read.
    Stdin(Vec<u8>),
}

/// One input to read, with the origin it is read with.
pub(super) struct Job {
    pub path: PathBuf,
    pub text: Text,
    pub origin: Option<String>,
}

/// What reading the jobs gave.
pub(super) struct Read {
    pub set: ZoneSet,
    /// Per job, in order, whether it could be read (each read job made one zone of `set`).
    /// Shorter than the jobs when `overflow` stopped the reading.
    pub outcomes: Vec<Result<(), LoadError>>,
    /// The run held more record data than a set can address; the jobs from
    /// `outcomes.len()` on were not read.
    pub overflow: Option<RdataOverflow>,
}

/// Reads every job, on the pool when there are many (see [`threads::worth_threads`]).
pub(super) fn read_all(jobs: Vec<Job>, options: &ReadOptions, progress: &Progress) -> Read {
    if threads::worth_threads(jobs.len()) {
        if let Some(read) = read_in_parts(&jobs, options, progress) {
            return read;
        }
        progress.restart();
    }
    let mut reader = Reader::new(options.clone());
    let outcomes = jobs
        .into_iter()
        .map(|job| {
            let Job { path, text, origin } = job;
            reader.set_origin(origin);
            match text {
                Text::File => read_file(&mut reader, &path, progress),
                Text::Stdin(bytes) => reader.read_bytes(&path, bytes),
            }
        })
        .collect();
    Read {
        set: reader.finish(),
        outcomes,
        overflow: None,
    }
}

fn read_file(
    reader: &mut Reader,
    path: &std::path::Path,
    progress: &Progress,
) -> Result<(), LoadError> {
    progress.reading(path);
    let outcome = reader.read_path(path);
    progress.read(path);
    outcome
}

/// Reads consecutive parts of the jobs on the pool and joins them; `None` when a run-wide limit
/// was hit (the caller reads again in order).
fn read_in_parts(jobs: &[Job], options: &ReadOptions, progress: &Progress) -> Option<Read> {
    let parts = (rayon::current_num_threads() * PARTS_PER_THREAD)
        .min(jobs.len().div_ceil(MIN_PART_FILES))
        .max(1);
    let budget = Arc::new(RunBudget::default());
    let read_part = |part: &[Job]| {
        let mut reader = Reader::sharing_budget(options.clone(), Arc::clone(&budget));
        let mut outcomes = Vec::with_capacity(part.len());
        for job in part {
            if budget.exhausted() {
                // This reading is dropped: stop early.
                break;
            }
            reader.set_origin(job.origin.clone());
            outcomes.push(match &job.text {
                Text::File => read_file(&mut reader, &job.path, progress),
                // Copied, not moved: the jobs are read again if a limit is hit.
                Text::Stdin(bytes) => reader.read_bytes(&job.path, bytes.clone()),
            });
        }
        (reader.finish(), outcomes)
    };
    let mut read: Vec<(ZoneSet, Vec<Result<(), LoadError>>)> = jobs
        .par_chunks(jobs.len().div_ceil(parts))
        .map(read_part)
        .collect();
    if budget.exhausted() || read.is_empty() {
        return None;
    }
    let (mut set, mut outcomes) = read.remove(0);
    let (sets, part_outcomes): (Vec<ZoneSet>, Vec<_>) = read.into_iter().unzip();
    set.reserve_for(&sets);
    let mut overflow = None;
    for (part, part_outcomes) in sets.into_iter().zip(part_outcomes) {
        if let Err(e) = set.append(part) {
            overflow = Some(e);
            break;
        }
        outcomes.extend(part_outcomes);
    }
    Some(Read {
        set,
        outcomes,
        overflow,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Zones with `$GENERATE`s, an unreadable input and stdin, enough for the pool.
    fn jobs(dir: &std::path::Path) -> Vec<Job> {
        let mut jobs = Vec::new();
        for i in 0..3 * threads::PARALLEL_FROM_FILES {
            let path = dir.join(format!("z{i}.example.zone"));
            let text = format!(
                "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n$GENERATE 1-3 h$ A 192.0.2.$\nmx{} MX 10 mail\n",
                i % 7
            );
            std::fs::write(&path, text).expect("write");
            jobs.push(Job {
                path,
                text: Text::File,
                origin: (i.is_multiple_of(5)).then(|| format!("o{i}.example.")),
            });
        }
        jobs.insert(
            10,
            Job {
                path: dir.join("missing.zone"),
                text: Text::File,
                origin: None,
            },
        );
        jobs.insert(
            20,
            Job {
                path: dir.join("stdin.example.zone"),
                text: Text::Stdin(b"@ A 192.0.2.1\n$GENERATE 1-2 s$ CNAME @\n".to_vec()),
                origin: None,
            },
        );
        jobs
    }

    /// What one reader makes of the jobs, in order.
    fn serial(jobs: Vec<Job>, options: &ReadOptions) -> String {
        let mut reader = Reader::new(options.clone());
        let outcomes: Vec<bool> = jobs
            .into_iter()
            .map(|job| {
                reader.set_origin(job.origin);
                match job.text {
                    Text::File => reader.read_path(&job.path),
                    Text::Stdin(bytes) => reader.read_bytes(&job.path, bytes),
                }
                .is_ok()
            })
            .collect();
        contents(&reader.finish(), &outcomes)
    }

    fn contents(set: &ZoneSet, outcomes: &[bool]) -> String {
        let names: Vec<String> = (0..u32::try_from(set.names.len()).expect("few"))
            .map(|id| set.names.text(crate::zone::NameId(id)))
            .collect();
        format!(
            "{outcomes:?}\n{names:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            set.records, set.rdata, set.zones, set.diagnostics, set.origins
        )
    }

    fn parallel(jobs: Vec<Job>, options: &ReadOptions) -> String {
        let progress = Progress::for_files(std::iter::empty());
        let read = read_all(jobs, options, &progress);
        assert!(read.overflow.is_none());
        let outcomes: Vec<bool> = read.outcomes.iter().map(Result::is_ok).collect();
        contents(&read.set, &outcomes)
    }

    #[test]
    fn parts_read_on_the_pool_equal_one_reader() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = ReadOptions::default();
        assert_eq!(
            parallel(jobs(dir.path()), &options),
            serial(jobs(dir.path()), &options)
        );
    }

    #[test]
    fn a_run_wide_limit_hit_in_parts_refuses_what_one_reader_refuses() {
        let dir = tempfile::tempdir().expect("temp dir");
        // 3 records per zone: the limit falls in the middle of the run.
        let options = ReadOptions {
            max_generate_total: 100,
            ..ReadOptions::default()
        };
        let expected = serial(jobs(dir.path()), &options);
        assert!(expected.contains("`$GENERATE` lines of this run would produce more than 100"));
        assert_eq!(parallel(jobs(dir.path()), &options), expected);
    }
}
