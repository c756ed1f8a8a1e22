//! How many threads a run uses: `--threads` sets rayon's global pool (the rules use it too),
//! and [`worth_threads`] decides whether a step over many files starts the pool at all.
//!
//! Starting the pool spawns a thread per core, and a check of one zone from a pre-commit hook
//! has 1.5 ms in all, so a step goes parallel only from [`PARALLEL_FROM_FILES`] files on.
//! Measured on 2 cores with 50-record zones, reading only: 32 files take as long either way
//! (4–5 ms), 128 files 8.6 ms in parallel against 10.8 ms on one thread; on a machine whose
//! other core is busy, parallel reading loses a little at any size (the parts' join costs
//! about a tenth of the reading).

use rayon::prelude::*;

/// Files from which reading (and the other per-file steps) is spread over the pool.
pub(super) const PARALLEL_FROM_FILES: usize = 64;

/// Sets the size of rayon's global pool when `--threads` is given (0: one per core, rayon's
/// default, as when it is not given).
pub(super) fn init(threads: Option<usize>) {
    if let Some(n) = threads.filter(|&n| n > 0) {
        // This fails only if the pool was built before, and each process runs one command,
        // which calls this before any parallel work: there is nothing to report.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

/// Whether `files` files are enough work to spread over threads, and there is more than one.
/// Below [`PARALLEL_FROM_FILES`] the pool is not started.
pub(super) fn worth_threads(files: usize) -> bool {
    files >= PARALLEL_FROM_FILES && rayon::current_num_threads() > 1
}

/// `f` of each item, in order: on the pool when there are many (see [`worth_threads`]), for
/// steps that cost system calls per file (canonical paths).
pub(super) fn map_files<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if worth_threads(items.len()) {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}
