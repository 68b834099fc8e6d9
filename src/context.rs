//! The context pass: decides each line from what the rule families found
//! and from the lines around it, like jusText does with paragraphs.
//!
//! Lines fall into four classes. Blank lines follow their neighbours. Lines
//! with a strong finding are removed wherever they stand, and lines that read
//! like prose are content; both are *anchors*. Everything else (short lines,
//! and lines with only weak evidence against them) is judged by the nearest
//! anchor before and after it: between two stretches of prose it is part of
//! the article (a heading, a date, a signature); a few lines before the first
//! paragraph it is a title or byline; in a run between chrome lines it is a
//! menu.

use crate::rules::{Finding, Shape};
use crate::verdict::{Kind, Label, Rule, Verdict};

/// What a line is before its neighbours are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Empty or white space only.
    Blank,
    /// Removed by a strong finding.
    Removed(Finding),
    /// Reads like prose: a content anchor.
    Prose,
    /// Short or weakly suspect: decided by context.
    Open {
        /// Weak evidence against the line, if any.
        weak: Option<Finding>,
        /// The page's title line, or a repeat of it.
        title: bool,
    },
}

impl Class {
    /// The anchor this class gives its neighbours, if any.
    pub fn anchor(self) -> Option<Anchor> {
        match self {
            Class::Removed(_) => Some(Anchor::Chrome),
            Class::Prose => Some(Anchor::Content),
            _ => None,
        }
    }
}

/// A line that settles its neighbours' context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Prose of the article.
    Content,
    /// Spam or chrome removed by a strong rule.
    Chrome,
}

/// The nearest anchor on one side of a line, and how many non-blank lines lie between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// The anchor, or `None` when there is none (start or end of input, or past the lookahead).
    pub anchor: Option<Anchor>,
    /// Non-blank lines between the line and the anchor.
    pub gap: usize,
}

/// How many open lines right after prose still belong to it (a closing
/// attribution, a signature) when chrome follows.
pub const TAIL_AFTER_CONTENT: usize = 2;
/// How many open lines right before prose are its title, byline or date when
/// chrome stands before them.
pub const HEAD_BEFORE_CONTENT: usize = 4;

/// Whether a line that no strong rule removed reads like prose.
pub fn is_prose(s: &Shape) -> bool {
    (s.ends_sentence && s.cjk >= 6)
        || (s.clause_punct >= 2 && s.chars >= 20)
        || (s.clause_punct >= 1 && s.chars >= 50)
        || s.chars >= 100
}

/// Decides an open line from its context.
pub fn decide_open(weak: Option<Finding>, title: bool, before: Side, after: Side) -> Verdict {
    use Anchor::*;
    let keep = |rule| Verdict { label: Label::Keep, rule: Rule::Named(rule) };
    let remove = |rule| match weak {
        Some(f) => Verdict { label: f.label, rule: f.rule },
        None => Verdict { label: Label::Chrome(Kind::Nav), rule: Rule::Named(rule) },
    };
    if title {
        return keep("context:title");
    }
    match (before.anchor, after.anchor) {
        (Some(Content), Some(Content)) => keep("context:inside-content"),
        (Some(Content), _) if weak.is_none() && before.gap < TAIL_AFTER_CONTENT => keep("context:after-content"),
        (_, Some(Content)) if weak.is_none() && after.gap < HEAD_BEFORE_CONTENT => keep("context:before-content"),
        (None, None) if weak.is_none() => keep("context:no-anchor"),
        (Some(Content), _) => remove("context:after-content-run"),
        (_, Some(Content)) => remove("context:before-content-run"),
        _ => remove("context:chrome-run"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(anchor: Option<Anchor>, gap: usize) -> Side {
        Side { anchor, gap }
    }

    const C: Option<Anchor> = Some(Anchor::Content);
    const X: Option<Anchor> = Some(Anchor::Chrome);

    #[test]
    fn table() {
        let weak = Some(Finding::weak(Kind::Footer, "footer:contact"));
        let cases: &[(Option<Finding>, bool, Side, Side, bool)] = &[
            // a heading between paragraphs
            (None, false, side(C, 0), side(C, 0), true),
            // a contact line inside a notice
            (weak, false, side(C, 3), side(C, 0), true),
            // the same line in the footer
            (weak, false, side(X, 0), side(X, 0), false),
            // a closing attribution right after the text, chrome after it
            (None, false, side(C, 0), side(X, 0), true),
            // the fifth short line after the text, before chrome: a menu
            (None, false, side(C, 4), side(X, 0), false),
            // a title two lines before the first paragraph
            (None, false, side(X, 0), side(C, 2), true),
            // a menu item far above the first paragraph
            (None, false, side(X, 0), side(C, 8), false),
            // a menu item between chrome lines
            (None, false, side(X, 0), side(X, 3), false),
            // the page title always stays
            (None, true, side(None, 0), side(X, 0), true),
            // no anchors at all: keep what has no evidence against it
            (None, false, side(None, 0), side(None, 0), true),
            (weak, false, side(None, 0), side(None, 0), false),
        ];
        for (i, (w, title, before, after, kept)) in cases.iter().enumerate() {
            let v = decide_open(*w, *title, *before, *after);
            assert_eq!(v.label.is_kept(), *kept, "case {i}: {v:?}");
        }
    }

    #[test]
    fn prose_shapes() {
        assert!(is_prose(&Shape::of("很高兴又一次和大家见面。")));
        assert!(is_prose(&Shape::of("各乡镇人民政府、街道办事处，县直有关单位：")));
        assert!(!is_prose(&Shape::of("英媒关注武汉迎来黄金周：蓬勃发展的城市再次充满欢声笑语2020.10.04")));
        assert!(!is_prose(&Shape::of("2012年6月24日")));
    }
}
