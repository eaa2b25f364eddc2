//! Record sources (deals, meetings, ...) read into columns: one vector per mapped field, text interned.
//! Reading goes through one reused `ByteRecord` and parses only the mapped columns.

use super::read_ahead::ReadAhead;
use super::{CsvInput, Errors, Interner, Sym};
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

/// A field's value mapping as (raw bytes, mapped value) pairs: a handful, scanned in order.
type ValueMap<'a> = Vec<(&'a [u8], &'a str)>;

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
    /// Record ids, apart: they are nearly all distinct, and the other fields' symbols stay few.
    pub ids: Interner,
    pub rows_read: u64,
    pub filtered_out: u64,
    pub outside_window: u64,
    pub duplicates: Vec<Duplicate>,
    /// Raw values of value-mapped fields that the mapping does not name: (field, value, rows, first line).
    /// They pass through unchanged, which is usually a typo or a new CRM value.
    pub unmapped: Vec<(String, String, u64, u64)>,
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
        RecordTable {
            source: self.source.clone(),
            file: self.file.clone(),
            fields: self.fields.clone(),
            id_field: self.id_field,
            columns: self
                .columns
                .iter()
                .map(|c| match c {
                    Column::Text(_) => Column::Text(Vec::new()),
                    Column::Decimal(_) => Column::Decimal(Vec::new()),
                    Column::Date(_) => Column::Date(Vec::new()),
                })
                .collect(),
            lines: Vec::new(),
            symbols: Interner::default(),
            ids: Interner::default(),
            rows_read: 0,
            filtered_out: 0,
            outside_window: 0,
            duplicates: Vec::new(),
            unmapped: Vec::new(),
            parts: Vec::new(),
            tenure: None,
            converted: Vec::new(),
        }
    }

    /// Reads a record source. `needed` says which fields to parse and keep (by the source's field
    /// order); the others are only checked to exist. Rows are read only as far as their bucket of the
    /// reconciliation needs: filters, then id (duplicates), then dates (the window), then the rest.
    pub fn load(source: &Source, window: Window, needed: &[bool]) -> Result<RecordTable, Invalid> {
        let input = CsvInput::open(source)?;
        let mut symbols = Interner::default();
        let mut ids = Interner::default();
        let field = |name: &str| source.field(name).map(|(i, _)| i).expect("checked: mapped");
        let (id_field, payee_field, date_field) = (field("id"), field("payee"), field("date"));
        let needed: Vec<bool> = (0..source.fields.len())
            .map(|i| {
                needed.get(i).copied().unwrap_or(true)
                    || [id_field, payee_field, date_field].contains(&i)
            })
            .collect();
        let mut columns: Vec<Column> = source
            .fields
            .iter()
            .map(|f| match f.ty {
                FieldType::Text => Column::Text(Vec::new()),
                FieldType::Decimal => Column::Decimal(Vec::new()),
                FieldType::Date => Column::Date(Vec::new()),
            })
            .collect();
        // value maps as byte pairs: a handful of entries, scanned without hashing or UTF-8 checks
        let value_maps: Vec<Option<ValueMap>> = source
            .fields
            .iter()
            .map(|f| {
                source
                    .values
                    .get(&f.name)
                    .map(|m| m.iter().map(|(k, v)| (k.as_bytes(), v.as_str())).collect())
            })
            .collect();
        let mapped = |i: usize, raw: &'_ [u8]| -> Option<&str> {
            value_maps[i]
                .as_ref()
                .and_then(|m| m.iter().find(|(k, _)| *k == raw).map(|(_, v)| *v))
        };
        let filters: Vec<(usize, Vec<&[u8]>, bool)> = source
            .filters
            .iter()
            .filter_map(|f| {
                source
                    .field(&f.field)
                    .map(|(i, _)| (i, f.values.iter().map(|v| v.as_bytes()).collect(), f.keep))
            })
            .collect();

        let mut table = RecordTable {
            source: source.name.clone(),
            file: source.file.clone(),
            fields: source.fields.iter().map(|f| f.name.clone()).collect(),
            id_field,
            columns: Vec::new(),
            lines: Vec::new(),
            symbols: Interner::default(),
            ids: Interner::default(),
            rows_read: 0,
            filtered_out: 0,
            outside_window: 0,
            duplicates: Vec::new(),
            unmapped: Vec::new(),
            parts: Vec::new(),
            tenure: None,
            converted: Vec::new(),
        };
        let split_field = source
            .field("split")
            .filter(|(_, f)| f.ty == FieldType::Text)
            .map(|(i, _)| i);
        let payee_column = payee_field;
        // per value-mapped field: raw values the mapping misses -> (rows, first line)
        let mut unmapped: HashMap<usize, HashMap<String, (u64, u64)>> = HashMap::new();
        // per id symbol: the line it was first seen on
        let mut first_seen: Vec<u64> = Vec::new();
        let mut errors = Errors::new();
        // one row's typed cells, reused
        let mut texts: Vec<Sym> = vec![0; source.fields.len()];
        let mut decimals: Vec<Option<Decimal>> = vec![None; source.fields.len()];
        let mut dates: Vec<Option<NaiveDate>> = vec![None; source.fields.len()];
        let date_fields: Vec<usize> = (0..source.fields.len())
            .filter(|&i| needed[i] && source.fields[i].ty == FieldType::Date)
            .collect();

        // csv parsing runs on its own thread, handing over batches of records: it is as much work as
        // everything else a row needs, so the two halves use both cores
        let mut batches = ReadAhead::start(source);
        'rows: while let Some(batch) = batches.next_batch() {
            let records = match batch {
                Ok(records) => records,
                Err(d) => {
                    errors.push(d);
                    break;
                }
            };
            for record in records.iter() {
                table.rows_read += 1;
                let line = record.position().map_or(0, |p| p.line());

                let keep = filters.iter().all(|(i, values, keep_if_found)| {
                    let raw = input.raw(record, *i);
                    let v = mapped(*i, raw).map_or(raw, str::as_bytes);
                    values.contains(&v) == *keep_if_found
                });
                if !keep {
                    table.filtered_out += 1;
                    continue;
                }

                let id = match input.text(record, id_field) {
                    Ok("") => Err(input.bad_cell(record, id_field, "an empty required value")),
                    Ok(t) => Ok(ids.intern_new(t)),
                    Err(d) => Err(d),
                };
                let id = match id {
                    Ok((id, true)) => {
                        first_seen.push(line);
                        id
                    }
                    Ok((id, false)) => {
                        table.duplicates.push(Duplicate {
                            id: ids.resolve(id).to_string(),
                            line,
                            first_line: first_seen[id as usize],
                        });
                        continue;
                    }
                    Err(d) => {
                        if errors.push(d) {
                            break 'rows;
                        }
                        continue;
                    }
                };

                let mut failed = false;
                for &i in &date_fields {
                    match input.date(record, i) {
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
                    break 'rows;
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
                    if !needed[i] {
                        continue;
                    }
                    let r = match f.ty {
                        FieldType::Date => continue,
                        FieldType::Decimal => input.decimal(record, i).map(|d| decimals[i] = d),
                        FieldType::Text if i == id_field => {
                            texts[i] = id;
                            continue;
                        }
                        FieldType::Text => input.text(record, i).and_then(|raw| {
                            let t = match (&value_maps[i], mapped(i, raw.as_bytes())) {
                                (_, Some(v)) => v,
                                (None, None) => raw,
                                (Some(_), None) => {
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
                            };
                            if t.is_empty() && f.required {
                                return Err(input.bad_cell(record, i, "an empty required value"));
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
                    break 'rows;
                }
                if failed {
                    continue;
                }
                // a split row is kept once per payee, with its share of every decimal field
                let shares = match split_field {
                    Some(f) if !symbols.resolve(texts[f]).is_empty() => {
                        match parse_split(symbols.resolve(texts[f])) {
                            Ok(parts) => parts,
                            Err(problem) => {
                                let d = input.bad_cell(record, f, &problem).hint(
                                    "write each payee with a percentage, e.g. \"ae-01:60%|ae-02:40%\"; shares sum to 100%",
                                );
                                if errors.push(d) {
                                    break 'rows;
                                }
                                continue;
                            }
                        }
                    }
                    _ => Vec::new(),
                };
                // only a split row copies its decimals: the common path allocates nothing
                let whole = (!shares.is_empty()).then(|| decimals.clone());
                let n_parts = shares.len().max(1);
                for part in 0..n_parts {
                    if let (Some((payee, share)), Some(whole)) = (shares.get(part), &whole) {
                        texts[payee_column] = symbols.intern(payee);
                        for (i, d) in decimals.iter_mut().enumerate() {
                            *d = whole[i].map(|v| v * share);
                        }
                    }
                    for (i, col) in columns.iter_mut().enumerate() {
                        if !needed[i] {
                            continue;
                        }
                        match col {
                            Column::Text(v) => v.push(texts[i]),
                            Column::Decimal(v) => v.push(decimals[i]),
                            Column::Date(v) => v.push(dates[i]),
                        }
                    }
                    table.lines.push(line);
                    if split_field.is_some() {
                        table.parts.push(part.min(255) as u8);
                    }
                }
            }
            // give the buffers back for the reader to fill again
            batches.recycle(records);
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
        if let Some(t) = &source.tenure {
            let customer = source.field("customer").map(|(i, _)| i);
            let kind = source.field(&t.field).map(|(i, _)| i);
            if let (Some(c), Some(k)) = (customer, kind) {
                let syms = t.values.iter().filter_map(|v| symbols.get(v)).collect();
                table.tenure = Some((c, k, syms, t.months));
            }
        }
        table.symbols = symbols;
        table.ids = ids;
        errors.finish(table)
    }
}

/// Reads a split cell, `ae-01:60%|ae-02:40%` (`;` also separates; the `%` may be left out): the
/// payees and their shares as fractions, which must sum to exactly 100%.
pub fn parse_split(text: &str) -> Result<Vec<(String, Decimal)>, String> {
    let mut parts: Vec<(String, Decimal)> = Vec::new();
    for entry in text
        .split(['|', ';'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let Some((payee, share)) = entry.rsplit_once(':') else {
            return Err(format!("a split entry without a share (`{entry}`)"));
        };
        let share = share.trim().trim_end_matches('%').trim();
        let Some(pct) = crate::num::parse_plain(share)
            .filter(|p| *p > Decimal::ZERO && *p <= Decimal::ONE_HUNDRED)
        else {
            return Err(format!(
                "a split share that is not a positive percentage (`{entry}`)"
            ));
        };
        let payee = payee.trim();
        if parts.iter().any(|(p, _)| p == payee) {
            return Err(format!("a split naming {payee} twice"));
        }
        parts.push((payee.to_string(), pct / Decimal::ONE_HUNDRED));
    }
    let total: Decimal = parts.iter().map(|(_, s)| *s).sum();
    if total != Decimal::ONE {
        return Err(format!(
            "split shares that sum to {}%, not 100%",
            (total * Decimal::ONE_HUNDRED).normalize()
        ));
    }
    Ok(parts)
}
