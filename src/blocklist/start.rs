//! The start filter: which positions of a folded line may start a phrase.

use std::borrow::Cow;

use super::trie::CharTrie;

/// Which positions of a folded line may start a phrase: a hashed bit set of
/// the phrases' first two characters (and of the first character of one-character
/// phrases). A phrase can only match where its first two characters stand, so a
/// position the filter rejects starts no match; the few it lets through are
/// checked with the trie (longest phrase starting there). Most positions are rejected with
/// one hash and one bit test, which is much cheaper than stepping an automaton
/// through every byte.
///
/// Of the positions a pair lets through, most start no phrase all the same
/// (on the bench corpus four in five: `中国` starts phrases, `中国的` none), and
/// a walk of the trie is a chain of dependent reads of a table larger than the
/// cache; a second bit set, of the phrases' first three characters (of two-character
/// phrases, the two and [`END`]), turns most of them away first ([`StartFilter::may_begin`]).
///
/// The bit sets are plain bytes, so the built-in lists' filter is made by
/// `build.rs` (which includes this file) and used straight from the binary.
#[derive(Debug, Clone)]
pub(crate) struct StartFilter {
    pairs: Cow<'static, [u8]>,
    singles: Cow<'static, [u8]>,
    thirds: Cow<'static, [u8]>,
    /// Bit `c % 64` of each one-character phrase `c`: a register test that spares the
    /// look-up in `singles` for most characters (lists hold few one-character phrases).
    single_low: u64,
    shift: u32,
}

/// The third character of a two-character phrase in [`StartFilter`]'s set of threes (not a `char`).
const END: u32 = (1 << 21) - 1;

impl StartFilter {
    /// The size of each bit set for `phrases` phrases.
    pub(crate) fn bytes_for(phrases: usize) -> usize {
        // about 32 bits per phrase: few false positives, and the table stays in cache
        (phrases * 32).next_power_of_two().clamp(1 << 14, 1 << 21) / 8
    }

    /// The filter of the phrases of `trie`, `phrases` of them.
    pub(crate) fn of_trie(trie: &CharTrie, phrases: usize) -> Self {
        let zeros = || Cow::Owned(vec![0; Self::bytes_for(phrases)]);
        let mut f = Self::from_parts([zeros(), zeros(), zeros()], 0);
        trie.for_each_prefix(|p, ends| f.add_prefix(p, ends));
        f
    }

    /// Adds a phrase (folded, not empty) to the filter.
    pub(crate) fn add(&mut self, phrase: &str) {
        let mut chars = phrase.chars();
        let p: Vec<char> = chars.by_ref().take(3).collect();
        let more = chars.next().is_some();
        // its prefixes of one to three characters, as `for_each_prefix` gives them
        for n in 1..=p.len() {
            self.add_prefix(&p[..n], n == p.len() && !more);
        }
    }

    /// Adds what a phrase's first one, two or three characters `p` say, and whether a phrase ends there.
    fn add_prefix(&mut self, p: &[char], ends: bool) {
        match *p {
            [a] if ends => {
                let i = self.single(a);
                set(self.singles.to_mut(), i);
                self.single_low |= 1 << (u32::from(a) % 64);
            }
            [a, b] => {
                let i = self.pair(a, b);
                set(self.pairs.to_mut(), i);
                if ends {
                    let i = self.third(a, b, END);
                    set(self.thirds.to_mut(), i);
                }
            }
            [a, b, c] => {
                let i = self.third(a, b, u32::from(c));
                set(self.thirds.to_mut(), i);
            }
            _ => {}
        }
    }

    /// The size of each bit set.
    pub(crate) fn bytes(&self) -> usize {
        self.pairs.len()
    }

    /// A filter made before (by `build.rs`, from [`StartFilter::parts`]).
    pub(crate) fn from_static(sets: [&'static [u8]; 3], single_low: u64) -> Self {
        Self::from_parts(sets.map(Cow::Borrowed), single_low)
    }

    fn from_parts([pairs, singles, thirds]: [Cow<'static, [u8]>; 3], single_low: u64) -> Self {
        let bits = pairs.len() * 8;
        debug_assert!(bits.is_power_of_two() && singles.len() == pairs.len() && thirds.len() == pairs.len());
        StartFilter { pairs, singles, thirds, single_low, shift: 64 - bits.trailing_zeros() }
    }

    /// The bit sets of pairs, of single characters and of threes, and the register test of single characters.
    #[allow(dead_code)] // read by build.rs
    pub(crate) fn parts(&self) -> ([&[u8]; 3], u64) {
        ([&self.pairs, &self.singles, &self.thirds], self.single_low)
    }

    #[inline]
    fn third(&self, a: char, b: char, c: u32) -> usize {
        ((u64::from(a) << 42 | u64::from(b) << 21 | u64::from(c)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift)
            as usize
    }

    /// Whether a phrase may start at the beginning of `s` (a folded line from a
    /// position the pairs let through): by its first one, two or three characters.
    pub(crate) fn may_begin(&self, s: &str) -> bool {
        let mut chars = s.chars();
        let Some(a) = chars.next() else { return false };
        self.may_start_single(a)
            || chars.next().is_some_and(|b| {
                get(&self.thirds, self.third(a, b, END))
                    || chars.next().is_some_and(|c| get(&self.thirds, self.third(a, b, u32::from(c))))
            })
    }

    #[inline]
    fn pair(&self, a: char, b: char) -> usize {
        (pair_hash(a, b) >> self.shift) as usize
    }

    #[inline]
    fn single(&self, a: char) -> usize {
        (u64::from(a).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Whether a phrase may start at a character `a` followed by `b` (`None` at the end).
    #[inline]
    pub(crate) fn may_start(&self, a: char, b: Option<char>) -> bool {
        self.may_start_single(a) || b.is_some_and(|b| get(&self.pairs, self.pair(a, b)))
    }

    /// Whether a phrase of one character may start at `a`.
    #[inline(always)]
    pub(crate) fn may_start_single(&self, a: char) -> bool {
        self.single_low >> (u32::from(a) % 64) & 1 != 0 && get(&self.singles, self.single(a))
    }

    /// The pair set, if it has the size the matcher's loop is also compiled for ([`COMMON_BYTES`]).
    #[inline]
    pub(crate) fn common_pairs(&self) -> Option<&[u8; COMMON_BYTES]> {
        (*self.pairs).try_into().ok()
    }
}

/// The size of the pair set of most lists: [`StartFilter::of_trie`] makes it
/// this size for 8,192 to 16,383 phrases (the built-in lists alone, or with a
/// user's list of up to about 8,000 phrases). The matcher's loop is compiled
/// for it too (see [`may_start_in`]), with its shift and mask as constants and
/// no bounds check.
pub(crate) const COMMON_BYTES: usize = 1 << 16;

/// [`StartFilter::may_start`] with `b` present, for a pair set of [`COMMON_BYTES`].
#[inline(always)]
pub(crate) fn may_start_in(f: &StartFilter, pairs: &[u8; COMMON_BYTES], a: char, b: char) -> bool {
    const SHIFT: u32 = 64 - (COMMON_BYTES * 8).trailing_zeros();
    f.may_start_single(a) || get(pairs, (pair_hash(a, b) >> SHIFT) as usize)
}

/// The hash of a pair of characters; its top bits index the pair set.
#[inline(always)]
fn pair_hash(a: char, b: char) -> u64 {
    (u64::from(a) << 21 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline]
fn set(bits: &mut [u8], i: usize) {
    bits[i / 8] |= 1 << (i % 8);
}

#[inline]
fn get(bits: &[u8], i: usize) -> bool {
    bits[i / 8] & (1 << (i % 8)) != 0
}
