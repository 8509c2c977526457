//! `cargo xtask regenerate` on the whole spec, without the writing: loading and validating
//! `spec/`, generating every file, and the same plus rustfmt (`xtask::codegen::generate`, which is
//! what regenerate and check call).
//!
//! `cargo bench -p xtask --bench regenerate -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn bench_regenerate(c: &mut Criterion) {
    let dir = spec_dir();
    let spec = alicloud_codegen::spec::load_dir(&dir).expect("spec/ is valid");
    let files = alicloud_codegen::gen::generate(&spec).expect("spec/ generates");
    let ops: usize = spec.products.iter().map(|p| p.operations.len()).sum();
    eprintln!(
        "spec: {} products, {ops} operations → {} files",
        spec.products.len(),
        files.len()
    );

    let mut group = c.benchmark_group("regenerate whole spec");
    // Each iteration takes milliseconds to seconds; criterion's minimum of 10 samples is plenty.
    group.sample_size(10);
    group.bench_function("spec::load_dir", |b| {
        b.iter(|| alicloud_codegen::spec::load_dir(black_box(&dir)).expect("valid"))
    });
    group.bench_function("gen::generate (from a loaded spec)", |b| {
        b.iter(|| alicloud_codegen::gen::generate(black_box(&spec)).expect("generates"))
    });
    group.bench_function("spec::load_dir + gen::generate", |b| {
        b.iter(|| {
            let spec = alicloud_codegen::spec::load_dir(black_box(&dir)).expect("valid");
            alicloud_codegen::gen::generate(&spec).expect("generates")
        })
    });
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("xtask::codegen::generate (with rustfmt)", |b| {
        b.iter(|| xtask::codegen::generate(black_box(&dir)).expect("generates"))
    });
    group.finish();
}

criterion_group!(benches, bench_regenerate);
criterion_main!(benches);
