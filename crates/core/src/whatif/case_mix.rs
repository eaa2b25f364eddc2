//! Commissions by cases in the grid and Monte Carlo. A synthetic record stands for a period's
//! whole measure, so alone it would be paid by one case. Instead a payee's synthetic value is
//! split into one record per case, in the proportions the payee's base-year records took each
//! case (the plan's modelled payees together for a payee with none, such as a hire), and each
//! record carries the field values its case tests, so the engine pays every part by its own case.
//! Cases that compare a record's amount or date are refused (`ModelYear::check_kpis`): a part
//! has no amount or date of its own to compare.

use super::synthetic::{assignment, matches_filters, unnamed_value};
use crate::data::{Dataset, Roster};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{arith, CompiledMeasure};
use crate::plan::{Case, Measure, Plan, Rule};
use crate::source::Filter;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The cases of the commission by cases on measure `m` (index `j` of `plan`), if one pays on it.
pub(super) fn cases_on(plan: &Plan, j: usize) -> Option<&[Case]> {
    plan.components.iter().find_map(|c| match &c.rule {
        Rule::Commission(cm) if cm.on == j && !cm.cases.is_empty() => Some(cm.cases.as_slice()),
        _ => None,
    })
}

/// Per case, the (field, value) pairs of a synthetic record that measure `m` keeps and that this
/// case is the first to take; None when no such record exists (a case behind an earlier one
/// that takes all it could, or one the measure's filters never keep).
pub(super) fn case_fields(
    plan: &Plan,
    m: &Measure,
    cases: &[Case],
) -> Vec<Option<Vec<(String, String)>>> {
    let base = assignment(plan, m);
    cases
        .iter()
        .enumerate()
        .map(|(k, case)| {
            let mut fields = base.clone();
            for f in &case.filters {
                let v = if f.keep {
                    f.values.first().cloned().unwrap_or_default()
                } else {
                    unnamed_value(plan, &f.field, cases)
                };
                match fields.iter_mut().find(|(name, _)| *name == f.field) {
                    Some(slot) => slot.1 = v,
                    None => fields.push((f.field.clone(), v)),
                }
            }
            let first = cases
                .iter()
                .position(|c| matches_filters(&c.filters, &fields));
            (matches_filters(&m.filters, &fields) && first == Some(k)).then_some(fields)
        })
        .collect()
}

/// Per payee of `roster`, the base-year amounts of measure `m` each case took (None: no cases on
/// this measure). A payee with no such amount takes the plan's payees' together; with none at
/// all, the last case takes everything.
pub(super) fn weights(
    plan: &Plan,
    m: &Measure,
    cases: &[Case],
    roster: &Roster,
    replay: &Dataset,
    credited: &[Vec<u32>],
    (start, end): (NaiveDate, NaiveDate),
) -> Result<Vec<Vec<Decimal>>, Invalid> {
    let compiled = CompiledMeasure::compile(m, replay);
    let table = &replay.tables[compiled.table];
    let mut own: Vec<Vec<Decimal>> = Vec::with_capacity(roster.payees.len());
    for p in &roster.payees {
        let mut w = vec![Decimal::ZERO; cases.len()];
        if let Some(i) = replay.roster.get(&p.id) {
            let v = compiled
                .eval(replay, &credited[i], start, end)
                .map_err(|_| overflow())?;
            for (&row, &amount) in v.rows.iter().zip(&v.amounts) {
                let fields = |f: &Filter| {
                    table
                        .field(&f.field)
                        .map_or("", |c| table.symbols.resolve(table.text(c)[row as usize]))
                };
                let taken = cases.iter().position(|c| {
                    c.filters
                        .iter()
                        .all(|f| f.values.iter().any(|x| x == fields(f)) == f.keep)
                });
                if let Some(k) = taken {
                    w[k] = arith::add(w[k], amount).map_err(|_| overflow())?;
                }
            }
        }
        own.push(w);
    }
    let mut pooled = vec![Decimal::ZERO; cases.len()];
    for (p, w) in roster.payees.iter().zip(&own) {
        if p.plan == plan.id {
            for (t, x) in pooled.iter_mut().zip(w) {
                *t = arith::add(*t, *x).map_err(|_| overflow())?;
            }
        }
    }
    if pooled.iter().all(|x| x.is_zero()) {
        *pooled.last_mut().expect("a commission by cases has cases") = Decimal::ONE;
    }
    Ok(own
        .into_iter()
        .map(|w| {
            if w.iter().all(|x| x.is_zero()) {
                pooled.clone()
            } else {
                w
            }
        })
        .collect())
}

/// `value` split in proportion to `weights`, the last weighted case taking what rounding leaves
/// so the parts add up to `value` exactly; counts (`whole`) split into whole numbers.
pub(super) fn split(
    value: Decimal,
    weights: &[Decimal],
    whole: bool,
) -> Result<Vec<Decimal>, Invalid> {
    let total = arith::sum(weights.iter().copied()).map_err(|_| overflow())?;
    let last = weights.iter().rposition(|w| !w.is_zero());
    let mut parts = vec![Decimal::ZERO; weights.len()];
    let (Some(last), false) = (last, total.is_zero()) else {
        // weights that cancel out: everything to the last case
        if let Some(p) = parts.last_mut() {
            *p = value;
        }
        return Ok(parts);
    };
    let mut given = Decimal::ZERO;
    for (k, w) in weights.iter().enumerate().take(last) {
        let mut part = arith::div(arith::mul(value, *w).map_err(|_| overflow())?, total)
            .map_err(|_| overflow())?;
        if whole {
            part = part
                .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        }
        parts[k] = part;
        given = arith::add(given, part).map_err(|_| overflow())?;
    }
    parts[last] = arith::sub(value, given).map_err(|_| overflow())?;
    Ok(parts)
}

/// A payee's weight on a case no synthetic record can reach: refused by name rather than paid by
/// another case.
pub(super) fn unreachable(plan: &Plan, m: &Measure, case: usize) -> Invalid {
    Invalid(vec![Diagnostic::new(format!(
        "case {} of the commission on measure `{}` of plan `{}` took base-year records, but no synthetic record can be given fields that only it takes",
        case + 1,
        m.id,
        plan.id
    ))
    .at(m.loc.clone())
    .hint("use the replay model for this plan, or write the cases so each tests a field value of its own")])
}

fn overflow() -> Invalid {
    super::model::overflow()
}

#[cfg(test)]
mod tests {
    use super::split;
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn parts_add_up_to_the_value_and_follow_the_weights() {
        // 2 renewals for 10,182.00 and 12 upsells for 39,768.00 (camille.martin, 2024-Q1): a
        // synthetic 1,000.00 gives the renewals 1,000 x 10,182 / 49,950 = 203.84 and the upsells the rest
        let parts = split(d("1000"), &[d("10182"), d("39768")], false).unwrap();
        assert_eq!(parts[0] + parts[1], d("1000"));
        assert_eq!(parts[0].round_dp(2), d("203.84"));
    }

    #[test]
    fn counts_split_into_whole_numbers() {
        // 7 meetings, one third and two thirds: 2.33 -> 2, the rest 5
        assert_eq!(
            split(d("7"), &[d("1"), d("2")], true).unwrap(),
            vec![d("2"), d("5")]
        );
    }

    #[test]
    fn a_case_with_no_weight_gets_nothing_and_the_last_weighted_takes_the_rest() {
        assert_eq!(
            split(d("90"), &[d("1"), d("2"), d("0")], false).unwrap(),
            vec![d("30"), d("60"), d("0")]
        );
    }

    #[test]
    fn weights_that_cancel_out_give_everything_to_the_last_case() {
        assert_eq!(
            split(d("50"), &[d("10"), d("-10")], false).unwrap(),
            vec![d("0"), d("50")]
        );
    }
}
