//! `generated/` must be exactly what the spec generates, so that a plain `cargo test` catches a
//! spec edit (or a generator change) that was not followed by `cargo xtask regenerate`.

use std::path::Path;

#[test]
fn generated_crate_matches_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let diffs = xtask::codegen::differences(&root.join("spec"), &root.join("generated"))
        .expect("the spec generates");
    assert!(
        diffs.is_empty(),
        "generated/ is stale; run `cargo xtask regenerate` and commit the result:\n{}",
        diffs.join("\n")
    );
}
