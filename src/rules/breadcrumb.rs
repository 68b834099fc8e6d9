//! Breadcrumbs: `当前位置：首页 > 新闻中心 > 正文`, `首頁 › 要聞動態`,
//! `论坛 » 生活服务 › 家居装修`, `新华网  正文`.

use super::finding::Finding;
use super::text::head_of;
use super::view::LineView;
use crate::verdict::Kind;

const POSITION: &[&str] = &[
    "当前位置",
    "您的位置",
    "你的位置",
    "您现在的位置",
    "你现在的位置",
    "您当前的位置",
    "您的当前位置",
    "所在位置",
    "现在位置",
    "当前的位置",
    "位置:",
];
const HOME: &[&str] = &["首页", "主页", "home", "网站首页"];

/// Finds breadcrumb lines (never on a line with a stop: the prose fast path relies on it).
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    if v.shape.chars > 160 || v.shape.stops > 0 {
        return None;
    }
    let f = head_of(v.folded);
    if POSITION.iter().any(|p| f.starts_with(p)) {
        return Some(Finding::strong(Kind::Breadcrumb, "breadcrumb:position"));
    }
    // runs of arrows (`>>`) separate like one; a trailing `>>` is a "more" link, not a level
    let segments: Vec<&str> = f.split(is_arrow).map(str::trim).filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return None;
    }
    let seps = segments.len() - 1;
    let first = segments.first().copied().unwrap_or("");
    let last = segments.last().copied().unwrap_or("");
    let short_inner =
        segments[..segments.len().saturating_sub(1)].iter().all(|s| !s.is_empty() && s.chars().count() <= 20);
    if seps >= 2 && short_inner {
        return Some(Finding::strong(Kind::Breadcrumb, "breadcrumb:arrows"));
    }
    if seps == 1 && !first.is_empty() && !last.is_empty() && (HOME.iter().any(|h| first.contains(h)) || last == "正文")
    {
        return Some(Finding::strong(Kind::Breadcrumb, "breadcrumb:home"));
    }
    // `首页/新闻/正文` or `新华网  正文`
    if HOME.iter().any(|h| first.starts_with(h)) && f.contains('/') && f.split('/').count() >= 3 {
        return Some(Finding::strong(Kind::Breadcrumb, "breadcrumb:slashes"));
    }
    if v.shape.chars <= 24 && f.ends_with("正文") && f.chars().count() > 2 {
        return Some(Finding::strong(Kind::Breadcrumb, "breadcrumb:main-text"));
    }
    None
}

fn is_arrow(c: char) -> bool {
    matches!(c, '>' | '›' | '»' | '→' | '〉' | '＞' | '≫')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::check_table;
    use crate::rules::Strength;
    use crate::verdict::Label;

    #[test]
    fn table() {
        let yes = Some((Label::Chrome(Kind::Breadcrumb), Strength::Strong));
        let cases: &[(&str, Option<(Label, Strength)>)] = &[
            ("當前位置: 首頁  >  新聞中心  >  媒體報道 > 正文", yes),
            ("当前位置：首页", yes),
            ("您的当前位置：新闻中心 > 武汉", yes),
            ("您现在的位置：首页 > 警务动态 > 基层传真", yes),
            (" 首页 > 国务院公报 > 2007年第23号", yes),
            ("首頁 > 要聞動態 > 部門動態", yes),
            ("和讯网 > 股票 > 股市报道 > 正文", yes),
            ("枫林论坛 » 论坛 › 生活服务 › 家居装修 › 自己动手换了卫生间的水龙头，记录一下过程", yes),
            ("首页 ＞ 新闻", yes),
            (" 新华网  正文", yes),
            ("首页>>学院新闻>>通知公告", yes),
            // hard negatives
            ("气温 > 30 度时，请减少户外活动。", None),
            ("选择其他平台 >>", None),
            ("在手机上依次点击 设置 > 通用 > 关于本机，就能看到系统版本，非常方便。", None),
            ("位置很别扭，要用扳手", None),
            ("正文", None),
        ];
        check_table(check, cases);
    }
}
