//! Reading one source: headers matched to the mapping, cells parsed with the source's conventions,
//! and every failure reported with the file, line, column and value.

use crate::cells::Cells;
use crate::chunks::{self, End, Flow};
use crate::errors::Errors;
use crate::input::Input;
use crate::place::{csv_error, locate_cell, locate_line};
use chrono::{Datelike, NaiveDate};
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::workspace::{Field, FieldType, Source, ValueMap};
use rust_decimal::Decimal;

/// The first year a date of a source may have: an earlier one is a two-digit year (`24`) read by
/// a four-digit format, or a typo.
pub const MIN_YEAR: i32 = 1900;

/// A source's input whose mapped fields have been found among its headers.
pub struct CsvInput<'s> {
    pub source: &'s Source,
    pub input: &'s Input,
    /// For each field of the source, the column index in the input (None: an optional field absent).
    pub columns: Vec<Option<usize>>,
    pub headers: csv::ByteRecord,
    /// For each field of the source, its value mapping as cells meet it.
    maps: Vec<Option<CellMap<'s>>>,
}

/// A field's value mapping as raw bytes: a handful of entries, scanned in order without hashing
/// or a UTF-8 check, and the catch-all.
struct CellMap<'s> {
    pairs: Vec<(&'s [u8], &'s str)>,
    other: Option<&'s str>,
    map: &'s ValueMap,
}

/// What a field's value mapping makes of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped<'s> {
    /// The field has no mapping: the cell is its value.
    Unmapped,
    /// The value the mapping (or its catch-all) gives.
    To(&'s str),
    /// A value the mapping does not name, and it has no catch-all: an error at the cell.
    Missing,
}

/// What to say about bytes that are not UTF-8: the `encoding` that reads them, when they look
/// like one comp knows.
pub fn encoding_hint(source: &str, bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        format!("the file looks UTF-16: set encoding = \"utf-16\" in [sources.{source}]")
    } else if crate::input::looks_windows_1252(bytes) {
        format!(
            "the bytes look like windows-1252 (Excel's \"CSV\" in Western Europe): set encoding = \"windows-1252\" in [sources.{source}], or save the export as CSV UTF-8"
        )
    } else {
        "save the export as UTF-8 (CSV UTF-8 in spreadsheet programs), or set the source's encoding"
            .to_string()
    }
}

/// A source's input that cannot be read (a file that is not there).
pub fn unreadable(source: &Source, input: &Input, e: std::io::Error) -> Diagnostic {
    Diagnostic::new(format!("cannot read {}: {}", input.name().display(), e))
        .at(source.file_loc.clone())
        .hint("a source's file is relative to the folder of comp.toml")
}

/// The header of an input: a text's first record, or the rows' header.
fn headers(source: &Source, input: &Input) -> Result<csv::ByteRecord, Invalid> {
    let text = match input {
        Input::Rows(rows) => return Ok(csv::ByteRecord::from(rows.header.clone())),
        Input::Text(text) => text,
    };
    let file = text.open().map_err(|e| unreadable(source, input, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(source.format.delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(file);
    let headers = reader.byte_headers().map_err(|e| csv_error(input, e))?;
    Ok(headers.clone())
}

impl<'s> CsvInput<'s> {
    pub fn open(source: &'s Source, input: &'s Input) -> Result<Self, Invalid> {
        let headers = headers(source, input)?;
        // a header line that is not UTF-8 would read as names no column has: say why, where
        for (c, h) in headers.iter().enumerate() {
            if let Err(e) = std::str::from_utf8(h) {
                let mut at = locate_line(input, 1, c, source.format.delimiter);
                at.col +=
                    std::str::from_utf8(&h[..e.valid_up_to()]).map_or(0, |t| t.chars().count());
                at.snippet = None;
                let whole: Vec<u8> = headers.iter().flatten().copied().collect();
                return Err(Invalid(vec![Diagnostic::new(format!(
                    "the header line of {} is not UTF-8 (column {})",
                    input.name().display(),
                    c + 1
                ))
                .at(at)
                .hint(encoding_hint(&source.name, &whole))]));
            }
        }
        let names: Vec<String> = headers
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect();
        let mut columns = Vec::new();
        let mut diags = Vec::new();
        let other_delimiter = [b';', b',', b'\t', b'|'].into_iter().find(|d| {
            *d != source.format.delimiter && names.len() == 1 && names[0].as_bytes().contains(d)
        });
        if let Some(d) = other_delimiter {
            let shown = if d == b'\t' {
                "\\t".to_string()
            } else {
                (d as char).to_string()
            };
            return Err(Invalid(vec![Diagnostic::new(format!(
                "the header line of {} is one column: \"{}\"",
                input.name().display(),
                names[0]
            ))
            .at(Location {
                file: input.name().to_path_buf(),
                line: 1,
                col: 1,
                snippet: None,
            })
            .hint(format!(
                "it looks separated by \"{shown}\": set delimiter = \"{shown}\" in [sources.{}]",
                source.name
            ))]));
        }
        for f in &source.fields {
            let found = names.iter().position(|n| n == f.header.trim());
            // a column the user mapped must be there; a default header of an optional field may not be
            if found.is_none() && (f.required || f.mapped) {
                let shown: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                let d = Diagnostic::new(format!(
                    "{} has no column \"{}\" (field `{}` of source `{}`)",
                    input.name().display(),
                    f.header,
                    f.name,
                    source.name
                ))
                .at(f.loc.clone())
                .hint(format!(
                    "its header line has {}; map the field with columns = {{ {} = \"<header>\" }}",
                    shown.join(", "),
                    f.name
                ));
                diags.push(d);
            }
            // a header written twice: which column is meant cannot be told (the first won, rule 23)
            let again = found.and_then(|c| (c + 1..names.len()).find(|&o| names[o] == names[c]));
            if let (Some(c), Some(o)) = (found, again) {
                diags.push(
                    Diagnostic::new(format!(
                        "the header \"{}\" appears twice in {} (columns {} and {}), and field `{}` of source `{}` reads it",
                        names[c],
                        input.name().display(),
                        c + 1,
                        o + 1,
                        f.name,
                        source.name
                    ))
                    .at(locate_line(input, 1, o, source.format.delimiter))
                    .hint("comp cannot tell which column is meant: rename or remove one of them in the file"),
                );
            }
            columns.push(found);
        }
        if !diags.is_empty() {
            return Err(Invalid(diags));
        }
        let maps = source
            .fields
            .iter()
            .map(|f| {
                source.map_of(&f.name).map(|map| CellMap {
                    pairs: map
                        .values
                        .iter()
                        .map(|(k, v)| (k.as_bytes(), v.as_str()))
                        .collect(),
                    other: map.other.as_deref(),
                    map,
                })
            })
            .collect();
        Ok(CsvInput {
            source,
            input,
            columns,
            headers,
            maps,
        })
    }

    /// What the value mapping of `field` makes of a cell's raw bytes (blanks trimmed).
    pub fn mapped(&self, field: usize, raw: &[u8]) -> Mapped<'s> {
        match &self.maps[field] {
            None => Mapped::Unmapped,
            Some(m) => match m.pairs.iter().find(|(k, _)| *k == raw) {
                Some((_, v)) => Mapped::To(v),
                None => m.other.map_or(Mapped::Missing, Mapped::To),
            },
        }
    }

    /// The value of a text cell: its text through the field's value mapping. A value the mapping
    /// does not name (and no catch-all takes) is an error at the cell.
    pub fn value<'r, R: Cells + ?Sized>(
        &'r self,
        record: &'r R,
        field: usize,
    ) -> Result<&'r str, Diagnostic> {
        let text = self.text(record, field)?;
        match self.mapped(field, text.as_bytes()) {
            Mapped::Unmapped => Ok(text),
            Mapped::To(v) => Ok(v),
            Mapped::Missing => Err(self.not_mapped(record, field)),
        }
    }

    /// A cell that is not UTF-8: an error at its first bad byte, never a lossy read, with the
    /// encoding to set when the bytes look like a Western European export.
    fn not_utf8<R: Cells + ?Sized>(
        &self,
        record: &R,
        field: usize,
        bytes: &[u8],
        e: std::str::Utf8Error,
    ) -> Diagnostic {
        let mut d = self.bad_cell(record, field, "text that is not UTF-8");
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).map_or(0, |t| t.chars().count());
        if let Some(loc) = d.location.as_mut() {
            loc.col += good;
        }
        d.hint(encoding_hint(&self.source.name, bytes))
    }

    /// A cell whose value the field's mapping does not name: rather than a value no filter or
    /// measure keeps (a typo, `Gagnee` for `Gagnée`, would drop the deal), an error, with the
    /// closest value the mapping names. A cell that is not UTF-8 says so first.
    pub fn not_mapped<R: Cells + ?Sized>(&self, record: &R, field: usize) -> Diagnostic {
        let text = match self.text(record, field) {
            Ok(t) => t,
            Err(d) => return d,
        };
        let name = &self.source.fields[field].name;
        let Some(map) = self.maps[field].as_ref().map(|m| m.map) else {
            return self.bad_cell(record, field, "a value with no mapping");
        };
        let problem = match text {
            "" => format!("an empty value, which values.{name} does not map"),
            _ => format!("a value that values.{name} does not map"),
        };
        let raw = map.raw_values();
        let guess = match comp_core::toml_input::closest(text, raw.iter().copied()) {
            Some(best) if !text.is_empty() => format!("did you mean `{best}`? "),
            _ => String::new(),
        };
        let listed: Vec<String> = raw.iter().take(12).map(|r| format!("\"{r}\"")).collect();
        let more = match raw.len() {
            n if n > 12 => format!(" and {} more", n - 12),
            _ => String::new(),
        };
        self.bad_cell(record, field, &problem).hint(format!(
            "{guess}values.{name} ({}:{}) maps {}{more}; map this value there too, or every other value with \"*\" = \"<value>\"",
            map.loc.file.display(),
            map.loc.line,
            listed.join(", ")
        ))
    }

    /// The cell of a field in `record`, or None for an absent optional column.
    pub fn cell<'r, R: Cells + ?Sized>(&self, record: &'r R, field: usize) -> Option<&'r [u8]> {
        self.columns[field].and_then(|c| record.cell(c))
    }

    /// The location of a cell, with its line's text: read back from the input (from memory for
    /// an input read into memory), or the place of a row in memory.
    pub fn locate<R: Cells + ?Sized>(&self, record: &R, field: usize) -> Location {
        let column = self.columns[field].unwrap_or(0);
        locate_cell(
            self.input,
            record.position(),
            column,
            self.source.format.delimiter,
        )
    }

    /// A diagnostic about a cell: the problem, the value, and where it is.
    pub fn bad_cell<R: Cells + ?Sized>(
        &self,
        record: &R,
        field: usize,
        problem: &str,
    ) -> Diagnostic {
        let f: &Field = &self.source.fields[field];
        let value = self
            .cell(record, field)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        Diagnostic::new(format!(
            "{problem}: \"{value}\" in column \"{}\" (field `{}`)",
            f.header, f.name
        ))
        .at(self.locate(record, field))
    }

    /// A diagnostic for a cell that does not parse as its field's type, with a hint at the format.
    fn unreadable<R: Cells + ?Sized>(&self, record: &R, field: usize, problem: &str) -> Diagnostic {
        let f: &Field = &self.source.fields[field];
        let value = self
            .cell(record, field)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let d = self.bad_cell(record, field, problem);
        match f.ty {
            FieldType::Decimal => match self.source.format.number.suggest(&value) {
                Some(h) => d.hint(format!("{h} (source `{}` in comp.toml)", self.source.name)),
                None => d.hint("write an amount such as 1234.56"),
            },
            FieldType::Date => d.hint(format!(
                "source `{}` reads dates as \"{}\" (date_format in comp.toml)",
                self.source.name, self.source.format.date_format
            )),
            FieldType::Text => d,
        }
    }

    /// The text of a cell, which must be UTF-8 and on one line: a line break in a value comp reads
    /// means a quote opened in one row and closed in a later one, and the rows between would be
    /// read into this cell (their deals gone, this row's fields taken from the last of them).
    pub fn text<'r, R: Cells + ?Sized>(
        &self,
        record: &'r R,
        field: usize,
    ) -> Result<&'r str, Diagnostic> {
        let Some(b) = self.cell(record, field) else {
            return Ok("");
        };
        let text = std::str::from_utf8(b)
            .map(str::trim)
            .map_err(|e| self.not_utf8(record, field, b, e))?;
        if text.contains(['\n', '\r']) {
            return Err(self
                .bad_cell(record, field, "a value that runs over a line end")
                .hint("a quote (\") opens this cell and closes on a later line, so the rows between are read into it: close the quote where the value ends, or remove it"));
        }
        Ok(text)
    }

    pub fn decimal<R: Cells + ?Sized>(
        &self,
        record: &R,
        field: usize,
    ) -> Result<Option<Decimal>, Diagnostic> {
        let text = self.text(record, field)?;
        if text.is_empty() {
            return self.empty(record, field);
        }
        match self.source.format.number.parse(text) {
            Some(d) if d.abs() >= comp_core::num::LIMIT => Err(self
                .bad_cell(record, field, "a number too large for an amount")
                .hint("comp reads amounts below 10^15; check the column and the decimal mark")),
            Some(d) => Ok(Some(d)),
            None => Err(self.unreadable(record, field, "not a number")),
        }
    }

    pub fn date<R: Cells + ?Sized>(
        &self,
        record: &R,
        field: usize,
    ) -> Result<Option<NaiveDate>, Diagnostic> {
        // the common formats parse straight from the bytes, without a UTF-8 check
        let raw = self.raw(record, field);
        let format = &self.source.format.date_format;
        let date = match fast_date(raw, format) {
            Some(d) => d,
            None => {
                let text = self.text(record, field)?;
                if text.is_empty() {
                    return self.empty(record, field);
                }
                parse_date(text, format)
                    .ok_or_else(|| self.unreadable(record, field, "not a date"))?
            }
        };
        if date.year() < MIN_YEAR {
            return Err(self.early_year(record, field, date.year()));
        }
        Ok(Some(date))
    }

    /// A date whose year is before [`MIN_YEAR`]: `%Y` reads `24` as the year 24, so a two-digit
    /// year written under a four-digit format would put a deal of 2024 in the first century.
    fn early_year<R: Cells + ?Sized>(&self, record: &R, field: usize, year: i32) -> Diagnostic {
        let format = &self.source.format.date_format;
        let problem = match year {
            0..=99 => format!("a two-digit year ({year}) under \"{format}\""),
            _ => format!("a year before {MIN_YEAR} ({year})"),
        };
        let d = self.bad_cell(record, field, &problem);
        if format.contains("%Y") {
            d.hint(format!(
                "%Y reads four-digit years; if the export writes two, set date_format = \"{}\" in [sources.{}] (%y reads 24 as 2024)",
                format.replace("%Y", "%y"),
                self.source.name
            ))
        } else {
            d.hint("comp reads dates from 1900 on: check the year")
        }
    }

    /// The bytes of a cell with ASCII blanks trimmed (empty for an absent optional column).
    pub fn raw<'r, R: Cells + ?Sized>(&self, record: &'r R, field: usize) -> &'r [u8] {
        self.cell(record, field).map_or(&[], |b| b.trim_ascii())
    }

    fn empty<T, R: Cells + ?Sized>(
        &self,
        record: &R,
        field: usize,
    ) -> Result<Option<T>, Diagnostic> {
        if self.source.fields[field].required {
            Err(self
                .bad_cell(record, field, "an empty required value")
                .hint("every row needs this field; fill it in the export, or filter such rows out"))
        } else {
            Ok(None)
        }
    }
}

/// Parses a date, with fast paths for the two most common export formats; anything the fast path does
/// not take (padded or signed fields) goes to chrono, so both always agree.
pub fn parse_date(text: &str, format: &str) -> Option<NaiveDate> {
    fast_date(text.as_bytes(), format).or_else(|| NaiveDate::parse_from_str(text, format).ok())
}

fn fast_date(b: &[u8], format: &str) -> Option<NaiveDate> {
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    match format {
        "%Y-%m-%d" if b.len() == 10 && b[4] == b'-' && b[7] == b'-' => {
            NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)
        }
        "%d/%m/%Y" if b.len() == 10 && b[2] == b'/' && b[5] == b'/' => {
            NaiveDate::from_ymd_opt(num(&b[6..10])? as i32, num(&b[3..5])?, num(&b[0..2])?)
        }
        _ => None,
    }
}

/// Reads every row of a source's input with `row`, on this thread, collecting up to ten
/// problems. Rows are read as record sources are (`crate::chunks`): the fast path for quote-free
/// lines, and each row's own line for its diagnostics, in CRLF files too.
pub fn each_row<T>(
    source: &Source,
    input: &Input,
    mut row: impl FnMut(&CsvInput, &dyn Cells) -> Result<T, Diagnostic>,
) -> Result<Vec<T>, Invalid> {
    let csv = CsvInput::open(source, input)?;
    let mut errors = Errors::new();
    let mut out = Vec::new();
    let end = chunks::read_all(input, source.format.delimiter, |record| {
        match row(&csv, record) {
            Ok(v) => out.push(v),
            Err(d) => {
                if errors.push(d) {
                    return Flow::Stop;
                }
            }
        }
        Flow::Continue
    });
    if let End::Failed(d) = end {
        errors.push(d);
    }
    errors.finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_date_paths_agree_with_chrono() {
        for (t, f) in [("2024-02-29", "%Y-%m-%d"), ("29/02/2024", "%d/%m/%Y")] {
            assert_eq!(parse_date(t, f), NaiveDate::parse_from_str(t, f).ok());
        }
        assert_eq!(parse_date("31/02/2024", "%d/%m/%Y"), None);
        assert_eq!(parse_date("2024/02/29", "%Y-%m-%d"), None);
        assert_eq!(
            parse_date("02/29/2024", "%m/%d/%Y"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_date("ab/cd/efgh", "%d/%m/%Y"), None);
    }

    const FR: &str = r#"currency = "EUR"
plans = []
[sources.roster]
file = "roster.csv"
[sources.deals]
file = "deals.csv"
delimiter = ";"
date_format = "%d/%m/%Y"
columns = { id = "id", payee = "owner", date = "closed" }
"#;

    fn dates(csv: &str) -> Result<Vec<Option<NaiveDate>>, String> {
        let ws = crate::test_support::workspace(FR);
        let deals = crate::test_support::source(&ws, "deals");
        let date = deals.field("date").unwrap().0;
        crate::test_support::rows(deals, csv, |input, r| input.date(r, date))
            .map_err(|e| crate::test_support::shown(&e))
    }

    /// Item 2 of issue 13: `02/01/24` under `%d/%m/%Y` was the year 24, and the deal fell out of
    /// 2024. On the fast path (ten bytes: `02/01/0024`) and chrono's (`02/01/24`) alike.
    #[test]
    fn two_digit_years_under_a_four_digit_format_are_errors() {
        let e = dates("id;owner;closed\nD1;ae;02/01/24\n").unwrap_err();
        assert!(e.contains("a two-digit year (24)"), "{e}");
        assert!(e.contains("deals.csv:2:7"), "{e}");
        assert!(
            e.contains("date_format = \"%d/%m/%y\" in [sources.deals]"),
            "{e}"
        );
        let e = dates("id;owner;closed\nD1;ae;02/01/0024\n").unwrap_err();
        assert!(e.contains("a two-digit year (24)"), "{e}");
        let e = dates("id;owner;closed\nD1;ae;02/01/1024\n").unwrap_err();
        assert!(e.contains("a year before 1900 (1024)"), "{e}");
        assert_eq!(
            dates("id;owner;closed\nD1;ae;02/01/1900\nD2;ae;2/1/2024\n").unwrap(),
            vec![
                NaiveDate::from_ymd_opt(1900, 1, 2),
                NaiveDate::from_ymd_opt(2024, 1, 2)
            ]
        );
    }
}
