//! The context-free steps of a line's path: [`LineSteps::repair`], then
//! folding and matching, then [`LineSteps::classify_line`], which says what
//! the line is on its own (a [`Class`] with the families' [`Finding`]). The
//! look-ahead window ([`super::window`]) then decides it in context.

use std::borrow::Cow;

use super::context::{self, Class, Open, Title};
use super::options::Options;
use super::prose::{FastProse, ProseTest};
use super::title::Titles;
use crate::blocklist::{Blocklist, Coverage, Family, Hit};
use crate::rules::{self, Fact, Finding, LineView, Measure, Shape, Strength};
use crate::site::matcher::{kind_by_position, LineSet, LEARNED};
use crate::text::fold::fold_into;
use crate::text::repair::{repair, Repairs};
use crate::verdict::{Kind, Label, Rule};

/// The state of the context-free steps over one input: the lists, the page's
/// learned lines, the title, and scratch buffers reused line after line.
pub(crate) struct LineSteps<'c> {
    repair: bool,
    blocklist: &'c Blocklist,
    /// The page's learned site lines, if a template is in use.
    learned: Option<LineSet<'c>>,
    /// The current line, folded, and the blocklist's matches in it.
    folded: String,
    hits: Vec<Hit>,
    /// Scratch for the learned lines' keys.
    key: String,
    titles: Titles,
    /// Whether a prose line was seen yet (a learned line's kind depends on it).
    seen_prose: bool,
    /// Whether the learned decision reads [`LineSteps::cover`], and its value for the last line.
    measure_cover: bool,
    cover: [u8; Family::COUNT],
    /// The prose fast path, if it applies.
    prose: Option<ProseTest<'c>>,
}

impl<'c> LineSteps<'c> {
    pub fn new(opts: &'c Options, blocklist: &'c Blocklist) -> Self {
        LineSteps {
            repair: opts.repair,
            blocklist,
            learned: opts.template.as_ref().map(|t| t.lines_for(opts.site.as_deref())),
            folded: String::new(),
            hits: Vec::new(),
            key: String::new(),
            titles: Titles::default(),
            seen_prose: false,
            measure_cover: opts.decision.model().is_some(),
            cover: [0; Family::COUNT],
            prose: ProseTest::new(opts, blocklist),
        }
    }

    /// Step 1: repairs converter damage, if repairs are on; `None` when the line is unchanged.
    pub fn repair(&self, line: &str) -> (Option<String>, Repairs) {
        if !self.repair {
            return (None, Repairs::default());
        }
        match repair(line) {
            (Cow::Owned(s), r) => (Some(s), r),
            (Cow::Borrowed(_), r) => (None, r),
        }
    }

    /// Step 2: folds the (repaired, trimmed) line into `self.folded`, finds
    /// the blocklist's phrases in it and measures it, all in one pass.
    fn fold_and_match(&mut self, trimmed: &str) -> Shape {
        self.hits.clear();
        let mut measure = Measure::default();
        self.blocklist.fold_and_find_with(trimmed, &mut self.folded, &mut self.hits, |c| measure.push(c));
        measure.finish()
    }

    /// Step 3: what a (repaired, trimmed) line is on its own: blank, removed
    /// by a strong finding, prose, or open to its context with what is known
    /// of it. Also notes the page's title and whether prose was seen.
    // Inlined into the engine's per-line loop: as a call of its own it costs
    // about 1.4% more instructions on the bench corpus (callgrind).
    #[inline(always)]
    pub fn classify_line(&mut self, trimmed: &str) -> Class {
        self.cover = [0; Family::COUNT];
        if trimmed.is_empty() {
            return Class::Blank;
        }
        if let Some(fast) = self.prose.as_ref().and_then(|p| p.check(trimmed)) {
            if self.take_fast(trimmed, fast) {
                return Class::Prose;
            }
        }
        self.classify_full(trimmed)
    }

    /// Takes a line the prose fast path proved prose, unless the title rules
    /// that out: leaves what the full path would leave.
    fn take_fast(&mut self, trimmed: &str, fast: FastProse) -> bool {
        // without a full stop, a line that starts like the title may run on from it (a ticker)
        if !fast.full_stop && self.titles.may_tick(trimmed) {
            return false;
        }
        if !self.titles.taken() {
            // [`LineSteps::takes_title`] reads the folded line
            self.folded.clear();
            fold_into(trimmed, &mut self.folded);
        }
        #[cfg(debug_assertions)]
        {
            let full = self.classify_full(trimmed);
            assert!(
                full == Class::Prose && self.cover == fast.cover,
                "the prose fast path differs from the full path ({full:?}, cover {:?} against {:?}) on {trimmed:?}",
                self.cover,
                fast.cover
            );
        }
        self.cover = fast.cover;
        self.seen_prose = true;
        true
    }

    /// Step 3 without the prose fast path.
    #[inline(always)]
    pub fn classify_full(&mut self, trimmed: &str) -> Class {
        let shape = self.fold_and_match(trimmed);
        // a phrase the user is certain of removes the line, whatever else it is
        if let Some(hit) = self.blocklist.strict_hit(&self.hits) {
            let label = match hit.family {
                Family::Spam => Label::Spam,
                Family::Chrome(k) => Label::Chrome(k),
            };
            return Class::Removed(Finding::new(label, Strength::Strong, Rule::Entry(hit.entry)).with(Fact::Strict));
        }
        let learned = self.learned.is_some_and(|l| l.matches(trimmed, &self.folded, &mut self.key));
        let view = LineView {
            text: trimmed,
            folded: &self.folded,
            hits: &self.hits,
            cov: Coverage::of(&self.folded, &self.hits),
            shape,
        };
        if self.measure_cover {
            self.cover = view.cov.percents(shape.letters());
        }
        let learned =
            learned.then(|| Finding::strong(kind_by_position(self.seen_prose, false), LEARNED).with(Fact::Learned));
        let class = match learned.or_else(|| rules::classify(&view)) {
            Some(f) if f.strength == Strength::Strong => Class::Removed(f),
            weak => {
                if self.titles.is_ticker(&self.folded, &shape) {
                    Class::Removed(Finding::strong(Kind::Nav, "nav:title-ticker"))
                } else if weak.is_none() && context::is_prose(&shape) {
                    Class::Prose
                } else {
                    // a line without letters (`|||||`) is never the title
                    let title = if shape.letters() >= 2 { self.titles.role(&self.folded) } else { Title::No };
                    Class::Open(Open { weak, title, cjk: shape.cjk, byline: context::is_byline(trimmed, &shape) })
                }
            }
        };
        self.seen_prose |= class == Class::Prose;
        class
    }

    /// Percent of the last classified line's letters each blocklist family
    /// covers (spam, then the chrome kinds; zeros unless a learned decision reads them).
    pub fn cover(&self) -> [u8; Family::COUNT] {
        self.cover
    }

    /// Whether the line just classified becomes the page's title: the first
    /// line not removed on its own that has two letters.
    pub fn takes_title(&mut self, class: Class) -> bool {
        matches!(class, Class::Prose | Class::Open(_)) && self.titles.capture(&self.folded)
    }
}
