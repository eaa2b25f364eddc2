//! Reading one CSV source: headers matched to the mapping, cells parsed with the source's conventions,
//! and every failure reported with the file, line, column and value.

use chrono::NaiveDate;
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::workspace::{Field, FieldType, Source};
use rust_decimal::Decimal;
use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::Path;

/// The cells of one record and where it starts: a csv crate record, or a line the fast path split
/// in place (`crate::lines`).
pub trait Cells {
    /// The bytes of column `column`, None past the last.
    fn cell(&self, column: usize) -> Option<&[u8]>;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn position(&self) -> Option<&csv::Position>;
}

impl Cells for csv::ByteRecord {
    fn cell(&self, column: usize) -> Option<&[u8]> {
        self.get(column)
    }

    fn len(&self) -> usize {
        csv::ByteRecord::len(self)
    }

    fn position(&self) -> Option<&csv::Position> {
        csv::ByteRecord::position(self)
    }
}

/// An open CSV file whose mapped fields have been found among its headers.
pub struct CsvInput<'s> {
    pub source: &'s Source,
    /// For each field of the source, the column index in the file (None: an optional field absent).
    pub columns: Vec<Option<usize>>,
    pub headers: csv::ByteRecord,
}

impl<'s> CsvInput<'s> {
    pub fn open(source: &'s Source) -> Result<Self, Invalid> {
        let file = std::fs::File::open(&source.file).map_err(|e| {
            Diagnostic::new(format!("cannot read {}: {}", source.file.display(), e))
                .at(source.file_loc.clone())
                .hint("a source's file is relative to the folder of comp.toml")
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(source.format.delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(file);
        let headers = reader
            .byte_headers()
            .map_err(|e| csv_error(&source.file, e))?
            .clone();
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
                source.file.display(),
                names[0]
            ))
            .at(Location {
                file: source.file.clone(),
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
                    source.file.display(),
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
            columns.push(found);
        }
        if !diags.is_empty() {
            return Err(Invalid(diags));
        }
        Ok(CsvInput {
            source,
            columns,
            headers,
        })
    }

    /// The cell of a field in `record`, or None for an absent optional column.
    pub fn cell<'r, R: Cells + ?Sized>(&self, record: &'r R, field: usize) -> Option<&'r [u8]> {
        self.columns[field].and_then(|c| record.cell(c))
    }

    /// The file and line of a record, without reading the file again: for data kept to point at
    /// later (a payee's roster line), where re-reading every line would cost a file open per row.
    pub fn line_of<R: Cells + ?Sized>(&self, record: &R) -> Location {
        Location {
            file: self.source.file.clone(),
            line: record.position().map_or(0, |p| p.line() as usize),
            col: 1,
            snippet: None,
        }
    }

    /// The location of a cell, for diagnostics: reads the raw line back from the file.
    pub fn locate<R: Cells + ?Sized>(&self, record: &R, field: usize) -> Location {
        let column = self.columns[field].unwrap_or(0);
        locate_cell(
            &self.source.file,
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
        let text = std::str::from_utf8(b).map(str::trim).map_err(|_| {
            self.bad_cell(record, field, "text that is not UTF-8")
                .hint("save the export as UTF-8 (CSV UTF-8 in spreadsheet programs)")
        })?;
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
        if let Some(d) = fast_date(raw, &self.source.format.date_format) {
            return Ok(Some(d));
        }
        let text = self.text(record, field)?;
        if text.is_empty() {
            return self.empty(record, field);
        }
        parse_date(text, &self.source.format.date_format)
            .map(Some)
            .ok_or_else(|| self.unreadable(record, field, "not a date"))
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

/// Reads every row of a source with `row`, on this thread, collecting up to ten problems. Rows are
/// read as record sources are (`crate::chunks`): the fast path for quote-free lines, and each
/// row's own line for its diagnostics, in CRLF files too.
pub fn each_row<T>(
    source: &Source,
    mut row: impl FnMut(&CsvInput, &dyn Cells) -> Result<T, Diagnostic>,
) -> Result<Vec<T>, Invalid> {
    let input = CsvInput::open(source)?;
    let mut errors = crate::Errors::new();
    let mut out = Vec::new();
    let end = crate::chunks::read_all(&source.file, source.format.delimiter, |record| {
        match row(&input, record) {
            Ok(v) => out.push(v),
            Err(d) => {
                if errors.push(d) {
                    return crate::chunks::Flow::Stop;
                }
            }
        }
        crate::chunks::Flow::Continue
    });
    if let crate::chunks::End::Failed(d) = end {
        errors.push(d);
    }
    errors.finish(out)
}

/// A csv crate error (wrong field count, bad quoting, I/O) as a diagnostic with its position.
pub fn csv_error(path: &Path, e: csv::Error) -> Diagnostic {
    csv_error_at(path, e, 0)
}

/// [`csv_error`] for a reader that numbered lines from a later point of the file: `line_shift` is
/// added to the error's line (its byte offset is the file's already).
pub fn csv_error_at(path: &Path, e: csv::Error, line_shift: u64) -> Diagnostic {
    let pos = e.position().cloned().map(|mut p| {
        let line = p.line() + line_shift;
        p.set_line(line);
        p
    });
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields, the header has {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("text that is not UTF-8 in field {}", err.field() + 1)
        }
        csv::ErrorKind::Io(err) => format!("cannot read {}: {}", path.display(), err),
        _ => e.to_string(),
    };
    let mut d = Diagnostic::new(message);
    if let Some(pos) = pos {
        let loc = locate_cell(path, Some(&pos), 0, b',');
        d = d.at(Location {
            snippet: loc.snippet.map(|(t, _)| {
                let w = t.chars().count();
                (t, w)
            }),
            col: 1,
            ..loc
        });
        if matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
            d = d.hint("check the delimiter and quotes of this row; a field with the delimiter inside must be quoted");
        }
    }
    d
}

/// Finds a cell's line and column by re-reading the raw line at the record's byte offset. Only runs
/// when reporting an error, so the hot path keeps no copy of the raw text.
pub(crate) fn locate_cell(
    path: &Path,
    pos: Option<&csv::Position>,
    column: usize,
    delimiter: u8,
) -> Location {
    let line = pos.map_or(0, |p| p.line() as usize);
    let loc = Location {
        file: path.to_path_buf(),
        line,
        col: 1,
        snippet: None,
    };
    let Some(pos) = pos else { return loc };
    let Ok(mut file) = std::fs::File::open(path) else {
        return loc;
    };
    if file.seek(SeekFrom::Start(pos.byte())).is_err() {
        return loc;
    }
    locate_from(
        loc,
        std::io::BufReader::new((&mut file).take(1 << 20)),
        column,
        delimiter,
    )
}

/// [`locate_cell`] on the bytes of a file already in memory (`bytes` is the whole file).
pub(crate) fn locate_in_bytes(
    path: &Path,
    bytes: &[u8],
    pos: &csv::Position,
    column: usize,
    delimiter: u8,
) -> Location {
    let loc = Location {
        file: path.to_path_buf(),
        line: pos.line() as usize,
        col: 1,
        snippet: None,
    };
    let from = bytes.get(pos.byte() as usize..).unwrap_or(&[]);
    locate_from(loc, from, column, delimiter)
}

/// Fills in `loc` from the record's raw line, read from `lines` (which starts where the csv
/// crate places the record): its text, the cell's column and width.
fn locate_from(
    mut loc: Location,
    mut lines: impl BufRead,
    column: usize,
    delimiter: u8,
) -> Location {
    let mut raw = Vec::new();
    // the csv crate places a record after blank lines at the first of them, and in a CRLF file at
    // the line feed of the line before: the record's own line is the first that is not blank
    loop {
        raw.clear();
        match lines.read_until(b'\n', &mut raw) {
            Err(_) => return loc,
            Ok(_) if raw.ends_with(b"\n") && raw.iter().all(|b| matches!(b, b'\r' | b'\n')) => {
                loc.line += 1;
            }
            Ok(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&raw);
    let text = text.trim_end_matches(['\n', '\r']).to_string();
    // walk to the start of the column, honouring quotes
    let (mut start, mut end) = (0usize, text.len());
    let mut field = 0;
    let mut in_quotes = false;
    for (i, b) in text.bytes().enumerate() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delimiter && !in_quotes {
            if field == column {
                end = i;
                break;
            }
            field += 1;
            start = i + 1;
        }
    }
    if field < column {
        start = text.len();
        end = text.len();
    }
    loc.col = text[..start].chars().count() + 1;
    let width = text.get(start..end).map_or(1, |s| s.chars().count());
    loc.snippet = Some((text, width));
    loc
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
}
