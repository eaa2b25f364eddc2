//! Record sources (deals, meetings, ...) read into columns: one vector per mapped field, text interned.
//! Reading goes through one reused `ByteRecord` and parses only the mapped columns.

use super::{csv_error, CsvInput, Errors, Interner, Sym};
use crate::diag::Invalid;
use crate::workspace::{FieldType, Source};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;

/// The dates whose records are kept; records outside are only counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Window {
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
    pub columns: Vec<Column>,
    /// The file line of each kept record.
    pub lines: Vec<u64>,
    pub symbols: Interner,
    pub rows_read: u64,
    pub filtered_out: u64,
    pub outside_window: u64,
    pub duplicates: Vec<Duplicate>,
    /// Raw values of value-mapped fields that the mapping does not name: (field, value, rows, first line).
    /// They pass through unchanged, which is usually a typo or a new CRM value.
    pub unmapped: Vec<(String, String, u64, u64)>,
}

impl RecordTable {
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
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

    pub fn load(source: &Source, window: Window) -> Result<RecordTable, Invalid> {
        let mut input = CsvInput::open(source)?;
        let mut symbols = Interner::default();
        let mut columns: Vec<Column> = source
            .fields
            .iter()
            .map(|f| match f.ty {
                FieldType::Text => Column::Text(Vec::new()),
                FieldType::Decimal => Column::Decimal(Vec::new()),
                FieldType::Date => Column::Date(Vec::new()),
            })
            .collect();
        let id_field = source
            .field("id")
            .map(|(i, _)| i)
            .expect("checked: id is mapped");
        let value_maps: Vec<Option<&HashMap<String, String>>> = source
            .fields
            .iter()
            .map(|f| source.values.get(&f.name))
            .collect();
        let filters: Vec<(usize, &[String], bool)> = source
            .filters
            .iter()
            .filter_map(|f| {
                source
                    .field(&f.field)
                    .map(|(i, _)| (i, f.values.as_slice(), f.keep))
            })
            .collect();

        let mut table = RecordTable {
            source: source.name.clone(),
            file: source.file.clone(),
            fields: source.fields.iter().map(|f| f.name.clone()).collect(),
            columns: Vec::new(),
            lines: Vec::new(),
            symbols: Interner::default(),
            rows_read: 0,
            filtered_out: 0,
            outside_window: 0,
            duplicates: Vec::new(),
            unmapped: Vec::new(),
        };
        let mut unmapped: HashMap<(usize, String), (u64, u64)> = HashMap::new();
        let mut seen_ids: HashMap<Sym, u64> = HashMap::new();
        let mut errors = Errors::new();
        let mut record = csv::ByteRecord::new();
        // one row's typed cells, reused
        let mut texts: Vec<Sym> = vec![0; source.fields.len()];
        let mut decimals: Vec<Option<Decimal>> = vec![None; source.fields.len()];
        let mut dates: Vec<Option<NaiveDate>> = vec![None; source.fields.len()];

        loop {
            match input.reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    errors.push(csv_error(&source.file, e));
                    break;
                }
            }
            table.rows_read += 1;
            let line = record.position().map_or(0, |p| p.line());

            // text fields first: filters decide whether the rest of the row is read at all
            let mut bad = false;
            for (i, f) in source.fields.iter().enumerate() {
                if f.ty != FieldType::Text {
                    continue;
                }
                match input.text(&record, i) {
                    Ok(t) => {
                        let t = match value_maps[i] {
                            None => t,
                            Some(m) => match m.get(t) {
                                Some(mapped) => mapped.as_str(),
                                None => {
                                    if !t.is_empty() {
                                        let line = record.position().map_or(0, |p| p.line());
                                        unmapped
                                            .entry((i, t.to_string()))
                                            .or_insert((0, line))
                                            .0 += 1;
                                    }
                                    t
                                }
                            },
                        };
                        texts[i] = symbols.intern(t);
                        if t.is_empty() && f.required {
                            bad = true;
                            if errors.push(input.bad_cell(&record, i, "an empty required value")) {
                                break;
                            }
                        }
                    }
                    Err(d) => {
                        bad = true;
                        if errors.push(d) {
                            break;
                        }
                    }
                }
            }
            if errors.diags.len() >= Errors::LIMIT {
                break;
            }
            if bad {
                continue;
            }
            let keep = filters.iter().all(|(i, values, keep)| {
                let v = symbols.resolve(texts[*i]);
                values.iter().any(|x| x == v) == *keep
            });
            if !keep {
                table.filtered_out += 1;
                continue;
            }
            for (i, f) in source.fields.iter().enumerate() {
                let r = match f.ty {
                    FieldType::Text => continue,
                    FieldType::Decimal => input.decimal(&record, i).map(|d| decimals[i] = d),
                    FieldType::Date => input.date(&record, i).map(|d| dates[i] = d),
                };
                if let Err(d) = r {
                    bad = true;
                    if errors.push(d) {
                        break;
                    }
                }
            }
            if errors.diags.len() >= Errors::LIMIT {
                break;
            }
            if bad {
                continue;
            }
            let id = texts[id_field];
            if let Some(&first_line) = seen_ids.get(&id) {
                table.duplicates.push(super::records::Duplicate {
                    id: symbols.resolve(id).to_string(),
                    line,
                    first_line,
                });
                continue;
            }
            seen_ids.insert(id, line);
            let in_window = source.fields.iter().enumerate().any(|(i, f)| {
                f.ty == FieldType::Date && dates[i].is_some_and(|d| window.contains(d))
            });
            if !in_window {
                table.outside_window += 1;
                continue;
            }
            for (i, col) in columns.iter_mut().enumerate() {
                match col {
                    Column::Text(v) => v.push(texts[i]),
                    Column::Decimal(v) => v.push(decimals[i]),
                    Column::Date(v) => v.push(dates[i]),
                }
            }
            table.lines.push(line);
        }
        let mut unmapped: Vec<(String, String, u64, u64)> = unmapped
            .into_iter()
            .map(|((i, v), (n, line))| (source.fields[i].name.clone(), v, n, line))
            .collect();
        unmapped.sort();
        table.unmapped = unmapped;
        table.columns = columns;
        table.symbols = symbols;
        errors.finish(table)
    }
}
