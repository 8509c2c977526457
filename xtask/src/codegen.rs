//! `regenerate` and the freshness half of `check`: spec → generated/ through alicloud-codegen.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

/// Where the generated crate lives, relative to the workspace root.
pub const GENERATED: &str = "generated";

/// Loads the spec and generates every file of the crate, Rust files formatted by rustfmt.
pub fn generate(spec_dir: &Path) -> Result<BTreeMap<String, String>> {
    let spec = alicloud_codegen::spec::load_dir(spec_dir)?;
    let mut files = alicloud_codegen::gen::generate(&spec)?;
    rustfmt(&mut files)?;
    Ok(files)
}

/// Formats every `.rs` file with the toolchain's rustfmt, so that the checked-in crate is clean
/// under `cargo fmt --check` (prettyplease output is valid but not rustfmt's layout). One rustfmt
/// run over a scratch copy keeps this fast.
fn rustfmt(files: &mut BTreeMap<String, String>) -> Result<()> {
    let scratch = std::env::temp_dir().join(format!("xtask-rustfmt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let mut paths = Vec::new();
    for (rel, text) in files.iter() {
        if rel.ends_with(".rs") {
            let path = scratch.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            paths.push((rel.clone(), path));
        }
    }
    let status =
        std::process::Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
            .args(["--edition", "2021"])
            .args(paths.iter().map(|(_, p)| p))
            .status()
            .context("cannot run rustfmt; install it with `rustup component add rustfmt`")?;
    if !status.success() {
        anyhow::bail!("rustfmt failed on the generated code ({status})");
    }
    for (rel, path) in paths {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        files.insert(rel, text);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// Writes the generated files and removes generated files that are no longer produced.
pub fn regenerate(spec_dir: &Path, out: &Path) -> Result<usize> {
    let files = generate(spec_dir)?;
    for stale in stale_files(out, &files)? {
        std::fs::remove_file(out.join(&stale)).with_context(|| format!("cannot remove {stale}"))?;
    }
    for (rel, text) in &files {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        // Leave unchanged files alone so that cargo does not rebuild them.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(files.len())
}

/// The differences between `out` and what the spec generates: files that differ, are missing,
/// or were generated once but are no longer produced.
pub fn differences(spec_dir: &Path, out: &Path) -> Result<Vec<String>> {
    let files = generate(spec_dir)?;
    let mut diffs = Vec::new();
    for (rel, text) in &files {
        match std::fs::read_to_string(out.join(rel)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => diffs.push(format!(
                "{GENERATED}/{rel} differs from what the spec generates"
            )),
            Err(_) => diffs.push(format!("{GENERATED}/{rel} is missing")),
        }
    }
    for stale in stale_files(out, &files)? {
        diffs.push(format!("{GENERATED}/{stale} is no longer generated"));
    }
    Ok(diffs)
}

/// Files under `out` that carry the generated header but are not in `files`.
fn stale_files(out: &Path, files: &BTreeMap<String, String>) -> Result<Vec<String>> {
    let header = alicloud_codegen::gen::HEADER;
    let mut stale = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(out)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if files.contains_key(&rel) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if text.lines().next().is_some_and(|l| l.contains(header)) {
                stale.push(rel);
            }
        }
    }
    stale.sort();
    Ok(stale)
}
