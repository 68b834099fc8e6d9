//! [`LineView`]: everything the families look at for one line.

use super::finding::{Finding, Strength};
use super::shape::Shape;
use crate::blocklist::{Coverage, Family, Hit};
use crate::verdict::{Kind, Label, Rule};

/// Everything the families look at for one line.
#[derive(Debug, Clone, Copy)]
pub struct LineView<'a> {
    /// The line, repaired and trimmed of white space.
    pub text: &'a str,
    /// The folded form of `text`.
    pub folded: &'a str,
    /// Blocklist matches in `folded`.
    pub hits: &'a [Hit],
    /// How much of the line each family's phrases cover.
    pub cov: Coverage,
    /// Character counts.
    pub shape: Shape,
}

impl<'a> LineView<'a> {
    /// Share of the line's letters and digits covered by `family`'s phrases.
    ///
    /// Digits are left out of both sides: they are the values of chrome fields
    /// (counts, dates, filing numbers), not its words.
    pub fn coverage(&self, family: Family) -> f32 {
        let letters = self.shape.letters();
        if letters == 0 {
            return 0.0;
        }
        (self.cov.covered(family) as f32 / letters as f32).min(1.0)
    }

    /// Share of the line's letters covered by the phrases of all chrome families.
    pub fn chrome_coverage(&self) -> f32 {
        let letters = self.shape.letters();
        if letters == 0 {
            return 0.0;
        }
        (self.cov.chrome_covered() as f32 / letters as f32).min(1.0)
    }

    /// The folded text without white space, for matching field names that
    /// sites space out (`文　　号`, `有 效 性`).
    pub fn compact(&self) -> std::borrow::Cow<'a, str> {
        // folding maps white space to white space and nothing else to it: the shape's count holds for `folded`
        if self.shape.spaces == 0 {
            return std::borrow::Cow::Borrowed(self.folded);
        }
        self.folded.chars().filter(|c| !c.is_whitespace()).collect::<String>().into()
    }

    /// A finding of chrome `kind` made by its phrase list: its rule is the
    /// first entry of the kind's list that matched, or `fallback`.
    pub fn listed(&self, kind: Kind, strength: Strength, fallback: &'static str) -> Finding {
        Finding::new(Label::Chrome(kind), strength, self.entry_rule(Family::Chrome(kind), fallback))
    }

    /// The first blocklist entry of `family` that matched, as a rule.
    pub fn entry_rule(&self, family: Family, fallback: &'static str) -> Rule {
        self.cov.first(family).map_or(Rule::Named(fallback), Rule::Entry)
    }
}
