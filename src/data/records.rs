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
        // per value-mapped field: raw values the mapping misses -> (rows, first line)
        let mut unmapped: HashMap<usize, HashMap<String, (u64, u64)>> = HashMap::new();
        // per id symbol: the line it was first seen on (0: not yet)
        let mut first_seen: Vec<u64> = Vec::new();
        let mut errors = Errors::new();
        let mut record = csv::ByteRecord::new();
        // one row's typed cells, reused
        let mut texts: Vec<Sym> = vec![0; source.fields.len()];
        let mut decimals: Vec<Option<Decimal>> = vec![None; source.fields.len()];
        let mut dates: Vec<Option<NaiveDate>> = vec![None; source.fields.len()];
        let date_fields: Vec<usize> = (0..source.fields.len())
            .filter(|&i| source.fields[i].ty == FieldType::Date)
            .collect();

        // A row is read in the order of the reconciliation's buckets, so that a row is only parsed as
        // far as it needs to be: filters (text only), id (duplicates), dates (period), then the rest.
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

            let mut keep = true;
            let mut bad = None;
            for (i, values, keep_if_found) in &filters {
                match input.text(&record, *i) {
                    Ok(raw) => {
                        let v = value_maps[*i]
                            .and_then(|m| m.get(raw))
                            .map_or(raw, String::as_str);
                        if values.iter().any(|x| x == v) != *keep_if_found {
                            keep = false;
                            break;
                        }
                    }
                    Err(d) => {
                        bad = Some(d);
                        break;
                    }
                }
            }
            if let Some(d) = bad {
                if errors.push(d) {
                    break;
                }
                continue;
            }
            if !keep {
                table.filtered_out += 1;
                continue;
            }

            let id = match input.text(&record, id_field) {
                Ok("") => Err(input.bad_cell(&record, id_field, "an empty required value")),
                Ok(t) => Ok(symbols.intern(t)),
                Err(d) => Err(d),
            };
            let id = match id {
                Ok(id) => id,
                Err(d) => {
                    if errors.push(d) {
                        break;
                    }
                    continue;
                }
            };
            if first_seen.len() <= id as usize {
                first_seen.resize(id as usize + 1, 0);
            }
            if first_seen[id as usize] != 0 {
                table.duplicates.push(Duplicate {
                    id: symbols.resolve(id).to_string(),
                    line,
                    first_line: first_seen[id as usize],
                });
                continue;
            }
            first_seen[id as usize] = line;

            let mut failed = false;
            for &i in &date_fields {
                match input.date(&record, i) {
                    Ok(d) => dates[i] = d,
                    Err(d) => {
                        failed = true;
                        if errors.push(d) {
                            break;
                        }
                    }
                }
            }
            if errors.diags.len() >= Errors::LIMIT {
                break;
            }
            if failed {
                continue;
            }
            if !date_fields
                .iter()
                .any(|&i| dates[i].is_some_and(|d| window.contains(d)))
            {
                table.outside_window += 1;
                continue;
            }

            for (i, f) in source.fields.iter().enumerate() {
                let r = match f.ty {
                    FieldType::Date => continue,
                    FieldType::Decimal => input.decimal(&record, i).map(|d| decimals[i] = d),
                    FieldType::Text if i == id_field => {
                        texts[i] = id;
                        continue;
                    }
                    FieldType::Text => input.text(&record, i).and_then(|raw| {
                        let t = match value_maps[i] {
                            None => raw,
                            Some(m) => match m.get(raw) {
                                Some(v) => v.as_str(),
                                None => {
                                    if !raw.is_empty() {
                                        let seen = unmapped.entry(i).or_default();
                                        match seen.get_mut(raw) {
                                            Some(e) => e.0 += 1,
                                            None => {
                                                seen.insert(raw.to_string(), (1, line));
                                            }
                                        }
                                    }
                                    raw
                                }
                            },
                        };
                        if t.is_empty() && f.required {
                            return Err(input.bad_cell(&record, i, "an empty required value"));
                        }
                        texts[i] = symbols.intern(t);
                        Ok(())
                    }),
                };
                if let Err(d) = r {
                    failed = true;
                    if errors.push(d) {
                        break;
                    }
                }
            }
            if errors.diags.len() >= Errors::LIMIT {
                break;
            }
            if failed {
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
            .flat_map(|(i, values)| {
                let name = source.fields[i].name.clone();
                values
                    .into_iter()
                    .map(move |(v, (n, line))| (name.clone(), v, n, line))
            })
            .collect();
        unmapped.sort();
        table.unmapped = unmapped;
        table.columns = columns;
        table.symbols = symbols;
        errors.finish(table)
    }
}
