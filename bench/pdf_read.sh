#!/usr/bin/env bash
# PDF reading benchmark: our reader (`jixiao convert FORMS.pdf -o FORMS.json`:
# PDF → cells → forms → JSON) against `pdftotext -layout` (poppler, text
# only) on the same multi-form PDF, best of RUNS, with peak memory.
#
#   bench/pdf_read.sh [COPIES] [RUNS] [WORKDIR]   (defaults: 10, 3, target/bench-pdf-read)
#
# The PDF holds every bundled sample's forms COPIES times (10 → 270 forms,
# about 600 pages), written by this project. Needs pdftotext (poppler-utils).
set -euo pipefail
COPIES=${1:-10}
RUNS=${2:-3}
WORK=${3:-target/bench-pdf-read}
cd "$(dirname "$0")/.."
command -v pdftotext >/dev/null || { echo "needs pdftotext (apt-get install poppler-utils)" >&2; exit 1; }
cargo build --release --quiet --bin jixiao
BIN=target/release/jixiao
rm -rf "$WORK"
mkdir -p "$WORK"
$BIN convert samples/*.txt -o "$WORK/samples.json" 2>/dev/null
python3 - "$WORK/samples.json" "$COPIES" "$WORK/forms.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["forms"] = doc["forms"] * int(sys.argv[2])
json.dump(doc, open(sys.argv[3], "w"), ensure_ascii=False)
PY
$BIN convert "$WORK/forms.json" -o "$WORK/forms.pdf"
pages=$(pdfinfo "$WORK/forms.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
forms=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['forms']))" "$WORK/forms.json")

# best NAME CMD...: best wall seconds and its peak RSS (KB) over RUNS runs.
best() {
    local name=$1 wall rss bw=999999 br=0
    shift
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -v "$@" >/dev/null 2>"$WORK/$name.time"
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$name.time" |
            awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
        if (( $(echo "$wall < $bw" | bc -l) )); then bw=$wall; br=$rss; fi
    done
    echo "$bw $br"
}
read -r ours ours_rss < <(best jixiao $BIN convert "$WORK/forms.pdf" -o "$WORK/back.json")
read -r poppler poppler_rss < <(best pdftotext pdftotext -layout "$WORK/forms.pdf" "$WORK/forms.txt")
back=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['forms']))" "$WORK/back.json")
size=$(du -k "$WORK/forms.pdf" | cut -f1)
echo "PDF: $forms forms, $pages pages, $size KB; read back $back forms"
echo "| reader | wall (best of $RUNS) | peak RSS |"
echo "|---|---|---|"
printf '| jixiao convert FORMS.pdf -o FORMS.json | %.2f s | %.0f MB |\n' "$ours" "$(echo "$ours_rss / 1024" | bc -l)"
printf '| pdftotext -layout FORMS.pdf | %.2f s | %.0f MB |\n' "$poppler" "$(echo "$poppler_rss / 1024" | bc -l)"
printf 'ratio: %.2f × pdftotext\n' "$(echo "$ours / $poppler" | bc -l)"
