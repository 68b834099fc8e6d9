//! `--explain` rows: one tab-separated line per removed or repaired line,
//! `PATH LINE LABEL KIND RULE TEXT`.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::blocklist::Blocklist;
use crate::engine::{Decided, Sink};
use crate::verdict::Rule;

/// The name of a rule as `--explain` prints it: a family rule such as
/// `breadcrumb:arrows`, or `list:FAMILY:PHRASE` for a blocklist entry.
pub(crate) fn rule_name<'a>(rule: Rule, blocklist: &'a Blocklist) -> Cow<'a, str> {
    match rule {
        Rule::Named(s) => Cow::Borrowed(s),
        Rule::Entry(i) => match blocklist.entries().get(i as usize) {
            Some(e) => Cow::Owned(format!("list:{}:{}", e.family.as_str(), e.phrase)),
            None => Cow::Borrowed("list:?"),
        },
    }
}

/// Writes the row for a decided line, if it was removed or repaired; with
/// `all`, kept lines get a row too (LABEL `keep`, RULE the reason it was
/// kept), blank lines excepted.
fn write_row<W: Write>(w: &mut W, path: &str, d: &Decided<'_>, blocklist: &Blocklist, all: bool) -> io::Result<()> {
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
/// and passes the line on to `inner`; made by
/// [`Cleaner::explain_sink`](crate::Cleaner::explain_sink).
///
/// ```
/// let cleaner = zhclean::Cleaner::new();
/// let (mut out, mut rows) = (Vec::new(), Vec::new());
/// let mut sink = cleaner.explain_sink(zhclean::WriteSink::new(&mut out), Some(&mut rows), false, "-");
/// cleaner.clean_utf8_into("京ICP备14010675号-1\n".as_bytes(), &mut sink).unwrap();
/// sink.into_inner().finish().unwrap();
/// assert_eq!(String::from_utf8(rows).unwrap(), "-\t1\tchrome\tfooter\tfooter:filing-number\t京ICP备14010675号-1\n");
/// ```
pub struct ExplainSink<'a, S: Sink, E: Write> {
    inner: S,
    rows: Option<&'a mut E>,
    all: bool,
    path: Cow<'a, str>,
    blocklist: &'a Blocklist,
}

/// A path as the PATH column writes it: `\`, tab, newline and carriage
/// return escaped as `\\`, `\t`, `\n`, `\r`, so that a row stays one
/// line of six columns whatever the file is called.
fn escape_path(path: &str) -> Cow<'_, str> {
    if !path.contains(['\\', '\t', '\n', '\r']) {
        return Cow::Borrowed(path);
    }
    let mut s = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '\t' => s.push_str("\\t"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            c => s.push(c),
        }
    }
    Cow::Owned(s)
}

impl<'a, S: Sink, E: Write> ExplainSink<'a, S, E> {
    pub(crate) fn new(inner: S, rows: Option<&'a mut E>, all: bool, path: &'a str, blocklist: &'a Blocklist) -> Self {
        ExplainSink { inner, rows, all, path: escape_path(path), blocklist }
    }

    /// The sink the lines were passed on to.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: Sink, E: Write> Sink for ExplainSink<'_, S, E> {
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()> {
        if let Some(rows) = self.rows.as_mut() {
            write_row(*rows, &self.path, d, self.blocklist, self.all)?;
        }
        self.inner.line(d)
    }

    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner.passthrough(bytes)
    }
}
