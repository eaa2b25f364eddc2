//! What-if modelling: scenarios for a year to come, run through the engine of `comp calc`.
//!
//! `files` reads the scenario file (checked by `scenario::parse`) and the plan files it swaps in
//! ([`Swaps::resolve`] is given the reader), comp-read the base year's data ([`needs`] says what
//! to read); `run::project` computes the projection from them.

pub mod files;
pub mod model;
pub mod render;
pub mod run;
pub mod scenario;

pub use scenario::Scenario;

use crate::data::{Needs, Window};
use crate::diag::{Diagnostic, Invalid};
use crate::plan::Plan;
use crate::workspace::Workspace;
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
