//! `cargo xtask verify-vectors FILE`: check a v1 (HMAC-SHA1) signature vector file against our signer.
//!
//! The file format is the one `tests/data/gen_vectors.py` writes (and the issue prescribes): a JSON
//! array of objects with `id`, `method`, `params` (every signed parameter except `Signature`),
//! `access_key_secret`, `string_to_sign` and `signature`. Other fields are ignored, so vector files
//! made by other implementations can be checked too.

use std::collections::BTreeMap;
use std::path::Path;

use alicloud_runtime::sign::hmac_sha1;
use anyhow::{Context, Result};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vector {
    id: String,
    method: String,
    params: BTreeMap<String, String>,
    access_key_secret: String,
    string_to_sign: String,
    signature: String,
}

/// Checks every vector in the v1 file at `path`, prints each mismatch (with both strings to sign)
/// and a `N passed, M failed` summary. `Ok(false)` when any vector fails; `Err` when the file cannot
/// be read or parsed.
pub fn verify_vectors(path: &Path) -> Result<bool> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let vectors: Vec<Vector> = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a v1 vector file (a JSON array of objects with id, method, params, \
             access_key_secret, string_to_sign, signature)",
            path.display()
        )
    })?;

    let (mut passed, mut failed) = (0usize, 0usize);
    for v in &vectors {
        let params: Vec<(&str, &str)> = v
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let string_to_sign = hmac_sha1::string_to_sign(&v.method, &params);
        let signature = hmac_sha1::signature(&v.access_key_secret, &string_to_sign);
        if string_to_sign == v.string_to_sign && signature == v.signature {
            passed += 1;
            continue;
        }
        failed += 1;
        println!("FAIL {}", v.id);
        if string_to_sign != v.string_to_sign {
            println!("  string to sign, expected: {}", v.string_to_sign);
            println!("  string to sign, ours:     {string_to_sign}");
        }
        if signature != v.signature {
            println!("  signature, expected: {}", v.signature);
            println!("  signature, ours:     {signature}");
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(failed == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap_or(Path::new("."))
    }

    #[test]
    fn the_committed_v1_vectors_pass() {
        let path = project_root().join("tests/data/sign_v1.json");
        assert!(verify_vectors(&path).expect("the vector file parses"));
    }

    #[test]
    fn a_wrong_signature_fails() {
        let dir = std::env::temp_dir().join(format!("xtask-vectors-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("bad.json");
        let bad = r#"[{"id": "bad", "method": "GET", "params": {"A": "1"}, "access_key_secret": "s",
                      "string_to_sign": "GET&%2F&A%3D1", "signature": "not-it"}]"#;
        std::fs::write(&path, bad).expect("write temp file");
        let result = verify_vectors(&path);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(!result.expect("the vector file parses"));
    }

    #[test]
    fn a_malformed_file_is_an_error() {
        assert!(verify_vectors(&project_root().join("Cargo.toml")).is_err());
    }
}
