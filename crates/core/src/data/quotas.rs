//! Quotas: targets per payee, measure and period. A quota row may cover any period; a payout period
//! takes the rows inside it whole and the rows around it spread evenly by months (a pay period
//! shorter than a month by its share of the year, or by days where it straddles two rows).

use crate::diag::Location;
use crate::period::Period;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The payee column of a company target: one quota row for a measure over the company, written
/// once rather than repeated per person (rule 19).
pub const COMPANY: &str = "*";

#[derive(Debug, Clone)]
pub struct Quota {
    pub period: Period,
    pub target: Decimal,
    pub loc: Location,
}

#[derive(Debug, Clone, Default)]
pub struct Quotas {
    /// payee -> measure -> quota rows (nested, so a lookup by &str allocates nothing)
    rows: HashMap<String, HashMap<String, Vec<Quota>>>,
}

/// A target with the quota rows it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub value: Decimal,
    pub from: Vec<Location>,
}

impl Quotas {
    pub fn insert(&mut self, payee: &str, measure: &str, quota: Quota) {
        self.rows
            .entry(payee.to_string())
            .or_default()
            .entry(measure.to_string())
            .or_default()
            .push(quota);
    }

    /// Every quota row as (payee, measure, row), in no particular order.
    pub fn rows(&self) -> impl Iterator<Item = (&str, &str, &Quota)> {
        self.rows.iter().flat_map(|(p, by_measure)| {
            by_measure
                .iter()
                .flat_map(move |(m, qs)| qs.iter().map(move |q| (p.as_str(), m.as_str(), q)))
        })
    }

    /// The target of `payee` for `measure` over `period`, or None when no quota row touches it.
    pub fn target(&self, payee: &str, measure: &str, period: &Period) -> Option<Target> {
        let rows = self.rows.get(payee)?.get(measure)?;
        let mut value = Decimal::ZERO;
        let mut from = Vec::new();
        for q in rows {
            if period.covers(&q.period) {
                value += q.target;
            } else if q.period.covers(period) && !period.kind.is_sub_month() {
                // multiply first so that a quarter of an annual quota is exact
                value += q.target * Decimal::from(period.months) / Decimal::from(q.period.months);
            } else if q.period.covers(period) {
                // a pay period's share of the year over the row's: a 26th of an annual quota, half
                // a monthly one for a semi-month
                let (n, d) = period.kind.share_of_year();
                let (qn, qd) = q.period.kind.share_of_year();
                value += q.target * Decimal::from(n * qd) / Decimal::from(d * qn);
            } else if period.kind.is_sub_month() && q.period.overlaps(period) {
                // a biweekly period across two rows (two months): each row by the days shared
                let shared = q.period.end().min(period.end()) - q.period.start.max(period.start);
                value += q.target * Decimal::from(shared.num_days() + 1)
                    / Decimal::from(q.period.days());
            } else {
                continue;
            }
            from.push(q.loc.clone());
        }
        (!from.is_empty()).then_some(Target { value, from })
    }
}
