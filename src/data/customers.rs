//! Customer-success data (rule 16): the customers with their acquiring AE and CSM, their MRR
//! movements, survey responses and onboardings. These files are small and read whole: a KPI's
//! starting MRR needs every movement before the period.

use super::csv_input::{each_row, Cells};
use super::{CsvInput, FxRates};
use crate::diag::{Diagnostic, Invalid};
use crate::toml_input::closest;
use crate::workspace::{Source, SourceKind, Workspace};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Customer {
    pub id: String,
    pub name: String,
    /// The AE who signed the customer (tenure attribution credits them its early expansion).
    pub ae: Option<String>,
    /// The account's CSM: the customer is in this payee's portfolio.
    pub csm: String,
    /// The day the customer signed: tenure counts from it.
    pub start: NaiveDate,
    pub currency: Option<String>,
    pub line: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MovementKind {
    New,
    Expansion,
    Contraction,
    Churn,
}

impl MovementKind {
    pub fn name(self) -> &'static str {
        match self {
            MovementKind::New => "new",
            MovementKind::Expansion => "expansion",
            MovementKind::Contraction => "contraction",
            MovementKind::Churn => "churn",
        }
    }

    /// The signed change of MRR for a movement of `magnitude`.
    pub fn signed(self, magnitude: Decimal) -> Decimal {
        match self {
            MovementKind::New | MovementKind::Expansion => magnitude,
            MovementKind::Contraction | MovementKind::Churn => -magnitude,
        }
    }
}

/// A change of a customer's MRR. `amount` is the size of the change (never negative): the kind says
/// which way it goes, since exports write contractions and churn either signed or not.
#[derive(Debug, Clone)]
pub struct Movement {
    pub customer: usize,
    pub date: NaiveDate,
    pub kind: MovementKind,
    pub amount: Decimal,
    pub line: u64,
}

#[derive(Debug, Clone)]
pub struct Survey {
    pub customer: usize,
    pub date: NaiveDate,
    /// 0 to 10 (NPS) or 1 to 5 (CSAT).
    pub score: Decimal,
    /// "nps" or "csat" when the source maps a kind; None counts for both.
    pub kind: Option<String>,
    pub line: u64,
}

#[derive(Debug, Clone)]
pub struct Onboarding {
    pub customer: usize,
    pub start: NaiveDate,
    /// None while the customer is not live yet.
    pub go_live: Option<NaiveDate>,
    pub line: u64,
}

/// Everything the customer-success sources hold.
#[derive(Debug, Clone, Default)]
pub struct CustomerData {
    pub customers: Vec<Customer>,
    index: HashMap<String, usize>,
    /// CSM payee id -> their customers.
    by_csm: HashMap<String, Vec<usize>>,
    /// Where each customer's rows start in `movements`, `surveys` and `onboardings` (one entry per
    /// customer, plus the end): a KPI reads a portfolio's rows without searching.
    movement_at: Vec<usize>,
    survey_at: Vec<usize>,
    onboarding_at: Vec<usize>,
    /// Sorted by customer, then date, then line.
    pub movements: Vec<Movement>,
    pub surveys: Vec<Survey>,
    pub onboardings: Vec<Onboarding>,
    /// The files each kind of row came from, for statements that point at lines.
    pub files: HashMap<&'static str, PathBuf>,
}

impl CustomerData {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The customers whose CSM is `csm` (a portfolio), in file order.
    pub fn portfolio(&self, csm: &str) -> &[usize] {
        self.by_csm.get(csm).map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }

    /// Builds the data from parts (tests and generators); movements are put in order.
    pub fn from_parts(
        customers: Vec<Customer>,
        mut movements: Vec<Movement>,
        surveys: Vec<Survey>,
        onboardings: Vec<Onboarding>,
    ) -> CustomerData {
        movements.sort_by_key(|m| (m.customer, m.date, m.line));
        let index = customers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let mut by_csm: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in customers.iter().enumerate() {
            by_csm.entry(c.csm.clone()).or_default().push(i);
        }
        let movement_at = offsets(customers.len(), movements.iter().map(|m| m.customer));
        let mut data = CustomerData {
            customers,
            index,
            by_csm,
            movement_at,
            survey_at: Vec::new(),
            onboarding_at: Vec::new(),
            movements,
            surveys: Vec::new(),
            onboardings: Vec::new(),
            files: HashMap::new(),
        };
        data.set_surveys(surveys);
        data.set_onboardings(onboardings);
        data
    }

    /// Sets the survey answers, kept sorted by customer (then date and line).
    pub fn set_surveys(&mut self, mut surveys: Vec<Survey>) {
        surveys.sort_by_key(|s| (s.customer, s.date, s.line));
        self.survey_at = offsets(self.customers.len(), surveys.iter().map(|s| s.customer));
        self.surveys = surveys;
    }

    /// Sets the onboardings, kept sorted by customer (then start and line).
    pub fn set_onboardings(&mut self, mut onboardings: Vec<Onboarding>) {
        onboardings.sort_by_key(|o| (o.customer, o.start, o.line));
        self.onboarding_at = offsets(self.customers.len(), onboardings.iter().map(|o| o.customer));
        self.onboardings = onboardings;
    }

    /// The survey answers of one customer.
    pub fn surveys_of(&self, customer: usize) -> &[Survey] {
        slice_of(&self.surveys, &self.survey_at, customer)
    }

    /// The onboardings of one customer.
    pub fn onboardings_of(&self, customer: usize) -> &[Onboarding] {
        slice_of(&self.onboardings, &self.onboarding_at, customer)
    }

    /// The movements of one customer, in date order.
    pub fn movements_of(&self, customer: usize) -> &[Movement] {
        slice_of(&self.movements, &self.movement_at, customer)
    }

    /// Reads the workspace's customer-success sources (none: empty data).
    /// `fx` converts the MRR of customers whose currency is not the workspace's (rate in force on
    /// each movement's date).
    pub fn load(ws: &Workspace, fx: Option<&FxRates>) -> Result<CustomerData, Invalid> {
        let Some(src) = ws.source_of(SourceKind::Customers) else {
            return Ok(CustomerData::default());
        };
        let customers = load_customers(src)?;
        let mut data = CustomerData::from_parts(customers, Vec::new(), Vec::new(), Vec::new());
        data.files.insert("customers", src.file.clone());
        let mut movements = Vec::new();
        if let Some(src) = ws.source_of(SourceKind::MrrSnapshots) {
            movements = load_snapshots(src, &data, fx, &ws.currency)?;
            data.files.insert("mrr_snapshots", src.file.clone());
        }
        let mrr = ws.source_of(SourceKind::Mrr);
        if mrr.is_some() || !movements.is_empty() {
            if let Some(src) = mrr {
                movements.extend(load_movements(src, &data, fx, &ws.currency)?);
            }
            data = CustomerData {
                files: data.files.clone(),
                ..CustomerData::from_parts(data.customers, movements, Vec::new(), Vec::new())
            };
            if let Some(src) = mrr {
                data.files.insert("mrr", src.file.clone());
            }
        }
        if let Some(src) = ws.source_of(SourceKind::Surveys) {
            let surveys = load_surveys(src, &data)?;
            data.set_surveys(surveys);
            data.files.insert("surveys", src.file.clone());
        }
        if let Some(src) = ws.source_of(SourceKind::Onboarding) {
            let onboardings = load_onboardings(src, &data)?;
            data.set_onboardings(onboardings);
            data.files.insert("onboarding", src.file.clone());
        }
        Ok(data)
    }
}

/// For rows sorted by customer: where each customer's rows start, and the end.
fn offsets(customers: usize, sorted: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut at = vec![0usize; customers + 1];
    for c in sorted {
        at[c + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    at
}

fn slice_of<'a, T>(rows: &'a [T], at: &[usize], customer: usize) -> &'a [T] {
    match (at.get(customer), at.get(customer + 1)) {
        (Some(&lo), Some(&hi)) => &rows[lo..hi],
        _ => &[],
    }
}

fn field(source: &Source, name: &str) -> usize {
    source
        .field(name)
        .map(|(i, _)| i)
        .expect("fields of customer sources are fixed")
}

/// A text cell through the source's value mapping.
fn mapped<'a>(source: &'a Source, field: usize, raw: &'a str) -> &'a str {
    source
        .values
        .get(&source.fields[field].name)
        .and_then(|m| m.get(raw))
        .map_or(raw, String::as_str)
}

fn load_customers(source: &Source) -> Result<Vec<Customer>, Invalid> {
    let (id, name, ae, csm, start, currency) = (
        field(source, "id"),
        field(source, "name"),
        field(source, "ae"),
        field(source, "csm"),
        field(source, "start"),
        field(source, "currency"),
    );
    let mut seen: HashMap<String, u64> = HashMap::new();
    each_row(source, |input, record| {
        let line = record.position().map_or(0, |p| p.line());
        let cid = input.text(record, id)?;
        if cid.is_empty() {
            return Err(input.bad_cell(record, id, "an empty customer id"));
        }
        let csm_id = input.text(record, csm)?;
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
            name: opt(input.text(record, name)?).unwrap_or_else(|| cid.to_string()),
            ae: opt(input.text(record, ae)?),
            csm: csm_id.to_string(),
            start: input.date(record, start)?.expect("required"),
            currency: opt(input.text(record, currency)?).map(|c| c.to_uppercase()),
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
    let id = input.text(record, field)?;
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
    each_row(source, |input, record| {
        let c = customer_of(input, record, customer, data, "an MRR movement")?;
        let raw = input.text(record, kind)?;
        let k = match mapped(source, kind, raw) {
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
    data: &CustomerData,
    fx: Option<&FxRates>,
    base: &str,
) -> Result<Vec<Movement>, Invalid> {
    let (customer, date, mrr) = (
        field(source, "customer"),
        field(source, "date"),
        field(source, "mrr"),
    );
    let mut rows = each_row(source, |input, record| {
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

fn load_surveys(source: &Source, data: &CustomerData) -> Result<Vec<Survey>, Invalid> {
    let (customer, date, score, kind) = (
        field(source, "customer"),
        field(source, "date"),
        field(source, "score"),
        field(source, "kind"),
    );
    each_row(source, |input, record| {
        let c = customer_of(input, record, customer, data, "a survey response")?;
        let s = input.decimal(record, score)?.expect("required");
        if s < Decimal::ZERO || s > Decimal::TEN {
            return Err(input
                .bad_cell(record, score, "a survey score outside 0-10")
                .hint("NPS scores run from 0 to 10 and CSAT scores from 1 to 5"));
        }
        let k = input.text(record, kind)?;
        let k = mapped(source, kind, k);
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

fn load_onboardings(source: &Source, data: &CustomerData) -> Result<Vec<Onboarding>, Invalid> {
    let (customer, start, go_live) = (
        field(source, "customer"),
        field(source, "start"),
        field(source, "go_live"),
    );
    each_row(source, |input, record| {
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
