//! `comp calc --period P`: load what the period needs, compute its statements against the
//! ledger, render them.

use crate::data::{Dataset, Ledger};
use crate::engine::{self, Request};
use crate::output::{self, Format, OutputArgs};
use crate::render;
use crate::report::CalcReport;
use crate::session;
use crate::workspace::Workspace;
use anyhow::Result;
use comp_read::Policy;
use std::path::Path;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp calc --period 2024-Q1                          # statements in the terminal
  comp calc --period 2024-Q1 --payee sophie.laurent --lines
  comp calc --period 2024-03 --format payroll -o payroll.csv
  comp calc --period 2024-Q1 --format csv -o - | head   # -o - is standard output
  comp calc --period 2024-Q1 --format xlsx -o pay.xlsx"
)]
pub struct CalcArgs {
    /// The period: 2024-03 (month), 2024-Q1, 2024-H1, 2024 (fiscal year), or a pay
    /// period: 2024-03a / 2024-03b (semi-month), 2024-B05 (biweekly).
    #[arg(long, value_name = "P")]
    pub period: String,
    /// Only this payee (repeatable).
    #[arg(long, value_name = "ID")]
    pub payee: Vec<String>,
    /// Only this plan (repeatable).
    #[arg(long, value_name = "ID")]
    pub plan: Vec<String>,
    /// One line per credited record: id, date, amount, rate or band, payout.
    #[arg(long)]
    pub lines: bool,
    /// Show rows read, credited and excluded by reason, per source.
    #[arg(long)]
    pub reconcile: bool,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

/// A calculation: the workspace, the data it read and the report.
pub struct Calculated {
    pub ws: Workspace,
    pub data: Dataset,
    pub report: CalcReport,
}

/// Loads what a request needs and computes its statements against the ledger; the ledger's and
/// the report's notes go to standard error as warnings.
pub fn calculate(ws: Workspace, ledger: &Ledger, req: &Request) -> Result<Calculated> {
    session::plans_in_force(&ws, &req.plans)?;
    let needs = engine::needs(&ws, ledger, req);
    let data = comp_read::load(&ws, &needs, Policy::FirstError)?;
    session::payees_on_roster(&ws, &data, &req.payees)?;
    comp_core::pay_currency::check_ledger(ledger, &data.roster, &ws)?;
    let mut report = engine::calculate(&ws, &data, ledger, req)?;
    // each payee's money in their pay currency (rule 26)
    comp_core::pay_currency::convert(&mut report, &ws, &data.roster, ledger)?;
    for note in &ledger.notes {
        crate::session::warn(note);
    }
    let words = render::words::words();
    for note in &report.notes {
        crate::session::warn(words.note(note));
    }
    Ok(Calculated { ws, data, report })
}

pub fn run(workspace: Option<&Path>, args: CalcArgs) -> Result<()> {
    let format = args.out.format.one_of(
        "calc",
        &[
            Format::Table,
            Format::Csv,
            Format::Json,
            Format::Payroll,
            Format::Xlsx,
        ],
    )?;
    output::file_for(format, args.out.output.as_deref())?;
    let ws = session::workspace(workspace)?;
    let csv_style = session::csv_style(&ws, &args.out)?;
    session::outputs_clear(&ws, &[args.out.output.as_deref()], &[])?;
    let period = session::period(&ws, &args.period)?;
    let ledger = comp_read::ledger::load(&ws)?;
    let req = Request {
        period,
        payees: args.payee.clone(),
        plans: args.plan.clone(),
        detail: args.lines || format == Format::Json,
    };
    let Calculated { report, .. } = calculate(ws, &ledger, &req)?;
    let mut buf = Vec::new();
    if format == Format::Payroll && is_workbook(args.out.output.as_deref()) {
        // `--format payroll -o pay.xlsx`: the payroll sheet alone
        let book = render::xlsx::payroll(&report)?;
        return output::write(args.out.output.as_deref(), &book);
    }
    render::calc(
        &report,
        format,
        args.lines,
        args.reconcile,
        crate::terminal::width(args.out.output.as_deref()),
        csv_style,
        &mut buf,
    )?;
    let buf = crate::terminal::painted(format, args.out.output.as_deref(), buf);
    output::write(args.out.output.as_deref(), &buf)
}

/// An output file named `*.xlsx`.
fn is_workbook(output: Option<&Path>) -> bool {
    output
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}
