//! Text tests several families share: dates with times, how a line starts,
//! wrapping brackets, numbered headings.

use std::sync::LazyLock;

use regex::Regex;

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

#[cfg(test)]
mod tests {
    use super::*;

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
