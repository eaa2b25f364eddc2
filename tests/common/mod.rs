//! What the integration tests share: the repository root, whole runs of the built `comp` as one
//! snapshot text, and folder helpers. Each test crate uses part of it.
#![allow(dead_code)]

pub mod month_close;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs comp in `dir` and renders the run (exit code, stdout, stderr) as one text; also the code.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_comp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("comp runs");
    let code = out.status.code().unwrap_or(-1);
    let text = format!(
        "exit: {code}\n--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (code, text)
}

/// Runs comp in `dir`, as one snapshot text.
pub fn run_text(dir: &Path, args: &[&str]) -> String {
    run_in(dir, args).1
}

/// Runs comp from the repository root, as one snapshot text.
pub fn run(args: &[&str]) -> String {
    run_text(&root(), args)
}

/// Files below `dir` whose path ends with `name_ends`, sorted.
pub fn files_under(dir: &Path, name_ends: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p, name_ends));
        } else if p.to_string_lossy().ends_with(name_ends) {
            out.push(p);
        }
    }
    out.sort();
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A temporary folder's path (as given and canonical) written `[TMP]`.
pub fn hide_tmp(text: &str, dir: &Path) -> String {
    let mut t = text.to_string();
    if let Ok(c) = dir.canonicalize() {
        t = t.replace(&*c.to_string_lossy(), "[TMP]");
    }
    t.replace(&*dir.to_string_lossy(), "[TMP]")
}
