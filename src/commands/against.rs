//! `comp check --against REV_OR_DIR`: which payouts change between another version of the plans and
//! this one, both run on this workspace's data, so a reviewer sees what a plan change does.
//!
//! The other version of each plan file is read at the same path: from a git revision
//! (`git show REV:path`, the path relative to the repository's top folder), or from a folder holding
//! another checkout of the repository (or, outside git, another copy of the workspace folder).

use crate::data::{Dataset, Ledger};
use crate::diag::{Diagnostic, Invalid, SourceText};
use crate::engine::{self, Request};
use crate::expect::Expectation;
use crate::period::Period;
use crate::render::check::{Change, Changes};
use crate::report::CalcReport;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn changes(
    ws: &Workspace,
    data: &Dataset,
    spec: &str,
    periods: &[String],
    exps: &[Expectation],
) -> Result<Changes, Invalid> {
    let periods = compared_periods(ws, periods, exps)?;
    let root = repository_root(ws);
    let mut texts = Vec::new();
    let mut new_plans = Vec::new();
    for plan in &ws.plans {
        let rel = relative(&root, &plan.file)?;
        match other_version(&root, spec, &rel)? {
            Some(src) => texts.push(src),
            None => {
                new_plans.push(plan.id.clone());
                let text = std::fs::read_to_string(&plan.file).map_err(|e| {
                    Invalid(vec![Diagnostic::new(format!(
                        "cannot read {}: {e}",
                        plan.file.display()
                    ))])
                })?;
                texts.push(SourceText::new(&plan.file, text));
            }
        }
    }
    let before_ws = ws.with_plan_texts(&texts)?;
    let ledger = Ledger::default();
    let mut rows = Vec::new();
    let mut compared = 0;
    for p in &periods {
        let after = payouts(&engine::calculate(
            ws,
            data,
            &ledger,
            &Request::everyone(*p),
        )?);
        let before = payouts(&engine::calculate(
            &before_ws,
            data,
            &ledger,
            &Request::everyone(*p),
        )?);
        let mut keys: Vec<&Key> = after.keys().chain(before.keys()).collect();
        keys.sort();
        keys.dedup();
        compared += keys.len();
        for k in keys {
            let b = before.get(k).copied().unwrap_or_default();
            let a = after.get(k).copied().unwrap_or_default();
            if a != b {
                rows.push(Change {
                    payee: k.0.clone(),
                    plan: k.1.clone(),
                    period: k.2.clone(),
                    component: k.3.clone(),
                    before: b,
                    after: a,
                });
            }
        }
    }
    Ok(Changes {
        against: spec.to_string(),
        periods: periods.iter().map(Period::to_string).collect(),
        new_plans,
        rows,
        compared,
    })
}

/// (payee, plan, plan period, component)
type Key = (String, String, String, String);

fn payouts(r: &CalcReport) -> BTreeMap<Key, Decimal> {
    let mut m = BTreeMap::new();
    for s in &r.statements {
        for l in &s.lines {
            *m.entry((
                s.payee.clone(),
                s.plan.clone(),
                s.period.to_string(),
                l.id.to_string(),
            ))
            .or_default() += l.payout;
        }
    }
    m
}

/// The periods given, or the fiscal years the expectations name.
fn compared_periods(
    ws: &Workspace,
    given: &[String],
    exps: &[Expectation],
) -> Result<Vec<Period>, Invalid> {
    let mut out = Vec::new();
    for g in given {
        out.push(Period::parse(g, ws.fiscal).ok_or_else(|| {
            Invalid(vec![Diagnostic::new(format!("`{g}` is not a period"))
                .hint(comp_core::period::WRITTEN_AS)])
        })?);
    }
    if given.is_empty() {
        out.extend(exps.iter().map(|e| e.period.fiscal_year(ws.fiscal)));
    }
    out.sort();
    out.dedup();
    if out.is_empty() {
        return Err(Invalid(vec![Diagnostic::new(
            "--against has no period to compare",
        )
        .hint("pass --period 2024, or record expectations in expect/*.toml")]));
    }
    Ok(out)
}

/// The git repository's top folder holding the workspace, or else the deepest folder holding the
/// workspace file and every plan file.
fn repository_root(ws: &Workspace) -> PathBuf {
    let dir = ws
        .path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut common = canon(dir);
    for p in &ws.plans {
        let file = canon(&p.file);
        while !file.starts_with(&common) {
            match common.parent() {
                Some(up) => common = up.to_path_buf(),
                None => break,
            }
        }
    }
    let top = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    top.unwrap_or(common)
}

fn relative(root: &Path, file: &Path) -> Result<PathBuf, Invalid> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    canon(file)
        .strip_prefix(canon(root))
        .map(Path::to_path_buf)
        .map_err(|_| {
            Invalid(vec![Diagnostic::new(format!(
                "plan file {} is outside {}",
                file.display(),
                root.display()
            ))
            .hint(
                "--against compares files of one repository (or one workspace folder)",
            )])
        })
}

/// The other version of a file, or None when it has no such file.
fn other_version(root: &Path, spec: &str, rel: &Path) -> Result<Option<SourceText>, Invalid> {
    let dir = Path::new(spec);
    if dir.is_dir() {
        let p = dir.join(rel);
        return Ok(std::fs::read_to_string(&p)
            .ok()
            .map(|t| SourceText::new(p, t)));
    }
    let rel_git = rel.to_string_lossy().replace('\\', "/");
    let rev_ok = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--verify", "--quiet"])
        .arg(format!("{spec}^{{commit}}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !rev_ok {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "`{spec}` is neither a folder nor a git revision of {}",
            root.display()
        ))
        .hint(
            "pass a revision such as main or HEAD~1, or a folder with another checkout",
        )]));
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{spec}:{rel_git}"))
        .output()
        .map_err(|e| Invalid(vec![Diagnostic::new(format!("cannot run git: {e}"))]))?;
    if !out.status.success() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Ok(Some(SourceText::new(format!("{spec}:{rel_git}"), text)))
}
