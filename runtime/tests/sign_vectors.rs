//! The signer against vectors the official SDKs produced (`tests/data/gen_vectors.py`).
//!
//! Each test checks every vector and reports all mismatches at once.

use std::collections::BTreeMap;
use std::path::PathBuf;

use alicloud_runtime::sign::{
    acs3, hmac_sha1, sign, HttpMethod, RequestToSign, SignatureAlgorithm, SignedRequest, SigningKey,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct V1Vector {
    id: String,
    method: String,
    params: BTreeMap<String, String>,
    access_key_secret: String,
    string_to_sign: String,
    signature: String,
    request: Option<V1Request>,
}

#[derive(Deserialize)]
struct V1Request {
    action: String,
    version: String,
    access_key_id: String,
    security_token: Option<String>,
    timestamp: String,
    nonce: String,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct V3Vector {
    id: String,
    method: String,
    access_key_id: String,
    access_key_secret: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: String,
    hashed_payload: String,
    canonical_request: String,
    signed_headers: String,
    string_to_sign: String,
    signature: String,
    authorization: String,
    request: Option<V3Request>,
}

#[derive(Deserialize)]
struct V3Request {
    host: String,
    action: String,
    version: String,
    access_key_id: String,
    security_token: Option<String>,
    timestamp: String,
    nonce: String,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

fn load<T: for<'de> Deserialize<'de>>(name: &str) -> Vec<T> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// Collects mismatches so that one run shows all of them.
#[derive(Default)]
struct Mismatches(Vec<String>);

impl Mismatches {
    fn check(&mut self, id: &str, what: &str, ours: &str, expected: &str) {
        if ours != expected {
            self.0.push(format!(
                "{id}: {what} differs\n  ours:     {ours:?}\n  expected: {expected:?}"
            ));
        }
    }

    fn assert_none(self, checked: usize) {
        assert!(checked > 0, "no vectors checked");
        assert!(
            self.0.is_empty(),
            "{} mismatches in {checked} vectors:\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

fn method(name: &str) -> HttpMethod {
    match name {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => panic!("unexpected method {other}"),
    }
}

fn header<'a>(signed: &'a SignedRequest, name: &str) -> Option<&'a str> {
    signed
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn v1_string_to_sign_and_signature_match_the_official_sdk() {
    let vectors: Vec<V1Vector> = load("sign_v1.json");
    assert!(
        vectors.len() >= 50,
        "expected at least 50 v1 vectors, found {}",
        vectors.len()
    );
    let mut mismatches = Mismatches::default();
    for v in &vectors {
        let params: Vec<(&str, &str)> = v
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let string_to_sign = hmac_sha1::string_to_sign(&v.method, &params);
        mismatches.check(&v.id, "string_to_sign", &string_to_sign, &v.string_to_sign);
        let signature = hmac_sha1::signature(&v.access_key_secret, &v.string_to_sign);
        mismatches.check(&v.id, "signature", &signature, &v.signature);
    }
    mismatches.assert_none(vectors.len());
}

#[test]
fn v1_whole_sign_reproduces_the_official_sdk() {
    let vectors: Vec<V1Vector> = load("sign_v1.json");
    let mut mismatches = Mismatches::default();
    let mut checked = 0;
    for v in &vectors {
        let Some(r) = &v.request else { continue };
        checked += 1;
        let req = RequestToSign {
            method: method(&v.method),
            host: "example.com".into(),
            action: r.action.clone(),
            version: r.version.clone(),
            query: r.query.clone(),
            form: r.form.clone(),
            headers: vec![],
        };
        let key = SigningKey {
            access_key_id: &r.access_key_id,
            access_key_secret: &v.access_key_secret,
            security_token: r.security_token.as_deref(),
        };
        let signed = sign(
            SignatureAlgorithm::HmacSha1,
            &req,
            &key,
            &r.timestamp,
            &r.nonce,
        );
        mismatches.check(
            &v.id,
            "string_to_sign",
            &signed.string_to_sign,
            &v.string_to_sign,
        );

        let mut sent: BTreeMap<String, String> = signed.query_pairs().into_iter().collect();
        let signature = sent.remove("Signature").unwrap_or_default();
        mismatches.check(&v.id, "Signature parameter", &signature, &v.signature);
        for (k, val) in &r.form {
            sent.insert(k.clone(), val.clone());
        }
        mismatches.check(
            &v.id,
            "signed parameters",
            &format!("{sent:?}"),
            &format!("{:?}", v.params),
        );
    }
    mismatches.assert_none(checked);
}

#[test]
fn v3_canonical_request_and_signature_match_the_official_sdk() {
    let vectors: Vec<V3Vector> = load("sign_v3.json");
    let mut mismatches = Mismatches::default();
    for v in &vectors {
        mismatches.check(
            &v.id,
            "hashed_payload",
            &acs3::hashed_payload(v.body.as_bytes()),
            &v.hashed_payload,
        );
        let canonical = acs3::canonical_request(&v.method, &v.query, &v.headers, &v.hashed_payload);
        mismatches.check(
            &v.id,
            "canonical_request",
            &canonical.text,
            &v.canonical_request,
        );
        mismatches.check(
            &v.id,
            "signed_headers",
            &canonical.signed_headers,
            &v.signed_headers,
        );
        mismatches.check(
            &v.id,
            "string_to_sign",
            &acs3::string_to_sign(&v.canonical_request),
            &v.string_to_sign,
        );
        let signature = acs3::signature(&v.access_key_secret, &v.string_to_sign);
        mismatches.check(&v.id, "signature", &signature, &v.signature);
        let authorization = acs3::authorization(&v.access_key_id, &v.signed_headers, &v.signature);
        mismatches.check(&v.id, "authorization", &authorization, &v.authorization);
    }
    mismatches.assert_none(vectors.len());
}

#[test]
fn v3_whole_sign_reproduces_the_official_sdk() {
    let vectors: Vec<V3Vector> = load("sign_v3.json");
    let mut mismatches = Mismatches::default();
    let mut checked = 0;
    for v in &vectors {
        let Some(r) = &v.request else { continue };
        checked += 1;
        let req = RequestToSign {
            method: method(&v.method),
            host: r.host.clone(),
            action: r.action.clone(),
            version: r.version.clone(),
            query: r.query.clone(),
            form: r.form.clone(),
            headers: r.headers.clone(),
        };
        let key = SigningKey {
            access_key_id: &r.access_key_id,
            access_key_secret: &v.access_key_secret,
            security_token: r.security_token.as_deref(),
        };
        let signed = sign(
            SignatureAlgorithm::Acs3HmacSha256,
            &req,
            &key,
            &r.timestamp,
            &r.nonce,
        );
        mismatches.check(
            &v.id,
            "string_to_sign",
            &signed.string_to_sign,
            &v.string_to_sign,
        );
        mismatches.check(
            &v.id,
            "authorization",
            header(&signed, "authorization").unwrap_or(""),
            &v.authorization,
        );
        mismatches.check(
            &v.id,
            "body",
            &String::from_utf8_lossy(&signed.body),
            &v.body,
        );
        mismatches.check(
            &v.id,
            "query",
            &format!("{:?}", signed.query_pairs()),
            &format!("{:?}", v.query),
        );
        let mut ours: Vec<_> = signed
            .headers
            .iter()
            .filter(|(k, _)| k != "authorization")
            .cloned()
            .collect();
        let mut expected = v.headers.clone();
        ours.sort();
        expected.sort();
        mismatches.check(
            &v.id,
            "headers",
            &format!("{ours:?}"),
            &format!("{expected:?}"),
        );
    }
    mismatches.assert_none(checked);
}
