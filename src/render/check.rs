//! `comp check`'s outputs: the text a reviewer reads (failed expectations with their lines, the
//! payouts that move against another version, a summary), and JSON for tools, from typed structs
//! whose shape is documented in docs/format.md ("comp check --format json") and kept stable: its
//! keys are written in alphabetical order, as they always were.

use super::{money, words::words};
use crate::diag::{Diagnostic, Invalid};
use crate::expect::{Expectation, Outcome};
use crate::report::Note;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::{self, Write};

/// Everything `comp check` found, for either renderer.
pub struct Findings<'a> {
    pub plans: usize,
    pub data_files: usize,
    pub expectation_files: usize,
    pub outcomes: Vec<Outcome<'a>>,
    /// The ledger's notes (worded by its reader) and the reports' notes, each once.
    pub ledger_notes: Vec<String>,
    pub notes: Vec<Note>,
    pub changes: Option<Changes>,
    pub minor_unit: u32,
    /// Plans in force whose statements no expectation looks at.
    pub uncovered: Vec<String>,
}

impl Findings<'_> {
    pub fn failed(&self) -> usize {
        self.outcomes.iter().filter(|o| !o.holds()).count()
    }

    /// The warnings, worded.
    pub fn warnings(&self) -> Vec<String> {
        let w = words();
        let notes = self.notes.iter().map(|n| w.note(n));
        self.ledger_notes.iter().cloned().chain(notes).collect()
    }
}

/// One payee's component whose payout differs between the other version of the plans and this one.
#[derive(Debug, Clone)]
pub struct Change {
    pub payee: String,
    pub plan: String,
    pub period: String,
    pub component: String,
    pub before: Decimal,
    pub after: Decimal,
}

/// What `--against` found.
#[derive(Debug, Clone)]
pub struct Changes {
    pub against: String,
    pub periods: Vec<String>,
    /// Plans with no file in the other version: compared with themselves.
    pub new_plans: Vec<String>,
    pub rows: Vec<Change>,
    /// Component lines compared (changed or not).
    pub compared: usize,
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

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", money(d))
    } else {
        money(d)
    }
}

/// The text a reviewer reads: each failed expectation, the payouts that move, the summary.
pub fn text<W: Write>(ws: &Workspace, f: &Findings, mut out: W) -> io::Result<()> {
    let failed: Vec<&Outcome> = f.outcomes.iter().filter(|o| !o.holds()).collect();
    for o in &failed {
        failure(ws, f, o, &mut out)?;
    }
    if let Some(changes) = &f.changes {
        changes_text(changes, &mut out)?;
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
    )
}

/// One expectation that does not hold: where it is written, both amounts, and the lines that
/// computed the amount.
fn failure<W: Write>(ws: &Workspace, f: &Findings, o: &Outcome, out: &mut W) -> io::Result<()> {
    let e = o.expectation;
    let c = o.check;
    writeln!(
        out,
        "FAIL {}: {} expected {}, computed {}",
        where_(e),
        c.part.name(),
        money(c.expected),
        money(o.actual)
    )?;
    // the expectation's line with a caret under the amount, like a compiler error
    let shown = Diagnostic::new("").at(c.loc.clone()).to_string();
    for line in shown.lines().skip(1) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "   expected   {:>14}", money(c.expected))?;
    writeln!(out, "   computed   {:>14}", money(o.actual))?;
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
            super::table::how(l, f.minor_unit),
            money(l.payout)
        )?;
    }
    if let Some(n) = &e.note {
        let mut lines = n.trim().lines();
        writeln!(out, "   note: {}", lines.next().unwrap_or(""))?;
        for l in lines {
            writeln!(out, "         {l}")?;
        }
    }
    writeln!(out)
}

/// The payouts that change against another version of the plans, as a table.
fn changes_text<W: Write>(c: &Changes, out: &mut W) -> io::Result<()> {
    writeln!(
        out,
        "Payouts that change against {} ({}):",
        c.against,
        c.periods.join(", ")
    )?;
    for p in &c.new_plans {
        writeln!(out, "  plan `{p}` is new (no file in {})", c.against)?;
    }
    if c.rows.is_empty() {
        writeln!(out, "  none of {} component payout(s)", c.compared)?;
        writeln!(out)?;
        return Ok(());
    }
    let header = ["payee", "plan", "period", "component"];
    let mut widths = header.map(str::len);
    for r in &c.rows {
        for (w, s) in widths
            .iter_mut()
            .zip([&r.payee, &r.plan, &r.period, &r.component])
        {
            *w = (*w).max(s.len());
        }
    }
    let [w0, w1, w2, w3] = widths;
    writeln!(
        out,
        "  {:w0$}  {:w1$}  {:w2$}  {:w3$}  {:>14}  {:>14}  {:>14}",
        "payee", "plan", "period", "component", "before", "after", "delta"
    )?;
    let (mut tb, mut ta) = (Decimal::ZERO, Decimal::ZERO);
    for r in &c.rows {
        tb += r.before;
        ta += r.after;
        writeln!(
            out,
            "  {:w0$}  {:w1$}  {:w2$}  {:w3$}  {:>14}  {:>14}  {:>14}",
            r.payee,
            r.plan,
            r.period,
            r.component,
            money(r.before),
            money(r.after),
            signed(r.after - r.before)
        )?;
    }
    writeln!(
        out,
        "  {:w$}  {:>14}  {:>14}  {:>14}",
        format!("{} of {} line(s) change", c.rows.len(), c.compared),
        money(tb),
        money(ta),
        signed(ta - tb),
        w = w0 + w1 + w2 + w3 + 6
    )?;
    writeln!(out)
}

/// `comp check --format json`: the whole document. Fields in alphabetical order (the shape is a
/// contract: docs/format.md).
#[derive(Serialize)]
struct CheckJson<'a> {
    changes: Option<ChangesJson<'a>>,
    data_files: usize,
    diagnostics: Vec<DiagnosticJson<'a>>,
    expectation_files: usize,
    expectations: Vec<ExpectationJson<'a>>,
    plans: usize,
    status: &'static str,
    uncovered_plans: &'a [String],
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct ExpectationJson<'a> {
    actual: String,
    column: usize,
    difference: String,
    expected: String,
    file: String,
    holds: bool,
    line: usize,
    part: &'a str,
    payee: &'a str,
    period: String,
    plan: Option<&'a str>,
}

#[derive(Serialize)]
struct ChangesJson<'a> {
    against: &'a str,
    compared: usize,
    new_plans: &'a [String],
    periods: &'a [String],
    rows: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    after: String,
    before: String,
    component: &'a str,
    delta: String,
    payee: &'a str,
    period: &'a str,
    plan: &'a str,
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    column: Option<usize>,
    file: Option<String>,
    hint: Option<&'a str>,
    line: Option<usize>,
    message: &'a str,
}

/// Bad input as JSON: `{"diagnostics": [...], "status": "invalid"}`.
#[derive(Serialize)]
struct InvalidJson<'a> {
    diagnostics: Vec<DiagnosticJson<'a>>,
    status: &'static str,
}

fn diagnostic(d: &Diagnostic) -> DiagnosticJson<'_> {
    DiagnosticJson {
        column: d.location.as_ref().map(|l| l.col),
        file: d.location.as_ref().map(|l| l.file.display().to_string()),
        hint: d.hint.as_deref(),
        line: d.location.as_ref().map(|l| l.line),
        message: &d.message,
    }
}

fn changes_json(c: &Changes) -> ChangesJson<'_> {
    ChangesJson {
        against: &c.against,
        compared: c.compared,
        new_plans: &c.new_plans,
        periods: &c.periods,
        rows: c
            .rows
            .iter()
            .map(|r| ChangeJson {
                after: r.after.to_string(),
                before: r.before.to_string(),
                component: &r.component,
                delta: (r.after - r.before).to_string(),
                payee: &r.payee,
                period: &r.period,
                plan: &r.plan,
            })
            .collect(),
    }
}

/// `comp check --format json` of what check found.
pub fn json<W: Write>(f: &Findings, mut out: W) -> io::Result<()> {
    let doc = CheckJson {
        changes: f.changes.as_ref().map(changes_json),
        data_files: f.data_files,
        diagnostics: Vec::new(),
        expectation_files: f.expectation_files,
        expectations: f
            .outcomes
            .iter()
            .map(|o| ExpectationJson {
                actual: o.actual.to_string(),
                column: o.check.loc.col,
                difference: o.difference().to_string(),
                expected: o.check.expected.to_string(),
                file: o.check.loc.file.display().to_string(),
                holds: o.holds(),
                line: o.check.loc.line,
                part: o.check.part.name(),
                payee: &o.expectation.payee,
                period: o.expectation.period.to_string(),
                plan: o.expectation.plan.as_deref(),
            })
            .collect(),
        plans: f.plans,
        status: if f.failed() > 0 { "fail" } else { "pass" },
        uncovered_plans: &f.uncovered,
        warnings: f.warnings(),
    };
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)
}

/// `comp check --format json` of bad input: the diagnostics (also printed on standard error).
pub fn invalid_json<W: Write>(e: &Invalid, mut out: W) -> io::Result<()> {
    let doc = InvalidJson {
        diagnostics: e.0.iter().map(diagnostic).collect(),
        status: "invalid",
    };
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)
}
