#!/usr/bin/env bash
# Checks every PDF in DIR: qpdf --check passes, pdffonts shows exactly one
# embedded subset CJK (CID TrueType) font, and pdftotext finds the page
# numbering ("第 1 页 共 N 页"; pdftotext may drop the narrow spaces). Extra expected strings may follow DIR:
#   .ci/check-pdf.sh DIR [TEXT...]   (each TEXT must occur in some PDF)
# Installs qpdf and poppler-utils with apt-get when they are missing.
set -euo pipefail

dir=${1:?usage: .ci/check-pdf.sh DIR [EXPECTED_TEXT...]}
shift

if ! command -v qpdf >/dev/null || ! command -v pdffonts >/dev/null || ! command -v pdftotext >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq qpdf poppler-utils >/dev/null
fi

shopt -s nullglob
pdfs=("$dir"/*.pdf)
if [ ${#pdfs[@]} -eq 0 ]; then
  echo "check-pdf: no PDF in $dir" >&2
  exit 1
fi

fail=0
all_text=""
for pdf in "${pdfs[@]}"; do
  before=$fail
  if ! qpdf --check "$pdf" >/dev/null 2>&1; then
    echo "FAIL $pdf: qpdf --check"; qpdf --check "$pdf" | tail -5 || true; fail=1
  fi
  fonts=$(pdffonts "$pdf" | tail -n +3)
  n=$(printf '%s\n' "$fonts" | grep -c . || true)
  # Columns: name type encoding emb sub uni; the subset name has a XXXXXX+ tag.
  good=$(printf '%s\n' "$fonts" | grep -cE '^[A-Z]{6}\+\S+ +CID TrueType +Identity-H +yes +yes +yes' || true)
  if [ "$n" -ne 1 ] || [ "$good" -ne 1 ]; then
    echo "FAIL $pdf: expected one embedded subset CID TrueType font, pdffonts says:"; printf '%s\n' "$fonts"; fail=1
  fi
  text=$(pdftotext -enc UTF-8 "$pdf" -)
  # A here-string, not a pipe: grep -q exits early and, with pipefail, the
  # writer's SIGPIPE would fail a large document.
  if ! grep -qE '第 ?1 ?页 ?共 ?[0-9]+ ?页' <<<"$text"; then
    echo "FAIL $pdf: no page numbering in the text layer"; fail=1
  fi
  all_text+="$text"
  if [ "$fail" = "$before" ]; then
    echo "ok   $pdf ($(stat -c %s "$pdf") bytes, $(printf '%s\n' "$fonts" | awk '{print $1}'))"
  fi
done

squashed=$(printf '%s' "$all_text" | tr -d '[:space:]')
for want in "$@"; do
  w=$(printf '%s' "$want" | tr -d '[:space:]')
  if [[ "$squashed" != *"$w"* ]]; then
    echo "FAIL: expected text not found: $want"; fail=1
  fi
done

if [ "$fail" -ne 0 ]; then
  echo "check-pdf: FAILED"; exit 1
fi
echo "check-pdf: ${#pdfs[@]} PDF(s) ok"
