//! Reading the quotas: targets per payee, measure and period, and the company's targets (payee `*`).

use crate::csv_input::{each_row, unreadable};
use crate::input::Input;
use comp_core::data::{Needs, Quota, Quotas, Roster, COMPANY};
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::period::Period;
use comp_core::plan::{Plan, Whose};
use comp_core::workspace::{Source, Workspace};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A quota row: (payee or `*`, measure, quota).
type Row = (String, String, Quota);

/// Reads the quotas. A row names a measure of its payee's plan, or one `needs` allows for that
/// plan (a plan compared with it or swapped in for it); a `*` row names a measure over the company.
/// Each quota keeps its line, with a caret under its target, for what later points at it.
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
    let rows = each_row(source, &input, |input, record| -> Result<Row, Diagnostic> {
        let id = input.value(record, payee)?;
        let m = input.value(record, measure)?;
        if id == COMPANY {
            // the company's target: for a measure over the company of a plan in force
            if !ws.plans.iter().any(|p| over_company(p, m)) {
                let ids: Vec<&str> = ws
                    .plans
                    .iter()
                    .flat_map(|p| p.measures.iter().filter(|m| m.over == Whose::Company))
                    .map(|m| m.id.as_str())
                    .collect();
                let hint = if ids.is_empty() {
                    "a `*` row is the company's target; no plan in force has a measure with over = \"company\"".to_string()
                } else {
                    format!("measures over the company: {}", ids.join(", "))
                };
                return Err(input
                    .bad_cell(
                        record,
                        measure,
                        "a company target (payee `*`) for a measure that is not over the company",
                    )
                    .hint(hint));
            }
        } else {
            if roster.get(id).is_none() {
                let ids = roster.payees.iter().map(|p| p.id.as_str());
                let hint = match comp_core::toml_input::closest(id, ids) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "check the payee id against the roster (or write `*` for the company's target)".to_string(),
                    };
                return Err(input
                    .bad_cell(record, payee, "a quota for a payee not on the roster")
                    .hint(hint));
            }
            // a payee with several assignments (rule 20) has quotas for each of their plans
            let plans: Vec<&Plan> = roster
                .assignments(id)
                .map(|a| {
                    ws.plan(&roster.payees[a].plan)
                        .expect("roster plans are checked")
                })
                .collect();
            let known = |plan: &&Plan| plan.measure(m).is_some() || needs.allows_quota(&plan.id, m);
            if !plans.iter().any(known) {
                let plan = plans[plans.len() - 1];
                let ids: Vec<&str> = plan.measures.iter().map(|m| m.id.as_str()).collect();
                return Err(input
                    .bad_cell(
                        record,
                        measure,
                        &format!("a measure that plan `{}` does not define", plan.id),
                    )
                    .hint(format!("its measures are: {}", ids.join(", "))));
            }
        }
        let text = input.value(record, period)?;
        let Some(per) = Period::parse(text, ws.fiscal) else {
            return Err(input
                .bad_cell(record, period, "not a period")
                .hint(comp_core::period::WRITTEN_AS));
        };
        let earlier = seen.entry((id.to_string(), m.to_string())).or_default();
        if let Some((first, at)) = earlier.iter().find(|(q, _)| overlap(q, &per)) {
            let problem = if *first == per {
                format!("a second quota for {id}'s `{m}` over {per}")
            } else {
                format!("a quota for {id}'s `{m}` over {per}, which overlaps the one over {first}")
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
                .bad_cell(
                    record,
                    target,
                    if t.is_zero() {
                        "a quota of zero"
                    } else {
                        "a negative quota"
                    },
                )
                .hint(
                    "attainment divides by the target: give a positive quota, or remove the row",
                ));
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
    })?;
    let mut rows = rows;
    rows.extend(from_workspace(&rows, ws)?);
    written_once(&rows, ws, roster)?;
    let mut quotas = Quotas::default();
    for (p, m, q) in rows {
        quotas.insert(&p, &m, q);
    }
    Ok(quotas)
}

/// The company targets of a workspace without a quotas source: those of comp.toml's `[targets]`.
pub fn targets_only(ws: &Workspace) -> Quotas {
    let mut quotas = Quotas::default();
    for (p, m, q) in from_workspace(&[], ws).unwrap_or_default() {
        quotas.insert(&p, &m, q);
    }
    quotas
}

/// comp.toml's `[targets]` as company quota rows. A `*` row of the quotas file for the same
/// measure over a day of the same period is an error naming both: one target, written once.
fn from_workspace(rows: &[Row], ws: &Workspace) -> Result<Vec<Row>, Invalid> {
    let mut diags = Vec::new();
    let mut out = Vec::new();
    for t in &ws.targets {
        let twice = rows
            .iter()
            .find(|(p, m, q)| p == COMPANY && *m == t.measure && overlap(&q.period, &t.period));
        if let Some((_, _, q)) = twice {
            diags.push(
                Diagnostic::new(format!(
                    "a company target for `{}` over {} in the quotas file, and over {} in [targets] of {}",
                    t.measure,
                    q.period,
                    t.period,
                    t.loc.file.display()
                ))
                .at(q.loc.clone())
                .hint(format!(
                    "the company's target is written once: remove this row, or the entry at {}:{}",
                    t.loc.file.display(),
                    t.loc.line
                )),
            );
            continue;
        }
        out.push((
            COMPANY.to_string(),
            t.measure.clone(),
            Quota {
                period: t.period,
                target: t.target,
                loc: t.loc.clone(),
            },
        ));
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(Invalid(diags))
    }
}

/// Whether a plan has a measure of this id over the company.
fn over_company(plan: &Plan, measure: &str) -> bool {
    plan.measure(measure)
        .is_some_and(|i| plan.measures[i].over == Whose::Company)
}

/// A company target is written once: a payee's own row for a measure over the company that has a
/// `*` row would be a second target for one collective (rule 19), so it is an error.
fn written_once(rows: &[Row], ws: &Workspace, roster: &Roster) -> Result<(), Invalid> {
    let mut diags = Vec::new();
    for (p, m, q) in rows {
        if p == COMPANY {
            continue;
        }
        let over = roster.assignments(p).any(|a| {
            let plan = ws
                .plan(&roster.payees[a].plan)
                .expect("roster plans are checked");
            over_company(plan, m)
        });
        if !over {
            continue;
        }
        if let Some((_, _, first)) = rows.iter().find(|(c, cm, _)| c == COMPANY && cm == m) {
            diags.push(
                Diagnostic::new(format!(
                    "a quota of payee {p} for `{m}`, a measure over the company whose target is written once"
                ))
                .at(q.loc.clone())
                .hint(if first.loc.file == q.loc.file {
                    format!(
                        "the company's target is on line {}; remove this row: every member reads the company's target",
                        first.loc.line
                    )
                } else {
                    format!(
                        "the company's target is at {}:{}; remove this row: every member reads the company's target",
                        first.loc.file.display(),
                        first.loc.line
                    )
                }),
            );
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Invalid(diags))
    }
}

/// Whether two periods share a day.
fn overlap(a: &Period, b: &Period) -> bool {
    a.start <= b.end() && b.start <= a.end()
}
