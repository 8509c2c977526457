//! What the generated client does when the service or the network misbehaves. Each fault has its
//! documented outcome, and none may panic:
//! - transient failures (HTTP 500/502/503/504, `Throttling*`, resets, timeouts, bodies cut short)
//!   are retried for idempotent operations and for operations carrying an idempotency token (with
//!   the same token on every attempt), each attempt signed afresh;
//! - an operation that is neither is sent exactly once;
//! - bodies that are not what they should be become typed errors naming the operation, the HTTP
//!   status and the request id.

use std::time::{Duration, Instant};

use alicloud_sdk::r_kvstore::{
    CommonError, DescribeInstanceAttributeError, DescribeInstancesError, ModifyInstanceSpecError,
};
use alicloud_sdk::runtime::error::TransportErrorKind;
use alicloud_sdk::{SdkError, SignatureAlgorithm};
use alicloud_tests::fake::encode::pct;
use alicloud_tests::fake::{Fake, Recorded, Scripted, STS_TOKEN};
use alicloud_tests::support::{config, ecs, kind_of, kvstore, sts_config, ALGORITHMS};

const INTERNAL_ERROR: &str = "The request processing has failed due to some unknown error.";
const UNAVAILABLE: &str = "The request has failed due to a temporary failure of the server.";
const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";

/// DescribeInstances (idempotent) with its example answer on success.
async fn describe_instances(
    client: &alicloud_sdk::r_kvstore::Client,
) -> Result<alicloud_sdk::r_kvstore::DescribeInstancesOutput, DescribeInstancesError> {
    client
        .describe_instances()
        .region_id("cn-hangzhou")
        .instance_ids("de5d88e34d004211")
        .send()
        .await
}

/// ModifyInstanceSpec: neither idempotent nor carrying a token.
async fn modify_instance_spec(
    client: &alicloud_sdk::r_kvstore::Client,
) -> Result<alicloud_sdk::r_kvstore::ModifyInstanceSpecOutput, ModifyInstanceSpecError> {
    client
        .modify_instance_spec()
        .instance_id("r-j6cxxxxxxxxxxx3d4")
        .instance_class("redis.master.small.default")
        .send()
        .await
}

/// Every request reached the fake with a good signature of `algorithm`, each with its own nonce.
fn assert_signed_afresh(requests: &[Recorded], algorithm: SignatureAlgorithm) {
    let mut nonces = Vec::new();
    for request in requests {
        let verified = request
            .verified()
            .unwrap_or_else(|| panic!("refused: {:?}", request.signature));
        assert_eq!(verified.kind, kind_of(algorithm));
        nonces.push(verified.nonce.clone());
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(
        nonces.len(),
        requests.len(),
        "a nonce was reused: {requests:#?}"
    );
}

fn statuses(fake: &Fake) -> Vec<Option<u16>> {
    fake.requests().iter().map(|r| r.status).collect()
}

#[tokio::test]
async fn http_500_then_success_is_retried_and_returns_the_answer() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        fake.script([Scripted::error(500, "InternalError", INTERNAL_ERROR)]);
        let out = describe_instances(&kvstore(&fake, algorithm))
            .await
            .expect("retried after 500");
        assert_eq!(
            out.request_id.as_deref(),
            Some("969D0A1D-C91A-4837-9F70-49785DF9BDCE")
        );
        assert_eq!(out.instances.len(), 1);
        assert_eq!(statuses(&fake), [Some(500), Some(200)]);
        assert_signed_afresh(&fake.requests(), algorithm);
    }
}

#[tokio::test]
async fn http_503_then_success_is_retried_and_returns_the_answer() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        fake.script([Scripted::error(503, "ServiceUnavailable", UNAVAILABLE)]);
        let out = describe_instances(&kvstore(&fake, algorithm))
            .await
            .expect("retried after 503");
        assert_eq!(out.total_count, Some(1));
        assert_eq!(statuses(&fake), [Some(503), Some(200)]);
        assert_signed_afresh(&fake.requests(), algorithm);
    }
}

#[tokio::test]
async fn retries_stop_after_the_configured_attempts() {
    let fake = Fake::start();
    fake.script((0..5).map(|_| Scripted::error(503, "ServiceUnavailable", UNAVAILABLE)));
    let error = describe_instances(&kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256))
        .await
        .expect_err("503 every time");
    assert!(
        matches!(
            &error,
            DescribeInstancesError::Common(CommonError::ServiceUnavailable(_))
        ),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(503));
    assert!(error.request_id().is_some(), "{error:?}");
    assert_eq!(fake.requests().len(), 3, "the default is 3 attempts");
    assert_eq!(fake.scripted_left(), 2);
}

#[tokio::test]
async fn throttling_is_retried_after_x_acs_retry_after() {
    let fake = Fake::start();
    fake.script([Scripted::error(
        400,
        "Throttling.User",
        "Request was denied due to user flow control.",
    )
    .header("x-acs-retry-after", "700")]);
    let started = Instant::now();
    let out = describe_instances(&kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256))
        .await
        .expect("retried after throttling");
    assert_eq!(out.total_count, Some(1));
    let requests = fake.requests();
    assert_eq!(statuses(&fake), [Some(400), Some(200)]);
    let waited = requests[1].received_at - requests[0].received_at;
    assert!(
        waited >= Duration::from_millis(700),
        "waited {waited:?}, the service asked for 700 ms"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn throttling_of_a_non_idempotent_operation_is_not_retried() {
    let fake = Fake::start();
    fake.script([Scripted::error(
        400,
        "Throttling.User",
        "Request was denied due to user flow control.",
    )
    .header("x-acs-retry-after", "100")]);
    let error = modify_instance_spec(&kvstore(&fake, SignatureAlgorithm::HmacSha1))
        .await
        .expect_err("throttled");
    assert_eq!(error.code(), Some("Throttling.User"));
    assert!(
        matches!(error, ModifyInstanceSpecError::Unhandled(_)),
        "{error:?}"
    );
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn read_timeout_is_retried_for_an_idempotent_operation() {
    let fake = Fake::start();
    fake.script([Scripted::example().delay(Duration::from_secs(3))]);
    let client = alicloud_sdk::r_kvstore::Client::new(
        &config(&fake, SignatureAlgorithm::Acs3HmacSha256)
            .read_timeout(Duration::from_millis(300))
            .build(),
    );
    let started = Instant::now();
    let out = describe_instances(&client)
        .await
        .expect("second attempt answers");
    assert_eq!(out.total_count, Some(1));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn read_timeout_of_a_non_idempotent_operation_is_not_retried() {
    let fake = Fake::start();
    fake.script([Scripted::example().delay(Duration::from_secs(3))]);
    let client = alicloud_sdk::r_kvstore::Client::new(
        &config(&fake, SignatureAlgorithm::HmacSha1)
            .read_timeout(Duration::from_millis(300))
            .build(),
    );
    let error = modify_instance_spec(&client).await.expect_err("times out");
    match &error {
        ModifyInstanceSpecError::Sdk(SdkError::Timeout {
            operation,
            timeout,
            attempts,
            ..
        }) => {
            assert_eq!(*operation, "ModifyInstanceSpec");
            assert_eq!(*timeout, Duration::from_millis(300));
            assert_eq!(*attempts, 1);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(error.to_string().contains("ModifyInstanceSpec"), "{error}");
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn per_call_timeout_replaces_the_client_s() {
    let fake = Fake::start();
    fake.script([Scripted::example().delay(Duration::from_secs(3))]);
    let started = Instant::now();
    let error = kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256)
        .modify_instance_spec()
        .instance_id("r-j6cxxxxxxxxxxx3d4")
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .expect_err("times out");
    assert!(
        matches!(&error, ModifyInstanceSpecError::Sdk(SdkError::Timeout { timeout, .. }) if *timeout == Duration::from_millis(200)),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn reset_connection_is_retried_for_an_idempotent_operation() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        fake.script([Scripted::reset()]);
        let out = describe_instances(&kvstore(&fake, algorithm))
            .await
            .expect("retried after a reset");
        assert_eq!(out.total_count, Some(1));
        assert_eq!(statuses(&fake), [None, Some(200)]);
        assert_signed_afresh(&fake.requests(), algorithm);
    }
}

#[tokio::test]
async fn reset_connection_of_a_non_idempotent_operation_is_a_transport_error() {
    let fake = Fake::start();
    fake.script([Scripted::reset()]);
    let error = modify_instance_spec(&kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256))
        .await
        .expect_err("reset");
    match &error {
        ModifyInstanceSpecError::Sdk(SdkError::Transport {
            operation,
            kind,
            attempts,
            ..
        }) => {
            assert_eq!(*operation, "ModifyInstanceSpec");
            assert_eq!(*kind, TransportErrorKind::Send);
            assert_eq!(*attempts, 1);
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn body_cut_short_is_retried_for_an_idempotent_operation() {
    let fake = Fake::start();
    fake.script([Scripted::example().truncated(40)]);
    let out = describe_instances(&kvstore(&fake, SignatureAlgorithm::HmacSha1))
        .await
        .expect("retried after a short body");
    assert_eq!(out.total_count, Some(1));
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn body_cut_short_of_a_non_idempotent_operation_is_a_body_transport_error() {
    let fake = Fake::start();
    fake.script([Scripted::example().truncated(10)]);
    let error = modify_instance_spec(&kvstore(&fake, SignatureAlgorithm::HmacSha1))
        .await
        .expect_err("short body");
    assert!(
        matches!(
            &error,
            ModifyInstanceSpecError::Sdk(SdkError::Transport {
                kind: TransportErrorKind::Body,
                attempts: 1,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn malformed_json_200_is_a_deserialize_error_naming_operation_and_request_id() {
    let fake = Fake::start();
    fake.script([Scripted::json(
        r#"{"RequestId": "R-TRUNC", "Instances": {"KVStoreInstance": [{"#,
    )
    .header("x-acs-request-id", "7A1B-MALFORMED")]);
    let error = describe_instances(&kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256))
        .await
        .expect_err("malformed");
    match &error {
        DescribeInstancesError::Sdk(SdkError::Deserialize {
            operation,
            request_id,
            ..
        }) => {
            assert_eq!(*operation, "DescribeInstances");
            // The body cannot be read, so the id comes from the header.
            assert_eq!(request_id.as_deref(), Some("7A1B-MALFORMED"));
        }
        other => panic!("expected a deserialize error, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(
        shown.contains("DescribeInstances") && shown.contains("7A1B-MALFORMED"),
        "{shown}"
    );
    assert_eq!(fake.requests().len(), 1, "a 200 is never retried");
}

#[tokio::test]
async fn wrongly_typed_json_200_is_a_deserialize_error_with_the_body_s_request_id() {
    let fake = Fake::start();
    fake.script([Scripted::json(
        r#"{"RequestId": "R-TYPED", "TotalCount": "many"}"#,
    )]);
    let error = describe_instances(&kvstore(&fake, SignatureAlgorithm::HmacSha1))
        .await
        .expect_err("TotalCount is not a number");
    assert!(
        matches!(
            &error,
            DescribeInstancesError::Sdk(SdkError::Deserialize {
                operation: "DescribeInstances",
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(error.request_id(), Some("R-TYPED"));
    assert!(error.to_string().contains("many"), "{error}");
}

#[tokio::test]
async fn xml_error_body_is_a_typed_service_error() {
    let fake = Fake::start();
    fake.script([Scripted::raw(
        404,
        "text/xml;charset=utf-8",
        "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>5A4F-XML</RequestId>\
         <HostId>r-kvstore.aliyuncs.com</HostId><Code>InvalidInstanceId.NotFound</Code>\
         <Message>The InstanceId provided does not exist in our records .</Message>\
         <Recommend><![CDATA[https://api.aliyun.com/troubleshoot?q=InvalidInstanceId.NotFound]]></Recommend></Error>",
    )]);
    let error = kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256)
        .describe_instance_attribute()
        .instance_id("r-bp1xxxxxxxxxxxxx")
        .send()
        .await
        .expect_err("not found");
    let DescribeInstanceAttributeError::Common(CommonError::InvalidInstanceIdNotFound(service)) =
        &error
    else {
        panic!("expected InvalidInstanceId.NotFound, got {error:?}");
    };
    assert_eq!(service.status(), 404);
    assert_eq!(
        service.message(),
        "The InstanceId provided does not exist in our records ."
    );
    assert_eq!(service.request_id(), Some("5A4F-XML"));
    assert_eq!(service.host_id(), Some("r-kvstore.aliyuncs.com"));
    assert_eq!(
        service.recommend(),
        Some("https://api.aliyun.com/troubleshoot?q=InvalidInstanceId.NotFound")
    );
    assert_eq!(fake.requests().len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn html_502_page_is_an_unparsable_response_and_not_resent_when_not_idempotent() {
    let fake = Fake::start();
    fake.script([Scripted::raw(502, "text/html", HTML_502)]);
    let error = modify_instance_spec(&kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256))
        .await
        .expect_err("502");
    match &error {
        ModifyInstanceSpecError::Sdk(SdkError::UnparsableResponse {
            operation,
            status,
            body_start,
            ..
        }) => {
            assert_eq!(*operation, "ModifyInstanceSpec");
            assert_eq!(*status, 502);
            assert!(body_start.contains("502 Bad Gateway"), "{body_start}");
        }
        other => panic!("expected an unparsable response, got {other:?}"),
    }
    assert_eq!(error.status(), Some(502));
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn html_502_page_is_retried_for_an_idempotent_operation() {
    let fake = Fake::start();
    fake.script([Scripted::raw(502, "text/html", HTML_502)]);
    let out = describe_instances(&kvstore(&fake, SignatureAlgorithm::HmacSha1))
        .await
        .expect("retried after 502");
    assert_eq!(out.total_count, Some(1));
    assert_eq!(statuses(&fake), [Some(502), Some(200)]);
}

#[tokio::test]
async fn very_large_announced_body_is_refused_without_reading_it() {
    let fake = Fake::start();
    // Beyond the default limit of 32 MiB.
    let body = vec![b' '; 40 * 1024 * 1024];
    fake.script([Scripted::json(body).header("x-acs-request-id", "BIG-1")]);
    let error = describe_instances(&kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256))
        .await
        .expect_err("too large");
    match &error {
        DescribeInstancesError::Sdk(SdkError::ResponseTooLarge {
            operation,
            status,
            limit,
            request_id,
        }) => {
            assert_eq!(*operation, "DescribeInstances");
            assert_eq!(*status, 200);
            assert_eq!(*limit, 32 * 1024 * 1024);
            assert_eq!(request_id.as_deref(), Some("BIG-1"));
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn very_large_chunked_body_is_cut_off_at_the_limit() {
    let fake = Fake::start();
    let body = vec![b' '; 8 * 1024 * 1024];
    fake.script([Scripted::json(body).chunked()]);
    let client = alicloud_sdk::r_kvstore::Client::new(
        &config(&fake, SignatureAlgorithm::HmacSha1)
            .max_response_bytes(1024 * 1024)
            .build(),
    );
    let error = describe_instances(&client).await.expect_err("too large");
    assert!(
        matches!(
            &error,
            DescribeInstancesError::Sdk(SdkError::ResponseTooLarge {
                limit: 1_048_576,
                ..
            })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn large_body_within_the_limit_decodes() {
    let fake = Fake::start();
    let instance = |i: usize| {
        format!(
            r#"{{"InstanceId":"r-{i:012}","InstanceName":"name {i}","InstanceStatus":"Normal","Capacity":1024,"Port":6379,"ChargeType":"PostPaid","NetworkType":"VPC","ConnectionDomain":"r-{i:012}.redis.rds.aliyuncs.com"}}"#
        )
    };
    let count = 20_000;
    let instances: Vec<String> = (0..count).map(instance).collect();
    let body = format!(
        r#"{{"RequestId":"R-LARGE","TotalCount":{count},"PageNumber":1,"PageSize":{count},"Instances":{{"KVStoreInstance":[{}]}}}}"#,
        instances.join(",")
    );
    assert!(body.len() > 4 * 1024 * 1024, "{} bytes", body.len());
    fake.script([Scripted::json(body).chunked()]);
    let out = describe_instances(&kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256))
        .await
        .expect("decodes");
    assert_eq!(out.instances.len(), count);
    assert_eq!(out.total_count, Some(20_000));
    let last = out.instances.last().expect("instances");
    assert_eq!(last.instance_id.as_deref(), Some("r-000000019999"));
    assert_eq!(last.instance_name.as_deref(), Some("name 19999"));
    assert_eq!(last.port, Some(6379));
}

#[tokio::test]
async fn non_idempotent_operation_is_sent_once_on_503() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        fake.script([Scripted::error(503, "ServiceUnavailable", UNAVAILABLE)]);
        let error = modify_instance_spec(&kvstore(&fake, algorithm))
            .await
            .expect_err("503");
        let ModifyInstanceSpecError::Common(CommonError::ServiceUnavailable(service)) = &error
        else {
            panic!("expected ServiceUnavailable, got {error:?}");
        };
        assert_eq!(service.status(), 503);
        assert_eq!(service.message(), UNAVAILABLE);
        assert!(service.request_id().is_some());
        assert_eq!(
            fake.requests().len(),
            1,
            "ModifyInstanceSpec must not be sent twice"
        );
    }
}

#[tokio::test]
async fn operation_with_client_token_is_retried_with_the_same_generated_token() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        fake.script([Scripted::error(503, "ServiceUnavailable", UNAVAILABLE)]);
        let out = ecs(&fake, algorithm)
            .modify_prepay_instance_spec()
            .region_id("cn-hangzhou")
            .instance_id("i-bp67acfmxazb4ph***")
            .instance_type("ecs.g5.xlarge")
            .send()
            .await
            .expect("retried with its token");
        assert_eq!(out.order_id.as_deref(), Some("1011111111111111"));
        let requests = fake.requests();
        assert_eq!(statuses(&fake), [Some(503), Some(200)]);
        assert_signed_afresh(&requests, algorithm);
        let tokens: Vec<Option<&str>> = requests.iter().map(|r| r.param("ClientToken")).collect();
        let first = tokens[0].expect("a ClientToken is generated");
        assert!(
            first.len() == 32 && first.bytes().all(|b| b.is_ascii_hexdigit()),
            "{first}"
        );
        assert_eq!(
            tokens[1],
            Some(first),
            "every attempt carries the same token"
        );
    }
}

#[tokio::test]
async fn operation_with_client_token_is_retried_with_the_caller_s_token() {
    let fake = Fake::start();
    fake.script([
        Scripted::reset(),
        Scripted::error(500, "InternalError", INTERNAL_ERROR),
    ]);
    ecs(&fake, SignatureAlgorithm::HmacSha1)
        .modify_prepay_instance_spec()
        .region_id("cn-hangzhou")
        .instance_id("i-bp67acfmxazb4ph***")
        .instance_type("ecs.g5.xlarge")
        .client_token("123e4567-e89b-12d3-a456-426655440000")
        .send()
        .await
        .expect("third attempt answers");
    let tokens: Vec<Option<String>> = fake
        .requests()
        .iter()
        .map(|r| r.param("ClientToken").map(str::to_owned))
        .collect();
    assert_eq!(
        tokens,
        vec![Some("123e4567-e89b-12d3-a456-426655440000".to_owned()); 3]
    );
}

#[tokio::test]
async fn create_instance_is_retried_with_the_same_token() {
    let fake = Fake::start();
    fake.script([Scripted::error(503, "ServiceUnavailable", UNAVAILABLE)]);
    kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256)
        .create_instance()
        .region_id("cn-hangzhou")
        .instance_class("redis.master.small.default")
        .send()
        .await
        .expect("retried with its token");
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].param("Token").is_some());
    assert_eq!(requests[0].param("Token"), requests[1].param("Token"));
}

#[tokio::test]
async fn wrong_secret_is_signature_does_not_match_and_nothing_secret_leaks() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let client = alicloud_sdk::r_kvstore::Client::new(
            &sts_config(&fake, algorithm)
                .credentials(alicloud_sdk::Credentials::new(
                    alicloud_tests::fake::STS_ID,
                    "not-the-secret",
                    Some(STS_TOKEN.to_owned()),
                ))
                .build(),
        );
        let error = client
            .reset_account_password()
            .account_name("demoaccount")
            .account_password("P@ss word-42")
            .instance_id("r-bp1xxxxxxxxxxxxxx")
            .send()
            .await
            .expect_err("bad secret");
        let service = error.service_error().expect("a service error");
        assert_eq!(service.code(), "SignatureDoesNotMatch");
        assert_eq!(service.status(), 400);
        assert!(
            service
                .message()
                .starts_with("Specified signature is not matched with our calculation."),
            "{}",
            service.message()
        );
        assert!(
            service.string_to_sign().is_some(),
            "the client attaches its own string-to-sign"
        );
        assert_eq!(fake.requests().len(), 1, "a bad signature is not retried");
        // The server quotes its string-to-sign, which (v1) holds the token and the password.
        let shown = format!("{error} {error:?}");
        for secret in ["not-the-secret", STS_TOKEN, "P@ss word-42"] {
            for form in [secret.to_owned(), pct(secret), pct(&pct(secret))] {
                assert!(
                    !shown.contains(&form),
                    "{algorithm:?}: {form:?} leaked in {shown}"
                );
            }
        }
    }
}
