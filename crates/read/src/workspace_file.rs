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
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::new(format!("cannot read {}: {}", path.display(), e))
            .hint("check the --workspace path: it names a comp.toml or its folder")
    })?;
    let text = utf8_text(&path, bytes)?;
    let src = SourceText::new(&path, text);
    workspace::check(&src, &mut |plan| {
        let bytes = std::fs::read(plan)?;
        utf8_text(plan, bytes).map_err(|d| {
            let at = d.location.map_or(String::new(), |l| {
                format!(" at line {}, column {}", l.line, l.col)
            });
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("it is not UTF-8{at}"),
            )
        })
    })
}

/// A TOML file's text: UTF-8, or an error at its first bad byte (line and column), never a lossy
/// read.
pub fn utf8_text(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let bad = e.utf8_error().valid_up_to();
        let line_start = bytes[..bad]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = bytes[bad..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| bad + i);
        let line = bytes[..bad].iter().filter(|b| **b == b'\n').count() + 1;
        let col = String::from_utf8_lossy(&bytes[line_start..bad])
            .chars()
            .count()
            + 1;
        let text = String::from_utf8_lossy(&bytes[line_start..line_end])
            .trim_end_matches('\r')
            .to_string();
        let hint = if crate::input::looks_windows_1252(&bytes[line_start..line_end]) {
            "the bytes look like windows-1252: save the file as UTF-8 (every TOML file is UTF-8)"
        } else {
            "save the file as UTF-8 (every TOML file is UTF-8)"
        };
        Diagnostic::new(format!("{} is not UTF-8", path.display()))
            .at(comp_core::diag::Location {
                file: path.to_path_buf(),
                line,
                col,
                snippet: Some((text, 1)),
            })
            .hint(hint)
    })
}
