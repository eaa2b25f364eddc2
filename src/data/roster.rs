//! The roster: who is paid, on which plan, from when to when, with which target incentive.

use super::csv_input::each_row;
use crate::diag::{Diagnostic, Invalid, Location};
use crate::toml_input::closest;
use crate::workspace::{Source, Workspace};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Payee {
    pub id: String,
    pub name: String,
    pub plan: String,
    pub team: Option<String>,
    pub manager: Option<String>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub base: Option<Decimal>,
    /// Annual target incentive.
    pub target_incentive: Decimal,
    pub loc: Location,
}

impl Payee {
    pub fn employed_on(&self, d: NaiveDate) -> bool {
        d >= self.start && self.end.is_none_or(|e| d <= e)
    }

    pub fn employed_during(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.start <= end && self.end.is_none_or(|e| e >= start)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// Sorted by payee id.
    pub payees: Vec<Payee>,
    index: HashMap<String, usize>,
}

impl Roster {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn from_payees(mut payees: Vec<Payee>) -> Roster {
        payees.sort_by(|a, b| a.id.cmp(&b.id));
        let index = payees
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Roster { payees, index }
    }

    pub fn load(source: &Source, ws: &Workspace) -> Result<Roster, Invalid> {
        let f = |name: &str| {
            source
                .field(name)
                .map(|(i, _)| i)
                .expect("roster fields are fixed")
        };
        let (payee, name, plan, team, manager) =
            (f("payee"), f("name"), f("plan"), f("team"), f("manager"));
        let (start, end, base, ti) = (f("start"), f("end"), f("base"), f("target_incentive"));
        let mut seen: HashMap<String, u64> = HashMap::new();
        let rows = each_row(
            source,
            |input, record| -> Result<Option<Payee>, Diagnostic> {
                let text = |i| input.text(record, i).map(str::to_string);
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
                        .hint(
                            "the end date is the last day employed on the plan; check both dates",
                        ));
                }
                let target_incentive = input.decimal(record, ti)?.expect("required");
                if target_incentive < Decimal::ZERO {
                    return Err(input
                        .bad_cell(record, ti, "a negative target incentive")
                        .hint(
                        "the target incentive is the annual variable pay at 100%; write 0 for none",
                    ));
                }
                let line = record.position().map_or(0, |p| p.line());
                if let Some(first) = seen.insert(id.clone(), line) {
                    return Err(input
                        .bad_cell(record, payee, &format!("payee {id} is listed twice"))
                        .hint(format!("first listed on line {first}")));
                }
                Ok(Some(Payee {
                    loc: input.line_of(record),
                    name: opt(text(name)?).unwrap_or_else(|| id.clone()),
                    id,
                    plan: plan_id,
                    team: opt(text(team)?),
                    manager: opt(text(manager)?),
                    start: start_date,
                    end: end_date,
                    base: input.decimal(record, base)?,
                    target_incentive,
                }))
            },
        )?;
        let payees: Vec<Payee> = rows.into_iter().flatten().collect();
        Ok(Roster::from_payees(payees))
    }
}
