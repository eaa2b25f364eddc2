//! Expectation files (`expect/*.toml` beside comp.toml), read from disk and checked by
//! `comp_core::expect::check`.

use comp_core::diag::{Diagnostic, Invalid, SourceText};
use comp_core::expect::{self, Expectation};
use comp_core::workspace::Workspace;
use std::path::{Path, PathBuf};

/// The expectation files of a workspace: `expect/*.toml` beside comp.toml, in name order.
pub fn files(ws: &Workspace) -> Vec<PathBuf> {
    let dir = ws
        .path
        .parent()
        .map(|d| d.join("expect"))
        .unwrap_or_else(|| PathBuf::from("expect"));
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Reads every expectation file, reporting all problems of all files.
pub fn load_all(ws: &Workspace, paths: &[PathBuf]) -> Result<Vec<Expectation>, Invalid> {
    let mut all = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        match load(ws, p) {
            Ok(e) => all.extend(e),
            Err(e) => diags.extend(e.0),
        }
    }
    if diags.is_empty() {
        Ok(all)
    } else {
        Err(Invalid(diags))
    }
}

/// Reads and checks one expectation file against the workspace's plans.
pub fn load(ws: &Workspace, path: &Path) -> Result<Vec<Expectation>, Invalid> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Invalid(vec![Diagnostic::new(format!(
            "cannot read {}: {e}",
            path.display()
        ))])
    })?;
    let src = SourceText::new(path, text);
    expect::check(ws, &src)
}
