//! Measures: sums and counts over a payee's credited records in a period, with the plan's filters.

use super::arith::{self, Overflow};
use crate::data::{Column, Dataset, RecordTable, Sym};
use crate::plan::{Aggregate, Condition, Measure, Scalar};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// A measure bound to a loaded table: field names resolved to column indices, filter values to symbols.
#[derive(Debug, Clone)]
pub struct CompiledMeasure {
    pub table: usize,
    date: usize,
    aggregate: Agg,
    /// (text column, accepted symbols, keep when matched)
    filters: Vec<(usize, Vec<Sym>, bool)>,
    /// (decimal or date column, the comparison)
    conditions: Vec<(usize, Condition)>,
}

#[derive(Debug, Clone, Copy)]
enum Agg {
    Sum(usize),
    Count,
    Distinct(usize),
}

/// A measure's value for one payee and period, with the records behind it, in date order.
#[derive(Debug, Clone)]
pub struct MeasureValue {
    pub table: usize,
    pub value: Decimal,
    pub rows: Vec<u32>,
    /// What each record adds: its amount for a sum, 1 for a count (0 for a repeated distinct value).
    pub amounts: Vec<Decimal>,
    date: usize,
    /// Set for a KPI from customer data: its value (or why it has none) and the rows behind it.
    pub kpi: Option<super::kpi::KpiValue>,
}

impl MeasureValue {
    /// A KPI as a measure value: `value` is the KPI's value, 0 when it has none (then `kpi.value` is
    /// None and components treat it as missing).
    pub fn of_kpi(k: super::kpi::KpiValue) -> MeasureValue {
        MeasureValue {
            table: usize::MAX,
            value: k.value.unwrap_or_default(),
            rows: Vec::new(),
            amounts: Vec::new(),
            date: 0,
            kpi: Some(k),
        }
    }

    /// The value, or None for a KPI with no value.
    pub fn known(&self) -> Option<Decimal> {
        match &self.kpi {
            Some(k) => k.value,
            None => Some(self.value),
        }
    }
}

impl MeasureValue {
    pub fn date_of(&self, table: &RecordTable, row: u32) -> Option<NaiveDate> {
        table.dates(self.date)[row as usize]
    }
}

/// A record's decimal or date field as a value to compare (None: empty, or a text column).
pub(crate) fn scalar_at(t: &RecordTable, col: usize, row: u32) -> Option<Scalar> {
    match &t.columns[col] {
        Column::Decimal(v) => v[row as usize].map(Scalar::Number),
        Column::Date(v) => v[row as usize].map(Scalar::Date),
        Column::Text(_) => None,
    }
}

#[derive(Hash, PartialEq, Eq)]
enum Key {
    Text(Sym),
    Date(Option<NaiveDate>),
    Number(Option<Decimal>),
}

impl CompiledMeasure {
    /// Binds a checked measure to the dataset. Plans are checked against the source mapping, so every
    /// field exists with the right type.
    pub fn compile(m: &Measure, data: &Dataset) -> CompiledMeasure {
        let table_index = data
            .tables
            .iter()
            .position(|t| t.source == m.source)
            .expect("every source a plan uses is loaded");
        let t = &data.tables[table_index];
        let field = |name: &str| t.field(name).expect("checked against the source mapping");
        let aggregate = match &m.aggregate {
            Aggregate::Sum(f) => Agg::Sum(field(f)),
            Aggregate::Count => Agg::Count,
            Aggregate::CountDistinct(f) => Agg::Distinct(field(f)),
        };
        let filters = m
            .filters
            .iter()
            .map(|f| {
                let syms = f.values.iter().filter_map(|v| t.symbols.get(v)).collect();
                (field(&f.field), syms, f.keep)
            })
            .collect();
        let conditions = m
            .conditions
            .iter()
            .map(|c| (field(&c.field), c.clone()))
            .collect();
        CompiledMeasure {
            table: table_index,
            date: field(&m.date_field),
            aggregate,
            filters,
            conditions,
        }
    }

    /// The measure over `rows` (a payee's credited records) dated from `start` to `end` inclusive.
    pub fn eval(
        &self,
        data: &Dataset,
        rows: &[u32],
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<MeasureValue, Overflow> {
        let t = &data.tables[self.table];
        let dates = t.dates(self.date);
        let mut picked: Vec<u32> = rows
            .iter()
            .copied()
            .filter(|&r| dates[r as usize].is_some_and(|d| d >= start && d <= end))
            .filter(|&r| {
                self.filters
                    .iter()
                    .all(|(col, syms, keep)| syms.contains(&t.text(*col)[r as usize]) == *keep)
            })
            .filter(|&r| {
                self.conditions
                    .iter()
                    .all(|(col, c)| c.keeps(scalar_at(t, *col, r)))
            })
            .collect();
        if let Agg::Sum(col) = self.aggregate {
            let values = t.decimals(col);
            picked.retain(|&r| values[r as usize].is_some());
        }
        // statement order: by date, then id (looked up only to break a tie)
        let ids = t.text(t.id_field);
        picked.sort_by(|&a, &b| {
            dates[a as usize].cmp(&dates[b as usize]).then_with(|| {
                let id = |r: u32| t.ids.resolve(ids[r as usize]);
                id(a).cmp(id(b))
            })
        });
        let amounts: Vec<Decimal> = match self.aggregate {
            Agg::Sum(col) => {
                let values = t.decimals(col);
                picked
                    .iter()
                    .map(|&r| values[r as usize].unwrap_or_default())
                    .collect()
            }
            Agg::Count => vec![Decimal::ONE; picked.len()],
            Agg::Distinct(col) => {
                let mut seen = HashSet::new();
                picked
                    .iter()
                    .map(|&r| {
                        let r = r as usize;
                        let key = match &t.columns[col] {
                            Column::Text(v) => Key::Text(v[r]),
                            Column::Date(v) => Key::Date(v[r]),
                            Column::Decimal(v) => Key::Number(v[r]),
                        };
                        if seen.insert(key) {
                            Decimal::ONE
                        } else {
                            Decimal::ZERO
                        }
                    })
                    .collect()
            }
        };
        Ok(MeasureValue {
            table: self.table,
            value: arith::sum(amounts.iter().copied())?,
            rows: picked,
            amounts,
            date: self.date,
            kpi: None,
        })
    }
}
