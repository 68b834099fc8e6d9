//! The context-free steps of a line's path, in two stages:
//!
//! - [`LineSteps::prepare`], stateless: [`repair`], then folding and matching,
//!   then the rule families and the measurements, all functions of the line's
//!   text alone, into a [`Prepared`] line. Being stateless, it runs on any
//!   thread, on many lines at once (`-j N` on one stream), and its result for a
//!   short line can be remembered ([`Memo`]).
//! - [`LineState::classify`], stateful: what depends on the lines before
//!   (the page's title, whether prose was seen), in input order, says what the
//!   line is on its own (a [`Class`]). The look-ahead window
//!   ([`super::window`]) then decides it in context.

use std::borrow::Cow;

use super::context::{self, Class, Open, Title};
use super::learned::{self, Counted, Measures, Model};
use super::memo::Memo;
use super::options::Options;
use super::prose::ProseTest;
use super::title::Titles;
use crate::blocklist::{Blocklist, Coverage, Family, Hit};
use crate::rules::{self, Fact, Finding, LineView, Measure, Shape, Strength};
use crate::site::matcher::{kind_by_position, LineSet, LEARNED};
use crate::text::fold::{fold_char, fold_into};
use crate::text::repair::{repair, Repairs};
use crate::verdict::{Kind, Label, Rule};

/// What the stateless steps make of one line: everything the stateful stage
/// and the window need, owned (but the folded text, see [`LineSteps::folded`]).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// The repaired line, if repairs changed it.
    pub fixed: Option<String>,
    /// The repairs made.
    pub repairs: Repairs,
    /// What the families and the lists say of the line.
    pub facts: Facts,
    /// Percent of the line's letters each blocklist family covers (zeros
    /// unless a learned decision reads them).
    pub cover: [u8; Family::COUNT],
    /// The learned decision's measurements of the line (non-blank lines, when a model decides).
    pub measures: Option<Measures>,
    /// Whether [`LineSteps::folded`] holds the line's folded text (a step
    /// that proves what a line is without folding it leaves it false).
    pub folded: bool,
}

impl Prepared {
    /// Whether the stateful stage is to be given the line's folded text:
    /// when it may read it ([`Facts::wants_folded`]) and it was made.
    pub fn keeps_folded(&self) -> bool {
        self.folded && self.facts.wants_folded()
    }
}

/// What a line is on its own, as far as its text alone tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Facts {
    /// Empty or white space only.
    Blank,
    /// Removed whatever stands around it: a strict phrase's line, or a family's strong finding.
    Removed(Finding),
    /// A line of the site template: removed, as a kind that depends on where it stands.
    Learned,
    /// No finding, and shaped like prose: prose, unless it runs on from the title (a ticker).
    Prose {
        /// Whether it ends with a full stop (then it is no ticker).
        ends_full_stop: bool,
    },
    /// Short or weakly suspect: open to its context.
    Open {
        /// The families' weak finding, if any.
        weak: Option<Finding>,
        /// Letters other than digits.
        letters: usize,
        /// CJK characters.
        cjk: usize,
        /// Whether it ends with a full stop.
        ends_full_stop: bool,
        /// Shaped like a byline.
        byline: bool,
    },
}

impl Facts {
    /// Whether the stateful stage may read the line's folded text: for
    /// titles, which only open lines and prose that can run on from the
    /// title need once the title is known (the others, and lines whose
    /// folded text was not made, are folded again by [`LineState::classify`]
    /// if it needs them).
    pub fn wants_folded(&self) -> bool {
        matches!(self, Facts::Open { .. } | Facts::Prose { ends_full_stop: false })
    }
}

/// The stateless steps over one input: the lists, the template's lines, the
/// model's vocabulary, scratch buffers reused line after line, and a memo of
/// short lines. One per thread.
pub(crate) struct LineSteps<'c> {
    repair: bool,
    blocklist: &'c Blocklist,
    /// The page's learned site lines, if a template is in use.
    learned: Option<LineSet<'c>>,
    /// The model of the learned decision, if one decides.
    model: Option<&'c Model>,
    /// Whether every non-blank line gets a feature row (prose is then measured in full).
    rows: bool,
    /// The current line, folded (if `made_folded`), and the blocklist's matches in it.
    folded: String,
    made_folded: bool,
    hits: Vec<Hit>,
    /// Scratch for the learned lines' keys and for the model's vocabulary.
    key: String,
    vocab_keys: Vec<u64>,
    memo: Memo,
    /// The prose fast path, if it applies.
    prose: Option<ProseTest<'c>>,
}

impl<'c> LineSteps<'c> {
    pub fn new(opts: &'c Options, blocklist: &'c Blocklist) -> Self {
        LineSteps {
            repair: opts.repair,
            blocklist,
            learned: opts.template.as_ref().map(|t| t.lines_for(opts.site.as_deref())),
            model: opts.decision.model(),
            rows: opts.feature_rows,
            folded: String::new(),
            made_folded: false,
            hits: Vec::new(),
            key: String::new(),
            vocab_keys: Vec::new(),
            memo: Memo::default(),
            prose: ProseTest::new(opts, blocklist),
        }
    }

    /// The folded text of the line last prepared (meaningful when its
    /// [`Prepared::keeps_folded`]).
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// All the stateless steps of one line (as decoded, untrimmed); its
    /// folded text is left in [`LineSteps::folded`].
    pub fn prepare(&mut self, line: &str) -> Prepared {
        if !Memo::fits(line) {
            return self.prepare_anew(line);
        }
        if let Some(p) = self.memo.get(line, &mut self.folded) {
            return p;
        }
        let p = self.prepare_anew(line);
        self.memo.put(line, &p, &self.folded);
        p
    }

    fn prepare_anew(&mut self, line: &str) -> Prepared {
        let (fixed, repairs) = self.repair(line);
        self.made_folded = false;
        // a step that knows what a line is without folding it returns early here, leaving `made_folded` false
        let (facts, cover, counted) = self.facts(fixed.as_deref().unwrap_or(line).trim());
        // the fast path's counts are of the line the learned step measures if repairs left it as it was
        let counted = counted.filter(|_| fixed.is_none() && !self.rows);
        let measures = match (self.model, facts, counted) {
            (None, ..) | (_, Facts::Blank, _) => None,
            (Some(_), Facts::Prose { .. }, Some(c)) => Some(learned::measures_of_prose(line, &c)),
            (Some(m), f, _) => {
                Some(learned::measures(m, line, matches!(f, Facts::Prose { .. }), self.rows, &mut self.vocab_keys))
            }
        };
        Prepared { fixed, repairs, facts, cover, measures, folded: self.made_folded }
    }

    /// Step 1: repairs converter damage, if repairs are on; `None` when the line is unchanged.
    fn repair(&self, line: &str) -> (Option<String>, Repairs) {
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
        self.made_folded = true;
        measure.finish()
    }

    /// Step 3: what a (repaired, trimmed) line is on its own, as far as its
    /// text tells: blank, removed by a strong finding, a template line,
    /// prose, or open to its context with what is known of it; and the
    /// blocklist families' cover of it; and what the prose fast path counted
    /// of the line for the learned step, if it took the line.
    // Inlined into the per-line path: as a call of its own it costs
    // about 1.4% more instructions on the bench corpus (callgrind).
    #[inline(always)]
    fn facts(&mut self, trimmed: &str) -> (Facts, [u8; Family::COUNT], Option<Counted>) {
        if trimmed.is_empty() {
            return (Facts::Blank, [0; Family::COUNT], None);
        }
        // most bytes are prose that the fast path proves prose without folding them
        if let Some(fast) = self.prose.as_ref().and_then(|p| p.check(trimmed)) {
            let facts = (Facts::Prose { ends_full_stop: fast.full_stop }, fast.cover);
            #[cfg(debug_assertions)]
            {
                let full = self.facts_in_full(trimmed);
                assert_eq!(full, facts, "the prose fast path differs from the full path on {trimmed:?}");
                self.made_folded = false;
            }
            return (facts.0, facts.1, Some(fast.counted));
        }
        let (facts, cover) = self.facts_in_full(trimmed);
        (facts, cover, None)
    }

    /// Step 3 without the prose fast path (for its tests).
    #[cfg(test)]
    pub fn full_facts(&mut self, trimmed: &str) -> (Facts, [u8; Family::COUNT]) {
        if trimmed.is_empty() {
            return (Facts::Blank, [0; Family::COUNT]);
        }
        self.facts_in_full(trimmed)
    }

    /// Step 3 without the prose fast path.
    #[inline(always)]
    fn facts_in_full(&mut self, trimmed: &str) -> (Facts, [u8; Family::COUNT]) {
        let mut cover = [0; Family::COUNT];
        let shape = self.fold_and_match(trimmed);
        // a phrase the user is certain of removes the line, whatever else it is
        if let Some(hit) = self.blocklist.strict_hit(&self.hits) {
            let label = match hit.family {
                Family::Spam => Label::Spam,
                Family::Chrome(k) => Label::Chrome(k),
            };
            let f = Finding::new(label, Strength::Strong, Rule::Entry(hit.entry)).with(Fact::Strict);
            return (Facts::Removed(f), cover);
        }
        let learned = self.learned.is_some_and(|l| l.matches(trimmed, &self.folded, &mut self.key));
        let view = LineView {
            text: trimmed,
            folded: &self.folded,
            hits: &self.hits,
            cov: Coverage::of(&self.folded, &self.hits),
            shape,
        };
        if self.model.is_some() {
            cover = view.cov.percents(shape.letters());
        }
        if learned {
            return (Facts::Learned, cover);
        }
        let facts = match rules::classify(&view) {
            Some(f) if f.strength == Strength::Strong => Facts::Removed(f),
            None if context::is_prose(&shape) => Facts::Prose { ends_full_stop: shape.ends_full_stop },
            weak => Facts::Open {
                weak,
                letters: shape.letters(),
                cjk: shape.cjk,
                ends_full_stop: shape.ends_full_stop,
                byline: context::is_byline(trimmed, &shape),
            },
        };
        (facts, cover)
    }
}

/// The stateful part of the context-free steps: the page's title and whether
/// prose was seen yet, carried from line to line in input order.
#[derive(Default)]
pub(crate) struct LineState {
    titles: Titles,
    /// Whether a prose line was seen yet (a learned line's kind depends on it).
    seen_prose: bool,
    /// A line folded again, when the stateless stage did not keep its folded text.
    refolded: String,
}

impl LineState {
    /// What a prepared line is on its own (`text`: the repaired line;
    /// `folded`: its folded text, if kept), and whether it becomes
    /// the page's title (the first line not removed on its own that has two
    /// letters). Also notes whether prose was seen.
    #[inline(always)]
    pub fn classify(&mut self, facts: Facts, text: &str, folded: Option<&str>) -> (Class, bool) {
        let LineState { titles, seen_prose, refolded } = self;
        let (class, takes_title) = match facts {
            Facts::Blank => (Class::Blank, false),
            Facts::Removed(f) => (Class::Removed(f), false),
            Facts::Learned => {
                let f = Finding::strong(kind_by_position(*seen_prose, false), LEARNED).with(Fact::Learned);
                (Class::Removed(f), false)
            }
            Facts::Prose { ends_full_stop } => {
                // a line that ends with a full stop is no ticker, and needs its folded text only for the
                // title; nor is one that does not start like the title (told without folding it again)
                if titles.known() && (ends_full_stop || !titles.may_follow(first_folded(folded, text))) {
                    (Class::Prose, false)
                } else {
                    let folded = folded_text(folded, text, refolded);
                    if titles.is_ticker(folded, ends_full_stop) {
                        (Class::Removed(Finding::strong(Kind::Nav, "nav:title-ticker")), false)
                    } else {
                        (Class::Prose, titles.capture(folded))
                    }
                }
            }
            Facts::Open { weak, cjk, byline, .. } if !titles.may_follow(first_folded(folded, text)) => {
                // neither a ticker nor a repeat of the title, which is known
                (Class::Open(Open { weak, title: Title::No, cjk, byline }), false)
            }
            Facts::Open { weak, letters, cjk, ends_full_stop, byline } => {
                let folded = folded_text(folded, text, refolded);
                if titles.is_ticker(folded, ends_full_stop) {
                    (Class::Removed(Finding::strong(Kind::Nav, "nav:title-ticker")), false)
                } else {
                    // a line without letters (`|||||`) is never the title
                    let title = if letters >= 2 { titles.role(folded) } else { Title::No };
                    let class = Class::Open(Open { weak, title, cjk, byline });
                    (class, titles.capture(folded))
                }
            }
        };
        *seen_prose |= class == Class::Prose;
        (class, takes_title)
    }
}

/// The first character of a line's folded text that is not white space
/// (`kept`: that text, if kept; else the (repaired) line is folded as far as
/// that character).
fn first_folded(kept: Option<&str>, text: &str) -> Option<char> {
    match kept {
        Some(f) => f.chars().find(|c| !c.is_whitespace()),
        None => text.trim().chars().map(fold_char).find(|c| !c.is_whitespace()),
    }
}

/// A line's folded text: as kept by the stateless steps, or the (repaired)
/// line trimmed and folded again into `scratch`.
fn folded_text<'a>(kept: Option<&'a str>, text: &str, scratch: &'a mut String) -> &'a str {
    match kept {
        Some(f) => f,
        None => {
            scratch.clear();
            fold_into(text.trim(), scratch);
            scratch
        }
    }
}
