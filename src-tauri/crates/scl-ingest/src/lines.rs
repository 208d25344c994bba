//! Lines of an export read from a stream a buffer at a time, so a file of any size is read in
//! a few megabytes and its first records are ready before the rest is read.

use std::io::{self, Read};

use crate::text::BOM;

/// Bytes asked of the source per read: large enough that a read is cheap per line, small enough
/// that the buffer stays in cache.
const READ_BYTES: usize = 512 << 10;

/// How many records to make room for before reading: one per line, but no more than the bytes
/// could hold at `smallest_record` bytes a record, so a file of blank lines (or of lines too
/// short to be a record) reserves nothing it will not use. Capacity is only a hint: a file of
/// smaller records still reads, its list grows as needed.
pub(crate) fn records_to_reserve(lines: usize, bytes: usize, smallest_record: usize) -> usize {
    lines.min(bytes / smallest_record.max(1) + 1)
}

pub(crate) struct Line<'a> {
    /// 1-based.
    pub number: u64,
    /// Without the line ending (`\n` or `\r\n`); empty when the line was longer than the
    /// reader's limit and skipped unread.
    pub bytes: &'a [u8],
    /// The line's length in bytes, also when it was skipped.
    pub len: usize,
    /// The file ends on this line with no line ending: a record here may have been cut off.
    pub unterminated: bool,
    /// Longer than the reader's limit, so its bytes were not kept.
    pub skipped: bool,
}

/// What [`LineReader::next_block`] hands out.
pub(crate) enum Block<'a> {
    /// Whole lines, each ending in `\n` but for an unterminated last line of the file; the
    /// first is line `first`.
    Lines { first: u64, bytes: &'a [u8] },
    /// One line longer than the limit, skipped unread (it is no record of any kind).
    Long,
}

/// Splits a stream on `\n`, drops a trailing `\r` and a leading BOM. An empty final piece after
/// the last newline is not a line. A line longer than `limit` bytes (its `\r` counted) is
/// skipped unless it happened to arrive whole in one buffer; either way its length is reported,
/// and a file without newlines (or a binary) is never held whole.
pub(crate) struct LineReader<R> {
    source: R,
    buf: Vec<u8>,
    /// `buf[pos..end]` is read but not yet handed out.
    pos: usize,
    end: usize,
    /// `buf[pos..scanned]` is known to hold no newline.
    scanned: usize,
    at_eof: bool,
    started: bool,
    /// Lines handed out so far.
    number: u64,
    /// Bytes taken from the source so far.
    taken: u64,
    limit: usize,
    read_bytes: usize,
}

impl<R: Read> LineReader<R> {
    pub fn new(source: R, limit: usize) -> Self {
        Self::with_read_size(source, limit, READ_BYTES)
    }

    pub(crate) fn with_read_size(source: R, limit: usize, read_bytes: usize) -> Self {
        Self {
            source,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            scanned: 0,
            at_eof: false,
            started: false,
            number: 0,
            taken: 0,
            limit,
            read_bytes: read_bytes.max(1),
        }
    }

    /// Lines handed out so far.
    pub fn lines_read(&self) -> u64 {
        self.number
    }

    /// Bytes taken from the source so far.
    pub fn bytes_taken(&self) -> u64 {
        self.taken
    }

    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        loop {
            self.start()?;
            if let Some(at) = memchr::memchr(b'\n', &self.buf[self.scanned..self.end]) {
                let line_end = self.scanned + at;
                let start = std::mem::replace(&mut self.pos, line_end + 1);
                self.scanned = self.pos;
                return Ok(Some(self.line(start, line_end, false)));
            }
            self.scanned = self.end;
            if self.at_eof {
                if self.pos == self.end {
                    return Ok(None);
                }
                let start = std::mem::replace(&mut self.pos, self.end);
                return Ok(Some(self.line(start, self.end, true)));
            }
            if self.end - self.pos > self.limit {
                return self.skip_long().map(Some);
            }
            self.fill()?;
        }
    }

    /// Every whole line read so far at once, for a caller that looks at many lines together.
    /// Agrees with [`Self::next_line`] on line numbers and on which lines are skipped.
    pub fn next_block(&mut self) -> io::Result<Option<Block<'_>>> {
        loop {
            self.start()?;
            if let Some(at) = memchr::memrchr(b'\n', &self.buf[self.scanned..self.end]) {
                let block_end = self.scanned + at + 1;
                let start = std::mem::replace(&mut self.pos, block_end);
                self.scanned = self.pos;
                let first = self.number + 1;
                let bytes = &self.buf[start..block_end];
                self.number += memchr::memchr_iter(b'\n', bytes).count() as u64;
                return Ok(Some(Block::Lines { first, bytes }));
            }
            self.scanned = self.end;
            if self.at_eof {
                if self.pos == self.end {
                    return Ok(None);
                }
                let start = std::mem::replace(&mut self.pos, self.end);
                self.number += 1;
                let bytes = &self.buf[start..self.end];
                return Ok(Some(Block::Lines {
                    first: self.number,
                    bytes,
                }));
            }
            if self.end - self.pos > self.limit {
                self.skip_long()?;
                return Ok(Some(Block::Long));
            }
            self.fill()?;
        }
    }

    /// Drops a BOM at the very start of the stream.
    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        while self.end < BOM.len() && !self.at_eof {
            self.fill()?;
        }
        if self.buf[..self.end].starts_with(BOM) {
            self.pos = BOM.len();
            self.scanned = self.pos;
        }
        self.started = true;
        Ok(())
    }

    fn line(&mut self, start: usize, end: usize, unterminated: bool) -> Line<'_> {
        self.number += 1;
        let mut bytes = &self.buf[start..end];
        if let Some(stripped) = bytes.strip_suffix(b"\r") {
            bytes = stripped;
        }
        Line {
            number: self.number,
            bytes,
            len: bytes.len(),
            unterminated,
            skipped: false,
        }
    }

    /// Reads on to the end of an over-long line, keeping only its length.
    fn skip_long(&mut self) -> io::Result<Line<'_>> {
        let mut len = 0;
        // Whether the bytes already dropped ended in `\r`, which is part of the line ending.
        let mut cr = false;
        loop {
            if let Some(at) = memchr::memchr(b'\n', &self.buf[self.pos..self.end]) {
                let cr = if at > 0 {
                    self.buf[self.pos + at - 1] == b'\r'
                } else {
                    cr
                };
                len = len + at - usize::from(cr);
                self.pos += at + 1;
                self.scanned = self.pos;
                return Ok(self.skipped_line(len, false));
            }
            if self.end > self.pos {
                cr = self.buf[self.end - 1] == b'\r';
            }
            len += self.end - self.pos;
            self.pos = self.end;
            self.scanned = self.end;
            if self.at_eof {
                return Ok(self.skipped_line(len - usize::from(cr), true));
            }
            self.fill()?;
        }
    }

    fn skipped_line(&mut self, len: usize, unterminated: bool) -> Line<'_> {
        self.number += 1;
        Line {
            number: self.number,
            bytes: &[],
            len,
            unterminated,
            skipped: true,
        }
    }

    /// Moves the unread bytes to the front and reads more after them.
    fn fill(&mut self) -> io::Result<()> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.scanned -= self.pos;
            self.end -= self.pos;
            self.pos = 0;
        }
        let wanted = self.end + self.read_bytes;
        if self.buf.len() < wanted {
            self.buf.resize(wanted, 0);
        }
        loop {
            match self.source.read(&mut self.buf[self.end..wanted]) {
                Ok(0) => {
                    self.at_eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    self.taken += n as u64;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// The lines of a [`Block::Lines`], numbered from `first`.
pub(crate) fn block_lines(first: u64, bytes: &[u8]) -> impl Iterator<Item = Line<'_>> {
    let mut rest = bytes;
    let mut number = first;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (mut line, unterminated) = match memchr::memchr(b'\n', rest) {
            Some(end) => {
                let line = &rest[..end];
                rest = &rest[end + 1..];
                (line, false)
            }
            None => (std::mem::take(&mut rest), true),
        };
        if let Some(stripped) = line.strip_suffix(b"\r") {
            line = stripped;
        }
        number += 1;
        Some(Line {
            number: number - 1,
            bytes: line,
            len: line.len(),
            unterminated,
            skipped: false,
        })
    })
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
