#!/usr/bin/env bash
# The start-up benchmark: whole-process time of one pre-commit-sized run (a 50-record zone) for
# zonelint and every installed peer, measured by hyperfine in the same run so the ratios survive a
# noisy machine.
#
#   bench/startup.sh [--runs N] [--no-build] [RECORDS]
#
# RECORDS defaults to 50 (the issue's figure). The zone comes from ../shared/bench/gen-zone.py
# (profile mixed, seed 1, origin example.com.). zonelint is the release build of the working tree
# as shipped, linked statically (`cargo build-static`, see .cargo/config.toml), running `check`
# with every default rule; the row `zonelint-dynamic` is the plain `cargo build --release` (what
# `cargo install` makes), shown for comparison. --no-build measures what target/ holds.
# Peers: named-checkzone, kzonecheck, nsd-checkzone, validns, ldns-read-zone and `true` (the cost
# of starting any process); those not installed are skipped. hyperfine runs with --shell=none
# (no shell start-up in the figures) and --warmup 20; --runs defaults to 300.
#
# Prints a table of medians (ms) and each tool's median as a multiple of zonelint's (named at 4.0x
# means zonelint is four times faster), then the issue's target (zonelint at most 1.5 ms and faster
# than every peer); the same target scaled to this machine (each peer's median here over the
# issue's figure for it: 1.5 ms times the smallest such factor); and how far zonelint is above
# `true` (the issue's machine: 1.5 ms target, `true` 0.75 ms, so 0.75 ms above it).
# Environment: ZONELINT (a zonelint binary to measure instead of building one), ZONELINT_DYNAMIC
# (the dynamic build to show beside it, optional), GEN_ZONE (generator), HYPERFINE (hyperfine
# binary).
#
# Not part of `cargo test`; needs no network.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

runs=300
build=1
records=50
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --runs=*) runs=${1#--runs=}; shift ;;
        --no-build) build=0; shift ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "startup.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) records=$1; shift ;;
    esac
done
case $records$runs in *[!0-9]*) echo "startup.sh: RECORDS and --runs take a number" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_ZONE:-$root/../shared/bench/gen-zone.py}
[ -f "$gen" ] || gen=/work/shared/bench/gen-zone.py
hyperfine=${HYPERFINE:-hyperfine}
command -v "$hyperfine" > /dev/null || { echo "startup.sh: hyperfine is not installed" >&2; exit 2; }
[ -f "$gen" ] || { echo "startup.sh: generator not found: $gen (set GEN_ZONE)" >&2; exit 2; }
target=${CARGO_TARGET_DIR:-$root/target}
zonelint=${ZONELINT:-$target/release/zonelint}
zonelint_dynamic=${ZONELINT_DYNAMIC:-}
if [ "$build" = 1 ] && [ -z "${ZONELINT:-}" ]; then
    # The dynamic build first, kept aside; then the static one, left in target/release.
    echo "building: cargo build --release, then cargo build-static" >&2
    (cd "$root" && cargo build --release --quiet)
    mkdir -p "$target/bench-bin"
    cp "$target/release/zonelint" "$target/bench-bin/zonelint-dynamic"
    zonelint_dynamic=$target/bench-bin/zonelint-dynamic
    (cd "$root" && cargo --quiet build-static)
fi
[ -x "$zonelint" ] || { echo "startup.sh: $zonelint is missing (cargo build-static)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Measured from a copy, as `cargo install` places it: the same bytes run straight from the
# linker's output start about 1 ms slower here (that file's page-cache state costs a page fault
# per 4 KiB of code when exec maps it; a copy is cached like any installed program).
mkdir "$work/bin"
cp "$zonelint" "$work/bin/zonelint"
zonelint=$work/bin/zonelint
if [ -n "$zonelint_dynamic" ] && [ -x "$zonelint_dynamic" ]; then
    cp "$zonelint_dynamic" "$work/bin/zonelint-dynamic"
    zonelint_dynamic=$work/bin/zonelint-dynamic
fi
origin=example.com.
zone=$work/db.example.com
python3 "$gen" --records "$records" --seed 1 --origin "$origin" > "$zone"
# zonelint must read the zone (exit 0 or 1: the generator's zones pass named-checkzone, but
# zonelint's rules find a few things in them, e.g. MX hosts on benchmarking addresses, which are
# then rendered as a real run would), or it measures an early exit.
rc=0
"$zonelint" check --origin "$origin" "$zone" > "$work/zonelint.out" 2>&1 || rc=$?
if [ "$rc" -gt 1 ]; then
    echo "startup.sh: zonelint exits $rc on the generated zone:" >&2; cat "$work/zonelint.out" >&2; exit 2
fi

names=(zonelint)
cmds=("$zonelint check --origin $origin $zone")
if [ -n "$zonelint_dynamic" ] && [ -x "$zonelint_dynamic" ]; then
    names+=(zonelint-dynamic)
    cmds+=("$zonelint_dynamic check --origin $origin $zone")
fi
add() { # NAME COMMAND...: adds a peer when its binary is installed
    local name=$1; shift
    command -v "$1" > /dev/null || { echo "note: $name not installed, skipped" >&2; return 0; }
    names+=("$name")
    cmds+=("$*")
}
add named-checkzone named-checkzone -q -i none "$origin" "$zone"
add kzonecheck kzonecheck -o "$origin" "$zone"
add nsd-checkzone nsd-checkzone "$origin" "$zone"
add validns validns -z "$origin" "$zone"
add ldns-read-zone ldns-read-zone "$zone"
add true true

args=()
for i in "${!names[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
"$hyperfine" --shell=none --warmup 20 --runs "$runs" --ignore-failure --style none \
    --export-json "$work/times.json" "${args[@]}" > /dev/null 2>&1 ||
    { echo "startup.sh: hyperfine failed" >&2; exit 2; }

echo "# zonelint start-up: $records-record zone, $runs runs each (hyperfine --shell=none)"
echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "zonelint: $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src Cargo.toml 2> /dev/null || echo ' + uncommitted changes')"
echo "zonelint's findings in the zone: $(tail -n 1 "$work/zonelint.out")"
echo
python3 - "$work/times.json" << 'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ms = {r["command"]: r["median"] * 1000 for r in results}
z = ms["zonelint"]
print(f"| {'tool':<16} | {'median ms':>9} | {'mean ms':>8} | {'x zonelint':>10} |")
print(f"|{'-' * 18}|{'-' * 10}:|{'-' * 9}:|{'-' * 11}:|")
for r in results:
    name = r["command"]
    print(f"| {name:<16} | {ms[name]:9.2f} | {r['mean'] * 1000:8.2f} | {ms[name] / z:9.2f}x |")
peers = {n: t for n, t in ms.items() if n not in ("zonelint", "zonelint-dynamic", "true")}
slower = [n for n, t in peers.items() if t <= z]
print()
print(f"target: zonelint at most 1.5 ms: {z:.2f} ms ({'met' if z <= 1.5 else 'NOT met'}); "
      f"faster than every peer: {'met' if not slower else 'NOT met (' + ', '.join(slower) + ')'}")
# The issue's own medians, measured on its machine. This VM may be faster or slower: each peer
# here over its figure there says by how much, and the issue's 1.5 ms scaled by the smallest of
# those factors (the peer by which this machine looks fastest, so the strictest reading) is the
# target in this run's terms, as DEVELOPERS.md asks (ratios against peers run in the same run).
issue_ms = {"named-checkzone": 6.1, "kzonecheck": 3.4, "nsd-checkzone": 2.7, "validns": 2.1,
            "ldns-read-zone": 1.9}
factors = {n: ms[n] / issue_ms[n] for n in issue_ms if n in ms}
if factors:
    strictest = min(factors, key=factors.get)
    scaled = 1.5 * factors[strictest]
    listed = ", ".join(f"{n} {f:.2f}x" for n, f in sorted(factors.items(), key=lambda x: x[1]))
    print(f"this machine against the issue's (each peer's median here over its figure there): {listed}")
    print(f"target scaled by the smallest factor ({strictest}): zonelint at most {scaled:.2f} ms: "
          f"{z:.2f} ms ({'met' if z <= scaled else 'NOT met'})")
if "true" in ms:
    # The issue's machine started `true` in 0.75 ms: its 1.5 ms target is 0.75 ms above that.
    above = z - ms["true"]
    print(f"above `true` (process start-up on this machine, {ms['true']:.2f} ms): {above:.2f} ms "
          f"(the issue's target is 0.75 ms above its `true`: {'met' if above <= 0.75 else 'NOT met'})")
EOF
