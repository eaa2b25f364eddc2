//! The plan file as written: a serde mirror of the TOML that keeps spans for diagnostics.
//! Nothing here is checked beyond its shape; `plan::check` turns it into a valid `Plan`.

use crate::num::Lit;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub id: S<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub frequency: S<String>,
    pub basis: Option<S<String>>,
    pub cap: Option<S<Lit>>,
    pub negative: Option<S<String>>,
    pub draw: Option<S<RawDraw>>,
    pub clawback: Option<S<RawClawback>>,
    #[serde(default)]
    pub measures: BTreeMap<S<String>, S<RawMeasure>>,
    #[serde(default)]
    pub components: Vec<S<RawComponent>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDraw {
    pub amount: S<Lit>,
    pub periods: S<Lit>,
    pub recoverable: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClawback {
    pub source: S<String>,
    pub date: S<String>,
    pub window_days: S<Lit>,
}

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    pub source: Option<S<String>>,
    /// A KPI computed from customer data (nrr, grr, ...) instead of a sum or count of records.
    pub kpi: Option<S<String>>,
    /// Whose records or customers: payee/team/reports for records; portfolio/team/company for KPIs.
    pub over: Option<S<String>>,
    /// For time to value: "median" (default) or "mean".
    pub stat: Option<S<String>>,
    /// A ratio of two other measures of the plan: `of` / `to`.
    pub ratio: Option<S<RawRatio>>,
    pub sum: Option<S<String>>,
    pub count: Option<S<String>>,
    #[serde(rename = "where", default)]
    pub filter: RawFilters,
    #[serde(default)]
    pub exclude: RawFilters,
    pub date: Option<S<String>>,
    pub unit: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatio {
    pub of: S<String>,
    pub to: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    pub id: S<String>,
    pub name: Option<String>,
    pub weight: Option<S<Lit>>,
    pub cap: Option<S<Lit>>,
    pub cap_per_record: Option<S<Lit>>,
    pub commission: Option<S<RawCommission>>,
    pub rate_table: Option<S<RawRateTable>>,
    pub curve: Option<S<RawCurve>>,
    pub kicker: Option<S<RawKicker>>,
    /// The component pays only when another measure passes a threshold.
    pub gate: Option<S<RawTest>>,
    /// What a curve pays (percent of its TI) when its KPI has no value (default 0).
    pub missing: Option<S<Lit>>,
}

/// A threshold on a measure: `at_least` (higher is better) or `at_most` (lower is better).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTest {
    pub on: S<String>,
    pub at_least: Option<S<Lit>>,
    pub at_most: Option<S<Lit>>,
}

/// An extra rate on a measure (or an amount) when a KPI passes a threshold.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKicker {
    pub on: S<String>,
    pub at_least: Option<S<Lit>>,
    pub at_most: Option<S<Lit>>,
    pub of: Option<S<String>>,
    pub rate: Option<S<Lit>>,
    pub amount: Option<S<Lit>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommission {
    pub on: S<String>,
    pub rate: S<Lit>,
    pub per: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRateTable {
    pub on: S<String>,
    pub basis: S<String>,
    pub mode: S<String>,
    pub bands: Vec<S<RawBand>>,
    pub per: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub from: S<Lit>,
    pub to: Option<S<Lit>>,
    pub rate: S<Lit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCurve {
    pub on: S<String>,
    pub over: Option<S<String>>,
    pub points: S<Vec<S<Vec<S<Lit>>>>>,
    pub interpolation: Option<S<String>>,
    pub beyond: Option<S<String>>,
    pub threshold: Option<S<Lit>>,
}
