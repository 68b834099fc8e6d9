//! Meta lines that frame an article: publication time, source, author, view
//! counts, font-size switches, document metadata blocks of government pages
//! and forum post headers (`发表于 ...`, `楼主`, `5#`).
//!
//! A sentence of the body that mentions 来源 is not a meta line, nor is a
//! closing attribution in brackets (`（来源：中国社会报）`).

use super::finding::{Fact, Finding, Strength};
use super::shape::Shape;
use super::text::{has_datetime, non_date_letters};
use super::view::LineView;
use crate::blocklist::Family;
use crate::verdict::Kind;

/// Field names that are followed by `:` and a value on meta lines (folded).
const FIELDS: &[&str] = &[
    "发布时间",
    "发布日期",
    "发表时间",
    "更新时间",
    "上传时间",
    "时间",
    "日期",
    "稿件来源",
    "文章来源",
    "信息来源",
    "新闻来源",
    "来源于",
    "来源",
    "浏览量",
    "浏览次数",
    "浏览",
    "点击数",
    "点击量",
    "点击率",
    "点击",
    "阅读量",
    "阅读次数",
    "阅读",
    "访问量",
    "访问次数",
    "人气",
    "字号",
    "字体",
    "发布者",
    "发布人",
    "发布单位",
    "发布机构",
    "索引号",
    "发文机关",
    "发文单位",
    "主题分类",
    "体裁分类",
    "信息分类",
    "成文日期",
    "发文字号",
    "文号",
    "有效性",
    "公开方式",
    "公开范围",
    "公开时限",
    "所属机构",
    "所属主题",
    "录入",
    "录入者",
    "关键词",
    "标签",
    "分类",
];

/// Fields naming people: a byline of them alone (`作者：张三 编辑：李四`) is
/// content; beside a time or a source they are meta.
const PEOPLE: &[&str] = &["作者", "记者", "编辑", "摄影", "通讯员", "撰稿", "责任编辑"];

/// Forum floor names that stand alone on a post header line.
const FLOORS: &[&str] = &["楼主", "沙发", "板凳", "地板", "地下室"];

/// How a forum post header starts (on the compact folded line).
pub const POST_HEADERS: &[&str] = &["发表于", "本帖最后由", "发布于"];

/// The words of a font-size switch (on the compact folded line).
pub const FONT_WORDS: &[&str] = &["字号", "字体"];

/// Whether a line is too long, or has too many stops or clauses, to be a meta
/// line: a paragraph with a meta line glued to its end is a paragraph. (It
/// only grows with the counts, so the prose fast path may ask it of lower bounds.)
pub fn exits_early(s: &Shape) -> bool {
    s.chars > 120 || s.stops > 1 || s.clause_punct >= 3
}

/// Finds meta lines.
///
/// A line with a stop and a clause mark can only be a post header or a font-size switch
/// (every other test needs no stop, no clause mark, or a line that is a date or a few
/// characters alone): the prose fast path (`engine/prose.rs`) reads [`POST_HEADERS`],
/// [`FONT_WORDS`] and [`exits_early`].
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    let s = &v.shape;
    if exits_early(s) {
        return None;
    }
    let compact = v.compact();
    let c: &str = &compact;
    if c.starts_with('(') || c.starts_with('（') {
        return None; // a closing attribution such as （来源：新华社）
    }
    if POST_HEADERS.iter().any(|h| c.starts_with(h)) {
        return Some(Finding::strong(Kind::Meta, "meta:post-header"));
    }
    if s.chars <= 5 && (FLOORS.contains(&c) || is_floor_number(c)) {
        return Some(Finding::strong(Kind::Meta, "meta:floor"));
    }
    if is_font_switch(c) || is_size_switch(c) {
        return Some(Finding::strong(Kind::Meta, "meta:font-size").with(Fact::FontSwitch));
    }
    if RELATIVE_DATES.contains(&c) || is_ago(c) || (s.chars <= 24 && s.clause_punct == 0 && ends_with_ago(c)) {
        return Some(Finding::strong(Kind::Meta, "meta:relative-date"));
    }
    // counted only on the short lines the test can pass on
    let counted = if s.letters() <= 16 && s.digits >= 1 && s.clause_punct == 0 { counter_letters(c) } else { 0 };
    if s.letters() <= 16 && s.digits >= 1 && s.clause_punct == 0 && counted >= 2 && counted * 10 >= s.letters() * 7 {
        return Some(Finding::strong(Kind::Meta, "meta:counter"));
    }
    let (fields, people) = count_fields(c);
    if s.stops == 0 && fields >= 1 && (fields + people >= 2 || (starts_with_field(c) && s.chars <= 60)) {
        return Some(Finding::strong(Kind::Meta, "meta:fields"));
    }
    // a timestamp with at most a name, a source or a channel around it
    if s.clause_punct == 0
        && s.chars <= 80
        && (2..=24).contains(&non_date_letters(c))
        && s.digits >= 5
        && has_datetime(c)
    {
        return Some(Finding::strong(Kind::Meta, "meta:timestamp"));
    }
    let cov = v.coverage(Family::Chrome(Kind::Meta));
    if s.stops == 0 && s.chars <= 40 && cov >= 0.6 {
        return Some(v.listed(Kind::Meta, Strength::Strong, "meta:list"));
    }
    let leading_field = v.hits.first().is_some_and(|h| {
        h.start == 0
            && h.family == Family::Chrome(Kind::Meta)
            && v.folded[h.end..].chars().next().is_none_or(|c| c.is_whitespace() || c == ':' || c.is_ascii_digit())
    });
    if s.stops == 0 && s.chars <= 40 && leading_field {
        return Some(Finding::weak(Kind::Meta, "meta:leading-field"));
    }
    None
}

/// Relative dates standing alone on a post header.
const RELATIVE_DATES: &[&str] = &["昨天", "今天", "前天", "刚刚", "刚才"];

/// A comment header: a user name and a relative time, `笑mico 6天前`.
fn ends_with_ago(c: &str) -> bool {
    let Some(pos) = c.rfind('前') else { return false };
    if pos + '前'.len_utf8() != c.len() {
        return false;
    }
    let head = &c[..pos];
    let unit = ["小时", "分钟", "秒", "天", "周", "个月", "年"].iter().find(|u| head.ends_with(**u));
    unit.is_some_and(|u| head[..head.len() - u.len()].ends_with(|ch: char| ch.is_ascii_digit()))
}

/// `3小时前`, `25分钟前`.
fn is_ago(c: &str) -> bool {
    let rest = c.trim_start_matches(|ch: char| ch.is_ascii_digit());
    rest.len() < c.len() && matches!(rest, "小时前" | "分钟前" | "秒前" | "天前" | "周前" | "个月前" | "年前")
}

/// Words of view, reply and score counters: `本日人气：613`, `查看: 3862|回复: 14`, `12主题 86帖子`.
const COUNTER_WORDS: &[&str] = &[
    "人气", "浏览", "点击", "阅读", "访问", "评论", "回复", "查看", "积分", "帖子", "主题", "粉丝", "关注", "收藏",
    "点赞", "转发", "人次", "次数", "精华",
];

/// Letters of the counters in a line: a counter word next to a number (on
/// either side), with a leading `本日`/`今日`/`累积`/`累计`/`总`.
fn counter_letters(c: &str) -> usize {
    COUNTER_WORDS
        .iter()
        .map(|w| {
            c.match_indices(w)
                .filter(|(i, _)| {
                    let after = c[i + w.len()..].trim_start_matches([':', '：']);
                    let before = &c[..*i];
                    after.starts_with(|ch: char| ch.is_ascii_digit())
                        || before.ends_with(|ch: char| ch.is_ascii_digit())
                })
                .map(|(i, _)| {
                    let before = &c[..i];
                    let prefix = ["本日", "今日", "累积", "累计", "总"].iter().find(|p| before.ends_with(**p));
                    w.chars().count() + prefix.map_or(0, |p| p.chars().count())
                })
                .sum::<usize>()
        })
        .sum()
}

/// A bare text-size switch: `小 中 大`, `[大][中][小]`, or one of its
/// options standing on its own line (`超大`, `标准`).
fn is_size_switch(c: &str) -> bool {
    // every size word below has at most three characters: do not copy longer lines
    if c.chars().filter(|ch| !matches!(ch, '[' | ']' | '【' | '】' | '(' | ')' | '|')).nth(3).is_some() {
        return false;
    }
    let core: String = c.chars().filter(|ch| !"[]【】()|".contains(*ch)).collect();
    if ["大", "中", "小", "超大", "特大", "较大", "标准", "默认", "a+", "a-"].contains(&core.as_str()) {
        return true;
    }
    core.chars().count() == 3 && ["大中小", "小中大"].contains(&core.as_str())
}

fn is_floor_number(c: &str) -> bool {
    let digits = c.trim_end_matches(['#', '楼']);
    digits.len() < c.len() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `字号：【大 中 小】`, `【字體: 打印`, `字号: [大] [中] [小] [打印]`, `调整字体`.
fn is_font_switch(c: &str) -> bool {
    let has_font = FONT_WORDS.iter().any(|w| c.contains(w));
    has_font
        && (["大中小", "[大][中][小]", "【大】", "打印", "默认"].iter().any(|w| c.contains(w))
            || c.starts_with("【字体")
            || c.starts_with("调整字体")
            || c.chars().count() <= 6)
}

/// The longest name in [`FIELDS`] and [`PEOPLE`], in bytes.
const MAX_FIELD: usize = max_len(PEOPLE, max_len(FIELDS, 0));

const fn max_len(list: &[&str], mut max: usize) -> usize {
    let mut i = 0;
    while i < list.len() {
        if list[i].len() > max {
            max = list[i].len();
        }
        i += 1;
    }
    max
}

/// Counts `field:` occurrences: (page fields, people fields).
fn count_fields(c: &str) -> (usize, usize) {
    // No name holds a colon, so a name followed by ':' ends at the first colon after its start:
    // at each colon the longest name ending there (and starting after the last one found) is
    // the one a left-to-right walk would meet first; a field wins a tie with a person.
    let (mut n, mut people) = (0, 0);
    let mut from = 0; // where the next name may start
    for (colon, _) in c.match_indices(':') {
        if colon < from {
            continue;
        }
        // bytes: the window may start inside a character; a name matched at its end starts on a boundary
        let before = &c.as_bytes()[from.max(colon.saturating_sub(MAX_FIELD))..colon];
        let longest = |names: &[&str]| names.iter().filter(|f| before.ends_with(f.as_bytes())).map(|f| f.len()).max();
        match (longest(FIELDS), longest(PEOPLE)) {
            (Some(f), p) if p.is_none_or(|p| f >= p) => n += 1,
            (_, Some(_)) => people += 1,
            _ => continue,
        }
        from = colon + 1;
    }
    (n, people)
}

fn starts_with_field(c: &str) -> bool {
    let c = c.trim_start_matches(['【', '[']);
    FIELDS.iter().any(|f| c.starts_with(f) && c[f.len()..].starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Label;

    /// The walk `count_fields` replaced: a name at each position, left to right.
    fn count_fields_walk(c: &str) -> (usize, usize) {
        let (mut n, mut people, mut i) = (0, 0, 0);
        while i < c.len() {
            let rest = &c[i..];
            let labelled = |f: &&&str| rest.starts_with(**f) && rest[f.len()..].starts_with(':');
            if let Some(f) = FIELDS.iter().find(labelled) {
                n += 1;
                i += f.len() + 1;
            } else if let Some(f) = PEOPLE.iter().find(labelled) {
                people += 1;
                i += f.len() + 1;
            } else {
                i += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
        (n, people)
    }

    #[test]
    fn count_fields_agrees_with_a_walk_over_every_position() {
        assert!(FIELDS.iter().chain(PEOPLE).all(|f| !f.contains(':')));
        // lines built from names, colons, filler and names inside names, deterministically mixed
        let parts: Vec<&str> =
            FIELDS.iter().chain(PEOPLE).copied().chain([":", ":", "x", "某某", " ", "责任", "1"]).collect();
        let mut seed = 7u64;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..(seed % 9) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                line.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            assert_eq!(count_fields(&line), count_fields_walk(&line), "{line:?}");
        }
    }
    use crate::rules::testing::check_table;

    #[test]
    fn table() {
        let yes = Some((Label::Chrome(Kind::Meta), Strength::Strong));
        let weak = Some((Label::Chrome(Kind::Meta), Strength::Weak));
        let cases: &[(&str, Option<(Label, Strength)>)] = &[
            ("時間:2022-01-04   瀏覽量:128 次  來源:中國社區報", yes),
            ("发布时间：2023-08-23 稿件来源：市民政局 作者：张三", yes),
            ("【字體:    打印", yes),
            ("字号：【大 中 小】", yes),
            (" 字号: [大] [中] [小] [打印]", yes),
            (" 字号：默认 大 超大  | 打印 |", yes),
            ("    调整字体", yes),
            ("发布日期: 2012-06-24", yes),
            (" 2020-10-04 20:30 来源: 长江网", yes),
            (" 2019-09-26 10:56:28 证券时报网", yes),
            ("索引号：11431122MB1638271Q/2024-00158", yes),
            ("文　　号：枫政办发〔2024〕31号", yes),
            ("有 效 性：有效", yes),
            ("发表于 2024-4-6 21:37 | 只看该作者 | 只看大图 | 倒序浏览 | 阅读模式", yes),
            ("本帖最后由 老周修车 于 2024-4-7 08:15 编辑", yes),
            ("楼主", yes),
            ("昨天", yes),
            ("3小时前", yes),
            (" 笑mico 6天前", yes),
            (" 来源于：东区办事处", yes),
            ("小 中 大", yes),
            ("超大", yes),
            ("[小]", yes),
            ("本日人氣：613", yes),
            ("查看: 3862|回复: 14", yes),
            ("12主题 86帖子 320积分", yes),
            // a bare timestamp is a list item's date (nav), not a meta line
            ("2018-03-02 08:58:39", None),
            ("2020年07月08日 13:36:14", None),
            ("5#", yes),
            ("发布时间：10-0812:00优质原创作者", yes),
            ("新华网河北频道 ( 2012-06-04 09:20:26 )        稿件来源： 河北日报", yes),
            ("2020年07月04日 12:10　来源：求是网参与互动", yes),
            ("史蒂文的家_藍天 於 2014/01/01 20:31 回覆", yes),
            ("#2  茜媽咪  於 2013/12/28 10:42", yes),
            ("发布时间：2024-03-19 09:42    来源：县公安局治安管理大队    浏览次数：1268", yes),
            (" 功能介绍 聚焦「手机互联网」领域的行业思考和产品体验", weak),
            // hard negatives
            ("(來源:中國社會報2019.1.4)", None),
            ("（本文来源：江南晚报 2024年5月20日 第6版）", None),
            ("一些网站在文末只写“来源：网络”，这种做法并不规范，读者无法据此找到原始出处。", None),
            ("2012年6月24日", None),
            ("楼主说得对，我也这么觉得。", None),
            ("时间过得真快", None),
            ("強化基層黨組織統籌協調功能,賦予基層黨組織在城鄉社區治理中的相應職責職權,加強對基層各類組織的統一領導;時間 : 2022-10-26 13:16:56 來源 : 金羊網", None),
            ("昨天下午，县里召开了会议。", None),
            ("阅读2本书", None),
            ("作者： 记者王敬照  编辑： 王华军", None),
            ("2024年10月28日 上午9:30，全县森林防火工作会议在县政府召开，部署今冬明春防火工作。", None),
        ];
        check_table(check, cases);
    }
}
