//! The look-ahead window: lines wait here, classified, until the context
//! pass ([`super::context`]) can decide them, then are counted and handed to
//! the sink in input order.
//!
//! A line is decided as soon as enough is known: prose and strongly
//! identified lines at once, open lines when the next anchor (or the
//! look-ahead limit, in lines or bytes) is reached. So at most a few dozen
//! lines are held at any time.

use std::collections::VecDeque;
use std::io;

use super::context::{self, Anchor, Class, Open, Side, Title};
use super::learned;
use super::options::Options;
use super::report::Report;
use super::sink::{Decided, Sink};
use crate::blocklist::Family;
use crate::input::lines::Ending;
use crate::rules::Fact;
use crate::site::matcher::kind_by_position;
use crate::text::repair::Repairs;
use crate::verdict::{Kind, KindSet, Label, Verdict};

/// Bytes of queued lines past which the front line is decided without more lookahead.
const WINDOW_BYTES: usize = 4 * 1024 * 1024;

/// A line held from its push until it is emitted: first waiting for the
/// context pass, then (settled) for the learned decision. It stays in one
/// place meanwhile ([`Window::lines`]): it is moved in once and out once.
struct Pending {
    text: String,
    fixed: Option<String>,
    repairs: Repairs,
    ending: Ending,
    number: u64,
    class: Class,
    /// Percent of the line's letters each blocklist family covers (for the learned decision).
    cover: [u8; Family::COUNT],
    /// The learned decision's measurements of the line, if taken already.
    measures: Option<learned::Measures>,
}

/// What the context-free steps say of a line.
pub(crate) struct Classified {
    /// Its class.
    pub class: Class,
    /// Whether it is the page's title.
    pub takes_title: bool,
    /// Percent of its letters each blocklist family covers.
    pub cover: [u8; Family::COUNT],
    /// The learned decision's measurements of it, if taken already.
    pub measures: Option<learned::Measures>,
}

/// The lines held for the context pass, and what it knows of the lines
/// already decided.
pub(crate) struct Window<'c> {
    lookahead: usize,
    /// The lines held: the first `settled` wait for the learned decision
    /// (the context pass has settled them), the others for the context pass.
    lines: VecDeque<Pending>,
    settled: usize,
    pending_nonblank: usize,
    pending_bytes: usize,
    /// Lines seen, including oversized ones.
    number: u64,
    /// The title line's number, and whether it was kept once decided: lines
    /// repeating a title that was removed are not kept as title repeats.
    title_line: Option<(u64, Option<bool>)>,
    /// The nearest anchor among the decided lines.
    before: Side,
    last_kept: Option<bool>,
    /// Step 5, the learned decision (`None`: the rules decide alone), given
    /// each settled line's verdict from the context pass.
    learned: Option<learned::Window<'c, Verdict>>,
    /// Step 6.
    pub out: Emit,
}

/// Step 6: what counts the decided lines and hands them to the sink.
pub(crate) struct Emit {
    keep: KindSet,
    pub report: Report,
    /// Whether the last non-blank line was kept in the end (blank lines follow it).
    last_final: Option<bool>,
    /// Line buffers to reuse.
    pool: Vec<String>,
}

impl<'c> Window<'c> {
    pub fn new(opts: &'c Options) -> Self {
        Window {
            lookahead: opts.lookahead,
            learned: opts.decision.model().map(|m| learned::Window::new(m, opts.feature_rows)),
            lines: VecDeque::new(),
            settled: 0,
            pending_nonblank: 0,
            pending_bytes: 0,
            number: 0,
            title_line: None,
            before: Side { anchor: None, gap: 0 },
            last_kept: None,
            out: Emit { keep: opts.keep, report: Report::default(), last_final: None, pool: Vec::new() },
        }
    }

    /// Queues a classified line.
    pub fn push(&mut self, line: &str, fixed: Option<String>, repairs: Repairs, ending: Ending, c: Classified) {
        let Classified { class, takes_title, cover, measures } = c;
        self.number += 1;
        let class = match class {
            Class::Removed(f) => {
                let prev = || self.lines.range(self.settled..).rev().map(|p| p.class).find(|c| *c != Class::Blank);
                Class::Removed(context::dateline_after_byline(f, prev).unwrap_or(f))
            }
            c => c,
        };
        if takes_title {
            self.title_line = Some((self.number, None));
        }
        let mut text = self.out.pool.pop().unwrap_or_default();
        text.clear();
        text.push_str(line);
        if class != Class::Blank {
            self.pending_nonblank += 1;
        }
        self.pending_bytes += text.len() + fixed.as_ref().map_or(0, String::len);
        self.lines.push_back(Pending { text, fixed, repairs, ending, number: self.number, class, cover, measures });
    }

    /// Counts an oversized line, written through by the caller: it stands as content.
    pub fn end_oversized(&mut self) {
        self.number += 1;
        self.out.report.lines += 1;
        self.out.report.kept += 1;
        self.before = Side { anchor: Some(Anchor::Content), gap: 0 };
        self.last_kept = Some(true);
        self.out.last_final = Some(true);
    }

    /// Step 4: the context pass. Decides and emits the front lines while
    /// their context is known (every line, `at_end`).
    pub fn decide<S: Sink>(&mut self, sink: &mut S, at_end: bool) -> io::Result<()> {
        let lookahead = self.lookahead;
        while let Some(front) = self.lines.get(self.settled) {
            let mut sides = None;
            let verdict = match front.class {
                Class::Blank => None,
                // a learned line after prose: `template` if more prose follows, else `footer`
                Class::Removed(f) if f.fact == Fact::Learned && f.label == Label::Chrome(Kind::Footer) => {
                    let Some(after) = self.prose_after(at_end, lookahead) else { break };
                    Some(Verdict { label: Label::Chrome(kind_by_position(true, after)), rule: f.rule })
                }
                Class::Removed(f) => Some(Verdict { label: f.label, rule: f.rule }),
                Class::Prose => Some(Verdict::KEEP),
                Class::Open(open) => {
                    let Some(after) = self.after_side(at_end, lookahead) else { break };
                    // a repeat of a title line that was itself removed is no title
                    let title_removed = matches!(self.title_line, Some((_, Some(false))));
                    let title = if title_removed && open.title != Title::First { Title::No } else { open.title };
                    sides = Some((self.before, after));
                    Some(context::decide_open(context::Open { title, ..open }, self.before, after))
                }
            };
            self.settle(verdict, sides, sink)?;
        }
        if at_end {
            self.decide_learned(sink, true)?;
        }
        Ok(())
    }

    /// Whether prose follows the front line, or `None` if it is not known yet.
    fn prose_after(&self, at_end: bool, lookahead: usize) -> Option<bool> {
        if self.lines.range(self.settled + 1..).any(|p| p.class == Class::Prose) {
            return Some(true);
        }
        (at_end || self.pending_nonblank > lookahead).then_some(false)
    }

    /// The nearest anchor after the front line, or `None` if it is not known yet.
    fn after_side(&self, at_end: bool, lookahead: usize) -> Option<Side> {
        let mut gap = 0;
        for p in self.lines.range(self.settled + 1..) {
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
        let full = self.pending_nonblank > lookahead
            || self.lines.len() - self.settled > held_limit
            || self.pending_bytes > WINDOW_BYTES;
        (at_end || full).then_some(Side { anchor: None, gap })
    }

    /// Records the context pass's verdict on the first line not settled
    /// (what it knows of the lines before the next one), then hands the line
    /// to the learned decision, or emits it.
    fn settle<S: Sink>(
        &mut self,
        verdict: Option<Verdict>,
        sides: Option<(Side, Side)>,
        sink: &mut S,
    ) -> io::Result<()> {
        let p = &self.lines[self.settled];
        self.pending_bytes -= p.text.len() + p.fixed.as_ref().map_or(0, String::len);
        if let Some(v) = verdict {
            self.pending_nonblank -= 1;
            let kept = self.out.kept(v.label);
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
        }
        let Some(window) = &mut self.learned else {
            // the rules decide alone: nothing is held once settled
            let res = self.out.emit(p, verdict, None, sink);
            if let Some(Pending { text, .. }) = self.lines.pop_front() {
                self.out.recycle(text);
            }
            return res;
        };
        let line = verdict.map(|v| {
            let ev = evidence(p, v, sides);
            // measured ahead as prose, or not, unless the line turned out otherwise (a title ticker)
            match p.measures {
                Some(m) if m.prose == ev.prose => learned::measured(m, ev),
                _ => window.measure(&p.text, ev),
            }
        });
        window.push(verdict.unwrap_or(Verdict::KEEP), line);
        self.settled += 1;
        self.decide_learned(sink, false)
    }

    /// Step 5: the learned decision, for every line it can decide (all, `at_end`).
    fn decide_learned<S: Sink>(&mut self, sink: &mut S, at_end: bool) -> io::Result<()> {
        let Some(window) = &mut self.learned else { return Ok(()) };
        while let Some((verdict, call)) = window.pop(at_end) {
            // the learned decision gives the settled lines back in order: this is the front one
            let Some(p) = self.lines.front() else { break };
            let res = match call {
                None => self.out.emit(p, None, None, sink),
                Some(call) => {
                    let v = learned::verdict(p.class, verdict, &call);
                    self.out.emit(p, Some(v), Some((&call, window.features(&call))), sink)
                }
            };
            if let Some(Pending { text, .. }) = self.lines.pop_front() {
                self.out.recycle(text);
            }
            self.settled -= 1;
            res?;
        }
        Ok(())
    }
}

impl Emit {
    /// Whether a line with this label is written.
    fn kept(&self, label: Label) -> bool {
        match label {
            Label::Keep => true,
            Label::Spam => false,
            Label::Chrome(k) => self.keep.contains(k),
        }
    }

    /// Step 6: counts a decided line (`None` for a blank one, which follows
    /// the line before it) and hands it to the sink.
    fn emit<S: Sink>(
        &mut self,
        p: &Pending,
        verdict: Option<Verdict>,
        call: Option<(&learned::Call, Option<&[f32]>)>,
        sink: &mut S,
    ) -> io::Result<()> {
        self.report.lines += 1;
        let (kept, verdict) = match verdict {
            None => (self.last_final.unwrap_or(true), Verdict::KEEP),
            Some(v) => {
                let kept = self.kept(v.label);
                self.last_final = Some(kept);
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
            probability: call.map(|(c, _)| c.probability),
            features: call.and_then(|(_, row)| row),
        };
        sink.line(&d)
    }

    /// Keeps an emitted line's buffer for a line to come (only it is moved
    /// out of the queue).
    fn recycle(&mut self, text: String) {
        if self.pool.len() < 256 && text.capacity() <= 64 * 1024 {
            self.pool.push(text);
        }
    }
}

/// What the rules said about a non-blank line, as the learned decision reads it.
fn evidence(p: &Pending, v: Verdict, sides: Option<(Side, Side)>) -> learned::Evidence {
    let (found, strong) = match p.class {
        Class::Removed(f) => (Some(f.label), true),
        Class::Open(Open { weak: Some(f), .. }) => (Some(f.label), false),
        _ => (None, false),
    };
    let (title, byline) = match p.class {
        Class::Open(o) => (
            match o.title {
                Title::No => 0,
                Title::First => 1,
                Title::Heading => 2,
                Title::Repeat => 3,
            },
            o.byline,
        ),
        _ => (0, false),
    };
    let anchor = |s: Side| {
        let a = match s.anchor {
            None => 0,
            Some(Anchor::Content) => 1,
            Some(Anchor::Opener) => 2,
            Some(Anchor::Heading) => 3,
            Some(Anchor::Chrome) => 4,
        };
        (a, s.gap.min(255) as u8)
    };
    let (before, after) = sides.map_or(((0, 0), (0, 0)), |(b, a)| (anchor(b), anchor(a)));
    learned::Evidence {
        found,
        strong,
        prose: p.class == Class::Prose,
        title,
        byline,
        removed: v.label != Label::Keep,
        by_context: matches!(p.class, Class::Open(_)),
        before,
        after,
        cover: p.cover,
    }
}
