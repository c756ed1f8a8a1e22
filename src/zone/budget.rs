//! The run-wide limits of the reader (records made by all `$GENERATE`s, bytes read by all
//! `$INCLUDE`s) as counters that the readers of one run share: a run read in parts on several
//! threads stays bounded as a whole, not per part. Knows nothing of files or parsing.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// What a run has used of its limits so far.
///
/// One reader alone sees exactly the counts it would keep in plain integers. Readers sharing a
/// budget each see every other reader's use too, in whatever order the threads run, so the first
/// to pass a limit is not defined; [`RunBudget::exhausted`] tells the caller that a limit was
/// hit, and so that the parts may differ from one reader's reading (see `cli::read`, which then
/// reads again with one reader).
#[derive(Debug, Default)]
pub struct RunBudget {
    generated: AtomicU64,
    included: AtomicU64,
    exhausted: AtomicBool,
}

impl RunBudget {
    /// Takes `count` generated records if the total stays within `limit`; the total is
    /// unchanged otherwise (a later, smaller `$GENERATE` may still fit).
    pub fn take_generated(&self, count: u64, limit: u64) -> bool {
        let taken = self
            .generated
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(count).filter(|&total| total <= limit)
            })
            .is_ok();
        if !taken {
            self.exhausted.store(true, Ordering::Relaxed);
        }
        taken
    }

    /// Counts `bytes` read by an `$INCLUDE`, and whether the total is still within `limit`.
    /// The bytes count even when refused: they were read, and every later include is refused
    /// too.
    pub fn take_included(&self, bytes: u64, limit: u64) -> bool {
        let total = self
            .included
            .fetch_add(bytes, Ordering::Relaxed)
            .saturating_add(bytes);
        let within = total <= limit;
        if !within {
            self.exhausted.store(true, Ordering::Relaxed);
        }
        within
    }

    /// Whether some `$GENERATE` or `$INCLUDE` was refused for a run-wide limit.
    #[must_use]
    pub fn exhausted(&self) -> bool {
        self.exhausted.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_records_are_refused_past_the_limit_only() {
        let budget = RunBudget::default();
        assert!(budget.take_generated(6, 10));
        assert!(!budget.take_generated(5, 10));
        assert!(budget.exhausted());
        // The refused count was not taken: a smaller one still fits.
        assert!(budget.take_generated(4, 10));
        assert!(!budget.take_generated(1, 10));
    }

    #[test]
    fn included_bytes_count_even_when_refused() {
        let budget = RunBudget::default();
        assert!(budget.take_included(6, 10));
        assert!(!budget.exhausted());
        assert!(!budget.take_included(5, 10));
        assert!(!budget.take_included(0, 10));
        assert!(budget.exhausted());
    }
}
