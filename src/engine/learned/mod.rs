//! The learned decision: a windowed step after the context pass that weighs
//! the rules' findings as evidence, together with measurements of the line
//! and its neighbours, in a small tree ensemble trained on labeled pages
//! (`train/train.py`; the trained model is compiled in from `model.txt`).
//! It is step 5 of the engine's path, after the context pass.
//!
//! Lines go in with what the rules said ([`Evidence`]) and come out in order,
//! each non-blank one with the model's removal probability, once [`WINDOW`]
//! non-blank lines after it are known (or the input ended): memory stays
//! bounded by the window.

pub(crate) mod features;
pub(crate) mod format;
pub(crate) mod model;

use std::collections::VecDeque;

use super::context::{Class, Open};
use crate::rules::Fact;
use crate::verdict::{Kind, Label, Rule, Verdict};

pub(crate) use features::Counted;
pub(crate) use features::{Evidence, COUNT, NAMES, WINDOW};
use features::{Line, Page, Text};
pub(crate) use model::{builtin, Model};

/// What the step says about a non-blank line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Call {
    /// The model's probability that the line is spam or chrome.
    pub probability: f32,
    /// Whether that is at least the model's threshold.
    pub remove: bool,
    /// Whether the line has a feature row (for `--dump-features`,
    /// [`Window::features`]): not a prose line when the window was not asked
    /// for every row.
    pub row: bool,
}

/// A measured line, ready for [`Window::push`].
pub(crate) struct Measured(Line);

/// What the learned decision measures of a line's own text: they depend on
/// the text alone (and on whether the line is prose), so they can be taken
/// ahead of the window, on any thread.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Measures {
    text: Text,
    vocab: f32,
    /// Whether the line was measured as prose.
    pub prose: bool,
}

/// Measures a non-blank line (untrimmed); `keys` is a scratch buffer.
pub(crate) fn measures(model: &Model, text: &str, prose: bool, rows: bool, keys: &mut Vec<u64>) -> Measures {
    // prose is kept without asking the model, and its vocabulary is not read; without a row of
    // its own (`rows` false) it is measured only for what its neighbours' rows read of it
    let (t, vocab) = if prose {
        (if rows { Text::of_prose(text) } else { Text::for_neighbours(text) }, 0.0)
    } else {
        (Text::of(text), model.vocab_score(text, keys))
    };
    Measures { text: t, vocab, prose }
}

/// [`measures`] of a prose line that needs no row of its own, from what the
/// prose step counted of it (`text` untrimmed, as the step scanned it trimmed).
pub(crate) fn measures_of_prose(text: &str, counted: &Counted) -> Measures {
    Measures { text: Text::for_neighbours_counted(text, counted), vocab: 0.0, prose: true }
}

/// [`Window::measure`] with the line's own measurements taken before (by
/// [`measures`], as prose exactly when `ev.prose`).
pub(crate) fn measured(m: Measures, ev: Evidence) -> Measured {
    debug_assert_eq!(m.prose, ev.prose, "measured as prose, or not, as the rules decided");
    Measured(Line { text: m.text, ev, vocab: m.vocab, blank_before: false, blank_after: false })
}

struct Slot<P> {
    payload: P,
    /// Whether the line is blank (else it is the next of `lines` not yet decided).
    blank: bool,
}

/// Lines waiting for the learned decision, and the ones just decided.
pub(crate) struct Window<'m, P> {
    model: &'m Model,
    queue: VecDeque<Slot<P>>,
    /// The non-blank lines: up to [`WINDOW`] decided ones, then the queued ones, in order.
    lines: Vec<Line>,
    /// Index in `lines` of the next line to decide.
    next: usize,
    page: Page,
    last_blank: bool,
    keys: Vec<u64>,
    /// Whether prose lines get a row too (the model never reads one).
    rows: bool,
    /// The feature row of the line last decided, if it has one (kept here,
    /// not moved out with each call).
    row: [f32; COUNT],
}

impl<'m, P> Window<'m, P> {
    /// An empty window deciding with `model`; `rows`: give every non-blank
    /// line its feature row (`--dump-features`), not only the lines the model scores.
    pub fn new(model: &'m Model, rows: bool) -> Self {
        Window {
            rows,
            model,
            queue: VecDeque::new(),
            lines: Vec::new(),
            next: 0,
            page: Page::default(),
            last_blank: false,
            keys: Vec::new(),
            row: [0.0; COUNT],
        }
    }

    /// Measures a non-blank line (untrimmed) for [`Window::push`].
    pub fn measure(&mut self, text: &str, ev: Evidence) -> Measured {
        measured(measures(self.model, text, ev.prose, self.rows, &mut self.keys), ev)
    }

    /// Queues a line: `None` for a blank line, else what [`Window::measure`] made of it.
    pub fn push(&mut self, payload: P, line: Option<Measured>) {
        match line {
            None => {
                // only a line not yet decided can learn what follows it
                if self.lines.len() > self.next {
                    if let Some(l) = self.lines.last_mut() {
                        l.blank_after = true;
                    }
                }
                self.last_blank = true;
                self.queue.push_back(Slot { payload, blank: true });
            }
            Some(Measured(mut l)) => {
                l.blank_before = self.last_blank;
                self.last_blank = false;
                self.lines.push(l);
                self.queue.push_back(Slot { payload, blank: false });
            }
        }
    }

    /// The front line with its call (`None` for a blank line) once it can be
    /// decided; `at_end` when no more lines will come.
    pub fn pop(&mut self, at_end: bool) -> Option<(P, Option<Call>)> {
        let front = self.queue.front()?;
        let ahead = self.lines.len() - self.next;
        // blank lines are not counted as look-ahead, so bound them too
        let full = ahead > WINDOW || self.queue.len() > 4 * WINDOW + 64;
        if !(front.blank || at_end || full) {
            return None;
        }
        let slot = self.queue.pop_front()?;
        if slot.blank {
            return Some((slot.payload, None));
        }
        let i = self.next;
        let line = &self.lines[i];
        let before = &self.lines[i.saturating_sub(WINDOW)..i];
        let after = &self.lines[i + 1..self.lines.len().min(i + 1 + WINDOW)];
        let (probability, row) = if line.ev.prose && !self.rows {
            (0.0, false)
        } else {
            self.row = features::row(before, line, after, &self.page);
            (if line.ev.prose { 0.0 } else { self.model.probability(&self.row) }, true)
        };
        self.page.pass(line);
        self.next += 1;
        // keep the last WINDOW decided lines; drop older ones now and then (amortized)
        if self.next >= 4 * WINDOW {
            self.lines.drain(..self.next - WINDOW);
            self.next = WINDOW;
        }
        Some((slot.payload, Some(Call { probability, remove: probability >= self.model.threshold, row })))
    }

    /// The feature row of a call [`Window::pop`] just gave, if it has one.
    pub fn features(&self, call: &Call) -> Option<&[f32]> {
        call.row.then_some(&self.row[..])
    }
}

/// The final verdict: the model's call on the rules' verdict. Lines of a
/// learned site template, and lines with a strict (`#! strict`) phrase,
/// stay as the rules decided (the user asked for them).
pub(crate) fn verdict(class: Class, rules: Verdict, call: &Call) -> Verdict {
    if matches!(class, Class::Removed(f) if matches!(f.fact, Fact::Learned | Fact::Strict)) {
        return rules;
    }
    match (call.remove, rules.label) {
        (true, Label::Keep) => {
            // the weak finding's label if there is one: the model names no kind of its own
            let label = match class {
                Class::Open(Open { weak: Some(f), .. }) => f.label,
                _ => Label::Chrome(Kind::Nav),
            };
            Verdict { label, rule: Rule::Named(MODEL_REMOVE) }
        }
        (false, Label::Spam | Label::Chrome(_)) => Verdict { label: Label::Keep, rule: Rule::Named(MODEL_KEEP) },
        _ => rules,
    }
}

/// Rule names (for `--explain`) of the learned decision where it overrides the rules.
const MODEL_REMOVE: &str = "model:remove";
const MODEL_KEEP: &str = "model:keep";

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        // removes a line exactly when it has a `found` kind (feature 30) other than none
        const FOUND: usize = 34;
        let t = format!("zhclean-trees 1\nfeatures {COUNT}\nbase 0\nthreshold 0.5\ntree\n{FOUND} 0.5 1 2 0\n-1 0 0 0 -3\n-1 0 0 0 3\nend\n");
        Model::parse(&t, COUNT).unwrap()
    }

    #[test]
    fn decides_in_order_once_the_window_is_full() {
        let m = model();
        let mut w = Window::new(&m, false);
        let m =
            w.measure("首页 > 新闻", Evidence { found: Some(Label::Chrome(Kind::Breadcrumb)), ..Evidence::default() });
        w.push(0, Some(m));
        w.push(1, None);
        assert!(w.pop(false).is_none(), "waits for look-ahead");
        for i in 2..(WINDOW + 2) {
            let m = w.measure("县里召开森林防火工作会议，部署今冬明春防火工作。", Evidence::default());
            w.push(i, Some(m));
        }
        let (p, call) = w.pop(false).expect("window full");
        assert_eq!(p, 0);
        assert!(call.unwrap().remove);
        let (p, call) = w.pop(false).expect("a blank line is decided at once");
        assert_eq!((p, call.is_none()), (1, true));
        assert!(w.pop(false).is_none());
        let rest: Vec<_> = std::iter::from_fn(|| w.pop(true)).collect();
        assert_eq!(rest.len(), WINDOW);
        assert!(rest.iter().all(|(_, c)| !c.unwrap().remove));
    }

    #[test]
    fn prose_rows_change_no_call() {
        // every line of a page through two windows: with a row for every line, and without prose rows
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/pages");
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        let text: String = names.iter().take(40).map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect();
        let (mut all, mut scored) = (Window::new(builtin(), true), Window::new(builtin(), false));
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for (i, line) in text.lines().enumerate() {
            // evidence made up from the text: long lines are prose, every third line removed
            let ev = Evidence { prose: line.chars().count() > 40, removed: i % 3 == 0, ..Evidence::default() };
            for (w, calls) in [(&mut all, &mut a), (&mut scored, &mut b)] {
                let m = (!line.trim().is_empty()).then(|| w.measure(line, ev));
                w.push(i, m);
                while let Some((i, c)) = w.pop(false) {
                    calls.push((i, c, c.and_then(|c| w.features(&c)).map(<[f32]>::to_vec)));
                }
            }
        }
        for (w, calls) in [(&mut all, &mut a), (&mut scored, &mut b)] {
            while let Some((i, c)) = w.pop(true) {
                calls.push((i, c, c.and_then(|c| w.features(&c)).map(<[f32]>::to_vec)));
            }
        }
        assert_eq!(a.len(), b.len());
        let prose = a.iter().filter(|(_, c, _)| c.is_some_and(|c| c.probability == 0.0)).count();
        assert!(prose > 100 && a.len() - prose > 100, "{prose} prose lines of {}", a.len());
        for ((i, x, xr), (j, y, yr)) in a.iter().zip(&b) {
            assert_eq!(i, j);
            let (Some(x), Some(y)) = (x, y) else {
                assert_eq!(x.is_none(), y.is_none());
                continue;
            };
            assert_eq!((x.probability.to_bits(), x.remove), (y.probability.to_bits(), y.remove), "line {i}");
            assert!(x.row && xr.as_ref().is_some_and(|r| r.len() == COUNT));
            assert_eq!(y.row, yr.is_some());
            if yr.is_some() {
                assert_eq!(format!("{xr:?}"), format!("{yr:?}"), "line {i}");
            }
        }
        assert!(b.iter().any(|(_, c, _)| c.is_some_and(|c| !c.row)), "prose lines have no row");
    }

    #[test]
    fn a_strict_or_template_line_stays_removed_whatever_the_model_says() {
        use crate::rules::{Finding, Strength};
        let keep = Call { probability: 0.0, remove: false, row: false };
        let spam = Verdict { label: Label::Spam, rule: Rule::Entry(0) };
        let strict = Finding::new(Label::Spam, Strength::Strong, Rule::Entry(0)).with(Fact::Strict);
        assert_eq!(verdict(Class::Removed(strict), spam, &keep), spam);
        let learned = Finding::new(Label::Spam, Strength::Strong, Rule::Entry(0)).with(Fact::Learned);
        assert_eq!(verdict(Class::Removed(learned), spam, &keep), spam);
        // any other strong finding is the model's to overrule
        let plain = Finding::new(Label::Spam, Strength::Strong, Rule::Entry(0));
        assert_eq!(verdict(Class::Removed(plain), spam, &keep).label, Label::Keep);
    }

    #[test]
    fn the_builtin_model_loads() {
        assert!(builtin().threshold > 0.0 && builtin().threshold < 1.0);
    }
}
