//! CSV statements: one row per payee x plan period x component (a plan-cap cut is its own row), or
//! one row per credited record with `--lines`, or the reconciliation.

use super::csv_safe::{CsvStyle, Writer};
use super::words::words;
use super::{plain, ratio};
use crate::report::CalcReport;
use std::io::{self, Write};

/// The first eight columns are a contract: `payee,plan,period,component,value,target,attainment,payout`.
pub const HEADER: [&str; 18] = [
    "payee",
    "plan",
    "period",
    "component",
    "value",
    "target",
    "attainment",
    "payout",
    "kind",
    "measure",
    "component_ti",
    "uncapped",
    "cap",
    "cap_removed",
    "proration",
    "earned",
    "paid_to_date",
    "reason",
];

fn opt(d: Option<rust_decimal::Decimal>, f: fn(rust_decimal::Decimal) -> String) -> String {
    d.map(f).unwrap_or_default()
}

/// The columns of [`HEADER`] that hold numbers.
const STATEMENT_NUMBERS: [usize; 11] = [4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16];

/// The columns added when some payee is paid in another currency than the workspace's (rule 26):
/// the line's payout in the payee's pay currency (the workspace's for the others), and the rate.
pub const PAY_HEADER: [&str; 3] = ["pay_amount", "pay_currency", "pay_rate"];

pub fn statements<W: Write>(report: &CalcReport, style: CsvStyle, out: W) -> io::Result<()> {
    let paying = !report.pay_totals.is_empty();
    let numbers: Vec<usize> = STATEMENT_NUMBERS
        .iter()
        .copied()
        .chain(
            paying
                .then_some([HEADER.len(), HEADER.len() + 2])
                .into_iter()
                .flatten(),
        )
        .collect();
    let mut w = Writer::new(out, style).numbers(&numbers);
    if paying {
        w.write_record(HEADER.iter().chain(&PAY_HEADER))?;
    } else {
        w.write_record(HEADER)?;
    }
    for s in &report.statements {
        for (i, l) in s.lines.iter().enumerate() {
            let pay = paying.then(|| match &s.pay {
                Some(p) => [
                    p.lines[i].to_string(),
                    p.currency.clone(),
                    p.rate.to_string(),
                ],
                None => [l.payout.to_string(), report.currency.clone(), String::new()],
            });
            w.write_record(
                [
                    s.payee.as_str(),
                    s.plan.as_str(),
                    &s.period.to_string(),
                    &l.id.to_string(),
                    &opt(l.value, ratio),
                    &opt(l.target, ratio),
                    &opt(l.attainment, ratio),
                    &l.payout.to_string(),
                    l.kind.name(),
                    l.measure.as_deref().unwrap_or(""),
                    &l.component_ti
                        .map(|d| super::at_minor(d, report.minor_unit).to_string())
                        .unwrap_or_default(),
                    &l.uncapped.to_string(),
                    &opt(l.cap, |d| d.to_string()),
                    &l.cap_removed.to_string(),
                    &ratio(s.proration),
                    &l.earned.to_string(),
                    &opt(l.paid_to_date, |d| d.to_string()),
                    &l.reason
                        .as_ref()
                        .map(|r| words().reason(r))
                        .unwrap_or_default(),
                ]
                .iter()
                .copied()
                .chain(pay.iter().flatten().map(String::as_str)),
            )?;
        }
    }
    w.flush()
}

pub fn lines<W: Write>(report: &CalcReport, style: CsvStyle, out: W) -> io::Result<()> {
    // amount, rate, payout
    let mut w = Writer::new(out, style).numbers(&[7, 8, 10]);
    w.write_record([
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
    ])?;
    for s in &report.statements {
        for l in &s.lines {
            for r in &l.records {
                w.write_record([
                    s.payee.as_str(),
                    s.plan.as_str(),
                    &s.period.to_string(),
                    &l.id.to_string(),
                    r.id.as_str(),
                    &r.date.map(|d| d.to_string()).unwrap_or_default(),
                    &r.line.to_string(),
                    &opt(r.amount, plain),
                    &opt(r.rate, plain),
                    // rows behind a KPI say what they are in the band column
                    &words()
                        .record_band(r)
                        .or_else(|| words().record_note(r))
                        .or_else(|| r.case.map(|c| words().record_case(c)))
                        .unwrap_or_default(),
                    &opt(r.payout, |d| d.to_string()),
                ])?;
            }
        }
    }
    w.flush()
}

pub fn reconciliation<W: Write>(report: &CalcReport, style: CsvStyle, out: W) -> io::Result<()> {
    // row counts are whole numbers: only the delimiter changes
    let mut w = Writer::new(out, style);
    w.write_record(["source", "file", "status", "rows"])?;
    for r in &report.reconciliation {
        w.write_record([&r.source, &r.file, "read", &r.rows_read.to_string()])?;
        w.write_record([&r.source, &r.file, "credited", &r.credited.to_string()])?;
        for e in &r.excluded {
            let why = words().excluded(e.reason);
            w.write_record([&r.source, &r.file, &why, &e.rows.to_string()])?;
        }
    }
    w.flush()
}

/// One row per payee with what they are paid for the period, for a payroll import.
pub fn payroll<W: Write>(report: &CalcReport, style: CsvStyle, out: W) -> io::Result<()> {
    // amount
    let mut w = Writer::new(out, style).numbers(&[3]);
    w.write_record(["payee", "name", "period", "amount", "currency"])?;
    for p in &report.payees {
        w.write_record([
            p.payee.as_str(),
            p.name.as_str(),
            &report.period.to_string(),
            &p.total.to_string(),
            // in the payee's pay currency (rule 26)
            p.currency.as_deref().unwrap_or(&report.currency),
        ])?;
    }
    w.flush()
}
