//! Runs an inline case of an expectation file (`[[case]]`): the workspace's plans on a data set
//! written in the case (one payee, a TI, targets, a few records) instead of the workspace's files.
//! The case's data is written as CSV files to a temporary folder, in one plain format, and read by
//! the same loaders and engine as any workspace.

use crate::data::{Ledger, Needs, Window};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, Request};
use crate::expect::{CaseData, Expectation, CASE_PAYEE};
use crate::num::NumberFormat;
use crate::report::CalcReport;
use crate::workspace::{SourceKind, Workspace};
use std::path::Path;

pub fn run(ws: &Workspace, e: &Expectation, case: &CaseData) -> Result<CalcReport, Invalid> {
    let io = |err: std::io::Error| {
        Invalid(vec![Diagnostic::new(format!(
            "cannot write the case's data to a temporary folder: {err}"
        ))
        .at(e.loc.clone())])
    };
    let dir = tempfile::tempdir().map_err(io)?;
    let plan = e.plan.clone().unwrap_or_default();
    if !case.quotas.is_empty() && ws.quotas().is_none() {
        return Err(Invalid(vec![Diagnostic::new(
            "the case gives quotas, but the workspace has no quotas source",
        )
        .at(e.loc.clone())
        .hint("add a [sources.quotas] table to comp.toml")]));
    }
    let mut case_ws = ws.clone();
    for (i, source) in case_ws.sources.iter_mut().enumerate() {
        source.file = dir.path().join(format!("{i}-{}.csv", source.name));
        source.format.delimiter = b',';
        source.format.number = NumberFormat {
            decimal_mark: b'.',
            thousands: 0,
        };
        source.format.date_format = "%Y-%m-%d".to_string();
        // the case's values are the plans' values: no mapping, no source filter
        source.values.clear();
        source.filters.clear();
        for f in &mut source.fields {
            f.header = f.name.clone();
        }
        let names: Vec<&str> = source.fields.iter().map(|f| f.name.as_str()).collect();
        let rows: Vec<Vec<String>> = match source.kind {
            SourceKind::Roster => vec![names
                .iter()
                .map(|n| match *n {
                    "payee" => CASE_PAYEE.to_string(),
                    "name" => "Case".to_string(),
                    "plan" => plan.clone(),
                    "start" => "1900-01-01".to_string(),
                    "target_incentive" => case.target_incentive.to_string(),
                    _ => String::new(),
                })
                .collect()],
            SourceKind::Quotas => case
                .quotas
                .iter()
                .map(|(measure, target)| {
                    names
                        .iter()
                        .map(|n| match *n {
                            "payee" => CASE_PAYEE.to_string(),
                            "period" => e.period.fiscal_year(ws.fiscal).to_string(),
                            "measure" => measure.clone(),
                            "target" => target.to_string(),
                            _ => String::new(),
                        })
                        .collect()
                })
                .collect(),
            // records, and customer-success data (customers, movements, surveys...) as written
            kind => case
                .records
                .iter()
                .filter(|(s, _)| *s == source.name)
                .enumerate()
                .map(|(r, (_, values))| {
                    names
                        .iter()
                        .map(|n| match *n {
                            "payee" if kind == SourceKind::Records => CASE_PAYEE.to_string(),
                            name => values
                                .iter()
                                .find(|(k, _)| k == name)
                                .map(|(_, v)| v.clone())
                                .unwrap_or_else(|| {
                                    if name == "id" {
                                        format!("case-{}", r + 1)
                                    } else {
                                        String::new()
                                    }
                                }),
                        })
                        .collect()
                })
                .collect(),
        };
        write_csv(&source.file, &names, &rows).map_err(io)?;
    }
    let all = Window {
        start: chrono::NaiveDate::MIN,
        end: chrono::NaiveDate::MAX,
    };
    let req = Request {
        period: e.period,
        payees: vec![CASE_PAYEE.to_string()],
        plans: vec![plan],
        detail: false,
    };
    let needs = Needs::of_plans(&case_ws, &case_ws.plans, all);
    comp_read::load(&case_ws, &needs, comp_read::Policy::FirstError)
        .and_then(|data| engine::calculate(&case_ws, &data, &Ledger::default(), &req))
        .map_err(|err| at_the_case(err, e, dir.path()))
}

/// A problem found in the case's generated files is the case's: it is shown at the case, not in a
/// temporary file the user never wrote.
fn at_the_case(err: Invalid, e: &Expectation, tmp: &Path) -> Invalid {
    Invalid(
        err.0
            .into_iter()
            .map(|mut d| {
                if d.location.as_ref().is_some_and(|l| l.file.starts_with(tmp)) {
                    d.location = Some(e.loc.clone());
                    d.message = format!("in this case: {}", d.message);
                    if d.message.contains("quota") {
                        d.hint = Some(
                            "give the case its annual targets: quotas = { measure = \"target\" }"
                                .to_string(),
                        );
                    }
                }
                d
            })
            .collect(),
    )
}

fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.flush()
}
