//! Monte Carlo: attainment drawn per payee and plan period over many trials, with seasonality and
//! correlation; the engine once per distinct (payee, records) drawn, then the trials added up per
//! payee, group and period.
//!
//! The model (docs/whatif.md): in trial `t`, payee `i`'s attainment in plan period `p` is
//! `season(p) x (mean + spread x z)` (normal; lognormal: `season(p) x exp(mu + sigma x z)`, the
//! lognormal of that mean and spread), where `z = sqrt(c) x Zcompany(p) + sqrt(k) x Zteam(p) +
//! sqrt(1 - c - k) x Zown(p)`, three independent standard normals (`c`, `k`: the scenario's
//! company and team correlations; a payee with no team has `sqrt(1 - c)` of their own). The
//! company and team factors are drawn per month; a period of several months takes their sum over
//! sqrt(months), a standard normal again, so a monthly and a quarterly plan share the same bad
//! quarter. `season(p)` comes from the base year (`super::season`).
//!
//! What the engine computes: a plan whose periods are independent (period basis, no draw, no
//! component of its own frequency, no year-to-date test) pays each period on that period's records
//! alone, so one engine run at attainment `a` in every period gives every period's outcome at `a`,
//! and a trial adds up the periods at their own attainments. A plan whose periods depend on each
//! other is computed once per distinct set of period attainments drawn (exact, and slower).
//!
//! Payees on KPI plans are replayed and their KPIs drawn (`super::monte_carlo_kpi`): in the
//! layout their draw in a period is a key of `z` per KPI scope instead of an attainment, and their
//! jobs are engine runs on the replayed data; drawing, adding up and the statistics are shared.
//!
//! Reproducible: trial `t` draws from stream `t` of a ChaCha8 seeded by the scenario (company
//! factors, then team factors, then each payee's periods, in roster order; KPI draws from word
//! 2^64 of the same stream, `Layout::draw_kpis`), draws are made twice
//! (to find what to compute, then to add it up) rather than kept, outcomes come back in job order
//! and trials are added up in whole cents and kept in trial order, so a seed gives the same bytes
//! on any number of threads.

use super::model::ModelYear;
use super::monte_carlo_kpi::{KpiModel, KpiScope, KEYS, Z_MAX, Z_SCALE};
use super::projection::{
    finish_groups, groups, member, overflow, primary_measure, ratio, Row, WhatifNote,
};
use super::run::{run_jobs, Outcome};
use super::scenario::{Dist, Scenario, Shape};
use super::season::{self, Season};
use crate::diag::{Diagnostic, Invalid};
use crate::num::Money;
use crate::period::{Frequency, Period};
use crate::plan::{Plan, PlanBasis, Rule, TestOf};
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// What a Monte Carlo run gives: rows (payees, plans, teams, the company, then the report's
/// periods), the company's total cost in each trial (in trial order), and the seasonality used.
pub(super) struct Simulated {
    pub rows: Vec<Row>,
    pub totals: Vec<Decimal>,
    pub seasons: Vec<Season>,
    pub notes: Vec<WhatifNote>,
}

/// Monte Carlo: draw every trial, compute each distinct (payee, attainment) drawn once, then add
/// them up per trial and take the statistics per payee, group and period.
pub(super) fn monte_carlo(model: &ModelYear, sc: &Scenario) -> Result<Simulated, Invalid> {
    let n = model.roster.payees.len();
    // payees on KPI plans are replayed, their KPIs drawn (`super::monte_carlo_kpi`); the others
    // are made of synthetic records
    let kpi = KpiModel::of(model, sc)?;
    let synthetic: Vec<usize> = (0..n).filter(|&i| kpi.payees[i].is_none()).collect();
    model.check_kpis(&synthetic)?;
    let trials = sc.monte_carlo.trials as usize;
    check_size(trials, n)?;
    let seasons = season::seasons(model)?;
    let layout = Layout::of(model, sc, &seasons, &kpi);
    let parts = Parts::of(trials);
    let seen = Seen::collect(&layout, &parts);
    let jobs = Jobs::of(model, sc.monte_carlo.step, &layout, seen, &kpi)?;
    let mut outs = run_jobs(model, sc, &jobs.flat)?;
    outs.extend(run_jobs(model, sc, &jobs.coupled)?);
    outs.extend(kpi.run(model, sc, &jobs.kpi)?);
    let money = model.ws.money;
    let cells = Cells::of(&layout, &jobs, &outs, money)?;
    let groups = groups(model);
    let member_of: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            (0..groups.len())
                .filter(|&g| member(model, i, &groups[g]))
                .collect()
        })
        .collect();
    let tally = Tally::of(&layout, &jobs, &cells, &member_of, groups.len(), &parts);
    let stats = Stats {
        n_trials: Decimal::from(trials as u64),
        trials: trials as u64,
        money,
    };
    let mut rows = Vec::new();
    let mut per_payee = Vec::new();
    for i in 0..n {
        let s = PayeeStats::of(&layout.payees[i], &jobs, &cells, &tally, i)?;
        rows.push(payee_row(model, i, &s, &tally.payee_cents[i], &stats)?);
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
    finish_groups(&mut rows);
    if layout.report.len() > 1 {
        for r in 0..layout.report.len() {
            rows.push(period_row(&layout, &cells, &tally, r, &stats)?);
        }
    }
    let totals = tally.totals[0].iter().map(|c| stats.money_of(*c)).collect();
    Ok(Simulated {
        rows,
        totals,
        seasons,
        notes: kpi.note().into_iter().collect(),
    })
}

/// Every payee's pay in every trial is kept (8 bytes each) for their percentiles.
fn check_size(trials: usize, n: usize) -> Result<(), Invalid> {
    const MAX_PAYS: usize = 100_000_000;
    if trials.saturating_mul(n) > MAX_PAYS {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{trials} trials of {n} payees are {} yearly pays, more than the {MAX_PAYS} comp keeps in memory",
            trials.saturating_mul(n)
        ))
        .hint("use fewer trials (10,000 already give stable percentiles) or model fewer payees at once")]));
    }
    Ok(())
}

/// Whether a plan's periods are computed each on its own records alone: then a period's outcome at
/// an attainment does not depend on the other periods' attainments.
fn periods_independent(plan: &Plan) -> bool {
    let ytd_test = |of: TestOf| of == TestOf::YtdAttainment;
    plan.basis == PlanBasis::Period
        && plan.draw.is_none()
        && plan.components.iter().all(|c| {
            c.frequency.is_none()
                && !c.gate.is_some_and(|g| ytd_test(g.of))
                && !matches!(&c.rule, Rule::Kicker(k) if ytd_test(k.test.of))
        })
}

/// Trials in parts, one part per thread: where parts start depends on the number of threads,
/// nothing computed from them does.
struct Parts {
    trials: usize,
    per_part: usize,
}

impl Parts {
    fn of(trials: usize) -> Parts {
        let workers = rayon::current_num_threads().clamp(1, trials.max(1));
        Parts {
            trials,
            per_part: trials.div_ceil(workers).max(1),
        }
    }

    fn ranges(&self) -> Vec<Range<usize>> {
        (0..self.trials)
            .step_by(self.per_part)
            .map(|s| s..(s + self.per_part).min(self.trials))
            .collect()
    }
}

/// Where each payee's draws go and what shapes them.
struct Layout {
    payees: Vec<PayeeLayout>,
    /// The modelled year's months: company and team factors are drawn per month.
    months: Vec<Period>,
    /// Teams of the payees made of synthetic records (their factors drawn with theirs).
    teams: usize,
    /// Per team of payees on KPI plans (`KpiModel::teams`): its index among `teams`, if it has
    /// payees of synthetic records too.
    kpi_teams: Vec<Option<usize>>,
    /// Some payee's KPIs are drawn (the KPI draws, `KpiSlot`, are then made).
    kpi_drawn: bool,
    correlation: (f64, f64),
    seed: u64,
    step: f64,
    /// Draws per trial (every payee's plan periods).
    slots: usize,
    /// The periods reported on: the longest plan period among the payees' plans.
    report: Vec<Period>,
}

struct PayeeLayout {
    /// Where the payee's periods start in a trial's draws.
    offset: usize,
    periods: Vec<PeriodLayout>,
    /// The plan's periods depend on each other (see [`periods_independent`]), or a payee's
    /// draw key packs several KPI scopes.
    coupled: bool,
    /// A payee on a KPI plan: a draw is a key of `z` per scope (`super::monte_carlo_kpi`), not
    /// an attainment.
    kpi: Option<KpiSlot>,
    team: Option<usize>,
    shape: Shape,
    /// Normal: mean and spread; lognormal: mu and sigma of its logarithm.
    a: f64,
    b: f64,
}

/// What a payee on a KPI plan draws: one `z` per scope, packed into one key per period.
struct KpiSlot {
    scopes: Vec<KpiScope>,
    /// Their team, among `Layout::kpi_teams`.
    team: Option<usize>,
}

struct PeriodLayout {
    /// The plan period itself, as the engine's statements name it.
    period: Period,
    /// The modelled year's months it spans; a pay period shorter than a month takes the month it
    /// ends in (the month whose payroll pays it), so its company and team factors are that month's.
    months: Range<usize>,
    /// The report period it falls in.
    report: usize,
    employed: bool,
    /// Seasonality: what the period's mean is multiplied by.
    season: f64,
}

impl Layout {
    fn of(model: &ModelYear, sc: &Scenario, seasons: &[Season], kpi: &KpiModel) -> Layout {
        let mc = &sc.monte_carlo;
        let fiscal = model.ws.fiscal;
        let months = model.year.split(Frequency::Month, fiscal);
        // the teams of payees of synthetic records: their factors are drawn first, as they were
        // before payees on KPI plans were drawn, so a seed gives those payees the same draws
        let teams: BTreeSet<&str> = model
            .roster
            .payees
            .iter()
            .enumerate()
            .filter(|(i, _)| kpi.payees[*i].is_none())
            .filter_map(|(_, p)| p.team.as_deref())
            .collect();
        let teams: Vec<&str> = teams.into_iter().collect();
        let kpi_teams = kpi
            .teams
            .iter()
            .map(|t| teams.iter().position(|x| x == t))
            .collect();
        let longest = model
            .roster
            .payees
            .iter()
            .filter_map(|p| model.ws.plan(&p.plan))
            .map(|plan| plan.frequency)
            .max_by_key(|f| f.months())
            .unwrap_or(Frequency::Year);
        let report = model.year.split(longest, fiscal);
        let month_of = |d: chrono::NaiveDate| months.iter().position(|m| m.contains(d));
        let mut slots = 0;
        let payees: Vec<PayeeLayout> = model
            .roster
            .payees
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let plan = model.ws.plan(&p.plan).expect("in force");
                let factors = seasons
                    .iter()
                    .find(|s| s.plan == plan.id)
                    .map(Season::factors);
                let periods: Vec<PeriodLayout> = model
                    .year
                    .split(plan.frequency, fiscal)
                    .iter()
                    .enumerate()
                    .map(|(k, period)| {
                        // a biweekly period may start in the year before; every period ends in
                        // the modelled year, and in the report period it is counted in
                        let months = if period.months == 0 {
                            let m = month_of(period.end()).unwrap_or(0);
                            m..m + 1
                        } else {
                            let first = month_of(period.start).unwrap_or(0);
                            first..first + period.months as usize
                        };
                        PeriodLayout {
                            period: *period,
                            months,
                            report: report
                                .iter()
                                .position(|r| r.contains(period.end()))
                                .unwrap_or(0),
                            employed: p.employed_during(period.start, period.end()),
                            season: factors
                                .as_ref()
                                .and_then(|f| f.get(k).copied())
                                .unwrap_or(1.0),
                        }
                    })
                    .collect();
                let Dist {
                    shape,
                    mean,
                    spread,
                } = mc.dist(p.team.as_deref(), &p.plan);
                let (m, s) = (mean.to_f64().unwrap_or(1.0), spread.to_f64().unwrap_or(0.0));
                let (a, b) = match shape {
                    Shape::Normal => (m, s),
                    // the lognormal whose mean and standard deviation are m and s
                    Shape::Lognormal => {
                        let sigma2 = (1.0 + (s * s) / (m * m)).ln();
                        (m.ln() - sigma2 / 2.0, sigma2.sqrt())
                    }
                };
                let slot = kpi.payees[i].as_ref().map(|k| KpiSlot {
                    scopes: k.scopes.clone(),
                    team: p
                        .team
                        .as_ref()
                        .and_then(|t| kpi.teams.iter().position(|x| x == t)),
                });
                let out = PayeeLayout {
                    offset: slots,
                    coupled: !periods_independent(plan)
                        || slot.as_ref().is_some_and(|k| k.scopes.len() > 1),
                    kpi: slot,
                    team: p
                        .team
                        .as_deref()
                        .and_then(|t| teams.iter().position(|x| *x == t)),
                    shape,
                    a,
                    b,
                    periods,
                };
                slots += out.periods.len();
                out
            })
            .collect();
        let c = &mc.correlation;
        Layout {
            kpi_drawn: payees
                .iter()
                .any(|p| p.kpi.as_ref().is_some_and(|k| !k.scopes.is_empty())),
            payees,
            months,
            teams: teams.len(),
            kpi_teams,
            correlation: (
                c.company.to_f64().unwrap_or(0.0),
                c.team.to_f64().unwrap_or(0.0),
            ),
            seed: mc.seed,
            step: mc.step.to_f64().unwrap_or(0.01),
            slots,
            report,
        }
    }

    /// The most steps a draw can be (100x attainment).
    fn max_steps(&self) -> u32 {
        (100.0 / self.step).round() as u32
    }

    /// The most a draw of a payee of independent periods can be: steps of attainment, or a
    /// KPI's key of one scope.
    fn max_draw(&self) -> u32 {
        self.max_steps().max(KEYS - 1)
    }

    /// Trial `t`'s attainments, in steps, every payee's periods in turn, into `out` (`slots`
    /// long; `z` is scratch): from stream `t` of the seeded ChaCha8, so a trial's draws do not
    /// depend on which thread draws it or in what order.
    fn draw(&self, t: u64, out: &mut [u32], z: &mut Factors) {
        use rand::SeedableRng;
        use rand_distr::{Distribution, StandardNormal};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(t);
        let (c, k) = self.correlation;
        let months = self.months.len();
        // the common factors are drawn only when they count: with no correlation, a trial's
        // stream is the payees' own draws alone
        if c > 0.0 {
            for x in z.company.iter_mut().take(months) {
                *x = StandardNormal.sample(&mut rng);
            }
        }
        if k > 0.0 {
            for x in z.team.iter_mut().take(self.teams * months) {
                *x = StandardNormal.sample(&mut rng);
            }
        }
        let step = self.step;
        let max = f64::from(self.max_steps());
        for p in &self.payees {
            if p.kpi.is_some() {
                continue;
            }
            let (wc, wt, wo) = weights(c, k, p.team.is_some());
            for (j, period) in p.periods.iter().enumerate() {
                let own: f64 = StandardNormal.sample(&mut rng);
                let mut zz = wo * own;
                if wc > 0.0 {
                    zz += wc * z.company_over(period.months.clone());
                }
                if let (true, Some(team)) = (wt > 0.0, p.team) {
                    zz += wt * z.team_over(team * months, period.months.clone());
                }
                let x = period.season
                    * match p.shape {
                        Shape::Normal => p.a + p.b * zz,
                        Shape::Lognormal => (p.a + p.b * zz).exp(),
                    };
                // below zero attainment is zero; beyond 100x is out of any plan's range
                out[p.offset + j] = (x.max(0.0) / step).round().min(max) as u32;
            }
        }
        if self.kpi_drawn {
            self.draw_kpis(t, out, z);
        }
    }

    /// Trial `t`'s KPI draws (`super::monte_carlo_kpi`), after the attainments: from the same
    /// stream at word 2^64, far past any trial's attainment draws, so the payees of synthetic
    /// records draw what they drew before KPIs were. Factors the attainments did not draw (no
    /// company correlation, a team with no payee of synthetic records or no team correlation)
    /// are drawn here: a team's or the company's KPI is their factor.
    fn draw_kpis(&self, t: u64, out: &mut [u32], z: &mut Factors) {
        use rand::SeedableRng;
        use rand_distr::{Distribution, StandardNormal};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(t);
        rng.set_word_pos(1u128 << 64);
        let (c, k) = self.correlation;
        let months = self.months.len();
        for x in z.kpi_company.iter_mut() {
            *x = StandardNormal.sample(&mut rng);
        }
        for x in z.kpi_team.iter_mut() {
            *x = StandardNormal.sample(&mut rng);
        }
        let company = |m: Range<usize>| {
            if c > 0.0 {
                z.company_over(m)
            } else {
                over(&z.kpi_company[m])
            }
        };
        let team = |t: usize, m: Range<usize>| match self.kpi_teams[t] {
            Some(s) if k > 0.0 => z.team_over(s * months, m),
            _ => over(&z.kpi_team[t * months + m.start..t * months + m.end]),
        };
        for p in &self.payees {
            let Some(slot) = &p.kpi else { continue };
            if slot.scopes.is_empty() {
                continue;
            }
            let (wc, wt, wo) = weights(c, k, slot.team.is_some());
            for (j, period) in p.periods.iter().enumerate() {
                let mut key = 0u32;
                for scope in &slot.scopes {
                    let m = period.months.clone();
                    let zz = match *scope {
                        KpiScope::Own => {
                            let own: f64 = StandardNormal.sample(&mut rng);
                            let mut zz = wo * own + wc * company(m.clone());
                            if let Some(tk) = slot.team {
                                zz += wt * team(tk, m);
                            }
                            zz
                        }
                        KpiScope::Team(tk) => {
                            c.sqrt() * company(m.clone()) + (1.0 - c).sqrt() * team(tk, m)
                        }
                        KpiScope::Company => company(m),
                    };
                    let q = ((zz * Z_SCALE as f64).round() as i64).clamp(-Z_MAX, Z_MAX);
                    key = key * KEYS + (q + Z_MAX) as u32;
                }
                out[p.offset + j] = key;
            }
        }
    }

    /// Every trial of `range`, each drawn into a buffer handed to `each` with its trial number.
    fn each_trial(&self, range: Range<usize>, mut each: impl FnMut(usize, &[u32])) {
        let mut buf = vec![0u32; self.slots];
        let mut z = self.factors();
        for t in range {
            self.draw(t as u64, &mut buf, &mut z);
            each(t, &buf);
        }
    }
}

/// The weights of the company, team and own normals in a payee's draw: sqrt of the shares of
/// variance, so the draw stays a standard normal. A payee with no team has the team's share as
/// their own.
fn weights(c: f64, k: f64, in_team: bool) -> (f64, f64, f64) {
    let k = if in_team { k } else { 0.0 };
    (c.sqrt(), k.sqrt(), (1.0 - c - k).max(0.0).sqrt())
}

/// A trial's common factors: the company's per month, each team's per month; and those the KPI
/// draws make of their own (`Layout::draw_kpis`).
struct Factors {
    company: Vec<f64>,
    team: Vec<f64>,
    kpi_company: Vec<f64>,
    kpi_team: Vec<f64>,
}

impl Layout {
    fn factors(&self) -> Factors {
        let mut z = Factors::new(self.months.len(), self.teams);
        if self.kpi_drawn {
            z.kpi_company = vec![0.0; self.months.len()];
            z.kpi_team = vec![0.0; self.months.len() * self.kpi_teams.len()];
        }
        z
    }
}

impl Factors {
    fn new(months: usize, teams: usize) -> Factors {
        Factors {
            company: vec![0.0; months],
            team: vec![0.0; months * teams],
            kpi_company: Vec::new(),
            kpi_team: Vec::new(),
        }
    }

    /// The company's factor over some months: their sum over sqrt(months), a standard normal.
    fn company_over(&self, months: Range<usize>) -> f64 {
        over(&self.company[months])
    }

    fn team_over(&self, base: usize, months: Range<usize>) -> f64 {
        over(&self.team[base + months.start..base + months.end])
    }
}

fn over(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.iter().sum::<f64>() / (xs.len() as f64).sqrt()
}

/// What was drawn, per payee: the steps of any period (a plan of independent periods), or the
/// distinct sets of period steps (a plan whose periods depend on each other).
struct Seen {
    /// Per payee: a bit per step drawn in some employed period.
    steps: Vec<Vec<u64>>,
    sets: Vec<BTreeSet<Vec<u32>>>,
}

impl Seen {
    /// The trials' draws, each part on its own thread, merged (the merge is a union: it does not
    /// depend on how the trials were cut).
    fn collect(layout: &Layout, parts: &Parts) -> Seen {
        let words = (layout.max_draw() as usize) / 64 + 1;
        let n = layout.payees.len();
        let empty = || Seen {
            steps: layout
                .payees
                .iter()
                .map(|p| {
                    if p.coupled {
                        Vec::new()
                    } else {
                        vec![0u64; words]
                    }
                })
                .collect(),
            sets: vec![BTreeSet::new(); n],
        };
        let found: Vec<Seen> = parts
            .ranges()
            .into_par_iter()
            .map(|range| {
                let mut seen = empty();
                layout.each_trial(range, |_, draws| {
                    for (i, p) in layout.payees.iter().enumerate() {
                        if p.coupled {
                            seen.sets[i].insert(set_of(p, draws));
                            continue;
                        }
                        let bits = &mut seen.steps[i];
                        for (j, period) in p.periods.iter().enumerate() {
                            if period.employed {
                                let k = draws[p.offset + j] as usize;
                                bits[k / 64] |= 1 << (k % 64);
                            }
                        }
                    }
                });
                seen
            })
            .collect();
        let mut all = empty();
        for part in found {
            for (a, b) in all.steps.iter_mut().zip(part.steps) {
                a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
            }
            for (a, b) in all.sets.iter_mut().zip(part.sets) {
                a.extend(b);
            }
        }
        all
    }
}

/// A coupled payee's draws in a trial: their period steps (0 where they are not employed).
fn set_of(p: &PayeeLayout, draws: &[u32]) -> Vec<u32> {
    p.periods
        .iter()
        .enumerate()
        .map(|(j, period)| {
            if period.employed {
                draws[p.offset + j]
            } else {
                0
            }
        })
        .collect()
}

/// The engine's jobs: per payee of independent periods, one per distinct records drawn (an
/// attainment in every period: attainments whose records are the same, a count rounding to the
/// same whole number, share one); per coupled payee, one per distinct set of period attainments.
///
/// Jobs are numbered flat, then coupled, then KPI jobs (`cells` follow that order).
struct Jobs {
    flat: Vec<(usize, Decimal)>,
    coupled: Vec<(usize, Vec<Decimal>)>,
    /// Payees on KPI plans: a key per plan period (`super::monte_carlo_kpi`).
    kpi: Vec<(usize, Vec<u32>)>,
    /// Per payee of independent periods, per step from `lo`: its job among its kind's
    /// (`u32::MAX`: not drawn). Kept to the steps drawn, so a trial's lookups stay in cache.
    job_of: Vec<Vec<u32>>,
    lo: Vec<u32>,
    /// Per coupled payee: each set's job among its kind's.
    set_job: Vec<HashMap<Vec<u32>, u32>>,
    /// Per payee: where their kind's jobs start among all jobs.
    base: Vec<usize>,
    /// Per job: its payee.
    payee_of: Vec<usize>,
}

impl Jobs {
    fn of(
        model: &ModelYear,
        step: Decimal,
        layout: &Layout,
        seen: Seen,
        kpi: &KpiModel,
    ) -> Result<Jobs, Invalid> {
        let n = layout.payees.len();
        let mut jobs = Jobs {
            flat: Vec::new(),
            coupled: Vec::new(),
            kpi: Vec::new(),
            job_of: vec![Vec::new(); n],
            lo: vec![0; n],
            set_job: vec![HashMap::new(); n],
            base: vec![0; n],
            payee_of: Vec::new(),
        };
        for (i, (bits, sets)) in seen.steps.into_iter().zip(seen.sets).enumerate() {
            if layout.payees[i].kpi.is_some() {
                jobs.kpi_payee(i, &layout.payees[i], bits, sets, kpi);
                continue;
            }
            if layout.payees[i].coupled {
                for set in sets {
                    let at: Vec<Decimal> = set.iter().map(|k| step * Decimal::from(*k)).collect();
                    jobs.set_job[i].insert(set, jobs.coupled.len() as u32);
                    jobs.coupled.push((i, at));
                }
                continue;
            }
            let drawn = |k: usize| bits[k / 64] & (1 << (k % 64)) != 0;
            let all = bits.len() * 64;
            let lo = (0..all).find(|&k| drawn(k)).unwrap_or(0);
            let hi = (0..all).rev().find(|&k| drawn(k)).unwrap_or(0).max(lo);
            let mut index = vec![u32::MAX; hi - lo + 1];
            let mut by_values: HashMap<Vec<Decimal>, u32> = HashMap::new();
            for (off, slot) in index.iter_mut().enumerate() {
                let k = lo + off;
                if !drawn(k) {
                    continue;
                }
                let a = step * Decimal::from(k as u32);
                let values = model.values(i, a)?;
                *slot = *by_values.entry(values).or_insert_with(|| {
                    jobs.flat.push((i, a));
                    (jobs.flat.len() - 1) as u32
                });
            }
            jobs.job_of[i] = index;
            jobs.lo[i] = lo as u32;
        }
        let (flat, coupled) = (jobs.flat.len(), jobs.coupled.len());
        for (i, p) in layout.payees.iter().enumerate() {
            jobs.base[i] = match (&p.kpi, p.coupled) {
                (Some(_), _) => flat + coupled,
                (None, true) => flat,
                (None, false) => 0,
            };
        }
        jobs.payee_of = (jobs.flat.iter().map(|j| j.0))
            .chain(jobs.coupled.iter().map(|j| j.0))
            .chain(jobs.kpi.iter().map(|j| j.0))
            .collect();
        Ok(jobs)
    }

    /// A payee on a KPI plan's jobs: per distinct key drawn, the values it gives in every period
    /// (keys giving the same values, a clamp at a KPI's bound, share a job); coupled, per distinct
    /// set of period keys.
    fn kpi_payee(
        &mut self,
        i: usize,
        p: &PayeeLayout,
        bits: Vec<u64>,
        sets: BTreeSet<Vec<u32>>,
        kpi: &KpiModel,
    ) {
        if p.coupled {
            for set in sets {
                self.set_job[i].insert(set.clone(), self.kpi.len() as u32);
                self.kpi.push((i, set));
            }
            return;
        }
        let drawn = |k: usize| bits[k / 64] & (1 << (k % 64)) != 0;
        let all = bits.len() * 64;
        let lo = (0..all).find(|&k| drawn(k)).unwrap_or(0);
        let hi = (0..all).rev().find(|&k| drawn(k)).unwrap_or(0).max(lo);
        let mut index = vec![u32::MAX; hi - lo + 1];
        let mut by_values: HashMap<Vec<Vec<Option<Decimal>>>, u32> = HashMap::new();
        for (off, slot) in index.iter_mut().enumerate() {
            let k = lo + off;
            if !drawn(k) {
                continue;
            }
            let keys = vec![k as u32; p.periods.len()];
            let values = kpi.values(i, &keys);
            *slot = *by_values.entry(values).or_insert_with(|| {
                self.kpi.push((i, keys));
                (self.kpi.len() - 1) as u32
            });
        }
        self.job_of[i] = index;
        self.lo[i] = lo as u32;
    }

    /// Payee `i`'s job for a trial's draws, as an index into the cells' jobs (flat jobs, then
    /// coupled ones), and whether each period reads its own job (independent periods).
    fn flat_job(&self, i: usize, k: u32) -> usize {
        self.base[i] + self.job_of[i][(k - self.lo[i]) as usize] as usize
    }

    fn coupled_job(&self, i: usize, set: &[u32]) -> usize {
        self.base[i] + self.set_job[i][set] as usize
    }

    fn payee(&self, job: usize) -> usize {
        self.payee_of[job]
    }
}

/// Each job's outcome per plan period of its payee, flat: cell `start[job] + period`.
struct Cells {
    /// What a trial reads of each cell, packed: one cache line per period drawn.
    hot: Vec<Hot>,
    start: Vec<usize>,
    /// Per job: its payee.
    payee: Vec<usize>,
    cents: Vec<i64>,
    payout: Vec<Decimal>,
    revenue: Vec<Decimal>,
    value: Vec<Option<Decimal>>,
    target: Vec<Option<Decimal>>,
    capped: Vec<bool>,
}

impl Cells {
    /// `outs`: every job's outcome, in job order.
    fn of(layout: &Layout, jobs: &Jobs, outs: &[Outcome], money: Money) -> Result<Cells, Invalid> {
        let scale = Decimal::from(10u64.pow(money.minor_unit));
        let mut cells = Cells {
            hot: Vec::new(),
            start: Vec::with_capacity(outs.len()),
            payee: Vec::with_capacity(outs.len()),
            cents: Vec::new(),
            payout: Vec::new(),
            revenue: Vec::new(),
            value: Vec::new(),
            target: Vec::new(),
            capped: Vec::new(),
        };
        let fiscal_periods = |i: usize| layout.payees[i].periods.len();
        for (job, o) in outs.iter().enumerate() {
            let i = jobs.payee(job);
            cells.start.push(cells.cents.len());
            cells.payee.push(i);
            let periods = fiscal_periods(i);
            let mut found = o.periods.iter().peekable();
            for (j, period) in layout.payees[i].periods.iter().enumerate() {
                // the statements of the job, in period order, matched by the period's place
                let this = found
                    .next_if(|s| layout_index(layout, i, s.period) == Some(j))
                    .filter(|_| period.employed);
                let payout = this.map_or(Decimal::ZERO, |s| s.payout);
                cells
                    .cents
                    .push((payout * scale).to_i64().ok_or_else(overflow)?);
                cells.payout.push(payout);
                cells
                    .revenue
                    .push(this.map_or(Decimal::ZERO, |s| s.revenue));
                cells.value.push(this.and_then(|s| s.value));
                cells.target.push(this.and_then(|s| s.target));
                cells.capped.push(this.is_some_and(|s| s.capped));
                let (value, target) =
                    match (this.and_then(|s| s.value), this.and_then(|s| s.target)) {
                        (Some(v), Some(t)) => (Some(fixed(v)?), Some(fixed(t)?)),
                        _ => (None, None),
                    };
                cells.hot.push(Hot {
                    cents: *cells.cents.last().expect("pushed"),
                    value: value.unwrap_or(0),
                    target: target.unwrap_or(0),
                    with_target: value.is_some(),
                    capped: this.is_some_and(|s| s.capped),
                });
            }
            debug_assert_eq!(cells.cents.len() - cells.start[job], periods);
        }
        Ok(cells)
    }
}

/// A cell as a trial reads it: pay in cents, the quota measure's value and target in fixed point
/// (see [`fixed`]), whether it has a target and whether a cap cut it.
#[derive(Clone, Copy)]
struct Hot {
    cents: i64,
    value: i128,
    target: i128,
    with_target: bool,
    capped: bool,
}

/// Decimal places of [`fixed`]: values and targets are compared for "at or above 100%" as whole
/// multiples of 10^-18 (exact for every value with up to 18 decimals; beyond, both sides rounded
/// alike), as i128 so a trial adds them up without decimal arithmetic.
const FIXED_DP: u32 = 18;

fn fixed(d: Decimal) -> Result<i128, Invalid> {
    let r = d.round_dp(FIXED_DP);
    10i128
        .checked_pow(FIXED_DP - r.scale())
        .and_then(|f| r.mantissa().checked_mul(f))
        .ok_or_else(overflow)
}

/// The index of `period` among payee `i`'s plan periods.
fn layout_index(layout: &Layout, i: usize, period: Period) -> Option<usize> {
    layout.payees[i]
        .periods
        .iter()
        .position(|x| x.period == period)
}

/// Trials drawn and added up together (see [`Tally::of`]): 64 trials of 1,000 payees' periods are
/// some 2 MB of draws.
const TRIAL_BLOCK: usize = 64;

/// The trials added up: how often each cell was drawn, each payee's pay in each trial, each
/// group's and each report period's total in each trial (trial order), and counts of payees at or
/// above 100% and capped.
struct Tally {
    hits: Vec<u32>,
    /// Per payee, per trial: the year's pay in cents.
    payee_cents: Vec<Vec<i64>>,
    /// Per group, per trial.
    totals: Vec<Vec<i64>>,
    /// Per report period, per trial: the company's cost in it.
    period_totals: Vec<Vec<i64>>,
    /// Per payee: trials at or above 100% of the year's target; trials a cap cut their pay.
    above: Vec<u64>,
    capped: Vec<u64>,
    /// Per report period, summed over trials: payees with a target, at or above 100% of it, capped.
    period_with_target: Vec<u64>,
    period_above: Vec<u64>,
    period_capped: Vec<u64>,
}

impl Tally {
    fn of(
        layout: &Layout,
        jobs: &Jobs,
        cells: &Cells,
        member_of: &[Vec<usize>],
        groups: usize,
        parts: &Parts,
    ) -> Tally {
        let n = layout.payees.len();
        let r_len = layout.report.len();
        let ranges = parts.ranges();
        let found: Vec<Tally> = ranges
            .par_iter()
            .map(|range| {
                let len = range.len();
                let mut t = Tally {
                    hits: vec![0; cells.cents.len()],
                    payee_cents: vec![Vec::with_capacity(len); n],
                    totals: vec![Vec::with_capacity(len); groups],
                    period_totals: vec![Vec::with_capacity(len); r_len],
                    above: vec![0; n],
                    capped: vec![0; n],
                    period_with_target: vec![0; r_len],
                    period_above: vec![0; r_len],
                    period_capped: vec![0; r_len],
                };
                // trials in blocks, drawn first, then added up payee after payee: a payee's
                // cells are read for the whole block while they are in cache (trial after trial,
                // every read was a cache miss on some 30 MB of cells); sums are whole cents and
                // counts, so the order they are added in changes nothing
                let block = TRIAL_BLOCK.min(len.max(1));
                let slots = layout.slots;
                let mut buf = vec![0u32; slots * block];
                let mut z = layout.factors();
                let mut sums = vec![0i64; groups * block];
                let mut period_sums = vec![0i64; r_len * block];
                let mut years = vec![0i64; block];
                // per report period: the payee's value and target in it, and whether capped
                let mut pv: Vec<(i128, i128, bool, bool)> = vec![Default::default(); r_len];
                let mut first = range.start;
                while first < range.end {
                    let trials = first..(first + block).min(range.end);
                    let b_len = trials.len();
                    for (b, t) in trials.enumerate() {
                        layout.draw(t as u64, &mut buf[b * slots..(b + 1) * slots], &mut z);
                    }
                    sums.iter_mut().for_each(|s| *s = 0);
                    period_sums.iter_mut().for_each(|s| *s = 0);
                    for (i, p) in layout.payees.iter().enumerate() {
                        for (b, year_out) in years.iter_mut().enumerate().take(b_len) {
                            let draws = &buf[b * slots..(b + 1) * slots];
                            let period_sums = &mut period_sums[b * r_len..(b + 1) * r_len];
                            let coupled = p.coupled.then(|| jobs.coupled_job(i, &set_of(p, draws)));
                            let mut year = 0i64;
                            let (mut v, mut tg, mut has_target, mut capped) =
                                (0i128, 0i128, false, false);
                            pv.iter_mut().for_each(|x| *x = Default::default());
                            for (j, period) in p.periods.iter().enumerate() {
                                if !period.employed {
                                    continue;
                                }
                                let job = coupled
                                    .unwrap_or_else(|| jobs.flat_job(i, draws[p.offset + j]));
                                let cell = cells.start[job] + j;
                                t.hits[cell] += 1;
                                let hot = cells.hot[cell];
                                year += hot.cents;
                                period_sums[period.report] += hot.cents;
                                let slot = &mut pv[period.report];
                                if hot.with_target {
                                    v += hot.value;
                                    tg += hot.target;
                                    slot.0 += hot.value;
                                    slot.1 += hot.target;
                                    has_target = true;
                                    slot.2 = true;
                                }
                                if hot.capped {
                                    capped = true;
                                    slot.3 = true;
                                }
                            }
                            for (r, (sv, st, with, cut)) in pv.iter().enumerate() {
                                if *with && *st != 0 {
                                    t.period_with_target[r] += 1;
                                    if sv >= st {
                                        t.period_above[r] += 1;
                                    }
                                }
                                if *cut {
                                    t.period_capped[r] += 1;
                                }
                            }
                            if has_target && tg != 0 && v >= tg {
                                t.above[i] += 1;
                            }
                            if capped {
                                t.capped[i] += 1;
                            }
                            *year_out = year;
                            for &g in &member_of[i] {
                                sums[b * groups + g] += year;
                            }
                        }
                        // the payee's pay in trial order
                        t.payee_cents[i].extend_from_slice(&years[..b_len]);
                    }
                    for b in 0..b_len {
                        for (g, s) in sums[b * groups..(b + 1) * groups].iter().enumerate() {
                            t.totals[g].push(*s);
                        }
                        let ps = &period_sums[b * r_len..(b + 1) * r_len];
                        for (r, s) in ps.iter().enumerate() {
                            t.period_totals[r].push(*s);
                        }
                    }
                    first += b_len;
                }
                t
            })
            .collect();
        let mut all = Tally {
            hits: vec![0; cells.cents.len()],
            payee_cents: vec![Vec::with_capacity(parts.trials); n],
            totals: vec![Vec::with_capacity(parts.trials); groups],
            period_totals: vec![Vec::with_capacity(parts.trials); r_len],
            above: vec![0; n],
            capped: vec![0; n],
            period_with_target: vec![0; r_len],
            period_above: vec![0; r_len],
            period_capped: vec![0; r_len],
        };
        let add = |a: &mut [u64], b: Vec<u64>| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        for part in found {
            all.hits
                .iter_mut()
                .zip(part.hits)
                .for_each(|(x, y)| *x += y);
            for (a, b) in all.payee_cents.iter_mut().zip(part.payee_cents) {
                a.extend(b);
            }
            for (a, b) in all.totals.iter_mut().zip(part.totals) {
                a.extend(b);
            }
            for (a, b) in all.period_totals.iter_mut().zip(part.period_totals) {
                a.extend(b);
            }
            add(&mut all.above, part.above);
            add(&mut all.capped, part.capped);
            add(&mut all.period_with_target, part.period_with_target);
            add(&mut all.period_above, part.period_above);
            add(&mut all.period_capped, part.period_capped);
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

    /// P10, P50 and P90 of amounts in cents, one per trial.
    fn percentiles(&self, cents: &[i64]) -> [Option<Decimal>; 3] {
        let mut sorted = cents.to_vec();
        sorted.sort_unstable();
        [10, 50, 90].map(|q| Some(self.money_of(percentile(&sorted, self.trials, q))))
    }
}

/// Payee `i`'s sums over trials.
#[derive(Default)]
struct PayeeStats {
    payout: Decimal,
    revenue: Decimal,
    value: Option<Decimal>,
    target: Option<Decimal>,
    with_target: bool,
    above: u64,
    capped: u64,
}

impl PayeeStats {
    /// From the cells of the payee's jobs, each as often as it was drawn.
    fn of(
        p: &PayeeLayout,
        jobs: &Jobs,
        cells: &Cells,
        tally: &Tally,
        i: usize,
    ) -> Result<PayeeStats, Invalid> {
        let mut s = PayeeStats {
            above: tally.above[i],
            capped: tally.capped[i],
            ..Default::default()
        };
        let add = |sum: Decimal, x: Decimal, hits: u32| -> Result<Decimal, Invalid> {
            x.checked_mul(Decimal::from(hits))
                .and_then(|w| sum.checked_add(w))
                .ok_or_else(overflow)
        };
        for job in payee_jobs(jobs, i, p.coupled) {
            for j in 0..p.periods.len() {
                let cell = cells.start[job] + j;
                let hits = tally.hits[cell];
                if hits == 0 {
                    continue;
                }
                s.payout = add(s.payout, cells.payout[cell], hits)?;
                s.revenue = add(s.revenue, cells.revenue[cell], hits)?;
                if let Some(v) = cells.value[cell] {
                    s.value = Some(add(s.value.unwrap_or_default(), v, hits)?);
                }
                if let Some(t) = cells.target[cell] {
                    s.target = Some(add(s.target.unwrap_or_default(), t, hits)?);
                    s.with_target |= !t.is_zero();
                }
            }
        }
        Ok(s)
    }
}

/// Payee `i`'s jobs (as cell jobs), each once.
fn payee_jobs(jobs: &Jobs, i: usize, coupled: bool) -> Vec<usize> {
    if coupled {
        let mut js: Vec<usize> = jobs.set_job[i]
            .values()
            .map(|j| jobs.base[i] + *j as usize)
            .collect();
        js.sort_unstable();
        return js;
    }
    let mut js: Vec<usize> = jobs.job_of[i]
        .iter()
        .filter(|j| **j != u32::MAX)
        .map(|j| jobs.base[i] + *j as usize)
        .collect();
    js.sort_unstable();
    js.dedup();
    js
}

/// Payee `i`'s row: means over trials and percentiles of pay.
fn payee_row(
    model: &ModelYear,
    i: usize,
    s: &PayeeStats,
    cents: &[i64],
    stats: &Stats,
) -> Result<Row, Invalid> {
    let p = &model.roster.payees[i];
    let [p10, p50, p90] = stats.percentiles(cents);
    let plan = model.ws.plan(&p.plan).expect("in force");
    let mean = |x: Decimal| stats.mean(x);
    let (value, target) = (
        s.value.map(mean).transpose()?,
        s.target.map(mean).transpose()?,
    );
    let money = stats.money;
    let payout = money.round(mean(s.payout)?);
    let revenue = mean(s.revenue)?;
    Ok(Row {
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
    })
}

/// A plan's, team's or the company's row: `totals` holds its total in each trial, in cents.
fn group_row(
    key: &(&'static str, String),
    members: &[usize],
    per_payee: &[PayeeStats],
    totals: &[i64],
    stats: &Stats,
) -> Result<Row, Invalid> {
    let [p10, p50, p90] = stats.percentiles(totals);
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

/// The company in report period `r`: its cost (mean and percentiles over trials), revenue, cost
/// of sales, and the shares of its payees (employed in the period) at or above 100% of their
/// period's target and capped, over trials.
fn period_row(
    layout: &Layout,
    cells: &Cells,
    tally: &Tally,
    r: usize,
    stats: &Stats,
) -> Result<Row, Invalid> {
    // payees employed in a period of theirs in `r`
    let payees = layout
        .payees
        .iter()
        .filter(|p| p.periods.iter().any(|x| x.report == r && x.employed))
        .count();
    // every cell of a period in `r`, each as often as drawn
    let mut payout = Decimal::ZERO;
    let mut revenue = Decimal::ZERO;
    for (job, &start) in cells.start.iter().enumerate() {
        let periods = &layout.payees[cells.payee[job]].periods;
        for (j, period) in periods.iter().enumerate() {
            let cell = start + j;
            if period.report != r || tally.hits[cell] == 0 {
                continue;
            }
            let h = Decimal::from(tally.hits[cell]);
            let add = |sum: Decimal, x: Decimal| {
                x.checked_mul(h)
                    .and_then(|x| x.checked_add(sum))
                    .ok_or_else(overflow)
            };
            payout = add(payout, cells.payout[cell])?;
            revenue = add(revenue, cells.revenue[cell])?;
        }
    }
    let [p10, p50, p90] = stats.percentiles(&tally.period_totals[r]);
    let share = |count: u64, of: u64| ratio(Decimal::from(count), Decimal::from(of));
    let period = layout.report[r];
    Ok(Row {
        revenue: stats.money.round(stats.mean(revenue)?),
        payout: stats.money.round(stats.mean(payout)?),
        p10,
        p50,
        p90,
        cost_of_sales: ratio(payout, revenue),
        at_or_above_100: share(tally.period_above[r], tally.period_with_target[r]),
        capped: share(tally.period_capped[r], stats.trials * payees as u64).unwrap_or_default(),
        ..Row::group(&("period", period.to_string()), payees)
    })
}

/// The nearest-rank percentile q (of 100) of `n` sorted values: the smallest value with at least
/// q% of the values at or below it.
fn percentile(sorted: &[i64], n: u64, q: u64) -> i64 {
    let rank = (q * n).div_ceil(100).max(1) as usize;
    sorted.get(rank - 1).or(sorted.last()).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{percentile, weights, Factors, Layout, PayeeLayout, PeriodLayout};
    use crate::period::{FiscalStart, Frequency, Period};
    use crate::whatif::scenario::Shape;

    /// A quarterly plan's periods in 2024, employed throughout, no seasonality.
    fn quarters_2024() -> Vec<PeriodLayout> {
        let fy = FiscalStart::default();
        let quarters = Period::parse("2024", fy)
            .unwrap()
            .split(Frequency::Quarter, fy);
        (0..4)
            .map(|q| PeriodLayout {
                period: quarters[q],
                months: q * 3..q * 3 + 3,
                report: q,
                employed: true,
                season: 1.0,
            })
            .collect()
    }

    /// `n` payees on a quarterly plan, in `teams` teams (payee i in team i % teams), attainment
    /// 100% +/- 20% (normal, 1% steps), no seasonality, the given correlations.
    fn layout(n: usize, teams: usize, company: f64, team: f64) -> Layout {
        let fy = FiscalStart::default();
        let year = Period::parse("2024", fy).unwrap();
        let payees = (0..n)
            .map(|i| PayeeLayout {
                offset: i * 4,
                periods: quarters_2024(),
                coupled: false,
                kpi: None,
                team: (teams > 0).then_some(i % teams.max(1)),
                shape: Shape::Normal,
                a: 1.0,
                b: 0.2,
            })
            .collect();
        Layout {
            payees,
            months: year.split(Frequency::Month, fy),
            teams,
            kpi_teams: Vec::new(),
            kpi_drawn: false,
            correlation: (company, team),
            seed: 7,
            step: 0.01,
            slots: n * 4,
            report: year.split(Frequency::Quarter, fy),
        }
    }

    fn trials(l: &Layout, count: usize) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        l.each_trial(0..count, |_, d| out.push(d.to_vec()));
        out
    }

    #[test]
    fn no_correlation_is_each_payees_own_draws() {
        // c = 0, t = 0: period after period, payee after payee, 1 + 0.2 z from stream t alone
        use rand::SeedableRng;
        use rand_distr::{Distribution, StandardNormal};
        let l = layout(3, 1, 0.0, 0.0);
        for (t, drawn) in trials(&l, 50).iter().enumerate() {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
            rng.set_stream(t as u64);
            let own: Vec<u32> = (0..12)
                .map(|_| {
                    let z: f64 = StandardNormal.sample(&mut rng);
                    ((1.0 + 0.2 * z).max(0.0) / 0.01).round() as u32
                })
                .collect();
            assert_eq!(*drawn, own, "trial {t}");
        }
    }

    #[test]
    fn a_company_correlation_of_one_moves_everyone_together() {
        // every payee's draw in a quarter is the company's: in each trial and quarter, all payees
        // at the same attainment (all at their P10 in the same trials)
        let l = layout(5, 2, 1.0, 0.0);
        let all = trials(&l, 200);
        for d in &all {
            for q in 0..4 {
                assert!((0..5).all(|i| d[i * 4 + q] == d[q]), "{d:?}");
            }
        }
        // and they still spread: not every trial alike
        assert!(all.iter().any(|d| d[0] != all[0][0]));
        // a team correlation of one: teammates together, the two teams apart
        let l = layout(4, 2, 0.0, 1.0);
        let all = trials(&l, 200);
        assert!(all.iter().all(|d| d[0] == d[8] && d[4] == d[12]));
        assert!(all.iter().any(|d| d[0] != d[4]));
    }

    #[test]
    fn two_payees_correlate_by_the_company_share() {
        // c = 0.5, no team: the correlation of two payees' draws over 20,000 trials is about 0.5
        // (standard error about 0.006 on 20,000 x 4 pairs; the bound is loose)
        let l = layout(2, 0, 0.5, 0.0);
        let (mut sx, mut sy, mut sxx, mut syy, mut sxy, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for d in trials(&l, 20_000) {
            for q in 0..4 {
                let (x, y) = (f64::from(d[q]), f64::from(d[4 + q]));
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
                n += 1.0;
            }
        }
        let cov = sxy / n - (sx / n) * (sy / n);
        let r = cov / ((sxx / n - (sx / n).powi(2)) * (syy / n - (sy / n).powi(2))).sqrt();
        assert!((r - 0.5).abs() < 0.03, "correlation {r}");
    }

    /// `l` with payees on a KPI plan added: one drawing their own portfolio's KPI (in KPI team 0)
    /// and one drawing a team's KPI (team 0), quarterly.
    fn with_kpi_payees(mut l: Layout) -> Layout {
        use super::{KpiScope, KpiSlot};
        for scope in [KpiScope::Own, KpiScope::Team(0)] {
            let offset = l.slots;
            l.payees.push(PayeeLayout {
                offset,
                periods: quarters_2024(),
                coupled: false,
                kpi: Some(KpiSlot {
                    scopes: vec![scope],
                    team: Some(0),
                }),
                team: None,
                shape: Shape::Normal,
                a: 0.0,
                b: 0.0,
            });
            l.slots += 4;
        }
        l.kpi_teams = vec![Some(0)];
        l.kpi_drawn = true;
        l
    }

    #[test]
    fn kpi_draws_leave_the_attainment_draws_as_they_were() {
        // the same sales payees, with and without payees on KPI plans after them: their draws are
        // the same, the KPI draws coming from further along each trial's stream
        let plain = trials(&layout(3, 2, 0.3, 0.2), 100);
        let with = trials(&with_kpi_payees(layout(3, 2, 0.3, 0.2)), 100);
        for (a, b) in plain.iter().zip(&with) {
            assert_eq!(a[..], b[..12]);
        }
        // the KPI keys spread around the middle (z = 0)
        let mid = super::Z_MAX as u32;
        assert!(with.iter().any(|d| d[12] < mid) && with.iter().any(|d| d[12] > mid));
    }

    #[test]
    fn a_team_correlation_of_one_gives_a_csm_their_teams_kpi_draw() {
        // no company share, the whole team share: a CSM's own KPI draw is the team's factor, so
        // it equals the team's KPI draw (sqrt(1 - 0) x the team factor) in every period
        let with = trials(&with_kpi_payees(layout(2, 1, 0.0, 1.0)), 100);
        for d in &with {
            assert_eq!(d[8..12], d[12..16]);
        }
    }

    #[test]
    fn a_quarters_factor_is_its_months_over_sqrt_3() {
        let mut f = Factors::new(12, 0);
        f.company = (0..12).map(f64::from).collect();
        // months 3, 4, 5: (3 + 4 + 5) / sqrt(3)
        assert!((f.company_over(3..6) - 12.0 / 3f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=10: P10 is 1, P50 is 5, P90 is 9
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(
            (
                percentile(&v, 10, 10),
                percentile(&v, 10, 50),
                percentile(&v, 10, 90)
            ),
            (1, 5, 9)
        );
        // 100, 100, 100, 200 -> P50 is 100, P90 is 200
        let v = [100, 100, 100, 200];
        assert_eq!((percentile(&v, 4, 50), percentile(&v, 4, 90)), (100, 200));
    }

    #[test]
    fn the_weights_keep_a_standard_normal() {
        // shares of variance: the squares of the weights add up to 1
        for (c, k, team) in [
            (0.3, 0.2, true),
            (0.3, 0.2, false),
            (0.0, 0.0, true),
            (1.0, 0.0, true),
        ] {
            let (a, b, o) = weights(c, k, team);
            assert!((a * a + b * b + o * o - 1.0).abs() < 1e-12);
        }
        // no correlation: the payee's own draw alone
        assert_eq!(weights(0.0, 0.0, true), (0.0, 0.0, 1.0));
        // no team: the team's share is the payee's own
        assert_eq!(weights(0.36, 0.28, false).1, 0.0);
    }
}
