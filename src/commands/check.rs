//! `comp check`: the CI gate. Validates the whole workspace (comp.toml, every plan, every data file,
//! every expectation file), reporting every problem at once, then compares the recorded expectations
//! with what the plans compute. Exit 0 when all holds, 1 when an expectation fails, 2 on bad input.

use super::against;
use crate::data::{Dataset, Ledger, Needs};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, Request};
use crate::expect::{self, Expectation, Outcome};
use crate::output::{self, Format, OutputArgs};
use crate::render::check::{self as render, Findings};
use crate::report::{CalcReport, Note};
use crate::session;
use crate::workspace::Workspace;
use anyhow::{anyhow, Result};
use comp_read::Policy;
use std::path::Path;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp check                      # every plan, mapping, data file and expectation
  comp check --against main       # ...and which payouts this branch's plans move
  comp check --format json -o -   # the same for tools, on standard output"
)]
pub struct CheckArgs {
    /// Also show which payouts change against another version of the plans: a git revision (main,
    /// HEAD~1, a tag) or a folder holding another checkout of the repository.
    #[arg(long, value_name = "REV_OR_DIR")]
    pub against: Option<String>,
    /// The periods to compare with --against (repeatable; default: the fiscal years the expectations
    /// name).
    #[arg(long, value_name = "P")]
    pub period: Vec<String>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

pub fn run(workspace: Option<&Path>, args: CheckArgs) -> Result<()> {
    let format = args
        .out
        .format
        .one_of("check", &[Format::Table, Format::Json])?;
    let to = args.out.output.as_deref();
    // a workspace that does not load still must not have its comp.toml replaced by the error
    if let Some(w) = workspace {
        let named = [w.to_path_buf(), w.join("comp.toml")];
        output::refuse_inputs(to, &named)?;
    }
    let ws = match session::workspace(workspace) {
        Ok(ws) => ws,
        Err(e) => return invalid(format, to, e),
    };
    // --against names a folder or a git revision; a folder's plans are read
    let against: Vec<&Path> = args
        .against
        .iter()
        .map(Path::new)
        .filter(|p| p.exists())
        .collect();
    session::outputs_clear(&ws, &[to], &against)?;
    let files = comp_read::expect_files::files(&ws);
    let (data, exps) = match read_inputs(&ws, &files) {
        Ok(read) => read,
        Err(diags) => return invalid(format, to, Invalid(diags).into()),
    };
    let mut diags = Vec::new();
    // the ledger is not read for expectations, but its seals are checked as every verb reading it does
    let ledger_notes = match comp_read::ledger::load(&ws) {
        Ok(l) => {
            // and its rows' currencies against the payees' pay currencies (rule 26)
            if let Err(e) = comp_core::pay_currency::check_ledger(&l, &data.roster, &ws) {
                diags.extend(e.0);
            }
            l.notes
        }
        Err(e) => {
            diags.extend(e.0);
            Vec::new()
        }
    };
    // expectations state what the plans compute from the data, whatever has been closed since
    let ledger = Ledger::default();
    let mut reports = Vec::new();
    for period in expect::periods(&exps) {
        match engine::calculate(&ws, &data, &ledger, &Request::everyone(period)) {
            Ok(r) => reports.push(r),
            Err(e) => diags.extend(e.0),
        }
    }
    let mut case_reports: Vec<(usize, CalcReport)> = Vec::new();
    for (i, e) in exps.iter().enumerate() {
        if let Some(case) = &e.case {
            match super::cases::run(&ws, e, case) {
                Ok(r) => case_reports.push((i, r)),
                Err(err) => diags.extend(err.0),
            }
        }
    }
    let changes = match &args.against {
        None => None,
        Some(spec) => match against::changes(&ws, &data, spec, &args.period, &exps) {
            Ok(c) => Some(c),
            Err(e) => {
                diags.extend(e.0);
                None
            }
        },
    };
    if !diags.is_empty() {
        return invalid(format, to, Invalid(diags).into());
    }
    let mut outcomes = expect::compare(&exps, &reports);
    for (i, r) in &case_reports {
        outcomes.extend(expect::compare_one(&exps[*i], r));
    }
    let all_reports = reports.iter().chain(case_reports.iter().map(|(_, r)| r));
    let findings = Findings {
        plans: ws.plans.len(),
        data_files: ws.sources.len(),
        expectation_files: files.len(),
        ledger_notes,
        notes: notes(all_reports)
            .into_iter()
            .chain(
                ws.plans
                    .iter()
                    .flat_map(comp_core::plan::lint::unusual_rates),
            )
            .collect(),
        uncovered: uncovered(&ws, &outcomes),
        outcomes,
        changes,
        minor_unit: ws.money.minor_unit,
    };
    let mut out = Vec::new();
    match format {
        Format::Json => render::json(&findings, &mut out)?,
        _ => render::text(&ws, &findings, &mut out)?,
    }
    for w in findings.warnings() {
        crate::session::warn(w);
    }
    // failures (FAIL, FAILED) and negative amounts coloured on a terminal
    let out = crate::terminal::painted(format, to, out);
    output::write(to, &out)?;
    let failed = findings.failed();
    if failed > 0 {
        return Err(anyhow!(
            "{failed} of {} expected amount(s) do not hold",
            findings.outcomes.len()
        ));
    }
    Ok(())
}

/// Every data file and every expectation file, with the problems of all of them.
fn read_inputs(
    ws: &Workspace,
    files: &[std::path::PathBuf],
) -> Result<(Dataset, Vec<Expectation>), Vec<Diagnostic>> {
    // every data file the workspace maps, whole, with the problems of all files (each file reports
    // up to ten); record sources no plan uses are read too: a broken export is caught before a
    // plan starts using it
    let (data, mut diags) = match comp_read::load(ws, &Needs::everything(ws), Policy::CollectAll) {
        Ok(data) => (Some(data), Vec::new()),
        Err(e) => (None, e.0),
    };
    let exps = match comp_read::expect_files::load_all(ws, files) {
        Ok(e) => e,
        Err(e) => {
            diags.extend(e.0);
            Vec::new()
        }
    };
    let Some(data) = data.filter(|_| diags.is_empty()) else {
        return Err(diags);
    };
    for e in exps.iter().filter(|e| e.case.is_none()) {
        if data.roster.get(&e.payee).is_none() {
            let ids = data.roster.payees.iter().map(|p| p.id.as_str());
            let hint = match crate::toml_input::closest(&e.payee, ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the roster is {}", ws.roster().file.display()),
            };
            diags.push(
                Diagnostic::new(format!("payee `{}` is not on the roster", e.payee))
                    .at(e.loc.clone())
                    .hint(hint),
            );
        }
    }
    if diags.is_empty() {
        Ok((data, exps))
    } else {
        Err(diags)
    }
}

/// The reports' notes (unknown payees, repeated ids...), each once.
fn notes<'a>(reports: impl Iterator<Item = &'a CalcReport>) -> Vec<Note> {
    let mut out: Vec<Note> = Vec::new();
    for n in reports.flat_map(|r| r.notes.iter()) {
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

/// The plans in force whose statements no expectation looks at.
fn uncovered(ws: &Workspace, outcomes: &[Outcome]) -> Vec<String> {
    ws.plans
        .iter()
        .filter(|p| {
            !outcomes
                .iter()
                .any(|o| o.lines.iter().any(|(s, _)| s.plan == p.id))
        })
        .map(|p| p.id.clone())
        .collect()
}

/// Bad input: the diagnostics on stderr (exit 2); with --format json, the same as JSON too.
fn invalid(format: Format, to: Option<&Path>, e: anyhow::Error) -> Result<()> {
    if format == Format::Json {
        if let Some(inv) = e.downcast_ref::<Invalid>() {
            let mut out = Vec::new();
            render::invalid_json(inv, &mut out)?;
            output::write(to, &out)?;
        }
    }
    Err(e)
}
