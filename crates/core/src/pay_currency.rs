//! Pay currency per payee (rule 26). The engine computes in the workspace currency; a payee whose
//! roster row names another currency is paid in it: each statement line's payout (already rounded
//! in the workspace currency, the figure the ledger subtracts later) is divided by the rate in
//! force on the period's last day and rounded once in the pay currency. The statement's total in
//! the pay currency is the sum of its converted lines, as the ledger records them.
//!
//! diff, what-if, accrue and amortize model costs and stay in the workspace currency: only the
//! statements of a calculation are converted, after it.

use crate::data::{Ledger, LedgerRow, Roster};
use crate::diag::{Diagnostic, Invalid, Location};
use crate::num::{self, Money};
use crate::report::{CalcReport, Pay, PayeeTotal, Statement};
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Converts the statements of payees paid in another currency, and the payees' totals; the
/// company total stays in the workspace currency (from the unconverted amounts), and
/// `pay_totals` says what is paid in each currency. A missing rate is an error naming the payee,
/// the currency and the date, never a zero or a rate of 1.
pub fn convert(
    report: &mut CalcReport,
    ws: &Workspace,
    roster: &Roster,
    ledger: &Ledger,
) -> Result<(), Invalid> {
    if !roster.pays_other_currencies() {
        return Ok(());
    }
    let mut diags = Vec::new();
    for s in &mut report.statements {
        let Some(i) = roster.assignment_on(&s.payee, &s.plan, s.start, s.end) else {
            continue;
        };
        let Some(currency) = roster.pay_currency(i) else {
            continue;
        };
        let money = Money {
            minor_unit: num::minor_unit(currency),
            rounding: ws
                .plan(&s.plan)
                .and_then(|p| p.rounding)
                .unwrap_or(ws.money.rounding),
        };
        match pay(s, currency, money, roster, ledger) {
            Ok(p) => s.pay = Some(p),
            Err(d) => diags.push(d.at(roster.payees[i].loc.clone())),
        }
        // a year of monthly statements without a rate says so once a month: ten are enough
        if diags.len() >= 10 {
            break;
        }
    }
    if !diags.is_empty() {
        return Err(Invalid(diags));
    }
    report.payees = payee_totals(&report.statements)?;
    report.pay_totals = pay_totals(&report.statements, &ws.currency)?;
    Ok(())
}

/// A statement in `currency`: a closed period as its ledger rows recorded it, an open one at the
/// rate in force on the period's last day.
fn pay(
    s: &Statement,
    currency: &str,
    money: Money,
    roster: &Roster,
    ledger: &Ledger,
) -> Result<Pay, Diagnostic> {
    if s.closed {
        if let Some(p) = recorded(s, currency, money, ledger) {
            return Ok(p);
        }
    }
    let day = s.period.end();
    let Some((rate_date, rate)) = roster.fx().and_then(|f| f.rate_on(currency, day)) else {
        return Err(Diagnostic::new(format!(
            "no FX rate for {currency} on or before {day} to pay payee {} (plan {}, {})",
            s.payee, s.plan, s.period
        ))
        .hint(match roster.fx() {
            Some(_) => format!(
                "payee {} is paid in {currency} (the roster's currency column): add a {currency} rate dated on or before {day}, the period's last day, to the fx source",
                s.payee
            ),
            None => format!(
                "payee {} is paid in {currency} (the roster's currency column): add a [sources.fx] table (date, currency, rate) with {currency} rates to comp.toml",
                s.payee
            ),
        }));
    };
    let too_large = || {
        Diagnostic::new(format!(
            "the pay of payee {} in {currency} for {} is too large to convert at {rate}",
            s.payee, s.period
        ))
        .hint("check the fx source's rate for this currency")
    };
    let mut lines = Vec::with_capacity(s.lines.len());
    for l in &s.lines {
        let converted = l.payout.checked_div(rate).ok_or_else(too_large)?;
        lines.push(money.round(converted));
    }
    let total = sum(&lines).ok_or_else(too_large)?;
    Ok(Pay {
        currency: currency.to_string(),
        minor_unit: money.minor_unit,
        rate,
        rate_date: Some(rate_date),
        lines,
        total: money.round(total),
    })
}

/// A closed statement as the ledger paid it, when every line has a row in `currency` with one
/// rate (a period closed before the payee was paid in it has none: it is converted as open).
fn recorded(s: &Statement, currency: &str, money: Money, ledger: &Ledger) -> Option<Pay> {
    let rows: Vec<&LedgerRow> = ledger
        .rows_of(&s.plan, &s.payee)
        .filter(|r| r.period == s.period)
        .collect();
    let mut rate = None;
    let mut lines = Vec::with_capacity(s.lines.len());
    for l in &s.lines {
        let paid = rows
            .iter()
            .find(|r| r.component == l.id)?
            .paid_in
            .as_ref()
            .filter(|p| p.currency == currency)?;
        if rate.is_some_and(|r| r != paid.rate) {
            return None;
        }
        rate = Some(paid.rate);
        lines.push(paid.amount);
    }
    let total = money.round(sum(&lines)?);
    Some(Pay {
        currency: currency.to_string(),
        minor_unit: money.minor_unit,
        rate: rate?,
        rate_date: None,
        lines,
        total,
    })
}

fn sum(xs: &[Decimal]) -> Option<Decimal> {
    xs.iter()
        .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(*x))
}

/// What each payee is paid, in their pay currency: one total per payee and currency (two only
/// for a payee whose currency changes inside the period, with their assignment).
fn payee_totals(statements: &[Statement]) -> Result<Vec<PayeeTotal>, Invalid> {
    let mut out: Vec<PayeeTotal> = Vec::new();
    for s in statements {
        let (total, currency) = match &s.pay {
            Some(p) => (p.total, Some(p.currency.clone())),
            None => (s.total, None),
        };
        match out
            .iter_mut()
            .rev()
            .take_while(|p| p.payee == s.payee)
            .find(|p| p.currency == currency)
        {
            Some(p) => {
                p.total = p.total.checked_add(total).ok_or_else(|| {
                    Invalid(vec![Diagnostic::new(format!(
                        "the total of payee {} is too large",
                        s.payee
                    ))])
                })?
            }
            None => out.push(PayeeTotal {
                payee: s.payee.clone(),
                name: s.name.clone(),
                total,
                currency,
            }),
        }
    }
    Ok(out)
}

/// What is paid in each currency: the workspace's first (its statements' totals), then each pay
/// currency by code (the converted totals). Amounts in different currencies are never added.
fn pay_totals(
    statements: &[Statement],
    workspace: &str,
) -> Result<Vec<(String, Decimal)>, Invalid> {
    let mut by: BTreeMap<&str, Decimal> = BTreeMap::new();
    for s in statements {
        let (currency, total) = match &s.pay {
            Some(p) => (p.currency.as_str(), p.total),
            None => (workspace, s.total),
        };
        let t = by.entry(currency).or_default();
        *t = t.checked_add(total).ok_or_else(|| {
            Invalid(vec![Diagnostic::new(format!(
                "the total paid in {currency} is too large to compute"
            ))])
        })?;
    }
    let mut out: Vec<(String, Decimal)> = Vec::new();
    if let Some(t) = by.remove(workspace) {
        out.push((workspace.to_string(), t));
    }
    out.extend(by.into_iter().map(|(c, t)| (c.to_string(), t)));
    Ok(out)
}

/// Checks that each ledger row is in its payee's pay currency for its period (the currency of
/// the payee's assignment on the row's plan in that period): a row in another currency would
/// make a true-up subtract what it did not pay. Rows of payees no longer on the plan are not
/// checked.
pub fn check_ledger(ledger: &Ledger, roster: &Roster, ws: &Workspace) -> Result<(), Invalid> {
    let mut diags = Vec::new();
    for r in ledger.rows() {
        if r.paid_in.is_none() && !roster.pays_other_currencies() {
            continue;
        }
        let Some(i) = roster.assignment_on(&r.payee, &r.plan, r.period.start, r.period.end())
        else {
            continue;
        };
        let expected = roster.pay_currency(i).unwrap_or(&ws.currency);
        let written = r
            .paid_in
            .as_ref()
            .map_or(ws.currency.as_str(), |p| &p.currency);
        if written != expected {
            diags.push(
                Diagnostic::new(format!(
                    "ledger line {} pays payee {} in {written} for {} (plan {}): the roster pays them in {expected}",
                    r.line, r.payee, r.period, r.plan
                ))
                .at(Location {
                    file: ledger.path.clone(),
                    line: r.line as usize,
                    col: 1,
                    snippet: None,
                })
                .hint(format!(
                    "a closed period keeps the currency it was paid in: to pay payee {} in {expected} from a date, end their roster row the day before and start a new row with currency {expected} on that date (roster line {})",
                    r.payee, roster.payees[i].loc.line
                )),
            );
            if diags.len() >= 10 {
                break;
            }
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Invalid(diags))
    }
}
