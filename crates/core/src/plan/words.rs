//! The words plan files and comp.toml may use for their fixed choices, each with its meaning. The checker reads
//! them and `comp schema` lists them, so an editor offers exactly what comp accepts.

use super::model::{
    Basis, Beyond, ClawsBack, Interpolation, Mode, Negative, Over, Per, PlanBasis, Position, Split,
    Unit,
};
use crate::locale::Locale;
use crate::num::Rounding;
use crate::period::Frequency;
use crate::source::FieldType;

pub type Words<T> = &'static [(&'static str, T)];

pub const FREQUENCY: Words<Frequency> = &[
    ("month", Frequency::Month),
    ("quarter", Frequency::Quarter),
    ("half", Frequency::Half),
    ("year", Frequency::Year),
    ("monthly", Frequency::Month),
    ("quarterly", Frequency::Quarter),
    ("yearly", Frequency::Year),
    ("annual", Frequency::Year),
    ("biweekly", Frequency::Biweekly),
    ("semi-month", Frequency::SemiMonth),
    ("semi-monthly", Frequency::SemiMonth),
];
pub const PLAN_BASIS: Words<PlanBasis> = &[("period", PlanBasis::Period), ("ytd", PlanBasis::Ytd)];
pub const NEGATIVE: Words<Negative> = &[("pay", Negative::Pay), ("carry", Negative::Carry)];
pub const UNIT: Words<Unit> = &[("number", Unit::Number), ("ratio", Unit::Ratio)];
pub const PER: Words<Per> = &[("record", Per::Record), ("period", Per::Period)];
pub const POSITION: Words<Position> = &[("running", Position::Running), ("own", Position::Own)];
pub const CLAWS_BACK: Words<ClawsBack> =
    &[("computed", ClawsBack::Computed), ("paid", ClawsBack::Paid)];
pub const BASIS: Words<Basis> = &[("attainment", Basis::Attainment), ("amount", Basis::Amount)];
pub const MODE: Words<Mode> = &[
    ("graduated", Mode::Graduated),
    ("retroactive", Mode::Retroactive),
    ("overage", Mode::Overage),
];
pub const OVER: Words<Over> = &[("attainment", Over::Attainment), ("value", Over::Value)];
pub const INTERPOLATION: Words<Interpolation> = &[
    ("linear", Interpolation::Linear),
    ("step", Interpolation::Step),
];
pub const SPLIT: Words<Split> = &[("equal", Split::Equal), ("days", Split::Days)];

pub const LOCALE: Words<Locale> = &[
    ("en-US", Locale::EnUs),
    ("en-GB", Locale::EnGb),
    ("fr-FR", Locale::FrFr),
];
pub const BEYOND: Words<Beyond> = &[("flat", Beyond::Flat), ("extend", Beyond::Extend)];

pub const ROUNDING: Words<Rounding> = &[
    ("half-away-from-zero", Rounding::HalfAwayFromZero),
    ("half-even", Rounding::HalfEven),
    ("down", Rounding::Down),
    ("up", Rounding::Up),
];
pub const FIELD_TYPE: Words<FieldType> = &[
    ("text", FieldType::Text),
    ("decimal", FieldType::Decimal),
    ("date", FieldType::Date),
];

/// The words of a list, for a schema.
pub fn names<T>(words: Words<T>) -> Vec<&'static str> {
    words.iter().map(|(n, _)| *n).collect()
}
