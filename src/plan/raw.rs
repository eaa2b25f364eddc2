//! The plan file as written: a serde mirror of the TOML that keeps spans for diagnostics.
//! Nothing here is checked beyond its shape; `plan::check` turns it into a valid `Plan`.

use crate::num::Lit;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    #[schemars(with = "String")]
    pub id: S<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    #[schemars(with = "String")]
    pub frequency: S<String>,
    #[schemars(with = "Option<String>")]
    pub basis: Option<S<String>>,
    #[schemars(with = "Option<Lit>")]
    pub cap: Option<S<Lit>>,
    #[schemars(with = "Option<String>")]
    pub negative: Option<S<String>>,
    #[schemars(with = "Option<RawDraw>")]
    pub draw: Option<S<RawDraw>>,
    #[schemars(with = "Option<RawClawback>")]
    pub clawback: Option<S<RawClawback>>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawMeasure>")]
    pub measures: BTreeMap<S<String>, S<RawMeasure>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawComponent>")]
    pub components: Vec<S<RawComponent>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDraw {
    #[schemars(with = "Lit")]
    pub amount: S<Lit>,
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

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    #[schemars(with = "String")]
    pub source: S<String>,
    #[schemars(with = "Option<String>")]
    pub sum: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub count: Option<S<String>>,
    #[serde(rename = "where", default)]
    #[schemars(with = "BTreeMap<String, OneOrMany>")]
    pub filter: RawFilters,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, OneOrMany>")]
    pub exclude: RawFilters,
    #[schemars(with = "Option<String>")]
    pub date: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub unit: Option<S<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    #[schemars(with = "String")]
    pub id: S<String>,
    pub name: Option<String>,
    #[schemars(with = "Option<Lit>")]
    pub weight: Option<S<Lit>>,
    #[schemars(with = "Option<Lit>")]
    pub cap: Option<S<Lit>>,
    #[schemars(with = "Option<Lit>")]
    pub cap_per_record: Option<S<Lit>>,
    #[schemars(with = "Option<RawCommission>")]
    pub commission: Option<S<RawCommission>>,
    #[schemars(with = "Option<RawRateTable>")]
    pub rate_table: Option<S<RawRateTable>>,
    #[schemars(with = "Option<RawCurve>")]
    pub curve: Option<S<RawCurve>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCommission {
    #[schemars(with = "String")]
    pub on: S<String>,
    #[schemars(with = "Lit")]
    pub rate: S<Lit>,
    #[schemars(with = "Option<String>")]
    pub per: Option<S<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRateTable {
    #[schemars(with = "String")]
    pub on: S<String>,
    #[schemars(with = "String")]
    pub basis: S<String>,
    #[schemars(with = "String")]
    pub mode: S<String>,
    #[schemars(with = "Vec<RawBand>")]
    pub bands: Vec<S<RawBand>>,
    #[schemars(with = "Option<String>")]
    pub per: Option<S<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    #[schemars(with = "Lit")]
    pub from: S<Lit>,
    #[schemars(with = "Option<Lit>")]
    pub to: Option<S<Lit>>,
    #[schemars(with = "Lit")]
    pub rate: S<Lit>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCurve {
    #[schemars(with = "String")]
    pub on: S<String>,
    #[schemars(with = "Option<String>")]
    pub over: Option<S<String>>,
    #[schemars(with = "Vec<Vec<Lit>>")]
    pub points: S<Vec<S<Vec<S<Lit>>>>>,
    #[schemars(with = "Option<String>")]
    pub interpolation: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub beyond: Option<S<String>>,
    #[schemars(with = "Option<Lit>")]
    pub threshold: Option<S<Lit>>,
}
