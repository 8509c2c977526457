"""Per-call overhead of the official Python clients against bench_server (127.0.0.1, HTTP/1.1
keep-alive, a fixed DescribeInstances 200 for every request), compared with a raw
http.client.HTTPConnection loop on one keep-alive connection.

Run by benches/overhead.sh; alone (with bench_server running):
`.venv/bin/python benches/overhead_official.py PORT [--calls N] [--rounds N] [--warmup N]`.

Modes, each run --rounds times interleaved (median round reported, like xtask/examples/overhead.rs):
- raw_http_client: http.client POST of a pre-signed URL with core's headers, body read, not parsed;
- core: aliyunsdkcore AcsClient (auto_retry off) + CommonRequest (domain 127.0.0.1:PORT, http,
  POST), a new request per call like a user writes; do_action_with_exception returns the raw bytes;
- core_json: the same, plus json.loads of the body (ours returns a decoded, typed response);
- tea: the current generated client alibabacloud_r_kvstore20150101 (endpoint 127.0.0.1:PORT, http,
  HMAC-SHA1 signing, autoretry off), which decodes the body into its models.
Prints `RESULT python <mode> <median wall us> us/call cpu <median on-CPU us> us/call` lines (on-CPU:
time.thread_time, the calling thread's own work, without waiting for the server or a wake-up).
"""

import argparse
import http.client
import json
import statistics
import time

from aliyunsdkcore.auth.composer import rpc_signature_composer
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

ACCESS_KEY_ID = "LTAI5tFakeAccessKeyId01"
SECRET = "FakeAccessKeySecretForVectors0123"
OPERATION = {
    "RegionId": "cn-hangzhou",
    "PageSize": "50",
    "PageNumber": "1",
    "InstanceStatus": "Normal",
    "InstanceType": "Redis",
}


def raw_caller(port):
    url, _ = rpc_signature_composer.get_signed_url(
        dict(OPERATION, Action="DescribeInstances", Version="2015-01-01"),
        ACCESS_KEY_ID, SECRET, "JSON", "POST", {})
    headers = {
        "User-Agent": "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/2.16.1 python-requests/2.34.2",
        "Accept-Encoding": "identity",
        "Accept": "application/json",
        "x-sdk-client": "python/2.0.0",
        "x-acs-action": "DescribeInstances",
        "x-acs-version": "2015-01-01",
        "Content-Length": "0",
    }
    conn = http.client.HTTPConnection("127.0.0.1", port)

    def call():
        conn.request("POST", url, headers=headers)
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200 and body
    return call


def core_caller(port, parse):
    client = AcsClient(ACCESS_KEY_ID, SECRET, "cn-hangzhou", auto_retry=False)

    def call():
        request = CommonRequest(domain=f"127.0.0.1:{port}", version="2015-01-01",
                                action_name="DescribeInstances")
        request.set_protocol_type("http")
        request.set_method("POST")
        for name, value in OPERATION.items():
            request.add_query_param(name, value)
        body = client.do_action_with_exception(request)
        if parse:
            assert json.loads(body)["Instances"]["KVStoreInstance"]
        else:
            assert body
    return call


def tea_caller(port):
    from alibabacloud_r_kvstore20150101.client import Client
    from alibabacloud_r_kvstore20150101 import models
    from alibabacloud_tea_openapi.models import Config
    from alibabacloud_tea_util.models import RuntimeOptions

    # 'v2' is tea's name for RPC signature v1 (HMAC-SHA1), as our sdk_v1 mode uses.
    config = Config(access_key_id=ACCESS_KEY_ID, access_key_secret=SECRET,
                    endpoint=f"127.0.0.1:{port}", protocol="http", region_id="cn-hangzhou",
                    signature_algorithm="v2")
    client = Client(config)
    runtime = RuntimeOptions(autoretry=False)

    def call():
        request = models.DescribeInstancesRequest(
            region_id="cn-hangzhou", page_size=50, page_number=1,
            instance_status="Normal", instance_type="Redis")
        response = client.describe_instances_with_options(request, runtime)
        assert response.body.instances.kvstore_instance
    return call


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--no-tea", action="store_true")
    args = parser.parse_args()

    callers = {
        "raw_http_client": raw_caller(args.port),
        "core": core_caller(args.port, parse=False),
        "core_json": core_caller(args.port, parse=True),
    }
    if not args.no_tea:
        callers["tea"] = tea_caller(args.port)
    for call in callers.values():
        for _ in range(max(args.warmup, 1)):
            call()
    wall = {name: [] for name in callers}
    cpu = {name: [] for name in callers}
    for _ in range(args.rounds):
        for name, call in callers.items():
            start, start_cpu = time.perf_counter(), time.thread_time()
            for _ in range(args.calls):
                call()
            wall[name].append((time.perf_counter() - start) / args.calls * 1e6)
            cpu[name].append((time.thread_time() - start_cpu) / args.calls * 1e6)
    print(f"python: {args.calls} sequential calls x {args.rounds} rounds (median round shown) "
          f"to http://127.0.0.1:{args.port}")
    for name, values in wall.items():
        each = " ".join(f"{v:.1f}" for v in values)
        print(f"RESULT python {name} {statistics.median(values):.2f} us/call "
              f"cpu {statistics.median(cpu[name]):.2f} us/call (rounds: {each})")


if __name__ == "__main__":
    main()
