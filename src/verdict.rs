//! What the cleaner says about a line: keep it, or remove it as spam or as
//! one kind of chrome, and which rule said so.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// The kinds of site chrome of `LABELING.md`; each is one rule family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `当前位置: 首页 > 新闻中心 > 正文`
    Breadcrumb,
    /// Publication, source, view-count and font-size lines.
    Meta,
    /// QR prompts, share-to rows, print/close buttons.
    Share,
    /// A line that is only the editor's name.
    Editor,
    /// Menus, link rows, related-article lists, widgets.
    Nav,
    /// Filing numbers, copyright, sponsor and contact lines.
    Footer,
    /// Template leftovers: untitled-document titles, `TOP`, placeholders.
    Template,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 7] =
        [Kind::Breadcrumb, Kind::Meta, Kind::Share, Kind::Editor, Kind::Nav, Kind::Footer, Kind::Template];

    /// The kind's name as `LABELING.md` and `--explain` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Breadcrumb => "breadcrumb",
            Kind::Meta => "meta",
            Kind::Share => "share",
            Kind::Editor => "editor",
            Kind::Nav => "nav",
            Kind::Footer => "footer",
            Kind::Template => "template",
        }
    }

    /// A bit for this kind in a [`KindSet`].
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = Error;

    /// ```
    /// use zhclean::Kind;
    /// assert_eq!("nav".parse::<Kind>().unwrap(), Kind::Nav);
    /// assert!("menu".parse::<Kind>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::UnknownKind(s.to_string()))
    }
}

/// A set of chrome kinds (for `--keep`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindSet(u8);

impl KindSet {
    /// The empty set.
    pub const fn empty() -> Self {
        KindSet(0)
    }

    /// Adds a kind.
    pub fn insert(&mut self, k: Kind) {
        self.0 |= k.bit();
    }

    /// Whether the set holds `k`.
    pub fn contains(self, k: Kind) -> bool {
        self.0 & k.bit() != 0
    }

    /// The kinds in either set.
    pub const fn union(self, other: KindSet) -> KindSet {
        KindSet(self.0 | other.0)
    }

    /// Every chrome kind.
    pub fn all() -> Self {
        Kind::ALL.into_iter().collect()
    }

    /// Parses a comma-separated list such as `meta,editor`; `all` stands for every kind.
    ///
    /// ```
    /// use zhclean::{Kind, KindSet};
    /// let s = KindSet::parse("meta, editor").unwrap();
    /// assert!(s.contains(Kind::Meta) && s.contains(Kind::Editor) && !s.contains(Kind::Nav));
    /// assert_eq!(KindSet::parse("all").unwrap(), KindSet::all());
    /// ```
    pub fn parse(list: &str) -> Result<Self, Error> {
        let mut set = KindSet::empty();
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if part.eq_ignore_ascii_case("all") {
                set = set.union(KindSet::all());
            } else {
                set.insert(part.parse()?);
            }
        }
        Ok(set)
    }
}

impl From<Kind> for KindSet {
    fn from(k: Kind) -> Self {
        KindSet(k.bit())
    }
}

impl FromIterator<Kind> for KindSet {
    fn from_iter<I: IntoIterator<Item = Kind>>(kinds: I) -> Self {
        let mut set = KindSet::empty();
        kinds.into_iter().for_each(|k| set.insert(k));
        set
    }
}

impl FromStr for KindSet {
    type Err = Error;

    /// Parses a comma-separated list such as `meta,editor` (see [`KindSet::parse`]).
    fn from_str(list: &str) -> Result<Self, Error> {
        KindSet::parse(list)
    }
}

/// What is done with a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// The page's own content.
    Keep,
    /// Text injected by a third party.
    Spam,
    /// The site's own furniture, of one kind.
    Chrome(Kind),
}

impl Label {
    /// Whether the line is written out.
    pub fn is_kept(self) -> bool {
        matches!(self, Label::Keep)
    }

    /// `keep`, `spam` or `chrome`.
    pub fn name(self) -> &'static str {
        match self {
            Label::Keep => "keep",
            Label::Spam => "spam",
            Label::Chrome(_) => "chrome",
        }
    }

    /// The chrome kind, if any.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Label::Chrome(k) => Some(k),
            _ => None,
        }
    }
}

/// Which rule decided a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A named rule of a family, such as `breadcrumb:arrows`.
    Named(&'static str),
    /// A blocklist entry, by its index in the cleaner's lists (`--explain` names it `list:FAMILY:PHRASE`).
    Entry(u32),
}

/// The decision about one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Keep, spam or chrome.
    pub label: Label,
    /// The rule that decided it.
    pub rule: Rule,
}

impl Verdict {
    /// A line kept by default, with no rule against it.
    pub const KEEP: Verdict = Verdict { label: Label::Keep, rule: Rule::Named("content") };
}
