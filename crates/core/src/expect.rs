//! Recorded expectations: `expect/*.toml` files in a workspace stating what a payee is paid for a
//! period, in total or per component, written by people. `comp check` computes the same statements
//! and compares, like a balance assertion in plain-text accounting.
//!
//! This module reads and checks the files and compares them with a report; it computes no payout.

use crate::diag::{Invalid, Location, SourceText};
use crate::num::Lit;
use crate::period::Period;
use crate::plan::Plan;
use crate::report::{CalcReport, ComponentLine, Statement};
use crate::toml_input::{self, closest, Checker};
use crate::workspace::{FieldType, SourceKind, Workspace};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

type S<T> = Spanned<T>;

/// The file as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExpectFile {
    /// Expected payouts of a payee of the roster, computed on the workspace's data.
    #[serde(default)]
    #[schemars(with = "Vec<RawExpectation>")]
    pub expect: Vec<S<RawExpectation>>,
    /// Expected payouts of a plan on a few records written here, for one made-up payee.
    #[serde(default)]
    #[schemars(with = "Vec<RawCase>")]
    pub case: Vec<S<RawCase>>,
}

/// A plan run on a small data set of its own: one payee, a TI, targets and a few records.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    /// The plan to run.
    #[schemars(with = "String")]
    pub plan: S<String>,
    /// The period: 2024-03, 2024-Q1, 2024-H1 or 2024.
    #[schemars(with = "String")]
    pub period: S<String>,
    /// The payee's annual target incentive.
    #[schemars(with = "Lit")]
    pub target_incentive: S<Lit>,
    /// Measure id -> annual target.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    pub quotas: BTreeMap<S<String>, S<Lit>>,
    /// The records: `source` names a record source, the other keys its fields (already mapped values).
    #[serde(default)]
    #[schemars(with = "Vec<BTreeMap<String, Lit>>")]
    pub records: Vec<S<BTreeMap<S<String>, S<Lit>>>>,
    /// What the payee is paid for the period, exactly.
    #[schemars(with = "Option<Lit>")]
    pub total: Option<S<Lit>>,
    /// Component id -> its payout for the period, exactly.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Lit>")]
    pub components: BTreeMap<S<String>, S<Lit>>,
    /// Why the numbers are what they are (the arithmetic by hand); shown when it fails.
    pub note: Option<String>,
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
    /// For a `[[case]]`: the data set it runs on instead of the workspace's.
    pub case: Option<CaseData>,
}

/// The payee id an inline case's statements carry.
pub const CASE_PAYEE: &str = "case";

/// The data of an inline case, each value with where it is written (a problem with it is shown
/// there).
#[derive(Debug, Clone)]
pub struct CaseData {
    /// Annual target incentive.
    pub target_incentive: Written<Decimal>,
    /// (measure, annual target)
    pub quotas: Vec<(String, Written<Decimal>)>,
    pub records: Vec<CaseRecord>,
}

/// A value of a case and where it is written.
#[derive(Debug, Clone)]
pub struct Written<T> {
    pub value: T,
    pub at: Location,
}

/// A record of a case: its source, and a value for each field given.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    pub source: String,
    pub values: Vec<(String, Written<String>)>,
    /// The record's `{ ... }`.
    pub at: Location,
}

/// Checks one expectation file against the workspace, reporting every problem.
pub fn check(ws: &Workspace, src: &SourceText) -> Result<Vec<Expectation>, Invalid> {
    let (raw, dropped) = toml_input::parse_all::<RawExpectFile>(src);
    let Some(raw) = raw else {
        return Err(Invalid(dropped));
    };
    let mut ck = Checker::new(src);
    ck.diags = dropped;
    if raw.expect.is_empty() && raw.case.is_empty() {
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
    for c in &raw.case {
        if let Some(x) = check_case(&mut ck, ws, c) {
            out.push(x);
        }
    }
    ck.finish(out)
}

fn check_one(ck: &mut Checker, ws: &Workspace, e: &S<RawExpectation>) -> Option<Expectation> {
    let raw = e.get_ref();
    let before = ck.diags.len();
    let period = check_period(ck, ws, &raw.period);
    let plan = raw.plan.as_ref().map(|p| check_plan(ck, ws, p));
    let checks = amounts(ck, ws, plan, &raw.total, &raw.components);
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
        case: None,
    })
}

fn check_period(ck: &mut Checker, ws: &Workspace, text: &S<String>) -> Option<Period> {
    let period = Period::parse(text.get_ref(), ws.fiscal);
    if period.is_none() {
        ck.error_hint(
            text.span(),
            format!("`{}` is not a period", text.get_ref()),
            crate::period::WRITTEN_AS,
        );
    }
    period
}

/// The plan named, or None (with an error) when it is not in force.
fn check_plan<'w>(ck: &mut Checker, ws: &'w Workspace, p: &S<String>) -> Option<&'w Plan> {
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

/// The expected total and component amounts. `plan` is None when no plan is named, Some(None) when
/// the plan named is not in force (its own error already says so).
fn amounts(
    ck: &mut Checker,
    ws: &Workspace,
    plan: Option<Option<&Plan>>,
    total: &Option<S<Lit>>,
    components: &BTreeMap<S<String>, S<Lit>>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    if let Some(t) = total {
        if let Some(v) = ck.decimal(t, "expected total") {
            checks.push(Check {
                part: Part::Total,
                expected: v,
                loc: ck.src.locate(t.span()),
            });
        }
    }
    for (id, amount) in components {
        // a component id must exist in the plan named, or in some plan when none is named
        let mut known: Vec<&str> = match plan {
            Some(Some(p)) => p.components.iter().map(|c| c.id.as_str()).collect(),
            None => ws
                .plans
                .iter()
                .flat_map(|p| p.components.iter().map(|c| c.id.as_str()))
                .collect(),
            Some(None) => vec![id.get_ref().as_str()],
        };
        // each component once (plans share ids), then the lines comp adds to statements
        let mut seen = std::collections::HashSet::new();
        known.retain(|k| seen.insert(*k));
        known.extend(
            crate::line_id::LineId::RESERVED
                .iter()
                .filter(|r| !seen.contains(*r)),
        );
        // an adjustment line is named after its period and component (`adjustment:2024-01:bonus`)
        let adjustment = id.get_ref().starts_with("adjustment:");
        if !adjustment && !known.contains(&id.get_ref().as_str()) {
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
    checks
}

fn check_case(ck: &mut Checker, ws: &Workspace, c: &S<RawCase>) -> Option<Expectation> {
    let raw = c.get_ref();
    let before = ck.diags.len();
    let period = check_period(ck, ws, &raw.period);
    let plan = check_plan(ck, ws, &raw.plan);
    let checks = amounts(ck, ws, Some(plan), &raw.total, &raw.components);
    if raw.total.is_none() && raw.components.is_empty() {
        ck.error_hint(
            c.span(),
            "the case states no amount",
            "add total = \"...\" or components = { id = \"...\" }",
        );
    }
    let ti = ck
        .decimal(&raw.target_incentive, "target_incentive")
        .map(|value| Written {
            value,
            at: ck.src.locate(raw.target_incentive.span()),
        });
    let mut quotas = Vec::new();
    for (m, t) in &raw.quotas {
        if let Some(p) = plan {
            if p.measure(m.get_ref()).is_none() {
                let ids = p.measures.iter().map(|x| x.id.as_str());
                let hint = match closest(m.get_ref(), ids.clone()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("its measures are: {}", ids.collect::<Vec<_>>().join(", ")),
                };
                ck.error_hint(
                    m.span(),
                    format!("plan `{}` has no measure `{}`", p.id, m.get_ref()),
                    hint,
                );
            }
        }
        if let Some(v) = ck.decimal(t, "quota") {
            let at = ck.src.locate(m.span().start..t.span().end);
            quotas.push((m.get_ref().clone(), Written { value: v, at }));
        }
    }
    if let Some(p) = plan {
        check_case_targets(ck, p, &raw.plan, &raw.quotas);
    }
    let mut records = Vec::new();
    for r in &raw.records {
        if let Some(rec) = check_record(ck, ws, r) {
            records.push(rec);
        }
    }
    if ck.diags.len() > before {
        return None;
    }
    Some(Expectation {
        payee: CASE_PAYEE.to_string(),
        period: period?,
        plan: Some(raw.plan.get_ref().clone()),
        checks,
        note: raw.note.clone(),
        loc: ck.src.locate(raw.plan.span()),
        case: Some(CaseData {
            target_incentive: ti?,
            quotas,
            records,
        }),
    })
}

/// One record of a case: its source, and a value for each field given. The source's required
/// fields (other than id and payee, which the case fills in) must be given.
fn check_record(
    ck: &mut Checker,
    ws: &Workspace,
    r: &S<BTreeMap<S<String>, S<Lit>>>,
) -> Option<CaseRecord> {
    let fields = r.get_ref();
    let Some((_, source)) = fields.iter().find(|(k, _)| k.get_ref() == "source") else {
        ck.error_hint(
            r.span(),
            "a case record names no source",
            "add source = \"deals\" (a record source of comp.toml)",
        );
        return None;
    };
    let name = ck.text(source);
    // records, and the customer-success data a KPI is computed from (customers, MRR movements,
    // surveys, onboardings): cases.rs writes both kinds
    let holdable =
        |s: &&crate::workspace::Source| s.kind == SourceKind::Records || s.kind.is_customer_data();
    let src = ws.sources.iter().filter(holdable).find(|s| s.name == name);
    let Some(src) = src else {
        let names: Vec<&str> = ws
            .sources
            .iter()
            .filter(holdable)
            .map(|s| s.name.as_str())
            .collect();
        ck.error_hint(
            source.span(),
            format!("`{name}` is not a record source of this workspace"),
            format!("the sources a case can hold are: {}", names.join(", ")),
        );
        return None;
    };
    let mut values = Vec::new();
    for (k, v) in fields {
        let key = k.get_ref().as_str();
        if key == "source" {
            continue;
        }
        if key == "payee" || src.field(key).is_none() {
            let names: Vec<&str> = src
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .filter(|n| *n != "payee")
                .collect();
            let hint = match closest(key, names.iter().copied()) {
                Some(best) if key != "payee" => format!("did you mean `{best}`?"),
                _ => format!("the fields of `{}` are: {}", src.name, names.join(", ")),
            };
            ck.error_hint(
                k.span(),
                format!("`{key}` is not a field a case record can set"),
                hint,
            );
            continue;
        }
        let text = ck.text(v);
        let ty = src.field(key).map(|(_, f)| f.ty);
        // case records are written in one format whatever the source's: ISO dates, '.' decimals
        let reads = match ty {
            Some(FieldType::Date) => {
                chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").is_ok() || text.is_empty()
            }
            Some(FieldType::Decimal) => crate::num::parse_plain(&text).is_some() || text.is_empty(),
            _ => true,
        };
        if !reads {
            let what = if ty == Some(FieldType::Date) {
                "a date: write YYYY-MM-DD"
            } else {
                "a number: write 12500 or \"12500.50\""
            };
            ck.error_hint(
                v.span(),
                format!("`{key}` = `{text}` does not read"),
                format!("`{key}` is {what}"),
            );
            continue;
        }
        let at = ck.src.locate(v.span());
        values.push((key.to_string(), Written { value: text, at }));
    }
    for f in src.fields.iter().filter(|f| f.required) {
        // a record's id and payee are filled in by the case; a customer's id is not
        let filled = src.kind == SourceKind::Records && ["id", "payee"].contains(&f.name.as_str());
        if !filled && !fields.keys().any(|k| *k.get_ref() == f.name) {
            ck.error_hint(
                r.span(),
                format!("a `{}` record needs `{}`", src.name, f.name),
                format!("add {} = ... to the record", f.name),
            );
        }
    }
    Some(CaseRecord {
        source: src.name.clone(),
        values,
        at: ck.src.locate(r.span()),
    })
}

/// Every measure whose target a component of the case's plan needs has a quota in the case: a
/// case's quotas are all its payee has.
fn check_case_targets(
    ck: &mut Checker,
    plan: &Plan,
    plan_id: &S<String>,
    quotas: &BTreeMap<S<String>, S<Lit>>,
) {
    // a quota naming no measure of the plan is reported already, most likely the one missing
    if quotas.keys().any(|k| plan.measure(k.get_ref()).is_none()) {
        return;
    }
    let mut missing: Vec<&str> = Vec::new();
    for c in plan.components.iter().filter(|c| c.rule.needs_target()) {
        let m = plan.measures[c.rule.on()].id.as_str();
        if missing.contains(&m) || quotas.keys().any(|k| k.get_ref() == m) {
            continue;
        }
        missing.push(m);
        ck.error_hint(
            plan_id.span(),
            format!(
                "the case gives no quota for measure `{m}`, which component `{}` of plan `{}` needs",
                c.id, plan.id
            ),
            format!("give the case its annual targets: quotas = {{ {m} = \"<target>\" }}"),
        );
    }
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

/// Compares each expectation of the workspace's data (not the cases) with the report of its
/// period.
pub fn compare<'a>(exps: &'a [Expectation], reports: &'a [CalcReport]) -> Vec<Outcome<'a>> {
    let mut out = Vec::new();
    for e in exps.iter().filter(|e| e.case.is_none()) {
        if let Some(report) = reports.iter().find(|r| r.period == e.period) {
            out.extend(compare_one(e, report));
        }
    }
    out
}

/// Compares one expectation with a report of its period. A payee's amount over a period is the sum
/// over the statements that fall in it (a monthly plan's three months for a quarter).
pub fn compare_one<'a>(e: &'a Expectation, report: &'a CalcReport) -> Vec<Outcome<'a>> {
    let statements: Vec<&Statement> = report
        .statements
        .iter()
        .filter(|s| s.payee == e.payee && e.plan.as_ref().is_none_or(|p| *p == s.plan))
        .collect();
    let mut out = Vec::new();
    for c in &e.checks {
        let lines: Vec<(&Statement, &ComponentLine)> = statements
            .iter()
            .flat_map(|s| s.lines.iter().map(move |l| (*s, l)))
            .filter(|(_, l)| match &c.part {
                Part::Total => true,
                Part::Component(id) => l.id.has_name(id),
            })
            .collect();
        let actual: rust_decimal::Decimal = match &c.part {
            Part::Total => statements.iter().map(|s| s.total).sum(),
            Part::Component(_) => lines.iter().map(|(_, l)| l.payout).sum(),
        };
        // a line the statements do not have (no draw top-up this period) was paid 0.00
        let mut actual = actual;
        if lines.is_empty() {
            actual.rescale(report.minor_unit);
        }
        out.push(Outcome {
            expectation: e,
            check: c,
            actual,
            lines,
            no_statement: statements.is_empty(),
        });
    }
    out
}

/// The distinct periods the expectations need computed, in order.
pub fn periods(exps: &[Expectation]) -> Vec<Period> {
    let mut ps: Vec<Period> = exps
        .iter()
        .filter(|e| e.case.is_none())
        .map(|e| e.period)
        .collect();
    ps.sort();
    ps.dedup();
    ps
}
