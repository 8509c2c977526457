#!/usr/bin/env python3
"""Generate the request-signing test vectors from Alibaba Cloud's official Python SDKs.

The Rust signer in `runtime/src/sign/` is tested against these files (runtime/tests/sign_vectors.rs,
`cargo xtask verify-vectors tests/data/sign_v1.json`). Ground truth comes from another implementation:
nothing here computes a signature by itself except to cross-check what the SDKs return.

Setup (once, from the repository root; no credentials and no network access to Alibaba Cloud needed):

    python3 -m venv .venv
    .venv/bin/pip install aliyun-python-sdk-core alibabacloud-tea-openapi \
        alibabacloud-r-kvstore20150101 alibabacloud-credentials

Run (from the repository root):

    .venv/bin/python tests/data/gen_vectors.py

It rewrites tests/data/sign_v1.json and tests/data/sign_v3.json. The output is deterministic: timestamps,
nonces and the user agent are fixed, and the SDK's transport is replaced by a function that records the
request instead of sending it. Versions used when the committed files were generated:
aliyun-python-sdk-core 2.16.1, alibabacloud-tea-openapi 0.4.6, alibabacloud-r-kvstore20150101 7.0.0,
alibabacloud-credentials 1.0.12 (Python 3.11).

Sources of truth
- v1 (HMAC-SHA1): the legacy core's `aliyunsdkcore.auth.composer.rpc_signature_composer` computes the
  StringToSign and the signature (its private `__compose_string_to_sign` / `__get_signature`, and its public
  `get_signed_url` for whole legacy requests). Every vector is cross-checked with the tea SDK's
  `alibabacloud_tea_openapi.utils.Utils.get_rpcsignature`; the script stops if they disagree. Some vectors
  are captured from complete tea client calls (`signature_algorithm='v2'`), whose `Signature` query
  parameter is checked against the core's signature of the same parameters.
- v3 (ACS3-HMAC-SHA256): `alibabacloud_tea_openapi.utils.Utils.get_authorization`, either called directly
  on a hand-built request or reached through complete tea client calls (`do_request`, the default path of
  every current generated client). `get_authorization` does not return its canonical request, so the
  script assembles it from the SDK's own `get_canonical_query_string` and `get_canonicalized_headers` and
  stops unless hashing and signing that text reproduces the SDK's Authorization header exactly.

sign_v1.json: a JSON array of objects
    id                  unique name of the vector
    method              "GET" or "POST" (the HTTP method is part of the StringToSign)
    params              object: every signed parameter (query and form body merged) except Signature
    access_key_secret   the secret (HMAC key is secret + "&")
    string_to_sign      METHOD&%2F&pct(canonicalized query)
    signature           base64 HMAC-SHA1
    source              which SDK code path produced it
    request             (optional) inputs for the whole Rust `sign()` with SignatureAlgorithm::HmacSha1:
                        {action, version, access_key_id, security_token (or null), timestamp, nonce,
                         query: [[name, value]...], form: [[name, value]...]}; `sign()` must produce
                        exactly `params` plus Signature.

sign_v3.json: a JSON array of objects
    id, method, access_key_id, access_key_secret, source
    query               [[name, value]...] operation query parameters, unencoded
    headers             [[name, value]...] every header the SDK signed (all request headers except
                        Authorization), exactly as the SDK set them
    body                the request body as a UTF-8 string ("" when there is none)
    hashed_payload      hex SHA-256 of the body (the x-acs-content-sha256 value)
    canonical_request   METHOD \n / \n query \n headers \n signed headers \n hashed payload
    signed_headers      lower-case header names joined by ";"
    string_to_sign      "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical_request))
    signature           hex HMAC-SHA256(secret, string_to_sign)
    authorization       the Authorization header value
    request             (optional) inputs for the whole Rust `sign()` with SignatureAlgorithm::Acs3HmacSha256:
                        {host, action, version, access_key_id, security_token (or null), timestamp,
                         nonce, query, form, headers: extra headers the caller passes (user-agent, ...)}

Known divergence: the Python tea SDK does not percent-encode query parameter NAMES in the v3 canonical
query (only values); the Rust signer encodes both, as the protocol documentation says. The two agree for
every name the generated SDK sends (letters, digits and dots), and the v3 vectors only use such names.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
from urllib.parse import parse_qsl, urlsplit

from aliyunsdkcore.auth.composer import rpc_signature_composer as core_rpc
from aliyunsdkcore.utils import parameter_helper as core_helper
from alibabacloud_tea_openapi import client as tea_client_module
from alibabacloud_tea_openapi import utils_models as tea_models
from alibabacloud_tea_openapi.client import Client as TeaClient
from alibabacloud_tea_openapi.utils import (
    Utils as TeaUtils,
    get_canonical_query_string,
    get_canonicalized_headers,
)
from alibabacloud_r_kvstore20150101 import models as kvstore_models
from alibabacloud_r_kvstore20150101.client import Client as KvstoreClient
from darabonba.request import DaraRequest
from darabonba.runtime import RuntimeOptions

HERE = os.path.dirname(os.path.abspath(__file__))

# The legacy core keeps its building blocks module-private; they are plain module functions, so
# getattr reaches them without name mangling.
core_compose_string_to_sign = getattr(core_rpc, "__compose_string_to_sign")
core_get_signature = getattr(core_rpc, "__get_signature")

FIXED_USER_AGENT = "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2"

# Fake credentials: the vectors must never contain a real key.
AK_ID = "LTAI5tFakeAccessKeyId01"
AK_SECRET = "FakeAccessKeySecretForVectors0123"
STS_TOKEN = "CAIS+fake/STS==token&with*odd chars~"

# ---------------------------------------------------------------------------------------------- v1


def sign_v1(method, params, secret):
    """(string_to_sign, signature) from the legacy core, cross-checked with the tea SDK."""
    string_to_sign = core_compose_string_to_sign(method, dict(params))
    signature = core_get_signature(string_to_sign, secret)
    tea_signature = TeaUtils.get_rpcsignature(dict(params), method, secret)
    if tea_signature != signature:
        sys.exit(f"core and tea disagree on {method} {params!r}: {signature} vs {tea_signature}")
    return string_to_sign, signature


V1 = []


def add_v1(vid, method, params, secret=AK_SECRET, source="core-composer", request=None, expect_signature=None):
    if any(v["id"] == vid for v in V1):
        sys.exit(f"duplicate vector id {vid}")
    string_to_sign, signature = sign_v1(method, params, secret)
    if expect_signature is not None and expect_signature != signature:
        sys.exit(f"{vid}: the SDK sent Signature={expect_signature} but the core computes {signature}")
    vector = {
        "id": vid,
        "method": method,
        "params": dict(params),
        "access_key_secret": secret,
        "string_to_sign": string_to_sign,
        "signature": signature,
        "source": source,
    }
    if request is not None:
        vector["request"] = request
    V1.append(vector)


def common(action, version, ts, nonce, ak=AK_ID, token=None):
    """The common parameters the Rust signer adds (Format=JSON; no SignatureType, no RegionId)."""
    p = {
        "Action": action,
        "Version": version,
        "Format": "JSON",
        "AccessKeyId": ak,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "Timestamp": ts,
        "SignatureNonce": nonce,
    }
    if token is not None:
        p["SecurityToken"] = token
    return p


def add_v1_request(vid, method, action, version, query, form=(), ts="2024-05-06T07:08:09Z",
                   nonce="0123456789abcdef0123456789abcdef", ak=AK_ID, token=None, secret=AK_SECRET):
    """A vector the whole Rust sign() must reproduce from its inputs."""
    params = common(action, version, ts, nonce, ak, token)
    for k, v in list(query) + list(form):
        if k in params:
            sys.exit(f"{vid}: {k} given twice")
        params[k] = v
    request = {
        "action": action,
        "version": version,
        "access_key_id": ak,
        "security_token": token,
        "timestamp": ts,
        "nonce": nonce,
        "query": [list(p) for p in query],
        "form": [list(p) for p in form],
    }
    add_v1(vid, method, params, secret=secret, source="core-composer", request=request)


DESCRIBE_INSTANCES_QUERY = [
    ("RegionId", "cn-hangzhou"),
    ("PageSize", "50"),
    ("PageNumber", "1"),
    ("InstanceStatus", "Normal"),
    ("InstanceType", "Redis"),
]


def base_params(action="DescribeInstances", version="2015-01-01"):
    return common(action, version, "2024-01-02T03:04:05Z", "5f1e3c2a9b8d4e7fa6c0b1d2e3f40516")


def gen_v1():
    # The typical request the benchmark signs: 8 common + 5 operation parameters.
    for method in ("GET", "POST"):
        add_v1_request(f"describe-instances-{method.lower()}", method, "DescribeInstances", "2015-01-01",
                       DESCRIBE_INSTANCES_QUERY)
    add_v1_request("describe-instances-sts", "POST", "DescribeInstances", "2015-01-01", DESCRIBE_INSTANCES_QUERY,
                   token=STS_TOKEN)
    add_v1_request("ecs-modify-prepay-instance-spec", "POST", "ModifyPrepayInstanceSpec", "2014-05-26",
                   [("RegionId", "cn-shanghai"), ("InstanceId", "i-uf6f5trc95ug8t33****"),
                    ("InstanceType", "ecs.g6.large"), ("ClientToken", "0c593ea1-3bea-11e9-b96b-88e9fe637760"),
                    ("AutoPay", "true"), ("SystemDisk.Category", "cloud_essd")])
    add_v1_request("form-body-merged", "POST", "ModifyInstanceAttribute", "2015-01-01",
                   [("RegionId", "cn-hangzhou"), ("InstanceId", "r-bp1zxszhcgatnx****")],
                   form=[("InstanceName", "my cache *1*"), ("Password", "p@ss/w0rd+=&%"), ("Description", "数据库 🚀")])
    add_v1_request("form-only", "POST", "CreateInstance", "2015-01-01", [],
                   form=[("RegionId", "cn-beijing"), ("InstanceClass", "redis.master.small.default"),
                         ("Token", "a~b~c")])
    add_v1_request("tags-in-query", "POST", "TagResources", "2015-01-01",
                   [("RegionId", "cn-hangzhou"), ("ResourceType", "INSTANCE"), ("ResourceId.1", "r-1"),
                    ("ResourceId.2", "r-2"), ("Tag.1.Key", "env"), ("Tag.1.Value", "prod"), ("Tag.2.Key", "team"),
                    ("Tag.2.Value", "A & B"), ("Tag.10.Key", "ten"), ("Tag.10.Value", "")])
    add_v1_request("empty-operation", "GET", "DescribeRegions", "2015-01-01", [])
    add_v1_request("unusual-secret", "GET", "DescribeRegions", "2015-01-01", [("AcceptLanguage", "zh-CN")],
                   secret="s3cr3t&with/odd+chars=密钥")
    add_v1_request("sts-and-form", "POST", "ModifyInstanceAttribute", "2015-01-01",
                   [("InstanceId", "r-bp1")], form=[("InstanceName", "x")], token="短token/+=", ts="2030-12-31T23:59:59Z",
                   nonce="ffffffffffffffffffffffffffffffff")

    # One special character at a time, in a value, under GET and POST.
    specials = [
        ("space", "a b"), ("star", "a*b"), ("tilde", "a~b"), ("plus", "a+b"), ("slash", "a/b"),
        ("percent", "100%"), ("percent-escape-lookalike", "%20%2A"), ("equals", "a=b"), ("ampersand", "a&b"),
        ("question", "a?b"), ("hash", "a#b"), ("unreserved-marks", "-_.~"),
        ("sub-delims", "!$'(),;"), ("gen-delims", ":@[]"), ("quote-backslash", "\"\\"),
        ("angle-braces-pipe", "<>{}|^`"), ("tab-newline", "a\tb\nc\r"), ("nul-and-del", "a\u0000b\u007f"),
        ("chinese", "实例名称"), ("emoji", "🚀🔥"), ("latin1", "café naïve"), ("combining", "e\u0301"),
        ("json", '{"a": [1, 2]}'), ("all-at-once", " *~+/%=&中😀"),
    ]
    for name, value in specials:
        for method in ("GET", "POST"):
            p = base_params()
            p["InstanceName"] = value
            add_v1(f"value-{name}-{method.lower()}", method, p)

    # Empty values stay in the canonical query as `Name=`.
    p = base_params()
    p["InstanceName"] = ""
    add_v1("value-empty", "GET", p)
    p = {"A": "", "B": "", "C": ""}
    add_v1("all-values-empty", "POST", p)

    # Sorting is by raw name, byte order.
    p = base_params()
    for k, v in [("Tag.1.Key", "k1"), ("Tag.10.Key", "k10"), ("Tag.2.Key", "k2"), ("Tag.1.Value", "v1"),
                 ("Tag.10.Value", "v10"), ("Tag.2.Value", "v2"), ("Tag.11.Key", "k11")]:
        p[k] = v
    add_v1("order-tag-indices", "GET", p)
    p = {"b": "1", "B": "2", "a": "3", "A": "4", "_x": "5", "Zz": "6", "zZ": "7", "1x": "8", "~x": "9", ".x": "10",
         "-x": "11"}
    add_v1("order-case-and-punctuation", "GET", p)
    p = {"Key": "1", "KeyId": "2", "Key.1": "3", "Key.1.Name": "4", "Keys": "5", "Ke": "6"}
    add_v1("order-prefixes", "POST", p)
    p = {"Name": "x", "名称": "y", "Ñame": "z", "émoji😀": "w"}
    add_v1("order-non-ascii-names", "GET", p)

    # Names that need encoding.
    p = base_params()
    p.update({"Na me": "1", "a*b": "2", "x/y": "3", "p%q": "4", "k=v": "5", "a&b": "6", "a+b": "7"})
    add_v1("names-needing-encoding", "POST", p)

    # Upper- and lower-case method names are different requests; only the two real ones are used.
    p = base_params()
    p["SecurityToken"] = STS_TOKEN
    add_v1("security-token-get", "GET", p)
    add_v1("security-token-post", "POST", dict(p))

    # A long value (a policy document, say).
    p = base_params("CreateSomething")
    p["Policy"] = json.dumps({"Statement": [{"Action": ["kvstore:*"], "Effect": "Allow", "Resource": f"r-{i}"}
                                           for i in range(40)]})
    add_v1("long-value", "POST", p)

    # Secrets: ASCII, special characters, non-ASCII, and one longer than the HMAC block (64 bytes).
    for i, secret in enumerate(["testsecret", "a&b=c", "密钥🔑", "x" * 80, ""]):
        add_v1(f"secret-{i}", "GET", base_params(), secret=secret)

    gen_v1_core_whole()
    gen_v1_tea_client()


def gen_v1_core_whole():
    """Whole legacy requests: rpc_signature_composer.get_signed_url with a fixed clock and nonce."""
    saved = core_helper.get_iso_8061_date, core_helper.get_uuid
    core_helper.get_iso_8061_date = lambda: "2024-03-04T05:06:07Z"
    core_helper.get_uuid = lambda: "d9f1c2b3-a4e5-4f60-8a9b-0c1d2e3f4a5b"
    try:
        cases = [
            ("core-whole-describe-instances", "GET",
             {"Action": "DescribeInstances", "Version": "2015-01-01", "RegionId": "cn-hangzhou", "PageSize": "30"},
             {}),
            ("core-whole-post-with-body", "POST",
             {"Action": "ModifyInstanceAttribute", "Version": "2015-01-01", "RegionId": "cn-hangzhou",
              "InstanceId": "r-bp1"},
             {"InstanceName": "new name*", "Description": "描述 ~"}),
            ("core-whole-sts", "POST",
             {"Action": "DescribeRegions", "Version": "2015-01-01", "RegionId": "cn-hangzhou",
              "SecurityToken": STS_TOKEN},
             {}),
        ]
        for vid, method, query, body in cases:
            url, string_to_sign = core_rpc.get_signed_url(dict(query), AK_ID, AK_SECRET, "JSON", method, dict(body))
            sent = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
            signature = sent.pop("Signature")
            params = dict(sent)
            params.update(body)
            if core_compose_string_to_sign(method, dict(params)) != string_to_sign:
                sys.exit(f"{vid}: re-composing the sent parameters does not give the core's StringToSign")
            add_v1(vid, method, params, source="core-get_signed_url", expect_signature=signature)
    finally:
        core_helper.get_iso_8061_date, core_helper.get_uuid = saved


class _Captured(Exception):
    pass


class CaptureTransport:
    """Replaces DaraCore.do_action: records the signed request, sends nothing."""

    def __init__(self):
        self.request = None

    def __enter__(self):
        self._saved = (tea_client_module.DaraCore.do_action, TeaUtils.get_timestamp, TeaUtils.get_nonce,
                       TeaUtils.get_user_agent)

        def do_action(request, runtime):
            self.request = request
            raise _Captured()

        tea_client_module.DaraCore.do_action = staticmethod(do_action)
        TeaUtils.get_timestamp = staticmethod(lambda: self.timestamp)
        TeaUtils.get_nonce = staticmethod(lambda: self.nonce)
        TeaUtils.get_user_agent = staticmethod(lambda user_agent: FIXED_USER_AGENT)
        return self

    def __exit__(self, *exc):
        (tea_client_module.DaraCore.do_action, TeaUtils.get_timestamp, TeaUtils.get_nonce,
         TeaUtils.get_user_agent) = self._saved
        return False

    def capture(self, call, timestamp, nonce):
        self.timestamp, self.nonce, self.request = timestamp, nonce, None
        try:
            call()
        except Exception:  # the SDK wraps _Captured in its own exception types
            pass
        if self.request is None:
            sys.exit("the SDK did not reach its transport")
        return self.request


def tea_config(signature_algorithm, token=None):
    return tea_models.Config(access_key_id=AK_ID, access_key_secret=AK_SECRET, security_token=token,
                             endpoint="r-kvstore.aliyuncs.com", signature_algorithm=signature_algorithm)


def describe_instances_request():
    return kvstore_models.DescribeInstancesRequest(
        region_id="cn-hangzhou", page_size=50, page_number=1, instance_status="Normal", instance_type="Redis",
        search_key="my redis *", tag=[kvstore_models.DescribeInstancesRequestTag(key="env", value="prod/blue"),
                                      kvstore_models.DescribeInstancesRequestTag(key="team", value="数据")])


def generic_params(action, method="POST"):
    return tea_models.Params(action=action, version="2015-01-01", protocol="HTTPS", pathname="/", method=method,
                             auth_type="AK", style="RPC", req_body_type="formData", body_type="json")


def gen_v1_tea_client():
    """Whole tea client calls in v1 mode (signature_algorithm='v2'); note tea sends Format=json."""
    with CaptureTransport() as t:
        for vid, token in [("tea-client-describe-instances", None), ("tea-client-describe-instances-sts", STS_TOKEN)]:
            client = KvstoreClient(tea_config("v2", token))
            req = t.capture(lambda: client.describe_instances_with_options(describe_instances_request(),
                                                                           RuntimeOptions()),
                            "2024-07-08T09:10:11Z", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
            params = dict(req.query)
            signature = params.pop("Signature")
            add_v1(vid, req.method, params, source="tea-rpc-client", expect_signature=signature)

        client = TeaClient(tea_config("v2"))
        query = {"RegionId": "cn-hangzhou", "InstanceId": "r-bp1"}
        body = {"InstanceName": "name with spaces", "Description": "a+b=c&d*e~f/中"}
        for method in ("POST", "GET"):
            req = t.capture(lambda: client.call_api(generic_params("ModifyInstanceAttribute", method),
                                                    tea_models.OpenApiRequest(query=TeaUtils.query(query),
                                                                              body=body),
                                                    RuntimeOptions()),
                            "2024-07-08T09:10:12Z", "1a1b2c3d4e5f60718293a4b5c6d7e8f9")
            params = dict(req.query)
            signature = params.pop("Signature")
            params.update(TeaUtils.query(body))
            add_v1(f"tea-client-form-body-{method.lower()}", method, params, source="tea-rpc-client",
                   expect_signature=signature)


# ---------------------------------------------------------------------------------------------- v3

ALGORITHM = "ACS3-HMAC-SHA256"
V3 = []


def v3_parts(method, query, headers, hashed_payload, ak_id, secret, sdk_authorization):
    """Canonical request etc., from the SDK's helpers; checked against the SDK's Authorization."""
    canonical_query = get_canonical_query_string(dict(query))
    canonical_headers, signed_headers = get_canonicalized_headers(dict(headers))
    # The same layout as Utils.get_authorization (which keeps the text to itself).
    canonical_request = f"{method}\n/\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}"
    string_to_sign = f"{ALGORITHM}\n{hashlib.sha256(canonical_request.encode('utf-8')).hexdigest()}"
    signature = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    authorization = f"{ALGORITHM} Credential={ak_id},SignedHeaders={signed_headers},Signature={signature}"
    if authorization != sdk_authorization:
        sys.exit(f"assembled canonical request does not reproduce the SDK's Authorization:\n"
                 f"{authorization}\n{sdk_authorization}")
    return canonical_request, signed_headers, string_to_sign, signature


def add_v3(vid, method, query, headers, body, ak_id, secret, authorization, source, request=None):
    if any(v["id"] == vid for v in V3):
        sys.exit(f"duplicate vector id {vid}")
    for name, _ in query:
        if name != TeaUtils.get_encode_param(name):
            sys.exit(f"{vid}: v3 vectors only use names that need no encoding (see the module doc)")
    hashed_payload = hashlib.sha256(body.encode("utf-8")).hexdigest()
    canonical_request, signed_headers, string_to_sign, signature = v3_parts(
        method, query, headers, hashed_payload, ak_id, secret, authorization)
    vector = {
        "id": vid,
        "method": method,
        "access_key_id": ak_id,
        "access_key_secret": secret,
        "query": [list(p) for p in query],
        "headers": [list(p) for p in headers],
        "body": body,
        "hashed_payload": hashed_payload,
        "canonical_request": canonical_request,
        "signed_headers": signed_headers,
        "string_to_sign": string_to_sign,
        "signature": signature,
        "authorization": authorization,
        "source": source,
    }
    if request is not None:
        vector["request"] = request
    V3.append(vector)


def direct_v3(vid, method, query, headers, body="", secret=AK_SECRET, ak_id=AK_ID):
    """Utils.get_authorization on a hand-built request."""
    req = DaraRequest()
    req.method = method
    req.pathname = "/"
    req.query = dict(query)
    req.headers = dict(headers)
    payload = TeaUtils.hash(body.encode("utf-8"), ALGORITHM).hex()
    authorization = TeaUtils.get_authorization(req, ALGORITHM, payload, ak_id, secret)
    add_v3(vid, method, query, headers, body, ak_id, secret, authorization, "tea-get_authorization")


# Headers the Rust signer adds itself; anything else the SDK sent is passed to sign() as an extra header.
SIGNER_HEADERS = {"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                  "x-acs-content-sha256", "content-type", "x-acs-accesskey-id", "x-acs-security-token"}


def client_v3(vid, t, call, action, form, token, timestamp, nonce):
    req = t.capture(call, timestamp, nonce)
    headers = [(k, v) for k, v in req.headers.items() if k != "Authorization"]
    query = list(req.query.items())
    body = req.body or ""
    request = {
        "host": req.headers["host"],
        "action": action,
        "version": req.headers["x-acs-version"],
        "access_key_id": AK_ID,
        "security_token": token,
        "timestamp": timestamp,
        "nonce": nonce,
        "query": [list(p) for p in query],
        "form": [list(p) for p in form],
        "headers": [[k, v] for k, v in headers if k.lower() not in SIGNER_HEADERS],
    }
    add_v3(vid, req.method, query, headers, body, AK_ID, AK_SECRET, req.headers["Authorization"],
           "tea-client-do_request", request)


def gen_v3():
    with CaptureTransport() as t:
        for vid, token in [("client-describe-instances", None), ("client-describe-instances-sts", STS_TOKEN)]:
            client = KvstoreClient(tea_config(None, token))
            client_v3(vid, t,
                      lambda: client.describe_instances_with_options(describe_instances_request(), RuntimeOptions()),
                      "DescribeInstances", [], token, "2024-07-08T09:10:11Z", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")

        client = KvstoreClient(tea_config(None))
        client_v3("client-describe-regions", t,
                  lambda: client.describe_regions_with_options(
                      kvstore_models.DescribeRegionsRequest(accept_language="zh-CN"), RuntimeOptions()),
                  "DescribeRegions", [], None, "2025-01-01T00:00:00Z", "ffffffffffffffffffffffffffffffff")

        # A form body, through the generic call path. Values avoid spaces: tea writes them as "+" in its
        # body, the Rust signer as %20; both are valid, but only identical bytes hash the same.
        client = TeaClient(tea_config(None))
        form = [("InstanceName", "name*with~odd/chars"), ("Description", "a+b=c&d中🚀")]
        query = {"RegionId": "cn-hangzhou", "InstanceId": "r-bp1"}
        for method in ("POST", "GET"):
            client_v3(f"client-form-body-{method.lower()}", t,
                      lambda: client.call_api(generic_params("ModifyInstanceAttribute", method),
                                              tea_models.OpenApiRequest(query=TeaUtils.query(query), body=dict(form)),
                                              RuntimeOptions()),
                      "ModifyInstanceAttribute", sorted(form), None, "2024-07-08T09:10:12Z",
                      "1a1b2c3d4e5f60718293a4b5c6d7e8f9")

    base_headers = [
        ("host", "r-kvstore.aliyuncs.com"),
        ("x-acs-action", "DescribeInstances"),
        ("x-acs-version", "2015-01-01"),
        ("x-acs-date", "2024-01-02T03:04:05Z"),
        ("x-acs-signature-nonce", "5f1e3c2a9b8d4e7fa6c0b1d2e3f40516"),
        ("x-acs-content-sha256", hashlib.sha256(b"").hexdigest()),
    ]
    specials = [("space", "a b"), ("star", "a*b"), ("tilde", "a~b"), ("plus", "a+b"), ("slash", "a/b"),
                ("percent", "100%"), ("equals-ampersand", "a=b&c"), ("chinese", "实例"), ("emoji", "🚀"),
                ("empty", ""), ("reserved-mix", "!$'()*,;:@[]?#")]
    for name, value in specials:
        direct_v3(f"query-value-{name}", "POST", [("RegionId", "cn-hangzhou"), ("InstanceName", value)], base_headers)
    direct_v3("query-order", "GET",
              [("Tag.2.Key", "b"), ("Tag.10.Key", "c"), ("Tag.1.Key", "a"), ("b", "1"), ("B", "2"), ("a", "3")],
              base_headers)
    direct_v3("no-query", "POST", [], base_headers)
    direct_v3("header-case-and-whitespace", "POST", [("RegionId", "cn-hangzhou")],
              base_headers + [("X-Custom-Header", "  padded value \t"), ("User-Agent", "MyApp/1.0")])
    direct_v3("header-same-name-different-case", "POST", [("RegionId", "cn-hangzhou")],
              base_headers + [("x-acs-meta", "zeta"), ("X-Acs-Meta", "alpha")])
    body = "InstanceName=a%20b&RegionId=cn-hangzhou"
    direct_v3("form-body-pct-encoded", "POST", [],
              [(k, v) for k, v in base_headers if k != "x-acs-content-sha256"]
              + [("x-acs-content-sha256", hashlib.sha256(body.encode()).hexdigest()),
                 ("content-type", "application/x-www-form-urlencoded")], body=body)
    direct_v3("unusual-secret", "GET", [("RegionId", "cn-hangzhou")], base_headers, secret="s3cr3t&密钥/+=")


def write(name, vectors):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(vectors, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(vectors)} vectors to {os.path.relpath(path)}")


def main():
    gen_v1()
    gen_v3()
    write("sign_v1.json", V1)
    write("sign_v3.json", V3)


if __name__ == "__main__":
    main()
