//! Monte Carlo on KPI plans: payees on plans driven by KPIs from customer data are replayed (their
//! records and customers, `super::customers`, as in a replay), and each KPI measure
//! `[monte_carlo.kpi]` lists is drawn per plan period around the base year's value; the engine of
//! `comp calc` then pays the plan's curve at the value drawn (`CustomerData::given_periods`, the
//! hook the grid uses with one value for the year: `super::kpi_grid`).
//!
//! The model (docs/whatif.md): in trial `t`, the value of KPI `m` for payee `i` in plan period `p`
//! is `mean(i, m, p) + spread(m) x dir(m) x z`, clamped to the KPI's range, where
//! - `mean` is the scenario's `mean`, else the value the replay computes for that payee (a team's
//!   KPI: that team's) in that period, so a draw at `z = 0` pays exactly what the replay pays;
//! - `spread` is a standard deviation in the KPI's own unit (0.05, "5%", is 5 points of GRR);
//! - `dir` is +1 for a KPI where more is better (GRR, NRR, NPS, CSAT) and -1 for one where less is
//!   (churn, time to value), so a bad draw is bad for every KPI;
//! - `z` is one standard normal per payee and period for the KPIs over their own portfolio (all
//!   of their plan's such KPIs move together, as all measures of a sales plan do at one
//!   attainment), one per team and period for KPIs over a team, one per period for KPIs over the
//!   company. With `correlation = { company = c, team = k }`, a payee's `z` is
//!   `sqrt(c) Zcompany + sqrt(k) Zteam + sqrt(1 - c - k) Zown` like a sales payee's (the same
//!   company and team factors when the team also has sales payees), a team's is
//!   `sqrt(c) Zcompany + sqrt(1 - c) Zteam`, the company's is `Zcompany`.
//!
//! `z` is rounded to a twentieth (and kept within 8): a payee's distinct draws are then at most
//! 321, each an engine run of the payee at those values in every period; the runs are made in
//! rounds, each round one engine run holding every payee at most once, on the records those
//! payees can read.
//!
//! A KPI a plan reads that `[monte_carlo.kpi]` does not list is computed from the replayed
//! customers: it keeps its base-year value, and the run names it in a note.

use super::model::ModelYear;
use super::projection::WhatifNote;
use super::run::{assignment_of, outcomes, Outcome};
use super::scenario::{KpiDist, Scenario};
use crate::data::{Column, Dataset, Ledger, RecordTable};
use crate::diag::Invalid;
use crate::engine::{self, Request};
use crate::period::Period;
use crate::plan::{Kpi, TestOf, Whose};
use crate::report::Reason;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Mutex;

/// Drawn `z` is rounded to `1 / Z_SCALE` (a twentieth of a standard deviation: the resolution of
/// 1% steps of attainment at a 20% spread)...
pub(super) const Z_SCALE: i64 = 20;
/// ... and kept within `Z_MAX / Z_SCALE` (8) standard deviations.
pub(super) const Z_MAX: i64 = 160;
/// Keys of one scope: `z` from `-Z_MAX` to `Z_MAX`, as 0 to `2 Z_MAX`.
pub(super) const KEYS: u32 = (2 * Z_MAX + 1) as u32;

/// Who a KPI's draw is shared by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum KpiScope {
    /// The payee's own portfolio (or reports).
    Own,
    /// A team: its index among the teams of payees on KPI plans.
    Team(usize),
    Company,
}

/// The payees on KPI plans and what is drawn for them.
pub(super) struct KpiModel {
    /// Per payee of the roster: None for a payee made of synthetic records; every replayed payee
    /// (on a KPI plan, with customers) has one, with no measure drawn when all are held.
    pub payees: Vec<Option<KpiPayee>>,
    /// The teams of payees on KPI plans, sorted.
    pub teams: Vec<String>,
    /// KPI measures of those plans that `[monte_carlo.kpi]` does not list: held at their
    /// base-year value.
    pub held: Vec<String>,
}

pub(super) struct KpiPayee {
    /// The scopes of the measures drawn, each once, sorted: a draw key packs one `z` per scope.
    pub scopes: Vec<KpiScope>,
    measures: Vec<Drawn>,
    /// The plan's periods in the modelled year.
    periods: Vec<Period>,
}

/// A KPI measure drawn for a payee.
struct Drawn {
    id: String,
    /// Its scope's place in the payee's `scopes`.
    scope: usize,
    /// +1 where more is better, -1 where less is.
    dir: Decimal,
    range: (Option<Decimal>, Option<Decimal>),
    dist: KpiDist,
    /// The replay's value in each plan period (None: no value).
    base: Vec<Option<Decimal>>,
}

/// Where more of a KPI is better (a good draw raises it), and the values it can take.
fn kpi_sense(kpi: Kpi) -> (Decimal, (Option<Decimal>, Option<Decimal>)) {
    let (zero, one, hundred) = (Decimal::ZERO, Decimal::ONE, Decimal::ONE_HUNDRED);
    match kpi {
        // GRR keeps at most the starting MRR; churn and CSAT are shares
        Kpi::Grr => (one, (Some(zero), Some(one))),
        Kpi::Csat => (one, (Some(zero), Some(one))),
        Kpi::Nrr => (one, (Some(zero), None)),
        Kpi::Nps => (one, (Some(-hundred), Some(hundred))),
        Kpi::MrrChurn | Kpi::LogoChurn => (-one, (Some(zero), Some(one))),
        Kpi::TimeToValue => (-one, (Some(zero), None)),
    }
}

/// Whether payee `i` is replayed and drawn rather than made of synthetic records: on a KPI plan,
/// with customers (see `super::kpi_grid::replayed`).
fn replayed(model: &ModelYear, i: usize) -> bool {
    super::kpi_grid::replayed(model, i)
}

impl KpiModel {
    /// Checks `[monte_carlo.kpi]` against the modelled year's plans, and finds each replayed
    /// payee's measures drawn and their base-year values (one engine run on the replay).
    pub fn of(model: &ModelYear, sc: &Scenario) -> Result<KpiModel, Invalid> {
        check(model, sc)?;
        let n = model.roster.payees.len();
        let fiscal = model.ws.fiscal;
        let mut teams: Vec<String> = (0..n)
            .filter(|&i| replayed(model, i))
            .filter_map(|i| model.roster.payees[i].team.clone())
            .collect();
        teams.sort_unstable();
        teams.dedup();
        let mut held: Vec<String> = Vec::new();
        let mut payees: Vec<Option<KpiPayee>> = Vec::with_capacity(n);
        for i in 0..n {
            if !replayed(model, i) {
                payees.push(None);
                continue;
            }
            let p = &model.roster.payees[i];
            let plan = model.ws.plan(&p.plan).expect("in force");
            let periods = model.year.split(plan.frequency, fiscal);
            let mut scopes = Vec::new();
            let mut measures = Vec::new();
            let mut scope_of = Vec::new();
            for m in &plan.measures {
                let Some(spec) = m.kpi else { continue };
                let Some(draw) = sc.monte_carlo.kpi.iter().find(|d| d.measure == m.id) else {
                    held.push(m.id.clone());
                    continue;
                };
                let team = p
                    .team
                    .as_ref()
                    .and_then(|t| teams.iter().position(|x| x == t));
                let scope = match (m.over, team) {
                    (Whose::Company, _) => KpiScope::Company,
                    (Whose::Team, Some(t)) => KpiScope::Team(t),
                    _ => KpiScope::Own,
                };
                if !scopes.contains(&scope) {
                    scopes.push(scope);
                }
                scope_of.push(scope);
                let (dir, range) = kpi_sense(spec.kpi);
                measures.push(Drawn {
                    id: m.id.clone(),
                    scope: 0,
                    dir,
                    range,
                    dist: draw.dist(p.team.as_deref(), &p.plan),
                    base: vec![None; periods.len()],
                });
            }
            scopes.sort_unstable();
            for (d, scope) in measures.iter_mut().zip(&scope_of) {
                d.scope = scopes.iter().position(|s| s == scope).expect("listed");
            }
            // a payee whose KPIs are all held is replayed as it is: one job, every trial
            payees.push(Some(KpiPayee {
                scopes,
                measures,
                periods,
            }));
        }
        held.sort_unstable();
        held.dedup();
        let mut out = KpiModel {
            payees,
            teams,
            held,
        };
        out.base_values(model)?;
        Ok(out)
    }

    /// The note naming the KPIs held at their base-year value.
    pub fn note(&self) -> Option<WhatifNote> {
        (!self.held.is_empty()).then(|| WhatifNote::KpisHeld {
            measures: self.held.clone(),
        })
    }

    /// Each drawn measure's value in each plan period of the replay: the engine once on the
    /// replayed payees, read from their statements' lines (a component's measure, or a gate's).
    fn base_values(&mut self, model: &ModelYear) -> Result<(), Invalid> {
        let ids: Vec<String> = (0..self.payees.len())
            .filter(|&i| self.payees[i].is_some())
            .map(|i| model.roster.payees[i].id.clone())
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        let ledger = Ledger::empty(&model.ws.ledger);
        let req = Request {
            payees: ids,
            ..Request::everyone(model.year)
        };
        let report = engine::calculate(&model.ws, &model.replay, &ledger, &req)?;
        for s in &report.statements {
            let Some(i) = assignment_of(&model.roster, s) else {
                continue;
            };
            let Some(p) = self.payees[i].as_mut() else {
                continue;
            };
            let Some(j) = p.periods.iter().position(|x| x.start == s.period.start) else {
                continue;
            };
            for l in &s.lines {
                let mut seen = |measure: &str, value: Option<Decimal>| {
                    if let Some(d) = p.measures.iter_mut().find(|d| d.id == measure) {
                        if d.base[j].is_none() {
                            d.base[j] = value;
                        }
                    }
                };
                if let Some(m) = &l.measure {
                    seen(m, l.value);
                }
                if let Some(Reason::Gate(t)) = &l.reason {
                    if t.of == TestOf::Value {
                        seen(&t.measure, t.value);
                    }
                }
            }
        }
        Ok(())
    }

    /// Payee `i`'s drawn values at a key per plan period: per measure drawn, per period (None: the
    /// engine computes it from the replayed customers, as the replay does).
    pub fn values(&self, i: usize, keys: &[u32]) -> Vec<Vec<Option<Decimal>>> {
        let p = self.payees[i].as_ref().expect("a drawn payee");
        let scopes = p.scopes.len() as u32;
        p.measures
            .iter()
            .map(|d| {
                keys.iter()
                    .enumerate()
                    .map(|(j, key)| {
                        let mean = d.dist.mean.or(d.base[j])?;
                        let k = unpack(*key, d.scope as u32, scopes);
                        let z = Decimal::new((i64::from(k) - Z_MAX) * (100 / Z_SCALE), 2);
                        let x = mean + d.dist.spread * d.dir * z;
                        let x = d.range.0.map_or(x, |lo| x.max(lo));
                        Some(d.range.1.map_or(x, |hi| x.min(hi)))
                    })
                    .collect()
            })
            .collect()
    }

    /// The engine on the replayed payees, job `k` being payee `jobs[k].0` at the keys
    /// `jobs[k].1` (one per plan period): their outcomes in job order. Jobs run in rounds, each one
    /// engine run holding a payee (by id) at most once; rounds run on the machine's cores, each
    /// worker on its own copy of the replayed data.
    pub fn run(
        &self,
        model: &ModelYear,
        sc: &Scenario,
        jobs: &[(usize, Vec<u32>)],
    ) -> Result<Vec<Outcome>, Invalid> {
        // round r: each payee's r-th job
        let mut rounds: Vec<Vec<usize>> = Vec::new();
        let mut taken: HashMap<&str, usize> = HashMap::new();
        for (k, (i, _)) in jobs.iter().enumerate() {
            let r = taken
                .entry(model.roster.payees[*i].id.as_str())
                .or_default();
            if *r == rounds.len() {
                rounds.push(Vec::new());
            }
            rounds[*r].push(k);
            *r += 1;
        }
        let ledger = Ledger::empty(&model.ws.ledger);
        let tables = self.tables_read(model);
        // when every KPI a round reads is given a value, its customers' rows are not read
        let customers = if self.all_given() {
            model.replay.customers.without_rows()
        } else {
            model.replay.customers.clone()
        };
        // a copy of the data per worker, not per round (`map_init` would make one per rayon job,
        // here per round): a copy and its drop cost more than the round's engine run
        let spare: Mutex<Vec<Dataset>> = Mutex::new(Vec::new());
        let results: Vec<Result<Vec<(usize, Outcome)>, Invalid>> = rounds
            .par_iter()
            .with_max_len(1)
            .map(|round| {
                let taken = spare.lock().expect("no round panics").pop();
                let mut data = taken.unwrap_or_else(|| Dataset {
                    roster: model.replay.roster.clone(),
                    quotas: model.replay.quotas.clone(),
                    tables: tables.clone(),
                    customers: customers.clone(),
                });
                let done = self.round(model, sc, jobs, round, &mut data, &ledger);
                spare.lock().expect("no round panics").push(data);
                done
            })
            .collect();
        let mut out = vec![Outcome::default(); jobs.len()];
        for r in results {
            for (k, o) in r? {
                out[k] = o;
            }
        }
        Ok(out)
    }
}

impl KpiModel {
    /// One round of [`KpiModel::run`]: the engine on `data` with the jobs `round` given their
    /// drawn values (each of a different payee); their outcomes, by job.
    fn round(
        &self,
        model: &ModelYear,
        sc: &Scenario,
        jobs: &[(usize, Vec<u32>)],
        round: &[usize],
        data: &mut Dataset,
        ledger: &Ledger,
    ) -> Result<Vec<(usize, Outcome)>, Invalid> {
        data.customers.given_periods.clear();
        let mut ids = Vec::with_capacity(round.len());
        for &k in round {
            let (i, keys) = &jobs[k];
            let id = &model.roster.payees[*i].id;
            let p = self.payees[*i].as_ref().expect("a drawn payee");
            for (d, values) in p.measures.iter().zip(self.values(*i, keys)) {
                let periods = p.periods.iter().map(|x| x.start).zip(values).collect();
                data.customers
                    .given_periods
                    .entry(d.id.clone())
                    .or_default()
                    .insert(id.clone(), periods);
            }
            ids.push(id.clone());
        }
        let req = Request {
            payees: ids,
            ..Request::everyone(model.year)
        };
        let report = engine::calculate(&model.ws, data, ledger, &req)?;
        let mut out = vec![Outcome::default(); model.roster.payees.len()];
        outcomes(&report, &model.ws, sc, &model.roster, &mut out)?;
        Ok(round
            .iter()
            .map(|&k| (k, std::mem::take(&mut out[jobs[k].0])))
            .collect())
    }
}

impl KpiModel {
    /// Whether every KPI measure of every replayed payee's plan is drawn, with a value in every
    /// period (a `mean`, or a replayed value): then no round computes a KPI from customers' rows.
    fn all_given(&self) -> bool {
        self.held.is_empty()
            && self.payees.iter().flatten().all(|p| {
                p.measures
                    .iter()
                    .all(|d| d.dist.mean.is_some() || d.base.iter().all(Option::is_some))
            })
    }

    /// The replayed records the payees on KPI plans can read: their own, their teams' and their
    /// reports' (every record when a plan of theirs reads a record measure over the company). A
    /// round's engine run credits only these.
    fn tables_read(&self, model: &ModelYear) -> Vec<RecordTable> {
        let roster = &model.roster.payees;
        let drawn: Vec<usize> = (0..roster.len())
            .filter(|&i| self.payees[i].is_some())
            .collect();
        let company = drawn.iter().any(|&i| {
            let plan = model.ws.plan(&roster[i].plan).expect("in force");
            plan.measures
                .iter()
                .any(|m| m.kpi.is_none() && m.over == Whose::Company)
        });
        if company {
            return model.replay.tables.clone();
        }
        let teams: Vec<&str> = drawn
            .iter()
            .filter_map(|&i| roster[i].team.as_deref())
            .collect();
        let ids: Vec<&str> = drawn.iter().map(|&i| roster[i].id.as_str()).collect();
        let read: std::collections::HashSet<&str> = roster
            .iter()
            .filter(|p| {
                ids.contains(&p.id.as_str())
                    || p.team.as_deref().is_some_and(|t| teams.contains(&t))
                    || p.manager.as_deref().is_some_and(|m| ids.contains(&m))
            })
            .map(|p| p.id.as_str())
            .collect();
        model
            .replay
            .tables
            .iter()
            .map(|t| {
                let payee = t.field("payee").expect("record sources map payee");
                let payees = t.text(payee);
                let keep: Vec<usize> = (0..t.len())
                    .filter(|&r| read.contains(t.symbols.resolve(payees[r])))
                    .collect();
                rows(t, &keep)
            })
            .collect()
    }
}

/// The rows `keep` of a table.
fn rows(t: &RecordTable, keep: &[usize]) -> RecordTable {
    let mut out = t.clone();
    out.lines = keep.iter().map(|&r| t.lines[r]).collect();
    if !t.parts.is_empty() {
        out.parts = keep.iter().map(|&r| t.parts[r]).collect();
    }
    if !t.converted.is_empty() {
        out.converted = keep.iter().map(|&r| t.converted[r]).collect();
    }
    for col in &mut out.columns {
        match col {
            Column::Text(v) if !v.is_empty() => *v = keep.iter().map(|&r| v[r]).collect(),
            Column::Date(v) if !v.is_empty() => *v = keep.iter().map(|&r| v[r]).collect(),
            Column::Decimal(v) if !v.is_empty() => *v = keep.iter().map(|&r| v[r]).collect(),
            _ => {}
        }
    }
    out
}

/// The key of scope `s` (of `scopes`) in a packed key: scopes are packed first to last, each a
/// digit of base [`KEYS`].
pub(super) fn unpack(key: u32, s: u32, scopes: u32) -> u32 {
    (key / KEYS.pow(scopes - 1 - s)) % KEYS
}

/// Every KPI `[monte_carlo.kpi]` lists is a KPI measure (from customer data) of a plan of the
/// modelled year.
fn check(model: &ModelYear, sc: &Scenario) -> Result<(), Invalid> {
    super::kpi_grid::kpis_named(
        model,
        sc,
        "[monte_carlo.kpi]",
        sc.monte_carlo
            .kpi
            .iter()
            .map(|d| (d.measure.as_str(), &d.loc)),
    )
}
