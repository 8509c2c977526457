//! Building, signing and encoding a typical DescribeInstances call through the generated builder:
//! `Client::describe_instances()...build()` → `sign()` → `encode_query()`, which is everything the
//! client does per call before the HTTP client takes over (less the clock and the nonce, which are
//! inputs here so that every iteration signs the same bytes).
//!
//! `cargo bench -p xtask --bench request -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use alicloud_sdk::r_kvstore::{self, Client, InstanceStatus, InstanceType};
use alicloud_sdk::runtime::client::Operation;
use alicloud_sdk::runtime::sign::{sign, RequestToSign, SignatureAlgorithm, SigningKey};
use alicloud_sdk::{ClientConfig, Credentials};
use criterion::{criterion_group, criterion_main, Criterion};

const HOST: &str = "r-kvstore.aliyuncs.com";
const TIMESTAMP: &str = "2024-05-06T07:08:09Z";
const NONCE: &str = "0123456789abcdef0123456789abcdef";
const KEY: SigningKey<'static> = SigningKey {
    access_key_id: "LTAI5tFakeAccessKeyId01",
    access_key_secret: "FakeAccessKeySecretForVectors0123",
    security_token: None,
};

/// The same five parameters as `runtime/benches/sign.rs` (`xtask::bench::DESCRIBE_INSTANCES_PARAMS`).
fn build(client: &Client) -> Operation {
    client
        .describe_instances()
        .region_id("cn-hangzhou")
        .page_size(50)
        .page_number(1)
        .instance_status(InstanceStatus::Normal)
        .instance_type(InstanceType::Redis)
        .build()
        .expect("every required parameter is set")
}

/// What `alicloud_runtime::client::Client::call` hands the signer for `op`.
fn to_sign(op: Operation) -> RequestToSign {
    RequestToSign {
        method: op.method,
        host: HOST.to_owned(),
        action: op.name.to_owned(),
        version: r_kvstore::PRODUCT.version.to_owned(),
        query: op.query,
        form: op.form,
        headers: Vec::new(),
    }
}

fn build_sign_encode(client: &Client, alg: SignatureAlgorithm) -> String {
    let signed = sign(alg, &to_sign(build(client)), &KEY, TIMESTAMP, NONCE);
    let mut url = format!("https://{HOST}/?");
    url.push_str(&signed.query);
    url
}

fn bench_request(c: &mut Criterion) {
    let config = ClientConfig::builder()
        .credentials(Credentials::new(
            KEY.access_key_id,
            KEY.access_key_secret,
            None,
        ))
        .region("cn-hangzhou")
        .build();
    let client = Client::new(&config);

    let mut sent: Vec<(String, String)> = build(&client).query;
    sent.sort();
    let mut expected: Vec<(String, String)> = xtask::bench::DESCRIBE_INSTANCES_PARAMS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    expected.sort();
    assert_eq!(
        sent, expected,
        "the builder should send the typical request"
    );

    c.bench_function("builder DescribeInstances build()", |b| {
        b.iter(|| build(black_box(&client)))
    });
    c.bench_function("builder+sign+encode HmacSha1 DescribeInstances", |b| {
        b.iter(|| build_sign_encode(black_box(&client), SignatureAlgorithm::HmacSha1))
    });
    c.bench_function(
        "builder+sign+encode Acs3HmacSha256 DescribeInstances",
        |b| b.iter(|| build_sign_encode(black_box(&client), SignatureAlgorithm::Acs3HmacSha256)),
    );
}

criterion_group!(benches, bench_request);
criterion_main!(benches);
