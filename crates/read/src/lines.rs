//! The fast path of reading a record file. A line with no quote and no carriage return but at its
//! end is split on the delimiter with `memchr`, which reads it exactly as the csv crate would, at a
//! fraction of the cost (the csv crate's parser steps through every byte); a line with a quote is
//! read by that parser (`csv_core`), then the fast path goes on. Anything else (a carriage return
//! inside a line, another number of fields) is left to the csv crate, from that line on, so its
//! errors are the csv crate's. Blank lines are skipped and counted, as the csv crate does.

use crate::cells::Cells;
use crate::input::TextReader;
use memchr::{memchr, memchr2, memchr_iter};
use std::io::{self, Read, Seek, SeekFrom};

/// Bytes read from the file at once.
const BUFFER: usize = 256 << 10;
/// Bytes without a line feed after which the splitter leaves a file to the csv crate.
const LONGEST_LINE: usize = 1 << 20;

/// What [`Splitter::next_record`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Split {
    /// A record: [`Splitter::record`].
    Record,
    Eof,
    /// A line the splitter does not read exactly as the csv crate would (a carriage return
    /// inside, another number of fields, no line feed in a long stretch): the csv crate places it
    /// at `byte`, on `line`; it is really at `own` (byte, line). `resume`: the splitter can go on
    /// after it (false: the csv crate had better read the rest).
    Unsure {
        byte: u64,
        line: u64,
        own: (u64, u64),
        resume: bool,
    },
}

/// Lines of a text (a file, or bytes in memory) from a record start, split into fields.
pub struct Splitter {
    file: TextReader,
    buf: Vec<u8>,
    /// The next line starts at buf[pos]; bytes up to `len` are read.
    pos: usize,
    len: usize,
    /// The file offset of buf[0].
    offset: u64,
    eof: bool,
    line: u64,
    records: u64,
    delimiter: u8,
    /// Fields of every record (the header's).
    fields: usize,
    /// For quoted records: the csv crate's parser, and its output buffers.
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The last record: its fields' spans, in `buf` or (a quoted record) in `out`, and position.
    spans: Vec<(usize, usize)>,
    in_out: bool,
    /// Where the last record's own line starts, and where the csv crate places it.
    at: csv::Position,
    csv_at: (u64, u64),
}

/// The last record a [`Splitter`] read, its cells in place.
pub struct Line<'a> {
    bytes: &'a [u8],
    spans: &'a [(usize, usize)],
    at: &'a csv::Position,
}

impl Cells for Line<'_> {
    fn cell(&self, column: usize) -> Option<&[u8]> {
        self.spans.get(column).map(|&(a, b)| &self.bytes[a..b])
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn position(&self) -> Option<&csv::Position> {
        Some(self.at)
    }
}

impl Splitter {
    /// Reads `file` from `byte`, a record start on line `line`, expecting `fields` fields a record.
    pub fn new(
        mut file: TextReader,
        (byte, line): (u64, u64),
        delimiter: u8,
        fields: usize,
    ) -> io::Result<Splitter> {
        file.seek(SeekFrom::Start(byte))?;
        Ok(Splitter {
            file,
            buf: vec![0; BUFFER],
            pos: 0,
            len: 0,
            offset: byte,
            eof: false,
            line,
            records: 0,
            delimiter,
            fields,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            spans: Vec::new(),
            in_out: false,
            at: csv::Position::new(),
            csv_at: (0, 0),
        })
    }

    /// The record [`Splitter::next_record`] last read.
    pub fn record(&self) -> Line<'_> {
        Line {
            bytes: if self.in_out { &self.out } else { &self.buf },
            spans: &self.spans,
            at: &self.at,
        }
    }

    /// Reads the next record (then [`Splitter::record`]).
    pub fn next_record(&mut self) -> io::Result<Split> {
        // the csv crate places a record after blank lines at the first of them
        let mut from_blank: Option<(u64, u64)> = None;
        loop {
            let own = (self.offset + self.pos as u64, self.line);
            let (start, line) = from_blank.unwrap_or(own);
            let (end, next) = match memchr(b'\n', &self.buf[self.pos..self.len]) {
                Some(i) => (self.pos + i, self.pos + i + 1),
                // no line feed in a long stretch (a file ending its lines with a lone \r): the
                // csv crate reads the rest, rather than this buffer growing over the whole file
                None if !self.eof && self.len - self.pos >= LONGEST_LINE => {
                    return Ok(Split::Unsure {
                        byte: start,
                        line,
                        own,
                        resume: false,
                    })
                }
                None if !self.eof => {
                    self.fill()?;
                    continue;
                }
                None if self.pos == self.len => return Ok(Split::Eof),
                None => (self.len, self.len),
            };
            let mut text = &self.buf[self.pos..end];
            // carriage returns before the line feed (one in a CRLF file): the csv crate ends the
            // record at the first of them and starts the next one just after it, still on this
            // line (the rest is a blank line it skips); a line of them only is a blank line
            let body = text.len() - text.iter().rev().take_while(|&&b| b == b'\r').count();
            let mut after_record = (next, self.line + 1);
            if body < text.len() && end < self.len {
                after_record = (self.pos + body + 1, self.line);
            }
            text = &text[..body];
            match memchr2(b'"', b'\r', text).map(|i| text[i]) {
                // a quoted field (perhaps over several lines): the csv crate's own parser reads it
                Some(b'"') => return self.quoted((start, line), own),
                Some(_) => {
                    return Ok(Split::Unsure {
                        byte: start,
                        line,
                        own,
                        resume: true,
                    })
                }
                None => {}
            }
            if text.is_empty() {
                from_blank.get_or_insert((start, line));
                self.pos = next;
                self.line += 1;
                continue;
            }
            // the fields' spans in the buffer, which stays as it is until the next call
            let base = self.pos;
            self.spans.clear();
            let mut from = 0;
            for at in memchr_iter(self.delimiter, text) {
                self.spans.push((base + from, base + at));
                from = at + 1;
            }
            self.spans.push((base + from, base + text.len()));
            if let Err(unsure) = self.settle(false, (start, line), own) {
                return Ok(unsure);
            }
            (self.pos, self.line) = after_record;
            return Ok(Split::Record);
        }
    }

    /// Reads the record starting at `pos` with `csv_core`, the csv crate's parser, configured as
    /// the csv crate configures it: the same fields, the same bytes consumed, the same lines.
    fn quoted(&mut self, (start, line): (u64, u64), own: (u64, u64)) -> io::Result<Split> {
        use csv_core::ReadRecordResult as R;
        loop {
            self.core.reset();
            let (mut used, mut out, mut ends) = (0, 0, 0);
            let found = loop {
                let (result, nin, nout, nend) = self.core.read_record(
                    &self.buf[self.pos + used..self.len],
                    &mut self.out[out..],
                    &mut self.ends[ends..],
                );
                (used, out, ends) = (used + nin, out + nout, ends + nend);
                match result {
                    // the record goes on past the bytes read: read more, and the record again
                    R::InputEmpty if !self.eof => break None,
                    // at the end of the file, an empty input tells the parser so
                    R::InputEmpty => continue,
                    R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                    R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                    R::Record => break Some(true),
                    R::End => break Some(false),
                }
            };
            match found {
                None => self.fill()?,
                Some(false) => return Ok(Split::Eof),
                Some(true) => {
                    self.spans.clear();
                    let mut from = 0;
                    for &end in &self.ends[..ends] {
                        self.spans.push((from, end));
                        from = end;
                    }
                    if let Err(unsure) = self.settle(true, (start, line), own) {
                        return Ok(unsure);
                    }
                    let consumed = &self.buf[self.pos..self.pos + used];
                    self.line += memchr_iter(b'\n', consumed).count() as u64;
                    self.pos += used;
                    return Ok(Split::Record);
                }
            }
        }
    }

    /// Takes the record whose spans were just found (in `out` when `in_out`), or leaves it to the
    /// csv crate when it has another number of fields than the header. Records where the csv
    /// crate places it, for the hand-over at chunk cuts, and gives the record its own line: the
    /// csv crate places a record after blank lines at the first of them, and in a CRLF file at the
    /// line feed of the line before, so errors and statement lines would name the line above.
    fn settle(&mut self, in_out: bool, csv_at: (u64, u64), own: (u64, u64)) -> Result<(), Split> {
        if self.spans.len() != self.fields {
            let (byte, line) = csv_at;
            return Err(Split::Unsure {
                byte,
                line,
                own,
                resume: true,
            });
        }
        self.in_out = in_out;
        self.csv_at = csv_at;
        self.at
            .set_byte(own.0)
            .set_line(own.1)
            .set_record(self.records);
        self.records += 1;
        Ok(())
    }

    /// Where the csv crate places the last record: (byte, line).
    pub fn csv_start(&self) -> (u64, u64) {
        self.csv_at
    }

    /// The file offset of the next line.
    pub fn position(&self) -> u64 {
        self.offset + self.pos as u64
    }

    /// Keeps the unread bytes, moved to the front, and reads more after them (a line longer
    /// than the buffer makes it grow).
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.pos..self.len, 0);
        self.offset += self.pos as u64;
        self.len -= self.pos;
        self.pos = 0;
        if self.len == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = loop {
            match self.file.read(&mut self.buf[self.len..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                read => break read?,
            }
        };
        self.len += n;
        self.eof = n == 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, byte, fields) of every record the splitter reads from after the header, going on
    /// with the csv crate where it is unsure (as the chunk reader does).
    fn split_all(path: &std::path::Path) -> Vec<(u64, u64, Vec<Vec<u8>>)> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_path(path)
            .unwrap();
        let fields = reader.byte_headers().unwrap().len();
        let start = (reader.position().byte(), reader.position().line());
        let text = crate::input::Text::File(path.to_path_buf());
        let mut splitter = Splitter::new(text.open().unwrap(), start, b';', fields).unwrap();
        let mut out = Vec::new();
        loop {
            match splitter.next_record().unwrap() {
                Split::Record => {}
                Split::Eof => return out,
                Split::Unsure { byte, line, .. } => panic!("unsure at {byte} (line {line})"),
            }
            let record = splitter.record();
            let (byte, line) = splitter.csv_start();
            let cells = (0..record.len()).map(|i| record.cell(i).unwrap().to_vec());
            out.push((line, byte, cells.collect()));
        }
    }

    fn plain(path: &std::path::Path) -> Vec<(u64, u64, Vec<Vec<u8>>)> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_path(path)
            .unwrap();
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let p = record.position().unwrap();
            out.push((
                p.line(),
                p.byte(),
                record.iter().map(<[u8]>::to_vec).collect(),
            ));
        }
        out
    }

    /// A quoted record over two lines placed across the end of the first buffer, at every offset
    /// around it: the record is read again after more of the file is read, and reads as the csv
    /// crate reads it.
    #[test]
    fn a_quoted_record_across_the_buffer_end() {
        for end in ["\n", "\r\n"] {
            for shift in (0..48).step_by(3) {
                let mut text = format!("id;note;amount{end}");
                let mut i = 0;
                while text.len() < BUFFER - 40 + shift {
                    text.push_str(&format!("D{i};n;{i}{end}"));
                    i += 1;
                }
                text.push_str(&format!("Q;\"one{end}two \"\"2\"\";x{end}three\";9{end}"));
                text.push_str(&format!("Z;last;0{end}"));
                let mut f = tempfile::NamedTempFile::new().unwrap();
                std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
                assert_eq!(split_all(f.path()), plain(f.path()), "{end:?} {shift}");
            }
        }
    }
}
