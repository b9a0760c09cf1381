#!/usr/bin/env bash
# Checks written workbooks as another program sees them.
#
#   .ci/check-xlsx.sh DIR
#
# For every DIR/*.xlsx: openpyxl must open it; every sheet must hold merged
# ranges (the official forms merge their title and block labels), be set up
# for A4 portrait (paper size 9), fit to one page wide, centred horizontally,
# with the indicator header as print-title rows; and LibreOffice must convert
# it to PDF without error. Exits non-zero naming each failing file.
set -euo pipefail
dir=${1:?usage: $0 DIR-WITH-XLSX-FILES}
shopt -s nullglob
files=("$dir"/*.xlsx)
if [ ${#files[@]} -eq 0 ]; then
  echo "check-xlsx: no .xlsx files in $dir" >&2
  exit 1
fi
python3 -c 'import openpyxl' 2>/dev/null || pip install --quiet openpyxl

python3 - "${files[@]}" <<'PY'
import sys
from openpyxl import load_workbook

failed = 0
for path in sys.argv[1:]:
    problems = []
    try:
        wb = load_workbook(path)
    except Exception as e:  # any reason openpyxl cannot open it
        print(f"{path}: openpyxl cannot open it: {e}")
        failed += 1
        continue
    for ws in wb.worksheets:
        where = f"{path}!{ws.title}"
        if not ws.merged_cells.ranges:
            problems.append(f"{where}: no merged ranges")
        if str(ws.page_setup.paperSize) != "9":
            problems.append(f"{where}: paper size {ws.page_setup.paperSize}, want 9 (A4)")
        if ws.page_setup.orientation != "portrait":
            problems.append(f"{where}: orientation {ws.page_setup.orientation}")
        if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage:
            problems.append(f"{where}: not fit to page")
        if ws.page_setup.fitToWidth not in (1, None) or ws.page_setup.fitToHeight != 0:
            problems.append(f"{where}: fit {ws.page_setup.fitToWidth} wide × {ws.page_setup.fitToHeight} tall, want 1 × 0")
        if not ws.print_options.horizontalCentered:
            problems.append(f"{where}: not centred horizontally")
        if not ws.print_title_rows:
            problems.append(f"{where}: no repeated header rows")
    for p in problems:
        print(p)
    failed += bool(problems)
print(f"check-xlsx: {len(sys.argv) - 1 - failed} of {len(sys.argv) - 1} workbooks pass the openpyxl checks")
sys.exit(1 if failed else 0)
PY

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for f in "${files[@]}"; do
  if ! timeout 180 libreoffice --headless --convert-to pdf --outdir "$out" "$f" >"$out/log" 2>&1; then
    echo "$f: LibreOffice conversion failed:" >&2
    cat "$out/log" >&2
    status=1
    continue
  fi
  pdf="$out/$(basename "${f%.xlsx}").pdf"
  if [ ! -s "$pdf" ]; then
    echo "$f: LibreOffice wrote no PDF" >&2
    cat "$out/log" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "check-xlsx: LibreOffice converted all ${#files[@]} workbooks to PDF"
exit $status
