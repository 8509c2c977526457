#!/usr/bin/env bash
# Per-call overhead of our client and of the official Python client, each beyond a raw keep-alive
# HTTP loop in its own language, against one local server, and the ratio.
#
#   bash benches/overhead.sh                     # 3000 calls x 5 rounds per mode (~2 min)
#   CALLS=500 ROUNDS=3 bash benches/overhead.sh  # quicker, noisier
#   INSTANCES=10 bash benches/overhead.sh        # a larger response (default: 1 instance, the
#                                                # size of the spec's DescribeInstances example)
#   PIN_CPU= bash benches/overhead.sh            # do not pin (default PIN_CPU=0)
#
# By default the server and each client run on one CPU (taskset -c $PIN_CPU): on the 2-vCPU VM
# the figures in BENCHMARKS.md come from, a wake-up across vCPUs costs 30-40 us and varies from
# round to round, which swamps the few microseconds being measured. On one CPU a call costs the
# client's and the server's CPU work plus two context switches, stable to about 1 us, so
# "SDK minus raw loop" is the SDK's own CPU work per call.
#
# Needs the official SDKs in .venv (README: "Set up a fresh clone"); PYTHON overrides the interpreter.
# - xtask/examples/bench_server.rs (release): 127.0.0.1, HTTP/1.1 keep-alive, the same
#   DescribeInstances JSON and 200 for every request, no signature check.
# - xtask/examples/overhead.rs (release): alicloud_sdk::r_kvstore::Client (static credentials,
#   explicit endpoint, retries off) vs reqwest and a hand-written TcpStream loop.
# - benches/overhead_official.py: aliyunsdkcore AcsClient + CommonRequest (and the tea client) vs
#   http.client.HTTPConnection.
# The two languages run one after the other, never at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-.venv/bin/python}
[ -x "$python" ] || { echo "no $python: create .venv as README.md says" >&2; exit 1; }
calls=${CALLS:-3000}
pin=${PIN_CPU-0}
on_cpu=()
if [ -n "$pin" ]; then
  command -v taskset >/dev/null || { echo "taskset not found; run with PIN_CPU=" >&2; exit 1; }
  on_cpu=(taskset -c "$pin")
fi
rounds=${ROUNDS:-5}
instances=${INSTANCES:-1}

cargo build -q --release -p xtask --example bench_server --example overhead
target_dir=$(cargo metadata --format-version 1 --no-deps |
  "$python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
examples="$target_dir/release/examples"

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"${on_cpu[@]}" "$examples/bench_server" --port 0 --instances "$instances" >"$work/server.txt" &
server_pid=$!
port=
for _ in $(seq 50); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.txt")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "bench_server did not start" >&2; exit 1; }
echo "== server: $(cat "$work/server.txt")"

echo "== load before: $(uptime); pinned to CPU: ${pin:-no}"
"${on_cpu[@]}" "$examples/overhead" --endpoint "http://127.0.0.1:$port" --calls "$calls" --rounds "$rounds" |
  tee "$work/rust.txt"
echo "== load between: $(uptime)"
"${on_cpu[@]}" "$python" benches/overhead_official.py "$port" --calls "$calls" --rounds "$rounds" |
  tee "$work/python.txt"
echo "== load after: $(uptime)"

"$python" - "$work/rust.txt" "$work/python.txt" <<'EOF'
import sys

results, cpu = {}, {}
for path in sys.argv[1:]:
    for line in open(path):
        if line.startswith("RESULT "):
            words = line.split()
            results[f"{words[1]} {words[2]}"] = float(words[3])
            cpu[f"{words[1]} {words[2]}"] = float(words[6])
r = lambda mode, t=results: t[f"rust {mode}"]
p = lambda mode, t=results: t[f"python {mode}"]

official_modes = [m for m in ("core", "core_json", "tea") if f"python {m}" in results]
print()
for label, t in (("wall-clock", results), ("on-CPU (the client thread's own work)", cpu)):
    print(f"per-call overhead beyond the raw keep-alive loop in the same language, {label}, "
          "median rounds, us/call:")
    for sdk, name in (("sdk_v1", "HMAC-SHA1"), ("sdk_v3", "ACS3-HMAC-SHA256")):
        print(f"  ours   {sdk} ({name}){'':{17 - len(name)}} {r(sdk, t):7.1f} - raw_reqwest {r('raw_reqwest', t):6.1f}"
              f" = {r(sdk, t) - r('raw_reqwest', t):6.1f}   (beyond raw_tcp {r('raw_tcp', t):.1f}: "
              f"{r(sdk, t) - r('raw_tcp', t):.1f})")
    for mode in official_modes:
        print(f"  python {mode:26} {p(mode, t):7.1f} - http.client {p('raw_http_client', t):6.1f}"
              f" = {p(mode, t) - p('raw_http_client', t):6.1f}")
    core = p("core", t) - p("raw_http_client", t)
    ours = r("sdk_v1", t) - r("raw_reqwest", t)
    verdict = "met" if ours <= core / 20 else "MISSED"
    print(f"  ratio official core / ours (v1): {core / ours:.0f}x; target <= 1/20 of the official's "
          f"overhead = {core / 20:.1f} us: {verdict} ({ours:.1f} us)")
    print()
EOF
