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

use super::context::{self, Anchor, Class, Side, Title};
use super::report::Report;
use super::sink::{Decided, Sink};
use crate::input::lines::Ending;
use crate::rules::Fact;
use crate::site::matcher::kind_by_position;
use crate::text::repair::Repairs;
use crate::verdict::{Kind, KindSet, Label, Verdict};

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

/// The lines held for the context pass, and what it knows of the lines
/// already decided.
pub(crate) struct Window {
    keep: KindSet,
    lookahead: usize,
    pending: VecDeque<Pending>,
    pending_nonblank: usize,
    pending_bytes: usize,
    /// Line buffers to reuse.
    pool: Vec<String>,
    /// Lines seen, including oversized ones.
    number: u64,
    /// The title line's number, and whether it was kept once decided: lines
    /// repeating a title that was removed are not kept as title repeats.
    title_line: Option<(u64, Option<bool>)>,
    /// The nearest anchor among the decided lines.
    before: Side,
    last_kept: Option<bool>,
    pub report: Report,
}

impl Window {
    pub fn new(keep: KindSet, lookahead: usize) -> Self {
        Window {
            keep,
            lookahead,
            pending: VecDeque::new(),
            pending_nonblank: 0,
            pending_bytes: 0,
            pool: Vec::new(),
            number: 0,
            title_line: None,
            before: Side { anchor: None, gap: 0 },
            last_kept: None,
            report: Report::default(),
        }
    }

    /// Queues a classified line (`takes_title`: it is the page's title).
    pub fn push(
        &mut self,
        line: &str,
        fixed: Option<String>,
        repairs: Repairs,
        ending: Ending,
        class: Class,
        takes_title: bool,
    ) {
        self.number += 1;
        let class = match class {
            Class::Removed(f) => {
                let prev = || self.pending.iter().rev().map(|p| p.class).find(|c| *c != Class::Blank);
                Class::Removed(context::dateline_after_byline(f, prev).unwrap_or(f))
            }
            c => c,
        };
        if takes_title {
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
    }

    /// Counts an oversized line, written through by the caller: it stands as content.
    pub fn end_oversized(&mut self) {
        self.number += 1;
        self.report.lines += 1;
        self.report.kept += 1;
        self.before = Side { anchor: Some(Anchor::Content), gap: 0 };
        self.last_kept = Some(true);
    }

    /// Step 4: the context pass. Decides and emits the front lines while
    /// their context is known (every line, `at_end`).
    pub fn decide<S: Sink>(&mut self, sink: &mut S, at_end: bool) -> io::Result<()> {
        let lookahead = self.lookahead;
        while let Some(front) = self.pending.front() {
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
                    Some(context::decide_open(context::Open { title, ..open }, self.before, after))
                }
            };
            // Here the front line has its context-free class and its context
            // verdict, and `self.pending` holds the lines after it: the place
            // for a further windowed decision step, before the line is emitted.
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

    /// Step 5: counts a decided line, updates what the context pass knows of
    /// the lines before the next one, and hands the line to the sink.
    fn emit<S: Sink>(&mut self, p: Pending, verdict: Option<Verdict>, sink: &mut S) -> io::Result<()> {
        self.report.lines += 1;
        self.pending_bytes -= p.text.len() + p.fixed.as_ref().map_or(0, String::len);
        let (kept, verdict) = match verdict {
            None => (self.last_kept.unwrap_or(true), Verdict::KEEP),
            Some(v) => {
                self.pending_nonblank -= 1;
                let kept = match v.label {
                    Label::Keep => true,
                    Label::Spam => false,
                    Label::Chrome(k) => self.keep.contains(k),
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
