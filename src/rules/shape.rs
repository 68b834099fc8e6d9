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

/// The marks that end a sentence ([`Shape::ends_sentence`]).
pub const SENTENCE_ENDS: &[char] = &['。', '！', '？', '…', '!', '?'];

/// Closing quotes and brackets, which may follow the mark that ends a sentence.
pub const CLOSING: &[char] = &['”', '」', '』', '）', ')', '"'];

/// How a line whose last two characters other than white space are
/// `before_last` and `last` ends: ([`Shape::ends_sentence`], [`Shape::ends_full_stop`]).
#[inline]
pub fn ending(last: Option<char>, before_last: Option<char>) -> (bool, bool) {
    let is = |c: Option<char>, set: &[char]| c.is_some_and(|c| set.contains(&c));
    let closing = is(last, CLOSING);
    let sentence = is(last, SENTENCE_ENDS) || (closing && is(before_last, SENTENCE_ENDS));
    (sentence, last == Some('。') || (closing && before_last == Some('。')))
}

/// Builds a [`Shape`] one character at a time, so the pass that folds and
/// matches a line can measure it too instead of walking it again.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measure {
    s: Shape,
    prev_cjk: bool,
    last: Option<char>,
    before_last: Option<char>,
}

impl Measure {
    /// Counts one character of the line.
    #[inline(always)]
    pub fn push(&mut self, c: char) {
        // most characters of a page are common ideographs: one range test for them
        if UNIFIED_IDEOGRAPHS.contains(&(c as u32)) {
            self.s.chars += 1;
            self.s.cjk += 1;
            self.s.alnum += 1;
            self.prev_cjk = true;
            self.before_last = self.last;
            self.last = Some(c);
        } else {
            self.push_other(c);
        }
    }

    #[inline(never)]
    fn push_other(&mut self, c: char) {
        if c.is_whitespace() {
            self.s.spaces += 1;
            return;
        }
        let s = &mut self.s;
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
            ',' | ';' if self.prev_cjk => s.clause_punct += 1,
            '!' | '?' if self.prev_cjk => {
                s.clause_punct += 1;
                s.stops += 1
            }
            _ => {}
        }
        self.prev_cjk = cjk;
        self.before_last = self.last;
        self.last = Some(c);
    }

    /// The shape of the characters pushed.
    pub fn finish(self) -> Shape {
        let mut s = self.s;
        (s.ends_sentence, s.ends_full_stop) = ending(self.last, self.before_last);
        s
    }
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
}
