//! Hires on KPI plans: a hire has no customers of their own, so a hire on a plan driven by KPIs
//! from customer data takes over a leaver's (`inherits = "payee-id"`): in the modelled year the
//! leaver's customers are the hire's portfolio, and the hire is replayed on them like the payees who
//! stay (`super::customers`, `super::kpi_grid`). The portfolio moves whole (customer data has no
//! dated portfolios): a leaver who works part of the modelled year keeps none of it.

use super::model::drives_kpis;
use super::scenario::{Hire, Scenario};
use crate::data::CustomerData;
use crate::diag::Diagnostic;
use crate::plan::Plan;

/// A hire's `inherits` names a leaver of the scenario whom no other hire inherits, on a KPI plan.
pub(super) fn check(h: &Hire, plan: &Plan, sc: &Scenario, diags: &mut Vec<Diagnostic>) {
    let Some(from) = &h.inherits else { return };
    if !drives_kpis(plan) {
        diags.push(
            Diagnostic::new(format!(
                "hire {} inherits the customers of `{from}`, but plan `{}` reads no KPI from customer data",
                h.id, plan.id
            ))
            .at(h.loc.clone())
            .hint("`inherits` is for hires on plans driven by KPIs (GRR, NRR, churn...): remove it"),
        );
    }
    if !sc.leavers.iter().any(|l| l.payee == *from) {
        diags.push(
            Diagnostic::new(format!(
                "hire {} inherits the customers of `{from}`, who is not a leaver of the scenario",
                h.id
            ))
            .at(h.loc.clone())
            .hint(format!(
                "add [[leavers]] payee = \"{from}\", or inherit from one of the leavers"
            )),
        );
    }
    if let Some(first) = sc
        .hires
        .iter()
        .find(|o| o.inherits.as_deref() == Some(from.as_str()))
        .filter(|o| o.id != h.id)
    {
        diags.push(
            Diagnostic::new(format!(
                "hires {} and {} both inherit the customers of `{from}`",
                first.id, h.id
            ))
            .at(h.loc.clone())
            .hint("a portfolio goes to one hire"),
        );
    }
}

/// The hires who inherit a portfolio (replayed, not synthetic).
pub(super) fn heirs(sc: &Scenario) -> std::collections::HashSet<String> {
    sc.hires
        .iter()
        .filter(|h| h.inherits.is_some())
        .map(|h| h.id.clone())
        .collect()
}

/// The modelled year's customer data with each inherited portfolio moved to its hire.
pub(super) fn hand_over(customers: &mut CustomerData, sc: &Scenario) {
    let moves: Vec<(&str, &str)> = sc
        .hires
        .iter()
        .filter_map(|h| h.inherits.as_deref().map(|from| (from, h.id.as_str())))
        .collect();
    if moves.is_empty() {
        return;
    }
    let list = std::mem::take(&mut customers.customers);
    let moved = list
        .into_iter()
        .map(|mut c| {
            if let Some((_, to)) = moves.iter().find(|(from, _)| *from == c.csm) {
                c.csm = to.to_string();
            }
            c
        })
        .collect();
    let files = std::mem::take(&mut customers.files);
    let given = std::mem::take(&mut customers.given);
    let old = std::mem::take(customers);
    *customers = CustomerData::from_parts(moved, old.movements, old.surveys, old.onboardings);
    customers.files = files;
    customers.given = given;
}
