//! Types that exist for the JSON Schema only (`comp schema`): the word lists of plan and workspace
//! keys as enums, so editors complete them. The raw serde types of
//! plans and workspaces name them in `#[schemars(with = ...)]`; `crate::schema` derives the schemas.

use super::words as w;

// The fixed words of plan files, each type listing exactly the words the checker accepts
// (`plan::words`).

/// A schema type for a key whose value is one of a word list (`plan::words::Words`): a string
/// enum of exactly the list's words. Scenario files use it too (`whatif::schema_words`).
macro_rules! word_type {
    ($name:ident, $list:expr, $doc:literal) => {
        #[doc = $doc]
        pub struct $name;

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "enum": $crate::plan::words::names($list)
                })
            }
        }
    };
}
pub(crate) use word_type;

word_type!(Frequency, w::FREQUENCY, "How often a plan pays.");
word_type!(
    PlanBasis,
    w::PLAN_BASIS,
    "Each period alone, or year to date."
);
word_type!(Negative, w::NEGATIVE, "What a negative total does.");
word_type!(Unit, w::UNIT, "What a measure's values are.");
word_type!(Per, w::PER, "Paid per record or per period.");
word_type!(
    Position,
    w::POSITION,
    "Where a record falls in a rate table paid per record."
);
word_type!(
    ClawsBack,
    w::CLAWS_BACK,
    "What a clawback takes back of a record a minimum raised."
);
word_type!(Basis, w::BASIS, "What a rate table's bounds are in.");
word_type!(Mode, w::MODE, "How a rate table pays across bands.");
word_type!(Over, w::OVER, "What a curve's x is.");
word_type!(Interpolation, w::INTERPOLATION, "Between curve points.");
word_type!(Split, w::SPLIT, "How a pool is shared among its members.");
word_type!(Beyond, w::BEYOND, "After a curve's last point.");
word_type!(
    Rounding,
    w::ROUNDING,
    "How amounts are rounded to the minor unit."
);
word_type!(FieldType, w::FIELD_TYPE, "The type of a source's field.");
word_type!(
    Locale,
    w::LOCALE,
    "The language and number style of statements and explain."
);
