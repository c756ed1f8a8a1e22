#!/usr/bin/env bash
# The registry-scale benchmark (issue 7): zonelint against every installed peer, in one run, so
# that the ratios survive a noisy machine. One command measures every target of the issue:
#
#   bench/compare.sh [OPTIONS] [> report.md]
#
# 1. Large zones. For each profile of ../shared/bench/gen-zone.py (`mixed`, origin example.com.;
#    `tld`, origin example.) and each size (--records, default "1000000 10000000") the zone is
#    generated with seed 1 into the zone cache (reused by later runs, and by bench/reader.sh), then
#    run in rounds through every tool (best wall and best CPU time kept, each its own minimum;
#    largest peak RSS): zonelint check with every default rule on one thread (RAYON_NUM_THREADS=1,
#    and --threads 1 once zonelint has it) and on its default threads, named-checkzone -i local,
#    kzonecheck, validns -n 1, ldns-read-zone (-n -E NULL: it parses the whole zone and prints
#    none of it) and nsd-checkzone. One table per zone: wall s, cpu s, MB/s (file over wall), peak
#    RSS, RSS / file, and each tool's wall and CPU time over zonelint's on one thread (named at
#    10.0x means zonelint is ten times faster). Then the targets: >= 200 MB/s, >= 10x
#    named-checkzone, >= 4x validns, peak RSS <= 2x the file, each by wall and by CPU time.
# 2. Many files: a tree of --zones small zones (default 100000, 50 records each, from
#    bench/gen-tree.py, cached as tree-N-50 in the zone cache). zonelint check on the whole tree
#    (default threads, then one thread) against named-checkzone -i local run one after another on
#    2% of the zones (every 50th). Target: zonelint on the tree faster than named on the 2%, using
#    both cores (CPU / wall > 1.3).
# 3. Start-up: bench/startup.sh (hyperfine medians on a 50-record zone; target <= 1.5 ms and
#    below every peer; also the 1.5 ms scaled by the peers' times against the issue's), the
#    static binary and, beside it, the dynamic one. Needs hyperfine.
# 4. Instruction counts: valgrind --tool=callgrind of zonelint (one thread) on the mixed zone of
#    --callgrind-records records (default 1000000: several minutes): total Ir, per byte, per
#    record, and the top 15 functions by self cost. The callgrind output is kept in
#    target/bench-compare/ for callgrind_annotate.
# 5. Rule scaling (--scaling): `zonelint check --timings` (every default rule, one thread; each
#    rule's own time, the rules run in turn) once per --scaling-records size (default "1000000
#    10000000"), mixed and tld. Per phase (reading, graph, output) and per rule: seconds at
#    each size and the ratio largest / smallest. NOT LINEAR when the ratio exceeds the size ratio
#    x 1.15; a rule under 10 ms at the smallest size is judged against 10 ms (its own time there
#    is mostly the clock's), so a rule that is tiny at 1M but quadratic still shows at 10M.
#    The same per rule in instructions, which the machine's load does not move (but which miss
#    the cost of memory access): bench/scaling-instructions.sh.
#
# Options:
#   --records "N1 N2"           large-zone sizes (default "1000000 10000000")
#   --profiles "mixed tld"      generator profiles (default both)
#   --runs N                    rounds per measurement (default 3 for zones up to 1M records and
#                               trees up to 20000 zones, 1 above)
#   --zones N                   zones in the many-files tree (default 100000)
#   --callgrind-records N       records for the callgrind run (default 1000000)
#   --scaling                   run section 5
#   --scaling-records "A B"     sizes for section 5 (default "1000000 10000000")
#   --scaling-runs N            rounds per size in section 5 (default 1)
#   --startup-runs N            hyperfine runs per tool in section 3 (default 300)
#   --output-format FMT         zonelint's output format (default concise; findings are counted
#                               from its summary line, every format prints them to a file)
#   --no-large, --no-tree, --no-startup, --no-callgrind   skip a section
#   --no-build                  do not build first (`cargo build --release`, kept aside for the
#                               start-up table, then `cargo build-static`: the binary measured)
#   --markdown                  markdown output (headings, bullets, fenced listings) for
#                               docs/performance.md
#   -h, --help                  this text
#
# Progress goes to stderr, the report to stdout: `bench/compare.sh --markdown > target/compare.md`.
# Quick check of the script itself: bench/compare.sh --records 20000 --zones 2000 --runs 1
# --callgrind-records 20000 --scaling --scaling-records "5000 20000".
#
# Environment: ZONELINT (a zonelint binary to measure instead of building one), CARGO_TARGET_DIR,
# ZONELINT_BENCH_DIR (zone cache, default target/bench-zones), GEN_ZONE (generator). Peers that
# are missing or fail are noted, never fatal. Writes only to the zone cache and target/; needs no
# network. Not part of `cargo test`.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

runs=
records="1000000 10000000"
profiles="mixed tld"
zones=100000
tree_records=50
cg_records=1000000
scaling=0
scaling_records="1000000 10000000"
scaling_runs=1
startup_runs=300
out_format=concise
large=1 tree=1 startup=1 callgrind=1 build=1 markdown=0
args_given="$*"

need_arg() { [ $# -ge 2 ] || { echo "compare.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
    case $1 in
        --records | --profiles | --runs | --zones | --callgrind-records | --scaling-records | \
            --scaling-runs | --startup-runs | --output-format)
            need_arg "$@"
            case $1 in
                --records) records=$2 ;;
                --profiles) profiles=$2 ;;
                --runs) runs=$2 ;;
                --zones) zones=$2 ;;
                --callgrind-records) cg_records=$2 ;;
                --scaling-records) scaling_records=$2 ;;
                --scaling-runs) scaling_runs=$2 ;;
                --startup-runs) startup_runs=$2 ;;
                --output-format) out_format=$2 ;;
            esac
            shift 2 ;;
        --scaling) scaling=1; shift ;;
        --no-large) large=0; shift ;;
        --no-tree) tree=0; shift ;;
        --no-startup) startup=0; shift ;;
        --no-callgrind) callgrind=0; shift ;;
        --no-build) build=0; shift ;;
        --markdown) markdown=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "compare.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done

# number NAME VALUE MIN: VALUE must be a whole number >= MIN.
number() {
    case $2 in '' | *[!0-9]*) echo "compare.sh: $1 takes a whole number, not '$2'" >&2; exit 2 ;; esac
    [ "$2" -ge "$3" ] || { echo "compare.sh: $1 must be at least $3" >&2; exit 2; }
}
for n in $records; do number --records "$n" 2; done
for n in $scaling_records; do number --scaling-records "$n" 2; done
[ -n "${records// /}" ] || { echo "compare.sh: --records is empty" >&2; exit 2; }
[ -z "$runs" ] || number --runs "$runs" 1
number --zones "$zones" 1
number --callgrind-records "$cg_records" 2
number --scaling-runs "$scaling_runs" 1
number --startup-runs "$startup_runs" 2
for p in $profiles; do
    case $p in mixed | tld) ;; *) echo "compare.sh: unknown profile $p (mixed, tld)" >&2; exit 2 ;; esac
done
read -r -a scaling_sizes <<< "$(tr ' ' '\n' <<< "$scaling_records" | awk NF | sort -n -u | tr '\n' ' ')"
if [ "$scaling" = 1 ] && [ "${#scaling_sizes[@]}" -lt 2 ]; then
    echo "compare.sh: --scaling-records needs two different sizes" >&2; exit 2
fi

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_init compare.sh
bench_need_time
zonelint=${ZONELINT:-${CARGO_TARGET_DIR:-$root/target}/release/zonelint}
zonelint_dynamic=${ZONELINT_DYNAMIC:-}
if [ "$build" = 1 ] && [ -z "${ZONELINT:-}" ]; then
    # The binary as shipped is the static one (.cargo/config.toml); the dynamic build is kept
    # aside for the start-up table, where the difference shows.
    echo "building: cargo build --release, then cargo build-static" >&2
    (cd "$root" && cargo build --release --quiet)
    mkdir -p "${CARGO_TARGET_DIR:-$root/target}/bench-bin"
    zonelint_dynamic=${CARGO_TARGET_DIR:-$root/target}/bench-bin/zonelint-dynamic
    cp "$zonelint" "$zonelint_dynamic"
    (cd "$root" && cargo --quiet build-static)
fi
[ -x "$zonelint" ] || bench_die "$zonelint is missing (cargo build-static, or set ZONELINT)"
# One thread: RAYON_NUM_THREADS=1 always, and the --threads option once zonelint has it.
one_thread=()
# (grep without -q: quitting early could kill zonelint with SIGPIPE, a failure under pipefail)
if "$zonelint" check --help 2> /dev/null | grep -- '--threads' > /dev/null; then one_thread=(--threads 1); fi
cores=$(nproc)
# zonelint looks upwards from the working directory for a project (zonelint.toml) to read for
# context; this repository has none, so from here every run reads only what it is given.
cd "$root"

progress() { echo "[compare] $*" >&2; }

# Output: the same tables either way; --markdown adds heading marks, bullets and code fences.
md() { [ "$markdown" = 1 ]; }
h1() { local t="$*"; if md; then printf '# %s\n' "$t"; else printf '%s\n%s\n' "$t" "${t//?/=}"; fi; }
h2() { local t="$*"; echo; if md; then printf '## %s\n' "$t"; else printf '%s\n%s\n' "$t" "${t//?/-}"; fi; echo; }
h3() { echo; if md; then printf '### %s\n' "$*"; else printf '%s\n' "$*"; fi; echo; }
item() { if md; then echo "- $*"; else echo "  $*"; fi; }
note() { if md; then echo "- note: $*"; else echo "note: $*"; fi; }
fence() { if md; then echo '```text'; fi; }
unfence() { if md; then echo '```'; fi; }
# human N: 1000000 -> 1M, 20000 -> 20k.
human() { awk -v n="$1" 'BEGIN { if (n % 1000000 == 0) print n / 1000000 "M"; else if (n % 1000 == 0) print n / 1000 "k"; else print n }'; }
plural() { if [ "$1" = 1 ]; then echo "$1 $2"; else echo "$1 ${2}s"; fi; }

# first_line FILE: the number of non-empty lines of a peer's output and the first of them.
first_line() {
    awk 'NF { if (!n++) f = $0 } END { print n + 0 " lines of output" (n ? ", the first: " substr(f, 1, 120) : "") }' "$1"
}

# Lines for the summary at the end.
summary=()

# ---------------------------------------------------------------------------------------------
# 1. Large zones

# The rows of a large-zone table: label and command per tool (the command is run by `run_tool`).
peer_rows() {
    rows=(zl1 zln)
    local peer
    for peer in named-checkzone kzonecheck validns ldns-read-zone nsd-checkzone; do
        if command -v "$peer" > /dev/null; then rows+=("$peer"); else notes+=("$peer: not installed, skipped"); fi
    done
}

label_of() {
    case $1 in
        zl1) echo "zonelint, 1 thread" ;;
        zln) echo "zonelint, default threads" ;;
        named-checkzone) echo "named-checkzone -i local" ;;
        validns) echo "validns -n 1" ;;
        *) echo "$1" ;;
    esac
}

# run_tool NAME ORIGIN FILE: one timed run of that row's command.
run_tool() {
    local name=$1 origin=$2 file=$3
    case $name in
        zl1) run_once "$name" env RAYON_NUM_THREADS=1 "$zonelint" check "${one_thread[@]}" \
            --output-format "$out_format" --origin "$origin" "$file" ;;
        zln) run_once "$name" env -u RAYON_NUM_THREADS "$zonelint" check \
            --output-format "$out_format" --origin "$origin" "$file" ;;
        named-checkzone) run_once "$name" named-checkzone -i local "$origin" "$file" ;;
        kzonecheck) run_once "$name" kzonecheck -o "$origin" "$file" ;;
        validns) run_once "$name" validns -n 1 -z "$origin" "$file" ;;
        ldns-read-zone) run_once "$name" ldns-read-zone -n -E NULL "$file" ;;
        nsd-checkzone) run_once "$name" nsd-checkzone "$origin" "$file" ;;
    esac
}

# zonelint_notes NAME LABEL: its finding count, or the error when it exits above 1.
zonelint_notes() {
    local name=$1 label=$2 line
    if [ "${exit_rc[$name]}" -gt 1 ]; then
        notes+=("$label: exit ${exit_rc[$name]}: ERROR, first lines of its output:")
        while IFS= read -r line; do notes+=("    $line"); done < <(head -n 8 "$work/$name.out")
    fi
}

large_zone() {
    local profile=$1 n=$2 origin file size name round nruns f1 fn rows=() notes=()
    local -A wall_s=() cpu_s=() rss_kb=() exit_rc=()
    nruns=${runs:-$([ "$n" -le 1000000 ] && echo 3 || echo 1)}
    origin=$(origin_of "$profile")
    zone "$profile" "$n"
    file=$zone_file
    size=$(stat -L -c %s "$file")
    peer_rows
    # Read once, untimed: the zones read before may have pushed this one out of the page cache,
    # and the first tool timed would pay the disk for all of them.
    cat "$file" > /dev/null
    for ((round = 1; round <= nruns; round++)); do
        for name in "${rows[@]}"; do
            progress "$profile $n records, round $round/$nruns: $(label_of "$name")"
            run_tool "$name" "$origin" "$file"
        done
    done

    h3 "$profile: $n records, $(mb "$size") MB, origin $origin (best of $(plural "$nruns" run))"
    printf '| %-26s | %7s | %7s | %7s | %11s | %8s | %8s | %8s |\n' \
        tool "wall s" "cpu s" "MB/s" "peak RSS MB" "RSS/file" "x wall" "x cpu"
    printf '|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s:|\n' ---------------------------- -------- -------- \
        -------- ------------ --------- --------- ---------
    for name in "${rows[@]}"; do
        awk -v n="$(label_of "$name")" -v w="${wall_s[$name]}" -v c="${cpu_s[$name]}" \
            -v r="${rss_kb[$name]}" -v s="$size" -v zw="${wall_s[zl1]}" -v zc="${cpu_s[zl1]}" \
            -v rc="${exit_rc[$name]}" -v zl="${name:0:2}" '
            function pos(x) { return x > 0 ? x : 0.005 }
            BEGIN {
                mark = (rc == 0 || (zl == "zl" && rc == 1)) ? "" : " (exit " rc ")"
                printf "| %-26s | %7.2f | %7.2f | %7.1f | %11.1f | %8.2f | %7.1fx | %7.1fx |\n",
                    n mark, w, c, s / 1e6 / pos(w), r / 1024, r * 1024 / s, pos(w) / pos(zw), pos(c) / pos(zc)
            }'
    done
    echo
    f1=$(findings_of "$work/zl1.out")
    fn=$(findings_of "$work/zln.out")
    item "zonelint's findings: $f1 (exit ${exit_rc[zl1]}; findings are expected on these zones), output format $out_format"
    [ "$f1" = "$fn" ] || notes+=("zonelint found $f1 findings on one thread but $fn on its default threads: THE COUNTS DIFFER")
    zonelint_notes zl1 "zonelint, 1 thread"
    zonelint_notes zln "zonelint, default threads"
    for name in "${rows[@]}"; do
        case $name in zl1 | zln) continue ;; esac
        [ "${exit_rc[$name]}" = 0 ] && continue
        notes+=("$(label_of "$name"): exit ${exit_rc[$name]}, $(first_line "$work/$name.out")")
    done
    local note
    for note in "${notes[@]}"; do note "$note"; done
    echo
    echo "targets for zonelint, 1 thread (by wall time / by CPU time):"
    local line
    while IFS= read -r line; do
        case $line in
            summary*) summary+=("${line#summary }") ;;
            *) item "$line" ;;
        esac
    done < <(awk -v w="${wall_s[zl1]}" -v c="${cpu_s[zl1]}" -v r="${rss_kb[zl1]}" -v s="$size" \
        -v nw="${wall_s[named-checkzone]:-}" -v nc="${cpu_s[named-checkzone]:-}" \
        -v vw="${wall_s[validns]:-}" -v vc="${cpu_s[validns]:-}" -v zone="$profile $(human "$n")" '
        function pos(x) { return x > 0 ? x : 0.005 }
        function verdict(a, b, t) { return a >= t ? "met" : b >= t ? "met by CPU time only" : "NOT met" }
        BEGIN {
            mw = s / 1e6 / pos(w); mc = s / 1e6 / pos(c); rr = r * 1024 / s
            printf ">= 200 MB/s: %.1f / %.1f MB/s: %s\n", mw, mc, verdict(mw, mc, 200)
            sum = sprintf("| %s | %.1f / %.1f (%s)", zone, mw, mc, verdict(mw, mc, 200))
            if (nw != "") {
                qw = pos(nw) / pos(w); qc = pos(nc) / pos(c)
                printf ">= 10x named-checkzone -i local: %.1fx / %.1fx: %s\n", qw, qc, verdict(qw, qc, 10)
                sum = sum sprintf(" | %.1fx / %.1fx (%s)", qw, qc, verdict(qw, qc, 10))
            } else sum = sum " | not installed"
            if (vw != "") {
                qw = pos(vw) / pos(w); qc = pos(vc) / pos(c)
                printf ">= 4x validns -n 1: %.1fx / %.1fx: %s\n", qw, qc, verdict(qw, qc, 4)
                sum = sum sprintf(" | %.1fx / %.1fx (%s)", qw, qc, verdict(qw, qc, 4))
            } else sum = sum " | not installed"
            printf "peak RSS <= 2x the file: %.2fx: %s\n", rr, rr <= 2 ? "met" : "NOT met"
            printf "summary %s | %.2fx (%s) |\n", sum, rr, rr <= 2 ? "met" : "NOT met"
        }')
    return 0
}

# ---------------------------------------------------------------------------------------------
# 2. Many files

tree_section() {
    local dir real nfiles bytes nsample nruns round name fz line rows=(zln zl1) notes=()
    local -A wall_s=() cpu_s=() rss_kb=() exit_rc=()
    dir=$cache/tree-$zones-$tree_records
    # A tree made by this script records the generator's hash beside it; one without (made by
    # hand with bench/gen-tree.py) is trusted.
    if [ -d "$dir" ] && [ -f "$dir.gen" ] && [ "$(cat "$dir.gen")" != "$gen_hash" ]; then
        progress "the generator changed since $dir was made: making it again"
        rm -rf -- "$dir"
    fi
    if [ ! -d "$dir" ]; then
        progress "generating $zones zones of $tree_records records -> $dir"
        bench_partial=$dir.tmp
        rm -rf -- "$bench_partial"
        GEN_ZONE=$gen python3 "$root/bench/gen-tree.py" --zones "$zones" --records "$tree_records" \
            --generator "$gen" "$bench_partial"
        mv "$bench_partial" "$dir"
        bench_partial=
        echo "$gen_hash" > "$dir.gen"
    fi
    # zonelint's walk does not follow symbolic links: give it the real path (the cache may link
    # to a tree made elsewhere).
    real=$(realpath "$dir")
    find "$real" -type f -name 'zone*.zone' -printf '%s %f %p\n' > "$work/tree.list"
    nfiles=$(awk 'END { print NR }' "$work/tree.list")
    bytes=$(awk '{ s += $1 } END { print s + 0 }' "$work/tree.list")
    # Every 50th zone by number (zone0, zone50, ...), with its origin from the file name.
    awk '{ i = $2; sub(/^zone/, "", i); sub(/\..*/, "", i)
           if (i ~ /^[0-9]+$/ && i % 50 == 0) { o = $2; sub(/zone$/, "", o); print i, o, $3 } }' \
        "$work/tree.list" | sort -n | cut -d' ' -f2- > "$work/sample.list"
    nsample=$(awk 'END { print NR }' "$work/sample.list")
    nruns=${runs:-$([ "$zones" -le 20000 ] && echo 3 || echo 1)}
    # Read once, untimed: the large zones read before push the tree's files out of the page
    # cache, and the first tool timed (zonelint on its default threads) then waited on the disk
    # for all the others (26 s against 15 s warm, and less CPU than wall on two cores).
    progress "tree of $nfiles zones: reading it once into the page cache"
    cut -d' ' -f3- "$work/tree.list" | tr '\n' '\0' | xargs -0 cat > /dev/null
    if command -v named-checkzone > /dev/null; then
        rows+=(named)
        cat > "$work/named-loop.sh" << 'EOF'
# named-checkzone on each listed zone, one after another, as a shell loop would; counts failures.
failed=0
while read -r origin file; do
    named-checkzone -i local "$origin" "$file" > /dev/null 2>&1 || failed=$((failed + 1))
done < "$1"
echo "$failed zones failed"
EOF
    else
        notes+=("named-checkzone: not installed, no comparison")
    fi
    for ((round = 1; round <= nruns; round++)); do
        for name in "${rows[@]}"; do
            progress "tree of $nfiles zones, round $round/$nruns: $name"
            case $name in
                zln) run_once "$name" env -u RAYON_NUM_THREADS "$zonelint" check --output-format "$out_format" "$real" ;;
                zl1) run_once "$name" env RAYON_NUM_THREADS=1 "$zonelint" check "${one_thread[@]}" --output-format "$out_format" "$real" ;;
                named) run_once "$name" bash "$work/named-loop.sh" "$work/sample.list" ;;
            esac
        done
    done

    echo "zonelint checks the whole tree in one run; named-checkzone, one zone per process, checks every 50th"
    echo "zone one after another (as a shell loop over a registry's zones would), 2% of the tree."
    h3 "$nfiles zones of $tree_records records, $(mb "$bytes") MB in all (best of $(plural "$nruns" run))"
    printf '| %-42s | %6s | %7s | %7s | %8s | %11s | %7s | %7s |\n' \
        run zones "wall s" "cpu s" "cpu/wall" "peak RSS MB" "ms/zone" "x wall"
    printf '|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s:|\n' -------------------------------------------- \
        ------- -------- -------- --------- ------------ -------- --------
    for name in "${rows[@]}"; do
        case $name in
            zln) line="zonelint check TREE, default threads"; fz=$nfiles ;;
            zl1) line="zonelint check TREE, 1 thread"; fz=$nfiles ;;
            named) line="named-checkzone -i local, every 50th zone"; fz=$nsample ;;
        esac
        awk -v n="$line" -v z="$fz" -v w="${wall_s[$name]}" -v c="${cpu_s[$name]}" \
            -v r="${rss_kb[$name]}" -v zw="${wall_s[zln]}" '
            function pos(x) { return x > 0 ? x : 0.005 }
            BEGIN { printf "| %-42s | %6d | %7.2f | %7.2f | %8.2f | %11.1f | %7.3f | %6.1fx |\n",
                n, z, w, c, c / pos(w), r / 1024, 1000 * w / z, pos(w) / pos(zw) }'
    done
    echo
    item "x wall: each run's wall time over zonelint's on its default threads ($cores cores here)"
    item "zonelint's findings: $(findings_of "$work/zln.out") in $(files_of "$work/zln.out") files (exit ${exit_rc[zln]})"
    [ "$(files_of "$work/zln.out")" = "$nfiles" ] || notes+=("zonelint read $(files_of "$work/zln.out") files, the tree has $nfiles")
    [ "$(findings_of "$work/zln.out")" = "$(findings_of "$work/zl1.out")" ] ||
        notes+=("zonelint's finding counts differ between default threads and 1 thread: $(findings_of "$work/zln.out") vs $(findings_of "$work/zl1.out")")
    zonelint_notes zln "zonelint, default threads"
    zonelint_notes zl1 "zonelint, 1 thread"
    if [ -n "${wall_s[named]:-}" ]; then
        item "named-checkzone on all $nfiles zones would take about $(awk -v w="${wall_s[named]}" -v k="$nsample" -v n="$nfiles" 'BEGIN { printf "%.0f", w * n / k }') s (the 2% times $((nfiles / (nsample > 0 ? nsample : 1))))"
        grep -q '^0 zones failed' "$work/named.out" || notes+=("named-checkzone: $(tail -n 1 "$work/named.out")")
    fi
    local note
    for note in "${notes[@]}"; do note "$note"; done
    echo
    echo "targets:"
    while IFS= read -r line; do
        case $line in
            summary*) summary+=("${line#summary }") ;;
            *) item "$line" ;;
        esac
    done < <(awk -v w="${wall_s[zln]}" -v c="${cpu_s[zln]}" -v nw="${wall_s[named]:-}" \
        -v cores="$cores" -v zones="$nfiles" '
        function pos(x) { return x > 0 ? x : 0.005 }
        BEGIN {
            u = c / pos(w)
            both = cores < 2 ? "not judged: one core" : u > 1.3 ? "met" : "NOT met"
            printf "uses both cores (cpu/wall > 1.3): %.2f: %s\n", u, both
            if (nw != "") {
                v = w < nw ? "met" : "NOT met"
                printf "faster than named-checkzone on 2%% of the zones: %.2f s vs %.2f s (%.1fx): %s\n", w, nw, pos(nw) / pos(w), v
                printf "summary | tree of %d zones: faster than named-checkzone on 2%% | %.2f s vs %.2f s | %s |\n", zones, w, nw, v
            }
            printf "summary | tree of %d zones: uses both cores | cpu/wall %.2f | %s |\n", zones, u, both
        }')
    return 0
}

# ---------------------------------------------------------------------------------------------
# 3. Start-up

startup_section() {
    local line
    if ! command -v hyperfine > /dev/null; then note "hyperfine is not installed: start-up skipped"; return 0; fi
    progress "start-up: bench/startup.sh --runs $startup_runs"
    if ! ZONELINT=$zonelint ZONELINT_DYNAMIC=$zonelint_dynamic GEN_ZONE=$gen \
        bash "$root/bench/startup.sh" --runs "$startup_runs" \
        > "$work/startup.txt" 2> "$work/startup.err"; then
        note "bench/startup.sh failed: $(first_line "$work/startup.err")"
        return 0
    fi
    # Its own title and machine line are left out: the report has them once, at the top.
    awk 'NR == 1 && /^# / { next } /^machine:/ { next } { print }' "$work/startup.txt" | awk 'NF || seen { seen = 1; print }'
    while IFS= read -r line; do note "${line#note: }"; done < <(awk 'NF' "$work/startup.err")
    # "target: zonelint at most 1.5 ms: 2.10 ms (NOT met); faster than every peer: met"
    while IFS= read -r line; do summary+=("$line"); done < <(awk '/^target:/ {
        if (match($0, /: [0-9.]+ ms \(/)) { t = substr($0, RSTART + 2, RLENGTH - 4) }
        v1 = $0; sub(/\);.*/, "", v1); sub(/.*\(/, "", v1)
        v2 = $0; sub(/.*faster than every peer: /, "", v2)
        printf "| start-up, 50-record zone: at most 1.5 ms | %s | %s |\n", t, v1
        printf "| start-up, 50-record zone: faster than every peer | | %s |\n", v2 }
        # "target scaled by the smallest factor (validns): zonelint at most 2.39 ms: 1.45 ms (met)"
        /^target scaled/ {
            b = $0; sub(/.*at most /, "", b); sub(/:.*/, "", b)
            z = $0; sub(/ \([^(]*\)$/, "", z); sub(/.*: /, "", z)
            v = $0; sub(/.*\(/, "", v); sub(/\)$/, "", v)
            printf "| start-up, 50-record zone: the 1.5 ms scaled by the peers, at most %s | %s | %s |\n", b, z, v }' "$work/startup.txt")
    return 0
}

# ---------------------------------------------------------------------------------------------
# 4. Instruction counts

callgrind_section() {
    local file size out ir rc=0 keep
    if ! command -v valgrind > /dev/null; then note "valgrind is not installed (apt-get install valgrind): skipped"; return 0; fi
    zone mixed "$cg_records"
    file=$zone_file
    size=$(stat -L -c %s "$file")
    keep=$root/target/bench-compare
    mkdir -p "$keep"
    out=$keep/callgrind-$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)-mixed-$cg_records.out
    progress "callgrind: zonelint, 1 thread, mixed $cg_records records (slow: about 50x a normal run)"
    # RAYON_NUM_THREADS is set outside valgrind: `valgrind env ...` would time env, not zonelint.
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$out" "$zonelint" check \
        "${one_thread[@]}" --output-format "$out_format" --origin example.com. "$file" \
        > "$work/callgrind.stdout" 2> "$work/callgrind.stderr" || rc=$?
    ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$out" 2> /dev/null || true)
    if [ -z "$ir" ]; then
        note "callgrind produced no totals (exit $rc): $(first_line "$work/callgrind.stderr")"
        return 0
    fi
    echo "Instructions executed (Ir) hardly move with the load on the machine, so they show a regression that"
    echo "wall times would hide. valgrind runs zonelint about 50 times slower than normal."
    h3 "mixed: $cg_records records, $(mb "$size") MB, zonelint with every default rule on 1 thread"
    [ "$rc" -le 1 ] || note "zonelint exited $rc under callgrind: $(first_line "$work/callgrind.stdout")"
    awk -v ir="$ir" -v s="$size" -v n="$cg_records" 'BEGIN {
        printf "instructions (Ir): %.0f = %.2f G, %.1f per byte, %.0f per record\n", ir, ir / 1e9, ir / s, ir / n }'
    summary+=("| instructions, mixed $(human "$cg_records") records | $(awk -v ir="$ir" -v s="$size" 'BEGIN { printf "%.2f G Ir, %.1f per byte", ir / 1e9, ir / s }') | recorded |")
    echo
    echo "top 15 functions by self cost (instructions in the function and what was inlined into it):"
    echo
    fence
    top_functions no "$out" "$ir" 15
    unfence
    echo
    item "callgrind output kept for callgrind_annotate: ${out#"$root"/}"
}

# ---------------------------------------------------------------------------------------------
# 5. Rule scaling

# timings_of OUT: the `--timings` lines of a run's output as `WHAT<TAB>SECONDS` (WHAT: `rule ID`,
# `reading`, `graph`, `rules`, `output`).
timings_of() {
    awk '/^zonelint: timings/ { on = 1; next }
        on && /^ *[0-9]+\.[0-9]+  / { s = $1; sub(/^ *[0-9.]+  /, ""); printf "%s\t%s\n", $0, s }' "$1"
}

scaling_section() {
    local profile n round small big nruns=$scaling_runs rc key what secs usr sys notes=()
    local -A wall_s=() cpu_s=() rss_kb=() exit_rc=() took=() names=() cpu_split=()
    small=${scaling_sizes[0]}
    big=${scaling_sizes[${#scaling_sizes[@]} - 1]}
    local floor=0.010
    item "one run per size: \`zonelint check --threads 1 --timings\` with every default rule; each rule's time is its own (the rules run one after another; a fact several rules share is charged to the first that asks, the same rule at every size); seconds, wall clock, best of $(plural "$nruns" run)"
    item "x: the time at $(human "$big") over the time at $(human "$small") records; linear is $(awk -v a="$big" -v b="$small" 'BEGIN { printf "%.4g", a / b }')x, NOT LINEAR above $(awk -v a="$big" -v b="$small" 'BEGIN { printf "%.4g", a / b * 1.15 }')x (15% more)"
    item "a rule under 10 ms at $(human "$small") records is judged against 10 ms (its time there is mostly the clock's): it is NOT LINEAR only if at $(human "$big") it takes more than that bound times 10 ms"
    for profile in $profiles; do
        for n in "${scaling_sizes[@]}"; do zone "$profile" "$n"; done
    done
    for ((round = 1; round <= nruns; round++)); do
        for profile in $profiles; do
            for n in "${scaling_sizes[@]}"; do
                zone "$profile" "$n"
                progress "scaling, round $round/$nruns: $profile $n records, every rule timed"
                key=$profile@$n@timings
                run_once "$key" env RAYON_NUM_THREADS=1 "$zonelint" check "${one_thread[@]}" --timings \
                    --output-format "$out_format" --origin "$(origin_of "$profile")" "$zone_file"
                rc=${exit_rc[$key]}
                if [ "$rc" -gt 1 ]; then notes+=("$profile $n: exit $rc, $(first_line "$work/$key.out")"); fi
                # The whole run's user and system CPU, from its best run by CPU time: the kernel's
                # share (first touches of fresh memory, re-reading the file) is apart from ours.
                read -r _ usr sys _ < "$work/time"
                if [ -z "${cpu_split[$profile@$n]:-}" ] || awk -v a="$usr $sys" -v b="${cpu_split[$profile@$n]}" \
                    'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[1] + x[2] < y[1] + y[2]) }'; then
                    cpu_split[$profile@$n]="$usr $sys"
                fi
                while IFS=$'\t' read -r what secs; do
                    names[$what]=1
                    if [ -z "${took[$profile@$n@$what]:-}" ] || awk -v a="$secs" -v b="${took[$profile@$n@$what]}" 'BEGIN { exit !(a < b) }'; then
                        took[$profile@$n@$what]=$secs
                    fi
                done < <(timings_of "$work/$key.out")
                rm -f "$work/$key.out"
            done
        done
    done
    if [ "${#names[@]}" -lt 5 ]; then note "no \`--timings\` lines in zonelint's output: skipped"; return 0; fi
    local bad=0 count judged=0 line
    for profile in $profiles; do
        h3 "$profile: $(human "$small") and $(human "$big") records"
        for what in "${!names[@]}"; do
            printf '%s\t%s\t%s\n' "$what" "${took[$profile@$small@$what]:--}" "${took[$profile@$big@$what]:--}"
        done | awk -F'\t' -v small="$small" -v big="$big" -v floor="$floor" '
            {
                what = $1; s = $2; b = $3
                limit = big / small * 1.15
                rule = what ~ /^rule /
                order = rule ? 1 : what == "reading" || what == "graph" ? 0 : 2
                if (s == "-" || b == "-") { printf "%d\t%s\t| %-40s | %9s | %9s | %8s | %-11s |\n", order, 0, what, s, b, "-", "missing"; next }
                x = s > 0 ? sprintf("%.1fx", b / s) : "-"
                verdict = b <= limit * (s > floor ? s : floor) ? "linear" : "NOT LINEAR"
                if (rule && s < floor && verdict == "linear") verdict = "linear (<" floor * 1000 " ms)"
                printf "%d\t%s\t| %-40s | %9.4f | %9.4f | %8s | %-11s |\n", order, b, what, s, b, x, verdict
            }' | sort -t"$(printf '\t')" -k1,1n -k2,2gr | cut -f3- > "$work/scaling.$profile"
        printf '| %-40s | %9s | %9s | %8s | %-11s |\n' "phase or rule" "s $(human "$small")" "s $(human "$big")" x verdict
        printf '|%s|%s:|%s:|%s:|%s|\n' ------------------------------------------ ----------- ----------- ---------- -------------
        cat "$work/scaling.$profile"
        echo
        count=$(grep -c 'NOT LINEAR' "$work/scaling.$profile" || true)
        judged=$((judged + $(grep -c '| rule ' "$work/scaling.$profile" || true)))
        bad=$((bad + $(grep '| rule ' "$work/scaling.$profile" | grep -c 'NOT LINEAR' || true)))
        line=$(grep 'NOT LINEAR' "$work/scaling.$profile" | awk -F'|' '{ gsub(/^ +| +$/, "", $2); printf "%s%s", sep, $2; sep = ", " }' || true)
        item "$profile: $count NOT LINEAR${line:+: $line}"
        item "$profile, the whole run's CPU (best run): $(awk -v a="${cpu_split[$profile@$small]:-}" -v b="${cpu_split[$profile@$big]:-}" '
            function ratio(x, y) { return x > 0 ? sprintf("%.1fx", y / x) : "-" }
            BEGIN {
                if (split(a, s, " ") < 2 || split(b, l, " ") < 2) { print "not measured"; exit }
                printf "user %.2f s -> %.2f s (%s), system %.2f s -> %.2f s (%s)", s[1], l[1], ratio(s[1], l[1]), s[2], l[2], ratio(s[2], l[2])
            }')"
    done
    for line in "${notes[@]}"; do note "$line"; done
    summary+=("| rule scaling, $(human "$small") -> $(human "$big") records ($profiles) | $bad of $judged rule timings NOT LINEAR | $([ "$bad" = 0 ] && echo met || echo "NOT met") |")
}

# ---------------------------------------------------------------------------------------------
# The report

h1 "zonelint registry-scale benchmark (bench/compare.sh)"
echo
item "date: $(date -u '+%Y-%m-%d %H:%M UTC'), command: bench/compare.sh $args_given"
item "machine: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo) ($(awk -F': ' '/^cpu MHz/ { printf "%.0f MHz", $2; exit }' /proc/cpuinfo)), $cores cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
item "zonelint: $(zonelint_version) ($(rustc --version 2> /dev/null || echo 'rustc ?')), ${zonelint#"$root"/}, one thread = RAYON_NUM_THREADS=1${one_thread[*]:+ and ${one_thread[*]}}, output --output-format $out_format"
for peer in named-checkzone kzonecheck validns ldns-read-zone nsd-checkzone hyperfine valgrind; do
    v=$(peer_version "$peer")
    item "$peer: ${v:-not installed}"
done
item "zones: $(realpath --relative-to="$root" "$cache" 2> /dev/null || echo "$cache"), generator ${gen} (sha256 $gen_hash)"

if [ "$large" = 1 ]; then
    h2 "Large zones"
    echo "MB/s is the file size over the wall time; x wall and x cpu are each tool's time over zonelint's on"
    echo "one thread (named at 10.0x means zonelint is ten times faster). CPU time is user + sys: when it is"
    echo "below the wall time of a one-thread tool, other load took the CPU, and the CPU ratios are the fairer."
    for profile in $profiles; do
        for n in $records; do large_zone "$profile" "$n"; done
    done
fi
if [ "$tree" = 1 ]; then
    h2 "Many files"
    tree_section
fi
if [ "$startup" = 1 ]; then
    h2 "Start-up (a 50-record zone)"
    startup_section
fi
if [ "$callgrind" = 1 ]; then
    h2 "Instruction counts (callgrind)"
    callgrind_section
fi
if [ "$scaling" = 1 ]; then
    h2 "Rule scaling"
    scaling_section
fi

h2 "Summary of the targets"
if [ "$large" = 1 ]; then
    echo "Large zones, zonelint on one thread, by wall time / by CPU time:"
    echo
    echo "| zone | MB/s (>= 200) | x named-checkzone (>= 10) | x validns (>= 4) | RSS / file (<= 2) |"
    echo "|---|--:|--:|--:|--:|"
    for line in "${summary[@]}"; do case $line in "| mixed "* | "| tld "*) echo "$line" ;; esac; done
    echo
fi
echo "| target | measured | verdict |"
echo "|---|---|---|"
for line in "${summary[@]}"; do case $line in "| mixed "* | "| tld "*) ;; *) echo "$line" ;; esac; done
