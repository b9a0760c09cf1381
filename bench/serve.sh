#!/usr/bin/env bash
# Server benchmark: how much time `jixiao serve` adds to `jixiao convert` for
# one sample, and the server's memory when idle and after the runs.
#
#   bench/serve.sh [RUNS] [SAMPLE]   (defaults: 30, samples/selfeval-jiading-2024.txt)
#
# For each output format, the median wall time of RUNS `jixiao convert SAMPLE
# -o out.FMT` (a new process each time, as a user runs it) and of RUNS
# `curl -F file=@SAMPLE /api/convert?to=FMT` against one running server.
# "added" is server − convert (negative: the server is quicker, since it
# skips process start and the font load after the first PDF). Idle memory is
# VmRSS of the server process after start and after all runs.
# Not part of `cargo test`; needs curl.
set -euo pipefail
RUNS=${1:-30}
SAMPLE=${2:-samples/selfeval-jiading-2024.txt}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin jixiao
BIN=target/release/jixiao
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" serve --port 0 >"$WORK/addr" 2>/dev/null &
PID=$!
for _ in $(seq 50); do grep -q http "$WORK/addr" 2>/dev/null && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$WORK/addr")
sleep 1
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status"; }
idle=$(rss)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { echo "$(( ($2 - $1) / 1000 ))" | awk '{printf "%.2f\n", $1/1000}'; }

echo "| format | convert (ms, median of $RUNS) | server (ms, median of $RUNS) | added (ms) |"
echo "|---|---|---|---|"
for fmt in json xlsx pdf html; do
    : >"$WORK/cli" ; : >"$WORK/srv"
    for _ in $(seq "$RUNS"); do
        t0=$(date +%s%N); "$BIN" convert "$SAMPLE" -o "$WORK/out.$fmt" 2>/dev/null; t1=$(date +%s%N)
        ms "$t0" "$t1" >>"$WORK/cli"
        t0=$(date +%s%N)
        curl -sf -o "$WORK/srv.$fmt" -F "file=@$SAMPLE" "${URL}api/convert?to=$fmt"
        t1=$(date +%s%N)
        ms "$t0" "$t1" >>"$WORK/srv"
    done
    cmp -s "$WORK/out.$fmt" "$WORK/srv.$fmt" && same="" || same=" (bytes differ)"
    [ "$fmt" = json ] || [ "$fmt" = html ] || same=""   # XLSX/PDF carry timestamps
    c=$(median <"$WORK/cli"); s=$(median <"$WORK/srv")
    echo "| $fmt | $c | $s | $(awk -v a="$s" -v b="$c" 'BEGIN {printf "%+.2f", a-b}')$same |"
done
echo
echo "server RSS: idle after start $idle MB, after the runs $(rss) MB"
