//! `comp amortize --period P`: commissions paid per contract, capitalised and expensed over each
//! contract's term (ASC 340-40, IFRS 15; docs/finance.md). Loads the records and the plans' pay
//! from `--since` to the end of the period, computes the schedules, renders the period's months.

use crate::data::{Ledger, Window};
use crate::diag::{Diagnostic, Invalid};
use crate::engine::{self, Request};
use crate::finance::{self, Month, Policy, Term};
use crate::output::{self, Format, OutputArgs};
use crate::period::Period;
use crate::render::finance as render;
use crate::session;
use crate::source::FieldType;
use crate::workspace::Workspace;
use anyhow::Result;
use comp_read::Policy as ReadPolicy;
use std::path::Path;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  comp amortize --period 2024
  comp amortize --period 2024-03 --since 2024-01 --format csv -o -
  comp amortize --period 2024 --lines --format xlsx -o amortization.xlsx")]
pub struct AmortizeArgs {
    /// The period reported, month by month: 2025-12, 2025-Q4 or 2025.
    #[arg(long, value_name = "P")]
    pub period: String,
    /// The first period whose commissions are capitalised (default: the fiscal year of --period);
    /// costs of earlier periods are not in the balances.
    #[arg(long, value_name = "P")]
    pub since: Option<String>,
    /// The record source whose records are the contracts.
    #[arg(long, value_name = "NAME", default_value = "deals")]
    pub source: String,
    /// The field of each record holding its term in months (default: term_months).
    #[arg(long, value_name = "FIELD", conflicts_with = "end")]
    pub term: Option<String>,
    /// The field of each record holding its end date: the term runs to that month.
    #[arg(long, value_name = "FIELD")]
    pub end: Option<String>,
    /// Expense terms of 12 months or less at once (the practical expedient; default: comp.toml's
    /// [amortize] practical_expedient, else no).
    #[arg(long, overrides_with = "no_practical_expedient")]
    pub practical_expedient: bool,
    /// Capitalise every term, whatever comp.toml's [amortize] says.
    #[arg(long, overrides_with = "practical_expedient")]
    pub no_practical_expedient: bool,
    /// One row per contract and month.
    #[arg(long)]
    pub lines: bool,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
}

/// The practical expedient: as a flag says, else as comp.toml's [amortize] says.
fn practical_expedient(ws: &Workspace, args: &AmortizeArgs) -> bool {
    if args.practical_expedient || args.no_practical_expedient {
        return args.practical_expedient;
    }
    ws.amortize.practical_expedient
}

/// The term's field in the source, of the type it must have.
fn term_field(ws: &Workspace, args: &AmortizeArgs) -> Result<(usize, Term), Invalid> {
    let Some(source) = ws.sources.iter().find(|s| s.name == args.source) else {
        let names: Vec<&str> = ws.sources.iter().map(|s| s.name.as_str()).collect();
        return Err(Invalid(vec![Diagnostic::new(format!(
            "the workspace has no source `{}`",
            args.source
        ))
        .hint(format!("sources: {}", names.join(", ")))]));
    };
    // a flag wins over comp.toml's [amortize], which wins over the default field
    let defaults = &ws.amortize;
    let (term, end) = if args.term.is_some() || args.end.is_some() {
        (args.term.as_deref(), args.end.as_deref())
    } else {
        (defaults.term.as_deref(), defaults.end.as_deref())
    };
    let (name, want) = match end {
        Some(e) => (e, FieldType::Date),
        None => (term.unwrap_or("term_months"), FieldType::Decimal),
    };
    let Some((i, f)) = source.field(name) else {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "source `{}` has no field `{name}` to read each contract's term from",
            source.name
        ))
        .at(source.loc.clone())
        .hint(format!(
            "map it in comp.toml, such as columns = {{ {name} = \"Term (months)\" }}, or name another with --term or --end"
        ))]));
    };
    if f.ty != want {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "field `{name}` of source `{}` is a {}, not a {}",
            source.name,
            f.ty.name(),
            want.name()
        ))
        .at(f.loc.clone())]));
    }
    Ok((
        i,
        match want {
            FieldType::Date => Term::EndDate(i),
            _ => Term::Months(i),
        },
    ))
}

pub fn run(workspace: Option<&Path>, args: AmortizeArgs) -> Result<()> {
    let format = args.out.format.one_of(
        "amortize",
        &[Format::Table, Format::Csv, Format::Json, Format::Xlsx],
    )?;
    output::file_for(format, args.out.output.as_deref())?;
    let ws = session::workspace(workspace)?;
    let period = session::period(&ws, &args.period)?;
    let since = match &args.since {
        Some(s) => session::period(&ws, s)?,
        None => period.fiscal_year(ws.fiscal),
    };
    if since.start > period.start {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "--since {since} starts after --period {period}"
        ))])
        .into());
    }
    let (field, term) = term_field(&ws, &args)?;
    let window = Window {
        start: since.start,
        end: period.end(),
    };
    let mut needs = crate::data::Needs::of_plans(&ws, &ws.plans, window);
    if let Some(f) = needs.fields.get_mut(&args.source) {
        f[field] = true;
    }
    let data = comp_read::load(&ws, &needs, ReadPolicy::FirstError)?;
    let Some(table) = data.table(&args.source) else {
        return Err(Invalid(vec![Diagnostic::new(format!(
            "no plan in force reads source `{}`: it has no commission to amortise",
            args.source
        ))])
        .into());
    };
    // the plans' pay, fiscal year by fiscal year, kept from `since` to the end of `period`
    let ledger = Ledger::empty(&ws.ledger);
    let mut reports = Vec::new();
    let mut year: Period = since.fiscal_year(ws.fiscal);
    while year.start <= period.end() {
        let mut r = engine::calculate(
            &ws,
            &data,
            &ledger,
            &Request {
                // each record's commission: the contract it was paid on
                detail: true,
                ..Request::everyone(year)
            },
        )?;
        r.statements
            .retain(|s| s.period.start >= since.start && s.period.end() <= period.end());
        reports.push(r);
        let next = year.end() + chrono::Days::new(1);
        // the next fiscal year: the one of the month after this one ends
        year = session::period(&ws, &next.format("%Y-%m").to_string())?.fiscal_year(ws.fiscal);
    }
    let refs: Vec<&crate::report::CalcReport> = reports.iter().collect();
    let (contracts, not) = finance::contracts(&refs, &ws, table, term)?;
    let policy = Policy {
        money: ws.money,
        expedient: practical_expedient(&ws, &args),
    };
    let (months, entries) = finance::book(
        &contracts,
        policy,
        Month::of(period.start),
        Month::of(period.end()),
        args.lines || format == Format::Json,
    )?;
    let words = crate::render::words::words();
    for n in &not {
        eprintln!("note: {}", words.not_capitalised(n, &ws.currency));
    }
    let to = args.out.output.as_deref();
    let mut buf = Vec::new();
    match format {
        Format::Csv => render::csv(&months, &entries, args.lines, &mut buf)?,
        Format::Json => render::json(&months, &entries, &not, &mut buf)?,
        Format::Xlsx => {
            let lines = args.lines.then_some(entries.as_slice());
            buf = crate::render::xlsx::amortization(&months, lines, &ws.currency)?;
        }
        _ => render::table(
            &months,
            &entries,
            args.lines,
            &ws.currency,
            crate::terminal::width(to),
            &mut buf,
        )?,
    }
    output::write(to, &crate::terminal::painted(format, to, buf))
}
