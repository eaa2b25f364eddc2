//! JSON Schemas of the files users write (`comp schema`), derived from the serde types that read
//! them (`plan::raw`, the workspace's raw types, `expect`, `whatif::scenario`), so the schema
//! cannot drift from the parser.
//! Editors use them to complete and check keys (Even Better TOML / taplo: see docs/format.md).

use schemars::Schema;

/// The files comp reads, by the name `comp schema` takes.
pub const KINDS: [&str; 4] = ["plan", "workspace", "expect", "scenario"];

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
        "scenario" => (
            crate::whatif::scenario::json_schema(),
            "comp what-if scenario (comp whatif --scenario)",
        ),
        _ => return None,
    };
    schema.insert("title".into(), title.into());
    Some(schema)
}
