//! Arbitrary bytes → reader → graph → dump → field spans: must not panic, hang or blow up,
//! and every span (diagnostic, label, record, comment, field) must lie inside its file.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/reader_invariants.rs"]
mod invariants;
mod sandbox;

fuzz_target!(|data: &[u8]| {
    let graph = invariants::read_and_check(sandbox::input_path(), data, invariants::options());
    // Render a few diagnostics the way the CLI does: the renderers trust the spans.
    let mut human = zonelint::report::human::HumanRenderer::new(&graph.set.sources, false);
    for d in graph.set.diagnostics.iter().take(4) {
        let _ = zonelint::report::human::concise(&graph.set.sources, d);
        let _ = human.render(d);
    }
});
