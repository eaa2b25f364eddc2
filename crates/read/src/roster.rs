//! Reading the roster: who is paid, on which plan, from when to when, with which target incentive.

use crate::csv_input::{each_row, unreadable};
use crate::input::Input;
use comp_core::data::{Payee, Roster};
use comp_core::diag::{Diagnostic, Invalid};
use comp_core::toml_input::closest;
use comp_core::workspace::{Source, Workspace};
use rust_decimal::Decimal;

/// Reads the roster: one row per assignment (a payee may have several that do not overlap). Each
/// assignment keeps its line, with a caret under the payee's cell: what later
/// errors about the payee show (a missing quota), without opening the roster again.
pub fn load(source: &Source, input: &Input, ws: &Workspace) -> Result<Roster, Invalid> {
    // read once, into memory: each payee's line is taken from the same bytes
    let input = input
        .in_memory()
        .map_err(|e| unreadable(source, input, e))?;
    let f = |name: &str| {
        source
            .field(name)
            .map(|(i, _)| i)
            .expect("roster fields are fixed")
    };
    let (payee, name, plan, team, manager) =
        (f("payee"), f("name"), f("plan"), f("team"), f("manager"));
    let (start, end, base, ti) = (f("start"), f("end"), f("base"), f("target_incentive"));
    let currency = f("currency");
    let payees = each_row(
        source,
        &input,
        |input, record| -> Result<(Payee, Option<String>), Diagnostic> {
            let text = |i| input.value(record, i).map(str::to_string);
            let opt = |s: String| (!s.is_empty()).then_some(s);
            let id = text(payee)?;
            if id.is_empty() {
                return Err(input.bad_cell(record, payee, "an empty payee id"));
            }
            let plan_id = text(plan)?;
            if plan_id.is_empty() {
                return Err(input
                    .bad_cell(record, plan, &format!("payee {id} has no plan"))
                    .hint("every payee on the roster needs the id of a plan in force"));
            }
            if ws.plan(&plan_id).is_none() {
                let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
                let hint = match closest(&plan_id, ids.iter().copied()) {
                    Some(best) => {
                        format!("did you mean `{best}`? plans in force: {}", ids.join(", "))
                    }
                    None => format!("plans in force (comp.toml): {}", ids.join(", ")),
                };
                return Err(input
                    .bad_cell(
                        record,
                        plan,
                        &format!("payee {id} is on a plan not in force"),
                    )
                    .hint(hint));
            }
            let start_date = input.date(record, start)?.expect("required");
            let end_date = input.date(record, end)?;
            if end_date.is_some_and(|e| e < start_date) {
                return Err(input
                    .bad_cell(
                        record,
                        end,
                        &format!("payee {id} ends before they start ({start_date})"),
                    )
                    .hint("the end date is the last day employed on the plan; check both dates"));
            }
            let target_incentive = input.decimal(record, ti)?.expect("required");
            if target_incentive < Decimal::ZERO {
                return Err(input
                    .bad_cell(record, ti, "a negative target incentive")
                    .hint(
                        "the target incentive is the annual variable pay at 100%; write 0 for none",
                    ));
            }
            // the pay currency (rule 26): empty, or the workspace's own, is the workspace's
            let code = text(currency)?.trim().to_uppercase();
            if !code.is_empty()
                && (code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()))
            {
                return Err(input
                    .bad_cell(
                        record,
                        currency,
                        &format!("payee {id}'s pay currency is not an ISO 4217 code"),
                    )
                    .hint(format!(
                        "write a three-letter code such as \"GBP\" or \"JPY\", or leave the cell empty to pay in {}",
                        ws.currency
                    )));
            }
            let pay_currency = (!code.is_empty() && code != ws.currency).then_some(code);
            let payee = Payee {
                loc: input.locate(record, payee),
                name: opt(text(name)?).unwrap_or_else(|| id.clone()),
                id,
                plan: plan_id,
                team: opt(text(team)?),
                manager: opt(text(manager)?),
                start: start_date,
                end: end_date,
                base: input.decimal(record, base)?,
                target_incentive,
            };
            Ok((payee, pay_currency))
        },
    )?;
    let roster = Roster::from_assignments(payees);
    // a payee may hold several assignments (rule 20), one after the other
    let overlaps: Vec<Diagnostic> = roster
        .overlaps()
        .into_iter()
        .map(|(a, b)| {
            let (a, b) = (&roster.payees[a], &roster.payees[b]);
            let until = a.end.map_or("with no end".to_string(), |e| format!("until {e}"));
            Diagnostic::new(format!(
                "payee {} has two rows that overlap: line {} (plan {}, from {} {until}) and line {} (plan {}, from {})",
                b.id, a.loc.line, a.plan, a.start, b.loc.line, b.plan, b.start
            ))
            .at(b.loc.clone())
            .hint(if a.start == b.start {
                format!(
                    "both rows start on {}: keep one, or start the second on the day the change takes effect",
                    b.start
                )
            } else {
                format!(
                    "each row is an assignment from its start to its end: end the row on line {} before {} (a change from a date is a new row starting that day)",
                    a.loc.line, b.start
                )
            })
        })
        .collect();
    if !overlaps.is_empty() {
        return Err(Invalid(overlaps));
    }
    Ok(roster)
}
