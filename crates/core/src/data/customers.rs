//! Customer-success data (rule 16): the customers with their acquiring AE and CSM, their MRR
//! movements, survey responses and onboardings. These files are small and read whole: a KPI's
//! starting MRR needs every movement before the period.

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

/// A KPI's values per period: (first day of a period, its value or None to compute it from the
/// rows), sorted by day.
pub type GivenPeriods = Vec<(NaiveDate, Option<Decimal>)>;

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
    /// KPI values given instead of computed from the rows (what-if's grid and Monte Carlo set a
    /// KPI's value and let the engine pay the plan's curve at it): measure id -> the payee reading
    /// it (their id; "" for every payee) -> value. Empty for `comp calc`.
    pub given: HashMap<String, HashMap<String, Decimal>>,
    /// The same per period (what-if's Monte Carlo draws a KPI per period): measure id -> payee id
    /// -> its values per period. Read before `given`.
    pub given_periods: HashMap<String, HashMap<String, GivenPeriods>>,
}

impl CustomerData {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The customers whose CSM is `csm` (a portfolio), in file order.
    pub fn portfolio(&self, csm: &str) -> &[usize] {
        self.by_csm.get(csm).map_or(&[], Vec::as_slice)
    }

    /// Every portfolio: a CSM and their customers (at least one), in file order; portfolios in
    /// no particular order.
    pub fn portfolios(&self) -> impl Iterator<Item = (&str, &[usize])> {
        self.by_csm
            .iter()
            .map(|(csm, c)| (csm.as_str(), c.as_slice()))
    }

    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }

    /// Whether there are rows (MRR movements, survey answers, onboardings) a KPI reads.
    pub fn has_rows(&self) -> bool {
        !(self.movements.is_empty() && self.surveys.is_empty() && self.onboardings.is_empty())
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
            given: HashMap::new(),
            given_periods: HashMap::new(),
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

    /// The value given for KPI measure `measure` as payee `payee` reads it (see `given`).
    /// `at`: the last day of the scope computed (a period, or the year to date): the value of
    /// the period holding it.
    pub fn given_value(&self, measure: &str, payee: &str, at: NaiveDate) -> Option<Decimal> {
        if let Some(periods) = self.given_periods.get(measure).and_then(|p| p.get(payee)) {
            let k = periods.partition_point(|(start, _)| *start <= at);
            return k.checked_sub(1).and_then(|k| periods[k].1);
        }
        let by_payee = self.given.get(measure)?;
        by_payee.get(payee).or_else(|| by_payee.get("")).copied()
    }

    /// The same customers and portfolios without their rows (MRR movements, survey answers,
    /// onboardings): for a run that gives every KPI it reads a value (what-if's Monte Carlo), so
    /// no KPI is computed from rows it would then replace.
    pub fn without_rows(&self) -> CustomerData {
        CustomerData {
            customers: self.customers.clone(),
            index: self.index.clone(),
            by_csm: self.by_csm.clone(),
            movement_at: Vec::new(),
            survey_at: Vec::new(),
            onboarding_at: Vec::new(),
            movements: Vec::new(),
            surveys: Vec::new(),
            onboardings: Vec::new(),
            files: self.files.clone(),
            given: self.given.clone(),
            given_periods: self.given_periods.clone(),
        }
    }

    /// The movements of one customer, in date order.
    pub fn movements_of(&self, customer: usize) -> &[Movement] {
        slice_of(&self.movements, &self.movement_at, customer)
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
