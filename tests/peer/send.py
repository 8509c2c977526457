#!/usr/bin/env python3
"""Send requests through Alibaba Cloud's official Python SDKs to the fake service.

Run by tests/tests/peer.rs, which starts the fake on 127.0.0.1 and checks that the fake accepted
every request (and rejects tampered replays of them). It proves the fake's signature verification
right against independent implementations.

    python send.py PORT AK_ID AK_SECRET STS_ID STS_SECRET STS_TOKEN

Each request shape is sent once, in order, and reported as one JSON line:
{"label", "sdk", "signature": "v1"|"v3", "method", "sts", "form", "action", "ok", "error"}.
The exit status is 0 when every shape succeeded.

Setup (from the repository root):

    python3 -m venv .venv
    .venv/bin/pip install aliyun-python-sdk-core alibabacloud-tea-openapi \
        alibabacloud-r-kvstore20150101 alibabacloud-credentials
"""

import json
import sys
import traceback

PORT, AK_ID, AK_SECRET, STS_ID, STS_SECRET, STS_TOKEN = sys.argv[1:7]
HOST = f"127.0.0.1:{PORT}"
REGION = "cn-hangzhou"
KVSTORE = "2015-01-01"
ECS = "2014-05-26"
# Spaces and reserved characters exercise each SDK's encoder against the fake's decoder.
DESCRIPTION = "this is a test account * ~ / + & = 100%"


def core_client(sts):
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.auth.credentials import AccessKeyCredential, StsTokenCredential

    if sts:
        credential = StsTokenCredential(STS_ID, STS_SECRET, STS_TOKEN)
    else:
        credential = AccessKeyCredential(AK_ID, AK_SECRET)
    # No retries: the fake must see exactly one request per shape.
    return AcsClient(region_id=REGION, credential=credential, auto_retry=False, timeout=10)


def core(method, sts, version, action, query, body=None):
    """Legacy core: AcsClient + CommonRequest (signature v1)."""
    from aliyunsdkcore.request import CommonRequest

    def send():
        request = CommonRequest(domain=HOST, version=version, action_name=action)
        request.set_protocol_type("http")
        request.set_method(method)
        for name, value in query.items():
            request.add_query_param(name, value)
        for name, value in (body or {}).items():
            request.add_body_params(name, value)
        core_client(sts).do_action_with_exception(request)

    return send


def tea_config(sts, v1):
    from alibabacloud_tea_openapi.models import Config

    config = Config(
        access_key_id=STS_ID if sts else AK_ID,
        access_key_secret=STS_SECRET if sts else AK_SECRET,
        security_token=STS_TOKEN if sts else None,
        endpoint=HOST,
        protocol="http",
        region_id=REGION,
    )
    if v1:
        config.signature_algorithm = "v2"
    return config


def tea_kvstore(sts, v1, call):
    """Tea: the generated R-kvstore client (v3 by default, v1 with signature_algorithm='v2')."""
    from alibabacloud_r_kvstore20150101.client import Client

    def send():
        call(Client(tea_config(sts, v1)))

    return send


def tea_generic(sts, v1, action, query, body):
    """Tea: the generic call_api, to send form-body parameters."""
    from alibabacloud_tea_openapi.client import Client
    from alibabacloud_tea_openapi import utils_models
    from darabonba.runtime import RuntimeOptions

    def send():
        params = utils_models.Params(
            action=action,
            version=KVSTORE,
            protocol="HTTP",
            pathname="/",
            method="POST",
            auth_type="AK",
            style="RPC",
            req_body_type="formData",
            body_type="json",
        )
        request = utils_models.OpenApiRequest(query=query, body=body)
        Client(tea_config(sts, v1)).call_api(params, request, RuntimeOptions())

    return send


def describe_instances(client):
    from alibabacloud_r_kvstore20150101 import models

    client.describe_instances(
        models.DescribeInstancesRequest(
            region_id=REGION,
            page_size=10,
            instance_ids="de5d88e34d004211",
            tag=[models.DescribeInstancesRequestTag(key="env", value="test run")],
        )
    )


def modify_account_description(client):
    from alibabacloud_r_kvstore20150101 import models

    client.modify_account_description(
        models.ModifyAccountDescriptionRequest(
            instance_id="r-bp1xxxxxxxxxxxxx",
            account_name="demoaccount",
            account_description=DESCRIPTION,
        )
    )


def describe_accounts(client):
    from alibabacloud_r_kvstore20150101 import models

    client.describe_accounts(models.DescribeAccountsRequest(instance_id="r-bp1xxxxxxxxxxxxxx"))


SHAPES = [
    # label, sdk, signature, method, sts, form, action, send
    ("core-v1-post", "core", "v1", "POST", False, False, "DescribeInstances",
     core("POST", False, KVSTORE, "DescribeInstances",
          {"RegionId": REGION, "PageSize": "10", "InstanceIds": "de5d88e34d004211"})),
    ("core-v1-get", "core", "v1", "GET", False, False, "DescribeAccounts",
     core("GET", False, KVSTORE, "DescribeAccounts", {"InstanceId": "r-bp1xxxxxxxxxxxxxx"})),
    ("core-v1-post-sts", "core", "v1", "POST", True, False, "ModifyAccountDescription",
     core("POST", True, KVSTORE, "ModifyAccountDescription",
          {"InstanceId": "r-bp1xxxxxxxxxxxxx", "AccountName": "demoaccount",
           "AccountDescription": DESCRIPTION})),
    ("core-v1-get-sts", "core", "v1", "GET", True, False, "DescribeInstanceAttribute",
     core("GET", True, KVSTORE, "DescribeInstanceAttribute", {"InstanceId": "r-bp1xxxxxxxxxxxxx"})),
    ("core-v1-post-form", "core", "v1", "POST", False, True, "ModifySecurityIps",
     core("POST", False, KVSTORE, "ModifySecurityIps",
          {"InstanceId": "657e361a074646d5"},
          {"SecurityIps": "1.1.1.1,2.2.2.2/24", "SecurityIpGroupName": "test group"})),
    ("core-v1-post-form-sts", "core", "v1", "POST", True, True, "ModifySecurityIps",
     core("POST", True, KVSTORE, "ModifySecurityIps",
          {"InstanceId": "657e361a074646d5"},
          {"SecurityIps": "1.1.1.1", "SecurityIpGroupName": "default"})),
    ("core-v1-post-ecs-nested", "core", "v1", "POST", False, False, "ModifyPrepayInstanceSpec",
     core("POST", False, ECS, "ModifyPrepayInstanceSpec",
          {"RegionId": REGION, "InstanceId": "i-bp67acfmxazb4ph***", "InstanceType": "ecs.g5.xlarge",
           "SystemDisk.Category": "cloud_ssd", "ClientToken": "123e4567-e89b-12d3-a456-426655440000"})),
    ("tea-v1", "tea", "v1", "POST", False, False, "DescribeInstances",
     tea_kvstore(False, True, describe_instances)),
    ("tea-v1-sts", "tea", "v1", "POST", True, False, "ModifyAccountDescription",
     tea_kvstore(True, True, modify_account_description)),
    ("tea-v3", "tea", "v3", "POST", False, False, "DescribeInstances",
     tea_kvstore(False, False, describe_instances)),
    ("tea-v3-sts", "tea", "v3", "POST", True, False, "ModifyAccountDescription",
     tea_kvstore(True, False, modify_account_description)),
    ("tea-v3-accounts", "tea", "v3", "POST", False, False, "DescribeAccounts",
     tea_kvstore(False, False, describe_accounts)),
    ("tea-v1-form", "tea", "v1", "POST", False, True, "ModifySecurityIps",
     tea_generic(False, True, "ModifySecurityIps", {"InstanceId": "657e361a074646d5"},
                 {"SecurityIps": "1.1.1.1,2.2.2.2", "SecurityIpGroupName": "test group"})),
    ("tea-v3-form", "tea", "v3", "POST", False, True, "ModifySecurityIps",
     tea_generic(False, False, "ModifySecurityIps", {"InstanceId": "657e361a074646d5"},
                 {"SecurityIps": "1.1.1.1,2.2.2.2", "SecurityIpGroupName": "test group"})),
    ("tea-v3-form-sts", "tea", "v3", "POST", True, True, "ModifySecurityIps",
     tea_generic(True, False, "ModifySecurityIps", {"InstanceId": "657e361a074646d5"},
                 {"SecurityIps": "1.1.1.1", "SecurityIpGroupName": "default"})),
]


def main():
    failed = 0
    for label, sdk, signature, method, sts, form, action, send in SHAPES:
        error = None
        try:
            send()
        except Exception:  # report every failure, keep going
            error = traceback.format_exc(limit=3)
            failed += 1
        print(json.dumps({
            "label": label, "sdk": sdk, "signature": signature, "method": method, "sts": sts,
            "form": form, "action": action, "ok": error is None, "error": error,
        }), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
