//! Scenarios: the year to model from a year of actual data, and what changes (docs/whatif.md).
//! Checked like plans: a serde mirror with spans, unknown keys are errors, then a checked
//! `Scenario`. The file is read by comp-read; this module only sees its text.

use super::solve::{Lever, Metric, Scope, Solve, Stat};
use crate::diag::{Diagnostic, Invalid, Location, SourceText};
use crate::num::Lit;
use crate::period::{FiscalStart, Frequency, Period};
use crate::toml_input::{self, Checker};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

type S<T> = Spanned<T>;

// The raw types derive their JSON Schema too (`comp schema scenario`): every key's doc comment is
// what an editor shows for it, and `with` names the type a spanned value has in the file.

/// A what-if scenario: the year to model from a year of actual data, and what changes
/// (docs/whatif.md).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    /// A title for the projection (default: the file's path).
    name: Option<String>,
    /// The fiscal year of actual data in the workspace the model starts from, such as 2023.
    #[schemars(with = "Lit")]
    base_year: S<Lit>,
    /// The fiscal year modelled: the base year or a later one.
    #[schemars(with = "Lit")]
    year: S<Lit>,
    /// How attainment is projected: replay (default), grid or monte-carlo; `--model` overrides it.
    #[schemars(with = "Option<super::schema_words::Model>")]
    model: Option<S<String>>,
    /// Measures counted as revenue for the cost of sales (default: every summed measure).
    revenue: Option<Vec<String>>,
    /// Growth of the base year's quota rows (the most specific entry wins), and quotas given
    /// directly (`set`, `actuals`).
    quotas: Option<RawQuotas>,
    /// Growth of each payee's annual target incentive, the most specific entry winning.
    target_incentive: Option<RawGrowth>,
    /// Plan in force -> the plan its payees are paid by instead: a plan id, or a plan file
    /// relative to the scenario.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, super::schema_words::Swap>")]
    swap: BTreeMap<S<String>, S<toml::Value>>,
    /// People who join in the modelled year.
    #[serde(default)]
    #[schemars(with = "Vec<RawHire>")]
    hires: Vec<S<RawHire>>,
    /// Payees of the roster who leave.
    #[serde(default)]
    #[schemars(with = "Vec<RawLeaver>")]
    leavers: Vec<S<RawLeaver>>,
    /// The replay model: the base year's records moved into the modelled year.
    replay: Option<RawReplay>,
    /// The grid model: everyone at each attainment in turn.
    grid: Option<RawGrid>,
    /// The Monte Carlo model: attainments drawn per payee over many trials.
    monte_carlo: Option<RawMonteCarlo>,
    /// Goal seeking: the value of one lever that meets one target.
    #[schemars(with = "Option<RawSolve>")]
    solve: Option<S<RawSolve>>,
}

/// `[solve]`: one lever, one target, the range searched and a precision.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSolve {
    /// One lever and what it applies to: `{ quota_growth = { plan = "ae-arr" } }`.
    #[schemars(with = "Vary")]
    vary: BTreeMap<S<String>, S<RawScope>>,
    /// What to meet: `{ cost_of_sales = "9%" }` or `{ total_cost = 750000 }`, at most.
    #[schemars(with = "RawTarget")]
    target: S<RawTarget>,
    /// The range searched, lower value first, both ends included: ["0%", "40%"].
    #[schemars(with = "Vec<Lit>")]
    between: S<Vec<S<Lit>>>,
    /// The values tried are multiples of it (default "0.01%").
    #[schemars(with = "Option<Lit>")]
    precision: Option<S<Lit>>,
}

// For the schema only: `vary` is read as a map so that `lever` can report a wrong or second lever
// with its position; editors are shown the three levers `lever` accepts as keys.
/// The lever varied: exactly one of `quota_growth`, `ti_growth`, `replay_growth`.
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields, extend("minProperties" = 1, "maxProperties" = 1))]
#[allow(dead_code)]
struct Vary {
    /// The growth of `[quotas]`: of everyone's quotas (`{}`) or of one plan's, team's or payee's.
    quota_growth: Option<RawScope>,
    /// The growth of `[target_incentive]`: everyone's (`{}`) or one plan's, team's or payee's.
    ti_growth: Option<RawScope>,
    /// `[replay] growth`, of every record: `{}`.
    replay_growth: Option<RawScope>,
}

/// What a lever applies to: one plan, team or payee, or (none given) everyone.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawScope {
    /// A plan of the modelled year.
    #[schemars(with = "Option<String>")]
    plan: Option<S<String>>,
    /// A team of the modelled year.
    #[schemars(with = "Option<String>")]
    team: Option<S<String>>,
    /// A payee of the modelled year.
    #[schemars(with = "Option<String>")]
    payee: Option<S<String>>,
}

/// The figure `[solve]` keeps at or under a value: give one of `cost_of_sales` or `total_cost`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    /// Payout / revenue at most this share ("9%").
    #[schemars(with = "Option<Lit>")]
    cost_of_sales: Option<S<Lit>>,
    /// Total payout at most this amount (750000).
    #[schemars(with = "Option<Lit>")]
    total_cost: Option<S<Lit>>,
    /// Monte Carlo: which figure of the trials, mean (default), p10, p50 or p90.
    #[schemars(with = "Option<super::schema_words::Stat>")]
    at: Option<S<String>>,
    /// The plan whose figure is met (default: the company's).
    #[schemars(with = "Option<String>")]
    plan: Option<S<String>>,
}

/// A growth by share ("15%"), for everyone unless a plan, team or payee entry says otherwise
/// (payee, then team, then plan wins).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawGrowth {
    /// Everyone's growth ("3%"; default 0%).
    #[schemars(with = "Option<Lit>")]
    growth: Option<S<Lit>>,
    /// Plan id (of the modelled year) -> the growth of its payees.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    plans: BTreeMap<S<String>, S<Lit>>,
    /// Team -> the growth of its payees.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    teams: BTreeMap<S<String>, S<Lit>>,
    /// Payee id -> their growth.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    payees: BTreeMap<S<String>, S<Lit>>,
}

/// `[quotas]`: the growths of `RawGrowth`, and quotas given directly.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawQuotas {
    /// Growth of everyone's base-year quota rows ("15%"; default 0%).
    #[schemars(with = "Option<Lit>")]
    growth: Option<S<Lit>>,
    /// Plan id (of the modelled year) -> the growth of its payees' quotas.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    plans: BTreeMap<S<String>, S<Lit>>,
    /// Team -> the growth of its payees' quotas.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    teams: BTreeMap<S<String>, S<Lit>>,
    /// Payee id -> the growth of their quotas.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    payees: BTreeMap<S<String>, S<Lit>>,
    /// Annual quotas of the modelled year given directly, by plan, team or payee (no growth).
    set: Option<RawSet>,
    /// Measure -> growth of each payee's base-year actual, for a measure with no quota rows.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    actuals: BTreeMap<S<String>, S<Lit>>,
}

/// Annual quotas per measure, by plan, team or payee (the most specific wins).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSet {
    /// Plan id -> measure -> annual quota of each payee of the plan.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, Lit>>")]
    plans: BTreeMap<S<String>, BTreeMap<S<String>, S<Lit>>>,
    /// Team -> measure -> annual quota of each payee of the team.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, Lit>>")]
    teams: BTreeMap<S<String>, BTreeMap<S<String>, S<Lit>>>,
    /// Payee id -> measure -> their annual quota.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, Lit>>")]
    payees: BTreeMap<S<String>, BTreeMap<S<String>, S<Lit>>>,
}

/// A hire (or `count` of them) of the modelled year.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawHire {
    /// How many hires this entry makes (default 1), numbered across all hires.
    #[schemars(with = "Option<Lit>")]
    count: Option<S<Lit>>,
    /// Their id prefix: ids are `<id>-<n>` (default "hire").
    #[schemars(with = "Option<String>")]
    id: Option<S<String>>,
    /// A plan of the modelled year (in force or swapped in).
    #[schemars(with = "String")]
    plan: S<String>,
    /// Their team.
    team: Option<String>,
    /// Their first day, YYYY-MM-DD.
    #[schemars(with = "String")]
    start: S<String>,
    /// Their annual target incentive, as written (no TI growth for hires).
    #[schemars(with = "Lit")]
    target_incentive: S<Lit>,
    /// Their annual base salary.
    #[schemars(with = "Option<Lit>")]
    base: Option<S<Lit>>,
    /// Measure -> annual quota at full productivity, as written (no quota growth).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    quota: BTreeMap<S<String>, S<Lit>>,
    /// Shares of the monthly quota in the first months from the start ("25%", "50%"...); 100% after.
    #[serde(default)]
    #[schemars(with = "Vec<Lit>")]
    ramp: Vec<S<Lit>>,
    /// Replay only: hires have no history, so this is their attainment (default 100%).
    #[schemars(with = "Option<Lit>")]
    attainment: Option<S<Lit>>,
    /// A hire on a KPI plan: the leaver whose customers they take over (not with `portfolio`).
    #[schemars(with = "Option<String>")]
    inherits: Option<S<String>>,
    /// A hire on a KPI plan: a new portfolio of customers (not with `inherits`).
    #[schemars(with = "Option<RawPortfolio>")]
    portfolio: Option<S<RawPortfolio>>,
}

/// A hire's new portfolio: `customers` customers whose MRR adds up to `mrr` at the modelled year's
/// start.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPortfolio {
    /// How many customers (a whole number from 1).
    #[schemars(with = "Lit")]
    customers: S<Lit>,
    /// Their MRR together (positive), split evenly among them.
    #[schemars(with = "Lit")]
    mrr: S<Lit>,
}

/// A payee of the roster who leaves.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLeaver {
    /// The payee's id.
    #[schemars(with = "String")]
    payee: S<String>,
    /// Their last day, YYYY-MM-DD (default: gone before the modelled year starts).
    #[schemars(with = "Option<String>")]
    last_day: Option<S<String>>,
}

/// `[replay]`: how the base year's records are moved into the modelled year.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawReplay {
    /// Every amount of the base year's records (and customers' MRR) times (1 + growth); counts
    /// stay counts.
    #[schemars(with = "Option<Lit>")]
    growth: Option<S<Lit>>,
}

/// `[grid]`: the attainments (and KPI values) everyone is computed at.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawGrid {
    /// Attainments of record measures (default 50%, 75%, 100%, 125%, 150%).
    #[schemars(with = "Option<Vec<Lit>>")]
    points: Option<Vec<S<Lit>>>,
    /// KPI measure id -> its value at each grid point (payees on KPI plans).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<Lit>>")]
    kpi: BTreeMap<S<String>, Vec<S<Lit>>>,
}

/// `[monte_carlo]`: the trials, the seed and the attainment distributions.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawMonteCarlo {
    /// How many trials (default 1000, at most 1,000,000).
    #[schemars(with = "Option<Lit>")]
    trials: Option<S<Lit>>,
    /// The generator's seed (default 1): the same seed gives the same bytes.
    #[schemars(with = "Option<Lit>")]
    seed: Option<S<Lit>>,
    /// Drawn attainments are rounded to a multiple of this share (default "1%").
    #[schemars(with = "Option<Lit>")]
    step: Option<S<Lit>>,
    /// The default distribution: normal (default) or lognormal.
    #[schemars(with = "Option<super::schema_words::Distribution>")]
    distribution: Option<S<String>>,
    /// The default mean attainment (default "100%").
    #[schemars(with = "Option<Lit>")]
    mean: Option<S<Lit>>,
    /// The default standard deviation of attainment (default "20%").
    #[schemars(with = "Option<Lit>")]
    spread: Option<S<Lit>>,
    /// Plan id -> the distribution of its payees.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawDist>")]
    plans: BTreeMap<S<String>, S<RawDist>>,
    /// Team -> the distribution of its payees (a team's wins over a plan's).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawDist>")]
    teams: BTreeMap<S<String>, S<RawDist>>,
    /// The shares of each period's draw common to the whole company and to a team
    /// (`{ company = 0.3, team = 0.2 }`, together at most 1); the rest is the payee's own.
    #[schemars(with = "Option<RawCorrelation>")]
    correlation: Option<S<RawCorrelation>>,
    /// KPI measure id (from customer data: grr, nrr...) -> how its value is drawn per period for
    /// the payees on KPI plans, around the base year's value. A KPI not listed keeps its
    /// base-year value (the run says which).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawKpiDraw>")]
    kpi: BTreeMap<S<String>, S<RawKpiDraw>>,
}

/// `[monte_carlo.kpi] grr = { spread = "5%" }`: a KPI drawn per period, normal, around its
/// base-year value (or `mean`), with `spread` its standard deviation in the KPI's own unit
/// (percentage points for a ratio: "5%" is 5 points; days or points otherwise).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawKpiDraw {
    /// The value drawn around, in the KPI's unit ("92%", or 30 days): default, each payee's (or
    /// team's) base-year value in each period, as the replay computes it.
    #[schemars(with = "Option<Lit>")]
    mean: Option<S<Lit>>,
    /// The standard deviation in the KPI's unit: "5%" is 5 percentage points of GRR; 0 holds the
    /// mean.
    #[schemars(with = "Lit")]
    spread: Option<S<Lit>>,
    /// Plan id -> its own mean or spread for the payees on that plan.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawKpiDist>")]
    plans: BTreeMap<S<String>, S<RawKpiDist>>,
    /// Team -> its own mean or spread for that team's payees (a team's wins over a plan's).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawKpiDist>")]
    teams: BTreeMap<S<String>, S<RawKpiDist>>,
}

/// A KPI's draw for a plan's or team's payees; a key not given is the KPI's own.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawKpiDist {
    /// The value drawn around, in the KPI's unit.
    #[schemars(with = "Option<Lit>")]
    mean: Option<S<Lit>>,
    /// The standard deviation in the KPI's unit.
    #[schemars(with = "Option<Lit>")]
    spread: Option<S<Lit>>,
}

/// `correlation = { company = 0.3, team = 0.2 }`: the shares of a period's draw common to the
/// company and to a team.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawCorrelation {
    /// The share common to every payee of the company, from 0 to 1 (0.3 or "30%").
    #[schemars(with = "Option<Lit>")]
    company: Option<S<Lit>>,
    /// The share common to the payees of a team, from 0 to 1.
    #[schemars(with = "Option<Lit>")]
    team: Option<S<Lit>>,
}

/// An attainment distribution; a key not given is the default's.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawDist {
    /// normal or lognormal.
    #[schemars(with = "Option<super::schema_words::Distribution>")]
    distribution: Option<S<String>>,
    /// The mean attainment ("100%").
    #[schemars(with = "Option<Lit>")]
    mean: Option<S<Lit>>,
    /// The standard deviation of attainment ("20%").
    #[schemars(with = "Option<Lit>")]
    spread: Option<S<Lit>>,
}

/// The JSON Schema of a scenario file, derived from the types that read it (see `comp schema`).
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(RawScenario)
}

/// How attainment is projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// Each payee's actual records of the base year, moved into the modelled year and scaled.
    Replay,
    /// Everyone at each attainment of a grid: the plans' cost curves.
    Grid,
    /// Attainment drawn per payee from a distribution, over many trials.
    MonteCarlo,
}

/// Annual quotas per measure: (measure, annual quota, place).
pub type Given = Vec<(String, Decimal, Location)>;

/// Annual quotas of the modelled year given by the scenario, per measure, for the payees of a plan,
/// of a team or one payee (the most specific wins); and, for a measure a payee has no quota rows
/// for, their base-year actual grown.
#[derive(Debug, Clone, Default)]
pub struct QuotaSet {
    /// (plan, team or payee, its quotas: (measure, annual quota, place)).
    pub plans: Vec<(String, Given)>,
    pub teams: Vec<(String, Given)>,
    pub payees: Vec<(String, Given)>,
    /// (measure, growth of the base-year actual, place).
    pub actuals: Vec<(String, Decimal, Location)>,
}

impl QuotaSet {
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
            && self.teams.is_empty()
            && self.payees.is_empty()
            && self.actuals.is_empty()
    }
}

/// A change by share (0.15 for +15%), the most specific entry winning: payee, team, plan, everyone.
#[derive(Debug, Clone, Default)]
pub struct Growth {
    pub all: Decimal,
    pub plans: Vec<(String, Decimal, Location)>,
    pub teams: Vec<(String, Decimal, Location)>,
    pub payees: Vec<(String, Decimal, Location)>,
}

impl Growth {
    /// The factor (1 + growth) for a payee.
    pub fn factor(&self, payee: &str, team: Option<&str>, plan: &str) -> Decimal {
        let find = |v: &[(String, Decimal, Location)], k: &str| {
            v.iter().find(|(n, _, _)| n == k).map(|(_, g, _)| *g)
        };
        let g = find(&self.payees, payee)
            .or_else(|| team.and_then(|t| find(&self.teams, t)))
            .or_else(|| find(&self.plans, plan))
            .unwrap_or(self.all);
        Decimal::ONE + g
    }
}

/// A KPI measure set by the grid: its value at each grid point, for every payee reading it.
#[derive(Debug, Clone)]
pub struct GridKpi {
    pub measure: String,
    pub values: Vec<Decimal>,
    pub loc: Location,
}

#[derive(Debug, Clone)]
pub struct Swap {
    /// The plan in force whose payees move.
    pub from: String,
    /// The plan they move to: a plan id in force or a plan file (relative to the scenario).
    pub to: String,
    /// `from = "2024-07-01"`: the old plan until the day before, the new one from this day (each
    /// assignment across it split in two, rule 20). None: the new plan all year.
    pub starting: Option<NaiveDate>,
    pub loc: Location,
}

#[derive(Debug, Clone)]
pub struct Hire {
    pub id: String,
    pub plan: String,
    pub team: Option<String>,
    pub start: NaiveDate,
    pub target_incentive: Decimal,
    pub base: Option<Decimal>,
    /// Annual quota per measure, at full productivity.
    pub quota: Vec<(String, Decimal, Location)>,
    /// Shares of the monthly quota in the first months from the start; 100% after.
    pub ramp: Vec<Decimal>,
    /// In a replay, where hires have no history: their attainment.
    pub attainment: Decimal,
    /// A hire on a KPI plan: the leaver whose customers (portfolio) they take over; such a hire is
    /// replayed on those customers rather than made of synthetic records.
    pub inherits: Option<String>,
    /// A hire on a KPI plan: a new portfolio of customers (`super::kpi_hires`); replayed on it.
    pub portfolio: Option<Portfolio>,
    pub loc: Location,
}

/// A hire's new portfolio: `customers` customers whose MRR adds up to `mrr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Portfolio {
    pub customers: u32,
    pub mrr: Decimal,
}

#[derive(Debug, Clone)]
pub struct Leaver {
    pub payee: String,
    /// None: gone before the modelled year starts.
    pub last_day: Option<NaiveDate>,
    pub loc: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    Normal,
    Lognormal,
}

/// An attainment distribution: mean and standard deviation as shares (1 for 100%).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Dist {
    pub shape: Shape,
    pub mean: Decimal,
    pub spread: Decimal,
}

#[derive(Debug, Clone)]
pub struct MonteCarlo {
    pub trials: u32,
    pub seed: u64,
    /// Drawn attainments are rounded to a multiple of this share (0.01 for 1%).
    pub step: Decimal,
    pub default: Dist,
    pub plans: Vec<(String, Dist, Location)>,
    pub teams: Vec<(String, Dist, Location)>,
    pub correlation: Correlation,
    /// `[monte_carlo.kpi]`: the KPI measures drawn, by id (`super::monte_carlo_kpi`).
    pub kpi: Vec<KpiDraw>,
}

/// How a KPI measure's value is drawn: normal, `spread` its standard deviation in the KPI's unit
/// (a ratio's 0.05 is 5 points), around `mean` or, without one, the base year's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KpiDist {
    pub mean: Option<Decimal>,
    pub spread: Decimal,
}

#[derive(Debug, Clone)]
pub struct KpiDraw {
    pub measure: String,
    pub default: KpiDist,
    pub plans: Vec<(String, KpiDist, Location)>,
    pub teams: Vec<(String, KpiDist, Location)>,
    pub loc: Location,
}

impl KpiDraw {
    /// The draw of a payee: their team's, else their plan's, else the KPI's own.
    pub fn dist(&self, team: Option<&str>, plan: &str) -> KpiDist {
        team.and_then(|t| self.teams.iter().find(|(n, _, _)| n == t))
            .or_else(|| self.plans.iter().find(|(n, _, _)| n == plan))
            .map_or(self.default, |(_, d, _)| *d)
    }
}

/// How a period's draws move together (`super::monte_carlo`): each payee's standard normal for
/// a period is sqrt(company) x the company's + sqrt(team) x their team's + sqrt(1 - company - team)
/// x their own, so two payees' draws correlate by `company` (by `company + team` in one team).
/// Both from 0 to 1, their sum at most 1; none: every draw independent.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Correlation {
    pub company: Decimal,
    pub team: Decimal,
}

impl MonteCarlo {
    /// The distribution of a payee: their team's, else their plan's, else the default.
    pub fn dist(&self, team: Option<&str>, plan: &str) -> Dist {
        team.and_then(|t| self.teams.iter().find(|(n, _, _)| n == t))
            .or_else(|| self.plans.iter().find(|(n, _, _)| n == plan))
            .map_or(self.default, |(_, d, _)| *d)
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub path: PathBuf,
    pub name: String,
    /// The fiscal year of actual data the model starts from.
    pub base: Period,
    /// The fiscal year modelled.
    pub year: Period,
    pub model: ModelKind,
    /// Measures counted as revenue for the cost of sales (None: every summed measure).
    pub revenue: Option<Vec<String>>,
    pub quotas: Growth,
    /// Quotas given directly (`[quotas.set]`, `[quotas] actuals`).
    pub quota_set: QuotaSet,
    pub target_incentive: Growth,
    pub swaps: Vec<Swap>,
    pub hires: Vec<Hire>,
    pub leavers: Vec<Leaver>,
    pub replay_growth: Decimal,
    pub grid: Vec<Decimal>,
    /// `[grid] kpi`: each KPI measure's value at each grid point (as many as `grid`).
    pub grid_kpi: Vec<GridKpi>,
    pub monte_carlo: MonteCarlo,
    /// Goal seeking: the value of one lever that meets one target (`super::solve`).
    pub solve: Option<Solve>,
}

impl Scenario {
    /// The folder plan files are relative to.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// Whole years from the base year to the modelled year.
    pub fn shift(&self) -> i32 {
        use chrono::Datelike;
        self.year.start.year() - self.base.start.year()
    }
}

/// Checks a scenario's text, reporting every problem with its position. Plan files it swaps in
/// are relative to the folder of `src.path`.
pub fn parse(src: &SourceText, fiscal: FiscalStart) -> Result<Scenario, Invalid> {
    let raw: RawScenario = toml_input::parse(src)?;
    let mut ck = Checker::new(src);
    // problems are reported in the order of the checks below
    let (base, year) = years(&mut ck, &raw, fiscal);
    let model = model_kind(&mut ck, raw.model.as_ref());
    let quotas = growth(
        &mut ck,
        raw.quotas
            .as_ref()
            .map(|q| RawGrowth {
                growth: q.growth.clone(),
                plans: q.plans.clone(),
                teams: q.teams.clone(),
                payees: q.payees.clone(),
            })
            .as_ref(),
    );
    let quota_set = quota_set(&mut ck, raw.quotas.as_ref());
    let target_incentive = growth(&mut ck, raw.target_incentive.as_ref());
    let swaps = raw
        .swap
        .iter()
        .filter_map(|(from, to)| {
            let (to_plan, starting) = swap_to(&mut ck, to)?;
            Some(Swap {
                from: from.get_ref().clone(),
                to: to_plan,
                starting,
                loc: src.locate(from.span()),
            })
        })
        .collect();
    let hires = hires(&mut ck, &raw.hires);
    let leavers = leavers(&mut ck, &raw.leavers);
    let replay_growth = raw
        .replay
        .as_ref()
        .and_then(|r| r.growth.as_ref())
        .and_then(|g| ck.fraction(g, "growth"))
        .unwrap_or_default();
    let grid = grid(&mut ck, raw.grid.as_ref());
    let grid_kpi = grid_kpi(&mut ck, src, raw.grid.as_ref(), grid.len());
    let monte_carlo = monte_carlo(&mut ck, raw.monte_carlo.as_ref());
    let solve = raw.solve.as_ref().and_then(|s| solve(&mut ck, s));
    let scenario = Scenario {
        name: raw
            .name
            .clone()
            .unwrap_or_else(|| src.path.display().to_string()),
        path: src.path.clone(),
        base: base.unwrap_or(Period::parse("2000", fiscal).expect("a year")),
        year: year.unwrap_or(Period::parse("2000", fiscal).expect("a year")),
        model,
        revenue: raw.revenue.clone(),
        quotas,
        quota_set,
        target_incentive,
        swaps,
        hires,
        leavers,
        replay_growth,
        grid,
        grid_kpi,
        monte_carlo,
        solve,
    };
    ck.finish(scenario)
}

/// The base year and the modelled year, each a fiscal year, the modelled one not before the base.
fn years(
    ck: &mut Checker,
    raw: &RawScenario,
    fiscal: FiscalStart,
) -> (Option<Period>, Option<Period>) {
    let year_of = |ck: &mut Checker, lit: &S<Lit>, what: &str| -> Option<Period> {
        let text = ck.text(lit);
        match Period::parse(&text, fiscal).filter(|p| p.kind == Frequency::Year) {
            Some(p) => Some(p),
            None => {
                ck.error_hint(
                    lit.span(),
                    format!("{what} `{text}` is not a fiscal year"),
                    "write the year, such as 2024",
                );
                None
            }
        }
    };
    let base = year_of(ck, &raw.base_year, "base_year");
    let year = year_of(ck, &raw.year, "year");
    if let (Some(b), Some(y)) = (base, year) {
        if y.start < b.start {
            ck.error_hint(
                raw.year.span(),
                format!("the modelled year {y} is before the base year {b}"),
                "model the base year itself or a later one",
            );
        }
    }
    (base, year)
}

/// The words of `model` (the schema lists the same: `super::schema_words`).
pub(super) const MODELS: [(&str, ModelKind); 3] = [
    ("replay", ModelKind::Replay),
    ("grid", ModelKind::Grid),
    ("monte-carlo", ModelKind::MonteCarlo),
];

/// The words of a distribution's `distribution`.
pub(super) const SHAPES: [(&str, Shape); 2] =
    [("normal", Shape::Normal), ("lognormal", Shape::Lognormal)];

/// The words of `[solve] target.at`.
pub(super) const STATS: [(&str, Stat); 4] = [
    ("mean", Stat::Mean),
    ("p10", Stat::P10),
    ("p50", Stat::P50),
    ("p90", Stat::P90),
];

fn model_kind(ck: &mut Checker, raw: Option<&S<String>>) -> ModelKind {
    match raw {
        None => ModelKind::Replay,
        Some(m) => ck.choice(m, "model", &MODELS).unwrap_or(ModelKind::Replay),
    }
}

/// Hires, `count` of an entry numbered on from the hires of the entries before it.
fn hires(ck: &mut Checker, raw: &[S<RawHire>]) -> Vec<Hire> {
    let mut hires = Vec::new();
    let mut numbered = 0usize;
    for h in raw {
        let loc = ck.src.locate(h.span());
        let h = h.get_ref();
        let count = match &h.count {
            None => 1,
            Some(c) => match ck.decimal(c, "count") {
                Some(n) if n.is_integer() && n >= Decimal::ONE && n <= Decimal::from(10_000) => {
                    n.try_into().unwrap_or(1usize)
                }
                Some(_) => {
                    ck.error(c.span(), "count must be a whole number from 1 to 10000");
                    1
                }
                None => 1,
            },
        };
        let start = date(ck, &h.start, "start");
        let ti = ck.decimal(&h.target_incentive, "target_incentive");
        if ti.is_some_and(|t| t < Decimal::ZERO) {
            ck.error(h.target_incentive.span(), "a negative target incentive");
        }
        let base = h.base.as_ref().and_then(|b| ck.decimal(b, "base"));
        let quota = hire_quota(ck, h);
        let ramp: Vec<Decimal> = h
            .ramp
            .iter()
            .filter_map(|r| ck.fraction(r, "ramp"))
            .collect();
        let attainment = match &h.attainment {
            None => Decimal::ONE,
            Some(a) => ck.fraction(a, "attainment").unwrap_or(Decimal::ONE),
        };
        if let Some(i) = h.inherits.as_ref().filter(|_| count > 1) {
            ck.error_hint(
                i.span(),
                format!(
                    "{count} hires cannot all inherit the customers of `{}`",
                    i.get_ref()
                ),
                "a hire who inherits a portfolio is one person: remove `count`",
            );
        }
        let inherits = h.inherits.as_ref().map(|i| i.get_ref().clone());
        let portfolio = h.portfolio.as_ref().and_then(|p| portfolio(ck, p));
        if let (Some(i), Some(_)) = (&h.inherits, &h.portfolio) {
            ck.error_hint(
                i.span(),
                format!(
                    "a hire both inherits the customers of `{}` and takes a new portfolio",
                    i.get_ref()
                ),
                "give one of `inherits` (a leaver's customers) or `portfolio` (new customers)",
            );
        }
        let prefix = h.id.as_ref().map_or("hire", |i| i.get_ref().as_str());
        for _ in 0..count {
            numbered += 1;
            hires.push(Hire {
                id: format!("{prefix}-{numbered}"),
                plan: h.plan.get_ref().clone(),
                team: h.team.clone(),
                start: start.unwrap_or(NaiveDate::MIN),
                target_incentive: ti.unwrap_or_default(),
                base,
                quota: quota.clone(),
                ramp: ramp.clone(),
                attainment,
                inherits: inherits.clone(),
                portfolio,
                loc: loc.clone(),
            });
        }
    }
    hires
}

/// A hire's new portfolio: a whole number of customers from 1, a positive MRR.
fn portfolio(ck: &mut Checker, raw: &S<RawPortfolio>) -> Option<Portfolio> {
    let p = raw.get_ref();
    let customers = match ck.decimal(&p.customers, "customers") {
        Some(n) if n.is_integer() && n >= Decimal::ONE && n <= Decimal::from(100_000) => {
            u32::try_from(n).ok()
        }
        Some(_) => {
            ck.error_hint(
                p.customers.span(),
                "a portfolio's customers must be a whole number from 1 to 100000",
                "write customers = 20",
            );
            None
        }
        None => None,
    };
    let mrr = match ck.decimal(&p.mrr, "mrr") {
        Some(m) if m > Decimal::ZERO => Some(m),
        Some(_) => {
            ck.error_hint(
                p.mrr.span(),
                "a portfolio's MRR must be positive",
                "a portfolio without MRR has no GRR or NRR: write the customers' MRR together, such as mrr = 30000",
            );
            None
        }
        None => None,
    };
    Some(Portfolio {
        customers: customers?,
        mrr: mrr?,
    })
}

/// A hire's annual quota per measure, each positive.
fn hire_quota(ck: &mut Checker, h: &RawHire) -> Vec<(String, Decimal, Location)> {
    let mut quota = Vec::new();
    for (m, q) in &h.quota {
        if let Some(v) = ck.decimal(q, "quota") {
            if v <= Decimal::ZERO {
                ck.error_hint(
                    q.span(),
                    "a quota must be positive",
                    "attainment divides by the target",
                );
            }
            quota.push((m.get_ref().clone(), v, ck.src.locate(m.span())));
        }
    }
    quota
}

fn leavers(ck: &mut Checker, raw: &[S<RawLeaver>]) -> Vec<Leaver> {
    let mut leavers = Vec::new();
    for l in raw {
        let loc = ck.src.locate(l.get_ref().payee.span());
        let l = l.get_ref();
        leavers.push(Leaver {
            payee: l.payee.get_ref().clone(),
            last_day: l.last_day.as_ref().and_then(|d| date(ck, d, "last_day")),
            loc,
        });
    }
    leavers
}

/// The grid's attainments: 50% to 150% by 25 points unless the scenario lists its own; a grid of
/// KPI values only (`kpi` without `points`) has record measures at 100% at each of its points.
fn grid(ck: &mut Checker, raw: Option<&RawGrid>) -> Vec<Decimal> {
    let default = || {
        [50, 75, 100, 125, 150]
            .iter()
            .map(|p| Decimal::new(*p, 2))
            .collect()
    };
    let Some(g) = raw else {
        return default();
    };
    let Some(points) = &g.points else {
        return match g.kpi.values().next() {
            Some(values) => vec![Decimal::ONE; values.len()],
            None => default(),
        };
    };
    if points.is_empty() {
        ck.error(0..0, "[grid] points is empty");
    }
    points
        .iter()
        .filter_map(|p| {
            let v = ck.fraction(p, "grid point");
            if v.is_some_and(|v| v < Decimal::ZERO) {
                ck.error(p.span(), "a grid point cannot be negative");
            }
            v
        })
        .collect()
}

/// `[grid] kpi`: each KPI's values, one per grid point (`points` grid points).
fn grid_kpi(
    ck: &mut Checker,
    src: &SourceText,
    raw: Option<&RawGrid>,
    points: usize,
) -> Vec<GridKpi> {
    let Some(g) = raw else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (measure, values) in &g.kpi {
        if values.len() != points {
            ck.error_hint(
                measure.span(),
                format!(
                    "[grid] kpi `{}` has {} value(s) for {points} grid point(s)",
                    measure.get_ref(),
                    values.len()
                ),
                "each KPI takes one value per grid point: as many as `points` (or as the first KPI listed when there are no points)",
            );
            continue;
        }
        let values: Vec<Decimal> = values
            .iter()
            .filter_map(|v| ck.fraction(v, "KPI value"))
            .collect();
        out.push(GridKpi {
            measure: measure.get_ref().clone(),
            values,
            loc: src.locate(measure.span()),
        });
    }
    out
}

/// A `[swap]` entry's value: `"plan or file"`, or `{ to = "plan or file", from = "2024-07-01" }`
/// for a swap that takes effect on a date.
fn swap_to(ck: &mut Checker, to: &S<toml::Value>) -> Option<(String, Option<NaiveDate>)> {
    let hint = "write `old-plan = \"new plan or file\"`, or `old-plan = { to = \"new plan or file\", from = \"2024-07-01\" }`";
    match to.get_ref() {
        toml::Value::String(p) => Some((p.clone(), None)),
        toml::Value::Table(t) => {
            let mut ok = true;
            for k in t.keys().filter(|k| !["to", "from"].contains(&k.as_str())) {
                ck.error_hint(
                    to.span(),
                    format!("unknown key `{k}` in a swap"),
                    "the keys allowed here are: to, from",
                );
                ok = false;
            }
            let Some(toml::Value::String(plan)) = t.get("to") else {
                ck.error_hint(to.span(), "a swap needs `to`, the new plan", hint);
                return None;
            };
            let starting = match t.get("from") {
                None => None,
                Some(toml::Value::String(d)) => {
                    let d = date(ck, &S::new(to.span(), d.clone()), "from");
                    ok &= d.is_some();
                    d
                }
                Some(_) => {
                    ck.error_hint(to.span(), "a swap's `from` is a date", "write YYYY-MM-DD");
                    return None;
                }
            };
            ok.then(|| (plan.clone(), starting))
        }
        _ => {
            ck.error_hint(to.span(), "a swap names the new plan", hint);
            None
        }
    }
}

fn date(ck: &mut Checker, s: &S<String>, what: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(s.get_ref(), "%Y-%m-%d").ok();
    if d.is_none() {
        ck.error_hint(
            s.span(),
            format!("{what} `{}` is not a date", s.get_ref()),
            "write YYYY-MM-DD",
        );
    }
    d
}

fn growth(ck: &mut Checker, raw: Option<&RawGrowth>) -> Growth {
    let Some(raw) = raw else {
        return Growth::default();
    };
    let mut entries = |map: &BTreeMap<S<String>, S<Lit>>| -> Vec<(String, Decimal, Location)> {
        map.iter()
            .filter_map(|(k, v)| {
                let g = ck.fraction(v, "growth")?;
                Some((k.get_ref().clone(), g, ck.src.locate(k.span())))
            })
            .collect()
    };
    let (plans, teams, payees) = (
        entries(&raw.plans),
        entries(&raw.teams),
        entries(&raw.payees),
    );
    let all = raw
        .growth
        .as_ref()
        .and_then(|g| ck.fraction(g, "growth"))
        .unwrap_or_default();
    let mut out = Growth {
        all,
        plans,
        teams,
        payees,
    };
    // a growth below -100% would make quotas or TI negative
    for (_, g, loc) in out
        .plans
        .iter()
        .chain(&out.teams)
        .chain(&out.payees)
        .filter(|(_, g, _)| *g <= -Decimal::ONE)
    {
        ck.diags.push(
            Diagnostic::new(format!(
                "a growth of {} leaves nothing",
                crate::num::percent(*g)
            ))
            .at(loc.clone())
            .hint("a growth is above -100%"),
        );
    }
    if out.all <= -Decimal::ONE {
        ck.error(0..0, "a growth of -100% or less leaves nothing");
        out.all = Decimal::ZERO;
    }
    out
}

fn dist(ck: &mut Checker, raw: &RawDist, inherit: Dist) -> Dist {
    let shape = match &raw.distribution {
        None => inherit.shape,
        Some(s) => ck
            .choice(s, "distribution", &SHAPES)
            .unwrap_or(inherit.shape),
    };
    let mean = raw
        .mean
        .as_ref()
        .and_then(|m| {
            let v = ck.fraction(m, "mean");
            if v.is_some_and(|v| v <= Decimal::ZERO) {
                ck.error(m.span(), "the mean attainment must be positive");
            }
            v
        })
        .unwrap_or(inherit.mean);
    let spread = raw
        .spread
        .as_ref()
        .and_then(|s| {
            let v = ck.fraction(s, "spread");
            if v.is_some_and(|v| v < Decimal::ZERO) {
                ck.error(
                    s.span(),
                    "the spread (a standard deviation) cannot be negative",
                );
            }
            v
        })
        .unwrap_or(inherit.spread);
    Dist {
        shape,
        mean,
        spread,
    }
}

fn monte_carlo(ck: &mut Checker, raw: Option<&RawMonteCarlo>) -> MonteCarlo {
    let builtin = Dist {
        shape: Shape::Normal,
        mean: Decimal::ONE,
        spread: Decimal::new(2, 1),
    };
    let Some(raw) = raw else {
        return MonteCarlo {
            trials: 1000,
            seed: 1,
            step: Decimal::new(1, 2),
            default: builtin,
            plans: Vec::new(),
            teams: Vec::new(),
            correlation: Correlation::default(),
            kpi: Vec::new(),
        };
    };
    let whole = |ck: &mut Checker, lit: &Option<S<Lit>>, what: &str, default: u64, max: u64| {
        let Some(lit) = lit else { return default };
        // a trial count starts at 1, a seed at 0
        let min = u64::from(what == "trials");
        match ck.decimal(lit, what) {
            Some(n) if n.is_integer() && n >= Decimal::from(min) && n <= Decimal::from(max) => {
                n.try_into().unwrap_or(default)
            }
            Some(_) => {
                ck.error(
                    lit.span(),
                    format!("{what} must be a whole number from {min} to {max}"),
                );
                default
            }
            None => default,
        }
    };
    let trials = whole(ck, &raw.trials, "trials", 1000, 1_000_000).max(1) as u32;
    let seed = whole(ck, &raw.seed, "seed", 1, i64::MAX as u64);
    let step = match &raw.step {
        None => Decimal::new(1, 2),
        Some(s) => match ck.fraction(s, "step") {
            Some(v) if v >= Decimal::new(1, 4) && v <= Decimal::ONE => v,
            Some(_) => {
                ck.error_hint(
                    s.span(),
                    "the step must be from 0.01% to 100%",
                    "write \"1%\"",
                );
                Decimal::new(1, 2)
            }
            None => Decimal::new(1, 2),
        },
    };
    let top = RawDist {
        distribution: raw.distribution.clone(),
        mean: raw.mean.clone(),
        spread: raw.spread.clone(),
    };
    let default = dist(ck, &top, builtin);
    let mut by = |map: &BTreeMap<S<String>, S<RawDist>>| -> Vec<(String, Dist, Location)> {
        map.iter()
            .map(|(k, v)| {
                let d = dist(ck, v.get_ref(), default);
                (k.get_ref().clone(), d, ck.src.locate(k.span()))
            })
            .collect()
    };
    let plans = by(&raw.plans);
    let teams = by(&raw.teams);
    let correlation = raw
        .correlation
        .as_ref()
        .map_or_else(Correlation::default, |c| correlation(ck, c));
    let kpi = raw
        .kpi
        .iter()
        .filter_map(|(m, d)| kpi_draw(ck, m, d))
        .collect();
    MonteCarlo {
        trials,
        seed,
        step,
        default,
        plans,
        teams,
        correlation,
        kpi,
    }
}

/// A `[monte_carlo.kpi]` entry: `spread` is required at its top; plans and teams inherit what
/// they do not give.
fn kpi_draw(ck: &mut Checker, measure: &S<String>, raw: &S<RawKpiDraw>) -> Option<KpiDraw> {
    let r = raw.get_ref();
    let Some(spread) = &r.spread else {
        ck.error_hint(
            raw.span(),
            format!("[monte_carlo.kpi] `{}` needs a spread", measure.get_ref()),
            "write `spread = \"5%\"`: the standard deviation in the KPI's unit (5 percentage points of a ratio such as GRR); 0 holds the mean",
        );
        return None;
    };
    let top = RawKpiDist {
        mean: r.mean.clone(),
        spread: Some(spread.clone()),
    };
    let default = kpi_dist(
        ck,
        &top,
        KpiDist {
            mean: None,
            spread: Decimal::ZERO,
        },
    );
    let mut by = |map: &BTreeMap<S<String>, S<RawKpiDist>>| -> Vec<(String, KpiDist, Location)> {
        map.iter()
            .map(|(k, v)| {
                let d = kpi_dist(ck, v.get_ref(), default);
                (k.get_ref().clone(), d, ck.src.locate(k.span()))
            })
            .collect()
    };
    let plans = by(&r.plans);
    let teams = by(&r.teams);
    Some(KpiDraw {
        measure: measure.get_ref().clone(),
        default,
        plans,
        teams,
        loc: ck.src.locate(measure.span()),
    })
}

fn kpi_dist(ck: &mut Checker, raw: &RawKpiDist, inherit: KpiDist) -> KpiDist {
    let mean = match &raw.mean {
        None => inherit.mean,
        Some(m) => ck.fraction(m, "KPI mean").or(inherit.mean),
    };
    let spread = raw
        .spread
        .as_ref()
        .and_then(|s| {
            let v = ck.fraction(s, "spread");
            if v.is_some_and(|v| v < Decimal::ZERO) {
                ck.error_hint(
                    s.span(),
                    "the spread of a KPI (a standard deviation) cannot be negative",
                    "write the standard deviation in the KPI's unit, such as \"5%\" for 5 points of GRR, or 0 to hold the mean",
                );
                return None;
            }
            v
        })
        .unwrap_or(inherit.spread);
    KpiDist { mean, spread }
}

/// `correlation = { company, team }`: shares of a draw's variance, each from 0 to 1, together at
/// most 1 (what is left is the payee's own).
fn correlation(ck: &mut Checker, raw: &S<RawCorrelation>) -> Correlation {
    let r = raw.get_ref();
    let mut share = |lit: &Option<S<Lit>>, what: &str| -> Option<Decimal> {
        let lit = lit.as_ref()?;
        let v = ck.fraction(lit, what)?;
        if v < Decimal::ZERO || v > Decimal::ONE {
            ck.error_hint(
                lit.span(),
                format!("the {what} correlation must be from 0 to 1 (0% to 100%)"),
                "it is the share of a period's draw common to everyone concerned: 0.3 or \"30%\"",
            );
            return None;
        }
        Some(v)
    };
    let company = share(&r.company, "company");
    let team = share(&r.team, "team");
    let out = Correlation {
        company: company.unwrap_or_default(),
        team: team.unwrap_or_default(),
    };
    if out.company + out.team > Decimal::ONE {
        ck.error_hint(
            raw.span(),
            format!(
                "the company and team correlations add up to {}, more than 1",
                (out.company + out.team).normalize()
            ),
            "they are shares of one draw, with the payee's own share what is left: keep company + team at most 1",
        );
        return Correlation::default();
    }
    out
}

/// `[solve]`: one lever, one target, a range and a precision.
fn solve(ck: &mut Checker, raw: &S<RawSolve>) -> Option<Solve> {
    let loc = ck.src.locate(raw.span());
    let r = raw.get_ref();
    let lever = lever(ck, raw);
    let t = r.target.get_ref();
    let metric = match (&t.cost_of_sales, &t.total_cost) {
        (Some(c), None) => ck.fraction(c, "cost_of_sales").and_then(|v| {
            if v <= Decimal::ZERO {
                ck.error(c.span(), "a cost of sales to meet must be positive");
                return None;
            }
            Some((Metric::CostOfSales, v))
        }),
        (None, Some(c)) => ck.decimal(c, "total_cost").and_then(|v| {
            if v <= Decimal::ZERO {
                ck.error(c.span(), "a total cost to meet must be positive");
                return None;
            }
            Some((Metric::TotalCost, v))
        }),
        _ => {
            ck.error_hint(
                r.target.span(),
                "a target gives one of `cost_of_sales` or `total_cost`",
                "write target = { cost_of_sales = \"9%\" } or target = { total_cost = 750000 }",
            );
            None
        }
    };
    let at =
        t.at.as_ref()
            .and_then(|a| ck.choice(a, "statistic", &STATS));
    let growth = matches!(lever, Some(Lever::QuotaGrowth(_) | Lever::TiGrowth(_)));
    let mut ends = Vec::new();
    for v in r.between.get_ref() {
        if let Some(x) = ck.fraction(v, "between") {
            if growth && x <= -Decimal::ONE {
                ck.error_hint(
                    v.span(),
                    "a growth of -100% or less leaves nothing",
                    "a growth is above -100%",
                );
            }
            ends.push(x);
        }
    }
    let between = match ends[..] {
        [lo, hi] if lo < hi => Some((lo, hi)),
        [_, _] => {
            ck.error_hint(
                r.between.span(),
                "`between` goes from the lower value to the higher",
                "write between = [\"0%\", \"40%\"]",
            );
            None
        }
        _ if ends.len() == r.between.get_ref().len() => {
            ck.error_hint(
                r.between.span(),
                "`between` is two values: the range searched",
                "write between = [\"0%\", \"40%\"]",
            );
            None
        }
        _ => None,
    };
    let precision = match &r.precision {
        None => Some(Decimal::new(1, 4)),
        Some(p) => ck.fraction(p, "precision").and_then(|v| {
            if v <= Decimal::ZERO {
                ck.error_hint(
                    p.span(),
                    "the precision must be positive",
                    "write \"0.01%\"",
                );
                return None;
            }
            Some(v)
        }),
    };
    let (lever, (metric, target), between, precision) = (lever?, metric?, between?, precision?);
    if (between.1 - between.0) < precision {
        ck.error_hint(
            r.between.span(),
            "the range is narrower than the precision",
            "widen `between` or make `precision` finer",
        );
        return None;
    }
    Some(Solve {
        lever,
        metric,
        target,
        plan: t.plan.as_ref().map(|p| p.get_ref().clone()),
        at,
        between,
        precision,
        loc,
    })
}

/// A scope from the id it names.
type ToScope = fn(String) -> Scope;

/// The lever of `[solve] vary`: exactly one, with a scope for the growths.
fn lever(ck: &mut Checker, raw: &S<RawSolve>) -> Option<Lever> {
    let r = raw.get_ref();
    let mut levers = r.vary.iter();
    let (Some((name, scope)), None) = (levers.next(), levers.next()) else {
        ck.error_hint(
            raw.span(),
            "`vary` names one lever",
            "write vary = { quota_growth = { plan = \"ae-arr\" } }",
        );
        return None;
    };
    let s = scope.get_ref();
    let given: Vec<(&S<String>, ToScope)> = [
        s.plan.as_ref().map(|v| (v, Scope::Plan as ToScope)),
        s.team.as_ref().map(|v| (v, Scope::Team as ToScope)),
        s.payee.as_ref().map(|v| (v, Scope::Payee as ToScope)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let kind = ck.choice(
        name,
        "lever",
        &[
            ("quota_growth", 0u8),
            ("ti_growth", 1),
            ("replay_growth", 2),
        ],
    );
    let scope = match given[..] {
        [] => Scope::Everyone,
        [(v, f)] => f(v.get_ref().clone()),
        _ => {
            ck.error_hint(
                scope.span(),
                "a lever applies to one plan, team or payee, or to everyone",
                "give one of `plan`, `team`, `payee`, or none",
            );
            return None;
        }
    };
    match kind? {
        0 => Some(Lever::QuotaGrowth(scope)),
        1 => Some(Lever::TiGrowth(scope)),
        _ if scope != Scope::Everyone => {
            ck.error_hint(
                scope_span(s),
                "the replay's growth applies to every record",
                "write vary = { replay_growth = {} }",
            );
            None
        }
        _ => Some(Lever::ReplayGrowth),
    }
}

fn scope_span(s: &RawScope) -> std::ops::Range<usize> {
    [&s.plan, &s.team, &s.payee]
        .into_iter()
        .flatten()
        .next()
        .map_or(0..0, |v| v.span())
}

/// `[quotas.set]` and `[quotas] actuals`: quotas positive, growths above -100%.
fn quota_set(ck: &mut Checker, raw: Option<&RawQuotas>) -> QuotaSet {
    let Some(raw) = raw else {
        return QuotaSet::default();
    };
    type ByKey = BTreeMap<S<String>, BTreeMap<S<String>, S<Lit>>>;
    let mut by = |map: &ByKey| -> Vec<(String, Given)> {
        map.iter()
            .map(|(k, quotas)| {
                let q = quotas
                    .iter()
                    .filter_map(|(m, v)| {
                        let q = ck.decimal(v, "quota")?;
                        if q <= Decimal::ZERO {
                            ck.error_hint(
                                v.span(),
                                "a quota must be positive",
                                "attainment divides by the target",
                            );
                        }
                        Some((m.get_ref().clone(), q, ck.src.locate(m.span())))
                    })
                    .collect();
                (k.get_ref().clone(), q)
            })
            .collect()
    };
    let (plans, teams, payees) = match &raw.set {
        None => Default::default(),
        Some(s) => (by(&s.plans), by(&s.teams), by(&s.payees)),
    };
    let actuals = raw
        .actuals
        .iter()
        .filter_map(|(m, g)| {
            let v = ck.fraction(g, "growth")?;
            if v <= -Decimal::ONE {
                ck.error_hint(
                    g.span(),
                    "a growth of -100% or less leaves nothing",
                    "a growth is above -100%",
                );
            }
            Some((m.get_ref().clone(), v, ck.src.locate(m.span())))
        })
        .collect();
    QuotaSet {
        plans,
        teams,
        payees,
        actuals,
    }
}
