//! RPC signature version 1.0: `SignatureMethod=HMAC-SHA1`, carried in the `Signature` query parameter.
//!
//! StringToSign = `METHOD&%2F&` + pct(canonicalized query), where the canonicalized query is every
//! signed parameter sorted by raw name (byte order), written `pct(name)=pct(value)` and joined with
//! `&`. Signature = base64(HMAC-SHA1(AccessKeySecret + `&`, StringToSign)). This is what the legacy
//! core's `rpc_signature_composer` and the tea SDK's `get_rpcsignature` compute; the vectors in
//! `tests/data/sign_v1.json` come from them.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::encode::{into_string, pct_len, pct_twice_max_len, push_pct, push_pct_twice};

/// `%2F` is pct("/"), the only resource path RPC-style APIs have.
const PATH_SEPARATOR: &str = "&%2F&";
/// pct("&") and pct("="): the separators of the canonicalized query, encoded once more.
const AMPERSAND: &str = "%26";
const EQUALS: &str = "%3D";

/// The StringToSign of `params` (every signed parameter, `Signature` excluded) sent with `method`.
///
/// Parameters are sorted by name in byte order (`Tag.1.Key < Tag.10.Key < Tag.2.Key`, upper case
/// before lower case); empty values stay (`Name=`).
///
/// ```
/// use alicloud_runtime::sign::hmac_sha1::string_to_sign;
///
/// let params = [("b", "x y"), ("a", "1")];
/// assert_eq!(string_to_sign("GET", &params), "GET&%2F&a%3D1%26b%3Dx%2520y");
/// ```
pub fn string_to_sign<K: AsRef<str>, V: AsRef<str>>(method: &str, params: &[(K, V)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sorted.sort_unstable();
    string_to_sign_sorted(method, &sorted)
}

/// [`string_to_sign`] of parameters already in canonical (byte) order.
pub(crate) fn string_to_sign_sorted(method: &str, sorted: &[(&str, &str)]) -> String {
    let body: usize = sorted
        .iter()
        .map(|(k, v)| pct_twice_max_len(k) + EQUALS.len() + pct_twice_max_len(v) + AMPERSAND.len())
        .sum();
    let mut out = Vec::with_capacity(method.len() + PATH_SEPARATOR.len() + body);
    out.extend_from_slice(method.as_bytes());
    out.extend_from_slice(PATH_SEPARATOR.as_bytes());
    for (i, (name, value)) in sorted.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(AMPERSAND.as_bytes());
        }
        push_pct_twice(&mut out, name);
        out.extend_from_slice(EQUALS.as_bytes());
        push_pct_twice(&mut out, value);
    }
    into_string(out)
}

/// For a request whose every signed parameter travels in the query: the wire query (the canonical
/// query, `Signature` appended) and the string to sign, from parameters sorted by name.
///
/// The canonical query (`pct(name)=pct(value)` joined with `&`) is exactly what the wire carries,
/// and the string to sign is `METHOD&%2F&` + its `pct()`, so it is encoded once and reused.
pub(crate) fn sign_query_sorted(
    method: &str,
    sorted: &[(&str, &str)],
    access_key_secret: &str,
) -> (String, String) {
    let query_len: usize = sorted
        .iter()
        .map(|(k, v)| pct_len(k) + pct_len(v) + 2)
        .sum();
    // Room for `&Signature=` and a percent-encoded base64 SHA-1 (28 characters, at most 3 escaped).
    let mut query = Vec::with_capacity(query_len + 48);
    for (i, (name, value)) in sorted.iter().enumerate() {
        if i > 0 {
            query.push(b'&');
        }
        push_pct(&mut query, name);
        query.push(b'=');
        push_pct(&mut query, value);
    }
    let canonical = std::str::from_utf8(&query).unwrap_or_default();
    let mut to_sign = Vec::with_capacity(method.len() + PATH_SEPARATOR.len() + 3 * canonical.len());
    to_sign.extend_from_slice(method.as_bytes());
    to_sign.extend_from_slice(PATH_SEPARATOR.as_bytes());
    push_pct(&mut to_sign, canonical);
    let string_to_sign = into_string(to_sign);
    let signature = signature(access_key_secret, &string_to_sign);
    query.extend_from_slice(b"&Signature=");
    push_pct(&mut query, &signature);
    (into_string(query), string_to_sign)
}

/// base64(HMAC-SHA1(`access_key_secret` + `&`, `string_to_sign`)): the `Signature` parameter's
/// value, before it is percent-encoded for the wire.
///
/// ```
/// use alicloud_runtime::sign::hmac_sha1::signature;
///
/// assert_eq!(signature("testsecret", "GET&%2F&a%3D1"), "wKRnx/TaRMjZrT8RxZAs3+W9GBk=");
/// ```
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let mut mac = keyed_mac(access_key_secret);
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// HMAC-SHA1 keyed with `secret&`, without allocating for the usual short secret.
fn keyed_mac(secret: &str) -> Hmac<Sha1> {
    const HMAC_KEY_ERROR: &str = "HMAC accepts keys of any length";
    let secret = secret.as_bytes();
    let mut stack = [0u8; 64];
    if secret.len() < stack.len() {
        stack[..secret.len()].copy_from_slice(secret);
        stack[secret.len()] = b'&';
        Hmac::<Sha1>::new_from_slice(&stack[..=secret.len()]).expect(HMAC_KEY_ERROR)
    } else {
        let mut key = Vec::with_capacity(secret.len() + 1);
        key.extend_from_slice(secret);
        key.push(b'&');
        Hmac::<Sha1>::new_from_slice(&key).expect(HMAC_KEY_ERROR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_raw_name_in_byte_order() {
        let params = [
            ("Tag.2.Key", "c"),
            ("Tag.10.Key", "b"),
            ("Tag.1.Key", "a"),
            ("a", "x"),
            ("B", "y"),
        ];
        assert_eq!(
            string_to_sign("POST", &params),
            "POST&%2F&B%3Dy%26Tag.1.Key%3Da%26Tag.10.Key%3Db%26Tag.2.Key%3Dc%26a%3Dx"
        );
    }

    #[test]
    fn keeps_empty_values() {
        assert_eq!(
            string_to_sign("GET", &[("A", ""), ("B", "")]),
            "GET&%2F&A%3D%26B%3D"
        );
    }

    #[test]
    fn encodes_escapes_twice() {
        assert_eq!(
            string_to_sign("GET", &[("k", "a b*~/中")]),
            "GET&%2F&k%3Da%2520b%252A~%252F%25E4%25B8%25AD"
        );
    }

    #[test]
    fn no_parameters_gives_only_the_prefix() {
        let none: [(&str, &str); 0] = [];
        assert_eq!(string_to_sign("GET", &none), "GET&%2F&");
    }

    #[test]
    fn the_http_method_changes_the_signature() {
        let get = signature("secret", &string_to_sign("GET", &[("A", "1")]));
        let post = signature("secret", &string_to_sign("POST", &[("A", "1")]));
        assert_ne!(get, post);
    }

    #[test]
    fn secrets_of_any_length_give_the_same_result_as_a_plain_hmac() {
        for len in [0, 1, 62, 63, 64, 65, 200] {
            let secret = "s".repeat(len);
            let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes())
                .expect("any key length");
            mac.update(b"GET&%2F&");
            let expected =
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
            assert_eq!(
                signature(&secret, "GET&%2F&"),
                expected,
                "secret length {len}"
            );
        }
    }
}
