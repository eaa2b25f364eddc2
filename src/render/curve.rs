//! `comp curve`: a component's payout curve or rate table, as a table with a small chart in the
//! terminal, or as CSV.

use super::words::{words, Words};
use super::{money, number, plain, points};
use crate::curve_view::{Axis, Base, Mark, View, ViewKind};
use rust_decimal::Decimal;
use std::io::{self, Write};

fn x_text(v: &View, x: Decimal) -> String {
    if v.x == Axis::Attainment {
        points(x)
    } else {
        number(x)
    }
}

/// The curve as a table of breakpoints, then a small chart.
pub fn table(v: &View, currency: &str, out: &mut Vec<u8>) -> io::Result<()> {
    let w = words();
    let x_label = w.axis(v.x);
    let percent_of = w.base(v.percent_of);
    writeln!(
        out,
        "{} / {} ({}): payout by {x_label}, as % of {percent_of}",
        v.plan,
        v.component,
        v.kind.name()
    )?;
    for n in &v.notes {
        writeln!(out, "  {}", w.view_note(n))?;
    }
    if let Some(c) = v.cap_percent {
        writeln!(out, "  cap: {} of {percent_of}", points(c))?;
    }
    if let Some(c) = v.cap_amount {
        writeln!(out, "  cap: {} {currency}", money(c))?;
    }
    if let Some(b) = v.base {
        let what = w.base(match v.kind {
            ViewKind::Curve => Base::ComponentTi,
            ViewKind::RateTable => Base::Target,
        });
        writeln!(out, "  amounts for a {what} of {} {currency}", money(b))?;
    }
    writeln!(out)?;
    let with_rate = v.rows.iter().any(|r| r.rate.is_some());
    let with_amount = v.rows.iter().any(|r| r.amount.is_some());
    let mut header = format!("{x_label:>14}");
    if with_rate {
        header.push_str(&format!("  {:>8}", "rate"));
    }
    header.push_str(&format!("  {:>10}", "payout %"));
    if with_amount {
        header.push_str(&format!("  {:>14}", format!("amount {currency}")));
    }
    writeln!(out, "{}", header.trim_end())?;
    for r in &v.rows {
        let mut line = format!("{:>14}", x_text(v, r.x));
        if with_rate {
            line.push_str(&format!(
                "  {:>8}",
                r.rate
                    .map(|x| points(x * Decimal::ONE_HUNDRED))
                    .unwrap_or_default()
            ));
        }
        line.push_str(&format!("  {:>10}", points(r.percent)));
        if with_amount {
            line.push_str(&format!(
                "  {:>14}",
                r.amount.map(money).unwrap_or_default()
            ));
        }
        if !r.marks.is_empty() {
            line.push_str(&format!("  <- {}", marks(w, &r.marks, ", ")));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    chart(v, out)
}

/// A small chart: x across, payout % up, the cap as a dashed line.
fn chart(v: &View, out: &mut Vec<u8>) -> io::Result<()> {
    const HEIGHT: usize = 10;
    let samples = &v.samples;
    if samples.is_empty() {
        return Ok(());
    }
    let top = samples
        .iter()
        .map(|s| s.1)
        .chain(v.cap_percent)
        .fold(Decimal::ZERO, Decimal::max);
    if top <= Decimal::ZERO {
        return Ok(());
    }
    let level = |y: Decimal| -> usize {
        use rust_decimal::prelude::ToPrimitive;
        (y / top * Decimal::from(HEIGHT as u32))
            .round()
            .to_usize()
            .unwrap_or(0)
            .min(HEIGHT)
    };
    let width = samples.len();
    let mut grid = vec![vec![' '; width]; HEIGHT + 1];
    if let Some(c) = v.cap_percent {
        let row = level(c);
        for cell in grid[row].iter_mut() {
            *cell = '-';
        }
    }
    for (i, (_, y)) in samples.iter().enumerate() {
        grid[level(*y)][i] = '*';
    }
    let label_w = points(top).len().max(4);
    for (row, cells) in grid.iter().enumerate().rev() {
        let label = if row == HEIGHT {
            points(top)
        } else if row == 0 {
            "0%".to_string()
        } else if v.cap_percent.is_some_and(|c| level(c) == row) {
            "cap".to_string()
        } else {
            String::new()
        };
        let line: String = cells.iter().collect();
        writeln!(out, "{label:>label_w$} |{}", line.trim_end())?;
    }
    writeln!(out, "{:>label_w$} +{}", "", "-".repeat(width))?;
    let first = x_text(v, samples[0].0);
    let last = x_text(v, samples[width - 1].0);
    writeln!(
        out,
        "{:>label_w$}  {first}{}{last}  {}",
        "",
        " ".repeat(width.saturating_sub(first.len() + last.len())),
        words().axis(v.x)
    )
}

/// The curve's breakpoints, one row each.
pub fn csv(v: &View, style: super::csv_safe::CsvStyle, out: &mut Vec<u8>) -> io::Result<()> {
    // x, rate, payout_percent, amount
    let mut w = super::csv_safe::Writer::new(out, style).numbers(&[0, 1, 2, 3]);
    w.write_record(["x", "rate", "payout_percent", "amount", "capped", "marks"])?;
    for r in &v.rows {
        w.write_record([
            plain(r.x),
            r.rate.map(plain).unwrap_or_default(),
            plain(r.percent),
            r.amount.map(|a| a.to_string()).unwrap_or_default(),
            r.capped.to_string(),
            marks(words(), &r.marks, "; "),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn marks(w: &dyn Words, marks: &[Mark], separator: &str) -> String {
    let words: Vec<String> = marks.iter().map(|m| w.mark(m)).collect();
    words.join(separator)
}
