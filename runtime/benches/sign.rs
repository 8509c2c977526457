//! Signing cost of a typical call: DescribeInstances with 5 operation parameters, 13 signed parameters
//! in v1 (a 371-byte StringToSign with POST).
//!
//! `cargo bench -p alicloud-runtime --bench sign -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use alicloud_runtime::sign::{
    hmac_sha1, sign, HttpMethod, RequestToSign, SignatureAlgorithm, SigningKey,
};
use criterion::{criterion_group, criterion_main, Criterion};

const TIMESTAMP: &str = "2024-05-06T07:08:09Z";
const NONCE: &str = "0123456789abcdef0123456789abcdef";

fn describe_instances() -> RequestToSign {
    let pairs = |p: &[(&str, &str)]| {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    RequestToSign {
        method: HttpMethod::Post,
        host: "r-kvstore.aliyuncs.com".into(),
        action: "DescribeInstances".into(),
        version: "2015-01-01".into(),
        query: pairs(&[
            ("RegionId", "cn-hangzhou"),
            ("PageSize", "50"),
            ("PageNumber", "1"),
            ("InstanceStatus", "Normal"),
            ("InstanceType", "Redis"),
        ]),
        form: vec![],
        headers: pairs(&[
            ("user-agent", "alicloud-sdk-rust/0.1.0"),
            ("accept", "application/json"),
        ]),
    }
}

const KEY: SigningKey<'static> = SigningKey {
    access_key_id: "LTAI5tFakeAccessKeyId01",
    access_key_secret: "FakeAccessKeySecretForVectors0123",
    security_token: None,
};

fn bench_sign(c: &mut Criterion) {
    let req = describe_instances();
    let v1 = sign(SignatureAlgorithm::HmacSha1, &req, &KEY, TIMESTAMP, NONCE);
    assert_eq!(
        v1.string_to_sign.len(),
        371,
        "the benchmark should sign a 371-byte StringToSign"
    );

    let mut params: Vec<(String, String)> = v1.query_pairs();
    params.retain(|(k, _)| k != "Signature");
    c.bench_function("hmac_sha1 string_to_sign (13 params)", |b| {
        b.iter(|| hmac_sha1::string_to_sign("POST", black_box(&params)))
    });
    c.bench_function("hmac_sha1 signature (371 bytes)", |b| {
        b.iter(|| {
            hmac_sha1::signature(
                black_box(KEY.access_key_secret),
                black_box(&v1.string_to_sign),
            )
        })
    });
    c.bench_function("hmac_sha1 string_to_sign + signature (13 params)", |b| {
        b.iter(|| {
            let sts = hmac_sha1::string_to_sign("POST", black_box(&params));
            hmac_sha1::signature(black_box(KEY.access_key_secret), &sts)
        })
    });
    c.bench_function("sign HmacSha1 DescribeInstances", |b| {
        b.iter(|| {
            sign(
                SignatureAlgorithm::HmacSha1,
                black_box(&req),
                &KEY,
                TIMESTAMP,
                NONCE,
            )
        })
    });
    // The client passes no extra headers to the signer (it adds User-Agent itself, unsigned).
    let bare = RequestToSign {
        headers: Vec::new(),
        ..describe_instances()
    };
    c.bench_function(
        "sign HmacSha1 DescribeInstances (no extra headers, as the client)",
        |b| {
            b.iter(|| {
                sign(
                    SignatureAlgorithm::HmacSha1,
                    black_box(&bare),
                    &KEY,
                    TIMESTAMP,
                    NONCE,
                )
            })
        },
    );
    c.bench_function("sign Acs3HmacSha256 DescribeInstances", |b| {
        b.iter(|| {
            sign(
                SignatureAlgorithm::Acs3HmacSha256,
                black_box(&req),
                &KEY,
                TIMESTAMP,
                NONCE,
            )
        })
    });
}

criterion_group!(benches, bench_sign);
criterion_main!(benches);
