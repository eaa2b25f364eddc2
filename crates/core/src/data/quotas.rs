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
        // the keys are copied only when new (what-if inserts rows for some 100,000 jobs)
        if !self.rows.contains_key(payee) {
            self.rows.insert(payee.to_string(), HashMap::new());
        }
        let by_measure = self.rows.get_mut(payee).expect("inserted above");
        match by_measure.get_mut(measure) {
            Some(rows) => rows.push(quota),
            None => {
                by_measure.insert(measure.to_string(), vec![quota]);
            }
        }
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
        let mut from = Vec::new();
        let value = self.sum(payee, measure, period, |q| from.push(q.loc.clone()))?;
        (!from.is_empty()).then_some(Target { value, from })
    }

    /// The same target's value alone: what the engine computes with, without copying the rows'
    /// locations (it looks targets up for every payee, measure and period).
    pub fn target_value(&self, payee: &str, measure: &str, period: &Period) -> Option<Decimal> {
        let mut found = false;
        let value = self.sum(payee, measure, period, |_| found = true)?;
        found.then_some(value)
    }

    /// The rows of `payee` and `measure` that touch `period`, each handed to `each`, and their
    /// share of the period's target added up (None when the payee has no rows for the measure).
    fn sum(
        &self,
        payee: &str,
        measure: &str,
        period: &Period,
        mut each: impl FnMut(&Quota),
    ) -> Option<Decimal> {
        let rows = self.rows.get(payee)?.get(measure)?;
        let mut value = Decimal::ZERO;
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
            each(q);
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::FiscalStart;
    use std::path::PathBuf;

    fn quotas(rows: &[(&str, &str)], fy: FiscalStart) -> Quotas {
        let mut q = Quotas::default();
        for (period, target) in rows {
            q.insert(
                "p",
                "m",
                Quota {
                    period: Period::parse(period, fy).unwrap(),
                    target: target.parse().unwrap(),
                    loc: Location {
                        file: PathBuf::from("quotas.csv"),
                        line: 2,
                        col: 1,
                        snippet: None,
                    },
                },
            );
        }
        q
    }

    fn target(q: &Quotas, period: &str, fy: FiscalStart) -> Decimal {
        q.target("p", "m", &Period::parse(period, fy).unwrap())
            .unwrap()
            .value
    }

    #[test]
    fn pay_periods_take_their_share_of_a_longer_row_or_days_across_two() {
        let fy = FiscalStart::default()
            .with_biweekly_anchor(chrono::NaiveDate::from_ymd_opt(2024, 1, 5));
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // a semi-month is half a monthly row: 31,000 / 2 = 15,500 for both halves of March
        let monthly = quotas(&[("2024-02", "29000"), ("2024-03", "31000")], fy);
        assert_eq!(target(&monthly, "2024-03a", fy), d("15500"));
        assert_eq!(target(&monthly, "2024-03b", fy), d("15500"));
        // B05 (16-29 Feb) lies in February: 29,000 x (1/26) / (1/12) = 29,000 x 12 / 26 = 13,384.615...
        assert_eq!(target(&monthly, "2024-B05", fy), d("348000") / d("26"));
        // a period across the two rows, with an anchor on 26 February:
        let across = FiscalStart::default()
            .with_biweekly_anchor(chrono::NaiveDate::from_ymd_opt(2024, 2, 26));
        let q = quotas(&[("2024-02", "29000"), ("2024-03", "31000")], across);
        let p = Period::containing(
            chrono::NaiveDate::from_ymd_opt(2024, 2, 27).unwrap(),
            crate::period::Frequency::Biweekly,
            across,
        )
        .unwrap();
        // 26 Feb to 10 Mar: 4 of February's 29 days and 10 of March's 31:
        // 29,000 x 4 / 29 + 31,000 x 10 / 31 = 4,000 + 10,000 = 14,000
        assert_eq!(
            (p.start.to_string(), p.end().to_string()),
            ("2024-02-26".into(), "2024-03-10".into())
        );
        assert_eq!(q.target("p", "m", &p).unwrap().value, d("14000"));
        // an annual row: a 26th
        let annual = quotas(&[("2024", "260000")], fy);
        assert_eq!(target(&annual, "2024-B10", fy), d("10000"));
    }
}
