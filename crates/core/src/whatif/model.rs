//! The modelled year: the roster, quotas and records of a year to come, built from a year of actual
//! data and a scenario, as a `Dataset` the engine of `comp calc` runs on unchanged.
//!
//! - Replay: the base year's credited records, moved into the modelled year and scaled.
//! - Synthetic (grid, Monte Carlo, and hires in a replay): records made for an attainment
//!   (`super::synthetic`).

use super::projection::WhatifNote;
use super::scenario::{Hire, Scenario};
use super::synthetic::Synthetic;
use super::Swaps;
use crate::data::{Column, Dataset, Payee, Quota, Quotas, RecordTable, Roster};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::arith;
use crate::period::{FiscalStart, Frequency, Period};
use crate::plan::Plan;
use crate::variant;
use crate::workspace::Workspace;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// A quota row of the modelled year: (payee, measure, row).
pub type QuotaRow = (String, String, Quota);

pub struct ModelYear {
    /// The workspace of the modelled year: swapped-in plans are in force.
    pub ws: Workspace,
    pub year: Period,
    /// Payees of the modelled year, existing and hired, sorted by id.
    pub roster: Roster,
    pub hired: HashSet<String>,
    /// Hires who inherit a leaver's customers: replayed on them (`super::kpi_hires`).
    pub heirs: HashSet<String>,
    /// Quota rows of the modelled year, by payee, measure and period.
    pub quotas: Vec<QuotaRow>,
    /// The base year's records moved into the modelled year, for the payees who stay.
    pub replay: Dataset,
    pub notes: Vec<WhatifNote>,
    /// What each payee's records look like at an attainment (grid, Monte Carlo, hires).
    pub(super) synthetic: Synthetic,
}

pub(super) fn overflow() -> Invalid {
    Invalid(vec![Diagnostic::new(
        "the scenario's numbers are too large to compute exactly",
    )])
}

/// A KPI from customer data or a ratio of measures: not a sum or count of records.
pub(super) fn is_kpi(m: &crate::plan::Measure) -> bool {
    m.kpi.is_some() || m.ratio.is_some()
}

pub(super) fn drives_kpis(plan: &Plan) -> bool {
    plan.measures.iter().any(is_kpi)
}

/// A date moved by whole years; 29 February becomes the 28th in a year without it.
pub fn shift_date(d: NaiveDate, years: i32) -> NaiveDate {
    if years == 0 {
        return d;
    }
    d.with_year(d.year() + years)
        .or_else(|| d.pred_opt().and_then(|p| p.with_year(p.year() + years)))
        .unwrap_or(d)
}

/// A period moved by whole years, with its label.
fn shift_period(p: &Period, years: i32, fiscal: FiscalStart) -> Option<Period> {
    let label = p.to_string();
    let (y, rest) = label.split_at(4.min(label.len()));
    let y: i32 = y.parse().ok()?;
    Period::parse(&format!("{}{rest}", y + years), fiscal)
}

impl ModelYear {
    /// The year `sc` models with `kind`, from `base`: the base year's data, read as
    /// `super::needs` asks. Problems of the scenario (swaps, leavers, hires) are reported together.
    pub fn build(
        ws: &Workspace,
        sc: &Scenario,
        swaps: &Swaps,
        base: &Dataset,
    ) -> Result<ModelYear, Invalid> {
        let mut model_ws = ws.clone();
        for (_, p) in &swaps.plans {
            model_ws = variant::with_plan(&model_ws, &p.id, p);
        }
        let mut diags = swaps.problems.clone();
        check_leavers(sc, &base.roster, &mut diags);
        check_dated_swaps(sc, swaps, &mut diags);
        let mut payees = staying(sc, &swaps.plans, &base.roster)?;
        let hired = hires(&model_ws, sc, &base.roster, &mut payees, &mut diags);
        if !diags.is_empty() {
            return Err(Invalid(diags));
        }
        let mut notes = Vec::new();
        let new_books: Vec<String> = sc
            .hires
            .iter()
            .filter(|h| h.portfolio.is_some() && hired.contains(&h.id))
            .map(|h| h.id.clone())
            .collect();
        if !new_books.is_empty() {
            notes.push(WhatifNote::NewPortfolios { payees: new_books });
        }
        let roster = Roster::from_payees(payees);
        notes.extend(partial_year_note(&roster, &hired, sc));

        let (mut quotas, left) =
            shifted_quotas(sc, &roster, &base.roster, &base.quotas, ws.fiscal)?;
        if !left.is_empty() {
            fill_from_current_plan(&mut quotas, &left, sc.year, ws.fiscal);
            notes.push(WhatifNote::LeftPlanQuotas {
                payees: left,
                year: sc.year,
                base: sc.base,
            });
        }
        let filled = fill_missing_months(&mut quotas, sc.year, ws.fiscal);
        if !filled.is_empty() {
            notes.push(WhatifNote::MonthsFilled {
                payees: filled,
                year: sc.year,
                base: sc.base,
            });
        }
        super::given_quotas::apply(&model_ws, sc, &roster, &hired, base, &mut quotas)?;
        for h in &sc.hires {
            quotas.extend(hire_quotas(h, sc.year, ws.fiscal)?);
        }
        quotas.sort_by(|a, b| (&a.0, &a.1, a.2.period).cmp(&(&b.0, &b.1, b.2.period)));

        let replay = replay_data(base, &roster, &hired, &quotas, sc)?;
        let synthetic =
            Synthetic::new(&model_ws, sc.year, &roster, &quotas, &replay, &base.tables)?;
        Ok(ModelYear {
            ws: model_ws,
            year: sc.year,
            roster,
            hired,
            heirs: super::kpi_hires::heirs(sc),
            quotas,
            replay,
            notes,
            synthetic,
        })
    }
}

impl ModelYear {
    /// KPIs from customer data (NRR, GRR, NPS...) and ratios of measures are not modelled by
    /// attainment: synthetic records drive record measures, and a hire has no customers. A plan
    /// with such a measure is refused for a synthetic payee, not paid as if its KPI had no value
    /// (payees with customers are replayed on them: `super::customers`, `super::kpi_grid`,
    /// `super::monte_carlo_kpi`).
    /// (For the plans of the payees given by roster index.)
    pub fn check_kpis(&self, payees: &[usize]) -> Result<(), Invalid> {
        let mut diags = Vec::new();
        for plan in &self.ws.plans {
            if !payees
                .iter()
                .any(|&i| self.roster.payees[i].plan == plan.id)
            {
                continue;
            }
            if let Some(m) = plan.measures.iter().find(|m| is_kpi(m)) {
                diags.push(
                    Diagnostic::new(format!(
                        "plan `{}` is driven by `{}`, a KPI from customer data: a hire without customers has none to compute it on",
                        plan.id, m.id
                    ))
                    .at(m.loc.clone())
                    .hint("a hire on this plan takes over a leaver's customers with `inherits = \"<leaver id>\"` or takes a new portfolio with `portfolio = { customers = 20, mrr = 30000 }`"),
                );
            }
            // a synthetic record stands for a period's total (or a case's part of it,
            // `case_mix`): it has no amount or date of its own to compare, so a comparison would
            // silently keep or drop it
            let by_case = plan.components.iter().find_map(|c| match &c.rule {
                crate::plan::Rule::Commission(cm)
                    if cm.cases.iter().any(|k| !k.conditions.is_empty()) =>
                {
                    Some(&plan.measures[cm.on])
                }
                _ => None,
            });
            let compares = plan.measures.iter().find(|m| !m.conditions.is_empty());
            if let Some(m) = compares.or(by_case) {
                diags.push(
                    Diagnostic::new(format!(
                        "plan `{}` tests a record's own values on measure `{}` (a comparison or cases), which what-if's synthetic records do not model",
                        plan.id, m.id
                    ))
                    .at(m.loc.clone())
                    .hint("model this plan's payees with the replay of their own records, or leave them out"),
                );
            }
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(Invalid(diags))
        }
    }

    /// The values of payee `i`'s synthetic records at attainment `a` (see `Synthetic::values`).
    pub fn values(&self, i: usize, a: Decimal) -> Result<Vec<Decimal>, Invalid> {
        self.synthetic.values(i, &self.roster.payees[i].plan, a)
    }

    /// The same in plan period `period` alone (an index into the year's plan periods).
    pub fn values_in(&self, i: usize, period: usize, a: Decimal) -> Result<Vec<Decimal>, Invalid> {
        self.synthetic
            .values_in(i, &self.roster.payees[i].plan, period, a)
    }
}

/// Leavers must be on the roster.
fn check_leavers(sc: &Scenario, base: &Roster, diags: &mut Vec<Diagnostic>) {
    for l in &sc.leavers {
        if base.get(&l.payee).is_none() {
            diags.push(
                Diagnostic::new(format!("leaver `{}` is not on the roster", l.payee))
                    .at(l.loc.clone()),
            );
        }
    }
}

/// The base roster's payees employed in the modelled year (leavers until their last day), moved
/// to the plans swapped in for theirs, their target incentive grown.
/// Payees on plans driven by KPIs from customer data stay in every model: a replay replays their
/// customers (`super::customers`), the grid sets their KPIs (`super::kpi_grid`) and Monte Carlo
/// draws them (`super::monte_carlo_kpi`).
fn staying(sc: &Scenario, swaps: &[(String, Plan)], base: &Roster) -> Result<Vec<Payee>, Invalid> {
    let mut payees = Vec::new();
    for p in &base.payees {
        let mut p = p.clone();
        if let Some(l) = sc.leavers.iter().find(|l| l.payee == p.id) {
            match l.last_day {
                None => continue,
                Some(d) => p.end = Some(p.end.map_or(d, |e| e.min(d))),
            }
        }
        // (a leaver's last day before a later assignment's start ends that assignment before it begins)
        let ended_before = p.end.is_some_and(|e| e < p.start);
        if ended_before || !p.employed_during(sc.year.start, sc.year.end()) {
            continue;
        }
        for mut p in swapped(p, sc, swaps) {
            let f = sc
                .target_incentive
                .factor(&p.id, p.team.as_deref(), &p.plan);
            p.target_incentive = arith::mul(p.target_incentive, f).map_err(|_| overflow())?;
            payees.push(p);
        }
    }
    Ok(payees)
}

/// An assignment under the scenario's swaps: on the new plan all year; or, for a swap from a date,
/// on the old plan until the day before and the new one from that day (an assignment across the
/// date split in two, each prorated by its days as rule 20 does).
fn swapped(mut p: Payee, sc: &Scenario, swaps: &[(String, Plan)]) -> Vec<Payee> {
    let Some((_, to)) = swaps.iter().find(|(from, _)| *from == p.plan) else {
        return vec![p];
    };
    let starting = sc
        .swaps
        .iter()
        .find(|s| s.from == p.plan)
        .and_then(|s| s.starting);
    let Some(d) = starting else {
        p.plan = to.id.clone();
        return vec![p];
    };
    if p.end.is_some_and(|e| e < d) {
        return vec![p];
    }
    if p.start >= d {
        p.plan = to.id.clone();
        return vec![p];
    }
    let mut after = p.clone();
    after.start = d;
    after.plan = to.id.clone();
    p.end = d.pred_opt();
    vec![p, after]
}

/// A swap from a date takes effect inside the modelled year, and keeps the old plan until then, so
/// the new plan needs an id of its own.
fn check_dated_swaps(sc: &Scenario, swaps: &Swaps, diags: &mut Vec<Diagnostic>) {
    for s in &sc.swaps {
        let Some(d) = s.starting else { continue };
        if !sc.year.contains(d) {
            diags.push(
                Diagnostic::new(format!(
                    "the swap of plan `{}` takes effect on {d}, outside {}",
                    s.from, sc.year
                ))
                .at(s.loc.clone())
                .hint(format!(
                    "give a date in {}, or drop `from` to swap the plan for the whole year",
                    sc.year
                )),
            );
        }
        if swaps
            .plans
            .iter()
            .any(|(from, p)| *from == s.from && p.id == s.from)
        {
            diags.push(
                Diagnostic::new(format!(
                    "the swap of plan `{}` from {d} swaps in a plan with the same id: both are in force that year",
                    s.from
                ))
                .at(s.loc.clone())
                .hint("give the new plan file an id of its own"),
            );
        }
    }
}

/// The scenario's hires as payees (into `payees`), each checked against the modelled year's plans;
/// their ids.
fn hires(
    model_ws: &Workspace,
    sc: &Scenario,
    base: &Roster,
    payees: &mut Vec<Payee>,
    diags: &mut Vec<Diagnostic>,
) -> HashSet<String> {
    let mut hired = HashSet::new();
    for h in &sc.hires {
        let Some(plan) = model_ws.plan(&h.plan) else {
            let ids: Vec<&str> = model_ws.plans.iter().map(|p| p.id.as_str()).collect();
            diags.push(
                Diagnostic::new(format!("hires on plan `{}`, which is not in force", h.plan))
                    .at(h.loc.clone())
                    .hint(format!("plans of the modelled year: {}", ids.join(", "))),
            );
            continue;
        };
        check_hire(h, plan, base, sc.year, diags);
        super::kpi_hires::check(h, plan, sc, diags);
        hired.insert(h.id.clone());
        payees.push(Payee {
            id: h.id.clone(),
            name: h.id.clone(),
            plan: h.plan.clone(),
            team: h.team.clone(),
            manager: None,
            start: h.start,
            end: None,
            base: h.base,
            target_incentive: h.target_incentive,
            loc: h.loc.clone(),
        });
    }
    hired
}

/// A hire's id is new, they have a quota for every measure their plan compares with a target and
/// none for a measure it lacks, and they start in the modelled year.
fn check_hire(h: &Hire, plan: &Plan, base: &Roster, year: Period, diags: &mut Vec<Diagnostic>) {
    if base.get(&h.id).is_some() {
        diags.push(
            Diagnostic::new(format!("hire id `{}` is already on the roster", h.id))
                .at(h.loc.clone())
                .hint("give the hires another `id` prefix"),
        );
    }
    for c in plan.components.iter().filter(|c| c.rule.needs_target()) {
        let m = &plan.measures[c.rule.on()].id;
        if !h.quota.iter().any(|(q, _, _)| q == m) {
            diags.push(
                Diagnostic::new(format!(
                    "hire {} needs a quota for `{m}`: component `{}` of plan `{}` compares it with a target",
                    h.id, c.id, plan.id
                ))
                .at(h.loc.clone())
                .hint(format!("add quota = {{ {m} = <annual target> }} to the hire")),
            );
        }
    }
    for (m, _, loc) in &h.quota {
        if plan.measure(m).is_none() {
            let ids: Vec<&str> = plan.measures.iter().map(|m| m.id.as_str()).collect();
            diags.push(
                Diagnostic::new(format!("plan `{}` has no measure `{m}`", plan.id))
                    .at(loc.clone())
                    .hint(format!("its measures are: {}", ids.join(", "))),
            );
        }
    }
    if !year.contains(h.start) {
        diags.push(
            Diagnostic::new(format!("hire start {} is outside {year}", h.start)).at(h.loc.clone()),
        );
    }
}

/// Payees employed for part of the base year only: a replay gives them that part of a year.
fn partial_year_note(
    roster: &Roster,
    hired: &HashSet<String>,
    sc: &Scenario,
) -> Option<WhatifNote> {
    // a person's first start and last end: a change of plan inside the year is not a part-year
    let partial: Vec<String> = roster
        .people()
        .map(|i| {
            let all = roster.assignments(&roster.payees[i].id);
            (&roster.payees[all.start], &roster.payees[all.end - 1])
        })
        .filter(|(first, _)| !hired.contains(&first.id))
        .filter(|(first, last)| {
            first.start > sc.base.start || last.end.is_some_and(|e| e < sc.base.end())
        })
        .map(|(first, _)| first.id.clone())
        .collect();
    if partial.is_empty() {
        return None;
    }
    let more = partial.len().saturating_sub(10);
    Some(WhatifNote::PartOfBaseYear {
        base: sc.base,
        payees: partial.into_iter().take(10).collect(),
        more,
    })
}

/// The base year's quota rows of the modelled year's payees, moved into it and grown; and the
/// payees some of whose rows were left behind. A quota row applies to the assignment in force in
/// its period (rule 20): a row set for an assignment that does not reach the modelled year (a
/// plan left mid-year, such as the plan before a promotion) was a target for that plan, and is
/// not carried into the modelled year, where the payee is on another.
fn shifted_quotas(
    sc: &Scenario,
    roster: &Roster,
    base_roster: &Roster,
    base: &Quotas,
    fiscal: FiscalStart,
) -> Result<(Vec<QuotaRow>, Vec<String>), Invalid> {
    let mut quotas = Vec::new();
    let mut left: Vec<String> = Vec::new();
    for (payee, measure, q) in base.rows() {
        if payee != crate::data::COMPANY
            && !for_a_staying_assignment(payee, &q.period, roster, base_roster)
        {
            if !left.iter().any(|l| l == payee) {
                left.push(payee.to_string());
            }
            continue;
        }
        // the company's target (payee `*`) grows as every quota does
        let f = if payee == crate::data::COMPANY {
            sc.quotas.factor(payee, None, "")
        } else {
            let Some(i) = roster.get(payee) else { continue };
            let p = &roster.payees[i];
            sc.quotas.factor(payee, p.team.as_deref(), &p.plan)
        };
        if !sc.base.covers(&q.period) {
            continue;
        }
        let Some(period) = shift_period(&q.period, sc.shift(), fiscal) else {
            continue;
        };
        let target = arith::mul(q.target, f).map_err(|_| overflow())?;
        quotas.push((
            payee.to_string(),
            measure.to_string(),
            Quota {
                period,
                target,
                loc: q.loc.clone(),
            },
        ));
    }
    Ok((quotas, left))
}

/// Whether a base-year quota row of `payee` over `period` is for an assignment that reaches the
/// modelled year. A payee with one assignment always is; with several, the row's assignments are
/// those in force during its period, and one of them must be among the modelled year's (which
/// keep their base-year start, `staying`).
fn for_a_staying_assignment(payee: &str, period: &Period, roster: &Roster, base: &Roster) -> bool {
    let assignments = base.assignments(payee);
    if assignments.len() <= 1 {
        return true;
    }
    let mut in_force = assignments
        .map(|a| &base.payees[a])
        .filter(|a| a.employed_during(period.start, period.end()))
        .peekable();
    if in_force.peek().is_none() {
        // a row in a gap between assignments applies to none: kept, as calc keeps it
        return true;
    }
    in_force.any(|a| {
        roster
            .assignments(payee)
            .any(|m| roster.payees[m].start == a.start)
    })
}

/// For payees whose rows of a plan they left were not carried (`shifted_quotas`): per measure,
/// the modelled year's periods their remaining rows (all of one length: months, quarters or
/// halves) miss take the last of them, the target of the plan they are on.
fn fill_from_current_plan(
    quotas: &mut Vec<QuotaRow>,
    payees: &[String],
    year: Period,
    fiscal: FiscalStart,
) {
    fill_with_last(
        quotas,
        year,
        fiscal,
        &|p| payees.iter().any(|x| x == p),
        false,
    );
}

/// A payee ramped in the base year on monthly quotas has none for the months before their start:
/// in the modelled year those months take the last monthly quota (the full one). The payees filled.
fn fill_missing_months(
    quotas: &mut Vec<QuotaRow>,
    year: Period,
    fiscal: FiscalStart,
) -> Vec<String> {
    fill_with_last(quotas, year, fiscal, &|_| true, true)
}

/// For each (payee, measure) of the payees `whose` whose rows are all of one length (with
/// `months_only`, months): the periods of the modelled year of that length with no row take the
/// last row's target. The payees filled.
fn fill_with_last(
    quotas: &mut Vec<QuotaRow>,
    year: Period,
    fiscal: FiscalStart,
    whose: &dyn Fn(&str) -> bool,
    months_only: bool,
) -> Vec<String> {
    let mut filled: Vec<String> = Vec::new();
    let mut keys: Vec<(String, String)> = quotas
        .iter()
        .filter(|(p, _, _)| whose(p))
        .map(|(p, m, _)| (p.clone(), m.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    for (payee, measure) in keys {
        let rows: Vec<&Quota> = quotas
            .iter()
            .filter(|(p, m, _)| *p == payee && *m == measure)
            .map(|(_, _, q)| q)
            .collect();
        let months = rows[0].period.months;
        let frequency = match (months, months_only) {
            (1, _) => Frequency::Month,
            (3, false) => Frequency::Quarter,
            (6, false) => Frequency::Half,
            _ => continue,
        };
        if rows.iter().any(|q| q.period.months != months) {
            continue;
        }
        let last = rows
            .iter()
            .max_by_key(|q| q.period.start)
            .map(|q| (*q).clone())
            .expect("a key has a row");
        let missing: Vec<Period> = year
            .split(frequency, fiscal)
            .into_iter()
            .filter(|p| !rows.iter().any(|q| q.period == *p))
            .collect();
        if !missing.is_empty() && !filled.contains(&payee) {
            filled.push(payee.clone());
        }
        for period in missing {
            quotas.push((
                payee.clone(),
                measure.clone(),
                Quota {
                    period,
                    ..last.clone()
                },
            ));
        }
    }
    filled
}

/// A hire's monthly quota rows: a twelfth of the annual quota, ramped from the start month.
fn hire_quotas(h: &Hire, year: Period, fiscal: FiscalStart) -> Result<Vec<QuotaRow>, Invalid> {
    let mut quotas = Vec::new();
    for (measure, annual, loc) in &h.quota {
        for month in &year.split(Frequency::Month, fiscal) {
            let monthly = arith::div(*annual, Decimal::from(12)).map_err(|_| overflow())?;
            // months before the start count at full quota: the engine prorates a period the hire
            // only partly works, so the quota rows are full-period equivalents
            let share = match months_between(h.start, month.start) {
                Some(n) => h.ramp.get(n).copied().unwrap_or(Decimal::ONE),
                None => Decimal::ONE,
            };
            quotas.push((
                h.id.clone(),
                measure.clone(),
                Quota {
                    period: *month,
                    target: arith::mul(monthly, share).map_err(|_| overflow())?,
                    loc: loc.clone(),
                },
            ));
        }
    }
    Ok(quotas)
}

/// Months from the month of `start` to the month of `d` (None when `d` is earlier).
fn months_between(start: NaiveDate, d: NaiveDate) -> Option<usize> {
    let m = |x: NaiveDate| x.year() * 12 + x.month0() as i32;
    let n = m(d) - m(start);
    (n >= 0).then_some(n as usize)
}

pub(super) fn quota_set(rows: &[QuotaRow]) -> Quotas {
    let mut q = Quotas::default();
    for (p, m, row) in rows {
        q.insert(p, m, row.clone());
    }
    q
}

/// The replayed year: the base year's records moved and scaled, for the payees who stay, and the
/// base year's customer data moved and scaled for the KPI plans (`super::customers`).
fn replay_data(
    base: &Dataset,
    roster: &Roster,
    hired: &HashSet<String>,
    quotas: &[QuotaRow],
    sc: &Scenario,
) -> Result<Dataset, Invalid> {
    let shift = sc.shift();
    let mut tables = Vec::new();
    for t in &base.tables {
        tables.push(replay_table(t, roster, hired, sc, shift)?);
    }
    // hires who inherit a portfolio are replayed on it (they have no records)
    let heirs = super::kpi_hires::heirs(sc);
    let existing: Vec<Payee> = roster
        .payees
        .iter()
        .filter(|p| !hired.contains(&p.id) || heirs.contains(&p.id))
        .cloned()
        .collect();
    let mut customers = super::customers::replayed(&base.customers, sc)?;
    super::kpi_hires::hand_over(&mut customers, sc);
    Ok(Dataset {
        roster: Roster::from_payees(existing),
        quotas: quota_set(quotas),
        tables,
        customers,
    })
}

/// The base year's records of the payees who stay, dated into the modelled year, decimals scaled.
fn replay_table(
    t: &RecordTable,
    roster: &Roster,
    hired: &HashSet<String>,
    sc: &Scenario,
    shift: i32,
) -> Result<RecordTable, Invalid> {
    let payee_field = t.field("payee").expect("record sources map payee");
    let date_field = t.field("date").expect("record sources map date");
    let payees = t.text(payee_field);
    let dates = t.dates(date_field);
    let mut on_roster: HashMap<u32, bool> = HashMap::new();
    let keep: Vec<usize> = (0..t.len())
        .filter(|&r| dates[r].is_some_and(|d| sc.base.contains(d)))
        .filter(|&r| {
            *on_roster.entry(payees[r]).or_insert_with(|| {
                let id = t.symbols.resolve(payees[r]);
                roster.get(id).is_some() && !hired.contains(id)
            })
        })
        .collect();
    let factor = Decimal::ONE + sc.replay_growth;
    let mut out = t.clone();
    out.lines = keep.iter().map(|&r| t.lines[r]).collect();
    for col in &mut out.columns {
        match col {
            Column::Text(v) if !v.is_empty() => *v = keep.iter().map(|&r| v[r]).collect(),
            Column::Date(v) if !v.is_empty() => {
                *v = keep
                    .iter()
                    .map(|&r| v[r].map(|d| shift_date(d, shift)))
                    .collect()
            }
            Column::Decimal(v) if !v.is_empty() => {
                let mut scaled = Vec::with_capacity(keep.len());
                for &r in &keep {
                    scaled.push(match v[r] {
                        Some(x) => Some(arith::mul(x, factor).map_err(|_| overflow())?),
                        None => None,
                    });
                }
                *v = scaled;
            }
            _ => {}
        }
    }
    Ok(out)
}
