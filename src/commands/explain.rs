//! `comp explain --payee ID --period P`: one payee's statements as plain sentences.

use crate::engine::Request;
use crate::period::Period;
use anyhow::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The payee to explain.
    #[arg(long, value_name = "ID")]
    pub payee: String,
    /// The period: 2024-03, 2024-Q1, 2024-H1 or 2024.
    #[arg(long, value_name = "P")]
    pub period: String,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(workspace: Option<&Path>, args: ExplainArgs) -> Result<()> {
    let ws = crate::cli::find_workspace(workspace)?;
    let period = Period::parse(&args.period, ws.fiscal).ok_or_else(|| {
        crate::diag::Invalid(vec![crate::diag::Diagnostic::new(format!(
            "`{}` is not a period",
            args.period
        ))
        .hint("write 2024-03 (a month), 2024-Q1 (a quarter), 2024-H1 (a half) or 2024 (a fiscal year)")])
    })?;
    let ledger = comp_read::ledger::load(&ws)?;
    let req = Request {
        period,
        payees: vec![args.payee.clone()],
        plans: Vec::new(),
        detail: false,
    };
    let calc = crate::cli::calculate(ws, &ledger, &req)?;
    let mut out = Vec::new();
    crate::render::sentences::report(&calc.report, &mut out)?;
    crate::cli::write_output(args.output.as_deref(), &out)
}
