//! Line splitting over a byte stream with memchr, in bounded memory.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` (as in `score.py`). A line longer
//! than the reader's limit is handed out in pieces cut at UTF-8 character
//! boundaries, so no line is ever held whole past that limit.

use std::io::{self, Read};

/// How a line ended in the input; kept lines are written with the same ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The last line of an input with no newline after it.
    None,
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// A lone `\r`.
    Cr,
}

impl Ending {
    /// The ending as text.
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::None => "",
            Ending::Lf => "\n",
            Ending::CrLf => "\r\n",
            Ending::Cr => "\r",
        }
    }

    /// The bytes of this ending.
    pub fn as_bytes(self) -> &'static [u8] {
        match self {
            Ending::None => b"",
            Ending::Lf => b"\n",
            Ending::CrLf => b"\r\n",
            Ending::Cr => b"\r",
        }
    }
}

/// One piece handed out by [`LineReader::next_piece`].
#[derive(Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The bytes, without the line ending.
    pub bytes: &'a [u8],
    /// The ending, or `None` for a piece of an oversized line that goes on.
    pub ending: Option<Ending>,
    /// True when this piece is not the start of its line.
    pub continued: bool,
}

/// Splits a reader into lines with one reusable buffer.
pub struct LineReader<R> {
    inner: R,
    buf: Vec<u8>,
    cap: usize,
    start: usize,
    end: usize,
    eof: bool,
    max_line: usize,
    in_long_line: bool,
    bytes_read: u64,
}

/// Default limit past which a line is handed out in pieces.
pub const DEFAULT_MAX_LINE: usize = 1024 * 1024;

/// The buffer's first size; it doubles (up to room for a whole line) when a
/// read fills it or fewer than 16 bytes are free.
const INITIAL_BUF: usize = 64 * 1024;

impl<R: Read> LineReader<R> {
    /// A reader handing out lines of at most `max_line` bytes whole (at least 64).
    pub fn new(inner: R, max_line: usize) -> Self {
        let max_line = max_line.max(64);
        // Room for a whole line, its `\r` and at least 8 more bytes (what a
        // transcoder needs to write one character).
        let cap = (max_line + 16).max(256 * 1024);
        LineReader {
            inner,
            // Start small (many inputs are small files) and grow to `cap` as reads fill it.
            buf: vec![0; cap.min(INITIAL_BUF)],
            cap,
            start: 0,
            end: 0,
            eof: false,
            max_line,
            in_long_line: false,
            bytes_read: 0,
        }
    }

    /// Bytes read from the inner reader so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < 16 {
            self.grow();
        }
        while self.end < self.buf.len() {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => {
                    self.end += n;
                    self.bytes_read += n as u64;
                    if self.end == self.buf.len() {
                        self.grow(); // a large input: read more at a time
                    }
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn grow(&mut self) {
        if self.buf.len() < self.cap {
            self.buf.resize((self.buf.len() * 2).min(self.cap), 0);
        }
    }

    /// The next line or piece of a line, or `None` at the end of input.
    pub fn next_piece(&mut self) -> io::Result<Option<Piece<'_>>> {
        loop {
            let avail = &self.buf[self.start..self.end];
            // Look for an ending only as far as a line may be long.
            let window = &avail[..avail.len().min(self.max_line + 1)];
            if let Some(pos) = memchr::memchr2(b'\n', b'\r', window) {
                let ending = if avail[pos] == b'\n' {
                    Some((Ending::Lf, 1))
                } else if pos + 1 < avail.len() {
                    Some(if avail[pos + 1] == b'\n' { (Ending::CrLf, 2) } else { (Ending::Cr, 1) })
                } else if self.eof {
                    Some((Ending::Cr, 1))
                } else {
                    None // a `\r` at the buffer's end: wait to see whether `\n` follows
                };
                match ending {
                    Some((ending, len)) => {
                        let s = self.start;
                        self.start += pos + len;
                        let continued = std::mem::replace(&mut self.in_long_line, false);
                        return Ok(Some(Piece { bytes: &self.buf[s..s + pos], ending: Some(ending), continued }));
                    }
                    None => {
                        // The line ends here either way; read on before deciding
                        // (never cut it as oversized because a read ended at `\r`).
                        self.fill()?;
                        continue;
                    }
                }
            }
            let pending = self.end - self.start;
            if pending > self.max_line {
                // Too long to hold: hand out a piece ending on a character boundary.
                let mut cut = self.max_line;
                while cut > self.max_line - 4 && (self.buf[self.start + cut] & 0xC0) == 0x80 {
                    cut -= 1;
                }
                let s = self.start;
                self.start += cut;
                let continued = std::mem::replace(&mut self.in_long_line, true);
                return Ok(Some(Piece { bytes: &self.buf[s..s + cut], ending: None, continued }));
            }
            if self.eof {
                if pending == 0 {
                    return Ok(None);
                }
                let s = self.start;
                self.start = self.end;
                let continued = std::mem::replace(&mut self.in_long_line, false);
                return Ok(Some(Piece { bytes: &self.buf[s..s + pending], ending: Some(Ending::None), continued }));
            }
            self.fill()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(input: &[u8], max: usize) -> Vec<(Vec<u8>, Option<Ending>, bool)> {
        let mut r = LineReader::new(input, max);
        let mut v = Vec::new();
        while let Some(p) = r.next_piece().unwrap() {
            v.push((p.bytes.to_vec(), p.ending, p.continued));
        }
        v
    }

    #[test]
    fn splits_all_endings() {
        let v = pieces(b"a\nb\r\nc\rd", 1 << 20);
        let lines: Vec<_> = v.iter().map(|(b, e, _)| (String::from_utf8_lossy(b).into_owned(), *e)).collect();
        assert_eq!(
            lines,
            vec![
                ("a".into(), Some(Ending::Lf)),
                ("b".into(), Some(Ending::CrLf)),
                ("c".into(), Some(Ending::Cr)),
                ("d".into(), Some(Ending::None)),
            ]
        );
    }

    #[test]
    fn empty_input_has_no_lines_and_blank_lines_count() {
        assert!(pieces(b"", 100).is_empty());
        assert_eq!(pieces(b"\n\n", 100).len(), 2);
    }

    #[test]
    fn crlf_split_across_reads_is_one_ending() {
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() || b.is_empty() {
                    return Ok(0);
                }
                b[0] = self.0[0];
                self.0 = &self.0[1..];
                Ok(1)
            }
        }
        let mut r = LineReader::new(OneByte(b"x\r\ny\r\n"), 64);
        let mut endings = Vec::new();
        while let Some(p) = r.next_piece().unwrap() {
            endings.push(p.ending);
        }
        assert_eq!(endings, vec![Some(Ending::CrLf), Some(Ending::CrLf)]);
    }

    #[test]
    fn lines_longer_than_the_first_buffer_come_whole() {
        // the buffer starts at 64 KiB and grows; a CRLF may straddle its end
        let long = "當".repeat(70_000); // 210 000 bytes
        let mut input = "x".repeat(INITIAL_BUF - 1);
        input.push_str("\r\n");
        input.push_str(&long);
        input.push('\n');
        let v = pieces(input.as_bytes(), DEFAULT_MAX_LINE);
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].0.len(), v[0].1), (INITIAL_BUF - 1, Some(Ending::CrLf)));
        assert_eq!((v[1].0.as_slice(), v[1].1), (long.as_bytes(), Some(Ending::Lf)));
    }

    #[test]
    fn long_line_comes_in_pieces_on_char_boundaries() {
        let line = "當".repeat(100); // 300 bytes
        let input = format!("{line}\nok\n");
        let v = pieces(input.as_bytes(), 64);
        let joined: Vec<u8> = v.iter().take_while(|p| p.0 != b"ok").flat_map(|p| p.0.clone()).collect();
        assert_eq!(joined, line.as_bytes());
        for (bytes, _, _) in &v {
            assert!(std::str::from_utf8(bytes).is_ok());
        }
        assert!(!v[0].2 && v[1].2, "first piece starts the line, the next continues it");
        assert_eq!(v.last().unwrap().0, b"ok");
        assert!(!v.last().unwrap().2);
    }
}
