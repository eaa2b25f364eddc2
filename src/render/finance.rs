//! Amortization schedules and accruals as a table, CSV or JSON (their workbooks are in
//! `render::xlsx`). Formats only: every number comes from the book or the accrual.

use super::money;
use super::table_style::{Col, Grid};
use crate::accrual::{AccrualRow, AccrualTotals};
use crate::finance::{Entry, MonthTotal, NotCapitalised};
use std::io::{self, Write};

/// The amortization columns after the month (and, per contract, after contract and payee).
const AMOUNTS: [&str; 5] = [
    "capitalised",
    "amortised",
    "expensed at once",
    "reversed",
    "closing balance",
];

/// A grid of the given id columns, then the amount columns.
fn grid(ids: &[&'static str], amounts: &[&'static str]) -> Grid {
    Grid::new(
        ids.iter()
            .map(|h| (*h, Col::Id))
            .chain(amounts.iter().map(|h| (*h, Col::Number))),
    )
}

/// The schedule per month, and with `lines` per contract, in the shared table style fitted to
/// `width`.
pub fn table<W: Write>(
    months: &[MonthTotal],
    entries: &[Entry],
    lines: bool,
    currency: &str,
    width: Option<u16>,
    mut out: W,
) -> io::Result<()> {
    writeln!(
        out,
        "Commission costs capitalised and amortised, {currency}"
    )?;
    let mut t = grid(&["month"], &AMOUNTS);
    for m in months {
        t.row([
            m.month.to_string(),
            money(m.capitalised),
            money(m.expense),
            money(m.immediate),
            money(m.reversed),
            money(m.closing),
        ]);
    }
    writeln!(out, "{}", t.render(width))?;
    if lines {
        let mut t = grid(&["month", "contract", "payee"], &AMOUNTS);
        for e in entries {
            t.row([
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
        writeln!(out, "{}", t.render(width))?;
    }
    Ok(())
}

/// The amounts of an amortization month or contract line, as CSV and xlsx name them.
pub const AMORTIZED: [&str; 5] = [
    "capitalised",
    "amortised",
    "expensed_at_once",
    "reversed",
    "closing",
];

/// What a contract line of `--lines` starts with, before its amounts.
pub const CONTRACT_KEYS: [&str; 3] = ["month", "contract", "payee"];

/// The columns of an accrual, as CSV and xlsx name them.
pub const ACCRUAL_COLUMNS: [&str; 7] = [
    "payee",
    "plan",
    "period",
    "component",
    "to_date",
    "previous",
    "change",
];

pub fn csv<W: Write>(
    months: &[MonthTotal],
    entries: &[Entry],
    lines: bool,
    out: W,
) -> io::Result<()> {
    let mut w = super::csv_safe::Writer::from_writer(out);
    if lines {
        w.write_record(CONTRACT_KEYS.into_iter().chain(AMORTIZED))?;
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
        w.write_record(std::iter::once("month").chain(AMORTIZED))?;
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

/// Accruals: per payee, plan and component, to date, the month before and the change, then the
/// totals (computed by `accrual::totals`), in the shared table style fitted to `width`.
pub fn accrual_table<W: Write>(
    rows: &[AccrualRow],
    totals: &AccrualTotals,
    month: crate::period::Period,
    currency: &str,
    width: Option<u16>,
    mut out: W,
) -> io::Result<()> {
    writeln!(
        out,
        "Commission expense earned to the end of {month} in each open plan period, {currency}"
    )?;
    let mut t = grid(
        &["payee", "plan", "period", "component"],
        &["to date", "month before", "change"],
    );
    for r in rows {
        t.row([
            r.payee.clone(),
            r.plan.clone(),
            r.period.to_string(),
            r.component.clone(),
            money(r.to_date),
            money(r.previous),
            money(r.change),
        ]);
    }
    t.row([
        "total".to_string(),
        String::new(),
        String::new(),
        String::new(),
        money(totals.to_date),
        money(totals.previous),
        money(totals.change),
    ]);
    writeln!(out, "{}", t.render(width))
}

pub fn accrual_csv<W: Write>(rows: &[AccrualRow], out: W) -> io::Result<()> {
    let mut w = super::csv_safe::Writer::from_writer(out);
    w.write_record(ACCRUAL_COLUMNS)?;
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

pub fn accrual_json<W: Write>(rows: &[AccrualRow], mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, rows)?;
    writeln!(out)
}
