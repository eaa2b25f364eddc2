//! Running the engine of `comp calc` on a modelled year: once on the replayed records, or on
//! virtual payees (a model payee at an attainment) in batches; what it computed, per payee.

use super::model::ModelYear;
use super::projection::{overflow, primary_measure};
use super::scenario::Scenario;
use crate::data::{Ledger, Roster};
use crate::diag::Invalid;
use crate::engine::{self, Request};
use crate::plan::{Aggregate, Plan, PlanBasis};
use crate::report::CalcReport;
use crate::workspace::Workspace;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::cmp::Reverse;

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
fn outcomes(
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
        let Some(k) = roster.get(&s.payee) else {
            continue;
        };
        let (_, primary, revenue) = by_plan
            .iter()
            .find(|(id, _, _)| *id == s.plan)
            .expect("statements are of plans in force");
        let (primary, revenue) = (*primary, revenue);
        let o = &mut out[k];
        o.payout = add(o.payout, s.total)?;
        // on a year-to-date basis each statement's measures are to date: the last one is the year's
        let ytd = s.basis == PlanBasis::Ytd;
        seen.clear();
        let mut period_revenue = Decimal::ZERO;
        for l in &s.lines {
            if l.cap_removed != Decimal::ZERO {
                o.capped = true;
            }
            let (Some(m), Some(v)) = (l.measure.as_deref(), l.value) else {
                continue;
            };
            if seen.contains(&m) {
                continue;
            }
            seen.push(m);
            if Some(m) == primary {
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
    }
    Ok(())
}

/// Jobs per engine run: small batches keep each run's statements in cache and its memory reused by
/// the next (2048 jobs a chunk took 3.3 s of CPU on 1,000 payees x 10,000 trials, 512 took 2.7 s,
/// 128 took 2.5 s).
const BATCH: usize = 128;

/// The engine on virtual payees: job k is (model payee, attainment). Jobs run in batches, the
/// batches on the machine's cores; the outcomes come back in job order.
pub fn run_jobs(
    model: &ModelYear,
    sc: &Scenario,
    jobs: &[(usize, Decimal)],
) -> Result<Vec<Outcome>, Invalid> {
    let mut payees: Vec<usize> = jobs.iter().map(|(i, _)| *i).collect();
    payees.sort_unstable();
    payees.dedup();
    model.check_kpis(&payees, false)?;
    model.check_disjoint(&payees)?;
    let ledger = Ledger::empty(&model.ws.ledger);
    let req = Request::everyone(model.year);
    let run_batch = |ks: &[usize]| -> Result<Vec<(usize, Outcome)>, Invalid> {
        let batch = model.synthetic.batch(&model.roster, jobs, ks)?;
        let report = engine::calculate(&model.synthetic.ws, &batch.data, &ledger, &req)?;
        let mut out = vec![Outcome::default(); batch.jobs.len()];
        // the model's plans, not their synthetic rewrite: a count is not revenue
        outcomes(&report, &model.ws, sc, &batch.data.roster, &mut out)?;
        Ok(batch.jobs.into_iter().zip(out).collect())
    };
    // each batch a task of its own, on rayon's threads; the results come back in batch order
    let results: Vec<Result<Vec<(usize, Outcome)>, Invalid>> = batches(jobs, &model.roster)
        .par_iter()
        .with_max_len(1)
        .map(|ks| run_batch(ks))
        .collect();
    let mut out = vec![Outcome::default(); jobs.len()];
    for r in results {
        for (k, o) in r? {
            out[k] = o;
        }
    }
    Ok(out)
}

/// Job indices in batches of at most [`BATCH`], no model payee twice in one. Payees are taken
/// [`BATCH`] at a time, those of one plan and with as many jobs side by side (so that batches stay
/// full), and a group's batches are its payees' first jobs, then their second jobs...: batch after
/// batch reads the same payees' roster rows, quotas and plan while they are in cache.
fn batches(jobs: &[(usize, Decimal)], roster: &Roster) -> Vec<Vec<usize>> {
    let mut of_payee: Vec<Vec<usize>> = vec![Vec::new(); roster.payees.len()];
    for (k, &(i, _)) in jobs.iter().enumerate() {
        of_payee[i].push(k);
    }
    let mut payees: Vec<usize> = (0..of_payee.len())
        .filter(|&i| !of_payee[i].is_empty())
        .collect();
    payees.sort_by(|&a, &b| {
        let key = |i: usize| (&roster.payees[i].plan, Reverse(of_payee[i].len()), i);
        key(a).cmp(&key(b))
    });
    let mut out = Vec::new();
    for group in payees.chunks(BATCH) {
        let rounds = group.iter().map(|&i| of_payee[i].len()).max().unwrap_or(0);
        for r in 0..rounds {
            out.push(
                group
                    .iter()
                    .filter_map(|&i| of_payee[i].get(r).copied())
                    .collect(),
            );
        }
    }
    out
}

/// Replay: the base year's records in the modelled year; hires at their scenario attainment.
pub fn replay(model: &ModelYear, sc: &Scenario) -> Result<(Vec<Outcome>, Vec<String>), Invalid> {
    let everyone: Vec<usize> = (0..model.roster.payees.len()).collect();
    model.check_kpis(&everyone, sc.shift() == 0)?;
    let ledger = Ledger::empty(&model.ws.ledger);
    let report = engine::calculate(
        &model.ws,
        &model.replay,
        &ledger,
        &Request::everyone(model.year),
    )?;
    let mut out = vec![Outcome::default(); model.roster.payees.len()];
    outcomes(&report, &model.ws, sc, &model.roster, &mut out)?;
    let hires: Vec<(usize, Decimal)> = sc
        .hires
        .iter()
        .filter_map(|h| model.roster.get(&h.id).map(|i| (i, h.attainment)))
        .collect();
    for ((i, _), o) in hires.iter().zip(run_jobs(model, sc, &hires)?) {
        out[*i] = o;
    }
    Ok((out, report.notes))
}

#[cfg(test)]
mod tests {
    use super::{batches, BATCH};
    use crate::data::{Payee, Roster};
    use crate::diag::Location;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn roster(plans: &[&str]) -> Roster {
        let payee = |(i, plan): (usize, &&str)| Payee {
            id: format!("p{i:03}"),
            name: String::new(),
            plan: plan.to_string(),
            team: None,
            manager: None,
            start: NaiveDate::MIN,
            end: None,
            base: None,
            target_incentive: Decimal::ZERO,
            loc: Location {
                file: "roster.csv".into(),
                line: i + 2,
                col: 1,
                snippet: None,
            },
        };
        Roster::from_payees(plans.iter().enumerate().map(payee).collect())
    }

    fn jobs(payees: &[usize]) -> Vec<(usize, Decimal)> {
        payees.iter().map(|&i| (i, Decimal::ONE)).collect()
    }

    #[test]
    fn a_batch_holds_a_payee_once() {
        // payee 0 (plan a) at three attainments, payee 1 (plan b) at one, payee 2 (plan a) at two:
        // the payees of plan a first, those with more jobs first, then their second jobs...
        let r = roster(&["a", "b", "a"]);
        let b = batches(&jobs(&[0, 0, 0, 1, 2, 2]), &r);
        assert_eq!(b, vec![vec![0, 4, 3], vec![1, 5], vec![2]]);
        // more payees than a batch holds: groups of BATCH payees
        let many = roster(&vec!["a"; BATCH + 1]);
        let b = batches(&jobs(&(0..BATCH + 1).collect::<Vec<_>>()), &many);
        assert_eq!((b.len(), b[0].len(), b[1].clone()), (2, BATCH, vec![BATCH]));
    }
}
