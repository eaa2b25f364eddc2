//! Periods: months, fiscal quarters, halves and years, and the pay periods shorter than a month
//! (biweekly from an anchor date, semi-months), as closed date ranges.

/// How a period is written, for the hint of every "is not a period" error: one wording, so a
/// person who meets it anywhere learns every form, the pay periods included.
pub const WRITTEN_AS: &str = "write 2024-03 (a month), 2024-Q1 (a quarter), 2024-H1 (a half), 2024 (a fiscal year), 2024-03a or 2024-03b (the 1st-15th or 16th-end of a month) or 2024-B05 (a biweekly period)";

use chrono::{Datelike, Days, Months, NaiveDate};
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
    /// Every 14 days from the workspace's `biweekly_anchor`.
    Biweekly,
    /// The 1st to the 15th, then the 16th to the month's end.
    #[serde(rename = "semi-month")]
    SemiMonth,
}

impl Frequency {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "month" | "monthly" => Some(Frequency::Month),
            "quarter" | "quarterly" => Some(Frequency::Quarter),
            "half" | "half-year" | "semester" => Some(Frequency::Half),
            "year" | "yearly" | "annual" => Some(Frequency::Year),
            "biweekly" => Some(Frequency::Biweekly),
            "semi-month" | "semi-monthly" => Some(Frequency::SemiMonth),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Frequency::Month => "month",
            Frequency::Quarter => "quarter",
            Frequency::Half => "half",
            Frequency::Year => "year",
            Frequency::Biweekly => "biweekly",
            Frequency::SemiMonth => "semi-month",
        }
    }

    /// Whole months in a period of this frequency; 0 for the pay periods shorter than a month.
    pub fn months(self) -> u32 {
        match self {
            Frequency::Month => 1,
            Frequency::Quarter => 3,
            Frequency::Half => 6,
            Frequency::Year => 12,
            Frequency::Biweekly | Frequency::SemiMonth => 0,
        }
    }

    /// A pay period shorter than a month (biweekly, semi-month).
    pub fn is_sub_month(self) -> bool {
        self.months() == 0
    }

    /// The share of a year one period of this frequency stands for, as (numerator, denominator):
    /// months / 12, a semi-month 1/24, a biweekly period 1/26 (14 of 364 days). An annual TI is
    /// spread over periods by it.
    pub fn share_of_year(self) -> (u32, u32) {
        match self {
            Frequency::Biweekly => (1, 26),
            Frequency::SemiMonth => (1, 24),
            f => (f.months(), 12),
        }
    }
}

/// The workspace's calendar: the first month and day of the fiscal year, and the first day of a
/// biweekly pay period (any one; every 14 days before and after it starts another).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalStart {
    pub month: u32,
    pub day: u32,
    pub biweekly_anchor: Option<NaiveDate>,
}

impl Default for FiscalStart {
    fn default() -> Self {
        FiscalStart {
            month: 1,
            day: 1,
            biweekly_anchor: None,
        }
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
        Some(FiscalStart {
            month,
            day,
            biweekly_anchor: None,
        })
    }

    /// The same calendar with biweekly pay periods starting on `anchor` (and every 14 days around).
    pub fn with_biweekly_anchor(self, anchor: Option<NaiveDate>) -> Self {
        FiscalStart {
            biweekly_anchor: anchor,
            ..self
        }
    }

    /// The first day of fiscal year `year` (the fiscal year named by the calendar year it starts in).
    fn year_start(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, 1)
    }

    /// The fiscal year (by its name) containing a date.
    fn year_of(self, d: NaiveDate) -> i32 {
        if d.month() >= self.month {
            d.year()
        } else {
            d.year() - 1
        }
    }

    /// The first biweekly period of fiscal year `year`: the one whose last day is the first last
    /// day on or after the year's first day (a pay period belongs to the year its last day is in).
    fn first_biweekly(self, year: i32) -> Option<NaiveDate> {
        let anchor = self.biweekly_anchor?;
        let start = self.year_start(year)?;
        // the period containing the year's first day ends in the year, so it is the first
        Some(biweekly_start_of(anchor, start))
    }
}

/// The first day of the biweekly period containing `d`.
fn biweekly_start_of(anchor: NaiveDate, d: NaiveDate) -> NaiveDate {
    let offset = (d - anchor).num_days().rem_euclid(14);
    d - Days::new(offset as u64)
}

/// A period: a labelled, closed date range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: NaiveDate,
    /// Number of whole months in the period (0 for a biweekly period or a semi-month).
    pub months: u32,
    pub kind: Frequency,
    /// For labels: the fiscal year and the index of the quarter/half/biweekly period (1-based),
    /// the calendar month, or the calendar month's halves (1 and 2 for January).
    year: i32,
    index: u32,
    last: NaiveDate,
}

impl Period {
    /// A period of whole months from `start`.
    fn of_months(start: NaiveDate, kind: Frequency, year: i32, index: u32) -> Option<Period> {
        let last = start
            .checked_add_months(Months::new(kind.months()))?
            .pred_opt()?;
        Some(Period {
            start,
            months: kind.months(),
            kind,
            year,
            index,
            last,
        })
    }

    /// Half `half` (1 or 2) of a calendar month.
    fn semi_month(year: i32, month: u32, half: u32) -> Option<Period> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let (start, last) = if half == 1 {
            (first, NaiveDate::from_ymd_opt(year, month, 15)?)
        } else {
            (
                NaiveDate::from_ymd_opt(year, month, 16)?,
                first.checked_add_months(Months::new(1))?.pred_opt()?,
            )
        };
        Some(Period {
            start,
            months: 0,
            kind: Frequency::SemiMonth,
            year,
            index: (month - 1) * 2 + half,
            last,
        })
    }

    /// The biweekly period starting on `start` (a day of the anchor's grid).
    fn biweekly(start: NaiveDate, fy: FiscalStart) -> Option<Period> {
        let last = start.checked_add_days(Days::new(13))?;
        let year = fy.year_of(last);
        let first = fy.first_biweekly(year)?;
        Some(Period {
            start,
            months: 0,
            kind: Frequency::Biweekly,
            year,
            index: ((start - first).num_days() / 14 + 1) as u32,
            last,
        })
    }

    /// The calendar month containing `d`, as `Period::parse` reads its name (`2024-03`): None for
    /// years a name of four digits cannot hold. Without formatting and parsing the name: the
    /// engine asks for it in every payee's run.
    pub fn month_of(d: NaiveDate) -> Option<Period> {
        let year = d.year();
        if !(0..=9999).contains(&year) {
            return None;
        }
        let start = NaiveDate::from_ymd_opt(year, d.month(), 1)?;
        Period::of_months(start, Frequency::Month, year, d.month())
    }

    /// Parses `2024-03`, `2024-Q1`, `2024-H1`, `2024`, a semi-month `2024-03a` (1st-15th) or
    /// `2024-03b` (16th-end), or a biweekly period `2024-B05` (the 5th of the fiscal year's, by
    /// their last days; only with a biweekly anchor).
    pub fn parse(s: &str, fy: FiscalStart) -> Option<Period> {
        let s = s.trim();
        let (y, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
        let year: i32 = y.parse().ok()?;
        let fy_start = fy.year_start(year)?;
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
            Some(r) if digits(r) => {
                let month: u32 = r.parse().ok()?;
                let start = NaiveDate::from_ymd_opt(year, month, 1)?;
                return Period::of_months(start, Frequency::Month, year, month);
            }
            Some(r) if r.len() == 3 && digits(&r[..2]) => {
                let half = match &r[2..] {
                    "a" | "A" => 1,
                    "b" | "B" => 2,
                    _ => return None,
                };
                return Period::semi_month(year, r[..2].parse().ok()?, half);
            }
            Some(r) if r.len() == 3 && (r.starts_with('B') || r.starts_with('b')) => {
                if !digits(&r[1..]) {
                    return None;
                }
                let n: u32 = r[1..].parse().ok().filter(|n| *n >= 1)?;
                let start = fy
                    .first_biweekly(year)?
                    .checked_add_days(Days::new(14 * u64::from(n - 1)))?;
                let p = Period::biweekly(start, fy)?;
                // B27 of a year with 26 periods is the next year's first: not a name of it
                return (p.year == year).then_some(p);
            }
            _ => return None,
        };
        let start = fy_start.checked_add_months(Months::new((index - 1) * kind.months()))?;
        Period::of_months(start, kind, year, index)
    }

    pub fn end(&self) -> NaiveDate {
        self.last
    }

    /// Calendar days in the period.
    pub fn days(&self) -> i64 {
        (self.last - self.start).num_days() + 1
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end()
    }

    /// True when the two periods share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        other.start <= self.end() && other.end() >= self.start
    }

    /// True when `other` lies entirely inside this period.
    pub fn covers(&self, other: &Period) -> bool {
        other.start >= self.start && other.end() <= self.end()
    }

    /// The fiscal year that contains this period's last day (a biweekly period starting in
    /// December belongs to the next year when it ends in January; every other period lies inside
    /// one fiscal year).
    pub fn fiscal_year(&self, fy: FiscalStart) -> Period {
        let year = fy.year_of(self.end());
        let start = fy.year_start(year).unwrap_or(self.start);
        Period::of_months(start, Frequency::Year, year, 1).unwrap_or(*self)
    }

    /// The plan periods of frequency `f` that lie inside this period, in order; for pay periods
    /// shorter than a month, those whose last day is in it. A period shorter than the frequency
    /// holds none.
    pub fn split(&self, f: Frequency, fy: FiscalStart) -> Vec<Period> {
        match f {
            Frequency::Biweekly => return self.biweekly_periods(fy),
            Frequency::SemiMonth => return self.semi_months(),
            _ => {}
        }
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
            match Period::of_months(start, f, year, index) {
                Some(p) if self.covers(&p) => out.push(p),
                _ => {}
            }
            k += 1;
        }
        out
    }

    /// The biweekly periods whose last day is in this period (none without an anchor).
    fn biweekly_periods(&self, fy: FiscalStart) -> Vec<Period> {
        let Some(anchor) = fy.biweekly_anchor else {
            return Vec::new();
        };
        // the first period ending on or after this period's first day
        let mut start = biweekly_start_of(anchor, self.start);
        let mut out = Vec::new();
        while let Some(p) = Period::biweekly(start, fy) {
            if p.end() > self.end() {
                break;
            }
            out.push(p);
            match start.checked_add_days(Days::new(14)) {
                Some(next) => start = next,
                None => break,
            }
        }
        out
    }

    /// The semi-months whose last day is in this period.
    fn semi_months(&self) -> Vec<Period> {
        let mut out = Vec::new();
        let mut month = NaiveDate::from_ymd_opt(self.start.year(), self.start.month(), 1);
        while let Some(m) = month.filter(|m| *m <= self.end()) {
            for half in 1..=2 {
                if let Some(p) = Period::semi_month(m.year(), m.month(), half) {
                    if self.contains(p.end()) {
                        out.push(p);
                    }
                }
            }
            month = m.checked_add_months(Months::new(1));
        }
        out
    }

    /// The plan period of frequency `f` that contains `d` (None without a biweekly anchor for a
    /// biweekly plan, or for dates periods cannot name).
    pub fn containing(d: NaiveDate, f: Frequency, fy: FiscalStart) -> Option<Period> {
        match f {
            Frequency::Biweekly => Period::biweekly(biweekly_start_of(fy.biweekly_anchor?, d), fy),
            Frequency::SemiMonth => {
                Period::semi_month(d.year(), d.month(), if d.day() <= 15 { 1 } else { 2 })
            }
            _ => Period::month_of(d)?
                .fiscal_year(fy)
                .split(f, fy)
                .into_iter()
                .find(|p| p.contains(d)),
        }
    }

    /// How many periods of this one's frequency this one comes after `earlier` (0 for itself),
    /// for pay periods shorter than a month.
    pub fn periods_after(&self, earlier: &Period) -> i64 {
        match self.kind {
            Frequency::Biweekly => (self.start - earlier.start).num_days().div_euclid(14),
            _ => {
                let half = |p: &Period| {
                    i64::from(p.start.year()) * 24
                        + i64::from(p.start.month0()) * 2
                        + i64::from(p.start.day() > 15)
                };
                half(self) - half(earlier)
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Frequency::Month => write!(f, "{:04}-{:02}", self.year, self.index),
            Frequency::Quarter => write!(f, "{:04}-Q{}", self.year, self.index),
            Frequency::Half => write!(f, "{:04}-H{}", self.year, self.index),
            Frequency::Year => write!(f, "{:04}", self.year),
            Frequency::Biweekly => write!(f, "{:04}-B{:02}", self.year, self.index),
            Frequency::SemiMonth => write!(
                f,
                "{:04}-{:02}{}",
                self.year,
                self.index.div_ceil(2),
                if self.index % 2 == 1 { 'a' } else { 'b' }
            ),
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
    fn the_month_of_a_date_is_the_month_its_name_parses_to() {
        let fy = FiscalStart::default();
        for date in [
            d(2024, 1, 1),
            d(2024, 2, 29),
            d(2023, 12, 31),
            d(1, 6, 15),
            d(9999, 12, 31),
        ] {
            let name = format!("{:04}-{:02}", date.year(), date.month());
            assert_eq!(Period::month_of(date), Period::parse(&name, fy), "{date}");
        }
        assert_eq!(Period::month_of(d(10000, 1, 1)), None);
        assert_eq!(Period::month_of(d(-1, 1, 1)), None);
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

    fn biweekly_2024() -> FiscalStart {
        // Friday 5 January 2024 starts a pay period
        FiscalStart::default().with_biweekly_anchor(Some(d(2024, 1, 5)))
    }

    #[test]
    fn biweekly_periods_belong_to_the_year_of_their_last_day() {
        let fy = biweekly_2024();
        // the period containing 1 January 2024 starts 14 days before the anchor: 22 Dec 2023 to
        // 4 Jan 2024; it ends in 2024, so it is 2024's first
        let b01 = Period::parse("2024-B01", fy).unwrap();
        assert_eq!((b01.start, b01.end()), (d(2023, 12, 22), d(2024, 1, 4)));
        // the 5th: 22 Dec + 4 x 14 days = 16 Feb, to 29 Feb
        let b05 = Period::parse("2024-b05", fy).unwrap();
        assert_eq!((b05.start, b05.end()), (d(2024, 2, 16), d(2024, 2, 29)));
        assert_eq!(b05.to_string(), "2024-B05");
        // 2024's periods end 4 Jan + 14k: the 26th ends 4 Jan + 350 days = 19 Dec (day 4 + 350 =
        // day 354 of a leap year), the 27th (20 Dec to 2 Jan 2025) belongs to 2025
        let year = Period::parse("2024", fy).unwrap();
        let all = year.split(Frequency::Biweekly, fy);
        assert_eq!(all.len(), 26);
        assert_eq!(all[25].end(), d(2024, 12, 19));
        assert!(Period::parse("2024-B27", fy).is_none());
        let b01_25 = Period::parse("2025-B01", fy).unwrap();
        assert_eq!(
            (b01_25.start, b01_25.end()),
            (d(2024, 12, 20), d(2025, 1, 2))
        );
        assert_eq!(b01_25.fiscal_year(fy).to_string(), "2025");
        // a month covers the pay periods that end in it: February 2024 ends B03 (19 Jan to 1 Feb),
        // B04 (2-15 Feb) and B05
        let feb = Period::parse("2024-02", fy).unwrap();
        let names: Vec<String> = feb
            .split(Frequency::Biweekly, fy)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(names, ["2024-B03", "2024-B04", "2024-B05"]);
        assert_eq!(
            Period::containing(d(2024, 12, 31), Frequency::Biweekly, fy).unwrap(),
            b01_25
        );
        assert_eq!(b01_25.periods_after(&b01), 26);
        // without an anchor there is no biweekly period to name
        assert!(Period::parse("2024-B05", FiscalStart::default()).is_none());
        for bad in ["2024-B00", "2024-B5", "2024-B100", "2024-Bxx"] {
            assert!(Period::parse(bad, fy).is_none(), "{bad}");
        }
    }

    #[test]
    fn semi_months_split_a_month_on_the_15th() {
        let fy = FiscalStart::default();
        let a = Period::parse("2024-02a", fy).unwrap();
        let b = Period::parse("2024-02B", fy).unwrap();
        assert_eq!((a.start, a.end()), (d(2024, 2, 1), d(2024, 2, 15)));
        assert_eq!((b.start, b.end()), (d(2024, 2, 16), d(2024, 2, 29)));
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2024-02a".into(), "2024-02b".into())
        );
        let q1 = Period::parse("2024-Q1", fy).unwrap();
        assert_eq!(q1.split(Frequency::SemiMonth, fy).len(), 6);
        assert_eq!(
            Period::containing(d(2024, 3, 16), Frequency::SemiMonth, fy)
                .unwrap()
                .to_string(),
            "2024-03b"
        );
        assert_eq!(b.periods_after(&Period::parse("2023-12b", fy).unwrap()), 4);
        for bad in ["2024-13a", "2024-02c", "2024-2a", "2024-02ab"] {
            assert!(Period::parse(bad, fy).is_none(), "{bad}");
        }
    }
}
