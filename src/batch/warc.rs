//! WARC input (WET files and the like) cleaned to JSON Lines: each page
//! record's block is one page, cleaned as the pipe filter cleans a page
//! (its encoding detected), and written as one JSON object with the
//! record's `url` (`WARC-Target-URI`), `date` (`WARC-Date`), `id`
//! (`WARC-Record-ID`) and the cleaned `text`; a missing header is `null`.
//!
//! Page records are `conversion` records and `resource` records of
//! `text/plain` ([`Record::is_page`]); the others (`warcinfo`, `request`,
//! `response` with HTML, `metadata`, ...) are not pages and are skipped,
//! the `response` ones counted.
//!
//! ```
//! let wet = "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://a.cn/1\r\n\
//!            WARC-Date: 2024-05-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:7>\r\nContent-Length: 96\r\n\r\n\
//!            县里召开森林防火工作会议，部署今冬明春防火工作。\n京ICP备14010675号-1\n\r\n\r\n";
//! let mut out = Vec::new();
//! let r = zhclean::warc::clean_warc(&zhclean::Cleaner::new(), wet.as_bytes(), &mut out, &Default::default(), None::<&mut Vec<u8>>)?;
//! assert_eq!(r.pages, 1);
//! assert_eq!(
//!     String::from_utf8(out).unwrap(),
//!     "{\"url\":\"https://a.cn/1\",\"date\":\"2024-05-01T00:00:00Z\",\"id\":\"<urn:uuid:7>\",\
//!      \"text\":\"县里召开森林防火工作会议，部署今冬明春防火工作。\\n\"}\n"
//! );
//! # Ok::<(), zhclean::Error>(())
//! ```

use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::cleaner::Cleaner;
use crate::engine::{Report, WriteSink};
use crate::error::Error;
pub use crate::input::warc::{looks_warc, sniff, FormatError, Reader, Record, MAGIC, MAX_HEADER_BYTES};

/// How WARC records are cleaned.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Clean one record at a time and flush the output after each (`--line-buffered`).
    pub line_buffered: bool,
    /// With `--explain` rows asked for, write rows for kept lines too.
    pub explain_all: bool,
    /// The input's name, for the PATH of `--explain` rows (`NAME#N` for page record N).
    pub name: String,
}

/// The counts of one WARC input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarcReport {
    /// Records read, pages or not.
    pub records: u64,
    /// Page records cleaned (one output line each).
    pub pages: u64,
    /// `response` records skipped (HTML: not a page's text).
    pub responses: u64,
    /// The counts over every page; `bytes_in` counts the whole input.
    pub report: Report,
}

/// One output line.
#[derive(Serialize)]
struct Page<'a> {
    url: Option<&'a str>,
    date: Option<&'a str>,
    id: Option<&'a str>,
    text: &'a str,
}

/// Page records are read this many bytes (or one record) at a time and cleaned in parallel.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// Cleans every page record of a WARC input into JSON Lines on `output`,
/// in order, on rayon's current thread pool; `rows` gets the `--explain`
/// rows if given. Reading stops with an error at a malformed or truncated
/// record, after the pages before it are written.
pub fn clean_warc<R: BufRead, W: Write, E: Write>(
    cleaner: &Cleaner,
    input: R,
    output: W,
    opts: &Options,
    mut rows: Option<&mut E>,
) -> Result<WarcReport, Error> {
    let mut out = io::BufWriter::with_capacity(256 * 1024, output);
    let mut reader = Reader::new(input);
    let mut total = WarcReport::default();
    let explain = rows.is_some();
    let mut chunk: Vec<(u64, Record)> = Vec::new();
    let mut ended = false;
    // a chunk waits for its last record: line by line, one record is a chunk
    let max_records = if opts.line_buffered { 1 } else { usize::MAX };
    while !ended {
        // a chunk of page records; an error ends the input after the chunk read so far
        let mut size = 0;
        let mut failure = None;
        while size < CHUNK_BYTES && chunk.len() < max_records {
            match reader.next_record() {
                Ok(Some(record)) => {
                    total.records += 1;
                    if record.is_page() {
                        total.pages += 1;
                        size += record.body.len();
                        chunk.push((total.pages, record));
                    } else if record.kind().is_some_and(|k| k.eq_ignore_ascii_case("response")) {
                        total.responses += 1;
                    }
                }
                Ok(None) => {
                    ended = true;
                    break;
                }
                Err(e) => {
                    failure = Some(e);
                    ended = true;
                    break;
                }
            }
        }
        let done: Vec<Result<Done, Error>> =
            chunk.par_iter().map(|(n, record)| clean_page(cleaner, *n, record, opts, explain)).collect();
        for done in done {
            let done = done?;
            if let Some(rows) = rows.as_mut() {
                rows.write_all(&done.rows)?;
            }
            total.report += &Report { bytes_in: 0, ..done.report };
            out.write_all(&done.line)?;
            if opts.line_buffered {
                out.flush()?;
            }
        }
        chunk.clear();
        if let Some(e) = failure {
            out.flush()?;
            return Err(e.into());
        }
    }
    total.report.bytes_in = reader.bytes_read();
    out.flush()?;
    Ok(total)
}

/// One page record, cleaned.
struct Done {
    /// Its JSON Lines record, ending included.
    line: Vec<u8>,
    /// Its `--explain` rows.
    rows: Vec<u8>,
    report: Report,
}

/// Cleans page record `n`'s block as a page and makes its output line.
fn clean_page(cleaner: &Cleaner, n: u64, record: &Record, opts: &Options, explain: bool) -> Result<Done, Error> {
    let (mut text, mut rows) = (Vec::new(), Vec::new());
    let path = format!("{}#{n}", opts.name);
    let mut sink =
        cleaner.explain_sink(WriteSink::new(&mut text), explain.then_some(&mut rows), opts.explain_all, &path);
    // records are cleaned at once on the pool's threads: each on its own thread
    let report = cleaner.clean_into_here(&record.body[..], &mut sink)?;
    sink.into_inner().finish()?;
    let mut line = serde_json::to_vec(&Page {
        url: record.header("WARC-Target-URI"),
        date: record.header("WARC-Date"),
        id: record.header("WARC-Record-ID"),
        // the cleaner writes UTF-8
        text: &String::from_utf8_lossy(&text),
    })
    .map_err(io::Error::from)?;
    line.push(b'\n');
    Ok(Done { line, rows, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, url: &str, body: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        )
    }

    #[test]
    fn pages_come_out_in_order_whatever_the_chunking() {
        let cleaner = Cleaner::new();
        let mut input = record("warcinfo", "", "x");
        for i in 0..300 {
            input.push_str(&record("response", "https://h.cn/r", "HTTP/1.1 200 OK\r\n\r\n<html>"));
            input.push_str(&record(
                "conversion",
                &format!("https://h.cn/{i}"),
                &format!("第{i}页的正文。\n京ICP备14010675号-1\n"),
            ));
        }
        for line_buffered in [false, true] {
            let mut out = Vec::new();
            let opts = Options { line_buffered, ..Options::default() };
            let r = clean_warc(&cleaner, input.as_bytes(), &mut out, &opts, None::<&mut Vec<u8>>).unwrap();
            assert_eq!((r.records, r.pages, r.responses), (601, 300, 300));
            let lines: Vec<serde_json::Value> =
                String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            assert_eq!(lines.len(), 300);
            for (i, l) in lines.iter().enumerate() {
                assert_eq!(l["url"], format!("https://h.cn/{i}"));
                assert_eq!(l["text"], format!("第{i}页的正文。\n"));
                assert!(l["date"].is_null() && l["id"].is_null());
            }
            assert_eq!(r.report.bytes_in, input.len() as u64);
        }
    }

    #[test]
    fn a_bad_record_is_an_error_after_the_pages_before_it() {
        let input = record("conversion", "https://a.cn/1", "正文。\n") + "WARC/1.0\r\nContent-Length: 99\r\n\r\nshort";
        let mut out = Vec::new();
        let e = clean_warc(&Cleaner::new(), input.as_bytes(), &mut out, &Options::default(), None::<&mut Vec<u8>>)
            .unwrap_err();
        assert!(e.to_string().contains("5 of 99 bytes"), "{e}");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"url\":\"https://a.cn/1\",\"date\":null,\"id\":null,\"text\":\"正文。\\n\"}\n"
        );
    }
}
