//! JSON Lines records: one field of each record is cleaned, the rest of the
//! record is written back byte for byte.
//!
//! Each line is parsed once with serde_json, borrowing every value as a
//! [`RawValue`], which gives the byte span of the field's value in the line.
//! The field's string is cleaned with [`Cleaner::clean_str`] (so it becomes
//! what the pipe filter makes of the same text) and only that span is
//! replaced: other fields, key order, numbers of any size, escapes and
//! spacing are kept as they were. A record whose field comes out unchanged is
//! written back unchanged.
//!
//! ```
//! let cleaner = zhclean::Cleaner::new();
//! let input = "{\"id\":7,\"text\":\"县里召开森林防火工作会议，部署今冬明春防火工作。\\n京ICP备14010675号-1\\n\",\"url\":\"http://x\"}\n";
//! let mut out = Vec::new();
//! let opts = zhclean::jsonl::Options::default();
//! let report = zhclean::jsonl::clean_records(&cleaner, input.as_bytes(), &mut out, &opts, |_, _| {}).unwrap();
//! assert_eq!(
//!     String::from_utf8(out).unwrap(),
//!     "{\"id\":7,\"text\":\"县里召开森林防火工作会议，部署今冬明春防火工作。\\n\",\"url\":\"http://x\"}\n"
//! );
//! assert_eq!((report.records, report.bad_records), (1, 0));
//! ```

use std::fmt;
use std::io::{self, BufRead, Write};
use std::ops::Range;

use rayon::prelude::*;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::cleaner::Cleaner;
use crate::engine::{Discard, Report};
use crate::error::Error;
pub use crate::input::records::DEFAULT_MAX_RECORD;
use crate::input::records::{Record, Records};

/// How records are cleaned.
#[derive(Debug, Clone)]
pub struct Options {
    /// The field holding the text to clean.
    pub field: String,
    /// Drop bad records instead of passing them through unchanged.
    pub drop_bad: bool,
    /// With `--explain` rows asked for, write rows for kept lines too (`--explain-all`).
    pub explain_all: bool,
    /// Clean one record at a time and flush the output after each
    /// (`--line-buffered`): a long-lived process answers record by record.
    pub line_buffered: bool,
    /// A record (line) longer than this many bytes is a bad record, read
    /// past without being held, and dropped (`--max-record`).
    pub max_record: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            field: "text".to_string(),
            drop_bad: false,
            explain_all: false,
            line_buffered: false,
            max_record: DEFAULT_MAX_RECORD,
        }
    }
}

/// Why a record could not be cleaned.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The line is not UTF-8.
    #[error("not UTF-8")]
    NotUtf8,
    /// The line is not one JSON object.
    #[error("not a JSON object: {0}")]
    NotJson(#[from] serde_json::Error),
    /// The object has no such field.
    #[error("no field {0:?}")]
    MissingField(String),
    /// The field's value is not a string.
    #[error("field {0:?} is not a string")]
    NotAString(String),
    /// The field appears more than once in the object.
    #[error("field {0:?} appears more than once")]
    DuplicateField(String),
    /// The line is longer than [`Options::max_record`]; it was not read into memory, and is dropped.
    #[error("{0} bytes, longer than the record limit (--max-record); dropped")]
    TooLong(u64),
}

/// What cleaning one record gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The byte span of the field's value (with its quotes) in the line.
    pub span: Range<usize>,
    /// The field's cleaned text, or `None` when cleaning changed nothing.
    pub cleaned: Option<String>,
    /// The counts for the field's text.
    pub report: Report,
    /// Lone surrogate escapes (`\ud800`, as Python writes strings decoded
    /// with `surrogateescape`) in the field, read as U+FFFD.
    pub lone_surrogates: usize,
}

/// The counts of a run over one JSON Lines input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonlReport {
    /// Records read (blank lines are not records).
    pub records: u64,
    /// Records that could not be cleaned.
    pub bad_records: u64,
    /// The counts over every cleaned field; `bytes_in` counts the whole input.
    pub report: Report,
    /// Records whose field held lone surrogate escapes (cleaned with U+FFFD in their place).
    pub lone_surrogate_records: u64,
    /// The line of the first such record.
    pub first_lone_surrogate: Option<u64>,
}

/// Cleans the field `field` of one record (a line, with or without its ending).
///
/// `also` receives every decided line of the field's text (for example an
/// [`ExplainSink`](crate::ExplainSink)). The outer error is a failure of `also`; the inner one
/// says why the record cannot be cleaned.
pub fn clean_record<S: crate::Sink>(
    cleaner: &Cleaner,
    line: &[u8],
    field: &str,
    also: &mut S,
) -> Result<Result<Edit, RecordError>, Error> {
    let (span, text, lone_surrogates) = match find_field(line, field) {
        Ok(found) => found,
        Err(e) => return Ok(Err(e)),
    };
    let cleaned = cleaner.clean_str_with(&text, also)?;
    let changed = cleaned.text != text;
    Ok(Ok(Edit { span, cleaned: changed.then_some(cleaned.text), report: cleaned.report, lone_surrogates }))
}

/// Finds the field's value in a record: its span in the line, its text and
/// how many lone surrogate escapes it had.
fn find_field(line: &[u8], field: &str) -> Result<(Range<usize>, String, usize), RecordError> {
    let s = std::str::from_utf8(line).map_err(|_| RecordError::NotUtf8)?;
    let mut de = serde_json::Deserializer::from_str(s);
    let found = de.deserialize_map(FindField { field })?;
    de.end()?;
    if found.duplicate {
        return Err(RecordError::DuplicateField(field.to_string()));
    }
    let raw = found.raw.ok_or_else(|| RecordError::MissingField(field.to_string()))?;
    let (text, lone) = match serde_json::from_str::<String>(raw.get()) {
        Ok(text) => (text, 0),
        // serde_json refuses lone surrogates, which are valid JSON
        Err(_) => unescape_lossy(raw.get()).ok_or_else(|| RecordError::NotAString(field.to_string()))?,
    };
    // `raw` borrows from `s`: its offset in the line is the distance between the two.
    let start = raw.get().as_ptr() as usize - s.as_ptr() as usize;
    Ok((start..start + raw.get().len(), text, lone))
}

/// Decodes a JSON string literal (quotes included) whose `\u` escapes may
/// hold lone surrogates, each read as U+FFFD; returns the text and how many
/// there were, or `None` if `raw` is not a string literal.
pub(crate) fn unescape_lossy(raw: &str) -> Option<(String, usize)> {
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    let (mut out, mut lone) = (String::with_capacity(body.len()), 0);
    let mut chars = body.chars();
    let hex = |chars: &mut std::str::Chars<'_>| -> Option<u32> {
        let digits: String = chars.by_ref().take(4).collect();
        (digits.len() == 4).then(|| u32::from_str_radix(&digits, 16).ok()).flatten()
    };
    let mut pending_high: Option<u32> = None;
    while let Some(c) = chars.next() {
        let unit = if c == '\\' {
            match chars.next()? {
                'u' => Some(hex(&mut chars)?),
                e => {
                    let c = match e {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        _ => return None,
                    };
                    if pending_high.take().is_some() {
                        out.push('\u{fffd}');
                        lone += 1;
                    }
                    out.push(c);
                    None
                }
            }
        } else {
            if pending_high.take().is_some() {
                out.push('\u{fffd}');
                lone += 1;
            }
            out.push(c);
            None
        };
        let Some(u) = unit else { continue };
        match (pending_high.take(), u) {
            (Some(hi), 0xDC00..=0xDFFF) => {
                out.push(char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00)).unwrap_or('\u{fffd}'))
            }
            (hi, _) => {
                if hi.is_some() {
                    out.push('\u{fffd}');
                    lone += 1;
                }
                match u {
                    0xD800..=0xDBFF => pending_high = Some(u),
                    0xDC00..=0xDFFF => {
                        out.push('\u{fffd}');
                        lone += 1;
                    }
                    _ => out.push(char::from_u32(u)?),
                }
            }
        }
    }
    if pending_high.is_some() {
        out.push('\u{fffd}');
        lone += 1;
    }
    Some((out, lone))
}

struct Found<'de> {
    raw: Option<&'de RawValue>,
    duplicate: bool,
}

struct FindField<'f> {
    field: &'f str,
}

impl<'de> Visitor<'de> for FindField<'_> {
    type Value = Found<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found<'de>, A::Error> {
        let mut found = Found { raw: None, duplicate: false };
        while let Some(key) = map.next_key::<String>()? {
            let value: &'de RawValue = map.next_value()?;
            if key == self.field {
                found.duplicate |= found.raw.is_some();
                found.raw = Some(value);
            }
        }
        Ok(found)
    }
}

/// Cleans every record of a JSON Lines input into `output`, in order.
///
/// A record that cannot be cleaned is handed to `bad` with its line number,
/// then written unchanged (or dropped, with [`Options::drop_bad`]). Blank
/// lines are copied. A UTF-8 byte-order mark at the start is kept. Memory
/// holds a chunk of a few MB of records (or one longer record) at a time.
pub fn clean_records<R: BufRead, W: Write>(
    cleaner: &Cleaner,
    input: R,
    output: W,
    opts: &Options,
    bad: impl FnMut(u64, &RecordError),
) -> Result<JsonlReport, Error> {
    clean_records_explained(cleaner, input, output, opts, None::<&mut io::Sink>, bad)
}

/// Records are read in chunks of about this many bytes (or one record, if
/// longer), whose records are cleaned in parallel and written in order.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// At most this many lines make a chunk.
const CHUNK_LINES: usize = 4096;

/// What became of one line of a chunk.
enum Done {
    /// A blank line, copied.
    Blank,
    /// A record cleaned.
    Edited(Edit),
    /// A record that could not be cleaned.
    Bad(RecordError),
}

/// Cleans one line of a chunk; `rows` gets its `--explain` rows, if asked for.
fn process(
    cleaner: &Cleaner,
    line: &[u8],
    number: u64,
    opts: &Options,
    rows: Option<&mut Vec<u8>>,
) -> Result<Done, Error> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Ok(Done::Blank);
    }
    let result = match rows {
        Some(rows) => {
            let path = format!("#{number}");
            let mut sink = cleaner.explain_sink(Discard, Some(rows), opts.explain_all, &path);
            clean_record(cleaner, line, &opts.field, &mut sink)?
        }
        None => clean_record(cleaner, line, &opts.field, &mut Discard)?,
    };
    Ok(match result {
        Ok(edit) => Done::Edited(edit),
        Err(e) => Done::Bad(e),
    })
}

/// Like [`clean_records`], writing `--explain` rows to `rows` if given (PATH
/// is `#` and the record's line number).
///
/// Records are cleaned in parallel on rayon's current thread pool, a chunk
/// of a few MB at a time, and written in input order.
pub fn clean_records_explained<R: BufRead, W: Write, E: Write>(
    cleaner: &Cleaner,
    input: R,
    output: W,
    opts: &Options,
    mut rows: Option<&mut E>,
    mut bad: impl FnMut(u64, &RecordError),
) -> Result<JsonlReport, Error> {
    let mut out = io::BufWriter::with_capacity(256 * 1024, output);
    // a chunk is filled before it is cleaned: line by line, nothing waits for the next record
    let chunk_lines = if opts.line_buffered { 1 } else { CHUNK_LINES };
    let mut records = Records::new(input, CHUNK_BYTES, chunk_lines).max_record(opts.max_record);
    let mut total = JsonlReport::default();
    let mut chunk: Vec<Record> = Vec::new();
    let explain = rows.is_some();
    let mut more = true;
    while more {
        more = records.next_chunk(&mut chunk)?;
        let too_long = records.take_oversized();
        if let Some((1, line)) = chunk.first_mut() {
            if line.starts_with(BOM) {
                out.write_all(BOM)?;
                line.drain(..BOM.len());
            }
        }
        let done: Vec<Result<(Done, Vec<u8>), Error>> = chunk
            .par_iter()
            .map(|(n, line)| {
                let mut buf = Vec::new();
                if let Some(&(_, len)) = too_long.iter().find(|(m, _)| m == n) {
                    return Ok((Done::Bad(RecordError::TooLong(len)), buf));
                }
                let done = process(cleaner, line, *n, opts, explain.then_some(&mut buf))?;
                Ok((done, buf))
            })
            .collect();
        for ((n, line), done) in chunk.iter().zip(done) {
            let (done, row_bytes) = done?;
            if let Some(rows) = rows.as_mut() {
                rows.write_all(&row_bytes)?;
            }
            match done {
                Done::Blank => out.write_all(line)?,
                Done::Edited(edit) => {
                    total.records += 1;
                    if edit.lone_surrogates > 0 {
                        total.lone_surrogate_records += 1;
                        total.first_lone_surrogate.get_or_insert(*n);
                    }
                    // bytes_in counts whole lines, from the reader
                    total.report += &Report { bytes_in: 0, ..edit.report };
                    match &edit.cleaned {
                        None => out.write_all(line)?,
                        Some(text) => {
                            out.write_all(&line[..edit.span.start])?;
                            serde_json::to_writer(&mut out, text).map_err(io::Error::from)?;
                            out.write_all(&line[edit.span.end..])?;
                        }
                    }
                }
                Done::Bad(e) => {
                    total.records += 1;
                    total.bad_records += 1;
                    bad(*n, &e);
                    if !opts.drop_bad && !matches!(e, RecordError::TooLong(_)) {
                        out.write_all(line)?;
                    }
                }
            }
        }
        if opts.line_buffered {
            out.flush()?;
        }
    }
    total.report.bytes_in = records.bytes_read();
    out.flush()?;
    Ok(total)
}

/// The UTF-8 byte-order mark, kept if a JSON Lines input starts with it.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str, opts: &Options) -> (String, JsonlReport, Vec<(u64, String)>) {
        let cleaner = Cleaner::new();
        let mut out = Vec::new();
        let mut bad = Vec::new();
        let r = clean_records(&cleaner, input.as_bytes(), &mut out, opts, |n, e| bad.push((n, e.to_string()))).unwrap();
        (String::from_utf8(out).unwrap(), r, bad)
    }

    #[test]
    fn span_is_the_value_with_its_quotes() {
        let line = br#"{ "a" : [1, {"text": 2}], "text" : "x\u4e2dy" , "b":null}"#;
        let (span, text, lone) = find_field(line, "text").unwrap();
        assert_eq!(&line[span], br#""x\u4e2dy""#);
        assert_eq!((text.as_str(), lone), ("x中y", 0));
    }

    #[test]
    fn lone_surrogates_are_read_as_replacement_characters() {
        let line = br#"{"text": "a\ud800b\udc00\ud83d\ude00\n\ud800"}"#;
        let (_, text, lone) = find_field(line, "text").unwrap();
        assert_eq!((text.as_str(), lone), ("a\u{fffd}b\u{fffd}\u{1f600}\n\u{fffd}", 3));
    }

    #[test]
    fn bad_records_are_named_and_kept_or_dropped() {
        // a record of prose, which every decision keeps unchanged, and five bad ones
        let input = "{\"text\":\"县里召开森林防火工作会议，部署今冬明春防火工作。\"}\nnot json\n{\"body\":\"x\"}\n\
                     {\"text\":5}\n{\"text\":\"a\",\"text\":\"b\"}\n[1]\n";
        let (out, r, bad) = run(input, &Options::default());
        assert_eq!(out, input);
        assert_eq!((r.records, r.bad_records), (6, 5));
        let lines: Vec<u64> = bad.iter().map(|b| b.0).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
        assert!(bad[1].1.contains("no field \"text\""), "{bad:?}");
        assert!(bad[2].1.contains("not a string"), "{bad:?}");
        assert!(bad[3].1.contains("more than once"), "{bad:?}");
        let (out, _, _) = run(input, &Options { drop_bad: true, ..Options::default() });
        assert_eq!(out, "{\"text\":\"县里召开森林防火工作会议，部署今冬明春防火工作。\"}\n");
    }

    proptest::proptest! {
        #[test]
        fn any_text_round_trips_as_clean_str_cleans_it(text in "(\\PC|[\"\\\\\n\r\t\u{0}-\u{1f}]|当前位置：首页 > 新闻\n|京ICP备14010675号-1\n){0,40}", id in 0u64..u64::MAX) {
            let cleaner = Cleaner::new();
            let before = format!("{{\"id\": {id}, \"text\":");
            let after = ", \"z\": [\"\\u00e9\"]}\n";
            let line = format!("{before}{}{after}", serde_json::to_string(&text).unwrap());
            let mut out = Vec::new();
            let r = clean_records(&cleaner, line.as_bytes(), &mut out, &Options::default(), |_, _| {}).unwrap();
            proptest::prop_assert_eq!(r.bad_records, 0);
            let out = String::from_utf8(out).unwrap();
            proptest::prop_assert!(out.starts_with(&before) && out.ends_with(after), "{}", out);
            let value: String = serde_json::from_str(&out[before.len()..out.len() - after.len()]).unwrap();
            proptest::prop_assert_eq!(value, cleaner.clean_str(&text).text);
        }
    }

    #[test]
    fn chunks_cleaned_in_parallel_come_out_in_order() {
        // the rules alone remove the filing numbers, which shows each record was cleaned
        let cleaner = Cleaner::builder().decision(crate::Decision::Rules).build().unwrap();
        let mut input = String::new();
        for i in 0..(CHUNK_LINES * 2 + 100) {
            match i % 7 {
                0 => input.push_str("not json\n"),
                3 => input.push('\n'),
                _ => {
                    let text = format!("京ICP备{i}号-1\n县里召开第{i}次森林防火工作会议，部署今冬明春防火工作。\n");
                    input.push_str(&serde_json::json!({ "n": i, "text": text }).to_string());
                    input.push('\n');
                }
            }
        }
        let mut expected = String::new();
        let mut expected_bad = Vec::new();
        for (i, line) in input.split_inclusive('\n').enumerate() {
            match clean_record(&cleaner, line.as_bytes(), "text", &mut Discard).unwrap() {
                _ if line.trim().is_empty() => expected.push_str(line),
                Ok(Edit { cleaned: Some(text), span, .. }) => {
                    expected.push_str(&line[..span.start]);
                    expected.push_str(&serde_json::to_string(&text).unwrap());
                    expected.push_str(&line[span.end..]);
                }
                Ok(Edit { cleaned: None, .. }) => expected.push_str(line),
                Err(_) => {
                    expected_bad.push(i as u64 + 1);
                    expected.push_str(line);
                }
            }
        }
        let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let mut out = Vec::new();
        let mut bad = Vec::new();
        let r = pool
            .install(|| clean_records(&cleaner, input.as_bytes(), &mut out, &Options::default(), |n, _| bad.push(n)))
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert_eq!(bad, expected_bad);
        assert!(!expected.contains("ICP"));
        assert_eq!(r.report.bytes_in, input.len() as u64);
    }

    #[test]
    fn blank_lines_and_bom_are_copied() {
        let input = "\u{feff}{\"text\":\"正文第一段，讲的是社区治理的事情。\"}\n\n  \r\n{\"text\":\"第二段。\"}";
        let (out, r, bad) = run(input, &Options::default());
        assert_eq!(out, input);
        assert_eq!((r.records, bad.len()), (2, 0));
    }
}
