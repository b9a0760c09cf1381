#!/usr/bin/env bash
# Text shapes of issue 9: the samples re-shaped into every text shape
# (tools/reshape.py) and pdftotext -layout of LibreOffice's PDF print of the
# samples' workbooks, then the tests that read them (tests/text_shapes.rs).
# Installs libreoffice-calc-nogui and poppler-utils with apt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null || need+=(poppler-utils)
# A Chinese font, or the PDF has no text to extract (WenQuanYi: 5 MB).
{ command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; } || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

cargo build --quiet --bin jixiao
out=target/shapes
mkdir -p "$out/xlsx" "$out/pdf" "$out/reshaped"
for txt in samples/*.txt; do
    stem=$(basename "$txt" .txt)
    target/debug/jixiao convert "$txt" --to xlsx -o "$out/xlsx/$stem.xlsx" 2>/dev/null || true
    python3 tools/reshape.py "$out/xlsx/$stem.xlsx" "$out/reshaped"
done
# One LibreOffice run for all workbooks (a private profile: no clash with a running one).
timeout 600 soffice --headless -env:UserInstallation="file://$PWD/$out/lo-profile" \
    --convert-to pdf --outdir "$out/pdf" "$out"/xlsx/*.xlsx >/dev/null 2>&1
for pdf in "$out"/pdf/*.pdf; do
    pdftotext -layout "$pdf" "${pdf%.pdf}.txt"
done
# Writer's print of the samples' Word files, when .ci/direct.sh made it.
if [ -d target/direct-lo/writer-pdf ]; then
    mkdir -p "$out/writer"
    for pdf in target/direct-lo/writer-pdf/*.pdf; do
        pdftotext -layout "$pdf" "$out/writer/$(basename "${pdf%.pdf}").txt"
    done
fi
cargo test --quiet --test text_shapes -- --nocapture
