//! A local stand-in for an Alibaba Cloud RPC endpoint.
//!
//! It listens on `127.0.0.1` on an ephemeral port, on a thread of its own (so synchronous tests and
//! child processes can use it too), and for each request:
//! 1. records it (method, target, headers, body, decoded parameters) for the test to inspect;
//! 2. verifies the v1 or v3 signature with its own code ([`verify`]) against the access keys it
//!    was given, rejects stale timestamps and reused nonces with the service's error codes;
//! 3. routes by `Action`/`Version` (query for v1, `x-acs-action`/`x-acs-version` for v3) to an
//!    operation of the spec and checks its required parameters (`Tag.1.Key` counts for `Tag`);
//! 4. answers with the next [`Scripted`] response a test queued, or else with the operation's
//!    documented example response.
//!
//! Error documents have the service's shape, `{"RequestId","HostId","Code","Message","Recommend"}`,
//! or the same children under `<Error>` when the request asked for `Format=XML`.

pub mod clock;
pub mod encode;
pub mod http;
pub mod verify;

use std::collections::{HashSet, VecDeque};
use std::io::{self, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use alicloud_codegen::spec::Spec;

pub use verify::{AccessKey, Rejection, SignatureKind, Verified};

use http::{Framing, Response};

/// The plain access key every fake knows unless told otherwise.
pub const AK_ID: &str = "LTAI5tFakeAccessKeyId";
/// Its secret; the odd characters make sure the secret is used as raw bytes.
pub const AK_SECRET: &str = "fake+Secret/with=odd&chars";
/// The STS access key every fake knows unless told otherwise.
pub const STS_ID: &str = "STS.NUFakeTemporaryKeyId";
/// Its secret.
pub const STS_SECRET: &str = "sts-Secret-0123456789";
/// Its security token; spaces and reserved characters exercise the encoders.
pub const STS_TOKEN: &str = "CAIS fake+token/with=odd&chars==";

/// The default tolerance for a request's timestamp, as the service: 15 minutes.
pub const MAX_SKEW_SECS: i64 = 15 * 60;

/// Parameters the protocol sends with every request; everything else is an operation parameter.
pub const COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "SecurityToken",
    "BearerToken",
];

/// Settings of a fake before it starts.
#[derive(Debug, Clone)]
pub struct FakeBuilder {
    keys: Vec<AccessKey>,
    clock_offset_secs: i64,
    max_skew_secs: i64,
    spec: Option<Arc<Spec>>,
}

impl Default for FakeBuilder {
    fn default() -> Self {
        FakeBuilder {
            keys: vec![
                AccessKey {
                    id: AK_ID.into(),
                    secret: AK_SECRET.into(),
                    security_token: None,
                },
                AccessKey {
                    id: STS_ID.into(),
                    secret: STS_SECRET.into(),
                    security_token: Some(STS_TOKEN.into()),
                },
            ],
            clock_offset_secs: 0,
            max_skew_secs: MAX_SKEW_SECS,
            spec: None,
        }
    }
}

impl FakeBuilder {
    /// Replaces the known access keys.
    pub fn keys(mut self, keys: Vec<AccessKey>) -> Self {
        self.keys = keys;
        self
    }

    /// Sets the fake's clock `secs` ahead of the real one (negative: behind), to make the
    /// client's timestamps look stale.
    pub fn clock_offset_secs(mut self, secs: i64) -> Self {
        self.clock_offset_secs = secs;
        self
    }

    /// The spec to route by (default: the repository's `spec/`).
    pub fn spec(mut self, spec: Arc<Spec>) -> Self {
        self.spec = Some(spec);
        self
    }

    /// Binds `127.0.0.1:0` and starts serving on a thread of its own.
    ///
    /// # Panics
    /// If the socket cannot be bound or the thread cannot start: the test cannot run.
    pub fn start(self) -> Fake {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let state = Arc::new(State {
            spec: self.spec.unwrap_or_else(crate::spec),
            keys: self.keys,
            clock_offset_secs: self.clock_offset_secs,
            max_skew_secs: self.max_skew_secs,
            ids: AtomicU64::new(0),
            seed: u64::from(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos())
                    .unwrap_or(0),
            ),
            inner: Mutex::new(Inner::default()),
        });
        let (shutdown, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let thread_state = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name(format!("fake-alicloud-{}", addr.port()))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("fake runtime");
                runtime.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    tokio::select! {
                        () = accept_loop(listener, thread_state) => {}
                        _ = shutdown_rx => {}
                    }
                });
            })
            .expect("start the fake's thread");
        Fake {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }
}

/// A running fake service; stops when dropped.
#[derive(Debug)]
pub struct Fake {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Fake {
    /// A fake with the default keys ([`AK_ID`], [`STS_ID`]), the real clock and the repository's spec.
    pub fn start() -> Fake {
        FakeBuilder::default().start()
    }

    /// A builder for a fake with other settings.
    pub fn builder() -> FakeBuilder {
        FakeBuilder::default()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues scripted responses; each is used once, in order, by the next verified request that
    /// reaches an operation (and, for [`Scripted::for_action`], names that action).
    pub fn script(&self, replies: impl IntoIterator<Item = Scripted>) {
        self.state.lock().script.extend(replies);
    }

    /// How many scripted responses are still queued.
    pub fn scripted_left(&self) -> usize {
        self.state.lock().script.len()
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().records.clone()
    }

    /// The requests whose action (v1 query or v3 header) is `action`.
    pub fn requests_for(&self, action: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.action() == Some(action))
            .collect()
    }

    /// Forgets the recorded requests (not the nonces seen).
    pub fn clear_requests(&self) {
        self.state.lock().records.clear();
    }

    /// Sends `request` as raw bytes on a new connection and reads the whole response, e.g. to
    /// replay a recorded request, as it is or tampered with.
    ///
    /// # Errors
    /// When the connection fails or the response is not HTTP.
    pub fn send_raw(&self, request: &RawRequest) -> io::Result<RawResponse> {
        let mut stream = TcpStream::connect(self.addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        stream.write_all(&request.to_bytes(&self.addr.to_string()))?;
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes)?;
        RawResponse::parse(&bytes)
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A response a test queues instead of the example answer.
#[derive(Debug, Clone)]
pub struct Scripted {
    action: Option<String>,
    delay: Duration,
    reply: Reply,
    headers: Vec<(String, String)>,
    framing: Framing,
}

#[derive(Debug, Clone)]
enum Reply {
    /// The operation's example response, as without a script.
    Example,
    /// A status and a body as given.
    Raw { status: u16, body: Vec<u8> },
    /// An error document in the request's format, with a fresh request id.
    Error {
        status: u16,
        code: String,
        message: String,
    },
    /// No response: the connection is reset (TCP RST).
    Reset,
}

impl Scripted {
    fn new(reply: Reply) -> Self {
        Scripted {
            action: None,
            delay: Duration::ZERO,
            reply,
            headers: Vec::new(),
            framing: Framing::ContentLength,
        }
    }

    /// The normal answer (the operation's example), e.g. after a delay.
    pub fn example() -> Self {
        Scripted::new(Reply::Example)
    }

    /// An error document with this status, code and message (JSON, or XML for `Format=XML`).
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Scripted::new(Reply::Error {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
        })
    }

    /// Exactly this status, content type and body.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Scripted::new(Reply::Raw {
            status,
            body: body.into(),
        })
        .header("Content-Type", content_type)
    }

    /// A 200 JSON response with this body.
    pub fn json(body: impl Into<Vec<u8>>) -> Self {
        Scripted::raw(200, "application/json;charset=utf-8", body)
    }

    /// No response at all: the connection is reset.
    pub fn reset() -> Self {
        Scripted::new(Reply::Reset)
    }

    /// Used only by a request for `action`.
    pub fn for_action(mut self, action: &str) -> Self {
        self.action = Some(action.to_owned());
        self
    }

    /// Waits this long before answering (or resetting).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sends the body chunked, without announcing its length.
    pub fn chunked(mut self) -> Self {
        self.framing = Framing::Chunked;
        self
    }

    /// Announces the whole body but sends only its first `bytes`, then closes the connection.
    pub fn truncated(mut self, bytes: usize) -> Self {
        self.framing = Framing::Truncated(bytes);
        self
    }
}

/// One request the fake received, and what it made of it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The HTTP method.
    pub method: String,
    /// The request target (path and raw query) as sent.
    pub target: String,
    /// The headers as sent.
    pub headers: Vec<(String, String)>,
    /// The body as sent.
    pub body: Vec<u8>,
    /// The decoded query parameters.
    pub query: Vec<(String, String)>,
    /// The decoded form-body parameters.
    pub form: Vec<(String, String)>,
    /// The signature check: who signed, or why the request was refused before reaching an
    /// operation (bad signature, key, token, timestamp or nonce).
    pub signature: Result<Verified, Rejection>,
    /// The status answered; `None` when the connection was reset instead.
    pub status: Option<u16>,
    /// The error code answered, if any.
    pub error_code: Option<String>,
    /// When it arrived.
    pub received_at: Instant,
}

impl Recorded {
    /// The verified signature, if the signature was good.
    pub fn verified(&self) -> Option<&Verified> {
        self.signature.as_ref().ok()
    }

    /// A query or form parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The API action: `Action` (v1) or `x-acs-action` (v3).
    pub fn action(&self) -> Option<&str> {
        self.param("Action").or_else(|| self.header("x-acs-action"))
    }

    /// The query and form parameters other than the protocol's common ones, sorted.
    pub fn operation_params(&self) -> Vec<(String, String)> {
        let mut params: Vec<(String, String)> = self
            .query
            .iter()
            .chain(&self.form)
            .filter(|(n, _)| !COMMON_PARAMETERS.contains(&n.as_str()))
            .cloned()
            .collect();
        params.sort();
        params
    }

    /// The request as raw parts, to replay it (possibly changed) with [`Fake::send_raw`].
    pub fn to_raw(&self) -> RawRequest {
        RawRequest {
            method: self.method.clone(),
            target: self.target.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }
}

/// A request as bytes-to-be, for replays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    /// The HTTP method.
    pub method: String,
    /// Path and raw query.
    pub target: String,
    /// Headers (`Content-Length` and `Connection` are rewritten when sent).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RawRequest {
    /// Sets the query parameter `name` (added if absent); the query is re-encoded with `pct()`.
    pub fn with_query_param(mut self, name: &str, value: &str) -> Self {
        let (path, query) = match self.target.split_once('?') {
            Some((p, q)) => (p.to_owned(), q.to_owned()),
            None => (self.target.clone(), String::new()),
        };
        let mut pairs = encode::parse_pairs(&query);
        match pairs.iter_mut().find(|(n, _)| n == name) {
            Some(pair) => pair.1 = value.to_owned(),
            None => pairs.push((name.to_owned(), value.to_owned())),
        }
        self.target = format!("{path}?{}", encode::encode_pairs(&pairs));
        self
    }

    /// Sets the form parameter `name` in the body (added if absent); the body is re-encoded.
    pub fn with_form_param(mut self, name: &str, value: &str) -> Self {
        let mut pairs = encode::parse_pairs(&String::from_utf8_lossy(&self.body));
        match pairs.iter_mut().find(|(n, _)| n == name) {
            Some(pair) => pair.1 = value.to_owned(),
            None => pairs.push((name.to_owned(), value.to_owned())),
        }
        self.body = encode::encode_pairs(&pairs).into_bytes();
        self
    }

    /// Replaces (or adds) a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn to_bytes(&self, default_host: &str) -> Vec<u8> {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        let mut has_host = false;
        for (name, value) in &self.headers {
            let lower = name.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "content-length" | "connection" | "transfer-encoding"
            ) {
                continue;
            }
            has_host |= lower == "host";
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !has_host {
            head.push_str(&format!("Host: {default_host}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// A response read by [`Fake::send_raw`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RawResponse {
    fn parse(bytes: &[u8]) -> io::Result<RawResponse> {
        let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
        let head_end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| bad("no response head"))?;
        let head = String::from_utf8_lossy(&bytes[..head_end]);
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("no status"))?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Ok(RawResponse {
            status,
            headers,
            body: bytes[head_end + 4..].to_vec(),
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug)]
struct State {
    spec: Arc<Spec>,
    keys: Vec<AccessKey>,
    clock_offset_secs: i64,
    max_skew_secs: i64,
    ids: AtomicU64,
    seed: u64,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    nonces: HashSet<String>,
    script: VecDeque<Scripted>,
    records: Vec<Recorded>,
}

/// What the connection task does with a request.
enum Action {
    Respond(Response),
    Reset,
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A test that panicked while holding the lock must not hide its own failure behind ours.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn request_id(&self) -> String {
        let n = self.ids.fetch_add(1, Ordering::Relaxed);
        let mixed = self.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n;
        format!(
            "{:08X}-{:04X}-4{:03X}-8{:03X}-{:012X}",
            n as u32,
            (mixed >> 48) as u16,
            (mixed >> 36) as u16 & 0xfff,
            (mixed >> 24) as u16 & 0xfff,
            mixed & 0xffff_ffff_ffff
        )
    }

    fn handle(&self, req: &http::Request) -> (Action, Duration) {
        let query = encode::parse_pairs(req.raw_query());
        let is_form = req.header("content-type").is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
        let form = if is_form {
            encode::parse_pairs(&String::from_utf8_lossy(&req.body))
        } else {
            Vec::new()
        };
        let incoming = verify::Incoming {
            method: &req.method,
            path: req.path(),
            query: &query,
            form: &form,
            headers: &req.headers,
            body: &req.body,
        };
        let now = clock::now_secs() + self.clock_offset_secs;
        let xml = query
            .iter()
            .chain(&form)
            .any(|(n, v)| n == "Format" && v.eq_ignore_ascii_case("xml"));
        let host = req.header("host").unwrap_or("127.0.0.1").to_owned();

        let mut inner = self.lock();
        let signature =
            verify::verify(&incoming, &self.keys, now, self.max_skew_secs).and_then(|v| {
                if inner.nonces.insert(v.nonce.clone()) {
                    Ok(v)
                } else {
                    Err(Rejection::new(
                        400,
                        "SignatureNonceUsed",
                        verify::NONCE_USED_MESSAGE,
                    ))
                }
            });
        let mut context = ReplyContext {
            example: String::new(),
            host,
            product: signature
                .as_ref()
                .ok()
                .and_then(|v| {
                    self.spec
                        .products
                        .iter()
                        .find(|p| p.api_version == v.version)
                })
                .map_or("Unknown", |p| p.code.as_str())
                .to_owned(),
            xml,
        };
        // A refusal is answered like a scripted error; an accepted request takes the next script
        // meant for it, or else the example.
        let refusal = |r: &Rejection| Scripted::error(r.status, &r.code, &r.message);
        let reply = match &signature {
            Err(rejection) => refusal(rejection),
            Ok(verified) => match self.route(verified, &query, &form) {
                Err(rejection) => refusal(&rejection),
                Ok(example) => {
                    context.example = example;
                    let position = inner
                        .script
                        .iter()
                        .position(|s| s.action.as_deref().map_or(true, |a| a == verified.action));
                    position
                        .and_then(|i| inner.script.remove(i))
                        .unwrap_or_else(Scripted::example)
                }
            },
        };
        let delay = reply.delay;
        let (action, status, error_code) = self.render(reply, &context);
        inner.records.push(Recorded {
            method: req.method.clone(),
            target: req.target.clone(),
            headers: req.headers.clone(),
            body: req.body.clone(),
            query,
            form,
            signature,
            status,
            error_code,
            received_at: Instant::now(),
        });
        (action, delay)
    }

    /// The operation's example response, after checking that it exists and that its required
    /// parameters arrived.
    fn route(
        &self,
        verified: &Verified,
        query: &[(String, String)],
        form: &[(String, String)],
    ) -> Result<String, Rejection> {
        let products: Vec<_> = self
            .spec
            .products
            .iter()
            .filter(|p| p.api_version == verified.version)
            .collect();
        if products.is_empty() {
            return Err(Rejection::new(
                400,
                "InvalidVersion",
                "Specified parameter Version is not valid.",
            ));
        }
        let Some(operation) = products.iter().find_map(|p| p.operation(&verified.action)) else {
            return Err(Rejection::new(
                404,
                "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.",
            ));
        };
        let names: Vec<&str> = query.iter().chain(form).map(|(n, _)| n.as_str()).collect();
        for parameter in operation.parameters.iter().filter(|p| p.required) {
            if !names.iter().any(|n| satisfies(n, &parameter.name)) {
                return Err(Rejection::new(
                    400,
                    "MissingParameter",
                    format!(
                        "The input parameter \"{}\" that is mandatory for processing this request is not supplied.",
                        parameter.name
                    ),
                ));
            }
        }
        let example = operation
            .examples
            .as_ref()
            .and_then(|e| e.response.clone())
            .unwrap_or_else(|| format!("{{\"RequestId\":\"{}\"}}", self.request_id()));
        Ok(example)
    }

    /// The response (or reset) for `reply`, with its status and error code for the record.
    fn render(
        &self,
        reply: Scripted,
        context: &ReplyContext,
    ) -> (Action, Option<u16>, Option<String>) {
        let Scripted {
            reply,
            headers: extra_headers,
            framing,
            ..
        } = reply;
        let (status, mut headers, body, code) = match reply {
            Reply::Reset => return (Action::Reset, None, None),
            Reply::Example => {
                let request_id = serde_json::from_str::<serde_json::Value>(&context.example)
                    .ok()
                    .and_then(|v| {
                        v.get("RequestId")
                            .or_else(|| v.get("requestId"))
                            .and_then(|id| id.as_str().map(str::to_owned))
                    })
                    .unwrap_or_else(|| self.request_id());
                let headers = vec![
                    ("Content-Type".to_owned(), JSON.to_owned()),
                    ("x-acs-request-id".to_owned(), request_id),
                ];
                (200, headers, context.example.clone().into_bytes(), None)
            }
            Reply::Raw { status, body } => (status, Vec::new(), body, None),
            Reply::Error {
                status,
                code,
                message,
            } => {
                let request_id = self.request_id();
                let (content_type, body) = error_document(&request_id, &code, &message, context);
                let headers = vec![
                    ("Content-Type".to_owned(), content_type.to_owned()),
                    ("x-acs-request-id".to_owned(), request_id),
                ];
                (status, headers, body.into_bytes(), Some(code))
            }
        };
        headers.extend(extra_headers);
        let response = Response {
            status,
            headers,
            body,
            framing,
        };
        (Action::Respond(response), Some(status), code)
    }
}

const JSON: &str = "application/json;charset=utf-8";

/// What an answer depends on besides the reply itself.
#[derive(Debug)]
struct ReplyContext {
    /// The operation's example response (empty when the request did not reach an operation).
    example: String,
    /// The `Host` the request named, echoed as `HostId`.
    host: String,
    /// The product code, for the `Recommend` link.
    product: String,
    /// Whether the request asked for `Format=XML`.
    xml: bool,
}

/// The service's error document: its content type and text.
fn error_document(
    request_id: &str,
    code: &str,
    message: &str,
    context: &ReplyContext,
) -> (&'static str, String) {
    let recommend = format!(
        "https://api.aliyun.com/troubleshoot?q={code}&product={}&requestId={request_id}",
        context.product
    );
    if context.xml {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        };
        let body = format!(
            "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>{}</RequestId><HostId>{}</HostId><Code>{}</Code><Message>{}</Message><Recommend><![CDATA[{recommend}]]></Recommend></Error>",
            esc(request_id),
            esc(&context.host),
            esc(code),
            esc(message),
        );
        ("text/xml;charset=utf-8", body)
    } else {
        let body = serde_json::json!({
            "RequestId": request_id,
            "HostId": context.host,
            "Code": code,
            "Message": message,
            "Recommend": recommend,
        });
        (JSON, body.to_string())
    }
}

/// Whether the wire name `sent` carries the top-level parameter `parameter`: the name itself, or a
/// flattened member or item of it (`Tag.1.Key` and `Tag.1` for `Tag`, `SystemDisk.Category` for
/// `SystemDisk`).
pub fn satisfies(sent: &str, parameter: &str) -> bool {
    sent == parameter
        || sent
            .strip_prefix(parameter)
            .is_some_and(|rest| rest.starts_with('.'))
}

async fn accept_loop(listener: tokio::net::TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = Arc::clone(&state);
        tokio::spawn(serve_connection(stream, state));
    }
}

async fn serve_connection(mut stream: tokio::net::TcpStream, state: Arc<State>) {
    let mut buf = Vec::new();
    loop {
        let request = match http::read_request(&mut stream, &mut buf).await {
            Ok(request) => request,
            Err(http::ReadError::Malformed(why)) => {
                let response = Response {
                    status: 400,
                    headers: vec![("Content-Type".into(), "text/plain".into())],
                    body: why.into_bytes(),
                    framing: Framing::ContentLength,
                };
                let _ = http::write_response(&mut stream, &response, true).await;
                return;
            }
            Err(http::ReadError::Closed | http::ReadError::Io(_)) => return,
        };
        let (action, delay) = state.handle(&request);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        match action {
            Action::Reset => {
                // Linger 0: closing sends RST instead of FIN.
                let _ = stream.set_zero_linger();
                return;
            }
            Action::Respond(response) => {
                match http::write_response(&mut stream, &response, request.wants_close()).await {
                    Ok(true) => {}
                    Ok(false) | Err(_) => return,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_names_count_for_their_parameter() {
        assert!(satisfies("Tag", "Tag"));
        assert!(satisfies("Tag.1.Key", "Tag"));
        assert!(satisfies("Tag.1", "Tag"));
        assert!(satisfies("SystemDisk.Category", "SystemDisk"));
        assert!(!satisfies("Tags", "Tag"));
        assert!(!satisfies("TagKey", "Tag"));
        assert!(!satisfies("System", "SystemDisk"));
    }

    #[test]
    fn request_ids_look_like_the_service_s_and_differ() {
        let fake = Fake::start();
        let a = fake.state.request_id();
        let b = fake.state.request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36, "{a}");
        assert_eq!(a.matches('-').count(), 4, "{a}");
    }
}
