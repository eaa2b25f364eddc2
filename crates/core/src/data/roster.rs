//! The roster: who is paid, on which plan, from when to when, with which target incentive.

use crate::diag::Location;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

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
    /// Sorted by payee id.
    pub payees: Vec<Payee>,
    index: HashMap<String, usize>,
}

impl Roster {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn from_payees(mut payees: Vec<Payee>) -> Roster {
        payees.sort_by(|a, b| a.id.cmp(&b.id));
        let index = payees
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Roster { payees, index }
    }
}
