//! Substring tests for the rule families that do not allocate and do not
//! search a line once per word.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// A fixed list of words, searched all at once (one automaton, built on first use).
///
/// ```
/// use zhclean::scan::WordSet;
/// static QUESTIONS: WordSet = WordSet::new(&["什么", "怎么", "吗"]);
/// assert!(QUESTIONS.any_in("孕妇能吃螃蟹吗"));
/// assert!(!QUESTIONS.any_in("今天天气很好"));
/// ```
#[derive(Debug)]
pub struct WordSet {
    words: &'static [&'static str],
    ac: OnceLock<Option<AhoCorasick>>,
}

impl WordSet {
    /// A set of `words`; nothing is built until the first search.
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordSet { words, ac: OnceLock::new() }
    }

    /// Where the words occur in `text`: the starts of the leftmost-first,
    /// non-overlapping matches, in order.
    ///
    /// ```
    /// use zhclean::scan::WordSet;
    /// static W: WordSet = WordSet::new(&["什么", "吗"]);
    /// assert_eq!(W.starts_in("是什么|好吗").collect::<Vec<_>>(), [3, 13]);
    /// ```
    pub fn starts_in<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = usize> + 't> {
        match self.ac.get_or_init(|| AhoCorasick::new(self.words).ok()) {
            Some(ac) => Box::new(ac.find_iter(text).map(|m| m.start())),
            None => {
                let mut at: Vec<usize> =
                    self.words.iter().flat_map(|w| text.match_indices(w).map(|(i, _)| i)).collect();
                at.sort_unstable();
                Box::new(at.into_iter())
            }
        }
    }

    /// Whether any of the words occurs in `text` (as `words.iter().any(|w| text.contains(w))`).
    pub fn any_in(&self, text: &str) -> bool {
        match self.ac.get_or_init(|| AhoCorasick::new(self.words).ok()) {
            Some(ac) => ac.is_match(text),
            None => self.words.iter().any(|w| text.contains(w)),
        }
    }
}

/// Whether `word` occurs in `text` directly followed by `next`: the same as
/// `text.contains(&format!("{word}{next}"))`, without building that string.
///
/// ```
/// use zhclean::scan::contains_followed_by;
/// assert!(contains_followed_by("电话:123", "电话", ':'));
/// assert!(contains_followed_by("qqq:1", "qq", ':'));
/// assert!(!contains_followed_by("电话 123", "电话", ':'));
/// ```
pub fn contains_followed_by(text: &str, word: &str, next: char) -> bool {
    // look where `next` stands (rarely, and found with memchr) rather than where `word` does
    text.match_indices(next).any(|(at, _)| text[..at].ends_with(word))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn word_set_agrees_with_contains() {
        static W: WordSet = WordSet::new(&["什么", "怎么", "吗", "区别"]);
        for t in ["什么", "有区别吗", "没有", "", "怎", "么怎么"] {
            assert_eq!(W.any_in(t), ["什么", "怎么", "吗", "区别"].iter().any(|w| t.contains(w)), "{t:?}");
        }
    }
}
