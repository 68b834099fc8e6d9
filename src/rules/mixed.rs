//! Lines of several chrome families at once: what no single family claims.

use super::finding::{Finding, Strength};
use super::text::starts_numbered;
use super::view::LineView;
use crate::blocklist::Family;
use crate::verdict::Kind;

/// A short line made of the phrases of several chrome families together
/// (`【关闭窗口】【发表评论】【打印本稿】`, `更多图片>>`): chrome of the family
/// that covers most of it. Never on a line with a stop (the prose fast path relies on it).
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    if v.shape.chars > 30 || v.shape.stops > 0 || starts_numbered(v.text) || v.chrome_coverage() < 0.75 {
        return None;
    }
    let kind = Kind::ALL.into_iter().max_by_key(|k| v.cov.covered(Family::Chrome(*k)))?;
    Some(v.listed(kind, Strength::Strong, "chrome:mixed-list"))
}
