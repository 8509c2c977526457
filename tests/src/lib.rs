//! End-to-end tests of the generated SDK against a local fake Alibaba Cloud RPC service.
//!
//! - [`fake`]: the fake service (signature verification with its own code, spec-driven routing,
//!   example answers, scripted faults, a record of every request).
//! - [`check`]: compares a typed response with the spec's example JSON, field by field.
//! - [`support`]: clients configured for a fake, and assertions shared by the test files.
//!
//! The fake itself is proven right by the official Python SDKs in `tests/tests/peer.rs`.

pub mod check;
pub mod fake;
pub mod support;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use alicloud_codegen::spec::Spec;

/// The repository's `spec/` folder.
pub fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The repository's spec, loaded once per test binary.
///
/// # Panics
/// When the spec does not load: every test here depends on it, and `cargo xtask check` explains.
pub fn spec() -> Arc<Spec> {
    static SPEC: OnceLock<Arc<Spec>> = OnceLock::new();
    Arc::clone(SPEC.get_or_init(|| {
        let dir = spec_dir();
        match alicloud_codegen::spec::load_dir(&dir) {
            Ok(spec) => Arc::new(spec),
            Err(e) => panic!("cannot load the spec at {}: {e}", dir.display()),
        }
    }))
}
