//! Record sources (deals, meetings, ...) read into columns: one vector per mapped field, text interned.
//! Reading goes through one reused `ByteRecord` and parses only the mapped columns.

use super::{Interner, Sym, Texts};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// The dates whose records are kept; records outside are only counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Window {
    /// Every date: what `comp check` reads, every row whole (the rows a filter drops and repeated
    /// ids included), so a cell comp cannot read is an error wherever it is.
    pub const ALL: Window = Window {
        start: NaiveDate::MIN,
        end: NaiveDate::MAX,
    };

    pub fn is_all(&self) -> bool {
        *self == Window::ALL
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end
    }
}

#[derive(Debug, Clone)]
pub enum Column {
    Text(Vec<Sym>),
    Decimal(Vec<Option<Decimal>>),
    Date(Vec<Option<NaiveDate>>),
}

/// A record whose id was seen before: it is excluded, and both lines are reported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Duplicate {
    pub id: String,
    pub line: u64,
    pub first_line: u64,
}

#[derive(Debug, Clone)]
pub struct RecordTable {
    pub source: String,
    pub file: PathBuf,
    /// Field names, in the order of `columns`.
    pub fields: Vec<String>,
    pub id_field: usize,
    pub columns: Vec<Column>,
    /// The file line of each kept record.
    pub lines: Vec<u64>,
    /// Text values of the fields other than `id`.
    pub symbols: Interner,
    /// The ids of the kept records, apart from other text: they are distinct, so they are only
    /// stored (the id column names an entry here), never hashed.
    pub ids: Texts,
    pub rows_read: u64,
    pub filtered_out: u64,
    pub outside_window: u64,
    pub duplicates: Vec<Duplicate>,
    /// With a `split` field: for each kept row, its part of the split (0 for the first payee, or an
    /// unsplit row). Empty without a split field. A split row is kept once per payee, each with its
    /// share of the decimal fields, and counts once in the reconciliation.
    pub parts: Vec<u8>,
    /// Crediting by tenure: (customer field, field, symbols of its attributed values, months).
    pub tenure: Option<(usize, usize, Vec<Sym>, u32)>,
    /// With a `currency` field: what each converted record was in its own currency (None: in the
    /// workspace's currency). Empty without conversions.
    pub converted: Vec<Option<super::fx::Converted>>,
}

impl RecordTable {
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The id of a kept record.
    pub fn id(&self, row: u32) -> &str {
        self.ids.resolve(self.text(self.id_field)[row as usize])
    }

    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f == name)
    }

    pub fn text(&self, field: usize) -> &[Sym] {
        match &self.columns[field] {
            Column::Text(v) => v,
            _ => panic!("field {} is not text", self.fields[field]),
        }
    }

    pub fn dates(&self, field: usize) -> &[Option<NaiveDate>] {
        match &self.columns[field] {
            Column::Date(v) => v,
            _ => panic!("field {} is not a date", self.fields[field]),
        }
    }

    pub fn decimals(&self, field: usize) -> &[Option<Decimal>] {
        match &self.columns[field] {
            Column::Decimal(v) => v,
            _ => panic!("field {} is not a decimal", self.fields[field]),
        }
    }

    /// A table of the same source and fields, with no rows (what-if fills such tables with
    /// synthetic records).
    pub fn empty_like(&self) -> RecordTable {
        let columns = self
            .columns
            .iter()
            .map(|c| match c {
                Column::Text(_) => Column::Text(Vec::new()),
                Column::Decimal(_) => Column::Decimal(Vec::new()),
                Column::Date(_) => Column::Date(Vec::new()),
            })
            .collect();
        let names = (self.source.clone(), self.file.clone(), self.fields.clone());
        RecordTable::empty(names, self.id_field, columns)
    }

    /// A table with no rows: (source, file, field names), the id field and empty columns.
    pub fn empty(
        (source, file, fields): (String, PathBuf, Vec<String>),
        id_field: usize,
        columns: Vec<Column>,
    ) -> RecordTable {
        RecordTable {
            source,
            file,
            fields,
            id_field,
            columns,
            lines: Vec::new(),
            symbols: Interner::default(),
            ids: Texts::default(),
            rows_read: 0,
            filtered_out: 0,
            outside_window: 0,
            duplicates: Vec::new(),
            parts: Vec::new(),
            tenure: None,
            converted: Vec::new(),
        }
    }
}
