//! The fake refuses what the service refuses, with the service's codes, statuses and messages.
//! (That it accepts what the official SDKs send is `peer.rs`.)

use alicloud_sdk::runtime::client::{Client, Operation, ProductInfo};
use alicloud_sdk::runtime::error::ServiceError;
use alicloud_sdk::runtime::sign::HttpMethod;
use alicloud_sdk::{Credentials, SdkError, SignatureAlgorithm};
use alicloud_tests::fake::{Fake, RawRequest, Recorded, AK_ID, STS_ID, STS_SECRET, STS_TOKEN};
use alicloud_tests::support::{config, kind_of, kvstore, sts_config, ALGORITHMS};

/// A raw call through the runtime, so that a test can send what the generated builders do not
/// build (a missing required parameter, an unknown action, GET, form-body parameters).
async fn call_with(
    fake: &Fake,
    algorithm: SignatureAlgorithm,
    product: &'static ProductInfo,
    action: &'static str,
    method: HttpMethod,
    query: &[(&str, &str)],
    form: &[(&str, &str)],
) -> Result<alicloud_sdk::runtime::client::RawResponse, SdkError> {
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    };
    let client = Client::new(&config(fake, algorithm).build(), product);
    client
        .call(Operation {
            name: action,
            method,
            idempotent: true,
            idempotency_token: None,
            query: pairs(query),
            form: pairs(form),
            timeout: None,
        })
        .await
}

/// A POST of query parameters through the runtime.
async fn call(
    fake: &Fake,
    algorithm: SignatureAlgorithm,
    product: &'static ProductInfo,
    action: &'static str,
    query: &[(&str, &str)],
) -> Result<alicloud_sdk::runtime::client::RawResponse, SdkError> {
    call_with(
        fake,
        algorithm,
        product,
        action,
        HttpMethod::Post,
        query,
        &[],
    )
    .await
}

fn service_error(
    result: Result<alicloud_sdk::runtime::client::RawResponse, SdkError>,
) -> ServiceError {
    match result {
        Err(SdkError::Service(e)) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// One good request for `algorithm`, to replay.
async fn one_good_request(fake: &Fake, algorithm: SignatureAlgorithm) -> Recorded {
    kvstore(fake, algorithm)
        .describe_accounts()
        .instance_id("r-bp1xxxxxxxxxxxxxx")
        .send()
        .await
        .expect("accepted");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    requests.into_iter().next().expect("one")
}

fn error_body(response: &alicloud_tests::fake::RawResponse) -> serde_json::Value {
    serde_json::from_slice(&response.body)
        .unwrap_or_else(|e| panic!("error body is not JSON ({e}): {}", response.text()))
}

#[tokio::test]
async fn records_what_arrived_and_who_signed() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let request = one_good_request(&fake, algorithm).await;
        let verified = request.verified().expect("verified");
        assert_eq!(verified.kind, kind_of(algorithm));
        assert_eq!(verified.access_key_id, AK_ID);
        assert_eq!(verified.action, "DescribeAccounts");
        assert_eq!(verified.version, "2015-01-01");
        assert_eq!(request.method, "POST");
        assert_eq!(request.param("InstanceId"), Some("r-bp1xxxxxxxxxxxxxx"));
        assert_eq!(request.status, Some(200));
        assert!(request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("alicloud-sdk-rust/")));
    }
}

#[tokio::test]
async fn sts_credentials_are_accepted_with_their_token() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let client = alicloud_sdk::r_kvstore::Client::new(&sts_config(&fake, algorithm).build());
        client
            .describe_accounts()
            .instance_id("r-bp1xxxxxxxxxxxxxx")
            .send()
            .await
            .expect("accepted");
        let request = &fake.requests()[0];
        let verified = request.verified().expect("verified");
        assert_eq!(verified.access_key_id, STS_ID);
        assert_eq!(verified.security_token.as_deref(), Some(STS_TOKEN));
    }
}

#[tokio::test]
async fn wrong_or_missing_security_token_is_refused() {
    for algorithm in ALGORITHMS {
        for (token, code) in [
            (
                Some("another-token"),
                "InvalidSecurityToken.MismatchWithAccessKey",
            ),
            (None, "MissingSecurityToken"),
        ] {
            let fake = Fake::start();
            let client = alicloud_sdk::r_kvstore::Client::new(
                &sts_config(&fake, algorithm)
                    .credentials(Credentials::new(
                        STS_ID,
                        STS_SECRET,
                        token.map(str::to_owned),
                    ))
                    .build(),
            );
            let error = client
                .describe_accounts()
                .instance_id("r-bp1xxxxxxxxxxxxxx")
                .send()
                .await
                .expect_err("refused");
            assert_eq!(error.code(), Some(code), "{algorithm:?}: {error:?}");
            assert_eq!(error.status(), Some(400));
        }
    }
}

#[tokio::test]
async fn unknown_access_key_is_refused() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let client = alicloud_sdk::r_kvstore::Client::new(
            &config(&fake, algorithm)
                .credentials(Credentials::new("LTAInobody", "secret", None))
                .build(),
        );
        let error = client
            .describe_accounts()
            .instance_id("r-bp1xxxxxxxxxxxxxx")
            .send()
            .await
            .expect_err("refused");
        let service = error.service_error().expect("service error");
        assert_eq!(service.code(), "InvalidAccessKeyId.NotFound");
        assert_eq!(service.status(), 404);
        assert_eq!(service.message(), "Specified access key is not found.");
    }
}

#[tokio::test]
async fn stale_timestamp_is_refused_and_not_retried() {
    for algorithm in ALGORITHMS {
        // The fake's clock runs 20 minutes ahead: the client's timestamps are 20 minutes old.
        let fake = Fake::builder().clock_offset_secs(20 * 60).start();
        let error = kvstore(&fake, algorithm)
            .describe_accounts()
            .instance_id("r-bp1xxxxxxxxxxxxxx")
            .send()
            .await
            .expect_err("stale");
        let service = error.service_error().expect("service error");
        assert_eq!(service.code(), "InvalidTimeStamp.Expired");
        assert_eq!(service.status(), 400);
        assert!(
            service
                .message()
                .starts_with("Specified time stamp or date value is expired."),
            "{}",
            service.message()
        );
        assert_eq!(fake.requests().len(), 1);
    }
}

#[tokio::test]
async fn timestamp_within_fifteen_minutes_is_accepted() {
    for offset in [-14 * 60, 14 * 60] {
        let fake = Fake::builder().clock_offset_secs(offset).start();
        one_good_request(&fake, SignatureAlgorithm::HmacSha1).await;
    }
}

#[tokio::test]
async fn replayed_request_is_refused_as_a_used_nonce() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let request = one_good_request(&fake, algorithm).await;
        let response = fake.send_raw(&request.to_raw()).expect("replay");
        assert_eq!(response.status, 400);
        let body = error_body(&response);
        assert_eq!(body["Code"], "SignatureNonceUsed");
        assert_eq!(
            body["Message"],
            "Specified signature nonce was used already."
        );
    }
}

#[tokio::test]
async fn tampered_request_is_refused_with_the_server_string_to_sign() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let request = one_good_request(&fake, algorithm).await;
        let tampered = request
            .to_raw()
            .with_query_param("InstanceId", "r-someone-else");
        let response = fake.send_raw(&tampered).expect("replay");
        assert_eq!(response.status, 400);
        assert_eq!(
            response.header("content-type"),
            Some("application/json;charset=utf-8")
        );
        let body = error_body(&response);
        assert_eq!(body["Code"], "SignatureDoesNotMatch", "{body}");
        let message = body["Message"].as_str().expect("message");
        let server_sts = message
            .strip_prefix("Specified signature is not matched with our calculation. server string to sign is:")
            .unwrap_or_else(|| panic!("{message}"));
        match algorithm {
            SignatureAlgorithm::HmacSha1 => {
                assert!(
                    server_sts.starts_with("POST&%2F&AccessKeyId%3D"),
                    "{server_sts}"
                );
                assert!(
                    server_sts.contains("InstanceId%3Dr-someone-else"),
                    "{server_sts}"
                );
            }
            _ => assert!(server_sts.starts_with("ACS3-HMAC-SHA256\n"), "{server_sts}"),
        }
        for field in ["RequestId", "HostId", "Recommend"] {
            assert!(
                body[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field}: {body}"
            );
        }
        assert_eq!(
            response.header("x-acs-request-id"),
            body["RequestId"].as_str()
        );
    }
}

#[tokio::test]
async fn changing_the_method_after_signing_is_refused() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let request = one_good_request(&fake, algorithm).await;
        let as_get = RawRequest {
            method: "GET".to_owned(),
            ..request.to_raw()
        };
        let response = fake.send_raw(&as_get).expect("replay");
        assert_eq!(error_body(&response)["Code"], "SignatureDoesNotMatch");
    }
}

#[tokio::test]
async fn error_documents_are_xml_when_the_request_asks_for_xml() {
    let fake = Fake::start();
    let request = one_good_request(&fake, SignatureAlgorithm::HmacSha1).await;
    // Changing Format breaks the signature; the refusal comes in the format asked for.
    let response = fake
        .send_raw(&request.to_raw().with_query_param("Format", "XML"))
        .expect("replay");
    assert_eq!(response.status, 400);
    assert!(response
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/xml")));
    let text = response.text();
    assert!(
        text.starts_with("<?xml") && text.contains("<Error>"),
        "{text}"
    );
    let parsed =
        ServiceError::parse("DescribeAccounts", 400, &response.body).expect("an error document");
    assert_eq!(parsed.code(), "SignatureDoesNotMatch");
    assert!(parsed.request_id().is_some());
    assert!(parsed.host_id().is_some());
    assert!(parsed.recommend().is_some());
}

#[tokio::test]
async fn unsigned_request_is_refused() {
    let fake = Fake::start();
    let response = fake
        .send_raw(&RawRequest {
            method: "POST".to_owned(),
            target: "/?Action=DescribeAccounts&Version=2015-01-01&InstanceId=r-1".to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        })
        .expect("send");
    assert_eq!(response.status, 400);
    assert_eq!(error_body(&response)["Code"], "IncompleteSignature");
}

#[tokio::test]
async fn missing_required_parameter_is_refused() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let error = service_error(
            call(
                &fake,
                algorithm,
                &alicloud_sdk::r_kvstore::PRODUCT,
                "DescribeInstanceAttribute",
                &[],
            )
            .await,
        );
        assert_eq!(error.code(), "MissingParameter");
        assert_eq!(error.status(), 400);
        assert_eq!(
            error.message(),
            "The input parameter \"InstanceId\" that is mandatory for processing this request is not supplied."
        );
    }
}

#[tokio::test]
async fn flattened_names_count_for_their_parameter() {
    // A nested or listed parameter arrives only as its flattened members. No required parameter
    // of the spec is nested, so this test makes SystemDisk required in a copy of the spec.
    let spec = alicloud_tests::spec();
    let mut spec = (*spec).clone();
    let ecs = spec
        .products
        .iter_mut()
        .find(|p| p.code == "Ecs")
        .expect("ECS in the spec");
    let op = ecs
        .operations
        .iter_mut()
        .find(|o| o.name == "ModifyPrepayInstanceSpec")
        .expect("ModifyPrepayInstanceSpec");
    for p in &mut op.parameters {
        if p.name == "SystemDisk" {
            p.required = true;
        }
    }
    let fake = Fake::builder().spec(std::sync::Arc::new(spec)).start();
    let base = [
        ("RegionId", "cn-hangzhou"),
        ("InstanceId", "i-1"),
        ("InstanceType", "ecs.g5.xlarge"),
    ];
    let error = service_error(
        call(
            &fake,
            SignatureAlgorithm::HmacSha1,
            &alicloud_sdk::ecs::PRODUCT,
            "ModifyPrepayInstanceSpec",
            &base,
        )
        .await,
    );
    assert_eq!(error.code(), "MissingParameter");
    assert!(
        error.message().contains("\"SystemDisk\""),
        "{}",
        error.message()
    );

    let mut with_member = base.to_vec();
    with_member.push(("SystemDisk.Category", "cloud_ssd"));
    call(
        &fake,
        SignatureAlgorithm::HmacSha1,
        &alicloud_sdk::ecs::PRODUCT,
        "ModifyPrepayInstanceSpec",
        &with_member,
    )
    .await
    .expect("SystemDisk.Category counts for SystemDisk");
}

#[tokio::test]
async fn unknown_action_and_version_are_refused() {
    static FUTURE: ProductInfo = ProductInfo {
        product: "R-kvstore",
        version: "2099-01-01",
        endpoints: &alicloud_sdk::r_kvstore::ENDPOINTS,
    };
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        let error = service_error(
            call(
                &fake,
                algorithm,
                &alicloud_sdk::r_kvstore::PRODUCT,
                "DescribeNothing",
                &[],
            )
            .await,
        );
        assert_eq!(
            (error.code(), error.status()),
            ("InvalidAction.NotFound", 404)
        );
        let error = service_error(call(&fake, algorithm, &FUTURE, "DescribeAccounts", &[]).await);
        assert_eq!((error.code(), error.status()), ("InvalidVersion", 400));
    }
}

#[tokio::test]
async fn get_requests_are_signed_and_accepted() {
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        call_with(
            &fake,
            algorithm,
            &alicloud_sdk::r_kvstore::PRODUCT,
            "DescribeAccounts",
            HttpMethod::Get,
            &[
                ("InstanceId", "r-bp1xxxxxxxxxxxxxx"),
                ("AccountName", "a b*c"),
            ],
            &[],
        )
        .await
        .expect("accepted");
        let request = &fake.requests()[0];
        assert_eq!(request.method, "GET");
        assert_eq!(request.verified().map(|v| v.kind), Some(kind_of(algorithm)));
        assert_eq!(request.param("AccountName"), Some("a b*c"));
    }
}

#[tokio::test]
async fn form_body_parameters_are_signed_and_accepted() {
    // No operation of the spec has body parameters yet; the runtime supports them.
    for algorithm in ALGORITHMS {
        let fake = Fake::start();
        call_with(
            &fake,
            algorithm,
            &alicloud_sdk::r_kvstore::PRODUCT,
            "ModifySecurityIps",
            HttpMethod::Post,
            &[("InstanceId", "657e361a074646d5")],
            &[
                ("SecurityIps", "1.1.1.1,2.2.2.2/24"),
                ("SecurityIpGroupName", "test group"),
            ],
        )
        .await
        .expect("accepted");
        let request = &fake.requests()[0];
        assert_eq!(request.verified().map(|v| v.kind), Some(kind_of(algorithm)));
        assert_eq!(
            request.form,
            [
                ("SecurityIpGroupName".to_owned(), "test group".to_owned()),
                ("SecurityIps".to_owned(), "1.1.1.1,2.2.2.2/24".to_owned()),
            ]
        );
        // The body is covered by the signature.
        let tampered = request.to_raw().with_form_param("SecurityIps", "0.0.0.0/0");
        let response = fake.send_raw(&tampered).expect("replay");
        assert_eq!(error_body(&response)["Code"], "SignatureDoesNotMatch");
    }
}
