//! The command line: raw arguments (clap) turned into validated requests, run, and printed.

use crate::data::{self, Ledger};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, Request};
use crate::period::Period;
use crate::render;
use crate::workspace::Workspace;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "comp",
    version,
    about = "Sales compensation plans as code: exact, explainable payouts"
)]
pub struct Cli {
    /// The workspace file (default: the nearest comp.toml from the current folder upward).
    #[arg(long, global = true, value_name = "PATH")]
    pub workspace: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute statements for a period: per payee, per component, with how each payout was reached.
    Calc(CalcArgs),
    /// Close a period: record what is payable in the ledger, for later periods to true up against.
    Close(CloseArgs),
    /// Write a synthetic company (roster, quotas, a year of deals and meetings, customers and their
    /// MRR movements, plans) to try comp at your scale.
    Demo(DemoArgs),
    /// Validate the workspace (plans, sources, data, expectations) and check recorded expectations:
    /// exit 0 all holds, 1 an expectation fails, 2 invalid input.
    Check(crate::commands::check::CheckArgs),
    /// Print the JSON Schema of plan, workspace or expectation files, for editors (taplo).
    Schema(crate::commands::schema::SchemaArgs),
    /// Show a component's payout curve or rate table: attainment -> payout, breakpoints and cap.
    Curve(crate::commands::curve::CurveArgs),
    /// Explain one payee's statement for a period in plain sentences.
    Explain(crate::commands::explain::ExplainArgs),
    /// Create a small workspace to start from: comp.toml, a plan, sample data, an expectation.
    Init(crate::commands::init::InitArgs),
    /// Compare what payees are paid under two plans (or two sets of plans) on the same data.
    Diff(crate::commands::diff::DiffArgs),
    /// Project a year to come from a scenario: quotas, plans, hires and leavers changed.
    Whatif(crate::commands::whatif::WhatifArgs),
    /// The payout ledger: `comp ledger verify` checks the seals of its closes.
    Ledger(crate::commands::ledger::LedgerArgs),
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Number of sales payees (AEs, enterprise AEs and SDRs). A customer-success team (CSMs on
    /// csm-grr, account managers on cs-upsell) of about 8% of the company is added on top, from 5
    /// sales payees, with 100 to 150 customers per CSM and a year of their MRR movements.
    #[arg(long, default_value_t = 100)]
    pub payees: usize,
    /// Number of deal rows for the year (won, lost and open).
    #[arg(long, default_value_t = 100_000)]
    pub deals: usize,
    /// The folder to write the workspace into (created; must not hold a comp.toml yet).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    /// The period to close: its plan periods ending in it are recorded (2024-03 closes March of the
    /// monthly plans and Q1 of the quarterly ones).
    #[arg(long, value_name = "P")]
    pub period: String,
    /// Only this plan (repeatable).
    #[arg(long, value_name = "ID")]
    pub plan: Vec<String>,
    /// The date written in the ledger's closed_on column (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub closed_on: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CalcArgs {
    /// The period: 2024-03 (month), 2024-Q1, 2024-H1 or 2024 (fiscal year).
    #[arg(long, value_name = "P")]
    pub period: String,
    /// Only this payee (repeatable).
    #[arg(long, value_name = "ID")]
    pub payee: Vec<String>,
    /// Only this plan (repeatable).
    #[arg(long, value_name = "ID")]
    pub plan: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// One line per credited record: id, date, amount, rate or band, payout.
    #[arg(long)]
    pub lines: bool,
    /// Show rows read, credited and excluded by reason, per source.
    #[arg(long)]
    pub reconcile: bool,
    /// Write to FILE (atomically) instead of standard output; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// One row per payee: id, name, period, amount, currency, for a payroll import.
    Payroll,
}

/// Runs the command; the caller prints errors and chooses the exit code.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Calc(args) => calc(cli.workspace.as_deref(), args),
        Command::Close(args) => close(cli.workspace.as_deref(), args),
        Command::Demo(args) => demo(args),
        Command::Check(args) => crate::commands::check::run(cli.workspace.as_deref(), args),
        Command::Schema(args) => crate::commands::schema::run(args),
        Command::Curve(args) => crate::commands::curve::run(cli.workspace.as_deref(), args),
        Command::Explain(args) => crate::commands::explain::run(cli.workspace.as_deref(), args),
        Command::Init(args) => crate::commands::init::run(args),
        Command::Diff(args) => {
            crate::commands::diff::run(find_workspace(cli.workspace.as_deref())?, args)
        }
        Command::Whatif(args) => {
            crate::commands::whatif::run(find_workspace(cli.workspace.as_deref())?, args)
        }
        Command::Ledger(args) => crate::commands::ledger::run(cli.workspace.as_deref(), args),
    }
}

pub(crate) fn find_workspace(given: Option<&Path>) -> Result<Workspace> {
    let path = match given {
        Some(p) => p.to_path_buf(),
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            comp_read::workspace_file::discover(&cwd).ok_or_else(|| {
                Invalid(vec![Diagnostic::new(
                    "no comp.toml in this folder or any parent",
                )
                .hint(
                    "run comp inside a workspace, or pass --workspace PATH/comp.toml",
                )])
            })?
        }
    };
    let path = if path.is_dir() {
        path.join("comp.toml")
    } else {
        path
    };
    Ok(comp_read::workspace_file::load(&path)?)
}

/// A validated calculation: the workspace, the data it read and the report.
pub struct Calculated {
    pub ws: Workspace,
    pub data: data::Dataset,
    pub report: crate::report::CalcReport,
}

pub(crate) fn parse_period(ws: &Workspace, text: &str) -> Result<Period> {
    Ok(Period::parse(text, ws.fiscal).ok_or_else(|| {
        Invalid(vec![Diagnostic::new(format!("`{text}` is not a period"))
            .hint("write 2024-03 (a month), 2024-Q1 (a quarter), 2024-H1 (a half) or 2024 (a fiscal year)")])
    })?)
}

fn check_plans(ws: &Workspace, plans: &[String]) -> Result<()> {
    for p in plans {
        if ws.plan(p).is_none() {
            let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
            return Err(Invalid(vec![Diagnostic::new(format!(
                "plan `{p}` is not in force in this workspace"
            ))
            .hint(format!("plans in force: {}", ids.join(", ")))])
            .into());
        }
    }
    Ok(())
}

fn check_payees(ws: &Workspace, data: &data::Dataset, payees: &[String]) -> Result<()> {
    for p in payees {
        if data.roster.get(p).is_none() {
            let ids = data.roster.payees.iter().map(|p| p.id.as_str());
            let hint = match crate::toml_input::closest(p, ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the roster is {}", ws.roster().file.display()),
            };
            return Err(Invalid(vec![Diagnostic::new(format!(
                "payee `{p}` is not on the roster"
            ))
            .hint(hint)])
            .into());
        }
    }
    Ok(())
}

/// Loads what a period needs and computes its statements against the ledger.
pub fn calculate(ws: Workspace, ledger: &Ledger, req: &Request) -> Result<Calculated> {
    check_plans(&ws, &req.plans)?;
    let needs = engine::needs(&ws, ledger, req);
    let data = comp_read::load(&ws, &needs, comp_read::Policy::FirstError)?;
    check_payees(&ws, &data, &req.payees)?;
    let report = engine::calculate(&ws, &data, ledger, req)?;
    for note in &ledger.notes {
        eprintln!("warning: {note}");
    }
    for note in &report.notes {
        eprintln!("warning: {}", crate::render::words::words().note(note));
    }
    Ok(Calculated { ws, data, report })
}

fn calc(workspace: Option<&Path>, args: CalcArgs) -> Result<()> {
    let ws = find_workspace(workspace)?;
    let period = parse_period(&ws, &args.period)?;
    let ledger = comp_read::ledger::load(&ws)?;
    let req = Request {
        period,
        payees: args.payee.clone(),
        plans: args.plan.clone(),
        detail: args.lines || args.format == Format::Json,
    };
    let Calculated { report, .. } = calculate(ws, &ledger, &req)?;
    let mut buf = Vec::new();
    match (args.format, args.lines, args.reconcile) {
        (Format::Table, lines, reconcile) => render::table::report(
            &report,
            &render::table::Options { lines, reconcile },
            &mut buf,
        )?,
        (Format::Csv, _, true) => render::csv::reconciliation(&report, &mut buf)?,
        (Format::Csv, true, false) => render::csv::lines(&report, &mut buf)?,
        (Format::Csv, false, false) => render::csv::statements(&report, &mut buf)?,
        (Format::Json, _, _) => render::json::report(&report, &mut buf)?,
        (Format::Payroll, _, _) => render::csv::payroll(&report, &mut buf)?,
    }
    write_output(args.output.as_deref(), &buf)
}

fn close(workspace: Option<&Path>, args: CloseArgs) -> Result<()> {
    let ws = find_workspace(workspace)?;
    let period = parse_period(&ws, &args.period)?;
    let closed_on = match &args.closed_on {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            Invalid(vec![
                Diagnostic::new(format!("`{d}` is not a date")).hint("write YYYY-MM-DD")
            ])
        })?,
        None => chrono::Utc::now().date_naive(),
    };
    if let Some(refusal) = comp_read::ledger_file::not_over(&period, closed_on) {
        return Err(Invalid(vec![refusal]).into());
    }
    // hold the lock from reading the ledger to writing it, so a concurrent close sees our rows
    let _lock = comp_read::ledger_file::lock(&ws.ledger)?;
    let ledger = comp_read::ledger::load(&ws)?;
    let req = Request {
        period,
        payees: Vec::new(),
        plans: args.plan.clone(),
        detail: false,
    };
    let Calculated { ws, data, report } = calculate(ws, &ledger, &req)?;
    let refusals = comp_read::ledger_file::refusals(&ws, &data.roster, &report, &ledger);
    if !refusals.is_empty() {
        return Err(Invalid(refusals).into());
    }
    let rows = comp_read::ledger_file::rows(&report, &ws.currency, closed_on);
    comp_read::ledger_file::append(&ws.ledger, &report.period, closed_on, &rows, || Ok(()))?;
    let statements = report.statements.len();
    eprintln!(
        "closed {}: {} statement(s), {} row(s), {} {} payable; ledger {}",
        report.period,
        statements,
        rows.len(),
        render::money(report.total),
        report.currency,
        ws.ledger.display()
    );
    Ok(())
}

fn demo(args: DemoArgs) -> Result<()> {
    if args.out.join("comp.toml").exists() {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{} already holds a workspace",
            args.out.display()
        ))
        .hint("choose an empty folder for --out")])
        .into());
    }
    let summary = crate::demo::write_workspace(&args.out, args.payees, args.deals, args.seed)
        .with_context(|| format!("cannot write the demo workspace to {}", args.out.display()))?;
    eprintln!(
        "wrote {}: {} payees ({} in customer success), {} deals, {} customers, {} MRR movements; try: comp --workspace {} calc --period 2024-03",
        args.out.display(),
        summary.payees,
        summary.csm_grr + summary.cs_upsell,
        summary.deals,
        summary.customers,
        summary.mrr_rows,
        args.out.join("comp.toml").display()
    );
    Ok(())
}

/// Writes to standard output, or to a file all or nothing ([`comp_read::atomic_file::write`]: a
/// reader never sees half a statement, a failure leaves the old file as it was, links are written
/// through, read-only files are left alone, modes are the umask's or the old file's).
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
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
