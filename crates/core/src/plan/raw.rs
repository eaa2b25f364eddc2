//! The plan file as written: a serde mirror of the TOML that keeps spans for diagnostics.
//! Nothing here is checked beyond its shape; `plan::check` turns it into a valid `Plan`.

use crate::num::Lit;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type S<T> = Spanned<T>;

/// A comp plan file: its measures and the components that pay on them (docs/format.md).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// The plan id the roster's plan column uses.
    #[schemars(with = "String")]
    pub id: S<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// How often the plan pays: month, quarter, half or year.
    #[schemars(with = "crate::plan::schema_words::Frequency")]
    pub frequency: S<String>,
    /// "period" (default): each period on its own; "ytd": year to date with a true-up.
    #[schemars(with = "Option<crate::plan::schema_words::PlanBasis>")]
    pub basis: Option<S<String>>,
    /// Plan cap: a percentage of the payee's TI for the period ("200%") or an amount.
    #[schemars(with = "Option<Lit>")]
    pub cap: Option<S<Lit>>,
    /// How this plan's statement lines are rounded to the minor unit (default: the workspace's).
    #[schemars(with = "Option<crate::plan::schema_words::Rounding>")]
    pub rounding: Option<S<String>>,
    /// A negative total: "pay" (default) or "carry" it against later earnings.
    #[schemars(with = "Option<crate::plan::schema_words::Negative>")]
    pub negative: Option<S<String>>,
    #[schemars(with = "Option<RawDraw>")]
    pub draw: Option<S<RawDraw>>,
    #[schemars(with = "Option<RawClawback>")]
    pub clawback: Option<S<RawClawback>>,
    /// Measures by id: what is summed or counted from a record source.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawMeasure>")]
    pub measures: BTreeMap<S<String>, S<RawMeasure>>,
    /// The parts of the pay, each a commission, a rate_table or a curve.
    #[serde(default)]
    #[schemars(with = "Vec<RawComponent>")]
    pub components: Vec<S<RawComponent>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDraw {
    /// An amount per period (2000), or a share of the period's TI ("80%").
    #[schemars(with = "Lit")]
    pub amount: S<Lit>,
    /// Prorate the draw of a partial first or last period by days employed (default false).
    #[serde(default)]
    pub prorate: bool,
    #[schemars(with = "Lit")]
    pub periods: S<Lit>,
    pub recoverable: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawClawback {
    #[schemars(with = "String")]
    pub source: S<String>,
    #[schemars(with = "String")]
    pub date: S<String>,
    #[schemars(with = "Lit")]
    pub window_days: S<Lit>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn values(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

pub type RawFilters = BTreeMap<S<String>, S<OneOrMany>>;

/// A measure's `where` or `exclude`: per field, the values it keeps or drops, or a comparison.
pub type RawConditions = BTreeMap<S<String>, S<RawMatch>>;

/// What a record's field is tested against: a value, a list of values (text fields), or a
/// comparison with bounds (decimal and date fields).
#[derive(Debug, schemars::JsonSchema)]
#[serde(untagged)]
pub enum RawMatch {
    One(String),
    Many(Vec<String>),
    Compare(Box<RawCompare>),
}

impl<'de> Deserialize<'de> for RawMatch {
    // by hand rather than untagged: the comparison's bounds keep their spans for diagnostics
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawMatch;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value, a list of values, or a comparison such as { above = 10000 }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawMatch, E> {
                Ok(RawMatch::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawMatch, A::Error> {
                Vec::<String>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(RawMatch::Many)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawMatch, A::Error> {
                RawCompare::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|c| RawMatch::Compare(Box::new(c)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A comparison of a record's decimal or date field (rule 21): every bound given must hold.
/// `at_least` and `at_most` include their bound, `above` and `below` exclude it; `from` / `to` is the
/// range [from, to), and `through` an inclusive upper bound. Numbers may be percentages ("10%" is
/// 0.10), dates are written "2024-03-31".
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCompare {
    /// Strictly above this bound.
    #[schemars(with = "Option<Lit>")]
    pub above: Option<S<Lit>>,
    /// This bound or above.
    #[schemars(with = "Option<Lit>")]
    pub at_least: Option<S<Lit>>,
    /// Strictly below this bound.
    #[schemars(with = "Option<Lit>")]
    pub below: Option<S<Lit>>,
    /// This bound or below.
    #[schemars(with = "Option<Lit>")]
    pub at_most: Option<S<Lit>>,
    /// The start of a range [from, to): included (as `at_least`).
    #[schemars(with = "Option<Lit>")]
    pub from: Option<S<Lit>>,
    /// The end of a range [from, to): excluded (as `below`).
    #[schemars(with = "Option<Lit>")]
    pub to: Option<S<Lit>>,
    /// An inclusive end of a range (as `at_most`).
    #[schemars(with = "Option<Lit>")]
    pub through: Option<S<Lit>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    /// The record source (a [sources.NAME] of comp.toml) to read; not with `kpi` or `ratio`.
    #[schemars(with = "Option<String>")]
    pub source: Option<S<String>>,
    /// A KPI computed from customer data (nrr, grr, ...) instead of a sum or count of records.
    #[schemars(with = "Option<String>")]
    pub kpi: Option<S<String>>,
    /// Whose records or customers: payee/team/reports for records; portfolio/team/company for KPIs.
    #[schemars(with = "Option<String>")]
    pub over: Option<S<String>>,
    /// For time to value: "median" (default) or "mean".
    #[schemars(with = "Option<String>")]
    pub stat: Option<S<String>>,
    /// A ratio of two other measures of the plan: `of` / `to`.
    #[schemars(with = "Option<RawRatio>")]
    pub ratio: Option<S<RawRatio>>,
    /// Sum this decimal field.
    #[schemars(with = "Option<String>")]
    pub sum: Option<S<String>>,
    /// Count records ("*") or distinct values of this field.
    #[schemars(with = "Option<String>")]
    pub count: Option<S<String>>,
    /// Keep records whose field is this value or one of these values, or passes this comparison
    /// (`amount = { above = 10000 }`).
    #[serde(rename = "where", default)]
    #[schemars(with = "BTreeMap<String, RawMatch>")]
    pub filter: RawConditions,
    /// Drop records whose field is this value or one of these values, or passes this comparison.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawMatch>")]
    pub exclude: RawConditions,
    /// The date field that credits a record to a period (default "date").
    #[schemars(with = "Option<String>")]
    pub date: Option<S<String>>,
    /// "number" (default) or "ratio" (0.87 for 87%).
    #[schemars(with = "Option<crate::plan::schema_words::Unit>")]
    pub unit: Option<S<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRatio {
    #[schemars(with = "String")]
    pub of: S<String>,
    #[schemars(with = "String")]
    pub to: S<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    /// The component id statements show.
    #[schemars(with = "String")]
    pub id: S<String>,
    pub name: Option<String>,
    /// Share of the payee's TI this component stands for ("60%").
    #[schemars(with = "Option<Lit>")]
    pub weight: Option<S<Lit>>,
    /// Cap: a percentage of the component's TI ("250%") or an amount per period.
    #[schemars(with = "Option<Lit>")]
    pub cap: Option<S<Lit>>,
    /// Cap on each record line of a component paid per record (an amount).
    #[schemars(with = "Option<Lit>")]
    pub cap_per_record: Option<S<Lit>>,
    /// The least a record line of a component paid per record pays (`floor = 0`: a sale below
    /// cost pays 0.00, not a negative amount).
    #[schemars(with = "Option<Lit>")]
    pub floor: Option<S<Lit>>,
    /// The least each credited record (a positive amount) of a component paid per record pays.
    #[schemars(with = "Option<Lit>")]
    pub minimum: Option<S<Lit>>,
    /// What a clawback takes back of a record the minimum raised: "computed" (default, the
    /// amount at the rate) or "paid" (the minimum paid).
    #[schemars(with = "Option<crate::plan::schema_words::ClawsBack>")]
    pub clawback: Option<S<String>>,
    /// Pay a rate on a measure.
    #[schemars(with = "Option<RawCommission>")]
    pub commission: Option<S<RawCommission>>,
    /// Pay banded rates on a measure.
    #[schemars(with = "Option<RawRateTable>")]
    pub rate_table: Option<S<RawRateTable>>,
    /// Pay a share of the component's TI read off a curve.
    #[schemars(with = "Option<RawCurve>")]
    pub curve: Option<S<RawCurve>>,
    #[schemars(with = "Option<RawKicker>")]
    pub kicker: Option<S<RawKicker>>,
    /// Share an amount per period among the members of a team or the company (rule 19).
    #[schemars(with = "Option<RawPool>")]
    pub pool: Option<S<RawPool>>,
    /// Pays on its own, longer frequency inside the plan ("year": an annual bonus in a quarterly
    /// plan): computed over that period and paid in the plan period that ends it.
    #[schemars(with = "Option<crate::plan::schema_words::Frequency>")]
    pub frequency: Option<S<String>>,
    /// The component pays only when another measure passes a threshold.
    #[schemars(with = "Option<RawTest>")]
    pub gate: Option<S<RawTest>>,
    /// What a curve pays (percent of its TI) when its KPI has no value (default 0).
    #[schemars(with = "Option<Lit>")]
    pub missing: Option<S<Lit>>,
}

/// A threshold on a measure, one of: `at_least` or `above` (higher is better; `above` excludes
/// the bound), `at_most` or `below` (lower is better; `below` excludes the bound).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTest {
    #[schemars(with = "String")]
    pub on: S<String>,
    #[schemars(with = "Option<Lit>")]
    pub at_least: Option<S<Lit>>,
    #[schemars(with = "Option<Lit>")]
    pub at_most: Option<S<Lit>>,
    /// Strictly above the bound: the bound itself does not pass.
    #[schemars(with = "Option<Lit>")]
    pub above: Option<S<Lit>>,
    /// Strictly below the bound: the bound itself does not pass.
    #[schemars(with = "Option<Lit>")]
    pub below: Option<S<Lit>>,
    /// Test the measure's attainment instead of its value: `attainment = { at_least = "100%" }`.
    #[schemars(with = "Option<RawBound>")]
    pub attainment: Option<S<RawBound>>,
    /// With `attainment`: "period" (default: the period's value over its target) or "ytd" (the
    /// year-to-date value over the year's target: the annual quota met).
    #[schemars(with = "Option<String>")]
    pub over: Option<S<String>>,
}

/// A bound: `at_least` (higher is better) or `at_most` (lower is better).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBound {
    #[schemars(with = "Option<Lit>")]
    pub at_least: Option<S<Lit>>,
    #[schemars(with = "Option<Lit>")]
    pub at_most: Option<S<Lit>>,
    /// Strictly above the bound: the bound itself does not pass.
    #[schemars(with = "Option<Lit>")]
    pub above: Option<S<Lit>>,
    /// Strictly below the bound: the bound itself does not pass.
    #[schemars(with = "Option<Lit>")]
    pub below: Option<S<Lit>>,
}

/// An extra rate on a measure (or an amount) when a KPI passes a threshold.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawKicker {
    #[schemars(with = "String")]
    pub on: S<String>,
    #[schemars(with = "Option<Lit>")]
    pub at_least: Option<S<Lit>>,
    #[schemars(with = "Option<Lit>")]
    pub at_most: Option<S<Lit>>,
    /// Strictly above the bound: the bound itself does not pass.
    #[schemars(with = "Option<Lit>")]
    pub above: Option<S<Lit>>,
    /// Strictly below the bound: the bound itself does not pass.
    #[schemars(with = "Option<Lit>")]
    pub below: Option<S<Lit>>,
    #[schemars(with = "Option<String>")]
    pub of: Option<S<String>>,
    #[schemars(with = "Option<Lit>")]
    pub rate: Option<S<Lit>>,
    #[schemars(with = "Option<Lit>")]
    pub amount: Option<S<Lit>>,
}

/// An amount per period shared by the members of a collective: those on the plan in the team (or
/// the company) of its measure.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPool {
    /// A measure over "team" or "company": who shares the pool (its value is shown on the line).
    #[schemars(with = "String")]
    pub on: S<String>,
    /// The amount shared each period ("4000").
    #[schemars(with = "Lit")]
    pub amount: S<Lit>,
    /// "equal": equal shares among the members in post on the period's last day; "days": shares
    /// by calendar days employed in the period. The last member by payee id takes the rounding
    /// remainder, so the shares add up to the amount.
    #[schemars(with = "crate::plan::schema_words::Split")]
    pub split: S<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCommission {
    /// The measure id.
    #[schemars(with = "String")]
    pub on: S<String>,
    /// "8%", a fraction, an amount per unit, or "ti/target"; or `cases` instead. With
    /// `base_rate`, a multiple of the base rate ("1.5x").
    #[schemars(with = "Option<Lit>")]
    pub rate: Option<S<Lit>>,
    /// Rules tried in order on each record: the first whose `where` matches sets its rate (or
    /// amount); a last case without `where` is the default. Instead of `rate`; paid per record.
    #[schemars(with = "Option<Vec<RawCase>>")]
    pub cases: Option<S<Vec<S<RawCase>>>>,
    /// "record" (default): each record its own line; "period": the total once.
    #[schemars(with = "Option<crate::plan::schema_words::Per>")]
    pub per: Option<S<String>>,
    /// "ti/target": the rate is a multiple of the payee's base rate ("1.5x"), the fiscal year's
    /// component TI over the fiscal year's target of the measure.
    #[schemars(with = "Option<String>")]
    pub base_rate: Option<S<String>>,
}

/// One case of a commission: the records it takes, and what it pays each of them.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    /// The records this case takes, as a measure's `where`; none: every record (the default case).
    #[serde(rename = "where")]
    #[schemars(with = "Option<BTreeMap<String, RawMatch>>")]
    pub filter: Option<S<RawConditions>>,
    /// The rate paid on the record's amount ("12%").
    #[schemars(with = "Option<Lit>")]
    pub rate: Option<S<Lit>>,
    /// An amount paid per record instead of a rate.
    #[schemars(with = "Option<Lit>")]
    pub amount: Option<S<Lit>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRateTable {
    /// The measure id.
    #[schemars(with = "String")]
    pub on: S<String>,
    /// "attainment" (bounds in % of target) or "amount" (bounds in money).
    #[schemars(with = "crate::plan::schema_words::Basis")]
    pub basis: S<String>,
    /// "graduated" (each slice at its band's rate), "retroactive" (all at the band reached) or
    /// "overage" (the first band's part at its rate, all beyond it at the rate of the band reached).
    #[schemars(with = "crate::plan::schema_words::Mode")]
    pub mode: S<String>,
    /// Contiguous bands [from, to), the first from 0, the last without `to`.
    #[schemars(with = "Vec<RawBand>")]
    pub bands: Vec<S<RawBand>>,
    /// "period" (default) or "record".
    #[schemars(with = "Option<crate::plan::schema_words::Per>")]
    pub per: Option<S<String>>,
    /// Paid per record: "running" (default), each record placed after the period's records before
    /// it; or "own", each record looked up in the table alone.
    #[schemars(with = "Option<crate::plan::schema_words::Position>")]
    pub position: Option<S<String>>,
    /// "ti/target": the bands' rates are multiples of the payee's base rate ("1.5x"), the fiscal
    /// year's component TI over the fiscal year's target of the measure.
    #[schemars(with = "Option<String>")]
    pub base_rate: Option<S<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    #[schemars(with = "Lit")]
    pub from: S<Lit>,
    /// The band's end, excluded: [from, to).
    #[schemars(with = "Option<Lit>")]
    pub to: Option<S<Lit>>,
    /// The band's end, included: [from, through]; the next band starts just above it.
    #[schemars(with = "Option<Lit>")]
    pub through: Option<S<Lit>>,
    /// A rate ("8%"), or with `base_rate` a multiple of the base rate ("1.5x").
    #[schemars(with = "Lit")]
    pub rate: S<Lit>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCurve {
    /// The measure id.
    #[schemars(with = "String")]
    pub on: S<String>,
    /// "attainment" (default) or "value" (the measure's own value).
    #[schemars(with = "Option<crate::plan::schema_words::Over>")]
    pub over: Option<S<String>>,
    /// [x, y] points by increasing x: y% of the component's TI at x; a jump is two points at one x.
    #[schemars(with = "Vec<Vec<Lit>>")]
    pub points: S<Vec<S<Vec<S<Lit>>>>>,
    /// "linear" (default) or "step".
    #[schemars(with = "Option<crate::plan::schema_words::Interpolation>")]
    pub interpolation: Option<S<String>>,
    /// After the last point: "flat" (default) or "extend" at the last slope.
    #[schemars(with = "Option<crate::plan::schema_words::Beyond>")]
    pub beyond: Option<S<String>>,
    /// Nothing is paid below this x.
    #[schemars(with = "Option<Lit>")]
    pub threshold: Option<S<Lit>>,
}
