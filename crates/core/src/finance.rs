//! Finance: commission costs capitalised and amortised (ASC 340-40, IFRS 15), as plain data.
//!
//! An incremental cost of obtaining a contract (a commission paid because a contract was signed)
//! is capitalised when it is incurred and expensed straight-line over the contract's term from the
//! month the contract starts. Each month's expense is the cost over the term, rounded once to the
//! currency's minor unit; the last month takes what remains, so a schedule always sums to the cost
//! (SEMANTICS.md rule 22), and no month expenses more than what remains. A term of 12 months or
//! less is expensed at once when the workspace opts for the practical expedient. A clawback
//! reverses the unamortised balance in its month: what was expensed before stays expensed.

use crate::diag::{Diagnostic, Invalid};
use crate::num::Money;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

/// One capitalisable cost: a commission paid on one contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contract {
    pub id: String,
    pub payee: String,
    pub cost: Decimal,
    /// The contract's start: its month is the first month of expense.
    pub start: NaiveDate,
    pub term_months: u32,
    /// The commission was clawed back on this date: the balance left is reversed that month.
    pub clawback: Option<NaiveDate>,
}

/// A calendar month, as (year, month 1-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn plus(self, n: u32) -> Month {
        let k = self.year * 12 + self.month as i32 - 1 + n as i32;
        Month {
            year: k.div_euclid(12),
            month: k.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a month")
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What happens to one contract's cost in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub month: Month,
    pub contract: String,
    pub payee: String,
    /// Capitalised this month (the cost, in the start month, unless expensed at once).
    pub capitalised: Decimal,
    /// Amortised this month: the month's share of the cost.
    pub expense: Decimal,
    /// Expensed at once, never capitalised (the practical expedient).
    pub immediate: Decimal,
    /// The unamortised balance reversed by a clawback.
    pub reversed: Decimal,
    /// What remains capitalised at the end of the month.
    pub closing: Decimal,
}

/// How costs are treated.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub money: Money,
    /// Terms of 12 months or less are expensed at once (the practical expedient).
    pub expedient: bool,
}

/// One month of one contract's schedule, without the contract's names (a book of a million
/// contracts adds these up without copying them).
#[derive(Debug, Clone, Copy)]
struct Step {
    month: Month,
    capitalised: Decimal,
    expense: Decimal,
    immediate: Decimal,
    reversed: Decimal,
    closing: Decimal,
}

/// The months of one contract's schedule, in order, until its balance is nil.
fn steps(c: &Contract, policy: Policy, f: &mut dyn FnMut(Step)) -> Result<(), Invalid> {
    if c.term_months == 0 {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "contract {} has a term of 0 months",
            c.id
        ))
        .hint("a term is a whole number of months, at least 1")]));
    }
    let start = Month::of(c.start);
    let clawed = c.clawback.map(Month::of);
    let zero = Step {
        month: start,
        capitalised: Decimal::ZERO,
        expense: Decimal::ZERO,
        immediate: Decimal::ZERO,
        reversed: Decimal::ZERO,
        closing: Decimal::ZERO,
    };
    if policy.expedient && c.term_months <= 12 {
        f(Step {
            immediate: c.cost,
            ..zero
        });
        return Ok(());
    }
    let monthly = policy.money.round(
        c.cost
            .checked_div(Decimal::from(c.term_months))
            .ok_or_else(|| {
                Invalid(vec![Diagnostic::new(format!(
                    "the cost of contract {} is too large to amortise exactly",
                    c.id
                ))])
            })?,
    );
    let mut balance = c.cost;
    for n in 0..c.term_months {
        let mut e = Step {
            month: start.plus(n),
            ..zero
        };
        if n == 0 {
            e.capitalised = c.cost;
        }
        // a clawback before the contract starts, or in a month of its term, ends the schedule
        if clawed.is_some_and(|m| m <= e.month) {
            e.reversed = balance;
            f(e);
            return Ok(());
        }
        // the last month takes what remains; no month takes more than what remains
        e.expense = if n + 1 == c.term_months {
            balance
        } else {
            monthly.min(balance)
        };
        balance -= e.expense;
        e.closing = balance;
        f(e);
    }
    // a clawback after the term has nothing left to reverse
    Ok(())
}

/// A step of contract `c` as an entry, every amount at the currency's scale (the amounts are whole
/// cents already: this only writes them so, 0.00 rather than 0).
fn entry(c: &Contract, s: Step, money: Money) -> Entry {
    Entry {
        month: s.month,
        contract: c.id.clone(),
        payee: c.payee.clone(),
        capitalised: money.round(s.capitalised),
        expense: money.round(s.expense),
        immediate: money.round(s.immediate),
        reversed: money.round(s.reversed),
        closing: money.round(s.closing),
    }
}

/// One contract's schedule, month after month until its balance is nil.
pub fn schedule(c: &Contract, policy: Policy) -> Result<Vec<Entry>, Invalid> {
    let mut out = Vec::with_capacity(c.term_months as usize);
    steps(c, policy, &mut |s| out.push(entry(c, s, policy.money)))?;
    Ok(out)
}

/// A month of the whole book: what was capitalised, expensed and reversed, and the balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthTotal {
    pub month: Month,
    pub capitalised: Decimal,
    pub expense: Decimal,
    pub immediate: Decimal,
    pub reversed: Decimal,
    pub closing: Decimal,
}

/// The book's months from `from` to `to` (both included): the balance at the end of each month
/// includes every contract that started before it. With `lines`, each contract's entries in those
/// months too (sorted by month and contract).
pub fn book(
    contracts: &[Contract],
    policy: Policy,
    from: Month,
    to: Month,
    lines: bool,
) -> Result<(Vec<MonthTotal>, Vec<Entry>), Invalid> {
    let money = policy.money;
    let mut totals = Vec::new();
    let mut m = from;
    while m <= to {
        totals.push(MonthTotal {
            month: m,
            capitalised: money.round(Decimal::ZERO),
            expense: money.round(Decimal::ZERO),
            immediate: money.round(Decimal::ZERO),
            reversed: money.round(Decimal::ZERO),
            closing: Decimal::ZERO,
        });
        m = m.plus(1);
    }
    let index =
        |m: Month| ((m.year - from.year) * 12 + m.month as i32 - from.month as i32) as usize;
    // the balance brought into `from`: everything capitalised and not yet expensed or reversed
    let mut brought = Decimal::ZERO;
    let mut entries = Vec::new();
    for c in contracts {
        steps(c, policy, &mut |s| {
            if s.month < from {
                brought += s.capitalised - s.expense - s.reversed;
            } else if s.month <= to {
                let t = &mut totals[index(s.month)];
                t.capitalised += s.capitalised;
                t.expense += s.expense;
                t.immediate += s.immediate;
                t.reversed += s.reversed;
                if lines {
                    entries.push(entry(c, s, money));
                }
            }
        })?;
    }
    let mut closing = brought;
    for t in totals.iter_mut() {
        closing += t.capitalised - t.expense - t.reversed;
        // whole cents already: written at the currency's scale (0.00, not 0)
        t.capitalised = money.round(t.capitalised);
        t.expense = money.round(t.expense);
        t.immediate = money.round(t.immediate);
        t.reversed = money.round(t.reversed);
        t.closing = money.round(closing);
    }
    entries.sort_by(|a, b| (a.month, &a.contract).cmp(&(b.month, &b.contract)));
    Ok((totals, entries))
}

/// Where a contract's term is read: a record field holding months, or an end date.
#[derive(Debug, Clone, Copy)]
pub enum Term {
    Months(usize),
    EndDate(usize),
}

/// Commissions that were not capitalised, by plan and component: paid on a period's total (not on
/// one contract) or on records of another source. They are expensed as incurred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCapitalised {
    pub plan: String,
    pub component: String,
    pub amount: Decimal,
}

/// The contracts behind a calculation's commissions paid per record of `table`: one per payee and
/// record (what several components pay on one record adds up), the contract starting at the
/// record's date, its term read from the record. A clawback line dates its contract's clawback.
pub fn contracts(
    reports: &[&crate::report::CalcReport],
    ws: &crate::workspace::Workspace,
    table: &crate::data::RecordTable,
    term: Term,
) -> Result<(Vec<Contract>, Vec<NotCapitalised>), Invalid> {
    use std::collections::{BTreeMap, HashMap};
    let rows: HashMap<&str, usize> = (0..table.len()).map(|r| (table.id(r as u32), r)).collect();
    let mut by_key: BTreeMap<(String, String), Contract> = BTreeMap::new();
    let mut clawbacks: Vec<((String, String), NaiveDate)> = Vec::new();
    let mut not: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    let mut missing: Vec<String> = Vec::new();
    for report in reports {
        for s in &report.statements {
            let plan = ws.plan(&s.plan);
            for l in &s.lines {
                // a clawback line's records are of the plan's clawback source
                let clawback = l.records.iter().any(|r| r.clawback.is_some());
                let source = plan.and_then(|p| {
                    if clawback {
                        return p.clawback.as_ref().map(|c| c.source.as_str());
                    }
                    let m = l.measure.as_deref()?;
                    p.measures
                        .iter()
                        .find(|x| x.id == m)
                        .map(|x| x.source.as_str())
                });
                let per_record = l.records.iter().any(|r| r.payout.is_some());
                if !per_record || source != Some(table.source.as_str()) {
                    if !l.payout.is_zero() {
                        *not.entry((s.plan.clone(), l.id.to_string())).or_default() += l.payout;
                    }
                    continue;
                }
                for r in &l.records {
                    let Some(paid) = r.payout.filter(|p| !p.is_zero()) else {
                        continue;
                    };
                    let key = (s.payee.clone(), r.id.clone());
                    if r.clawback.is_some() {
                        clawbacks.push((key, r.date.unwrap_or(s.end)));
                        continue;
                    }
                    let Some(&row) = rows.get(r.id.as_str()) else {
                        continue;
                    };
                    let start = r.date.unwrap_or(s.start);
                    let months = match term {
                        Term::Months(f) => table.decimals(f)[row]
                            .filter(|m| m.is_integer() && *m >= Decimal::ONE)
                            .and_then(|m| u32::try_from(m).ok()),
                        Term::EndDate(f) => table.dates(f)[row].and_then(|end| {
                            let (a, b) = (Month::of(start), Month::of(end));
                            let n =
                                (b.year * 12 + b.month as i32) - (a.year * 12 + a.month as i32) + 1;
                            u32::try_from(n).ok().filter(|n| *n >= 1)
                        }),
                    };
                    let Some(months) = months else {
                        missing.push(r.id.clone());
                        continue;
                    };
                    let c = by_key.entry(key).or_insert_with(|| Contract {
                        id: r.id.clone(),
                        payee: s.payee.clone(),
                        cost: Decimal::ZERO,
                        start,
                        term_months: months,
                        clawback: None,
                    });
                    c.cost += paid;
                }
            }
        }
    }
    if !missing.is_empty() {
        missing.sort();
        missing.dedup();
        let n = missing.len();
        missing.truncate(10);
        return Err(Invalid(vec![Diagnostic::new(format!(
            "{n} record(s) of `{}` paid a commission but have no term to amortise it over: {}",
            table.source,
            missing.join(", ")
        ))
        .hint("give each a whole number of months of at least 1 (or an end date not before its start)")]));
    }
    for (key, date) in clawbacks {
        if let Some(c) = by_key.get_mut(&key) {
            c.clawback = Some(c.clawback.map_or(date, |d| d.min(date)));
        }
    }
    let not = not
        .into_iter()
        .map(|((plan, component), amount)| NotCapitalised {
            plan,
            component,
            amount,
        })
        .collect();
    Ok((by_key.into_values().collect(), not))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Rounding;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn policy(expedient: bool) -> Policy {
        Policy {
            money: Money {
                minor_unit: 2,
                rounding: Rounding::HalfAwayFromZero,
            },
            expedient,
        }
    }

    fn contract(id: &str, cost: &str, start: &str, term: u32) -> Contract {
        Contract {
            id: id.into(),
            payee: "ana".into(),
            cost: d(cost),
            start: date(start),
            term_months: term,
            clawback: None,
        }
    }

    /// The example: 10,000.00 paid on a 24-month contract starting 2024-01-01.
    /// 10,000 / 24 = 416.666... -> 416.67 a month for 23 months (23 x 416.67 = 9,583.41), and the
    /// remainder 10,000.00 - 9,583.41 = 416.59 in the 24th month, December 2025.
    #[test]
    fn ten_thousand_over_24_months() {
        let s = schedule(&contract("C1", "10000.00", "2024-01-01", 24), policy(true)).unwrap();
        assert_eq!(s.len(), 24);
        assert_eq!(s[0].capitalised, d("10000.00"));
        assert!(s[..23].iter().all(|e| e.expense == d("416.67")));
        assert_eq!(
            s[23].month,
            Month {
                year: 2025,
                month: 12
            }
        );
        assert_eq!(s[23].expense, d("416.59"));
        assert_eq!(s[23].closing, d("0"));
        // after the first month: 10,000.00 - 416.67 = 9,583.33
        assert_eq!(s[0].closing, d("9583.33"));
        let total: Decimal = s.iter().map(|e| e.expense).sum();
        assert_eq!(total, d("10000.00"));
    }

    /// 12 months or less: all of it the first month under the practical expedient; otherwise
    /// 1,200.00 / 12 = 100.00 a month.
    #[test]
    fn the_practical_expedient_expenses_short_terms_at_once() {
        let c = contract("C2", "1200.00", "2024-03-15", 12);
        let s = schedule(&c, policy(true)).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].capitalised, s[0].expense, s[0].immediate, s[0].closing),
            (d("0"), d("0"), d("1200.00"), d("0"))
        );
        let s = schedule(&c, policy(false)).unwrap();
        assert_eq!(s.len(), 12);
        assert!(s.iter().all(|e| e.expense == d("100.00")));
        assert_eq!(
            s[11].month,
            Month {
                year: 2025,
                month: 2
            }
        );
    }

    /// A clawback in the 4th month of 3,600.00 over 36 months (100.00 a month): three months
    /// expensed (300.00), the 3,300.00 left reversed in the 4th, nothing after.
    #[test]
    fn a_clawback_reverses_the_unamortised_balance() {
        let mut c = contract("C3", "3600.00", "2024-01-10", 36);
        c.clawback = Some(date("2024-04-20"));
        let s = schedule(&c, policy(true)).unwrap();
        assert_eq!(s.len(), 4);
        assert_eq!(s[2].closing, d("3300.00"));
        assert_eq!(
            (s[3].expense, s[3].reversed, s[3].closing),
            (d("0"), d("3300.00"), d("0"))
        );
    }

    /// A month never expenses more than what remains: 0.05 over 10 months is 0.005 -> 0.01 a month
    /// for five months, then nothing.
    #[test]
    fn tiny_costs_never_go_negative() {
        let s = schedule(&contract("C4", "0.05", "2024-01-01", 10), policy(false)).unwrap();
        let e: Vec<Decimal> = s.iter().map(|e| e.expense).collect();
        assert!(e.iter().all(|x| *x >= Decimal::ZERO));
        assert_eq!(e.iter().copied().sum::<Decimal>(), d("0.05"));
        assert_eq!(e[4], d("0.01"));
        assert_eq!(e[5], d("0"));
    }

    /// The book over 2025 of C1 (above) and a 2,400.00 contract on 24 months from 2025-07 (100.00 a
    /// month). Brought in: 10,000.00 - 12 x 416.67 = 5,000.00 - 0.04 = 4,999.96. December 2025:
    /// C1's last 416.59 and C5's sixth 100.00; closing 2,400.00 - 6 x 100.00 = 1,800.00.
    #[test]
    fn the_book_carries_balances_into_the_months_asked_for() {
        let cs = [
            contract("C1", "10000.00", "2024-01-01", 24),
            contract("C5", "2400.00", "2025-07-01", 24),
        ];
        let from = Month {
            year: 2025,
            month: 1,
        };
        let to = Month {
            year: 2025,
            month: 12,
        };
        let (months, entries) = book(&cs, policy(true), from, to, true).unwrap();
        assert_eq!(months.len(), 12);
        // January: 4,999.96 brought in, 416.67 expensed: 4,583.29
        assert_eq!(months[0].closing, d("4583.29"));
        assert_eq!(months[6].capitalised, d("2400.00"));
        assert_eq!(months[11].expense, d("516.59"));
        assert_eq!(months[11].closing, d("1800.00"));
        assert_eq!(entries.len(), 12 + 6);
    }
}
