//! What the test files share: clients pointed at a fake, spec look-ups, common assertions.

use std::fmt::Debug;

use alicloud_sdk::{ClientConfig, Credentials, SignatureAlgorithm};

use crate::fake::{Fake, Recorded, SignatureKind, AK_ID, AK_SECRET, STS_ID, STS_SECRET, STS_TOKEN};

/// Both signature algorithms: every operation test runs with each.
pub const ALGORITHMS: [SignatureAlgorithm; 2] = [
    SignatureAlgorithm::Acs3HmacSha256,
    SignatureAlgorithm::HmacSha1,
];

/// The region every test uses.
pub const REGION: &str = "cn-hangzhou";

/// A client configuration for `fake`, signing with `algorithm` and the fake's plain access key.
pub fn config(
    fake: &Fake,
    algorithm: SignatureAlgorithm,
) -> alicloud_sdk::runtime::client::ClientConfigBuilder {
    ClientConfig::builder()
        .endpoint(fake.endpoint())
        .credentials(Credentials::new(AK_ID, AK_SECRET, None))
        .region(REGION)
        .signature_algorithm(algorithm)
}

/// As [`config`], with the fake's STS credentials (key, secret and security token).
pub fn sts_config(
    fake: &Fake,
    algorithm: SignatureAlgorithm,
) -> alicloud_sdk::runtime::client::ClientConfigBuilder {
    config(fake, algorithm).credentials(Credentials::new(
        STS_ID,
        STS_SECRET,
        Some(STS_TOKEN.to_owned()),
    ))
}

/// An R-kvstore client for `fake`.
pub fn kvstore(fake: &Fake, algorithm: SignatureAlgorithm) -> alicloud_sdk::r_kvstore::Client {
    alicloud_sdk::r_kvstore::Client::new(&config(fake, algorithm).build())
}

/// An ECS client for `fake`.
pub fn ecs(fake: &Fake, algorithm: SignatureAlgorithm) -> alicloud_sdk::ecs::Client {
    alicloud_sdk::ecs::Client::new(&config(fake, algorithm).build())
}

/// What the fake must have seen for `algorithm`.
pub fn kind_of(algorithm: SignatureAlgorithm) -> SignatureKind {
    match algorithm {
        SignatureAlgorithm::HmacSha1 => SignatureKind::HmacSha1,
        SignatureAlgorithm::Acs3HmacSha256 => SignatureKind::Acs3HmacSha256,
    }
}

fn operation(name: &str) -> alicloud_codegen::spec::Operation {
    let spec = crate::spec();
    spec.products
        .iter()
        .find_map(|p| p.operation(name).cloned())
        .unwrap_or_else(|| panic!("no operation {name} in the spec"))
}

/// The example response of `operation` in the spec.
///
/// # Panics
/// When the operation has no example response.
pub fn example_response(name: &str) -> String {
    operation(name)
        .examples
        .and_then(|e| e.response)
        .unwrap_or_else(|| panic!("{name} has no example response in the spec"))
}

/// The names of every operation in the spec, sorted.
pub fn spec_operations() -> Vec<String> {
    let mut names: Vec<String> = crate::spec()
        .products
        .iter()
        .flat_map(|p| p.operations.iter().map(|o| o.name.clone()))
        .collect();
    names.sort();
    names
}

/// Asserts that `fake` received exactly one request, for `action`, with a good `algorithm`
/// signature, and answered it with 200; returns it.
///
/// # Panics
/// Otherwise, showing what the fake recorded.
pub fn assert_served(fake: &Fake, action: &str, algorithm: SignatureAlgorithm) -> Recorded {
    let requests = fake.requests();
    assert_eq!(
        requests.len(),
        1,
        "{action}: expected one request, the fake recorded {requests:#?}"
    );
    let request = requests.into_iter().next().expect("one request");
    let verified = match &request.signature {
        Ok(v) => v,
        Err(rejection) => panic!("{action}: the fake refused the signature: {rejection:?}"),
    };
    assert_eq!(verified.action, action);
    assert_eq!(verified.kind, kind_of(algorithm), "{action}");
    assert_eq!(request.status, Some(200), "{action}: {request:#?}");
    assert_eq!(
        request.method, "POST",
        "{action}: every operation of the spec is sent as POST"
    );
    request
}

/// Asserts that the operation parameters `request` carried (common ones left out) are exactly
/// `expected`, in any order.
///
/// # Panics
/// Otherwise.
pub fn assert_params(request: &Recorded, expected: &[(&str, &str)]) {
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(
        request.operation_params(),
        expected,
        "{:?}: parameters sent",
        request.action()
    );
}

/// Asserts that the enum values a typed value holds and the SDK did not know (`Unknown(..)`) are
/// exactly `expected`, in order. A documented example should use documented values only; where the
/// document's own sample disagrees with its value table (the spec notes these), the test lists
/// the value so that a fix to the spec shows up here.
///
/// # Panics
/// Otherwise.
pub fn assert_unknown_values(value: &impl Debug, expected: &[&str]) {
    let debug = format!("{value:?}");
    let mut found = Vec::new();
    let mut rest = debug.as_str();
    while let Some(start) = rest.find("Unknown(\"") {
        rest = &rest[start + "Unknown(\"".len()..];
        let end = rest.find("\")").unwrap_or(rest.len());
        found.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    assert_eq!(
        found, expected,
        "enum values the SDK did not recognise:\n{value:#?}"
    );
}

/// Asserts that a typed value holds no enum value the SDK did not know.
///
/// # Panics
/// Otherwise.
pub fn assert_no_unknown_values(value: &impl Debug) {
    assert_unknown_values(value, &[]);
}
