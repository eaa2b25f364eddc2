//! The validated plan: only valid plans can be built (weights sum to 100%, curves ordered, bands
//! contiguous, every referenced measure and field exists).

use crate::diag::Location;
use crate::period::Frequency;
pub use crate::source::Filter;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    /// The plan's own id when it is in force under another's (a what-if swap, the proposed side
    /// of a comparison): what messages name it by.
    pub own_id: Option<String>,
    pub name: String,
    pub file: PathBuf,
    pub frequency: Frequency,
    pub cap: Option<Cap>,
    /// How attainment is measured: each period alone, or year to date with a true-up (rule 4).
    pub basis: PlanBasis,
    /// What happens to a negative payable (a refund after payment).
    pub negative: Negative,
    /// How the plan's lines are rounded, when not the workspace's way (rule 2).
    pub rounding: Option<crate::num::Rounding>,
    pub draw: Option<Draw>,
    pub clawback: Option<Clawback>,
    pub measures: Vec<Measure>,
    pub components: Vec<Component>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanBasis {
    Period,
    Ytd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Negative {
    /// Pay it: the period's payout is negative.
    Pay,
    /// Pay nothing and carry the balance against future earnings.
    Carry,
}

/// A guaranteed amount for the first periods of a payee on the plan (rule 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Draw {
    /// An amount per period, or with `share_of_ti` a fraction of the period's TI.
    pub amount: Decimal,
    pub periods: u32,
    pub recoverable: bool,
    /// `amount = "80%"`: the draw is that share of the payee's TI for the period (unprorated).
    pub share_of_ti: bool,
    /// `prorate = true`: a partial first or last period's draw is prorated by days employed.
    pub prorate: bool,
}

/// Records cancelled within `window_days` of their credit date are clawed back (rule 14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clawback {
    /// The record source whose records are clawed back.
    pub source: String,
    /// The date field holding the cancellation date.
    pub field: String,
    pub window_days: u32,
}

impl Plan {
    pub fn measure(&self, id: &str) -> Option<usize> {
        self.measures.iter().position(|m| m.id == id)
    }
}

#[derive(Debug, Clone)]
pub struct Measure {
    pub id: String,
    pub source: String,
    pub aggregate: Aggregate,
    pub filters: Vec<Filter>,
    /// Comparisons on the record's own decimal or date fields (`where = { amount = { above = 10000 } }`).
    pub conditions: Vec<Condition>,
    pub date_field: String,
    pub unit: Unit,
    /// Whose records the measure reads (rule 11).
    pub over: Whose,
    /// Set for a KPI from customer data (rule 16); then aggregate and filters are unused.
    pub kpi: Option<KpiSpec>,
    /// Set for a ratio of two other measures of the plan (their ids): `of` / `to`.
    pub ratio: Option<(String, String)>,
    pub loc: Location,
}

/// A comparison of a record's decimal or date field with bounds (rule 21). `keep`: a `where` keeps
/// the records it holds for, an `exclude` drops them. A record with no value in the field is not
/// compared: the comparison does not hold for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub field: String,
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    pub keep: bool,
}

/// One end of a comparison: the value and whether the value itself passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub value: Scalar,
    pub inclusive: bool,
}

/// A value a record's field is compared with: a number (a percentage is its fraction) or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scalar {
    Number(Decimal),
    Date(chrono::NaiveDate),
}

impl Condition {
    /// Whether the comparison holds for a field's value (None: no value, it does not hold).
    pub fn holds(&self, v: Option<Scalar>) -> bool {
        let Some(v) = v else { return false };
        let above_lower = self.lower.is_none_or(|b| {
            if b.inclusive {
                v >= b.value
            } else {
                v > b.value
            }
        });
        let below_upper = self.upper.is_none_or(|b| {
            if b.inclusive {
                v <= b.value
            } else {
                v < b.value
            }
        });
        above_lower && below_upper
    }

    /// Whether a record with this value is kept: a `where` keeps what holds, an `exclude` drops it.
    pub fn keeps(&self, v: Option<Scalar>) -> bool {
        self.holds(v) == self.keep
    }
}

/// Whose records or customers a measure reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Whose {
    /// The payee's own credited records, or for a KPI the customers whose CSM the payee is.
    Payee,
    /// Every payee of the payee's team (roster column): a collective measure.
    Team,
    /// The payees whose manager is the payee: a manager's roll-up.
    Reports,
    /// Every payee's credited records, or for a KPI every customer. Its target is the company's
    /// (a quota row for payee `*`).
    Company,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kpi {
    Nrr,
    Grr,
    /// Gross MRR churn: (churned + contraction) / start MRR, that is 1 - GRR.
    MrrChurn,
    LogoChurn,
    Nps,
    Csat,
    TimeToValue,
}

impl Kpi {
    pub fn unit(self) -> Unit {
        match self {
            Kpi::Nps | Kpi::TimeToValue => Unit::Number,
            _ => Unit::Ratio,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stat {
    Median,
    Mean,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KpiSpec {
    pub kpi: Kpi,
    pub stat: Stat,
}

/// A threshold a measure's value must pass: `value >= bound` or, lower being better, `value <= bound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Test {
    pub on: usize,
    pub bound: Decimal,
    pub at_most: bool,
    /// `above` / `below`: the bound itself does not pass (rule 21).
    pub strict: bool,
    /// What is compared with the bound: the measure's value, or its attainment.
    pub of: TestOf,
}

/// What a test compares with its bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestOf {
    /// The measure's value over the period.
    Value,
    /// The period's value over the period's target.
    Attainment,
    /// The year-to-date value (from the fiscal year's first day to the period's last) over the
    /// year's target: "accelerators only once the annual quota is met".
    YtdAttainment,
}

impl Test {
    pub fn passes(&self, value: Decimal) -> bool {
        match (self.at_most, self.strict) {
            (true, false) => value <= self.bound,
            (true, true) => value < self.bound,
            (false, false) => value >= self.bound,
            (false, true) => value > self.bound,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Aggregate {
    Sum(String),
    Count,
    CountDistinct(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Number,
    Ratio,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cap {
    /// A fraction of the TI it applies to (3 for 300%).
    ShareOfTi(Decimal),
    Amount(Decimal),
}

#[derive(Debug, Clone)]
pub struct Component {
    pub id: String,
    pub name: Option<String>,
    /// A fraction (0.6 for 60%).
    pub weight: Option<Decimal>,
    pub cap: Option<Cap>,
    pub cap_per_record: Option<Decimal>,
    /// The least a record line pays (a record paid per record).
    pub floor: Option<Decimal>,
    /// The least a credited record with a positive amount pays (paid per record).
    pub minimum: Option<Decimal>,
    /// What a clawback takes back of a record the minimum raised.
    pub claws_back: ClawsBack,
    pub rule: Rule,
    /// Its own frequency, longer than the plan's (an annual bonus in a quarterly plan): computed over
    /// that period, paid in the plan period that ends it. None: the plan's.
    pub frequency: Option<crate::period::Frequency>,
    /// Paid only when this test passes (a missing KPI value does not pass).
    pub gate: Option<Test>,
    /// Percent of the component's TI a curve pays when its KPI has no value.
    pub missing: Decimal,
    pub loc: Location,
}

/// What a clawback takes back of a record a minimum raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClawsBack {
    /// The record's amount at the rate, before the minimum raised it.
    Computed,
    /// What the record's line paid.
    Paid,
}

/// Where a record falls in a rate table paid per record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// After the period's records before it: the running total places it.
    Running,
    /// Alone: its own amount places it.
    Own,
}

impl Position {
    pub fn is_running(&self) -> bool {
        *self == Position::Running
    }
}

#[derive(Debug, Clone)]
pub enum Rule {
    Commission(Commission),
    RateTable(RateTable),
    Curve(CurveRule),
    Kicker(Kicker),
    Pool(Pool),
}

/// An amount per period shared by the members of a collective (rule 19): the team or the company
/// of its measure, on this plan. The measure is shown on the line and says who shares.
#[derive(Debug, Clone)]
pub struct Pool {
    pub on: usize,
    pub amount: Decimal,
    pub split: Split,
}

/// How a pool is shared (rule 22: each share rounded once, the last member takes the remainder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Equal shares among the members in post on the period's last day.
    Equal,
    /// Shares by calendar days employed in the period.
    Days,
}

/// Pays when its KPI passes the test: a rate on another measure, or a fixed amount.
#[derive(Debug, Clone)]
pub struct Kicker {
    pub test: Test,
    pub pays: KickerPays,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KickerPays {
    Rate { of: usize, rate: Decimal },
    Amount(Decimal),
}

impl Rule {
    /// The measure the rule is driven by.
    pub fn on(&self) -> usize {
        match self {
            Rule::Commission(c) => c.on,
            Rule::RateTable(t) => t.on,
            Rule::Curve(c) => c.on,
            Rule::Kicker(k) => k.test.on,
            Rule::Pool(p) => p.on,
        }
    }

    pub fn per(&self) -> Per {
        match self {
            Rule::Commission(c) => c.per,
            Rule::RateTable(t) => t.per,
            Rule::Curve(_) | Rule::Kicker(_) | Rule::Pool(_) => Per::Period,
        }
    }

    /// Whether the rule cannot be computed without a target for its measure.
    pub fn needs_target(&self) -> bool {
        match self {
            Rule::Commission(c) => matches!(c.rate, Rate::TiOverTarget | Rate::Multiple(_)),
            Rule::RateTable(t) => t.basis == Basis::Attainment,
            Rule::Curve(c) => c.over == Over::Attainment,
            Rule::Kicker(_) | Rule::Pool(_) => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Record,
    Period,
}

#[derive(Debug, Clone)]
pub struct Commission {
    pub on: usize,
    pub rate: Rate,
    pub per: Per,
    /// With `Rate::ByCase`: the cases tried in order on each record (paid per record).
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    Fixed(Decimal),
    /// The component's annual TI over the measure's annual target.
    TiOverTarget,
    /// A multiple of the payee's base rate (`rate = "1.5x"` with `base_rate = "ti/target"`, rule
    /// 25): the multiple times the component's annual TI over the measure's annual target.
    Multiple(Decimal),
    /// Each record's rate (or amount) is set by the first of the commission's cases it matches.
    ByCase,
}

/// One case of a commission: the records it takes (all of them when it has no test) and what it
/// pays each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub filters: Vec<Filter>,
    pub conditions: Vec<Condition>,
    pub pays: CasePays,
}

impl Case {
    /// A case without a test takes every record: the default.
    pub fn is_default(&self) -> bool {
        self.filters.is_empty() && self.conditions.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum CasePays {
    /// A rate on the record's amount.
    Rate(Decimal),
    /// An amount per record.
    Amount(Decimal),
}

#[derive(Debug, Clone)]
pub struct RateTable {
    pub on: usize,
    pub basis: Basis,
    pub mode: Mode,
    pub bands: Vec<Band>,
    pub per: Per,
    pub position: Position,
    /// Set when the bands' rates are multiples of the payee's base rate (`"1.5x"`, rule 25): the
    /// fiscal year's component TI over the fiscal year's target of the measure.
    pub relative: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Attainment,
    Amount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Graduated,
    Retroactive,
    /// The first band's part at its rate, everything beyond it at the rate of the band reached.
    Overage,
}

/// `[from, to)`; `to` is `None` for the last, open-ended band. Bounds are percent points of target for
/// attainment bands, money for amount bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band {
    pub from: Decimal,
    pub to: Option<Decimal>,
    pub rate: Decimal,
    /// `to` is included (written `through`): the next band starts just above it (rule 21).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub through: bool,
}

#[derive(Debug, Clone)]
pub struct CurveRule {
    pub on: usize,
    pub over: Over,
    pub curve: Curve,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Over {
    Attainment,
    Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curve {
    /// (x, y): x in percent points of attainment (or the measure's value), y in percent of TI.
    pub points: Vec<(Decimal, Decimal)>,
    pub interpolation: Interpolation,
    pub beyond: Beyond,
    pub threshold: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interpolation {
    Linear,
    Step,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Beyond {
    Flat,
    Extend,
}
