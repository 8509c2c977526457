//! Reading one side of a review: a spec root folder on disk, or the `spec/` folder of a git
//! revision. Both end as a [`SpecFiles`] set, so the loader and its diagnostics are the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use alicloud_codegen::spec::{Spec, SpecFiles};
use anyhow::{bail, Context, Result};

/// Which side of the review, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The spec before the change.
    Base,
    /// The spec after the change.
    Head,
}

impl Side {
    fn word(self) -> &'static str {
        match self {
            Side::Base => "base",
            Side::Head => "head",
        }
    }
}

/// Where a side's spec comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A spec root (the folder holding `documents.yaml`).
    Folder(PathBuf),
    /// A git revision of the repository; its `spec/` folder is read.
    Revision(String),
}

/// Decides what `arg` names: a folder when it exists as a directory (relative to `cwd`), else a
/// git revision.
pub fn locate(arg: &str, cwd: &Path) -> Location {
    let path = cwd.join(arg);
    if path.is_dir() {
        Location::Folder(path)
    } else {
        Location::Revision(arg.to_string())
    }
}

/// Reads and validates one side. Errors name the side and what was given.
pub fn load(side: Side, arg: &str, location: &Location, repo: &Path) -> Result<Spec> {
    let what = format!("{} `{arg}`", side.word());
    let files = match location {
        Location::Folder(dir) => read_folder(dir),
        Location::Revision(rev) => read_revision(repo, rev),
    }
    .with_context(|| what.clone())?;
    files
        .load()
        .map_err(|diags| anyhow::anyhow!("{what}: the spec does not load:\n{diags}"))
}

fn read_folder(dir: &Path) -> Result<SpecFiles> {
    if !dir.join("documents.yaml").is_file() {
        let hint = if dir.join("spec/documents.yaml").is_file() {
            format!("; did you mean {}?", dir.join("spec").display())
        } else {
            String::new()
        };
        bail!(
            "{} is a folder but not a spec root: it has no documents.yaml{hint}",
            dir.display()
        );
    }
    Ok(SpecFiles::read_dir(dir)?)
}

/// Every YAML file under `spec/` at revision `rev` of the repository at `repo`.
pub fn read_revision(repo: &Path, rev: &str) -> Result<SpecFiles> {
    if rev.starts_with('-') || rev.is_empty() {
        bail!("`{rev}` is neither a folder nor a git revision");
    }
    let commit = git(
        repo,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .ok()
    .map(|out| String::from_utf8_lossy(&out).trim().to_string())
    .filter(|c| !c.is_empty());
    let Some(commit) = commit else {
        bail!(
            "`{rev}` is neither a folder nor a revision of the git repository at {}",
            repo.display()
        );
    };
    let listing = git(
        repo,
        &["ls-tree", "-r", "-z", "--name-only", &commit, "--", "spec"],
    )?;
    let mut files = SpecFiles::new("spec");
    let mut count = 0;
    for path in listing.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path);
        // Only the YAML files are the spec (spec/README.md is not), as when reading a folder.
        if !(path.ends_with(".yaml") || path.ends_with(".yml")) {
            continue;
        }
        let text = git(repo, &["show", &format!("{commit}:{path}")])?;
        let text = String::from_utf8(text)
            .with_context(|| format!("{path} at {rev} is not UTF-8 text"))?;
        files.insert(path.strip_prefix("spec/").unwrap_or(&path), text);
        count += 1;
    }
    if count == 0 {
        bail!("revision `{rev}` has no YAML files under spec/");
    }
    Ok(files)
}

/// Runs git in `repo` and returns its standard output; a failure carries git's message.
fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .context("cannot run git; is it installed?")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}
