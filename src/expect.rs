//! Recorded expectations: `expect/*.toml` files in a workspace stating what a payee is paid for a
//! period, in total or per component, written by people. `comp check` computes the same statements
//! and compares, like a balance assertion in plain-text accounting.
//!
//! This module reads and checks the files and compares them with a report; it computes no payout.

use crate::diag::{Diagnostic, Invalid, Location, SourceText};
use crate::num::Lit;
use crate::period::Period;
use crate::report::{CalcReport, ComponentLine, Statement};
use crate::toml_input::{self, closest, Checker};
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

type S<T> = Spanned<T>;

/// The file as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExpectFile {
    #[serde(default)]
    #[schemars(with = "Vec<RawExpectation>")]
    pub expect: Vec<S<RawExpectation>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExpectation {
    /// A payee id of the roster.
    #[schemars(with = "String")]
    pub payee: S<String>,
    /// 2024-03, 2024-Q1, 2024-H1 or 2024: the statements ending in it are added up.
    #[schemars(with = "String")]
    pub period: S<String>,
    /// Only this plan's statements (default: all of the payee's).
    #[schemars(with = "Option<String>")]
    pub plan: Option<S<String>>,
    /// What the payee is paid for the period, exactly ("12300.00").
    #[schemars(with = "Option<Lit>")]
    pub total: Option<S<Lit>>,
    /// Component id -> its payout for the period, exactly.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    pub components: BTreeMap<S<String>, S<Lit>>,
    /// Why the numbers are what they are (the arithmetic by hand); shown when it fails.
    pub note: Option<String>,
}

/// What an expectation compares: a payee's total, or one component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Total,
    Component(String),
}

impl Part {
    pub fn name(&self) -> &str {
        match self {
            Part::Total => "total",
            Part::Component(c) => c,
        }
    }
}

/// One expected amount.
#[derive(Debug, Clone)]
pub struct Check {
    pub part: Part,
    pub expected: Decimal,
    pub loc: Location,
}

/// A checked expectation: a payee, a period, optionally a plan, and the amounts expected.
#[derive(Debug, Clone)]
pub struct Expectation {
    pub payee: String,
    pub period: Period,
    pub plan: Option<String>,
    pub checks: Vec<Check>,
    pub note: Option<String>,
    pub loc: Location,
}

/// The expectation files of a workspace: `expect/*.toml` beside comp.toml, in name order.
pub fn files(ws: &Workspace) -> Vec<PathBuf> {
    let dir = ws
        .path
        .parent()
        .map(|d| d.join("expect"))
        .unwrap_or_else(|| PathBuf::from("expect"));
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Reads every expectation file, reporting all problems of all files.
pub fn load_all(ws: &Workspace, paths: &[PathBuf]) -> Result<Vec<Expectation>, Invalid> {
    let mut all = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        match load(ws, p) {
            Ok(e) => all.extend(e),
            Err(e) => diags.extend(e.0),
        }
    }
    if diags.is_empty() {
        Ok(all)
    } else {
        Err(Invalid(diags))
    }
}

/// Reads and checks one expectation file against the workspace's plans.
pub fn load(ws: &Workspace, path: &Path) -> Result<Vec<Expectation>, Invalid> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Invalid(vec![Diagnostic::new(format!(
            "cannot read {}: {e}",
            path.display()
        ))])
    })?;
    let src = SourceText::new(path, text);
    check(ws, &src)
}

pub fn check(ws: &Workspace, src: &SourceText) -> Result<Vec<Expectation>, Invalid> {
    let (raw, dropped) = toml_input::parse_all::<RawExpectFile>(src);
    let Some(raw) = raw else {
        return Err(Invalid(dropped));
    };
    let mut ck = Checker::new(src);
    ck.diags = dropped;
    if raw.expect.is_empty() {
        ck.error_hint(
            0..0,
            "this expectation file expects nothing",
            "add an [[expect]] table with payee, period and total or components",
        );
    }
    let mut out = Vec::new();
    for e in &raw.expect {
        if let Some(x) = check_one(&mut ck, ws, e) {
            out.push(x);
        }
    }
    ck.finish(out)
}

fn check_one(ck: &mut Checker, ws: &Workspace, e: &S<RawExpectation>) -> Option<Expectation> {
    let raw = e.get_ref();
    let before = ck.diags.len();
    let period = Period::parse(raw.period.get_ref(), ws.fiscal);
    if period.is_none() {
        ck.error_hint(
            raw.period.span(),
            format!("`{}` is not a period", raw.period.get_ref()),
            "write 2024-03 (a month), 2024-Q1 (a quarter), 2024-H1 (a half) or 2024 (a fiscal year)",
        );
    }
    let plan = match &raw.plan {
        None => None,
        Some(p) => {
            let found = ws.plan(p.get_ref());
            if found.is_none() {
                let ids = ws.plans.iter().map(|q| q.id.as_str());
                let hint = match closest(p.get_ref(), ids.clone()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("plans in force: {}", ids.collect::<Vec<_>>().join(", ")),
                };
                ck.error_hint(
                    p.span(),
                    format!("plan `{}` is not in force in this workspace", p.get_ref()),
                    hint,
                );
            }
            found
        }
    };
    let mut checks = Vec::new();
    if let Some(t) = &raw.total {
        if let Some(v) = ck.decimal(t, "expected total") {
            checks.push(Check {
                part: Part::Total,
                expected: v,
                loc: ck.src.locate(t.span()),
            });
        }
    }
    for (id, amount) in &raw.components {
        // a component id must exist in the plan named, or in some plan when none is named (an
        // unknown plan has its own error)
        let mut known: Vec<&str> = match (plan, &raw.plan) {
            (Some(p), _) => p.components.iter().map(|c| c.id.as_str()).collect(),
            (None, None) => ws
                .plans
                .iter()
                .flat_map(|p| p.components.iter().map(|c| c.id.as_str()))
                .collect(),
            (None, Some(_)) => vec![id.get_ref().as_str()],
        };
        known.push("plan_cap");
        if !known.contains(&id.get_ref().as_str()) {
            let hint = match closest(id.get_ref(), known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the components are: {}", known.join(", ")),
            };
            ck.error_hint(
                id.span(),
                format!("no component `{}` to expect", id.get_ref()),
                hint,
            );
            continue;
        }
        if let Some(v) = ck.decimal(amount, "expected amount") {
            checks.push(Check {
                part: Part::Component(id.get_ref().clone()),
                expected: v,
                loc: ck.src.locate(amount.span()),
            });
        }
    }
    if raw.total.is_none() && raw.components.is_empty() {
        ck.error_hint(
            e.span(),
            format!(
                "the expectation for `{}` states no amount",
                raw.payee.get_ref()
            ),
            "add total = \"...\" or components = { id = \"...\" }",
        );
    }
    if ck.diags.len() > before {
        return None;
    }
    Some(Expectation {
        payee: raw.payee.get_ref().clone(),
        period: period?,
        plan: raw.plan.as_ref().map(|p| p.get_ref().clone()),
        checks,
        note: raw.note.clone(),
        loc: ck.src.locate(raw.payee.span()),
    })
}

/// The comparison of one expected amount with what the plans compute.
#[derive(Debug, Clone)]
pub struct Outcome<'a> {
    pub expectation: &'a Expectation,
    pub check: &'a Check,
    pub actual: Decimal,
    /// The statement lines that produced `actual` (for a component, its line in each statement).
    pub lines: Vec<(&'a Statement, &'a ComponentLine)>,
    /// The payee has no statement in the period (actual is then zero).
    pub no_statement: bool,
}

impl Outcome<'_> {
    pub fn holds(&self) -> bool {
        self.actual == self.check.expected
    }

    /// actual - expected: what the plans pay more (or, negative, less) than expected.
    pub fn difference(&self) -> Decimal {
        self.actual - self.check.expected
    }
}

/// Compares each expectation with the report of its period. A payee's amount over a period is the
/// sum over the statements that fall in it (a monthly plan's three months for a quarter).
pub fn compare<'a>(exps: &'a [Expectation], reports: &'a [CalcReport]) -> Vec<Outcome<'a>> {
    let mut out = Vec::new();
    for e in exps {
        let report = reports.iter().find(|r| r.period == e.period);
        let statements: Vec<_> = report
            .into_iter()
            .flat_map(|r| r.statements.iter())
            .filter(|s| s.payee == e.payee && e.plan.as_ref().is_none_or(|p| *p == s.plan))
            .collect();
        for c in &e.checks {
            let lines: Vec<(&Statement, &ComponentLine)> = statements
                .iter()
                .flat_map(|s| s.lines.iter().map(move |l| (*s, l)))
                .filter(|(_, l)| match &c.part {
                    Part::Total => true,
                    Part::Component(id) => l.component == *id,
                })
                .collect();
            let actual = match &c.part {
                Part::Total => statements.iter().map(|s| s.total).sum(),
                Part::Component(_) => lines.iter().map(|(_, l)| l.payout).sum(),
            };
            out.push(Outcome {
                expectation: e,
                check: c,
                actual,
                lines,
                no_statement: statements.is_empty(),
            });
        }
    }
    out
}

/// The distinct periods the expectations need computed, in order.
pub fn periods(exps: &[Expectation]) -> Vec<Period> {
    let mut ps: Vec<Period> = exps.iter().map(|e| e.period).collect();
    ps.sort();
    ps.dedup();
    ps
}
