//! Scenario files (`comp whatif --scenario`), read from disk and checked by `scenario::parse`;
//! the plan files their swaps name.

use super::{Scenario, Swaps};
use crate::diag::{tidy_path, Diagnostic, Invalid, SourceText};
use crate::period::FiscalStart;
use crate::read::plan_files;
use crate::workspace::Workspace;
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

/// The plans the scenario swaps in: plans in force, or plan files relative to the scenario.
pub fn swaps(ws: &Workspace, sc: &Scenario) -> Swaps {
    Swaps::resolve(ws, sc, &mut |given, dir| {
        plan_files::resolve(ws, given, dir)
    })
}
