//! The command line: the arguments (clap) and which verb runs. Each verb's arguments and its
//! load -> compute -> render steps are in `commands`.

use crate::commands::{
    accrue, amortize, calc, check, close, curve, demo, diff, explain, init, ledger, schema,
    statements, whatif,
};
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
    /// Print no warnings and no summaries, for scripts: only the output asked for, and errors.
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,
    /// Fit tables to N columns (default: the terminal's width; piped output keeps a fixed layout).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,
    /// Colour negative amounts, failures, warnings and errors: auto (on a terminal, unless
    /// NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = crate::terminal::ColorChoice::Auto)]
    pub color: crate::terminal::ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute statements for a period: per payee, per component, with how each payout was reached
    /// (--format table, csv, json or payroll).
    Calc(calc::CalcArgs),
    /// Close a period: record what is payable in the ledger, for later periods to true up against.
    Close(close::CloseArgs),
    /// Write a synthetic company (roster, quotas, a year of deals and meetings, customers and their
    /// MRR movements, plans) to try comp at your scale.
    Demo(demo::DemoArgs),
    /// Validate the workspace (plans, sources, data, expectations) and check recorded expectations:
    /// exit 0 all holds, 1 an expectation fails, 2 invalid input (--format table or json).
    Check(check::CheckArgs),
    /// Print the JSON Schema of plan, workspace or expectation files, for editors (taplo).
    Schema(schema::SchemaArgs),
    /// Show a component's payout curve or rate table: attainment -> payout, breakpoints and cap
    /// (--format table or csv).
    Curve(curve::CurveArgs),
    /// Explain one payee's statement for a period in plain sentences.
    Explain(explain::ExplainArgs),
    /// Write each payee's statement for a period into a folder, for reps: one HTML page per payee
    /// and plan period (printable on A4) and index.html with the totals (--format html or txt).
    Statements(statements::StatementsArgs),
    /// Create a small workspace to start from: comp.toml, a plan, sample data, an expectation.
    Init(init::InitArgs),
    /// Compare what payees are paid under two plans (or two sets of plans) on the same data
    /// (--format table, csv or json).
    Diff(diff::DiffArgs),
    /// Project a year to come from a scenario: quotas, plans, hires and leavers changed
    /// (--format table, csv or json).
    Whatif(whatif::WhatifArgs),
    /// The payout ledger: `comp ledger verify` checks the seals of its closes.
    Ledger(ledger::LedgerArgs),
    /// Commissions paid per contract, capitalised and expensed over each contract's term
    /// (ASC 340-40, IFRS 15), month by month (--format table, csv or json).
    Amortize(amortize::AmortizeArgs),
    /// Commission expense earned to a month's end in each open quarter or year, and its change
    /// over the month, for finance to book before the period is paid (--format table, csv or json).
    Accrue(accrue::AccrueArgs),
    /// Print a shell's completion script: `comp completions bash > /etc/bash_completion.d/comp`.
    Completions(CompletionsArgs),
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    pub shell: clap_complete::Shell,
}

/// Runs the command; the caller prints errors and chooses the exit code.
pub fn run(cli: Cli) -> Result<()> {
    crate::session::set_quiet(cli.quiet);
    crate::terminal::set(cli.width, cli.color);
    let workspace = cli.workspace.as_deref();
    match cli.command {
        Command::Calc(args) => calc::run(workspace, args),
        Command::Close(args) => close::run(workspace, args),
        Command::Demo(args) => demo::run(args),
        Command::Check(args) => check::run(workspace, args),
        Command::Schema(args) => schema::run(args),
        Command::Curve(args) => curve::run(workspace, args),
        Command::Explain(args) => explain::run(workspace, args),
        Command::Statements(args) => statements::run(workspace, args),
        Command::Init(args) => init::run(args),
        Command::Diff(args) => diff::run(workspace, args),
        Command::Whatif(args) => whatif::run(workspace, args),
        Command::Ledger(args) => ledger::run(workspace, args),
        Command::Amortize(args) => amortize::run(workspace, args),
        Command::Accrue(args) => accrue::run(workspace, args),
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "comp", &mut out);
            crate::output::write(None, &out)
        }
    }
}
