//! Snapshots of the generated code for small fixture specs, one spec feature each (enums, nested
//! lists and objects, JSON in a string, a corrected misspelling, error codes). A codegen change
//! shows up in review as a diff of exactly what users get.
//!
//! Update with `INSTA_UPDATE=always cargo test -p alicloud-codegen --test snapshots`, then read
//! the `.snap` files before committing.

use std::path::Path;

fn generate(fixture: &str) -> std::collections::BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture)
        .join("spec");
    let spec = alicloud_codegen::spec::load_dir(&dir)
        .unwrap_or_else(|e| panic!("fixture {fixture} does not load:\n{e}"));
    alicloud_codegen::gen::generate(&spec).expect("generates")
}

/// Snapshots the product files of a fixture (the crate-level files are the same for every
/// fixture and are covered by the real spec's freshness test).
fn snapshot_fixture(fixture: &str) {
    for (path, text) in generate(fixture) {
        if path.starts_with("src/demo/") || path.starts_with("tests/") {
            let name = format!("{fixture}__{}", path.replace('/', "__"));
            insta::assert_snapshot!(name, text);
        }
    }
}

#[test]
fn enums() {
    snapshot_fixture("enums");
}

#[test]
fn nested_lists_and_objects() {
    snapshot_fixture("nested");
}

#[test]
fn json_in_a_string() {
    snapshot_fixture("json_string");
}

#[test]
fn corrected_misspelling() {
    snapshot_fixture("misspelling");
}

#[test]
fn error_codes() {
    snapshot_fixture("errors");
}
