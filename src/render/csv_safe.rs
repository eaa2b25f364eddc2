//! Every CSV comp writes goes through this writer. A text cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a payee named
//! `=HYPERLINK(...)`, a record id `+33...`) is written with a leading `'`, as OWASP advises for CSV
//! injection; a number (`-80.00`, `+5`, `12.5%`) is never touched, so amounts stay amounts.
//!
//! The writer also keeps the [`CsvStyle`] (comp.toml's `[output]`, `--csv-delimiter`,
//! `--decimal-comma`): the delimiter, and in the columns a renderer declares as numbers
//! ([`Writer::numbers`]) `,` as the decimal mark. Only those columns: an id such as `12.5` is text
//! and stays as written.

pub use comp_core::csv_style::CsvStyle;
use std::borrow::Cow;
use std::io::{self, Write};

/// A CSV writer whose text cells are neutralised ([`neutral`]), in a [`CsvStyle`].
pub struct Writer<W: Write> {
    csv: ::csv::Writer<W>,
    decimal_comma: bool,
    /// The columns (from 0) that hold numbers, for the decimal mark.
    numbers: Vec<usize>,
}

impl<W: Write> Writer<W> {
    /// comp's own CSV: `,` between fields, `.` in numbers.
    pub fn from_writer(out: W) -> Self {
        Writer::new(out, CsvStyle::default())
    }

    pub fn new(out: W, style: CsvStyle) -> Self {
        Writer {
            csv: ::csv::WriterBuilder::new()
                .delimiter(style.delimiter)
                .from_writer(out),
            decimal_comma: style.decimal_comma,
            numbers: Vec::new(),
        }
    }

    /// Declares which columns hold numbers: with a decimal comma, their numbers are written `1,5`.
    pub fn numbers(mut self, columns: &[usize]) -> Self {
        self.numbers = columns.to_vec();
        self
    }

    pub fn write_record<I, T>(&mut self, record: I) -> ::csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let cells = record.into_iter().enumerate().map(|(i, c)| {
            let c = c.as_ref();
            if self.decimal_comma && self.numbers.contains(&i) && is_number(c) {
                c.replace('.', ",")
            } else {
                neutral(c).into_owned()
            }
        });
        self.csv.write_record(cells)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.csv.flush()
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
    use super::{neutral, CsvStyle, Writer};

    #[test]
    fn decimal_comma_only_in_number_columns() {
        let style = CsvStyle {
            delimiter: b';',
            decimal_comma: true,
        };
        let mut w = Writer::new(Vec::new(), style).numbers(&[1, 2]);
        w.write_record(["id", "amount", "rate"]).unwrap();
        w.write_record(["12.5", "-1234.50", "=1.5"]).unwrap();
        w.write_record(["a;b", "", "12.5%"]).unwrap();
        w.flush().unwrap();
        let text = String::from_utf8(w.csv.into_inner().unwrap()).unwrap();
        assert_eq!(
            text,
            "id;amount;rate\n12.5;-1234,50;'=1.5\n\"a;b\";;12,5%\n"
        );
    }

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
