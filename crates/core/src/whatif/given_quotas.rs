//! Quotas a scenario gives directly (`[quotas.set]`, `[quotas] actuals`): the modelled year's plan
//! may compare a measure the base year's plan never had a quota for (a swap from paying per new
//! customer to paying on ARR), so its quotas come from the scenario, not from base-year rows.
//!
//! - `set`: an annual quota per measure for the payees of a plan, of a team, or one payee (the most
//!   specific wins); it replaces the base-year rows moved and grown for that measure.
//! - `actuals`: for a measure a payee has no quota rows for, their base-year value of it (computed
//!   by the engine of `comp calc` on the base year, under the modelled year's plan), annualised
//!   over the days they were employed, times (1 + growth).
//!
//! Either way the annual quota becomes one quota row for the modelled year, which the engine reads
//! for each plan period (and prorates) as it reads a yearly row of a quotas file.

use super::model::{overflow, QuotaRow};
use super::scenario::{Given, QuotaSet, Scenario};
use crate::data::{Dataset, Ledger, Quota, Roster};
use crate::diag::{Diagnostic, Invalid, Location};
use crate::engine::{self, arith, Request};
use crate::period::{Frequency, Period};
use crate::plan::{Plan, PlanBasis};
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};

/// The measures a plan compares with a target: those it needs quotas for.
pub(super) fn target_measures(plan: &Plan) -> Vec<&str> {
    let mut ms: Vec<&str> = plan
        .components
        .iter()
        .filter(|c| c.rule.needs_target())
        .map(|c| plan.measures[c.rule.on()].id.as_str())
        .collect();
    ms.dedup();
    ms
}

/// Entries that name a plan, team or payee the modelled year does not have, or a measure their
/// plans compare with no target: each an error, so no quota is silently dropped.
fn check(ws: &Workspace, set: &QuotaSet, roster: &Roster, diags: &mut Vec<Diagnostic>) {
    let plan_of = |id: &str| ws.plan(id);
    let needs = |plans: &[&Plan], m: &str| plans.iter().any(|p| target_measures(p).contains(&m));
    let mut entry = |what: &str, key: &str, plans: Vec<&Plan>, quotas: &Given| {
        for (m, _, loc) in quotas {
            if plans.is_empty() {
                diags.push(
                    Diagnostic::new(format!(
                        "quotas for {what} `{key}`, which has no payee in the modelled year"
                    ))
                    .at(loc.clone()),
                );
                return;
            }
            if !needs(&plans, m) {
                let mut known: Vec<&str> = plans.iter().flat_map(|p| target_measures(p)).collect();
                known.sort_unstable();
                known.dedup();
                diags.push(
                    Diagnostic::new(if what == "plan" {
                        format!("a quota for `{m}`, which plan `{key}` does not compare with a target")
                    } else {
                        format!("a quota for `{m}`, which the plan of {what} `{key}` does not compare with a target")
                    })
                    .at(loc.clone())
                    .hint(if known.is_empty() {
                        "their plans need no quota".to_string()
                    } else {
                        format!("the measures that need quotas: {}", known.join(", "))
                    }),
                );
            }
        }
    };
    let plans_where = |f: &dyn Fn(&crate::data::Payee) -> bool| -> Vec<&Plan> {
        let mut ids: Vec<&str> = roster
            .payees
            .iter()
            .filter(|p| f(p))
            .map(|p| p.plan.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().filter_map(plan_of).collect()
    };
    for (plan, q) in &set.plans {
        entry("plan", plan, plans_where(&|p| p.plan == *plan), q);
    }
    for (team, q) in &set.teams {
        entry(
            "team",
            team,
            plans_where(&|p| p.team.as_deref() == Some(team)),
            q,
        );
    }
    for (payee, q) in &set.payees {
        entry("payee", payee, plans_where(&|p| p.id == *payee), q);
    }
    let all = plans_where(&|_| true);
    for (m, _, loc) in &set.actuals {
        if !needs(&all, m) {
            diags.push(
                Diagnostic::new(format!(
                    "quotas from actuals for `{m}`, which no plan of the modelled year compares with a target"
                ))
                .at(loc.clone()),
            );
        }
    }
}

/// An annual quota as one row for the modelled year: what a quota file with a yearly row gives,
/// each plan period's target taken from it as `comp calc` takes it.
fn yearly(payee: &str, measure: &str, annual: Decimal, year: Period, loc: &Location) -> QuotaRow {
    (
        payee.to_string(),
        measure.to_string(),
        Quota {
            period: year,
            target: annual,
            loc: loc.clone(),
        },
    )
}

/// The scenario's quotas in `quotas` (the base year's rows moved and grown), for the payees of
/// `roster` other than `hired` (whose quotas the hire gives).
pub(super) fn apply(
    ws: &Workspace,
    sc: &Scenario,
    roster: &Roster,
    hired: &HashSet<String>,
    base: &Dataset,
    quotas: &mut Vec<QuotaRow>,
) -> Result<(), Invalid> {
    let set = &sc.quota_set;
    if set.is_empty() {
        return missing(ws, sc, roster, hired, quotas);
    }
    let mut diags = Vec::new();
    check(ws, set, roster, &mut diags);
    if !diags.is_empty() {
        return Err(Invalid(diags));
    }
    let have: HashSet<(String, String)> = quotas
        .iter()
        .map(|(p, m, _)| (p.clone(), m.clone()))
        .collect();
    let mut given: Vec<QuotaRow> = Vec::new();
    let mut replaced: HashSet<(String, String)> = HashSet::new();
    // (payee, measure, growth, place) to compute from the base year's actuals
    let mut from_actuals: Vec<(String, String, Decimal, Location)> = Vec::new();
    for p in roster.payees.iter().filter(|p| !hired.contains(&p.id)) {
        let Some(plan) = ws.plan(&p.plan) else {
            continue;
        };
        for m in target_measures(plan) {
            let direct = |v: &[(String, Given)], k: &str| {
                v.iter()
                    .find(|(n, _)| n == k)
                    .and_then(|(_, q)| q.iter().find(|(x, _, _)| x == m))
                    .map(|(_, q, loc)| (*q, loc.clone()))
            };
            let found = direct(&set.payees, &p.id)
                .or_else(|| p.team.as_deref().and_then(|t| direct(&set.teams, t)))
                .or_else(|| direct(&set.plans, &p.plan));
            if let Some((annual, loc)) = found {
                given.push(yearly(&p.id, m, annual, sc.year, &loc));
                replaced.insert((p.id.clone(), m.to_string()));
            } else if !have.contains(&(p.id.clone(), m.to_string())) {
                if let Some((_, g, loc)) = set.actuals.iter().find(|(x, _, _)| x == m) {
                    from_actuals.push((p.id.clone(), m.to_string(), *g, loc.clone()));
                }
            }
        }
    }
    let actual = actuals(ws, sc, roster, base, &from_actuals)?;
    for (payee, m, g, loc) in &from_actuals {
        let v = actual.get(&(payee.clone(), m.clone())).copied();
        let Some(v) = v.filter(|v| *v > Decimal::ZERO) else {
            diags.push(
                Diagnostic::new(format!(
                    "payee {payee} has no base-year {m} to set a quota from"
                ))
                .at(loc.clone())
                .hint(format!(
                    "give their quota in [quotas.set] payees = {{ \"{payee}\" = {{ {m} = ... }} }}"
                )),
            );
            continue;
        };
        let annual = arith::mul(v, Decimal::ONE + g).map_err(|_| overflow())?;
        given.push(yearly(payee, m, annual, sc.year, loc));
    }
    if !diags.is_empty() {
        return Err(Invalid(diags));
    }
    quotas.retain(|(p, m, _)| !replaced.contains(&(p.clone(), m.clone())));
    quotas.extend(given);
    missing(ws, sc, roster, hired, quotas)
}

/// Payees of the modelled year with no quota at all for a measure their plan compares with a
/// target: one error per plan and measure, naming the component and the payees, its hint the
/// scenario's ways to give the quota (the base year's quota file is not where a year to come is
/// set).
fn missing(
    ws: &Workspace,
    sc: &Scenario,
    roster: &Roster,
    hired: &HashSet<String>,
    quotas: &[QuotaRow],
) -> Result<(), Invalid> {
    let have: HashSet<(&str, &str)> = quotas
        .iter()
        .map(|(p, m, _)| (p.as_str(), m.as_str()))
        .collect();
    let mut diags = Vec::new();
    for plan in &ws.plans {
        for c in plan.components.iter().filter(|c| c.rule.needs_target()) {
            let m = plan.measures[c.rule.on()].id.as_str();
            let without: Vec<&str> = roster
                .payees
                .iter()
                .filter(|p| p.plan == plan.id && !hired.contains(&p.id))
                .filter(|p| !have.contains(&(p.id.as_str(), m)))
                .map(|p| p.id.as_str())
                .collect();
            // one error per measure of a plan, at its first component
            let first = plan
                .components
                .iter()
                .find(|k| k.rule.needs_target() && plan.measures[k.rule.on()].id == m)
                .is_some_and(|k| k.id == c.id);
            if without.is_empty() || !first {
                continue;
            }
            let hint = if sc.quota_set.actuals.iter().any(|(x, _, _)| x == m) {
                format!(
                    "give their `{m}` quota in [quotas.set] plans = {{ {} = {{ {m} = ... }} }}, or by team or payee",
                    plan.id
                )
            } else {
                format!(
                    "give it in the scenario: [quotas.set] plans = {{ {} = {{ {m} = ... }} }} (or by team or payee), or [quotas] actuals = {{ {m} = \"0%\" }} for each payee's {} value",
                    plan.id, sc.base
                )
            };
            diags.push(
                Diagnostic::new(format!(
                    "plan `{}` compares `{m}` with a target (component `{}`), and {} has no quota for it for: {}",
                    plan.id,
                    c.id,
                    sc.year,
                    without.join(", ")
                ))
                .at(c.loc.clone())
                .hint(hint),
            );
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Invalid(diags))
    }
}

/// Each (payee, measure)'s value over the base year under the modelled year's plan, annualised
/// over the days they were employed in it. One engine run on the base year's data, its payees on
/// their modelled-year plans; measures without quota rows get a placeholder target (1), which
/// changes what the run pays but not what it measures.
fn actuals(
    ws: &Workspace,
    sc: &Scenario,
    roster: &Roster,
    base: &Dataset,
    wanted: &[(String, String, Decimal, Location)],
) -> Result<BTreeMap<(String, String), Decimal>, Invalid> {
    let mut out = BTreeMap::new();
    if wanted.is_empty() {
        return Ok(out);
    }
    let mut ids: Vec<String> = wanted.iter().map(|w| w.0.clone()).collect();
    ids.dedup();
    // the base year's payees on their modelled-year plans; customer data is not read (what-if
    // gives no quota to KPI plans)
    let payees = base
        .roster
        .payees
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some(i) = roster.get(&p.id) {
                p.plan = roster.payees[i].plan.clone();
            }
            p
        })
        .collect();
    let mut data = Dataset {
        roster: Roster::from_payees(payees),
        quotas: base.quotas.clone(),
        tables: base.tables.clone(),
        customers: Default::default(),
    };
    let months = sc.base.split(Frequency::Month, ws.fiscal);
    for id in &ids {
        let i = roster.get(id).expect("a payee of the modelled year");
        let Some(plan) = ws.plan(&roster.payees[i].plan) else {
            continue;
        };
        for m in target_measures(plan) {
            if months
                .iter()
                .any(|mo| data.quotas.target(id, m, mo).is_some())
            {
                continue;
            }
            for mo in &months {
                data.quotas.insert(
                    id,
                    m,
                    Quota {
                        period: *mo,
                        target: Decimal::ONE,
                        loc: roster.payees[i].loc.clone(),
                    },
                );
            }
        }
    }
    let req = Request {
        payees: ids.clone(),
        ..Request::everyone(sc.base)
    };
    let report = engine::calculate(ws, &data, &Ledger::empty(&ws.ledger), &req)?;
    for s in &report.statements {
        let mut seen: Vec<&str> = Vec::new();
        for l in &s.lines {
            let (Some(m), Some(v)) = (l.measure.as_deref(), l.value) else {
                continue;
            };
            if seen.contains(&m) || !wanted.iter().any(|w| w.0 == s.payee && w.1 == m) {
                continue;
            }
            seen.push(m);
            let e = out
                .entry((s.payee.clone(), m.to_string()))
                .or_insert(Decimal::ZERO);
            // on a year-to-date basis each statement's measure is to date: the last is the year's
            *e = if s.basis == PlanBasis::Ytd {
                v
            } else {
                arith::add(*e, v).map_err(|_| overflow())?
            };
        }
    }
    // a payee employed part of the base year: their value over a whole year at the same pace
    let (start, end) = (sc.base.start, sc.base.end());
    let year_days = Decimal::from((end - start).num_days() + 1);
    for ((payee, _), v) in out.iter_mut() {
        let Some(k) = base.roster.get(payee) else {
            continue;
        };
        let p = &base.roster.payees[k];
        let from = p.start.max(start);
        let to = p.end.map_or(end, |e| e.min(end));
        let days = (to - from).num_days() + 1;
        if days > 0 && Decimal::from(days) < year_days {
            *v = arith::div(
                arith::mul(*v, year_days).map_err(|_| overflow())?,
                Decimal::from(days),
            )
            .map_err(|_| overflow())?;
        }
    }
    Ok(out)
}
