//! The base year's customer data (rule 16) in the modelled year, so a replay computes the KPI
//! plans (GRR, NRR, churn, NPS, CSAT, time to value) with the engine of `comp calc`, as it computes
//! the others from the base year's records.
//!
//! The rule: every customer, MRR movement, survey answer and onboarding dated up to the base year's
//! end is moved by whole years (`shift_date`, as records are); MRR amounts are scaled by the
//! replay's growth (`[replay] growth`), like record amounts. Counts are as written: the same
//! customers, answers and go-lives, scores unchanged. Rows after the base year's end are not part
//! of the year replayed and are dropped (an onboarding live only after it is not live yet).
//!
//! So the modelled year's starting MRR is the base year's (the movements before it, moved and
//! scaled), its movements are the base year's: a ratio KPI (GRR, NRR, churn) has the base year's
//! value, and a KPI plan pays in the modelled year what its curve pays at that value.

use super::model::{overflow, shift_date};
use super::scenario::Scenario;
use crate::data::{Customer, CustomerData, Movement, Onboarding, Survey};
use crate::diag::Invalid;
use crate::engine::arith;
use rust_decimal::Decimal;

/// The base year's customer data moved into the modelled year and scaled (see the module).
pub(super) fn replayed(base: &CustomerData, sc: &Scenario) -> Result<CustomerData, Invalid> {
    if base.is_empty() {
        return Ok(CustomerData::default());
    }
    let (shift, last) = (sc.shift(), sc.base.end());
    let factor = Decimal::ONE + sc.replay_growth;
    let customers: Vec<Customer> = base
        .customers
        .iter()
        .map(|c| Customer {
            start: shift_date(c.start, shift),
            ..c.clone()
        })
        .collect();
    let mut movements = Vec::with_capacity(base.movements.len());
    for m in base.movements.iter().filter(|m| m.date <= last) {
        movements.push(Movement {
            date: shift_date(m.date, shift),
            amount: arith::mul(m.amount, factor).map_err(|_| overflow())?,
            ..m.clone()
        });
    }
    let surveys: Vec<Survey> = base
        .surveys
        .iter()
        .filter(|s| s.date <= last)
        .map(|s| Survey {
            date: shift_date(s.date, shift),
            ..s.clone()
        })
        .collect();
    let onboardings: Vec<Onboarding> = base
        .onboardings
        .iter()
        .filter(|o| o.start <= last)
        .map(|o| Onboarding {
            start: shift_date(o.start, shift),
            go_live: o
                .go_live
                .filter(|d| *d <= last)
                .map(|d| shift_date(d, shift)),
            ..o.clone()
        })
        .collect();
    let mut out = CustomerData::from_parts(customers, movements, surveys, onboardings);
    out.files.clone_from(&base.files);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::replayed;
    use crate::data::{Customer, CustomerData, Movement, MovementKind, Onboarding, Survey};
    use crate::period::FiscalStart;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn movement(date: &str, kind: MovementKind, amount: i64) -> Movement {
        Movement {
            customer: 0,
            date: day(date),
            kind,
            amount: Decimal::from(amount),
            line: 2,
        }
    }

    /// 2023 into 2025 (two years), 10% growth: amounts x 1.1, dates two years on; what comes after
    /// 2023 is not part of the year replayed.
    #[test]
    fn customer_data_moves_by_whole_years_and_scales_its_mrr() {
        let src = crate::diag::SourceText::new(
            "s.toml",
            "base_year = 2023\nyear = 2025\n[replay]\ngrowth = \"10%\"\n",
        );
        let sc = crate::whatif::scenario::parse(&src, FiscalStart::default()).unwrap();
        let customer = Customer {
            id: "C1".into(),
            name: "C1".into(),
            ae: None,
            csm: "ana".into(),
            start: day("2022-02-01"),
            currency: None,
            line: 2,
        };
        let base = CustomerData::from_parts(
            vec![customer],
            vec![
                movement("2022-02-01", MovementKind::New, 1000),
                movement("2023-06-30", MovementKind::Contraction, 250),
                movement("2024-01-15", MovementKind::Churn, 750),
            ],
            vec![
                Survey {
                    customer: 0,
                    date: day("2023-03-01"),
                    score: Decimal::from(9),
                    kind: None,
                    line: 2,
                },
                Survey {
                    customer: 0,
                    date: day("2024-03-01"),
                    score: Decimal::from(3),
                    kind: None,
                    line: 3,
                },
            ],
            vec![Onboarding {
                customer: 0,
                start: day("2023-12-01"),
                go_live: Some(day("2024-01-10")),
                line: 2,
            }],
        );
        let r = replayed(&base, &sc).unwrap();
        assert_eq!(r.customers[0].start, day("2024-02-01"));
        let moves: Vec<(NaiveDate, Decimal)> = r
            .movements_of(0)
            .iter()
            .map(|m| (m.date, m.amount))
            .collect();
        // 1,000 x 1.1 = 1,100; 250 x 1.1 = 275; the 2024 churn is dropped
        assert_eq!(
            moves,
            vec![
                (day("2024-02-01"), "1100.0".parse().unwrap()),
                (day("2025-06-30"), "275.0".parse().unwrap()),
            ]
        );
        // one answer, its score as written
        assert_eq!(r.surveys_of(0).len(), 1);
        assert_eq!(r.surveys_of(0)[0].score, Decimal::from(9));
        assert_eq!(r.surveys_of(0)[0].date, day("2025-03-01"));
        // live only after 2023: not live yet in the year replayed
        let o = &r.onboardings_of(0)[0];
        assert_eq!((o.start, o.go_live), (day("2025-12-01"), None));
    }
}
