//! The two forms of a report: Markdown for a pull-request comment, JSON for tools (schema in
//! `docs/REVIEW.md`).

use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, Class, Report};

/// The version of the JSON form; raise it when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// A pull-request comment: a summary line, then one table per product and per operation, the
/// product-level changes first.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Spec review: `{}` → `{}`\n",
        report.base, report.head
    );
    let _ = writeln!(out, "{}\n", summary_line(report));
    if report.changes.is_empty() {
        let _ = writeln!(
            out,
            "No change that users of the generated crate would see."
        );
        return out;
    }
    let key = |c: &Change| (c.product.clone(), c.operation.clone());
    let mut rest = report.changes.as_slice();
    while let Some(first) = rest.first() {
        let group = key(first);
        let len = rest.iter().take_while(|c| key(c) == group).count();
        let (rows, tail) = rest.split_at(len);
        rest = tail;
        match &group.1 {
            None => {
                let _ = writeln!(out, "### `{}`\n", group.0);
            }
            Some(op) => {
                let _ = writeln!(out, "### `{}` · `{op}`\n", group.0);
            }
        }
        let _ = writeln!(out, "| class | change | spec | Rust item | why |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for c in rows {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | `{}` | {} |",
                class_cell(c.class),
                cell(&c.kind.replace('_', " ")),
                cell(&c.spec),
                cell(&c.item),
                cell(&c.reason)
            );
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `N breaking, N compatible, N docs only`.
pub fn summary_line(report: &Report) -> String {
    let breaking = report.count(Class::Breaking);
    let breaking = if breaking > 0 {
        format!("**{breaking} breaking**")
    } else {
        "0 breaking".to_string()
    };
    format!(
        "{breaking}, {} compatible, {} docs only",
        report.count(Class::Compatible),
        report.count(Class::DocsOnly)
    )
}

fn class_cell(class: Class) -> &'static str {
    match class {
        Class::Breaking => "**breaking**",
        Class::Compatible => "compatible",
        Class::DocsOnly => "docs only",
    }
}

/// Table cells cannot hold pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    base: &'a str,
    head: &'a str,
    summary: Summary,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
    compatible: usize,
    docs_only: usize,
}

/// The report as pretty-printed JSON, ending with a newline.
pub fn json(report: &Report) -> String {
    let doc = JsonReport {
        schema_version: SCHEMA_VERSION,
        base: &report.base,
        head: &report.head,
        summary: Summary {
            breaking: report.count(Class::Breaking),
            compatible: report.count(Class::Compatible),
            docs_only: report.count(Class::DocsOnly),
        },
        changes: &report.changes,
    };
    // Plain strings, numbers and options only: serialization cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
