#!/usr/bin/env bash
# The direct readers on files made by another program: LibreOffice prints the
# samples' workbooks (written by jixiao) to PDF, saves them as web pages, and
# Writer turns those pages into Word documents (.docx, and .doc saved from
# them); every file must read back with at least 99 % of its fields equal
# to tests/golden (for the samples) or to the workbook it was made from (for
# generated forms).
#
#   .ci/direct.sh            (installs LibreOffice if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
has() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
has libreoffice-calc-nogui || has libreoffice-calc || need+=(libreoffice-calc-nogui)
has libreoffice-writer-nogui || has libreoffice-writer || need+=(libreoffice-writer-nogui)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --quiet
out=target/direct-lo
rm -rf "$out"
mkdir -p "$out"
target/debug/jixiao convert samples/*.txt -o "$out/xlsx/" --to xlsx 2>/dev/null
# A profile of our own: another LibreOffice may be running.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
lo() { soffice -env:UserInstallation="file://$profile" --headless "$@" >/dev/null 2>&1; }
lo --convert-to pdf --outdir "$out/pdf" "$out"/xlsx/*.xlsx
lo --convert-to html --outdir "$out/html" "$out"/xlsx/*.xlsx
lo --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" --outdir "$out/docx" "$out"/html/*.html
lo --convert-to pdf --outdir "$out/writer-pdf" "$out"/docx/*.docx
# Calc's CSV of every sheet, numbers as shown (one file per form:
# STEM-SHEET.csv), as Excel's and WPS's “另存为 CSV” writes a sheet.
lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' --outdir "$out/csv" "$out"/xlsx/*.xlsx
# Writer's Word 97-2003 save of the same documents (.doc).
lo --convert-to doc --outdir "$out/doc" "$out"/docx/*.docx
# Forms nobody picked: a generated master of 12 projects with 25 indicators
# each, filled into workbooks by jixiao (the workbook reading is the truth).
cargo build --quiet --example gen_master
target/debug/examples/gen_master 12 25 "$out/master.xlsx" >/dev/null
target/debug/jixiao fill "$out/master.xlsx" -o "$out/gen/xlsx" --to xlsx >/dev/null 2>&1
lo --convert-to pdf --outdir "$out/gen/pdf" "$out"/gen/xlsx/*.xlsx
lo --convert-to html --outdir "$out/gen/html" "$out"/gen/xlsx/*.xlsx
lo --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" --outdir "$out/gen/docx" "$out"/gen/html/*.html
lo --convert-to pdf --outdir "$out/gen/writer-pdf" "$out"/gen/docx/*.docx
lo --convert-to doc --outdir "$out/gen/doc" "$out"/gen/docx/*.docx
# Chromium's print of our own web pages (Skia writes Type 3 fonts whose
# ToUnicode maps may give Kangxi radicals, and splits rows over pages).
kinds="pdf html docx doc writer-pdf"
if command -v chromium >/dev/null; then
  kinds="$kinds chromium-pdf"
  chrome_print() { # DIR_OUT HTML...
    local dir=$1; shift
    mkdir -p "$dir"
    for page in "$@"; do
      timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$dir/$(basename "${page%.html}").pdf" "$page" >/dev/null 2>&1
    done
  }
  target/debug/jixiao convert "$out"/xlsx/*.xlsx -o "$out/ours-html/" --to html 2>/dev/null
  target/debug/jixiao convert "$out"/gen/xlsx/*.xlsx -o "$out/gen/ours-html/" --to html 2>/dev/null
  chrome_print "$out/chromium-pdf" "$out"/ours-html/*.html
  chrome_print "$out/gen/chromium-pdf" "$out"/gen/ours-html/*.html
else
  echo "direct.sh: no chromium, its prints are not checked" >&2
fi
for kind in $kinds; do
  for dir in "$out/$kind" "$out/gen/$kind"; do
    n=$(ls "$dir" | wc -l)
    want=$([ "$dir" = "$out/$kind" ] && echo 4 || echo 12)
    if [ "$n" -ne "$want" ]; then
      echo "direct.sh: LibreOffice made $n files in $dir, expected $want" >&2
      exit 1
    fi
  done
done
JIXIAO_LO_FILES="$out" cargo test --test direct_readers made_by_libreoffice -- --nocapture
