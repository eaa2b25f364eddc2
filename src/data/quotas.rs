//! Quotas: targets per payee, measure and period. A quota row may cover any period; a payout period
//! takes the rows inside it whole and the rows around it spread evenly by months.

use super::csv_input::each_row;
use super::Roster;
use crate::diag::{Diagnostic, Invalid, Location};
use crate::period::Period;
use crate::workspace::{Source, Workspace};
use rust_decimal::Decimal;
use std::collections::HashMap;

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
            } else if q.period.covers(period) {
                // multiply first so that a quarter of an annual quota is exact
                value += q.target * Decimal::from(period.months) / Decimal::from(q.period.months);
            } else {
                continue;
            }
            from.push(q.loc.clone());
        }
        (!from.is_empty()).then_some(Target { value, from })
    }

    pub fn load(source: &Source, ws: &Workspace, roster: &Roster) -> Result<Quotas, Invalid> {
        let f = |name: &str| {
            source
                .field(name)
                .map(|(i, _)| i)
                .expect("quota fields are fixed")
        };
        let (payee, period, measure, target) = (f("payee"), f("period"), f("measure"), f("target"));
        let rows = each_row(
            source,
            |input, record| -> Result<(String, String, Quota), Diagnostic> {
                let id = input.text(record, payee)?;
                let Some(p) = roster.get(id) else {
                    let ids = roster.payees.iter().map(|p| p.id.as_str());
                    let hint = match crate::toml_input::closest(id, ids) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "check the payee id against the roster".to_string(),
                    };
                    return Err(input
                        .bad_cell(record, payee, "a quota for a payee not on the roster")
                        .hint(hint));
                };
                let plan = ws
                    .plan(&roster.payees[p].plan)
                    .expect("roster plans are checked");
                let m = input.text(record, measure)?;
                if plan.measure(m).is_none() {
                    let ids: Vec<&str> = plan.measures.iter().map(|m| m.id.as_str()).collect();
                    return Err(input
                        .bad_cell(
                            record,
                            measure,
                            &format!("a measure that plan `{}` does not define", plan.id),
                        )
                        .hint(format!("its measures are: {}", ids.join(", "))));
                }
                let text = input.text(record, period)?;
                let Some(per) = Period::parse(text, ws.fiscal) else {
                    return Err(input
                        .bad_cell(record, period, "not a period")
                        .hint("write 2024 (a year), 2024-H1, 2024-Q1 or 2024-03"));
                };
                let t = input.decimal(record, target)?.expect("required");
                if t <= Decimal::ZERO {
                    return Err(input
                        .bad_cell(record, target, if t.is_zero() { "a quota of zero" } else { "a negative quota" })
                        .hint("attainment divides by the target: give a positive quota, or remove the row"));
                }
                Ok((
                    id.to_string(),
                    m.to_string(),
                    Quota {
                        period: per,
                        target: t,
                        loc: input.line_of(record),
                    },
                ))
            },
        )?;
        let mut quotas = Quotas::default();
        for (p, m, q) in rows {
            quotas.insert(&p, &m, q);
        }
        Ok(quotas)
    }
}
