#!/usr/bin/env bash
# Signing speed: the official Python SDK signers against ours, on the same DescribeInstances request
# (13 signed parameters, 371-byte StringToSign, POST), in one run, and the ratio.
#
#   bash benches/compare.sh            # full run (~1 min)
#   QUICK=1 bash benches/compare.sh    # fewer repeats
#
# Needs the official SDKs in .venv (README: "Set up a fresh clone"); PYTHON overrides the interpreter.
# 1. Python: timeit (median of 7 repeats) of the legacy core composer (`rpc_signature_composer`) and
#    tea's `Utils.get_rpcsignature`; it also writes the request it signs as a vector file, which
#    `cargo xtask verify-vectors` checks against our signer (same parameters, same signature).
# 2. Rust: criterion's median of `runtime/benches/sign.rs` (bench profile).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-.venv/bin/python}
[ -x "$python" ] || { echo "no $python: create .venv as README.md says" >&2; exit 1; }
target_dir=$(cargo metadata --format-version 1 --no-deps |
  "$python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

quick=()
measure=(--warm-up-time 1 --measurement-time 3)
if [ -n "${QUICK:-}" ]; then
  quick=(--quick)
  measure=(--warm-up-time 1 --measurement-time 1)
fi

echo "== load before: $(uptime)"
echo "== official Python signers ($("$python" --version 2>&1))"
"$python" benches/sign_official.py "${quick[@]}" --vectors "$work/vector.json" | tee "$work/python.txt"

echo "== our signer gives the same signature for those parameters"
cargo xtask verify-vectors "$work/vector.json" 2>/dev/null

echo "== ours: cargo bench -p alicloud-runtime --bench sign"
cargo bench -q -p alicloud-runtime --bench sign -- "${measure[@]}" \
  'sign HmacSha1 DescribeInstances|hmac_sha1 string_to_sign \+ signature|sign Acs3HmacSha256' \
  2>&1 | grep -E '^(sign|hmac)|time:' || true
echo "== load after: $(uptime)"

"$python" - "$target_dir/criterion" "$work/python.txt" <<'EOF'
import json, os, sys

criterion, python_txt = sys.argv[1], sys.argv[2]
py = {}
for line in open(python_txt):
    if line.startswith("RESULT python "):
        _, _, name, value, _ = line.split()
        py[name] = float(value)

def rust_us(bench):
    with open(os.path.join(criterion, bench, "new", "estimates.json")) as f:
        return json.load(f)["median"]["point_estimate"] / 1000.0

rust = {
    "sts_sig": rust_us("hmac_sha1 string_to_sign + signature (13 params)"),
    "sign_v1": rust_us("sign HmacSha1 DescribeInstances"),
    "sign_v3": rust_us("sign Acs3HmacSha256 DescribeInstances"),
}
rows = [
    ("StringToSign + HMAC-SHA1 signature, fixed params",
     "core __compose_string_to_sign+__get_signature", py["core_string_to_sign_and_signature"],
     "hmac_sha1::string_to_sign + signature", rust["sts_sig"]),
    ("StringToSign + HMAC-SHA1 signature, fixed params",
     "tea Utils.get_rpcsignature", py["tea_get_rpcsignature"],
     "hmac_sha1::string_to_sign + signature", rust["sts_sig"]),
    ("whole v1 signer (common params, signature, query)",
     "core get_signed_url", py["core_get_signed_url"],
     "sign(HmacSha1, ..)", rust["sign_v1"]),
]
print()
print(f"{'official':48} {'us':>8}   {'ours':40} {'us':>8}  {'ratio':>7}")
for _, pname, pus, rname, rus in rows:
    print(f"{pname:48} {pus:8.2f}   {rname:40} {rus:8.3f}  {pus / rus:6.0f}x")
print(f"{'':48} {'':8}   {'sign(Acs3HmacSha256, ..)':40} {rust['sign_v3']:8.3f}")
print()
target = 1.0
for name, value in [("sign(HmacSha1, ..)", rust["sign_v1"]),
                    ("string_to_sign + signature", rust["sts_sig"])]:
    verdict = "met" if value <= target else f"MISSED by {value - target:.3f} us ({value / target:.2f}x)"
    print(f"target <= {target} us for {name}: {value:.3f} us, {verdict}")
EOF
