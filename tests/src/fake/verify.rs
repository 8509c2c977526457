//! Signature verification, as the service does it: decode what arrived, rebuild the canonical
//! text with the RPC `pct()` rules, recompute the signature with the caller's secret, compare.
//!
//! Nothing here calls the SDK's signer: the fake is a second, independent implementation, checked
//! itself against the official Python SDKs by `tests/tests/peer.rs`.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::encode::pct;

/// An access key the fake knows.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKey {
    /// The AccessKey ID.
    pub id: String,
    /// The AccessKey secret.
    pub secret: String,
    /// For STS credentials: the security token every request must carry.
    pub security_token: Option<String>,
}

impl std::fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("sts", &self.security_token.is_some())
            .finish_non_exhaustive()
    }
}

/// Which signature a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureKind {
    /// Version 1.0: `SignatureMethod=HMAC-SHA1` and a `Signature` parameter.
    HmacSha1,
    /// Version 3: `Authorization: ACS3-HMAC-SHA256 ...`.
    Acs3HmacSha256,
}

/// What verification needs to know about a request, already decoded.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The request path (`/` for RPC).
    pub path: &'a str,
    /// The decoded query parameters.
    pub query: &'a [(String, String)],
    /// The decoded form-body parameters (empty unless the body is a form).
    pub form: &'a [(String, String)],
    /// The headers as they arrived.
    pub headers: &'a [(String, String)],
    /// The raw body.
    pub body: &'a [u8],
}

impl Incoming<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(self.form)
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A request whose signature, key, token and timestamp are good (the nonce is checked by the
/// caller, which owns the set of nonces seen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The signature version.
    pub kind: SignatureKind,
    /// The AccessKey ID that signed.
    pub access_key_id: String,
    /// The security token sent, if any.
    pub security_token: Option<String>,
    /// The signature nonce.
    pub nonce: String,
    /// The API action.
    pub action: String,
    /// The API version.
    pub version: String,
}

/// Why the service refuses a request: the error document's status, code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The HTTP status.
    pub status: u16,
    /// The error code.
    pub code: String,
    /// The message.
    pub message: String,
}

impl Rejection {
    /// A rejection with `status`, `code` and `message`.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Rejection {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    fn missing(name: &str) -> Self {
        Rejection::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    fn incomplete(detail: &str) -> Self {
        Rejection::new(
            400,
            "IncompleteSignature",
            format!("The request signature does not conform to Aliyun standards. {detail}"),
        )
    }

    fn mismatch(string_to_sign: &str) -> Self {
        Rejection::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
        )
    }
}

/// The message of `SignatureNonceUsed`.
pub const NONCE_USED_MESSAGE: &str = "Specified signature nonce was used already.";

/// Verifies the signature of `req` against `keys`, with `now` (seconds since the epoch) as the
/// service's clock and `max_skew` seconds of tolerance for the request's timestamp.
///
/// # Errors
/// The [`Rejection`] the service answers with.
pub fn verify(
    req: &Incoming<'_>,
    keys: &[AccessKey],
    now: i64,
    max_skew: i64,
) -> Result<Verified, Rejection> {
    if req.header("authorization").is_some() {
        verify_v3(req, keys, now, max_skew)
    } else if req.param("Signature").is_some() || req.param("SignatureMethod").is_some() {
        verify_v1(req, keys, now, max_skew)
    } else {
        Err(Rejection::incomplete(
            "The request carries neither a Signature parameter nor an Authorization header.",
        ))
    }
}

fn find_key<'k>(keys: &'k [AccessKey], id: &str) -> Result<&'k AccessKey, Rejection> {
    keys.iter().find(|k| k.id == id).ok_or_else(|| {
        Rejection::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        )
    })
}

fn check_timestamp(value: &str, now: i64, max_skew: i64) -> Result<(), Rejection> {
    let Some(at) = super::clock::parse_utc(value) else {
        return Err(Rejection::new(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        ));
    };
    if (now - at).abs() > max_skew {
        return Err(Rejection::new(
            400,
            "InvalidTimeStamp.Expired",
            format!(
                "Specified time stamp or date value is expired. The request time is {value}, the server time is {}.",
                super::clock::format_utc(now)
            ),
        ));
    }
    Ok(())
}

fn check_token(key: &AccessKey, sent: Option<&str>) -> Result<(), Rejection> {
    match (&key.security_token, sent) {
        (None, None) => Ok(()),
        (Some(expected), Some(sent)) if expected == sent => Ok(()),
        (Some(_), None) => Err(Rejection::new(
            400,
            "MissingSecurityToken",
            "SecurityToken is mandatory for this action.",
        )),
        _ => Err(Rejection::new(
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "Specified SecurityToken mismatch with the AccessKey.",
        )),
    }
}

/// The v1 StringToSign of `method` and every signed parameter (`Signature` left out):
/// `METHOD&%2F&pct(sorted pct(name)=pct(value) joined by &)`.
pub fn v1_string_to_sign(method: &str, params: &[(String, String)]) -> String {
    let mut signed: Vec<&(String, String)> =
        params.iter().filter(|(n, _)| n != "Signature").collect();
    signed.sort();
    let canonical = signed
        .iter()
        .map(|(n, v)| format!("{}={}", pct(n), pct(v)))
        .collect::<Vec<_>>()
        .join("&");
    format!("{method}&{}&{}", pct("/"), pct(&canonical))
}

/// base64(HMAC-SHA1(secret + "&", string_to_sign)).
pub fn v1_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(format!("{secret}&").as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn verify_v1(
    req: &Incoming<'_>,
    keys: &[AccessKey],
    now: i64,
    max_skew: i64,
) -> Result<Verified, Rejection> {
    let required = [
        "AccessKeyId",
        "Action",
        "Version",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "Timestamp",
    ];
    for name in required {
        if req.param(name).is_none() {
            return Err(Rejection::missing(name));
        }
    }
    let param = |name: &str| req.param(name).unwrap_or_default();
    if param("SignatureMethod") != "HMAC-SHA1" {
        return Err(Rejection::new(
            400,
            "InvalidSignatureMethod",
            "Specified signature method is not supported.",
        ));
    }
    if param("SignatureVersion") != "1.0" {
        return Err(Rejection::new(
            400,
            "InvalidSignatureVersion",
            "Specified signature version is not supported.",
        ));
    }
    let key = find_key(keys, param("AccessKeyId"))?;
    check_timestamp(param("Timestamp"), now, max_skew)?;

    let all: Vec<(String, String)> = req.query.iter().chain(req.form).cloned().collect();
    let string_to_sign = v1_string_to_sign(req.method, &all);
    let expected = v1_signature(&key.secret, &string_to_sign);
    if expected != param("Signature") {
        return Err(Rejection::mismatch(&string_to_sign));
    }
    check_token(key, req.param("SecurityToken"))?;
    Ok(Verified {
        kind: SignatureKind::HmacSha1,
        access_key_id: key.id.clone(),
        security_token: req.param("SecurityToken").map(str::to_owned),
        nonce: param("SignatureNonce").to_owned(),
        action: param("Action").to_owned(),
        version: param("Version").to_owned(),
    })
}

/// The parts of an `Authorization: ACS3-HMAC-SHA256 ...` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The AccessKey ID (`Credential=`).
    pub credential: String,
    /// The signed header names (`SignedHeaders=`), as listed.
    pub signed_headers: Vec<String>,
    /// The hex signature.
    pub signature: String,
}

/// Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`.
pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let rest = value.trim().strip_prefix("ACS3-HMAC-SHA256")?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.trim().split(',') {
        let (name, v) = part.trim().split_once('=')?;
        match name.trim() {
            "Credential" => credential = Some(v.trim().to_owned()),
            "SignedHeaders" => signed = Some(v.trim().to_owned()),
            "Signature" => signature = Some(v.trim().to_owned()),
            _ => return None,
        }
    }
    Some(Authorization {
        credential: credential?,
        signed_headers: signed?
            .split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect(),
        signature: signature?,
    })
}

/// The v3 canonical request: METHOD, path, sorted pct-encoded query, the signed headers
/// (`name:trimmed values`, names lower-case and sorted, repeated headers joined by `,`), their
/// names joined by `;`, and the hex SHA-256 of the body.
pub fn v3_canonical_request(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    signed_headers: &[String],
    body: &[u8],
) -> String {
    let mut sorted_query: Vec<&(String, String)> = query.iter().collect();
    sorted_query.sort();
    let canonical_query = sorted_query
        .iter()
        .map(|(n, v)| format!("{}={}", pct(n), pct(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut names: Vec<String> = signed_headers.to_vec();
    names.sort();
    names.dedup();
    let mut canonical_headers = String::new();
    for name in &names {
        let mut values: Vec<&str> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        values.sort_unstable();
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    format!(
        "{method}\n{path}\n{canonical_query}\n{canonical_headers}\n{}\n{}",
        names.join(";"),
        hex(&Sha256::digest(body))
    )
}

/// `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
pub fn v3_string_to_sign(canonical_request: &str) -> String {
    format!(
        "ACS3-HMAC-SHA256\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    )
}

/// hex(HMAC-SHA256(secret, string_to_sign)).
pub fn v3_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(string_to_sign.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Headers a v3 signature must cover when they are sent.
const MUST_SIGN: [&str; 7] = [
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
];

fn verify_v3(
    req: &Incoming<'_>,
    keys: &[AccessKey],
    now: i64,
    max_skew: i64,
) -> Result<Verified, Rejection> {
    let header = req.header("authorization").unwrap_or_default();
    let auth = parse_authorization(header).ok_or_else(|| {
        Rejection::incomplete("The Authorization header is not `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`.")
    })?;
    for name in [
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
    ] {
        if req.header(name).is_none() {
            return Err(Rejection::missing(name));
        }
    }
    for name in MUST_SIGN {
        if req.header(name).is_some() && !auth.signed_headers.iter().any(|s| s == name) {
            return Err(Rejection::incomplete(&format!(
                "The header {name} is sent but not signed."
            )));
        }
    }
    for name in &auth.signed_headers {
        if req.header(name).is_none() {
            return Err(Rejection::incomplete(&format!(
                "The signed header {name} is not sent."
            )));
        }
    }
    let key = find_key(keys, &auth.credential)?;
    check_timestamp(req.header("x-acs-date").unwrap_or_default(), now, max_skew)?;

    let canonical = v3_canonical_request(
        req.method,
        req.path,
        req.query,
        req.headers,
        &auth.signed_headers,
        req.body,
    );
    let string_to_sign = v3_string_to_sign(&canonical);
    let expected = v3_signature(&key.secret, &string_to_sign);
    if !expected.eq_ignore_ascii_case(&auth.signature) {
        return Err(Rejection::mismatch(&string_to_sign));
    }
    let token = req.header("x-acs-security-token");
    check_token(key, token)?;
    let text = |name: &str| req.header(name).unwrap_or_default().to_owned();
    Ok(Verified {
        kind: SignatureKind::Acs3HmacSha256,
        access_key_id: key.id.clone(),
        security_token: token.map(str::to_owned),
        nonce: text("x-acs-signature-nonce"),
        action: text("x-acs-action"),
        version: text("x-acs-version"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn v1_sorts_by_raw_name_and_encodes_twice() {
        let sts = v1_string_to_sign(
            "GET",
            &pairs(&[
                ("Tag.2.Key", "b"),
                ("Tag.10.Key", "a c"),
                ("Signature", "x"),
                ("Tag.1.Key", "*"),
            ]),
        );
        assert_eq!(
            sts,
            "GET&%2F&Tag.1.Key%3D%252A%26Tag.10.Key%3Da%2520c%26Tag.2.Key%3Db"
        );
    }

    #[test]
    fn authorization_header_parses() {
        let auth = parse_authorization(
            "ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host;x-acs-date,Signature=abc",
        )
        .expect("parses");
        assert_eq!(auth.credential, "LTAI");
        assert_eq!(auth.signed_headers, ["host", "x-acs-date"]);
        assert_eq!(auth.signature, "abc");
        assert_eq!(parse_authorization("acs LTAI:abc"), None);
    }

    #[test]
    fn v3_canonical_request_layout() {
        let canonical = v3_canonical_request(
            "POST",
            "/",
            &pairs(&[("b", "2 3"), ("a", "")]),
            &pairs(&[("Host", " h "), ("x-acs-action", "A"), ("user-agent", "u")]),
            &["x-acs-action".to_owned(), "host".to_owned()],
            b"",
        );
        assert_eq!(
            canonical,
            "POST\n/\na=&b=2%203\nhost:h\nx-acs-action:A\n\nhost;x-acs-action\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
