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
    let mut w = ::csv::Writer::from_writer(out);
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
