#!/usr/bin/env bash
# Build time of the generated crate (debug) and the size of a release example binary.
#
#   bash benches/build_time.sh          # ~5-10 min on 2 cores
#
# Uses its own target directory (BUILD_BENCH_TARGET, default /tmp/alicloud-build-bench) so the
# shared target/ is never wiped; that directory is deleted at the start.
# - fully clean: every dependency and alicloud-sdk with one feature (reference);
# - beyond dependencies, per feature set (r-kvstore, ecs, all): build once so the dependencies are
#   there, `cargo clean -p alicloud-sdk`, then time rebuilding alicloud-sdk alone;
# - incremental: `touch generated/src/lib.rs` (contents unchanged), then time the rebuild;
# - release binary size: alicloud-sdk's examples (examples/describe_instances.rs, ...) and
#   xtask/examples/overhead.rs (an SDK client making DescribeInstances calls).
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR=${BUILD_BENCH_TARGET:-/tmp/alicloud-build-bench}
export CARGO_TERM_QUIET=true

seconds() { # seconds COMMAND... : runs COMMAND, prints its wall-clock seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }' 
}

echo "== $(rustc --version); $(cargo --version); $(nproc) CPUs"
echo "== load before: $(uptime)"
rm -rf "$CARGO_TARGET_DIR"

one=(-p alicloud-sdk --no-default-features --features r-kvstore)
echo "fully clean debug build, dependencies + alicloud-sdk (r-kvstore): $(seconds cargo build "${one[@]}") s"

for name in r-kvstore ecs all; do
  case $name in
    all) features=(--all-features) ;;
    *) features=(--no-default-features --features "$name") ;;
  esac
  cargo build -p alicloud-sdk "${features[@]}" >/dev/null 2>&1
  cargo clean -p alicloud-sdk >/dev/null 2>&1
  clean=$(seconds cargo build -p alicloud-sdk "${features[@]}")
  touch generated/src/lib.rs
  incremental=$(seconds cargo build -p alicloud-sdk "${features[@]}")
  echo "alicloud-sdk ($name) debug beyond dependencies: clean $clean s, incremental after touch $incremental s"
done
echo "== load after builds: $(uptime)"

size() { # size FILE: bytes, and bytes once stripped
  local stripped="$CARGO_TARGET_DIR/stripped"
  cp "$1" "$stripped"
  strip "$stripped"
  echo "$(stat -c %s "$1") bytes ($(stat -c %s "$stripped") stripped)"
}
# alicloud-sdk's examples (declared in generated/Cargo.toml, sources in examples/).
examples=$(cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "alicloud-sdk":
        print(" ".join(t["name"] for t in p["targets"] if "example" in t["kind"]))')
for example in $examples; do
  cargo build --release -p alicloud-sdk --example "$example" >/dev/null 2>&1
  echo "release example $example (alicloud-sdk): $(size "$CARGO_TARGET_DIR/release/examples/$example")"
done
cargo build --release -p xtask --example overhead >/dev/null 2>&1
echo "release example xtask/examples/overhead.rs: $(size "$CARGO_TARGET_DIR/release/examples/overhead")"
echo "== load after: $(uptime)"
