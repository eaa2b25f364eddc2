//! Hires on KPI plans: a hire has no customers of their own, so a hire on a plan driven by KPIs
//! from customer data takes over a leaver's (`inherits = "payee-id"`) or a new portfolio
//! (`portfolio = { customers = 20, mrr = 30000 }`): in the modelled year those customers are the
//! hire's portfolio, and the hire is replayed on them like the payees who stay
//! (`super::customers`, `super::kpi_grid`). A portfolio is the hire's for the whole year (customer
//! data has no dated portfolios): a leaver who works part of the modelled year keeps none of theirs.
//!
//! A new portfolio is `customers` customers `<hire>/1`, `<hire>/2`... whose MRR, split evenly to
//! the cent (the last takes what rounding leaves, rule 22), is in place the day before the modelled
//! year starts: it is the starting MRR of every period. They have no movements, survey answers or
//! onboardings: a new book's history is not invented, so its GRR and NRR are 100% and its logo
//! churn 0% (a team KPI counts it at that), and survey and onboarding KPIs have no value.

use super::model::drives_kpis;
use super::scenario::{Hire, Portfolio, Scenario};
use crate::data::{Customer, CustomerData, Movement, MovementKind};
use crate::diag::Diagnostic;
use crate::plan::Plan;
use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

/// A hire's `inherits` names a leaver of the scenario whom no other hire inherits, on a KPI plan;
/// a new `portfolio` is for a KPI plan too.
pub(super) fn check(h: &Hire, plan: &Plan, sc: &Scenario, diags: &mut Vec<Diagnostic>) {
    if h.portfolio.is_some() && !drives_kpis(plan) {
        diags.push(
            Diagnostic::new(format!(
                "hire {} takes a portfolio of customers, but plan `{}` reads no KPI from customer data",
                h.id, plan.id
            ))
            .at(h.loc.clone())
            .hint("`portfolio` is for hires on plans driven by KPIs (GRR, NRR, churn...): remove it"),
        );
    }
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

/// The hires who inherit a portfolio or take a new one (replayed, not synthetic).
pub(super) fn heirs(sc: &Scenario) -> std::collections::HashSet<String> {
    sc.hires
        .iter()
        .filter(|h| h.inherits.is_some() || h.portfolio.is_some())
        .map(|h| h.id.clone())
        .collect()
}

/// The modelled year's customer data with each inherited portfolio moved to its hire and each new
/// portfolio added.
pub(super) fn hand_over(customers: &mut CustomerData, sc: &Scenario) {
    let moves: Vec<(&str, &str)> = sc
        .hires
        .iter()
        .filter_map(|h| h.inherits.as_deref().map(|from| (from, h.id.as_str())))
        .collect();
    let new: Vec<(&str, Portfolio)> = sc
        .hires
        .iter()
        .filter_map(|h| h.portfolio.map(|p| (h.id.as_str(), p)))
        .collect();
    if moves.is_empty() && new.is_empty() {
        return;
    }
    let list = std::mem::take(&mut customers.customers);
    let mut movements = std::mem::take(&mut customers.movements);
    let mut moved: Vec<Customer> = list
        .into_iter()
        .map(|mut c| {
            if let Some((_, to)) = moves.iter().find(|(from, _)| *from == c.csm) {
                c.csm = to.to_string();
            }
            c
        })
        .collect();
    // in place the day before the modelled year starts: the starting MRR of its every period
    let before = sc.year.start - Days::new(1);
    for (hire, p) in new {
        for (n, mrr) in split(p).into_iter().enumerate() {
            movements.push(Movement {
                customer: moved.len(),
                date: before,
                kind: MovementKind::New,
                amount: mrr,
                line: 0,
            });
            moved.push(new_customer(hire, n + 1, before));
        }
    }
    let files = std::mem::take(&mut customers.files);
    let given = std::mem::take(&mut customers.given);
    let old = std::mem::take(customers);
    *customers = CustomerData::from_parts(moved, movements, old.surveys, old.onboardings);
    customers.files = files;
    customers.given = given;
}

/// Customer `n` of a hire's new portfolio.
fn new_customer(hire: &str, n: usize, start: NaiveDate) -> Customer {
    let id = format!("{hire}/{n}");
    Customer {
        name: id.clone(),
        id,
        ae: None,
        csm: hire.to_string(),
        start,
        currency: None,
        line: 0,
    }
}

/// A portfolio's MRR split evenly among its customers, each part rounded to the cent (half away
/// from zero) and the last taking what is left, so the parts add up to the MRR (rule 22).
fn split(p: Portfolio) -> Vec<Decimal> {
    let n = p.customers.max(1);
    let part = (p.mrr / Decimal::from(n))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let mut parts = vec![part; n as usize - 1];
    parts.push(p.mrr - part * Decimal::from(n - 1));
    parts
}

#[cfg(test)]
mod tests {
    use super::{split, Portfolio};
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// 2,000 among 3: 2,000 / 3 = 666.666... rounds to 666.67 twice (1,333.34), the last takes
    /// 2,000 - 1,333.34 = 666.66. 30,000 among 20: 1,500 each. 0.05 among 2: 0.025 rounds away to
    /// 0.03, the last 0.02.
    #[test]
    fn a_portfolio_splits_evenly_to_the_cent_and_adds_up() {
        let parts = split(Portfolio {
            customers: 3,
            mrr: d("2000"),
        });
        assert_eq!(parts, vec![d("666.67"), d("666.67"), d("666.66")]);
        let parts = split(Portfolio {
            customers: 20,
            mrr: d("30000"),
        });
        assert_eq!(parts.len(), 20);
        assert!(parts.iter().all(|p| *p == d("1500")));
        let parts = split(Portfolio {
            customers: 2,
            mrr: d("0.05"),
        });
        assert_eq!(parts, vec![d("0.03"), d("0.02")]);
        let parts = split(Portfolio {
            customers: 1,
            mrr: d("1234.567"),
        });
        assert_eq!(parts, vec![d("1234.567")]);
    }
}
