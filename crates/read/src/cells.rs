//! The cells of one record, whatever read it: a csv crate record, a line the fast path split in
//! place (`crate::lines`), or a row held in memory (`crate::input::Rows`). The row logic of every
//! reader sees only this.

use crate::input::Row;

/// The cells of one record and where it starts.
pub trait Cells {
    /// The bytes of column `column`, None past the last.
    fn cell(&self, column: usize) -> Option<&[u8]>;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Where the record is: its line, and for text its byte offset (for rows in memory, the
    /// record number is the row's index).
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

/// A row in memory as cells: numbered by its index among the rows, on its own line.
pub struct RowCells<'a> {
    row: &'a Row,
    at: csv::Position,
}

impl<'a> RowCells<'a> {
    pub fn new(row: &'a Row, index: usize) -> RowCells<'a> {
        let mut at = csv::Position::new();
        at.set_line(row.at.line as u64).set_record(index as u64);
        RowCells { row, at }
    }
}

impl Cells for RowCells<'_> {
    fn cell(&self, column: usize) -> Option<&[u8]> {
        self.row.cells.get(column).map(|c| c.text.as_bytes())
    }

    fn len(&self) -> usize {
        self.row.cells.len()
    }

    fn position(&self) -> Option<&csv::Position> {
        Some(&self.at)
    }
}
