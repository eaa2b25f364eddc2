//! `comp whatif --scenario FILE`: a year to come, projected with the engine of `comp calc`.
//! Reads the scenario, the plans it swaps in and the base year's data, projects, renders.

use super::Format;
use crate::diag::{Diagnostic, Invalid};
use crate::read::{scenario_file, Policy};
use crate::render::whatif as render;
use crate::whatif::{self, ModelKind, Projection, Scenario};
use crate::workspace::Workspace;
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
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
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE (atomically) instead of standard output; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also draw an SVG chart: the distribution of total cost (Monte Carlo) or the cost curve (grid).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
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

pub fn run(ws: Workspace, args: WhatifArgs) -> Result<()> {
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
    if args.chart.is_some() && kind == ModelKind::Replay {
        return Err(Invalid(vec![Diagnostic::new(
            "a replay is one outcome: there is no distribution or curve to chart",
        )
        .hint("use --chart with --model grid or --model monte-carlo")])
        .into());
    }
    let projection = project(&ws, &sc, kind)?;
    let words = crate::render::words::words();
    for n in &projection.notes {
        eprintln!("warning: {}", words.whatif_note(n));
    }
    let mut buf = Vec::new();
    match args.format {
        Format::Table => render::table(&projection, &mut buf)?,
        Format::Csv => render::csv(&projection, &mut buf)?,
        Format::Json => render::json(&projection, &mut buf)?,
    }
    if let Some(path) = &args.chart {
        let svg = match kind {
            ModelKind::MonteCarlo => crate::chart::histogram(
                &format!(
                    "{}: total cost over {} trials",
                    projection.year,
                    projection.totals.len()
                ),
                &projection.totals,
                40,
                &projection.currency,
            ),
            _ => {
                let points: Vec<_> = projection
                    .rows
                    .iter()
                    .filter(|r| r.level == "company")
                    .filter_map(|r| r.point.map(|p| (p, r.payout)))
                    .collect();
                crate::chart::curve(
                    &format!("{}: total payout by attainment", projection.year),
                    &points,
                    &projection.currency,
                )
            }
        };
        crate::cli::write_output(Some(path), svg.as_bytes())?;
    }
    crate::cli::write_output(args.output.as_deref(), &buf)
}
