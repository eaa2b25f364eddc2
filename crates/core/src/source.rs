//! Data sources as comp.toml declares them: a file, its CSV conventions and the mapping of its
//! columns to the fields plans read.

use crate::diag::Location;
use crate::num::NumberFormat;
use std::collections::HashMap;
use std::path::PathBuf;

/// Records of some kinds credited by customer tenure: the acquiring AE inside the customer's first
/// `months` months (counted from its start date), its CSM afterwards.
#[derive(Debug, Clone)]
pub struct Tenure {
    pub field: String,
    pub values: Vec<String>,
    pub months: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Decimal,
    Date,
}

impl FieldType {
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Decimal => "decimal",
            FieldType::Date => "date",
        }
    }
}

/// One field of a source: its name in plans, the CSV header that holds it, and its type.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub header: String,
    pub ty: FieldType,
    pub required: bool,
    /// Whether comp.toml maps it explicitly (then the column must exist, even for an optional field).
    pub mapped: bool,
    /// Where comp.toml maps it (or the source's table, for a default header).
    pub loc: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Records,
    Roster,
    Quotas,
    /// Customer-success data (issue 3): accounts, MRR movements, surveys, onboardings.
    Customers,
    Mrr,
    /// MRR per customer at dates: movements are the differences between snapshots.
    MrrSnapshots,
    Surveys,
    Onboarding,
    /// Dated FX rates: converts records in other currencies into the workspace's.
    Fx,
}

impl SourceKind {
    /// The customer-success sources, read whole (a KPI's start MRR needs every earlier movement).
    pub fn is_customer_data(self) -> bool {
        matches!(
            self,
            SourceKind::Customers
                | SourceKind::Mrr
                | SourceKind::MrrSnapshots
                | SourceKind::Surveys
                | SourceKind::Onboarding
        )
    }
}

#[derive(Debug, Clone)]
pub struct CsvFormat {
    pub delimiter: u8,
    pub number: NumberFormat,
    pub date_format: String,
    pub encoding: Encoding,
}

/// The character encoding of a source's file (`encoding` in comp.toml). Files are read as UTF-8
/// unless the source says otherwise; the others are decoded to UTF-8 before reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    /// Excel's "CSV (séparateur : point-virgule)" in France and Western Europe.
    Windows1252,
    /// ISO-8859-1, read as windows-1252 (its superset for every printable character).
    Latin1,
    /// UTF-16 with a byte-order mark (little- or big-endian), as some tools write "Unicode text".
    Utf16,
}

impl Encoding {
    /// The names comp.toml takes.
    pub const NAMES: &'static [(&'static str, Encoding)] = &[
        ("utf-8", Encoding::Utf8),
        ("windows-1252", Encoding::Windows1252),
        ("latin-1", Encoding::Latin1),
        ("utf-16", Encoding::Utf16),
    ];
}

/// A CSV source with its column mapping.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub kind: SourceKind,
    pub file: PathBuf,
    pub format: CsvFormat,
    pub fields: Vec<Field>,
    /// field -> its value mapping
    pub values: HashMap<String, ValueMap>,
    pub filters: Vec<Filter>,
    pub tenure: Option<Tenure>,
    pub loc: Location,
    /// Where comp.toml names the file.
    pub file_loc: Location,
}

impl Source {
    pub fn field(&self, name: &str) -> Option<(usize, &Field)> {
        self.fields.iter().enumerate().find(|(_, f)| f.name == name)
    }

    /// The value mapping of a field, if it has one.
    pub fn map_of(&self, field: &str) -> Option<&ValueMap> {
        self.values.get(field)
    }

    /// Whether a cell of `field` can hold `value` once read: any value, unless the field has a
    /// value mapping, which gives only its own values (a filter on another never matches).
    pub fn can_hold(&self, field: &str, value: &str) -> bool {
        self.map_of(field).is_none_or(|m| m.gives(value))
    }
}

/// A text field's value mapping (`values.stage = { "Gagnée" = "won", ... }`): the raw values it
/// names, and what every other value becomes when it says so (`"*" = "other"`). Without that
/// catch-all, a value the mapping does not name is an error at its cell: a typo (`Gagnee`) must
/// never read as a value no filter keeps (rule 23).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueMap {
    /// Raw value -> the value plans use. The empty cell is a raw value like any other (`""`).
    pub values: HashMap<String, String>,
    /// What a raw value the mapping does not name becomes (`"*"`), if the mapping says.
    pub other: Option<String>,
    /// Where comp.toml writes the mapping.
    pub loc: Location,
}

impl ValueMap {
    /// The key of the catch-all entry.
    pub const OTHER: &'static str = "*";

    /// The value a raw cell becomes, or None when the mapping does not name it and has no catch-all.
    pub fn get(&self, raw: &str) -> Option<&str> {
        self.values
            .get(raw)
            .or(self.other.as_ref())
            .map(String::as_str)
    }

    /// Whether some raw value becomes `value`.
    pub fn gives(&self, value: &str) -> bool {
        self.values.values().any(|v| v == value) || self.other.as_deref() == Some(value)
    }

    /// The values it gives, sorted, each once.
    pub fn outputs(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.values.values().map(String::as_str).collect();
        out.extend(self.other.as_deref());
        out.sort_unstable();
        out.dedup();
        out
    }

    /// What to say about a filter on `value` of `field`, which the mapping never gives: the
    /// closest value it gives, and all of them.
    pub fn unreachable_hint(&self, field: &str, value: &str) -> String {
        let outputs = self.outputs();
        // a raw value written where its mapped value belongs says which that is
        let guess = match self.values.get(value) {
            Some(mapped) => {
                format!("did you mean `{mapped}`? `{value}` is a raw value, mapped to `{mapped}`; ")
            }
            None => match crate::toml_input::closest(value, outputs.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            },
        };
        let all: Vec<String> = outputs.iter().map(|o| format!("`{o}`")).collect();
        format!(
            "{guess}values.{field} gives {}: cells are compared once mapped",
            all.join(", ")
        )
    }

    /// The raw values it names, sorted.
    pub fn raw_values(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.values.keys().map(String::as_str).collect();
        out.sort_unstable();
        out
    }
}

/// Keep (or, with `keep = false`, drop) records whose text field is one of `values`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: String,
    pub values: Vec<String>,
    pub keep: bool,
}
