//! Several currencies: dated FX rates, and what a record converted into the workspace's currency
//! was in its own.

use super::Sym;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Rates by currency, each sorted by date: `rate` units of the workspace currency for one unit.
#[derive(Debug, Clone, Default)]
pub struct FxRates {
    rates: HashMap<String, Vec<(NaiveDate, Decimal)>>,
}

/// What a converted record was in its own currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Converted {
    pub currency: Sym,
    pub amount: Option<Decimal>,
    pub rate: Decimal,
}

impl FxRates {
    /// The rate in force on `date`: the latest one dated on or before it.
    pub fn rate(&self, currency: &str, date: NaiveDate) -> Option<Decimal> {
        self.rate_on(currency, date).map(|(_, r)| r)
    }

    /// The rate in force on `date` and the date it is dated.
    pub fn rate_on(&self, currency: &str, date: NaiveDate) -> Option<(NaiveDate, Decimal)> {
        let list = self.rates.get(currency)?;
        let i = list.partition_point(|(d, _)| *d <= date);
        (i > 0).then(|| list[i - 1])
    }

    pub fn insert(&mut self, currency: &str, date: NaiveDate, rate: Decimal) {
        let list = self.rates.entry(currency.to_uppercase()).or_default();
        let i = list.partition_point(|(d, _)| *d <= date);
        list.insert(i, (date, rate));
    }
}
