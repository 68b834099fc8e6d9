//! Substring tests for the rule families that do not allocate and do not
//! search a line once per word.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// A fixed list of words, searched all at once (automata built on first use).
#[derive(Debug)]
pub struct WordSet {
    words: &'static [&'static str],
    /// For [`WordSet::ranges_in`] (standard match semantics).
    ac: OnceLock<Option<AhoCorasick>>,
    /// For [`WordSet::any_in`]: leftmost-first, which lets aho-corasick search with its
    /// vector prefilter (Teddy) instead of stepping its automaton through every byte of
    /// the line (whether a word occurs does not depend on the match semantics).
    any: OnceLock<Option<AhoCorasick>>,
}

impl WordSet {
    /// A set of `words`; nothing is built until the first search.
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordSet { words, ac: OnceLock::new(), any: OnceLock::new() }
    }

    /// Where the words occur in `text`: the byte ranges of the leftmost-first,
    /// non-overlapping matches, in order.
    pub fn ranges_in<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = std::ops::Range<usize>> + 't> {
        match self.ac.get_or_init(|| AhoCorasick::new(self.words).ok()) {
            Some(ac) => Box::new(ac.find_iter(text).map(|m| m.range())),
            None => {
                // (only if the automaton could not be built) every occurrence, in order
                let mut at: Vec<std::ops::Range<usize>> =
                    self.words.iter().flat_map(|w| text.match_indices(w).map(|(i, m)| i..i + m.len())).collect();
                at.sort_unstable_by_key(|r| (r.start, r.end));
                Box::new(at.into_iter())
            }
        }
    }

    /// Whether any of the words occurs in `text` (as `words.iter().any(|w| text.contains(w))`).
    pub fn any_in(&self, text: &str) -> bool {
        let any =
            self.any.get_or_init(|| AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst).build(self.words).ok());
        match any {
            Some(ac) => ac.is_match(text),
            None => self.words.iter().any(|w| text.contains(w)),
        }
    }
}

#[cfg(test)] // an oracle for the tests of the fast path
/// Whether `word` occurs in `text` directly followed by `next`: the same as
/// `text.contains(&format!("{word}{next}"))`, without building that string.
pub fn contains_followed_by(text: &str, word: &str, next: char) -> bool {
    // look where `next` stands (rarely, and found with memchr) rather than where `word` does
    text.match_indices(next).any(|(at, _)| text[..at].ends_with(word))
}

/// Whether any of `words` stands right before a `next` in `text`: one walk
/// over the `next`s for all the words.
pub fn any_followed_by(text: &str, words: &[&str], next: char) -> bool {
    text.match_indices(next).any(|(at, _)| words.iter().any(|w| text[..at].ends_with(w)))
}

/// How many of `words` (at most 64) stand right before a `next` somewhere in `text`.
pub fn count_followed_by(text: &str, words: &[&str], next: char) -> usize {
    let mut seen = 0u64;
    for (at, _) in text.match_indices(next) {
        for (i, w) in words.iter().enumerate().take(64) {
            if text[..at].ends_with(w) {
                seen |= 1 << i;
            }
        }
    }
    seen.count_ones() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_example_1() {
        use crate::text::words::WordSet;
        static QUESTIONS: WordSet = WordSet::new(&["什么", "怎么", "吗"]);
        assert!(QUESTIONS.any_in("孕妇能吃螃蟹吗"));
        assert!(!QUESTIONS.any_in("今天天气很好"));
    }

    #[test]
    fn doc_example_2() {
        use crate::text::words::WordSet;
        static W: WordSet = WordSet::new(&["什么", "吗"]);
        assert_eq!(W.ranges_in("是什么|好吗").collect::<Vec<_>>(), [3..9, 13..16]);
    }

    #[test]
    fn doc_example_3() {
        use crate::text::words::contains_followed_by;
        assert!(contains_followed_by("电话:123", "电话", ':'));
        assert!(contains_followed_by("qqq:1", "qq", ':'));
        assert!(!contains_followed_by("电话 123", "电话", ':'));
    }

    #[test]
    fn doc_example_4() {
        assert!(crate::text::words::any_followed_by("主办:某某 电话:1", &["承办", "电话"], ':'));
        assert!(!crate::text::words::any_followed_by("电话 1", &["电话"], ':'));
    }

    #[test]
    fn doc_example_5() {
        let n = crate::text::words::count_followed_by("电话:1 传真:2 电话:3", &["电话", "传真", "邮编"], ':');
        assert_eq!(n, 2);
    }

    #[test]
    fn followed_by_agrees_with_format_contains() {
        let texts = ["地址:枫林县 电话:0743", "qqq:1", "qq：2", "电话电话:", "a:", "", ":", "email: x", "e-mail:"];
        let words = ["地址", "电话", "qq", "q", "email", "e-mail", "a", ""];
        for t in texts {
            for w in words {
                assert_eq!(contains_followed_by(t, w, ':'), t.contains(&format!("{w}:")), "{t:?} {w:?}");
            }
        }
    }

    #[test]
    fn any_and_count_agree_with_one_word_at_a_time() {
        let texts = ["地址:枫林县 电话:0743", "qqq:1", "qq：2", "电话电话:", "a:", "", ":", "email: x", "e-mail:"];
        let words = ["地址", "电话", "qq", "q", "email", "e-mail", "a"];
        for t in texts {
            let each = words.iter().filter(|w| contains_followed_by(t, w, ':')).count();
            assert_eq!(count_followed_by(t, &words, ':'), each, "{t:?}");
            assert_eq!(any_followed_by(t, &words, ':'), each > 0, "{t:?}");
        }
    }

    #[test]
    fn word_set_agrees_with_contains() {
        static W: WordSet = WordSet::new(&["什么", "怎么", "吗", "区别"]);
        for t in ["什么", "有区别吗", "没有", "", "怎", "么怎么"] {
            assert_eq!(W.any_in(t), ["什么", "怎么", "吗", "区别"].iter().any(|w| t.contains(w)), "{t:?}");
        }
    }
}
