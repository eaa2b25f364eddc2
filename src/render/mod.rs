//! Renderers: one per output format, each writing a report to any `io::Write`. They format; they
//! never compute.

pub mod chart;
pub mod check;
pub mod csv;
pub mod csv_safe;
pub mod curve;
pub mod diff;
pub mod finance;
pub mod html;
pub mod json;
pub mod locale;
pub mod sentences;
pub mod sentences_fr;
pub mod table;
pub mod table_style;
pub mod whatif;
pub mod words;
pub mod words_fr;
pub mod xlsx;

use crate::output::Format;
use crate::report::CalcReport;
use rust_decimal::Decimal;
use std::io::{self, Write};

/// A calculation's report in `format`: statements, or with `lines` one row per credited record,
/// or with `reconcile` the reconciliation (the table shows both beside the statements); the CSV
/// formats in `csv_style`.
pub fn calc<W: Write>(
    report: &CalcReport,
    format: Format,
    lines: bool,
    reconcile: bool,
    width: Option<u16>,
    csv_style: csv_safe::CsvStyle,
    out: W,
) -> io::Result<()> {
    match (format, lines, reconcile) {
        (Format::Table, lines, reconcile) => table::report(
            report,
            &table::Options {
                lines,
                reconcile,
                width,
            },
            out,
        ),
        (Format::Csv, _, true) => csv::reconciliation(report, csv_style, out),
        (Format::Csv, true, false) => csv::lines(report, csv_style, out),
        (Format::Csv, false, false) => csv::statements(report, csv_style, out),
        (Format::Json, _, _) => json::report(report, out),
        (Format::Payroll, _, _) => csv::payroll(report, csv_style, out),
        (Format::Xlsx, _, _) => {
            let mut out = out;
            out.write_all(&xlsx::calc(report).map_err(io::Error::other)?)
        }
    }
}

pub use comp_core::num::{percent, plain};

/// A ratio (or a prorated target) for machines: at most 6 decimal places (display rounding only).
pub fn ratio(d: Decimal) -> String {
    plain(d.round_dp(6))
}

/// Percent points for people: `87` -> `87%`.
pub fn points(p: Decimal) -> String {
    format!("{}%", plain(p.round_dp(2)))
}

/// Money for people: thousands grouped with commas, the scale kept (`6800.00` -> `6,800.00`).
/// Whether a line's rates are amounts for each one its measure counts (`Explanation`'s `each`).
pub fn counts(l: &crate::report::ComponentLine) -> bool {
    use crate::report::Explanation;
    matches!(
        l.explanation,
        Explanation::Rate { each: true, .. } | Explanation::Bands { each: true, .. }
    )
}

/// A rate as a statement shows it: a share of an amount ("8%"), or, on a measure that counts, an
/// amount for each one counted ("450.00").
pub fn rate_shown(rate: Decimal, each: bool, minor_unit: u32) -> String {
    if each {
        money(per_unit(rate, minor_unit))
    } else {
        percent(rate)
    }
}

/// An amount per unit with at least the currency's decimals (450 -> 450.00), and any finer ones
/// it has (0.125 stays 0.125): never rounded, as it is a rate.
pub fn per_unit(d: Decimal, minor_unit: u32) -> Decimal {
    let mut r = d;
    if r.scale() < minor_unit {
        r.rescale(minor_unit);
    }
    r
}

pub fn money(d: Decimal) -> String {
    let s = d.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A number for people: grouped like money, trailing zeros dropped.
/// An amount shown at the currency's minor unit: rounded for display (a TI spread over months may
/// not end at the cent), always with that many decimals (3000.00, not 3000).
pub fn at_minor(d: Decimal, minor_unit: u32) -> Decimal {
    let mut r = d.round_dp(minor_unit);
    r.rescale(minor_unit);
    r
}

pub fn number(d: Decimal) -> String {
    money(d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn formats_for_people_and_machines() {
        assert_eq!(money(d("6800.00")), "6,800.00");
        assert_eq!(money(d("-1234567.5")), "-1,234,567.5");
        assert_eq!(money(d("999.00")), "999.00");
        assert_eq!(plain(d("110000.00")), "110000");
        assert_eq!(ratio(d("0.7333333333333")), "0.733333");
        assert_eq!(percent(d("1.1")), "110%");
        assert_eq!(number(d("12.50")), "12.5");
    }
}
