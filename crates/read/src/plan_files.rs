//! Plan files named on the command line or in a scenario (beyond the workspace's own plans), read
//! from disk and checked by `comp_core::plan::check` against the workspace's sources.

use comp_core::diag::{tidy_path, Diagnostic, Invalid, SourceText};
use comp_core::plan::{self, Plan};
use comp_core::workspace::Workspace;
use std::path::{Path, PathBuf};

/// A plan named on the command line or in a scenario: the id of a plan in force, or a plan file
/// (relative to `base`: the scenario's folder, or empty for the current folder).
pub fn resolve(ws: &Workspace, given: &str, base: &Path) -> Result<Plan, Invalid> {
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
    load(ws, &path)
}

/// Reads and checks a plan file against the workspace's sources.
pub fn load(ws: &Workspace, path: &Path) -> Result<Plan, Invalid> {
    let bytes = std::fs::read(path).map_err(|e| {
        Invalid(vec![Diagnostic::new(format!(
            "cannot read {}: {e}",
            path.display()
        ))])
    })?;
    let text = crate::workspace_file::utf8_text(path, bytes).map_err(|d| Invalid(vec![d]))?;
    plan::check(&SourceText::new(path, text), &ws.sources)
}

/// Every `*.toml` plan of a folder, checked, in file name order; the problems of all of them.
pub fn folder(ws: &Workspace, dir: &Path) -> Result<Vec<Plan>, Invalid> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            Invalid(vec![Diagnostic::new(format!(
                "cannot read the folder {}: {e}",
                dir.display()
            ))])
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut plans = Vec::new();
    let mut diags = Vec::new();
    for f in files {
        match load(ws, &tidy_path(&f)) {
            Ok(p) => plans.push(p),
            Err(e) => diags.extend(e.0),
        }
    }
    if !diags.is_empty() {
        return Err(Invalid(diags));
    }
    Ok(plans)
}
