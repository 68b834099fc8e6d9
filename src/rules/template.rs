//! Template leftovers: untitled-document titles, `TOP`, image placeholders,
//! lone URLs, ad-slot ids, carousel arrows and lines of only invisible
//! characters.

use super::finding::{Fact, Finding, Strength};
use super::view::LineView;
use crate::blocklist::Family;
use crate::verdict::Kind;

const INVISIBLE: &[char] = &['\u{feff}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{00ad}'];
const WIDGET_SYMBOLS: &str = "‹›<>×xX|｜·•→←«»◀▶◁▷+-—_=*#";
const IMAGE_EXT: &[&str] = &[".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp"];

/// How a line of raw HTML tags starts (folded).
pub const MARKUP_TAGS: &[&str] = &["<img", "<iframe", "<script", "<noscript", "<div", "<span", "<link", "<meta", "<a "];
/// How a lone URL starts (in any ASCII case).
pub const URL_SCHEMES: &[&str] = &["http://", "https://"];
/// How an ad-slot id starts (folded).
pub const AD_SLOT: &str = "ad";
/// How a forum signature naming the app a post came from ends (folded).
pub const POSTED_FROM_ENDS: &[&str] = &["客户端", "android", "iphone", "手机版", "app"];

/// Finds template leftovers.
///
/// A line with letters that ends in a stop (`。！？；`) and has other characters can only be
/// found as markup, a lone URL or an ad slot, which start with [`MARKUP_TAGS`],
/// [`URL_SCHEMES`] or [`AD_SLOT`]: the prose fast path (`engine/prose.rs`) reads them.
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    let t = v.text;
    if t.chars().all(|c| INVISIBLE.contains(&c) || c.is_whitespace()) {
        return Some(Finding::strong(Kind::Template, "template:invisible"));
    }
    if v.shape.letters() == 0
        && v.shape.chars <= 4
        && v.shape.digits < v.shape.chars
        && t.chars().all(|c| c.is_whitespace() || WIDGET_SYMBOLS.contains(c) || c.is_ascii_digit())
    {
        return Some(Finding::strong(Kind::Template, "template:widget-symbols"));
    }
    if is_pager(t) {
        return Some(Finding::strong(Kind::Template, "template:pager"));
    }
    if t.eq_ignore_ascii_case("x") {
        return Some(Finding::strong(Kind::Template, "template:close-button"));
    }
    if is_markup(v.folded) {
        return Some(Finding::strong(Kind::Template, "template:markup"));
    }
    if is_lone_url(t) {
        return Some(Finding::strong(Kind::Template, "template:url"));
    }
    if v.shape.digits >= 16 && v.shape.digits == v.shape.chars {
        return Some(Finding::strong(Kind::Template, "template:id-digits"));
    }
    if is_ad_slot(v.folded) {
        return Some(Finding::strong(Kind::Template, "template:ad-slot"));
    }
    if v.shape.stops == 0
        && memchr::memchr(b'.', v.folded.as_bytes()).is_some()
        && IMAGE_EXT.iter().any(|e| v.folded.contains(e))
        && (v.folded.contains("kb") || v.folded.contains("下载"))
    {
        return Some(Finding::strong(Kind::Template, "template:attachment"));
    }
    if is_posted_from(v.folded) {
        return Some(Finding::strong(Kind::Template, "template:posted-from"));
    }
    let cov = v.coverage(Family::Chrome(Kind::Template));
    if cov >= 0.75 && v.shape.chars <= 30 && v.shape.stops == 0 {
        return Some(v.listed(Kind::Template, Strength::Strong, "template:list"));
    }
    if v.shape.letters() == 0 && v.shape.chars <= 8 {
        return Some(Finding::weak(Kind::Template, "template:no-letters").with(Fact::NoLetters));
    }
    None
}

/// A forum signature naming the app a post came from: `—— 来自 某论坛 Android 客户端`.
fn is_posted_from(f: &str) -> bool {
    let t = f.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '—' | '─'));
    t.starts_with("来自") && t.chars().count() <= 30 && POSTED_FROM_ENDS.iter().any(|e| t.ends_with(e))
}

/// Carousel and pager numbers: `1 2 3  4`, `‹ 1 2 3 ›`.
fn is_pager(t: &str) -> bool {
    // the first token must be a number or an arrow: do not split a line that starts otherwise
    let first_ok = |c: char| c.is_ascii_digit() || c.is_whitespace() || "【】[]‹›<>«»".contains(c);
    if !t.chars().next().is_some_and(first_ok) {
        return false;
    }
    let mut n = 0;
    for tok in t.split(|c: char| c.is_whitespace() || matches!(c, '【' | '】' | '[' | ']')).filter(|s| !s.is_empty())
    {
        let ok = tok.len() <= 2 && tok.bytes().all(|b| b.is_ascii_digit())
            || matches!(tok, "‹" | "›" | "<" | ">" | "«" | "»");
        if !ok {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// A line of raw HTML tags (tracking pixels, tag-manager frames) that a
/// converter left behind.
fn is_markup(f: &str) -> bool {
    let t = f.trim();
    t.starts_with('<') && t.ends_with('>') && MARKUP_TAGS.iter().any(|p| t.starts_with(p))
}

fn is_lone_url(t: &str) -> bool {
    let has_prefix = |p: &str| t.as_bytes().get(..p.len()).is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()));
    URL_SCHEMES.iter().any(|p| has_prefix(p)) && !t.contains(char::is_whitespace)
}

/// `ad1_300*250`, `ad_728x90`.
fn is_ad_slot(f: &str) -> bool {
    let Some(rest) = f.strip_prefix(AD_SLOT) else { return false };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix(['_', '-']) else { return false };
    let mut parts = rest.split(['*', 'x', '×']);
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else { return false };
    !a.is_empty() && !b.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::check_table;
    use crate::rules::Strength;
    use crate::verdict::Label;

    #[test]
    fn table() {
        let strong = Some((Label::Chrome(Kind::Template), Strength::Strong));
        let weak = Some((Label::Chrome(Kind::Template), Strength::Weak));
        let cases: &[(&str, Option<(Label, Strength)>)] = &[
            ("无标题文档", strong),
            ("無標題文檔", strong),
            ("TOP", strong),
            ("返回頂部", strong),
            ("\u{feff}", strong),
            ("\u{200b}\u{200b}", strong),
            ("‹ ›", strong),
            ("×", strong),
            ("X", strong),
            ("https://www.gov.cn/", strong),
            ("010020030300000000000000011106661125327450", strong),
            ("ad1_300*250", strong),
            ("放大圖片", strong),
            ("水龙头拆下来的样子.jpg (126.35 KB, 下载次数: 3)", strong),
            ("by Taboolaby Taboola", strong),
            ("2024", weak),
            (
                "<img height=\"1\" width=\"1\" style=\"display:none\" src=\"https://www.facebook.com/tr?id=5\" />",
                strong,
            ),
            ("<iframe src=\"//www.googletagmanager.com/ns.html?id=GTM-K\" height=\"0\" width=\"0\"></iframe>", strong),
            ("1 2 3  4", strong),
            ("【1】【2】【3】【4】", strong),
            ("—— 来自 枫林论坛 Android 客户端", strong),
            ("来自iPhone客户端", strong),
            // hard negatives
            ("无标题文档是网页模板留下的默认标题，常被站长忘记修改。", None),
            ("图片来源于网络，版权归原作者所有。", None),
            ("访问 https://www.gov.cn/ 可以查询政策文件", None),
            ("2024年第一季度", None),
            ("顶部", None),
        ];
        check_table(check, cases);
    }
}
