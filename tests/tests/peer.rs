//! The fake's signature verification, proven right by real peers: Alibaba Cloud's official Python
//! SDKs (the legacy core and the current tea SDK) send requests to the fake, which must accept
//! every one of them, and must reject a copy with one parameter changed after signing.
//!
//! Needs the virtualenv CI creates before `cargo test` (from the repository root):
//!
//! ```sh
//! python3 -m venv .venv
//! .venv/bin/pip install aliyun-python-sdk-core alibabacloud-tea-openapi alibabacloud-r-kvstore20150101 alibabacloud-credentials
//! ```
//!
//! `ALICLOUD_PEER_PYTHON` may name another interpreter that has those packages.

use std::path::{Path, PathBuf};
use std::process::Command;

use alicloud_tests::fake::encode::pct;
use alicloud_tests::fake::{
    Fake, Recorded, SignatureKind, AK_ID, AK_SECRET, COMMON_PARAMETERS, STS_ID, STS_SECRET,
    STS_TOKEN,
};

const SETUP: &str = "create it from the repository root with:\n    python3 -m venv .venv\n    .venv/bin/pip install aliyun-python-sdk-core alibabacloud-tea-openapi alibabacloud-r-kvstore20150101 alibabacloud-credentials\n(or set ALICLOUD_PEER_PYTHON to an interpreter that has these packages)";

fn peer_python() -> PathBuf {
    let python = match std::env::var_os("ALICLOUD_PEER_PYTHON") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python"),
    };
    assert!(
        python.exists(),
        "the official-SDK peer needs a Python virtualenv at {}, which is missing; {SETUP}",
        python.display()
    );
    let probe = Command::new(&python)
        .args([
            "-c",
            "import aliyunsdkcore, alibabacloud_tea_openapi, alibabacloud_r_kvstore20150101, alibabacloud_credentials",
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; {SETUP}", python.display()));
    assert!(
        probe.status.success(),
        "{} lacks the official SDKs ({}); {SETUP}",
        python.display(),
        String::from_utf8_lossy(&probe.stderr).trim()
    );
    python
}

/// One request shape the script sent, as it reports it.
#[derive(Debug, serde::Deserialize)]
struct Shape {
    label: String,
    sdk: String,
    signature: String,
    method: String,
    sts: bool,
    form: bool,
    action: String,
    ok: bool,
    error: Option<String>,
}

fn run_peer(fake: &Fake) -> Vec<Shape> {
    let python = peer_python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("peer/send.py");
    let mut command = Command::new(&python);
    command
        .arg(&script)
        .args([
            &fake.addr().port().to_string(),
            AK_ID,
            AK_SECRET,
            STS_ID,
            STS_SECRET,
            STS_TOKEN,
        ])
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    // Nothing from the developer's environment may reach the SDKs: no proxy, no credentials.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        let upper = name.to_ascii_uppercase();
        if upper.ends_with("_PROXY") && upper != "NO_PROXY"
            || upper.starts_with("ALIBABA_CLOUD_")
            || upper.starts_with("ALIYUN_")
        {
            command.env_remove(&name);
        }
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shapes: Vec<Shape> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("bad line from send.py ({e}): {line}\nstderr:\n{stderr}")
            })
        })
        .collect();
    let failed: Vec<String> = shapes
        .iter()
        .filter(|s| !s.ok)
        .map(|s| format!("{}: {}", s.label, s.error.as_deref().unwrap_or("?")))
        .collect();
    assert!(
        output.status.success() && failed.is_empty() && !shapes.is_empty(),
        "the official SDKs' requests were not all accepted ({}):\n{}\nstderr:\n{stderr}\nthe fake recorded:\n{:#?}",
        output.status,
        failed.join("\n"),
        fake.requests()
    );
    shapes
}

#[test]
fn official_sdk_requests_are_accepted_and_tampered_copies_rejected() {
    let fake = Fake::start();
    let shapes = run_peer(&fake);
    let requests = fake.requests();
    assert_eq!(
        shapes.len(),
        requests.len(),
        "one request per shape was expected: {requests:#?}"
    );

    for (shape, request) in shapes.iter().zip(&requests) {
        check_shape(shape, request);
    }

    // The shapes this test promises to cover.
    let covered = |sdk: &str, signature: &str, method: &str, sts: bool, form: bool| {
        shapes.iter().any(|s| {
            s.sdk == sdk
                && s.signature == signature
                && s.method == method
                && s.sts == sts
                && s.form == form
        })
    };
    for (sdk, signature, method, sts, form) in [
        ("core", "v1", "POST", false, false),
        ("core", "v1", "POST", true, false),
        ("core", "v1", "GET", false, false),
        ("core", "v1", "GET", true, false),
        ("core", "v1", "POST", false, true),
        ("tea", "v1", "POST", false, false),
        ("tea", "v1", "POST", true, false),
        ("tea", "v3", "POST", false, false),
        ("tea", "v3", "POST", true, false),
        ("tea", "v3", "POST", false, true),
    ] {
        assert!(
            covered(sdk, signature, method, sts, form),
            "no {sdk} {signature} {method} sts={sts} form={form} shape in send.py"
        );
    }

    for (shape, request) in shapes.iter().zip(&requests) {
        replay_is_refused_as_a_used_nonce(&fake, shape, request);
        tampered_copy_is_refused_as_a_bad_signature(&fake, shape, request);
    }
}

fn check_shape(shape: &Shape, request: &Recorded) {
    let label = &shape.label;
    let verified = request
        .verified()
        .unwrap_or_else(|| panic!("{label}: refused: {:?}", request.signature));
    let kind = match shape.signature.as_str() {
        "v1" => SignatureKind::HmacSha1,
        _ => SignatureKind::Acs3HmacSha256,
    };
    assert_eq!(verified.kind, kind, "{label}");
    assert_eq!(verified.action, shape.action, "{label}");
    assert_eq!(request.method, shape.method, "{label}");
    assert_eq!(request.status, Some(200), "{label}");
    if shape.sts {
        assert_eq!(verified.access_key_id, STS_ID, "{label}");
        assert_eq!(
            verified.security_token.as_deref(),
            Some(STS_TOKEN),
            "{label}"
        );
    } else {
        assert_eq!(verified.access_key_id, AK_ID, "{label}");
        assert_eq!(verified.security_token, None, "{label}");
    }
    assert_eq!(
        !request.form.is_empty(),
        shape.form,
        "{label}: form body {:?}",
        request.form
    );
}

fn replay_is_refused_as_a_used_nonce(fake: &Fake, shape: &Shape, request: &Recorded) {
    let response = fake
        .send_raw(&request.to_raw())
        .unwrap_or_else(|e| panic!("{}: replay failed: {e}", shape.label));
    assert_eq!(response.status, 400, "{}: {}", shape.label, response.text());
    let body: serde_json::Value = serde_json::from_slice(&response.body).expect("JSON error body");
    assert_eq!(body["Code"], "SignatureNonceUsed", "{}", shape.label);
    assert_eq!(
        body["Message"],
        "Specified signature nonce was used already."
    );
}

fn tampered_copy_is_refused_as_a_bad_signature(fake: &Fake, shape: &Shape, request: &Recorded) {
    let label = &shape.label;
    let operation_param = |params: &[(String, String)]| {
        params
            .iter()
            .find(|(n, _)| !COMMON_PARAMETERS.contains(&n.as_str()))
            .cloned()
    };
    // Prefer a form parameter when there is one: it shows the body is covered by the signature.
    let (tampered, name, value) = if let Some((name, value)) = operation_param(&request.form) {
        let value = format!("{value}0");
        (request.to_raw().with_form_param(&name, &value), name, value)
    } else {
        let (name, value) = operation_param(&request.query)
            .unwrap_or_else(|| panic!("{label}: no operation parameter to tamper with"));
        let value = format!("{value}0");
        (
            request.to_raw().with_query_param(&name, &value),
            name,
            value,
        )
    };
    let response = fake
        .send_raw(&tampered)
        .unwrap_or_else(|e| panic!("{label}: tampered replay failed: {e}"));
    assert_eq!(response.status, 400, "{label}: {}", response.text());
    let body: serde_json::Value = serde_json::from_slice(&response.body).expect("JSON error body");
    assert_eq!(body["Code"], "SignatureDoesNotMatch", "{label}: {body}");
    let message = body["Message"].as_str().unwrap_or_default();
    let prefix =
        "Specified signature is not matched with our calculation. server string to sign is:";
    let server_sts = message
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{label}: {message}"));
    if shape.signature == "v1" {
        // The server's string-to-sign holds the value it received, encoded twice.
        let expected = pct(&format!("{}={}", pct(&name), pct(&value)));
        assert!(
            server_sts.starts_with(&format!("{}&%2F&", request.method))
                && server_sts.contains(&expected),
            "{label}: {server_sts}"
        );
    } else {
        assert!(
            server_sts.starts_with("ACS3-HMAC-SHA256\n"),
            "{label}: {server_sts}"
        );
    }
    for field in ["RequestId", "HostId", "Recommend"] {
        assert!(
            body[field].is_string(),
            "{label}: {field} missing in {body}"
        );
    }
}
