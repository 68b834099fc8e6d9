//! Folding: a matching view of a line in which traditional and simplified
//! characters, full- and half-width forms and ASCII case compare equal.
//!
//! Folding maps one `char` to one `char`, so a folded line has exactly as many
//! characters as the original and positions can be compared between the two.
//! The folded text is only ever matched against; it is never written out.

include!(concat!(env!("OUT_DIR"), "/t2s_table.rs"));

/// Folds one character.
///
/// ```
/// use zhclean::fold::fold_char;
/// assert_eq!(fold_char('當'), '当');
/// assert_eq!(fold_char('Ａ'), 'a');
/// assert_eq!(fold_char('，'), ',');
/// assert_eq!(fold_char('\u{3000}'), ' ');
/// assert_eq!(fold_char('中'), '中');
/// ```
#[inline]
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    if u < 0x80 {
        return c.to_ascii_lowercase();
    }
    if let Some(off) = u.checked_sub(T2S_FIRST) {
        if let Some(&s) = T2S.get(off as usize) {
            if s != 0 {
                return char::from_u32(u32::from(s)).unwrap_or(c);
            }
            return c;
        }
    }
    match u {
        // Full-width ASCII variants map onto ASCII.
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase()),
        0x3000 => ' ',
        _ => c,
    }
}

/// Appends the folded form of `src` to `dst` (which is not cleared).
///
/// ```
/// let mut out = String::new();
/// zhclean::fold::fold_into("掃一掃在手機端打開當前頁", &mut out);
/// assert_eq!(out, "扫一扫在手机端打开当前页");
/// ```
pub fn fold_into(src: &str, dst: &mut String) {
    dst.reserve(src.len());
    if src.is_ascii() {
        // The common case of markup and numbers: a byte-wise lowercase.
        dst.extend(src.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    dst.extend(src.chars().map(fold_char));
}

/// Returns the folded form of `src` as a new string.
///
/// ```
/// assert_eq!(zhclean::fold::fold("版權所有 ＣＯＰＹＲＩＧＨＴ"), "版权所有 copyright");
/// ```
pub fn fold(src: &str) -> String {
    let mut s = String::with_capacity(src.len());
    fold_into(src, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_substantial() {
        let pairs = T2S.iter().filter(|&&s| s != 0).count();
        assert!(pairs > 2000, "only {pairs} pairs");
    }

    #[test]
    fn folds_script_width_and_case() {
        assert_eq!(fold("當前位置：首頁 ＞ 新聞中心"), "当前位置:首页 > 新闻中心");
        assert_eq!(fold("瀏覽量"), "浏览量");
        assert_eq!(fold("ICP備"), "icp备");
    }

    #[test]
    fn keeps_char_count() {
        for s in ["社區(qū)", "日韩精品电影一区", "ａｂｃ１２３", "emoji 😀 ok", "\u{feff}x"] {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
        }
    }

    #[test]
    fn simplified_and_other_text_unchanged() {
        let s = "扫一扫在手机打开当前页 😀 ñ";
        assert_eq!(fold(s), s);
    }
}
