//! Monte Carlo: attainment drawn per payee from a distribution over many trials; the engine once
//! per distinct (payee, records) drawn, then the trials added up per payee and group.
//!
//! Reproducible: trial `t` draws from stream `t` of a ChaCha8 seeded by the scenario, the engine's
//! outcomes come back in job order, and trials are added up in whole cents and kept in trial
//! order, so a seed gives the same bytes on any number of threads.

use super::model::ModelYear;
use super::projection::{groups, member, overflow, plan_attainment, primary_measure, ratio, Row};
use super::run::{run_jobs, Outcome};
use super::scenario::{Dist, Scenario, Shape};
use crate::diag::{Diagnostic, Invalid};
use crate::num::Money;
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Monte Carlo: draw every trial, compute each distinct (payee, attainment) drawn once, then add
/// them up per trial and take the statistics per payee and group. Also the company's total cost
/// in each trial, in trial order.
pub(super) fn monte_carlo(
    model: &ModelYear,
    sc: &Scenario,
) -> Result<(Vec<Row>, Vec<Decimal>), Invalid> {
    let everyone: Vec<usize> = (0..model.roster.payees.len()).collect();
    model.check_kpis(&everyone)?;
    let n = model.roster.payees.len();
    let trials = sc.monte_carlo.trials as usize;
    check_size(trials, n)?;
    let drawn = Drawn::draw(model, sc);
    let jobs = Jobs::of(model, sc.monte_carlo.step, &drawn)?;
    let out = run_jobs(model, sc, &jobs.list)?;
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
    let tally = Tally::of(&drawn, &jobs, &cents, &member_of, groups.len());
    let stats = Stats {
        n_trials: Decimal::from(trials as u64),
        trials: trials as u64,
        money,
    };
    let mut rows = Vec::new();
    let mut per_payee = Vec::new();
    for i in 0..n {
        let (row, s) = payee_row(model, i, &jobs, &out, &tally.hits, &cents, &stats)?;
        rows.push(row);
        per_payee.push(s);
    }
    // plans and teams, then the company
    for (g, key) in groups
        .iter()
        .enumerate()
        .skip(1)
        .chain(groups.iter().enumerate().take(1))
    {
        let members: Vec<usize> = (0..n).filter(|&i| member_of[i].contains(&g)).collect();
        rows.push(group_row(
            key,
            &members,
            &per_payee,
            &tally.totals[g],
            &stats,
        )?);
    }
    plan_attainment(&mut rows);
    let company_totals = tally.totals[0].iter().map(|c| stats.money_of(*c)).collect();
    Ok((rows, company_totals))
}

/// Every draw is kept (4 bytes each) between finding what to compute and adding it up.
fn check_size(trials: usize, n: usize) -> Result<(), Invalid> {
    const MAX_DRAWS: usize = 250_000_000;
    if trials.saturating_mul(n) > MAX_DRAWS {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{trials} trials of {n} payees are {} draws, more than the {MAX_DRAWS} comp keeps in memory",
            trials.saturating_mul(n)
        ))
        .hint("use fewer trials (10,000 already give stable percentiles) or model fewer payees at once")]));
    }
    Ok(())
}

/// Every draw, trial after trial (a payee's attainment in steps, 4 bytes per payee and trial), in
/// parts of whole trials, one part per thread: where parts start depends on the number of
/// threads, nothing computed from them does.
struct Drawn {
    steps: Vec<u32>,
    /// Payees per trial.
    n: usize,
    /// Trials per part.
    per_part: usize,
}

impl Drawn {
    /// Draws every trial, the parts on every core.
    fn draw(model: &ModelYear, sc: &Scenario) -> Drawn {
        let n = model.roster.payees.len();
        let trials = sc.monte_carlo.trials as usize;
        let workers = rayon::current_num_threads().clamp(1, trials.max(1));
        let per_part = trials.div_ceil(workers).max(1);
        let mut drawn = Drawn {
            steps: vec![0; trials * n],
            n,
            per_part,
        };
        let draws = Draws::new(model, sc);
        let part_len = drawn.part_len();
        drawn
            .steps
            .par_chunks_mut(part_len)
            .enumerate()
            .for_each(|(w, part)| {
                for (k, out) in part.chunks_mut(n.max(1)).enumerate() {
                    draws.trial((w * per_part + k) as u64, out);
                }
            });
        drawn
    }

    fn part_len(&self) -> usize {
        (self.per_part * self.n).max(1)
    }

    fn trials(&self) -> std::slice::Chunks<'_, u32> {
        self.steps.chunks(self.n.max(1))
    }
}

/// The engine's jobs, one per distinct (payee, records) drawn: attainments whose records are the
/// same (a count rounds to the same whole number in every period) share one computation.
struct Jobs {
    /// (payee, attainment), payee after payee.
    list: Vec<(usize, Decimal)>,
    /// Per payee: the lowest step drawn.
    lo: Vec<u32>,
    /// Per payee, per step from `lo`: its job (`u32::MAX` for a step not drawn).
    job_of: Vec<Vec<u32>>,
}

impl Jobs {
    fn of(model: &ModelYear, step: Decimal, drawn: &Drawn) -> Result<Jobs, Invalid> {
        let n = drawn.n;
        // per payee: the range of steps drawn, and which steps occur
        let mut lo = vec![u32::MAX; n];
        let mut hi = vec![0u32; n];
        for trial in drawn.trials() {
            for (i, &k) in trial.iter().enumerate() {
                lo[i] = lo[i].min(k);
                hi[i] = hi[i].max(k);
            }
        }
        let mut seen: Vec<Vec<bool>> = (0..n)
            .map(|i| vec![false; (hi[i].saturating_sub(lo[i])) as usize + 1])
            .collect();
        for trial in drawn.trials() {
            for (i, &k) in trial.iter().enumerate() {
                seen[i][(k - lo[i]) as usize] = true;
            }
        }
        let mut list = Vec::new();
        let mut job_of: Vec<Vec<u32>> = Vec::with_capacity(n);
        for i in 0..n {
            let mut index = vec![u32::MAX; seen[i].len()];
            let mut by_values: std::collections::HashMap<Vec<Decimal>, u32> = Default::default();
            for (off, s) in seen[i].iter().enumerate() {
                if *s {
                    let a = step * Decimal::from(lo[i] + off as u32);
                    let values = model.values(i, a)?;
                    index[off] = *by_values.entry(values).or_insert_with(|| {
                        list.push((i, a));
                        (list.len() - 1) as u32
                    });
                }
            }
            job_of.push(index);
        }
        Ok(Jobs { list, lo, job_of })
    }

    /// The job of payee `i` drawn at `k` steps.
    fn job(&self, i: usize, k: u32) -> usize {
        self.job_of[i][(k - self.lo[i]) as usize] as usize
    }

    /// Payee `i`'s jobs, each once (a job shared by several attainments has all their hits).
    fn of_payee(&self, i: usize) -> Vec<usize> {
        let mut js: Vec<usize> = self.job_of[i]
            .iter()
            .filter(|j| **j != u32::MAX)
            .map(|j| *j as usize)
            .collect();
        js.sort_unstable();
        js.dedup();
        js
    }
}

/// How often each job is drawn, and each trial's total per group in cents, in trial order.
struct Tally {
    hits: Vec<u32>,
    totals: Vec<Vec<i64>>,
}

impl Tally {
    /// Each part's trials added up on its own thread; hits add up, totals stay in trial order.
    fn of(
        drawn: &Drawn,
        jobs: &Jobs,
        cents: &[i64],
        member_of: &[Vec<usize>],
        groups: usize,
    ) -> Tally {
        let n = drawn.n;
        let parts: Vec<Tally> = drawn
            .steps
            .par_chunks(drawn.part_len())
            .map(|part| {
                let mut hits = vec![0u32; jobs.list.len()];
                let mut totals: Vec<Vec<i64>> = vec![Vec::new(); groups];
                let mut sums = vec![0i64; groups];
                for trial in part.chunks(n.max(1)) {
                    sums.iter_mut().for_each(|s| *s = 0);
                    for (i, &k) in trial.iter().enumerate() {
                        let j = jobs.job(i, k);
                        hits[j] += 1;
                        for &g in &member_of[i] {
                            sums[g] += cents[j];
                        }
                    }
                    for (g, s) in sums.iter().enumerate() {
                        totals[g].push(*s);
                    }
                }
                Tally { hits, totals }
            })
            .collect();
        let trials = drawn.steps.len() / n.max(1);
        let mut all = Tally {
            hits: vec![0u32; jobs.list.len()],
            totals: vec![Vec::with_capacity(trials); groups],
        };
        for part in parts {
            for (a, b) in all.hits.iter_mut().zip(part.hits) {
                *a += b;
            }
            for (a, b) in all.totals.iter_mut().zip(part.totals) {
                a.extend(b);
            }
        }
        all
    }
}

/// What turns sums over trials into a projection's figures.
struct Stats {
    trials: u64,
    n_trials: Decimal,
    money: Money,
}

impl Stats {
    /// A sum over trials as a mean.
    fn mean(&self, x: Decimal) -> Result<Decimal, Invalid> {
        x.checked_div(self.n_trials).ok_or_else(overflow)
    }

    /// An amount in cents (minor units) as money.
    fn money_of(&self, c: i64) -> Decimal {
        Decimal::new(c, self.money.minor_unit)
    }

    /// P10, P50 and P90 of sorted (cents, count) pairs.
    fn percentiles(&self, sorted: &[(i64, u32)]) -> [Option<Decimal>; 3] {
        [10, 50, 90].map(|q| Some(self.money_of(percentile(sorted, self.trials, q))))
    }
}

/// Payee `i`'s row: means over trials and percentiles of pay; and their sums over trials.
fn payee_row(
    model: &ModelYear,
    i: usize,
    jobs: &Jobs,
    out: &[Outcome],
    hits: &[u32],
    cents: &[i64],
    stats: &Stats,
) -> Result<(Row, PayeeStats), Invalid> {
    let p = &model.roster.payees[i];
    let mut s = PayeeStats::default();
    let mut pays: Vec<(i64, u32)> = Vec::new();
    for j in jobs.of_payee(i) {
        s.add(&out[j], hits[j])?;
        pays.push((cents[j], hits[j]));
    }
    pays.sort();
    let [p10, p50, p90] = stats.percentiles(&pays);
    let plan = model.ws.plan(&p.plan).expect("in force");
    let mean = |x: Decimal| stats.mean(x);
    let (value, target) = (
        s.value.map(mean).transpose()?,
        s.target.map(mean).transpose()?,
    );
    let money = stats.money;
    let payout = money.round(mean(s.payout)?);
    let revenue = mean(s.revenue)?;
    let row = Row {
        point: None,
        kpi: Default::default(),
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
        p10,
        p50,
        p90,
        cost_of_sales: ratio(mean(s.payout)?, revenue),
        at_or_above_100: s
            .with_target
            .then(|| Decimal::from(s.above) / stats.n_trials),
        capped: Decimal::from(s.capped) / stats.n_trials,
    };
    Ok((row, s))
}

/// A plan's, team's or the company's row: `totals` holds its total in each trial, in cents.
fn group_row(
    key: &(&'static str, String),
    members: &[usize],
    per_payee: &[PayeeStats],
    totals: &[i64],
    stats: &Stats,
) -> Result<Row, Invalid> {
    let mut sorted: Vec<(i64, u32)> = totals.iter().map(|c| (*c, 1)).collect();
    sorted.sort();
    let [p10, p50, p90] = stats.percentiles(&sorted);
    let total_payout = crate::engine::arith::sum(members.iter().map(|&i| per_payee[i].payout))
        .map_err(|_| overflow())?;
    let total_revenue = crate::engine::arith::sum(members.iter().map(|&i| per_payee[i].revenue))
        .map_err(|_| overflow())?;
    let with_target: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| per_payee[i].with_target)
        .collect();
    let above: u64 = with_target.iter().map(|&i| per_payee[i].above).sum();
    let capped: u64 = members.iter().map(|&i| per_payee[i].capped).sum();
    let per_trial = |count: u64, of: usize| {
        ratio(
            Decimal::from(count),
            stats.n_trials * Decimal::from(of as u64),
        )
    };
    Ok(Row {
        revenue: stats.money.round(stats.mean(total_revenue)?),
        payout: stats.money.round(stats.mean(total_payout)?),
        p10,
        p50,
        p90,
        cost_of_sales: ratio(total_payout, total_revenue),
        at_or_above_100: per_trial(above, with_target.len()),
        capped: per_trial(capped, members.len()).unwrap_or_default(),
        ..Row::group(key, members.len())
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

impl PayeeStats {
    /// Adds a job's outcome, drawn `hits` times.
    fn add(&mut self, o: &Outcome, hits: u32) -> Result<(), Invalid> {
        let h = Decimal::from(hits);
        let w = |x: Decimal| x.checked_mul(h).ok_or_else(overflow);
        let add = |sum: Decimal, x: Decimal| -> Result<Decimal, Invalid> {
            sum.checked_add(w(x)?).ok_or_else(overflow)
        };
        self.payout = add(self.payout, o.payout)?;
        self.revenue = add(self.revenue, o.revenue)?;
        if let Some(v) = o.value {
            self.value = Some(add(self.value.unwrap_or_default(), v)?);
        }
        if let Some(t) = o.target {
            self.target = Some(add(self.target.unwrap_or_default(), t)?);
        }
        if let Some(b) = o.at_or_above_100() {
            self.with_target = true;
            if b {
                self.above += u64::from(hits);
            }
        }
        if o.capped {
            self.capped += u64::from(hits);
        }
        Ok(())
    }
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
