#!/usr/bin/env bash
# Peak memory of laying out and writing 10,000 forms as XLSX.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --no-run --bench xlsx_write 2>/dev/null
exe=$(ls -t target/release/deps/xlsx_write-* | grep -v '\.d$' | head -n 1)
for batch in 1 100; do
  JIXIAO_BENCH_BATCH=$batch /usr/bin/time -f "batch $batch: peak RSS %M KB, %e s wall, %U s user" "$exe" 2>&1 | grep -E 'write|peak'
done
