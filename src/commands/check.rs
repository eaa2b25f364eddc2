//! `comp check`: the CI gate. Validates the whole workspace (comp.toml, every plan, every data file,
//! every expectation file), reporting every problem at once, then compares the recorded expectations
//! with what the plans compute. Exit 0 when all holds, 1 when an expectation fails, 2 on bad input.

use super::against;
use crate::data::{Dataset, Ledger, Needs};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, Request};
use crate::expect::{self, Expectation, Outcome};
use crate::report::{CalcReport, Note};
use crate::workspace::Workspace;
use anyhow::{anyhow, Result};
use clap::ValueEnum;
use comp_read::Policy;
use std::io::Write;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Also show which payouts change against another version of the plans: a git revision (main,
    /// HEAD~1, a tag) or a folder holding another checkout of the repository.
    #[arg(long, value_name = "REV_OR_DIR")]
    pub against: Option<String>,
    /// The periods to compare with --against (repeatable; default: the fiscal years the expectations
    /// name).
    #[arg(long, value_name = "P")]
    pub period: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// Everything `comp check` found, for either renderer.
struct Findings<'a> {
    plans: usize,
    data_files: usize,
    expectation_files: usize,
    outcomes: Vec<Outcome<'a>>,
    warnings: Vec<String>,
    changes: Option<against::Changes>,
    minor_unit: u32,
    /// Plans in force whose statements no expectation looks at.
    uncovered: Vec<String>,
}

pub fn run(workspace: Option<&Path>, args: CheckArgs) -> Result<()> {
    let ws = match crate::cli::find_workspace(workspace) {
        Ok(ws) => ws,
        Err(e) => return invalid(args.format, e),
    };
    let files = comp_read::expect_files::files(&ws);
    let (data, exps) = match read_inputs(&ws, &files) {
        Ok(read) => read,
        Err(diags) => return invalid(args.format, Invalid(diags).into()),
    };
    let mut diags = Vec::new();
    // the ledger is not read for expectations, but its seals are checked as every verb reading it does
    let ledger_notes = match comp_read::ledger::load(&ws) {
        Ok(l) => l.notes,
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
        return invalid(args.format, Invalid(diags).into());
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
        warnings: ledger_notes.into_iter().chain(notes(all_reports)).collect(),
        uncovered: uncovered(&ws, &outcomes),
        outcomes,
        changes,
        minor_unit: ws.money.minor_unit,
    };
    let mut out = Vec::new();
    match args.format {
        CheckFormat::Text => text(&ws, &findings, &mut out)?,
        CheckFormat::Json => json(&findings, &mut out)?,
    }
    for w in &findings.warnings {
        eprintln!("warning: {w}");
    }
    crate::cli::write_output(None, &out)?;
    let failed = findings.outcomes.iter().filter(|o| !o.holds()).count();
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
fn notes<'a>(reports: impl Iterator<Item = &'a CalcReport>) -> Vec<String> {
    let mut out: Vec<&Note> = Vec::new();
    for n in reports.flat_map(|r| r.notes.iter()) {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    let words = crate::render::words::words();
    out.into_iter().map(|n| words.note(n)).collect()
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

/// Bad input: the diagnostics on stderr (exit 2); with --format json, the same as JSON on stdout too.
fn invalid(format: CheckFormat, e: anyhow::Error) -> Result<()> {
    if format == CheckFormat::Json {
        if let Some(inv) = e.downcast_ref::<Invalid>() {
            let mut out = Vec::new();
            let doc = serde_json::json!({
                "status": "invalid",
                "diagnostics": inv.0.iter().map(diagnostic_json).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut out, &doc)?;
            out.push(b'\n');
            crate::cli::write_output(None, &out)?;
        }
    }
    Err(e)
}

fn where_(e: &Expectation) -> String {
    if e.case.is_some() {
        return format!(
            "case {} {} (line {})",
            e.plan.as_deref().unwrap_or(""),
            e.period,
            e.loc.line
        );
    }
    match &e.plan {
        Some(p) => format!("{} {} ({p})", e.payee, e.period),
        None => format!("{} {}", e.payee, e.period),
    }
}

fn text(ws: &Workspace, f: &Findings, out: &mut Vec<u8>) -> Result<()> {
    let failed: Vec<&Outcome> = f.outcomes.iter().filter(|o| !o.holds()).collect();
    for o in &failed {
        let e = o.expectation;
        let c = o.check;
        writeln!(
            out,
            "FAIL {}: {} expected {}, computed {}",
            where_(e),
            c.part.name(),
            crate::render::money(c.expected),
            crate::render::money(o.actual)
        )?;
        // the expectation's line with a caret under the amount, like a compiler error
        let d = Diagnostic::new("").at(c.loc.clone());
        let shown = d.to_string();
        for line in shown.lines().skip(1) {
            writeln!(out, "{line}")?;
        }
        writeln!(
            out,
            "   expected   {:>14}",
            crate::render::money(c.expected)
        )?;
        writeln!(out, "   computed   {:>14}", crate::render::money(o.actual))?;
        writeln!(out, "   difference {:>14}", signed(o.difference()))?;
        if o.no_statement {
            writeln!(
                out,
                "   the payee has no statement in {} (not on a plan, or not employed then)",
                e.period
            )?;
        }
        for (s, l) in &o.lines {
            let at = ws
                .plan(&s.plan)
                .and_then(|p| p.components.iter().find(|c| l.id.has_name(&c.id)))
                .map(|c| format!("{}:{}", c.loc.file.display(), c.loc.line))
                .unwrap_or_else(|| s.plan.clone());
            writeln!(
                out,
                "   from {} {} {} ({at}): {} = {}",
                s.plan,
                s.period,
                l.id,
                crate::render::table::how(l, f.minor_unit),
                crate::render::money(l.payout)
            )?;
        }
        if let Some(n) = &e.note {
            let mut lines = n.trim().lines();
            writeln!(out, "   note: {}", lines.next().unwrap_or(""))?;
            for l in lines {
                writeln!(out, "         {l}")?;
            }
        }
        writeln!(out)?;
    }
    if let Some(changes) = &f.changes {
        against::text(changes, out)?;
    }
    let n = f.outcomes.len();
    if n > 0 && !f.uncovered.is_empty() {
        writeln!(
            out,
            "note: no recorded payout covers plan(s) {}: a change to them would go unnoticed",
            f.uncovered.join(", ")
        )?;
    }
    writeln!(
        out,
        "{}: {} plan(s), {} data file(s), {} expected amount(s) in {} file(s){}",
        if failed.is_empty() { "ok" } else { "FAILED" },
        f.plans,
        f.data_files,
        n,
        f.expectation_files,
        if failed.is_empty() {
            if n == 0 {
                "; add expect/*.toml files to record payouts".to_string()
            } else {
                ", all hold".to_string()
            }
        } else {
            format!(", {} do not hold", failed.len())
        }
    )?;
    Ok(())
}

fn signed(d: rust_decimal::Decimal) -> String {
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{}", crate::render::money(d))
    } else {
        crate::render::money(d)
    }
}

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "message": d.message,
        "file": d.location.as_ref().map(|l| l.file.display().to_string()),
        "line": d.location.as_ref().map(|l| l.line),
        "column": d.location.as_ref().map(|l| l.col),
        "hint": d.hint,
    })
}

fn json(f: &Findings, out: &mut Vec<u8>) -> Result<()> {
    let failed = f.outcomes.iter().any(|o| !o.holds());
    let doc = serde_json::json!({
        "status": if failed { "fail" } else { "pass" },
        "plans": f.plans,
        "data_files": f.data_files,
        "expectation_files": f.expectation_files,
        "diagnostics": [],
        "warnings": f.warnings,
        "uncovered_plans": f.uncovered,
        "expectations": f.outcomes.iter().map(|o| serde_json::json!({
            "file": o.check.loc.file.display().to_string(),
            "line": o.check.loc.line,
            "column": o.check.loc.col,
            "payee": o.expectation.payee,
            "period": o.expectation.period.to_string(),
            "plan": o.expectation.plan,
            "part": o.check.part.name(),
            "expected": o.check.expected.to_string(),
            "actual": o.actual.to_string(),
            "difference": o.difference().to_string(),
            "holds": o.holds(),
        })).collect::<Vec<_>>(),
        "changes": f.changes.as_ref().map(against::json),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.push(b'\n');
    Ok(())
}
