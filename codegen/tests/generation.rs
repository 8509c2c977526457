//! Properties of generating the real spec: deterministic, every file names its author.

use std::path::Path;

fn generate() -> std::collections::BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = alicloud_codegen::spec::load_dir(&root).expect("the spec loads");
    alicloud_codegen::gen::generate(&spec).expect("the spec generates")
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate(), generate());
}

#[test]
fn every_generated_file_names_its_author() {
    for (rel, text) in generate() {
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains("cargo xtask regenerate"), "{rel}: {first}");
    }
}
