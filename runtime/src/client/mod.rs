//! Sending one operation: endpoint, idempotency token, signing, transport, retries and response
//! classification.
//!
//! Generated code describes each call as an [`Operation`] and hands it to [`Client::call`]; the
//! client knows nothing of the product beyond the [`ProductInfo`] it was created with.
//!
//! Per logical call the client fills a missing idempotency token once (so every retry carries the
//! same token); per attempt it asks the credentials provider again (so refreshed STS credentials
//! are picked up), takes a new timestamp and a new nonce, and signs afresh. Secrets are never
//! logged: the tracing span carries only the product, operation, attempt and request id, and the
//! request URL (which holds the signed query) never reaches an error or a log.

mod config;
mod random;

use crate::timestamp;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tracing::Instrument;

pub use config::{
    ClientConfig, ClientConfigBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_READ_TIMEOUT,
};

use crate::endpoint::{Endpoint, EndpointError, EndpointRules};
use crate::error::{body_start, SdkError, ServiceError, TransportErrorKind};
use crate::retry::{self, Failure, RetryInput};
use crate::sign::{self, HttpMethod, RequestToSign};

/// What generated code knows about a product: a `static` per product.
#[derive(Debug, Clone, Copy)]
pub struct ProductInfo {
    /// The product code, e.g. for logs.
    pub product: &'static str,
    /// The API version sent with every call, e.g. `2015-01-01`.
    pub version: &'static str,
    /// Where the product's endpoints are.
    pub endpoints: &'static EndpointRules,
}

/// One call, as built by generated code.
#[derive(Clone)]
pub struct Operation {
    /// The API action, e.g. `DescribeInstances`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// Whether repeating the call has no further effect (reads, and writes that say so).
    pub idempotent: bool,
    /// The name of the operation's idempotency-token parameter (e.g. `ClientToken`), if it has
    /// one. Such an operation is retried even when not idempotent, always with the same token.
    pub idempotency_token: Option<&'static str>,
    /// Parameters sent in the query string (flattened wire names, unencoded values).
    pub query: Vec<(String, String)>,
    /// Parameters sent in an `application/x-www-form-urlencoded` body (POST only).
    pub form: Vec<(String, String)>,
    /// Replaces the client's read timeout for this call.
    pub timeout: Option<Duration>,
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parameter values are left out: some operations carry passwords.
        let names = |params: &[(String, String)]| {
            params
                .iter()
                .map(|(name, _)| name.clone())
                .collect::<Vec<_>>()
        };
        f.debug_struct("Operation")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("idempotent", &self.idempotent)
            .field("idempotency_token", &self.idempotency_token)
            .field("query", &names(&self.query))
            .field("form", &names(&self.form))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A successful (2xx) response, for generated code to deserialize.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// From the body's `RequestId` (or `requestId`), else the `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// The response headers, names in lower case (headers whose value is not text are left out).
    pub headers: Vec<(String, String)>,
}

impl RawResponse {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// Deserializes the JSON body.
    ///
    /// # Errors
    /// [`SdkError::Deserialize`] naming `operation`, the request id and where parsing failed.
    pub fn json<T: serde::de::DeserializeOwned>(
        &self,
        operation: &'static str,
    ) -> Result<T, SdkError> {
        serde_json::from_slice(&self.body).map_err(|source| SdkError::Deserialize {
            operation,
            request_id: self.request_id.clone(),
            source,
        })
    }
}

/// A client for one product. Cloning is cheap and clones share connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    product: &'static ProductInfo,
    endpoint: Result<Endpoint, EndpointError>,
    http: Result<reqwest::Client, String>,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("product", &self.inner.product.product)
            .field("version", &self.inner.product.version)
            .field("endpoint", &self.inner.endpoint)
            .field("config", &self.inner.config)
            .finish()
    }
}

impl Client {
    /// A client for `product`. The endpoint is chosen now: the configured explicit endpoint if any,
    /// else the product's rules for the configured region and network. A bad endpoint or region
    /// does not fail here but makes every call return [`SdkError::Endpoint`].
    pub fn new(config: &ClientConfig, product: &'static ProductInfo) -> Client {
        let endpoint = match config.endpoint() {
            Some(explicit) => Endpoint::parse(explicit),
            None => product
                .endpoints
                .resolve(config.region().unwrap_or(""), config.network())
                .map(Endpoint::https),
        };
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout())
            // A signed request must never be replayed to another host.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string());
        Client {
            inner: Arc::new(Inner {
                config: config.clone(),
                product,
                endpoint,
                http,
                user_agent: config.user_agent(),
            }),
        }
    }

    /// The endpoint calls go to, or why there is none.
    pub fn endpoint(&self) -> Result<&Endpoint, &EndpointError> {
        self.inner.endpoint.as_ref()
    }

    /// Sends `op`, retrying per the client's [`RetryConfig`](crate::retry::RetryConfig), and
    /// returns the 2xx response.
    ///
    /// # Errors
    /// Any [`SdkError`]; each names the operation and, where known, the status and request id.
    pub async fn call(&self, op: Operation) -> Result<RawResponse, SdkError> {
        let span = tracing::info_span!(
            "alicloud.call",
            product = self.inner.product.product,
            operation = op.name,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.call_in_span(op, &span).instrument(span.clone()).await
    }

    async fn call_in_span(
        &self,
        mut op: Operation,
        span: &tracing::Span,
    ) -> Result<RawResponse, SdkError> {
        let inner = &*self.inner;
        let operation = op.name;
        let endpoint = inner.endpoint.as_ref().map_err(|e| SdkError::Endpoint {
            operation,
            source: e.clone(),
        })?;
        let http = inner.http.as_ref().map_err(|e| SdkError::Transport {
            operation,
            kind: TransportErrorKind::Request,
            attempts: 0,
            source: e.clone().into(),
        })?;
        if op.method == HttpMethod::Get && !op.form.is_empty() {
            return Err(SdkError::Construction {
                operation,
                parameter: op.form[0].0.clone(),
                reason: "a form-body parameter needs a POST operation".to_owned(),
            });
        }
        if let Some(token) = op.idempotency_token {
            let present = op
                .query
                .iter()
                .chain(&op.form)
                .any(|(name, _)| name == token);
            if !present {
                op.query.push((token.to_owned(), random::hex32()));
            }
        }
        let repeatable = op.idempotent || op.idempotency_token.is_some();
        let read_timeout = op.timeout.unwrap_or(inner.config.read_timeout());
        let request = RequestToSign {
            method: op.method,
            host: endpoint.authority().to_owned(),
            action: op.name.to_owned(),
            version: inner.product.version.to_owned(),
            query: op.query,
            form: op.form,
            headers: Vec::new(),
        };
        let attempt_ctx = AttemptContext {
            inner,
            http,
            endpoint,
            request: &request,
            operation,
            read_timeout,
            span,
        };

        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let (error, retry_after) = match attempt_ctx.send(attempt).await {
                Ok(response) => return Ok(response),
                Err(failed) => failed,
            };
            let Some(failure) = failure_of(&error) else {
                return Err(error);
            };
            let input = RetryInput {
                attempt,
                repeatable,
                failure,
                retry_after,
                random: random::u64(),
            };
            match retry::next_delay(inner.config.retry(), &input) {
                Some(delay) => {
                    tracing::warn!(
                        attempt,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        error = %error,
                        "attempt failed; retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                None => return Err(error),
            }
        }
    }
}

/// What a failed attempt means for the retry logic; `None` for errors that are never retried.
fn failure_of(error: &SdkError) -> Option<Failure<'_>> {
    match error {
        SdkError::Transport {
            kind: TransportErrorKind::Request,
            ..
        } => Some(Failure::InvalidRequest),
        SdkError::Transport { .. } => Some(Failure::Transport),
        SdkError::Timeout { .. } => Some(Failure::Timeout),
        SdkError::Service(e) => Some(Failure::Response {
            status: e.status(),
            code: Some(e.code()),
        }),
        SdkError::UnparsableResponse { status, .. } => Some(Failure::Response {
            status: *status,
            code: None,
        }),
        _ => None,
    }
}

/// Everything one attempt needs that does not change between attempts.
struct AttemptContext<'a> {
    inner: &'a Inner,
    http: &'a reqwest::Client,
    endpoint: &'a Endpoint,
    request: &'a RequestToSign,
    operation: &'static str,
    read_timeout: Duration,
    // Passed explicitly: `Span::current` depends on the subscriber tracking the current span.
    span: &'a tracing::Span,
}

type AttemptResult = Result<RawResponse, (SdkError, Option<Duration>)>;

impl AttemptContext<'_> {
    async fn send(&self, attempt: u32) -> AttemptResult {
        let operation = self.operation;
        let config = &self.inner.config;
        let credentials = config
            .credentials()
            .provide_credentials()
            .await
            .map_err(|e| {
                let error = SdkError::Credentials {
                    operation,
                    source: Box::new(e),
                };
                (error, None)
            })?;
        let timestamp = timestamp::format_utc(SystemTime::now());
        let nonce = random::hex32();
        let key = credentials.signing_key();
        let signed = sign::sign(
            config.signature_algorithm(),
            self.request,
            &key,
            &timestamp,
            &nonce,
        );

        let mut url = self.endpoint.base_url();
        if !signed.query.is_empty() {
            url.push('?');
            url.push_str(&signed.query);
        }
        let method = match self.request.method {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
        };
        let mut builder = self
            .http
            .request(method, url)
            .header(reqwest::header::USER_AGENT, &self.inner.user_agent);
        let mut has_content_type = false;
        for (name, value) in &signed.headers {
            // The HTTP client writes Host from the URL, whose authority is the one signed.
            if name.eq_ignore_ascii_case("host") {
                continue;
            }
            has_content_type |= name.eq_ignore_ascii_case("content-type");
            builder = builder.header(name.as_str(), value.as_str());
        }
        if !self.request.form.is_empty() && !has_content_type {
            builder = builder.header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            );
        }
        builder = builder.body(signed.body);

        // As in reqwest, the read timeout runs from the start of the attempt to the response head
        // (so it also bounds a slow connect), then again for each piece of the body.
        let response = match tokio::time::timeout(self.read_timeout, builder.send()).await {
            Err(_) => return Err((self.timeout(attempt, self.read_timeout, None), None)),
            Ok(Err(e)) => return Err((self.transport(attempt, e, TransportErrorKind::Send), None)),
            Ok(Ok(response)) => response,
        };

        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let header_request_id = header(&headers, "x-acs-request-id").map(str::to_owned);
        let retry_after = header(&headers, "x-acs-retry-after").and_then(retry::parse_retry_after);
        if let Some(id) = &header_request_id {
            self.span.record("request_id", id.as_str());
        }

        let body = self
            .read_body(attempt, status, response, header_request_id.as_deref())
            .await
            .map_err(|e| (e, None))?;

        if (200..300).contains(&status) {
            // The header, when the service sends it, saves reading the body a second time.
            let request_id = header_request_id.or_else(|| body_request_id(&body));
            if let Some(id) = &request_id {
                self.span.record("request_id", id.as_str());
            }
            return Ok(RawResponse {
                status,
                request_id,
                body,
                headers,
            });
        }

        let error = match ServiceError::parse(operation, status, &body) {
            Some(mut service) => {
                if let Some(id) = service.request_id() {
                    self.span.record("request_id", id);
                } else if let Some(id) = header_request_id {
                    service = service.with_request_id(id);
                }
                if service.is_signature_mismatch() {
                    // The server quotes its own string-to-sign in the message; in v1 that holds
                    // the security token and every parameter value, so both texts are redacted.
                    let redact =
                        |text: &str| redact(text, &key, &self.request.query, &self.request.form);
                    service = service
                        .map_message(redact)
                        .with_string_to_sign(redact(&signed.string_to_sign));
                }
                SdkError::Service(service)
            }
            None => SdkError::UnparsableResponse {
                operation,
                status,
                body_start: body_start(&body),
                request_id: header_request_id,
            },
        };
        Err((error, retry_after))
    }

    /// Reads the body, failing instead of buffering more than the configured limit.
    async fn read_body(
        &self,
        attempt: u32,
        status: u16,
        mut response: reqwest::Response,
        request_id: Option<&str>,
    ) -> Result<Vec<u8>, SdkError> {
        let limit = self.inner.config.max_response_bytes();
        let too_large = || SdkError::ResponseTooLarge {
            operation: self.operation,
            status,
            limit,
            request_id: request_id.map(str::to_owned),
        };
        let announced = response.content_length();
        if announced.is_some_and(|len| len > limit as u64) {
            return Err(too_large());
        }
        let initial = announced.map_or(0, |len| len.min(limit as u64)) as usize;
        let mut body = Vec::with_capacity(initial.min(1024 * 1024));
        loop {
            let chunk = match tokio::time::timeout(self.read_timeout, response.chunk()).await {
                Err(_) => {
                    let id = request_id.map(str::to_owned);
                    return Err(self.timeout(attempt, self.read_timeout, id));
                }
                Ok(Err(e)) => return Err(self.transport(attempt, e, TransportErrorKind::Body)),
                Ok(Ok(None)) => return Ok(body),
                Ok(Ok(Some(chunk))) => chunk,
            };
            if body.len().saturating_add(chunk.len()) > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
    }

    fn timeout(&self, attempts: u32, timeout: Duration, request_id: Option<String>) -> SdkError {
        SdkError::Timeout {
            operation: self.operation,
            timeout,
            attempts,
            request_id,
        }
    }

    fn transport(
        &self,
        attempts: u32,
        error: reqwest::Error,
        phase: TransportErrorKind,
    ) -> SdkError {
        if error.is_timeout() {
            let timeout = if error.is_connect() {
                self.inner.config.connect_timeout()
            } else {
                self.read_timeout
            };
            return self.timeout(attempts, timeout, None);
        }
        let kind = if error.is_builder() {
            TransportErrorKind::Request
        } else if error.is_connect() {
            TransportErrorKind::Connect
        } else {
            phase
        };
        SdkError::Transport {
            operation: self.operation,
            kind,
            attempts,
            // The URL holds the signed query (security token, parameter values): drop it.
            source: Box::new(error.without_url()),
        }
    }
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `RequestId` (or `requestId`) of a JSON body, without building the whole document. The service
/// writes it first or last in the top-level object; those two places are read directly, and only
/// otherwise is the body scanned.
fn body_request_id(body: &[u8]) -> Option<String> {
    if let Some(id) = edge_request_id(body) {
        return Some(id);
    }
    full_request_id(body)
}

/// The id when the body is `{"RequestId":"..."` at its start or `"RequestId":"..."}` at its end
/// (no whitespace inside, as the service writes it); None when it is elsewhere.
fn edge_request_id(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body.trim_ascii()).ok()?;
    let plain = |id: &str| !id.is_empty() && !id.contains(['"', '\\']);
    for key in ["\"RequestId\":\"", "\"requestId\":\""] {
        if let Some(rest) = text.strip_prefix('{').and_then(|t| t.strip_prefix(key)) {
            let id = rest.split('"').next()?;
            if plain(id) {
                return Some(id.to_owned());
            }
        }
        if let Some(head) = text.strip_suffix("\"}") {
            if let Some(at) = head.rfind(key) {
                let id = &head[at + key.len()..];
                let before = head[..at].trim_end();
                if plain(id) && (before.ends_with(',') || before == "{") {
                    return Some(id.to_owned());
                }
            }
        }
    }
    None
}

fn full_request_id(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Ids {
        #[serde(rename = "RequestId")]
        upper: Option<String>,
        #[serde(rename = "requestId")]
        lower: Option<String>,
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' {
        return None;
    }
    let ids: Ids = serde_json::from_slice(body).ok()?;
    ids.upper.or(ids.lower).filter(|id| !id.is_empty())
}

const REDACTED: &str = "**redacted**";

/// Parameter names whose values are treated as secrets in diagnostics.
fn is_sensitive_parameter(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    last.contains("password") || last.contains("secret") || last == "securitytoken"
}

/// `text` with the secret, the security token and password-like parameter values removed, in each
/// of the encodings they can appear in (raw, and percent-encoded once or twice, as in the v1
/// string-to-sign).
fn redact(
    text: &str,
    key: &sign::SigningKey<'_>,
    query: &[(String, String)],
    form: &[(String, String)],
) -> String {
    let mut secrets: Vec<&str> = vec![key.access_key_secret];
    secrets.extend(key.security_token);
    secrets.extend(
        query
            .iter()
            .chain(form)
            .filter(|(name, _)| is_sensitive_parameter(name))
            .map(|(_, value)| value.as_str()),
    );
    // Longest first, so that a secret containing another is removed whole.
    secrets.retain(|s| !s.is_empty());
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_owned();
    for secret in secrets {
        let once = sign::percent_encode(secret);
        let twice = sign::percent_encode(&once);
        for form in [twice, once, secret.to_owned()] {
            if out.contains(&form) {
                out = out.replace(&form, REDACTED);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_from_json_body() {
        assert_eq!(
            body_request_id(br#" {"A":[1,{"RequestId":"x"}],"RequestId":"R-1"}"#),
            Some("R-1".into())
        );
        assert_eq!(
            body_request_id(br#"{"requestId":"r-2"}"#),
            Some("r-2".into())
        );
        assert_eq!(body_request_id(br#"{"RequestId":""}"#), None);
        assert_eq!(body_request_id(b"<RequestId>x</RequestId>"), None);
        assert_eq!(body_request_id(b""), None);
        assert_eq!(body_request_id(br#"{"RequestId":5}"#), None);
        // Read from the edges without a full parse, and only at the top level.
        assert_eq!(
            edge_request_id(br#"{"RequestId":"R-3","Instances":{"KVStoreInstance":[]}}"#)
                .as_deref(),
            Some("R-3")
        );
        assert_eq!(
            edge_request_id(br#"{"PageSize":10,"RequestId":"R-4"}"#).as_deref(),
            Some("R-4")
        );
        assert_eq!(
            edge_request_id(br#"{"A":{"B":1,"RequestId":"inner"}}"#),
            None
        );
        assert_eq!(edge_request_id(br#"{"A":"x"RequestId":"y"}"#), None);
        assert_eq!(
            body_request_id(br#"{"A":[{"RequestId":"x"}],"RequestId":"R-5","B":1}"#).as_deref(),
            Some("R-5")
        );
    }

    #[test]
    fn sensitive_parameter_names() {
        for name in [
            "Password",
            "NewPassword",
            "AccountPassword",
            "Foo.1.Password",
            "SecurityToken",
            "ClientSecret",
        ] {
            assert!(is_sensitive_parameter(name), "{name}");
        }
        for name in ["ClientToken", "InstanceId", "PasswordPolicy.1.Id"] {
            assert!(!is_sensitive_parameter(name), "{name}");
        }
    }

    #[test]
    fn redaction_removes_secrets_in_every_encoding() {
        let key = sign::SigningKey {
            access_key_id: "LTAIid",
            access_key_secret: "sec/ret+1",
            security_token: Some("tok=en/+"),
        };
        let query = vec![
            ("Password".to_owned(), "p@ss word".to_owned()),
            ("InstanceId".to_owned(), "r-123".to_owned()),
        ];
        let once = |s: &str| sign::percent_encode(s);
        let sts = format!(
            "POST&%2F&{}",
            once(&format!(
                "AccessKeyId=LTAIid&InstanceId=r-123&Password={}&SecurityToken={}",
                once("p@ss word"),
                once("tok=en/+")
            ))
        ) + "sec/ret+1";
        let redacted = redact(&sts, &key, &query, &[]);
        for leaked in ["p@ss", "p%2540ss", "tok", "sec/ret"] {
            assert!(!redacted.contains(leaked), "{leaked} in {redacted}");
        }
        assert!(redacted.contains("LTAIid"));
        assert!(redacted.contains("r-123"));
        assert!(redacted.contains(REDACTED));
    }

    #[test]
    fn operation_debug_hides_parameter_values() {
        let op = Operation {
            name: "ResetPassword",
            method: HttpMethod::Post,
            idempotent: false,
            idempotency_token: None,
            query: vec![("Password".into(), "hunter2".into())],
            form: vec![],
            timeout: None,
        };
        let debug = format!("{op:?}");
        assert!(debug.contains("Password"));
        assert!(!debug.contains("hunter2"));
    }
}
