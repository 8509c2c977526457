//! Decoding a DescribeInstances response of 100 instances into the generated
//! `DescribeInstancesOutput`, as `send()` does (`RawResponse::json` is `serde_json::from_slice`).
//! Throughput is in bytes of JSON, so criterion reports MB/s.
//!
//! `cargo bench -p xtask --bench parse -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use alicloud_sdk::r_kvstore::{DescribeInstancesOutput, KvStoreInstanceInstanceStatus};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xtask::bench::describe_instances_response;

const INSTANCES: usize = 100;

fn bench_parse(c: &mut Criterion) {
    let documented = describe_instances_response(INSTANCES, false).into_bytes();
    let live = describe_instances_response(INSTANCES, true).into_bytes();
    for body in [&documented, &live] {
        let out: DescribeInstancesOutput = serde_json::from_slice(body).expect("fixture decodes");
        assert_eq!(out.instances.len(), INSTANCES);
        assert_eq!(out.total_count, Some(INSTANCES as i32));
        assert_eq!(
            out.instances[0].instance_status,
            Some(KvStoreInstanceInstanceStatus::Normal)
        );
        assert!(out.instances.iter().all(|i| i.private_ip.is_some()));
    }

    let mut group = c.benchmark_group("parse DescribeInstances 100 instances");
    group.throughput(Throughput::Bytes(documented.len() as u64));
    group.bench_function(
        format!("typed, documented fields ({} bytes)", documented.len()),
        |b| {
            b.iter(|| {
                serde_json::from_slice::<DescribeInstancesOutput>(black_box(&documented))
                    .expect("decodes")
            })
        },
    );
    // Reference: what serde_json costs without our types (a generic tree of the same bytes).
    group.bench_function(
        format!(
            "serde_json::Value, documented fields ({} bytes)",
            documented.len()
        ),
        |b| {
            b.iter(|| {
                serde_json::from_slice::<serde_json::Value>(black_box(&documented))
                    .expect("decodes")
            })
        },
    );
    group.throughput(Throughput::Bytes(live.len() as u64));
    group.bench_function(
        format!("typed, with undocumented fields ({} bytes)", live.len()),
        |b| {
            b.iter(|| {
                serde_json::from_slice::<DescribeInstancesOutput>(black_box(&live))
                    .expect("decodes")
            })
        },
    );
    group.finish();

    // The response bench_server sends in the per-call overhead measurement (benches/overhead.sh).
    let small = describe_instances_response(1, false).into_bytes();
    let mut group = c.benchmark_group("parse DescribeInstances 1 instance");
    group.throughput(Throughput::Bytes(small.len() as u64));
    group.bench_function(format!("typed ({} bytes)", small.len()), |b| {
        b.iter(|| {
            serde_json::from_slice::<DescribeInstancesOutput>(black_box(&small)).expect("decodes")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
