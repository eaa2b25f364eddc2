//! The generators' calendar. Everything happens in 2024, a leap year starting on a Monday, so a day
//! of it is its index in the year (0 = 2024-01-01): small, ordered, and free of time zones. Dates
//! outside it (hires, signatures of customers in the base, 2023) are `NaiveDate`s.

use super::draw::Draw;
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A day of 2024 by its index in the year.
pub type Day = u16;

pub const YEAR_DAYS: Day = 366;

const MONTH_DAYS: [u16; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// French public holidays of 2024 that fall on a weekday (month, day).
const HOLIDAYS: [(u16, u16); 9] = [
    (1, 1),
    (4, 1),
    (5, 1),
    (5, 8),
    (5, 9),
    (5, 20),
    (8, 15),
    (11, 1),
    (11, 11),
];

/// Activity by month, in percent: August is the French summer break, May has its bank holidays,
/// quarter ends are pushed.
pub const SEASON: [i64; 12] = [90, 95, 115, 100, 90, 115, 85, 45, 110, 105, 105, 115];

/// The day of 2024 of `month` (1-12) and `dom` (1-31).
pub fn day(month: u16, dom: u16) -> Day {
    MONTH_DAYS[..(month - 1) as usize].iter().sum::<u16>() + dom - 1
}

pub fn month_first(m: u16) -> Day {
    day(m, 1)
}

pub fn month_last(m: u16) -> Day {
    day(m, MONTH_DAYS[(m - 1) as usize])
}

/// Monday to Friday, holidays excepted (2024-01-01 is a Monday).
pub fn is_workday(d: Day) -> bool {
    d % 7 < 5 && !HOLIDAYS.iter().any(|&(m, dom)| day(m, dom) == d)
}

/// The working days of 2024, in order.
pub fn workdays() -> Vec<Day> {
    (0..YEAR_DAYS).filter(|&d| is_workday(d)).collect()
}

/// A working day of month `m` inside `[lo, hi]`. Sales close at the end of the month: with
/// `end_bias` percent probability the day is one of the last five working days.
pub fn workday_in(rng: &mut impl Draw, m: u16, lo: Day, hi: Day, end_bias: u64) -> Option<Day> {
    let days: Vec<Day> = (month_first(m).max(lo)..=month_last(m).min(hi))
        .filter(|d| is_workday(*d))
        .collect();
    if days.is_empty() {
        return None;
    }
    if rng.chance(end_bias) {
        let tail = &days[days.len().saturating_sub(5)..];
        Some(*rng.pick(tail))
    } else {
        Some(*rng.pick(&days))
    }
}

/// The date `offset` days after 2024-01-01 (before it when negative): a day of 2024 is its own
/// offset.
pub fn date(offset: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(jan_1().num_days_from_ce() + offset)
        .expect("a date near 2024")
}

/// The offset of `d` from 2024-01-01: its day of 2024 from 0, negative before 2024.
pub fn offset(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - jan_1().num_days_from_ce()
}

/// A date of any year; `dom` is at most 28 where the generators draw it, so every month has it.
pub fn ymd(year: i64, month: u16, dom: u16) -> NaiveDate {
    NaiveDate::from_ymd_opt(year as i32, month.into(), dom.into()).expect("a valid date")
}

fn jan_1() -> NaiveDate {
    ymd(2024, 1, 1)
}

/// `dd/mm/yyyy`, as the French CRM and billing system export dates (`NaiveDate` displays ISO
/// `yyyy-mm-dd`, as the HR and CS tools do).
pub struct French(pub NaiveDate);

impl fmt::Display for French {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_2024_and_dates_around_it() {
        assert_eq!(day(2, 29), 59);
        assert_eq!(month_last(12), YEAR_DAYS - 1);
        assert_eq!(date(59).to_string(), "2024-02-29");
        assert_eq!(date(-1).to_string(), "2023-12-31");
        assert_eq!(date(-366).to_string(), "2022-12-31");
        assert_eq!(offset(ymd(2023, 1, 1)), -365);
        assert_eq!(French(date(0)).to_string(), "01/01/2024");
        // 1 January, Easter Monday and 15 August are holidays; Saturday 6 January is no workday
        assert!(!is_workday(0) && !is_workday(day(4, 1)) && !is_workday(day(8, 15)));
        assert!(!is_workday(5) && is_workday(1));
        assert_eq!(workdays().len(), 366 - 104 - 9);
    }
}
