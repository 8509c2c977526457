//! `cargo xtask review`: what a spec change means for users of the generated crate, before it is
//! merged.
//!
//! ```text
//! cargo xtask review --base <git revision or folder> [--head <git revision or folder>]
//!                    [--format markdown|json] [--allow-breaking]
//! ```
//!
//! A folder is a spec root (the folder holding `documents.yaml`); anything that is not an existing
//! directory is a git revision of the repository, whose `spec/` folder is read. `--head`
//! defaults to the working tree's `spec/`. The report lists every difference per product and
//! operation, each with its class, the Rust item it touches (named as the IR names it) and a
//! one-line reason. Exit code: 1 when there are breaking changes (unless `--allow-breaking`),
//! 0 otherwise, 2 on usage or input errors (bad revision, a spec that does not load).
//!
//! Stages: [`source`] reads each side into a validated spec, [`diff`] compares them, [`render`]
//! prints Markdown or JSON. `docs/REVIEW.md` repeats the rules below and documents the JSON.
//!
//! # The rules
//!
//! A change is classified by what it does to code using the generated crate:
//!
//! - **breaking**: code that compiled stops compiling, or a call that worked now fails (in the
//!   SDK, or at the service as the spec now documents it);
//! - **compatible**: the crate's API or behaviour changes, but every existing use still compiles
//!   and works;
//! - **docs only**: only the documentation (doc comments, sources, history) changes.
//!
//! Generated enums and error enums are `#[non_exhaustive]` with an `Unknown`/`Unhandled`
//! catch-all, outputs and structures are `#[non_exhaustive]` with optional fields, and required
//! parameters are checked by the builder at `build()`/`send()`, not by the compiler. Hence:
//!
//! | change (kind) | class | why |
//! |---|---|---|
//! | product added (`product_added`) | compatible | a new module behind a new cargo feature |
//! | product removed (`product_removed`) | breaking | the module and its feature are gone |
//! | API version changed (`api_version_changed`) | breaking | every request sends the new `Version`; the service applies that version's rules |
//! | product code changed (`product_code_changed`) | compatible | the client names the product differently; no code changes |
//! | endpoints changed (`endpoints_changed`) | compatible | some regions go to another host; no code changes |
//! | named type added (`type_added`) | compatible | nothing existing changes |
//! | named type removed (`type_removed`) | breaking | code naming the type stops compiling |
//! | named type enum ↔ object (`type_kind_changed`) | breaking | code using it as before stops compiling |
//! | operation added (`operation_added`) | compatible | a new `Client` method and its types |
//! | operation removed (`operation_removed`) | breaking | the `Client` method, builder, output and error types are gone |
//! | `Client` method renamed (`client_method_renamed`) | breaking | calls to the old name stop compiling |
//! | HTTP method changed (`http_method_changed`) | compatible | the request is sent differently; the Rust API is unchanged |
//! | `idempotent` changed (`idempotency_changed`) | compatible | the runtime retries differently; no code changes |
//! | optional parameter or member added (`parameter_added`, `member_added`) | compatible | a new setter or optional field; structures are `#[non_exhaustive]` |
//! | required parameter added (`parameter_added`) | breaking | `build()`/`send()` fail with `SdkError::Construction` until it is set |
//! | required member of a sent structure added (`member_added`) | breaking | the service rejects requests without it |
//! | response field added (`response_field_added`) | compatible | outputs and structures are `#[non_exhaustive]` |
//! | parameter, response field or member removed (`*_removed`) | breaking | the setter or field is gone |
//! | renamed, Rust name changes (`*_renamed`) | breaking | code using the old name stops compiling |
//! | renamed, Rust name stays (`*_renamed`) | compatible | only the wire name is corrected |
//! | type changed, Rust type changes (`*_type_changed`) | breaking | the setter takes, or the field holds, another type |
//! | type changed, Rust type stays (`*_type_changed`) | compatible | only the spec's spelling of the type differs |
//! | optional → required (`*_now_required`) | breaking | calls that leave it out now fail |
//! | required → optional (`*_now_optional`) | compatible | calls may leave it out; calls that set it are unchanged |
//! | default changed (`*_default_changed`) | compatible | calls still work, but a call that leaves it out now does something else |
//! | limits tightened on a request value (`*_limits_changed`) | breaking | the service is documented to reject values it accepted |
//! | limits loosened, or on a response field (`*_limits_changed`) | docs only | the SDK does not check limits |
//! | list style, location, wrapper or idempotency token (`*_wire_form_changed`) | compatible | the wire form follows the spec; the Rust API is unchanged |
//! | `sensitive` on a parameter (`parameter_sensitive_changed`) | compatible | the value is (or is no longer) kept as `Secret`; the setter is unchanged |
//! | `sensitive` on a member of a structure only sent (`*_sensitive_changed`) | breaking | the public field's type switches between `Secret` and `String` |
//! | enum value added (`enum_value_added`) | compatible | a new variant of a `#[non_exhaustive]` enum |
//! | enum value removed (`enum_value_removed`) | breaking | code naming the variant stops compiling; the value arrives as `Unknown` |
//! | enum variant renamed (`enum_variant_renamed`) | breaking | code naming the old variant stops compiling |
//! | documented value of a plain type added (`allowed_value_added`) | docs only | the Rust type already takes any value |
//! | documented value of a request value removed (`allowed_value_removed`) | breaking | it compiles, but the service is documented to reject it |
//! | documented value of a response field removed (`allowed_value_removed`) | docs only | nothing the SDK does changes |
//! | error code added (`error_added`) | compatible | a new variant of a `#[non_exhaustive]` error enum |
//! | error code removed (`error_removed`) | breaking | code naming the variant stops compiling |
//! | error variant renamed (`error_variant_renamed`) | breaking | code naming the old variant stops compiling |
//! | summary, description, title, meaning, message, HTTP status, example(s), method note, deprecated, source, history (`docs_changed`) | docs only | one entry per item, listing what changed |
//!
//! Renames: a removed and an added field of the same list are one renamed field when the added
//! one has a history entry `was: { name: Old }`, or when they are the only removed and added
//! fields of their type there. A source equal to the enclosing item's is inherited and not
//! reported again. Named types are reported once, at product level; fields that use them are not
//! expanded. A new or removed operation, type or structured field is one entry, not one per
//! member.

pub mod diff;
pub mod render;
pub mod source;

use std::path::Path;

use alicloud_codegen::spec::Spec;
use anyhow::{bail, Result};
use serde::Serialize;

pub use diff::compare;
pub use source::{Location, Side};

/// What a change means for users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Code that compiled stops compiling, or a call that worked now fails.
    Breaking,
    /// Existing code compiles and works; the API grew or behaviour changed.
    Compatible,
    /// Only documentation changed.
    DocsOnly,
}

impl Class {
    /// Order in a table: breaking first.
    pub fn rank(self) -> u8 {
        match self {
            Class::Breaking => 0,
            Class::Compatible => 1,
            Class::DocsOnly => 2,
        }
    }
}

/// One difference between the two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The product's Rust module, e.g. `r_kvstore`.
    pub product: String,
    /// The operation's Action name, or `None` for a product-level change.
    pub operation: Option<String>,
    /// What it means for users.
    pub class: Class,
    /// A stable snake_case id of the kind of change, e.g. `parameter_added`.
    pub kind: String,
    /// Where in the spec, relative to the operation or product, e.g. `parameters.RegionId`.
    pub spec: String,
    /// The Rust item it touches, e.g. `r_kvstore::ModifyInstanceSpec::region_id`.
    pub item: String,
    /// One line: why it is in this class.
    pub reason: String,
    /// The old value, where one value changed.
    pub before: Option<String>,
    /// The new value, where one value changed.
    pub after: Option<String>,
}

/// The changes between two specs, with the labels the user gave each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// How the base was named (a revision or a folder).
    pub base: String,
    /// How the head was named.
    pub head: String,
    /// Sorted: by product, product-level first, then by operation; breaking first in each group.
    pub changes: Vec<Change>,
}

impl Report {
    /// Compares `base` with `head`.
    pub fn new(
        base_label: impl Into<String>,
        head_label: impl Into<String>,
        base: &Spec,
        head: &Spec,
    ) -> Self {
        Report {
            base: base_label.into(),
            head: head_label.into(),
            changes: compare(base, head),
        }
    }

    /// How many changes are of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// True when any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }
}

/// How to print the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A pull-request comment.
    Markdown,
    /// The documented JSON form.
    Json,
}

/// The command line of `cargo xtask review`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `--base`: a git revision or a spec root folder.
    pub base: String,
    /// `--head`: a git revision or a spec root folder; `None` is the working tree's `spec/`.
    pub head: Option<String>,
    /// `--format`.
    pub format: Format,
    /// `--allow-breaking`: exit 0 even with breaking changes.
    pub allow_breaking: bool,
}

/// The usage text.
pub const USAGE: &str = "usage: cargo xtask review --base <git revision or folder> \
[--head <git revision or folder; default: the working tree's spec/>] \
[--format markdown|json] [--allow-breaking]";

impl Options {
    /// Parses the arguments after `review`. `Ok(None)` means help was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Options>> {
        let mut base = None;
        let mut head = None;
        let mut format = Format::Markdown;
        let mut allow_breaking = false;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| -> Result<String> {
                match inline.clone().or_else(|| it.next().cloned()) {
                    Some(v) if !v.is_empty() => Ok(v),
                    _ => bail!("{name} needs a value\n{USAGE}"),
                }
            };
            match flag {
                "--base" => base = Some(value("--base")?),
                "--head" => head = Some(value("--head")?),
                "--format" => {
                    format = match value("--format")?.as_str() {
                        "markdown" | "md" => Format::Markdown,
                        "json" => Format::Json,
                        other => bail!("unknown format `{other}`; use markdown or json"),
                    }
                }
                "--allow-breaking" if inline.is_none() => allow_breaking = true,
                "-h" | "--help" => return Ok(None),
                other => bail!("unexpected argument `{other}`\n{USAGE}"),
            }
        }
        let Some(base) = base else {
            bail!("--base is required\n{USAGE}");
        };
        Ok(Some(Options {
            base,
            head,
            format,
            allow_breaking,
        }))
    }
}

/// Reads both sides and compares them. `cwd` resolves relative folders; `repo` is the git
/// repository whose revisions are read and whose `spec/` is the default head.
pub fn review(options: &Options, cwd: &Path, repo: &Path) -> Result<Report> {
    let base_location = source::locate(&options.base, cwd);
    let base = source::load(Side::Base, &options.base, &base_location, repo)?;
    let (head_label, head) = match &options.head {
        Some(arg) => {
            let location = source::locate(arg, cwd);
            (arg.clone(), source::load(Side::Head, arg, &location, repo)?)
        }
        None => {
            let label = "spec/ (working tree)".to_string();
            let location = Location::Folder(repo.join("spec"));
            let spec = source::load(Side::Head, &label, &location, repo)?;
            (label, spec)
        }
    };
    Ok(Report::new(options.base.clone(), head_label, &base, &head))
}

/// What the command prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// 0: no breaking change (or `--allow-breaking`); 1: breaking changes; 2: usage or input error.
    pub code: u8,
    /// The report.
    pub stdout: String,
    /// Errors and the note about breaking changes.
    pub stderr: String,
}

/// The whole command: parse, review, render, decide the exit code.
pub fn run(args: &[String], cwd: &Path, repo: &Path) -> Outcome {
    let fail = |err: anyhow::Error| Outcome {
        code: 2,
        stdout: String::new(),
        stderr: format!("error: {err:#}\n"),
    };
    let options = match Options::parse(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            return Outcome {
                code: 0,
                stdout: format!("{USAGE}\n"),
                stderr: String::new(),
            }
        }
        Err(err) => return fail(err),
    };
    let report = match review(&options, cwd, repo) {
        Ok(report) => report,
        Err(err) => return fail(err),
    };
    let stdout = match options.format {
        Format::Markdown => render::markdown(&report),
        Format::Json => render::json(&report),
    };
    let breaking = report.count(Class::Breaking);
    let (code, stderr) = if breaking > 0 && !options.allow_breaking {
        (
            1,
            format!(
                "{breaking} breaking change{}; pass --allow-breaking to accept {}\n",
                if breaking == 1 { "" } else { "s" },
                if breaking == 1 { "it" } else { "them" }
            ),
        )
    } else {
        (0, String::new())
    };
    Outcome {
        code,
        stdout,
        stderr,
    }
}
