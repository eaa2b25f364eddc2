//! `comp diff`: the same workspace data through two plans (or two sets of plans). Each side is a run
//! of the engine of `comp calc` on the same loaded data; the report joins the two per payee.

pub mod render;

use crate::data::Ledger;
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, arith, Request};
use crate::period::Period;
use crate::plan::Plan;
use crate::whatif::variant;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One plan of the roster and what it is compared with: payees the roster puts on `roster_id` are
/// paid by `current` on one side and by `proposed` on the other.
#[derive(Debug, Clone)]
pub struct Pair {
    pub roster_id: String,
    pub current: Plan,
    pub proposed: Plan,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub period: Period,
    pub currency: String,
    /// (roster plan id, current plan id, proposed plan id), as compared.
    pub plans: Vec<PlanPair>,
    pub rows: Vec<DiffRow>,
    pub summary: Summary,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanPair {
    pub roster: String,
    pub current: String,
    pub current_file: String,
    pub proposed: String,
    pub proposed_file: String,
}

/// One payee's pay for the period under each plan.
#[derive(Debug, Clone, Serialize)]
pub struct DiffRow {
    pub payee: String,
    pub name: String,
    pub plan: String,
    pub current: Decimal,
    pub proposed: Decimal,
    /// proposed - current.
    pub delta: Decimal,
    /// delta / current; none when the current pay is zero.
    pub change: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub payees: usize,
    /// Payees paid more under the proposed plan.
    pub winners: usize,
    /// Payees paid less.
    pub losers: usize,
    pub unchanged: usize,
    pub current_total: Decimal,
    pub proposed_total: Decimal,
    pub delta: Decimal,
    pub change: Option<Decimal>,
}

fn too_large() -> Invalid {
    Invalid(vec![Diagnostic::new(
        "the totals of the comparison are too large to compute exactly",
    )])
}

/// Runs both sides on the same data and joins them per payee.
pub fn compare(ws: &Workspace, pairs: &[Pair], period: Period) -> Result<DiffReport, Invalid> {
    let ledger = Ledger::empty(&ws.ledger);
    let mut current_ws = ws.clone();
    let mut proposed_ws = ws.clone();
    for p in pairs {
        current_ws = variant::with_plan(&current_ws, &p.roster_id, &p.current);
        proposed_ws = variant::with_plan(&proposed_ws, &p.roster_id, &p.proposed);
    }
    let req = Request {
        period,
        payees: Vec::new(),
        plans: pairs.iter().map(|p| p.roster_id.clone()).collect(),
        detail: false,
    };
    // one load serves both runs: the union of the dates and fields either side needs, and quota
    // rows may name the measures of either plan a payee may be paid by
    let mut needs =
        engine::needs(&current_ws, &ledger, &req).union(engine::needs(&proposed_ws, &ledger, &req));
    for p in pairs {
        needs = needs
            .with_plan_as(ws, &p.roster_id, &p.current)
            .with_plan_as(ws, &p.roster_id, &p.proposed);
    }
    let data = comp_read::load(ws, &needs, comp_read::Policy::FirstError)?;
    let current = engine::calculate(&current_ws, &data, &ledger, &req)?;
    let proposed = engine::calculate(&proposed_ws, &data, &ledger, &req)?;

    let mut by_payee: BTreeMap<String, DiffRow> = BTreeMap::new();
    for (side, report) in [(0, &current), (1, &proposed)] {
        for s in &report.statements {
            let row = by_payee.entry(s.payee.clone()).or_insert_with(|| DiffRow {
                payee: s.payee.clone(),
                name: s.name.clone(),
                plan: s.plan.clone(),
                current: Decimal::ZERO,
                proposed: Decimal::ZERO,
                delta: Decimal::ZERO,
                change: None,
            });
            let slot = if side == 0 {
                &mut row.current
            } else {
                &mut row.proposed
            };
            *slot = arith::add(*slot, s.total).map_err(|_| too_large())?;
        }
    }
    let mut rows: Vec<DiffRow> = by_payee.into_values().collect();
    let (mut winners, mut losers) = (0, 0);
    for r in &mut rows {
        r.delta = arith::sub(r.proposed, r.current).map_err(|_| too_large())?;
        r.change = ratio(r.delta, r.current);
        match r.delta.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => winners += 1,
            std::cmp::Ordering::Less => losers += 1,
            std::cmp::Ordering::Equal => {}
        }
    }
    let current_total = arith::sum(rows.iter().map(|r| r.current)).map_err(|_| too_large())?;
    let proposed_total = arith::sum(rows.iter().map(|r| r.proposed)).map_err(|_| too_large())?;
    let delta = arith::sub(proposed_total, current_total).map_err(|_| too_large())?;
    let mut notes = current.notes;
    for n in proposed.notes {
        if !notes.contains(&n) {
            notes.push(n);
        }
    }
    let words = crate::render::words::words();
    let notes = notes.iter().map(|n| words.note(n)).collect();
    Ok(DiffReport {
        period,
        currency: ws.currency.clone(),
        plans: pairs
            .iter()
            .map(|p| PlanPair {
                roster: p.roster_id.clone(),
                current: p.current.id.clone(),
                current_file: p.current.file.display().to_string(),
                proposed: p.proposed.id.clone(),
                proposed_file: p.proposed.file.display().to_string(),
            })
            .collect(),
        summary: Summary {
            payees: rows.len(),
            winners,
            losers,
            unchanged: rows.len() - winners - losers,
            current_total,
            proposed_total,
            delta,
            change: ratio(delta, current_total),
        },
        rows,
        notes,
    })
}

/// part / whole, none for a zero whole.
fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        part.checked_div(whole)
    }
}
