//! Spreadsheet sources (`file = "export.xlsx"`, also .xlsm, .xls and .ods), read with calamine
//! into [`Rows`]: the same row logic as CSV then maps, types and filters them.
//!
//! Each cell's value is written as text in the source's own formats, so a spreadsheet and its CSV
//! export read the same: a number with the source's decimal mark and no grouping, a date cell (or
//! a bare serial number in a date column) with its `date_format`, text as it is. Each cell keeps
//! its place, `deals.xlsx!Opportunités!G14`, for errors to point at; a cell holding an Excel
//! error (`#N/A`, `#DIV/0!`) is an error there.

use crate::input::{Cell, Input, Row, Rows};
use calamine::{open_workbook_auto, Data, Reader};
use chrono::{Duration, NaiveDate};
use comp_core::diag::{Diagnostic, Invalid, Location};
use comp_core::workspace::{FieldType, Source};
use std::path::PathBuf;
use std::sync::Arc;

/// The rows of a spreadsheet source's sheet, under its header row.
pub fn read(source: &Source) -> Result<Input, Invalid> {
    let sheet = source.sheet.clone().unwrap_or(comp_core::workspace::Sheet {
        name: None,
        header_row: 1,
    });
    let file = &source.file;
    let fail = |message: String, hint: &str| {
        Invalid(vec![Diagnostic::new(message)
            .at(source.file_loc.clone())
            .hint(hint.to_string())])
    };
    let mut book = open_workbook_auto(file).map_err(|e| {
        fail(
            format!("cannot read spreadsheet {}: {e}", file.display()),
            "comp reads .xlsx, .xlsm, .xls and .ods files",
        )
    })?;
    let names = book.sheet_names();
    let name = match &sheet.name {
        Some(n) => n.clone(),
        None => names.first().cloned().ok_or_else(|| {
            fail(
                format!("{} has no sheet", file.display()),
                "save it with a sheet of data",
            )
        })?,
    };
    if !names.contains(&name) {
        return Err(fail(
            format!("{} has no sheet `{name}`", file.display()),
            &format!("its sheets: {}", names.join(", ")),
        ));
    }
    let range = book.worksheet_range(&name).map_err(|e| {
        fail(
            format!("cannot read sheet `{name}` of {}: {e}", file.display()),
            "check the file opens in a spreadsheet program",
        )
    })?;
    let book_name = PathBuf::from(format!("{}!{name}", file.display()));
    // calamine's range starts at its first used cell: places are counted from the sheet's A1
    let (top, left) = range.start().unwrap_or((0, 0));
    let header_at = sheet.header_row - 1;
    if header_at < top || header_at - top >= range.height() as u32 {
        return Err(fail(
            format!(
                "sheet `{name}` of {} has nothing in its header row {}",
                file.display(),
                sheet.header_row
            ),
            "set header_row to the row of the column names",
        ));
    }
    let mut rows = range.rows().skip((header_at - top) as usize);
    let header: Vec<String> = rows
        .next()
        .expect("the header row is in the range")
        .iter()
        .map(|c| c.to_string().trim().to_string())
        .collect();
    // the date fields' columns: a bare number there is an Excel serial date
    let dates: Vec<bool> = header
        .iter()
        .map(|h| {
            source
                .fields
                .iter()
                .any(|f| f.ty == FieldType::Date && f.header == *h)
        })
        .collect();
    let decimal_mark = source.format.number.decimal_mark as char;
    let columns = header.len();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, cells) in rows.enumerate() {
        // one-based, as a spreadsheet numbers its rows
        let sheet_row = header_at + 2 + i as u32;
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        let at = Location {
            file: book_name.clone(),
            line: sheet_row as usize,
            col: 1,
            snippet: None,
        };
        let mut row = Vec::with_capacity(columns);
        for (j, value) in cells.iter().enumerate().take(columns) {
            let text = match text(value, dates[j], decimal_mark, &source.format.date_format) {
                Ok(t) => t,
                Err(what) => {
                    errors.push(
                        Diagnostic::new(format!("{what} in a cell of `{}`", header[j]))
                            .at(cell_place(&at, left + j as u32))
                            .hint("fix the cell in the spreadsheet, or leave it empty"),
                    );
                    String::new()
                }
            };
            // the cell's name is made from the row's place when a problem needs it
            row.push(Cell { text, at: None });
        }
        out.push(Row { cells: row, at });
    }
    if !errors.is_empty() {
        return Err(Invalid(errors));
    }
    Ok(Input::Rows(Arc::new(Rows {
        name: book_name,
        header,
        rows: out,
        sheet_left: Some(left),
    })))
}

/// A sheet cell's place: its name alone (`deals.xlsx!Opportunités!G14`), from its row's place
/// (the book and sheet, and the row's number) and its sheet column (0 is A).
pub(crate) fn cell_place(row: &Location, column: u32) -> Location {
    Location {
        file: PathBuf::from(format!(
            "{}!{}{}",
            row.file.display(),
            column_name(column),
            row.line
        )),
        // a cell's place is its name alone: no line and column after it
        line: 0,
        col: 0,
        snippet: None,
    }
}

/// A cell's value as the source's CSV would write it.
fn text(value: &Data, date: bool, decimal_mark: char, date_format: &str) -> Result<String, String> {
    let as_date = |d: NaiveDate| d.format(date_format).to_string();
    Ok(match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) if date => serial_date(*i as f64).map_or(i.to_string(), as_date),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if date => serial_date(*f).map_or(f.to_string(), as_date),
        // the shortest text that reads back as the same number; never an exponent
        Data::Float(f) if decimal_mark == '.' => f.to_string(),
        Data::Float(f) => f.to_string().replace('.', &decimal_mark.to_string()),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => as_date(t.date()),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) => match s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()) {
            Some(d) => as_date(d),
            None => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the Excel error `{e}`")),
    })
}

/// An Excel serial date (days since 1899-12-30, the 1900 system) as a date.
fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// A column's letters: 0 -> A, 25 -> Z, 26 -> AA.
fn column_name(mut index: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_does() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(6), "G");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
    }

    #[test]
    fn cells_read_as_the_csv_writes_them() {
        let t = |v: &Data, date: bool| text(v, date, ',', "%d/%m/%Y").unwrap();
        assert_eq!(t(&Data::Float(12500.5), false), "12500,5");
        assert_eq!(t(&Data::Float(12500.0), false), "12500");
        assert_eq!(t(&Data::Int(3), false), "3");
        // 45382 is 2024-03-31 in the 1900 date system
        assert_eq!(t(&Data::Float(45382.0), true), "31/03/2024");
        assert_eq!(t(&Data::String("Gagnée".into()), false), "Gagnée");
        assert!(text(&Data::Error(calamine::CellErrorType::NA), false, '.', "%Y").is_err());
    }
}
