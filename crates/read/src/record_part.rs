//! One chunk's rows of a record source, read into columns of their own: what each thread of a load
//! builds before the parts are joined (`crate::records::load`).
//!
//! A row is read only as far as its bucket of the reconciliation needs: filters, then id (duplicates
//! within the part), then dates (the window), then the rest. Lines are the part's own numbering.

use crate::cells::Cells;
use crate::chunks::Flow;
use crate::csv_input::{CsvInput, Mapped};
use crate::errors::Errors;
use chrono::NaiveDate;
use comp_core::data::{Column, Interner, Sym, Texts, Window};
use comp_core::diag::Diagnostic;
use comp_core::workspace::{FieldType, Source};
use rust_decimal::Decimal;

/// What every part of one load shares: the source, its open input and the parsing plan.
pub struct Setup<'a> {
    pub source: &'a Source,
    pub input: &'a CsvInput<'a>,
    pub window: Window,
    /// Fields parsed and kept (id, payee and date always are).
    pub needed: Vec<bool>,
    pub id_field: usize,
    pub payee_field: usize,
    pub split_field: Option<usize>,
    /// (field, accepted values, keep when found)
    filters: Vec<(usize, Vec<&'a [u8]>, bool)>,
    date_fields: Vec<usize>,
    /// Every cell of every row is read (`comp check`, [`Window::ALL`]), those of rows a filter
    /// drops or whose id repeats included.
    every_row: bool,
    /// One hash function for the ids of every part, so the join matches them by hash first.
    pub id_hasher: hashbrown::DefaultHashBuilder,
}

impl<'a> Setup<'a> {
    pub fn new(input: &'a CsvInput<'a>, window: Window, needed: &[bool]) -> Setup<'a> {
        let source = input.source;
        let field = |name: &str| source.field(name).map(|(i, _)| i).expect("checked: mapped");
        let (id_field, payee_field, date_field) = (field("id"), field("payee"), field("date"));
        let needed: Vec<bool> = (0..source.fields.len())
            .map(|i| {
                needed.get(i).copied().unwrap_or(true)
                    || [id_field, payee_field, date_field].contains(&i)
            })
            .collect();
        let filters = source
            .filters
            .iter()
            .filter_map(|f| {
                source
                    .field(&f.field)
                    .map(|(i, _)| (i, f.values.iter().map(|v| v.as_bytes()).collect(), f.keep))
            })
            .collect();
        let date_fields = (0..source.fields.len())
            .filter(|&i| needed[i] && source.fields[i].ty == FieldType::Date)
            .collect();
        let split_field = source
            .field("split")
            .filter(|(_, f)| f.ty == FieldType::Text)
            .map(|(i, _)| i);
        Setup {
            source,
            input,
            window,
            needed,
            id_field,
            payee_field,
            split_field,
            filters,
            date_fields,
            every_row: window.is_all(),
            id_hasher: hashbrown::DefaultHashBuilder::default(),
        }
    }

    /// One empty column per field of the source, of the field's type.
    pub fn empty_columns(&self) -> Vec<Column> {
        self.source
            .fields
            .iter()
            .map(|f| match f.ty {
                FieldType::Text => Column::Text(Vec::new()),
                FieldType::Decimal => Column::Decimal(Vec::new()),
                FieldType::Date => Column::Date(Vec::new()),
            })
            .collect()
    }
}

/// The rows of one chunk. Symbols and ids are the part's own. A part read alone finds duplicate
/// ids as it goes (a duplicate row is not read further, as the reconciliation's order wants); a
/// part of a file read in parts keeps every row's id, and the join finds the duplicates across all
/// parts at once.
pub struct Part {
    pub columns: Vec<Column>,
    /// The part's line of each kept entry.
    pub lines: Vec<u64>,
    /// With a split field: each kept entry's part of its row's split.
    pub parts: Vec<u8>,
    pub symbols: Interner,
    /// Ids read: every row's in a part of a file read in parts, each distinct one's when alone.
    pub ids: Texts,
    /// Per id: its hash (by the setup's `id_hasher`).
    pub id_hashes: Vec<u64>,
    /// Per id: the line of the row it was read on.
    pub first_seen: Vec<u64>,
    /// Per id: the kept entries of the row it was read on (start, count; count 0 for a row
    /// outside the window).
    pub first_kept: Vec<(u32, u32)>,
    /// Alone: the ids seen so far, by hash.
    seen: Option<hashbrown::HashTable<(u64, Sym)>>,
    /// Alone: rows whose id was seen before: (id, line).
    pub duplicates: Vec<(Sym, u64)>,
    pub rows_read: u64,
    pub filtered_out: u64,
    pub outside_window: u64,
    pub errors: Errors,
    /// One of the parts of a file: stop at the first error (a file with errors is read again,
    /// alone) and leave duplicates to the join.
    in_parts: bool,
    // one row's typed cells, reused
    texts: Vec<Sym>,
    decimals: Vec<Option<Decimal>>,
    dates: Vec<Option<NaiveDate>>,
    /// Per date field: the last cell read and its date.
    last_dates: Vec<Option<(Vec<u8>, Option<NaiveDate>)>>,
}

impl Part {
    pub fn new(setup: &Setup, in_parts: bool) -> Part {
        let n = setup.source.fields.len();
        Part {
            columns: setup.empty_columns(),
            lines: Vec::new(),
            parts: Vec::new(),
            symbols: Interner::default(),
            ids: Texts::default(),
            id_hashes: Vec::new(),
            first_seen: Vec::new(),
            first_kept: Vec::new(),
            seen: (!in_parts).then(hashbrown::HashTable::new),
            duplicates: Vec::new(),
            rows_read: 0,
            filtered_out: 0,
            outside_window: 0,
            errors: Errors::new(),
            in_parts,
            texts: vec![0; n],
            decimals: vec![None; n],
            dates: vec![None; n],
            last_dates: vec![None; n],
        }
    }

    /// Records a problem; true when reading should stop.
    fn fail(&mut self, d: Diagnostic) -> bool {
        self.errors.push(d) || self.in_parts
    }

    /// After a group of cells: stop reading (limit reached, or the first error of a part), skip
    /// the row (a cell failed), or None to read on.
    fn after_cells(&self, failed: bool) -> Option<Flow> {
        let stop = self.errors.diags.len() >= Errors::LIMIT
            || (self.in_parts && !self.errors.diags.is_empty());
        match (stop, failed) {
            (true, _) => Some(Flow::Stop),
            (false, true) => Some(Flow::Continue),
            (false, false) => None,
        }
    }

    /// A row read no further (filtered out, a repeated id): with `every_row` (`comp check`), each
    /// of its mapped cells is still read, so an unreadable amount on a lost deal is an error too.
    fn check_cells(&mut self, setup: &Setup, record: &dyn Cells) -> Flow {
        if !setup.every_row {
            return Flow::Continue;
        }
        let input = setup.input;
        let mut failed = false;
        for (i, f) in setup.source.fields.iter().enumerate() {
            if input.columns[i].is_none() {
                continue;
            }
            let r = match f.ty {
                FieldType::Date => input.date(record, i).map(drop),
                FieldType::Decimal => input.decimal(record, i).map(drop),
                FieldType::Text => input.value(record, i).and_then(|t| match t {
                    "" if f.required => Err(input.bad_cell(record, i, "an empty required value")),
                    _ => Ok(()),
                }),
            };
            if let Err(d) = r {
                failed = true;
                if self.fail(d) {
                    break;
                }
            }
        }
        self.after_cells(failed).unwrap_or(Flow::Continue)
    }

    /// Whether the part found its duplicates itself (read alone).
    pub fn found_duplicates(&self) -> bool {
        self.seen.is_some()
    }

    /// The symbol of a row's id: a new entry, or None when read alone and the id was seen before
    /// (the row is then a duplicate).
    fn id_entry(&mut self, setup: &Setup, id: &str, line: u64) -> Option<Sym> {
        use std::hash::BuildHasher;
        let hash = setup.id_hasher.hash_one(id);
        if let Some(seen) = &self.seen {
            let ids = &self.ids;
            if let Some(&(_, first)) = seen.find(hash, |&(h, s)| h == hash && ids.resolve(s) == id)
            {
                self.duplicates.push((first, line));
                return None;
            }
        }
        let sym = self.ids.push(id);
        if let Some(seen) = &mut self.seen {
            seen.insert_unique(hash, (hash, sym), |&(h, _)| h);
        }
        self.id_hashes.push(hash);
        self.first_seen.push(line);
        self.first_kept.push((0, 0));
        Some(sym)
    }

    /// Reads one record into the part.
    pub fn row(&mut self, setup: &Setup, record: &dyn Cells) -> Flow {
        let (source, input) = (setup.source, setup.input);
        self.rows_read += 1;
        let line = record.position().map_or(0, |p| p.line());

        let mut keep = true;
        for (i, values, keep_if_found) in &setup.filters {
            let raw = input.raw(record, *i);
            let v = match input.mapped(*i, raw) {
                Mapped::Unmapped => raw,
                Mapped::To(v) => v.as_bytes(),
                // a value the mapping does not name is not "not included": it is an error
                Mapped::Missing => return stop_if(self.fail(input.not_mapped(record, *i))),
            };
            keep &= values.contains(&v) == *keep_if_found;
        }
        if !keep {
            self.filtered_out += 1;
            return self.check_cells(setup, record);
        }

        let id_field = setup.id_field;
        let id = match input.text(record, id_field) {
            Ok("") => Err(input.bad_cell(record, id_field, "an empty required value")),
            Ok(t) => Ok(self.id_entry(setup, t, line)),
            Err(d) => Err(d),
        };
        let id = match id {
            Ok(Some(id)) => id,
            Ok(None) => return self.check_cells(setup, record),
            Err(d) => return stop_if(self.fail(d)),
        };

        let mut failed = false;
        for &i in &setup.date_fields {
            // an export sorted by date repeats the last row's date: parse only a new one
            let raw = input.cell(record, i).unwrap_or_default();
            if let Some((last, d)) = &self.last_dates[i] {
                if last.as_slice() == raw {
                    self.dates[i] = *d;
                    continue;
                }
            }
            match input.date(record, i) {
                Ok(d) => {
                    self.dates[i] = d;
                    let memo = self.last_dates[i].get_or_insert_with(|| (Vec::new(), None));
                    memo.0.clear();
                    memo.0.extend_from_slice(raw);
                    memo.1 = d;
                }
                Err(d) => {
                    failed = true;
                    if self.fail(d) {
                        break;
                    }
                }
            }
        }
        if let Some(flow) = self.after_cells(failed) {
            return flow;
        }
        let window = setup.window;
        if !setup
            .date_fields
            .iter()
            .any(|&i| self.dates[i].is_some_and(|d| window.contains(d)))
        {
            self.outside_window += 1;
            return Flow::Continue;
        }

        for (i, f) in source.fields.iter().enumerate() {
            if !setup.needed[i] {
                continue;
            }
            let r = match f.ty {
                FieldType::Date => continue,
                FieldType::Decimal => input.decimal(record, i).map(|d| self.decimals[i] = d),
                FieldType::Text if i == id_field => {
                    self.texts[i] = id;
                    continue;
                }
                FieldType::Text => input.value(record, i).and_then(|t| {
                    if t.is_empty() && f.required {
                        return Err(input.bad_cell(record, i, "an empty required value"));
                    }
                    self.texts[i] = self.symbols.intern(t);
                    Ok(())
                }),
            };
            if let Err(d) = r {
                failed = true;
                if self.fail(d) {
                    break;
                }
            }
        }
        if let Some(flow) = self.after_cells(failed) {
            return flow;
        }
        // a split row is kept once per payee, with its share of every decimal field
        let shares = match setup.split_field {
            Some(f) if !self.symbols.resolve(self.texts[f]).is_empty() => {
                match parse_split(self.symbols.resolve(self.texts[f])) {
                    Ok(parts) => parts,
                    Err(problem) => {
                        let d = input.bad_cell(record, f, &problem).hint(
                            "write each payee with a percentage, e.g. \"ae-01:60%|ae-02:40%\"; shares sum to 100%",
                        );
                        return stop_if(self.fail(d));
                    }
                }
            }
            _ => Vec::new(),
        };
        // only a split row copies its decimals: the common path allocates nothing
        let whole = (!shares.is_empty()).then(|| self.decimals.clone());
        let n_parts = shares.len().max(1);
        self.first_kept[id as usize] = (self.lines.len() as u32, n_parts as u32);
        for part in 0..n_parts {
            if let (Some((payee, share)), Some(whole)) = (shares.get(part), &whole) {
                self.texts[setup.payee_field] = self.symbols.intern(payee);
                for (i, d) in self.decimals.iter_mut().enumerate() {
                    *d = whole[i].map(|v| v * share);
                }
            }
            for (i, col) in self.columns.iter_mut().enumerate() {
                if !setup.needed[i] {
                    continue;
                }
                match col {
                    Column::Text(v) => v.push(self.texts[i]),
                    Column::Decimal(v) => v.push(self.decimals[i]),
                    Column::Date(v) => v.push(self.dates[i]),
                }
            }
            self.lines.push(line);
            if setup.split_field.is_some() {
                self.parts.push(part.min(255) as u8);
            }
        }
        Flow::Continue
    }
}

fn stop_if(stop: bool) -> Flow {
    match stop {
        true => Flow::Stop,
        false => Flow::Continue,
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
        let Some(pct) = comp_core::num::parse_plain(share)
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
