//! `cargo xtask review`: reports between fixture spec pairs (snapshots under `snapshots/`), and the
//! command itself between folders and between git revisions.
//!
//! The pairs under `fixtures/review/<pair>/{base,head}/spec` are spec roots. Two hold real API
//! history: ModifyInstanceSpec as the older document 001 had it against the spec after 000, and
//! TransformToPrePaid as 002 section 7.3 had it against the spec after 004 (each head is a copy of
//! the real operation file). The synthetic pairs hold every kind of change the review knows.
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test -p xtask --test review`, then read
//! every `.snap` file before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

use alicloud_codegen::spec::{load_dir, Spec};
use xtask::review::{self, render, Class, Report};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review")
}

fn side(pair: &str, side: &str) -> PathBuf {
    fixtures().join(pair).join(side).join("spec")
}

fn load(pair: &str, which: &str) -> Spec {
    load_dir(&side(pair, which))
        .unwrap_or_else(|e| panic!("fixture {pair}/{which} does not load:\n{e}"))
}

fn report(pair: &str) -> Report {
    Report::new(
        format!("{pair}/base"),
        format!("{pair}/head"),
        &load(pair, "base"),
        &load(pair, "head"),
    )
}

fn kinds(report: &Report, class: Class) -> Vec<(String, String)> {
    report
        .changes
        .iter()
        .filter(|c| c.class == class)
        .map(|c| (c.kind.clone(), c.item.clone()))
        .collect()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn modify_instance_spec_from_001_to_000_is_compatible() {
    let report = report("modify-instance-spec-001-000");
    insta::assert_snapshot!("modify_instance_spec_001_to_000", render::markdown(&report));
    assert!(!report.has_breaking());
    let compatible = kinds(&report, Class::Compatible);
    for expected in [
        (
            "parameter_added",
            "r_kvstore::ModifyInstanceSpec::region_id",
        ),
        (
            "parameter_now_optional",
            "r_kvstore::ModifyInstanceSpec::instance_class",
        ),
        (
            "parameter_default_changed",
            "r_kvstore::ModifyInstanceSpec::auto_pay",
        ),
    ] {
        assert!(
            compatible.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} missing from {compatible:?}"
        );
    }
}

#[test]
fn transform_to_prepaid_from_002_to_004_breaks_period() {
    let report = report("transform-to-prepaid-002-004");
    insta::assert_snapshot!("transform_to_prepaid_002_to_004", render::markdown(&report));
    assert_eq!(
        kinds(&report, Class::Breaking),
        [(
            "parameter_type_changed".to_string(),
            "r_kvstore::TransformToPrePaid::period".to_string()
        )]
    );
    let errors_added = report
        .changes
        .iter()
        .filter(|c| c.kind == "error_added")
        .count();
    assert_eq!(errors_added, 7);
}

#[test]
fn every_kind_of_operation_change() {
    let report = report("synthetic-operations");
    insta::assert_snapshot!("synthetic_operations", render::markdown(&report));
    insta::assert_snapshot!("synthetic_operations_json", render::json(&report));
}

#[test]
fn every_kind_of_product_change() {
    let report = report("synthetic-product");
    insta::assert_snapshot!("synthetic_product", render::markdown(&report));
    insta::assert_snapshot!("synthetic_product_json", render::json(&report));
}

#[test]
fn the_real_spec_against_itself_has_no_changes() {
    let spec = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).expect("loads");
    let report = Report::new("spec", "spec", &spec, &spec);
    assert_eq!(report.changes, []);
    assert!(render::markdown(&report).contains("0 breaking, 0 compatible, 0 docs only"));
}

#[test]
fn json_report_follows_the_documented_schema() {
    let report = report("transform-to-prepaid-002-004");
    let value: serde_json::Value = serde_json::from_str(&render::json(&report)).expect("JSON");
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["summary"]["breaking"], 1);
    let change = &value["changes"][0];
    for key in [
        "product",
        "operation",
        "class",
        "kind",
        "spec",
        "item",
        "reason",
        "before",
        "after",
    ] {
        assert!(change.get(key).is_some(), "change has no `{key}`: {change}");
    }
    assert_eq!(change["class"], "breaking");
    assert_eq!(change["before"], "long");
    assert_eq!(change["after"], "integer");
}

#[test]
fn review_between_two_folders() {
    let pair = "transform-to-prepaid-002-004";
    let base = format!("{pair}/base/spec");
    let head = format!("{pair}/head/spec");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = review::run(
        &args(&["--base", &base, "--head", &head]),
        &fixtures(),
        &repo,
    );
    assert_eq!(out.code, 1, "breaking changes exit 1: {}", out.stderr);
    let expected = Report::new(&base, &head, &load(pair, "base"), &load(pair, "head"));
    assert_eq!(out.stdout, render::markdown(&expected));
    assert!(out.stderr.contains("1 breaking change"), "{}", out.stderr);

    let allowed = review::run(
        &args(&["--base", &base, "--head", &head, "--allow-breaking"]),
        &fixtures(),
        &repo,
    );
    assert_eq!((allowed.code, allowed.stderr.as_str()), (0, ""));

    let json = review::run(
        &args(&[
            "--base",
            &base,
            &format!("--head={head}"),
            "--format",
            "json",
        ]),
        &fixtures(),
        &repo,
    );
    assert_eq!(json.code, 1);
    assert_eq!(json.stdout, render::json(&expected));
}

#[test]
fn review_without_breaking_changes_exits_0() {
    let pair = "modify-instance-spec-001-000";
    let out = review::run(
        &args(&[
            "--base",
            &format!("{pair}/base/spec"),
            "--head",
            &format!("{pair}/head/spec"),
        ]),
        &fixtures(),
        Path::new("."),
    );
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(
        out.stdout.contains("0 breaking, 3 compatible"),
        "{}",
        out.stdout
    );
}

/// A scratch git repository, removed when dropped.
struct TempRepo(PathBuf);

impl TempRepo {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-review-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let repo = TempRepo(dir);
        repo.git(&["init", "-q"]);
        repo
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.0)
            .args([
                "-c",
                "user.name=xtask review test",
                "-c",
                "user.email=review@example.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Makes `spec/` a copy of `from` (plus a README, which is not part of the spec) and commits.
    fn commit_spec(&self, from: &Path, message: &str) {
        let spec = self.0.join("spec");
        let _ = std::fs::remove_dir_all(&spec);
        copy_dir(from, &spec);
        std::fs::write(spec.join("README.md"), "# Not YAML: the review skips it.\n")
            .expect("write");
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

impl Drop for TempRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

#[test]
fn review_between_two_git_revisions() {
    let pair = "transform-to-prepaid-002-004";
    let repo = TempRepo::new("revisions");
    repo.commit_spec(&side(pair, "base"), "002");
    repo.commit_spec(&side(pair, "head"), "004");

    let out = review::run(
        &args(&["--base", "HEAD~1", "--head", "HEAD"]),
        &repo.0,
        &repo.0,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let expected = Report::new("HEAD~1", "HEAD", &load(pair, "base"), &load(pair, "head"));
    assert_eq!(out.stdout, render::markdown(&expected));

    // Without --head, the head is the working tree's spec/.
    let out = review::run(&args(&["--base", "HEAD~1"]), &repo.0, &repo.0);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let expected = Report::new(
        "HEAD~1",
        "spec/ (working tree)",
        &load(pair, "base"),
        &load(pair, "head"),
    );
    assert_eq!(out.stdout, render::markdown(&expected));
}

#[test]
fn an_unknown_revision_is_an_input_error_naming_the_base() {
    let repo = TempRepo::new("unknown");
    repo.commit_spec(&side("modify-instance-spec-001-000", "head"), "000");
    let out = review::run(&args(&["--base", "no-such-rev"]), &repo.0, &repo.0);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("base `no-such-rev`: `no-such-rev` is neither a folder nor a revision"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_invalid_spec_is_an_input_error_naming_the_side() {
    let pair = "modify-instance-spec-001-000";
    let repo = TempRepo::new("invalid");
    repo.commit_spec(&side(pair, "base"), "001");
    let op = repo
        .0
        .join("spec/r-kvstore/2015-01-01/operations/ModifyInstanceSpec.yaml");
    let text = std::fs::read_to_string(&op).expect("read");
    std::fs::write(&op, text.replace("method: POST", "method: PUT")).expect("write");

    let out = review::run(&args(&["--base", "HEAD"]), &repo.0, &repo.0);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("head `spec/ (working tree)`: the spec does not load"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("ModifyInstanceSpec.yaml:"),
        "{}",
        out.stderr
    );

    // A folder that is not a spec root.
    let out = review::run(
        &args(&["--base", "HEAD", "--head", "spec/r-kvstore"]),
        &repo.0,
        &repo.0,
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("head `spec/r-kvstore`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("not a spec root"), "{}", out.stderr);
}

#[test]
fn usage_errors_exit_2() {
    for bad in [
        vec![],
        vec!["--head", "HEAD"],
        vec!["--base"],
        vec!["--base", "HEAD", "--format", "yaml"],
        vec!["--base", "HEAD", "--frobnicate"],
    ] {
        let out = review::run(&args(&bad), Path::new("."), Path::new("."));
        assert_eq!(out.code, 2, "{bad:?}");
        assert!(out.stderr.starts_with("error: "), "{bad:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let help = review::run(&args(&["--help"]), Path::new("."), Path::new("."));
    assert_eq!(help.code, 0);
    assert!(help.stdout.starts_with("usage: cargo xtask review"));
}
