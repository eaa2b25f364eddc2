//! `comp diff` as a table, CSV or JSON. Formats only: every number comes from the report.

use super::table_style::{Col, Grid};
use super::{money, percent, ratio};
use crate::diff::DiffReport;
use std::io::{self, Write};

/// The diff for people; `width`, when given, the width the table fits (see [`Grid::render`]).
pub fn table<W: Write>(r: &DiffReport, width: Option<u16>, mut out: W) -> io::Result<()> {
    for p in &r.plans {
        let line = format!(
            "Plan {}: current {} ({}) against proposed {} ({})",
            p.roster, p.current, p.current_file, p.proposed, p.proposed_file
        );
        match width {
            Some(w) => writeln!(out, "{}", super::table_style::wrap_words(&line, w, 2))?,
            None => writeln!(out, "{line}")?,
        }
    }
    writeln!(out, "Period {}, {}", r.period, r.currency)?;
    // one line per payee, read across; a narrow terminal loses the name first, then the plan
    let mut t = Grid::new([
        ("payee", Col::Id),
        ("name", Col::Detail { keep: 1 }),
        ("plan", Col::Detail { keep: 2 }),
        ("current", Col::Number),
        ("proposed", Col::Number),
        ("delta", Col::Number),
        ("change", Col::Number),
    ]);
    for row in &r.rows {
        t.row([
            row.payee.clone(),
            row.name.clone(),
            row.plan.clone(),
            money(row.current),
            money(row.proposed),
            signed(row.delta),
            row.change.map_or("-".to_string(), percent),
        ]);
    }
    writeln!(out, "{}", t.render(width))?;
    let s = &r.summary;
    writeln!(
        out,
        "{} payee(s): {} paid more, {} paid less, {} unchanged",
        s.payees, s.winners, s.losers, s.unchanged
    )?;
    writeln!(
        out,
        "Total cost: {} -> {} {} ({}{})",
        money(s.current_total),
        money(s.proposed_total),
        r.currency,
        signed(s.delta),
        s.change
            .map_or(String::new(), |c| format!(", {}", percent(c)))
    )
}

fn signed(d: rust_decimal::Decimal) -> String {
    if d > rust_decimal::Decimal::ZERO {
        format!("+{}", money(d))
    } else {
        money(d)
    }
}

pub fn csv<W: Write>(r: &DiffReport, style: super::csv_safe::CsvStyle, out: W) -> io::Result<()> {
    // current, proposed, delta, change
    let mut w = super::csv_safe::Writer::new(out, style).numbers(&[3, 4, 5, 6]);
    w.write_record([
        "payee", "name", "plan", "current", "proposed", "delta", "change",
    ])?;
    for row in &r.rows {
        w.write_record([
            row.payee.as_str(),
            row.name.as_str(),
            row.plan.as_str(),
            &row.current.to_string(),
            &row.proposed.to_string(),
            &row.delta.to_string(),
            &row.change.map_or(String::new(), ratio),
        ])?;
    }
    w.flush()
}

pub fn json<W: Write>(r: &DiffReport, mut out: W) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct View<'a> {
        #[serde(flatten)]
        report: &'a DiffReport,
        notes: Vec<String>,
    }
    let words = super::words::words();
    let notes = r.notes.iter().map(|n| words.diff_note(n)).collect();
    serde_json::to_writer_pretty(&mut out, &View { report: r, notes })?;
    writeln!(out)
}
