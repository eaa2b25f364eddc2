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
    /// One row per payee: id, name, period, amount, currency, for a payroll import (calc).
    Payroll,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Payroll => "payroll",
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
