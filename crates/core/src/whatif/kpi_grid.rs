//! The grid on KPI plans: payees on plans driven by KPIs from customer data are replayed (their
//! records and customers, `super::customers`), and at each grid point every KPI `[grid] kpi` lists
//! takes the point's value for every payee reading it (a portfolio's, a team's or the company's
//! KPI alike); the engine of `comp calc` then pays the plan's curve at that value. KPIs the grid
//! does not list keep their replayed value; record measures of KPI plans are replayed.

use super::model::{drives_kpis, ModelYear};
use super::run::{outcomes, Outcome};
use super::scenario::Scenario;
use crate::data::{Dataset, Ledger};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, Request};
use std::collections::HashMap;

/// Whether payee `i` of the modelled year is replayed rather than made of synthetic records: on a
/// KPI plan, and not hired (a hire has no customers) unless they inherit a leaver's.
pub(super) fn replayed(model: &ModelYear, i: usize) -> bool {
    let p = &model.roster.payees[i];
    let has_customers = !model.hired.contains(&p.id) || model.heirs.contains(&p.id);
    has_customers && model.ws.plan(&p.plan).is_some_and(drives_kpis)
}

/// Every KPI `[grid] kpi` lists is a KPI measure (from customer data) of a plan of the modelled
/// year.
pub(super) fn check(model: &ModelYear, sc: &Scenario) -> Result<(), Invalid> {
    kpis_named(
        model,
        sc,
        "[grid] kpi",
        sc.grid_kpi.iter().map(|g| (g.measure.as_str(), &g.loc)),
    )
}

/// Each `(name, place)` a scenario's `table` names (`[grid] kpi`, `[monte_carlo.kpi]`) is a KPI
/// measure of a plan of the modelled year: an error at each one that is not, listing those there
/// are.
pub(super) fn kpis_named<'a>(
    model: &ModelYear,
    sc: &Scenario,
    table: &str,
    named: impl Iterator<Item = (&'a str, &'a crate::diag::Location)>,
) -> Result<(), Invalid> {
    let mut kpis: Vec<&str> = model
        .ws
        .plans
        .iter()
        .flat_map(|p| p.measures.iter())
        .filter(|m| m.kpi.is_some())
        .map(|m| m.id.as_str())
        .collect();
    kpis.sort_unstable();
    kpis.dedup();
    let diags: Vec<Diagnostic> = named
        .filter(|(name, _)| !kpis.contains(name))
        .map(|(name, loc)| {
            let hint = if kpis.is_empty() {
                "no plan of the modelled year has a KPI measure".to_string()
            } else {
                format!(
                    "KPI measures of the modelled year's plans: {}",
                    kpis.join(", ")
                )
            };
            Diagnostic::new(format!(
                "{table} `{name}` is not a KPI measure of a plan of {}",
                sc.year
            ))
            .at(loc.clone())
            .hint(hint)
        })
        .collect();
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Invalid(diags))
    }
}

/// The outcomes of the replayed payees at grid point `k`, by roster index.
pub(super) fn at_point(
    model: &ModelYear,
    sc: &Scenario,
    k: usize,
) -> Result<Vec<(usize, Outcome)>, Invalid> {
    let ids: Vec<String> = (0..model.roster.payees.len())
        .filter(|&i| replayed(model, i))
        .map(|i| model.roster.payees[i].id.clone())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut customers = model.replay.customers.clone();
    customers.given = sc
        .grid_kpi
        .iter()
        .map(|g| {
            (
                g.measure.clone(),
                HashMap::from([(String::new(), g.values[k])]),
            )
        })
        .collect();
    let data = Dataset {
        roster: model.replay.roster.clone(),
        quotas: model.replay.quotas.clone(),
        tables: model.replay.tables.clone(),
        customers,
    };
    let ledger = Ledger::empty(&model.ws.ledger);
    let req = Request {
        payees: ids,
        ..Request::everyone(model.year)
    };
    let report = engine::calculate(&model.ws, &data, &ledger, &req)?;
    let mut out = vec![Outcome::default(); model.roster.payees.len()];
    outcomes(&report, &model.ws, sc, &model.roster, &mut out)?;
    Ok(out
        .into_iter()
        .enumerate()
        .filter(|(i, _)| replayed(model, *i))
        .collect())
}
