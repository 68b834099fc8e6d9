//! Editor lines: a line that is only `责任编辑：霍宏光`, `（责任编辑：王五）`,
//! `【编辑：姚昊】` or several such roles in a row.

use super::finding::Finding;
use super::text::unwrap_brackets;
use super::view::LineView;
use crate::verdict::Kind;

const ROLES: &[&str] = &[
    "责任编辑",
    "网络编辑",
    "值班编辑",
    "实习编辑",
    "本文编辑",
    "编辑",
    "责编",
    "审核",
    "审校",
    "校对",
    "终审",
    "初审",
    "复审",
    "编审",
    "监制",
    "签发",
    "美编",
    "校审",
];

/// Finds editor lines (never on a line with a stop: the prose fast path relies on it).
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    if v.shape.chars > 48 || v.shape.stops > 0 {
        return None;
    }
    let f = unwrap_brackets(v.folded);
    let mut rest = f;
    let mut roles = 0;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '|' || c == '/' || c == ';' || c == '；');
        if rest.is_empty() {
            break;
        }
        let role = ROLES.iter().find(|r| rest.starts_with(**r))?;
        rest = &rest[role.len()..];
        // the role must be followed by a colon or a space, not by more of a word (`编辑部`)
        let before = rest.len();
        rest = rest.trim_start();
        rest = match rest.strip_prefix([':', '：']) {
            Some(r) => r.trim_start(),
            None if rest.len() < before => rest,
            None => return None,
        };
        // the name: up to the next role, at most 12 characters, no clause punctuation
        let end = ROLES.iter().filter_map(|r| rest.find(r)).filter(|&i| i > 0).min().unwrap_or(rest.len());
        let name = rest[..end].trim().trim_end_matches(['|', '/', ';', '；', ' ']);
        if name.is_empty() || name.chars().count() > 12 || name.contains(['，', '。', ',']) {
            return None;
        }
        roles += 1;
        rest = &rest[end..];
    }
    (roles > 0).then_some(Finding::strong(Kind::Editor, "editor:role-name"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::check_table;
    use crate::rules::Strength;
    use crate::verdict::Label;

    #[test]
    fn table() {
        let yes = Some((Label::Chrome(Kind::Editor), Strength::Strong));
        let cases: &[(&str, Option<(Label, Strength)>)] = &[
            ("责任编辑:霍宏光", yes),
            ("責任編輯：霍宏光", yes),
            ("（责任编辑：系统管理员）", yes),
            ("（责任编辑： HN666）", yes),
            ("　　【编辑：姚昊】", yes),
            ("  责任编辑： 尹世杰", yes),
            ("编辑：张三　审核：李四", yes),
            ("责编 王五 | 校对 赵六", yes),
            // hard negatives
            ("编辑部地址：北京市东城区", None),
            ("责任编辑要对稿件的真实性负责，这是新闻工作的基本要求。", None),
            ("编辑：", None),
            ("本帖最后由 老周修车 于 2024-4-7 08:15 编辑", None),
        ];
        check_table(check, cases);
    }
}
