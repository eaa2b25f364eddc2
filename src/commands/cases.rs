//! Runs an inline case of an expectation file (`[[case]]`): the workspace's plans on a data set
//! written in the case (one payee, a TI, targets, a few records) instead of the workspace's files.
//! The case's data is given to the loader as rows in memory, in one plain format, and read by the
//! same readers and engine as any workspace. Each row and value keeps where the case writes it, so
//! a problem with the case's data is shown there, in the expectation file.

use crate::data::{Ledger, Needs, Window};
use crate::diag::{Diagnostic, Invalid, Location};
use crate::engine::{self, Request};
use crate::expect::{CaseData, Expectation, CASE_PAYEE};
use crate::num::NumberFormat;
use crate::report::CalcReport;
use crate::workspace::{Source, SourceKind, Workspace};
use comp_read::input::{Cell, Input, Inputs, Row, Rows};
use std::sync::Arc;

pub fn run(ws: &Workspace, e: &Expectation, case: &CaseData) -> Result<CalcReport, Invalid> {
    let plan = e.plan.clone().unwrap_or_default();
    if !case.quotas.is_empty() && ws.quotas().is_none() {
        return Err(Invalid(vec![Diagnostic::new(
            "the case gives quotas, but the workspace has no quotas source",
        )
        .at(e.loc.clone())
        .hint("add a [sources.quotas] table to comp.toml")]));
    }
    let mut case_ws = ws.clone();
    let mut inputs = Inputs::files();
    for source in &mut case_ws.sources {
        in_plain_format(source, &e.loc);
        let rows = Rows {
            name: e.loc.file.clone(),
            header: source.fields.iter().map(|f| f.name.clone()).collect(),
            rows: rows_of(source, ws, e, case, &plan),
            sheet_left: None,
        };
        inputs.give(&source.name, Input::Rows(Arc::new(rows)));
    }
    let all = Window::ALL;
    let req = Request {
        period: e.period,
        payees: vec![CASE_PAYEE.to_string()],
        plans: vec![plan],
        detail: false,
    };
    let needs = Needs::of_plans(&case_ws, &case_ws.plans, all);
    let data = comp_read::load_from(&case_ws, &inputs, &needs, comp_read::Policy::FirstError)?;
    let mut report = engine::calculate(&case_ws, &data, &Ledger::default(), &req)?;
    // a case's records are written by hand to show what the plan makes of them, those it does not
    // pay included (`upsell` where a measure keeps `expansion`): nothing to warn about
    report
        .notes
        .retain(|n| !matches!(n, crate::report::Note::ReadByNoMeasure { .. }));
    Ok(report)
}

/// A case's values are the plans' values, in one format whatever the source's: columns named
/// by their fields, ISO dates, `.` decimals, no value mapping, no source filter.
fn in_plain_format(source: &mut Source, case: &Location) {
    source.file = case.file.clone();
    source.format.number = NumberFormat {
        decimal_mark: b'.',
        thousands: 0,
    };
    source.format.date_format = "%Y-%m-%d".to_string();
    source.values.clear();
    source.filters.clear();
    for f in &mut source.fields {
        f.header = f.name.clone();
    }
}

/// The case's rows of a source, by its fields: the roster's one payee, the quotas, the records.
fn rows_of(
    source: &Source,
    ws: &Workspace,
    e: &Expectation,
    case: &CaseData,
    plan: &str,
) -> Vec<Row> {
    // a value the case fills in itself is shown at the row's place
    let filled = |text: String| Cell { text, at: None };
    let written = |text: String, at: &Location| Cell {
        text,
        at: Some(at.clone()),
    };
    let row = |at: &Location, cell: &dyn Fn(&str) -> Cell| Row {
        cells: source.fields.iter().map(|f| cell(&f.name)).collect(),
        at: at.clone(),
    };
    match source.kind {
        SourceKind::Roster => vec![row(&e.loc, &|field| match field {
            "payee" => filled(CASE_PAYEE.to_string()),
            "name" => filled("Case".to_string()),
            "plan" => filled(plan.to_string()),
            "start" => filled("1900-01-01".to_string()),
            "target_incentive" => {
                let ti = &case.target_incentive;
                written(ti.value.to_string(), &ti.at)
            }
            _ => filled(String::new()),
        })],
        SourceKind::Quotas => case
            .quotas
            .iter()
            .map(|(measure, target)| {
                row(&target.at, &|field| match field {
                    "payee" => filled(CASE_PAYEE.to_string()),
                    "period" => filled(e.period.fiscal_year(ws.fiscal).to_string()),
                    "measure" => written(measure.clone(), &target.at),
                    "target" => written(target.value.to_string(), &target.at),
                    _ => filled(String::new()),
                })
            })
            .collect(),
        // records, and customer-success data (customers, movements, surveys...) as written
        kind => case
            .records
            .iter()
            .filter(|r| r.source == source.name)
            .enumerate()
            .map(|(n, record)| {
                row(&record.at, &|field| {
                    let given = record.values.iter().find(|(k, _)| k == field);
                    match (field, given) {
                        ("payee", _) if kind == SourceKind::Records => {
                            filled(CASE_PAYEE.to_string())
                        }
                        (_, Some((_, v))) => written(v.value.clone(), &v.at),
                        ("id", None) => filled(format!("case-{}", n + 1)),
                        (_, None) => filled(String::new()),
                    }
                })
            })
            .collect(),
    }
}
