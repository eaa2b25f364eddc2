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
    /// 1.234, because a wrong decimal mark would silently pay a thousandth of a deal. For the same
    /// reason digit groups are checked: after the first group (one to three digits) every group has
    /// exactly three, so a cut-off `10 05` or a mistyped `35 94,00` is an error, not 1005 or 3594.
    pub fn parse(&self, cell: &str) -> Option<Decimal> {
        let cell = cell.trim();
        let mut buf = [0u8; 64];
        let mut n = 0;
        let mut seen_mark = false;
        let mut digits = 0;
        // the digits since the last group separator of the integer part; None while ungrouped
        let mut group: Option<usize> = None;
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
            if b.is_ascii_digit() {
                digits += 1;
                if !seen_mark {
                    if let Some(g) = group.as_mut() {
                        *g += 1;
                    }
                }
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
                if group.is_some_and(|g| g != 3) {
                    return None;
                }
                seen_mark = true;
                if n >= buf.len() {
                    return None;
                }
                buf[n] = b'.';
                n += 1;
            } else if !seen_mark && digits > 0 && self.is_separator(ch) {
                match group {
                    None if digits <= 3 => {}
                    Some(3) => {}
                    _ => return None,
                }
                group = Some(0);
            } else {
                return None;
            }
        }
        if digits == 0 || group.is_some_and(|g| g != 3) {
            return None;
        }
        let s = std::str::from_utf8(&buf[..n]).ok()?;
        Decimal::from_str(s).ok()
    }

    /// Whether `ch` is this format's digit group separator (a space also stands for no-break spaces).
    fn is_separator(&self, ch: char) -> bool {
        self.thousands != 0
            && (ch == self.thousands as char || (self.thousands == b' ' && is_space_like(ch)))
    }

    /// A guess at what the user meant, for the hint of a failed parse. Each guess is checked against
    /// the source's own format, so a hint never asks for a setting the source already has.
    pub fn suggest(&self, cell: &str) -> Option<String> {
        let cell = cell.trim();
        let body = cell
            .strip_prefix('(')
            .and_then(|c| c.strip_suffix(')'))
            .unwrap_or(cell);
        // a character that has no place in an amount: name it rather than guess at the format
        let stray = |c: &char| {
            !(c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | ',' | '\'') || is_space_like(*c))
        };
        if body.chars().any(|c| c.is_ascii_digit()) {
            if let Some(c) = body.chars().find(stray) {
                if c == '\n' || c == '\r' {
                    return Some("the cell runs over a line end: a quote (\") opened before it may not be closed".into());
                }
                // a character the reader cannot see (a tab, a thin space) is shown escaped
                let shown = if c.is_control() || c.is_whitespace() {
                    format!("{c:?}")
                } else {
                    format!("`{c}`")
                };
                return Some(format!(
                    "{shown} is not part of a number: write the amount alone, such as {}",
                    self.example()
                ));
            }
        }
        let last = body.rfind([',', '.']).map(|i| body.as_bytes()[i]);
        match (body.contains(','), body.contains('.'), last) {
            (true, true, Some(b',')) if self.decimal_mark != b',' => {
                return Some("this looks like a decimal comma with '.' grouping: set decimal_mark = \",\" and thousands = \".\"".into());
            }
            (true, true, Some(b'.')) if self.decimal_mark != b'.' => {
                return Some("this looks like a decimal point with ',' grouping: set decimal_mark = \".\" and thousands = \",\"".into());
            }
            (true, false, _) if self.decimal_mark != b',' && self.thousands != b',' => {
                return Some(
                    "this looks like a decimal comma: set decimal_mark = \",\" for this source"
                        .into(),
                );
            }
            (false, true, _) if self.decimal_mark != b'.' && self.thousands != b'.' => {
                return Some("this looks like a decimal point: set decimal_mark = \".\" (or thousands = \".\") for this source".into());
            }
            _ => {}
        }
        // the decimal mark is right (or absent): are the digits grouped with another separator?
        let used = body
            .chars()
            .filter(|c| is_space_like(*c) || matches!(c, '\'' | '.' | ','))
            .find(|c| !self.is_separator(*c) && *c != self.decimal_mark as char);
        if let Some(g) = used {
            let g = if is_space_like(g) { ' ' } else { g };
            let instead = match self.thousands {
                0 => String::new(),
                t => format!(", not '{}'", t as char),
            };
            return Some(format!(
                "digits are grouped with '{g}'{instead}: set thousands = \"{g}\" for this source"
            ));
        }
        if body.chars().any(|c| self.is_separator(c)) {
            return Some(format!(
                "after the first digit group, each group has exactly three digits (such as {}): the amount may be cut off or mistyped",
                self.example()
            ));
        }
        // nothing more precise to say; an example in the source's own format, where it differs
        (*self != NumberFormat::default())
            .then(|| format!("write an amount such as {}", self.example()))
    }

    /// 1234567.89 written as this format writes it, for hints: `1 234 567,89`.
    fn example(&self) -> String {
        let mark = self.decimal_mark as char;
        match self.thousands {
            0 => format!("1234567{mark}89"),
            t => {
                let t = t as char;
                format!("1{t}234{t}567{mark}89")
            }
        }
    }
}

/// Spaces that spreadsheet programs write between digit groups.
fn is_space_like(ch: char) -> bool {
    ch == ' ' || ch == '\u{a0}' || ch == '\u{202f}'
}

/// How amounts are rounded to the currency's minor unit (rule 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    HalfAwayFromZero,
    HalfEven,
    /// Toward zero: the digits beyond the minor unit are dropped (2.349 -> 2.34, -2.349 -> -2.34).
    Down,
    /// Away from zero: any digit beyond the minor unit rounds up (2.341 -> 2.35, -2.341 -> -2.35).
    Up,
}

impl Rounding {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "half-away-from-zero" | "half-up" => Some(Rounding::HalfAwayFromZero),
            "half-even" | "bankers" => Some(Rounding::HalfEven),
            "down" => Some(Rounding::Down),
            "up" => Some(Rounding::Up),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rounding::HalfAwayFromZero => "half-away-from-zero",
            Rounding::HalfEven => "half-even",
            Rounding::Down => "down",
            Rounding::Up => "up",
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
            Rounding::Down => RoundingStrategy::ToZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
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

/// A number as plans write it: `8`, `0.08` or a string such as `"8%"` or `"1234.56"`.
impl schemars::JsonSchema for Lit {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number (8, 0.08) or a string (\"8%\", \"1234.56\")",
            "type": ["number", "string"]
        })
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

    fn french() -> NumberFormat {
        NumberFormat {
            decimal_mark: b',',
            thousands: b' ',
        }
    }

    /// Regression (issue 13, item 3): with `thousands = " "`, a cut-off `10 054,80` read as 1005 and a
    /// mistyped `35 94,00` as 3594. Groups after the first have exactly three digits.
    #[test]
    fn a_cut_off_or_mistyped_digit_group_is_refused() {
        let f = french();
        assert_eq!(f.parse("10 05"), None);
        assert_eq!(f.parse("35 94,00"), None);
        assert_eq!(f.parse("10 054,80"), Some(d("10054.80")));
        assert_eq!(f.parse("3 594,00"), Some(d("3594.00")));
    }

    #[test]
    fn digit_groups_follow_the_first_one_in_threes() {
        let f = french();
        assert_eq!(f.parse("1 234 567,89"), Some(d("1234567.89")));
        assert_eq!(f.parse("12 345"), Some(d("12345")));
        assert_eq!(f.parse("(1 234,5)"), Some(d("-1234.5")));
        assert_eq!(f.parse("-123 456"), Some(d("-123456")));
        // ungrouped digits are still read
        assert_eq!(f.parse("1234567,89"), Some(d("1234567.89")));
        // a first group of more than three digits, a short or long later group, an empty group
        assert_eq!(f.parse("1234 567"), None);
        assert_eq!(f.parse("1 234 56"), None);
        assert_eq!(f.parse("1 2345"), None);
        assert_eq!(f.parse("1  234"), None);
        assert_eq!(f.parse("1 234 ,5"), None);
        // a point-decimal source grouped with commas: `1,23` is not 123
        let us = NumberFormat {
            decimal_mark: b'.',
            thousands: b',',
        };
        assert_eq!(us.parse("1,234.5"), Some(d("1234.5")));
        assert_eq!(us.parse("1,23"), None);
        assert_eq!(us.parse("1,23.45"), None);
        // grouping is not checked where there is none to check: the fraction takes any length
        assert_eq!(us.parse("1,234.56789"), Some(d("1234.56789")));
    }

    /// Regression (issue 13, item 13): `3.594,00` in a decimal-comma source said "write an amount such
    /// as 1234.56"; the digits are grouped with '.', so that is what the hint says.
    #[test]
    fn a_dot_grouped_amount_in_a_decimal_comma_source_hints_at_the_grouping() {
        let f = french();
        assert_eq!(f.parse("3.594,00"), None);
        assert_eq!(
            f.suggest("3.594,00").as_deref(),
            Some("digits are grouped with '.', not ' ': set thousands = \".\" for this source")
        );
        let ungrouped = NumberFormat {
            decimal_mark: b',',
            thousands: 0,
        };
        assert_eq!(
            ungrouped.suggest("3.594,00").as_deref(),
            Some("digits are grouped with '.': set thousands = \".\" for this source")
        );
    }

    /// Regression (issue 13, item 13): a bad character inside an amount said "set thousands" when
    /// thousands was already set. It names the character.
    #[test]
    fn a_stray_character_in_an_amount_is_named_not_blamed_on_thousands() {
        let f = french();
        assert_eq!(f.parse("1 234,50 €"), None);
        assert_eq!(
            f.suggest("1 234,50 €").as_deref(),
            Some("`€` is not part of a number: write the amount alone, such as 1 234 567,89")
        );
        assert_eq!(
            f.suggest("12 3O4").as_deref(),
            Some("`O` is not part of a number: write the amount alone, such as 1 234 567,89")
        );
        assert_eq!(
            f.suggest("12\u{2009}304").as_deref(),
            Some(
                "'\\u{2009}' is not part of a number: write the amount alone, such as 1 234 567,89"
            )
        );
    }

    /// Found by fuzzing the deals file: a quote left open makes a cell run over several lines, and
    /// the hint named a raw line break as the stray character, printed as a line end.
    #[test]
    fn an_amount_that_runs_over_a_line_end_hints_at_an_open_quote() {
        let hint = french()
            .suggest("1 012,40\nOPP-24-00115;emma.durand")
            .unwrap();
        assert!(!hint.contains('\n'), "{hint}");
        assert!(hint.contains("quote"), "{hint}");
    }

    #[test]
    fn a_wrong_digit_group_hints_at_groups_of_three() {
        let f = french();
        let hint = f.suggest("10 05").unwrap();
        assert!(hint.contains("exactly three digits"), "{hint}");
        assert!(hint.contains("1 234 567,89"), "{hint}");
    }

    #[test]
    fn hints_never_ask_for_the_settings_a_source_already_has() {
        for m in [b'.', b','] {
            for t in [0, b' ', b'.', b',', b'\''] {
                if m == t {
                    continue;
                }
                let f = NumberFormat {
                    decimal_mark: m,
                    thousands: t,
                };
                for cell in [
                    "3.594,00",
                    "3,594.00",
                    "10 05",
                    "1'23",
                    "12,5",
                    "12.5",
                    "1 234 €",
                    "x",
                ] {
                    if f.parse(cell).is_some() {
                        continue;
                    }
                    let hint = f.suggest(cell).unwrap_or_default();
                    let asks_mark = format!("decimal_mark = \"{}\"", m as char);
                    let asks_group = format!("set thousands = \"{}\"", t as char);
                    assert!(!hint.contains(&asks_mark), "{cell:?} with {f:?}: {hint}");
                    assert!(
                        t == 0 || !hint.contains(&asks_group),
                        "{cell:?} with {f:?}: {hint}"
                    );
                }
            }
        }
    }

    /// Digit groups written as `sizes` (the first group's size, then each later one's) with separator
    /// `t`, decimal mark `m` and fraction `frac`; and the number they spell.
    fn grouped(sizes: &[usize], t: char, m: char, frac: &str) -> (String, Decimal) {
        let mut text = String::new();
        let mut digits = String::new();
        for (k, size) in sizes.iter().enumerate() {
            if k > 0 {
                text.push(t);
            }
            for j in 0..*size {
                // a leading 1 so that no group is all zeros by accident of the generator
                let c = if k == 0 && j == 0 {
                    '1'
                } else {
                    char::from(b'0' + ((k + j) % 10) as u8)
                };
                text.push(c);
                digits.push(c);
            }
        }
        if !frac.is_empty() {
            text.push(m);
            text.push_str(frac);
            digits.push('.');
            digits.push_str(frac);
        }
        (text, d(&digits))
    }

    proptest::proptest! {
        /// A number written with correct grouping reads back exactly; any other grouping is refused.
        #[test]
        fn grouped_numbers_read_back_exactly_and_wrong_groups_are_refused(
            first in 1usize..6,
            later in proptest::collection::vec(0usize..6, 0..5),
            format in 0usize..4,
            frac in "[0-9]{0,4}",
        ) {
            let sizes: Vec<usize> = std::iter::once(first).chain(later).collect();
            let (m, t) = [(',', ' '), ('.', ','), (',', '.'), ('.', '\'')][format];
            let f = NumberFormat { decimal_mark: m as u8, thousands: t as u8 };
            // a cell is trimmed: trailing empty groups of a space-grouped integer are no groups
            proptest::prop_assume!(!(t == ' ' && frac.is_empty() && sizes.len() > 1 && sizes.ends_with(&[0])));
            let (text, value) = grouped(&sizes, t, m, &frac);
            let well_grouped = sizes.len() == 1 || (sizes[0] <= 3 && sizes[1..].iter().all(|s| *s == 3));
            if well_grouped {
                proptest::prop_assert_eq!(f.parse(&text), Some(value), "{:?}", text);
            } else {
                proptest::prop_assert_eq!(f.parse(&text), None, "{:?}", text);
                proptest::prop_assert!(f.suggest(&text).is_some(), "{:?}", text);
            }
        }
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

#[cfg(test)]
mod rounding_tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn at(rounding: Rounding, x: &str) -> String {
        Money {
            minor_unit: 2,
            rounding,
        }
        .round(d(x))
        .to_string()
    }

    /// Issue 14's example, in the order half-away-from-zero, half-even, down, up: 0.5% of 469.00 is
    /// 2.345; a third of 100.00 is 33.333...
    #[test]
    fn the_four_modes() {
        let modes = [
            Rounding::HalfAwayFromZero,
            Rounding::HalfEven,
            Rounding::Down,
            Rounding::Up,
        ];
        let half_cent = d("469.00") * d("0.005");
        assert_eq!(half_cent, d("2.345"));
        let third = d("100.00") / d("3");
        let got: Vec<(String, String)> = modes
            .iter()
            .map(|m| (at(*m, &half_cent.to_string()), at(*m, &third.to_string())))
            .collect();
        let want = [
            ("2.35", "33.33"),
            ("2.34", "33.33"),
            ("2.34", "33.33"),
            ("2.35", "33.34"),
        ];
        for ((g1, g2), (w1, w2)) in got.iter().zip(want) {
            assert_eq!((g1.as_str(), g2.as_str()), (w1, w2));
        }
        // toward zero and away from zero on a negative amount (a credit note)
        assert_eq!(at(Rounding::Down, "-2.349"), "-2.34");
        assert_eq!(at(Rounding::Up, "-2.341"), "-2.35");
        // a whole amount is not moved by any mode
        assert_eq!(at(Rounding::Up, "7"), "7.00");
        for m in modes {
            assert_eq!(Rounding::parse(m.name()), Some(m));
        }
    }
}
