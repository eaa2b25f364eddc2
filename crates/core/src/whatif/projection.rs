//! Projections: what a scenario costs, per payee, plan, team and the company, as plain data the
//! renderers format.

use super::model::ModelYear;
use super::run::Outcome;
use super::scenario::ModelKind;
use crate::diag::{Diagnostic, Invalid};
use crate::period::Period;
use crate::plan::Plan;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One row of a projection: a payee, or a plan, team or the company.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Grid: the attainment everyone is at.
    pub point: Option<Decimal>,
    /// Grid: the value each KPI `[grid] kpi` lists takes at this point (empty otherwise).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub kpi: BTreeMap<String, Decimal>,
    /// payee, plan, team or company.
    pub level: &'static str,
    pub id: String,
    pub name: String,
    pub plan: String,
    pub team: String,
    pub hire: bool,
    pub payees: usize,
    pub measure: Option<String>,
    pub value: Option<Decimal>,
    pub target: Option<Decimal>,
    pub attainment: Option<Decimal>,
    pub revenue: Decimal,
    /// The payout: for Monte Carlo, the mean over trials.
    pub payout: Decimal,
    pub p10: Option<Decimal>,
    pub p50: Option<Decimal>,
    pub p90: Option<Decimal>,
    /// payout / revenue.
    pub cost_of_sales: Option<Decimal>,
    /// Share of payees (with a target) at or above 100% of it; Monte Carlo: the mean over trials.
    pub at_or_above_100: Option<Decimal>,
    /// Share of payees whose pay a cap cut.
    pub capped: Decimal,
}

impl Row {
    /// A row for a group (plan, team or company) of `payees` payees: named by its key, with no
    /// measure of its own; the caller fills in the money and the shares.
    pub(super) fn group((level, id): &(&'static str, String), payees: usize) -> Row {
        Row {
            point: None,
            kpi: BTreeMap::new(),
            level,
            id: id.clone(),
            name: String::new(),
            plan: if *level == "plan" {
                id.clone()
            } else {
                String::new()
            },
            team: if *level == "team" {
                id.clone()
            } else {
                String::new()
            },
            hire: false,
            payees,
            measure: None,
            value: None,
            target: None,
            attainment: None,
            revenue: Decimal::ZERO,
            payout: Decimal::ZERO,
            p10: None,
            p50: None,
            p90: None,
            cost_of_sales: None,
            at_or_above_100: None,
            capped: Decimal::ZERO,
        }
    }
}

/// Something a reader of a projection should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatifNote {
    /// Monte Carlo: KPI measures of the modelled plans that `[monte_carlo.kpi]` does not draw,
    /// held at their base-year value (computed from the replayed customers).
    KpisHeld { measures: Vec<String> },
    /// Payees employed for part of the base year only: a replay gives them that part of a year.
    /// At most ten are named; `more` counts the others.
    PartOfBaseYear {
        base: Period,
        payees: Vec<String>,
        more: usize,
    },
    /// Payees whose monthly quotas miss months of the modelled year: those months take their
    /// last monthly quota of the base year.
    /// Payees with base-year quotas set for a plan they had left before the modelled year (a
    /// promotion): those rows are not carried; the periods they leave take the last quota on the
    /// plan the payee is on.
    LeftPlanQuotas {
        payees: Vec<String>,
        year: Period,
        base: Period,
    },
    MonthsFilled {
        payees: Vec<String>,
        year: Period,
        base: Period,
    },
    /// Hires who take a new portfolio of customers: it has no movements, so its GRR and NRR are
    /// 100% and its logo churn 0% (`super::kpi_hires`).
    NewPortfolios { payees: Vec<String> },
    /// A note of the engine's on the base year's data.
    Data(crate::report::Note),
}

#[derive(Debug, Clone, Serialize)]
pub struct Projection {
    pub scenario: String,
    pub model: ModelKind,
    pub base_year: Period,
    pub year: Period,
    pub currency: String,
    pub trials: Option<u32>,
    pub seed: Option<u64>,
    pub rows: Vec<Row>,
    /// What a reader of the projection should know; worded by the renderers.
    #[serde(skip)]
    pub notes: Vec<WhatifNote>,
    /// Monte Carlo: the company's total cost in each trial (for the chart), in trial order.
    #[serde(skip)]
    pub totals: Vec<Decimal>,
    /// Monte Carlo: each plan's seasonality, taken from the base year (`super::season`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seasons: Vec<super::season::Season>,
    /// A solved scenario: the lever's value found, this projection being the one at that value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solve: Option<super::solve::Solved>,
}

pub(super) fn overflow() -> Invalid {
    Invalid(vec![Diagnostic::new(
        "the projection's totals are too large to compute exactly",
    )])
}

/// The measure attainment is reported on: the first one a component compares with a target.
pub fn primary_measure(plan: &Plan) -> Option<&str> {
    plan.components
        .iter()
        .find(|c| c.rule.needs_target())
        .map(|c| plan.measures[c.rule.on()].id.as_str())
}

pub(super) fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        None
    } else {
        a.checked_div(b)
    }
}

/// Group keys of a payee: the company, their plan, their team.
pub(super) fn groups(model: &ModelYear) -> Vec<(&'static str, String)> {
    let mut g: Vec<(&'static str, String)> = vec![("company", "company".to_string())];
    let mut plans: Vec<String> = model.roster.payees.iter().map(|p| p.plan.clone()).collect();
    plans.sort();
    plans.dedup();
    g.extend(plans.into_iter().map(|p| ("plan", p)));
    let mut teams: Vec<String> = model.roster.payees.iter().map(team_of).collect();
    teams.sort();
    teams.dedup();
    g.extend(teams.into_iter().map(|t| ("team", t)));
    g
}

fn team_of(p: &crate::data::Payee) -> String {
    p.team.clone().unwrap_or_else(|| "(no team)".to_string())
}

pub(super) fn member(model: &ModelYear, i: usize, g: &(&'static str, String)) -> bool {
    let p = &model.roster.payees[i];
    match g.0 {
        "company" => true,
        "plan" => p.plan == g.1,
        _ => team_of(p) == g.1,
    }
}

/// Rows of one deterministic run (replay, or a grid point): payees, then plans, teams, company.
pub(super) fn rows_of(
    model: &ModelYear,
    out: &[Outcome],
    point: Option<Decimal>,
) -> Result<Vec<Row>, Invalid> {
    let money = model.ws.money;
    let mut rows = Vec::new();
    for (i, p) in model.roster.payees.iter().enumerate() {
        let o = &out[i];
        let plan = model.ws.plan(&p.plan).expect("in force");
        rows.push(Row {
            point,
            kpi: BTreeMap::new(),
            level: "payee",
            id: p.id.clone(),
            name: p.name.clone(),
            plan: p.plan.clone(),
            team: p.team.clone().unwrap_or_default(),
            hire: model.hired.contains(&p.id),
            payees: 1,
            measure: primary_measure(plan).map(str::to_string),
            value: o.value,
            target: o.target,
            attainment: o.value.zip(o.target).and_then(|(v, t)| ratio(v, t)),
            revenue: money.round(o.revenue),
            payout: o.payout,
            p10: None,
            p50: None,
            p90: None,
            cost_of_sales: ratio(o.payout, o.revenue),
            at_or_above_100: o.at_or_above_100().map(|b| Decimal::from(u8::from(b))),
            capped: Decimal::from(u8::from(o.capped)),
        });
    }
    let mut groups_out = Vec::new();
    for g in groups(model)
        .iter()
        .skip(1)
        .chain(groups(model).iter().take(1))
    {
        let members: Vec<usize> = (0..out.len()).filter(|&i| member(model, i, g)).collect();
        let sum = |f: &dyn Fn(&Outcome) -> Decimal| -> Result<Decimal, Invalid> {
            crate::engine::arith::sum(members.iter().map(|&i| f(&out[i]))).map_err(|_| overflow())
        };
        let payout = sum(&|o| o.payout)?;
        let revenue = sum(&|o| o.revenue)?;
        let with_target: Vec<bool> = members
            .iter()
            .filter_map(|&i| out[i].at_or_above_100())
            .collect();
        let capped = members.iter().filter(|&&i| out[i].capped).count();
        groups_out.push(Row {
            point,
            kpi: BTreeMap::new(),
            revenue: money.round(revenue),
            payout,
            cost_of_sales: ratio(payout, revenue),
            at_or_above_100: ratio(
                Decimal::from(with_target.iter().filter(|b| **b).count() as u64),
                Decimal::from(with_target.len() as u64),
            ),
            capped: ratio(
                Decimal::from(capped as u64),
                Decimal::from(members.len() as u64),
            )
            .unwrap_or_default(),
            ..Row::group(g, members.len())
        });
    }
    rows.extend(groups_out);
    finish_groups(&mut rows);
    Ok(rows)
}

/// What the group rows take from the payee rows once all are made: each group counts people
/// ([`count_people`]) and each plan its attainment ([`plan_attainment`]).
pub(super) fn finish_groups(rows: &mut [Row]) {
    count_people(rows);
    plan_attainment(rows);
}

/// A group's `payees` counts people, not assignments: a payee promoted inside the year (two
/// assignments, rule 20, a row on each plan) is one person in the company and in a team they
/// stayed in, and one on each plan.
fn count_people(rows: &mut [Row]) {
    let people: Vec<(String, String, String)> = rows
        .iter()
        .filter(|r| r.level == "payee")
        .map(|r| (r.id.clone(), r.plan.clone(), r.team.clone()))
        .collect();
    for r in rows
        .iter_mut()
        .filter(|r| matches!(r.level, "company" | "plan" | "team"))
    {
        let mut ids: Vec<&str> = people
            .iter()
            .filter(|(_, plan, team)| match r.level {
                "plan" => *plan == r.id,
                "team" => team_or_none(team) == r.id,
                _ => true,
            })
            .map(|(id, _, _)| id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        r.payees = ids.len();
    }
}

/// A payee row's team as the team rows name it.
fn team_or_none(team: &str) -> &str {
    if team.is_empty() {
        "(no team)"
    } else {
        team
    }
}

/// A plan's payees share its quota measure: the plan row gets their total value and target, and
/// the attainment of the sum (teams and the company mix plans, so they have none).
fn plan_attainment(rows: &mut [Row]) {
    let mut totals: Vec<(String, Option<String>, Decimal, Decimal)> = Vec::new();
    for r in rows.iter().filter(|r| r.level == "payee") {
        let (Some(v), Some(t)) = (r.value, r.target) else {
            continue;
        };
        match totals.iter_mut().find(|(p, _, _, _)| *p == r.plan) {
            Some(e) => {
                e.2 = e.2.checked_add(v).unwrap_or(e.2);
                e.3 = e.3.checked_add(t).unwrap_or(e.3);
            }
            None => totals.push((r.plan.clone(), r.measure.clone(), v, t)),
        }
    }
    for r in rows.iter_mut().filter(|r| r.level == "plan") {
        if let Some((_, m, v, t)) = totals.iter().find(|(p, _, _, _)| *p == r.id) {
            r.measure = m.clone();
            r.value = Some(*v);
            r.target = Some(*t);
            r.attainment = ratio(*v, *t);
        }
    }
}
