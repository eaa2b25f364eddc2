//! Types that exist for the JSON Schema only (`comp schema scenario`): the fixed words of scenario
//! keys as enums, so editors complete them, each listing exactly the words the checker accepts
//! (`super::scenario`'s lists).

use super::scenario::{MODELS, SHAPES, STATS};
use crate::plan::schema_words::word_type;
use schemars::JsonSchema;

word_type!(Model, &MODELS, "How attainment is projected.");
word_type!(
    Distribution,
    &SHAPES,
    "The shape of an attainment distribution."
);
word_type!(Stat, &STATS, "Which figure of a Monte Carlo's trials.");

/// A `[swap]` entry's value: the new plan (an id or a file relative to the scenario), or a table
/// giving it with the date the swap takes effect.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum Swap {
    /// The plan its payees are paid by instead, for the whole modelled year.
    Plan(String),
    /// The new plan from a date: the old plan until the day before.
    From {
        /// The new plan: an id or a plan file relative to the scenario.
        to: String,
        /// The first day on the new plan (YYYY-MM-DD), inside the modelled year.
        from: Option<String>,
    },
}
