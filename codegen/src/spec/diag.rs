//! Spec diagnostics: every problem found in one run, each with `file:line:col`, what is wrong and
//! how to fix it.

use std::fmt;

use super::model::Loc;

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where.
    pub loc: Loc,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.loc, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

/// All problems found in one load, sorted by place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{} problem{} in the spec",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )
    }
}

/// Collects diagnostics while loading and validating.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    diags: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn error(&mut self, loc: Loc, message: impl Into<String>, help: impl Into<String>) {
        let help = help.into();
        self.diags.push(Diagnostic {
            loc,
            message: message.into(),
            help: (!help.is_empty()).then_some(help),
        });
    }

    pub(crate) fn finish(mut self) -> Result<(), Diagnostics> {
        if self.diags.is_empty() {
            return Ok(());
        }
        self.diags.sort_by(|a, b| a.loc.cmp(&b.loc));
        self.diags.dedup();
        Err(Diagnostics(self.diags))
    }
}
