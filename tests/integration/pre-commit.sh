#!/usr/bin/env bash
# The pre-commit integration, with the real `pre-commit` tool: a throw-away zone repository runs
# this repository's `zonelint-system` hook (`pre-commit try-repo`) and must pass on a good zone,
# then fail, naming the file, once a bad zone is added.
#
#   tests/integration/pre-commit.sh
#
# zonelint is built with `cargo build` (debug, into $CARGO_TARGET_DIR or target/) unless ZONELINT
# names a binary. pre-commit comes from PyPI into a venv under the target directory (kept for the
# next run: the only network this needs, once). try-repo uses this repository's HEAD plus
# uncommitted changes to tracked files: .pre-commit-hooks.yaml must be committed. `cargo test`
# runs it through tests/pre_commit.rs.

set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
if [ -z "${ZONELINT:-}" ]; then
    (cd "$root" && cargo build --quiet --bin zonelint)
    ZONELINT=$target/debug/zonelint
fi
[ -x "$ZONELINT" ] || { echo "pre-commit.sh: no zonelint binary at $ZONELINT" >&2; exit 2; }

venv=$target/pre-commit-venv
if [ ! -x "$venv/bin/pre-commit" ]; then
    echo "installing pre-commit from PyPI into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/bin
mkdir -p "$bin"
ln -s "$(cd "$(dirname "$ZONELINT")" && pwd)/$(basename "$ZONELINT")" "$bin/zonelint"
export PATH=$bin:$venv/bin:$PATH
export PRE_COMMIT_HOME=$work/cache
unset CI

repo=$work/zones
git init --quiet "$repo"
git -C "$repo" config user.email test@example.invalid
git -C "$repo" config user.name test
# The examples: a good zone without $INCLUDE, and one with errors.
cp "$root/examples/partner.example.zone" "$repo/partner.example.zone"
echo "not a zone, never linted" > "$repo/README.md"
git -C "$repo" add .

fail() { echo "pre-commit.sh: FAIL: $*" >&2; echo "--- output:" >&2; cat "$work/out" >&2; exit 1; }

try_repo() { (cd "$repo" && pre-commit try-repo "$root" zonelint-system --all-files --color never) > "$work/out" 2>&1; }

if ! try_repo; then fail "the hook fails on a good zone"; fi
grep -q 'zonelint (system).*Passed' "$work/out" || fail "the hook did not run on the good zone"
echo "ok: a good zone passes"

cp "$root/examples/broken.example.org.zone" "$repo/broken.example.org.zone"
git -C "$repo" add .
if try_repo; then fail "the hook passes on a bad zone"; fi
grep -q 'zonelint (system).*Failed' "$work/out" || fail "the hook did not fail as a hook"
grep -q 'broken.example.org.zone' "$work/out" || fail "the report does not name the bad file"
echo "ok: a bad zone fails"
