//! Where a source's data comes from: the one place every reader gets its bytes or rows from.
//!
//! A source is CSV text (a file read in place, or bytes held in memory under a name) or rows of
//! cells held in memory, each row and cell with its place (an inline `[[case]]`'s data). The
//! readers (roster, quotas, customer data, FX rates, record sources, the ledger) take an [`Input`]
//! and never open a path themselves; the chunked reader of large record files reads a
//! [`Text::File`] in place, chunk by chunk, without copying it into memory.
//!
//! Other kinds of input plug in at [`Input::of`], which decides how a source is read:
//! - a re-encoded file (Windows-1252, UTF-16): decoded to UTF-8 into a [`Text::Memory`] (or, for
//!   files too large for memory, a new `Text` variant whose [`Text::open`] decodes as it reads;
//!   the chunked reader only needs `Read + Seek` and the size);
//! - a spreadsheet sheet (Excel): its rows as [`Rows`], each cell's value written as text in the
//!   source's formats and placed at its sheet and cell (`Book.xlsx`, sheet `Deals`, `C12`), read
//!   by the same row logic as CSV records ([`crate::chunks::fold`] and
//!   [`crate::csv_input::each_row`] take rows as they take text).

use comp_core::diag::Location;
use comp_core::workspace::{Encoding, Source};
use std::collections::HashMap;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A source's data.
#[derive(Debug, Clone)]
pub enum Input {
    /// CSV text, parsed with the source's delimiter.
    Text(Text),
    /// Rows of cells already split, under a header.
    Rows(Arc<Rows>),
}

/// CSV text: a file, or bytes in memory.
#[derive(Debug, Clone)]
pub enum Text {
    /// Read in place: opened once per reader, never copied whole into memory.
    File(PathBuf),
    /// Bytes in memory, and the name diagnostics give them.
    Memory { name: PathBuf, bytes: Arc<[u8]> },
}

/// Rows of cells held in memory, under a header: what an inline case writes (and what a
/// spreadsheet sheet would give).
#[derive(Debug, Clone)]
pub struct Rows {
    /// What diagnostics and record tables call the rows (the file they are written in).
    pub name: PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// For a spreadsheet's rows, the sheet column (0 is A) of each row's first cell: a cell of no
    /// place of its own is then named `deals.xlsx!Sheet!G14` from its row and column when a
    /// problem asks for it, rather than each of a sheet's million cells keeping its name.
    pub sheet_left: Option<u32>,
}

/// One row in memory: its cells (by the header's columns) and where it is written.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// The row's place: its line is the row's line, and a problem with a cell of no place of
    /// its own is shown here.
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    /// Where the value is written, when it is written somewhere (a cell the writer filled in
    /// itself has none: the row's place stands for it).
    pub at: Option<Location>,
}

/// The inputs of a workspace's sources: each source's own ([`Input::of`]), unless another was
/// given for it (an inline case gives all of them as rows).
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    given: HashMap<String, Input>,
}

impl Inputs {
    /// Every source from its file.
    pub fn files() -> Inputs {
        Inputs::default()
    }

    /// Reads source `name` from `input` instead.
    pub fn give(&mut self, name: &str, input: Input) {
        self.given.insert(name.to_string(), input);
    }

    /// Whether source `name` has an input given for it.
    pub fn has(&self, name: &str) -> bool {
        self.given.contains_key(name)
    }

    /// The input of `source`.
    pub fn of(&self, source: &Source) -> Input {
        match self.given.get(&source.name) {
            Some(input) => input.clone(),
            None => Input::of(source),
        }
    }
}

impl Input {
    /// How a source is read: its CSV file in place, or, for a source with another `encoding`,
    /// its text decoded to UTF-8 in memory (lines stay lines, so places are the file's). A file
    /// that cannot be read or decoded is left to be read as it is, and fails there: never a lossy
    /// read.
    pub fn of(source: &Source) -> Input {
        let file = Input::file(&source.file);
        if source.format.encoding == Encoding::Utf8 {
            // a file whose lines end with CR alone (old Mac exports) is read with LF instead, byte
            // for byte, so its rows get their own line numbers (every one was line 1)
            if !cr_only(&source.file) {
                return file;
            }
            return match std::fs::read(&source.file) {
                Ok(bytes) => Input::memory(&source.file, lf_for_cr(bytes)),
                Err(_) => file,
            };
        }
        let Ok(bytes) = std::fs::read(&source.file) else {
            return file;
        };
        match decode(&bytes, source.format.encoding) {
            Some(text) => Input::memory(&source.file, lf_for_cr(text.into_bytes())),
            None => file,
        }
    }

    pub fn file(path: &Path) -> Input {
        Input::Text(Text::File(path.to_path_buf()))
    }

    /// CSV text in memory under `name`.
    pub fn memory(name: &Path, bytes: impl Into<Arc<[u8]>>) -> Input {
        Input::Text(Text::Memory {
            name: name.to_path_buf(),
            bytes: bytes.into(),
        })
    }

    /// The name diagnostics give the input: its file, or what its rows are written in.
    pub fn name(&self) -> &Path {
        match self {
            Input::Text(t) => t.name(),
            Input::Rows(r) => &r.name,
        }
    }

    /// The same input with a file's bytes read into memory: for small sources whose rows keep
    /// their lines' text (roster, quotas), so parsing and placing read the file once.
    pub fn in_memory(&self) -> io::Result<Input> {
        match self {
            Input::Text(Text::File(path)) => Ok(Input::memory(path, std::fs::read(path)?)),
            other => Ok(other.clone()),
        }
    }
}

impl Text {
    pub fn name(&self) -> &Path {
        match self {
            Text::File(path) => path,
            Text::Memory { name, .. } => name,
        }
    }

    /// Its size in bytes.
    pub fn len(&self) -> io::Result<u64> {
        match self {
            Text::File(path) => Ok(std::fs::metadata(path)?.len()),
            Text::Memory { bytes, .. } => Ok(bytes.len() as u64),
        }
    }

    pub fn is_empty(&self) -> io::Result<bool> {
        self.len().map(|n| n == 0)
    }

    /// A reader of the text from its start: each reader of a chunk opens its own.
    pub fn open(&self) -> io::Result<TextReader> {
        match self {
            Text::File(path) => Ok(TextReader::File(std::fs::File::open(path)?)),
            Text::Memory { bytes, .. } => Ok(TextReader::Memory(Cursor::new(bytes.clone()))),
        }
    }

    /// The whole text, when it is in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Text::File(_) => None,
            Text::Memory { bytes, .. } => Some(bytes),
        }
    }
}

/// An open [`Text`]: a file, or a cursor over bytes in memory.
pub enum TextReader {
    File(std::fs::File),
    Memory(Cursor<Arc<[u8]>>),
}

impl Read for TextReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            TextReader::File(f) => f.read(buf),
            TextReader::Memory(c) => c.read(buf),
        }
    }
}

impl Seek for TextReader {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match self {
            TextReader::File(f) => f.seek(pos),
            TextReader::Memory(c) => c.seek(pos),
        }
    }
}

impl Rows {
    /// The place of a row's cell: its own, its name in a sheet, or the row's.
    pub fn place(&self, row: usize, column: usize) -> Option<Location> {
        let row = self.rows.get(row)?;
        if let Some(at) = row.cells.get(column).and_then(|c| c.at.as_ref()) {
            return Some(at.clone());
        }
        Some(match self.sheet_left {
            Some(left) if column < row.cells.len() => {
                crate::sheet::cell_place(&row.at, left + column as u32)
            }
            _ => row.at.clone(),
        })
    }
}

/// A file's bytes in `encoding` as UTF-8 text, or None when they are not text in it (a UTF-16 file
/// cut in the middle of a character). windows-1252 and latin-1 give every byte a character.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Option<String> {
    let (enc, body) = match encoding {
        Encoding::Utf8 => return String::from_utf8(bytes.to_vec()).ok(),
        Encoding::Windows1252 | Encoding::Latin1 => (encoding_rs::WINDOWS_1252, bytes),
        Encoding::Utf16 => match bytes {
            [0xFF, 0xFE, rest @ ..] => (encoding_rs::UTF_16LE, rest),
            [0xFE, 0xFF, rest @ ..] => (encoding_rs::UTF_16BE, rest),
            // no byte-order mark: Windows writes little-endian
            _ => (encoding_rs::UTF_16LE, bytes),
        },
    };
    enc.decode_without_bom_handling_and_without_replacement(body)
        .map(|t| t.into_owned())
}

/// Whether bytes that are not UTF-8 read as windows-1252 text: accented letters of a Western
/// European export (`Gagn\xe9e`), not a binary file.
pub fn looks_windows_1252(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    let controls = bytes
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r'))
        .count();
    high > 0 && controls == 0
}

/// Whether a file's lines end with CR alone: its first 64 KB hold a CR and no LF.
fn cr_only(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = vec![0; 1 << 16];
    let n = f.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    memchr::memchr(b'\r', head).is_some() && memchr::memchr(b'\n', head).is_none()
}

/// Text whose lines end with CR alone, with LF instead (the same length: places stay the file's).
/// Text with any LF is left as it is.
pub fn lf_for_cr(mut bytes: Vec<u8>) -> Vec<u8> {
    if memchr::memchr(b'\n', &bytes).is_none() {
        for b in bytes.iter_mut().filter(|b| **b == b'\r') {
            *b = b'\n';
        }
    }
    bytes
}
