//! Rows no measure reads (rule 23): a record credited to a payee in the period that no measure of
//! the payee's plan takes (a product no component covers) pays nothing. It is reconciled in a
//! bucket of its own, with its lines, rather than counted "credited".

use super::credit::Credits;
use crate::data::{Dataset, RecordTable, Sym, Window};
use crate::plan::{Measure, Whose};
use crate::report::{Excluded, Exclusion, SourceReconciliation};
use crate::workspace::Workspace;
use std::collections::{BTreeSet, HashMap};

/// How many lines of unread rows the reconciliation keeps, to find them in the file.
const LINES_KEPT: usize = 5;

/// A measure's filters bound to a table: (text column, accepted symbols, keep when matched).
/// None when a filter's column was not loaded: the measure may read any row.
type Matcher = Option<Vec<(usize, Vec<Sym>, bool)>>;

fn matcher(m: &Measure, t: &RecordTable) -> Matcher {
    m.filters
        .iter()
        .map(|f| {
            let col = t.field(&f.field)?;
            // a column read only for other plans' sake may be empty
            if t.text(col).len() != t.len() {
                return None;
            }
            let syms = f.values.iter().filter_map(|v| t.symbols.get(v)).collect();
            Some((col, syms, f.keep))
        })
        .collect()
}

fn matches(m: &Matcher, t: &RecordTable, row: usize) -> bool {
    match m {
        None => true,
        Some(filters) => filters
            .iter()
            .all(|(col, syms, keep)| syms.contains(&t.text(*col)[row]) == *keep),
    }
}

/// Moves the rows credited in `reported` that no measure reads out of each source's "credited"
/// count into the bucket "read by no measure", keeping their first lines. A row is read when a
/// measure of its payee's plan on its source keeps it, or a collective measure of any plan (a
/// team's, a manager's reports') does.
pub fn reconcile(
    ws: &Workspace,
    data: &Dataset,
    credits: &[Credits],
    reported: Window,
    recs: &mut [SourceReconciliation],
) {
    for ((t, c), rec) in data.tables.iter().zip(credits).zip(recs.iter_mut()) {
        let on_table = |m: &&Measure| m.kpi.is_none() && m.ratio.is_none() && m.source == t.source;
        let collective: Vec<Matcher> = ws
            .plans
            .iter()
            .flat_map(|p| p.measures.iter().filter(on_table))
            .filter(|m| m.over != Whose::Payee)
            .map(|m| matcher(m, t))
            .collect();
        let mut by_plan: HashMap<&str, Vec<Matcher>> = HashMap::new();
        let date_field = t.field("date").expect("record sources map date");
        let dates = t.dates(date_field);
        let mut read = BTreeSet::new();
        let mut unread = BTreeSet::new();
        for (p, rows) in c.by_payee.iter().enumerate() {
            if rows.is_empty() {
                continue;
            }
            let plan = data.roster.payees[p].plan.as_str();
            let own = by_plan.entry(plan).or_insert_with(|| {
                ws.plan(plan)
                    .map(|pl| {
                        pl.measures
                            .iter()
                            .filter(on_table)
                            .filter(|m| m.over == Whose::Payee)
                            .map(|m| matcher(m, t))
                            .collect()
                    })
                    .unwrap_or_default()
            });
            for &row in rows {
                let row = row as usize;
                if !dates[row].is_some_and(|d| reported.contains(d)) {
                    continue;
                }
                let line = t.lines[row];
                if own.iter().chain(&collective).any(|m| matches(m, t, row)) {
                    read.insert(line);
                } else {
                    unread.insert(line);
                }
            }
        }
        // a split row is read when any of its payees' plans reads its part
        let lines: Vec<u64> = unread.difference(&read).copied().collect();
        let rows = (lines.len() as u64).min(rec.credited);
        rec.credited -= rows;
        rec.excluded.push(Exclusion {
            reason: Excluded::ReadByNoMeasure,
            rows,
        });
        rec.unread_lines = lines.into_iter().take(LINES_KEPT).collect();
    }
}
