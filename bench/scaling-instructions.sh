#!/usr/bin/env bash
# Rule scaling in instructions: valgrind's callgrind counts the instructions each rule executes
# (its check with everything it calls, the facts it is the first to ask for included) on
# generated zones of two sizes, so that a rule whose work grows faster than the zone shows however
# busy the machine is. The time-based scaling test (`bench/compare.sh --scaling`) also sees
# memory access, which is what grows faster than the zone at 10M records on a VM, and which a
# noisy VM blurs by 30% from run to run; this one sees the work alone.
#
#   bench/scaling-instructions.sh [--records "A B"] [--profiles "mixed tld"] [--no-build]
#
# --records: the two sizes (default "100000 1000000"; callgrind runs about 50 times slower than
# zonelint, so the default takes about 10 minutes). Each profile of ../shared/bench/gen-zone.py
# is generated at both sizes into the zone cache (as bench/compare.sh does) and checked by
# `zonelint check` with every default rule on one thread, under callgrind.
#
# Prints one markdown table per profile: for the reading, the graph, every rule that ran as a
# function of its own, all rules together and the whole run, the instructions at each size and
# their ratio. NOT LINEAR when the ratio exceeds the size ratio x 1.15. A part under 1,000,000
# instructions at the smaller size is judged against 1,000,000 (its count there is mostly fixed
# costs: building a table once, the rule's own set-up), so a part that is tiny there but
# quadratic still shows at the larger size. A few small rules are inlined into the runner by the
# compiler and have no line of their own; they are in "all rules".
#
# Environment: ZONELINT (a zonelint binary to measure instead of `cargo build-static`),
# ZONELINT_BENCH_DIR (zone cache), GEN_ZONE (generator). The callgrind outputs are kept in
# target/bench-scaling/ for callgrind_annotate. Not part of `cargo test`; needs no network.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

records="100000 1000000"
profiles="mixed tld"
build=1
while [ $# -gt 0 ]; do
    case $1 in
        --records) records=$2; shift 2 ;;
        --records=*) records=${1#--records=}; shift ;;
        --profiles) profiles=$2; shift 2 ;;
        --profiles=*) profiles=${1#--profiles=}; shift ;;
        --no-build) build=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "scaling-instructions.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done
read -r small large extra <<< "$records"
case "$small$large" in *[!0-9]* | "") echo "scaling-instructions.sh: --records takes two numbers" >&2; exit 2 ;; esac
if [ -n "${extra:-}" ] || [ "$small" -lt 2 ] || [ "$large" -le "$small" ]; then
    echo "scaling-instructions.sh: --records takes two sizes, the smaller first" >&2
    exit 2
fi

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_init scaling-instructions.sh
command -v valgrind > /dev/null || bench_die "valgrind is not installed (apt-get install valgrind)"

zonelint=${ZONELINT:-}
if [ -z "$zonelint" ]; then
    if [ "$build" = 1 ]; then
        echo "building: cargo build-static" >&2
        (cd "$root" && cargo -q build-static)
    fi
    zonelint=${CARGO_TARGET_DIR:-$root/target}/release/zonelint
fi
[ -x "$zonelint" ] || bench_die "$zonelint is missing (cargo build-static, or set ZONELINT)"
keep=$root/target/bench-scaling
mkdir -p "$keep"
version=$(zonelint_version)

# costs CALLGRIND_OUT: "PART<TAB>INSTRUCTIONS" lines: the whole run, the reading, the graph,
# all rules and each rule's check. A function's cost is the sum of the inclusive costs of the
# calls into it (the "<" lines of callgrind_annotate's caller tree): callgrind_annotate also
# lists a function once per source file of its inlined lines, and only the calls count it whole.
costs() {
    awk '/^(summary|totals):/ { printf "whole run\t%.0f\n", $2; exit }' "$1"
    callgrind_annotate --threshold=100 --tree=caller --inclusive=yes "$1" 2> /dev/null | awk '
        function symbol(line,   s) {
            s = line
            sub(/^ *[0-9,]+ +\([ 0-9.]+%\) +[<*] +/, "", s)
            sub(/ \[[^]]*\]$/, "", s)
            sub(/^[^:]*:/, "", s)
            sub(/\047[0-9]+$/, "", s)
            return s
        }
        function cost(line,   c) { c = line; sub(/^ */, "", c); sub(/ .*/, "", c); gsub(/,/, "", c); return c + 0 }
        /^ *[0-9,]+ +\([ 0-9.]+%\) +< / { pending += cost($0); next }
        /^ *[0-9,]+ +\([ 0-9.]+%\) +\* / { total[symbol($0)] += pending; pending = 0; next }
        /^ *$/ { pending = 0 }
        END {
            for (s in total) {
                part = ""
                if (s == "zonelint::cli::read::read_all") part = "reading"
                else if (s == "zonelint::graph::Graph::build") part = "graph"
                else if (s == "zonelint::rules::run_inner") part = "all rules"
                else if (match(s, /^<zonelint::rules::[a-z0-9_]+::[A-Za-z0-9]+ as zonelint::rules::Check>::check$/)) {
                    part = s; sub(/^<zonelint::rules::/, "", part); sub(/::.*/, "", part); gsub(/_/, "-", part)
                    part = "rule " part
                }
                if (part != "" && total[s] > 0) printf "%s\t%.0f\n", part, total[s]
            }
        }'
}

profile_table() {
    local profile=$1 origin n out
    origin=$(origin_of "$profile")
    for n in "$small" "$large"; do
        zone "$profile" "$n"
        out=$keep/callgrind-${version%% *}-$profile-$n.out
        echo "callgrind: zonelint check, every default rule, 1 thread, $profile $n records" >&2
        RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$out" "$zonelint" check \
            --threads 1 --output-format concise --origin "$origin" "$zone_file" \
            > "$work/stdout" 2> "$work/stderr" || true
        [ -s "$out" ] || bench_die "callgrind wrote nothing for $profile $n: $(head -n 3 "$work/stderr")"
        costs "$out" > "$work/costs-$n"
    done
    echo
    echo "## $profile: $small and $large records"
    echo
    awk -F '\t' -v small="$small" -v large="$large" '
        FNR == 1 { file++ }
        file == 1 { a[$1] = $2; next }
        { b[$1] = $2 }
        END {
            size = large / small; bound = size * 1.15; floor = 1000000
            printf "| %-40s | %15s | %15s | %8s | %-11s |\n", "part", small " records", large " records", "x", "verdict"
            printf "|%s|%s:|%s:|%s:|%s|\n", "------------------------------------------", "-----------------", "-----------------", "----------", "-------------"
            n = split("whole run,reading,graph,all rules", head, ",")
            for (i = 1; i <= n; i++) row(head[i])
            # Rules by their cost at the larger size, the largest first.
            m = 0
            for (p in b) if (p ~ /^rule /) names[++m] = p
            for (i = 2; i <= m; i++) for (j = i; j > 1 && b[names[j]] > b[names[j - 1]]; j--) {
                t = names[j]; names[j] = names[j - 1]; names[j - 1] = t }
            for (i = 1; i <= m; i++) row(names[i])
            printf "\n- x: instructions at %.0f records over those at %.0f; linear is %.1fx, NOT LINEAR above %.1fx\n", large, small, size, bound
            printf "- a part under %.0f instructions at %.0f records is judged against %.0f: NOT LINEAR only if it takes more than %.0f at %.0f\n", floor, small, floor, floor * bound, large
            printf "- %d NOT LINEAR of %d parts\n", bad, shown
        }
        function row(p,   x, base, verdict) {
            if (!(p in b)) return
            base = (p in a) ? a[p] : 0
            x = base > 0 ? b[p] / base : 0
            verdict = b[p] > bound * (base > floor ? base : floor) ? "NOT LINEAR" : "linear"
            if (verdict != "linear") bad++
            shown++
            printf "| %-40s | %15.0f | %15.0f | %7.1fx | %-11s |\n", p, base, b[p], x, verdict
        }' "$work/costs-$small" "$work/costs-$large"
}

echo "# zonelint rule scaling in instructions (callgrind)"
echo
echo "- zonelint: $version, $zonelint, every default rule, --threads 1, --output-format concise"
echo "- $(valgrind --version), sizes $small and $large records, profiles: $profiles"
echo "- callgrind outputs kept in ${keep#"$root"/}/"
for profile in $profiles; do
    profile_table "$profile"
done
