//! Injected SEO spam: porn, pirate-video, gambling and lottery lines, casino
//! brands glued to numbers, keyword-stuffed lists (also of innocent-looking
//! questions) and injected HTML markup.
//!
//! A blocklist hit alone is not enough: the line is spam when the spam
//! phrases cover much of it, when it is a list of short stuffed items, or when
//! it is injected markup. A content paragraph quoting one spam word stays.

use super::finding::{Finding, Strength};
use super::view::LineView;
use crate::blocklist::Family;
use crate::text::words::WordSet;
use crate::verdict::{Label, Rule};

/// Question words of the keyword-stuffed question lists hacked pages carry
/// (looked for in the line as written; read by the prose fast path).
pub const QUESTION_WORDS: &[&str] = &[
    "什么",
    "怎么",
    "怎样",
    "如何",
    "为什么",
    "哪个",
    "哪家",
    "哪里",
    "多少",
    "几天",
    "几分钟",
    "几个",
    "吗",
    "区别",
    "好不好",
    "能不能",
    "是不是",
    "要不要",
];

static QUESTIONS: WordSet = WordSet::new(QUESTION_WORDS);

/// Full stops, question and exclamation marks past which a line with no spam
/// phrase is not split into a question list: a paragraph is not one.
pub const QUESTION_LIST_MAX_STOPS: usize = 1;

/// How injected markup starts (after white space; folded).
pub const MARKUP_TAGS: &[&str] = &["<a ", "<div", "<span", "<p ", "<img", "<script", "<iframe", "<ins", "<font"];

/// Finds spam lines.
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    let n = v.cov.hits(Family::Spam);
    // injected links (or markup carrying spam phrases); a bare tracking pixel is template
    if is_injected_markup(v.folded) && (n > 0 || v.folded.contains("<a ") || v.folded.contains("href")) {
        return Some(spam(Rule::Named("spam:markup")));
    }
    // the items only count on lines with at most one full stop: do not split the others
    if n == 0 {
        // a question list needs question words: most lines have none and are not split
        if v.shape.stops <= QUESTION_LIST_MAX_STOPS && QUESTIONS.any_in(v.text) {
            let items = stuffed_items(v.text);
            if items.count >= 4 && items.questions >= 3 {
                return Some(spam(Rule::Named("spam:question-list")));
            }
        }
        return None;
    }
    let rule = v.entry_rule(Family::Spam, "spam:phrases");
    let cov = v.coverage(Family::Spam);
    let long_prose = v.shape.is_sentence() && v.shape.cjk >= 40 && v.shape.stops >= 1;
    if cov >= 0.5 || (n >= 2 && cov >= 0.25 && !long_prose) || (n >= 4 && cov >= 0.15) {
        return Some(spam(rule));
    }
    if v.shape.stops == 0 {
        let items = stuffed_items(v.text);
        if items.count >= 3 && items.short_share >= 0.6 {
            return Some(spam(Rule::Named("spam:stuffed-list")));
        }
    }
    if v.shape.chars <= 24 && v.shape.stops == 0 && cov >= 0.3 && ends_with_number(v.text) {
        return Some(spam(Rule::Named("spam:brand-number")));
    }
    None
}

fn spam(rule: Rule) -> Finding {
    Finding::new(Label::Spam, Strength::Strong, rule)
}

/// Raw HTML that hacked pages inject around their links.
fn is_injected_markup(f: &str) -> bool {
    let t = f.trim_start();
    MARKUP_TAGS.iter().any(|tag| t.starts_with(tag))
        && (t.contains("href") || t.contains("style") || t.contains("src=") || t.contains("</"))
}

/// A casino brand with a number glued on: `澳门新葡京6663`, `澳門新葡萄新京6663`.
fn ends_with_number(t: &str) -> bool {
    t.chars().rev().take_while(|c| c.is_ascii_digit()).count() >= 3
}

struct Items {
    count: usize,
    questions: usize,
    short_share: f32,
}

/// Splits a line into the items of a stuffed list.
fn stuffed_items(t: &str) -> Items {
    let mut count = 0;
    let mut questions = 0;
    let mut short = 0;
    // one pass for the question words: no word holds a separator, so each match lies in one item
    let mut starts = QUESTIONS.ranges_in(t).map(|r| r.start).peekable();
    for item in t.split(['|', '｜', ',', '，', '_', '、', '/', '-', '—']).map(str::trim).filter(|s| !s.is_empty())
    {
        count += 1;
        let from = item.as_ptr() as usize - t.as_ptr() as usize;
        let to = from + item.len();
        while starts.next_if(|&at| at < from).is_some() {}
        if starts.peek().is_some_and(|&at| at < to) {
            questions += 1;
        }
        if item.chars().count() <= 16 {
            short += 1;
        }
    }
    Items { count, questions, short_share: if count == 0 { 0.0 } else { short as f32 / count as f32 } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::check_table;

    #[test]
    fn table() {
        let spam = Some((Label::Spam, Strength::Strong));
        let cases: &[(&str, Option<(Label, Strength)>)] = &[
            ("日韩精品电影一区亚洲,1000部毛片A片免费视频偷拍,伺候含尿皇上h,欧美精品欧美激情在线观看", spam),
            ("吃瓜爆料网在线观看|91制片厂|麻豆传媒|天美传媒", spam),
            ("澳门新葡京6663", spam),
            ("澳門新葡萄新京6663", spam),
            ("新澳门六开彩开奖结果2024_澳门今晚开特马+开奖直播-澳彩资料免费大全", spam),
            ("西洋参和人参有什么区别| 阿尔兹海默症挂什么科| 清蒸鲈鱼要蒸几分钟| 手机怎么截长图", spam),
            ("友情链接：澳门银河9645 - 新濠天地娱乐场 - 大发快三计划 - 亚博体育", spam),
            ("<div style=\"position:absolute;left:-9999px\"><a href=\"http://x.vip/\">澳门新葡京</a></div>", spam),
            ("时时彩平台出租|百家乐玩法技巧|澳门赌场网址大全_真人视讯娱乐-棋牌游戏", spam),
            // hard negatives
            ("民警特别提醒，部分境外赌博网站打着“购彩返利”“高额回报”的旗号诱人参赌，一旦投入就很难收手。", None),
            ("金沙娱乐场3833　　本网讯 3月16日上午，枫林县公安局治安管理大队联合城关派出所在人民广场开展打击跨境赌博宣传活动，现场发放宣传资料两千余份。", None),
            ("据了解，2023年以来，县公安局共侦破涉赌案件27起，其中网络赌博案件19起。", None),
            ("首页 | 警务公开 | 警务动态 | 办事指南", None),
            ("为什么要办理ICP备案？", None),
            ("<p>这是一个段落</p>", None),
        ];
        check_table(check, cases);
    }
}
