//! Running the engine of `comp calc` on a modelled year: once on the replayed records, or on
//! virtual payees (a model payee at an attainment) in batches; what it computed, per payee.

use super::model::ModelYear;
use super::projection::{overflow, primary_measure, WhatifNote};
use super::scenario::Scenario;
use super::synthetic::{Job, Naming};
use crate::data::{Ledger, Roster};
use crate::diag::Invalid;
use crate::engine::{self, Request};
use crate::plan::{Aggregate, Plan, PlanBasis};
use crate::report::CalcReport;
use crate::workspace::Workspace;
use rayon::prelude::*;
use rust_decimal::Decimal;

/// What the engine computed for one payee over the modelled year.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub payout: Decimal,
    /// The plan's quota measure over the year, and its target.
    pub value: Option<Decimal>,
    pub target: Option<Decimal>,
    pub revenue: Decimal,
    /// A component or plan cap removed something.
    pub capped: bool,
    /// The same, statement by statement: one per plan period the payee was paid for, in period
    /// order (Monte Carlo adds up periods drawn at different attainments).
    pub periods: Vec<PeriodOutcome>,
}

/// What the engine computed for one payee in one plan period (one statement).
#[derive(Debug, Clone)]
pub struct PeriodOutcome {
    pub period: crate::period::Period,
    pub payout: Decimal,
    pub value: Option<Decimal>,
    pub target: Option<Decimal>,
    pub revenue: Decimal,
    pub capped: bool,
}

impl Outcome {
    pub(super) fn at_or_above_100(&self) -> Option<bool> {
        match (self.value, self.target) {
            (Some(v), Some(t)) if !t.is_zero() => Some(v >= t),
            _ => None,
        }
    }
}

fn revenue_measures<'a>(sc: &'a Scenario, plan: &'a Plan) -> Vec<&'a str> {
    match &sc.revenue {
        Some(ids) => ids.iter().map(String::as_str).collect(),
        None => plan
            .measures
            .iter()
            .filter(|m| matches!(m.aggregate, Aggregate::Sum(_)))
            .map(|m| m.id.as_str())
            .collect(),
    }
}

/// Outcomes of a report's payees, at their index in `roster` (the roster the report was computed on).
pub(super) fn outcomes(
    report: &CalcReport,
    ws: &Workspace,
    sc: &Scenario,
    roster: &Roster,
    out: &mut [Outcome],
) -> Result<(), Invalid> {
    let add = |a: Decimal, b: Decimal| a.checked_add(b).ok_or_else(overflow);
    let by_plan: Vec<(&str, Option<&str>, Vec<&str>)> = ws
        .plans
        .iter()
        .map(|p| (p.id.as_str(), primary_measure(p), revenue_measures(sc, p)))
        .collect();
    // the measures a statement's lines have been read for (one buffer for all statements)
    let mut seen: Vec<&str> = Vec::new();
    for s in &report.statements {
        let Some(k) = assignment_of(roster, s) else {
            continue;
        };
        let (_, primary, revenue) = by_plan
            .iter()
            .find(|(id, _, _)| *id == s.plan)
            .expect("statements are of plans in force");
        let (primary, revenue) = (*primary, revenue);
        let o = &mut out[k];
        o.payout = add(o.payout, s.total)?;
        let mut this = PeriodOutcome {
            period: s.period,
            payout: s.total,
            value: None,
            target: None,
            revenue: Decimal::ZERO,
            capped: false,
        };
        // on a year-to-date basis each statement's measures are to date: the last one is the year's
        let ytd = s.basis == PlanBasis::Ytd;
        seen.clear();
        let mut period_revenue = Decimal::ZERO;
        for l in &s.lines {
            if l.cap_removed != Decimal::ZERO {
                o.capped = true;
                this.capped = true;
            }
            let (Some(m), Some(v)) = (l.measure.as_deref(), l.value) else {
                continue;
            };
            if seen.contains(&m) {
                continue;
            }
            seen.push(m);
            if Some(m) == primary {
                this.value = Some(v);
                this.target = l.target;
                o.value = Some(if ytd {
                    v
                } else {
                    add(o.value.unwrap_or_default(), v)?
                });
                if let Some(t) = l.target {
                    o.target = Some(if ytd {
                        t
                    } else {
                        add(o.target.unwrap_or_default(), t)?
                    });
                }
            }
            if revenue.contains(&m) {
                period_revenue = add(period_revenue, v)?;
            }
        }
        o.revenue = if ytd {
            period_revenue
        } else {
            add(o.revenue, period_revenue)?
        };
        this.revenue = period_revenue;
        // two statements of one period (a plan change inside it): one period, added up
        match o.periods.last_mut() {
            Some(last) if last.period == this.period => last.absorb(&this)?,
            _ => o.periods.push(this),
        }
    }
    Ok(())
}

/// The roster position of the assignment a statement is of: the payee's assignment on its plan
/// employed during its dates (a payee who changes plan inside the year is one model payee per
/// assignment, rule 20).
pub(super) fn assignment_of(roster: &Roster, s: &crate::report::Statement) -> Option<usize> {
    let all = roster.assignments(&s.payee);
    if all.len() <= 1 {
        return roster.get(&s.payee);
    }
    all.clone()
        .find(|&a| {
            let p = &roster.payees[a];
            p.plan == s.plan && p.employed_during(s.start, s.end)
        })
        .or(Some(all.start))
}

impl PeriodOutcome {
    /// Adds another statement of the same period.
    fn absorb(&mut self, other: &PeriodOutcome) -> Result<(), Invalid> {
        let add = |a: Decimal, b: Decimal| a.checked_add(b).ok_or_else(overflow);
        let add_opt = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
            (Some(a), Some(b)) => add(a, b).map(Some),
            (a, b) => Ok(a.or(b)),
        };
        self.payout = add(self.payout, other.payout)?;
        self.value = add_opt(self.value, other.value)?;
        self.target = add_opt(self.target, other.target)?;
        self.revenue = add(self.revenue, other.revenue)?;
        self.capped |= other.capped;
        Ok(())
    }
}

/// Jobs per engine run: small batches keep each run's statements in cache and its memory reused by
/// the next (2048 jobs a chunk took 3.3 s of CPU on 1,000 payees x 10,000 trials, 512 took 2.7 s,
/// 128 took 2.5 s; since Monte Carlo's jobs hold each period at its own attainment, the engine's
/// part of that case took 0.87 s of wall time at 128, 0.84 s at 16, 0.79 s at 32 on 2 cores).
const BATCH: usize = 32;

/// The engine on virtual payees: job k is (model payee, attainment). Jobs run in batches of
/// consecutive jobs, the batches on the machine's cores; the outcomes come back in job order.
pub fn run_jobs<J: Job>(
    model: &ModelYear,
    sc: &Scenario,
    jobs: &[J],
) -> Result<Vec<Outcome>, Invalid> {
    let mut payees: Vec<usize> = jobs.iter().map(Job::payee).collect();
    payees.sort_unstable();
    payees.dedup();
    model.check_kpis(&payees)?;
    model.check_disjoint(&payees)?;
    let ledger = Ledger::empty(&model.ws.ledger);
    let req = Request::everyone(model.year);
    let run_batch = |ks: &[usize], naming: Naming| -> Result<Vec<(usize, Outcome)>, Invalid> {
        let batch = model.synthetic.batch(&model.roster, jobs, ks, naming)?;
        let report = engine::calculate(&model.synthetic.ws, &batch.data, &ledger, &req)?;
        let mut out = vec![Outcome::default(); batch.jobs.len()];
        // the model's plans, not their synthetic rewrite: a count is not revenue
        outcomes(&report, &model.ws, sc, &batch.data.roster, &mut out)?;
        Ok(batch.jobs.into_iter().zip(out).collect())
    };
    let all: Vec<usize> = (0..jobs.len()).collect();
    let batches: Vec<&[usize]> = all.chunks(BATCH).collect();
    // each batch a task of its own, on rayon's threads; the results come back in batch order
    let results: Vec<Result<Vec<(usize, Outcome)>, Invalid>> = batches
        .par_iter()
        .with_max_len(1)
        .map(|ks| run_batch(ks, Naming::Jobs))
        .collect();
    let mut out = vec![Outcome::default(); jobs.len()];
    for (ks, r) in batches.iter().zip(results) {
        let done = match r {
            Ok(done) => done,
            // its payees are named by job number: run the batch again, each payee as themselves
            // (once a run), and report the first failing run's problems, which name them
            Err(e) => {
                let again = by_payee(ks, jobs);
                return Err(again
                    .iter()
                    .find_map(|ks| run_batch(ks, Naming::Themselves).err())
                    // a problem of the batch as a whole (its total) names no payee
                    .unwrap_or(e));
            }
        };
        for (k, o) in done {
            out[k] = o;
        }
    }
    Ok(out)
}

/// Jobs `ks` in runs that hold a model payee at most once: a payee's first job goes in the first
/// run, their second in the second...
fn by_payee<J: Job>(ks: &[usize], jobs: &[J]) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut taken: std::collections::HashMap<usize, usize> = Default::default();
    for &k in ks {
        let n = taken.entry(jobs[k].payee()).or_default();
        if *n == runs.len() {
            runs.push(Vec::new());
        }
        runs[*n].push(k);
        *n += 1;
    }
    runs
}

/// Replay: the base year's records in the modelled year; hires at their scenario attainment.
pub fn replay(
    model: &ModelYear,
    sc: &Scenario,
) -> Result<(Vec<Outcome>, Vec<WhatifNote>), Invalid> {
    // the payees who stay are replayed, records and customers; hires are synthetic (`run_jobs`
    // checks their plans)
    let ledger = Ledger::empty(&model.ws.ledger);
    let report = engine::calculate(
        &model.ws,
        &model.replay,
        &ledger,
        &Request::everyone(model.year),
    )?;
    let mut out = vec![Outcome::default(); model.roster.payees.len()];
    outcomes(&report, &model.ws, sc, &model.roster, &mut out)?;
    // hires who inherit a portfolio were in the run above
    let hires: Vec<(usize, Decimal)> = sc
        .hires
        .iter()
        .filter(|h| !model.heirs.contains(&h.id))
        .filter_map(|h| model.roster.get(&h.id).map(|i| (i, h.attainment)))
        .collect();
    for ((i, _), o) in hires.iter().zip(run_jobs(model, sc, &hires)?) {
        out[*i] = o;
    }
    Ok((
        out,
        report.notes.into_iter().map(WhatifNote::Data).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::by_payee;
    use rust_decimal::Decimal;

    #[test]
    fn a_run_holds_a_payee_once() {
        // jobs 0-2 of payee 0, 3 of payee 1, 4-5 of payee 2
        let jobs: Vec<(usize, Decimal)> = [0, 0, 0, 1, 2, 2]
            .iter()
            .map(|&i| (i, Decimal::ONE))
            .collect();
        let all: Vec<usize> = (0..jobs.len()).collect();
        assert_eq!(
            by_payee(&all, &jobs),
            vec![vec![0, 3, 4], vec![1, 5], vec![2]]
        );
    }
}
