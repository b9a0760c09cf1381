#!/usr/bin/env bash
# Peak memory of the text reader on 10,000 forms: whole file vs streamed.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --no-run --bench read_text 2>/dev/null
exe=$(ls -t target/release/deps/read_text-* | grep -v '\.d$' | head -n 1)
for mode in whole stream; do
  JIXIAO_BENCH_MODE=$mode /usr/bin/time -f "$mode: peak RSS %M KB" "$exe" 2>&1 | grep -E 'forms/s|peak|input'
done
