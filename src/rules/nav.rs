//! Navigation: previous/next links, related-article headers, rows of site
//! sections or links, and widget furniture (login, comment and vote boxes).
//!
//! Menus rendered one item per line are mostly left to the context pass,
//! which judges a short line by the run it stands in; this family marks the
//! lines that are navigation on their own.

use super::finding::{Fact, Finding, Strength};
use super::text::{has_datetime, head_of, non_date_letters, starts_numbered};
use super::view::LineView;
use crate::blocklist::Family;
use crate::verdict::Kind;

/// How previous/next links start (folded).
pub const PREV_NEXT: &[&str] = &[
    "上一篇",
    "下一篇",
    "上一条",
    "下一条",
    "上一页",
    "下一页",
    "上篇",
    "下篇",
    "前一篇",
    "后一篇",
    "上一则",
    "下一则",
];

/// Characters past which a line starting with [`PREV_NEXT`] is no previous/next link.
pub const PREV_NEXT_MAX_CHARS: usize = 80;
/// A line naming both [`PREV`] and [`NEXT`] is a pair of previous/next links up to these characters.
pub const PREV_AND_NEXT_MAX_CHARS: usize = 160;
/// See [`PREV_AND_NEXT_MAX_CHARS`].
pub const PREV: &[&str] = &["上一篇"];
/// See [`PREV_AND_NEXT_MAX_CHARS`].
pub const NEXT: &[&str] = &["下一篇"];

/// Relative times of a dated list (`6小时前 ... 7小时前 ...`); a line with more stops is a paragraph.
pub const AGO: &[&str] = &["小时前", "分钟前"];
/// See [`AGO`].
pub const DATED_LIST_MAX_STOPS: usize = 2;

/// The "details" links that end a list teaser (`...【详细】`, `...详情>>`).
pub const TEASER_ENDS: &[&str] =
    &["【详细】", "[详细]", "详情>>", "更多>>", "[更多]", "【更多】", "详细>>", "阅读全文>>"];

/// Finds navigation lines.
///
/// On a sentence (a stop, [`Shape::is_sentence`](super::Shape::is_sentence)) only
/// previous/next links and dated lists can be found (a teaser ends in a link, not a stop):
/// the prose fast path (`engine/prose.rs`) reads their words and limits above.
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    let s = &v.shape;
    let head = head_of(v.folded);
    let has = |words: &[&str]| words.iter().any(|w| v.folded.contains(w));
    let both = || has(PREV) && has(NEXT);
    if (s.chars <= PREV_NEXT_MAX_CHARS && PREV_NEXT.iter().any(|p| head.starts_with(p)))
        || (s.chars <= PREV_AND_NEXT_MAX_CHARS && both())
    {
        return Some(Finding::strong(Kind::Nav, "nav:prev-next"));
    }
    if s.stops <= DATED_LIST_MAX_STOPS
        && v.folded.contains('前')
        && AGO.iter().map(|w| v.folded.matches(w).count()).sum::<usize>() >= 2
    {
        return Some(Finding::strong(Kind::Nav, "nav:dated-list"));
    }
    if is_teaser(v.folded) && s.chars <= 120 {
        return Some(Finding::strong(Kind::Nav, "nav:teaser"));
    }
    if s.stops > 0 && s.is_sentence() {
        return None;
    }
    if starts_numbered(v.text) {
        return None;
    }
    // a list item's date on a line of its own: `2018-03-02 08:58:39`, `12-2718:40`
    if s.digits >= 6 && s.chars <= 24 && non_date_letters(v.text) <= 1 && has_datetime(&v.compact()) {
        return Some(Finding::strong(Kind::Nav, "nav:list-date").with(Fact::ListDate));
    }
    let cov = v.coverage(Family::Chrome(Kind::Nav));
    if cov >= 0.6 && s.chars <= 40 {
        return Some(v.listed(Kind::Nav, Strength::Strong, "nav:list"));
    }
    let row = Row::of(v.text);
    if row.items >= 3 && row.max_len <= 14 && s.clause_punct == 0 && row.bars >= 2 {
        return Some(Finding::strong(Kind::Nav, "nav:link-row"));
    }
    if (row.items >= 5 && row.max_len <= 6 || row.items >= 4 && row.max_len <= 4) && s.clause_punct == 0 {
        return Some(Finding::weak(Kind::Nav, "nav:word-row"));
    }
    if cov >= 0.3 && s.chars <= 40 && s.clause_punct <= 1 {
        return Some(v.listed(Kind::Nav, Strength::Weak, "nav:list"));
    }
    if s.stops == 0 && s.chars <= 60 && ends_with_list_date(v.text) {
        return Some(Finding::weak(Kind::Nav, "nav:dated-link"));
    }
    None
}

/// A list teaser ending in a "details" link: `...【详细】`, `...详情>>`.
fn is_teaser(f: &str) -> bool {
    let t = f.trim_end();
    TEASER_ENDS.iter().any(|m| t.ends_with(m))
}

/// A line cut into items at `|`, `｜`, `丨`, `·` and runs of spaces.
struct Row {
    items: usize,
    max_len: usize,
    bars: usize,
}

impl Row {
    fn of(t: &str) -> Row {
        let bars = t.chars().filter(|c| matches!(c, '|' | '｜' | '丨')).count();
        let mut items = 0;
        let mut max_len = 0;
        for item in
            t.split(|c: char| matches!(c, '|' | '｜' | '丨' | '·') || c.is_whitespace()).filter(|s| !s.is_empty())
        {
            items += 1;
            max_len = max_len.max(item.chars().count());
        }
        Row { items, max_len, bars }
    }
}

/// A headline with its date glued on: `...穿越古今”2020.10.04`, `...12-27 18:40`.
fn ends_with_list_date(t: &str) -> bool {
    // both shapes end in a digit or a date separator: most lines are out after one look
    if !t.chars().next_back().is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '/' | ':')) {
        return false;
    }
    let tail: String = t.chars().rev().take(10).collect::<Vec<_>>().into_iter().rev().collect();
    let digits = tail.chars().filter(char::is_ascii_digit).count();
    let seps = tail.chars().filter(|c| matches!(c, '.' | '-' | '/' | ':')).count();
    let before = t.chars().rev().nth(10).is_some_and(|c| !c.is_ascii_digit());
    digits >= 6
        && seps >= 1
        && before
        && tail.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '/' | ':' | ' '))
        || (digits >= 4
            && t.chars().rev().take(5).all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '/' | ':'))
            && t.chars().count() > 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::check_table;
    use crate::verdict::Label;

    #[test]
    fn table() {
        let yes = Some((Label::Chrome(Kind::Nav), Strength::Strong));
        let weak = Some((Label::Chrome(Kind::Nav), Strength::Weak));
        let cases: &[(&str, Option<(Label, Strength)>)] = &[
            ("上一篇：县公安局召开2024年第一季度治安形势分析会", yes),
            ("下一篇: 城西派出所民警及时救助走失老人", yes),
            ("相关文章", yes),
            ("相關閱讀", yes),
            ("首页", yes),
            ("  登录   注册", yes),
            ("返回列表", yes),
            ("首页 | 警务公开 | 警务动态 | 办事指南 | 警民互动 | 防范宣传", yes),
            ("中国农村杂志社| 关于本网| 版权声明| 期刊订阅| 联系我们", yes),
            (" 和讯首页 新闻 股票 基金 期货 外汇 债券", weak),
            ("十一假期来武汉旅游体验“穿越古今”2020.10.04", weak),
            ("12-2718:40", yes),
            ("2018-03-02 08:58:39", yes),
            ("2020年07月08日 13:36:14", yes),
            (" 【上一篇】 财政部又发大消息！事关你的钱袋子 【下一篇】 国庆小长假如何躺着赚钱？", yes),
            (" 6小时前 三大股指集体回调沪指退守2900点 7小时前 北向资金净流入", yes),
            ("致敬改革开放四十年，文化大家讲述亲历 一个时代有一个时代的文艺…… 【详细】", yes),
            // hard negatives
            ("浙江:和諧共治 精密智治 推進基層治理現代化", None),
            ("三星 Galaxy S20 系列手机正式发布", None),
            ("一、压紧压实防火责任", None),
            ("首页改版后，用户可以在登录后直接查看个人中心。", None),
            ("2024年10月28日", None),
            ("女士们、先生们：", None),
        ];
        check_table(check, cases);
    }
}
