//! The workspace file (`comp.toml`) and the plan files it names, read from disk and checked by
//! `comp_core::workspace::check`.

use comp_core::diag::{tidy_path, Diagnostic, Invalid, SourceText};
use comp_core::workspace::{self, Workspace};
use std::path::{Path, PathBuf};

/// Finds `comp.toml` in `dir` or the nearest parent folder.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut cur = Some(dir);
    while let Some(d) = cur {
        let candidate = d.join("comp.toml");
        if candidate.is_file() {
            return Some(candidate);
        }
        cur = d.parent();
    }
    None
}

/// Reads and checks the workspace file and every plan it names. Reports all problems found.
pub fn load(path: &Path) -> Result<Workspace, Invalid> {
    let path = tidy_path(path);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::new(format!("cannot read {}: {}", path.display(), e))
            .hint("check the --workspace path: it names a comp.toml or its folder")
    })?;
    let src = SourceText::new(&path, text);
    workspace::check(&src, &mut |plan| std::fs::read_to_string(plan))
}
