//! What `comp check` warns about in a valid plan: rates that are likely mistakes. A warning, never
//! an error: a plan may mean them.

use super::{Aggregate, CasePays, KickerPays, Plan, Rate, Rule};
use crate::report::Note;
use rust_decimal::Decimal;

/// Rates above 100% of an amount (a count pays an amount per record, so any rate is usual there),
/// and negative rates outside a case with a `where` (a credit-note rule): each with its component's
/// line.
pub fn unusual_rates(plan: &Plan) -> Vec<Note> {
    let mut out = Vec::new();
    for c in &plan.components {
        let on_amount = |measure: usize| {
            matches!(plan.measures[measure].aggregate, Aggregate::Sum(_))
                && plan.measures[measure].kpi.is_none()
                && plan.measures[measure].ratio.is_none()
        };
        // (rate, whether it applies to an amount, whether a negative rate is a credit-note rule)
        let mut rates: Vec<(Decimal, bool, bool)> = Vec::new();
        match &c.rule {
            Rule::Commission(cm) => match cm.rate {
                Rate::Fixed(r) => rates.push((r, on_amount(cm.on), false)),
                Rate::ByCase => {
                    for k in &cm.cases {
                        if let CasePays::Rate(r) = k.pays {
                            rates.push((r, on_amount(cm.on), !k.is_default()));
                        }
                    }
                }
                // a multiple of a base rate is not a rate
                Rate::TiOverTarget | Rate::Multiple(_) => {}
            },
            // multiples of a base rate are not rates
            Rule::RateTable(rt) if !rt.relative => {
                rates.extend(rt.bands.iter().map(|b| (b.rate, true, false)));
            }
            Rule::Kicker(k) => {
                if let KickerPays::Rate { of, rate } = k.pays {
                    rates.push((rate, on_amount(of), false));
                }
            }
            Rule::RateTable(_) | Rule::Curve(_) | Rule::Pool(_) => {}
        }
        for (rate, amount, credit_note) in rates {
            let above = amount && rate > Decimal::ONE;
            let negative = rate < Decimal::ZERO && !credit_note;
            if above || negative {
                out.push(Note::UnusualRate {
                    plan: plan.id.clone(),
                    component: c.id.clone(),
                    file: c.loc.file.display().to_string(),
                    line: c.loc.line as u64,
                    rate,
                });
            }
        }
    }
    out
}
