//! `comp whatif --scenario FILE`: a year to come, projected with the engine of `comp calc`.
//! Reads the scenario, the plans it swaps in and the base year's data, projects, renders.

use crate::diag::{Diagnostic, Invalid};
use crate::output::{self, ChartArgs, Format, OutputArgs};
use crate::read::{scenario_file, Policy};
use crate::render::whatif as render;
use crate::session;
use crate::whatif::{self, ModelKind, Projection, Scenario};
use crate::workspace::Workspace;
use anyhow::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  comp whatif --scenario scenario-2024.toml
  comp whatif --scenario scenario-2024.toml --model monte-carlo --chart cost.svg")]
pub struct WhatifArgs {
    /// The scenario file (docs/whatif.md).
    #[arg(long, value_name = "FILE")]
    pub scenario: PathBuf,
    /// The attainment model (default: the scenario's `model`, else replay).
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    /// Monte Carlo: the number of trials (default: the scenario's).
    #[arg(long, value_name = "N")]
    pub trials: Option<u32>,
    /// Monte Carlo: the seed (default: the scenario's); the same seed gives the same output.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub out: OutputArgs,
    /// The chart: the distribution of total cost (Monte Carlo) or the cost curve (grid).
    #[command(flatten)]
    pub chart: ChartArgs,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

/// How attainment is projected (`whatif::ModelKind` on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelArg {
    /// Each payee's actual records of the base year, moved into the modelled year and scaled.
    Replay,
    /// Everyone at each attainment of a grid: the plans' cost curves.
    Grid,
    /// Attainment drawn per payee from a distribution, over many trials.
    MonteCarlo,
}

impl From<ModelArg> for ModelKind {
    fn from(m: ModelArg) -> ModelKind {
        match m {
            ModelArg::Replay => ModelKind::Replay,
            ModelArg::Grid => ModelKind::Grid,
            ModelArg::MonteCarlo => ModelKind::MonteCarlo,
        }
    }
}

/// Reads what the scenario needs (the plans it swaps in, the base year's data) and projects it.
pub fn project(ws: &Workspace, sc: &Scenario, kind: ModelKind) -> Result<Projection, Invalid> {
    let swaps = scenario_file::swaps(ws, sc);
    let base = crate::read::load(ws, &whatif::needs(ws, sc, &swaps), Policy::FirstError)?;
    whatif::project(ws, sc, kind, &swaps, &base)
}

pub fn run(workspace: Option<&Path>, args: WhatifArgs) -> Result<()> {
    let format = args.out.format.one_of(
        "whatif",
        &[Format::Table, Format::Csv, Format::Json, Format::Xlsx],
    )?;
    output::file_for(format, args.out.output.as_deref())?;
    let ws = session::workspace(workspace)?;
    let csv_style = session::csv_style(&ws, &args.out)?;
    session::outputs_clear(
        &ws,
        &[args.out.output.as_deref(), args.chart.chart.as_deref()],
        &[args.scenario.as_path()],
    )?;
    let mut sc = scenario_file::load(&args.scenario, ws.fiscal)?;
    let kind = args.model.map_or(sc.model, ModelKind::from);
    if let Some(t) = args.trials {
        if t == 0 {
            return Err(Invalid(vec![Diagnostic::new("--trials must be at least 1")]).into());
        }
        sc.monte_carlo.trials = t;
    }
    if let Some(s) = args.seed {
        sc.monte_carlo.seed = s;
    }
    if args.chart.chart.is_some() && kind == ModelKind::Replay {
        return Err(Invalid(vec![Diagnostic::new(
            "a replay is one outcome: there is no distribution or curve to chart",
        )
        .hint("use --chart with --model grid or --model monte-carlo")])
        .into());
    }
    let projection = project(&ws, &sc, kind)?;
    let words = crate::render::words::words();
    for n in &projection.notes {
        crate::session::warn(words.whatif_note(n));
    }
    if let (Some(s), Format::Csv) = (&projection.solve, format) {
        // the CSV's rows are the projection at the value found; the value itself goes beside them
        eprintln!("solved: {}", words.solved(s));
    }
    let mut buf = Vec::new();
    match format {
        Format::Csv => render::csv(&projection, csv_style, &mut buf)?,
        Format::Json => render::json(&projection, &mut buf)?,
        Format::Xlsx => buf = crate::render::xlsx::whatif(&projection)?,
        _ => render::table(
            &projection,
            crate::terminal::width(args.out.output.as_deref()),
            &mut buf,
        )?,
    }
    if let Some(path) = &args.chart.chart {
        output::write(Some(path), render::chart(&projection, kind).as_bytes())?;
    }
    let buf = crate::terminal::painted(format, args.out.output.as_deref(), buf);
    output::write(args.out.output.as_deref(), &buf)
}
