//! What-if modelling: scenarios for a year to come, run through the engine of `comp calc`.
//!
//! Pure, as a verb is: comp-read reads the scenario file (checked here by `scenario::parse`), the
//! plan files it swaps in ([`Swaps::resolve`] is given the reader) and the base year's data
//! ([`needs`] says what to read); [`project`] computes the projection from them.

mod case_mix;
mod customers;
mod given_quotas;
mod kpi_grid;
mod kpi_hires;
pub mod model;
mod monte_carlo;
mod monte_carlo_kpi;
pub mod projection;
pub mod run;
pub mod scenario;
mod schema_words;
pub mod season;
pub mod solve;
mod synthetic;

pub use model::ModelYear;
pub use projection::{Projection, Row};
pub use scenario::{ModelKind, Scenario};
pub use synthetic::Job;

use crate::data::{Dataset, Needs, Window};
use crate::diag::{Diagnostic, Invalid};
use crate::plan::Plan;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use std::path::Path;

/// The plans a scenario swaps in: (the plan in force whose payees move, the plan they move to),
/// and the problems of the swaps that could not be made, reported with the scenario's others.
#[derive(Debug, Clone, Default)]
pub struct Swaps {
    pub plans: Vec<(String, Plan)>,
    pub problems: Vec<Diagnostic>,
}

impl Swaps {
    /// The scenario's swaps, each plan named found by `resolve` (given the name and the folder it
    /// is relative to: a plan in force or a plan file).
    pub fn resolve(
        ws: &Workspace,
        sc: &Scenario,
        resolve: &mut dyn FnMut(&str, &Path) -> Result<Plan, Invalid>,
    ) -> Swaps {
        let mut swaps = Swaps::default();
        for s in &sc.swaps {
            if ws.plan(&s.from).is_none() {
                let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
                swaps.problems.push(
                    Diagnostic::new(format!("`{}` is not a plan in force", s.from))
                        .at(s.loc.clone())
                        .hint(format!("plans in force: {}", ids.join(", "))),
                );
                continue;
            }
            match resolve(&s.to, sc.dir()) {
                Ok(p) => swaps.plans.push((s.from.clone(), p)),
                // a problem with no place of its own is the swap's
                Err(e) => swaps
                    .problems
                    .extend(e.0.into_iter().map(|d| match d.location {
                        None => d.at(s.loc.clone()),
                        Some(_) => d,
                    })),
            }
        }
        swaps
    }
}

/// What a scenario reads: the base year's records, with the fields of the plans in force and of
/// those swapped in (quota rows of a swapped plan's payees may name its measures).
pub fn needs(ws: &Workspace, sc: &Scenario, swaps: &Swaps) -> Needs {
    let base_window = Window {
        start: sc.base.start,
        end: sc.base.end(),
    };
    let mut needs = Needs::of_plans(ws, &ws.plans, base_window);
    for (as_id, plan) in &swaps.plans {
        needs = needs.with_plan_as(ws, as_id, plan);
    }
    needs
}

/// Runs the scenario with the given model on `base`, the data [`needs`] asked for; a scenario
/// with `[solve]` is solved, the projection being the one at the value found.
pub fn project(
    ws: &Workspace,
    sc: &Scenario,
    kind: ModelKind,
    swaps: &Swaps,
    base: &Dataset,
) -> Result<Projection, Invalid> {
    match &sc.solve {
        None => project_once(ws, sc, kind, swaps, base),
        Some(s) => solve::solve(sc, s, kind, &|sc| project_once(ws, sc, kind, swaps, base)),
    }
}

/// One projection of the scenario as it is written (its `[solve]` aside).
fn project_once(
    ws: &Workspace,
    sc: &Scenario,
    kind: ModelKind,
    swaps: &Swaps,
    base: &Dataset,
) -> Result<Projection, Invalid> {
    let model = ModelYear::build(ws, sc, swaps, base)?;
    let mut notes = model.notes.clone();
    let mut totals = Vec::new();
    let mut seasons = Vec::new();
    let (rows, trials, seed) = match kind {
        ModelKind::Replay => {
            let (out, mut n) = run::replay(&model, sc)?;
            notes.append(&mut n);
            (projection::rows_of(&model, &out, None)?, None, None)
        }
        ModelKind::Grid => {
            kpi_grid::check(&model, sc)?;
            let n = model.roster.payees.len();
            // payees on KPI plans are replayed at each point (`kpi_grid`), the others synthetic
            let synthetic: Vec<usize> =
                (0..n).filter(|&i| !kpi_grid::replayed(&model, i)).collect();
            let jobs: Vec<(usize, Decimal)> = sc
                .grid
                .iter()
                .flat_map(|a| synthetic.iter().map(move |&i| (i, *a)))
                .collect();
            let out = run::run_jobs(&model, sc, &jobs)?;
            let mut rows = Vec::new();
            for (k, a) in sc.grid.iter().enumerate() {
                let mut point = vec![run::Outcome::default(); n];
                let m = synthetic.len();
                for (&i, o) in synthetic.iter().zip(&out[k * m..(k + 1) * m]) {
                    point[i] = o.clone();
                }
                for (i, o) in kpi_grid::at_point(&model, sc, k)? {
                    point[i] = o;
                }
                let kpi: std::collections::BTreeMap<String, Decimal> = sc
                    .grid_kpi
                    .iter()
                    .map(|g| (g.measure.clone(), g.values[k]))
                    .collect();
                for mut r in projection::rows_of(&model, &point, Some(*a))? {
                    r.kpi.clone_from(&kpi);
                    rows.push(r);
                }
            }
            (rows, None, None)
        }
        ModelKind::MonteCarlo => {
            let mut out = monte_carlo::monte_carlo(&model, sc)?;
            notes.append(&mut out.notes);
            totals = out.totals;
            seasons = out.seasons;
            (
                out.rows,
                Some(sc.monte_carlo.trials),
                Some(sc.monte_carlo.seed),
            )
        }
    };
    Ok(Projection {
        scenario: sc.name.clone(),
        model: kind,
        base_year: sc.base,
        year: sc.year,
        currency: ws.currency.clone(),
        trials,
        seed,
        rows,
        notes,
        totals,
        seasons,
        solve: None,
    })
}
