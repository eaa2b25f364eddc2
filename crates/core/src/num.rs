//! Exact numbers from text: TOML literals, percentages, and CSV amounts in any decimal convention.
//!
//! Nothing here goes through binary floating point: a TOML float is re-read from the literal text of the
//! file (its span), so `0.1` in a plan is exactly one tenth.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A number as written in a TOML file. Floats keep no value: their text is re-read from the source span.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Int(i64),
    Float,
    Str(String),
}

impl<'de> Deserialize<'de> for Lit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lit;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a string such as \"12.5%\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lit, E> {
                Ok(Lit::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lit, E> {
                i64::try_from(v)
                    .map(Lit::Int)
                    .map_err(|_| E::custom("number too large"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Lit, E> {
                Ok(Lit::Float)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lit, E> {
                Ok(Lit::Str(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// The magnitude no input number may reach (10^15). Amounts, quotas and plan numbers below it keep
/// every sum, product and ratio comp computes inside rust_decimal's exact range.
pub const LIMIT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

/// Reads a plain decimal written in a plan file (`1234.56`, `1_000`, `6e-2`, `-3`).
pub fn parse_plain(text: &str) -> Option<Decimal> {
    let t: String = text.trim().chars().filter(|c| *c != '_').collect();
    if t.is_empty() {
        return None;
    }
    if t.contains(['e', 'E']) {
        return Decimal::from_scientific(&t).ok();
    }
    let t = t.strip_prefix('+').unwrap_or(&t);
    Decimal::from_str(t).ok()
}

/// Reads `"8%"` as 0.08 and a plain number as itself.
pub fn parse_fraction_or_percent(text: &str) -> Option<Decimal> {
    match text.trim().strip_suffix('%') {
        Some(p) => parse_plain(p).map(|d| d / Decimal::ONE_HUNDRED),
        None => parse_plain(text),
    }
}

/// Reads a number on a percent axis: `"80%"` and `80` are both 80.
pub fn parse_percent_points(text: &str) -> Option<Decimal> {
    match text.trim().strip_suffix('%') {
        Some(p) => parse_plain(p),
        None => parse_plain(text),
    }
}

/// How a CSV export writes its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    pub decimal_mark: u8,
    /// Digit grouping character to ignore; 0 for none. A space also accepts no-break spaces.
    pub thousands: u8,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat {
            decimal_mark: b'.',
            thousands: 0,
        }
    }
}

impl NumberFormat {
    /// Parses one CSV cell. Strict on purpose: `1.234,56` read with a `.` decimal mark is an error, not
    /// 1.234, because a wrong decimal mark would silently pay a thousandth of a deal.
    pub fn parse(&self, cell: &str) -> Option<Decimal> {
        let cell = cell.trim();
        let mut buf = [0u8; 64];
        let mut n = 0;
        let mut seen_mark = false;
        let mut digits = 0;
        let (negative, body) =
            if let Some(inner) = cell.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
                (true, inner.trim())
            } else {
                (false, cell)
            };
        if negative {
            buf[0] = b'-';
            n = 1;
        }
        for (i, ch) in body.char_indices() {
            let b = if ch.is_ascii() { ch as u8 } else { 0 };
            let is_space_like = ch == ' ' || ch == '\u{a0}' || ch == '\u{202f}';
            if b.is_ascii_digit() {
                digits += 1;
                if n >= buf.len() {
                    return None;
                }
                buf[n] = b;
                n += 1;
            } else if (b == b'-' || b == b'+') && i == 0 && !negative {
                if b == b'-' {
                    buf[n] = b'-';
                    n += 1;
                }
            } else if b == self.decimal_mark && b != 0 && !seen_mark {
                seen_mark = true;
                if n >= buf.len() {
                    return None;
                }
                buf[n] = b'.';
                n += 1;
            } else if self.thousands != 0
                && !seen_mark
                && digits > 0
                && (b == self.thousands || (self.thousands == b' ' && is_space_like))
            {
                // grouping: skipped
            } else {
                return None;
            }
        }
        if digits == 0 {
            return None;
        }
        let s = std::str::from_utf8(&buf[..n]).ok()?;
        Decimal::from_str(s).ok()
    }

    /// A guess at what the user meant, for the hint of a failed parse.
    pub fn suggest(&self, cell: &str) -> Option<String> {
        let has_comma = cell.contains(',');
        let has_dot = cell.contains('.');
        let last = cell.rfind([',', '.']).map(|i| cell.as_bytes()[i]);
        match (has_comma, has_dot, last) {
            (true, true, Some(b',')) if self.decimal_mark != b',' => {
                Some("this looks like a decimal comma with '.' grouping: set decimal_mark = \",\" and thousands = \".\"".into())
            }
            (true, true, Some(b'.')) if self.decimal_mark != b'.' => {
                Some("this looks like a decimal point with ',' grouping: set decimal_mark = \".\" and thousands = \",\"".into())
            }
            (true, false, _) if self.decimal_mark != b',' => {
                Some("this looks like a decimal comma: set decimal_mark = \",\" for this source".into())
            }
            (false, true, _) if self.decimal_mark != b'.' => {
                Some("this looks like a decimal point: set decimal_mark = \".\" (or thousands = \".\") for this source".into())
            }
            _ if cell.chars().any(|c| c == ' ' || c == '\u{a0}' || c == '\u{202f}') => {
                Some("digits are grouped with spaces: set thousands = \" \" for this source".into())
            }
            _ => None,
        }
    }
}

/// How amounts are rounded to the currency's minor unit (rule 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    HalfAwayFromZero,
    HalfEven,
}

impl Rounding {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "half-away-from-zero" | "half-up" => Some(Rounding::HalfAwayFromZero),
            "half-even" | "bankers" => Some(Rounding::HalfEven),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rounding::HalfAwayFromZero => "half-away-from-zero",
            Rounding::HalfEven => "half-even",
        }
    }
}

/// Money rounding: one currency's minor unit and the workspace's mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor_unit: u32,
    pub rounding: Rounding,
}

impl Money {
    pub fn round(&self, d: Decimal) -> Decimal {
        let strategy = match self.rounding {
            Rounding::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
        };
        let mut r = d.round_dp_with_strategy(self.minor_unit, strategy);
        r.rescale(self.minor_unit);
        if r.is_zero() {
            // never print -0.00
            r.set_sign_positive(true);
        }
        r
    }
}

/// A decimal without trailing zeros: `110000.00` -> `110000`, `1.10` -> `1.1`.
pub fn plain(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// A ratio as a percentage: `1.1` -> `110%`, `0.73333` -> `73.33%` (rounded for display only).
pub fn percent(ratio: Decimal) -> String {
    match ratio.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", plain(p.round_dp(2))),
        // beyond the decimal range as a percentage: show the ratio itself
        None => format!("{}x", plain(ratio.round_dp(2))),
    }
}

/// Minor units of common currencies (ISO 4217); two for any other code.
pub fn minor_unit(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "XOF" | "XAF" | "UGX" | "PYG" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::d;

    mod rust_decimal_macros_free {
        pub fn d(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    #[test]
    fn french_amounts_with_space_grouping_and_decimal_comma() {
        let f = NumberFormat {
            decimal_mark: b',',
            thousands: b' ',
        };
        assert_eq!(f.parse("1 234,56"), Some(d("1234.56")));
        assert_eq!(f.parse("1\u{a0}234,56"), Some(d("1234.56")));
        assert_eq!(f.parse("-12 500,00"), Some(d("-12500.00")));
        assert_eq!(f.parse("(300,5)"), Some(d("-300.5")));
        assert_eq!(f.parse("1.234,56"), None);
        assert_eq!(f.parse(""), None);
        assert_eq!(f.parse("12,5,0"), None);
    }

    #[test]
    fn wrong_decimal_mark_is_refused_with_a_hint() {
        let f = NumberFormat::default();
        assert_eq!(f.parse("1.234,56"), None);
        assert!(f
            .suggest("1.234,56")
            .unwrap()
            .contains("decimal_mark = \",\""));
        assert_eq!(f.parse("1234.56"), Some(d("1234.56")));
        assert_eq!(f.parse("+7"), Some(d("7")));
    }

    #[test]
    fn plan_literals_are_exact() {
        assert_eq!(parse_plain("0.1"), Some(d("0.1")));
        assert_eq!(parse_plain("1_000.5"), Some(d("1000.5")));
        assert_eq!(parse_plain("6e-2"), Some(d("0.06")));
        assert_eq!(parse_fraction_or_percent("12.5%"), Some(d("0.125")));
        assert_eq!(parse_fraction_or_percent("0.08"), Some(d("0.08")));
        assert_eq!(parse_percent_points("80%"), Some(d("80")));
        assert_eq!(parse_plain("abc"), None);
    }

    #[test]
    fn the_input_limit_is_ten_to_the_fifteenth() {
        assert_eq!(LIMIT, d("1000000000000000"));
    }

    #[test]
    fn rounding_modes_w13() {
        let away = Money {
            minor_unit: 2,
            rounding: Rounding::HalfAwayFromZero,
        };
        let even = Money {
            minor_unit: 2,
            rounding: Rounding::HalfEven,
        };
        assert_eq!(away.round(d("100.005")).to_string(), "100.01");
        assert_eq!(even.round(d("100.005")).to_string(), "100.00");
        assert_eq!(away.round(d("-100.005")).to_string(), "-100.01");
        assert_eq!(away.round(d("7")).to_string(), "7.00");
    }
}
