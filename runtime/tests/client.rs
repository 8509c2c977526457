//! `Client::call` against tiny HTTP/1.1 servers on 127.0.0.1 that answer from a script: what is
//! sent, how responses and failures are classified, and when calls are retried.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alicloud_runtime::client::{Client, ClientConfig, Operation, ProductInfo};
use alicloud_runtime::credentials::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};
use alicloud_runtime::endpoint::{EndpointError, EndpointRules};
use alicloud_runtime::error::{SdkError, TransportErrorKind};
use alicloud_runtime::retry::RetryConfig;
use alicloud_runtime::sign::{hmac_sha1, HttpMethod, SignatureAlgorithm};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY_ID: &str = "LTAItestkeyid";
const SECRET: &str = "s3cr3t/Never+Shown=";
const TOKEN: &str = "sts-T0ken/Never+Shown==";

static RULES: EndpointRules = EndpointRules {
    global: None,
    global_regions: &[],
    regional: "test.{region}.example.invalid",
    vpc: None,
    overrides: &[],
};

static PRODUCT: ProductInfo = ProductInfo {
    product: "Test",
    version: "2015-01-01",
    endpoints: &RULES,
};

// ---------------------------------------------------------------------------------------------
// The scripted server

/// What the server does with one connection.
enum Reply {
    /// Reads the request and writes these bytes, then closes.
    Raw(String),
    /// Reads the request and resets the connection without answering.
    Reset,
    /// Reads the request, writes these bytes (possibly an incomplete response), then waits.
    Stall(String),
}

/// One request as the server received it.
#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn query(&self) -> Vec<(String, String)> {
        let query = self.target.split_once('?').map_or("", |(_, q)| q);
        decode_pairs(query)
    }

    fn param(&self, name: &str) -> Option<String> {
        self.query()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

fn decode_pairs(text: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .expect("utf-8")
            .into_owned()
    };
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (n, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(n), decode(v))
        })
        .collect()
}

struct Server {
    endpoint: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }

    fn count(&self) -> usize {
        self.requests.lock().expect("lock").len()
    }
}

/// Serves one connection per reply, in order; connections beyond the script get a 418 so that an
/// unexpected extra attempt shows up as a clear failure.
async fn serve(replies: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let requests = Arc::new(Mutex::new(Vec::new()));
    let recorded = requests.clone();
    tokio::spawn(async move {
        let mut replies = replies.into_iter();
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let reply = replies
                .next()
                .unwrap_or_else(|| Reply::Raw(http(418, &[], "unexpected extra request")));
            let recorded = recorded.clone();
            tokio::spawn(async move {
                let Some(request) = read_request(&mut stream).await else {
                    return;
                };
                recorded.lock().expect("lock").push(request);
                match reply {
                    Reply::Raw(bytes) => {
                        let _ = stream.write_all(bytes.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    }
                    Reply::Reset => {
                        // SO_LINGER 0 makes the close an RST. With a zero timeout the drop does
                        // not block, which is what the deprecation warns about.
                        #[allow(deprecated)]
                        let _ = stream.set_linger(Some(Duration::ZERO));
                        drop(stream);
                    }
                    Reply::Stall(bytes) => {
                        let _ = stream.write_all(bytes.as_bytes()).await;
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                }
            });
        }
    });
    Server {
        endpoint: format!("http://{addr}"),
        requests,
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 1 << 20 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// A complete HTTP/1.1 response.
fn http(status: u16, headers: &[(&str, &str)], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status} Whatever\r\n");
    for (name, value) in headers {
        let _ = write!(out, "{name}: {value}\r\n");
    }
    let _ = write!(
        out,
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    out
}

fn json(status: u16, body: &str) -> Reply {
    Reply::Raw(http(
        status,
        &[("Content-Type", "application/json;charset=utf-8")],
        body,
    ))
}

fn ok(request_id: &str) -> Reply {
    json(
        200,
        &format!(r#"{{"RequestId":"{request_id}","Value":42}}"#),
    )
}

fn error_json(status: u16, code: &str, request_id: &str) -> Reply {
    json(
        status,
        &format!(
            r#"{{"RequestId":"{request_id}","HostId":"test.example.invalid","Code":"{code}","Message":"{code} happened","Recommend":"https://example.invalid/?q={code}"}}"#
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Clients and operations

fn fast_retries() -> RetryConfig {
    RetryConfig::default()
        .with_base_delay(Duration::from_millis(1))
        .with_throttling_base_delay(Duration::from_millis(1))
}

fn config(server: &Server) -> alicloud_runtime::client::ClientConfigBuilder {
    ClientConfig::builder()
        .credentials(Credentials::new(KEY_ID, SECRET, None))
        .endpoint(server.endpoint.clone())
        .retry(fast_retries())
}

fn client(server: &Server) -> Client {
    Client::new(&config(server).build(), &PRODUCT)
}

fn read_op() -> Operation {
    Operation {
        name: "DescribeThings",
        method: HttpMethod::Post,
        idempotent: true,
        idempotency_token: None,
        query: vec![
            ("RegionId".into(), "cn-hangzhou".into()),
            ("Tag.1.Key".into(), "a b*~".into()),
        ],
        form: vec![],
        timeout: None,
    }
}

fn write_op() -> Operation {
    Operation {
        name: "ModifyThing",
        idempotent: false,
        ..read_op()
    }
}

fn tokened_op() -> Operation {
    Operation {
        idempotency_token: Some("ClientToken"),
        ..write_op()
    }
}

fn is_hex32(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

// ---------------------------------------------------------------------------------------------
// Success

#[tokio::test]
async fn success_returns_status_body_and_request_id() {
    let server = serve(vec![ok("RID-OK")]).await;
    let response = client(&server).call(read_op()).await.expect("success");
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id.as_deref(), Some("RID-OK"));
    assert_eq!(response.body, br#"{"RequestId":"RID-OK","Value":42}"#);
    assert_eq!(
        response.header("content-type"),
        Some("application/json;charset=utf-8")
    );
    let value: serde_json::Value = response.json("DescribeThings").expect("json");
    assert_eq!(value["Value"], 42);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn request_id_falls_back_to_the_header() {
    let server = serve(vec![Reply::Raw(http(
        200,
        &[("x-acs-request-id", "RID-HEADER")],
        r#"{"Value":1}"#,
    ))])
    .await;
    let response = client(&server).call(read_op()).await.expect("success");
    assert_eq!(response.request_id.as_deref(), Some("RID-HEADER"));
}

#[tokio::test]
async fn lower_case_request_id_in_the_body_is_found() {
    let server = serve(vec![json(200, r#"{"requestId":"rid-lower"}"#)]).await;
    let response = client(&server).call(read_op()).await.expect("success");
    assert_eq!(response.request_id.as_deref(), Some("rid-lower"));
}

#[tokio::test]
async fn undeserializable_body_is_a_deserialize_error_with_request_id() {
    let server = serve(vec![ok("RID-D")]).await;
    let response = client(&server).call(read_op()).await.expect("success");
    let error = response.json::<Vec<u8>>("DescribeThings").unwrap_err();
    assert!(matches!(error, SdkError::Deserialize { .. }));
    assert_eq!(error.request_id(), Some("RID-D"));
    assert!(error.to_string().contains("DescribeThings"));
}

#[tokio::test]
async fn v3_request_carries_user_agent_action_and_authorization() {
    let server = serve(vec![ok("R")]).await;
    let config = config(&server).user_agent_suffix("my-tool/1.0").build();
    Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .expect("success");
    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("user-agent"),
        Some(
            format!(
                "alicloud-sdk-rust/{} my-tool/1.0",
                env!("CARGO_PKG_VERSION")
            )
            .as_str()
        )
    );
    assert_eq!(request.header("x-acs-action"), Some("DescribeThings"));
    assert_eq!(request.header("x-acs-version"), Some("2015-01-01"));
    let authorization = request.header("authorization").expect("authorization");
    assert!(
        authorization.starts_with(&format!(
            "ACS3-HMAC-SHA256 Credential={KEY_ID},SignedHeaders="
        )),
        "{authorization}"
    );
    assert!(is_hex32(
        request.header("x-acs-signature-nonce").expect("nonce")
    ));
    let date = request.header("x-acs-date").expect("date");
    assert_eq!(date.len(), 20, "{date}");
    assert!(date.ends_with('Z') && date.as_bytes()[10] == b'T', "{date}");
    assert!(request.header("x-acs-content-sha256").is_some());
    assert_eq!(request.param("RegionId").as_deref(), Some("cn-hangzhou"));
    assert_eq!(request.param("Tag.1.Key").as_deref(), Some("a b*~"));
    assert_eq!(request.param("Signature"), None);
    assert!(request.body.is_empty());
    assert!(!request.target.contains(SECRET));
}

/// Verifies a v3 request the way the service does: rebuild the canonical request from what
/// arrived (query, the headers named in `SignedHeaders`, body) and compare signatures.
fn verify_v3(request: &Recorded) {
    use alicloud_runtime::sign::acs3;
    let authorization = request.header("authorization").expect("authorization");
    let fields = authorization
        .strip_prefix("ACS3-HMAC-SHA256 ")
        .expect("algorithm");
    let field = |name: &str| {
        fields
            .split(',')
            .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
            .expect(name)
    };
    let headers: Vec<(String, String)> = field("SignedHeaders")
        .split(';')
        .map(|name| {
            let value = request
                .header(name)
                .unwrap_or_else(|| panic!("{name} not sent"));
            (name.to_owned(), value.to_owned())
        })
        .collect();
    let hashed = acs3::hashed_payload(&request.body);
    assert_eq!(
        request.header("x-acs-content-sha256"),
        Some(hashed.as_str())
    );
    let canonical = acs3::canonical_request(&request.method, &request.query(), &headers, &hashed);
    let string_to_sign = acs3::string_to_sign(&canonical.text);
    assert_eq!(
        acs3::signature(SECRET, &string_to_sign),
        field("Signature"),
        "canonical request:\n{}",
        canonical.text
    );
}

#[tokio::test]
async fn v3_signature_verifies_against_what_arrived() {
    let server = serve(vec![ok("R1"), ok("R2")]).await;
    let config = ClientConfig::builder()
        .credentials(Credentials::new(KEY_ID, SECRET, Some(TOKEN.into())))
        .endpoint(server.endpoint.clone())
        .build();
    let client = Client::new(&config, &PRODUCT);
    client.call(read_op()).await.expect("query call");
    let op = Operation {
        form: vec![("Description".into(), "a b&c/é".into())],
        ..read_op()
    };
    client.call(op).await.expect("form call");
    for request in server.requests() {
        verify_v3(&request);
        assert_eq!(request.header("x-acs-security-token"), Some(TOKEN));
        let signed = request.header("authorization").expect("authorization");
        assert!(signed.contains("host"), "{signed}");
    }
}

#[tokio::test]
async fn v1_request_carries_a_valid_signature_and_common_parameters() {
    let server = serve(vec![ok("R")]).await;
    let config = config(&server)
        .signature_algorithm(SignatureAlgorithm::HmacSha1)
        .build();
    Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .expect("success");
    let request = &server.requests()[0];
    assert!(request
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("alicloud-sdk-rust/")));
    for (name, value) in [
        ("Action", "DescribeThings"),
        ("Version", "2015-01-01"),
        ("Format", "JSON"),
        ("AccessKeyId", KEY_ID),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("RegionId", "cn-hangzhou"),
        ("Tag.1.Key", "a b*~"),
    ] {
        assert_eq!(request.param(name).as_deref(), Some(value), "{name}");
    }
    assert!(is_hex32(&request.param("SignatureNonce").expect("nonce")));
    assert!(request.param("Timestamp").is_some());

    // Verify the signature the way a server does: decode, re-sign, compare.
    let mut params = request.query();
    let signature = request.param("Signature").expect("Signature");
    params.retain(|(name, _)| name != "Signature");
    let string_to_sign = hmac_sha1::string_to_sign("POST", &params);
    assert_eq!(hmac_sha1::signature(SECRET, &string_to_sign), signature);
}

#[tokio::test]
async fn form_parameters_are_sent_as_an_urlencoded_body() {
    let server = serve(vec![ok("R")]).await;
    let op = Operation {
        form: vec![("Description".into(), "a b&c".into())],
        ..read_op()
    };
    client(&server).call(op).await.expect("success");
    let request = &server.requests()[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = decode_pairs(std::str::from_utf8(&request.body).expect("utf-8"));
    assert_eq!(form, [("Description".to_owned(), "a b&c".to_owned())]);
    assert_eq!(request.param("Description"), None);
}

#[tokio::test]
async fn form_parameters_with_get_are_refused_before_sending() {
    let server = serve(vec![]).await;
    let op = Operation {
        method: HttpMethod::Get,
        form: vec![("Description".into(), "x".into())],
        ..read_op()
    };
    let error = client(&server).call(op).await.unwrap_err();
    assert!(
        matches!(&error, SdkError::Construction { parameter, .. } if parameter == "Description"),
        "{error:?}"
    );
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn status_503_then_200_is_retried_with_a_new_nonce() {
    let server = serve(vec![json(503, ""), ok("RID-2")]).await;
    let response = client(&server).call(read_op()).await.expect("success");
    assert_eq!(response.request_id.as_deref(), Some("RID-2"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let nonces: Vec<_> = requests
        .iter()
        .map(|r| r.header("x-acs-signature-nonce").expect("nonce").to_owned())
        .collect();
    assert_ne!(nonces[0], nonces[1]);
}

#[tokio::test]
async fn retries_stop_after_max_attempts() {
    let server = serve(vec![json(503, ""), json(503, ""), json(503, ""), ok("R")]).await;
    let error = client(&server).call(read_op()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn retryable_error_codes_are_retried() {
    let server = serve(vec![
        error_json(400, "Throttling.User", "R1"),
        error_json(500, "InternalError", "R2"),
        ok("R3"),
    ])
    .await;
    let response = client(&server).call(read_op()).await.expect("success");
    assert_eq!(response.request_id.as_deref(), Some("R3"));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = serve(vec![error_json(400, "InvalidParameter", "R1"), ok("R2")]).await;
    let error = client(&server).call(read_op()).await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidParameter"));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn throttling_retry_after_header_is_honoured() {
    let throttled = Reply::Raw(http(
        400,
        &[("x-acs-retry-after", "300")],
        r#"{"RequestId":"R1","Code":"Throttling","Message":"slow down"}"#,
    ));
    let server = serve(vec![throttled, ok("R2")]).await;
    let started = Instant::now();
    client(&server).call(read_op()).await.expect("success");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn retry_after_is_capped_by_the_max_delay() {
    let throttled = Reply::Raw(http(
        503,
        &[("x-acs-retry-after", "600000")],
        r#"{"Code":"Throttling","Message":"slow down"}"#,
    ));
    let server = serve(vec![throttled, ok("R2")]).await;
    let config = config(&server)
        .retry(fast_retries().with_max_delay(Duration::from_millis(20)))
        .build();
    let started = Instant::now();
    Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .expect("success");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn disabled_retries_make_a_single_attempt() {
    let server = serve(vec![json(503, ""), ok("R")]).await;
    let config = config(&server).retry(RetryConfig::disabled()).build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn non_idempotent_operation_without_token_is_not_retried() {
    let server = serve(vec![json(503, ""), ok("R")]).await;
    let error = client(&server).call(write_op()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn non_idempotent_operation_without_token_is_not_retried_after_a_reset() {
    let server = serve(vec![Reply::Reset, ok("R")]).await;
    let error = client(&server).call(write_op()).await.unwrap_err();
    assert!(matches!(error, SdkError::Transport { .. }), "{error:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn given_idempotency_token_is_sent_unchanged_on_every_attempt() {
    let server = serve(vec![json(503, ""), json(502, ""), ok("R")]).await;
    let mut op = tokened_op();
    op.query
        .push(("ClientToken".into(), "caller-token-1".into()));
    client(&server).call(op).await.expect("success");
    let tokens: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.param("ClientToken"))
        .collect();
    assert_eq!(tokens, vec![Some("caller-token-1".to_owned()); 3]);
}

#[tokio::test]
async fn missing_idempotency_token_is_filled_once_per_call() {
    let server = serve(vec![json(503, ""), ok("R1"), ok("R2")]).await;
    let client = client(&server);
    client.call(tokened_op()).await.expect("first call");
    client.call(tokened_op()).await.expect("second call");
    let tokens: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.param("ClientToken").expect("token"))
        .collect();
    assert_eq!(tokens.len(), 3);
    assert!(is_hex32(&tokens[0]), "{}", tokens[0]);
    assert_eq!(tokens[0], tokens[1], "a retry must reuse the token");
    assert_ne!(tokens[1], tokens[2], "a new call must get a new token");
}

#[tokio::test]
async fn token_in_the_form_counts_as_present() {
    let server = serve(vec![ok("R")]).await;
    let op = Operation {
        form: vec![("ClientToken".into(), "form-token".into())],
        ..tokened_op()
    };
    client(&server).call(op).await.expect("success");
    assert_eq!(server.requests()[0].param("ClientToken"), None);
}

#[derive(Debug, Default)]
struct CountingProvider {
    calls: AtomicUsize,
}

impl ProvideCredentials for CountingProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { Ok(Credentials::new(format!("KEY{n}"), SECRET, None)) })
    }
}

#[tokio::test]
async fn every_attempt_gets_fresh_credentials() {
    let server = serve(vec![json(500, ""), ok("R")]).await;
    let provider = Arc::new(CountingProvider::default());
    let config = config(&server)
        .credentials_provider(provider.clone())
        .build();
    Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .expect("success");
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    let keys: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").expect("auth").to_owned())
        .collect();
    assert!(keys[0].contains("Credential=KEY0,"), "{}", keys[0]);
    assert!(keys[1].contains("Credential=KEY1,"), "{}", keys[1]);
}

#[derive(Debug)]
struct FailingProvider;

impl ProvideCredentials for FailingProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async {
            Err(CredentialsError::NotConfigured {
                provider: "test",
                reason: "nothing here".into(),
            })
        })
    }
}

#[tokio::test]
async fn credentials_failure_names_the_operation_and_sends_nothing() {
    let server = serve(vec![ok("R")]).await;
    let config = config(&server).credentials(FailingProvider).build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::Credentials { .. }), "{error:?}");
    assert!(error.to_string().starts_with("DescribeThings: "), "{error}");
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Error bodies

#[tokio::test]
async fn json_error_body_becomes_a_service_error() {
    let server = serve(vec![error_json(
        404,
        "InvalidInstanceId.NotFound",
        "RID-404",
    )])
    .await;
    let error = client(&server).call(read_op()).await.unwrap_err();
    let service = error.service_error().expect("service error");
    assert_eq!(service.status(), 404);
    assert_eq!(service.code(), "InvalidInstanceId.NotFound");
    assert_eq!(service.message(), "InvalidInstanceId.NotFound happened");
    assert_eq!(service.request_id(), Some("RID-404"));
    assert_eq!(service.host_id(), Some("test.example.invalid"));
    assert_eq!(
        service.recommend(),
        Some("https://example.invalid/?q=InvalidInstanceId.NotFound")
    );
    let shown = error.to_string();
    for part in [
        "DescribeThings",
        "404",
        "InvalidInstanceId.NotFound",
        "RID-404",
    ] {
        assert!(shown.contains(part), "{shown:?} lacks {part}");
    }
}

#[tokio::test]
async fn service_error_without_request_id_in_body_takes_the_header() {
    let server = serve(vec![Reply::Raw(http(
        403,
        &[("x-acs-request-id", "RID-H")],
        r#"{"Code":"Forbidden","Message":"no"}"#,
    ))])
    .await;
    let error = client(&server).call(read_op()).await.unwrap_err();
    assert_eq!(error.request_id(), Some("RID-H"));
}

#[tokio::test]
async fn xml_error_body_becomes_a_service_error() {
    let body = "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>RID-XML</RequestId>\
                <HostId>test.example.invalid</HostId><Code>Forbidden.RAM</Code>\
                <Message>User not authorized &amp; denied</Message></Error>";
    let server = serve(vec![Reply::Raw(http(
        403,
        &[("Content-Type", "text/xml")],
        body,
    ))])
    .await;
    let error = client(&server).call(read_op()).await.unwrap_err();
    let service = error.service_error().expect("service error");
    assert_eq!(service.status(), 403);
    assert_eq!(service.code(), "Forbidden.RAM");
    assert_eq!(service.message(), "User not authorized & denied");
    assert_eq!(service.request_id(), Some("RID-XML"));
    assert_eq!(service.host_id(), Some("test.example.invalid"));
}

#[tokio::test]
async fn html_502_page_is_an_unparsable_response_with_status_and_body_start() {
    let page = format!(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(2000)
    );
    let server = serve(vec![Reply::Raw(http(
        502,
        &[
            ("Content-Type", "text/html"),
            ("x-acs-request-id", "RID-GW"),
        ],
        &page,
    ))])
    .await;
    let config = config(&server).retry(RetryConfig::disabled()).build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    match &error {
        SdkError::UnparsableResponse {
            operation,
            status,
            body_start,
            request_id,
        } => {
            assert_eq!(*operation, "DescribeThings");
            assert_eq!(*status, 502);
            assert!(body_start.starts_with("<!DOCTYPE html><html><head><title>502"));
            assert_eq!(body_start.chars().count(), 256);
            assert_eq!(request_id.as_deref(), Some("RID-GW"));
        }
        other => panic!("unexpected {other:?}"),
    }
    let shown = error.to_string();
    assert!(
        shown.contains("HTTP 502") && shown.contains("<!DOCTYPE html>"),
        "{shown}"
    );
}

#[tokio::test]
async fn empty_error_body_is_an_unparsable_response() {
    let server = serve(vec![json(500, "")]).await;
    let config = config(&server).retry(RetryConfig::disabled()).build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, SdkError::UnparsableResponse { status: 500, body_start, .. } if body_start.is_empty()),
        "{error:?}"
    );
}

#[tokio::test]
async fn signature_mismatch_carries_our_string_to_sign_but_never_a_secret() {
    // Like the real service, quote the server's string-to-sign (which holds the security token and
    // every parameter value, encoded twice) in the message.
    let pct = |s: &str| alicloud_runtime::sign::percent_encode(s);
    let server_sts = format!(
        "POST&%2F&Password%3D{}%26SecurityToken%3D{}",
        pct(&pct("Hunter2/Pass word")),
        pct(&pct(TOKEN))
    );
    let body = format!(
        r#"{{"RequestId":"RID-SIG","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:{server_sts}"}}"#
    );
    let server = serve(vec![json(400, &body)]).await;
    let config = ClientConfig::builder()
        .credentials(Credentials::new(KEY_ID, SECRET, Some(TOKEN.into())))
        .endpoint(server.endpoint.clone())
        .signature_algorithm(SignatureAlgorithm::HmacSha1)
        .build();
    let mut op = read_op();
    op.query
        .push(("Password".into(), "Hunter2/Pass word".into()));
    let error = Client::new(&config, &PRODUCT).call(op).await.unwrap_err();
    let service = error.service_error().expect("service error");
    assert!(service.is_signature_mismatch());
    let sts = service.string_to_sign().expect("string to sign");
    assert!(sts.starts_with("POST&%2F&AccessKeyId%3D"), "{sts}");
    assert!(sts.contains("SignatureNonce"), "{sts}");
    assert!(sts.contains("SecurityToken%3D"), "{sts}");

    assert!(
        service
            .message()
            .contains("server string to sign is:POST&%2F&Password%3D"),
        "{}",
        service.message()
    );

    let shown = format!("{error} {error:?} {sts}");
    assert!(shown.contains("RID-SIG"));
    for secret in [SECRET, TOKEN, "Hunter2/Pass word"] {
        for form in [secret.to_owned(), pct(secret), pct(&pct(secret))] {
            assert!(!shown.contains(&form), "{form} leaked in {shown}");
        }
    }
    assert!(!shown.contains("Hunter2"), "{shown}");
    assert!(!shown.contains("sts-T0ken"), "{shown}");
}

// ---------------------------------------------------------------------------------------------
// Transport failures, timeouts and limits

#[tokio::test]
async fn read_timeout_without_response_is_a_timeout_error() {
    let server = serve(vec![Reply::Stall(String::new())]).await;
    let config = config(&server).retry(RetryConfig::disabled()).build();
    let op = Operation {
        timeout: Some(Duration::from_millis(200)),
        ..read_op()
    };
    let started = Instant::now();
    let error = Client::new(&config, &PRODUCT).call(op).await.unwrap_err();
    assert!(
        matches!(error, SdkError::Timeout { attempts: 1, timeout, .. } if timeout == Duration::from_millis(200)),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(error.to_string().contains("DescribeThings"));
}

#[tokio::test]
async fn configured_read_timeout_applies_to_a_stalled_body() {
    let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nx-acs-request-id: RID-SLOW\r\n\r\n{\"Req";
    let server = serve(vec![Reply::Stall(head.to_owned())]).await;
    let config = config(&server)
        .read_timeout(Duration::from_millis(200))
        .retry(RetryConfig::disabled())
        .build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::Timeout { .. }), "{error:?}");
    assert_eq!(error.request_id(), Some("RID-SLOW"));
}

#[tokio::test]
async fn timeouts_are_retried_for_idempotent_operations() {
    let server = serve(vec![Reply::Stall(String::new()), ok("R")]).await;
    let op = Operation {
        timeout: Some(Duration::from_millis(200)),
        ..read_op()
    };
    client(&server).call(op).await.expect("success");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn connection_reset_is_a_transport_error_and_is_retried() {
    let server = serve(vec![Reply::Reset, ok("R")]).await;
    let response = client(&server).call(read_op()).await.expect("success");
    assert_eq!(response.request_id.as_deref(), Some("R"));
    assert_eq!(server.count(), 2);

    let server = serve(vec![Reply::Reset]).await;
    let config = config(&server).retry(RetryConfig::disabled()).build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            SdkError::Transport {
                kind: TransportErrorKind::Send,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        !error.to_string().contains("127.0.0.1"),
        "URL leaked: {error}"
    );
}

#[tokio::test]
async fn refused_connection_is_a_connect_error_after_all_attempts() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let config = ClientConfig::builder()
        .credentials(Credentials::new(KEY_ID, SECRET, None))
        .endpoint(format!("http://{addr}"))
        .retry(fast_retries())
        .build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            SdkError::Transport {
                kind: TransportErrorKind::Connect,
                attempts: 3,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn body_over_the_announced_limit_is_an_error() {
    let server = serve(vec![json(
        200,
        &format!(r#"{{"Data":"{}"}}"#, "x".repeat(4096)),
    )])
    .await;
    let config = config(&server).max_response_bytes(1024).build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            SdkError::ResponseTooLarge {
                status: 200,
                limit: 1024,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), 1, "a too-large body is not retried");
}

#[tokio::test]
async fn streamed_body_over_the_limit_is_an_error() {
    let mut response =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_owned();
    for _ in 0..8 {
        let _ = write!(response, "200\r\n{}\r\n", "y".repeat(0x200));
    }
    response.push_str("0\r\n\r\n");
    let server = serve(vec![Reply::Raw(response)]).await;
    let config = config(&server).max_response_bytes(2000).build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(
        matches!(error, SdkError::ResponseTooLarge { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn body_at_the_limit_is_accepted() {
    let body = format!(r#"{{"RequestId":"R","D":"{}"}}"#, "z".repeat(100));
    let server = serve(vec![json(200, &body)]).await;
    let config = config(&server).max_response_bytes(body.len()).build();
    let response = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .expect("success");
    assert_eq!(response.body.len(), body.len());
}

// ---------------------------------------------------------------------------------------------
// Endpoints

#[tokio::test]
async fn invalid_explicit_endpoint_fails_every_call_with_an_endpoint_error() {
    let config = ClientConfig::builder()
        .credentials(Credentials::new(KEY_ID, SECRET, None))
        .endpoint("ftp://example.invalid")
        .build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            SdkError::Endpoint {
                source: EndpointError::InvalidEndpoint { .. },
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().starts_with("DescribeThings: "), "{error}");
}

#[tokio::test]
async fn missing_region_fails_with_an_endpoint_error() {
    let config = ClientConfig::builder()
        .credentials(Credentials::new(KEY_ID, SECRET, None))
        .build();
    let error = Client::new(&config, &PRODUCT)
        .call(read_op())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            SdkError::Endpoint {
                source: EndpointError::EmptyRegion,
                ..
            }
        ),
        "{error:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Tracing

mod capture {
    //! A minimal `tracing` subscriber that writes every span and event field to a string.

    use std::fmt::Write as _;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Default)]
    pub struct Capture {
        pub log: Arc<Mutex<String>>,
        next: Arc<AtomicU64>,
    }

    struct Writer<'a>(&'a mut String);

    impl Visit for Writer<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut log = self.log.lock().expect("lock");
            let _ = write!(log, "\nspan {}:", span.metadata().name());
            span.record(&mut Writer(&mut log));
            Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) + 1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            let mut log = self.log.lock().expect("lock");
            log.push_str("\nrecord:");
            values.record(&mut Writer(&mut log));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut log = self.log.lock().expect("lock");
            log.push_str("\nevent:");
            event.record(&mut Writer(&mut log));
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn tracing_records_operation_attempt_and_request_id_but_no_secret() {
    let capture = capture::Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = serve(vec![
        Reply::Raw(http(503, &[("x-acs-request-id", "RID-FIRST")], "")),
        ok("RID-TRACE"),
    ])
    .await;
    let config = ClientConfig::builder()
        .credentials(Credentials::new(KEY_ID, SECRET, Some(TOKEN.into())))
        .endpoint(server.endpoint.clone())
        .signature_algorithm(SignatureAlgorithm::HmacSha1)
        .retry(fast_retries())
        .build();
    let mut op = read_op();
    op.query.push(("Password".into(), "Hunter2-secret".into()));
    Client::new(&config, &PRODUCT)
        .call(op)
        .await
        .expect("success");
    let log = capture.log.lock().expect("lock").clone();
    assert!(log.contains("span alicloud.call:"), "{log}");
    assert!(log.contains("operation=\"DescribeThings\""), "{log}");
    assert!(log.contains("attempt=2"), "{log}");
    assert!(log.contains("request_id=\"RID-TRACE\""), "{log}");
    for secret in [SECRET, TOKEN, "Hunter2", "s3cr3t", "sts-T0ken"] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
}
