//! Every CSV comp writes goes through this writer. A text cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a payee named
//! `=HYPERLINK(...)`, a record id `+33...`) is written with a leading `'`, as OWASP advises for CSV
//! injection; a number (`-80.00`, `+5`, `12.5%`) is never touched, so amounts stay amounts.

use std::borrow::Cow;
use std::io::{self, Write};

/// A CSV writer whose text cells are neutralised ([`neutral`]).
pub struct Writer<W: Write>(::csv::Writer<W>);

impl<W: Write> Writer<W> {
    pub fn from_writer(out: W) -> Self {
        Writer(::csv::Writer::from_writer(out))
    }

    pub fn write_record<I, T>(&mut self, record: I) -> ::csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.0
            .write_record(record.into_iter().map(|c| neutral(c.as_ref()).into_owned()))
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// A cell as written: with a leading `'` when it is text a spreadsheet would read as a formula.
pub fn neutral(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A signed decimal, possibly a percentage: what comp writes for amounts, rates and ratios.
fn is_number(cell: &str) -> bool {
    let n = cell.strip_suffix('%').unwrap_or(cell);
    let n = n.strip_prefix('+').unwrap_or(n);
    n.parse::<rust_decimal::Decimal>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::neutral;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-80.00", "-80.00"),
            ("+5", "+5"),
            ("-12.5%", "-12.5%"),
            ("0.00", "0.00"),
            ("ae-01", "ae-01"),
            ("", ""),
            ("-", "'-"),
        ] {
            assert_eq!(neutral(cell), written, "{cell:?}");
        }
    }
}
