//! The context pass: decides each line from what the rule families found
//! and from the lines around it, like jusText does with paragraphs.
//!
//! Lines fall into four classes. Blank lines follow their neighbours. Lines
//! with a strong finding are removed wherever they stand, and lines that read
//! like prose are content; both are *anchors*. Everything else (short lines,
//! and lines with only weak evidence against them) is judged by the nearest
//! anchor before and after it.
//!
//! Some removed lines *open* content rather than close it: the meta lines
//! above an article (`发布时间：... 来源：...`), the header of a forum post
//! (`发表于 ...`, `#3 name 於 2013/12/28 10:42`) and the article's heading
//! (the first repeat of the page title). What follows an opener, or prose,
//! is the article's own text up to the next chrome line, even when it has no
//! punctuation (blogs that use spaces for commas). What follows chrome is
//! chrome, unless prose comes within a few lines (a title, a byline).

use crate::rules::{Fact, Finding, Shape};
use crate::verdict::{Kind, Label, Rule, Verdict};

/// What role a line plays as the page's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Title {
    /// Not the title.
    No,
    /// The first line of the page (a scraped page starts with its `<title>`).
    First,
    /// The first repeat of the title: the article's heading, which opens it.
    Heading,
    /// A later repeat (a share title, a title at the bottom).
    Repeat,
}

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
    Open(Open),
}

/// What the context pass knows of a line that its context decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Open {
    /// Weak evidence against the line, if any.
    pub weak: Option<Finding>,
    /// Whether it is the page's title or repeats it.
    pub title: Title,
    /// CJK characters in the line.
    pub cjk: usize,
    /// Shaped like a byline (`石佳/中国青年报`, `记者 王五`).
    pub byline: bool,
}

impl Class {
    /// The anchor this class gives its neighbours, if any.
    pub fn anchor(self) -> Option<Anchor> {
        match self {
            Class::Removed(f) if opens_content(f) => Some(Anchor::Opener),
            Class::Removed(_) => Some(Anchor::Chrome),
            Class::Prose => Some(Anchor::Content),
            Class::Open(Open { title: Title::Heading, .. }) => Some(Anchor::Heading),
            _ => None,
        }
    }
}

/// Meta lines (times, sources, post headers, font switches) stand right above
/// the text they frame.
fn opens_content(f: Finding) -> bool {
    // a font-size switch may be followed by its options, one per line
    f.label == Label::Chrome(Kind::Meta) && f.fact != Fact::FontSwitch
}

/// A byline: `石佳/中国青年报`, `记者 王五 通讯员 赵六`, `文/图 张三`.
pub fn is_byline(text: &str, s: &Shape) -> bool {
    const OUTLETS: &[&str] = &["报", "網", "网", "社", "台", "日报", "晚报", "新闻", "新聞", "杂志", "雜誌"];
    const ROLES: &[&str] = &["记者", "記者", "通讯员", "通訊員", "文/", "图/", "文／", "圖/", "作者"];
    s.chars <= 24
        && s.clause_punct == 0
        && (ROLES.iter().any(|r| text.contains(r))
            || (text.contains(['/', '／', ' ', '　']) && OUTLETS.iter().any(|o| text.ends_with(o))))
}

/// A bare timestamp right under a byline (`石佳/中国青年报` then `2019-09-24 09:10`)
/// is the article's dateline, a meta line that opens the text, not the date of a
/// list item: the byline above it then stays as a byline above its meta line.
/// `prev` gives the class of the non-blank line above; it is only asked for a list date.
pub fn dateline_after_byline(f: Finding, prev: impl FnOnce() -> Option<Class>) -> Option<Finding> {
    let after_byline = || matches!(prev(), Some(Class::Open(Open { byline: true, weak: None, .. })));
    (f.fact == Fact::ListDate && after_byline()).then_some(Finding::strong(Kind::Meta, "meta:dateline"))
}

/// A line that settles its neighbours' context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Prose of the article.
    Content,
    /// Chrome that introduces content: meta lines, post headers.
    Opener,
    /// The article's heading: what follows is its text if it is long enough
    /// to be text, or leads to prose (a subtitle, a byline).
    Heading,
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

/// How many open lines right before prose are its title, byline or date when
/// chrome stands before them.
pub const HEAD_BEFORE_CONTENT: usize = 4;

/// CJK characters that make a line right above a meta line a headline rather
/// than a user or channel name.
pub const HEADLINE_CJK: usize = 8;

/// CJK characters that make an open line after the heading the article's own
/// text (blogs write whole paragraphs without punctuation); shorter lines
/// there are a site name or an author card unless prose follows.
pub const ARTICLE_LINE_CJK: usize = 9;

/// Whether a kept open line continues the article for the lines after it.
pub fn continues_article(class: Class, before: Option<Anchor>) -> bool {
    matches!(class, Class::Open(Open { weak: None, cjk, .. }) if cjk >= ARTICLE_LINE_CJK)
        && matches!(before, Some(Anchor::Heading | Anchor::Opener | Anchor::Content))
}

/// Whether a line that no strong rule removed reads like prose.
///
/// Headlines in related-article lists carry commas, and end with `！` or
/// `？` often enough, so only a full stop at the end, or length with clauses,
/// makes prose. One false anchor in a list would keep the rest of the list,
/// so shorter lines with commas are left to the context like any other.
pub fn is_prose(s: &Shape) -> bool {
    (s.ends_full_stop && s.cjk >= 6) || (s.clause_punct >= 2 && s.chars >= 50) || (s.clause_punct >= 1 && s.chars >= 80)
}

/// The rule of an open line kept because no removed line is in view on either side.
pub const NO_CHROME: &str = "context:no-chrome";

/// Decides an open line from its context.
pub fn decide_open(open: Open, before: Side, after: Side) -> Verdict {
    use Anchor::*;
    let Open { weak, title, cjk, byline } = open;
    let keep = |rule| Verdict { label: Label::Keep, rule: Rule::Named(rule) };
    let remove = |rule| match weak {
        Some(f) => Verdict { label: f.label, rule: f.rule },
        None => Verdict { label: Label::Chrome(Kind::Nav), rule: Rule::Named(rule) },
    };
    if title != Title::No {
        return keep("context:title");
    }
    // Context removes a line only next to removed lines: with none in view on either side there
    // is no evidence against it. This is also what keeps cleaning idempotent: the output holds no
    // removed lines, so cleaning it again finds no line with chrome in view to remove.
    if !matches!(before.anchor, Some(Chrome | Opener)) && !matches!(after.anchor, Some(Chrome | Opener)) {
        return keep(NO_CHROME);
    }
    // numbers and symbols alone (counters, pagers) stay only between paragraphs
    if weak.is_some_and(|f| f.fact == Fact::NoLetters) {
        return if before.anchor == Some(Content) && after.anchor == Some(Content) {
            keep("context:inside-content")
        } else {
            remove("context:no-letters")
        };
    }
    if matches!(before.anchor, Some(Content | Opener)) {
        return keep("context:in-article");
    }
    if weak.is_some() {
        return remove("context:weak-outside-article");
    }
    match (before.anchor, after.anchor) {
        (Some(Heading), _) if cjk >= ARTICLE_LINE_CJK => keep("context:after-heading"),
        (_, Some(Content)) if after.gap < HEAD_BEFORE_CONTENT => keep("context:before-content"),
        (_, Some(Opener)) if after.gap == 0 && cjk >= HEADLINE_CJK => keep("context:headline"),
        (_, Some(Opener | Content)) if byline && after.gap < HEAD_BEFORE_CONTENT => keep("context:byline"),
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

    const O: Option<Anchor> = Some(Anchor::Opener);
    const H: Option<Anchor> = Some(Anchor::Heading);

    #[test]
    fn table() {
        let weak = Some(Finding::weak(Kind::Footer, "footer:contact"));
        let nl = Some(Finding::weak(Kind::Template, "template:no-letters").with(Fact::NoLetters));
        let no = Title::No;
        type Case = (Option<Finding>, Title, usize, Side, Side, bool);
        // (bylines are checked in `bylines` below)
        let cases: &[Case] = &[
            // a heading between paragraphs
            (None, no, 6, side(C, 0), side(C, 0), true),
            // a contact line inside a notice
            (weak, no, 10, side(C, 3), side(C, 0), true),
            // the same line in the footer
            (weak, no, 10, side(X, 0), side(X, 0), false),
            // a closing attribution right after the text, chrome after it
            (None, no, 10, side(C, 0), side(X, 0), true),
            // blog text without punctuation after the meta line, however long
            (None, no, 30, side(O, 40), side(X, 0), true),
            // after the heading: a line of text stays, an author card does not
            (None, no, 20, side(H, 0), side(X, 0), true),
            (None, no, 4, side(H, 0), side(X, 0), false),
            (None, no, 4, side(H, 0), side(C, 1), true),
            // a title two lines before the first paragraph
            (None, no, 12, side(X, 0), side(C, 2), true),
            // a menu item far above the first paragraph
            (None, no, 2, side(X, 0), side(C, 8), false),
            // a menu item between chrome lines
            (None, no, 2, side(X, 0), side(X, 3), false),
            // a headline right above its meta line, and a user name above a post header
            (None, no, 20, side(X, 0), side(O, 0), true),
            (None, no, 4, side(X, 0), side(O, 0), false),
            // the page title always stays
            (None, Title::First, 10, side(None, 0), side(X, 0), true),
            // no removed line in view on either side: no evidence against the line, even a weak one
            (None, no, 5, side(None, 0), side(None, 0), true),
            (weak, no, 5, side(None, 0), side(None, 0), true),
            (None, no, 2, side(None, 0), side(C, 8), true),
            (weak, no, 2, side(H, 0), side(C, 8), true),
            // numbers and symbols alone: between paragraphs, or with no removed line in view
            (nl, no, 0, side(C, 0), side(C, 0), true),
            (nl, no, 0, side(None, 0), side(C, 0), true),
            (nl, no, 0, side(X, 0), side(C, 0), false),
            (nl, no, 0, side(C, 0), side(O, 0), false),
            // ... but with one in view the same lines go
            (None, no, 2, side(None, 0), side(X, 8), false),
            (weak, no, 2, side(H, 0), side(O, 3), false),
        ];
        for (i, (w, title, cjk, before, after, kept)) in cases.iter().enumerate() {
            let v = decide_open(Open { weak: *w, title: *title, cjk: *cjk, byline: false }, *before, *after);
            assert_eq!(v.label.is_kept(), *kept, "case {i}: {v:?}");
        }
    }

    #[test]
    fn bylines() {
        let s = |t: &str| is_byline(t, &Shape::of(t));
        assert!(s("石佳/中国青年报") && s("记者 王五 通讯员 赵六") && s("文/图 张三"));
        assert!(!s("加拿大必读") && !s("爱否科技") && !s("新经济创造中国发展新机遇"));
        // a byline right above the time line stays; a user name there does not
        let kept = |byline| {
            decide_open(Open { weak: None, title: Title::No, cjk: 7, byline }, side(X, 0), side(O, 0)).label.is_kept()
        };
        assert!(kept(true) && !kept(false));
    }

    #[test]
    fn a_list_date_under_a_byline_is_a_dateline() {
        let date = Finding::strong(Kind::Nav, "nav:list-date").with(Fact::ListDate);
        let byline = Class::Open(Open { weak: None, title: Title::No, cjk: 6, byline: true });
        let headline = Class::Open(Open { weak: None, title: Title::No, cjk: 12, byline: false });
        let got = dateline_after_byline(date, || Some(byline)).expect("a dateline");
        assert_eq!((got.label, anchor_of(got)), (Label::Chrome(Kind::Meta), Some(Anchor::Opener)));
        assert_eq!(dateline_after_byline(date, || Some(headline)), None);
        assert_eq!(dateline_after_byline(date, || None), None);
        let other = Finding::strong(Kind::Nav, "nav:prev-next");
        assert_eq!(dateline_after_byline(other, || Some(byline)), None);
    }

    fn anchor_of(f: Finding) -> Option<Anchor> {
        Class::Removed(f).anchor()
    }

    #[test]
    fn prose_shapes() {
        assert!(is_prose(&Shape::of("很高兴又一次和大家见面。")));
        assert!(is_prose(&Shape::of(
            "今冬明春是我县森林火灾易发、高发时期，受持续干旱少雨天气影响，森林火险等级持续偏高。"
        )));
        // a salutation is short: it is judged by context, not an anchor
        assert!(!is_prose(&Shape::of("各乡镇人民政府、街道办事处，县直有关单位：")));
        assert!(!is_prose(&Shape::of("英媒关注武汉迎来黄金周：蓬勃发展的城市再次充满欢声笑语2020.10.04")));
        assert!(!is_prose(&Shape::of("2012年6月24日")));
        assert!(!is_prose(&Shape::of("观影、逛展、看演出……文化活动扮靓双节“佳”期")));
        assert!(!is_prose(&Shape::of("吃素吃成脂肪肝？这些饮食的坑你中了几个？")));
        assert!(!is_prose(&Shape::of("剪红纸、赛花灯、品月饼，武汉学子体验非遗文化迎“双节”")));
        assert!(!is_prose(&Shape::of("设拟人化IP、聚华中首店、餐饮更丰，江汉路上老百货向潮流转身")));
    }
}
