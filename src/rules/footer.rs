//! Footer lines: ICP and public-security filing numbers, licence numbers,
//! copyright, sponsor/maintainer/technical-support lines, disclaimers, footer
//! contact fields and forum-software credits.
//!
//! A sentence that talks about these things (`...依法办理ICP备案...`) is not a
//! footer; contact fields alone are only weak evidence, since a notice can end
//! with its own contact line.

use super::finding::{Finding, Strength};
use super::text::{head_of, starts_numbered};
use super::view::LineView;
use crate::blocklist::Family;
use crate::text::words::{any_followed_by, count_followed_by, WordSet};
use crate::verdict::Kind;

/// Sponsor and rights fields: strong at the start of a line.
const OWNER_FIELDS: &[&str] = &[
    "主办单位",
    "承办单位",
    "协办单位",
    "主办",
    "承办",
    "技术支持",
    "技术服务",
    "运行维护",
    "运维单位",
    "维护单位",
    "法律顾问",
    "网站标识码",
    "版权所有",
    "版权声明",
    "免责声明",
    "郑重声明",
    "转载请注明",
    "copyright",
    "©",
    "(c)",
    "all rights reserved",
    "powered by",
];

/// How disclaimers and reprint notices start (folded).
pub const DISCLAIMERS: &[&str] =
    &["免责声明", "特别声明", "声明:", "郑重声明", "版权声明", "本站郑重声明", "本站声明", "转载请注明", "凡本网注明"];

/// Contact fields: weak evidence.
const CONTACT_FIELDS: &[&str] = &[
    "地址",
    "联系地址",
    "通讯地址",
    "邮编",
    "邮政编码",
    "电话",
    "联系电话",
    "咨询电话",
    "服务电话",
    "客服电话",
    "举报电话",
    "新闻热线",
    "服务热线",
    "咨询热线",
    "热线",
    "传真",
    "邮箱",
    "电子邮箱",
    "举报邮箱",
    "email",
    "e-mail",
    "qq",
];
// count_followed_by counts at most 64 words
const _: () = assert!(CONTACT_FIELDS.len() <= 64);

/// Characters past which a line is no footer line.
pub const MAX_CHARS: usize = 200;

/// Characters past which a line is no reprint notice.
pub const RIGHTS_NOTICE_MAX_CHARS: usize = 100;
/// What a reprint notice forbids (folded).
pub const RIGHTS_ACTS: &[&str] = &["转载", "复制", "镜像", "摘编", "刊用", "转贴", "使用"];
/// How a reprint notice forbids it.
pub const RIGHTS_BANS: &[&str] = &["未经", "禁止", "不得", "务经", "违者", "追究", "书面授权", "书面许可"];
/// Whose rights a reprint notice names.
pub const RIGHTS_OWNERS: &[&str] = &["本网", "本站", "授权", "版权", "许可"];

/// Characters past which a line is no opinion disclaimer.
pub const OPINION_MAX_CHARS: usize = 60;
/// An opinion disclaimer's four parts, each of which it names (folded): `仅代表`, `不代表`, `观点`, `本站`.
pub const OPINION_ONLY: &[&str] = &["仅代表", "仅供"];
/// See [`OPINION_ONLY`].
pub const OPINION_NOT: &[&str] = &["不代表", "不表明", "与本站无关", "与本网无关"];
/// See [`OPINION_ONLY`].
pub const OPINION_VIEW: &[&str] = &["立场", "观点", "看法"];
/// See [`OPINION_ONLY`].
pub const OPINION_SITE: &[&str] = &["本站", "本网", "本报", "本平台", "本号", "网站", "网友"];

/// Finds footer lines.
///
/// On a sentence (a stop, [`Shape::is_sentence`](super::Shape::is_sentence)) only the
/// disclaimer, rights-notice and opinion-disclaimer tests can fire: the prose fast path
/// (`engine/prose.rs`) reads their words and limits above.
pub fn check(v: &LineView<'_>) -> Option<Finding> {
    let s = &v.shape;
    if s.chars > MAX_CHARS || starts_numbered(v.text) {
        return None;
    }
    let f = v.folded;
    let prose = s.stops >= 1 && s.is_sentence();
    if !prose && has_filing_number(f) {
        return Some(Finding::strong(Kind::Footer, "footer:filing-number"));
    }
    let head = head_of(f);
    if DISCLAIMERS.iter().any(|d| head.starts_with(d)) {
        return Some(Finding::strong(Kind::Footer, "footer:disclaimer"));
    }
    if is_rights_notice(f, s.chars) {
        return Some(Finding::strong(Kind::Footer, "footer:rights-notice"));
    }
    if is_opinion_disclaimer(f, s.chars) {
        return Some(Finding::strong(Kind::Footer, "footer:opinion-disclaimer"));
    }
    if prose {
        return None;
    }
    let labelled_owner = any_followed_by(f, OWNER_FIELDS, ':');
    let site_hotline = || f.contains("举报") || f.contains("新闻热线");
    if labelled_owner || (s.digits >= 5 && site_hotline()) {
        return Some(Finding::strong(Kind::Footer, "footer:owner"));
    }
    if OWNER_FIELDS.iter().any(|k| head.starts_with(k))
        || (s.chars <= 80 && (f.contains("版权所有") || f.contains("copyright") || f.contains('©')))
    {
        return Some(Finding::strong(Kind::Footer, "footer:owner"));
    }
    if s.chars <= 30 && ["主办", "承办", "主管", "协办", "联合主办"].iter().any(|k| f.ends_with(k)) {
        return Some(Finding::strong(Kind::Footer, "footer:sponsor"));
    }
    if s.digits >= 4 && f.contains("许可证") {
        return Some(Finding::strong(Kind::Footer, "footer:licence"));
    }
    if f.contains("分辨率") && f.contains("浏览") {
        return Some(Finding::strong(Kind::Footer, "footer:browser-hint"));
    }
    let cov = v.coverage(Family::Chrome(Kind::Footer));
    if cov >= 0.6 && s.chars <= 60 {
        return Some(v.listed(Kind::Footer, Strength::Strong, "footer:list"));
    }
    if contact_fields(head) >= 1 && s.chars <= 100 {
        return Some(Finding::weak(Kind::Footer, "footer:contact"));
    }
    None
}

/// A site's note that what it shows is not its view: `网友评论仅供其表达个人看法，并不表明网易立场。`,
/// `本文仅代表作者观点，不代表本站立场`. A sentence of an article saying that something does not
/// stand for someone's view names no site or its readers (`这些数据仅供参考，不代表官方观点`).
fn is_opinion_disclaimer(f: &str, chars: usize) -> bool {
    static ONLY: WordSet = WordSet::new(OPINION_ONLY);
    static NOT: WordSet = WordSet::new(OPINION_NOT);
    static VIEW: WordSet = WordSet::new(OPINION_VIEW);
    static SITE: WordSet = WordSet::new(OPINION_SITE);
    chars <= OPINION_MAX_CHARS && [&ONLY, &NOT, &VIEW, &SITE].iter().all(|w| w.any_in(f))
}

/// A site's reprint notice: `未经授权禁止转载、摘编、复制及建立镜像`,
/// `本网站所刊载信息，不代表中新社观点。刊用本网站稿件，务经书面授权。`
fn is_rights_notice(f: &str, chars: usize) -> bool {
    chars <= RIGHTS_NOTICE_MAX_CHARS
        && RIGHTS_ACTS.iter().any(|a| f.contains(a))
        && RIGHTS_BANS.iter().any(|b| f.contains(b))
        && RIGHTS_OWNERS.iter().any(|o| f.contains(o))
}

/// `京ICP备14010675号-1`, `鄂ICP证:020001`, `京公网安备 11010802021749号`, `鄂B2-20...`.
fn has_filing_number(f: &str) -> bool {
    // no key overlaps another except `网安备` inside `公网安备`, which ends at the same place
    static KEYS: WordSet = WordSet::new(&["icp备", "icp证", "icp号", "公网安备", "网安备", "b2-"]);
    KEYS.ranges_in(f).any(|r| f[r.end..].chars().take(4).any(|c| c.is_ascii_digit()))
}

/// Number of contact fields the line starts with or holds as `field:`.
fn contact_fields(f: &str) -> usize {
    let starts = CONTACT_FIELDS.iter().any(|k| f.starts_with(k));
    let labelled = count_followed_by(f, CONTACT_FIELDS, ':');
    labelled.max(usize::from(starts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::check_table;
    use crate::verdict::Label;

    #[test]
    fn table() {
        let yes = Some((Label::Chrome(Kind::Footer), Strength::Strong));
        let weak = Some((Label::Chrome(Kind::Footer), Strength::Weak));
        let cases: &[(&str, Option<(Label, Strength)>)] = &[
            ("京ICP备14010675号-1", yes),
            ("京公网安备 11010802021749号", yes),
            ("网站标识码bm01000001　京ICP备05070218号　京公网安备11010202000001号", yes),
            ("主办单位：国务院办公厅　运行维护单位：中国政府网运行中心", yes),
            ("版权所有：中国政府网　中文域名：中国政府网.政务", yes),
            ("技术支持：枫林县政务数据中心", yes),
            ("Copyright©和讯网 北京和讯在线信息咨询服务有限公司 All Rights Reserved", yes),
            ("© 2001-2017 Comsenz Inc.", yes),
            ("Powered by Discuz! X3.4", yes),
            ("长江互动传媒网版权所有  未经授权禁止复制和建立镜像  鄂ICP证:020001", yes),
            ("互联网新闻信息服务许可证10120170062", yes),
            ("【免责声明】本文仅代表作者本人观点，与和讯网无关。和讯网站对文中陈述、观点判断保持中立。", yes),
            ("建议使用1366×768以上分辨率、IE10以上版本浏览器浏览本网站", yes),
            ("中国农村杂志社唯一官网 版权所有 仿冒必究", yes),
            ("地址：枫林县解放路1号　邮编：416500　联系电话：0743-5221234", weak),
            ("违法和不良信息举报电话：010-85650899 客服电话：010-85650688", yes),
            ("本网站所刊载信息，不代表中新社和中新网观点。 刊用本网站稿件，务经书面授权。", yes),
            ("未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。", yes),
            ("【美国The Next Web作品的中文相关权益归腾讯公司独家所有。未经授权，不得转载、摘编等。】", yes),
            ("平安枫林 枫林县公安局主办", yes),
            ("郵箱:mcpvjyb@163.com 技術支持:陈桂資訊科技有限公司 法律顧問:何辉军律師事務所", yes),
            ("新聞熱線:010-61957311 網絡不良與垃圾信息舉報電話:12321", yes),
            ("联系人：张立新；联系电话：0743-5220119；电子邮箱：flslfh@flx.gov.cn", weak),
            ("特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。", yes),
            ("声明：本文由入驻搜狐号的作者撰写，除搜狐官方账号外，观点仅代表作者本人，不代表搜狐立场。", yes),
            ("网友评论仅供其表达个人看法，并不表明网易立场。", yes),
            ("文章仅代表作者观点，不代表本站立场。", yes),
            // hard negatives
            ("专家提醒，这些数据仅供参考，不代表官方观点。", None),
            ("他说，这只代表他个人的看法，并不代表单位的立场。", None),
            ("网站转载其他媒体的稿件，应当在显著位置注明来源和作者，这既是对原作者劳动的尊重，也是新闻信息服务管理的基本要求。", None),
            ("备案通过后，网站会获得一个形如“浙ICP备2021012345号-2”的编号，开头的汉字代表备案所在省份。", None),
            ("网站底部的“版权所有”或“Copyright ©”，声明的是网站上原创内容的著作权归属。", None),
            ("三、技术支持：谁在维护这个网站", None),
            ("二、“版权所有”不是一句客套话", None),
            ("主持人请大家安静。", None),
        ];
        check_table(check, cases);
    }
}
