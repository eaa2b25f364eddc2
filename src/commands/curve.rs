//! `comp curve PLAN COMPONENT`: a component's payout curve or rate table as a table (or CSV) and a
//! small chart in the terminal.

use crate::curve_view::{self, NoView, View};
use crate::diag::{Diagnostic, Invalid};
use crate::render::{money, plain, points};
use anyhow::Result;
use clap::ValueEnum;
use rust_decimal::Decimal;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct CurveArgs {
    /// The plan id.
    pub plan: String,
    /// The component id.
    pub component: String,
    /// A payee's target incentive for one period of the plan: adds the amount a curve pays.
    #[arg(long, value_name = "AMOUNT")]
    pub ti: Option<String>,
    /// The measure's target for one period: adds the amount an attainment rate table pays.
    #[arg(long, value_name = "AMOUNT")]
    pub target: Option<String>,
    #[arg(long, value_enum, default_value_t = CurveFormat::Table)]
    pub format: CurveFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CurveFormat {
    Table,
    Csv,
}

fn amount_arg(text: &Option<String>, flag: &str) -> Result<Option<Decimal>> {
    match text {
        None => Ok(None),
        Some(t) => match crate::num::parse_plain(t) {
            Some(v) if v >= Decimal::ZERO => Ok(Some(v)),
            _ => Err(Invalid(vec![Diagnostic::new(format!(
                "{flag} `{t}` is not an amount"
            ))
            .hint("write a number such as 10000 or 2500.50")])
            .into()),
        },
    }
}

pub fn run(workspace: Option<&Path>, args: CurveArgs) -> Result<()> {
    let ws = crate::cli::find_workspace(workspace)?;
    let ti = amount_arg(&args.ti, "--ti")?;
    let target = amount_arg(&args.target, "--target")?;
    let plan = ws.plan(&args.plan).ok_or_else(|| {
        let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
        let hint = match crate::toml_input::closest(&args.plan, ids.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("plans in force: {}", ids.join(", ")),
        };
        Invalid(vec![Diagnostic::new(format!(
            "plan `{}` is not in force in this workspace",
            args.plan
        ))
        .hint(hint)])
    })?;
    let component = plan
        .components
        .iter()
        .find(|c| c.id == args.component)
        .ok_or_else(|| {
            let ids: Vec<&str> = plan.components.iter().map(|c| c.id.as_str()).collect();
            Invalid(vec![Diagnostic::new(format!(
                "plan `{}` has no component `{}`",
                plan.id, args.component
            ))
            .hint(format!("its components are: {}", ids.join(", ")))])
        })?;
    let view = match curve_view::view(plan, component, ti, target, ws.money) {
        Ok(v) => v,
        Err(NoView::Commission { rate }) => {
            return Err(Invalid(vec![Diagnostic::new(format!(
                "component `{}` is a commission: it pays {rate} of every credited amount, with no curve",
                component.id
            ))
            .at(component.loc.clone())
            .hint("comp curve shows curves and rate tables")])
            .into())
        }
        Err(NoView::Kicker { test }) => {
            return Err(Invalid(vec![Diagnostic::new(format!(
                "component `{}` is a kicker: it pays once {test}, with no curve",
                component.id
            ))
            .at(component.loc.clone())
            .hint("comp curve shows curves and rate tables")])
            .into())
        }
    };
    let mut out = Vec::new();
    match args.format {
        CurveFormat::Table => table(&view, &ws.currency, &mut out)?,
        CurveFormat::Csv => csv(&view, &mut out)?,
    }
    crate::cli::write_output(args.output.as_deref(), &out)
}

fn x_text(v: &View, x: Decimal) -> String {
    if v.x_label == "attainment %" {
        points(x)
    } else {
        crate::render::number(x)
    }
}

fn table(v: &View, currency: &str, out: &mut Vec<u8>) -> std::io::Result<()> {
    writeln!(
        out,
        "{} / {} ({}): payout by {}, as % of {}",
        v.plan, v.component, v.kind, v.x_label, v.percent_of
    )?;
    for n in &v.notes {
        writeln!(out, "  {n}")?;
    }
    if let Some(c) = v.cap_percent {
        writeln!(out, "  cap: {} of {}", points(c), v.percent_of)?;
    }
    if let Some(c) = v.cap_amount {
        writeln!(out, "  cap: {} {currency}", money(c))?;
    }
    if let Some(b) = v.base {
        let what = if v.kind == "curve" {
            "component TI"
        } else {
            "target"
        };
        writeln!(out, "  amounts for a {what} of {} {currency}", money(b))?;
    }
    writeln!(out)?;
    let with_rate = v.rows.iter().any(|r| r.rate.is_some());
    let with_amount = v.rows.iter().any(|r| r.amount.is_some());
    let mut header = format!("{:>14}", v.x_label);
    if with_rate {
        header.push_str(&format!("  {:>8}", "rate"));
    }
    header.push_str(&format!("  {:>10}", "payout %"));
    if with_amount {
        header.push_str(&format!("  {:>14}", format!("amount {currency}")));
    }
    writeln!(out, "{}", header.trim_end())?;
    for r in &v.rows {
        let mut line = format!("{:>14}", x_text(v, r.x));
        if with_rate {
            line.push_str(&format!(
                "  {:>8}",
                r.rate
                    .map(|x| points(x * Decimal::ONE_HUNDRED))
                    .unwrap_or_default()
            ));
        }
        line.push_str(&format!("  {:>10}", points(r.percent)));
        if with_amount {
            line.push_str(&format!(
                "  {:>14}",
                r.amount.map(money).unwrap_or_default()
            ));
        }
        if !r.marks.is_empty() {
            line.push_str(&format!("  <- {}", r.marks.join(", ")));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    chart(v, out)
}

/// A small chart: x across, payout % up, the cap as a dashed line.
fn chart(v: &View, out: &mut Vec<u8>) -> std::io::Result<()> {
    const HEIGHT: usize = 10;
    let samples = &v.samples;
    if samples.is_empty() {
        return Ok(());
    }
    let top = samples
        .iter()
        .map(|s| s.1)
        .chain(v.cap_percent)
        .fold(Decimal::ZERO, Decimal::max);
    if top <= Decimal::ZERO {
        return Ok(());
    }
    let level = |y: Decimal| -> usize {
        use rust_decimal::prelude::ToPrimitive;
        (y / top * Decimal::from(HEIGHT as u32))
            .round()
            .to_usize()
            .unwrap_or(0)
            .min(HEIGHT)
    };
    let width = samples.len();
    let mut grid = vec![vec![' '; width]; HEIGHT + 1];
    if let Some(c) = v.cap_percent {
        let row = level(c);
        for cell in grid[row].iter_mut() {
            *cell = '-';
        }
    }
    for (i, (_, y)) in samples.iter().enumerate() {
        grid[level(*y)][i] = '*';
    }
    let label_w = points(top).len().max(4);
    for (row, cells) in grid.iter().enumerate().rev() {
        let label = if row == HEIGHT {
            points(top)
        } else if row == 0 {
            "0%".to_string()
        } else if v.cap_percent.is_some_and(|c| level(c) == row) {
            "cap".to_string()
        } else {
            String::new()
        };
        let line: String = cells.iter().collect();
        writeln!(out, "{label:>label_w$} |{}", line.trim_end())?;
    }
    writeln!(out, "{:>label_w$} +{}", "", "-".repeat(width))?;
    let first = x_text(v, samples[0].0);
    let last = x_text(v, samples[width - 1].0);
    writeln!(
        out,
        "{:>label_w$}  {first}{}{last}  {}",
        "",
        " ".repeat(width.saturating_sub(first.len() + last.len())),
        v.x_label
    )
}

fn csv(v: &View, out: &mut Vec<u8>) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(["x", "rate", "payout_percent", "amount", "capped", "marks"])?;
    for r in &v.rows {
        w.write_record([
            plain(r.x),
            r.rate.map(plain).unwrap_or_default(),
            plain(r.percent),
            r.amount.map(|a| a.to_string()).unwrap_or_default(),
            r.capped.to_string(),
            r.marks.join("; "),
        ])?;
    }
    w.flush()?;
    Ok(())
}
