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
}

/// Where a spreadsheet source's rows are: a sheet (None: the first) under a header row (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: Option<String>,
    pub header_row: u32,
}

/// Whether a file is a spreadsheet comp reads (by its extension): .xlsx, .xlsm, .xls, .ods.
pub fn is_spreadsheet(file: &std::path::Path) -> bool {
    file.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// A source (CSV or a spreadsheet's sheet) with its column mapping.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub kind: SourceKind,
    pub file: PathBuf,
    /// For a spreadsheet file: the sheet and header row to read.
    pub sheet: Option<Sheet>,
    pub format: CsvFormat,
    pub fields: Vec<Field>,
    /// field -> raw value -> mapped value
    pub values: HashMap<String, HashMap<String, String>>,
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
}

/// Keep (or, with `keep = false`, drop) records whose text field is one of `values`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: String,
    pub values: Vec<String>,
    pub keep: bool,
}
