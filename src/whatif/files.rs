//! Scenario files (`comp whatif --scenario`), read from disk and checked by `scenario::parse`.

use super::scenario::Scenario;
use crate::diag::{tidy_path, Diagnostic, Invalid, SourceText};
use crate::period::FiscalStart;
use std::path::Path;

/// Reads and checks a scenario file, reporting every problem with its position.
pub fn load(path: &Path, fiscal: FiscalStart) -> Result<Scenario, Invalid> {
    let path = tidy_path(path);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Invalid(vec![Diagnostic::new(format!(
            "cannot read {}: {e}",
            path.display()
        ))
        .hint("check the --scenario path")])
    })?;
    super::scenario::parse(&SourceText::new(&path, text), fiscal)
}
