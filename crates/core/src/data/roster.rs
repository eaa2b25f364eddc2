//! The roster: who is paid, on which plan, from when to when, with which target incentive.
//!
//! Each row is an **assignment** (rule 20): a payee on a plan, with a TI, team and manager, from
//! its start date to its end date. A payee may hold several, one after the other (a promotion, a
//! raise, a move to another team): the rows of one payee never overlap, and a gap between two is
//! time off the plans. The roster keeps the assignments sorted by payee id, then start date, so a
//! payee's assignments sit side by side.

use super::FxRates;
use crate::diag::Location;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::ops::Range;

/// One assignment: a payee on a plan over a range of dates.
#[derive(Debug, Clone)]
pub struct Payee {
    pub id: String,
    pub name: String,
    pub plan: String,
    pub team: Option<String>,
    pub manager: Option<String>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub base: Option<Decimal>,
    /// Annual target incentive.
    pub target_incentive: Decimal,
    pub loc: Location,
}

impl Payee {
    pub fn employed_on(&self, d: NaiveDate) -> bool {
        d >= self.start && self.end.is_none_or(|e| d <= e)
    }

    pub fn employed_during(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.start <= end && self.end.is_none_or(|e| e >= start)
    }

    /// Calendar days of [start, end] the payee is employed (both inclusive; 0 when apart).
    pub fn days_in(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        let first = self.start.max(start);
        let last = self.end.map_or(end, |e| e.min(end));
        ((last - first).num_days() + 1).max(0)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// Assignments, sorted by payee id then start date.
    pub payees: Vec<Payee>,
    /// payee id -> its assignments' positions in `payees`
    index: HashMap<String, Range<usize>>,
    /// The pay currency of each assignment (rule 26), beside `payees`: None is the workspace's.
    /// Empty when no assignment is paid in another currency (the roster of most workspaces).
    pay_currency: Vec<Option<String>>,
    /// The FX rates pay currencies are converted at (the workspace's `fx` source, if any).
    fx: Option<FxRates>,
}

impl Roster {
    /// The first assignment of a payee: whether the payee is on the roster, and where.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|r| r.start)
    }

    /// The positions of a payee's assignments in `payees`, in date order (empty when not on it).
    pub fn assignments(&self, id: &str) -> Range<usize> {
        self.index.get(id).cloned().unwrap_or(0..0)
    }

    /// The assignment in force on `d` of the payee whose assignment `any` is: the one whose dates
    /// hold it (None in a gap, before the first or after the last).
    pub fn in_force(&self, any: usize, d: NaiveDate) -> Option<usize> {
        let p = &self.payees[any];
        // most payees hold one assignment: no lookup by id
        let alone = (any == 0 || self.payees[any - 1].id != p.id)
            && self.payees.get(any + 1).is_none_or(|n| n.id != p.id);
        if alone {
            return p.employed_on(d).then_some(any);
        }
        let range = self.assignments(&p.id);
        range.into_iter().find(|&i| self.payees[i].employed_on(d))
    }

    /// The currency assignment `i` is paid in, when not the workspace's (rule 26).
    pub fn pay_currency(&self, i: usize) -> Option<&str> {
        self.pay_currency.get(i).and_then(|c| c.as_deref())
    }

    /// Whether some assignment is paid in another currency than the workspace's.
    pub fn pays_other_currencies(&self) -> bool {
        self.pay_currency.iter().any(Option::is_some)
    }

    /// The FX rates the pay currencies are converted at.
    pub fn fx(&self) -> Option<&FxRates> {
        self.fx.as_ref()
    }

    /// Gives the roster the FX rates its pay currencies are converted at.
    pub fn set_fx(&mut self, fx: Option<FxRates>) {
        self.fx = fx;
    }

    /// The assignment of a payee on `plan` behind a statement of [start, end]: the latest one
    /// holding some day of it (a period spanning a change of plan has one statement per plan), or
    /// for a payee no longer on the plan (a leaver's later adjustment), the last one before it.
    pub fn assignment_on(
        &self,
        payee: &str,
        plan: &str,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Option<usize> {
        let on_plan = self
            .assignments(payee)
            .rev()
            .filter(|&i| self.payees[i].plan == plan);
        on_plan
            .clone()
            .find(|&i| self.payees[i].employed_during(start, end))
            .or_else(|| on_plan.into_iter().find(|&i| self.payees[i].start <= end))
    }

    /// Whether a payee holds more than one assignment.
    pub fn has_changes(&self, id: &str) -> bool {
        self.assignments(id).len() > 1
    }

    /// Each payee once: the position of their first assignment, by payee id.
    pub fn people(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.payees.len()).filter(|&i| i == 0 || self.payees[i - 1].id != self.payees[i].id)
    }

    /// The roster of these assignments (several per payee allowed: the reader checks that they do
    /// not overlap, [`Roster::overlaps`]).
    pub fn from_payees(payees: Vec<Payee>) -> Roster {
        Roster::from_assignments(payees.into_iter().map(|p| (p, None)).collect())
    }

    /// The roster of these assignments, each with its pay currency (None: the workspace's).
    pub fn from_assignments(mut rows: Vec<(Payee, Option<String>)>) -> Roster {
        rows.sort_by(|(a, _), (b, _)| (&a.id, a.start).cmp(&(&b.id, b.start)));
        let pay_currency: Vec<Option<String>> = if rows.iter().any(|(_, c)| c.is_some()) {
            rows.iter().map(|(_, c)| c.clone()).collect()
        } else {
            Vec::new()
        };
        let payees: Vec<Payee> = rows.into_iter().map(|(p, _)| p).collect();
        let mut index: HashMap<String, Range<usize>> = HashMap::new();
        for (i, p) in payees.iter().enumerate() {
            index
                .entry(p.id.clone())
                .and_modify(|r| r.end = i + 1)
                .or_insert(i..i + 1);
        }
        Roster {
            payees,
            index,
            pay_currency,
            fx: None,
        }
    }

    /// Consecutive assignments of one payee that overlap: (earlier, later), by date order.
    pub fn overlaps(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 1..self.payees.len() {
            let (a, b) = (&self.payees[i - 1], &self.payees[i]);
            if a.id == b.id && a.end.is_none_or(|e| e >= b.start) {
                out.push((i - 1, i));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, plan: &str, start: &str, end: Option<&str>) -> Payee {
        Payee {
            id: id.into(),
            name: id.into(),
            plan: plan.into(),
            team: None,
            manager: None,
            start: start.parse().unwrap(),
            end: end.map(|e| e.parse().unwrap()),
            base: None,
            target_incentive: Decimal::ZERO,
            loc: Location {
                file: "roster.csv".into(),
                line: 2,
                col: 1,
                snippet: None,
            },
        }
    }

    #[test]
    fn a_payees_assignments_sit_together_in_date_order() {
        let r = Roster::from_payees(vec![
            row("b", "x", "2024-01-01", None),
            row("a", "y", "2024-07-01", None),
            row("a", "x", "2024-01-01", Some("2024-06-30")),
        ]);
        assert_eq!(r.assignments("a"), 0..2);
        assert_eq!(r.payees[0].plan, "x");
        assert_eq!(r.get("b"), Some(2));
        assert!(r.has_changes("a") && !r.has_changes("b"));
        assert_eq!(r.people().collect::<Vec<_>>(), [0, 2]);
        let d = |s: &str| s.parse().unwrap();
        assert_eq!(r.in_force(1, d("2024-03-01")), Some(0));
        assert_eq!(r.in_force(0, d("2024-07-01")), Some(1));
        assert_eq!(r.in_force(2, d("2023-12-31")), None);
        assert!(r.overlaps().is_empty());
        let o = Roster::from_payees(vec![
            row("a", "x", "2024-01-01", Some("2024-07-01")),
            row("a", "y", "2024-07-01", None),
        ]);
        assert_eq!(o.overlaps(), [(0, 1)]);
    }
}
