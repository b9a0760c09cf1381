#!/usr/bin/env bash
# Browser test of `jixiao serve`: installs Debian's chromium + chromedriver and
# Python selenium/openpyxl if missing, starts the server on a free port, and
# drives the page through upload → tables → XLSX download → 批量填表 → 汇总
# (.ci/web_browser.py). Screenshots go to target/web-shots/.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-cjk >/dev/null
fi
if ! python3 -c 'import selenium, openpyxl' 2>/dev/null; then
  pip install --quiet selenium openpyxl 2>/dev/null \
    || pip install --quiet --break-system-packages selenium openpyxl
fi
bin=target/debug/jixiao
[ -x "$bin" ] || cargo build --quiet
exec python3 .ci/web_browser.py "$bin" target/web-shots
