//! Share and QR prompts: `扫一扫在手机打开当前页`, `分享到：`, rows of share
//! targets and bookmark/print/close buttons (`【加入收藏】 【打印此文】 【关闭】`).

use super::finding::{Finding, Strength};
use super::text::{head_of, starts_numbered};
use super::view::LineView;
use crate::blocklist::Family;
use crate::text::words::WordSet;
use crate::verdict::Kind;

/// How share and QR prompts start (folded).
pub const PROMPTS: &[&str] = &[
    "扫一扫",
    "扫码",
    "扫描二维码",
    "扫二维码",
    "微信扫一扫",
    "手机扫码",
    "长按识别",
    "长按二维码",
    "分享到",
    "分享至",
    "用手机扫描",
    "手机扫描",
];

/// Characters and stops past which a line is no QR prompt written as a sentence.
pub const QR_FOLLOW_MAX_CHARS: usize = 50;
/// See [`QR_FOLLOW_MAX_CHARS`].
pub const QR_FOLLOW_MAX_STOPS: usize = 1;
/// A QR prompt written as a sentence starts with a prompt, or with [`QR_SCAN`] and names [`QR_CODE`].
pub const QR_SCAN: &[&str] = &["扫描"];
/// See [`QR_SCAN`].
pub const QR_CODE: &[&str] = &["二维码"];
/// What a QR prompt written as a sentence names, all three: following, an account, a benefit.
pub const QR_FOLLOW: &[&str] = &["关注", "添加", "订阅"];
/// See [`QR_FOLLOW`].
pub const QR_ACCOUNT: &[&str] = &["公众号", "微信", "微博", "官号", "账号", "服务号", "订阅号"];
/// See [`QR_FOLLOW`]. (A sentence about such prompts names no benefit.)
pub const QR_BENEFIT: &[&str] = &["更多", "即可", "获取", "了解", "第一时间", "随时"];

/// Finds share lines.
///
/// A line with a stop can only be a QR prompt written as a sentence: the prose fast path
/// (`engine/prose.rs`) reads its words and limits above.
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    let s = &v.shape;
    if is_follow_by_qr(v) {
        return Some(Finding::strong(Kind::Share, "share:qr-follow"));
    }
    if s.stops > 0 || s.chars > 48 || starts_numbered(v.text) {
        return None;
    }
    let head = head_of(v.folded);
    if PROMPTS.iter().any(|p| head.starts_with(p)) && s.clause_punct == 0 {
        return Some(Finding::strong(Kind::Share, "share:prompt"));
    }
    if s.chars <= 12 && head.starts_with("关注") && s.clause_punct == 0 {
        let site =
            ["网", "号", "公众号", "微信", "微博", "客户端", "app", "我们", "官微"].iter().any(|e| head.ends_with(e));
        return Some(if site {
            Finding::strong(Kind::Share, "share:follow")
        } else {
            Finding::weak(Kind::Share, "share:follow")
        });
    }
    let cov = v.coverage(Family::Chrome(Kind::Share));
    if cov >= 0.6 && s.clause_punct <= 1 {
        return Some(v.listed(Kind::Share, Strength::Strong, "share:list"));
    }
    None
}

/// A QR prompt written as a sentence: `扫描左侧二维码即可添加网易商业易信公众号，更多资讯。`.
/// It asks the reader to follow an account for what that brings; a notice's
/// `扫描下方二维码即可在线办理。` follows nothing, and a news sentence about such prompts
/// names no benefit.
fn is_follow_by_qr(v: &LineView<'_>) -> bool {
    let s = &v.shape;
    if s.chars > QR_FOLLOW_MAX_CHARS || s.stops > QR_FOLLOW_MAX_STOPS {
        return false;
    }
    static FOLLOW: WordSet = WordSet::new(QR_FOLLOW);
    static ACCOUNT: WordSet = WordSet::new(QR_ACCOUNT);
    static BENEFIT: WordSet = WordSet::new(QR_BENEFIT);
    let head = head_of(v.folded);
    let f = v.folded;
    let scan = QR_SCAN.iter().any(|w| head.starts_with(w)) && QR_CODE.iter().any(|w| f.contains(w));
    (scan || PROMPTS.iter().any(|p| head.starts_with(p))) && [&FOLLOW, &ACCOUNT, &BENEFIT].iter().all(|w| w.any_in(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::check_table;
    use crate::verdict::Label;

    #[test]
    fn table() {
        let yes = Some((Label::Chrome(Kind::Share), Strength::Strong));
        let cases: &[(&str, Option<(Label, Strength)>)] = &[
            ("掃一掃在手機端打開當前頁", yes),
            ("扫一扫在手机打开当前页", yes),
            ("分享到:", yes),
            ("分享到: 0", yes),
            ("【加入收藏】 【打印此文】 【关闭】", yes),
            ("打印本页 关闭窗口", yes),
            ("  微信扫一扫", yes),
            (" 扫二维码上移动长江网", yes),
            ("[复制链接]", yes),
            ("新浪微博", yes),
            ("bShare", yes),
            ("关注新华网", yes),
            ("关注人民网微信", yes),
            ("   【纠错】", yes),
            ("扫描左侧二维码即可添加网易商业易信公众号，更多资讯。", yes),
            ("扫码关注“枫林发布”微信公众号，获取更多资讯。", yes),
            // hard negatives
            ("扫描下方二维码即可在线办理。", None),
            ("扫码关注公众号领红包的骗局近来屡屡出现，警方提醒市民提高警惕，不要轻信。", None),
            ("扫一扫虽然方便，风险也不能忽视。", None),
            ("四、扫一扫与分享到", None),
            ("页面上的“扫一扫在手机打开当前页”，其实就是一个包含当前网址的二维码。", None),
            ("微信支付的普及改变了人们的消费习惯", None),
        ];
        check_table(check, cases);
    }
}
