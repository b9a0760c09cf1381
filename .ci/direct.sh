#!/usr/bin/env bash
# The direct readers on files made by another program: LibreOffice prints the
# samples' workbooks (written by jixiao) to PDF, saves them as web pages, and
# Writer turns those pages into Word documents; every file must read back
# with at least 99 % of its fields equal to tests/golden.
#
#   .ci/direct.sh            (installs LibreOffice if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui libreoffice-writer-nogui)
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
for kind in pdf html docx; do
  n=$(ls "$out/$kind" | wc -l)
  if [ "$n" -ne 4 ]; then
    echo "direct.sh: LibreOffice made $n files in $out/$kind, expected 4" >&2
    exit 1
  fi
done
JIXIAO_LO_FILES="$out" cargo test --test direct_readers made_by_libreoffice -- --nocapture
