//! Reading a record file ahead of its loader, in batches, on as many threads as there are cores.
//!
//! A large file is cut into chunks at line starts, one reader thread each; the loader takes the
//! chunks' batches in file order, so it sees exactly the rows, in exactly the order, of one reader
//! going through the whole file. A cut may fall inside a quoted field that holds a line break; no
//! guess is trusted: the reader of the chunk before a cut reads on until a record starts at or past
//! the cut, and only a record starting exactly there hands the file over to the next chunk's reader.
//! Otherwise that reader goes on through the next chunk itself, whose own reader's rows are dropped.
//! A row is thus always parsed from a true record start, and lines and byte offsets are the file's.

use super::csv_input::csv_error_at;
use crate::diag::Diagnostic;
use crate::workspace::Source;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};

/// Records per batch handed from a reader to the loader.
const BATCH: usize = 4096;
/// A chunk smaller than this is not worth a thread of its own.
const MIN_CHUNK: u64 = 8 << 20;
/// Bytes a reader asks the file for at once (the csv crate's default is 8 KiB).
const BUFFER: usize = 256 << 10;

/// What a reader thread sends to the loader.
enum Msg {
    Records(Vec<csv::ByteRecord>),
    /// The csv error that ended this reader's part of the file.
    Failed(csv::Error),
    /// A record starts exactly at the start of chunk `chunk`, on this line of this reader's
    /// numbering: that chunk's reader has the rest of the file.
    HandOver {
        chunk: usize,
        line: u64,
    },
}

struct Chunk {
    messages: Receiver<Msg>,
    /// Emptied batches, back to this chunk's reader for reuse.
    recycled: Sender<Vec<csv::ByteRecord>>,
}

/// The record batches of one file, in file order, with file-wide line numbers.
pub struct ReadAhead {
    path: PathBuf,
    chunks: Vec<Option<Chunk>>,
    current: usize,
    /// Added to the current chunk's line numbers to make them the file's.
    line_shift: u64,
    done: bool,
    progress: Option<indicatif::ProgressBar>,
}

impl ReadAhead {
    /// Starts the reader threads of `source`'s file (the header is read by each, and skipped).
    pub fn start(source: &Source) -> ReadAhead {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let format = (source.format.delimiter, threads, MIN_CHUNK);
        ReadAhead::open(&source.file, format, progress_bar(source))
    }

    /// Reads `path` with (delimiter, at most this many reader threads, smallest chunk in bytes).
    fn open(
        path: &Path,
        (delimiter, threads, min_chunk): (u8, usize, u64),
        progress: Option<indicatif::ProgressBar>,
    ) -> ReadAhead {
        let starts = chunk_starts(path, threads, min_chunk);
        let chunks = (0..starts.len())
            .map(|k| {
                let (path, starts, progress) =
                    (path.to_path_buf(), starts.clone(), progress.clone());
                let (tx, messages) = mpsc::sync_channel::<Msg>(4);
                let (recycled, back) = mpsc::channel::<Vec<csv::ByteRecord>>();
                std::thread::spawn(move || {
                    read_chunk(&path, delimiter, &starts, k, &tx, &back, progress)
                });
                Some(Chunk { messages, recycled })
            })
            .collect();
        ReadAhead {
            path: path.to_path_buf(),
            chunks,
            current: 0,
            line_shift: 0,
            done: false,
            progress,
        }
    }

    /// The next batch of records, or the diagnostic of the csv error that ended the file. None at
    /// the end of the file.
    pub fn next_batch(&mut self) -> Option<Result<Vec<csv::ByteRecord>, Diagnostic>> {
        if self.done {
            if let Some(p) = self.progress.take() {
                p.finish_and_clear();
            }
            return None;
        }
        loop {
            let chunk = self.chunks[self.current].as_ref()?;
            match chunk.messages.recv() {
                Ok(Msg::Records(mut records)) => {
                    if self.line_shift != 0 {
                        shift_lines(&mut records, self.line_shift);
                    }
                    return Some(Ok(records));
                }
                Ok(Msg::Failed(e)) => {
                    self.done = true;
                    return Some(Err(csv_error_at(&self.path, e, self.line_shift)));
                }
                Ok(Msg::HandOver { chunk, line }) => {
                    // the file's line of the record at the cut; the next chunk numbers it 1
                    self.line_shift += line - 1;
                    // chunks cut inside a record: their readers stop at their next batch
                    for skipped in self.current..chunk {
                        self.chunks[skipped] = None;
                    }
                    self.current = chunk;
                }
                // the reader has finished its part, which ran to the end of the file
                Err(_) => {
                    self.done = true;
                    return self.next_batch();
                }
            }
        }
    }

    /// Gives an emptied batch back to the reader it came from.
    pub fn recycle(&self, records: Vec<csv::ByteRecord>) {
        if let Some(Some(chunk)) = self.chunks.get(self.current) {
            // the reader may have stopped already
            let _ = chunk.recycled.send(records);
        }
    }
}

/// Byte offsets where the chunks start: 0, then line starts near equal fractions of the file.
/// Small files, or one core, give one chunk.
fn chunk_starts(path: &Path, threads: usize, min_chunk: u64) -> Vec<u64> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let count = (size / min_chunk.max(1)).clamp(1, threads.max(1) as u64);
    let mut starts = vec![0];
    let Ok(mut file) = std::fs::File::open(path) else {
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

/// The offset just after the first line break at or after `from`, looking a little way only.
fn next_line_start(file: &mut std::fs::File, from: u64) -> Option<u64> {
    file.seek(SeekFrom::Start(from)).ok()?;
    let mut window = vec![0; 1 << 16];
    let n = file.read(&mut window).ok()?;
    let at = window[..n].iter().position(|&b| b == b'\n')?;
    Some(from + at as u64 + 1)
}

/// One reader: from the start of chunk `k` until a record starts exactly at a later chunk's start
/// (hand-over), or to the end of the file.
fn read_chunk(
    path: &Path,
    delimiter: u8,
    starts: &[u64],
    k: usize,
    tx: &SyncSender<Msg>,
    back: &Receiver<Vec<csv::ByteRecord>>,
    progress: Option<indicatif::ProgressBar>,
) {
    let fail = |e: csv::Error| {
        let _ = tx.send(Msg::Failed(e));
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(csv::Error::from(e)),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(BUFFER)
        .from_reader(file);
    if k > 0 {
        // the header is read first (it sets the expected field count), then the cut is jumped to;
        // lines are numbered from 1 there, and the loader shifts them
        let mut at = csv::Position::new();
        at.set_byte(starts[k]).set_line(1);
        if let Err(e) = reader.seek_raw(SeekFrom::Start(starts[k]), at) {
            return fail(e);
        }
    }
    let mut next_cut = k + 1;
    let mut reported = reader.position().byte();
    loop {
        let mut batch = back.try_recv().unwrap_or_default();
        let mut n = 0;
        let mut end = None;
        while n < BATCH {
            if batch.len() == n {
                batch.push(csv::ByteRecord::new());
            }
            match reader.read_byte_record(&mut batch[n]) {
                Ok(true) => {
                    let (byte, line) = batch[n].position().map_or((0, 0), |p| (p.byte(), p.line()));
                    while next_cut < starts.len() && byte > starts[next_cut] {
                        next_cut += 1;
                    }
                    if next_cut < starts.len() && byte == starts[next_cut] {
                        end = Some(Msg::HandOver {
                            chunk: next_cut,
                            line,
                        });
                        break;
                    }
                    n += 1;
                }
                Ok(false) => break,
                Err(e) => {
                    end = Some(Msg::Failed(e));
                    break;
                }
            }
        }
        let finished = end.is_some() || n < BATCH;
        batch.truncate(n);
        if let Some(p) = &progress {
            let byte = reader.position().byte();
            p.inc(byte.saturating_sub(reported));
            reported = byte;
        }
        if !batch.is_empty() && tx.send(Msg::Records(batch)).is_err() {
            return;
        }
        if finished {
            if let Some(msg) = end {
                let _ = tx.send(msg);
            }
            return;
        }
    }
}

fn shift_lines(records: &mut [csv::ByteRecord], shift: u64) {
    for r in records {
        if let Some(p) = r.position() {
            let mut p = p.clone();
            let line = p.line() + shift;
            p.set_line(line);
            r.set_position(Some(p));
        }
    }
}

/// A progress bar on standard error for a large file, only when standard error is a terminal:
/// silent in pipes, CI and tests.
fn progress_bar(source: &Source) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    const LARGE: u64 = 32 << 20;
    let size = std::fs::metadata(&source.file).ok()?.len();
    if size < LARGE || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} ({eta})",
    )
    .ok()?
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(format!("reading {}", source.file.display()));
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (line, fields) of every record read, and the error that ended the file, if any.
    type Seen = (Vec<(u64, Vec<Vec<u8>>)>, Option<String>);

    /// (line, fields) of every record, or the error's message and line, as one plain csv reader
    /// going through the whole file sees them.
    fn plain(path: &Path) -> Seen {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_path(path)
            .unwrap();
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => rows.push((
                    record.position().unwrap().line(),
                    record.iter().map(<[u8]>::to_vec).collect(),
                )),
                Ok(false) => return (rows, None),
                Err(e) => return (rows, Some(csv_error_at(path, e, 0).to_string())),
            }
        }
    }

    fn chunked(path: &Path, threads: usize, min_chunk: u64) -> Seen {
        let mut batches = ReadAhead::open(path, (b';', threads, min_chunk), None);
        let mut rows = Vec::new();
        while let Some(batch) = batches.next_batch() {
            match batch {
                Ok(records) => {
                    for r in &records {
                        let line = r.position().unwrap().line();
                        rows.push((line, r.iter().map(<[u8]>::to_vec).collect()));
                    }
                    batches.recycle(records);
                }
                Err(d) => return (rows, Some(d.to_string())),
            }
        }
        (rows, None)
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
        assert!(chunk_starts(f.path(), 4, 1000).len() == 4);
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
        assert_eq!(chunk_starts(f.path(), 8, 100).len(), 8);
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
        assert!(chunk_starts(f.path(), 2, 1000).len() == 2);
        let (rows, error) = chunked(f.path(), 2, 1000);
        assert_eq!(rows.len(), 5_000);
        assert!(error.as_deref().unwrap().contains(":5002:"), "{error:?}");
        assert_eq!((rows, error), plain(f.path()));
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
}
