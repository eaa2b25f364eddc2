//! The command line: the arguments (clap) and which verb runs. Each verb's arguments and its
//! load -> compute -> render steps are in `commands`.

use crate::commands::{
    accrue, amortize, calc, check, close, curve, demo, diff, explain, init, ledger, schema,
    statements, whatif,
};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "comp",
    version,
    about = "Sales compensation plans as code: exact, explainable payouts",
    after_help = "Examples:\n  comp init my-company && cd my-company && comp check\n  comp calc --period 2024-Q1\n  comp --workspace examples/acme calc --period 2024-Q1 --format csv -o -\n\nEach verb's --help has its own examples; `comp man --out DIR` writes the man pages."
)]
pub struct Cli {
    /// The workspace file or its folder, for the verbs that read one (default: the nearest
    /// comp.toml from the current folder upward); each such verb takes `--workspace` too.
    #[arg(long, value_name = "PATH")]
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
    /// (--format table, csv, json, payroll or xlsx).
    Calc(calc::CalcArgs),
    /// Close a period: record what is payable in the ledger, for later periods to true up against.
    Close(close::CloseArgs),
    /// Write a synthetic company (roster, quotas, a year of deals and meetings, customers and their
    /// MRR movements, plans) to try comp at your scale.
    Demo(demo::DemoArgs),
    /// Validate the workspace (plans, sources, data, expectations) and check recorded expectations:
    /// exit 0 all holds, 1 an expectation fails, 2 invalid input (--format table or json).
    Check(check::CheckArgs),
    /// Print the JSON Schema of plan, workspace, expectation or what-if scenario files, for editors
    /// (taplo).
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
    /// (--format table, csv, json or xlsx).
    Diff(diff::DiffArgs),
    /// Project a year to come from a scenario: quotas, plans, hires and leavers changed
    /// (--format table, csv, json or xlsx).
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
    /// Print comp's man page (roff), or write one page per verb into a folder with --out.
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp completions bash > /etc/bash_completion.d/comp\n  comp completions zsh > \"${fpath[1]}/_comp\"\n  comp completions fish > ~/.config/fish/completions/comp.fish"
)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp man | man -l -\n  comp man --out /usr/local/share/man/man1   # comp.1, comp-calc.1, ..."
)]
pub struct ManArgs {
    /// Write comp.1 and one comp-VERB.1 per verb into DIR instead of printing comp.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs the command; the caller prints errors and chooses the exit code.
pub fn run(cli: Cli) -> Result<()> {
    crate::session::set_quiet(cli.quiet);
    crate::terminal::set(cli.width, cli.color);
    let before = cli.workspace.as_deref();
    // the verb's own --workspace, else the one before the verb
    macro_rules! with_workspace {
        ($verb:ident, $args:expr) => {{
            let ws = $args.ws.or(before);
            $verb::run(ws.as_deref(), $args)
        }};
    }
    if let (Some(_), Some(verb)) = (before, without_workspace(&cli.command)) {
        return Err(
            crate::diag::Invalid(vec![crate::diag::Diagnostic::new(format!(
                "comp {verb} does not read a workspace: --workspace does nothing there"
            ))
            .hint(format!("leave --workspace out of `comp {verb}`"))])
            .into(),
        );
    }
    match cli.command {
        Command::Calc(args) => with_workspace!(calc, args),
        Command::Close(args) => with_workspace!(close, args),
        Command::Demo(args) => demo::run(args),
        Command::Check(args) => with_workspace!(check, args),
        Command::Schema(args) => schema::run(args),
        Command::Curve(args) => with_workspace!(curve, args),
        Command::Explain(args) => with_workspace!(explain, args),
        Command::Statements(args) => with_workspace!(statements, args),
        Command::Init(args) => init::run(args),
        Command::Diff(args) => with_workspace!(diff, args),
        Command::Whatif(args) => with_workspace!(whatif, args),
        Command::Ledger(args) => ledger::run(before, args),
        Command::Amortize(args) => with_workspace!(amortize, args),
        Command::Accrue(args) => with_workspace!(accrue, args),
        Command::Man(args) => man(args),
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "comp", &mut out);
            crate::output::write(None, &out)
        }
    }
}

/// The verbs that read no workspace, by name.
fn without_workspace(c: &Command) -> Option<&'static str> {
    match c {
        Command::Demo(_) => Some("demo"),
        Command::Schema(_) => Some("schema"),
        Command::Init(_) => Some("init"),
        Command::Completions(_) => Some("completions"),
        Command::Man(_) => Some("man"),
        _ => None,
    }
}

/// `comp man`: comp.1 on standard output, or with `--out DIR` comp.1 and comp-VERB.1 for each verb
/// (comp-ledger-verify.1 for a verb's own verbs).
fn man(args: ManArgs) -> Result<()> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let Some(dir) = args.out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut page)?;
        return crate::output::write(None, &page);
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    fn pages(cmd: &clap::Command, name: String, dir: &std::path::Path) -> Result<()> {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd.clone())
            .title(name.clone())
            .render(&mut page)?;
        crate::output::write(Some(&dir.join(format!("{name}.1"))), &page)?;
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            pages(sub, format!("{name}-{}", sub.get_name()), dir)?;
        }
        Ok(())
    }
    pages(&cmd, "comp".to_string(), &dir)
}
