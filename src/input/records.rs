//! JSON Lines input, read a chunk of whole lines at a time: a chunk is
//! handed on (to be worked on in parallel) once it holds enough bytes or
//! lines, so memory holds one chunk (or one longer record) whatever the
//! input's size. The one reader of records for cleaning and for learning.

use std::io::{self, BufRead};

/// One line of a JSON Lines input: its number (from 1) and its bytes, ending included.
pub type Record = (u64, Vec<u8>);

/// Reads the lines of a JSON Lines input in chunks.
pub struct Records<R> {
    input: R,
    number: u64,
    bytes: u64,
    eof: bool,
    max_bytes: usize,
    max_lines: usize,
}

impl<R: BufRead> Records<R> {
    /// A reader whose chunks end once they hold `max_bytes` bytes or `max_lines` lines.
    pub fn new(input: R, max_bytes: usize, max_lines: usize) -> Self {
        Records { input, number: 0, bytes: 0, eof: false, max_bytes, max_lines }
    }

    /// Fills `chunk` (cleared first) with the next lines; returns whether
    /// there may be more after them (false once the input has ended).
    pub fn next_chunk(&mut self, chunk: &mut Vec<Record>) -> io::Result<bool> {
        chunk.clear();
        let mut size = 0;
        while !self.eof && size < self.max_bytes && chunk.len() < self.max_lines {
            let mut line = Vec::new();
            if self.input.read_until(b'\n', &mut line)? == 0 {
                self.eof = true;
                break;
            }
            self.number += 1;
            self.bytes += line.len() as u64;
            size += line.len();
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
}
