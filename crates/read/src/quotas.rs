//! Reading the quotas: targets per payee, measure and period.

use crate::csv_input::{each_row, unreadable};
use crate::input::Input;
use comp_core::data::{Needs, Quota, Quotas, Roster};
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::period::Period;
use comp_core::workspace::{Source, Workspace};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Reads the quotas. A row names a measure of its payee's plan, or one `needs` allows for that
/// plan (a plan compared with it or swapped in for it). Each quota keeps its line, with a caret
/// under its target, for what later points at it.
pub fn load(
    source: &Source,
    input: &Input,
    ws: &Workspace,
    roster: &Roster,
    needs: &Needs,
) -> Result<Quotas, Invalid> {
    let f = |name: &str| {
        source
            .field(name)
            .map(|(i, _)| i)
            .expect("quota fields are fixed")
    };
    let (payee, period, measure, target) = (f("payee"), f("period"), f("measure"), f("target"));
    // read once, into memory: each quota's line is taken from the same bytes
    let input = input
        .in_memory()
        .map_err(|e| unreadable(source, input, e))?;
    // every row of a payee and measure so far: a second one over the same months would add to the
    // target (rule 23), so it is an error naming the first
    let mut seen: HashMap<(String, String), Vec<(Period, Location)>> = HashMap::new();
    let rows = each_row(
        source,
        &input,
        |input, record| -> Result<(String, String, Quota), Diagnostic> {
            let id = input.value(record, payee)?;
            let Some(p) = roster.get(id) else {
                let ids = roster.payees.iter().map(|p| p.id.as_str());
                let hint = match comp_core::toml_input::closest(id, ids) {
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
            let m = input.value(record, measure)?;
            if plan.measure(m).is_none() && !needs.allows_quota(&plan.id, m) {
                let ids: Vec<&str> = plan.measures.iter().map(|m| m.id.as_str()).collect();
                return Err(input
                    .bad_cell(
                        record,
                        measure,
                        &format!("a measure that plan `{}` does not define", plan.id),
                    )
                    .hint(format!("its measures are: {}", ids.join(", "))));
            }
            let text = input.value(record, period)?;
            let Some(per) = Period::parse(text, ws.fiscal) else {
                return Err(input
                    .bad_cell(record, period, "not a period")
                    .hint("write 2024 (a year), 2024-H1, 2024-Q1 or 2024-03"));
            };
            let earlier = seen.entry((id.to_string(), m.to_string())).or_default();
            if let Some((first, at)) = earlier.iter().find(|(q, _)| overlap(q, &per)) {
                let problem = if *first == per {
                    format!("a second quota for {id}'s `{m}` over {per}")
                } else {
                    format!(
                        "a quota for {id}'s `{m}` over {per}, which overlaps the one over {first}"
                    )
                };
                return Err(input.bad_cell(record, period, &problem).hint(format!(
                    "the first is at {}:{}; quota rows over the same months add up, so a target \
                     would count twice: keep one row (or write the sum in one)",
                    at.file.display(),
                    at.line
                )));
            }
            earlier.push((per, input.locate(record, period)));
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
                    loc: input.locate(record, target),
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

/// Whether two periods share a day.
fn overlap(a: &Period, b: &Period) -> bool {
    a.start <= b.end() && b.start <= a.end()
}
