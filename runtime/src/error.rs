//! What can go wrong in a call, and the service's own error documents.
//!
//! Every [`SdkError`] names the operation and, where one is known, the HTTP status and the request
//! id, because those are what a user needs to act on an error or to hand to Alibaba Cloud support.
//! No variant ever holds an access key secret or a security token: the client redacts them before
//! building an error, and transport errors are stripped of the URL (which carries the signed query).

use std::fmt;
use std::time::Duration;

use crate::credentials::CredentialsError;
use crate::endpoint::EndpointError;

/// How many characters of an unparsable body an error keeps.
pub const BODY_START_CHARS: usize = 256;

/// An error document returned by the service with a non-2xx status, e.g.
/// `{"RequestId": "...", "HostId": "...", "Code": "InvalidParameter", "Message": "...",
/// "Recommend": "..."}` or the same children under an XML `<Error>` element.
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceError {
    // Boxed so that `Result<_, SdkError>` stays small.
    inner: Box<ServiceErrorInner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ServiceErrorInner {
    operation: &'static str,
    status: u16,
    code: String,
    message: String,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    string_to_sign: Option<String>,
}

impl ServiceError {
    /// A service error with the given status, code and message and no other fields.
    pub fn new(
        operation: &'static str,
        status: u16,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ServiceError {
            inner: Box::new(ServiceErrorInner {
                operation,
                status,
                code: code.into(),
                message: message.into(),
                request_id: None,
                host_id: None,
                recommend: None,
                string_to_sign: None,
            }),
        }
    }

    /// Parses a JSON or XML error document. `None` when the body is neither, or has no `Code`.
    ///
    /// ```
    /// use alicloud_runtime::error::ServiceError;
    ///
    /// let body = br#"{"RequestId":"R1","Code":"InvalidParameter","Message":"bad"}"#;
    /// let e = ServiceError::parse("DescribeThings", 400, body).unwrap();
    /// assert_eq!(e.code(), "InvalidParameter");
    /// assert_eq!(e.request_id(), Some("R1"));
    /// ```
    pub fn parse(operation: &'static str, status: u16, body: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(body)
            .ok()?
            .trim_start_matches('\u{feff}')
            .trim();
        let fields = if text.starts_with('{') {
            parse_json(text)?
        } else if text.starts_with('<') {
            parse_xml(text)?
        } else {
            return None;
        };
        let code = fields.code.filter(|c| !c.is_empty())?;
        let mut error =
            ServiceError::new(operation, status, code, fields.message.unwrap_or_default());
        error.inner.request_id = fields.request_id.filter(|s| !s.is_empty());
        error.inner.host_id = fields.host_id.filter(|s| !s.is_empty());
        error.inner.recommend = fields.recommend.filter(|s| !s.is_empty());
        Some(error)
    }

    /// Sets the request id (e.g. from the `x-acs-request-id` header when the body had none).
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.inner.request_id = Some(request_id.into());
        self
    }

    /// Attaches the string-to-sign the client computed, for comparison with the one the server
    /// prints in a `SignatureDoesNotMatch` message. It must already be free of secrets.
    pub fn with_string_to_sign(mut self, string_to_sign: impl Into<String>) -> Self {
        self.inner.string_to_sign = Some(string_to_sign.into());
        self
    }

    /// Replaces the message by `f(message)`, e.g. to redact secrets the server echoed.
    pub(crate) fn map_message(mut self, f: impl FnOnce(&str) -> String) -> Self {
        self.inner.message = f(&self.inner.message);
        self
    }

    /// The operation (API action) that failed.
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.inner.status
    }

    /// The service's error code, e.g. `InvalidParameter` or `Throttling.User`.
    pub fn code(&self) -> &str {
        &self.inner.code
    }

    /// The service's human-readable message.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The request id, to quote to Alibaba Cloud support.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The host id the service reported.
    pub fn host_id(&self) -> Option<&str> {
        self.inner.host_id.as_deref()
    }

    /// The service's diagnosis link or advice.
    pub fn recommend(&self) -> Option<&str> {
        self.inner.recommend.as_deref()
    }

    /// For `SignatureDoesNotMatch`: the string-to-sign this client computed (secrets redacted).
    pub fn string_to_sign(&self) -> Option<&str> {
        self.inner.string_to_sign.as_deref()
    }

    /// Whether the service rejected the signature.
    pub fn is_signature_mismatch(&self) -> bool {
        self.inner.code == "SignatureDoesNotMatch"
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("ServiceError")
            .field("operation", &i.operation)
            .field("status", &i.status)
            .field("code", &i.code)
            .field("message", &i.message)
            .field("request_id", &i.request_id)
            .field("host_id", &i.host_id)
            .field("recommend", &i.recommend)
            .field("string_to_sign", &i.string_to_sign)
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        write!(
            f,
            "{} failed: HTTP {} {}: {}{}",
            i.operation,
            i.status,
            i.code,
            i.message,
            RequestIdSuffix(i.request_id.as_deref())
        )?;
        if let Some(recommend) = &i.recommend {
            write!(f, "; recommend: {recommend}")?;
        }
        if let Some(sts) = &i.string_to_sign {
            write!(
                f,
                "; the string-to-sign this client computed was {sts:?} (compare it with the server's in the message)"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

#[derive(Default)]
struct ErrorFields {
    request_id: Option<String>,
    host_id: Option<String>,
    code: Option<String>,
    message: Option<String>,
    recommend: Option<String>,
}

fn parse_json(text: &str) -> Option<ErrorFields> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    let field = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|name| match object.get(*name)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
    };
    Some(ErrorFields {
        request_id: field(&["RequestId", "requestId"]),
        host_id: field(&["HostId", "hostId"]),
        code: field(&["Code", "code"]),
        message: field(&["Message", "message"]),
        recommend: field(&["Recommend", "recommend"]),
    })
}

/// A deliberately small extractor: error documents are flat `<Error><Code>..</Code>...</Error>`,
/// so reading the text of a few named child elements is enough and avoids an XML dependency.
fn parse_xml(text: &str) -> Option<ErrorFields> {
    Some(ErrorFields {
        request_id: xml_child(text, "RequestId"),
        host_id: xml_child(text, "HostId"),
        code: xml_child(text, "Code"),
        message: xml_child(text, "Message"),
        recommend: xml_child(text, "Recommend"),
    })
}

/// The decoded text of the first `<name>` element (attributes allowed; `<name/>` is empty).
fn xml_child(text: &str, name: &str) -> Option<String> {
    let mut rest = text;
    loop {
        let start = rest.find('<')?;
        rest = &rest[start + 1..];
        let Some(after_name) = rest.strip_prefix(name) else {
            continue;
        };
        // The name must end here, so that `<Code>` does not match `<CodeX>`.
        let tag_end = after_name.find('>')?;
        let attrs = &after_name[..tag_end];
        if !(attrs.is_empty() || attrs.starts_with(|c: char| c.is_whitespace() || c == '/')) {
            continue;
        }
        if attrs.ends_with('/') {
            return Some(String::new());
        }
        let content = &after_name[tag_end + 1..];
        let close = format!("</{name}");
        let end = content.find(&close)?;
        return Some(xml_text(&content[..end]));
    }
}

fn xml_text(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(cdata) = raw
        .strip_prefix("<![CDATA[")
        .and_then(|s| s.strip_suffix("]]>"))
    {
        return cdata.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|semi| {
            let entity = &rest[1..semi];
            let c = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The start of a body for an error message: at most [`BODY_START_CHARS`] characters, lossily
/// decoded, so that an HTML error page or truncated document can be recognised.
pub fn body_start(body: &[u8]) -> String {
    // Decoding only a prefix keeps this cheap for a large body; a multi-byte character cut at the
    // end of the prefix is replaced, which is harmless here.
    let prefix = &body[..body.len().min(BODY_START_CHARS * 4)];
    String::from_utf8_lossy(prefix)
        .chars()
        .take(BODY_START_CHARS)
        .collect()
}

/// Which part of the transport failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established (DNS, refused, TLS handshake).
    Connect,
    /// The connection failed while sending the request or waiting for the response head (e.g.
    /// reset by the peer).
    Send,
    /// The connection failed while reading the response body.
    Body,
    /// The request could not be built; retrying cannot help.
    Request,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Send => "connection failed before a response arrived",
            TransportErrorKind::Body => "connection failed while reading the response body",
            TransportErrorKind::Request => "could not build the HTTP request",
        })
    }
}

/// Everything that can make a call fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SdkError {
    /// The request could not be built from the caller's input.
    #[error("{operation}: invalid parameter `{parameter}`: {reason}")]
    Construction {
        /// The operation being called.
        operation: &'static str,
        /// The offending parameter (wire name).
        parameter: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The credentials provider failed.
    #[error("{operation}: could not get credentials: {source}")]
    Credentials {
        /// The operation being called.
        operation: &'static str,
        /// Which source failed and why.
        #[source]
        source: Box<CredentialsError>,
    },
    /// No endpoint could be chosen.
    #[error("{operation}: could not choose an endpoint: {source}")]
    Endpoint {
        /// The operation being called.
        operation: &'static str,
        /// Why.
        #[source]
        source: EndpointError,
    },
    /// The connection failed. The source never contains the request URL.
    #[error("{operation}: {kind} (after {attempts} attempt(s)): {}", ErrorChain(&**.source))]
    Transport {
        /// The operation being called.
        operation: &'static str,
        /// Which part of the exchange failed.
        kind: TransportErrorKind,
        /// How many attempts were made.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No response (or no further body data) arrived in time.
    #[error("{operation}: timed out after {timeout:?} without a response (after {attempts} attempt(s)){}", RequestIdSuffix(.request_id.as_deref()))]
    Timeout {
        /// The operation being called.
        operation: &'static str,
        /// The timeout that expired.
        timeout: Duration,
        /// How many attempts were made.
        attempts: u32,
        /// Known when the response head arrived but the body did not.
        request_id: Option<String>,
    },
    /// The service answered with an error document.
    #[error(transparent)]
    Service(ServiceError),
    /// The service answered with a non-2xx status and a body that is not an error document
    /// (empty, an HTML page from a proxy, truncated JSON, ...).
    #[error("{operation}: HTTP {status} with a body that is not an Alibaba Cloud error document{}: {body_start:?}", RequestIdSuffix(.request_id.as_deref()))]
    UnparsableResponse {
        /// The operation being called.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The first [`BODY_START_CHARS`] characters of the body.
        body_start: String,
        /// From the `x-acs-request-id` header, if present.
        request_id: Option<String>,
    },
    /// The response body was larger than the configured limit; it was not read to the end.
    #[error("{operation}: HTTP {status} response body exceeds the limit of {limit} bytes{}", RequestIdSuffix(.request_id.as_deref()))]
    ResponseTooLarge {
        /// The operation being called.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The configured limit in bytes.
        limit: usize,
        /// From the `x-acs-request-id` header, if present.
        request_id: Option<String>,
    },
    /// A 2xx body could not be deserialized into the operation's response type.
    #[error("{operation}: could not parse the response body{}: {source}", RequestIdSuffix(.request_id.as_deref()))]
    Deserialize {
        /// The operation being called.
        operation: &'static str,
        /// The request id, if it could be found.
        request_id: Option<String>,
        /// Where and why parsing failed.
        #[source]
        source: serde_json::Error,
    },
}

impl SdkError {
    /// The operation that failed.
    pub fn operation(&self) -> &'static str {
        match self {
            SdkError::Construction { operation, .. }
            | SdkError::Credentials { operation, .. }
            | SdkError::Endpoint { operation, .. }
            | SdkError::Transport { operation, .. }
            | SdkError::Timeout { operation, .. }
            | SdkError::UnparsableResponse { operation, .. }
            | SdkError::ResponseTooLarge { operation, .. }
            | SdkError::Deserialize { operation, .. } => operation,
            SdkError::Service(e) => e.operation(),
        }
    }

    /// The request id, where the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => e.request_id(),
            SdkError::Timeout { request_id, .. }
            | SdkError::UnparsableResponse { request_id, .. }
            | SdkError::ResponseTooLarge { request_id, .. }
            | SdkError::Deserialize { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, where a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            SdkError::Service(e) => Some(e.status()),
            SdkError::UnparsableResponse { status, .. }
            | SdkError::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The service error document, if the service sent one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service error code, if the service sent one.
    pub fn code(&self) -> Option<&str> {
        self.service_error().map(ServiceError::code)
    }
}

/// An error and its sources joined by `: `, because the transport's top-level message alone
/// ("error sending request") does not say what happened.
struct ErrorChain<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

/// Writes ` (request id X)` or nothing.
struct RequestIdSuffix<'a>(Option<&'a str>);

impl fmt::Display for RequestIdSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_error_document() {
        let body = br#"{"RequestId":"6C1D-4E","HostId":"r-kv.aliyuncs.com","Code":"InvalidParameter","Message":"The specified parameter is not valid.","Recommend":"https://next.api.aliyun.com/troubleshoot?q=InvalidParameter"}"#;
        let e = ServiceError::parse("Op", 400, body).unwrap();
        assert_eq!(e.status(), 400);
        assert_eq!(e.code(), "InvalidParameter");
        assert_eq!(e.message(), "The specified parameter is not valid.");
        assert_eq!(e.request_id(), Some("6C1D-4E"));
        assert_eq!(e.host_id(), Some("r-kv.aliyuncs.com"));
        assert_eq!(
            e.recommend(),
            Some("https://next.api.aliyun.com/troubleshoot?q=InvalidParameter")
        );
        assert_eq!(e.string_to_sign(), None);
    }

    #[test]
    fn json_error_document_with_lower_case_names() {
        let e = ServiceError::parse("Op", 500, br#"{"requestId":"r","code":"X","message":"m"}"#)
            .unwrap();
        assert_eq!(
            (e.code(), e.message(), e.request_id()),
            ("X", "m", Some("r"))
        );
    }

    #[test]
    fn json_without_code_is_not_an_error_document() {
        assert!(ServiceError::parse("Op", 500, br#"{"RequestId":"r","Message":"m"}"#).is_none());
        assert!(ServiceError::parse("Op", 500, br#"{"Code":""}"#).is_none());
        assert!(ServiceError::parse("Op", 500, br#"["Code"]"#).is_none());
        assert!(ServiceError::parse("Op", 500, br#"{"Code":"X""#).is_none());
    }

    #[test]
    fn xml_error_document() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <RequestId>540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx</RequestId>
  <HostId>ecs.aliyuncs.com</HostId>
  <Code>MissingParameter.CommandId</Code>
  <Message>The input parameter &quot;CommandId&quot; that is mandatory &amp; &lt;required&gt; &#65;&#x42;</Message>
  <Recommend><![CDATA[https://example.com/?a=1&b=2]]></Recommend>
</Error>"#;
        let e = ServiceError::parse("Op", 400, body).unwrap();
        assert_eq!(e.code(), "MissingParameter.CommandId");
        assert_eq!(
            e.message(),
            "The input parameter \"CommandId\" that is mandatory & <required> AB"
        );
        assert_eq!(e.request_id(), Some("540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx"));
        assert_eq!(e.host_id(), Some("ecs.aliyuncs.com"));
        assert_eq!(e.recommend(), Some("https://example.com/?a=1&b=2"));
    }

    #[test]
    fn xml_child_does_not_match_a_longer_name() {
        let body = "<Error><CodeX>no</CodeX><Code a=\"1\">yes</Code><Message/></Error>";
        let e = ServiceError::parse("Op", 400, body.as_bytes()).unwrap();
        assert_eq!(e.code(), "yes");
        assert_eq!(e.message(), "");
    }

    #[test]
    fn unknown_entity_is_kept_verbatim() {
        assert_eq!(xml_text("a &nbsp; b & c"), "a &nbsp; b & c");
    }

    #[test]
    fn html_and_empty_bodies_are_not_error_documents() {
        let html = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>";
        assert!(ServiceError::parse("Op", 502, html).is_none());
        assert!(ServiceError::parse("Op", 502, b"").is_none());
        assert!(ServiceError::parse("Op", 502, b"   ").is_none());
        assert!(ServiceError::parse("Op", 502, b"Bad Gateway").is_none());
        assert!(ServiceError::parse("Op", 502, &[0xff, 0xfe, b'{']).is_none());
    }

    #[test]
    fn body_start_is_bounded_and_char_safe() {
        let long = "é".repeat(1000);
        let start = body_start(long.as_bytes());
        assert_eq!(start.chars().count(), BODY_START_CHARS);
        assert!(start.chars().all(|c| c == 'é'));
        assert_eq!(body_start(b"short"), "short");
    }

    #[test]
    fn service_error_display_names_operation_status_code_and_request_id() {
        let e = ServiceError::parse(
            "DescribeThings",
            403,
            br#"{"RequestId":"RID-1","Code":"Forbidden.RAM","Message":"no"}"#,
        )
        .unwrap();
        let shown = SdkError::Service(e).to_string();
        for part in ["DescribeThings", "403", "Forbidden.RAM", "RID-1", "no"] {
            assert!(shown.contains(part), "{shown:?} lacks {part}");
        }
    }

    #[test]
    fn unparsable_display_names_status_body_and_request_id() {
        let e = SdkError::UnparsableResponse {
            operation: "Op",
            status: 502,
            body_start: "<html>".into(),
            request_id: Some("R9".into()),
        };
        assert_eq!(
            e.to_string(),
            "Op: HTTP 502 with a body that is not an Alibaba Cloud error document (request id R9): \"<html>\""
        );
        assert_eq!(e.status(), Some(502));
        assert_eq!(e.request_id(), Some("R9"));
    }

    #[test]
    fn sdk_error_stays_small() {
        assert!(
            std::mem::size_of::<SdkError>() <= 96,
            "{}",
            std::mem::size_of::<SdkError>()
        );
    }
}
