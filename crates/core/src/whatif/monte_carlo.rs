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
//! A plan of independent periods is paid in each period on that period's records alone, so a
//! job may also hold each period at an attainment of its own: a payee needs as many jobs as the
//! most distinct attainments drawn in one of their periods (`Jobs`), not one per attainment drawn
//! in any.
//!
//! Reproducible: trial `t` draws from stream `t` of a ChaCha8 seeded by the scenario (company
//! factors, then team factors, then each payee's periods, in roster order; KPI draws from word
//! 2^64 of the same stream, `Layout::draw_kpis`). The trials are drawn once, to find what to
//! compute, and their draws kept (2 bytes each, `Kept`) to be added up; beyond `MAX_KEPT`, or
//! when a draw does not fit in 2 bytes, they are drawn again to the same values. Outcomes come
//! back in job order and trials are added up in whole cents and kept in trial order, so a seed
//! gives the same bytes on any number of threads.

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
    let (seen, kept) = Seen::collect(&layout, &parts, layout.keeps(trials));
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
    let tally = Tally::of(
        &layout,
        &jobs,
        &cells,
        &member_of,
        groups.len(),
        &parts,
        kept,
    );
    let stats = Stats {
        n_trials: Decimal::from(trials as u64),
        trials: trials as u64,
        money,
    };
    // each payee's statistics on the machine's cores (their percentiles most of all)
    let (mut rows, per_payee): (Vec<Row>, Vec<PayeeStats>) = (0..n)
        .into_par_iter()
        .map(|i| {
            let s = PayeeStats::of(&layout.payees[i], &jobs, &cells, &tally, i)?;
            Ok((payee_row(model, i, &s, &tally.payee_cents[i], &stats)?, s))
        })
        .collect::<Result<Vec<_>, Invalid>>()?
        .into_iter()
        .unzip();
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
    /// The weights of the company, team and own normals in the draw of a payee of synthetic
    /// records ([`weights`]; a KPI payee's are the slot's, `Layout::draw_kpis`).
    weights: (f64, f64, f64),
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
        let correlation = (
            mc.correlation.company.to_f64().unwrap_or(0.0),
            mc.correlation.team.to_f64().unwrap_or(0.0),
        );
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
                let team = p
                    .team
                    .as_deref()
                    .and_then(|t| teams.iter().position(|x| *x == t));
                let out = PayeeLayout {
                    offset: slots,
                    coupled: !periods_independent(plan)
                        || slot.as_ref().is_some_and(|k| k.scopes.len() > 1),
                    kpi: slot,
                    team,
                    shape,
                    a,
                    b,
                    weights: weights(correlation.0, correlation.1, team.is_some()),
                    periods,
                };
                slots += out.periods.len();
                out
            })
            .collect();
        Layout {
            kpi_drawn: payees
                .iter()
                .any(|p| p.kpi.as_ref().is_some_and(|k| !k.scopes.is_empty())),
            payees,
            months,
            teams: teams.len(),
            kpi_teams,
            correlation,
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

    /// Trial `t`'s attainments, in steps, every payee's periods in turn, into column `b` of `out`
    /// (slot `s` at `s * stride + b`; `z` is scratch): from stream `t` of the seeded ChaCha8, so a
    /// trial's draws do not depend on which thread draws it or in what order.
    fn draw(&self, t: u64, out: &mut [u32], stride: usize, b: usize, z: &mut Factors) {
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
        let mut at = Drawing {
            out: &mut *out,
            stride,
            b,
            step: self.step,
            max: f64::from(self.max_steps()),
            months,
        };
        for p in &self.payees {
            if p.kpi.is_some() {
                continue;
            }
            // a function per shape: with the shape chosen inside the loop, the compiler
            // computes `exp` for every draw, a normal one too
            match p.shape {
                Shape::Normal => at.payee::<false>(p, &mut rng, z),
                Shape::Lognormal => at.payee::<true>(p, &mut rng, z),
            }
        }
        if self.kpi_drawn {
            self.draw_kpis(t, out, stride, b, z);
        }
    }

    /// Trial `t`'s KPI draws (`super::monte_carlo_kpi`), after the attainments: from the same
    /// stream at word 2^64, far past any trial's attainment draws, so the payees of synthetic
    /// records draw what they drew before KPIs were. Factors the attainments did not draw (no
    /// company correlation, a team with no payee of synthetic records or no team correlation)
    /// are drawn here: a team's or the company's KPI is their factor.
    fn draw_kpis(&self, t: u64, out: &mut [u32], stride: usize, b: usize, z: &mut Factors) {
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
                out[(p.offset + j) * stride + b] = key;
            }
        }
    }

    /// Every trial of `range`, each drawn into a buffer (slot after slot) handed to `each`.
    #[cfg(test)]
    fn each_trial(&self, range: Range<usize>, mut each: impl FnMut(usize, &[u32])) {
        let mut buf = vec![0u32; self.slots];
        let mut z = self.factors();
        for t in range {
            self.draw(t as u64, &mut buf, 1, 0, &mut z);
            each(t, &buf);
        }
    }

    /// The trials of `range` in blocks of `size`, each block drawn and handed to `each`.
    fn blocks(&self, range: Range<usize>, size: usize, mut each: impl FnMut(&Block)) {
        // not a power of two, so that one trial's writes, a stride apart, do not all fall in the
        // same cache set
        let stride = size + 8;
        let mut block = Block {
            trials: range.start..range.start,
            draws: vec![0u32; self.slots * stride],
            stride,
        };
        let mut z = self.factors();
        while block.trials.end < range.end {
            let first = block.trials.end;
            block.trials = first..(first + size).min(range.end);
            for (b, t) in block.trials.clone().enumerate() {
                self.draw(t as u64, &mut block.draws, stride, b, &mut z);
            }
            each(&block);
        }
    }

    /// Whether the first pass keeps its draws for the second (see [`Kept`]): when every draw fits
    /// in 16 bits and all of them in [`MAX_KEPT`].
    fn keeps(&self, trials: usize) -> bool {
        let widest = self
            .payees
            .iter()
            .map(|p| match &p.kpi {
                Some(k) => u64::from(KEYS).pow(k.scopes.len() as u32).saturating_sub(1),
                None => u64::from(self.max_steps()),
            })
            .max()
            .unwrap_or(0);
        widest <= u64::from(u16::MAX) && trials.saturating_mul(self.slots) <= MAX_KEPT
    }
}

/// `x` (at or above zero, finite or not) to the nearest whole number, halves away from zero: what
/// `f64::round` gives, without its call (a software routine on a target without SSE4.1: 2% of the
/// 10,000-trial bench case's profile).
fn nearest(x: f64) -> u32 {
    let whole = x as u32;
    // exact below 2^52: a whole number and a fraction of a float are floats; no branch, as
    // which way a draw rounds is a coin toss
    whole + u32::from(x - f64::from(whole) >= 0.5)
}

/// Trials drawn together to be added up without being kept: what is drawn is read slot by slot,
/// a payee's few slots over the whole block (see [`Columns`]).
const ADD_BLOCK: usize = 512;

/// Trials drawn together to find what was drawn: few enough that a block's draws (4 bytes each,
/// some 7,000 a trial) stay in the core's cache between being drawn and being read.
const SEEN_BLOCK: usize = 32;

/// A block of trials' draws, slot by slot: slot `s` of the block's `b`-th trial is at
/// `s * stride + b`.
struct Block {
    trials: Range<usize>,
    draws: Vec<u32>,
    stride: usize,
}

/// Some trials' draws, slot after slot: adding up reads one payee's few slots over all of these
/// trials, so the payee's cells stay in cache for them (trial after trial, every read was a cache
/// miss on some 30 MB of cells).
trait Columns {
    /// How many trials.
    fn trials(&self) -> usize;
    /// Slot `slot` of the `b`-th trial.
    fn at(&self, slot: usize, b: usize) -> u32;
}

impl Columns for Block {
    fn trials(&self) -> usize {
        self.trials.len()
    }

    fn at(&self, slot: usize, b: usize) -> u32 {
        self.draws[slot * self.stride + b]
    }
}

impl Columns for Kept {
    fn trials(&self) -> usize {
        self.trials
    }

    fn at(&self, slot: usize, b: usize) -> u32 {
        u32::from(self.draws[slot * self.trials + b])
    }
}

/// The most draws the first pass keeps for the second (2 bytes each, 300 MB): beyond, or when a
/// draw does not fit in 16 bits (a step under 0.0016, or a KPI payee whose key packs several
/// scopes), the second pass draws the trials again, to the same values.
const MAX_KEPT: usize = 150_000_000;

/// What the first pass kept of a part's trials for the second: slot `s` of the part's `b`-th
/// trial at `s * trials + b`.
struct Kept {
    trials: usize,
    draws: Vec<u16>,
}

/// Where a trial's attainments go and how a draw becomes steps (`Layout::draw`).
struct Drawing<'a> {
    out: &'a mut [u32],
    stride: usize,
    b: usize,
    step: f64,
    max: f64,
    months: usize,
}

impl Drawing<'_> {
    /// Payee `p`'s periods: normal attainments, or lognormal (`LOG`).
    #[inline(always)]
    fn payee<const LOG: bool>(
        &mut self,
        p: &PayeeLayout,
        rng: &mut rand_chacha::ChaCha8Rng,
        z: &Factors,
    ) {
        use rand_distr::{Distribution, StandardNormal};
        let (wc, wt, wo) = p.weights;
        for (j, period) in p.periods.iter().enumerate() {
            let own: f64 = StandardNormal.sample(rng);
            let mut zz = wo * own;
            if wc > 0.0 {
                zz += wc * z.company_over(period.months.clone());
            }
            if let (true, Some(team)) = (wt > 0.0, p.team) {
                zz += wt * z.team_over(team * self.months, period.months.clone());
            }
            let x = p.a + p.b * zz;
            let x = period.season * if LOG { x.exp() } else { x };
            // below zero attainment is zero; beyond 100x is out of any plan's range
            self.out[(p.offset + j) * self.stride + self.b] =
                nearest((x.max(0.0) / self.step).min(self.max));
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

/// What was drawn: per slot (a payee's plan period), the steps drawn in it (a plan of
/// independent periods); per payee, the distinct sets of period steps (a plan whose periods
/// depend on each other).
struct Seen {
    /// Per slot: a bit per step drawn (none when the payee is not employed in the period).
    steps: Vec<Vec<u64>>,
    sets: Vec<BTreeSet<Vec<u32>>>,
}

impl Seen {
    /// The trials' draws, each part on its own thread, merged (the merge is a union: it does not
    /// depend on how the trials were cut); with each part's draws when `keep`.
    fn collect(layout: &Layout, parts: &Parts, keep: bool) -> (Seen, Vec<Option<Kept>>) {
        let words = (layout.max_draw() as usize) / 64 + 1;
        let n = layout.payees.len();
        let empty = || Seen {
            steps: layout
                .payees
                .iter()
                .flat_map(|p| {
                    p.periods.iter().map(|period| {
                        if p.coupled || !period.employed {
                            Vec::new()
                        } else {
                            vec![0u64; words]
                        }
                    })
                })
                .collect(),
            sets: vec![BTreeSet::new(); n],
        };
        let found: Vec<(Seen, Option<Kept>)> = parts
            .ranges()
            .into_par_iter()
            .map(|range| {
                let mut seen = empty();
                let start = range.start;
                let mut kept = keep.then(|| Kept {
                    trials: range.len(),
                    draws: vec![0; range.len() * layout.slots],
                });
                layout.blocks(range, SEEN_BLOCK, |block| {
                    let len = block.trials.len();
                    let at = block.trials.start - start;
                    for (i, p) in layout.payees.iter().enumerate() {
                        if p.coupled {
                            for b in 0..len {
                                seen.sets[i].insert(set_of(p, block, b));
                            }
                        }
                        for (j, period) in p.periods.iter().enumerate() {
                            let slot = p.offset + j;
                            let column = &block.draws[slot * block.stride..][..len];
                            if let Some(kept) = kept.as_mut() {
                                let to = &mut kept.draws[slot * kept.trials + at..][..len];
                                // every draw fits (`Layout::keeps`)
                                to.iter_mut().zip(column).for_each(|(k, d)| *k = *d as u16);
                            }
                            if !p.coupled && period.employed {
                                let bits = &mut seen.steps[slot];
                                for &k in column {
                                    bits[k as usize / 64] |= 1 << (k % 64);
                                }
                            }
                        }
                    }
                });
                (seen, kept)
            })
            .collect();
        let mut all = empty();
        let mut kept = Vec::with_capacity(found.len());
        for (part, k) in found {
            for (a, b) in all.steps.iter_mut().zip(part.steps) {
                a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
            }
            for (a, b) in all.sets.iter_mut().zip(part.sets) {
                a.extend(b);
            }
            kept.push(k);
        }
        (all, kept)
    }
}

/// A coupled payee's draws in trial `b` of `draws`: their period steps (0 where they are not
/// employed).
fn set_of(p: &PayeeLayout, draws: &impl Columns, b: usize) -> Vec<u32> {
    p.periods
        .iter()
        .enumerate()
        .map(|(j, period)| {
            if period.employed {
                draws.at(p.offset + j, b)
            } else {
                0
            }
        })
        .collect()
}

/// The engine's jobs: per payee of independent periods, as many as the most distinct records
/// drawn in one of their periods, job `r` holding each period at its `r`-th (attainments whose
/// records are the same, a count rounding to the same whole number, share one); per coupled
/// payee, one per distinct set of period attainments.
///
/// A period of independent periods is paid on its own records alone, so a job may hold each
/// period at an attainment of its own: a payee whose periods draw different attainments (a
/// season) needs no job for an attainment only another period drew.
///
/// Jobs are numbered flat, then coupled, then KPI jobs (`cells` follow that order).
struct Jobs {
    flat: Vec<(usize, Vec<Decimal>)>,
    coupled: Vec<(usize, Vec<Decimal>)>,
    /// Payees on KPI plans: a key per plan period (`super::monte_carlo_kpi`).
    kpi: Vec<(usize, Vec<u32>)>,
    /// Per slot of a payee of independent periods, per step from `lo`: the payee's job for it
    /// among their kind's (`u32::MAX`: not drawn). Kept to the steps drawn, so a trial's lookups
    /// stay in cache.
    job_of: Vec<Vec<u32>>,
    lo: Vec<u32>,
    /// Per coupled payee: each set's job among its kind's.
    set_job: Vec<HashMap<Vec<u32>, u32>>,
    /// Per payee: where their kind's jobs start among all jobs.
    base: Vec<usize>,
    /// Per job: its payee.
    payee_of: Vec<usize>,
}

/// A payee of independent periods' draws sorted out: per period, the step index of [`Jobs`]
/// (`lo` and, per step from it, the step's class in the period) and each class's attainment.
struct Classes {
    lo: Vec<u32>,
    index: Vec<Vec<u32>>,
    at: Vec<Vec<Decimal>>,
}

impl Classes {
    /// Payee `i`'s steps drawn in each period (`steps`, their slots'), in classes of the same
    /// records.
    fn of(
        model: &ModelYear,
        step: Decimal,
        i: usize,
        steps: &[Vec<u64>],
    ) -> Result<Classes, Invalid> {
        let mut out = Classes {
            lo: Vec::with_capacity(steps.len()),
            index: Vec::with_capacity(steps.len()),
            at: Vec::with_capacity(steps.len()),
        };
        for (j, bits) in steps.iter().enumerate() {
            let (lo, hi) = drawn_range(bits);
            let mut index = vec![u32::MAX; hi.map_or(0, |hi| hi - lo + 1)];
            let mut at = Vec::new();
            // a record's value is the attainment times a reference (rounded for a count): the
            // same over a run of steps, so a step's class is the last one's or a new one
            let mut last: Option<Vec<Decimal>> = None;
            for (off, class) in index.iter_mut().enumerate() {
                let k = lo + off;
                if bits[k / 64] & (1 << (k % 64)) == 0 {
                    continue;
                }
                let a = step * Decimal::from(k as u32);
                let values = model.values_in(i, j, a)?;
                if last.as_ref() != Some(&values) {
                    at.push(a);
                    last = Some(values);
                }
                *class = (at.len() - 1) as u32;
            }
            out.lo.push(lo as u32);
            out.index.push(index);
            out.at.push(at);
        }
        Ok(out)
    }
}

/// The lowest and highest step set in `bits` (`None`: none is).
fn drawn_range(bits: &[u64]) -> (usize, Option<usize>) {
    // word by word: a slot's bits are some 10,000 steps, a few hundred of them drawn
    let lo =
        (bits.iter().position(|w| *w != 0)).map(|w| w * 64 + bits[w].trailing_zeros() as usize);
    let hi = (bits.iter().rposition(|w| *w != 0))
        .map(|w| w * 64 + 63 - bits[w].leading_zeros() as usize);
    (lo.unwrap_or(0), hi)
}

impl Jobs {
    /// No job yet, for the payees and slots of `layout`.
    fn none(layout: &Layout) -> Jobs {
        let n = layout.payees.len();
        Jobs {
            flat: Vec::new(),
            coupled: Vec::new(),
            kpi: Vec::new(),
            job_of: vec![Vec::new(); layout.slots],
            lo: vec![0; layout.slots],
            set_job: vec![HashMap::new(); n],
            base: vec![0; n],
            payee_of: Vec::new(),
        }
    }

    fn of(
        model: &ModelYear,
        step: Decimal,
        layout: &Layout,
        seen: Seen,
        kpi: &KpiModel,
    ) -> Result<Jobs, Invalid> {
        let mut jobs = Jobs::none(layout);
        let slots = |p: &PayeeLayout| p.offset..p.offset + p.periods.len();
        // the payees of independent periods' classes, on the machine's cores
        let classes: Vec<Option<Classes>> = layout
            .payees
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                (p.kpi.is_none() && !p.coupled)
                    .then(|| Classes::of(model, step, i, &seen.steps[slots(p)]))
                    .transpose()
            })
            .collect::<Result<_, _>>()?;
        let mut sets = seen.sets.into_iter();
        for ((i, p), classes) in layout.payees.iter().enumerate().zip(classes) {
            let sets = sets.next().unwrap_or_default();
            if p.kpi.is_some() {
                jobs.kpi_payee(i, p, &seen.steps[slots(p)], sets, kpi);
                continue;
            }
            let Some(classes) = classes else {
                for set in sets {
                    let at: Vec<Decimal> = set.iter().map(|k| step * Decimal::from(*k)).collect();
                    jobs.set_job[i].insert(set, jobs.coupled.len() as u32);
                    jobs.coupled.push((i, at));
                }
                continue;
            };
            // job r: each period at its r-th class (at its last when it has fewer: that cell is
            // never read)
            let first = jobs.flat.len() as u32;
            let count = classes.at.iter().map(Vec::len).max().unwrap_or(0);
            for r in 0..count {
                let at = (classes.at.iter())
                    .map(|at| at.get(r).or(at.last()).copied().unwrap_or_default())
                    .collect();
                jobs.flat.push((i, at));
            }
            for (slot, (index, lo)) in slots(p).zip(classes.index.into_iter().zip(classes.lo)) {
                jobs.job_of[slot] = index
                    .into_iter()
                    .map(|c| if c == u32::MAX { c } else { first + c })
                    .collect();
                jobs.lo[slot] = lo;
            }
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
        steps: &[Vec<u64>],
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
        // the keys drawn in any period, each a job for every period
        let mut bits = vec![0u64; steps.iter().map(Vec::len).max().unwrap_or(0)];
        for s in steps {
            bits.iter_mut().zip(s).for_each(|(x, y)| *x |= y);
        }
        let drawn = |k: usize| bits[k / 64] & (1 << (k % 64)) != 0;
        let (lo, hi) = drawn_range(&bits);
        let hi = hi.unwrap_or(lo);
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
        for slot in p.offset..p.offset + p.periods.len() {
            self.job_of[slot] = index.clone();
            self.lo[slot] = lo as u32;
        }
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
    /// `outs`: every job's outcome, in job order. Jobs in chunks on the machine's cores, the
    /// chunks' cells then put end to end.
    fn of(layout: &Layout, jobs: &Jobs, outs: &[Outcome], money: Money) -> Result<Cells, Invalid> {
        const CHUNK: usize = 4096;
        let parts: Vec<Cells> = outs
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| Cells::of_jobs(layout, jobs, c * CHUNK, chunk, money))
            .collect::<Result<_, _>>()?;
        let mut all = Cells::with_capacity(outs.len());
        for part in parts {
            let offset = all.cents.len();
            all.start.extend(part.start.iter().map(|s| s + offset));
            all.payee.extend(part.payee);
            all.hot.extend(part.hot);
            all.cents.extend(part.cents);
            all.payout.extend(part.payout);
            all.revenue.extend(part.revenue);
            all.value.extend(part.value);
            all.target.extend(part.target);
            all.capped.extend(part.capped);
        }
        Ok(all)
    }

    fn with_capacity(jobs: usize) -> Cells {
        Cells {
            hot: Vec::new(),
            start: Vec::with_capacity(jobs),
            payee: Vec::with_capacity(jobs),
            cents: Vec::new(),
            payout: Vec::new(),
            revenue: Vec::new(),
            value: Vec::new(),
            target: Vec::new(),
            capped: Vec::new(),
        }
    }

    /// The cells of jobs `first..first + outs.len()`, starting at 0.
    fn of_jobs(
        layout: &Layout,
        jobs: &Jobs,
        first: usize,
        outs: &[Outcome],
        money: Money,
    ) -> Result<Cells, Invalid> {
        let scale = Decimal::from(10u64.pow(money.minor_unit));
        let mut cells = Cells::with_capacity(outs.len());
        let fiscal_periods = |i: usize| layout.payees[i].periods.len();
        for (k, o) in outs.iter().enumerate() {
            let job = first + k;
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
            debug_assert_eq!(cells.cents.len() - cells.start[k], periods);
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
    /// The trials added up, each part on its own thread from what the first pass kept of it, or
    /// drawn again block after block.
    fn of(
        layout: &Layout,
        jobs: &Jobs,
        cells: &Cells,
        member_of: &[Vec<usize>],
        groups: usize,
        parts: &Parts,
        kept: Vec<Option<Kept>>,
    ) -> Tally {
        let n = layout.payees.len();
        let r_len = layout.report.len();
        let empty = |len: usize| Tally {
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
        let adding = Adding {
            layout,
            jobs,
            cells,
            cell_of: CellOf::of(layout, jobs, cells),
            member_of,
            groups,
        };
        let found: Vec<Tally> = parts
            .ranges()
            .into_par_iter()
            .zip(kept)
            .map(|(range, kept)| {
                let mut t = empty(range.len());
                match kept {
                    Some(kept) => adding.add(&mut t, &kept),
                    None => layout.blocks(range, ADD_BLOCK, |block| adding.add(&mut t, block)),
                }
                t
            })
            .collect();
        let mut all = empty(parts.trials);
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

/// Per slot of a payee of independent periods, per step drawn in it: its cell. One lookup a
/// draw when adding up, where the step's job, then the job's cell, were two after each other.
struct CellOf {
    cells: Vec<u32>,
    /// Per slot: where its steps' cells start, and its first step (`Jobs::lo`).
    start: Vec<usize>,
    lo: Vec<u32>,
}

impl CellOf {
    fn of(layout: &Layout, jobs: &Jobs, cells: &Cells) -> CellOf {
        let mut out = CellOf {
            cells: Vec::new(),
            start: vec![0; layout.slots],
            lo: jobs.lo.clone(),
        };
        for (i, p) in layout.payees.iter().enumerate() {
            if p.coupled {
                continue;
            }
            for j in 0..p.periods.len() {
                let slot = p.offset + j;
                out.start[slot] = out.cells.len();
                out.cells.extend(jobs.job_of[slot].iter().map(|&job| {
                    if job == u32::MAX {
                        u32::MAX
                    } else {
                        (cells.start[jobs.base[i] + job as usize] + j) as u32
                    }
                }));
            }
        }
        out
    }

    /// The cell of step `k` drawn in slot `slot`.
    fn at(&self, slot: usize, k: u32) -> usize {
        self.cells[self.start[slot] + (k - self.lo[slot]) as usize] as usize
    }
}

/// What adding up trials reads.
struct Adding<'a> {
    layout: &'a Layout,
    jobs: &'a Jobs,
    cells: &'a Cells,
    cell_of: CellOf,
    member_of: &'a [Vec<usize>],
    groups: usize,
}

impl Adding<'_> {
    /// The trials of `draws`, the next in trial order, added to `t`: payee after payee, each over
    /// all of the trials (see [`Columns`]); sums are whole cents and counts, so the order they are
    /// added in changes nothing.
    fn add(&self, t: &mut Tally, draws: &impl Columns) {
        let (layout, jobs, cells, groups) = (self.layout, self.jobs, self.cells, self.groups);
        let trials = draws.trials();
        let r_len = layout.report.len();
        // group by group and period by period, so a payee's trials add to consecutive sums
        let mut sums = vec![0i64; groups * trials];
        let mut period_sums = vec![0i64; r_len * trials];
        let mut years = vec![0i64; trials];
        // per report period: the payee's value and target in it, and whether capped
        let mut pv: Vec<(i128, i128, bool, bool)> = vec![Default::default(); r_len];
        for (i, p) in layout.payees.iter().enumerate() {
            for (b, year_out) in years.iter_mut().enumerate() {
                let coupled = p.coupled.then(|| jobs.coupled_job(i, &set_of(p, draws, b)));
                let mut year = 0i64;
                let (mut v, mut tg, mut has_target, mut capped) = (0i128, 0i128, false, false);
                pv.iter_mut().for_each(|x| *x = Default::default());
                for (j, period) in p.periods.iter().enumerate() {
                    if !period.employed {
                        continue;
                    }
                    let slot = p.offset + j;
                    let cell = match coupled {
                        Some(job) => cells.start[job] + j,
                        None => self.cell_of.at(slot, draws.at(slot, b)),
                    };
                    t.hits[cell] += 1;
                    let hot = cells.hot[cell];
                    year += hot.cents;
                    period_sums[period.report * trials + b] += hot.cents;
                    let report = &mut pv[period.report];
                    if hot.with_target {
                        v += hot.value;
                        tg += hot.target;
                        report.0 += hot.value;
                        report.1 += hot.target;
                        has_target = true;
                        report.2 = true;
                    }
                    if hot.capped {
                        capped = true;
                        report.3 = true;
                    }
                }
                // counted without branches: above or below target is a coin toss a trial
                for (r, (sv, st, with, cut)) in pv.iter().enumerate() {
                    if *with && *st != 0 {
                        t.period_with_target[r] += 1;
                        t.period_above[r] += u64::from(sv >= st);
                    }
                    t.period_capped[r] += u64::from(*cut);
                }
                t.above[i] += u64::from(has_target && tg != 0 && v >= tg);
                t.capped[i] += u64::from(capped);
                *year_out = year;
                for &g in &self.member_of[i] {
                    sums[g * trials + b] += year;
                }
            }
            // the payee's pay in trial order
            t.payee_cents[i].extend_from_slice(&years);
        }
        for (g, total) in t.totals.iter_mut().enumerate() {
            total.extend_from_slice(&sums[g * trials..(g + 1) * trials]);
        }
        for (r, total) in t.period_totals.iter_mut().enumerate() {
            total.extend_from_slice(&period_sums[r * trials..(r + 1) * trials]);
        }
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
        let [p10, p50, p90] = percentiles(cents.to_vec(), self.trials);
        [p10, p50, p90].map(|c| Some(self.money_of(c)))
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
        for job in payee_jobs(jobs, i, p) {
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
fn payee_jobs(jobs: &Jobs, i: usize, p: &PayeeLayout) -> Vec<usize> {
    if p.coupled {
        let mut js: Vec<usize> = jobs.set_job[i]
            .values()
            .map(|j| jobs.base[i] + *j as usize)
            .collect();
        js.sort_unstable();
        return js;
    }
    let mut js: Vec<usize> = jobs.job_of[p.offset..p.offset + p.periods.len()]
        .iter()
        .flatten()
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
#[cfg(test)]
fn percentile(sorted: &[i64], n: u64, q: u64) -> i64 {
    sorted
        .get(rank(n, q))
        .or(sorted.last())
        .copied()
        .unwrap_or(0)
}

/// The place of the nearest-rank `q`th percentile of `n` values, from 0.
fn rank(n: u64, q: u64) -> usize {
    (q * n).div_ceil(100).max(1) as usize - 1
}

/// P10, P50 and P90 of `xs` (`n` of them) by nearest rank, as they are in the sorted values,
/// without sorting them all: the median's place is found first, then P10's among the values below
/// it and P90's among those above.
fn percentiles(mut xs: Vec<i64>, n: u64) -> [i64; 3] {
    let Some(last) = xs.len().checked_sub(1) else {
        return [0; 3];
    };
    let [r10, r50, r90] = [10, 50, 90].map(|q| rank(n, q).min(last));
    let (below, p50, above) = xs.select_nth_unstable(r50);
    let p50 = *p50;
    let p10 = if r10 < r50 {
        *below.select_nth_unstable(r10).1
    } else {
        p50
    };
    let p90 = if r90 > r50 {
        *above.select_nth_unstable(r90 - r50 - 1).1
    } else {
        p50
    };
    [p10, p50, p90]
}

#[cfg(test)]
mod tests {
    use super::{
        drawn_range, percentile, percentiles, weights, Cells, Factors, Hot, Jobs, Layout, Parts,
        PayeeLayout, PeriodLayout, Seen, Tally,
    };
    use crate::period::{FiscalStart, Frequency, Period};
    use crate::whatif::scenario::Shape;
    use rust_decimal::Decimal;

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
                weights: weights(company, team, teams > 0),
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
                weights: (0.0, 0.0, 1.0),
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
        assert_eq!(percentiles(vec![200, 100, 100, 100], 4), [100, 100, 200]);
        assert_eq!(percentiles(Vec::new(), 0), [0, 0, 0]);
    }

    #[test]
    fn the_range_drawn_is_from_the_lowest_bit_set_to_the_highest() {
        let mut bits = vec![0u64; 4];
        assert_eq!(drawn_range(&bits), (0, None));
        bits[0] = 1;
        assert_eq!(drawn_range(&bits), (0, Some(0)));
        bits[1] = 1 << 5;
        bits[3] = 1 << 63;
        assert_eq!(drawn_range(&bits), (0, Some(255)));
        bits[0] = 0;
        assert_eq!(drawn_range(&bits), (69, Some(255)));
    }

    #[test]
    fn percentiles_without_sorting_are_the_sorted_ones() {
        // shuffled values, ties and all, of every length up to 300
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as i64 % 50 - 10
        };
        for len in 1..300u64 {
            let xs: Vec<i64> = (0..len).map(|_| next()).collect();
            let mut sorted = xs.clone();
            sorted.sort_unstable();
            let want = [10, 50, 90].map(|q| percentile(&sorted, len, q));
            assert_eq!(percentiles(xs, len), want, "{len} values");
        }
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

    /// Jobs without a model: per payee, one for each step from the lowest drawn in any of their
    /// periods to the highest.
    fn jobs_of_steps(l: &Layout, seen: &Seen) -> Jobs {
        let mut jobs = Jobs::none(l);
        for (i, p) in l.payees.iter().enumerate() {
            let slots = p.offset..p.offset + p.periods.len();
            let ranges: Vec<(usize, usize)> = slots
                .clone()
                .map(|s| {
                    let (lo, hi) = drawn_range(&seen.steps[s]);
                    (lo, hi.expect("drawn"))
                })
                .collect();
            let lo = ranges.iter().map(|r| r.0).min().unwrap();
            let hi = ranges.iter().map(|r| r.1).max().unwrap();
            let first = jobs.flat.len();
            for k in lo..=hi {
                let at = Decimal::new(k as i64, 2);
                jobs.flat.push((i, vec![at; p.periods.len()]));
                jobs.payee_of.push(i);
            }
            for (s, (a, b)) in slots.zip(ranges) {
                jobs.job_of[s] = (a..=b).map(|k| (first + k - lo) as u32).collect();
                jobs.lo[s] = a as u32;
            }
        }
        jobs
    }

    /// Cells whose pay tells their job and period apart: job x 100 + period cents, at or above
    /// target from the job's 100th step on.
    fn cells_of(l: &Layout, jobs: &Jobs) -> Cells {
        let mut cells = Cells::with_capacity(jobs.flat.len());
        for (job, (i, at)) in jobs.flat.iter().enumerate() {
            cells.start.push(cells.cents.len());
            cells.payee.push(*i);
            assert_eq!(at.len(), l.payees[*i].periods.len());
            for (j, a) in at.iter().enumerate() {
                let cents = (job * 100 + j) as i64;
                cells.cents.push(cents);
                cells.payout.push(Decimal::new(cents, 2));
                cells.revenue.push(Decimal::ZERO);
                cells.value.push(Some(*a));
                cells.target.push(Some(Decimal::ONE));
                cells.capped.push(job % 3 == 0);
                cells.hot.push(Hot {
                    cents,
                    value: a.mantissa(),
                    target: 100,
                    with_target: true,
                    capped: job % 3 == 0,
                });
            }
        }
        cells
    }

    #[test]
    fn trials_added_up_from_kept_draws_are_those_drawn_again() {
        // correlated, 4 parts of 250 trials: the last block of each part is cut short
        let l = layout(6, 2, 0.3, 0.2);
        let parts = Parts {
            trials: 1000,
            per_part: 250,
        };
        let (seen, kept) = Seen::collect(&l, &parts, true);
        assert!(kept.iter().all(Option::is_some));
        let (again, none) = Seen::collect(&l, &parts, false);
        assert!(none.iter().all(Option::is_none));
        assert_eq!(seen.steps, again.steps);
        let jobs = jobs_of_steps(&l, &seen);
        let cells = cells_of(&l, &jobs);
        let member_of: Vec<Vec<usize>> = (0..6).map(|i| vec![0, 1 + i % 2]).collect();
        let a = Tally::of(&l, &jobs, &cells, &member_of, 3, &parts, kept);
        let b = Tally::of(&l, &jobs, &cells, &member_of, 3, &parts, none);
        assert_eq!(a.payee_cents, b.payee_cents);
        assert_eq!(a.totals, b.totals);
        assert_eq!(a.period_totals, b.period_totals);
        assert_eq!(a.hits, b.hits);
        assert_eq!((a.above, a.capped), (b.above, b.capped));
        assert_eq!(
            (a.period_with_target, a.period_above, a.period_capped),
            (b.period_with_target, b.period_above, b.period_capped)
        );
        // and both are the trials themselves: payee 0's pay in trial 7 is the sum of its cells
        let drawn = trials(&l, 8);
        let want: i64 = (0..4)
            .map(|j| {
                let k = drawn[7][j];
                let job = jobs.job_of[j][(k - jobs.lo[j]) as usize] as i64;
                job * 100 + j as i64
            })
            .sum();
        assert_eq!(a.payee_cents[0][7], want);
        assert_eq!(
            a.hits.iter().map(|h| u64::from(*h)).sum::<u64>(),
            1000 * 6 * 4
        );
    }
}
