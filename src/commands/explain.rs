//! `comp explain --payee ID --period P`: one payee's statements as plain sentences.

use super::calc::calculate;
use crate::engine::Request;
use crate::{output, render, session};
use anyhow::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp explain --payee sophie.laurent --period 2024-Q1
  comp explain --payee sophie.laurent --period 2024-Q1 --locale fr-FR -o -"
)]
pub struct ExplainArgs {
    /// The payee to explain.
    #[arg(long, value_name = "ID")]
    pub payee: String,
    /// The period: 2024-03 (month), 2024-Q1, 2024-H1, 2024 (fiscal year), or a pay
    /// period: 2024-03a / 2024-03b (semi-month), 2024-B05 (biweekly).
    #[arg(long, value_name = "P")]
    pub period: String,
    /// The language and number style: en-US, en-GB or fr-FR (default: comp.toml's `locale`, else
    /// en-US).
    #[arg(long, value_name = "TAG")]
    pub locale: Option<String>,
    /// Write to FILE (atomically) instead of standard output; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

pub fn run(workspace: Option<&Path>, args: ExplainArgs) -> Result<()> {
    let ws = session::workspace(workspace)?;
    session::outputs_clear(&ws, &[args.output.as_deref()], &[])?;
    let period = session::period(&ws, &args.period)?;
    let locale = session::locale(&ws, args.locale.as_deref())?;
    let ledger = comp_read::ledger::load(&ws)?;
    let req = Request {
        period,
        payees: vec![args.payee.clone()],
        plans: Vec::new(),
        detail: false,
    };
    let calc = calculate(ws, &ledger, &req)?;
    let mut out = Vec::new();
    // a terminal's width (or --width), else the width of a text file
    let width = crate::terminal::width(args.output.as_deref())
        .map_or(render::sentences::TEXT_WIDTH, usize::from);
    render::sentences::report(
        &calc.report,
        render::words::catalogue(locale),
        width,
        &mut out,
    )?;
    output::write(args.output.as_deref(), &out)
}
