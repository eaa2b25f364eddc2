//! `comp close --period P`: compute what the period pays, as calc does, and record it in the
//! sealed ledger, refusing what cannot be closed.

use super::calc::{calculate, Calculated};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::Request;
use crate::render;
use crate::session;
use anyhow::Result;
use std::path::Path;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp close --period 2024-03 --dry-run   # the rows it would record, nothing changed
  comp close --period 2024-03             # record March (and Q1 of quarterly plans)"
)]
pub struct CloseArgs {
    /// The period to close: its plan periods ending in it are recorded (2024-03 closes March of the
    /// monthly plans and Q1 of the quarterly ones).
    #[arg(long, value_name = "P")]
    pub period: String,
    /// Only this plan (repeatable).
    #[arg(long, value_name = "ID")]
    pub plan: Vec<String>,
    /// The date written in the ledger's closed_on column (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub closed_on: Option<String>,
    /// Print the rows the close would record (the ledger's CSV) and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

pub fn run(workspace: Option<&Path>, args: CloseArgs) -> Result<()> {
    let ws = session::workspace(workspace)?;
    let period = session::period(&ws, &args.period)?;
    let closed_on = match &args.closed_on {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            Invalid(vec![
                Diagnostic::new(format!("`{d}` is not a date")).hint("write YYYY-MM-DD")
            ])
        })?,
        None => chrono::Utc::now().date_naive(),
    };
    if let Some(refusal) = comp_read::ledger_file::not_over(&period, closed_on) {
        return Err(Invalid(vec![refusal]).into());
    }
    // hold the lock from reading the ledger to writing it, so a concurrent close sees our rows
    let _lock = comp_read::ledger_file::lock(&ws.ledger)?;
    let ledger = comp_read::ledger::load(&ws)?;
    let req = Request {
        period,
        payees: Vec::new(),
        plans: args.plan.clone(),
        detail: false,
    };
    let Calculated { ws, data, report } = calculate(ws, &ledger, &req)?;
    let refusals = comp_read::ledger_file::refusals(&ws, &data.roster, &report, &ledger);
    if !refusals.is_empty() {
        return Err(Invalid(refusals).into());
    }
    let rows = comp_read::ledger_file::rows(&report, &ws.currency, closed_on);
    if args.dry_run {
        // what the close would append, as the ledger writes it (without the seal, which seals the
        // whole file as written)
        let mut w = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        w.write_record(comp_read::ledger_file::header(&rows))?;
        for r in &rows {
            w.write_record(r)?;
        }
        crate::output::write(None, &w.into_inner()?)?;
        if !session::quiet() {
            eprintln!(
                "dry run: closing {} would record {} statement(s), {} row(s), {} {} payable in {}; nothing was written",
                report.period,
                report.statements.len(),
                rows.len(),
                render::money(report.total),
                report.currency,
                ws.ledger.display()
            );
        }
        return Ok(());
    }
    comp_read::ledger_file::append(&ws.ledger, &report.period, closed_on, &rows, || Ok(()))?;
    // the close's result is its output: on standard output (a dry run's summary stays on standard
    // error, beside the rows it prints); `-q` leaves only the exit code
    if session::quiet() {
        return Ok(());
    }
    // payees paid in other currencies (rule 26): what is paid in each, never added together
    let by_currency = if report.pay_totals.is_empty() {
        String::new()
    } else {
        let each: Vec<String> = report
            .pay_totals
            .iter()
            .map(|(c, t)| format!("{} {c}", render::money(*t)))
            .collect();
        format!(" (paid: {})", each.join(", "))
    };
    let summary = format!(
        "closed {}: {} statement(s), {} row(s), {} {} payable{by_currency}; ledger {}\n",
        report.period,
        report.statements.len(),
        rows.len(),
        render::money(report.total),
        report.currency,
        ws.ledger.display()
    );
    crate::output::write(None, summary.as_bytes())
}
