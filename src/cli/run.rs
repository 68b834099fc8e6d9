//! What every input of a cleaning run shares, for the pipe and batch drivers:
//! cleaning one input (text, NUL-separated pages, JSON Lines or WARC, with
//! `--explain` rows) and its warnings. Inputs arrive decompressed.

use std::io::{self, BufRead, BufReader, Read, Write};

use super::args::Args;
use zhclean::jsonl::{self, JsonlReport};
use zhclean::{warc, Cleaner, Report};

/// What every input of a cleaning run shares: the arguments and the cleaner.
pub struct Run<'a> {
    /// The command line.
    pub args: &'a Args,
    /// The cleaner it describes.
    pub cleaner: &'a Cleaner,
}

impl Run<'_> {
    /// Whether `--explain` rows are wanted.
    pub fn explain(&self) -> bool {
        self.args.explain || self.args.explain_all
    }

    /// Cleans one input, text or JSON Lines, into `output` with `cleaner`
    /// (this run's, or one for the input's site); bad records are named through `say`.
    pub fn clean_one<E: Write>(
        &self,
        cleaner: &Cleaner,
        name: &str,
        input: &mut dyn Read,
        output: &mut dyn Write,
        rows: Option<&mut E>,
        say: &dyn Fn(String),
    ) -> Result<JsonlReport, zhclean::Error> {
        let args = self.args;
        if args.jsonl {
            let opts = jsonl::Options {
                field: args.field.clone(),
                drop_bad: args.drop_bad_records,
                explain_all: args.explain_all,
                line_buffered: args.line_buffered,
                max_record: args.max_record,
            };
            let input = BufReader::with_capacity(256 * 1024, input);
            return jsonl::clean_records_explained(cleaner, input, output, &opts, rows, |n, e| {
                say(format!("zhclean: {name}:{n}: bad record: {e}"))
            });
        }
        if args.null_data {
            return self.clean_pages(cleaner, name, input, output, rows);
        }
        let (is_warc, mut input) = warc::sniff(input)?;
        if args.warc || is_warc {
            if args.in_place {
                // its JSON Lines would replace the WARC file, and its other records be lost
                return Err(zhclean::Error::Unfit(
                    "a WARC file is cleaned to JSON Lines, which would replace it; not rewritten (use -o)".into(),
                ));
            }
            let opts = warc::Options {
                line_buffered: args.line_buffered,
                explain_all: args.explain_all,
                name: name.to_string(),
            };
            let input = BufReader::with_capacity(256 * 1024, input);
            let r = warc::clean_warc(cleaner, input, output, &opts, rows)?;
            if r.responses > 0 && !args.quiet {
                say(format!(
                    "zhclean: {name}: {} response record(s) skipped: HTML is not cleaned (convert it to text first, as WET files are)",
                    r.responses
                ));
            }
            return Ok(JsonlReport { report: r.report, ..JsonlReport::default() });
        }
        let report = self.clean_text(cleaner, name, &mut input, &mut *output, rows)?;
        if args.line_buffered {
            output.flush()?;
        }
        Ok(JsonlReport { report, ..JsonlReport::default() })
    }

    /// Cleans one page of text (streaming, in bounded memory).
    fn clean_text<E: Write>(
        &self,
        cleaner: &Cleaner,
        name: &str,
        input: &mut dyn Read,
        output: &mut dyn Write,
        rows: Option<&mut E>,
    ) -> Result<Report, zhclean::Error> {
        let mut sink = cleaner.explain_sink(zhclean::WriteSink::new(output), rows, self.args.explain_all, name);
        // what was decided before a read error is still written
        let result = cleaner.clean_into(input, &mut sink);
        let flushed = sink.into_inner().finish();
        let report = result?;
        flushed?;
        Ok(report)
    }

    /// `-0`: pages separated by NUL bytes, each cleaned on its own and
    /// followed by a NUL (as `grep -z` writes); `--explain` rows name page N
    /// of an input `NAME#N`.
    fn clean_pages<E: Write>(
        &self,
        cleaner: &Cleaner,
        name: &str,
        input: &mut dyn Read,
        output: &mut dyn Write,
        mut rows: Option<&mut E>,
    ) -> Result<JsonlReport, zhclean::Error> {
        let mut input = BufReader::with_capacity(64 * 1024, input);
        let mut total = JsonlReport::default();
        let mut page = 0u64;
        while !input.fill_buf()?.is_empty() {
            page += 1;
            let mut one = UntilNul { input: &mut input, done: false };
            let report =
                self.clean_text(cleaner, &format!("{name}#{page}"), &mut one, &mut *output, rows.as_deref_mut())?;
            total.report += &report;
            output.write_all(b"\0")?;
            if self.args.line_buffered {
                output.flush()?;
            }
        }
        Ok(total)
    }

    /// The warnings about one input (none with `--quiet`).
    pub fn warnings(&self, name: &str, summary: &JsonlReport) -> Vec<String> {
        let mut w = Vec::new();
        if self.args.quiet {
            return w;
        }
        let r = &summary.report;
        if let Some(first) = summary.first_lone_surrogate {
            w.push(format!(
                "zhclean: {name}:{first}: {} record(s) had lone surrogate escapes (\\ud800 ...), cleaned with U+FFFD in their place",
                summary.lone_surrogate_records
            ));
        }
        // summed over the pages of -0 or WARC input, a report names no one encoding
        if r.replaced {
            w.push(match r.encoding {
                "" => format!("zhclean: {name}: invalid bytes replaced with U+FFFD"),
                e => format!("zhclean: {name}: invalid {e} bytes replaced with U+FFFD"),
            });
        }
        if r.encoding_guessed {
            w.push(match r.encoding {
                "" => {
                    format!("zhclean: {name}: too little text to be sure of a page's encoding (use --encoding to say)")
                }
                e => format!(
                    "zhclean: {name}: too little text to be sure of its encoding; read as {e} (use --encoding to say)"
                ),
            });
        }
        if r.gb18030_lines > 0 {
            w.push(format!("zhclean: {name}: {} line(s) were not UTF-8 and were decoded as GB18030", r.gb18030_lines));
        }
        if r.oversized_lines > 0 {
            w.push(format!(
                "zhclean: {name}: {} line(s) longer than {} bytes passed through unchanged",
                r.oversized_lines, self.args.max_line
            ));
        }
        w
    }
}

/// One NUL-terminated page of a `BufRead`: reads up to the next NUL (which
/// it consumes) or the end of the input, so each page streams in bounded memory.
struct UntilNul<'a, R> {
    input: &'a mut R,
    done: bool,
}

impl<R: BufRead> Read for UntilNul<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        let available = self.input.fill_buf()?;
        let (n, end) = match memchr::memchr(0, available) {
            Some(i) if i <= buf.len() => (i, true),
            _ => (available.len().min(buf.len()), available.is_empty()),
        };
        buf[..n].copy_from_slice(&available[..n]);
        let nul = end && n < available.len();
        self.input.consume(n + usize::from(nul));
        self.done = end;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_end_at_each_nul_whatever_the_buffer_sizes() {
        let input = b"one\ntwo\0\0three\0four".to_vec();
        for cap in [1, 2, 3, 64] {
            let mut r = BufReader::with_capacity(cap, &input[..]);
            let mut pages = Vec::new();
            while !r.fill_buf().unwrap().is_empty() {
                let mut page = Vec::new();
                let mut one = UntilNul { input: &mut r, done: false };
                let mut buf = [0u8; 2];
                loop {
                    let n = one.read(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    page.extend_from_slice(&buf[..n]);
                }
                pages.push(String::from_utf8(page).unwrap());
            }
            assert_eq!(pages, ["one\ntwo", "", "three", "four"], "capacity {cap}");
        }
    }
}
