//! Where a record or a cell is, for diagnostics: its line's text with the cell's column, read
//! back from the input (a file, bytes in memory) or taken from a row in memory's own place.
//! Only runs when a place is wanted (an error, a payee's or a quota's line), so the hot path
//! keeps no copy of the raw text.

use crate::input::{Input, Text};
use comp_core::diag::{Diagnostic, Location};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

/// The longest stretch read back to find a record's line.
const LONGEST: u64 = 1 << 20;

/// A csv crate error (wrong field count, bad quoting, I/O) as a diagnostic with its position.
pub fn csv_error(input: &Input, e: csv::Error) -> Diagnostic {
    csv_error_at(input, e, 0)
}

/// [`csv_error`] for a reader that numbered lines from a later point of the input: `line_shift`
/// is added to the error's line (its byte offset is the input's already).
pub fn csv_error_at(input: &Input, e: csv::Error, line_shift: u64) -> Diagnostic {
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
        csv::ErrorKind::Io(err) => format!("cannot read {}: {}", input.name().display(), err),
        _ => e.to_string(),
    };
    let mut d = Diagnostic::new(message);
    if let Some(pos) = pos {
        let loc = locate_cell(input, Some(&pos), 0, b',');
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

/// The place of a record's cell: for text, its line (read back at the record's byte offset) and
/// the cell's column and width; for a row in memory, the cell's place or the row's.
pub fn locate_cell(
    input: &Input,
    pos: Option<&csv::Position>,
    column: usize,
    delimiter: u8,
) -> Location {
    let line = pos.map_or(0, |p| p.line() as usize);
    let loc = Location {
        file: input.name().to_path_buf(),
        line,
        col: 1,
        snippet: None,
    };
    let Some(pos) = pos else { return loc };
    match input {
        Input::Rows(rows) => rows.place(pos.record() as usize, column).unwrap_or(loc),
        Input::Text(Text::Memory { bytes, .. }) => {
            let from = bytes.get(pos.byte() as usize..).unwrap_or(&[]);
            locate_from(loc, from, column, delimiter)
        }
        Input::Text(text) => {
            let reader = text.open().and_then(|mut r| {
                r.seek(SeekFrom::Start(pos.byte()))?;
                Ok(BufReader::new(r.take(LONGEST)))
            });
            match reader {
                Ok(r) => locate_from(loc, r, column, delimiter),
                Err(_) => loc,
            }
        }
    }
}

/// [`locate_cell`] for a record known by its line only (a problem found after reading, when
/// the rows kept their lines): the first record on that line.
pub fn locate_line(input: &Input, line: u64, column: usize, delimiter: u8) -> Location {
    let mut pos = csv::Position::new();
    pos.set_line(line);
    match input {
        Input::Rows(rows) => {
            let index = rows.rows.iter().position(|r| r.at.line as u64 == line);
            pos.set_record(index.unwrap_or(usize::MAX) as u64);
        }
        Input::Text(text) => {
            let start = text
                .open()
                .ok()
                .and_then(|r| line_start(BufReader::new(r), line));
            match start {
                Some(byte) => pos.set_byte(byte),
                None => return locate_cell(input, None, column, delimiter),
            };
        }
    }
    locate_cell(input, Some(&pos), column, delimiter)
}

/// The byte offset where line `line` (from 1) starts: after the line feed that ends the line
/// before (the csv crate counts lines by line feeds, inside quotes too).
fn line_start(mut text: impl BufRead, line: u64) -> Option<u64> {
    let (mut at, mut current) = (0u64, 1u64);
    while current < line {
        let buf = text.fill_buf().ok()?;
        if buf.is_empty() {
            return None;
        }
        let n = buf.len();
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                at += i as u64 + 1;
                current += 1;
                text.consume(i + 1);
            }
            None => {
                at += n as u64;
                text.consume(n);
            }
        }
    }
    Some(at)
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
    use crate::input::{Cell, Row, Rows};
    use std::path::Path;
    use std::sync::Arc;

    fn at(line: usize, col: usize) -> Location {
        Location {
            file: "expect/cases.toml".into(),
            line,
            col,
            snippet: None,
        }
    }

    #[test]
    fn a_cell_of_text_in_memory_is_placed_under_its_column() {
        let input = Input::memory(Path::new("roster.csv"), &b"name;payee\nAda;ae-01\n"[..]);
        let mut pos = csv::Position::new();
        pos.set_byte(11).set_line(2);
        let loc = locate_cell(&input, Some(&pos), 1, b';');
        assert_eq!((loc.line, loc.col), (2, 5));
        assert_eq!(loc.snippet, Some(("Ada;ae-01".to_string(), 5)));
        assert_eq!(locate_line(&input, 2, 1, b';'), loc);
    }

    #[test]
    fn a_cell_of_a_row_in_memory_is_at_its_own_place_or_the_rows() {
        let row = Row {
            cells: vec![
                Cell {
                    text: "case".into(),
                    at: None,
                },
                Cell {
                    text: "12".into(),
                    at: Some(at(7, 20)),
                },
            ],
            at: at(7, 1),
        };
        let input = Input::Rows(Arc::new(Rows {
            name: "expect/cases.toml".into(),
            header: vec!["payee".into(), "amount".into()],
            rows: vec![row],
            sheet_left: None,
        }));
        let mut pos = csv::Position::new();
        pos.set_line(7).set_record(0);
        assert_eq!(locate_cell(&input, Some(&pos), 1, b','), at(7, 20));
        assert_eq!(locate_cell(&input, Some(&pos), 0, b','), at(7, 1));
        assert_eq!(locate_line(&input, 7, 1, b','), at(7, 20));
    }
}
