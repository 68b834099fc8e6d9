//! Folding: a matching view of a line in which traditional and simplified
//! characters, full- and half-width forms and ASCII case compare equal.
//!
//! Folding maps one `char` to one `char`, so a folded line has exactly as many
//! characters as the original and positions can be compared between the two.
//! The folded text is only ever matched against; it is never written out.

use super::fold_rule::Table;

include!(concat!(env!("OUT_DIR"), "/t2s_table.rs"));

/// The table `build.rs` made, for the rule of [`fold_rule`](super::fold_rule).
pub(crate) const TABLE: Table<'static> = Table { first: T2S_FIRST, t2s: &T2S, changes: &T2S_CHANGES };

/// Folds one character.
#[inline(always)]
pub fn fold_char(c: char) -> char {
    TABLE.fold_char(c)
}

/// Appends the folded form of `src` to `dst` (which is not cleared).
pub fn fold_into(src: &str, dst: &mut String) {
    fold_each_into(src, dst, |_, _, _| {});
}

/// Like [`fold_into`], and calls `each(at, c, original)` for every folded
/// character `c` with its byte offset `at` in `dst` and the character of `src`
/// it was folded from, in order: for matching and measuring in the same pass.
#[inline]
pub fn fold_each_into(src: &str, dst: &mut String, mut each: impl FnMut(usize, char, char)) {
    let mut out = Folding::new(src, dst);
    for (i, original) in src.char_indices() {
        let c = fold_char(original);
        each(out.push(dst, i, original, c), c, original);
    }
    out.finish(dst);
}

/// The folded form of a text, written into a string as the text's characters
/// are folded one by one: runs of characters that fold to themselves are
/// copied whole, and only the characters that change are pushed.
pub(crate) struct Folding<'a> {
    src: &'a str,
    /// Where the folded text starts in the string.
    base: usize,
    /// Where the run not yet copied starts in `src`.
    run: usize,
    /// How much longer the folded text is than `src` so far.
    grown: isize,
}

impl<'a> Folding<'a> {
    /// Starts writing the folded form of `src` at the end of `dst`.
    #[inline]
    pub(crate) fn new(src: &'a str, dst: &mut String) -> Self {
        dst.reserve(src.len());
        Folding { src, base: dst.len(), run: 0, grown: 0 }
    }

    /// Notes that the character `original` at byte `i` of the text (after the
    /// ones before it) folds to `c`, and returns where `c` is in `dst`.
    #[inline(always)]
    pub(crate) fn push(&mut self, dst: &mut String, i: usize, original: char, c: char) -> usize {
        let at = (self.base + i).wrapping_add_signed(self.grown);
        if c != original {
            self.changed(dst, i, original, c);
        }
        at
    }

    #[inline]
    fn changed(&mut self, dst: &mut String, i: usize, original: char, c: char) {
        // (in traditional text the run before a changed character is often empty)
        if i > self.run {
            dst.push_str(&self.src[self.run..i]);
        }
        let mut buf = [0; 4];
        let c = c.encode_utf8(&mut buf);
        dst.push_str(c);
        let len = original.len_utf8();
        self.grown += c.len() as isize - len as isize;
        self.run = i + len;
    }

    /// Writes what is left.
    #[inline]
    pub(crate) fn finish(self, dst: &mut String) {
        dst.push_str(&self.src[self.run..]);
    }
}

/// Every character that folds to another one, with what it folds to.
#[cfg(test)]
pub fn unfolded() -> impl Iterator<Item = (char, char)> {
    TABLE.unfolded()
}

/// Returns the folded form of `src` as a new string.
pub fn fold(src: &str) -> String {
    let mut s = String::with_capacity(src.len());
    fold_into(src, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_example_1() {
        use crate::text::fold::fold_char;
        assert_eq!(fold_char('當'), '当');
        assert_eq!(fold_char('Ａ'), 'a');
        assert_eq!(fold_char('，'), ',');
        assert_eq!(fold_char('\u{3000}'), ' ');
        assert_eq!(fold_char('中'), '中');
    }

    #[test]
    fn doc_example_2() {
        let mut out = String::new();
        crate::text::fold::fold_into("掃一掃在手機端打開當前頁", &mut out);
        assert_eq!(out, "扫一扫在手机端打开当前页");
    }

    #[test]
    fn doc_example_3() {
        let (mut out, mut seen) = (String::new(), Vec::new());
        crate::text::fold::fold_each_into("Ａ當b", &mut out, |at, c, o| seen.push((at, c, o)));
        assert_eq!(out, "a当b");
        assert_eq!(seen, [(0, 'a', 'Ａ'), (1, '当', '當'), (4, 'b', 'b')]);
    }

    #[test]
    fn doc_example_4() {
        assert_eq!(crate::text::fold::fold("版權所有 ＣＯＰＹＲＩＧＨＴ"), "版权所有 copyright");
    }

    #[test]
    fn unfolded_lists_every_character_that_folds_to_another() {
        let want: Vec<(char, char)> =
            (0..=0x10FFFFu32).filter_map(char::from_u32).map(|c| (c, fold_char(c))).filter(|(c, f)| c != f).collect();
        let mut got: Vec<(char, char)> = unfolded().collect();
        got.sort_unstable();
        assert_eq!(got, want);
    }

    #[test]
    fn change_bits_mark_the_table_entries() {
        for (i, &s) in T2S.iter().enumerate() {
            assert_eq!(T2S_CHANGES[i / 64] >> (i % 64) & 1 == 1, s != 0, "entry {i}");
        }
    }

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
    fn fold_into_agrees_with_fold_char_on_every_char() {
        let all: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        let want: String = all.chars().map(fold_char).collect();
        let mut got = String::new();
        fold_into(&all, &mut got);
        assert!(got == want, "fold_into differs from fold_char");
    }

    #[test]
    fn each_sees_every_folded_char_at_its_offset() {
        for s in ["當前位置：首頁 ＞ ＡＢＣ abc", "\u{3000}x😀ñ當", ""] {
            let mut out = String::from("prefix");
            let mut seen = Vec::new();
            fold_each_into(s, &mut out, |at, c, _| seen.push((at, c)));
            let want: Vec<(usize, char)> = out.char_indices().skip("prefix".len()).collect();
            assert_eq!(seen, want, "{s}");
        }
    }

    #[test]
    fn simplified_and_other_text_unchanged() {
        let s = "扫一扫在手机打开当前页 😀 ñ";
        assert_eq!(fold(s), s);
    }
}
