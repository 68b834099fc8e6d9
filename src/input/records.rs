//! JSON Lines input, read a chunk of whole lines at a time: a chunk is
//! handed on (to be worked on in parallel) once it holds enough bytes or
//! lines, so memory holds one chunk (or one longer record) whatever the
//! input's size. The one reader of records for cleaning and for learning.
//! A line longer than the record limit ([`DEFAULT_MAX_RECORD`]) is never
//! held: it is read past and reported ([`Records::take_oversized`]).

use std::io::{self, BufRead};

/// One line of a JSON Lines input: its number (from 1) and its bytes, ending included.
pub type Record = (u64, Vec<u8>);

/// The longest record read by default (64 MiB, ending included).
pub const DEFAULT_MAX_RECORD: usize = 64 * 1024 * 1024;

/// Reads the lines of a JSON Lines input in chunks.
pub struct Records<R> {
    input: R,
    number: u64,
    bytes: u64,
    eof: bool,
    max_bytes: usize,
    max_lines: usize,
    max_record: usize,
    oversized: Vec<(u64, u64)>,
}

impl<R: BufRead> Records<R> {
    /// A reader whose chunks end once they hold `max_bytes` bytes or `max_lines` lines.
    pub fn new(input: R, max_bytes: usize, max_lines: usize) -> Self {
        Records {
            input,
            number: 0,
            bytes: 0,
            eof: false,
            max_bytes,
            max_lines,
            max_record: DEFAULT_MAX_RECORD,
            oversized: Vec::new(),
        }
    }

    /// Lines longer than `bytes` (ending included) are not held: each comes
    /// as an empty record, and [`Records::take_oversized`] names it.
    pub fn max_record(mut self, bytes: usize) -> Self {
        self.max_record = bytes.max(1);
        self
    }

    /// The line numbers and lengths of the lines of the last chunk that were too long.
    pub fn take_oversized(&mut self) -> Vec<(u64, u64)> {
        std::mem::take(&mut self.oversized)
    }

    /// Reads one line into `line` unless it is longer than the limit;
    /// returns the bytes read and whether it was too long.
    fn read_line(&mut self, line: &mut Vec<u8>) -> io::Result<(usize, bool)> {
        let (mut total, mut over) = (0, false);
        loop {
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                break;
            }
            let (take, ends) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            if !over && line.len() + take > self.max_record {
                over = true;
                *line = Vec::new();
            }
            if !over {
                line.extend_from_slice(&buf[..take]);
            }
            self.input.consume(take);
            total += take;
            if ends {
                break;
            }
        }
        Ok((total, over))
    }

    /// Fills `chunk` (cleared first) with the next lines; returns whether
    /// there may be more after them (false once the input has ended).
    pub fn next_chunk(&mut self, chunk: &mut Vec<Record>) -> io::Result<bool> {
        chunk.clear();
        let mut size = 0;
        while !self.eof && size < self.max_bytes && chunk.len() < self.max_lines {
            let mut line = Vec::new();
            let (read, over) = self.read_line(&mut line)?;
            if read == 0 {
                self.eof = true;
                break;
            }
            self.number += 1;
            self.bytes += read as u64;
            size += line.len();
            if over {
                self.oversized.push((self.number, read as u64));
            }
            chunk.push((self.number, line));
        }
        Ok(!self.eof)
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_hold_whole_numbered_lines_up_to_the_limits() {
        let input = "{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}";
        let mut r = Records::new(input.as_bytes(), 1 << 20, 2);
        let mut chunk = Vec::new();
        assert!(r.next_chunk(&mut chunk).unwrap());
        assert_eq!(chunk, vec![(1, b"{\"a\":1}\n".to_vec()), (2, b"\n".to_vec())]);
        // full again before the end was seen
        assert!(r.next_chunk(&mut chunk).unwrap());
        assert_eq!(chunk, vec![(3, b"{\"b\":2}\r\n".to_vec()), (4, b"{\"c\":3}".to_vec())]);
        assert!(!r.next_chunk(&mut chunk).unwrap());
        assert!(chunk.is_empty());
        assert_eq!(r.bytes_read(), input.len() as u64);
    }

    #[test]
    fn a_line_over_the_limit_is_read_past_not_held() {
        let long = "x".repeat(100_000);
        let input = format!("{{\"a\":1}}\n{long}\n{{\"b\":2}}\n");
        let mut r =
            Records::new(std::io::BufReader::with_capacity(1000, input.as_bytes()), 1 << 20, 10).max_record(5000);
        let mut chunk = Vec::new();
        assert!(!r.next_chunk(&mut chunk).unwrap());
        assert_eq!(chunk, vec![(1, b"{\"a\":1}\n".to_vec()), (2, Vec::new()), (3, b"{\"b\":2}\n".to_vec())]);
        assert_eq!(r.take_oversized(), [(2, 100_001)]);
        assert_eq!(r.bytes_read(), input.len() as u64);
    }
}
