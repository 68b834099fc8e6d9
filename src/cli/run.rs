//! What every input of a cleaning run shares, for the pipe and batch drivers:
//! cleaning one input (text or JSON Lines, with `--explain` rows) and its warnings.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::sync::{Mutex, MutexGuard};

use anyhow::{Context, Result};

use super::args::Args;
use zhclean::jsonl::{self, JsonlReport, RowKey};
use zhclean::{Cleaner, Report};

/// What every input of a cleaning run shares: the arguments, the cleaner,
/// and the `--explain-file` the rows go to.
pub struct Run<'a> {
    /// The command line.
    pub args: &'a Args,
    /// The cleaner it describes.
    pub cleaner: &'a Cleaner,
    /// `--explain-file`, open (rows of inputs cleaned at once are written whole, one input at a time).
    pub explain_file: Option<Mutex<BufWriter<File>>>,
}

/// The header line of an `--explain-file`.
fn header(jsonl: bool) -> &'static str {
    if jsonl {
        "path\trecord\tid\tline\tlabel\tkind\trule\ttext\n"
    } else {
        "path\tline\tlabel\tkind\trule\ttext\n"
    }
}

/// Creates `--explain-file` and writes its header.
pub fn open_explain_file(args: &Args) -> Result<Option<Mutex<BufWriter<File>>>> {
    let Some(path) = &args.explain_file else { return Ok(None) };
    let f = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = BufWriter::new(f);
    w.write_all(header(args.jsonl).as_bytes())?;
    Ok(Some(Mutex::new(w)))
}

impl Run<'_> {
    /// Whether `--explain` rows are wanted (on stderr or in `--explain-file`).
    pub fn explain(&self) -> bool {
        self.args.explain || self.args.explain_all || self.explain_file.is_some()
    }

    /// Whether `--explain` rows go to stderr.
    pub fn explain_to_stderr(&self) -> bool {
        self.explain() && self.explain_file.is_none()
    }

    /// `--explain-file`, locked for this thread, if there is one.
    pub fn lock_explain_file(&self) -> io::Result<Option<MutexGuard<'_, BufWriter<File>>>> {
        self.explain_file
            .as_ref()
            .map(|f| f.lock().map_err(|_| io::Error::other("a thread writing --explain-file panicked")))
            .transpose()
    }

    /// Writes whole rows to `--explain-file` if there is one, else to stderr.
    pub fn write_rows(&self, rows: &[u8]) -> io::Result<()> {
        match self.lock_explain_file()? {
            Some(mut f) => f.write_all(rows),
            None => io::stderr().lock().write_all(rows),
        }
    }

    /// Flushes `--explain-file`.
    pub fn finish_rows(&self) -> Result<()> {
        if let (Some(mut f), Some(path)) = (self.lock_explain_file()?, &self.args.explain_file) {
            f.flush().with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
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
        let mut input = HtmlSniff::new(input);
        let result = if args.jsonl {
            let opts = jsonl::Options {
                field: args.field.clone(),
                drop_bad: args.drop_bad_records,
                explain_all: args.explain_all,
                row_key: self
                    .explain_file
                    .is_some()
                    .then(|| RowKey { path: name.to_string(), id_field: args.id_field.clone() }),
            };
            let input = BufReader::with_capacity(256 * 1024, &mut input);
            jsonl::clean_records_explained(cleaner, input, output, &opts, rows, |n, e| {
                say(format!("zhclean: {name}:{n}: bad record: {e}"))
            })
        } else {
            let mut sink = cleaner.explain_sink(zhclean::WriteSink::new(output), rows, args.explain_all, name);
            // what was decided before a read error is still written
            let result = cleaner.clean_into(&mut input, &mut sink);
            let flushed = sink.into_inner().finish();
            match (result, flushed) {
                (Ok(report), Ok(_)) => Ok(JsonlReport { report, ..JsonlReport::default() }),
                (Err(e), _) => Err(e),
                (Ok(_), Err(e)) => Err(e.into()),
            }
        };
        if !args.quiet && input.looks_like_html() {
            say(format!(
                "zhclean: {name}: looks like HTML markup, which is cleaned as text; extract the text first \
                 (for example with trafilatura, `html2text` or `lynx -dump -nolist`), then clean that"
            ));
        }
        result
    }

    /// The warnings about one input (none with `--quiet`).
    pub fn warnings(&self, name: &str, r: &Report) -> Vec<String> {
        let mut w = Vec::new();
        if self.args.quiet {
            return w;
        }
        if r.replaced {
            w.push(format!("zhclean: {name}: invalid {} bytes replaced with U+FFFD", r.encoding));
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

/// A reader that keeps the first bytes read through it, to tell afterwards
/// whether the input was HTML markup rather than the text of a page.
struct HtmlSniff<'r> {
    inner: &'r mut dyn Read,
    head: Vec<u8>,
}

/// Bytes of an input looked at for markup.
const SNIFF_BYTES: usize = 16 * 1024;

impl<'r> HtmlSniff<'r> {
    fn new(inner: &'r mut dyn Read) -> Self {
        HtmlSniff { inner, head: Vec::new() }
    }

    /// Whether the input starts like an HTML document: a doctype or an
    /// `<html>`, `<head>` or `<body>` tag, or many tags (a fragment). A page's
    /// text that mentions a tag or two is not markup.
    fn looks_like_html(&self) -> bool {
        let head = String::from_utf8_lossy(&self.head).to_ascii_lowercase();
        if ["<!doctype html", "<html", "<head>", "<body"].iter().any(|t| head.contains(t)) {
            return true;
        }
        let tags = ["<div", "<p>", "<p ", "<br", "<span", "<a href", "<li>", "<td", "<script", "<meta "];
        tags.iter().map(|t| head.matches(t).count()).sum::<usize>() >= 8
    }
}

impl Read for HtmlSniff<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let room = SNIFF_BYTES.saturating_sub(self.head.len());
        self.head.extend_from_slice(&buf[..n.min(room)]);
        Ok(n)
    }
}
