//! Excel workbooks for finance: a calculation (`comp calc --format xlsx -o pay.xlsx`: one sheet
//! per view, statements, lines, reconciliation, payroll; `--format payroll -o pay.xlsx`: the
//! payroll sheet alone), a diff and a projection (`comp diff|whatif --format xlsx`), each with the
//! CSV's columns, amounts as numbers in the currency's format, attainment as a percentage, dates
//! as dates, the header frozen, filters on, columns sized to their content.
//!
//! Excel holds numbers as binary floating point: an amount at the cent is shown exactly, and the
//! CSV stays the exact record. Text is written as text cells, never as formulas: a payee named
//! `=HYPERLINK(...)` is shown as those characters, not run (the CSV's formula-injection concern
//! does not arise in a typed cell).

use super::words::words;
use crate::report::CalcReport;
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// A cell's value, typed.
enum Value {
    Text(String),
    Money(Decimal),
    Number(Decimal),
    Percent(Decimal),
    Date(NaiveDate),
    Empty,
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn opt(d: Option<Decimal>, f: fn(Decimal) -> Value) -> Value {
    d.map_or(Value::Empty, f)
}

struct Formats {
    header: Format,
    money: Format,
    number: Format,
    percent: Format,
    date: Format,
}

impl Formats {
    fn new(currency: &str, minor_unit: u32) -> Formats {
        let decimals = if minor_unit == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(minor_unit as usize))
        };
        // the currency's code after the amount, in the format (the cell stays a number)
        let code: String = currency
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        Formats {
            header: Format::new().set_bold(),
            money: Format::new().set_num_format(format!("#,##0{decimals} \"{code}\"")),
            number: Format::new().set_num_format("#,##0.######"),
            percent: Format::new().set_num_format("0.00%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// A sheet: its header, its rows, then frozen header, filters and widths.
fn sheet(
    book: &mut Workbook,
    name: &str,
    header: &[&str],
    rows: Vec<Vec<Value>>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let ws: &mut Worksheet = book.add_worksheet();
    ws.set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            let float = |d: &Decimal| d.to_f64().unwrap_or(0.0);
            match v {
                Value::Text(s) if s.is_empty() => {}
                // a string cell: Excel never reads it as a formula
                Value::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Value::Money(d) => {
                    ws.write_number_with_format(r, c, float(d), &f.money)?;
                }
                Value::Number(d) => {
                    ws.write_number_with_format(r, c, float(d), &f.number)?;
                }
                Value::Percent(d) => {
                    ws.write_number_with_format(r, c, float(d), &f.percent)?;
                }
                Value::Date(d) => {
                    use chrono::Datelike;
                    let when =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_date_with_format(r, c, &when, &f.date)?;
                }
                Value::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = header.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, rows.len() as u32, last_col)?;
    ws.autofit();
    Ok(())
}

/// The workbook's bytes: statements, credited records (when the report holds them),
/// reconciliation and payroll.
pub fn calc(report: &CalcReport) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&report.currency, report.minor_unit);
    let mut book = Workbook::new();
    let w = words();

    // some payee paid in another currency (rule 26): each line's pay amount, currency and rate,
    // as numbers (the money format is the workspace currency's)
    let paying = !report.pay_totals.is_empty();
    let mut rows = Vec::new();
    for s in &report.statements {
        for (i, l) in s.lines.iter().enumerate() {
            let pay = match (&s.pay, paying) {
                (_, false) => Vec::new(),
                (Some(p), true) => vec![
                    Value::Number(p.lines[i]),
                    text(&p.currency),
                    Value::Number(p.rate),
                ],
                (None, true) => vec![Value::Money(l.payout), text(&report.currency), Value::Empty],
            };
            let mut row = vec![
                text(&s.payee),
                text(&s.name),
                text(&s.plan),
                text(s.period.to_string()),
                text(l.id.to_string()),
                opt(l.value, Value::Number),
                opt(l.target, Value::Number),
                opt(l.attainment, Value::Percent),
                Value::Money(l.payout),
                text(l.kind.name()),
                text(l.measure.as_deref().unwrap_or("")),
                opt(
                    l.component_ti
                        .map(|d| super::at_minor(d, report.minor_unit)),
                    Value::Money,
                ),
                Value::Money(l.uncapped),
                opt(l.cap, Value::Money),
                Value::Money(l.cap_removed),
                Value::Percent(s.proration),
                Value::Money(l.earned),
                opt(l.paid_to_date, Value::Money),
                text(l.reason.as_ref().map(|r| w.reason(r)).unwrap_or_default()),
            ];
            row.extend(pay);
            rows.push(row);
        }
    }
    // the CSV's columns, with the payee's name after their id
    let mut header: Vec<&str> = vec!["payee", "name"];
    header.extend(&super::csv::HEADER[1..]);
    if paying {
        header.extend(super::csv::PAY_HEADER);
    }
    sheet(&mut book, "statements", &header, rows, &f)?;

    let mut rows = Vec::new();
    for s in &report.statements {
        for l in &s.lines {
            for r in &l.records {
                rows.push(vec![
                    text(&s.payee),
                    text(&s.plan),
                    text(s.period.to_string()),
                    text(l.id.to_string()),
                    text(&r.id),
                    r.date.map_or(Value::Empty, Value::Date),
                    Value::Number(Decimal::from(r.line)),
                    opt(r.amount, Value::Number),
                    opt(r.rate, Value::Percent),
                    text(
                        w.record_band(r)
                            .or_else(|| w.record_note(r))
                            .unwrap_or_default(),
                    ),
                    opt(r.payout, Value::Money),
                ]);
            }
        }
    }
    if !rows.is_empty() {
        sheet(
            &mut book,
            "lines",
            &[
                "payee",
                "plan",
                "period",
                "component",
                "id",
                "date",
                "line",
                "amount",
                "rate",
                "band",
                "payout",
            ],
            rows,
            &f,
        )?;
    }

    let mut rows = Vec::new();
    for r in &report.reconciliation {
        let row = |status: String, n: u64| {
            vec![
                text(&r.source),
                text(&r.file),
                text(status),
                Value::Number(Decimal::from(n)),
            ]
        };
        rows.push(row("read".into(), r.rows_read));
        rows.push(row("credited".into(), r.credited));
        for e in &r.excluded {
            rows.push(row(w.excluded(e.reason), e.rows));
        }
    }
    sheet(
        &mut book,
        "reconciliation",
        &["source", "file", "status", "rows"],
        rows,
        &f,
    )?;

    payroll_sheet(&mut book, report, &f)?;
    book.save_to_buffer()
}

/// The payroll sheet alone: one row per payee, as `--format payroll` writes it.
pub fn payroll(report: &CalcReport) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&report.currency, report.minor_unit);
    let mut book = Workbook::new();
    payroll_sheet(&mut book, report, &f)?;
    book.save_to_buffer()
}

fn payroll_sheet(book: &mut Workbook, report: &CalcReport, f: &Formats) -> Result<(), XlsxError> {
    let rows = report
        .payees
        .iter()
        .map(|p| {
            vec![
                text(&p.payee),
                text(&p.name),
                text(report.period.to_string()),
                // in the payee's pay currency (rule 26): a number, the money format being the
                // workspace currency's
                match &p.currency {
                    Some(_) => Value::Number(p.total),
                    None => Value::Money(p.total),
                },
                text(p.currency.as_deref().unwrap_or(&report.currency)),
            ]
        })
        .collect();
    sheet(
        book,
        "payroll",
        &["payee", "name", "period", "amount", "currency"],
        rows,
        f,
    )
}

/// A diff: sheet `diff` with the CSV's columns (current, proposed and delta as amounts, change as
/// a percentage), and sheet `plans` with the plans compared and their files.
pub fn diff(r: &crate::diff::DiffReport) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&r.currency, comp_core::num::minor_unit(&r.currency));
    let mut book = Workbook::new();
    let rows = r
        .rows
        .iter()
        .map(|row| {
            vec![
                text(&row.payee),
                text(&row.name),
                text(&row.plan),
                Value::Money(row.current),
                Value::Money(row.proposed),
                Value::Money(row.delta),
                opt(row.change, Value::Percent),
            ]
        })
        .collect();
    sheet(
        &mut book,
        "diff",
        &[
            "payee", "name", "plan", "current", "proposed", "delta", "change",
        ],
        rows,
        &f,
    )?;
    let rows = r
        .plans
        .iter()
        .map(|p| {
            vec![
                text(&p.roster),
                text(&p.current),
                text(&p.current_file),
                text(&p.proposed),
                text(&p.proposed_file),
            ]
        })
        .collect();
    sheet(
        &mut book,
        "plans",
        &[
            "roster_plan",
            "current",
            "current_file",
            "proposed",
            "proposed_file",
        ],
        rows,
        &f,
    )?;
    book.save_to_buffer()
}

/// A projection: sheet `projection` with the CSV's columns, typed.
pub fn whatif(p: &crate::whatif::Projection) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&p.currency, comp_core::num::minor_unit(&p.currency));
    let mut book = Workbook::new();
    let rows = p
        .rows
        .iter()
        .map(|r| {
            vec![
                opt(r.point, Value::Percent),
                text(r.level),
                text(&r.id),
                text(&r.name),
                text(&r.plan),
                text(&r.team),
                text(r.hire.to_string()),
                Value::Number(Decimal::from(r.payees)),
                text(r.measure.as_deref().unwrap_or("")),
                opt(r.value, Value::Number),
                opt(r.target, Value::Number),
                opt(r.attainment, Value::Percent),
                Value::Money(r.revenue),
                Value::Money(r.payout),
                opt(r.p10, Value::Money),
                opt(r.p50, Value::Money),
                opt(r.p90, Value::Money),
                opt(r.cost_of_sales, Value::Percent),
                opt(r.at_or_above_100, Value::Percent),
                Value::Percent(r.capped),
            ]
        })
        .collect();
    sheet(&mut book, "projection", &super::whatif::COLUMNS, rows, &f)?;
    book.save_to_buffer()
}

/// An accrual: sheet `accrual` with the CSV's columns, typed.
pub fn accrual(rows: &[crate::accrual::AccrualRow], currency: &str) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(currency, comp_core::num::minor_unit(currency));
    let mut book = Workbook::new();
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                text(&r.payee),
                text(&r.plan),
                text(r.period.to_string()),
                text(&r.component),
                Value::Money(r.to_date),
                Value::Money(r.previous),
                Value::Money(r.change),
            ]
        })
        .collect();
    sheet(
        &mut book,
        "accrual",
        &super::finance::ACCRUAL_COLUMNS,
        rows,
        &f,
    )?;
    book.save_to_buffer()
}

/// An amortization schedule: sheet `months` (the CSV's columns without `--lines`) and, when the
/// entries were asked for, sheet `contracts` (its columns with `--lines`).
pub fn amortization(
    months: &[crate::finance::MonthTotal],
    entries: Option<&[crate::finance::Entry]>,
    currency: &str,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(currency, comp_core::num::minor_unit(currency));
    let mut book = Workbook::new();
    use super::finance::{AMORTIZED, CONTRACT_KEYS};
    let amounts = |a: [Decimal; 5]| a.into_iter().map(Value::Money);
    let rows = months
        .iter()
        .map(|m| {
            std::iter::once(text(m.month.to_string()))
                .chain(amounts([
                    m.capitalised,
                    m.expense,
                    m.immediate,
                    m.reversed,
                    m.closing,
                ]))
                .collect()
        })
        .collect();
    let header: Vec<&str> = std::iter::once("month").chain(AMORTIZED).collect();
    sheet(&mut book, "months", &header, rows, &f)?;
    if let Some(entries) = entries {
        let rows = entries
            .iter()
            .map(|e| {
                [text(e.month.to_string()), text(&e.contract), text(&e.payee)]
                    .into_iter()
                    .chain(amounts([
                        e.capitalised,
                        e.expense,
                        e.immediate,
                        e.reversed,
                        e.closing,
                    ]))
                    .collect()
            })
            .collect();
        let header: Vec<&str> = CONTRACT_KEYS.into_iter().chain(AMORTIZED).collect();
        sheet(&mut book, "contracts", &header, rows, &f)?;
    }
    book.save_to_buffer()
}
