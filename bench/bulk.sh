#!/usr/bin/env bash
# Bulk benchmark: generate a master of N projects (15 indicators each), then
# time `fill --to xlsx,pdf` (one file per project), `collect` over the result,
# and `fill --one-file`, with peak memory from /usr/bin/time -v.
#
#   bench/bulk.sh [N] [WORKDIR]        (defaults: 10000, target/bench-bulk)
#
# Not part of `cargo test`. Prints a Markdown table for docs/bench-bulk.md.
set -euo pipefail

N=${1:-10000}
WORK=${2:-target/bench-bulk}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin jixiao --example gen_master
BIN=target/release/jixiao
rm -rf "$WORK"
mkdir -p "$WORK"

# run NAME COUNT CMD...: times CMD, records wall seconds, forms/s and peak RSS.
run() {
    local name=$1 count=$2
    shift 2
    /usr/bin/time -v "$@" 2>"$WORK/$name.time" >/dev/null || {
        echo "$name failed:" >&2
        tail -20 "$WORK/$name.time" >&2
        exit 1
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$name.time" |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
    printf '| %s | %d | %.1f s | %.0f | %.0f MB |\n' "$name" "$count" "$wall" \
        "$(echo "$count / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

echo "| step | forms | wall | forms/s | peak RSS |"
echo "|---|---|---|---|---|"
run gen_master "$N" target/release/examples/gen_master "$N" 15 "$WORK/master.xlsx"
run "fill --to xlsx,pdf" "$N" $BIN fill "$WORK/master.xlsx" -o "$WORK/out" --to xlsx,pdf
run "fill --to xlsx" "$N" $BIN fill "$WORK/master.xlsx" -o "$WORK/out-xlsx" --to xlsx
run "fill --to pdf" "$N" $BIN fill "$WORK/master.xlsx" -o "$WORK/out-pdf" --to pdf
# Outputs stay until the next run: deleting 20,000 files makes ext4 slow to
# allocate inodes for a minute or more, which would skew the next steps.
run "collect (XLSX forms)" "$N" $BIN collect "$WORK/out" -o "$WORK/collected.xlsx"
run "fill --one-file --to xlsx" "$N" $BIN fill "$WORK/master.xlsx" -o "$WORK/one" --one-file --to xlsx
run "fill --one-file --to pdf" "$N" $BIN fill "$WORK/master.xlsx" -o "$WORK/one" --one-file --to pdf
echo
echo "cores: $(nproc); output: $(du -sh "$WORK/out" | cut -f1) in $(find "$WORK/out" -type f | wc -l) files"
