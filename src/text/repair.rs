//! Repairs of converter damage inside kept lines, exactly as `LABELING.md`
//! (and `score.py`'s `repair()`) define them:
//!
//! - a pinyin gloss glued behind a CJK character, `社區(qū)` → `社區`: an ASCII
//!   parenthesis holding lower-case pinyin letters with at least one tone mark;
//! - a run of commas (ASCII or full-width) after a non-ASCII character that
//!   stands before another punctuation mark: `單元,,是` → `單元,是`,
//!   `重中之重,。` → `重中之重。`.
//!
//! Nothing else is changed.

use std::borrow::Cow;

use super::charclass::{decode_at, is_cjk};

/// Which repairs were made to a line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Repairs {
    /// Pinyin glosses removed.
    pub glosses: u32,
    /// Comma runs removed or shortened.
    pub commas: u32,
}

impl Repairs {
    /// Whether anything was repaired.
    pub fn any(self) -> bool {
        self.glosses + self.commas > 0
    }

    /// The rule name for `--explain`.
    pub fn rule(self) -> &'static str {
        match (self.glosses > 0, self.commas > 0) {
            (true, true) => "pinyin-gloss+doubled-comma",
            (true, false) => "pinyin-gloss",
            _ => "doubled-comma",
        }
    }
}

#[cfg(test)]
const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
#[cfg(test)]
const PUNCT: &str = "，。、；：！？,;:!?";

/// The marks of `PUNCT`: a comma before one of them is doubled punctuation.
fn is_punct(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?')
}

fn is_toned(c: char) -> bool {
    // the same set as TONED, without searching that string for each character
    !c.is_ascii()
        && matches!(
            c,
            'ā' | 'á'
                | 'ǎ'
                | 'à'
                | 'ē'
                | 'é'
                | 'ě'
                | 'è'
                | 'ī'
                | 'í'
                | 'ǐ'
                | 'ì'
                | 'ō'
                | 'ó'
                | 'ǒ'
                | 'ò'
                | 'ū'
                | 'ú'
                | 'ǔ'
                | 'ù'
                | 'ǖ'
                | 'ǘ'
                | 'ǚ'
                | 'ǜ'
        )
}

fn is_gloss_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c == 'ü' || is_toned(c)
}

fn is_comma(c: char) -> bool {
    c == ',' || c == '，'
}

/// Repairs a line, borrowing it when there is nothing to repair.
///
/// One pass from `(` to `(` removes the glosses, one from comma to comma
/// tells whether a comma stands before a mark of [`is_punct`] (every comma
/// repair needs one; most lines with commas have none), each comma looked at
/// once and on its bytes. (Two searches, for one byte and for two, cost
/// fewer instructions than one for three: each stop costs less.) No comma stands
/// right before a gloss (a gloss follows a CJK character), so the commas of
/// the line as read tell that of the line without its glosses.
pub fn repair(line: &str) -> (Cow<'_, str>, Repairs) {
    let mut r = Repairs::default();
    let b = line.as_bytes();
    let mut out: Option<String> = None;
    // bytes of `line` already accounted for in `out`
    let mut copied = 0;
    // `(` is one byte that never occurs inside a multi-byte character: jump from one to the next
    for i in memchr::memchr_iter(b'(', b) {
        if let Some(end) = gloss_at(b, i) {
            let o = out.get_or_insert_with(|| String::with_capacity(line.len()));
            o.push_str(&line[copied..i]);
            copied = end;
            r.glosses += 1;
        }
    }
    // `,` and the first byte of `，` (EF starts only the full-width forms)
    let comma_run = memchr::memchr2_iter(b',', 0xEF, b).any(|i| comma_before_punct_at(b, i));
    let after_gloss = match out {
        Some(mut o) => {
            o.push_str(&line[copied..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(line),
    };
    if !comma_run {
        return (after_gloss, r);
    }
    match remove_doubled_commas(&after_gloss, &mut r) {
        Some(fixed) => (Cow::Owned(fixed), r),
        None => (after_gloss, r),
    }
}

/// The end of the pinyin gloss whose `(` is at byte `i` of the line (valid UTF-8), if it is one.
fn gloss_at(b: &[u8], i: usize) -> Option<usize> {
    // the byte after `(` first (most parentheses hold no gloss): a letter of `a-z`, or the
    // first byte of `ü` or of a toned vowel (C3, C4, C5, C7)
    if !matches!(b.get(i + 1), Some(b'a'..=b'z' | 0xC3..=0xC5 | 0xC7)) {
        return None;
    }
    // A CJK character is three bytes: the one before `(` starts three bytes back, or is not one.
    let k = i.checked_sub(3)?;
    if b[k] & 0xF0 != 0xE0 {
        return None;
    }
    if !char::from_u32(decode_at(b, k).0).is_some_and(is_cjk) {
        return None;
    }
    let mut toned = false;
    let mut j = i + 1;
    while let Some(&x) = b.get(j) {
        match x {
            b'a'..=b'z' => j += 1,
            b')' => return toned.then_some(j + 1),
            // the other letters of a gloss (`ü` and the toned vowels) are two bytes
            0xC0..=0xDF => {
                let c = char::from_u32(decode_at(b, j).0).filter(|&c| is_gloss_letter(c))?;
                toned |= is_toned(c);
                j += 2;
            }
            _ => return None,
        }
    }
    None
}

/// Whether a comma (`,`, or `，` if byte `i` is EF) starts at byte `i` of
/// the line (UTF-8) and a mark of [`is_punct`] follows it, read as bytes.
fn comma_before_punct_at(b: &[u8], i: usize) -> bool {
    let end = match b[i] {
        b',' => i + 1,
        // `，` is EF BC 8C; other characters start with EF too (`：（）` and more)
        _ if b.get(i + 1..i + 3) == Some(&[0xBC, 0x8C]) => i + '，'.len_utf8(),
        _ => return false,
    };
    match b.get(end..) {
        Some(&[b',' | b';' | b':' | b'!' | b'?', ..]) => true,
        // `、。`
        Some(&[0xE3, 0x80, 0x81 | 0x82, ..]) => true,
        // `，；：！？`
        Some(&[0xEF, 0xBC, 0x8C | 0x9B | 0x9A | 0x81 | 0x9F, ..]) => true,
        _ => false,
    }
}

fn remove_doubled_commas(line: &str, r: &mut Repairs) -> Option<String> {
    let b = line.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut from = 0;
    // jump from comma to comma: `,` and the last byte of `，` (EF BC 8C)
    while let Some(p) = memchr::memchr2(b',', 0x8C, &b[from..]) {
        let found = from + p;
        from = found + 1;
        let i = match b[found] {
            b',' => found,
            _ if found >= 2 && b[found - 2] == 0xEF && b[found - 1] == 0xBC => found - 2,
            _ => continue,
        };
        // a run counts after a character that is not ASCII
        if line[..i].chars().next_back().is_none_or(|c| c.is_ascii()) {
            continue;
        }
        let (mut j, mut last) = (i, i); // end of the run, start of its last comma
        while let Some(c) = line[j..].chars().next().filter(|&c| is_comma(c)) {
            last = j;
            j += c.len_utf8();
        }
        let next_is_punct = line[j..].chars().next().is_some_and(is_punct);
        // The regex's greedy run backs off by one comma when no punctuation follows.
        let cut_end = if next_is_punct { j } else { last };
        if cut_end > i {
            let o = out.get_or_insert_with(|| String::with_capacity(line.len()));
            o.push_str(&line[copied..i]);
            copied = cut_end;
            r.commas += 1;
        }
        from = j;
    }
    out.map(|mut o| {
        o.push_str(&line[copied..]);
        o
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repairs agree with the reference definition, `score.py`'s `repair()`,
    /// on thousands of random lines. The expected column of
    /// `tests/data/repair_cases.tsv` was computed by that Python function
    /// (`tests/data/gen_repair_cases.py`), not by this crate.
    #[test]
    fn repair_matches_score_py_on_random_lines() {
        let cases = include_str!("../../tests/data/repair_cases.tsv");
        let mut checked = 0;
        let mut wrong = Vec::new();
        for row in cases.lines() {
            let Some((input, want)) = row.split_once('\t') else { continue };
            let (got, _) = repair(input);
            if got != want {
                wrong.push(format!("{input:?}: want {want:?}, got {got:?}"));
            }
            checked += 1;
        }
        assert!(checked > 2000, "only {checked} cases");
        assert!(
            wrong.is_empty(),
            "{} of {checked} differ:\n{}",
            wrong.len(),
            wrong.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
        );
    }

    #[test]
    fn doc_example_1() {
        use crate::text::repair::repair;
        assert_eq!(repair("社區(qū)治理").0, "社區治理");
        assert_eq!(repair("單元,,是").0, "單元,是");
        assert_eq!(repair("重中之重,。").0, "重中之重。");
        assert_eq!(repair("們(men) a,,b").0, "們(men) a,,b");
    }

    #[test]
    fn is_punct_is_the_punct_set() {
        let differ: Vec<char> =
            (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| is_punct(c) != PUNCT.contains(c)).collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

    #[test]
    fn comma_before_punct_reads_the_punct_set_from_bytes() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for comma in [",", "，"] {
                let line = format!("{comma}{c}x");
                assert_eq!(comma_before_punct_at(line.as_bytes(), 0), is_punct(c), "{line:?}");
            }
        }
    }

    fn fix(s: &str) -> String {
        repair(s).0.into_owned()
    }

    #[test]
    fn toned_is_the_toned_list() {
        for u in 0..0x3000u32 {
            let c = char::from_u32(u).unwrap();
            assert_eq!(is_toned(c), TONED.contains(c), "{c:?}");
        }
    }

    #[test]
    fn glosses() {
        assert_eq!(fix("社區(qū)"), "社區");
        assert_eq!(fix("創(chuàng)新"), "創新");
        assert_eq!(fix("網(wǎng)絡(luò)"), "網絡");
        assert_eq!(fix("lǜ綠(lǜ)"), "lǜ綠");
        // no tone mark, not after CJK, capital letters, spaces: untouched
        for s in ["們(men)", "abc(qū)", "社(Qū)", "社(qū yù)", "社(qū", "(qū)"] {
            assert_eq!(fix(s), s);
        }
    }

    #[test]
    fn commas() {
        assert_eq!(fix("單元,,是"), "單元,是");
        assert_eq!(fix("重中之重,。"), "重中之重。");
        assert_eq!(fix("規範化,、標準化"), "規範化、標準化");
        assert_eq!(fix("成果”,;"), "成果”;");
        assert_eq!(fix("中，，，是"), "中，是");
        assert_eq!(fix("中,，。"), "中。");
        assert_eq!(fix("a，,。"), "a，。");
        for s in ["a,,b", "中,是", "中，是", "1,,2"] {
            assert_eq!(fix(s), s);
        }
    }

    #[test]
    fn both_and_counts() {
        let (s, r) = repair("社區(qū),,建設");
        assert_eq!(s, "社區,建設");
        assert_eq!(r, Repairs { glosses: 1, commas: 1 });
        assert!(r.any());
        let (s, r) = repair("没有要修的");
        assert!(matches!(s, Cow::Borrowed(_)));
        assert!(!r.any());
    }
}
