//! Scenario files (`comp whatif --scenario`), read from disk and checked by
//! `comp_core::whatif::scenario::parse`; the plan files their swaps name.

use crate::plan_files;
use comp_core::diag::{tidy_path, Diagnostic, Invalid, SourceText};
use comp_core::period::FiscalStart;
use comp_core::whatif::{Scenario, Swaps};
use comp_core::workspace::Workspace;
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
    comp_core::whatif::scenario::parse(&SourceText::new(&path, text), fiscal)
}

/// The plans the scenario swaps in: plans in force, or plan files relative to the scenario.
pub fn swaps(ws: &Workspace, sc: &Scenario) -> Swaps {
    Swaps::resolve(ws, sc, &mut |given, dir| {
        plan_files::resolve(ws, given, dir)
    })
}
