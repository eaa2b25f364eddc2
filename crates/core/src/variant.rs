//! Workspace variants: the same workspace with some plans replaced, for `comp diff` and
//! `comp whatif`. Both run the engine of `comp calc` on variants of one workspace.

use crate::plan::Plan;
use crate::workspace::Workspace;

/// The workspace with `plan` in force under the id `as_id` (replacing the plan of that id, if any):
/// the payees the roster puts on `as_id` are paid by `plan`.
pub fn with_plan(ws: &Workspace, as_id: &str, plan: &Plan) -> Workspace {
    let mut out = ws.clone();
    let mut p = plan.clone();
    if p.id != as_id {
        p.own_id = Some(p.own_id.take().unwrap_or_else(|| p.id.clone()));
    }
    p.id = as_id.to_string();
    match out.plans.iter_mut().find(|q| q.id == as_id) {
        Some(slot) => *slot = p,
        None => out.plans.push(p),
    }
    out
}
