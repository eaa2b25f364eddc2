//! Where a verb's output goes, and in which format: the output arguments every verb shares
//! (`--format`, `-o`, `--chart`), and the one writer (standard output, or a file written all or
//! nothing).

use crate::diag::{Diagnostic, Invalid};
use anyhow::Result;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Every output format of comp. A verb takes the ones it can write ([`Format::one_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people, in the terminal.
    #[value(alias = "text")]
    Table,
    Csv,
    Json,
    /// One row per payee: id, name, period, amount, currency, for a payroll import (calc); CSV,
    /// or a one-sheet workbook when `-o` names a `.xlsx` file.
    Payroll,
    /// An Excel workbook, one sheet per view, written to the file `-o` names (calc, diff, whatif).
    Xlsx,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Payroll => "payroll",
            Format::Xlsx => "xlsx",
        }
    }

    /// This format, if `verb` writes it; otherwise an error naming the formats it writes.
    pub fn one_of(self, verb: &str, allowed: &[Format]) -> Result<Format, Invalid> {
        if allowed.contains(&self) {
            return Ok(self);
        }
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        Err(Invalid(vec![Diagnostic::new(format!(
            "comp {verb} does not write --format {}",
            self.name()
        ))
        .hint(format!("comp {verb} writes: {}", names.join(", ")))]))
    }
}

/// A binary format goes to a file, or to standard output only when it is not a terminal.
pub fn file_for(format: Format, output: Option<&Path>) -> Result<(), Invalid> {
    use std::io::IsTerminal;
    let to_terminal = match output {
        None => true,
        Some(p) => p == Path::new("-") && std::io::stdout().is_terminal(),
    };
    if format == Format::Xlsx && to_terminal {
        return Err(Invalid(vec![Diagnostic::new(
            "--format xlsx writes a workbook, not text for the terminal",
        )
        .hint("name the file: -o pay.xlsx")]));
    }
    Ok(())
}

/// `--format` and `-o`, flattened into each verb's arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// The output format (each verb writes some of them; see its help).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE (atomically: all or nothing) instead of standard output; `-` is standard
    /// output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The field delimiter of CSV outputs: one character, or `tab` (default `,`, or comp.toml's
    /// `[output] csv_delimiter`). `;` for a French Excel.
    #[arg(long, value_name = "CHAR")]
    pub csv_delimiter: Option<String>,
    /// Numbers in CSV outputs with `,` as the decimal mark (needs `--csv-delimiter` other than `,`).
    #[arg(long)]
    pub decimal_comma: bool,
}

/// `--chart`, for the verbs that draw one.
#[derive(Debug, Clone, clap::Args)]
pub struct ChartArgs {
    /// Also draw an SVG chart into FILE.svg.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
}

/// Writes to standard output, or to a file all or nothing ([`comp_read::atomic_file::write`]: a
/// reader never sees half a statement, a failure leaves the old file as it was, links are written
/// through, read-only files are left alone, modes are the umask's or the old file's).
pub fn write(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        None => write_stdout(bytes),
        Some(p) if p == Path::new("-") => write_stdout(bytes),
        Some(p) => comp_read::atomic_file::write(p, bytes, || Ok(())),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        // a closed pipe (`comp calc | head`) is not an error
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// Refuses (exit 2) an output path that is, or leads through links to, a file comp reads or
/// writes for this run (`calc -o ledger.csv` would replace the payout history; `-o deals.csv` the
/// data). `files` are those files; an output that does not exist yet is compared by where it
/// would be written (a dangling link by its target).
pub fn refuse_inputs(out: Option<&Path>, files: &[PathBuf]) -> Result<(), Invalid> {
    let Some(out) = out.filter(|p| *p != Path::new("-")) else {
        return Ok(());
    };
    let target = Place::of(out);
    match files.iter().find(|f| Place::of(f).same(&target)) {
        None => Ok(()),
        Some(f) => Err(Invalid(vec![Diagnostic::new(format!(
            "the output {} is {}, which this workspace reads or writes",
            out.display(),
            f.display()
        ))
        .hint("write the output to another file: comp never overwrites its inputs, the ledger or comp.toml")])),
    }
}

/// Where a path leads: the file it names once links are followed, and its identity on disk when
/// it exists (so a hard link or another spelling of the same file is found too).
struct Place {
    path: PathBuf,
    id: Option<(u64, u64)>,
}

impl Place {
    fn of(p: &Path) -> Place {
        let path = resolve(p);
        let id = std::fs::metadata(&path).ok().map(|m| {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino())
        });
        Place { path, id }
    }

    fn same(&self, other: &Place) -> bool {
        match (self.id, other.id) {
            (Some(a), Some(b)) => a == b,
            _ => self.path == other.path,
        }
    }
}

/// A path with its links followed (a dangling one to where it points) and its folder made
/// absolute, as far as the file system allows.
fn resolve(p: &Path) -> PathBuf {
    let mut p = p.to_path_buf();
    // a chain of links, not a loop
    for _ in 0..40 {
        match std::fs::read_link(&p) {
            Ok(to) => {
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                }
            }
            Err(_) => break,
        }
    }
    if let Ok(c) = std::fs::canonicalize(&p) {
        return c;
    }
    let name = p.file_name().map(|n| n.to_os_string());
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (std::fs::canonicalize(dir), name) {
        (Ok(d), Some(n)) => d.join(n),
        _ => p,
    }
}

/// Creates a file that must not exist yet: an existing file, or a link (even one leading nowhere),
/// is an error, never written through (`comp init`, `comp demo`).
pub fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Which of `files` (relative to `dir`) are already there, links leading nowhere included.
pub fn already_there(dir: &Path, files: &[&str]) -> Vec<String> {
    files
        .iter()
        .filter(|f| std::fs::symlink_metadata(dir.join(f)).is_ok())
        .map(|f| f.to_string())
        .collect()
}
