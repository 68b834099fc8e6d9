//! A line's character counts ([`Shape`]), measured in the same pass that
//! folds and matches the line ([`Measure`]).

use crate::text::charclass::{is_alphanumeric, is_cjk, UNIFIED_IDEOGRAPHS};

/// Counts of a line's characters that the families and the context pass use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Characters other than white space.
    pub chars: usize,
    /// Letters and digits (CJK ideographs count as letters).
    pub alnum: usize,
    /// CJK ideographs.
    pub cjk: usize,
    /// ASCII digits.
    pub digits: usize,
    /// Sentence punctuation inside the line: `，。；！？、` and ASCII `,;!?` after CJK.
    pub clause_punct: usize,
    /// Full stops, question and exclamation marks (full-width, or `!?` after CJK; an ASCII `.` is
    /// too often a file extension or domain to count).
    pub stops: usize,
    /// The line ends like a sentence (`。！？…` possibly followed by a closing quote or bracket).
    pub ends_sentence: bool,
    /// The line ends with a full stop `。` (possibly followed by a closing quote or bracket).
    pub ends_full_stop: bool,
    /// White-space characters inside the line.
    pub spaces: usize,
}

impl Shape {
    /// Measures a trimmed line.
    pub fn of(text: &str) -> Shape {
        let mut m = Measure::default();
        text.chars().for_each(|c| m.push(c));
        m.finish()
    }

    /// Letters other than digits.
    pub fn letters(&self) -> usize {
        self.alnum - self.digits
    }

    /// Whether the line reads like prose: clauses, or a closing full stop.
    pub fn is_sentence(&self) -> bool {
        self.ends_sentence || self.clause_punct >= 2 || (self.clause_punct >= 1 && self.cjk >= 20)
    }
}

/// Builds a [`Shape`] one character at a time, so the pass that folds and
/// matches a line can measure it too instead of walking it again.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measure {
    /// The counts of the characters other than the Unified Ideographs.
    s: Shape,
    /// Unified Ideographs: each is one of `chars`, `cjk` and `alnum` (added by [`Measure::finish`]).
    ideographs: usize,
    /// What the last two characters other than white space were: the [`tail_code`] of the
    /// last in the low byte, of the one before it in the high byte (0 before the line).
    tail: u16,
}

/// In a [`tail_code`]: the character is CJK.
const CJK: u16 = 0x80;
/// In a [`tail_code`] (low bits): `。`.
const FULL_STOP: u16 = 1;
/// In a [`tail_code`] (low bits): `！？…!?`, which end a sentence too.
const OTHER_END: u16 = 2;
/// In a [`tail_code`] (low bits): a closing quote or bracket `”」』）)"`.
const CLOSING: u16 = 3;

/// What [`Measure::finish`] and the clause count need to know of a character
/// that is not white space: whether it is CJK, and whether it ends a sentence.
fn tail_code(c: char, cjk: bool) -> u16 {
    let end = match c {
        '。' => FULL_STOP,
        '！' | '？' | '…' | '!' | '?' => OTHER_END,
        '”' | '」' | '』' | '）' | ')' | '"' => CLOSING,
        _ => 0,
    };
    if cjk {
        end | CJK
    } else {
        end
    }
}

impl Measure {
    /// Counts one character of the line.
    #[inline(always)]
    pub fn push(&mut self, c: char) {
        // Most characters of a page are common ideographs: one range test, one count and
        // one shift for them; the rest are counted out of line.
        if UNIFIED_IDEOGRAPHS.contains(&(c as u32)) {
            self.ideographs += 1;
            self.tail = self.tail << 8 | CJK;
        } else {
            self.tail = count_other(&mut self.s, self.tail, c);
        }
    }

    /// The shape of the characters pushed.
    pub fn finish(self) -> Shape {
        let mut s = self.s;
        s.chars += self.ideographs;
        s.cjk += self.ideographs;
        s.alnum += self.ideographs;
        let (last, before) = (self.tail & 0x7F, self.tail >> 8 & 0x7F);
        let ends = |code| code == FULL_STOP || code == OTHER_END;
        s.ends_full_stop = last == FULL_STOP || (last == CLOSING && before == FULL_STOP);
        s.ends_sentence = ends(last) || (last == CLOSING && ends(before));
        s
    }
}

/// Counts a character that is not a Unified Ideograph, after the characters
/// whose [`Measure::tail`] is `tail`, and returns the tail with it.
#[inline(never)]
fn count_other(s: &mut Shape, tail: u16, c: char) -> u16 {
    // ASCII letters and digits (the next most common): no class but these three counts
    if c.is_ascii_alphanumeric() {
        s.chars += 1;
        s.alnum += 1;
        s.digits += usize::from(c.is_ascii_digit());
        return tail << 8 | tail_code(c, false);
    }
    if c.is_whitespace() {
        s.spaces += 1;
        return tail;
    }
    let prev_cjk = tail & CJK != 0;
    s.chars += 1;
    let cjk = is_cjk(c);
    if cjk {
        s.cjk += 1;
    }
    if is_alphanumeric(c) {
        s.alnum += 1;
        if c.is_ascii_digit() {
            s.digits += 1;
        }
    }
    match c {
        '，' | '；' | '、' => s.clause_punct += 1,
        '。' | '！' | '？' => {
            s.clause_punct += 1;
            s.stops += 1
        }
        ',' | ';' if prev_cjk => s.clause_punct += 1,
        '!' | '?' if prev_cjk => {
            s.clause_punct += 1;
            s.stops += 1
        }
        _ => {}
    }
    tail << 8 | tail_code(c, cjk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_example_1() {
        use crate::rules::Measure;
        let mut m = Measure::default();
        "首頁 > 新聞。".chars().for_each(|c| m.push(c));
        let s = m.finish();
        assert_eq!((s.chars, s.cjk, s.spaces, s.stops, s.ends_full_stop), (6, 4, 2, 1, true));
    }

    #[test]
    fn shape_counts() {
        let s = Shape::of("浙江：和諧共治，精密智治。");
        assert_eq!((s.cjk, s.clause_punct, s.stops, s.ends_sentence), (10, 2, 1, true));
        assert!(s.is_sentence());
        let s = Shape::of("首頁  >  新聞中心");
        assert!(!s.is_sentence());
        assert_eq!(s.chars, 7);
        assert!(Shape::of("他说：“好。”").ends_sentence);
    }

    /// The shape as its fields are defined, one character at a time with no shortcut.
    fn reference(text: &str) -> Shape {
        let mut s = Shape::default();
        let mut prev_cjk = false;
        let seen: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        for c in text.chars() {
            if c.is_whitespace() {
                s.spaces += 1;
                continue;
            }
            s.chars += 1;
            s.cjk += usize::from(is_cjk(c));
            s.alnum += usize::from(c.is_alphanumeric());
            s.digits += usize::from(c.is_ascii_digit());
            let (clause, stop) = match c {
                '，' | '；' | '、' => (true, false),
                '。' | '！' | '？' => (true, true),
                ',' | ';' => (prev_cjk, false),
                '!' | '?' => (prev_cjk, prev_cjk),
                _ => (false, false),
            };
            s.clause_punct += usize::from(clause);
            s.stops += usize::from(stop);
            prev_cjk = is_cjk(c);
        }
        let (last, before) = (seen.last().copied(), seen.len().checked_sub(2).map(|i| seen[i]));
        let closing = |c: Option<char>| matches!(c, Some('”' | '」' | '』' | '）' | ')' | '"'));
        let ends = |c: Option<char>, set: &str| c.is_some_and(|c| set.contains(c));
        s.ends_full_stop = last == Some('。') || (closing(last) && before == Some('。'));
        s.ends_sentence = ends(last, "。！？…!?") || (closing(last) && ends(before, "。！？…!?"));
        s
    }

    #[test]
    fn measure_agrees_with_the_definitions() {
        use proptest::prelude::*;
        let alphabet = [
            '中', '國', '㐀', '豈', '。', '，', ',', '、', '；', ';', '！', '!', '？', '?', '…', '”', '」', '』', '）',
            ')', '"', 'a', 'Z', '1', '１', ' ', '\u{3000}', '\t', '😀', 'é', '\u{4dc0}',
        ];
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        runner
            .run(&proptest::collection::vec(proptest::sample::select(alphabet.to_vec()), 0..12), |chars| {
                let text: String = chars.into_iter().collect();
                prop_assert_eq!(Shape::of(&text), reference(&text), "{:?}", text);
                Ok(())
            })
            .unwrap();
    }
}
