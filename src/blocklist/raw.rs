//! The raw start filter: which positions of a line *as written* (not folded)
//! may start a phrase, in any of its spellings.
//!
//! The [`StartFilter`](super::start::StartFilter) answers the same question
//! for the folded line, which costs a fold of every character first. This
//! filter holds the first two characters of each phrase in every spelling that
//! folds to them (traditional and simplified, full and half width, upper and
//! lower case), so a line can be scanned as it is: a position it rejects
//! starts no phrase of the list in the folded line either.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::fold::{fold_char, unfolded};

/// The spellings of folded characters: every character that folds to one,
/// by what it folds to (a character that folds to itself is not listed).
static SPELLINGS: LazyLock<HashMap<char, Vec<char>>> = LazyLock::new(|| {
    let mut m: HashMap<char, Vec<char>> = HashMap::new();
    for (raw, folded) in unfolded() {
        m.entry(folded).or_default().push(raw);
    }
    m
});

/// Every character that folds to `folded`.
fn spellings(folded: char) -> impl Iterator<Item = char> {
    let itself = (fold_char(folded) == folded).then_some(folded);
    itself.into_iter().chain(SPELLINGS.get(&folded).into_iter().flatten().copied())
}

/// Which raw characters and pairs of raw characters may start a phrase: a
/// hashed bit set of each phrase's first two characters in every spelling
/// (of its first character, for a one-character phrase).
#[derive(Debug, Clone)]
pub struct RawStarts {
    pairs: Vec<u64>,
    singles: Vec<u64>,
    shift: u32,
    /// Whether any phrase has one character (else `singles` need not be asked).
    any_single: bool,
}

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

impl RawStarts {
    /// The filter of `phrases`, each folded.
    pub fn new<'a>(phrases: impl Iterator<Item = &'a str> + Clone) -> Self {
        // About 64 bits per phrase (a phrase has two or three spellings of its
        // first pair at most): few false positives, and a table that stays in cache.
        let n = phrases.clone().count();
        let bits = (n * 64).next_power_of_two().clamp(1 << 12, 1 << 21);
        let mut f = RawStarts {
            pairs: vec![0; bits / 64],
            singles: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
            any_single: false,
        };
        for p in phrases {
            let mut chars = p.chars();
            match (chars.next(), chars.next()) {
                (Some(a), Some(b)) => {
                    for ra in spellings(a) {
                        for rb in spellings(b) {
                            let i = f.pair(ra as u32, rb as u32);
                            f.pairs[i / 64] |= 1 << (i % 64);
                        }
                    }
                }
                (Some(a), None) => {
                    for ra in spellings(a) {
                        let i = f.single(ra as u32);
                        f.singles[i / 64] |= 1 << (i % 64);
                    }
                    f.any_single = true;
                }
                (None, _) => {}
            }
        }
        f
    }

    #[inline(always)]
    fn pair(&self, a: u32, b: u32) -> usize {
        ((u64::from(a) << 21 | u64::from(b)).wrapping_mul(MUL) >> self.shift) as usize
    }

    #[inline(always)]
    fn single(&self, a: u32) -> usize {
        (u64::from(a).wrapping_mul(MUL) >> self.shift) as usize
    }

    /// Whether a phrase may start at the raw character `a` followed by the
    /// raw character `b` (code points).
    #[inline(always)]
    pub fn may_start_pair(&self, a: u32, b: u32) -> bool {
        let i = self.pair(a, b);
        self.pairs[i / 64] >> (i % 64) & 1 != 0
    }

    /// Whether a one-character phrase may be the raw character `a`.
    #[inline(always)]
    pub fn may_be_single(&self, a: u32) -> bool {
        self.any_single && {
            let i = self.single(a);
            self.singles[i / 64] >> (i % 64) & 1 != 0
        }
    }

    /// Whether the list has one-character phrases at all.
    #[inline(always)]
    pub fn has_singles(&self) -> bool {
        self.any_single
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold;

    #[test]
    fn every_spelling_of_a_phrase_passes() {
        let phrases = ["扫一扫", "copyright", "网", "当前位置", "ab"].map(fold);
        let f = RawStarts::new(phrases.iter().map(String::as_str));
        for raw in ["掃一掃", "扫一扫", "掃一扫", "COPYRIGHT", "ＣＯpy", "網", "网", "當前", "当前", "ＡＢ", "aB"]
        {
            let mut c = raw.chars().map(|c| c as u32);
            let (a, b) = (c.next().unwrap(), c.next());
            let hit = match b {
                Some(b) => f.may_start_pair(a, b) || f.may_be_single(a),
                None => f.may_be_single(a),
            };
            assert!(hit, "{raw}");
        }
        // the filter is hashed: most other pairs are rejected
        let text: Vec<u32> =
            "今冬明春是我县森林火灾易发高发时期受持续干旱少雨天气影响".chars().map(|c| c as u32).collect();
        let passed = text.windows(2).filter(|w| f.may_start_pair(w[0], w[1])).count();
        assert!(passed <= 1, "{passed}");
    }

    #[test]
    fn spellings_are_exactly_the_characters_that_fold_to_one() {
        for folded in ['当', 'a', ',', ' ', '网', '中', '1'] {
            let mut got: Vec<char> = spellings(folded).collect();
            got.sort_unstable();
            let want: Vec<char> =
                (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| fold_char(c) == folded).collect();
            assert_eq!(got, want, "{folded}");
        }
    }
}
