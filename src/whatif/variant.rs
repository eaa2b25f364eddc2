//! Workspace variants: the same workspace with some plans replaced, for `comp diff` and `comp whatif`.
//! Both run the engine of `comp calc` on variants of one workspace; nothing here computes pay.

use crate::diag::{tidy_path, Diagnostic, Invalid, SourceText};
use crate::plan::Plan;
use crate::workspace::Workspace;
use std::path::Path;

/// A plan named on the command line or in a scenario: the id of a plan in force, or a plan file
/// (relative to `base`: the scenario's folder, or empty for the current folder).
pub fn resolve_plan(ws: &Workspace, given: &str, base: &Path) -> Result<Plan, Invalid> {
    if let Some(p) = ws.plan(given) {
        return Ok(p.clone());
    }
    let path = tidy_path(&base.join(given));
    if !path.is_file() {
        let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
        return Err(Invalid(vec![Diagnostic::new(format!(
            "`{given}` is neither a plan in force nor a plan file"
        ))
        .hint(format!(
            "name a plan file (plans/ae-arr.toml) or a plan in force: {}",
            ids.join(", ")
        ))]));
    }
    load_plan_file(ws, &path)
}

/// Reads and checks a plan file against the workspace's sources.
pub fn load_plan_file(ws: &Workspace, path: &Path) -> Result<Plan, Invalid> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Invalid(vec![Diagnostic::new(format!(
            "cannot read {}: {e}",
            path.display()
        ))])
    })?;
    crate::plan::check(&SourceText::new(path, text), &ws.sources)
}

/// The workspace with `plan` in force under the id `as_id` (replacing the plan of that id, if any):
/// the payees the roster puts on `as_id` are paid by `plan`.
pub fn with_plan(ws: &Workspace, as_id: &str, plan: &Plan) -> Workspace {
    let mut out = ws.clone();
    let mut p = plan.clone();
    p.id = as_id.to_string();
    match out.plans.iter_mut().find(|q| q.id == as_id) {
        Some(slot) => *slot = p,
        None => out.plans.push(p),
    }
    out
}
