//! `comp diff --plan A --against B` and `comp diff [--plans DIR] --against DIR`.
//! Reads the plans compared and the data both sides need, compares, renders.

use crate::diag::{Diagnostic, Invalid};
use crate::diff::{self, DiffNote, Pair};
use crate::output::{self, ChartArgs, Format, OutputArgs};
use crate::plan::Plan;
use crate::read::{plan_files, Policy};
use crate::render::diff as render;
use crate::session;
use crate::workspace::Workspace;
use anyhow::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp diff --period 2024-Q1 --plan ae-arr --against drafts/ae-arr.toml
  comp diff --period 2024-Q1 --plans plans/ --against proposed/ --format csv -o -"
)]
pub struct DiffArgs {
    /// The period compared: 2024-03 (month), 2024-Q1, 2024-H1, 2024 (fiscal year), or a pay
    /// period: 2024-03a / 2024-03b (semi-month), 2024-B05 (biweekly).
    #[arg(long, value_name = "P")]
    pub period: String,
    /// The current plan: the id of a plan in force, or a plan file whose id is in force.
    #[arg(long, value_name = "ID|FILE", conflicts_with = "plans")]
    pub plan: Option<String>,
    /// A folder of current plans (default, with a folder for --against: the plans in force).
    #[arg(long, value_name = "DIR")]
    pub plans: Option<PathBuf>,
    /// The proposed plan (a file or a plan id), or a folder of proposed plans matched by plan id.
    #[arg(long, value_name = "FILE|ID|DIR")]
    pub against: String,
    #[command(flatten)]
    pub out: OutputArgs,
    /// The chart: each payee's change, winners and losers.
    #[command(flatten)]
    pub chart: ChartArgs,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

pub fn run(workspace: Option<&Path>, args: DiffArgs) -> Result<()> {
    let format = args.out.format.one_of(
        "diff",
        &[Format::Table, Format::Csv, Format::Json, Format::Xlsx],
    )?;
    output::file_for(format, args.out.output.as_deref())?;
    let ws = session::workspace(workspace)?;
    let csv_style = session::csv_style(&ws, &args.out)?;
    // the plan files compared (a plan id names no file)
    let compared: Vec<&Path> = [args.plan.as_deref(), Some(args.against.as_str())]
        .into_iter()
        .flatten()
        .map(Path::new)
        .chain(args.plans.as_deref())
        .filter(|p| p.exists())
        .collect();
    session::outputs_clear(
        &ws,
        &[args.out.output.as_deref(), args.chart.chart.as_deref()],
        &compared,
    )?;
    let period = session::period(&ws, &args.period)?;
    let (pairs, mut notes) = pairs(&ws, &args)?;
    let data = crate::read::load(&ws, &diff::needs(&ws, &pairs, period), Policy::FirstError)?;
    let mut report = diff::compare(&ws, &pairs, period, &data)?;
    notes.append(&mut report.notes);
    let words = crate::render::words::words();
    for n in &notes {
        crate::session::warn(words.diff_note(n));
    }
    report.notes = notes;
    let mut buf = Vec::new();
    match format {
        Format::Csv => render::csv(&report, csv_style, &mut buf)?,
        Format::Json => render::json(&report, &mut buf)?,
        Format::Xlsx => buf = crate::render::xlsx::diff(&report)?,
        _ => render::table(
            &report,
            crate::terminal::width(args.out.output.as_deref()),
            &mut buf,
        )?,
    }
    if let Some(path) = &args.chart.chart {
        output::write(Some(path), crate::render::chart::diff(&report).as_bytes())?;
    }
    let buf = crate::terminal::painted(format, args.out.output.as_deref(), buf);
    output::write(args.out.output.as_deref(), &buf)
}

fn not_in_force(ws: &Workspace, id: &str, what: &str) -> Invalid {
    let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
    Invalid(vec![Diagnostic::new(format!(
        "{what} `{id}` is not a plan in force, so no payee is on it"
    ))
    .hint(format!(
        "the current plan's id must be one the roster uses; plans in force: {}",
        ids.join(", ")
    ))])
}

/// The plans compared, and notes on plans left out.
fn pairs(ws: &Workspace, args: &DiffArgs) -> Result<(Vec<Pair>, Vec<DiffNote>), Invalid> {
    let cwd = Path::new("");
    let against = Path::new(&args.against);
    if !against.is_dir() {
        let Some(current) = &args.plan else {
            return Err(Invalid(vec![Diagnostic::new(
                "--against names one plan, so --plan must name the current one",
            )
            .hint(
                "write --plan ID --against FILE, or --against DIR to compare whole plan sets",
            )]));
        };
        let current = plan_files::resolve(ws, current, cwd)?;
        if ws.plan(&current.id).is_none() {
            return Err(not_in_force(ws, &current.id, "the current plan"));
        }
        let proposed = plan_files::resolve(ws, &args.against, cwd)?;
        return Ok((
            vec![Pair {
                roster_id: current.id.clone(),
                current,
                proposed,
            }],
            Vec::new(),
        ));
    }
    if args.plan.is_some() {
        return Err(Invalid(vec![Diagnostic::new(
            "--against names a folder, so --plan cannot name a single plan",
        )
        .hint(
            "use --plans DIR for a folder of current plans, or --against FILE",
        )]));
    }
    let proposed = plan_files::folder(ws, against)?;
    let current: Vec<Plan> = match &args.plans {
        Some(dir) => plan_files::folder(ws, dir)?,
        None => ws.plans.clone(),
    };
    let mut notes = Vec::new();
    let mut out = Vec::new();
    for c in &current {
        match proposed.iter().find(|p| p.id == c.id) {
            Some(p) => {
                if ws.plan(&c.id).is_none() {
                    return Err(not_in_force(ws, &c.id, "current plan"));
                }
                out.push(Pair {
                    roster_id: c.id.clone(),
                    current: c.clone(),
                    proposed: p.clone(),
                })
            }
            None => notes.push(DiffNote::NoProposed {
                plan: c.id.clone(),
                folder: against.to_path_buf(),
            }),
        }
    }
    for p in &proposed {
        if !current.iter().any(|c| c.id == p.id) {
            notes.push(DiffNote::NoCurrent {
                plan: p.id.clone(),
                file: p.file.clone(),
            });
        }
    }
    if out.is_empty() {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "no plan in {} has the id of a current plan",
            against.display()
        ))
        .hint("plans are matched by their `id`")]));
    }
    Ok((out, notes))
}
