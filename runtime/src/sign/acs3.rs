//! Signature version 3, `ACS3-HMAC-SHA256`: the signature travels in the `Authorization` header.
//!
//! ```text
//! CanonicalRequest = METHOD \n / \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(SHA-256(body))
//! StringToSign     = ACS3-HMAC-SHA256 \n hex(SHA-256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
//! Authorization    = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>
//! ```
//! CanonicalQuery is the query sorted by raw name, `pct(name)=pct(value)` joined with `&`;
//! CanonicalHeaders is one `name:value\n` per header, names lower-cased and sorted, values trimmed,
//! repeated names merged as `name:v1,v2` (values sorted). This is what the tea SDK's
//! `Utils.get_authorization` computes; the vectors in `tests/data/sign_v3.json` come from it. One
//! deliberate difference: that SDK leaves query parameter *names* unencoded, this signer encodes
//! them as the protocol says. The two agree on every name an operation sends (letters, digits, dots).

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::encode::{into_string, pct_len, push_pct};

/// The algorithm name that opens the StringToSign and the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// A canonical request and the list of headers it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The canonical request text whose hash is signed.
    pub text: String,
    /// Lower-case names of the signed headers joined by `;`, as the `Authorization` header lists them.
    pub signed_headers: String,
}

/// The canonical request of an RPC-style call (path `/`): every header in `headers` is signed.
///
/// `hashed_payload` is [`hashed_payload`] of the body, the value of `x-acs-content-sha256`.
///
/// ```
/// use alicloud_runtime::sign::acs3::{canonical_request, hashed_payload};
///
/// let body = hashed_payload(b"");
/// let c = canonical_request("POST", &[("RegionId", "cn-hangzhou")], &[("Host", " example.com ")], &body);
/// assert_eq!(c.text, format!("POST\n/\nRegionId=cn-hangzhou\nhost:example.com\n\nhost\n{body}"));
/// assert_eq!(c.signed_headers, "host");
/// ```
pub fn canonical_request<QK, QV, HK, HV>(
    method: &str,
    query: &[(QK, QV)],
    headers: &[(HK, HV)],
    hashed_payload: &str,
) -> CanonicalRequest
where
    QK: AsRef<str>,
    QV: AsRef<str>,
    HK: AsRef<str>,
    HV: AsRef<str>,
{
    let mut query: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    query.sort_unstable();
    let mut headers: Vec<(Cow<'_, str>, &str)> = headers
        .iter()
        .map(|(k, v)| (lower_case(k.as_ref()), v.as_ref().trim()))
        .collect();
    headers.sort_unstable();

    let query_len: usize = query.iter().map(|(k, v)| pct_len(k) + pct_len(v) + 2).sum();
    let headers_len: usize = headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let names_len: usize = headers.iter().map(|(k, _)| k.len() + 1).sum();
    let mut signed_headers = String::with_capacity(names_len);

    // The query part goes through a byte buffer (pct() writes bytes), the rest is plain text.
    let mut query_text = Vec::with_capacity(method.len() + 4 + query_len);
    query_text.extend_from_slice(method.as_bytes());
    query_text.extend_from_slice(b"\n/\n");
    for (i, (name, value)) in query.iter().enumerate() {
        if i > 0 {
            query_text.push(b'&');
        }
        push_pct(&mut query_text, name);
        query_text.push(b'=');
        push_pct(&mut query_text, value);
    }
    let mut text = into_string(query_text);
    text.reserve(1 + headers_len + names_len + 2 + hashed_payload.len());
    text.push('\n');
    let mut previous: Option<&str> = None;
    for (name, value) in &headers {
        if previous == Some(name.as_ref()) {
            // Same header again: `name:v1,v2`, replacing the line's newline with the comma.
            text.pop();
            text.push(',');
        } else {
            if !signed_headers.is_empty() {
                signed_headers.push(';');
            }
            signed_headers.push_str(name);
            text.push_str(name);
            text.push(':');
        }
        text.push_str(value);
        text.push('\n');
        previous = Some(name.as_ref());
    }
    text.push('\n');
    text.push_str(&signed_headers);
    text.push('\n');
    text.push_str(hashed_payload);
    CanonicalRequest {
        text,
        signed_headers,
    }
}

fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// hex(SHA-256(body)), the `x-acs-content-sha256` header and the canonical request's last line.
pub fn hashed_payload(body: &[u8]) -> String {
    hex(&Sha256::digest(body))
}

/// `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
pub fn string_to_sign(canonical_request: &str) -> String {
    let hash = Sha256::digest(canonical_request.as_bytes());
    let mut out = String::with_capacity(ALGORITHM.len() + 1 + 2 * hash.len());
    out.push_str(ALGORITHM);
    out.push('\n');
    push_hex(&mut out, &hash);
    out
}

/// hex(HMAC-SHA256(`access_key_secret`, `string_to_sign`)). Unlike v1, the key has no `&` appended.
///
/// ```
/// use alicloud_runtime::sign::acs3::signature;
///
/// assert_eq!(
///     signature("testsecret", "ACS3-HMAC-SHA256\n2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"),
///     "94efa41a446576aeff972ee442553e15e142b851e20fceef7fd776e5f4dbb859"
/// );
/// ```
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(access_key_secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(string_to_sign.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The `Authorization` header value.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}")
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 * bytes.len());
    push_hex(&mut out, bytes);
    out
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(HEX_LOWER[usize::from(b >> 4)]));
        out.push(char::from(HEX_LOWER[usize::from(b & 0x0f)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn hashes_the_empty_body() {
        assert_eq!(hashed_payload(b""), EMPTY_SHA256);
    }

    #[test]
    fn sorts_query_by_raw_name_and_encodes_values() {
        let query = [
            ("b", "x y"),
            ("Tag.10.Key", "*"),
            ("Tag.2.Key", "~"),
            ("a", ""),
        ];
        let none: [(&str, &str); 0] = [];
        let c = canonical_request("GET", &query, &none, EMPTY_SHA256);
        assert_eq!(
            c.text,
            format!("GET\n/\nTag.10.Key=%2A&Tag.2.Key=~&a=&b=x%20y\n\n\n{EMPTY_SHA256}")
        );
        assert_eq!(c.signed_headers, "");
    }

    #[test]
    fn lower_cases_trims_sorts_and_merges_headers() {
        let headers = [("X-B", " 2 "), ("x-a", "1"), ("x-b", "1"), ("Host", "h")];
        let none: [(&str, &str); 0] = [];
        let c = canonical_request("POST", &none, &headers, EMPTY_SHA256);
        assert_eq!(
            c.text,
            format!("POST\n/\n\nhost:h\nx-a:1\nx-b:1,2\n\nhost;x-a;x-b\n{EMPTY_SHA256}")
        );
        assert_eq!(c.signed_headers, "host;x-a;x-b");
    }

    #[test]
    fn authorization_lists_credential_headers_and_signature() {
        assert_eq!(
            authorization("AKID", "host;x-acs-date", "abc"),
            "ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host;x-acs-date,Signature=abc"
        );
    }
}
