#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, never committed) with the zone files of
# ../shared/corpora (those MANIFEST.tsv lists as zones, include fragments or YAML cases) and
# every file under tests/fixtures. Safe to run again: files are named by content hash.
#
# usage: fuzz/seed.sh [target...]      (default: reader roundtrip)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpora="${CORPORA:-$repo/../shared/corpora}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(reader roundtrip)

files=()
if [ -f "$corpora/MANIFEST.tsv" ]; then
    # column 1 is local_path, column 8 is kind
    while IFS=$'\t' read -r path kind; do
        [ -f "$corpora/$path" ] && files+=("$corpora/$path")
    done < <(awk -F'\t' 'NR > 1 && ($8 == "zone" || $8 == "include-fragment" || $8 == "case-yaml") { print $1 "\t" $8 }' "$corpora/MANIFEST.tsv")
elif [ -d "$corpora" ]; then
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$corpora" -type f -print0)
else
    echo "seed.sh: no corpora at $corpora (set CORPORA=...)" >&2
fi
if [ -d "$repo/tests/fixtures" ]; then
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$repo/tests/fixtures" -type f ! -name '*.snap' -print0)
fi

for target in "${targets[@]}"; do
    dir="$here/corpus/$target"
    mkdir -p "$dir"
    for f in "${files[@]}"; do
        sum="$(sha1sum "$f" | cut -c1-40)"
        cp "$f" "$dir/$sum"
    done
    echo "seed.sh: $target: $(ls "$dir" | wc -l) files in $dir"
done
