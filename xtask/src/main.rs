//! Project automation: `cargo xtask <command>`.
//!
//! - `check`: validate the spec and fail when `generated/` is stale.
//! - `verify-vectors FILE`: check a signature vector file against our signer.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use xtask::codegen;

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
    // Paths given on the command line are relative to where the user is; resolve them before
    // moving to the workspace root.
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let arg_path = |i: usize| args.get(i).map(|a| cwd.join(a));
    let root = project_root();
    std::env::set_current_dir(&root).with_context(|| format!("cannot enter {}", root.display()))?;
    match cmd.as_str() {
        "check" => check(),
        "verify-vectors" => {
            let Some(file) = arg_path(1) else {
                bail!("usage: cargo xtask verify-vectors FILE");
            };
            let ok = xtask::vectors::verify_vectors(&file)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        "regenerate" => {
            let start = std::time::Instant::now();
            let n = codegen::regenerate(Path::new("spec"), Path::new(codegen::GENERATED))?;
            println!(
                "wrote {n} files to {}/ in {:.0?}",
                codegen::GENERATED,
                start.elapsed()
            );
            Ok(ExitCode::SUCCESS)
        }
        "review" => Ok(review(&args[1..], &cwd, &root)),
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

/// Validates the spec, then checks that generated/ is what the spec generates.
fn check() -> Result<ExitCode> {
    let spec = match alicloud_codegen::spec::load_dir(Path::new("spec")) {
        Ok(spec) => spec,
        Err(err) => {
            eprintln!("{err}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let ops: usize = spec.products.iter().map(|p| p.operations.len()).sum();
    println!(
        "spec ok: {} products, {ops} operations",
        spec.products.len()
    );
    let diffs = codegen::differences(Path::new("spec"), Path::new(codegen::GENERATED))?;
    if diffs.is_empty() {
        println!("{}/ is up to date", codegen::GENERATED);
        return Ok(ExitCode::SUCCESS);
    }
    for d in &diffs {
        eprintln!("{d}");
    }
    eprintln!(
        "{}/ is stale: run `cargo xtask regenerate` and commit the result",
        codegen::GENERATED
    );
    Ok(ExitCode::FAILURE)
}

/// `review`: prints the report and exits 0 (no breaking change, or `--allow-breaking`), 1 (breaking
/// changes) or 2 (usage or input error). Relative folders are relative to where the user is.
fn review(args: &[String], cwd: &Path, root: &Path) -> ExitCode {
    let outcome = xtask::review::run(args, cwd, root);
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    ExitCode::from(outcome.code)
}
