//! What the integration tests share: the repository root, the one way to run the built `comp`
//! (`comp()`, and the shorthands `run`, `run_in`, `run_text` for a whole run as one snapshot
//! text), and folder helpers. Each test crate uses part of it.
#![allow(dead_code)]

pub mod month_close;

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A run of the built `comp` about to start: from the repository root, `NO_COLOR` set and no
/// backtrace asked for (so that runs read the same on every machine), until told otherwise:
/// `comp().workspace(dir).args(["calc", "--period", "2024-Q1"]).hide_tmp(dir).run()`.
pub struct Comp {
    cmd: Command,
    stdin: Option<Vec<u8>>,
    hidden: Vec<(PathBuf, &'static str)>,
}

pub fn comp() -> Comp {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_comp"));
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    Comp {
        cmd,
        stdin: None,
        hidden: Vec::new(),
    }
}

impl Comp {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// `--workspace <dir>/comp.toml`.
    pub fn workspace(self, dir: &Path) -> Self {
        self.arg("--workspace").arg(dir.join("comp.toml"))
    }

    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.cmd.env_remove(key);
        self
    }

    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// Writes `dir` (as given and canonical) `placeholder` in the run's text.
    pub fn hide(mut self, dir: &Path, placeholder: &'static str) -> Self {
        self.hidden.push((dir.to_path_buf(), placeholder));
        self
    }

    /// Writes `dir` `[TMP]` in the run's text.
    pub fn hide_tmp(self, dir: &Path) -> Self {
        self.hide(dir, "[TMP]")
    }

    /// The command as configured, to spawn and drive by hand (a run killed midway, two at once).
    pub fn command(self) -> Command {
        self.cmd
    }

    /// Runs comp to its end: what it wrote, and its text with the folders hidden as asked.
    pub fn run(mut self) -> Run {
        let hidden = std::mem::take(&mut self.hidden);
        let out = self.output();
        let mut text = text(&out);
        for (dir, placeholder) in &hidden {
            text = hide_as(&text, dir, placeholder);
        }
        Run {
            code: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            stdout: out.stdout,
            text,
        }
    }

    /// Runs comp to its end: the process's own output.
    /// Runs comp, which must succeed (its stderr shown if not), and gives its stdout.
    pub fn stdout_ok(self) -> String {
        let what = format!("{:?}", self.cmd);
        let out = self.output();
        assert!(
            out.status.success(),
            "{what} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn output(mut self) -> Output {
        let stdin = if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        };
        let mut child = self
            .cmd
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("comp runs");
        // fed from a thread: comp may write more than a pipe holds before it reads all its input
        let feeder = self.stdin.map(|bytes| {
            let mut input = child.stdin.take().expect("a piped stdin");
            std::thread::spawn(move || input.write_all(&bytes))
        });
        let out = child.wait_with_output().expect("comp runs");
        if let Some(feeder) = feeder {
            // comp may stop reading early (an error in its input): a broken pipe is its answer
            let _ = feeder.join().expect("the feeding thread");
        }
        out
    }
}

/// A run as one snapshot text: exit code, standard output, standard error.
pub fn text(out: &Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or_else(|| "killed by a signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// What a run of comp did.
pub struct Run {
    /// None when a signal ended it.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
    text: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// The run as one snapshot text (exit code, stdout, stderr), folders hidden as asked.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Runs comp in `dir` and renders the run (exit code, stdout, stderr) as one text; also the code.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let run = comp().args(args).current_dir(dir).run();
    (run.code.unwrap_or(-1), run.text)
}

/// Runs comp in `dir`, as one snapshot text.
pub fn run_text(dir: &Path, args: &[&str]) -> String {
    run_in(dir, args).1
}

/// Runs comp from the repository root, which must succeed, and gives its stdout.
pub fn ok(args: &[&str]) -> String {
    comp().args(args).stdout_ok()
}

/// Runs comp from the repository root, as one snapshot text.
pub fn run(args: &[&str]) -> String {
    comp().args(args).run().text
}

/// Files below `dir` whose path ends with `name_ends`, sorted.
/// The ```toml blocks of a Markdown file, in order.
pub fn toml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```toml") => current = Some(String::new()),
            (Some(_), l) if l.starts_with("```") => blocks.push(current.take().unwrap()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

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
    hide_as(text, dir, "[TMP]")
}

/// `dir` written `placeholder`: its canonical path first, which is the longer one where the folder
/// is reached through a link (macOS: /var is /private/var).
fn hide_as(text: &str, dir: &Path, placeholder: &str) -> String {
    let mut t = text.to_string();
    if let Ok(c) = dir.canonicalize() {
        t = t.replace(&*c.to_string_lossy(), placeholder);
    }
    t.replace(&*dir.to_string_lossy(), placeholder)
}
