//! `--explain` rows: one tab-separated line per removed or repaired line,
//! `PATH LINE LABEL KIND RULE TEXT`.

use std::borrow::Cow;
use std::io::{self, Read, Write};

use crate::blocklist::Blocklist;
use crate::cleaner::Cleaner;
use crate::engine::{self, Decided, Report, Sink, WriteSink};
use crate::error::Error;
use crate::verdict::Rule;

/// The name of a rule as `--explain` prints it: a family rule such as
/// `breadcrumb:arrows`, or `list:FAMILY:PHRASE` for a blocklist entry.
pub fn rule_name<'a>(rule: Rule, blocklist: &'a Blocklist) -> Cow<'a, str> {
    match rule {
        Rule::Named(s) => Cow::Borrowed(s),
        Rule::Entry(i) => match blocklist.entries().get(i as usize) {
            Some(e) => Cow::Owned(format!("list:{}:{}", e.family.as_str(), e.phrase)),
            None => Cow::Borrowed("list:?"),
        },
    }
}

/// Writes the row for a decided line, if it was removed or repaired.
///
/// ```
/// # use zhclean::{Cleaner, Sink, Decided};
/// let cleaner = Cleaner::new().unwrap();
/// struct Rows<'a>(&'a Cleaner, Vec<u8>);
/// impl Sink for Rows<'_> {
///     fn line(&mut self, d: &Decided<'_>) -> std::io::Result<()> {
///         zhclean::explain::write_row(&mut self.1, "-", d, self.0.blocklist())
///     }
///     fn passthrough(&mut self, _: &[u8]) -> std::io::Result<()> { Ok(()) }
/// }
/// let mut rows = Rows(&cleaner, Vec::new());
/// zhclean::engine::run_utf8(&cleaner, "京ICP备14010675号-1\n".as_bytes(), &mut rows).unwrap();
/// assert_eq!(String::from_utf8(rows.1).unwrap(), "-\t1\tchrome\tfooter\tfooter:filing-number\t京ICP备14010675号-1\n");
/// ```
pub fn write_row<W: Write>(w: &mut W, path: &str, d: &Decided<'_>, blocklist: &Blocklist) -> io::Result<()> {
    write_row_with(w, path, d, blocklist, false)
}

/// Like [`write_row`]; with `all`, kept lines get a row too (LABEL `keep`,
/// RULE the reason it was kept), blank lines excepted.
pub fn write_row_with<W: Write>(
    w: &mut W,
    path: &str,
    d: &Decided<'_>,
    blocklist: &Blocklist,
    all: bool,
) -> io::Result<()> {
    if d.original.trim().is_empty() {
        return Ok(()); // blank lines follow their neighbours and are not reported
    }
    let (label, kind, rule) = if !d.kept {
        (
            d.verdict.label.name(),
            d.verdict.label.kind().map_or("-", |k| k.as_str()),
            rule_name(d.verdict.rule, blocklist),
        )
    } else if d.repaired {
        ("repair", "-", Cow::Borrowed(d.repairs.rule()))
    } else if all {
        ("keep", d.verdict.label.kind().map_or("-", |k| k.as_str()), rule_name(d.verdict.rule, blocklist))
    } else {
        return Ok(());
    };
    let text = d.original.trim_end();
    write!(w, "{path}\t{}\t{label}\t{kind}\t{rule}\t", d.number)?;
    if text.contains('\t') {
        w.write_all(text.replace('\t', " ").as_bytes())?;
    } else {
        w.write_all(text.as_bytes())?;
    }
    w.write_all(b"\n")
}

/// A [`Sink`] that writes the `--explain` row of every decided line to `rows`
/// and passes the line on to `inner`.
pub struct ExplainSink<'a, S: Sink, E: Write> {
    /// The sink receiving every line.
    pub inner: S,
    /// Where rows go; `None` writes none.
    pub rows: Option<&'a mut E>,
    /// Whether kept lines get a row too (`--explain-all`).
    pub all: bool,
    /// The PATH column.
    pub path: &'a str,
    /// The lists, to name blocklist rules.
    pub blocklist: &'a Blocklist,
}

impl<S: Sink, E: Write> Sink for ExplainSink<'_, S, E> {
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()> {
        if let Some(rows) = self.rows.as_mut() {
            write_row_with(*rows, self.path, d, self.blocklist, self.all)?;
        }
        self.inner.line(d)
    }

    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner.passthrough(bytes)
    }
}

/// Cleans a stream as [`Cleaner::clean_stream`] does, also writing the
/// `--explain` rows of its lines to `rows` (if given; with `all`, rows for
/// kept lines too) with `path` as PATH.
///
/// What was decided before a read error is still written to `output`.
pub fn clean_stream<R: Read, W: Write, E: Write>(
    cleaner: &Cleaner,
    input: R,
    output: W,
    rows: Option<&mut E>,
    all: bool,
    path: &str,
) -> Result<Report, Error> {
    let mut sink = ExplainSink { inner: WriteSink::new(output), rows, all, path, blocklist: cleaner.blocklist() };
    let result = engine::run(cleaner, input, &mut sink);
    let flushed = sink.inner.finish();
    let report = result?;
    flushed?;
    Ok(report)
}
