#!/usr/bin/env bash
# The reader benchmark: `zonelint check --select invalid-syntax` (read + graph, no rules) against named-checkzone, kzonecheck and
# validns on the same generated zones, in the same run, so that the ratios survive a noisy machine.
#
#   bench/reader.sh [--runs N] [--rev REV] [--callgrind] [--perf] [--callgrind-only] [RECORDS]
#
# RECORDS defaults to 1000000. Without --rev the working tree is built as zonelint ships on Linux
# (`cargo build-static`, .cargo/config.toml; bench/compare.sh and bench/startup.sh measure the same
# binary; the plain dynamic `cargo build --release` reads these zones about 5% slower); --rev REV
# builds that commit from `git archive` instead, into target/bench-rev, leaving the working tree
# alone (use it when uncommitted edits to src/ should not be measured): with `cargo build-static`
# when that commit has the alias, else `cargo build --release`. The table's header names the build.
#
# For each profile of ../shared/bench/gen-zone.py (`mixed` with origin example.com., `tld` with
# origin example.) it generates RECORDS records with seed 1 into a cache directory (reused on the
# next run; never commit these), runs every tool N times (default 3; in rounds through all tools,
# so that a burst of load elsewhere hits them alike; bench_time in lib.sh) and prints one table: best
# wall time, best CPU time, MB/s, peak RSS, RSS / file size, peak RSS bytes per record, and the
# wall and CPU times as multiples of zonelint's (named-checkzone at 10.0x means zonelint is ten
# times faster), then the issue's targets checked, with the 150 MB/s also scaled to this machine
# (the issue's peer times on mixed 1M against this run's: see machine_factor). Peers that are not
# installed are skipped.
#
# --callgrind also counts zonelint's instructions with valgrind on a smaller zone
# (CALLGRIND_RECORDS, default 100000) and prints the top functions: instruction counts hardly move
# on a busy machine, wall times do. --callgrind-only skips the timed tables. --perf samples
# zonelint on the RECORDS-record zones with `perf record -e cpu-clock` (time, so cache misses and
# page faults show, which instruction counts miss) and prints the top symbols.
#
# Environment: ZONELINT_BENCH_DIR (zone cache, default target/bench-zones), GEN_ZONE (generator,
# default ../shared/bench/gen-zone.py beside the repository or its main checkout), CALLGRIND_RECORDS.
#
# This is not part of `cargo test` and needs no network. zonelint must find nothing in these zones
# (they pass named-checkzone): any diagnostic is a reader bug and is printed as such.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

runs=3
rev=
records=1000000
callgrind=0
perf=0
timed=1
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --runs=*) runs=${1#--runs=}; shift ;;
        --rev) rev=$2; shift 2 ;;
        --rev=*) rev=${1#--rev=}; shift ;;
        --callgrind) callgrind=1; shift ;;
        --callgrind-only) callgrind=1; timed=0; shift ;;
        --perf) perf=1; shift ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "reader.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) records=$1; shift ;;
    esac
done
case $records$runs in *[!0-9]*) echo "reader.sh: RECORDS and --runs take a number" >&2; exit 2 ;; esac
if [ "$records" -lt 2 ] || [ "$runs" -lt 1 ]; then
    echo "reader.sh: need RECORDS >= 2 and --runs >= 1" >&2; exit 2
fi

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_init reader.sh
bench_need_time
cg_records=${CALLGRIND_RECORDS:-100000}
zonelint=${CARGO_TARGET_DIR:-$root/target}/release/zonelint

if [ -z "$rev" ]; then
    echo "building: cargo build-static" >&2
    (cd "$root" && cargo --quiet build-static)
    build="static build (cargo build-static)"
    version=$(zonelint_version)
else
    sha=$(git -C "$root" rev-parse --verify "$rev^{commit}") || { echo "reader.sh: no such revision: $rev" >&2; exit 2; }
    tree=$root/target/bench-rev/src-$sha
    if [ ! -f "$tree/Cargo.toml" ]; then
        rm -rf "$tree" && mkdir -p "$tree"
        git -C "$root" archive --format=tar "$sha" | tar -x -C "$tree"
    fi
    # Trees share one target dir (the dependencies build once), and git archive gives files the
    # commit's date: cargo would take an older tree for up to date. Touch the sources whenever
    # the tree differs from the one built last.
    stamp=$root/target/bench-rev/built-from
    if [ "$(cat "$stamp" 2> /dev/null)" != "$sha" ]; then
        find "$tree" -type f \( -name '*.rs' -o -name Cargo.toml -o -name Cargo.lock \) -exec touch {} +
    fi
    # The alias passes its flags to rustc after `--`: the target dir goes by the environment.
    if grep -q '^build-static' "$tree/.cargo/config.toml" 2> /dev/null; then
        echo "building $rev ($sha) from git archive: cargo build-static" >&2
        (cd "$tree" && CARGO_TARGET_DIR="$root/target/bench-rev/target" cargo --quiet build-static)
        build="static build (cargo build-static)"
    else
        echo "building $rev ($sha) from git archive: cargo build --release" >&2
        (cd "$tree" && cargo build --release --quiet --target-dir "$root/target/bench-rev/target")
        build="dynamic build (cargo build --release: this commit has no build-static)"
    fi
    echo "$sha" > "$stamp"
    zonelint=$root/target/bench-rev/target/release/zonelint
    version="$(git -C "$root" rev-parse --short "$sha") (--rev $rev)"
fi

# Reading only: since the rules came (issue 3) `check` runs them too, and the generated zones trip
# some; `--select invalid-syntax` keeps the read and the graph. Older revisions (--rev) have no
# rules and no --select.
reader_only=()
if "$zonelint" check --help 2> /dev/null | grep -- '--select' > /dev/null; then reader_only=(--select invalid-syntax); fi

# Targets from the issue, checked against the zonelint row.
target_mbs=150 target_named_ratio=10 target_rss_ratio=2

bench_profile() {
    local profile=$1 origin file size name round line rows=() notes=()
    origin=$(origin_of "$profile")
    zone "$profile" "$records"
    file=$zone_file
    size=$(stat -L -c %s "$file")
    echo
    echo "## $profile: $records records, $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB, origin $origin (best of $runs run$([ "$runs" = 1 ] || echo s))"
    echo

    local -A wall_s=() cpu_s=() rss_kb=() exit_rc=()
    for name in zonelint named-checkzone kzonecheck validns; do
        if [ "$name" != zonelint ] && ! command -v "$name" > /dev/null; then
            notes+=("$name: not installed, skipped")
            continue
        fi
        rows+=("$name")
    done
    # Rounds go through every tool in turn, so a burst of load elsewhere hits them all alike.
    for ((round = 0; round < runs; round++)); do
        for name in "${rows[@]}"; do
            case $name in
                zonelint) run_once "$name" "$zonelint" check "${reader_only[@]}" --origin "$origin" "$file" ;;
                named-checkzone) run_once "$name" named-checkzone -i none "$origin" "$file" ;;
                kzonecheck) run_once "$name" kzonecheck -o "$origin" "$file" ;;
                validns) run_once "$name" validns -z "$origin" "$file" ;;
            esac
        done
    done
    for name in "${rows[@]}"; do
        [ "${exit_rc[$name]}" = 0 ] && continue
        if [ "$name" = zonelint ]; then
            notes+=("zonelint: exit ${exit_rc[$name]} on a generated zone: READER BUG, first lines of its output:")
            while IFS= read -r line; do notes+=("    $line"); done < <(head -n 12 "$work/$name.out")
        else
            notes+=("$name: exit ${exit_rc[$name]}, $(awk 'NF { if (!n++) f = $0 } END { print n + 0 " lines of output, the first: " f }' "$work/$name.out")")
        fi
    done

    printf '| %-18s | %6s | %6s | %6s | %11s | %8s | %8s | %8s | %8s |\n' \
        tool "wall s" "cpu s" "MB/s" "peak RSS MB" "RSS/file" "B/record" "x wall" "x cpu"
    printf '|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s:|%s:|\n' -------------------- ------- ------- ------- \
        ------------ --------- --------- --------- ---------
    for name in "${rows[@]}"; do
        awk -v n="$name" -v w="${wall_s[$name]}" -v c="${cpu_s[$name]}" -v r="${rss_kb[$name]}" \
            -v s="$size" -v recs="$records" -v zw="${wall_s[zonelint]}" -v zc="${cpu_s[zonelint]}" \
            -v rc="${exit_rc[$name]}" 'function pos(x) { return x > 0 ? x : 0.005 }  # 10 ms resolution
        BEGIN {
            mark = rc == 0 ? "" : " (exit " rc ")"
            printf "| %-18s | %6.2f | %6.2f | %6.1f | %11.1f | %8.2f | %8.0f | %7.1fx | %7.1fx |\n",
                n mark, w, c, s / 1e6 / pos(w), r / 1024, r * 1024 / s, r * 1024 / recs,
                pos(w) / pos(zw), pos(c) / pos(zc)
        }'
    done
    echo
    echo "MB/s is file size over wall time; x wall and x cpu are each tool's time over zonelint's (named-checkzone"
    echo "at 10x means zonelint is 10 times faster). On an idle machine wall and CPU time agree for these"
    echo "single-threaded tools; when they do not, other load took the CPU and the CPU columns are the fairer."
    echo
    # The issue timed the peers on its own machine on the 1M-record mixed zone (named-checkzone
    # -i none 3.8 s, kzonecheck 2.4 s, validns 2.1 s). Each peer's time here over its time there
    # says how much slower (or faster) this machine is; the smallest factor (the strictest) turns
    # the issue's 150 MB/s into this machine's terms. Taken from the mixed 1M run, and used for
    # the tld profile of the same run too.
    if [ "$profile" = mixed ] && [ "$records" = 1000000 ]; then
        machine_factor=$(awk -v a="${wall_s[named-checkzone]:-}" -v b="${wall_s[kzonecheck]:-}" \
            -v c="${wall_s[validns]:-}" 'BEGIN {
                f = ""; split("3.8 2.4 2.1", there, " "); here[1] = a; here[2] = b; here[3] = c
                for (i = 1; i <= 3; i++) if (here[i] != "" && (f == "" || here[i] / there[i] < f)) f = here[i] / there[i]
                print f }')
    fi
    awk -v w="${wall_s[zonelint]}" -v c="${cpu_s[zonelint]}" -v r="${rss_kb[zonelint]}" -v s="$size" \
        -v nw="${wall_s[named-checkzone]:-}" -v nc="${cpu_s[named-checkzone]:-}" -v mf="${machine_factor:-}" \
        -v tm="$target_mbs" -v tn="$target_named_ratio" -v tr="$target_rss_ratio" '
        function pos(x) { return x > 0 ? x : 0.005 }
        function verdict(ok) { return ok ? "met" : "NOT met" }
        BEGIN {
            mw = s / 1e6 / pos(w); mc = s / 1e6 / pos(c); rr = r * 1024 / s
            printf "targets for zonelint:\n"
            printf "  throughput >= %d MB/s: %.1f by wall time (%s), %.1f by CPU time (%s)\n", tm, mw, verdict(mw >= tm), mc, verdict(mc >= tm)
            if (mf != "") {
                ts = tm / mf
                printf "  the same scaled to this machine (peers %.2fx the issue'"'"'s times on mixed 1M, the smallest factor): >= %.1f MB/s: %.1f by wall (%s)\n", mf, ts, mw, verdict(mw >= ts)
            }
            if (nw != "") {
                qw = pos(nw) / pos(w); qc = pos(nc) / pos(c)
                printf "  >= %dx faster than named-checkzone -i none: %.1fx by wall (%s), %.1fx by CPU (%s)\n", tn, qw, verdict(qw >= tn), qc, verdict(qc >= tn)
            }
            printf "  peak RSS < %dx the file: %.2fx (%s)\n", tr, rr, verdict(rr < tr)
        }'
    local note
    for note in "${notes[@]}"; do echo "note: $note"; done
    return 0
}

callgrind_profile() {
    local profile=$1 origin file size out
    command -v valgrind > /dev/null || { echo "valgrind is not installed (apt-get install valgrind): --callgrind skipped"; return 0; }
    origin=$(origin_of "$profile")
    zone "$profile" "$cg_records"
    file=$zone_file
    size=$(stat -L -c %s "$file")
    out=$work/callgrind.$profile.out
    valgrind --tool=callgrind --callgrind-out-file="$out" "$zonelint" check "${reader_only[@]}" --origin "$origin" "$file" \
        > "$work/cg.stdout" 2> "$work/cg.stderr" || {
        echo "zonelint under callgrind exited non-zero on $profile ($file):"; head -n 12 "$work/cg.stdout"; }
    local ir
    ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$out")
    echo
    echo "## callgrind, $profile: $cg_records records, $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB"
    echo
    awk -v ir="$ir" -v s="$size" -v n="$cg_records" 'BEGIN {
        printf "instructions: %.0f (%.1f per byte, %.0f per record)\n", ir, ir / s, ir / n }'
    echo
    echo "self cost (instructions executed in the function and what was inlined into it):"
    echo
    echo '```text'
    top_functions no "$out" "$ir"
    echo '```'
    echo
    echo "inclusive cost (the function and everything it calls):"
    echo
    echo '```text'
    top_functions yes "$out" "$ir"
    echo '```'
}

perf_profile() {
    local profile=$1 origin file data
    if ! command -v perf > /dev/null || ! perf record -q -e cpu-clock -o "$work/perf.probe" true > /dev/null 2>&1; then
        echo "perf is missing or not allowed here (apt-get install linux-perf; kernel.perf_event_paranoid): --perf skipped"
        return 0
    fi
    origin=$(origin_of "$profile")
    zone "$profile" "$records"
    file=$zone_file
    data=$work/perf.$profile.data
    perf record -q -e cpu-clock -F 2000 -o "$data" "$zonelint" check "${reader_only[@]}" --origin "$origin" "$file" > /dev/null 2>&1 || true
    echo
    echo "## perf, $profile: $records records (cpu-clock samples, self time per symbol; [k] is the kernel)"
    echo
    echo '```text'
    perf report -i "$data" --no-children --sort symbol --stdio 2> /dev/null |
        awk '/^ *[0-9.]+%/ { sub(/( +-)* *$/, ""); print }' | awk 'NR <= 25' | cut -c1-150
    echo '```'
}

echo "# zonelint reader benchmark"
echo
echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo),"\
    "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "zonelint: $version, $build"
for peer in named-checkzone kzonecheck validns; do
    command -v $peer > /dev/null || continue
    case $peer in
        named-checkzone) v=$(named-checkzone -v 2>&1) ;;
        kzonecheck) v=$(kzonecheck --version 2>&1 | awk 'NR == 1') ;;
        validns) v=$(dpkg-query -W -f '${Version}' validns 2> /dev/null || echo '?') ;;
    esac
    echo "$peer: $v"
done

if [ "$timed" = 1 ]; then
    for profile in mixed tld; do bench_profile "$profile"; done
fi
if [ "$perf" = 1 ]; then
    for profile in mixed tld; do perf_profile "$profile"; done
fi
if [ "$callgrind" = 1 ]; then
    for profile in mixed tld; do callgrind_profile "$profile"; done
fi
