//! JSON: the whole report, statements and reconciliation, with decimals as strings so no reader
//! turns money into binary floating point.
//!
//! The document is written from view structs below rather than by serializing the report: the
//! report holds typed notes and reasons, and the document holds their words. The views keep the
//! fields, their order and their names, which are the document's contract. Lists are viewed item by
//! item as they are written ([`Each`]), so a year of record lines is never held twice.

use super::words::words;
use crate::data::Duplicate;
use crate::period::Period;
use crate::plan::{PlanBasis, Unit};
use crate::report::{
    CalcReport, ComponentLine, Exclusion, Explanation, Note, Original, Pay, PayeeTotal, Raised,
    RecordCase, RecordLine, SourceReconciliation, Statement, UnknownPayee,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::io::{self, Write};

pub fn report<W: Write>(report: &CalcReport, mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, &Report::of(report))?;
    writeln!(out)
}

/// A list written through a view of each item, made as the item is written.
struct Each<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for Each<'a, T, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(self.1))
    }
}

#[derive(Serialize)]
struct Report<'a> {
    period: Period,
    currency: &'a str,
    minor_unit: u32,
    rounding: &'a str,
    statements: Each<'a, Statement, StatementView<'a>>,
    payees: &'a [PayeeTotal],
    total: Decimal,
    /// What is paid in each currency, when some payee is paid in another than the workspace's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pay_totals: Vec<PayTotal<'a>>,
    reconciliation: Each<'a, SourceReconciliation, Reconciliation<'a>>,
    notes: Each<'a, Note, String>,
}

impl<'a> Report<'a> {
    fn of(r: &'a CalcReport) -> Report<'a> {
        Report {
            period: r.period,
            currency: &r.currency,
            minor_unit: r.minor_unit,
            rounding: r.rounding,
            statements: Each(&r.statements, StatementView::of),
            payees: &r.payees,
            total: r.total,
            pay_totals: r
                .pay_totals
                .iter()
                .map(|(currency, total)| PayTotal {
                    currency,
                    total: *total,
                })
                .collect(),
            reconciliation: Each(&r.reconciliation, Reconciliation::of),
            notes: Each(&r.notes, |n| words().note(n)),
        }
    }
}

/// What is paid in one currency (rule 26).
#[derive(Serialize)]
struct PayTotal<'a> {
    currency: &'a str,
    total: Decimal,
}

#[derive(Serialize)]
struct StatementView<'a> {
    payee: &'a str,
    name: &'a str,
    plan: &'a str,
    period: Period,
    start: NaiveDate,
    end: NaiveDate,
    target_incentive: Decimal,
    active_days: i64,
    period_days: i64,
    proration: Decimal,
    basis: PlanBasis,
    closed: bool,
    lines: Each<'a, ComponentLine, Line<'a>>,
    total: Decimal,
    draw_balance: Option<Decimal>,
    carry_balance: Option<Decimal>,
    /// The plan's own rounding mode, when it is not the report's `rounding`.
    #[serde(skip_serializing_if = "Option::is_none")]
    rounding: Option<&'static str>,
    /// The statement in the payee's pay currency (rule 26), when not the workspace's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pay: Option<&'a Pay>,
}

impl<'a> StatementView<'a> {
    fn of(s: &'a Statement) -> StatementView<'a> {
        StatementView {
            payee: &s.payee,
            name: &s.name,
            plan: &s.plan,
            period: s.period,
            start: s.start,
            end: s.end,
            target_incentive: s.target_incentive,
            active_days: s.active_days,
            period_days: s.period_days,
            proration: s.proration,
            basis: s.basis,
            closed: s.closed,
            lines: Each(&s.lines, Line::of),
            total: s.total,
            draw_balance: s.draw_balance,
            carry_balance: s.carry_balance,
            rounding: s.rounding,
            pay: s.pay.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct Line<'a> {
    component: String,
    kind: &'a str,
    measure: Option<&'a str>,
    value: Option<Decimal>,
    unit: Option<Unit>,
    target: Option<Decimal>,
    attainment: Option<Decimal>,
    component_ti: Option<Decimal>,
    uncapped: Decimal,
    cap: Option<Decimal>,
    cap_removed: Decimal,
    earned: Decimal,
    paid_to_date: Option<Decimal>,
    payout: Decimal,
    reason: Option<String>,
    explanation: &'a Explanation,
    records: Each<'a, RecordLine, Record<'a>>,
}

impl<'a> Line<'a> {
    fn of(l: &'a ComponentLine) -> Line<'a> {
        Line {
            component: l.id.to_string(),
            kind: l.kind.name(),
            measure: l.measure.as_deref(),
            value: l.value,
            unit: l.unit,
            target: l.target,
            attainment: l.attainment,
            component_ti: l.component_ti,
            uncapped: l.uncapped,
            cap: l.cap,
            cap_removed: l.cap_removed,
            earned: l.earned,
            paid_to_date: l.paid_to_date,
            payout: l.payout,
            reason: l.reason.as_ref().map(|r| words().reason(r)),
            explanation: &l.explanation,
            records: Each(&l.records, Record::of),
        }
    }
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    date: Option<NaiveDate>,
    line: u64,
    amount: Option<Decimal>,
    rate: Option<Decimal>,
    band: Option<String>,
    uncapped: Option<Decimal>,
    payout: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original: Option<&'a Original>,
    /// For a commission by cases: which case paid the record (its number) or `"no_case"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<RecordCase>,
    /// A line a floor or minimum raised: from what, and which.
    #[serde(skip_serializing_if = "Option::is_none")]
    raised: Option<&'a Raised>,
}

impl<'a> Record<'a> {
    fn of(r: &'a RecordLine) -> Record<'a> {
        Record {
            id: &r.id,
            date: r.date,
            line: r.line,
            amount: r.amount,
            rate: r.rate,
            band: words().record_band(r),
            uncapped: r.uncapped,
            payout: r.payout,
            note: words().record_note(r),
            original: r.original.as_ref(),
            case: r.case,
            raised: r.raised.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct Reconciliation<'a> {
    source: &'a str,
    file: &'a str,
    rows_read: u64,
    credited: u64,
    excluded: Each<'a, Exclusion, Excluded>,
    unknown_payees: &'a [UnknownPayee],
    duplicates: &'a [Duplicate],
    /// The first lines of the rows read by no measure.
    read_by_no_measure: &'a [u64],
}

#[derive(Serialize)]
struct Excluded {
    reason: String,
    rows: u64,
}

impl<'a> Reconciliation<'a> {
    fn of(r: &'a SourceReconciliation) -> Reconciliation<'a> {
        Reconciliation {
            source: &r.source,
            file: &r.file,
            rows_read: r.rows_read,
            credited: r.credited,
            excluded: Each(&r.excluded, |e| Excluded {
                reason: words().excluded(e.reason),
                rows: e.rows,
            }),
            unknown_payees: &r.unknown_payees,
            duplicates: &r.duplicates,
            read_by_no_measure: &r.unread_lines,
        }
    }
}
