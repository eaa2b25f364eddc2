//! `comp curve PLAN COMPONENT`: a component's payout curve or rate table as a table (or CSV) and a
//! small chart in the terminal (`render::curve`).

use crate::curve_view::{self, NoView};
use crate::diag::{Diagnostic, Invalid};
use crate::output::{self, Format, OutputArgs};
use crate::plan::{Rate, Split};
use crate::{render, session};
use anyhow::Result;
use rust_decimal::Decimal;
use std::path::Path;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  comp curve ae-enterprise account_growth --ti 12500
  comp curve ae-arr new_business --format csv -o curve.csv"
)]
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
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub ws: crate::session::WorkspaceArg,
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
    let format = args
        .out
        .format
        .one_of("curve", &[Format::Table, Format::Csv])?;
    let ws = session::workspace(workspace)?;
    let csv_style = session::csv_style(&ws, &args.out)?;
    session::outputs_clear(&ws, &[args.out.output.as_deref()], &[])?;
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
            let pays = match rate {
                Rate::Fixed(r) => format!(
                    "{}% of every credited amount",
                    (r * Decimal::ONE_HUNDRED).normalize()
                ),
                Rate::TiOverTarget => "its TI over its target of every credited amount".to_string(),
                Rate::Multiple(x) => format!(
                    "{}x the payee's base rate on every credited amount",
                    x.normalize()
                ),
                Rate::ByCase => {
                    "each credited record at the rate of the first case it matches".to_string()
                }
            };
            return Err(Invalid(vec![Diagnostic::new(format!(
                "component `{}` is a commission: it pays {pays}, with no curve",
                component.id
            ))
            .at(component.loc.clone())
            .hint("comp curve shows curves and rate tables")])
            .into());
        }
        Err(NoView::Relative) => {
            return Err(Invalid(vec![Diagnostic::new(format!(
                "component `{}` pays multiples of each payee's base rate (their TI over their yearly target): its curve depends on the payee",
                component.id
            ))
            .at(component.loc.clone())
            .hint("comp explain --payee ID --period P shows what it pays a payee, with their base rate")])
            .into());
        }
        Err(NoView::Kicker {
            measure,
            at_most,
            strict,
            bound,
        }) => {
            let op = match (at_most, strict) {
                (true, false) => "<=",
                (false, false) => ">=",
                (true, true) => "<",
                (false, true) => ">",
            };
            let test = format!("{measure} {op} {}", bound.normalize());
            return Err(Invalid(vec![Diagnostic::new(format!(
                "component `{}` is a kicker: it pays once {test}, with no curve",
                component.id
            ))
            .at(component.loc.clone())
            .hint("comp curve shows curves and rate tables")])
            .into());
        }
        Err(NoView::Pool { amount, split }) => {
            let how = match split {
                Split::Equal => "in equal shares",
                Split::Days => "by days employed",
            };
            return Err(Invalid(vec![Diagnostic::new(format!(
                "component `{}` is a pool: it shares {} {} among its members {how}, with no curve",
                component.id,
                amount.normalize(),
                ws.currency
            ))
            .at(component.loc.clone())
            .hint("comp curve shows curves and rate tables")])
            .into());
        }
    };
    let mut out = Vec::new();
    match format {
        Format::Csv => render::curve::csv(&view, csv_style, &mut out)?,
        _ => render::curve::table(&view, &ws.currency, &mut out)?,
    }
    output::write(args.out.output.as_deref(), &out)
}
