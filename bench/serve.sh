#!/usr/bin/env bash
# Server benchmark: how much time `jixiao serve` adds to `jixiao convert` for
# one sample, and the server's memory when idle and after the runs.
#
#   bench/serve.sh [RUNS] [SAMPLE]   (defaults: 30, samples/selfeval-jiading-2024.txt)
#
# For each output format: the median wall time of RUNS `jixiao convert SAMPLE
# -o out.FMT` (a new process each time, as a user runs it), the median time
# of RUNS uploads of SAMPLE to `POST /api/convert?to=FMT` of one running
# server, sent by a Python client on one kept-alive connection (so the
# client's own start-up is not counted). "added" is server − process: negative
# when the server is quicker (no process start, font and templates loaded
# once). The bare HTTP round trip (GET of the page's stylesheet) shows what
# HTTP itself costs. Idle memory is VmRSS of the server process after start
# and after all runs.
# Not part of `cargo test`; needs python3.
set -euo pipefail
RUNS=${1:-30}
SAMPLE=${2:-samples/selfeval-jiading-2024.txt}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin jixiao
BIN=target/release/jixiao
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" serve --port 0 >"$WORK/addr" 2>/dev/null &
PID=$!
for _ in $(seq 50); do grep -q http "$WORK/addr" 2>/dev/null && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$WORK/addr")
sleep 1
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status"; }
idle=$(rss)

python3 - "$BIN" "$URL" "$SAMPLE" "$RUNS" "$WORK" <<'PY'
import http.client, statistics, subprocess, sys, time, urllib.parse
bin_, url, sample, runs, work = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
u = urllib.parse.urlparse(url)
data = open(sample, "rb").read()
b = "jixiaobench"
body = (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.txt\"\r\n\r\n".encode()
        + data + f"\r\n--{b}--\r\n".encode())
conn = http.client.HTTPConnection(u.hostname, u.port)
def post(fmt):
    conn.request("POST", f"/api/convert?to={fmt}", body,
                 {"Content-Type": f"multipart/form-data; boundary={b}"})
    r = conn.getresponse(); out = r.read()
    assert r.status == 200, (r.status, out[:200])
    return out
def ms(f):
    t = time.perf_counter(); f(); return (time.perf_counter() - t) * 1000
print(f"| format | `jixiao convert` process (ms) | server request (ms) | added over the process (ms) |")
print("|---|---|---|---|")
for fmt in ["json", "xlsx", "pdf", "html"]:
    post(fmt)  # warm: the first PDF parses the font once per server
    cli = [ms(lambda: subprocess.run([bin_, "convert", sample, "-o", f"{work}/o.{fmt}"],
                                     check=True, capture_output=True)) for _ in range(runs)]
    srv = [ms(lambda: post(fmt)) for _ in range(runs)]
    c, s = statistics.median(cli), statistics.median(srv)
    print(f"| {fmt} | {c:.1f} | {s:.1f} | {s - c:+.1f} |")
def get():
    conn.request("GET", "/assets/page.css"); conn.getresponse().read()
print(f"\nbare HTTP round trip: {statistics.median(ms(get) for _ in range(runs)):.2f} ms")
PY
echo
echo "server RSS: idle after start $idle MB, after the runs $(rss) MB (medians of $RUNS runs)"
