//! Accruals: the commission expense earned to date in a plan period that is still open (a quarter
//! or a year paid at its end), so finance can book it month by month before it is paid.
//!
//! The method: the open plan period computed as if it ended on the accrual date. Every payee is
//! taken as leaving on that date (SEMANTICS.md rule 13 then prorates their TI and every target by
//! calendar days: the target so far), and the records are those dated up to it (the measure so
//! far). The engine of `comp calc` does the rest: curves, rate tables, caps, draws. The month's
//! change is this accrual less the one at the end of the month before, when that month is in the
//! same plan period (at a period's first month, less nothing: the previous period was paid).

use crate::data::{Dataset, Ledger, Roster};
use crate::diag::Invalid;
use crate::engine::{self, Request};
use crate::period::{Frequency, Period};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// What one component of one payee's open plan period has earned to a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accrued {
    pub payee: String,
    pub plan: String,
    /// The open plan period.
    pub period: Period,
    pub component: String,
    pub amount: Decimal,
}

/// The plans an accrual is for: those whose periods may be open at a month's end (paid over more
/// than a month, or biweekly).
pub fn accrued_plans(ws: &Workspace) -> Vec<&str> {
    ws.plans
        .iter()
        .filter(|p| !matches!(p.frequency, Frequency::Month | Frequency::SemiMonth))
        .map(|p| p.id.as_str())
        .collect()
}

/// The plan period of `plan` (by id) that contains `d`.
pub fn open_period(ws: &Workspace, plan: &str, d: NaiveDate) -> Option<Period> {
    let p = ws.plan(plan)?;
    Period::containing(d, p.frequency, ws.fiscal)
}

/// What each component of the plans paid over more than a month has earned in its open period to
/// `as_of`, on `data` (whose records the caller has read up to `as_of`). With `within`, only the
/// plans whose open period at `as_of` is the one at `within` (the month before an accrual: a
/// period already paid counts for nothing).
pub fn accrued(
    ws: &Workspace,
    data: &Dataset,
    ledger: &Ledger,
    as_of: NaiveDate,
    within: Option<NaiveDate>,
) -> Result<Vec<Accrued>, Invalid> {
    // every payee leaves on the accrual date, at the latest
    let payees = data
        .roster
        .payees
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.end = Some(p.end.map_or(as_of, |e| e.min(as_of)));
            p
        })
        .collect();
    let cut = Dataset {
        roster: Roster::from_payees(payees),
        quotas: data.quotas.clone(),
        tables: data.tables.clone(),
        customers: data.customers.clone(),
    };
    // one request per open period (a quarter for quarterly plans, the year for yearly ones...)
    let mut by_period: Vec<(Period, Vec<String>)> = Vec::new();
    for plan in accrued_plans(ws) {
        let Some(p) = open_period(ws, plan, as_of) else {
            continue;
        };
        if within.is_some_and(|d| open_period(ws, plan, d) != Some(p)) {
            continue;
        }
        match by_period.iter_mut().find(|(q, _)| *q == p) {
            Some((_, plans)) => plans.push(plan.to_string()),
            None => by_period.push((p, vec![plan.to_string()])),
        }
    }
    let mut out = Vec::new();
    for (period, plans) in by_period {
        let req = Request {
            plans,
            ..Request::everyone(period)
        };
        let report = engine::calculate(ws, &cut, ledger, &req)?;
        for s in report.statements {
            for l in &s.lines {
                out.push(Accrued {
                    payee: s.payee.clone(),
                    plan: s.plan.clone(),
                    period: s.period,
                    component: l.id.to_string(),
                    amount: l.payout,
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.payee, &a.plan, &a.component).cmp(&(&b.payee, &b.plan, &b.component)));
    Ok(out)
}

/// One row of an accrual: to date, the month before (in the same plan period), and the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccrualRow {
    pub payee: String,
    pub plan: String,
    pub period: Period,
    pub component: String,
    pub to_date: Decimal,
    pub previous: Decimal,
    pub change: Decimal,
}

/// An accrual's totals over its rows: to date, the month before, the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AccrualTotals {
    pub to_date: Decimal,
    pub previous: Decimal,
    pub change: Decimal,
}

/// The totals of `rows`, at the currency's minor unit (0.00 with no rows). Each row is already
/// rounded, so the sums are exact and the change column adds up to the change of the total.
pub fn totals(rows: &[AccrualRow], money: crate::num::Money) -> AccrualTotals {
    let zero = money.round(Decimal::ZERO);
    rows.iter().fold(
        AccrualTotals {
            to_date: zero,
            previous: zero,
            change: zero,
        },
        |t, r| AccrualTotals {
            to_date: t.to_date + r.to_date,
            previous: t.previous + r.previous,
            change: t.change + r.change,
        },
    )
}

/// This month's accrual against the previous month's: a component in both (same payee, plan,
/// component and plan period) changes by the difference; one only in this month's is new. The
/// previous month's rows of another (paid) plan period count for nothing.
pub fn with_change(
    now: Vec<Accrued>,
    before: &[Accrued],
    money: crate::num::Money,
) -> Vec<AccrualRow> {
    now.into_iter()
        .map(|a| {
            let previous = before
                .iter()
                .find(|b| {
                    b.payee == a.payee
                        && b.plan == a.plan
                        && b.component == a.component
                        && b.period == a.period
                })
                .map_or(money.round(Decimal::ZERO), |b| b.amount);
            AccrualRow {
                change: money.round(a.amount - previous),
                payee: a.payee,
                plan: a.plan,
                period: a.period,
                component: a.component,
                to_date: a.amount,
                previous,
            }
        })
        .collect()
}
