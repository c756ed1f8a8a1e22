#!/usr/bin/env bash
# The slow robustness checks in one command: seeds the corpus, runs the `reader` fuzz target
# for N seconds (default 1800) in one process (one core), then the ignored (slow) robustness tests.
#
# usage: fuzz/run.sh [seconds] [target]      e.g. fuzz/run.sh 60, fuzz/run.sh 600 roundtrip
# Needs `cargo install cargo-fuzz`; runs on the stable toolchain through RUSTC_BOOTSTRAP=1.
# A crash lands in fuzz/artifacts/<target>/: minimise it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin <target> fuzz/artifacts/<target>/crash-…
# and save it as tests/fixtures/crashes/<name>.zone (tests/robustness.rs replays that folder).
set -euo pipefail
seconds="${1:-1800}"
target="${2:-reader}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
command -v cargo-fuzz >/dev/null || { echo "run.sh: install cargo-fuzz first: cargo install cargo-fuzz" >&2; exit 2; }
./seed.sh "$target"
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=10 \
    -dict="$here/zone.dict"
cd ..
cargo test --test robustness -- --include-ignored
