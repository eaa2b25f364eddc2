//! Reading a CSV file on as many threads as there are cores, each thread folding its own part of the
//! rows into its own state.
//!
//! A large file is cut into chunks at line starts, one thread each. A cut may fall inside a quoted
//! field that holds a line break, so no cut is trusted on its own: the thread of the chunk before a
//! cut reads on until a record starts at or past the cut, and only a record starting exactly there
//! hands the file over to the next chunk's thread. Otherwise that thread goes on through the next
//! chunk itself, and the next chunk's own work is dropped. A row is thus always parsed from a true
//! record start, and the parts returned cover every row of the file once, in file order; each part
//! says what to add to its line numbers to make them the file's (byte offsets are the file's already).

use crate::cells::{Cells, RowCells};
use crate::input::{Input, Rows, Text, TextReader};
use crate::lines::{Split, Splitter};
use crate::place::csv_error_at;
use crate::progress::Tally;
use comp_core::diag::Diagnostic;
use rayon::prelude::*;
use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicBool, Ordering};

/// A chunk smaller than this is not worth a thread of its own.
pub const MIN_CHUNK: u64 = 8 << 20;
/// Bytes a reader asks the file for at once (the csv crate's default is 8 KiB).
const BUFFER: usize = 256 << 10;
/// Lines of a chunk the fast path leaves to the csv crate and then resumes after; past them,
/// the csv crate reads the rest of the chunk.
const RESUMES: usize = 16;
/// Records between two updates of the progress bar.
const PROGRESS_EVERY: u32 = 8192;

/// What a fold does after a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Ends the whole fold: this thread stops here and the others at their next row.
    Stop,
}

/// One chunk's state after its rows, and what to add to the line numbers its rows saw.
pub struct Part<S> {
    pub state: S,
    pub line_shift: u64,
}

/// How the reading of the file ended.
#[derive(Debug)]
pub enum End {
    /// Every row was folded.
    Complete,
    /// A row's fold asked to stop.
    Stopped,
    /// The csv error that ended the file (its line is the file's).
    Failed(Diagnostic),
}

/// The parts that cover the file's rows, in file order, and how reading ended.
pub struct Folded<S> {
    pub parts: Vec<Part<S>>,
    pub end: End,
}

/// How one chunk's reading ended.
enum ChunkEnd {
    Eof,
    /// A record starts exactly at chunk `chunk`'s start, on this line of this chunk's numbering:
    /// that chunk's thread has the rest of the file.
    HandOver {
        chunk: usize,
        line: u64,
    },
    Failed(csv::Error),
    Stopped,
}

/// Reads `input` (delimiter, and the chunk `starts` from [`chunk_starts`]), its chunks side by
/// side on rayon's threads when `threads` is above 1, each chunk a task of its own: `state` makes
/// a chunk's fresh state and `row` folds each record into it. More chunks than threads keep the threads
/// equally busy when the rows that cost most (those of the period asked for) sit in one stretch of
/// the file. Records are read into one reused buffer per thread; lines are numbered from 1 at a
/// chunk's start (a record line `l` of part `p` is the file's line `l + p.line_shift`). Rows in
/// memory are one part, on their own lines. `progress` counts the bytes read.
pub fn fold<S: Send>(
    input: &Input,
    (delimiter, threads): (u8, usize),
    starts: &[u64],
    progress: Option<&dyn Tally>,
    state: impl Fn() -> S + Sync,
    row: impl Fn(&mut S, &dyn Cells) -> Flow + Sync,
) -> Folded<S> {
    let text = match input {
        Input::Text(text) => text,
        Input::Rows(rows) => {
            let mut s = state();
            let end = read_rows(rows, |r| row(&mut s, r));
            let parts = vec![Part {
                state: s,
                line_shift: 0,
            }];
            return Folded { parts, end };
        }
    };
    let stop = AtomicBool::new(false);
    let read = |k: usize| {
        // a chunk not read: the fold stopped before a thread took it
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let mut s = state();
        let end = read_chunk(text, delimiter, starts, k, &stop, progress, |r| {
            row(&mut s, r)
        });
        Some((s, end))
    };
    // each chunk is a task of its own, so threads that finish early take more
    let mut chunks: Vec<Option<(S, ChunkEnd)>> = if threads > 1 {
        (0..starts.len())
            .into_par_iter()
            .with_max_len(1)
            .map(read)
            .collect()
    } else {
        (0..starts.len()).map(read).collect()
    };
    // follow the hand-overs from the first chunk: the chunks skipped were cut inside a record
    let mut parts = Vec::new();
    let (mut current, mut line_shift) = (0, 0);
    let end = loop {
        let Some((state, end)) = chunks[current].take() else {
            break End::Stopped;
        };
        parts.push(Part { state, line_shift });
        match end {
            ChunkEnd::Eof => break End::Complete,
            ChunkEnd::Stopped => break End::Stopped,
            ChunkEnd::Failed(e) => break End::Failed(csv_error_at(input, e, line_shift)),
            ChunkEnd::HandOver { chunk, line } => {
                // the file's line of the record at the cut; the next chunk numbers it 1
                line_shift += line - 1;
                current = chunk;
            }
        }
    };
    if let Some(p) = progress {
        p.finish();
    }
    Folded { parts, end }
}

/// Reads the whole of `input` on the calling thread, record after record: what [`fold`] does
/// with one chunk, for the small sources (roster, quotas, customer data) read whole.
pub fn read_all(input: &Input, delimiter: u8, mut row: impl FnMut(&dyn Cells) -> Flow) -> End {
    let text = match input {
        Input::Text(text) => text,
        Input::Rows(rows) => return read_rows(rows, row),
    };
    let stop = AtomicBool::new(false);
    match read_chunk(text, delimiter, &[0], 0, &stop, None, &mut row) {
        ChunkEnd::Eof | ChunkEnd::HandOver { .. } => End::Complete,
        ChunkEnd::Stopped => End::Stopped,
        ChunkEnd::Failed(e) => End::Failed(csv_error_at(input, e, 0)),
    }
}

/// Rows in memory, in order: nothing to parse, so nothing fails.
fn read_rows(rows: &Rows, mut row: impl FnMut(&dyn Cells) -> Flow) -> End {
    for (i, r) in rows.rows.iter().enumerate() {
        if row(&RowCells::new(r, i)) == Flow::Stop {
            return End::Stopped;
        }
    }
    End::Complete
}

/// Byte offsets where the chunks start: 0, then line starts near equal fractions of the text, at
/// most `pieces` chunks of at least `min_chunk` bytes. A small text, or rows, give one chunk.
pub fn chunk_starts(input: &Input, pieces: usize, min_chunk: u64) -> Vec<u64> {
    let mut starts = vec![0];
    let Input::Text(text) = input else {
        return starts;
    };
    let size = text.len().unwrap_or(0);
    let count = (size / min_chunk.max(1)).clamp(1, pieces.max(1) as u64);
    let Ok(mut file) = text.open() else {
        return starts;
    };
    for k in 1..count {
        match next_line_start(&mut file, size * k / count) {
            Some(at) if at > *starts.last().expect("starts with 0") && at < size => starts.push(at),
            _ => {}
        }
    }
    starts
}

/// Where the csv crate starts the record after the first line break at or after `from`, looking
/// a little way only: just after a `\n`, but at the `\n` of a `\r\n` (the csv crate ends a record
/// at the `\r` and places the next one at the `\n`; a cut anywhere else would never be handed
/// over, and every later chunk read twice).
fn next_line_start(file: &mut TextReader, from: u64) -> Option<u64> {
    // one byte before `from`, to see a \r just before it
    let back = from.min(1);
    file.seek(SeekFrom::Start(from - back)).ok()?;
    let mut window = vec![0; 1 << 16];
    let n = file.read(&mut window).ok()?;
    let at = back as usize + window[back as usize..n].iter().position(|&b| b == b'\n')?;
    let crlf = at > 0 && window[at - 1] == b'\r';
    Some(from - back + at as u64 + u64::from(!crlf))
}

/// One chunk: from its start until a record starts exactly at a later chunk's start (hand-over),
/// or to the end of the file.
fn read_chunk(
    text: &Text,
    delimiter: u8,
    starts: &[u64],
    k: usize,
    stop: &AtomicBool,
    progress: Option<&dyn Tally>,
    mut row: impl FnMut(&dyn Cells) -> Flow,
) -> ChunkEnd {
    let file = match text.open() {
        Ok(f) => f,
        Err(e) => return ChunkEnd::Failed(csv::Error::from(e)),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(BUFFER)
        .from_reader(file);
    // the header sets the number of fields; records start after it, or at the cut
    let fields = match reader.byte_headers() {
        Ok(h) => h.len(),
        Err(e) => return ChunkEnd::Failed(e),
    };
    let start = match k {
        0 => (reader.position().byte(), reader.position().line()),
        _ => (starts[k], 1),
    };
    // quote-free lines are split by the fast path; from the first other line on, the csv crate
    let splitter = text
        .open()
        .and_then(|f| Splitter::new(f, start, delimiter, fields))
        .map_err(csv::Error::from);
    let mut splitter = match splitter {
        Ok(s) => Some(s),
        Err(e) => return ChunkEnd::Failed(e),
    };
    let mut next_cut = k + 1;
    let mut reported = start.0;
    let mut record = csv::ByteRecord::new();
    // where the csv crate places a record read by it: (byte, line)
    let mut csv_place = (0, 0);
    let mut unsure = 0;
    let mut since_report = 0u32;
    let end = loop {
        let from_csv = match splitter.as_mut().map(Splitter::next_record) {
            Some(Ok(Split::Record)) => false,
            Some(Ok(Split::Eof)) => break ChunkEnd::Eof,
            Some(Err(e)) => break ChunkEnd::Failed(csv::Error::from(e)),
            // the csv crate reads the line the splitter is unsure of, then the splitter goes on
            Some(Ok(Split::Unsure {
                byte,
                line,
                own,
                resume,
            })) => {
                let mut at = csv::Position::new();
                at.set_byte(byte).set_line(line);
                let read = reader
                    .seek_raw(SeekFrom::Start(byte), at)
                    .and_then(|()| reader.read_byte_record(&mut record));
                match read {
                    Ok(true) => {}
                    Ok(false) => break ChunkEnd::Eof,
                    Err(e) => break ChunkEnd::Failed(e),
                }
                // a few such lines, the splitter goes on after each; a file of them (lone \r
                // line ends), the csv crate reads the rest
                unsure += 1;
                splitter = None;
                if resume && unsure <= RESUMES {
                    let next = (reader.position().byte(), reader.position().line());
                    let resumed = text
                        .open()
                        .and_then(|f| Splitter::new(f, next, delimiter, fields));
                    match resumed {
                        Ok(s) => splitter = Some(s),
                        Err(e) => break ChunkEnd::Failed(csv::Error::from(e)),
                    }
                }
                // the csv crate's place for the hand-over; the record's own line for the rest
                let mut own_at = csv::Position::new();
                own_at.set_byte(own.0).set_line(own.1);
                csv_place = (byte, line);
                record.set_position(Some(own_at));
                true
            }
            None => {
                match reader.read_byte_record(&mut record) {
                    Ok(true) => {}
                    Ok(false) => break ChunkEnd::Eof,
                    Err(e) => break ChunkEnd::Failed(e),
                }
                csv_place = record.position().map_or((0, 0), |p| (p.byte(), p.line()));
                true
            }
        };
        let (byte, line) = match &splitter {
            Some(s) if !from_csv => s.csv_start(),
            _ => csv_place,
        };
        let split;
        let cells: &dyn Cells = match &splitter {
            Some(s) if !from_csv => {
                split = s.record();
                &split
            }
            _ => &record,
        };
        while next_cut < starts.len() && byte > starts[next_cut] {
            next_cut += 1;
        }
        if next_cut < starts.len() && byte == starts[next_cut] {
            break ChunkEnd::HandOver {
                chunk: next_cut,
                line,
            };
        }
        if row(cells) == Flow::Stop {
            stop.store(true, Ordering::Relaxed);
            break ChunkEnd::Stopped;
        }
        since_report += 1;
        if since_report == PROGRESS_EVERY {
            since_report = 0;
            if stop.load(Ordering::Relaxed) {
                break ChunkEnd::Stopped;
            }
            if let Some(p) = progress {
                p.add(byte.saturating_sub(reported));
                reported = byte;
            }
        }
    };
    if let Some(p) = progress {
        let byte = match &splitter {
            Some(s) => s.position(),
            None => reader.position().byte(),
        };
        p.add(byte.saturating_sub(reported));
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    /// (line, fields) of every record read, and the error that ended the file, if any.
    type Seen = (Vec<(u64, Vec<Vec<u8>>)>, Option<String>);

    /// The line a record is really on, where the csv crate places it at blank lines before it or,
    /// in a CRLF file, at the line feed of the line before.
    fn own_line(bytes: &[u8], at: &csv::Position) -> u64 {
        let (mut b, mut line) = (at.byte() as usize, at.line());
        while b < bytes.len() && matches!(bytes[b], b'\r' | b'\n') {
            line += u64::from(bytes[b] == b'\n');
            b += 1;
        }
        line
    }

    /// (line, fields) of every record, or the error's message and line, as one plain csv reader
    /// going through the whole file sees them (lines: each record's own).
    fn plain(path: &Path) -> Seen {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_path(path)
            .unwrap();
        let bytes = std::fs::read(path).unwrap();
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => rows.push((
                    own_line(&bytes, record.position().unwrap()),
                    record.iter().map(<[u8]>::to_vec).collect(),
                )),
                Ok(false) => return (rows, None),
                Err(e) => {
                    return (
                        rows,
                        Some(csv_error_at(&Input::file(path), e, 0).to_string()),
                    )
                }
            }
        }
    }

    type Rows = Vec<(u64, Vec<Vec<u8>>)>;

    /// Reads `path` in at most `pieces` chunks, on one to three threads (varied with `pieces`),
    /// from the file and from its bytes in memory, which must read alike.
    fn chunked(path: &Path, pieces: usize, min_chunk: u64) -> Seen {
        let file = chunked_from(&Input::file(path), pieces, min_chunk);
        let memory = Input::memory(path, std::fs::read(path).unwrap());
        let from_memory = chunked_from(&memory, pieces, min_chunk);
        assert_eq!(from_memory, file, "the bytes in memory read as the file");
        file
    }

    fn chunked_from(input: &Input, pieces: usize, min_chunk: u64) -> Seen {
        let starts = chunk_starts(input, pieces, min_chunk);
        let threads = 1 + pieces % 3;
        let folded = fold(
            input,
            (b';', threads),
            &starts,
            None,
            Rows::new,
            |rows, r| {
                let line = r.position().unwrap().line();
                let cells = (0..r.len()).map(|i| r.cell(i).unwrap_or_default().to_vec());
                rows.push((line, cells.collect()));
                Flow::Continue
            },
        );
        let mut rows = Vec::new();
        for part in folded.parts {
            let shifted = part
                .state
                .into_iter()
                .map(|(l, f)| (l + part.line_shift, f));
            rows.extend(shifted);
        }
        match folded.end {
            End::Complete => (rows, None),
            End::Failed(d) => (rows, Some(d.to_string())),
            End::Stopped => panic!("nothing asked to stop"),
        }
    }

    fn file_with(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn chunks_give_the_rows_and_lines_of_one_reader() {
        let mut text = String::from("id;note;amount\n");
        for i in 0..10_000 {
            text.push_str(&format!("D{i};plain;{i}\n"));
        }
        let f = file_with(&text);
        assert!(chunk_starts(&Input::file(f.path()), 4, 1000).len() == 4);
        assert_eq!(chunked(f.path(), 4, 1000), plain(f.path()));
    }

    #[test]
    fn a_cut_inside_a_quoted_line_break_is_not_trusted() {
        // every row's note holds line breaks, so most cuts fall inside a quoted field
        let mut text = String::from("id;note;amount\n");
        for i in 0..2_000 {
            text.push_str(&format!("D{i};\"first\nsecond\nthird\";{i}\n"));
        }
        let f = file_with(&text);
        assert_eq!(chunk_starts(&Input::file(f.path()), 8, 100).len(), 8);
        let (rows, error) = chunked(f.path(), 8, 100);
        assert_eq!(error, None);
        assert_eq!(rows.len(), 2_000);
        assert_eq!((rows, error), plain(f.path()));
    }

    #[test]
    fn an_error_in_a_later_chunk_names_the_files_line() {
        let mut text = String::from("id;note;amount\n");
        for i in 0..5_000 {
            text.push_str(&format!("D{i};plain;{i}\n"));
        }
        text.push_str("D-bad;two fields\n");
        for i in 0..100 {
            text.push_str(&format!("E{i};plain;{i}\n"));
        }
        let f = file_with(&text);
        assert!(chunk_starts(&Input::file(f.path()), 2, 1000).len() == 2);
        let (rows, error) = chunked(f.path(), 2, 1000);
        assert_eq!(rows.len(), 5_000);
        assert!(error.as_deref().unwrap().contains(":5002:"), "{error:?}");
        assert_eq!((rows, error), plain(f.path()));
    }

    /// Records across the fast path's 256 KiB buffer: quoted ones over several lines, a field
    /// longer than the buffer, CRLF and LF, read in one part and in many.
    #[test]
    fn records_across_the_buffer_read_as_the_csv_crate() {
        for end in ["\n", "\r\n"] {
            let mut text = format!("id;note;amount{end}");
            for i in 0..30_000 {
                let note = match i % 7 {
                    0 => format!("\"line one{end}line \"\"two\"\"\""),
                    3 => "\"a;b\"".to_string(),
                    _ => format!("plain note {i}"),
                };
                text.push_str(&format!("D{i};{note};{i}{end}"));
                if i == 20_000 {
                    let long = "x".repeat(300_000);
                    text.push_str(&format!("L1;\"{long}\";1{end}L2;{long};2{end}"));
                }
            }
            let f = file_with(&text);
            let one = plain(f.path());
            assert_eq!(one.0.len(), 30_002);
            for (pieces, min_chunk) in [(1, u64::MAX), (2, 1000), (7, 1000)] {
                assert_eq!(
                    chunked(f.path(), pieces, min_chunk),
                    one,
                    "{end:?} {pieces}"
                );
            }
        }
    }

    /// A CRLF export (what spreadsheet programs write) is cut where the csv crate places its
    /// records, so every chunk is handed over and read once: regression test, such files were
    /// read whole by the first thread and every other chunk's work dropped (3x slower).
    #[test]
    fn a_crlf_file_is_cut_where_its_records_start() {
        let mut text = String::from("id;note;amount\r\n");
        for i in 0..10_000 {
            text.push_str(&format!("D{i};plain;{i}\r\n"));
        }
        let f = file_with(&text);
        let starts = chunk_starts(&Input::file(f.path()), 4, 1000);
        assert_eq!(starts.len(), 4);
        let folded = fold(
            &Input::file(f.path()),
            (b';', 2),
            &starts,
            None,
            || 0u64,
            |n, _| {
                *n += 1;
                Flow::Continue
            },
        );
        assert!(matches!(folded.end, End::Complete));
        assert_eq!(folded.parts.len(), 4, "every cut handed over");
        assert_eq!(chunked(f.path(), 4, 1000), plain(f.path()));
    }

    /// Regressions: a file ending its lines with a lone carriage return has no line feed at all,
    /// and one ending them with \r\r\n has a carriage return in every line; both read as the
    /// csv crate reads them, the first in linear time (the splitter once grew its buffer over the
    /// rest of the file for every record), the second on the fast path.
    #[test]
    fn lone_and_doubled_carriage_returns_read_as_the_csv_crate() {
        for end in ["\r", "\r\r\n"] {
            let mut text = format!("id;note;amount{end}");
            for i in 0..20_000 {
                text.push_str(&format!("D{i};plain;{i}{end}"));
            }
            let f = file_with(&text);
            for (pieces, min_chunk) in [(1, u64::MAX), (3, 1000)] {
                assert_eq!(
                    chunked(f.path(), pieces, min_chunk),
                    plain(f.path()),
                    "{end:?}"
                );
            }
        }
        // a record after a blank line of carriage returns is on its own line, the third
        let f = file_with("a;b;c\r\n\r\r\n;;\r");
        assert_eq!(chunked(f.path(), 1, u64::MAX).0[0].0, 3);
        assert_eq!(chunked(f.path(), 1, u64::MAX), plain(f.path()));
    }

    #[test]
    fn a_stop_in_any_chunk_ends_the_fold() {
        let mut text = String::from("id;note;amount\n");
        for i in 0..50_000 {
            text.push_str(&format!("D{i};plain;{i}\n"));
        }
        let f = file_with(&text);
        let starts = chunk_starts(&Input::file(f.path()), 4, 1000);
        assert_eq!(starts.len(), 4);
        // the row that stops is in the last chunk: the others stop too, and no part is complete
        let folded = fold(
            &Input::file(f.path()),
            (b';', 2),
            &starts,
            None,
            || 0u64,
            |n, r| {
                *n += 1;
                match r.cell(0) == Some(b"D45000") {
                    true => Flow::Stop,
                    false => Flow::Continue,
                }
            },
        );
        assert!(matches!(folded.end, End::Stopped), "{:?}", folded.end);
        let read: u64 = folded.parts.iter().map(|p| p.state).sum();
        assert!(read < 50_000, "{read}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Whatever the rows (quoted line breaks, quotes, empty lines) and however the file is cut,
        /// the chunked reader agrees with one plain reader, row for row and line for line.
        #[test]
        fn chunked_reading_agrees_with_one_reader(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-c;\"\n]{0,6}", 3),
                0..200,
            ),
            blank_every in 0usize..7,
            threads in 1usize..6,
            min_chunk in 1u64..300,
        ) {
            let mut text = String::from("a;b;c\n");
            for (i, fields) in rows.iter().enumerate() {
                // quoted as a careful export would, or raw as a careless one (a raw quote is
                // literal mid-field and opens a quoted field at its start)
                let quoted: Vec<String> = fields
                    .iter()
                    .map(|f| match (i % 3, f.contains([';', '\n'])) {
                        (0, false) => f.clone(),
                        _ => format!("\"{}\"", f.replace('"', "\"\"")),
                    })
                    .collect();
                text.push_str(&quoted.join(";"));
                text.push('\n');
                if blank_every > 0 && i % blank_every == 0 {
                    text.push('\n');
                }
            }
            let f = file_with(&text);
            prop_assert_eq!(chunked(f.path(), threads, min_chunk), plain(f.path()));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Files the fast path reads (unquoted lines, with CRLF or LF, blank lines, a missing last
        /// line break), now and then a line it leaves to the csv crate (a quote, a carriage return
        /// inside, a wrong number of fields): the same rows, lines and errors as one plain reader.
        #[test]
        fn the_fast_path_reads_as_the_csv_crate(
            rows in proptest::collection::vec(
                (proptest::collection::vec("[a-c ]{0,5}", 3), 0u8..40),
                0..200,
            ),
            crlf in any::<bool>(),
            last_break in any::<bool>(),
            threads in 1usize..6,
            min_chunk in 1u64..300,
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("a;b;c{end}");
            for (fields, odd) in &rows {
                let line = match odd {
                    0 => format!("\"{}\";x;y", fields[0]),
                    1 => format!("{}\r{};x;y", fields[0], fields[1]),
                    2 => fields[..2].join(";"),
                    3 => format!("{};x", fields.join(";")),
                    4 | 5 => String::new(),
                    // a blank line of carriage returns, a record with one more before its end
                    6 => "\r".to_string(),
                    7 => format!("{}\r", fields.join(";")),
                    _ => fields.join(";"),
                };
                text.push_str(&line);
                text.push_str(end);
            }
            if !last_break {
                text.truncate(text.len() - end.len());
            }
            let f = file_with(&text);
            prop_assert_eq!(chunked(f.path(), threads, min_chunk), plain(f.path()));
        }
    }
}
