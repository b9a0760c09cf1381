#!/usr/bin/env bash
# CI (helper "cli"): the release binary is stripped of debug info, and the
# broken-pipe / full-disk behaviour holds for the release build as well.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/jixiao
size=$(stat -c %s "$bin")
echo "release binary: $size bytes"
# 68 MB with debug info; the code and the built-in font are about 20 MB.
test "$size" -lt 35000000
# A closed pipe ends quietly; a full disk is an error with exit 1.
out=$("$bin" convert samples/selfeval-jiading-2024.txt -o - 2>&1 | head -c 1)
test "$out" = "{"
if [ -e /dev/full ]; then
  set +e
  "$bin" check samples/ --json > /dev/full 2>/tmp/cli-full.err
  rc=$?
  set -e
  test "$rc" -eq 1 && grep -q "无法写入标准输出" /tmp/cli-full.err
fi
echo "cli checks ok"
