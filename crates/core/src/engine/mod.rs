//! The engine: pure functions from a checked workspace and its data to reports. No I/O, no printing.

pub mod arith;
pub mod bands;
mod component;
mod credit;
pub mod curve;
mod history;
pub mod kpi;
mod measure;
#[cfg(test)]
mod tests;
mod unread;

pub use credit::{credit, Credits};
pub use measure::{CompiledMeasure, MeasureValue};

use crate::data::{Dataset, Ledger, Needs, Window};
use crate::diag::{Diagnostic, Invalid};
use crate::period::Period;
use crate::plan::{Negative, Plan, PlanBasis};
use crate::report::{CalcReport, Note, PayeeTotal, SourceReconciliation, Statement};
use crate::workspace::Workspace;
use component::{Ctx, Fail};
use rayon::prelude::*;

/// What to calculate.
#[derive(Debug, Clone)]
pub struct Request {
    pub period: Period,
    /// Only these payees (all when empty).
    pub payees: Vec<String>,
    /// Only these plans (all when empty).
    pub plans: Vec<String>,
    /// Keep every credited record on the lines of components paid per period (for `--lines` and
    /// JSON); components paid per record always have theirs, since those are what is paid.
    pub detail: bool,
}

impl Request {
    /// Every payee on every plan, without record detail: what checks and projections compute.
    pub fn everyone(period: Period) -> Request {
        Request {
            period,
            payees: Vec::new(),
            plans: Vec::new(),
            detail: false,
        }
    }
}

/// The plan periods a request covers: those of the plan's frequency that end inside the period asked
/// for (at the end of March, a quarterly plan's Q1 is due with the monthly plans' March).
pub fn plan_periods(ws: &Workspace, plan: &Plan, period: &Period) -> Vec<Period> {
    // plan periods never cross a fiscal year, so those ending in `period` are in its fiscal year
    period
        .fiscal_year(ws.fiscal)
        .split(plan.frequency, ws.fiscal)
        .into_iter()
        .filter(|p| period.contains(p.end()))
        .collect()
}

/// Whether a plan's periods depend on earlier periods of the year: a year-to-date basis, a draw, a
/// carried balance, or closed periods whose data may have changed since.
fn needs_history(plan: &Plan, ledger: &Ledger, year_start: chrono::NaiveDate) -> bool {
    plan.basis == PlanBasis::Ytd
        || plan.draw.is_some()
        || plan.negative == Negative::Carry
        || ledger.closed_since(&plan.id, year_start)
}

/// The dates whose records a request needs: its plan periods, the year to date before them where a
/// plan needs history, and a clawback window back from the first of them.
pub fn window(ws: &Workspace, ledger: &Ledger, req: &Request) -> Window {
    let mut start = req.period.start;
    for plan in &ws.plans {
        if !req.plans.is_empty() && !req.plans.contains(&plan.id) {
            continue;
        }
        for p in plan_periods(ws, plan, &req.period) {
            let year = p.fiscal_year(ws.fiscal);
            let mut s = p.start;
            // (a component paid yearly or half-yearly reads the year so far)
            // (and a gate on the year-to-date attainment)
            let ytd_gate = |c: &crate::plan::Component| {
                c.gate
                    .is_some_and(|g| g.of == crate::plan::TestOf::YtdAttainment)
            };
            let longer = plan
                .components
                .iter()
                .any(|c| c.frequency.is_some() || ytd_gate(c));
            let year_start = plan_year_start(ws, plan, &year);
            if longer || needs_history(plan, ledger, year_start) {
                s = year_start;
            }
            // closed periods of the previous year are recomputed for the adjustments they leave due
            let previous = year
                .start
                .pred_opt()
                .and_then(|d| year_of(ws, d))
                .filter(|prev| ledger.closed_within(&plan.id, prev.start, prev.end()));
            if let Some(prev) = previous {
                s = s.min(prev.start);
            }
            if let Some(cb) = &plan.clawback {
                // a record cancelled in `p` may have been credited `window_days` before it; what it
                // was paid depends on its whole period (a graduated table's earlier records), or on
                // its year to date
                let credited = p.start - chrono::Days::new(u64::from(cb.window_days));
                let original = Period::containing(credited, plan.frequency, ws.fiscal);
                if let Some(o) = original {
                    s = s.min(match plan.basis {
                        PlanBasis::Ytd => plan_year_start(ws, plan, &o.fiscal_year(ws.fiscal)),
                        PlanBasis::Period => o.start,
                    });
                }
                s = s.min(credited);
            }
            start = start.min(s);
        }
    }
    Window {
        start,
        end: req.period.end(),
    }
}

/// What a request reads: the records of [`window`], the fields every plan in force reads.
pub fn needs(ws: &Workspace, ledger: &Ledger, req: &Request) -> Needs {
    Needs::of_plans(ws, &ws.plans, window(ws, ledger, req))
}

/// The first day of a plan's periods of a fiscal year: the year's first day, or earlier for a
/// biweekly plan whose first period of the year starts in the previous one.
fn plan_year_start(ws: &Workspace, plan: &Plan, year: &Period) -> chrono::NaiveDate {
    year.split(plan.frequency, ws.fiscal)
        .first()
        .map_or(year.start, |p| p.start.min(year.start))
}

/// The fiscal year containing a date (None for dates periods cannot name, before year 1).
fn year_of(ws: &Workspace, d: chrono::NaiveDate) -> Option<Period> {
    Some(Period::month_of(d)?.fiscal_year(ws.fiscal))
}

/// Computes every statement of the requested period, on every core.
pub fn calculate(
    ws: &Workspace,
    data: &Dataset,
    ledger: &Ledger,
    req: &Request,
) -> Result<CalcReport, Invalid> {
    let reported = reported(ws, req);
    let (credits, mut reconciliation) = credit(data, reported);
    unread::reconcile(ws, data, &credits, reported, &mut reconciliation);
    let mut notes = data_notes(data, &reconciliation);
    let (plans, mut idle) = plans_due(ws, data, ledger, req);
    let results = run_payees(ws, data, ledger, req, &plans, &credits);
    let mut diags = Vec::new();
    // (the payee's first day on the plan, statement): a period that spans a change of plan has
    // one statement per assignment, the earlier first (rule 20)
    // sized once: a statement is large, and what-if calculates some 100,000 payees' years
    let count = results
        .iter()
        .flat_map(|(_, years)| years)
        .map(|r| r.as_ref().map_or(0, Vec::len))
        .sum();
    let mut statements = Vec::with_capacity(count);
    for (from, years) in results {
        for result in years {
            match result {
                Ok(s) => statements.extend(s.into_iter().map(|s| (from, s))),
                Err(d) => diags.push(d),
            }
        }
    }
    // plans with nothing due in the period: worth saying only when nothing is due or they were asked for
    if statements.is_empty() || !req.plans.is_empty() {
        notes.append(&mut idle);
    }
    if !diags.is_empty() {
        return Err(Invalid(diags));
    }
    statements.sort_by(|(fa, a), (fb, b)| {
        (&a.payee, a.period.start, fa).cmp(&(&b.payee, b.period.start, fb))
    });
    let statements: Vec<Statement> = statements.into_iter().map(|(_, s)| s).collect();
    let total = arith::sum(statements.iter().map(|s| s.total))
        .map(|t| ws.money.round(t))
        .map_err(|_| {
            Invalid(vec![Diagnostic::new(
                "the company total is too large to compute",
            )])
        })?;
    Ok(CalcReport {
        period: req.period,
        currency: ws.currency.clone(),
        minor_unit: ws.money.minor_unit,
        rounding: ws.money.rounding.name(),
        payees: payee_totals(&statements)?,
        statements,
        total,
        pay_totals: Vec::new(),
        reconciliation,
        notes,
    })
}

/// The dates of the statements asked for: the period, from the start of the earliest plan period
/// ending in it (a quarterly plan's Q1 for March).
fn reported(ws: &Workspace, req: &Request) -> Window {
    let start = ws
        .plans
        .iter()
        .flat_map(|p| plan_periods(ws, p, &req.period))
        .map(|p| p.start)
        .fold(req.period.start, |a, b| a.min(b));
    Window {
        start,
        end: req.period.end(),
    }
}

/// What a reviewer should know about the data: unknown payees, repeated ids, portfolios of CSMs
/// who are not on the roster.
fn data_notes(data: &Dataset, reconciliation: &[SourceReconciliation]) -> Vec<Note> {
    let mut notes = Vec::new();
    for rec in reconciliation {
        for u in &rec.unknown_payees {
            notes.push(Note::UnknownPayee {
                file: rec.file.clone(),
                payee: u.payee.clone(),
                rows: u.rows,
                lines: u.lines.clone(),
            });
        }
        for d in &rec.duplicates {
            notes.push(Note::RepeatedId {
                file: rec.file.clone(),
                line: d.line,
                id: d.id.clone(),
                first_line: d.first_line,
            });
        }
        let unread = rec
            .excluded
            .iter()
            .find(|e| e.reason == crate::report::Excluded::ReadByNoMeasure)
            .map_or(0, |e| e.rows);
        if unread > 0 {
            notes.push(Note::ReadByNoMeasure {
                file: rec.file.clone(),
                rows: unread,
                lines: rec.unread_lines.clone(),
            });
        }
    }
    // a portfolio whose CSM is not on the roster is nobody's: its KPIs pay no one
    // (by portfolio, not by customer: one lookup per CSM, and a run of what-if's Monte Carlo on
    // thousands of customers makes it some 200 times)
    let mut orphans: std::collections::BTreeMap<&str, (usize, u64)> = Default::default();
    for (csm, customers) in data.customers.portfolios() {
        if data.roster.get(csm).is_none() {
            // the first of them in file order gives the line
            let first = &data.customers.customers[customers[0]];
            orphans.insert(csm, (customers.len(), first.line));
        }
    }
    if let Some(file) = data.customers.files.get("customers") {
        for (csm, (n, line)) in orphans {
            notes.push(Note::OrphanPortfolio {
                file: file.display().to_string(),
                line,
                csm: csm.to_string(),
                customers: n,
            });
        }
    }
    notes
}

/// A plan with periods due in the request, ready to run for its payees.
struct PlanDue<'a> {
    plan: &'a Plan,
    /// Compiled record measures (None for KPI measures and ratios), by the plan's measure order.
    measures: Vec<Option<CompiledMeasure>>,
    /// The plan's periods by fiscal year: (the year's periods, where its computation starts, the
    /// periods of it asked for).
    years: Vec<(Vec<Period>, usize, Vec<Period>)>,
}

/// The plans asked for with periods due in the request, and a note for each plan with payees but
/// no period ending in it.
fn plans_due<'a>(
    ws: &'a Workspace,
    data: &Dataset,
    ledger: &Ledger,
    req: &Request,
) -> (Vec<PlanDue<'a>>, Vec<Note>) {
    let mut idle = Vec::new();
    let mut plans = Vec::new();
    for plan in &ws.plans {
        if !req.plans.is_empty() && !req.plans.contains(&plan.id) {
            continue;
        }
        let periods = plan_periods(ws, plan, &req.period);
        let on_plan = data.roster.payees.iter().any(|p| p.plan == plan.id);
        if periods.is_empty() && on_plan {
            idle.push(Note::NoPlanPeriod {
                plan: plan.id.clone(),
                frequency: plan.frequency,
                period: req.period,
            });
            continue;
        }
        // KPI measures read customer data and ratios other measures, not a record table
        let measures = plan
            .measures
            .iter()
            .map(|m| {
                (m.kpi.is_none() && m.ratio.is_none()).then(|| CompiledMeasure::compile(m, data))
            })
            .collect();
        let years = years_of(ws, plan, ledger, &periods);
        plans.push(PlanDue {
            plan,
            measures,
            years,
        });
    }
    (plans, idle)
}

/// A plan's periods grouped by fiscal year, with where each year's computation starts: its first
/// period when the plan needs history, else the first period asked for.
fn years_of(
    ws: &Workspace,
    plan: &Plan,
    ledger: &Ledger,
    periods: &[Period],
) -> Vec<(Vec<Period>, usize, Vec<Period>)> {
    let mut years: Vec<(Vec<Period>, usize, Vec<Period>)> = Vec::new();
    for p in periods {
        let fy = p.fiscal_year(ws.fiscal);
        let all = fy.split(plan.frequency, ws.fiscal);
        match years.iter_mut().find(|(y, _, _)| y[0] == all[0]) {
            Some((_, _, targets)) => targets.push(*p),
            None => {
                let first = if needs_history(plan, ledger, plan_year_start(ws, plan, &fy)) {
                    0
                } else {
                    all.iter().position(|q| q == p).unwrap_or(0)
                };
                years.push((all, first, vec![*p]));
            }
        }
    }
    years
}

/// Every payee's statements on every plan due, each payee apart from the others: spread over the
/// cores. One run per payee and plan (all the payee's assignments on the plan, rule 20), with the
/// payee's first day on the plan; one result per fiscal year.
#[allow(clippy::type_complexity)]
fn run_payees(
    ws: &Workspace,
    data: &Dataset,
    ledger: &Ledger,
    req: &Request,
    plans: &[PlanDue],
    credits: &[Credits],
) -> Vec<(chrono::NaiveDate, Vec<Result<Vec<Statement>, Diagnostic>>)> {
    let roster = &data.roster;
    // the roster positions asked for: a lookup per payee asked for, not a search of the list per
    // person and plan (what-if's Monte Carlo asks for its ~90 KPI payees of 1,000 some 200 times)
    let asked: Option<Vec<bool>> = (!req.payees.is_empty()).then(|| {
        let mut asked = vec![false; roster.payees.len()];
        for id in &req.payees {
            for a in roster.assignments(id) {
                asked[a] = true;
            }
        }
        asked
    });
    let runs: Vec<(usize, Vec<usize>)> = plans
        .iter()
        .enumerate()
        .flat_map(|(k, due)| {
            let asked = &asked;
            roster
                .people()
                .filter(move |&i| asked.as_ref().is_none_or(|a| a[i]))
                .filter_map(move |i| {
                    let held: Vec<usize> = roster
                        .assignments(&roster.payees[i].id)
                        .filter(|&a| roster.payees[a].plan == due.plan.id)
                        .collect();
                    (!held.is_empty()).then_some((k, held))
                })
        })
        .collect();
    runs.par_iter()
        .map(|(k, held)| {
            let (k, pi) = (*k, held[held.len() - 1]);
            let due = &plans[k];
            let run = history::Run {
                ctx: Ctx {
                    ws,
                    data,
                    plan: due.plan,
                    measures: &due.measures,
                    credits,
                    payee: &data.roster.payees[pi],
                    held,
                    detail: req.detail,
                },
                ledger,
            };
            let from = data.roster.payees[held[0]].start;
            let years = due
                .years
                .iter()
                .map(|(year, first, targets)| run_year(&run, req, year, *first, targets))
                .collect();
            (from, years)
        })
        .collect()
}

/// One payee's statements for the periods asked for in one fiscal year of a plan.
fn run_year(
    run: &history::Run,
    req: &Request,
    year: &[Period],
    first: usize,
    targets: &[Period],
) -> Result<Vec<Statement>, Diagnostic> {
    let result = run.carried_from_previous_year(year).and_then(|opening| {
        // adjustments from last year are due from the year's first period on
        let first = if opening.is_empty() { first } else { 0 };
        run.statements(year, first, targets, opening)
    });
    match result {
        Ok((mut statements, _)) => {
            // record lines were needed to pay per record and to claw back; a statement shows them
            // only in detail, and a year of them is most of a large calculation's memory
            if !req.detail {
                for line in statements.iter_mut().flat_map(|s| s.lines.iter_mut()) {
                    line.records = Vec::new();
                }
            }
            Ok(statements)
        }
        Err(Fail::Invalid(d)) => Err(d),
        Err(Fail::Overflow) => {
            let payee = run.ctx.payee;
            Err(Diagnostic::new(format!(
                "the numbers of payee {} in {} are too large to compute exactly",
                payee.id, req.period
            ))
            .at(payee.loc.clone())
            .hint("check the amounts and quotas for values out of proportion"))
        }
    }
}

/// What each payee is paid for the period: the sum of their statements, which are sorted by payee.
fn payee_totals(statements: &[Statement]) -> Result<Vec<PayeeTotal>, Invalid> {
    let mut payees: Vec<PayeeTotal> = Vec::new();
    for s in statements {
        match payees.last_mut() {
            Some(p) if p.payee == s.payee => {
                p.total = arith::add(p.total, s.total).map_err(|_| {
                    Invalid(vec![Diagnostic::new(format!(
                        "the total of payee {} is too large",
                        s.payee
                    ))])
                })?
            }
            _ => payees.push(PayeeTotal {
                payee: s.payee.clone(),
                name: s.name.clone(),
                total: s.total,
                currency: None,
            }),
        }
    }
    Ok(payees)
}
