//! Running a scenario: the engine of `comp calc` on the modelled year, once (replay), once per grid
//! point, or on every distinct (payee, drawn attainment) of a Monte Carlo run; then the projection:
//! per payee, plan, team and company.

use super::model::ModelYear;
use super::scenario::{Dist, ModelKind, Scenario, Shape};
use super::Swaps;
use crate::data::{Dataset, Ledger};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, Request};
use crate::period::Period;
use crate::plan::{Aggregate, Plan, PlanBasis};
use crate::report::CalcReport;
use crate::workspace::Workspace;
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

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
    fn at_or_above_100(&self) -> Option<bool> {
        match (self.value, self.target) {
            (Some(v), Some(t)) if !t.is_zero() => Some(v >= t),
            _ => None,
        }
    }
}

/// One row of a projection: a payee, or a plan, team or the company.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Grid: the attainment everyone is at.
    pub point: Option<Decimal>,
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
    fn group((level, id): &(&'static str, String), payees: usize) -> Row {
        Row {
            point: None,
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
    pub notes: Vec<String>,
    /// Monte Carlo: the company's total cost in each trial (for the chart), in trial order.
    #[serde(skip)]
    pub totals: Vec<Decimal>,
}

fn overflow() -> Invalid {
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
        let data: Dataset = model.synthetic(chunk, first)?;
        let report = engine::calculate(&model.synthetic_ws, &data, &ledger, &req)?;
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

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        None
    } else {
        a.checked_div(b)
    }
}

/// Group keys of a payee: the company, their plan, their team.
fn groups(model: &ModelYear) -> Vec<(&'static str, String)> {
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

fn member(model: &ModelYear, i: usize, g: &(&'static str, String)) -> bool {
    let p = &model.roster.payees[i];
    match g.0 {
        "company" => true,
        "plan" => p.plan == g.1,
        _ => team_of(p) == g.1,
    }
}

/// Rows of one deterministic run (replay, or a grid point): payees, then plans, teams, company.
fn rows_of(
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
    plan_attainment(&mut rows);
    Ok(rows)
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

/// Runs the scenario with the given model.
pub fn project(
    ws: &Workspace,
    sc: &Scenario,
    kind: ModelKind,
    swaps: &Swaps,
    base: &Dataset,
) -> Result<Projection, Invalid> {
    let model = ModelYear::build(ws, sc, swaps, base)?;
    let mut notes = model.notes.clone();
    let mut totals = Vec::new();
    let (rows, trials, seed) = match kind {
        ModelKind::Replay => {
            let (out, mut n) = replay(&model, sc)?;
            notes.append(&mut n);
            (rows_of(&model, &out, None)?, None, None)
        }
        ModelKind::Grid => {
            let n = model.roster.payees.len();
            let jobs: Vec<(usize, Decimal)> = sc
                .grid
                .iter()
                .flat_map(|a| (0..n).map(move |i| (i, *a)))
                .collect();
            let out = run_jobs(&model, sc, &jobs)?;
            let mut rows = Vec::new();
            for (k, a) in sc.grid.iter().enumerate() {
                rows.extend(rows_of(&model, &out[k * n..(k + 1) * n], Some(*a))?);
            }
            (rows, None, None)
        }
        ModelKind::MonteCarlo => {
            let (rows, t) = monte_carlo(&model, sc)?;
            totals = t;
            (rows, Some(sc.monte_carlo.trials), Some(sc.monte_carlo.seed))
        }
    };
    Ok(Projection {
        scenario: sc.name.clone(),
        model: kind,
        base_year: sc.base,
        year: sc.year,
        currency: ws.currency.clone(),
        trials,
        seed,
        rows,
        notes,
        totals,
    })
}

/// A seeded stream of attainments, one per payee per trial, each a whole number of steps.
struct Draws {
    seed: u64,
    dists: Vec<(Shape, f64, f64)>,
    step: f64,
}

impl Draws {
    fn new(model: &ModelYear, sc: &Scenario) -> Draws {
        let mc = &sc.monte_carlo;
        let dists = model
            .roster
            .payees
            .iter()
            .map(|p| {
                let Dist {
                    shape,
                    mean,
                    spread,
                } = mc.dist(p.team.as_deref(), &p.plan);
                let (m, s) = (mean.to_f64().unwrap_or(1.0), spread.to_f64().unwrap_or(0.0));
                match shape {
                    Shape::Normal => (shape, m, s),
                    // the lognormal whose mean and standard deviation are m and s
                    Shape::Lognormal => {
                        let sigma2 = (1.0 + (s * s) / (m * m)).ln();
                        (shape, m.ln() - sigma2 / 2.0, sigma2.sqrt())
                    }
                }
            })
            .collect();
        Draws {
            seed: mc.seed,
            dists,
            step: mc.step.to_f64().unwrap_or(0.01),
        }
    }

    /// Trial `t`'s attainments, in steps, into `out`: from stream `t` of the seeded ChaCha8, so a
    /// trial's draws do not depend on which thread draws it or in what order.
    fn trial(&self, t: u64, out: &mut [u32]) {
        use rand::SeedableRng;
        use rand_distr::{Distribution, StandardNormal};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(t);
        for (slot, &(shape, a, b)) in out.iter_mut().zip(&self.dists) {
            let z: f64 = StandardNormal.sample(&mut rng);
            let x = match shape {
                Shape::Normal => a + b * z,
                Shape::Lognormal => (a + b * z).exp(),
            };
            // below zero attainment is zero; beyond 100x is out of any plan's range
            let steps = (x.max(0.0) / self.step).round().min(100.0 / self.step);
            *slot = steps as u32;
        }
    }
}

/// Monte Carlo: draw every trial, compute each distinct (payee, attainment) drawn once, then add
/// them up per trial and take the statistics per payee and group.
fn monte_carlo(model: &ModelYear, sc: &Scenario) -> Result<(Vec<Row>, Vec<Decimal>), Invalid> {
    let everyone: Vec<usize> = (0..model.roster.payees.len()).collect();
    model.check_kpis(&everyone, false)?;
    let mc = &sc.monte_carlo;
    let n = model.roster.payees.len();
    let trials = mc.trials as usize;
    // every draw is kept (4 bytes each) between finding what to compute and adding it up
    const MAX_DRAWS: usize = 250_000_000;
    if trials.saturating_mul(n) > MAX_DRAWS {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{trials} trials of {n} payees are {} draws, more than the {MAX_DRAWS} comp keeps in memory",
            trials.saturating_mul(n)
        ))
        .hint("use fewer trials (10,000 already give stable percentiles) or model fewer payees at once")]));
    }
    let workers = rayon::current_num_threads().clamp(1, trials.max(1));
    let per_worker = trials.div_ceil(workers).max(1);
    // every draw, trial after trial (4 bytes per payee and trial), drawn on every core
    let mut all: Vec<u32> = vec![0; trials * n];
    {
        let draws = Draws::new(model, sc);
        all.par_chunks_mut((per_worker * n).max(1))
            .enumerate()
            .for_each(|(w, part)| {
                for (k, out) in part.chunks_mut(n.max(1)).enumerate() {
                    draws.trial((w * per_worker + k) as u64, out);
                }
            });
    }
    // per payee: the range of steps drawn, and which steps occur
    let mut lo = vec![u32::MAX; n];
    let mut hi = vec![0u32; n];
    for trial in all.chunks(n.max(1)) {
        for (i, &k) in trial.iter().enumerate() {
            lo[i] = lo[i].min(k);
            hi[i] = hi[i].max(k);
        }
    }
    let mut seen: Vec<Vec<bool>> = (0..n)
        .map(|i| vec![false; (hi[i].saturating_sub(lo[i])) as usize + 1])
        .collect();
    for trial in all.chunks(n.max(1)) {
        for (i, &k) in trial.iter().enumerate() {
            seen[i][(k - lo[i]) as usize] = true;
        }
    }
    // the engine once per distinct (payee, records): attainments whose records are the same (a
    // count rounds to the same whole number in every period) share one computation
    let mut jobs = Vec::new();
    let mut job_of: Vec<Vec<u32>> = Vec::with_capacity(n);
    for i in 0..n {
        let mut index = vec![u32::MAX; seen[i].len()];
        let mut by_values: std::collections::HashMap<Vec<Decimal>, u32> = Default::default();
        for (off, s) in seen[i].iter().enumerate() {
            if *s {
                let a = mc.step * Decimal::from(lo[i] + off as u32);
                let values = model.values(i, a)?;
                index[off] = *by_values.entry(values).or_insert_with(|| {
                    jobs.push((i, a));
                    (jobs.len() - 1) as u32
                });
            }
        }
        job_of.push(index);
    }
    let out = run_jobs(model, sc, &jobs)?;

    // how often each job is drawn, and each trial's total per group
    let money = model.ws.money;
    let scale = Decimal::from(10u64.pow(money.minor_unit));
    let cents: Vec<i64> = out
        .iter()
        .map(|o| (o.payout * scale).to_i64().ok_or_else(overflow))
        .collect::<Result<_, _>>()?;
    let groups = groups(model);
    let member_of: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            (0..groups.len())
                .filter(|&g| member(model, i, &groups[g]))
                .collect()
        })
        .collect();
    // each worker adds up its own trials; hits add up, totals stay in trial order
    let parts: Vec<(Vec<u32>, Vec<Vec<i64>>)> = all
        .par_chunks((per_worker * n).max(1))
        .map(|part| {
            let mut hits = vec![0u32; jobs.len()];
            let mut totals: Vec<Vec<i64>> = vec![Vec::new(); groups.len()];
            let mut sums = vec![0i64; groups.len()];
            for trial in part.chunks(n.max(1)) {
                sums.iter_mut().for_each(|s| *s = 0);
                for (i, &k) in trial.iter().enumerate() {
                    let j = job_of[i][(k - lo[i]) as usize] as usize;
                    hits[j] += 1;
                    for &g in &member_of[i] {
                        sums[g] += cents[j];
                    }
                }
                for (g, s) in sums.iter().enumerate() {
                    totals[g].push(*s);
                }
            }
            (hits, totals)
        })
        .collect();
    let mut hits = vec![0u32; jobs.len()];
    let mut totals: Vec<Vec<i64>> = vec![Vec::with_capacity(trials); groups.len()];
    for (h, t) in parts {
        for (a, b) in hits.iter_mut().zip(h) {
            *a += b;
        }
        for (a, b) in totals.iter_mut().zip(t) {
            a.extend(b);
        }
    }
    let n_trials = Decimal::from(trials as u64);
    let from_cents = |c: i64| Decimal::new(c, money.minor_unit);
    let company_totals: Vec<Decimal> = totals[0].iter().map(|c| from_cents(*c)).collect();

    // per payee: means over trials and percentiles of pay
    let mean = |x: Decimal| x.checked_div(n_trials).ok_or_else(overflow);
    let mut rows = Vec::new();
    let mut stats: Vec<PayeeStats> = Vec::new();
    // a job shared by several attainments is counted once, with all its hits
    let jobs_of_payee = |i: usize| {
        let mut js: Vec<usize> = job_of[i]
            .iter()
            .filter(|j| **j != u32::MAX)
            .map(|j| *j as usize)
            .collect();
        js.sort_unstable();
        js.dedup();
        js
    };
    for (i, p) in model.roster.payees.iter().enumerate() {
        let mut s = PayeeStats::default();
        let mut pays: Vec<(i64, u32)> = Vec::new();
        for j in jobs_of_payee(i) {
            let (o, h) = (&out[j], Decimal::from(hits[j]));
            let w = |x: Decimal| x.checked_mul(h).ok_or_else(overflow);
            s.payout = s.payout.checked_add(w(o.payout)?).ok_or_else(overflow)?;
            s.revenue = s.revenue.checked_add(w(o.revenue)?).ok_or_else(overflow)?;
            if let Some(v) = o.value {
                s.value = Some(
                    s.value
                        .unwrap_or_default()
                        .checked_add(w(v)?)
                        .ok_or_else(overflow)?,
                );
            }
            if let Some(t) = o.target {
                s.target = Some(
                    s.target
                        .unwrap_or_default()
                        .checked_add(w(t)?)
                        .ok_or_else(overflow)?,
                );
            }
            if let Some(b) = o.at_or_above_100() {
                s.with_target = true;
                if b {
                    s.above += hits[j] as u64;
                }
            }
            if o.capped {
                s.capped += hits[j] as u64;
            }
            pays.push((cents[j], hits[j]));
        }
        pays.sort();
        let pct = |q: u64| from_cents(percentile(&pays, trials as u64, q));
        let plan = model.ws.plan(&p.plan).expect("in force");
        let (value, target) = (
            s.value.map(mean).transpose()?,
            s.target.map(mean).transpose()?,
        );
        let payout = money.round(mean(s.payout)?);
        let revenue = mean(s.revenue)?;
        rows.push(Row {
            point: None,
            level: "payee",
            id: p.id.clone(),
            name: p.name.clone(),
            plan: p.plan.clone(),
            team: p.team.clone().unwrap_or_default(),
            hire: model.hired.contains(&p.id),
            payees: 1,
            measure: primary_measure(plan).map(str::to_string),
            value,
            target,
            attainment: value.zip(target).and_then(|(v, t)| ratio(v, t)),
            revenue: money.round(revenue),
            payout,
            p10: Some(pct(10)),
            p50: Some(pct(50)),
            p90: Some(pct(90)),
            cost_of_sales: ratio(mean(s.payout)?, revenue),
            at_or_above_100: s.with_target.then(|| Decimal::from(s.above) / n_trials),
            capped: Decimal::from(s.capped) / n_trials,
        });
        stats.push(s);
    }
    for (g, key) in groups
        .iter()
        .enumerate()
        .skip(1)
        .chain(groups.iter().enumerate().take(1))
    {
        let members: Vec<usize> = (0..n).filter(|&i| member_of[i].contains(&g)).collect();
        let mut sorted: Vec<(i64, u32)> = totals[g].iter().map(|c| (*c, 1)).collect();
        sorted.sort();
        let pct = |q: u64| from_cents(percentile(&sorted, trials as u64, q));
        let total_payout = crate::engine::arith::sum(members.iter().map(|&i| stats[i].payout))
            .map_err(|_| overflow())?;
        let total_revenue = crate::engine::arith::sum(members.iter().map(|&i| stats[i].revenue))
            .map_err(|_| overflow())?;
        let with_target: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| stats[i].with_target)
            .collect();
        let above: u64 = with_target.iter().map(|&i| stats[i].above).sum();
        let capped: u64 = members.iter().map(|&i| stats[i].capped).sum();
        let per_trial = |count: u64, of: usize| {
            ratio(Decimal::from(count), n_trials * Decimal::from(of as u64))
        };
        rows.push(Row {
            revenue: money.round(mean(total_revenue)?),
            payout: money.round(mean(total_payout)?),
            p10: Some(pct(10)),
            p50: Some(pct(50)),
            p90: Some(pct(90)),
            cost_of_sales: ratio(total_payout, total_revenue),
            at_or_above_100: per_trial(above, with_target.len()),
            capped: per_trial(capped, members.len()).unwrap_or_default(),
            ..Row::group(key, members.len())
        });
    }
    plan_attainment(&mut rows);
    Ok((rows, company_totals))
}

#[derive(Default)]
struct PayeeStats {
    /// Sums over trials.
    payout: Decimal,
    revenue: Decimal,
    value: Option<Decimal>,
    target: Option<Decimal>,
    with_target: bool,
    above: u64,
    capped: u64,
}

/// The nearest-rank percentile q (of 100) of `n` values given as sorted (value, count) pairs: the
/// smallest value with at least q% of the values at or below it.
fn percentile(sorted: &[(i64, u32)], n: u64, q: u64) -> i64 {
    let rank = (q * n).div_ceil(100).max(1);
    let mut seen = 0u64;
    for (v, c) in sorted {
        seen += u64::from(*c);
        if seen >= rank {
            return *v;
        }
    }
    sorted.last().map_or(0, |(v, _)| *v)
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=10: P10 is 1, P50 is 5, P90 is 9
        let v: Vec<(i64, u32)> = (1..=10).map(|x| (x, 1)).collect();
        assert_eq!(
            (
                percentile(&v, 10, 10),
                percentile(&v, 10, 50),
                percentile(&v, 10, 90)
            ),
            (1, 5, 9)
        );
        // counts: 3 x 100, 1 x 200 -> P50 is 100, P90 is 200
        let v = [(100, 3), (200, 1)];
        assert_eq!((percentile(&v, 4, 50), percentile(&v, 4, 90)), (100, 200));
    }
}
