//! Seasonality for Monte Carlo: how a plan's year falls into its periods in the base year, so a
//! period's draws are centred where the base year was.
//!
//! For each plan, company-wide (all its staying payees together): `actual[p]`, the share of the
//! year's primary measure (the quota measure) recorded in plan period `p` of the base year (moved
//! into the modelled year), and `quota[p]`, the share of the same payees' targets of the modelled
//! year in that period. A period's mean attainment is the scenario's mean x `actual[p] /
//! quota[p]`: the year's expected measure (mean x the annual target) then falls into the periods
//! as it did in the base year, whatever the shape of the quotas. A plan with no primary measure,
//! no value or no target in the base year, or a period with no target, is flat (factor 1).

use super::model::{drives_kpis, overflow, quota_set, ModelYear};
use super::projection::primary_measure;
use crate::data::Window;
use crate::diag::Invalid;
use crate::engine::{self, arith, CompiledMeasure};
use crate::period::Period;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// A plan's seasonality over the modelled year.
#[derive(Debug, Clone, Serialize)]
pub struct Season {
    pub plan: String,
    /// The plan's measure the shares are of.
    pub measure: String,
    pub periods: Vec<SeasonPeriod>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeasonPeriod {
    pub period: Period,
    /// Share of the base year's measure in this period (the shares add up to 1).
    pub actual: Decimal,
    /// Share of the modelled year's targets in this period.
    pub quota: Decimal,
    /// actual / quota: what the period's mean attainment is multiplied by (1 when flat).
    pub factor: Decimal,
}

impl Season {
    /// The factors as floats, for the draws.
    pub(super) fn factors(&self) -> Vec<f64> {
        self.periods
            .iter()
            .map(|p| p.factor.to_f64().unwrap_or(1.0))
            .collect()
    }
}

/// The seasonality of each plan of the modelled year that has payees (in the workspace's order).
pub(super) fn seasons(model: &ModelYear) -> Result<Vec<Season>, Invalid> {
    let replay = &model.replay;
    let (credits, _) = engine::credit(
        replay,
        Window {
            start: model.year.start,
            end: model.year.end(),
        },
    );
    let quotas = quota_set(&model.quotas);
    let mut out = Vec::new();
    for plan in &model.ws.plans {
        let on_plan: Vec<&crate::data::Payee> = model
            .roster
            .payees
            .iter()
            .filter(|p| p.plan == plan.id && !model.hired.contains(&p.id))
            .collect();
        if on_plan.is_empty() || drives_kpis(plan) {
            continue;
        }
        let periods = model.year.split(plan.frequency, model.ws.fiscal);
        let Some(measure) = primary_measure(plan)
            .and_then(|id| plan.measure(id))
            .map(|k| &plan.measures[k])
        else {
            out.push(flat(&plan.id, "", &periods));
            continue;
        };
        let compiled = CompiledMeasure::compile(measure, replay);
        let mut actual = vec![Decimal::ZERO; periods.len()];
        let mut quota = vec![Decimal::ZERO; periods.len()];
        for p in on_plan {
            for (k, period) in periods.iter().enumerate() {
                if let Some(t) = quotas.target(&p.id, &measure.id, period) {
                    quota[k] = arith::add(quota[k], t.value).map_err(|_| overflow())?;
                }
                // the same assignment in the replay (records are credited per assignment)
                let i = replay
                    .roster
                    .assignments(&p.id)
                    .find(|&a| replay.roster.payees[a].start == p.start);
                if let Some(i) = i {
                    let v = compiled
                        .eval(
                            replay,
                            &credits[compiled.table].by_payee[i],
                            period.start,
                            period.end(),
                        )
                        .map_err(|_| overflow())?;
                    actual[k] = arith::add(actual[k], v.value).map_err(|_| overflow())?;
                }
            }
        }
        out.push(season_of(&plan.id, &measure.id, &periods, &actual, &quota)?);
    }
    Ok(out)
}

/// A season from each period's measure and target (company-wide sums).
pub(super) fn season_of(
    plan: &str,
    measure: &str,
    periods: &[Period],
    actual: &[Decimal],
    quota: &[Decimal],
) -> Result<Season, Invalid> {
    let total = |v: &[Decimal]| arith::sum(v.iter().copied()).map_err(|_| overflow());
    let (a_total, q_total) = (total(actual)?, total(quota)?);
    if a_total <= Decimal::ZERO || q_total <= Decimal::ZERO {
        return Ok(flat(plan, measure, periods));
    }
    let share = |x: Decimal, of: Decimal| arith::div(x, of).map_err(|_| overflow());
    let mut out = Vec::new();
    for (k, period) in periods.iter().enumerate() {
        let a = share(actual[k], a_total)?;
        let q = share(quota[k], q_total)?;
        let factor = if q.is_zero() {
            Decimal::ONE
        } else {
            share(a, q)?
        };
        out.push(SeasonPeriod {
            period: *period,
            actual: a,
            quota: q,
            factor,
        });
    }
    Ok(Season {
        plan: plan.to_string(),
        measure: measure.to_string(),
        periods: out,
    })
}

/// No seasonality: every period at the mean, the shares even.
fn flat(plan: &str, measure: &str, periods: &[Period]) -> Season {
    let n = Decimal::from(periods.len().max(1) as u64);
    Season {
        plan: plan.to_string(),
        measure: measure.to_string(),
        periods: periods
            .iter()
            .map(|p| SeasonPeriod {
                period: *p,
                actual: Decimal::ONE / n,
                quota: Decimal::ONE / n,
                factor: Decimal::ONE,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::season_of;
    use crate::period::{FiscalStart, Frequency, Period};
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn quarters() -> Vec<Period> {
        let fy = FiscalStart::default();
        Period::parse("2024", fy)
            .unwrap()
            .split(Frequency::Quarter, fy)
    }

    #[test]
    fn shares_add_up_to_one_and_a_flat_quota_takes_the_base_years_shape() {
        // 100, 200, 300, 400 booked: shares 0.1, 0.2, 0.3, 0.4; quotas flat (0.25 each), so the
        // factors are 0.4, 0.8, 1.2, 1.6 and the quota-weighted factors add up to 1
        let s = season_of(
            "p",
            "m",
            &quarters(),
            &[d("100"), d("200"), d("300"), d("400")],
            &[d("50"), d("50"), d("50"), d("50")],
        )
        .unwrap();
        let actual: Decimal = s.periods.iter().map(|p| p.actual).sum();
        assert_eq!(actual, Decimal::ONE);
        let factors: Vec<Decimal> = s.periods.iter().map(|p| p.factor).collect();
        assert_eq!(factors, [d("0.4"), d("0.8"), d("1.2"), d("1.6")]);
        let weighted: Decimal = s.periods.iter().map(|p| p.quota * p.factor).sum();
        assert_eq!(weighted, Decimal::ONE);
    }

    #[test]
    fn quotas_shaped_like_the_base_year_leave_the_mean_flat() {
        // quotas already 10/20/30/40: attainment is expected even, factor 1 everywhere
        let s = season_of(
            "p",
            "m",
            &quarters(),
            &[d("100"), d("200"), d("300"), d("400")],
            &[d("10"), d("20"), d("30"), d("40")],
        )
        .unwrap();
        assert!(s.periods.iter().all(|p| p.factor == Decimal::ONE));
    }

    #[test]
    fn nothing_booked_is_flat() {
        let s = season_of("p", "m", &quarters(), &[Decimal::ZERO; 4], &[d("1"); 4]).unwrap();
        assert!(s.periods.iter().all(|p| p.factor == Decimal::ONE));
        let actual: Decimal = s.periods.iter().map(|p| p.actual).sum();
        assert_eq!(actual, Decimal::ONE);
    }
}
