//! KPIs from customer data (rule 16) over a set of customers and a period: NRR, GRR, MRR churn, logo
//! churn, NPS, CSAT and time to value, each with the customers and rows behind it. A KPI whose
//! denominator is zero has no value (never a division error).
//!
//! MRR KPIs are computed on the period's starting base: the customers with MRR above zero the day
//! before the period starts (the sum of their movements dated before it). Customers signed during the
//! period are not in that base, so their own expansion does not lift NRR; they are listed apart.

use super::arith::{self, R};
use crate::data::{CustomerData, MovementKind};
use crate::plan::{Kpi, KpiSpec, Stat};
use crate::report::{KpiBasis, NoValue, RecordLine, RowNote, SurveyAnswer};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A KPI's value, or why it has none, and what it was computed from.
#[derive(Debug, Clone)]
pub struct KpiValue {
    pub value: Option<Decimal>,
    /// The value as the quotient it was computed from (numerator, denominator), when it is one:
    /// a curve pays from the quotient, dividing last, so a repeating value loses nothing.
    pub quotient: Option<(Decimal, Decimal)>,
    /// Why there is no value (a zero denominator).
    pub missing: Option<NoValue>,
    /// The figures behind the value (start MRR, churned, ...).
    pub basis: KpiBasis,
    /// One line per customer in the base and per row used (for `--lines` and JSON).
    pub lines: Vec<RecordLine>,
}

fn line(
    id: &str,
    date: Option<NaiveDate>,
    line: u64,
    amount: Decimal,
    note: RowNote,
) -> RecordLine {
    RecordLine {
        id: id.to_string(),
        date,
        line,
        amount: Some(amount),
        rate: None,
        case: None,
        raised: None,
        band: None,
        clawback: None,
        uncapped: None,
        payout: None,
        note: Some(Box::new(note)),
        original: None,
    }
}

/// The KPI over `customers` (indices into `data.customers`) for the dates `start..=end`. The rows
/// behind it are listed only with `detail` (`--lines`, JSON): they cost an allocation each.
pub fn eval(
    data: &CustomerData,
    spec: KpiSpec,
    customers: &[usize],
    start: NaiveDate,
    end: NaiveDate,
    detail: bool,
) -> R<KpiValue> {
    match spec.kpi {
        Kpi::Nrr | Kpi::Grr | Kpi::MrrChurn | Kpi::LogoChurn => {
            mrr(data, spec.kpi, customers, start, end, detail)
        }
        Kpi::Nps | Kpi::Csat => survey(data, spec.kpi, customers, start, end, detail),
        Kpi::TimeToValue => time_to_value(data, spec.stat, customers, start, end, detail),
    }
}

fn mrr(
    data: &CustomerData,
    kpi: Kpi,
    customers: &[usize],
    start: NaiveDate,
    end: NaiveDate,
    detail: bool,
) -> R<KpiValue> {
    let (mut base, mut churned, mut contraction, mut expansion) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let (mut logos, mut lost) = (0u32, 0u32);
    // per customer, what is kept of its starting MRR: a customer never loses more than it started
    // with, even when it expanded and then churned inside the period
    let mut retained = Decimal::ZERO;
    let mut lines = Vec::new();
    let mut outside = Vec::new();
    for &c in customers {
        let cust = &data.customers[c];
        let moves = data.movements_of(c);
        let mut opening = Decimal::ZERO;
        for m in moves.iter().filter(|m| m.date < start) {
            opening = arith::add(opening, m.kind.signed(m.amount))?;
        }
        let during: Vec<_> = moves
            .iter()
            .filter(|m| m.date >= start && m.date <= end)
            .collect();
        if opening <= Decimal::ZERO {
            // not in the starting base: a customer signed in the period, or one already gone
            for m in during {
                if detail {
                    outside.push(line(
                        &cust.id,
                        Some(m.date),
                        m.line,
                        m.kind.signed(m.amount),
                        RowNote::Movement {
                            kind: m.kind,
                            in_base: false,
                        },
                    ));
                }
            }
            continue;
        }
        logos += 1;
        base = arith::add(base, opening)?;
        if detail {
            lines.push(line(
                &cust.id,
                None,
                cust.line,
                opening,
                RowNote::StartMrr {
                    customer: cust.name.clone(),
                    csm: cust.csm.clone(),
                },
            ));
        }
        let mut gone = false;
        let mut losses = Decimal::ZERO;
        for m in during {
            if matches!(m.kind, MovementKind::Churn | MovementKind::Contraction) {
                losses = arith::add(losses, m.amount)?;
            }
            match m.kind {
                MovementKind::Churn => {
                    churned = arith::add(churned, m.amount)?;
                    gone = true;
                }
                MovementKind::Contraction => contraction = arith::add(contraction, m.amount)?,
                MovementKind::Expansion => expansion = arith::add(expansion, m.amount)?,
                // a new movement for a customer already in the base is a re-signature: expansion
                MovementKind::New => expansion = arith::add(expansion, m.amount)?,
            }
            if detail {
                lines.push(line(
                    &cust.id,
                    Some(m.date),
                    m.line,
                    m.kind.signed(m.amount),
                    RowNote::Movement {
                        kind: m.kind,
                        in_base: true,
                    },
                ));
            }
        }
        if gone {
            lost += 1;
        }
        retained = arith::add(retained, arith::sub(opening, losses)?.max(Decimal::ZERO))?;
    }
    lines.extend(outside);
    let basis = match kpi {
        Kpi::LogoChurn => KpiBasis::Logos {
            lost,
            customers: logos,
        },
        _ => KpiBasis::Mrr {
            start: base,
            customers: logos,
            churned,
            contraction,
            expansion,
        },
    };
    let (num, den) = match kpi {
        Kpi::Nrr => (
            arith::add(
                arith::sub(arith::sub(base, churned)?, contraction)?,
                expansion,
            )?,
            base,
        ),
        Kpi::Grr => (retained, base),
        Kpi::MrrChurn => (arith::sub(base, retained)?, base),
        _ => (Decimal::from(lost), Decimal::from(logos)),
    };
    if den.is_zero() {
        return Ok(KpiValue {
            value: None,
            quotient: None,
            missing: Some(NoValue::NoStartingMrr(kpi)),
            basis,
            lines,
        });
    }
    // GRR is never above 100% (rule 16)
    let num = if kpi == Kpi::Grr { num.min(den) } else { num };
    Ok(KpiValue {
        value: Some(arith::div(num, den)?),
        quotient: Some((num, den)),
        missing: None,
        basis,
        lines,
    })
}

fn survey(
    data: &CustomerData,
    kpi: Kpi,
    customers: &[usize],
    start: NaiveDate,
    end: NaiveDate,
    detail: bool,
) -> R<KpiValue> {
    let want = if kpi == Kpi::Nps { "nps" } else { "csat" };
    let (mut n, mut good, mut bad) = (0u32, 0u32, 0u32);
    let mut lines = Vec::new();
    let mut responses: Vec<_> = customers
        .iter()
        .flat_map(|&c| data.surveys_of(c))
        .filter(|s| s.date >= start && s.date <= end)
        .filter(|s| s.kind.as_deref().is_none_or(|k| k == want))
        .collect();
    responses.sort_by_key(|s| (s.date, s.line));
    for s in responses {
        n += 1;
        let answer = match kpi {
            Kpi::Nps if s.score >= Decimal::from(9) => {
                good += 1;
                SurveyAnswer::Promoter
            }
            Kpi::Nps if s.score <= Decimal::from(6) => {
                bad += 1;
                SurveyAnswer::Detractor
            }
            Kpi::Nps => SurveyAnswer::Passive,
            _ if s.score >= Decimal::from(4) => {
                good += 1;
                SurveyAnswer::Satisfied
            }
            _ => SurveyAnswer::NotSatisfied,
        };
        if detail {
            lines.push(line(
                &data.customers[s.customer].id,
                Some(s.date),
                s.line,
                s.score,
                RowNote::Survey(answer),
            ));
        }
    }
    let basis = match kpi {
        Kpi::Nps => KpiBasis::Nps {
            responses: n,
            promoters: good,
            detractors: bad,
        },
        _ => KpiBasis::Csat {
            responses: n,
            satisfied: good,
        },
    };
    if n == 0 {
        return Ok(KpiValue {
            value: None,
            quotient: None,
            missing: Some(NoValue::NoResponse(kpi)),
            basis,
            lines,
        });
    }
    let (num, den) = match kpi {
        // percent points: 30 promoters and 8 detractors of 50 -> 44
        Kpi::Nps => (
            arith::mul(
                Decimal::from(good) - Decimal::from(bad),
                Decimal::ONE_HUNDRED,
            )?,
            Decimal::from(n),
        ),
        _ => (Decimal::from(good), Decimal::from(n)),
    };
    Ok(KpiValue {
        value: Some(arith::div(num, den)?),
        quotient: Some((num, den)),
        missing: None,
        basis,
        lines,
    })
}

fn time_to_value(
    data: &CustomerData,
    stat: Stat,
    customers: &[usize],
    start: NaiveDate,
    end: NaiveDate,
    detail: bool,
) -> R<KpiValue> {
    let mut days: Vec<Decimal> = Vec::new();
    let mut lines = Vec::new();
    let mut live: Vec<_> = customers
        .iter()
        .flat_map(|&c| data.onboardings_of(c))
        .filter(|o| o.go_live.is_some_and(|g| g >= start && g <= end))
        .collect();
    live.sort_by_key(|o| (o.go_live, o.line));
    for o in live {
        let g = o.go_live.expect("filtered");
        let d = Decimal::from((g - o.start).num_days());
        days.push(d);
        if detail {
            lines.push(line(
                &data.customers[o.customer].id,
                Some(g),
                o.line,
                d,
                RowNote::GoLive { start: o.start },
            ));
        }
    }
    let basis = KpiBasis::TimeToValue {
        stat,
        go_lives: days.len(),
    };
    if days.is_empty() {
        return Ok(KpiValue {
            value: None,
            quotient: None,
            missing: Some(NoValue::NoGoLive),
            basis,
            lines,
        });
    }
    days.sort();
    let n = days.len();
    let (num, den) = match stat {
        Stat::Mean => (arith::sum(days.iter().copied())?, Decimal::from(n as u64)),
        Stat::Median if n % 2 == 1 => (days[n / 2], Decimal::ONE),
        Stat::Median => (arith::add(days[n / 2 - 1], days[n / 2])?, Decimal::TWO),
    };
    Ok(KpiValue {
        value: Some(arith::div(num, den)?),
        quotient: Some((num, den)),
        missing: None,
        basis,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Customer, Movement, Survey};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn customer(id: &str) -> Customer {
        Customer {
            id: id.into(),
            name: id.into(),
            ae: None,
            csm: "csm-01".into(),
            start: date("2023-01-01"),
            currency: None,
            line: 2,
        }
    }

    fn mv(c: usize, when: &str, kind: MovementKind, amount: &str) -> Movement {
        Movement {
            customer: c,
            date: date(when),
            kind,
            amount: d(amount),
            line: 0,
        }
    }

    /// W4: start MRR 100,000, churned 5,000, contraction 2,000, expansion 12,000 -> NRR 105%, GRR 93%.
    #[test]
    fn w4_nrr_and_grr() {
        use MovementKind::*;
        let data = CustomerData::from_parts(
            vec![customer("a"), customer("b"), customer("c")],
            vec![
                mv(0, "2023-03-01", New, "60000"),
                mv(1, "2023-05-01", New, "30000"),
                mv(2, "2023-07-01", New, "10000"),
                // 60,000 + 30,000 + 10,000 = 100,000 at the start of 2024-Q1
                mv(2, "2024-02-10", Churn, "5000"),
                mv(1, "2024-01-20", Contraction, "2000"),
                mv(0, "2024-03-31", Expansion, "12000"),
                // after the quarter: not counted
                mv(0, "2024-04-01", Expansion, "99000"),
            ],
            Vec::new(),
            Vec::new(),
        );
        let all = [0, 1, 2];
        let (s, e) = (date("2024-01-01"), date("2024-03-31"));
        let kpi = |k| KpiSpec {
            kpi: k,
            stat: Stat::Median,
        };
        // (100,000 - 5,000 - 2,000 + 12,000) / 100,000 = 1.05
        assert_eq!(
            eval(&data, kpi(Kpi::Nrr), &all, s, e, true).unwrap().value,
            Some(d("1.05"))
        );
        // (100,000 - 5,000 - 2,000) / 100,000 = 0.93
        assert_eq!(
            eval(&data, kpi(Kpi::Grr), &all, s, e, true).unwrap().value,
            Some(d("0.93"))
        );
        // 5,000 + 2,000 = 7,000 / 100,000
        assert_eq!(
            eval(&data, kpi(Kpi::MrrChurn), &all, s, e, true)
                .unwrap()
                .value,
            Some(d("0.07"))
        );
        // one of three customers lost
        let logo = eval(&data, kpi(Kpi::LogoChurn), &all, s, e, true).unwrap();
        assert_eq!(logo.value.unwrap().round_dp(4), d("0.3333"));
        // no customer with MRR before 2023: no value, not a division error
        let none = eval(
            &data,
            kpi(Kpi::Nrr),
            &all,
            date("2022-01-01"),
            date("2022-03-31"),
            false,
        )
        .unwrap();
        assert_eq!(none.value, None);
        assert_eq!(none.missing, Some(NoValue::NoStartingMrr(Kpi::Nrr)));
    }

    /// Customers without rows add nothing to any KPI: the engine computes a KPI over no
    /// customers when the data has no rows (`CustomerData::has_rows`), and must get what walking
    /// them gives, value, basis and lines.
    #[test]
    fn customers_without_rows_are_as_no_customers() {
        let data = CustomerData::from_parts(
            vec![customer("a"), customer("b")],
            vec![mv(0, "2023-03-01", MovementKind::New, "60000")],
            Vec::new(),
            Vec::new(),
        );
        let bare = data.without_rows();
        assert!(data.has_rows() && !bare.has_rows());
        let (s, e) = (date("2024-01-01"), date("2024-03-31"));
        let kpis = [
            Kpi::Nrr,
            Kpi::Grr,
            Kpi::MrrChurn,
            Kpi::LogoChurn,
            Kpi::Nps,
            Kpi::Csat,
            Kpi::TimeToValue,
        ];
        for kpi in kpis {
            for stat in [Stat::Mean, Stat::Median] {
                for detail in [false, true] {
                    let spec = KpiSpec { kpi, stat };
                    let walked = eval(&bare, spec, &[0, 1], s, e, detail).unwrap();
                    let none = eval(&bare, spec, &[], s, e, detail).unwrap();
                    assert_eq!(format!("{walked:?}"), format!("{none:?}"), "{kpi:?}");
                }
            }
        }
    }

    /// W4: 80 customers at the start, 4 lost -> logo churn 5%; 50 responses, 30 promoters,
    /// 12 passives, 8 detractors -> NPS (30 - 8) / 50 x 100 = 44.
    #[test]
    fn w4_logo_churn_and_nps() {
        let customers: Vec<Customer> = (0..80).map(|i| customer(&format!("c{i}"))).collect();
        let mut moves: Vec<Movement> = (0..80)
            .map(|i| mv(i, "2023-06-01", MovementKind::New, "100"))
            .collect();
        for i in 0..4 {
            moves.push(mv(i, "2024-02-01", MovementKind::Churn, "100"));
        }
        let score = |i: usize| match i {
            0..30 => 9 + (i % 2) as i64,
            30..42 => 7 + (i % 2) as i64,
            _ => (i % 7) as i64,
        };
        let surveys: Vec<Survey> = (0..50)
            .map(|i| Survey {
                customer: i,
                date: date("2024-03-01"),
                score: Decimal::from(score(i)),
                kind: None,
                line: i as u64 + 2,
            })
            .collect();
        let data = CustomerData::from_parts(customers, moves, surveys, Vec::new());
        let all: Vec<usize> = (0..80).collect();
        let (s, e) = (date("2024-01-01"), date("2024-03-31"));
        let spec = |k| KpiSpec {
            kpi: k,
            stat: Stat::Median,
        };
        let logo = eval(&data, spec(Kpi::LogoChurn), &all, s, e, true).unwrap();
        assert_eq!(logo.value, Some(d("0.05")));
        let nps = eval(&data, spec(Kpi::Nps), &all, s, e, true).unwrap();
        assert_eq!(nps.value, Some(d("44")));
        assert_eq!(
            nps.basis,
            KpiBasis::Nps {
                responses: 50,
                promoters: 30,
                detractors: 8
            }
        );
    }

    /// CSAT = share of responses scoring 4 or 5 (only csat-kind responses when kinds are given);
    /// time to value: median by default, mean on request; no response or go-live: no value.
    #[test]
    fn csat_and_time_to_value() {
        use crate::data::Onboarding;
        let survey = |c: usize, score: i64, kind: Option<&str>| Survey {
            customer: c,
            date: date("2024-02-01"),
            score: Decimal::from(score),
            kind: kind.map(str::to_string),
            line: 2,
        };
        let onboarding = |c: usize, start: &str, live: &str| Onboarding {
            customer: c,
            start: date(start),
            go_live: Some(date(live)),
            line: 2,
        };
        let data = CustomerData::from_parts(
            vec![customer("a"), customer("b")],
            Vec::new(),
            vec![
                survey(0, 5, Some("csat")),
                survey(0, 4, Some("csat")),
                survey(1, 3, Some("csat")),
                survey(1, 2, Some("csat")),
                // an NPS response does not count in CSAT
                survey(1, 10, Some("nps")),
            ],
            vec![
                onboarding(0, "2024-01-01", "2024-01-11"),
                onboarding(1, "2024-01-01", "2024-01-31"),
                onboarding(1, "2024-02-01", "2024-02-21"),
                onboarding(0, "2024-02-01", "2024-03-31"),
            ],
        );
        let (s, e) = (date("2024-01-01"), date("2024-03-31"));
        let spec = |kpi, stat| KpiSpec { kpi, stat };
        // 2 of 4 csat responses score 4 or 5
        let csat = eval(&data, spec(Kpi::Csat, Stat::Median), &[0, 1], s, e, true).unwrap();
        assert_eq!(csat.value, Some(d("0.5")));
        // days 10, 30, 20, 59 -> sorted 10, 20, 30, 59: median (20 + 30) / 2 = 25
        let median = eval(
            &data,
            spec(Kpi::TimeToValue, Stat::Median),
            &[0, 1],
            s,
            e,
            true,
        )
        .unwrap();
        assert_eq!(median.value, Some(d("25")));
        // mean (10 + 30 + 20 + 59) / 4 = 119 / 4 = 29.75
        let mean = eval(
            &data,
            spec(Kpi::TimeToValue, Stat::Mean),
            &[0, 1],
            s,
            e,
            true,
        )
        .unwrap();
        assert_eq!(mean.value, Some(d("29.75")));
        // odd count for customer a only: 10 and 59 -> (10 + 59) / 2 = 34.5
        let a = eval(
            &data,
            spec(Kpi::TimeToValue, Stat::Median),
            &[0],
            s,
            e,
            true,
        )
        .unwrap();
        assert_eq!(a.value, Some(d("34.5")));
        let none = eval(
            &data,
            spec(Kpi::Csat, Stat::Median),
            &[0, 1],
            date("2023-01-01"),
            date("2023-03-31"),
            false,
        )
        .unwrap();
        assert_eq!(none.value, None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        /// Whatever the movements: no panic, GRR in [0, 1] when every contraction and churn is at
        /// most the MRR it comes from, GRR <= NRR, MRR churn = 1 - GRR, and a value exists exactly
        /// when some customer had MRR at the start.
        #[test]
        fn kpis_hold_their_relations(
            moves in proptest::collection::vec((0usize..4, 0i64..120, 0u8..4, 1i64..5000), 0..40)
        ) {
            let kinds = [MovementKind::New, MovementKind::Expansion, MovementKind::Contraction, MovementKind::Churn];
            let start = date("2024-01-01");
            // keep each customer's MRR from going below zero, as a billing system would
            let mut mrr = [0i64; 4];
            let mut sorted = moves.clone();
            sorted.sort_by_key(|m| m.1);
            let mut list = Vec::new();
            for (c, day, k, amount) in sorted {
                let kind = kinds[k as usize];
                let amount = match kind {
                    MovementKind::Churn => mrr[c],
                    MovementKind::Contraction => amount.min(mrr[c]),
                    _ => amount,
                };
                if amount == 0 { continue; }
                mrr[c] += if matches!(kind, MovementKind::New | MovementKind::Expansion) { amount } else { -amount };
                list.push(mv(c, &(date("2023-11-01") + chrono::Days::new(day as u64)).to_string(), kind, &amount.to_string()));
            }
            let data = CustomerData::from_parts(
                (0..4).map(|i| customer(&format!("c{i}"))).collect(), list, Vec::new(), Vec::new());
            let spec = |k| KpiSpec { kpi: k, stat: Stat::Median };
            let end = date("2024-01-31");
            let all = [0, 1, 2, 3];
            let grr = eval(&data, spec(Kpi::Grr), &all, start, end, true).unwrap();
            let nrr = eval(&data, spec(Kpi::Nrr), &all, start, end, true).unwrap();
            let churn = eval(&data, spec(Kpi::MrrChurn), &all, start, end, true).unwrap();
            let has_base = data.customers.iter().enumerate().any(|(c, _)| {
                data.movements_of(c).iter().filter(|m| m.date < start).map(|m| m.kind.signed(m.amount)).sum::<Decimal>() > Decimal::ZERO
            });
            proptest::prop_assert_eq!(grr.value.is_some(), has_base);
            if let (Some(g), Some(n), Some(c)) = (grr.value, nrr.value, churn.value) {
                proptest::prop_assert!(g >= Decimal::ZERO && g <= Decimal::ONE);
                proptest::prop_assert!(n >= Decimal::ZERO);
                proptest::prop_assert!(g <= n);
                proptest::prop_assert_eq!((Decimal::ONE - c).round_dp(20), g.round_dp(20));
            }
        }
    }
}
