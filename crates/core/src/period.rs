//! Periods: months, fiscal quarters, halves and years, as closed date ranges.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use std::fmt;

/// How often a plan pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Month,
    Quarter,
    Half,
    Year,
}

impl Frequency {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "month" | "monthly" => Some(Frequency::Month),
            "quarter" | "quarterly" => Some(Frequency::Quarter),
            "half" | "half-year" | "semester" => Some(Frequency::Half),
            "year" | "yearly" | "annual" => Some(Frequency::Year),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Frequency::Month => "month",
            Frequency::Quarter => "quarter",
            Frequency::Half => "half",
            Frequency::Year => "year",
        }
    }

    pub fn months(self) -> u32 {
        match self {
            Frequency::Month => 1,
            Frequency::Quarter => 3,
            Frequency::Half => 6,
            Frequency::Year => 12,
        }
    }
}

/// The first month and day of the fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalStart {
    pub month: u32,
    pub day: u32,
}

impl Default for FiscalStart {
    fn default() -> Self {
        FiscalStart { month: 1, day: 1 }
    }
}

impl FiscalStart {
    /// Reads `MM-DD`. Only the first of a month is accepted: fiscal periods are whole months.
    pub fn parse(s: &str) -> Option<Self> {
        let (m, d) = s.split_once('-')?;
        let month: u32 = m.parse().ok()?;
        let day: u32 = d.parse().ok()?;
        if !(1..=12).contains(&month) || day != 1 {
            return None;
        }
        Some(FiscalStart { month, day })
    }
}

/// A period: a labelled, closed date range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: NaiveDate,
    /// Number of whole months in the period.
    pub months: u32,
    pub kind: Frequency,
    /// For labels: the fiscal year and the index of the quarter/half (1-based), or the calendar month.
    year: i32,
    index: u32,
}

impl Period {
    /// Parses `2024-03`, `2024-Q1`, `2024-H1` or `2024`.
    pub fn parse(s: &str, fy: FiscalStart) -> Option<Period> {
        let s = s.trim();
        let (y, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let fy_start = NaiveDate::from_ymd_opt(year, fy.month, 1)?;
        let (kind, index) = match rest {
            None => (Frequency::Year, 1),
            Some(r) if r.len() == 2 && (r.starts_with('Q') || r.starts_with('q')) => (
                Frequency::Quarter,
                r[1..].parse().ok().filter(|q| (1..=4).contains(q))?,
            ),
            Some(r) if r.len() == 2 && (r.starts_with('H') || r.starts_with('h')) => (
                Frequency::Half,
                r[1..].parse().ok().filter(|h| (1..=2).contains(h))?,
            ),
            Some(r) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()) => {
                let month: u32 = r.parse().ok()?;
                let start = NaiveDate::from_ymd_opt(year, month, 1)?;
                return Some(Period {
                    start,
                    months: 1,
                    kind: Frequency::Month,
                    year,
                    index: month,
                });
            }
            _ => return None,
        };
        let start = fy_start.checked_add_months(Months::new((index - 1) * kind.months()))?;
        Some(Period {
            start,
            months: kind.months(),
            kind,
            year,
            index,
        })
    }

    pub fn end(&self) -> NaiveDate {
        self.start
            .checked_add_months(Months::new(self.months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end()
    }

    /// True when `other` lies entirely inside this period.
    pub fn covers(&self, other: &Period) -> bool {
        other.start >= self.start && other.end() <= self.end()
    }

    /// The fiscal year that contains this period's first day.
    pub fn fiscal_year(&self, fy: FiscalStart) -> Period {
        let d = self.start;
        let year = if d.month() >= fy.month {
            d.year()
        } else {
            d.year() - 1
        };
        let start = NaiveDate::from_ymd_opt(year, fy.month, 1).unwrap_or(d);
        Period {
            start,
            months: 12,
            kind: Frequency::Year,
            year,
            index: 1,
        }
    }

    /// The plan periods of frequency `f` that lie inside this period, in order. A period shorter than
    /// the frequency holds none.
    pub fn split(&self, f: Frequency, fy: FiscalStart) -> Vec<Period> {
        if f.months() > self.months {
            return Vec::new();
        }
        let fy_period = self.fiscal_year(fy);
        let mut out = Vec::new();
        let mut k = 0;
        while let Some(start) = fy_period
            .start
            .checked_add_months(Months::new(k * f.months()))
        {
            if start > self.end() {
                break;
            }
            let (year, index) = match f {
                Frequency::Month => (start.year(), start.month()),
                _ => (fy_period.year, k + 1),
            };
            let p = Period {
                start,
                months: f.months(),
                kind: f,
                year,
                index,
            };
            if self.covers(&p) {
                out.push(p);
            }
            k += 1;
        }
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Frequency::Month => write!(f, "{:04}-{:02}", self.year, self.index),
            Frequency::Quarter => write!(f, "{:04}-Q{}", self.year, self.index),
            Frequency::Half => write!(f, "{:04}-H{}", self.year, self.index),
            Frequency::Year => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_each_kind_of_period() {
        let fy = FiscalStart::default();
        let q1 = Period::parse("2024-Q1", fy).unwrap();
        assert_eq!((q1.start, q1.end()), (d(2024, 1, 1), d(2024, 3, 31)));
        let feb = Period::parse("2024-02", fy).unwrap();
        assert_eq!(feb.end(), d(2024, 2, 29));
        let h2 = Period::parse("2024-H2", fy).unwrap();
        assert_eq!((h2.start, h2.end()), (d(2024, 7, 1), d(2024, 12, 31)));
        assert_eq!(Period::parse("2024", fy).unwrap().end(), d(2024, 12, 31));
        for bad in ["2024-13", "2024-Q5", "24", "2024-H3", "2024-1", "x"] {
            assert!(Period::parse(bad, fy).is_none(), "{bad}");
        }
    }

    #[test]
    fn fiscal_quarters_follow_the_fiscal_start() {
        let fy = FiscalStart::parse("02-01").unwrap();
        let q1 = Period::parse("2024-Q1", fy).unwrap();
        assert_eq!((q1.start, q1.end()), (d(2024, 2, 1), d(2024, 4, 30)));
        let y = Period::parse("2024", fy).unwrap();
        assert_eq!(y.end(), d(2025, 1, 31));
        let jan25 = Period::parse("2025-01", fy).unwrap();
        assert_eq!(jan25.fiscal_year(fy).to_string(), "2024");
    }

    #[test]
    fn splits_a_year_into_plan_periods() {
        let fy = FiscalStart::default();
        let y = Period::parse("2024", fy).unwrap();
        let months: Vec<String> = y
            .split(Frequency::Month, fy)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(months.len(), 12);
        assert_eq!(months[11], "2024-12");
        let qs: Vec<String> = y
            .split(Frequency::Quarter, fy)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(qs, ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]);
        let h1 = Period::parse("2024-H1", fy).unwrap();
        assert_eq!(h1.split(Frequency::Quarter, fy).len(), 2);
        let m = Period::parse("2024-03", fy).unwrap();
        assert!(m.split(Frequency::Quarter, fy).is_empty());
        assert_eq!(m.split(Frequency::Month, fy)[0], m);
    }
}
