//! The streaming engine: bytes in, decided lines out, in bounded memory.
//!
//! Input is decoded to UTF-8 ([`crate::input::decode`]) and split into lines
//! with memchr ([`crate::input::lines`]). Each line then takes the same path,
//! written out in [`Engine::push`]:
//!
//! 1. [`LineSteps::repair`](classify::LineSteps::repair): converter damage is repaired;
//! 2. folding and matching: the line is folded, matched against the
//!    blocklists and measured in one pass;
//! 3. [`LineSteps::classify_line`](classify::LineSteps::classify_line): what
//!    the line is on its own, context-free (the rule families' [`Finding`](crate::rules::Finding),
//!    the learned site lines, the title);
//! 4. [`Window::decide`](window::Window::decide): the context pass
//!    ([`context`]) decides each held line from the anchors around it, as soon
//!    as they are known;
//! 5. [`learned`]: the learned decision weighs what the rules and the
//!    context pass said, with measurements of the line and its neighbours,
//!    in a small tree ensemble trained on labeled pages (unless the rules
//!    decide alone, [`Decision::Rules`]);
//! 6. emit: the line is counted in the [`Report`] and handed to the [`Sink`].
//!
//! A line longer than the `max_line` option (1 MiB by default) is never held
//! whole: the lines before it are decided, then it is written through
//! unchanged (kept, neither classified nor repaired), piece by piece, and
//! counted in [`Report::oversized_lines`].

mod classify;
pub(crate) mod context;
pub(crate) mod learned;
mod options;
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
use classify::LineSteps;
pub(crate) use options::Options;
pub use options::{Decision, DecisionModel};
pub use report::Report;
pub(crate) use sink::Discard;
pub use sink::{Decided, Sink, WriteSink};
use window::{Classified, Window};

/// Detects the input's encoding (unless forced), decodes and cleans it.
pub(crate) fn run<R: Read, S: Sink>(
    opts: &Options,
    blocklist: &Blocklist,
    input: R,
    sink: &mut S,
) -> Result<Report, Error> {
    // Count the bytes as they come in: after transcoding, the splitter sees UTF-8.
    let mut input = Counted { inner: input, bytes: 0 };
    let (det, body) = sniff(&mut input, opts.encoding)?;
    let mut report = if det.encoding == UTF_8 {
        run_utf8(opts, blocklist, body, sink)?
    } else {
        let mut t = Transcoder::new(body, det.encoding);
        let mut r = run_decoded(opts, blocklist, &mut t, sink, false)?;
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
pub(crate) fn run_utf8<R: Read, S: Sink>(
    opts: &Options,
    blocklist: &Blocklist,
    input: R,
    sink: &mut S,
) -> Result<Report, Error> {
    // a forced encoding is that encoding on every line: no GB18030 fallback
    let mut r = run_decoded(opts, blocklist, input, sink, opts.encoding.is_none())?;
    r.encoding = UTF_8.name();
    Ok(r)
}

fn run_decoded<R: Read, S: Sink>(
    opts: &Options,
    blocklist: &Blocklist,
    input: R,
    sink: &mut S,
    raw_utf8: bool,
) -> Result<Report, Error> {
    let mut reader = LineReader::new(input, opts.max_line);
    let mut engine = Engine::new(opts, blocklist);
    let mut in_long = false;
    let mut scratch = String::new();
    while let Some(piece) = reader.next_piece()? {
        if piece.ending.is_none() || in_long {
            // a piece of an oversized line
            if !in_long {
                engine.flush(sink)?;
                engine.window.report.oversized_lines += 1;
                in_long = true;
            }
            match simdutf8::basic::from_utf8(piece.bytes) {
                Ok(_) => sink.passthrough(piece.bytes)?,
                Err(_) => {
                    engine.window.report.replaced = true;
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
                let strict = (raw_utf8 && !utf8_line_with_bad_bytes(piece.bytes))
                    .then(|| encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(piece.bytes))
                    .flatten();
                match strict {
                    Some(text) => {
                        engine.window.report.gb18030_lines += 1;
                        scratch.push_str(&text);
                    }
                    None => {
                        engine.window.report.replaced = true;
                        scratch.push_str(&String::from_utf8_lossy(piece.bytes));
                    }
                }
                engine.push(&scratch, ending, sink)?;
            }
        }
    }
    engine.finish(sink)?;
    let mut report = std::mem::take(&mut engine.window.report);
    report.bytes_in = reader.bytes_read();
    Ok(report)
}

/// The line-by-line state machine shared by every way of cleaning: the
/// context-free steps, then the look-ahead window.
struct Engine<'c> {
    steps: LineSteps<'c>,
    window: Window<'c>,
}

impl<'c> Engine<'c> {
    fn new(opts: &'c Options, blocklist: &'c Blocklist) -> Self {
        Engine { steps: LineSteps::new(opts, blocklist), window: Window::new(opts) }
    }

    /// One line's path: repair, fold and match, classify alone, then the
    /// context pass decides (and emits) whatever it can.
    fn push<S: Sink>(&mut self, line: &str, ending: Ending, sink: &mut S) -> io::Result<()> {
        let (fixed, repairs) = self.steps.repair(line);
        let class = self.steps.classify_line(fixed.as_deref().unwrap_or(line).trim());
        let takes_title = self.steps.takes_title(class);
        let c = Classified { class, takes_title, cover: self.steps.cover() };
        self.window.push(line, fixed, repairs, ending, c);
        self.window.decide(sink, false)
    }

    /// Decides every queued line (before an oversized line).
    fn flush<S: Sink>(&mut self, sink: &mut S) -> io::Result<()> {
        self.window.decide(sink, true)
    }

    fn end_oversized(&mut self) {
        self.window.end_oversized();
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
        run_utf8(&opts, &lists, page.as_bytes(), &mut sink).expect("a slice reads");
        sink.0
    }

    #[test]
    fn classify_line_judges_a_line_alone() {
        let (opts, lists) = (Options::default(), Blocklist::defaults());
        let mut steps = LineSteps::new(&opts, &lists);
        assert_eq!(steps.classify_line(""), Class::Blank);
        let Class::Removed(f) = steps.classify_line("当前位置：首页 > 新闻中心 > 正文") else {
            panic!("a breadcrumb")
        };
        assert_eq!(f.label, Label::Chrome(Kind::Breadcrumb));
        // the first line that can be a title is the title, and stays open to its context
        let first = steps.classify_line("县里召开森林防火工作会议");
        assert!(matches!(first, Class::Open(Open { title: Title::First, weak: None, .. })), "{first:?}");
        assert!(steps.takes_title(first));
        assert_eq!(steps.classify_line("县里召开森林防火工作会议，部署今冬明春防火工作。"), Class::Prose);
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
