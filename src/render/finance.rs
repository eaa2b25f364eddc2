//! Amortization schedules as a table, CSV or JSON. Formats only: every number comes from the book.

use super::money;
use crate::finance::{Entry, MonthTotal, NotCapitalised};
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use std::io::{self, Write};

fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    t
}

fn right(t: &mut Table, from: usize, to: usize) {
    for c in from..to {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

pub fn table<W: Write>(
    months: &[MonthTotal],
    entries: &[Entry],
    lines: bool,
    currency: &str,
    mut out: W,
) -> io::Result<()> {
    writeln!(
        out,
        "Commission costs capitalised and amortised, {currency}"
    )?;
    let header = [
        "month",
        "capitalised",
        "amortised",
        "expensed at once",
        "reversed",
        "closing balance",
    ];
    let mut t = new_table(&header);
    for m in months {
        t.add_row(vec![
            m.month.to_string(),
            money(m.capitalised),
            money(m.expense),
            money(m.immediate),
            money(m.reversed),
            money(m.closing),
        ]);
    }
    right(&mut t, 1, header.len());
    writeln!(out, "{t}")?;
    if lines {
        let header = [
            "month",
            "contract",
            "payee",
            "capitalised",
            "amortised",
            "expensed at once",
            "reversed",
            "closing balance",
        ];
        let mut t = new_table(&header);
        for e in entries {
            t.add_row(vec![
                e.month.to_string(),
                e.contract.clone(),
                e.payee.clone(),
                money(e.capitalised),
                money(e.expense),
                money(e.immediate),
                money(e.reversed),
                money(e.closing),
            ]);
        }
        right(&mut t, 3, header.len());
        writeln!(out, "{t}")?;
    }
    Ok(())
}

pub fn csv<W: Write>(
    months: &[MonthTotal],
    entries: &[Entry],
    lines: bool,
    out: W,
) -> io::Result<()> {
    let mut w = super::csv_safe::Writer::from_writer(out);
    if lines {
        w.write_record([
            "month",
            "contract",
            "payee",
            "capitalised",
            "amortised",
            "expensed_at_once",
            "reversed",
            "closing",
        ])?;
        for e in entries {
            w.write_record([
                e.month.to_string(),
                e.contract.clone(),
                e.payee.clone(),
                e.capitalised.to_string(),
                e.expense.to_string(),
                e.immediate.to_string(),
                e.reversed.to_string(),
                e.closing.to_string(),
            ])?;
        }
    } else {
        w.write_record([
            "month",
            "capitalised",
            "amortised",
            "expensed_at_once",
            "reversed",
            "closing",
        ])?;
        for m in months {
            w.write_record([
                m.month.to_string(),
                m.capitalised.to_string(),
                m.expense.to_string(),
                m.immediate.to_string(),
                m.reversed.to_string(),
                m.closing.to_string(),
            ])?;
        }
    }
    w.flush()
}

pub fn json<W: Write>(
    months: &[MonthTotal],
    entries: &[Entry],
    not: &[NotCapitalised],
    mut out: W,
) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct View<'a> {
        months: &'a [MonthTotal],
        contracts: &'a [Entry],
        not_capitalised: &'a [NotCapitalised],
    }
    serde_json::to_writer_pretty(
        &mut out,
        &View {
            months,
            contracts: entries,
            not_capitalised: not,
        },
    )?;
    writeln!(out)
}

/// Accruals: per payee, plan and component, to date, the month before and the change.
pub fn accrual_table<W: Write>(
    rows: &[crate::accrual::AccrualRow],
    month: crate::period::Period,
    currency: &str,
    mut out: W,
) -> io::Result<()> {
    writeln!(
        out,
        "Commission expense earned to the end of {month} in each open plan period, {currency}"
    )?;
    let header = [
        "payee",
        "plan",
        "period",
        "component",
        "to date",
        "month before",
        "change",
    ];
    let mut t = new_table(&header);
    // sums of amounts in cents, at the scale of cents (0.00 with no rows)
    let zero = rust_decimal::Decimal::new(0, 2);
    let (mut to_date, mut previous, mut change) = (zero, zero, zero);
    for r in rows {
        to_date += r.to_date;
        previous += r.previous;
        change += r.change;
        t.add_row(vec![
            r.payee.clone(),
            r.plan.clone(),
            r.period.to_string(),
            r.component.clone(),
            money(r.to_date),
            money(r.previous),
            money(r.change),
        ]);
    }
    t.add_row(vec![
        "total".to_string(),
        String::new(),
        String::new(),
        String::new(),
        money(to_date),
        money(previous),
        money(change),
    ]);
    right(&mut t, 4, header.len());
    writeln!(out, "{t}")
}

pub fn accrual_csv<W: Write>(rows: &[crate::accrual::AccrualRow], out: W) -> io::Result<()> {
    let mut w = super::csv_safe::Writer::from_writer(out);
    w.write_record([
        "payee",
        "plan",
        "period",
        "component",
        "to_date",
        "previous",
        "change",
    ])?;
    for r in rows {
        w.write_record([
            r.payee.clone(),
            r.plan.clone(),
            r.period.to_string(),
            r.component.clone(),
            r.to_date.to_string(),
            r.previous.to_string(),
            r.change.to_string(),
        ])?;
    }
    w.flush()
}

pub fn accrual_json<W: Write>(rows: &[crate::accrual::AccrualRow], mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, rows)?;
    writeln!(out)
}
