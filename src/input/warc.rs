//! Reading WARC files (ISO 28500, as Common Crawl writes its WARC and WET
//! files), one record at a time.
//!
//! A record is a version line (`WARC/1.0`), header lines (`Name: value`,
//! continued on lines that start with a space or tab), a blank line, and a
//! block of exactly `Content-Length` bytes. Lines may end with CRLF (as the
//! standard says) or LF, and blank lines between records are skipped. Only a
//! record's headers and block are held in memory; headers are limited to
//! [`MAX_HEADER_BYTES`] so that a file that is not WARC cannot fill memory.
//!
//! This is a small reader of its own: the `warc` crate would bring `chrono`,
//! `url`, `uuid` 0.8, `nom` and a gzip library for what is a header block
//! and a length, and compression is decoded before this reader (see
//! [`crate::input::compress`]).
//!
//! ```
//! let wet = "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://a.cn/1\r\n\
//!            Content-Length: 7\r\n\r\n正文\n\r\n\r\n";
//! let mut reader = zhclean::warc::Reader::new(wet.as_bytes());
//! let record = reader.next_record()?.unwrap();
//! assert_eq!(record.header("warc-target-uri"), Some("https://a.cn/1"));
//! assert!(record.is_page());
//! assert_eq!(record.body, "正文\n".as_bytes());
//! assert!(reader.next_record()?.is_none());
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, BufRead, Read};

/// How every WARC file starts (the version line's first bytes).
pub const MAGIC: &[u8] = b"WARC/";

/// The most bytes a record's version and header lines may take.
pub const MAX_HEADER_BYTES: u64 = 1024 * 1024;

/// Why a WARC input could not be read: wrapped in an [`io::Error`] of kind
/// [`io::ErrorKind::InvalidData`] by [`Reader::next_record`].
#[derive(Debug, thiserror::Error)]
#[error("not a valid WARC file at byte {offset}: {reason}")]
pub struct FormatError {
    /// Where the record (or the line) that is wrong starts, in the (decompressed) input.
    pub offset: u64,
    /// What is wrong.
    pub reason: String,
}

/// One WARC record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The version line's version (`1.0`, `1.1`).
    pub version: String,
    /// The headers in file order, names as written, values trimmed (and
    /// decoded from UTF-8, lossily).
    pub headers: Vec<(String, String)>,
    /// The record's block.
    pub body: Vec<u8>,
    /// Where the record starts in the input.
    pub offset: u64,
}

impl Record {
    /// The first header of this name (case does not matter).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`: `warcinfo`, `response`, `resource`, `conversion`, ...
    pub fn kind(&self) -> Option<&str> {
        self.header("WARC-Type")
    }

    /// Whether the record's block is a page's text: a `conversion` record
    /// (what WET files hold) or a `resource` record of `text/plain`.
    pub fn is_page(&self) -> bool {
        match self.kind().map(str::to_ascii_lowercase).as_deref() {
            Some("conversion") => true,
            Some("resource") => self
                .header("Content-Type")
                .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/plain")),
            _ => false,
        }
    }
}

/// Reads records from a WARC input (decompressed already).
#[derive(Debug)]
pub struct Reader<R> {
    input: R,
    offset: u64,
}

impl<R: BufRead> Reader<R> {
    /// A reader at the start of a WARC input.
    pub fn new(input: R) -> Self {
        Reader { input, offset: 0 }
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.offset
    }

    /// The next record, or `None` at the end of the input. A malformed or
    /// truncated record is an error of kind [`io::ErrorKind::InvalidData`]
    /// holding a [`FormatError`]; reading should stop there.
    pub fn next_record(&mut self) -> io::Result<Option<Record>> {
        let mut budget = MAX_HEADER_BYTES;
        let mut line = Vec::new();
        // blank lines between records (the two CRLFs that end a block, or more)
        let start = loop {
            let at = self.offset;
            if !self.line(&mut line, &mut budget)? {
                return Ok(None);
            }
            if !is_blank(&line) {
                break at;
            }
        };
        let bad = |reason: String| io::Error::new(io::ErrorKind::InvalidData, FormatError { offset: start, reason });
        let Some(version) = line.strip_prefix(MAGIC) else {
            return Err(bad("expected a version line (WARC/1.0)".to_string()));
        };
        let version = String::from_utf8_lossy(trim(version)).into_owned();
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            if !self.line(&mut line, &mut budget)? {
                return Err(bad("the input ends inside the record's headers".to_string()));
            }
            if is_blank(&line) {
                break;
            }
            if line[0] == b' ' || line[0] == b'\t' {
                let Some((_, value)) = headers.last_mut() else {
                    return Err(bad("a continuation line before any header".to_string()));
                };
                value.push(' ');
                value.push_str(&String::from_utf8_lossy(trim(&line)));
                continue;
            }
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                return Err(bad(format!("a header line without a colon: {:?}", String::from_utf8_lossy(trim(&line)))));
            };
            let name = String::from_utf8_lossy(trim(&line[..colon])).into_owned();
            headers.push((name, String::from_utf8_lossy(trim(&line[colon + 1..])).into_owned()));
        }
        let mut record = Record { version, headers, body: Vec::new(), offset: start };
        let length: u64 = match record.header("Content-Length").map(|v| v.parse()) {
            Some(Ok(n)) => n,
            Some(Err(_)) => return Err(bad("Content-Length is not a number".to_string())),
            None => return Err(bad("no Content-Length header".to_string())),
        };
        // grows with the bytes there are, not with what the header claims
        let got = (&mut self.input).take(length).read_to_end(&mut record.body)? as u64;
        self.offset += got;
        if got < length {
            return Err(bad(format!("the input ends inside the record's block ({got} of {length} bytes)")));
        }
        Ok(Some(record))
    }

    /// Reads one line (ending included) into `line`; false at the end of the
    /// input. Each line counts against the header budget.
    fn line(&mut self, line: &mut Vec<u8>, budget: &mut u64) -> io::Result<bool> {
        line.clear();
        let n = (&mut self.input).take(*budget + 1).read_until(b'\n', line)? as u64;
        self.offset += n;
        if n > *budget {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                FormatError {
                    offset: self.offset - n,
                    reason: format!("headers longer than {MAX_HEADER_BYTES} bytes"),
                },
            ));
        }
        *budget -= n;
        Ok(n > 0)
    }
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\r\n" || line == b"\n"
}

fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

/// Whether an input starting with `prefix` is WARC.
pub fn looks_warc(prefix: &[u8]) -> bool {
    prefix.starts_with(MAGIC)
}

/// Reads the first bytes of `input` (no more than it takes to tell) and
/// returns whether it is WARC, and the whole input again.
pub fn sniff<'a, R: Read + 'a>(mut input: R) -> io::Result<(bool, impl Read + 'a)> {
    let prefix = crate::input::compress::peek(&mut input, MAGIC.len(), |p| MAGIC.starts_with(p))?;
    Ok((looks_warc(&prefix), io::Cursor::new(prefix).chain(input)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> io::Result<Vec<Record>> {
        let mut r = Reader::new(input);
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok(out)
    }

    const WET: &str = "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n\
        WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://a.cn/x\r\nWARC-Date: 2024-01-02T03:04:05Z\r\n\
        WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\n正文\r\n\r\n\r\n";

    #[test]
    fn records_with_crlf_or_lf_are_read_with_their_headers() {
        let recs = all(WET.as_bytes()).unwrap();
        assert_eq!(recs.len(), 2);
        assert!(!recs[0].is_page());
        assert_eq!(recs[0].body, b"hello");
        assert!(recs[1].is_page());
        assert_eq!(recs[1].header("WARC-DATE"), Some("2024-01-02T03:04:05Z"));
        assert_eq!(recs[1].body, "正文\r\n".as_bytes());
        assert_eq!(recs[1].offset, WET.find("WARC/1.0\r\nWARC-Type: conv").unwrap() as u64);
        let lf = WET.replace("\r\n", "\n").replace("Content-Length: 8", "Content-Length: 7");
        let recs = all(lf.as_bytes()).unwrap();
        assert_eq!(recs[1].body, "正文\n".as_bytes());
    }

    #[test]
    fn continuation_lines_join_the_header_before() {
        let input = b"WARC/1.1\nWARC-Type: resource\nContent-Type: text/plain;\n  charset=utf-8\nContent-Length: 0\n\n";
        let recs = all(input).unwrap();
        assert_eq!(recs[0].header("content-type"), Some("text/plain; charset=utf-8"));
        assert_eq!(recs[0].version, "1.1");
        assert!(recs[0].is_page());
    }

    #[test]
    fn malformed_and_truncated_records_are_errors_with_their_offset() {
        let cut = &WET.as_bytes()[..WET.len() - 8];
        let e = all(cut).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("ends inside the record's block (4 of 8 bytes)"), "{e}");
        for (input, says) in [
            ("hello\n", "version line"),
            ("WARC/1.0\nContent-Length: x\n\n", "not a number"),
            ("WARC/1.0\nWARC-Type: conversion\n\n", "no Content-Length"),
            ("WARC/1.0\nno colon here\n\n", "without a colon"),
            ("WARC/1.0\nContent-Length: 1\n", "inside the record's headers"),
        ] {
            let e = all(input.as_bytes()).unwrap_err();
            assert!(e.to_string().contains(says), "{input:?}: {e}");
        }
        let e = all(b"\n\nWARC/1.0\nContent-Length: 0\n\n\nbad\n").unwrap_err();
        let inner = e.get_ref().and_then(|e| e.downcast_ref::<FormatError>()).unwrap();
        assert_eq!(inner.offset, 31);
    }

    #[test]
    fn endless_headers_are_refused_in_bounded_memory() {
        let mut input = b"WARC/1.0\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 2 * MAX_HEADER_BYTES as usize));
        let e = all(&input).unwrap_err();
        assert!(e.to_string().contains("headers longer than"), "{e}");
    }
}
