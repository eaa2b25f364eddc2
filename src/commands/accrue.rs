//! `comp accrue --period MONTH`: the commission expense earned to date in the open quarter or year
//! of each plan paid over more than a month, and its change over the month (docs/finance.md).
//! Loads the records up to the month's end (and to the previous month's end), computes, renders.
//! The ledger is read as `comp calc` reads it, never written.

use crate::accrual::{self, AccrualRow};
use crate::data::Window;
use crate::diag::{Diagnostic, Invalid};
use crate::output::{self, Format, OutputArgs};
use crate::period::Frequency;
use crate::render::finance as render;
use crate::session;
use anyhow::Result;
use comp_read::Policy;
use std::path::Path;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  comp accrue --period 2024-02
  comp accrue --period 2024-02 --format json -o accrual.json
  comp accrue --period 2024-02 --format xlsx -o accrual.xlsx")]
pub struct AccrueArgs {
    /// The month accrued: 2024-02. Each plan's open period is computed as if it ended on the
    /// month's last day.
    #[arg(long, value_name = "MONTH")]
    pub period: String,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

pub fn run(workspace: Option<&Path>, args: AccrueArgs) -> Result<()> {
    let format = args.out.format.one_of(
        "accrue",
        &[Format::Table, Format::Csv, Format::Json, Format::Xlsx],
    )?;
    output::file_for(format, args.out.output.as_deref())?;
    let ws = session::workspace(workspace)?;
    let month = session::period(&ws, &args.period)?;
    if month.kind != Frequency::Month {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "`{}` is not a month: an accrual is booked at a month's end",
            args.period
        ))
        .hint("write a month, such as 2024-02")])
        .into());
    }
    let plans: Vec<_> = accrual::accrued_plans(&ws)
        .into_iter()
        .filter_map(|id| ws.plan(id))
        .cloned()
        .collect();
    if plans.is_empty() {
        return Err(Invalid(vec![Diagnostic::new(
            "every plan in force pays monthly: there is nothing to accrue",
        )
        .hint("a month's pay is `comp calc --period` of that month")])
        .into());
    }
    let ledger = comp_read::ledger::load(&ws)?;
    let as_of = month.end();
    let previous = month.start - chrono::Days::new(1);
    // the records of the fiscal year up to `end`: an open plan period is inside its fiscal year
    let read = |end: chrono::NaiveDate| -> Result<crate::data::Dataset, Invalid> {
        let window = Window {
            start: session::period(&ws, &end.format("%Y-%m").to_string())?
                .fiscal_year(ws.fiscal)
                .start,
            end,
        };
        let needs = crate::data::Needs::of_plans(&ws, &plans, window);
        comp_read::load(&ws, &needs, Policy::FirstError)
    };
    let now = accrual::accrued(&ws, &read(as_of)?, &ledger, as_of, None)?;
    let before = accrual::accrued(&ws, &read(previous)?, &ledger, previous, Some(as_of))?;
    let rows: Vec<AccrualRow> = accrual::with_change(now, &before, ws.money);
    let to = args.out.output.as_deref();
    let mut buf = Vec::new();
    match format {
        Format::Csv => render::accrual_csv(&rows, &mut buf)?,
        Format::Json => render::accrual_json(&rows, &mut buf)?,
        Format::Xlsx => buf = crate::render::xlsx::accrual(&rows, &ws.currency)?,
        _ => render::accrual_table(
            &rows,
            &accrual::totals(&rows, ws.money),
            month,
            &ws.currency,
            crate::terminal::width(to),
            &mut buf,
        )?,
    }
    output::write(to, &crate::terminal::painted(format, to, buf))
}
