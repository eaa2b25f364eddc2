//! `comp diff`: the same workspace data through two plans (or two sets of plans). Each side is a run
//! of the engine of `comp calc` on the same data, read once as [`needs`] asks; the report joins
//! the two per payee.

use crate::data::{Dataset, Ledger, Needs};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, arith, Request};
use crate::period::Period;
use crate::plan::Plan;
use crate::report::{CalcReport, Note};
use crate::variant;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
    /// What a reader of the comparison should know; worded by the renderers.
    #[serde(skip)]
    pub notes: Vec<DiffNote>,
}

/// Something a reader of a comparison should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffNote {
    /// A current plan with no proposed plan of its id in the folder compared with.
    NoProposed { plan: String, folder: PathBuf },
    /// A proposed plan whose id is no current plan's.
    NoCurrent { plan: String, file: PathBuf },
    /// A note of the engine's on the data.
    Data(crate::report::Note),
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

/// The two sides of a comparison: the workspace with the current plans, and with the proposed
/// ones, each computing the period for the payees of the compared plans.
struct Sides {
    current: Workspace,
    proposed: Workspace,
    req: Request,
}

impl Sides {
    fn of(ws: &Workspace, pairs: &[Pair], period: Period) -> Sides {
        let mut current = ws.clone();
        let mut proposed = ws.clone();
        for p in pairs {
            current = variant::with_plan(&current, &p.roster_id, &p.current);
            proposed = variant::with_plan(&proposed, &p.roster_id, &p.proposed);
        }
        Sides {
            current,
            proposed,
            req: Request {
                period,
                payees: Vec::new(),
                plans: pairs.iter().map(|p| p.roster_id.clone()).collect(),
                detail: false,
            },
        }
    }
}

/// What a comparison reads, once for both sides: the union of the dates and fields either side
/// needs; quota rows may name the measures of either plan a payee may be paid by.
pub fn needs(ws: &Workspace, pairs: &[Pair], period: Period) -> Needs {
    let sides = Sides::of(ws, pairs, period);
    let ledger = Ledger::empty(&ws.ledger);
    let mut needs = engine::needs(&sides.current, &ledger, &sides.req).union(engine::needs(
        &sides.proposed,
        &ledger,
        &sides.req,
    ));
    for p in pairs {
        needs = needs
            .with_plan_as(ws, &p.roster_id, &p.current)
            .with_plan_as(ws, &p.roster_id, &p.proposed);
    }
    needs
}

/// Runs both sides on `data` (read as [`needs`] asks) and joins them per payee.
pub fn compare(
    ws: &Workspace,
    pairs: &[Pair],
    period: Period,
    data: &Dataset,
) -> Result<DiffReport, Invalid> {
    let sides = Sides::of(ws, pairs, period);
    let ledger = Ledger::empty(&ws.ledger);
    let current = engine::calculate(&sides.current, data, &ledger, &sides.req)?;
    let proposed = engine::calculate(&sides.proposed, data, &ledger, &sides.req)?;
    let rows = join(&current, &proposed)?;
    let (mut winners, mut losers) = (0, 0);
    for r in &rows {
        match r.delta.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => winners += 1,
            std::cmp::Ordering::Less => losers += 1,
            std::cmp::Ordering::Equal => {}
        }
    }
    let current_total = arith::sum(rows.iter().map(|r| r.current)).map_err(|_| too_large())?;
    let proposed_total = arith::sum(rows.iter().map(|r| r.proposed)).map_err(|_| too_large())?;
    let delta = arith::sub(proposed_total, current_total).map_err(|_| too_large())?;
    // rows one side's plans read and the other's do not are what the comparison shows; a note on
    // each side's unread rows would only say the same twice, differently
    let unread = |n: &Note| matches!(n, Note::ReadByNoMeasure { .. });
    let mut notes: Vec<Note> = current.notes.into_iter().filter(|n| !unread(n)).collect();
    for n in proposed.notes {
        if !unread(&n) && !notes.contains(&n) {
            notes.push(n);
        }
    }
    let notes = notes.into_iter().map(DiffNote::Data).collect();
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

/// Each payee's pay under either side, by payee id.
fn join(current: &CalcReport, proposed: &CalcReport) -> Result<Vec<DiffRow>, Invalid> {
    let mut by_payee: BTreeMap<String, DiffRow> = BTreeMap::new();
    for (side, report) in [(0, current), (1, proposed)] {
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
    for r in &mut rows {
        r.delta = arith::sub(r.proposed, r.current).map_err(|_| too_large())?;
        r.change = ratio(r.delta, r.current);
    }
    Ok(rows)
}

/// part / whole, none for a zero whole.
fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        part.checked_div(whole)
    }
}
