//! Reading the customer-success sources (rule 16): customers, MRR movements or snapshots, surveys
//! and onboardings, into `comp_core::data::CustomerData`. These files are small and read whole: a
//! KPI's starting MRR needs every movement before the period.

use crate::cells::Cells;
use crate::csv_input::{each_row, CsvInput};
use crate::input::{Input, Inputs};
use chrono::NaiveDate;
use comp_core::data::{
    Customer, CustomerData, FxRates, Movement, MovementKind, Onboarding, Survey,
};
use comp_core::diag::{Diagnostic, Invalid};
use comp_core::toml_input::closest;
use comp_core::workspace::{Source, SourceKind, Workspace};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Reads the workspace's customer-success sources (none: empty data), each from its input.
/// `fx` converts the MRR of customers whose currency is not the workspace's (rate in force on
/// each movement's date).
pub fn load(
    ws: &Workspace,
    inputs: &Inputs,
    fx: Option<&FxRates>,
) -> Result<CustomerData, Invalid> {
    let of = |kind| ws.source_of(kind).map(|s| (s, inputs.of(s)));
    let Some((src, input)) = of(SourceKind::Customers) else {
        return Ok(CustomerData::default());
    };
    let customers = load_customers(src, &input)?;
    let mut data = CustomerData::from_parts(customers, Vec::new(), Vec::new(), Vec::new());
    data.files.insert("customers", input.name().to_path_buf());
    let mut movements = Vec::new();
    if let Some((src, input)) = of(SourceKind::MrrSnapshots) {
        movements = load_snapshots(src, &input, &data, fx, &ws.currency)?;
        data.files
            .insert("mrr_snapshots", input.name().to_path_buf());
    }
    let mrr = of(SourceKind::Mrr);
    if mrr.is_some() || !movements.is_empty() {
        if let Some((src, input)) = &mrr {
            movements.extend(load_movements(src, input, &data, fx, &ws.currency)?);
        }
        let files = std::mem::take(&mut data.files);
        data = CustomerData::from_parts(data.customers, movements, Vec::new(), Vec::new());
        data.files = files;
        if let Some((_, input)) = &mrr {
            data.files.insert("mrr", input.name().to_path_buf());
        }
    }
    if let Some((src, input)) = of(SourceKind::Surveys) {
        let surveys = load_surveys(src, &input, &data)?;
        data.set_surveys(surveys);
        data.files.insert("surveys", input.name().to_path_buf());
    }
    if let Some((src, input)) = of(SourceKind::Onboarding) {
        let onboardings = load_onboardings(src, &input, &data)?;
        data.set_onboardings(onboardings);
        data.files.insert("onboarding", input.name().to_path_buf());
    }
    Ok(data)
}
fn field(source: &Source, name: &str) -> usize {
    source
        .field(name)
        .map(|(i, _)| i)
        .expect("fields of customer sources are fixed")
}

fn load_customers(source: &Source, input: &Input) -> Result<Vec<Customer>, Invalid> {
    let (id, name, ae, csm, start, currency) = (
        field(source, "id"),
        field(source, "name"),
        field(source, "ae"),
        field(source, "csm"),
        field(source, "start"),
        field(source, "currency"),
    );
    let mut seen: HashMap<String, u64> = HashMap::new();
    each_row(source, input, |input, record| {
        let line = record.position().map_or(0, |p| p.line());
        let cid = input.value(record, id)?;
        if cid.is_empty() {
            return Err(input.bad_cell(record, id, "an empty customer id"));
        }
        let csm_id = input.value(record, csm)?;
        if csm_id.is_empty() {
            return Err(input
                .bad_cell(record, csm, &format!("customer {cid} has no CSM"))
                .hint("every customer belongs to a CSM's portfolio: write the CSM's payee id"));
        }
        if let Some(first) = seen.insert(cid.to_string(), line) {
            return Err(input
                .bad_cell(record, id, &format!("customer {cid} is listed twice"))
                .hint(format!("first listed on line {first}")));
        }
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Ok(Customer {
            id: cid.to_string(),
            name: opt(input.value(record, name)?).unwrap_or_else(|| cid.to_string()),
            ae: opt(input.value(record, ae)?),
            csm: csm_id.to_string(),
            start: input.date(record, start)?.expect("required"),
            currency: opt(input.value(record, currency)?).map(|c| c.to_uppercase()),
            line,
        })
    })
}

/// The customer a row names, or an error pointing at the cell with the closest known id.
fn customer_of(
    input: &CsvInput,
    record: &dyn Cells,
    field: usize,
    data: &CustomerData,
    what: &str,
) -> Result<usize, Diagnostic> {
    let id = input.value(record, field)?;
    data.get(id).ok_or_else(|| {
        let ids = data.customers.iter().map(|c| c.id.as_str());
        let hint = match closest(id, ids) {
            Some(best) => {
                format!("did you mean `{best}`? customers are listed in the customers source")
            }
            None => "add the customer to the customers source, or fix its id".to_string(),
        };
        input
            .bad_cell(
                record,
                field,
                &format!("{what} for a customer not in the customers source"),
            )
            .hint(hint)
    })
}

/// The rate that converts a customer's MRR on `date` into the workspace currency (1 when it is in
/// it), or the diagnostic for a missing rate, pointing at `cell`.
fn rate_for(
    input: &CsvInput,
    record: &dyn Cells,
    cell: usize,
    customer: &Customer,
    date: NaiveDate,
    fx: Option<&FxRates>,
    base: &str,
) -> Result<Decimal, Diagnostic> {
    let Some(cur) = customer.currency.as_deref().filter(|c| *c != base) else {
        return Ok(Decimal::ONE);
    };
    fx.and_then(|f| f.rate(cur, date)).ok_or_else(|| {
        input
            .bad_cell(
                record,
                cell,
                &format!("no FX rate for {cur} on {date} (customer {} is billed in {cur})", customer.id),
            )
            .hint(format!(
                "add a {cur} rate dated on or before {date} to the fx source ([sources.fx] in comp.toml)"
            ))
    })
}

fn load_movements(
    source: &Source,
    input: &Input,
    data: &CustomerData,
    fx: Option<&FxRates>,
    base: &str,
) -> Result<Vec<Movement>, Invalid> {
    let (customer, date, kind, amount) = (
        field(source, "customer"),
        field(source, "date"),
        field(source, "kind"),
        field(source, "amount"),
    );
    each_row(source, input, |input, record| {
        let c = customer_of(input, record, customer, data, "an MRR movement")?;
        let k = match input.value(record, kind)? {
            "new" => MovementKind::New,
            "expansion" => MovementKind::Expansion,
            "contraction" => MovementKind::Contraction,
            "churn" => MovementKind::Churn,
            _ => {
                return Err(input
                    .bad_cell(record, kind, "not a kind of MRR movement")
                    .hint("write new, expansion, contraction or churn, or map the export's values with values.kind in comp.toml"))
            }
        };
        let d = input.date(record, date)?.expect("required");
        let rate = rate_for(input, record, amount, &data.customers[c], d, fx, base)?;
        Ok(Movement {
            customer: c,
            date: d,
            kind: k,
            amount: input.decimal(record, amount)?.expect("required").abs() * rate,
            line: record.position().map_or(0, |p| p.line()),
        })
    })
}

/// MRR snapshots (a customer's MRR at a date) turned into movements: the first MRR above zero is
/// `new`, a rise `expansion`, a fall `contraction`, a fall to zero `churn`, each dated at the
/// snapshot that shows it.
fn load_snapshots(
    source: &Source,
    input: &Input,
    data: &CustomerData,
    fx: Option<&FxRates>,
    base: &str,
) -> Result<Vec<Movement>, Invalid> {
    let (customer, date, mrr) = (
        field(source, "customer"),
        field(source, "date"),
        field(source, "mrr"),
    );
    let mut rows = each_row(source, input, |input, record| {
        let c = customer_of(input, record, customer, data, "an MRR snapshot")?;
        let v = input.decimal(record, mrr)?.expect("required");
        if v < Decimal::ZERO {
            return Err(input.bad_cell(record, mrr, "a negative MRR").hint(
                "a snapshot is the customer's MRR on that date; write 0 once it has churned",
            ));
        }
        let d = input.date(record, date)?.expect("required");
        let rate = rate_for(input, record, mrr, &data.customers[c], d, fx, base)?;
        Ok((c, d, v * rate, record.position().map_or(0, |p| p.line())))
    })?;
    rows.sort_by_key(|r| (r.0, r.1, r.3));
    let mut out = Vec::new();
    let mut prev: Option<(usize, Decimal)> = None;
    for (c, d, v, line) in rows {
        let before = match prev {
            Some((pc, pv)) if pc == c => pv,
            _ => Decimal::ZERO,
        };
        prev = Some((c, v));
        let (kind, amount) = if v == before {
            continue;
        } else if before.is_zero() {
            (MovementKind::New, v)
        } else if v.is_zero() {
            (MovementKind::Churn, before)
        } else if v > before {
            (MovementKind::Expansion, v - before)
        } else {
            (MovementKind::Contraction, before - v)
        };
        out.push(Movement {
            customer: c,
            date: d,
            kind,
            amount,
            line,
        });
    }
    Ok(out)
}

fn load_surveys(
    source: &Source,
    input: &Input,
    data: &CustomerData,
) -> Result<Vec<Survey>, Invalid> {
    let (customer, date, score, kind) = (
        field(source, "customer"),
        field(source, "date"),
        field(source, "score"),
        field(source, "kind"),
    );
    each_row(source, input, |input, record| {
        let c = customer_of(input, record, customer, data, "a survey response")?;
        let s = input.decimal(record, score)?.expect("required");
        if s < Decimal::ZERO || s > Decimal::TEN {
            return Err(input
                .bad_cell(record, score, "a survey score outside 0-10")
                .hint("NPS scores run from 0 to 10 and CSAT scores from 1 to 5"));
        }
        let k = input.value(record, kind)?;
        if k == "csat" && (s < Decimal::ONE || s > Decimal::from(5)) {
            return Err(input
                .bad_cell(record, score, "a CSAT score outside 1-5")
                .hint("CSAT answers are on a 1-5 scale; NPS answers (kind nps) on 0-10"));
        }
        Ok(Survey {
            customer: c,
            date: input.date(record, date)?.expect("required"),
            score: s,
            kind: (!k.is_empty()).then(|| k.to_string()),
            line: record.position().map_or(0, |p| p.line()),
        })
    })
}

fn load_onboardings(
    source: &Source,
    input: &Input,
    data: &CustomerData,
) -> Result<Vec<Onboarding>, Invalid> {
    let (customer, start, go_live) = (
        field(source, "customer"),
        field(source, "start"),
        field(source, "go_live"),
    );
    each_row(source, input, |input, record| {
        let c = customer_of(input, record, customer, data, "an onboarding")?;
        let s = input.date(record, start)?.expect("required");
        let g = input.date(record, go_live)?;
        if g.is_some_and(|g| g < s) {
            return Err(input
                .bad_cell(record, go_live, "a go-live before the onboarding's start")
                .hint(format!("the onboarding starts on {s}; check both dates")));
        }
        Ok(Onboarding {
            customer: c,
            start: s,
            go_live: g,
            line: record.position().map_or(0, |p| p.line()),
        })
    })
}
