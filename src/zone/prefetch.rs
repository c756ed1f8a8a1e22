//! A cache prefetch hint: the one place zonelint uses `unsafe`.
//!
//! Interning a new owner name waits on one random read of the name index, and on this project's
//! machines (virtual, with nested page tables) such a read costs 150-300 ns, about a sixth of
//! the time a record takes to read. The reader knows the next owner before it parses the
//! current record, and asks for its place in the index then; by the time it interns the name,
//! the line is in cache. Safe Rust has no prefetch: an ordinary early read would stall the
//! processor just the same once its reorder window fills.

/// Asks the processor to bring the cache line holding `item` close. A hint: it changes no value
/// the program can see, and on other architectures it does nothing.
#[inline]
#[allow(unsafe_code)]
pub fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` is unsafe only because it is a `#[target_feature(enable = "sse")]`
    // function; SSE is part of the x86_64 baseline, so every processor this code runs on has it
    // (and the compiler enables it for every x86_64 target). PREFETCHT0 does not read or write
    // program-visible memory and never faults, whatever the address; here the address is that
    // of a live reference anyway.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
            std::ptr::from_ref(item).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

#[cfg(test)]
mod tests {
    use super::prefetch;

    #[test]
    fn prefetching_changes_nothing() {
        let values: Vec<u64> = (0..1024).collect();
        for v in &values {
            prefetch(v);
        }
        prefetch(&values[1023]);
        let unit = ();
        prefetch(&unit);
        assert!(values.iter().copied().eq(0..1024));
    }
}
