//! The [`Cleaner`]: built once with its options and lists, shared freely
//! across threads, used for strings, readers and whole files alike. It holds
//! what the engine needs and hands it over; the work is in [`crate::engine`].

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use crate::blocklist::{Blocklist, BlocklistBuilder, Family};
use crate::engine::{self, Decided, Decision, Options, Report, Sink};
use crate::error::Error;
use crate::explain::{self, ExplainSink};
use crate::input::decode::Encoding;
use crate::site::matcher::Matcher;
use crate::verdict::{KindSet, Rule, Verdict};

/// Builds a [`Cleaner`].
///
/// ```
/// use zhclean::{Cleaner, Kind, KindSet};
/// let cleaner = Cleaner::builder()
///     .keep(KindSet::from(Kind::Meta))
///     .repair(false)
///     .build()?;
/// # let _ = cleaner;
/// # Ok::<(), zhclean::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CleanerBuilder {
    options: Options,
    defaults: bool,
    lists: Vec<PathBuf>,
    phrases: Vec<(String, Family)>,
}

impl Default for CleanerBuilder {
    fn default() -> Self {
        CleanerBuilder { options: Options::default(), defaults: true, lists: Vec::new(), phrases: Vec::new() }
    }
}

impl CleanerBuilder {
    /// Whether to repair kept lines (default: yes).
    pub fn repair(mut self, yes: bool) -> Self {
        self.options.repair = yes;
        self
    }

    /// Keeps these chrome kinds instead of removing them (added to any kept before).
    pub fn keep(mut self, kinds: KindSet) -> Self {
        self.options.keep = self.options.keep.union(kinds);
        self
    }

    /// Decodes every input with `encoding` instead of detecting it.
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.options.encoding = Some(encoding);
        self
    }

    /// How lines are finally decided (default: [`Decision::Learned`]).
    pub fn decision(mut self, decision: Decision) -> Self {
        self.options.decision = decision;
        self
    }

    /// Gives every non-blank line its feature row ([`crate::Decided`]`::features`,
    /// for `--dump-features`); by default only the lines the model scores (not prose) have one.
    #[doc(hidden)]
    pub fn feature_rows(mut self, yes: bool) -> Self {
        self.options.feature_rows = yes;
        self
    }

    /// Adds a blocklist file (read when the cleaner is built).
    pub fn blocklist(mut self, path: impl Into<PathBuf>) -> Self {
        self.lists.push(path.into());
        self
    }

    /// Adds one phrase to the lists.
    pub fn phrase(mut self, phrase: &str, family: Family) -> Self {
        self.phrases.push((phrase.to_string(), family));
        self
    }

    /// Whether to start from the built-in lists (default: yes).
    pub fn default_blocklists(mut self, yes: bool) -> Self {
        self.defaults = yes;
        self
    }

    /// Sets the byte length past which a line is passed through unchanged.
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.options.max_line = bytes;
        self
    }

    /// Removes the lines of a learned site template (see [`crate::site`]).
    pub fn template(mut self, template: Arc<Matcher>) -> Self {
        self.options.template = Some(template);
        self
    }

    /// Names the site of the pages to clean, for the template.
    pub fn site(mut self, site: &str) -> Self {
        self.options.site = Some(site.to_string());
        self
    }

    /// How many threads clean one stream ([`Cleaner::clean_stream`],
    /// [`Cleaner::clean_into`], [`Cleaner::clean_utf8_into`]; default 1):
    /// with more than one, blocks of lines are prepared on that many threads
    /// while the calling thread reads, decides them in order and writes. The
    /// output is the same whatever the number; an input that fits in one
    /// block (256 KiB) starts no thread. Strings ([`Cleaner::clean_str`]) are
    /// cleaned on the calling thread.
    pub fn threads(mut self, n: usize) -> Self {
        self.options.threads = n.max(1);
        self
    }

    /// Bytes of lines in one block of a stream cleaned on several threads
    /// (for tests that cross many blocks); not part of the API.
    #[doc(hidden)]
    pub fn block_bytes(mut self, bytes: usize) -> Self {
        self.options.block_bytes = bytes.max(1);
        self
    }

    /// Reads the lists and builds the matcher; fails only when a blocklist file cannot be read.
    pub fn build(self) -> Result<Cleaner, Error> {
        let mut b = if self.defaults { BlocklistBuilder::with_defaults() } else { BlocklistBuilder::new() };
        for path in &self.lists {
            b.add_file(path)?;
        }
        for (p, f) in &self.phrases {
            b.add(p, *f);
        }
        Ok(Cleaner { blocklist: Arc::new(b.build()), options: self.options })
    }
}

/// Removes spam and chrome lines from scraped pages and repairs kept lines.
///
/// A `Cleaner` is `Send + Sync`: build it once and share it between threads.
///
/// ```
/// let cleaner = zhclean::Cleaner::new();
/// let page = "當前位置: 首頁 > 新聞中心 > 正文\n\
///             浙江推進基層治理現代化\n\
///             浙江著力構建共同富裕現代化基本單元,,是社區(qū)治理的重要一環。\n\
///             京ICP备14010675号-1\n";
/// let cleaned = cleaner.clean_str(page);
/// assert_eq!(cleaned.text, "浙江推進基層治理現代化\n浙江著力構建共同富裕現代化基本單元,是社區治理的重要一環。\n");
/// assert_eq!(cleaned.lines.iter().filter(|l| !l.kept).count(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Cleaner {
    blocklist: Arc<Blocklist>,
    options: Options,
}

/// One input line's outcome in a [`Cleaned`] result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOutcome {
    /// Line number, from 1.
    pub number: u64,
    /// Whether the line is in the output.
    pub kept: bool,
    /// The decision and the rule behind it.
    pub verdict: Verdict,
    /// Whether the kept text differs from the input (a repair).
    pub repaired: bool,
}

/// The result of cleaning a whole text in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The cleaned text (UTF-8, each kept line with its own ending).
    pub text: String,
    /// Every input line's outcome, in order.
    pub lines: Vec<LineOutcome>,
    /// The counts (lines, removed by label and kind, repaired, bytes).
    pub report: Report,
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::new()
    }
}

impl Cleaner {
    /// A cleaner with the default options and built-in lists.
    pub fn new() -> Self {
        Cleaner { blocklist: Arc::new(Blocklist::defaults()), options: Options::default() }
    }

    /// Starts building a cleaner.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::default()
    }

    /// The encoding every input is decoded with, if one was set instead of detecting it.
    pub fn encoding(&self) -> Option<Encoding> {
        self.options.encoding
    }

    /// What was wrong in the blocklists but did not stop them from loading
    /// (an unknown `#! kind:` directive), one message each.
    pub fn warnings(&self) -> &[String] {
        self.blocklist.warnings()
    }

    /// Whether a learned site template is in use.
    pub fn has_template(&self) -> bool {
        self.options.template.is_some()
    }

    /// The name of a rule as `--explain` prints it: a family rule such as
    /// `breadcrumb:arrows`, or `list:FAMILY:PHRASE` for a blocklist entry.
    pub fn rule_name(&self, rule: Rule) -> std::borrow::Cow<'_, str> {
        explain::rule_name(rule, &self.blocklist)
    }

    /// A sink that writes the `--explain` row of every line it receives to
    /// `rows` (if any; with `all`, rows for kept lines too) with `path` as
    /// the PATH column (escaped as every field is), and passes each line on to `inner`.
    pub fn explain_sink<'a, S: Sink, E: Write>(
        &'a self,
        inner: S,
        rows: Option<&'a mut E>,
        all: bool,
        path: &'a str,
    ) -> ExplainSink<'a, S, E> {
        ExplainSink::new(inner, rows, all, explain::escape(path), &self.blocklist)
    }

    /// Like [`Cleaner::explain_sink`], with `columns` written as they are
    /// before the LINE column (several tab-separated fields, escaped already).
    pub(crate) fn explain_sink_columns<'a, S: Sink, E: Write>(
        &'a self,
        inner: S,
        rows: Option<&'a mut E>,
        all: bool,
        columns: String,
    ) -> ExplainSink<'a, S, E> {
        ExplainSink::new(inner, rows, all, std::borrow::Cow::Owned(columns), &self.blocklist)
    }

    /// The same cleaner for pages of another site (for its template); cheap.
    pub fn for_site(&self, site: Option<&str>) -> Cleaner {
        let mut c = self.clone();
        c.options.site = site.map(str::to_string);
        c
    }

    /// Cleans a text held in memory.
    pub fn clean_str(&self, text: &str) -> Cleaned {
        let mut out = Cleaned { text: String::with_capacity(text.len()), lines: Vec::new(), report: Report::default() };
        // Text is already UTF-8 and `Discard` never fails: no error can arise.
        if let Ok(report) = self.clean_str_into(text, &mut engine::Discard, &mut out) {
            out.report = report;
        }
        out
    }

    /// Like [`Cleaner::clean_str`], also handing every decided line to `also`;
    /// fails only when `also` does.
    pub fn clean_str_with<S: Sink>(&self, text: &str, also: &mut S) -> Result<Cleaned, Error> {
        let mut out = Cleaned { text: String::with_capacity(text.len()), lines: Vec::new(), report: Report::default() };
        out.report = self.clean_str_into(text, also, &mut out)?;
        Ok(out)
    }

    fn clean_str_into<S: Sink>(&self, text: &str, also: &mut S, out: &mut Cleaned) -> Result<Report, Error> {
        struct Collect<'a, S> {
            out: &'a mut Cleaned,
            also: &'a mut S,
        }
        impl<S: Sink> Sink for Collect<'_, S> {
            fn line(&mut self, d: &Decided<'_>) -> std::io::Result<()> {
                if d.kept {
                    self.out.text.push_str(d.text);
                    self.out.text.push_str(d.ending.as_str());
                }
                self.out.lines.push(LineOutcome {
                    number: d.number,
                    kept: d.kept,
                    verdict: d.verdict,
                    repaired: d.repaired,
                });
                self.also.line(d)
            }
            fn passthrough(&mut self, bytes: &[u8]) -> std::io::Result<()> {
                self.out.text.push_str(&String::from_utf8_lossy(bytes));
                self.also.passthrough(bytes)
            }
        }
        let mut sink = Collect { out, also };
        // Text is already UTF-8: no detection, no decoding errors, no read errors.
        engine::run_utf8(&self.options, &self.blocklist, text.as_bytes(), &mut sink, 1)
    }

    /// Cleans a byte stream (any supported encoding) into UTF-8 on `output`.
    ///
    /// Memory stays bounded whatever the input's size.
    pub fn clean_stream<R: Read, W: Write>(&self, input: R, output: W) -> Result<Report, Error> {
        let mut sink = engine::WriteSink::new(output);
        let report = self.clean_into(input, &mut sink)?;
        sink.finish()?;
        Ok(report)
    }

    /// Cleans a byte stream (any supported encoding), handing every decided
    /// line to `sink` in input order.
    pub fn clean_into<R: Read, S: Sink>(&self, input: R, sink: &mut S) -> Result<Report, Error> {
        engine::run(&self.options, &self.blocklist, input, sink, self.options.threads)
    }

    /// [`Cleaner::clean_into`] on the calling thread alone, whatever
    /// [`CleanerBuilder::threads`] says: for drivers that clean many inputs
    /// at once on a thread pool already (WARC records).
    pub(crate) fn clean_into_here<R: Read, S: Sink>(&self, input: R, sink: &mut S) -> Result<Report, Error> {
        engine::run(&self.options, &self.blocklist, input, sink, 1)
    }

    /// Like [`Cleaner::clean_into`] for input known to be UTF-8: nothing is
    /// detected, and a line that is not UTF-8 is decoded as GB18030 if it is
    /// that, else with replacement characters.
    pub fn clean_utf8_into<R: Read, S: Sink>(&self, input: R, sink: &mut S) -> Result<Report, Error> {
        engine::run_utf8(&self.options, &self.blocklist, input, sink, self.options.threads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Kind;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn cleaner_is_send_and_sync() {
        assert_send_sync::<Cleaner>();
    }

    #[test]
    fn keep_option_keeps_a_kind() {
        let page = "標題在這裡\n時間:2022-01-04   瀏覽量:128 次  來源:中國社區報\n正文第一段，講的是社區治理的事情，內容很長很長很長。\n";
        let plain = Cleaner::new().clean_str(page);
        assert!(!plain.text.contains("瀏覽量"));
        let with_meta = Cleaner::builder().keep(KindSet::from(Kind::Meta)).build().unwrap().clean_str(page);
        assert!(with_meta.text.contains("瀏覽量"));
    }

    #[test]
    fn a_byline_above_a_bare_timestamp_stays() {
        let page = "首页 > 10%公司\n共享充电宝涨价告别1元时代\n\n石佳/中国青年报\n\n 2019-09-24 09:10\n\n\
                    近日，共享充电宝涨价的消息引发关注，不少城市的价格已经涨到每小时三元。\n";
        // the rules' dateline logic (the learned decision weighs it as evidence)
        let c = Cleaner::builder().decision(Decision::Rules).build().unwrap().clean_str(page);
        assert!(c.text.contains("石佳/中国青年报\n"), "{}", c.text);
        assert!(!c.text.contains("2019-09-24"), "{}", c.text);
    }

    #[test]
    fn no_repair_option() {
        let page = "社區(qū)治理是一項長期工作，需要久久為功。\n";
        let c = Cleaner::builder().repair(false).build().unwrap();
        assert_eq!(c.clean_str(page).text, page);
        assert_eq!(Cleaner::new().clean_str(page).text, "社區治理是一項長期工作，需要久久為功。\n");
    }
}
