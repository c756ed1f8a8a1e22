# Shell helpers shared by the benchmarks (bench/reader.sh, bench/compare.sh). Sourced, not run:
#
#   . "$(dirname "$0")/lib.sh"
#   bench_init reader.sh          # sets root, gen, gen_hash, cache, work; cleans up on exit
#
# Environment: ZONELINT_BENCH_DIR (zone cache, default target/bench-zones), GEN_ZONE (generator,
# default ../shared/bench/gen-zone.py beside the repository or beside its main checkout when this
# is a git worktree). Nothing here writes outside the cache and the work directory, which is
# made under target/ and removed on exit.
# shellcheck shell=bash

# bench_die MESSAGE: an error for the user, exit status 2.
bench_die() { echo "$bench_name: $*" >&2; exit 2; }

# bench_find_generator: GEN_ZONE, else ../shared/bench/gen-zone.py beside the repository, else
# beside the main checkout (a worktree such as /work/wt/x shares /work/main/.git).
bench_find_generator() {
    local common
    if [ -n "${GEN_ZONE:-}" ]; then echo "$GEN_ZONE"; return; fi
    if [ -f "$root/../shared/bench/gen-zone.py" ]; then echo "$root/../shared/bench/gen-zone.py"; return; fi
    common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2> /dev/null) || common=
    if [ -n "$common" ] && [ -f "$common/../../shared/bench/gen-zone.py" ]; then
        (cd "$common/../../shared/bench" && echo "$PWD/gen-zone.py")
        return
    fi
    echo "$root/../shared/bench/gen-zone.py"
}

# bench_init NAME: the common set-up. `work` is a fresh directory under target/ for outputs of
# the timed runs (large: a 10M-record zone's findings are hundreds of MB), removed on exit, as is
# a half-generated zone (`bench_partial`) when the run is interrupted.
bench_init() {
    bench_name=$1
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    gen=$(bench_find_generator)
    [ -f "$gen" ] || bench_die "generator not found: $gen (set GEN_ZONE)"
    gen_hash=$(sha256sum "$gen" | cut -c1-12)
    cache=${ZONELINT_BENCH_DIR:-$root/target/bench-zones}
    mkdir -p "$cache" "$root/target"
    work=$(mktemp -d "$root/target/bench-work.XXXXXX")
    bench_partial=
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

bench_cleanup() {
    case ${bench_partial:-} in *.tmp) rm -rf -- "$bench_partial" ;; esac
    [ -n "${work:-}" ] && rm -rf -- "$work"
}

# bench_need_time: GNU time, which reports peak RSS (bash's `time` does not).
bench_need_time() {
    [ -x /usr/bin/time ] && return 0
    if [ "$(id -u)" = 0 ]; then
        echo "$bench_name: installing GNU time (/usr/bin/time)" >&2
        apt-get install -y -qq time >&2 || { apt-get update -qq >&2 && apt-get install -y -qq time >&2; }
    else
        bench_die "/usr/bin/time is missing: apt-get install time"
    fi
}

# bench_time OUT CMD...: runs CMD (stdout and stderr are the caller's) and writes "wall user sys
# maxrss_kb status" to OUT. The times come from bash's `time` to the millisecond (GNU time rounds
# to 10 ms, too coarse for a rule's own cost; it adds about 1 ms), the peak RSS and the exit
# status from GNU time (a measuring process of its own would count its own size in the child's
# peak RSS, which is inherited across exec).
bench_time() {
    local out=$1 TIMEFORMAT='%3R %3U %3S'
    shift
    { time /usr/bin/time -f '%M %x' -o "$out.gnu" "$@" 2>&3; } 3>&2 2> "$out.bash" || true
    # A command killed by a signal: GNU time says so on a line of its own and gives status 0.
    printf '%s %s\n' "$(tail -n 1 "$out.bash")" "$(awk '/terminated by signal/ { sig = $NF }
        END { split($0, f, " "); print f[1], sig != "" ? 128 + sig : f[2] }' "$out.gnu")" > "$out"
}

origin_of() { case $1 in tld) echo example. ;; *) echo example.com. ;; esac; }

# zone PROFILE RECORDS: sets zone_file to the cached zone, generated if missing. The name carries
# a hash of the generator, so an edited generator never serves stale zones. Runs in the calling
# shell (not in $(...)), so that an interrupted generation is cleaned up.
zone() {
    local profile=$1 n=$2 origin
    origin=$(origin_of "$profile")
    zone_file=$cache/$profile-$n-seed1-$gen_hash.zone
    if [ ! -s "$zone_file" ]; then
        echo "generating $profile zone, $n records -> $zone_file" >&2
        bench_partial=$zone_file.tmp
        python3 "$gen" --records "$n" --seed 1 --profile "$profile" --origin "$origin" > "$bench_partial"
        mv "$bench_partial" "$zone_file"
        bench_partial=
    fi
}

# run_once NAME CMD... : one timed run; keeps the best wall and the best CPU time seen (each its
# own minimum: on a shared machine both only ever get worse), the largest peak RSS, and the exit
# status and output (stdout and stderr, in $work/NAME.out) of the last run. The caller declares
# the associative arrays wall_s, cpu_s, rss_kb and exit_rc (`local -A` is seen here too).
# shellcheck disable=SC2004,SC2034 # the arrays are the caller's, and associative
run_once() {
    local name=$1; shift
    local wall usr sys rss rc cpu
    bench_time "$work/time" "$@" > "$work/$name.out" 2>&1 || true
    read -r wall usr sys rss rc < "$work/time"
    cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.4f", u + s }')
    if [ -z "${wall_s[$name]:-}" ] || awk -v a="$wall" -v b="${wall_s[$name]}" 'BEGIN { exit !(a < b) }'; then
        wall_s[$name]=$wall
    fi
    if [ -z "${cpu_s[$name]:-}" ] || awk -v a="$cpu" -v b="${cpu_s[$name]}" 'BEGIN { exit !(a < b) }'; then
        cpu_s[$name]=$cpu
    fi
    if [ -z "${rss_kb[$name]:-}" ] || [ "$rss" -gt "${rss_kb[$name]}" ]; then rss_kb[$name]=$rss; fi
    exit_rc[$name]=$rc
}

# findings_of FILE: zonelint's finding count from its summary line (`830 errors, 2288 warnings,
# 275 infos in 1 file`), else the concise lines that end in `[rule-id]`.
findings_of() {
    awk '/^[0-9]+ (errors?|warnings?|infos?)(, [0-9]+ (errors?|warnings?|infos?))* in [0-9]+ files?$/ {
            n = 0; for (i = 1; i < NF; i++) if ($(i + 1) ~ /^(errors?|warnings?|infos?),?$/) n += $i
            summary = n }
        / \[[a-z0-9-]+\]$/ { lines++ }
        END { print summary != "" ? summary : lines + 0 }' "$1"
}

# files_of FILE: the file count of zonelint's summary line, or ? when there is none.
files_of() {
    awk '/ in [0-9]+ files?$/ { n = $(NF - 1) } END { print n != "" ? n : "?" }' "$1"
}

# top_functions yes|no CALLGRIND_OUT TOTAL [N]: callgrind_annotate splits a function by the
# source file of each inlined line (`vec/mod.rs:parse_name`, `name.rs:parse_name`): self costs
# are added up per function; for inclusive costs the largest part is kept (the parts overlap).
# Prints the top N (default 25).
top_functions() {
    callgrind_annotate --inclusive="$1" --threshold=100 --auto=no "$2" 2> /dev/null |
        awk -v total="$3" -v inclusive="$1" '
        /file:function$/ { on = 1; next }
        on && /^$/ { exit }
        on && /^ *[0-9,]+ \( *[0-9.]+%\) / {
            ir = $1; gsub(",", "", ir); ir += 0
            fn = $0; sub(/^ *[0-9,]+ \( *[0-9.]+%\) +/, "", fn); sub(/ \[[^]]*\]$/, "", fn)
            i = index(fn, ":"); if (i > 0 && substr(fn, i + 1, 1) != ":") fn = substr(fn, i + 1)
            if (fn == "PROGRAM TOTALS") next
            if (inclusive == "yes") { if (ir > cost[fn]) cost[fn] = ir } else cost[fn] += ir
        }
        END { for (fn in cost) if (index(fn, "\047") == 0 && fn !~ /^(0x|\(below main\)|__libc_start|main$|std::rt::|std::sys::backtrace)/) printf "%14.0f %5.1f%%  %s\n", cost[fn], 100 * cost[fn] / total, fn }' |
        sort -k1,1nr | awk -v n="${4:-25}" 'NR <= n' | cut -c1-160
}

# zonelint_version: short commit, and a note when src/ or the manifest differ from it.
zonelint_version() {
    local v
    v=$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?')
    git -C "$root" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2> /dev/null || v+=" + uncommitted changes to src/"
    echo "$v"
}

# peer_version TOOL: one line, or nothing when TOOL is not installed.
peer_version() {
    command -v "$1" > /dev/null || return 0
    case $1 in
        named-checkzone) named-checkzone -v 2>&1 | awk 'NR == 1' ;;
        kzonecheck) kzonecheck --version 2>&1 | awk 'NR == 1' ;;
        validns) dpkg-query -W -f '${Version}' validns 2> /dev/null || echo '?' ;;
        ldns-read-zone) ldns-read-zone -v 2>&1 | awk 'NR == 1' ;;
        nsd-checkzone) dpkg-query -W -f '${Version}' nsd 2> /dev/null || echo '?' ;;
        *) "$1" --version 2>&1 | awk 'NR == 1' ;;
    esac
}

# mb BYTES: decimal megabytes, one decimal.
mb() { awk -v s="$1" 'BEGIN { printf "%.1f", s / 1e6 }'; }
