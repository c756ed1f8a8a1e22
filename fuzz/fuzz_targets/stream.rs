//! Differential: a file read in small chunks (the reader's streaming path for large files)
//! must give the same records, diagnostics and comments as the same bytes read at once.
//! The first input byte picks the chunk size (1 to 64 bytes), so entries, escapes, quotes and
//! parentheses land on every possible chunk boundary.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/reader_invariants.rs"]
mod invariants;
mod sandbox;

fuzz_target!(|data: &[u8]| {
    let path = sandbox::input_path().with_file_name("stream.zone");
    invariants::check_streamed(&path, data, &invariants::options());
});
