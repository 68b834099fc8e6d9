//! The streaming engine: bytes in, decided lines out, in bounded memory.
//!
//! Input is decoded to UTF-8 ([`crate::input::decode`]) and split into lines
//! with memchr ([`crate::input::lines`]). Each line then takes the same path,
//! in two stages. The first is stateless, a function of the line's text
//! alone, written out in [`LineSteps::prepare`](classify::LineSteps::prepare):
//!
//! 1. repair: converter damage is repaired;
//! 2. folding and matching: the line is folded, matched against the
//!    blocklists and measured in one pass;
//! 3. what the text says of the line: the rule families'
//!    [`Finding`](crate::rules::Finding), the learned site lines, whether it
//!    reads as prose, and the learned decision's measurements of it.
//!
//! The second stage sees the lines in input order, written out in [`Engine::push`]:
//!
//! 4. [`LineState::classify`](classify::LineState::classify): what the line
//!    is on its own, with what the lines before said (the title, whether
//!    prose was seen);
//! 5. [`Window::decide`](window::Window::decide): the context pass
//!    ([`context`]) decides each held line from the anchors around it, as soon
//!    as they are known;
//! 6. [`learned`]: the learned decision weighs what the rules and the
//!    context pass said, with measurements of the line and its neighbours,
//!    in a small tree ensemble trained on labeled pages (unless the rules
//!    decide alone, [`Decision::Rules`]);
//! 7. emit: the line is counted in the [`Report`] and handed to the [`Sink`].
//!
//! On one thread a line goes through both stages before the next is read. On
//! several ([`Options::threads`], `-j N`), blocks of lines go through the
//! first stage on worker threads while the calling thread reads, and the
//! calling thread takes them back in order through the second ([`parallel`]):
//! the same decisions, byte for byte. The first stage's result for a short
//! line is remembered ([`memo`]).
//!
//! A line longer than the `max_line` option (1 MiB by default) is never held
//! whole: the lines before it are decided, then it is written through
//! unchanged (kept, neither classified nor repaired), piece by piece, and
//! counted in [`Report::oversized_lines`].

mod classify;
pub(crate) mod context;
pub(crate) mod learned;
mod memo;
mod options;
mod parallel;
pub(crate) mod prose;
mod report;
mod sink;
mod title;
mod window;

use std::io::{self, Read};

use encoding_rs::UTF_8;

use crate::blocklist::Blocklist;
use crate::error::Error;
use crate::input::decode::{sniff, utf8_line_with_bad_bytes, Transcoder};
use crate::input::lines::{Ending, LineReader};
use classify::{LineState, LineSteps, Prepared};
pub(crate) use options::Options;
pub use options::{Decision, DecisionModel};
pub use report::Report;
pub(crate) use sink::Discard;
pub use sink::{Decided, Sink, WriteSink};
use window::{Classified, Window};

/// Detects the input's encoding (unless forced), decodes and cleans it on
/// `threads` threads (see [`Options::threads`]).
pub(crate) fn run<R: Read, S: Sink>(
    opts: &Options,
    blocklist: &Blocklist,
    input: R,
    sink: &mut S,
    threads: usize,
) -> Result<Report, Error> {
    // Count the bytes as they come in: after transcoding, the splitter sees UTF-8.
    let mut input = Counted { inner: input, bytes: 0 };
    let (det, body) = sniff(&mut input, opts.encoding)?;
    let mut report = if det.encoding == UTF_8 {
        run_utf8(opts, blocklist, body, sink, threads)?
    } else {
        let mut t = Transcoder::new(body, det.encoding);
        let mut r = run_decoded(opts, blocklist, &mut t, sink, false, threads)?;
        r.replaced |= t.had_replacements();
        r
    };
    report.encoding = det.encoding.name();
    report.encoding_guessed = det.guessed;
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
/// that is clean and the line holds hardly any valid UTF-8 CJK text, else with
/// replacement characters; with a forced encoding, always the latter).
///
/// `threads` clean it (see [`Options::threads`]).
pub(crate) fn run_utf8<R: Read, S: Sink>(
    opts: &Options,
    blocklist: &Blocklist,
    input: R,
    sink: &mut S,
    threads: usize,
) -> Result<Report, Error> {
    // a forced encoding is that encoding on every line: no GB18030 fallback
    let mut r = run_decoded(opts, blocklist, input, sink, opts.encoding.is_none(), threads)?;
    r.encoding = UTF_8.name();
    Ok(r)
}

fn run_decoded<R: Read, S: Sink>(
    opts: &Options,
    blocklist: &Blocklist,
    input: R,
    sink: &mut S,
    raw_utf8: bool,
    threads: usize,
) -> Result<Report, Error> {
    let mut reader = LineReader::new(input, opts.max_line);
    let mut engine = Engine::new(opts);
    if threads > 1 {
        parallel::run(opts, blocklist, &mut reader, &mut engine, sink, raw_utf8, threads)?;
    } else {
        let mut steps = LineSteps::new(opts, blocklist);
        let mut scratch = String::new();
        while let Some(piece) = reader.next_piece()? {
            if piece.ending.is_none() || engine.in_long {
                engine.long_piece(piece.bytes, piece.ending, sink)?;
                continue;
            }
            let ending = piece.ending.unwrap_or(Ending::None);
            let text = match simdutf8::basic::from_utf8(piece.bytes) {
                Ok(text) => text,
                Err(_) => {
                    let bad = decode_bad_line(piece.bytes, raw_utf8, &mut scratch);
                    engine.count_bad_line(bad);
                    &scratch
                }
            };
            let p = steps.prepare(text);
            let folded = p.keeps_folded().then(|| steps.folded());
            engine.push(text, p, folded, ending, sink)?;
        }
    }
    engine.finish(sink)?;
    let mut report = std::mem::take(&mut engine.window.out.report);
    report.bytes_in = reader.bytes_read();
    Ok(report)
}

/// How a line that is not UTF-8 was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BadLine {
    /// As GB18030, which it is.
    Gb18030,
    /// With replacement characters.
    Replaced,
}

/// Decodes a line that is not UTF-8 into `out` (cleared first): as GB18030
/// if that is clean and the line holds hardly any valid UTF-8 CJK text
/// (`raw_utf8`: else, with a forced encoding, never), else with replacement characters.
fn decode_bad_line(bytes: &[u8], raw_utf8: bool, out: &mut String) -> BadLine {
    out.clear();
    let strict = (raw_utf8 && !utf8_line_with_bad_bytes(bytes))
        .then(|| encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes))
        .flatten();
    match strict {
        Some(text) => {
            out.push_str(&text);
            BadLine::Gb18030
        }
        None => {
            out.push_str(&String::from_utf8_lossy(bytes));
            BadLine::Replaced
        }
    }
}

/// The line-by-line state machine shared by every way of cleaning, after
/// the stateless steps ([`LineSteps`]): what depends on the lines before
/// ([`LineState`]), then the look-ahead window. It sees every line in input order.
struct Engine<'c> {
    state: LineState,
    window: Window<'c>,
    /// Whether the pieces of an oversized line are being written through.
    in_long: bool,
}

impl<'c> Engine<'c> {
    fn new(opts: &'c Options) -> Self {
        Engine { state: LineState::default(), window: Window::new(opts), in_long: false }
    }

    /// One prepared line's path from there: classify it with what came
    /// before, then the context pass decides (and emits) whatever it can.
    /// `folded` is its folded text if the stateless steps kept it.
    #[inline(always)]
    fn push<S: Sink>(
        &mut self,
        line: &str,
        p: Prepared,
        folded: Option<&str>,
        ending: Ending,
        sink: &mut S,
    ) -> io::Result<()> {
        let Prepared { fixed, repairs, facts, cover, measures, .. } = p;
        let (class, takes_title) = self.state.classify(facts, fixed.as_deref().unwrap_or(line), folded);
        let c = Classified { class, takes_title, cover, measures };
        self.window.push(line, fixed, repairs, ending, c);
        self.window.decide(sink, false)
    }

    /// Counts a line that was not UTF-8.
    fn count_bad_line(&mut self, bad: BadLine) {
        match bad {
            BadLine::Gb18030 => self.window.out.report.gb18030_lines += 1,
            BadLine::Replaced => self.window.out.report.replaced = true,
        }
    }

    /// A piece of an oversized line (`ending`: `None` while it goes on): the
    /// lines before it are decided, then it is written through unchanged.
    fn long_piece<S: Sink>(&mut self, bytes: &[u8], ending: Option<Ending>, sink: &mut S) -> io::Result<()> {
        if !self.in_long {
            self.window.decide(sink, true)?;
            self.window.out.report.oversized_lines += 1;
            self.in_long = true;
        }
        match simdutf8::basic::from_utf8(bytes) {
            Ok(_) => sink.passthrough(bytes)?,
            Err(_) => {
                self.window.out.report.replaced = true;
                sink.passthrough(String::from_utf8_lossy(bytes).as_bytes())?
            }
        }
        if let Some(e) = ending {
            sink.passthrough(e.as_bytes())?;
            self.window.end_oversized();
            self.in_long = false;
        }
        Ok(())
    }

    fn finish<S: Sink>(&mut self, sink: &mut S) -> io::Result<()> {
        self.window.decide(sink, true)
    }
}

#[cfg(test)]
mod tests {
    use super::context::{Class, Open, Title};
    use super::*;
    use crate::verdict::{Kind, Label};

    /// Whether each line of `page` is kept, and its label, with the default options and lists.
    fn decide(page: &str) -> Vec<(bool, Label)> {
        struct Collect(Vec<(bool, Label)>);
        impl Sink for Collect {
            fn line(&mut self, d: &Decided<'_>) -> io::Result<()> {
                self.0.push((d.kept, d.verdict.label));
                Ok(())
            }
            fn passthrough(&mut self, _: &[u8]) -> io::Result<()> {
                Ok(())
            }
        }
        let (opts, lists) = (Options::default(), Blocklist::defaults());
        let mut sink = Collect(Vec::new());
        run_utf8(&opts, &lists, page.as_bytes(), &mut sink, 1).expect("a slice reads");
        sink.0
    }

    #[test]
    fn classify_judges_a_line_alone() {
        let (opts, lists) = (Options::default(), Blocklist::defaults());
        let mut steps = LineSteps::new(&opts, &lists);
        let mut state = LineState::default();
        let mut classify = |line: &str| {
            let p = steps.prepare(line);
            let folded = p.keeps_folded().then(|| steps.folded());
            state.classify(p.facts, line.trim(), folded)
        };
        assert_eq!(classify(""), (Class::Blank, false));
        let (Class::Removed(f), false) = classify("当前位置：首页 > 新闻中心 > 正文") else {
            panic!("a breadcrumb")
        };
        assert_eq!(f.label, Label::Chrome(Kind::Breadcrumb));
        // the first line that can be a title is the title, and stays open to its context
        let first = classify("县里召开森林防火工作会议");
        assert!(matches!(first, (Class::Open(Open { title: Title::First, weak: None, .. }), true)), "{first:?}");
        assert_eq!(classify("县里召开森林防火工作会议，部署今冬明春防火工作。"), (Class::Prose, false));
        // a repeat of the title is its heading
        assert!(matches!(
            classify("县里召开森林防火工作会议"),
            (Class::Open(Open { title: Title::Heading, .. }), false)
        ));
    }

    #[test]
    fn prose_first_is_the_title_even_from_the_memo() {
        // a prose line that ends with a full stop keeps no folded text: it is folded again for the title
        let (opts, lists) = (Options::default(), Blocklist::defaults());
        let mut steps = LineSteps::new(&opts, &lists);
        let line = "很高兴又一次和大家见面。";
        for _ in 0..2 {
            let p = steps.prepare(line);
            assert_eq!(p.facts, classify::Facts::Prose { ends_full_stop: true });
            assert!(!p.keeps_folded());
            let mut state = LineState::default();
            assert_eq!(state.classify(p.facts, line, None), (Class::Prose, true));
        }
    }

    #[test]
    fn the_window_decides_open_lines_by_their_anchors() {
        let page = "当前位置：首页 > 新闻中心 > 正文\n\
                    县里召开森林防火工作会议\n\
                    通知公告\n\
                    扫一扫在手机打开当前页\n\
                    县里召开森林防火工作会议，部署今冬明春防火工作。\n\
                    \n\
                    京ICP备14010675号-1\n";
        let got = decide(page);
        let kept: Vec<bool> = got.iter().map(|(k, _)| *k).collect();
        // the title stays; a short line between chrome lines is a menu; the blank line follows the prose
        assert_eq!(kept, [false, true, false, false, true, true, false], "{got:?}");
        assert_eq!(got[2].1, Label::Chrome(Kind::Nav));
    }
}
