//! What a family reports about a line: its label, how sure it is, which
//! rule, and the typed facts the context pass decides on.

use crate::verdict::{Kind, Label, Rule};

/// How sure a family is of its finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Removed unless the line sits inside the article's text.
    Weak,
    /// Removed wherever it stands.
    Strong,
}

/// What a family found about a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    /// Spam or a chrome kind.
    pub label: Label,
    /// How sure.
    pub strength: Strength,
    /// Which rule.
    pub rule: Rule,
    /// What the context pass needs to know beyond the label (never read from the rule's name).
    pub fact: Fact,
}

/// A fact about a finding that the context pass decides on. Rules are named
/// for `--explain` only; what changes a decision is said here, so renaming a
/// rule cannot change one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fact {
    /// Nothing beyond the label and strength.
    #[default]
    Plain,
    /// A font-size switch (`字号：大 中 小`): a meta line that does not open
    /// content, since its options may follow it one per line.
    FontSwitch,
    /// The bare date of a list item; right under a byline it is the
    /// article's dateline instead.
    ListDate,
    /// Numbers and symbols alone (counters, pagers): kept only between paragraphs.
    NoLetters,
    /// A line of the page's learned site template: footer or template chrome
    /// depending on whether prose follows it.
    Learned,
    /// A hit of a strict blocklist phrase (`#! strict`): final, whatever the
    /// line's context or a later decision step says.
    Strict,
}

impl Finding {
    /// A finding with no [`Fact`] beyond its label and strength.
    pub const fn new(label: Label, strength: Strength, rule: Rule) -> Self {
        Finding { label, strength, rule, fact: Fact::Plain }
    }

    /// A strong chrome finding of a named rule.
    pub const fn strong(kind: Kind, rule: &'static str) -> Self {
        Finding::new(Label::Chrome(kind), Strength::Strong, Rule::Named(rule))
    }

    /// A weak chrome finding of a named rule.
    pub const fn weak(kind: Kind, rule: &'static str) -> Self {
        Finding::new(Label::Chrome(kind), Strength::Weak, Rule::Named(rule))
    }

    /// The same finding with `fact`.
    pub const fn with(self, fact: Fact) -> Self {
        Finding { fact, ..self }
    }
}
