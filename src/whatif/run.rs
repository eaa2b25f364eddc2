//! Running the engine of `comp calc` on a modelled year: once on the replayed records, or on
//! virtual payees (a model payee at an attainment) in batches; what it computed, per payee.

use super::model::ModelYear;
use super::projection::{overflow, primary_measure};
use super::scenario::Scenario;
use crate::data::{Dataset, Ledger};
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

/// Outcomes of a report's payees, keyed by what `key` makes of a payee id.
fn outcomes(
    report: &CalcReport,
    ws: &Workspace,
    sc: &Scenario,
    key: impl Fn(&str) -> Option<usize>,
    out: &mut [Outcome],
) -> Result<(), Invalid> {
    let add = |a: Decimal, b: Decimal| a.checked_add(b).ok_or_else(overflow);
    let by_plan: Vec<(&str, Option<&str>, Vec<&str>)> = ws
        .plans
        .iter()
        .map(|p| (p.id.as_str(), primary_measure(p), revenue_measures(sc, p)))
        .collect();
    for s in &report.statements {
        let Some(k) = key(&s.payee) else { continue };
        let (_, primary, revenue) = by_plan
            .iter()
            .find(|(id, _, _)| *id == s.plan)
            .expect("statements are of plans in force");
        let (primary, revenue) = (*primary, revenue);
        let o = &mut out[k];
        o.payout = add(o.payout, s.total)?;
        // on a year-to-date basis each statement's measures are to date: the last one is the year's
        let ytd = s.basis == PlanBasis::Ytd;
        let mut seen: Vec<&str> = Vec::new();
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

/// The engine on virtual payees: job k is (model payee, attainment). Jobs run in chunks, the
/// chunks on the machine's cores; the outcomes come back in job order.
pub fn run_jobs(
    model: &ModelYear,
    sc: &Scenario,
    jobs: &[(usize, Decimal)],
) -> Result<Vec<Outcome>, Invalid> {
    // small chunks: each engine run's statements stay in cache and its memory is reused by the
    // next (2048 jobs a chunk took 3.3 s of CPU on 1,000 payees x 10,000 trials, 512 took 2.7 s,
    // 128 took 2.5 s)
    const CHUNK: usize = 128;
    let mut payees: Vec<usize> = jobs.iter().map(|(i, _)| *i).collect();
    payees.sort_unstable();
    payees.dedup();
    model.check_kpis(&payees, false)?;
    model.check_disjoint(&payees)?;
    let ledger = Ledger::empty(&model.ws.ledger);
    let req = Request::everyone(model.year);
    let chunks: Vec<(usize, &[(usize, Decimal)])> = jobs
        .chunks(CHUNK)
        .enumerate()
        .map(|(i, c)| (i * CHUNK, c))
        .collect();
    let run_chunk = |first: usize, chunk: &[(usize, Decimal)]| -> Result<Vec<Outcome>, Invalid> {
        let data: Dataset = model.synthetic.synthetic(&model.roster, chunk, first)?;
        let report = engine::calculate(&model.synthetic.ws, &data, &ledger, &req)?;
        let mut out = vec![Outcome::default(); chunk.len()];
        // the model's plans, not their synthetic rewrite: a count is not revenue
        outcomes(
            &report,
            &model.ws,
            sc,
            |id| {
                id.rsplit_once('~')
                    .and_then(|(_, k)| k.parse::<usize>().ok())
                    .map(|k| k - first)
            },
            &mut out,
        )?;
        Ok(out)
    };
    // each chunk a task of its own, on rayon's threads; the outcomes come back in chunk order
    let results: Vec<Result<Vec<Outcome>, Invalid>> = chunks
        .par_iter()
        .with_max_len(1)
        .map(|(first, c)| run_chunk(*first, c))
        .collect();
    let mut out = Vec::with_capacity(jobs.len());
    for r in results {
        out.extend(r.map_err(real_ids)?);
    }
    Ok(out)
}

/// Problems the engine found with a virtual payee (`julien.bernard~17`) name the real payee.
fn real_ids(e: Invalid) -> Invalid {
    let strip = |s: &str| -> String {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '~' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    chars.next();
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    Invalid(
        e.0.into_iter()
            .map(|mut d| {
                d.message = strip(&d.message);
                d.hint = d.hint.as_deref().map(strip);
                d
            })
            .collect(),
    )
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
    outcomes(&report, &model.ws, sc, |id| model.roster.get(id), &mut out)?;
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
