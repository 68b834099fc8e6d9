//! Rule families: each looks at one line alone and may find it spam or one
//! kind of chrome. Context (neighbouring lines, position) is applied later by
//! [`crate::engine::context`]; a family only says how sure it is.
//!
//! Every family is one module with a `check(&LineView) -> Option<Finding>`
//! function and its own table of tests.

pub mod breadcrumb;
pub mod editor;
pub mod footer;
pub mod meta;
pub mod nav;
pub mod share;
pub mod spam;
pub mod template;

use std::sync::LazyLock;

use regex::Regex;

use crate::blocklist::{Coverage, Family, Hit};
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
}

impl Finding {
    /// A strong chrome finding of a named rule.
    pub const fn strong(kind: Kind, rule: &'static str) -> Self {
        Finding { label: Label::Chrome(kind), strength: Strength::Strong, rule: Rule::Named(rule) }
    }

    /// A weak chrome finding of a named rule.
    pub const fn weak(kind: Kind, rule: &'static str) -> Self {
        Finding { label: Label::Chrome(kind), strength: Strength::Weak, rule: Rule::Named(rule) }
    }
}

/// Counts of a line's characters that the families and the context pass use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Characters other than white space.
    pub chars: usize,
    /// Letters and digits (CJK ideographs count as letters).
    pub alnum: usize,
    /// CJK ideographs.
    pub cjk: usize,
    /// ASCII digits.
    pub digits: usize,
    /// Sentence punctuation inside the line: `，。；！？、` and ASCII `,;!?` after CJK.
    pub clause_punct: usize,
    /// Full stops, question and exclamation marks (full-width, or `!?` after CJK; an ASCII `.` is
    /// too often a file extension or domain to count).
    pub stops: usize,
    /// The line ends like a sentence (`。！？…` possibly followed by a closing quote or bracket).
    pub ends_sentence: bool,
    /// The line ends with a full stop `。` (possibly followed by a closing quote or bracket).
    pub ends_full_stop: bool,
    /// White-space characters inside the line.
    pub spaces: usize,
}

impl Shape {
    /// Measures a trimmed line.
    pub fn of(text: &str) -> Shape {
        let mut m = Measure::default();
        text.chars().for_each(|c| m.push(c));
        m.finish()
    }

    /// Letters other than digits.
    pub fn letters(&self) -> usize {
        self.alnum - self.digits
    }

    /// Whether the line reads like prose: clauses, or a closing full stop.
    pub fn is_sentence(&self) -> bool {
        self.ends_sentence || self.clause_punct >= 2 || (self.clause_punct >= 1 && self.cjk >= 20)
    }
}

/// Builds a [`Shape`] one character at a time, so the pass that folds and
/// matches a line can measure it too instead of walking it again.
///
/// ```
/// use zhclean::rules::Measure;
/// let mut m = Measure::default();
/// "首頁 > 新聞。".chars().for_each(|c| m.push(c));
/// let s = m.finish();
/// assert_eq!((s.chars, s.cjk, s.spaces, s.stops, s.ends_full_stop), (6, 4, 2, 1, true));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Measure {
    s: Shape,
    prev_cjk: bool,
    last: Option<char>,
    before_last: Option<char>,
}

impl Measure {
    /// Counts one character of the line.
    #[inline(always)]
    pub fn push(&mut self, c: char) {
        // most characters of a page are common ideographs: one range test for them
        if (0x4E00..=0x9FFF).contains(&(c as u32)) {
            self.s.chars += 1;
            self.s.cjk += 1;
            self.s.alnum += 1;
            self.prev_cjk = true;
            self.before_last = self.last;
            self.last = Some(c);
        } else {
            self.push_other(c);
        }
    }

    #[inline(never)]
    fn push_other(&mut self, c: char) {
        let u = c as u32;
        if c.is_whitespace() {
            self.s.spaces += 1;
            return;
        }
        let s = &mut self.s;
        s.chars += 1;
        let cjk = matches!(u, 0x3400..=0x9FFF | 0xF900..=0xFAFF);
        if cjk {
            s.cjk += 1;
        }
        if crate::text::charclass::is_alphanumeric(c) {
            s.alnum += 1;
            if c.is_ascii_digit() {
                s.digits += 1;
            }
        }
        match c {
            '，' | '；' | '、' => s.clause_punct += 1,
            '。' | '！' | '？' => {
                s.clause_punct += 1;
                s.stops += 1
            }
            ',' | ';' if self.prev_cjk => s.clause_punct += 1,
            '!' | '?' if self.prev_cjk => {
                s.clause_punct += 1;
                s.stops += 1
            }
            _ => {}
        }
        self.prev_cjk = cjk;
        self.before_last = self.last;
        self.last = Some(c);
    }

    /// The shape of the characters pushed.
    pub fn finish(self) -> Shape {
        let mut s = self.s;
        let (last, before_last) = (self.last, self.before_last);
        let closing = matches!(last, Some('”' | '」' | '』' | '）' | ')' | '"'));
        s.ends_full_stop = last == Some('。') || (closing && before_last == Some('。'));
        s.ends_sentence = match last {
            Some('。' | '！' | '？' | '…' | '!' | '?') => true,
            Some('”' | '」' | '』' | '）' | ')' | '"') => {
                matches!(before_last, Some('。' | '！' | '？' | '…' | '!' | '?'))
            }
            _ => false,
        };
        s
    }
}

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

    /// The first blocklist entry of `family` that matched, as a rule.
    pub fn entry_rule(&self, family: Family, fallback: &'static str) -> Rule {
        self.cov.first(family).map_or(Rule::Named(fallback), Rule::Entry)
    }
}

/// Whether a compact (space-free) folded line holds a date with a time of day:
/// `2014/01/01 20:31`, `2020年07月04日 12:10`, `12-27 18:40`.
pub fn has_datetime(compact: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^0-9])(?:[0-9]{2,4}[-/.年])?[0-9]{1,2}[-/.月][0-9]{1,2}日?[0-9]{1,2}:[0-9]{2}")
            .expect("valid regex")
    });
    RE.is_match(compact)
}

/// Letters of a line other than digits and the units of dates and times
/// (`年月日时分秒`): what a timestamp has besides its numbers.
pub fn non_date_letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic() && !"年月日时分秒點点時".contains(*c)).count()
}

/// The folded line without leading white space and opening brackets, for
/// rules that look at how a line starts (`【免责声明】...`, `(上一篇)...`).
pub fn head_of(folded: &str) -> &str {
    folded.trim_start_matches(|c: char| c.is_whitespace() || "【[(（".contains(c))
}

/// Strips list markers and wrapping brackets that do not change what a line is:
/// `【打印】` → `打印`, `（责任编辑：王五）` → `责任编辑：王五`.
pub fn unwrap_brackets(s: &str) -> &str {
    let mut s = s.trim();
    for (open, close) in [('【', '】'), ('[', ']'), ('（', '）'), ('(', ')'), ('〔', '〕'), ('<', '>')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains(open) && !inner.contains(close) {
                s = inner.trim();
            }
        }
    }
    s
}

/// Whether the line starts like a numbered heading or list item of a document
/// (`一、`, `（二）`, `第三条`, `1.`): such lines are content, not chrome.
pub fn starts_numbered(s: &str) -> bool {
    let s = s.trim_start();
    let mut chars = s.chars();
    let first = match chars.next() {
        Some(c) => c,
        None => return false,
    };
    const CN_DIGITS: &str = "一二三四五六七八九十百零〇";
    if first == '第' {
        let rest: String = chars.clone().take_while(|c| CN_DIGITS.contains(*c) || c.is_ascii_digit()).collect();
        let after = chars.clone().nth(rest.chars().count());
        return !rest.is_empty() && matches!(after, Some('条' | '章' | '节' | '款' | '部' | '篇' | '條' | '節'));
    }
    if first == '（' || first == '(' {
        let inner: String = chars.clone().take_while(|c| CN_DIGITS.contains(*c) || c.is_ascii_digit()).collect();
        let after = chars.clone().nth(inner.chars().count());
        return !inner.is_empty() && matches!(after, Some('）' | ')'));
    }
    if CN_DIGITS.contains(first) || first.is_ascii_digit() {
        let mut rest = s.trim_start_matches(|c: char| CN_DIGITS.contains(c) || c.is_ascii_digit()).chars();
        return matches!(rest.next(), Some('、' | '．'))
            || (matches!(s.chars().nth(1), Some('.')) && first.is_ascii_digit());
    }
    false
}

/// Runs every family on a line, strongest finding first: spam, then the
/// chrome families from the most specific shape to the most general.
pub fn classify(v: &LineView<'_>) -> Option<Finding> {
    let mut weak: Option<Finding> = None;
    let checks: [fn(&LineView<'_>) -> Option<Finding>; 8] = [
        template::check,
        spam::check,
        breadcrumb::check,
        editor::check,
        footer::check,
        meta::check,
        share::check,
        nav::check,
    ];
    for check in checks {
        if let Some(f) = check(v) {
            if f.strength == Strength::Strong {
                return Some(f);
            }
            weak.get_or_insert(f);
        }
    }
    mixed_chrome(v).or(weak)
}

/// A short line made of the phrases of several chrome families together
/// (`【关闭窗口】【发表评论】【打印本稿】`, `更多图片>>`): chrome of the family
/// that covers most of it.
fn mixed_chrome(v: &LineView<'_>) -> Option<Finding> {
    if v.shape.chars > 30 || v.shape.stops > 0 || starts_numbered(v.text) || v.chrome_coverage() < 0.75 {
        return None;
    }
    let kind = Kind::ALL.into_iter().max_by_key(|k| v.cov.covered(Family::Chrome(*k)))?;
    Some(Finding {
        label: Label::Chrome(kind),
        strength: Strength::Strong,
        rule: v.entry_rule(Family::Chrome(kind), "chrome:mixed-list"),
    })
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the families' tests: a view of a line over the default lists.
    use super::*;
    use crate::blocklist::Blocklist;
    use std::sync::OnceLock;

    pub fn defaults() -> &'static Blocklist {
        static B: OnceLock<Blocklist> = OnceLock::new();
        B.get_or_init(|| Blocklist::defaults().expect("default lists build"))
    }

    /// Runs `f` on a view of `line` (trimmed, folded, matched against the defaults).
    pub fn with_view<T>(line: &str, f: impl FnOnce(&LineView<'_>) -> T) -> T {
        let text = line.trim();
        let folded = crate::text::fold::fold(text);
        let mut hits = Vec::new();
        defaults().find(&folded, &mut hits);
        let v =
            LineView { text, folded: &folded, hits: &hits, cov: Coverage::of(&folded, &hits), shape: Shape::of(text) };
        f(&v)
    }

    /// Runs a family over a table of (line, expected finding) and reports every mismatch.
    pub fn check_table(check: fn(&LineView<'_>) -> Option<Finding>, cases: &[(&str, Option<(Label, Strength)>)]) {
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(line, want)| {
                let got = judge(check, line);
                (got != *want).then(|| format!("{line:?}: want {want:?}, got {got:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{} of {} cases wrong:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
    }

    /// The label and strength `check` gives `line`, or `None`.
    pub fn judge(check: fn(&LineView<'_>) -> Option<Finding>, line: &str) -> Option<(Label, Strength)> {
        with_view(line, |v| check(v).map(|f| (f.label, f.strength)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_counts() {
        let s = Shape::of("浙江：和諧共治，精密智治。");
        assert_eq!((s.cjk, s.clause_punct, s.stops, s.ends_sentence), (10, 2, 1, true));
        assert!(s.is_sentence());
        let s = Shape::of("首頁  >  新聞中心");
        assert!(!s.is_sentence());
        assert_eq!(s.chars, 7);
        assert!(Shape::of("他说：“好。”").ends_sentence);
    }

    #[test]
    fn numbered_headings() {
        for s in ["一、ICP备案号", "（二）严格管控", "第三条 本办法", "1. 准备", "12、工具"] {
            assert!(starts_numbered(s), "{s}");
        }
        for s in ["一键分享", "第一页", "2024-03-19", "首页", "(来源：新华社)"] {
            assert!(!starts_numbered(s), "{s}");
        }
    }

    #[test]
    fn unwraps() {
        assert_eq!(unwrap_brackets("【打印】"), "打印");
        assert_eq!(unwrap_brackets("（责任编辑：王五）"), "责任编辑：王五");
        assert_eq!(unwrap_brackets("【大】【小】"), "【大】【小】");
    }
}
