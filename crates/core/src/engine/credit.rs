//! Crediting (rule 12, first part) and the reconciliation (rule 17): each record kept for the window is
//! credited to its owner on the roster, or excluded with a reason.

use crate::data::{CustomerData, Dataset, RecordTable, Roster, Sym, Window};
use crate::report::{Excluded, Exclusion, SourceReconciliation, UnknownPayee};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// For one table: the record indices credited to each roster payee, in record order.
#[derive(Debug, Clone, Default)]
pub struct Credits {
    pub by_payee: Vec<Vec<u32>>,
}

/// Credits every table's records and counts what was excluded and why. Records loaded for history
/// (the year to date, a clawback window) are credited but counted "outside period" when their date is
/// not in `reported`, the dates of the statements asked for.
pub fn credit(data: &Dataset, reported: Window) -> (Vec<Credits>, Vec<SourceReconciliation>) {
    let mut all = Vec::new();
    let mut recs = Vec::new();
    for table in &data.tables {
        let (credits, rec) = credit_table(table, &data.roster, &data.customers, reported);
        all.push(credits);
        recs.push(rec);
    }
    (all, recs)
}

/// Attribution by customer tenure (rule 12): for a record of an attributed kind whose customer is
/// known, the acquiring AE inside the customer's first months (its start date plus `months`,
/// excluded), its CSM afterwards. None: the record goes to its owner (the payee column).
fn tenure_payee<'c>(
    table: &RecordTable,
    customers: &'c CustomerData,
    row: usize,
    date: Option<NaiveDate>,
) -> Option<&'c str> {
    let (customer_field, kind_field, kinds, months) = table.tenure.as_ref()?;
    if !kinds.contains(&table.text(*kind_field)[row]) {
        return None;
    }
    let id = table.symbols.resolve(table.text(*customer_field)[row]);
    let c = &customers.customers[customers.get(id)?];
    let date = date?;
    let window_end = c.start.checked_add_months(chrono::Months::new(*months))?;
    if date < window_end {
        c.ae.as_deref()
    } else {
        Some(c.csm.as_str())
    }
}

fn credit_table(
    table: &RecordTable,
    roster: &Roster,
    customers: &CustomerData,
    reported: Window,
) -> (Credits, SourceReconciliation) {
    let payee_field = table.field("payee").expect("record sources map payee");
    let date_field = table.field("date").expect("record sources map date");
    let payees = table.text(payee_field);
    let dates = table.dates(date_field);
    // resolve each distinct payee value once
    let mut who: Vec<Option<Option<usize>>> = vec![None; table.symbols.len()];
    let mut credits = Credits {
        by_payee: vec![Vec::new(); roster.payees.len()],
    };
    let mut unknown: BTreeMap<Sym, (u64, Vec<u64>)> = BTreeMap::new();
    let (mut credited, mut outside_employment, mut outside_period) = (0u64, 0u64, 0u64);
    // decided once per table: most sources have neither splits nor tenure attribution
    let split = !table.parts.is_empty();
    let by_tenure_on = table.tenure.is_some();
    for (row, (&p, date)) in payees.iter().zip(dates).enumerate() {
        // the second and later parts of a split row are credited but not counted again
        let once = u64::from(!split || table.parts[row] == 0);
        let by_tenure = if by_tenure_on {
            tenure_payee(table, customers, row, *date)
        } else {
            None
        };
        let idx = match by_tenure {
            Some(id) => roster.get(id),
            None => *who[p as usize].get_or_insert_with(|| roster.get(table.symbols.resolve(p))),
        };
        // a payee's record goes to the assignment in force on its date (rule 20)
        let assigned = |idx: usize| date.and_then(|d| roster.in_force(idx, d));
        if !date.is_some_and(|d| reported.contains(d)) {
            // loaded for history only: usable by earlier periods, not part of this report
            outside_period += once;
            if let Some(a) = idx.and_then(assigned) {
                credits.by_payee[a].push(row as u32);
            }
            continue;
        }
        let Some(idx) = idx else {
            let e = unknown.entry(p).or_default();
            e.0 += once;
            if e.1.len() < 5 {
                e.1.push(table.lines[row]);
            }
            continue;
        };
        let Some(a) = assigned(idx) else {
            outside_employment += once;
            continue;
        };
        credits.by_payee[a].push(row as u32);
        credited += once;
    }
    let unknown_rows: u64 = unknown.values().map(|(n, _)| n).sum();
    let mut unknown_payees: Vec<UnknownPayee> = unknown
        .into_iter()
        .map(|(sym, (rows, lines))| UnknownPayee {
            payee: table.symbols.resolve(sym).to_string(),
            rows,
            lines,
        })
        .collect();
    unknown_payees.sort_by(|a, b| a.payee.cmp(&b.payee));
    let rec = SourceReconciliation {
        source: table.source.clone(),
        file: table.file.display().to_string(),
        rows_read: table.rows_read,
        credited,
        excluded: vec![
            Exclusion {
                reason: Excluded::FilteredOut,
                rows: table.filtered_out,
            },
            Exclusion {
                reason: Excluded::DuplicateId,
                rows: table.duplicates.len() as u64,
            },
            Exclusion {
                reason: Excluded::OutsidePeriod,
                rows: table.outside_window + outside_period,
            },
            Exclusion {
                reason: Excluded::UnknownPayee,
                rows: unknown_rows,
            },
            Exclusion {
                reason: Excluded::OutsideEmployment,
                rows: outside_employment,
            },
        ],
        unknown_payees,
        duplicates: table.duplicates.clone(),
        unread_lines: Vec::new(),
    };
    (credits, rec)
}
