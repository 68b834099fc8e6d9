//! The streaming engine: bytes in, decided lines out, in bounded memory.
//!
//! Input is decoded to UTF-8 (see [`crate::input::decode`]), split into lines with
//! memchr (see [`crate::input::lines`]) and each line is measured and matched once
//! as it arrives. A line is decided as soon as the context pass knows enough:
//! prose and strongly-identified lines at once, short lines when the next
//! anchor (or the lookahead limit, [`Options::lookahead`](crate::Options)) is
//! reached. So at most a few dozen lines are held at any time.
//!
//! A line longer than [`Options::max_line`](crate::Options) bytes (1 MiB by
//! default) is never held whole: the lines before it are decided, then it is
//! written through unchanged (kept, neither classified nor repaired), piece by
//! piece, and counted in [`Report::oversized_lines`].

use std::collections::VecDeque;
use std::io::{self, BufWriter, Read, Write};

use encoding_rs::UTF_8;

use crate::blocklist::{Coverage, Hit};
use crate::cleaner::Cleaner;
pub mod context;

use crate::error::Error;
use crate::input::decode::{sniff, Transcoder};
use crate::input::lines::{Ending, LineReader};
use crate::rules::{self, Finding, LineView, Measure, Shape};
use crate::site::file::{kind_by_position, LineSet, LEARNED};
use crate::text::repair::{repair, Repairs};
use crate::verdict::{Kind, Label, Rule, Verdict};
use context::{Anchor, Class, Side, Title};

/// One decided line, handed to a [`Sink`].
#[derive(Debug, Clone, Copy)]
pub struct Decided<'a> {
    /// Line number, from 1.
    pub number: u64,
    /// The text to write if kept: the repaired line, or the input line.
    pub text: &'a str,
    /// The input line as decoded.
    pub original: &'a str,
    /// The line's ending in the input.
    pub ending: Ending,
    /// Whether the line is written.
    pub kept: bool,
    /// The decision and its rule (for a kept chrome kind the chrome label stays).
    pub verdict: Verdict,
    /// Whether `text` differs from `original`.
    pub repaired: bool,
    /// The repairs made.
    pub repairs: Repairs,
}

/// Receives decided lines in input order.
pub trait Sink {
    /// A decided line (kept or not).
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()>;
    /// Bytes of an oversized line, written through unchanged.
    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()>;
}

/// Counts of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The encoding the input was decoded with.
    pub encoding: &'static str,
    /// Input lines.
    pub lines: u64,
    /// Lines written out.
    pub kept: u64,
    /// Lines removed as spam.
    pub spam: u64,
    /// Lines removed as chrome, by kind (in [`Kind::ALL`] order).
    pub chrome: [u64; 7],
    /// Kept lines that were repaired.
    pub repaired: u64,
    /// Bytes read.
    pub bytes_in: u64,
    /// Whether malformed bytes were replaced by U+FFFD.
    pub replaced: bool,
    /// Lines of a UTF-8 input that were not UTF-8 but valid GB18030, decoded as such.
    pub gb18030_lines: u64,
    /// Lines longer than the limit, passed through unchanged.
    pub oversized_lines: u64,
}

impl Report {
    /// Lines removed as chrome of all kinds.
    pub fn chrome_total(&self) -> u64 {
        self.chrome.iter().sum()
    }

    /// Adds another report's counts to this one.
    pub fn add(&mut self, o: &Report) {
        self.lines += o.lines;
        self.kept += o.kept;
        self.spam += o.spam;
        for (a, b) in self.chrome.iter_mut().zip(o.chrome) {
            *a += b;
        }
        self.repaired += o.repaired;
        self.bytes_in += o.bytes_in;
        self.replaced |= o.replaced;
        self.gb18030_lines += o.gb18030_lines;
        self.oversized_lines += o.oversized_lines;
    }
}

/// A [`Sink`] writing kept lines to a writer through a large buffer.
pub struct WriteSink<W: Write> {
    out: BufWriter<W>,
    bytes: u64,
}

impl<W: Write> WriteSink<W> {
    /// Wraps a writer.
    pub fn new(w: W) -> Self {
        WriteSink { out: BufWriter::with_capacity(256 * 1024, w), bytes: 0 }
    }

    /// Bytes written so far.
    pub fn bytes_written(&self) -> u64 {
        self.bytes
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

impl<W: Write> Sink for WriteSink<W> {
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()> {
        if d.kept {
            self.out.write_all(d.text.as_bytes())?;
            self.out.write_all(d.ending.as_bytes())?;
            self.bytes += (d.text.len() + d.ending.as_bytes().len()) as u64;
        }
        Ok(())
    }

    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.bytes += bytes.len() as u64;
        self.out.write_all(bytes)
    }
}

/// A [`Sink`] that drops everything (for callers that only want the [`Report`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl Sink for Discard {
    fn line(&mut self, _: &Decided<'_>) -> io::Result<()> {
        Ok(())
    }

    fn passthrough(&mut self, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// Detects the input's encoding (unless forced), decodes and cleans it.
pub fn run<R: Read, S: Sink>(cleaner: &Cleaner, input: R, sink: &mut S) -> Result<Report, Error> {
    // Count the bytes as they come in: after transcoding, the splitter sees UTF-8.
    let mut input = Counted { inner: input, bytes: 0 };
    let (det, body) = sniff(&mut input, cleaner.options().encoding)?;
    let mut report = if det.encoding == UTF_8 {
        run_utf8(cleaner, body, sink)?
    } else {
        let mut t = Transcoder::new(body, det.encoding);
        let mut r = run_decoded(cleaner, &mut t, sink, false)?;
        r.replaced |= t.had_replacements();
        r
    };
    report.encoding = det.encoding.name();
    report.bytes_in = input.bytes;
    Ok(report)
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Cleans input that is UTF-8 (a line that is not is decoded as GB18030 if
/// that is clean, else with replacement characters).
pub fn run_utf8<R: Read, S: Sink>(cleaner: &Cleaner, input: R, sink: &mut S) -> Result<Report, Error> {
    let mut r = run_decoded(cleaner, input, sink, true)?;
    r.encoding = UTF_8.name();
    Ok(r)
}

fn run_decoded<R: Read, S: Sink>(cleaner: &Cleaner, input: R, sink: &mut S, raw_utf8: bool) -> Result<Report, Error> {
    let mut reader = LineReader::new(input, cleaner.options().max_line);
    let mut engine = Engine::new(cleaner);
    let mut in_long = false;
    let mut scratch = String::new();
    while let Some(piece) = reader.next_piece()? {
        if piece.ending.is_none() || in_long {
            // a piece of an oversized line
            if !in_long {
                engine.flush(sink)?;
                engine.report.oversized_lines += 1;
                in_long = true;
            }
            match simdutf8::basic::from_utf8(piece.bytes) {
                Ok(_) => sink.passthrough(piece.bytes)?,
                Err(_) => {
                    engine.report.replaced = true;
                    sink.passthrough(String::from_utf8_lossy(piece.bytes).as_bytes())?
                }
            }
            if let Some(e) = piece.ending {
                sink.passthrough(e.as_bytes())?;
                engine.end_oversized();
                in_long = false;
            }
            continue;
        }
        let ending = piece.ending.unwrap_or(Ending::None);
        match simdutf8::basic::from_utf8(piece.bytes) {
            Ok(text) => engine.push(text, ending, sink)?,
            Err(_) => {
                scratch.clear();
                let strict = raw_utf8
                    .then(|| encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(piece.bytes))
                    .flatten();
                match strict {
                    Some(text) => {
                        engine.report.gb18030_lines += 1;
                        scratch.push_str(&text);
                    }
                    None => {
                        engine.report.replaced = true;
                        scratch.push_str(&String::from_utf8_lossy(piece.bytes));
                    }
                }
                engine.push(&scratch, ending, sink)?;
            }
        }
    }
    engine.finish(sink)?;
    let mut report = std::mem::take(&mut engine.report);
    report.bytes_in = reader.bytes_read();
    Ok(report)
}

/// Bytes of queued lines past which the front line is decided without more lookahead.
const WINDOW_BYTES: usize = 4 * 1024 * 1024;

/// A line waiting for its decision.
struct Pending {
    text: String,
    fixed: Option<String>,
    repairs: Repairs,
    ending: Ending,
    number: u64,
    class: Class,
}

/// The line-by-line state machine shared by every way of cleaning.
struct Engine<'c> {
    cleaner: &'c Cleaner,
    pending: VecDeque<Pending>,
    pending_nonblank: usize,
    pending_bytes: usize,
    pool: Vec<String>,
    folded: String,
    hits: Vec<Hit>,
    number: u64,
    title: Option<String>,
    heading_seen: bool,
    /// The title line's number, and whether it was kept once decided: lines
    /// repeating a title that was removed are not kept as title repeats.
    title_line: Option<(u64, Option<bool>)>,
    before: Side,
    last_kept: Option<bool>,
    report: Report,
    /// The page's site template, its key buffer, and whether prose was seen yet.
    learned: Option<LineSet<'c>>,
    key: String,
    seen_prose: bool,
}

impl<'c> Engine<'c> {
    fn new(cleaner: &'c Cleaner) -> Self {
        Engine {
            cleaner,
            pending: VecDeque::new(),
            pending_nonblank: 0,
            pending_bytes: 0,
            pool: Vec::new(),
            folded: String::new(),
            hits: Vec::new(),
            number: 0,
            title: None,
            heading_seen: false,
            title_line: None,
            before: Side { anchor: None, gap: 0 },
            last_kept: None,
            report: Report::default(),
            learned: cleaner.options().template.as_ref().map(|t| t.lines_for(cleaner.options().site.as_deref())),
            key: String::new(),
            seen_prose: false,
        }
    }

    /// Measures, matches and queues a line, then decides what can be decided.
    fn push<S: Sink>(&mut self, line: &str, ending: Ending, sink: &mut S) -> io::Result<()> {
        self.number += 1;
        let opts = self.cleaner.options();
        let (fixed, repairs) = if opts.repair {
            match repair(line) {
                (std::borrow::Cow::Owned(s), r) => (Some(s), r),
                (std::borrow::Cow::Borrowed(_), r) => (None, r),
            }
        } else {
            (None, Repairs::default())
        };
        let trimmed = fixed.as_deref().unwrap_or(line).trim();
        let class = if trimmed.is_empty() {
            Class::Blank
        } else {
            self.hits.clear();
            let mut measure = Measure::default();
            self.cleaner.blocklist().fold_and_find_with(trimmed, &mut self.folded, &mut self.hits, |c| measure.push(c));
            let learned = self.learned.is_some_and(|l| l.matches(trimmed, &self.folded, &mut self.key));
            let shape = measure.finish();
            let view = LineView {
                text: trimmed,
                folded: &self.folded,
                hits: &self.hits,
                cov: Coverage::of(&self.folded, &self.hits),
                shape,
            };
            let learned = learned.then(|| Finding::strong(kind_by_position(self.seen_prose, false), LEARNED));
            match learned.or_else(|| rules::classify(&view)) {
                Some(f) if f.strength == rules::Strength::Strong => Class::Removed(f),
                weak => {
                    if self.is_title_ticker(&shape) {
                        Class::Removed(Finding::strong(Kind::Nav, "nav:title-ticker"))
                    } else if weak.is_none() && context::is_prose(&shape) {
                        Class::Prose
                    } else {
                        // a line without letters (`|||||`) is never the title
                        let title = if shape.letters() >= 2 { self.title_role() } else { Title::No };
                        Class::Open { weak, title, cjk: shape.cjk, byline: context::is_byline(trimmed, &shape) }
                    }
                }
            }
        };
        let class = match class {
            Class::Removed(f) => {
                let prev = || self.pending.iter().rev().map(|p| p.class).find(|c| *c != Class::Blank);
                Class::Removed(context::dateline_after_byline(f, prev).unwrap_or(f))
            }
            c => c,
        };
        self.seen_prose |= class == Class::Prose;
        if self.title.is_none()
            && matches!(class, Class::Prose | Class::Open { .. })
            && self.folded.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
        {
            self.title = Some(compact(&self.folded));
            self.title_line = Some((self.number, None));
        }
        let mut text = self.pool.pop().unwrap_or_default();
        text.clear();
        text.push_str(line);
        if class != Class::Blank {
            self.pending_nonblank += 1;
        }
        self.pending_bytes += text.len() + fixed.as_ref().map_or(0, String::len);
        self.pending.push_back(Pending { text, fixed, repairs, ending, number: self.number, class });
        self.drain(sink, false)
    }

    /// A line that starts with the page title and runs on into other headlines
    /// (a ticker or carousel a converter glued into one line).
    fn is_title_ticker(&self, shape: &Shape) -> bool {
        let Some(title) = &self.title else { return false };
        if title.chars().count() < 6 || shape.ends_full_stop {
            return false;
        }
        // measured on the compact form, without building it; most lines are out on their length
        let long = |len: usize| len > 2 * title.len() + 30;
        long(self.folded.len())
            && compact_starts_with(&self.folded, title)
            && long(self.folded.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum())
    }

    /// Whether the current (folded) line is the page's title or repeats it.
    fn title_role(&mut self) -> Title {
        let Some(title) = &self.title else { return Title::First };
        let c = compact(&self.folded);
        let n = c.chars().count();
        // The heading repeats the title, or the title's first segment before the site name
        // (`标题_频道_网站`); a site name that merely starts the title does not count.
        let is_separator = |ch: char| ch.is_ascii_punctuation() || "｜—–·（【".contains(ch) || ch.is_whitespace();
        let covers_title = title.starts_with(&c)
            && (c.len() * 2 >= title.len() || title[c.len()..].chars().next().is_none_or(is_separator));
        // a title with the site's name after it (`标题 - 新华网`), not much more
        let extends_title = title.chars().count() >= 4 && c.starts_with(title.as_str()) && c.len() <= title.len() + 36;
        let repeats = n >= 4 && (covers_title || extends_title);
        match (repeats, self.heading_seen) {
            (false, _) => Title::No,
            (true, false) => {
                self.heading_seen = true;
                Title::Heading
            }
            (true, true) => Title::Repeat,
        }
    }

    /// Decides every queued line (before an oversized line).
    fn flush<S: Sink>(&mut self, sink: &mut S) -> io::Result<()> {
        self.drain(sink, true)
    }

    fn end_oversized(&mut self) {
        self.number += 1;
        self.report.lines += 1;
        self.report.kept += 1;
        self.before = Side { anchor: Some(Anchor::Content), gap: 0 };
        self.last_kept = Some(true);
    }

    fn finish<S: Sink>(&mut self, sink: &mut S) -> io::Result<()> {
        self.drain(sink, true)
    }

    fn drain<S: Sink>(&mut self, sink: &mut S, at_end: bool) -> io::Result<()> {
        let lookahead = self.cleaner.options().lookahead;
        while let Some(front) = self.pending.front() {
            let verdict = match front.class {
                Class::Blank => None,
                // a learned line after prose: `template` if more prose follows, else `footer`
                Class::Removed(f) if f.rule == Rule::Named(LEARNED) && f.label == Label::Chrome(Kind::Footer) => {
                    let Some(after) = self.prose_after(at_end, lookahead) else { break };
                    Some(Verdict { label: Label::Chrome(kind_by_position(true, after)), rule: f.rule })
                }
                Class::Removed(f) => Some(Verdict { label: f.label, rule: f.rule }),
                Class::Prose => Some(Verdict::KEEP),
                Class::Open { weak, title, cjk, byline } => {
                    let Some(after) = self.after_side(at_end, lookahead) else { break };
                    // a repeat of a title line that was itself removed is no title
                    let title_removed = matches!(self.title_line, Some((_, Some(false))));
                    let title = if title_removed && title != Title::First { Title::No } else { title };
                    Some(context::decide_open(weak, title, cjk, byline, self.before, after))
                }
            };
            let Some(p) = self.pending.pop_front() else { break };
            self.emit(p, verdict, sink)?;
        }
        Ok(())
    }

    /// Whether prose follows the front line, or `None` if it is not known yet.
    fn prose_after(&self, at_end: bool, lookahead: usize) -> Option<bool> {
        if self.pending.iter().skip(1).any(|p| p.class == Class::Prose) {
            return Some(true);
        }
        (at_end || self.pending_nonblank > lookahead).then_some(false)
    }

    /// The nearest anchor after the front line, or `None` if it is not known yet.
    fn after_side(&self, at_end: bool, lookahead: usize) -> Option<Side> {
        let mut gap = 0;
        for p in self.pending.iter().skip(1) {
            if let Some(anchor) = p.class.anchor() {
                return Some(Side { anchor: Some(anchor), gap });
            }
            if p.class != Class::Blank {
                gap += 1;
            }
        }
        // Past the lookahead (in non-blank lines, in all held lines, or in
        // bytes) the line is decided as if the input ended there: memory stays
        // bounded, and a short line followed by a million blank lines is not
        // rescanned with each of them (quadratic time).
        let held_limit = lookahead.saturating_mul(4).saturating_add(64);
        let full =
            self.pending_nonblank > lookahead || self.pending.len() > held_limit || self.pending_bytes > WINDOW_BYTES;
        (at_end || full).then_some(Side { anchor: None, gap })
    }

    fn emit<S: Sink>(&mut self, p: Pending, verdict: Option<Verdict>, sink: &mut S) -> io::Result<()> {
        let opts = self.cleaner.options();
        self.report.lines += 1;
        self.pending_bytes -= p.text.len() + p.fixed.as_ref().map_or(0, String::len);
        let (kept, verdict) = match verdict {
            None => (self.last_kept.unwrap_or(true), Verdict::KEEP),
            Some(v) => {
                self.pending_nonblank -= 1;
                let kept = match v.label {
                    Label::Keep => true,
                    Label::Spam => false,
                    Label::Chrome(k) => opts.keep.contains(k),
                };
                self.last_kept = Some(kept);
                if let Some((n, decided @ None)) = &mut self.title_line {
                    if *n == p.number {
                        *decided = Some(kept);
                    }
                }
                self.before = match p.class.anchor() {
                    Some(a) => Side { anchor: Some(a), gap: 0 },
                    None if kept && context::continues_article(p.class, self.before.anchor) => {
                        Side { anchor: Some(Anchor::Content), gap: 0 }
                    }
                    None => Side { anchor: self.before.anchor, gap: self.before.gap + 1 },
                };
                (kept, v)
            }
        };
        if kept {
            self.report.kept += 1;
            if p.fixed.is_some() {
                self.report.repaired += 1;
            }
        } else {
            match verdict.label {
                Label::Spam => self.report.spam += 1,
                Label::Chrome(k) => self.report.chrome[k as usize] += 1,
                Label::Keep => {}
            }
        }
        let d = Decided {
            number: p.number,
            text: p.fixed.as_deref().unwrap_or(&p.text),
            original: &p.text,
            ending: p.ending,
            kept,
            verdict,
            repaired: p.fixed.is_some(),
            repairs: p.repairs,
        };
        let res = sink.line(&d);
        if self.pool.len() < 256 && p.text.capacity() <= 64 * 1024 {
            self.pool.push(p.text);
        }
        res
    }
}

fn compact(folded: &str) -> String {
    folded.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `compact(folded)` starts with `prefix`, without building it.
fn compact_starts_with(folded: &str, prefix: &str) -> bool {
    let mut text = folded.chars().filter(|c| !c.is_whitespace());
    prefix.chars().all(|p| text.next() == Some(p))
}
