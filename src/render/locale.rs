//! Numbers, amounts and dates as a locale writes them, for the outputs meant for reps (statements
//! and `explain`). en-US is comp's own style (`12,500.00 EUR`, `2024-03-31`), the one every other
//! output keeps; en-GB writes dates `31/03/2024`; fr-FR writes `12 500,00 €` and `31/03/2024`.
//!
//! French groups thousands with U+202F NARROW NO-BREAK SPACE, as CLDR and the French typographic
//! rules have it (a group never breaks across lines), and puts the same space before `%` and the
//! currency sign.

use super::{money, number, plain};
use crate::locale::Locale;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The space between French thousands, and before `%` and `€`.
pub const NNBSP: char = '\u{202f}';

/// Money as grouped digits with the scale kept: `12,500.00`, `12 500,00`.
pub fn money_in(locale: Locale, d: Decimal) -> String {
    let en = money(d);
    match locale {
        Locale::EnUs | Locale::EnGb => en,
        Locale::FrFr => en
            .chars()
            .map(|c| match c {
                ',' => NNBSP,
                '.' => ',',
                c => c,
            })
            .collect(),
    }
}

/// A number for people: grouped, trailing zeros dropped.
pub fn number_in(locale: Locale, d: Decimal) -> String {
    match locale {
        Locale::EnUs | Locale::EnGb => number(d),
        Locale::FrFr => money_in(locale, d.normalize()),
    }
}

/// A ratio as a percentage: `89.53%`, `89,53 %`.
pub fn percent_in(locale: Locale, ratio: Decimal) -> String {
    match ratio.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => points_in(locale, p),
        None => format!("{}x", plain(ratio.round_dp(2))),
    }
}

/// Percent points: `87%`, `87 %`.
pub fn points_in(locale: Locale, p: Decimal) -> String {
    let p = p.round_dp(2);
    match locale {
        Locale::EnUs | Locale::EnGb => format!("{}%", plain(p)),
        Locale::FrFr => format!("{}{NNBSP}%", plain(p).replace('.', ",")),
    }
}

/// An amount with its currency: `12,500.00 EUR`, `12 500,00 €` (French writes the sign of the
/// currencies it has one for, after the amount; others by their code).
pub fn amount_in(locale: Locale, d: Decimal, currency: &str) -> String {
    match locale {
        Locale::EnUs | Locale::EnGb => format!("{} {currency}", money_in(locale, d)),
        Locale::FrFr => {
            let sign = match currency {
                "EUR" => "€",
                "USD" => "$",
                "GBP" => "£",
                "CHF" => "CHF",
                other => other,
            };
            format!("{}{NNBSP}{sign}", money_in(locale, d))
        }
    }
}

/// A date: `2024-03-31` (en-US, comp's own), `31/03/2024` (en-GB, fr-FR).
pub fn date_in(locale: Locale, d: NaiveDate) -> String {
    match locale {
        Locale::EnUs => d.to_string(),
        Locale::EnGb | Locale::FrFr => d.format("%d/%m/%Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn french_numbers_dates_and_amounts() {
        let fr = Locale::FrFr;
        assert_eq!(
            amount_in(fr, d("12500.00"), "EUR"),
            "12\u{202f}500,00\u{202f}€"
        );
        assert_eq!(money_in(fr, d("-1234567.5")), "-1\u{202f}234\u{202f}567,5");
        assert_eq!(percent_in(fr, d("0.8953")), "89,53\u{202f}%");
        assert_eq!(number_in(fr, d("156681.60")), "156\u{202f}681,6");
        let march = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        assert_eq!(date_in(fr, march), "31/03/2024");
        assert_eq!(date_in(Locale::EnGb, march), "31/03/2024");
        assert_eq!(date_in(Locale::EnUs, march), "2024-03-31");
        assert_eq!(
            amount_in(Locale::EnGb, d("12500.00"), "EUR"),
            "12,500.00 EUR"
        );
    }
}
