//! JSON Schemas of the files users write (`comp schema`), derived from the serde types that read
//! them (`plan::raw`, the workspace's raw types, `expect`), so the schema cannot drift from the parser.
//! Editors use them to complete and check keys (Even Better TOML / taplo: see docs/format.md).

use crate::num::Lit;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// A number as plans write it: `8`, `0.08` or a string such as `"8%"` or `"1234.56"`.
impl JsonSchema for Lit {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number (8, 0.08) or a string (\"8%\", \"1234.56\")",
            "type": ["number", "string"]
        })
    }
}

/// The files comp reads, by the name `comp schema` takes.
pub const KINDS: [&str; 3] = ["plan", "workspace", "expect"];

/// The schema of one kind of file, with a title and an id editors can show.
pub fn for_kind(kind: &str) -> Option<Schema> {
    let (mut schema, title) = match kind {
        "plan" => (
            schemars::schema_for!(crate::plan::raw::RawPlan),
            "comp plan file",
        ),
        "workspace" => (
            crate::workspace::json_schema(),
            "comp workspace (comp.toml)",
        ),
        "expect" => (
            schemars::schema_for!(crate::expect::RawExpectFile),
            "comp expectation file (expect/*.toml)",
        ),
        _ => return None,
    };
    schema.insert("title".into(), title.into());
    Some(schema)
}

/// Schema-only types for the fixed words of plan files, each listing exactly the words the checker
/// accepts (`plan::words`).
pub mod words {
    use crate::plan::words as w;
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    macro_rules! word_type {
        ($name:ident, $list:expr, $doc:literal) => {
            #[doc = $doc]
            pub struct $name;

            impl JsonSchema for $name {
                fn schema_name() -> Cow<'static, str> {
                    stringify!($name).into()
                }

                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    json_schema!({ "type": "string", "enum": w::names($list) })
                }
            }
        };
    }

    word_type!(Frequency, w::FREQUENCY, "How often a plan pays.");
    word_type!(
        PlanBasis,
        w::PLAN_BASIS,
        "Each period alone, or year to date."
    );
    word_type!(Negative, w::NEGATIVE, "What a negative total does.");
    word_type!(Unit, w::UNIT, "What a measure's values are.");
    word_type!(Per, w::PER, "Paid per record or per period.");
    word_type!(Basis, w::BASIS, "What a rate table's bounds are in.");
    word_type!(Mode, w::MODE, "How a rate table pays across bands.");
    word_type!(Over, w::OVER, "What a curve's x is.");
    word_type!(Interpolation, w::INTERPOLATION, "Between curve points.");
    word_type!(Beyond, w::BEYOND, "After a curve's last point.");
    word_type!(
        Rounding,
        w::ROUNDING,
        "How amounts are rounded to the minor unit."
    );
    word_type!(FieldType, w::FIELD_TYPE, "The type of a source's field.");
}
