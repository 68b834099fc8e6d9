//! The raw start filter: which positions of a line *as written* (not folded)
//! may start a phrase, in any of its spellings.
//!
//! The [`StartFilter`](super::start::StartFilter) answers the same question
//! for the folded line, which costs a fold of every character first. This
//! filter holds the first two characters of each phrase in every spelling that
//! folds to them (traditional and simplified, full and half width, upper and
//! lower case), so a line can be scanned as it is: a position it rejects
//! starts no phrase of the list in the folded line either.

//!
//! The built-in lists' filter is made by `build.rs` (which includes this file)
//! and copied from the binary; a user's phrases are added to the copy.

use std::borrow::Cow;

/// Every character that folds to another one, as (folded, raw), sorted; and
/// bit sets (of the BMP, where all of them are) of the folded ones, which most
/// characters are not, and of the raw ones. The built-in fold table's are
/// made by `build.rs` ([`Spellings::to_source`]), not sorted at run time.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Spellings {
    all: Cow<'static, [(char, char)]>,
    targets: Cow<'static, [u64]>,
    changed: Cow<'static, [u64]>,
}

impl Spellings {
    /// The spellings of `unfolded`: every character that folds to another
    /// one, with what it folds to (as `fold_rule::Table::unfolded` lists them).
    #[allow(dead_code)] // by build.rs and the tests
    pub(crate) fn new(unfolded: impl Iterator<Item = (char, char)>) -> Self {
        let mut all: Vec<(char, char)> = unfolded.map(|(raw, folded)| (folded, raw)).collect();
        all.sort_unstable();
        let (mut targets, mut changed) = (vec![0u64; 0x10000 / 64], vec![0u64; 0x10000 / 64]);
        for &(f, raw) in &all {
            for (set, c) in [(&mut targets, f), (&mut changed, raw)] {
                if let Some(w) = set.get_mut(c as usize / 64) {
                    *w |= 1 << (c as u32 % 64);
                }
            }
        }
        Spellings { all: Cow::Owned(all), targets: Cow::Owned(targets), changed: Cow::Owned(changed) }
    }

    /// The spellings [`Spellings::to_source`] wrote.
    #[allow(dead_code)] // not by build.rs
    pub(crate) const fn from_static(
        all: &'static [(char, char)],
        targets: &'static [u64],
        changed: &'static [u64],
    ) -> Self {
        Spellings { all: Cow::Borrowed(all), targets: Cow::Borrowed(targets), changed: Cow::Borrowed(changed) }
    }

    /// Rust source of three statics named `{name}_ALL`, `{name}_TARGETS` and
    /// `{name}_CHANGED` holding the spellings (for `build.rs`).
    #[allow(dead_code)] // by build.rs
    pub(crate) fn to_source(&self, name: &str) -> String {
        let all: Vec<String> = self.all.iter().map(|(f, r)| format!("({f:?}, {r:?})")).collect();
        let bits = |set: &[u64]| set.iter().map(|w| format!("{w:#x}")).collect::<Vec<_>>().join(", ");
        format!(
            "static {name}_ALL: [(char, char); {}] = [{}];\nstatic {name}_TARGETS: [u64; {}] = [{}];\nstatic {name}_CHANGED: [u64; {}] = [{}];\n",
            all.len(),
            all.join(", "),
            self.targets.len(),
            bits(&self.targets),
            self.changed.len(),
            bits(&self.changed),
        )
    }

    /// Every character that folds to `folded`.
    fn of(&self, folded: char) -> impl Iterator<Item = char> + Clone + '_ {
        let u = folded as usize;
        let has = |set: &[u64]| set.get(u / 64).is_some_and(|w| w >> (u % 64) & 1 != 0);
        // (a character folds to itself unless it folds to another one)
        let itself = (!has(&self.changed)).then_some(folded);
        let from = if has(&self.targets) { self.all.partition_point(|&(f, _)| f < folded) } else { self.all.len() };
        let others = self.all[from..].iter().take_while(move |&&(f, _)| f == folded).map(|&(_, raw)| raw);
        itself.into_iter().chain(others)
    }
}

/// The key of a raw character in a [`RawStarts`]: its UTF-8 bytes, little-endian,
/// so a scan takes it from the bytes without decoding them.
#[inline]
pub fn key(c: char) -> u32 {
    let u = c as u32;
    match u {
        0..=0x7F => u,
        0x80..=0x7FF => (0xC0 | u >> 6) | (0x80 | u & 0x3F) << 8,
        0x800..=0xFFFF => (0xE0 | u >> 12) | (0x80 | u >> 6 & 0x3F) << 8 | (0x80 | u & 0x3F) << 16,
        _ => (0xF0 | u >> 18) | (0x80 | u >> 12 & 0x3F) << 8 | (0x80 | u >> 6 & 0x3F) << 16 | (0x80 | u & 0x3F) << 24,
    }
}

/// Which positions of a raw line may start a phrase, in any spelling: hashed
/// bit sets of the phrases' first two characters, of their first three
/// characters (of the phrases of three or more), of the two-character
/// phrases and of the one-character phrases. (Three characters, not two: the
/// first two characters of a phrase, such as `服务`, are common words, its
/// first three rarely are. The first two alone spare most positions the rest
/// of the test.)
///
/// The tables have a fixed size (256 KiB, 32 KiB, 8 KiB and 512 bytes: in the
/// L2 and L1 caches), so a scan tests a bit without a bounds check: a few
/// percent of false positives for ten thousand phrases, more for many more
/// (each costs a look in the trie, not a wrong answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawStarts {
    pairs: Box<[u64; PAIR_BITS.words()]>,
    three: Box<[u64; THREE_BITS.words()]>,
    two: Box<[u64; TWO_BITS.words()]>,
    one: Box<[u64; ONE_BITS.words()]>,
    /// Bit [`one_bit`] of each key in `one`: a register test that spares most
    /// characters the look-up.
    one_low: u64,
}

/// A table's size, in bits (log 2).
struct Bits(u32);

impl Bits {
    const fn words(&self) -> usize {
        1 << (self.0 - 6)
    }
}

const PAIR_BITS: Bits = Bits(18);
const THREE_BITS: Bits = Bits(21);
const TWO_BITS: Bits = Bits(16);
const ONE_BITS: Bits = Bits(12);

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;
const MUL3: u64 = 0xD6E8_FEB8_6659_FD93;

/// Whether the bit of `hash` (its top bits) is set in `set`.
#[inline(always)]
fn test<const N: usize>(set: &[u64; N], hash: u64) -> bool {
    let i = (hash >> (64 - (N * 64).trailing_zeros())) as usize;
    set[i / 64] >> (i % 64) & 1 != 0
}

/// An empty table, made on the heap (a quarter of a megabyte would not go through the stack).
fn zeroed<const N: usize>() -> Box<[u64; N]> {
    vec![0u64; N].into_boxed_slice().try_into().expect("a slice of N words")
}

/// Sets the bit of `hash` in `set`.
#[inline]
fn set<const N: usize>(set: &mut [u64; N], hash: u64) {
    let i = (hash >> (64 - (N * 64).trailing_zeros())) as usize;
    set[i / 64] |= 1 << (i % 64);
}

/// The hash of one raw character's key.
#[inline(always)]
fn one_hash(a: u32) -> u64 {
    u64::from(a).wrapping_mul(MUL)
}

/// The bit of a key in [`RawStarts::one_low`]: of a three-byte character, the
/// low six bits of its code point.
#[inline(always)]
fn one_bit(a: u32) -> u32 {
    a >> 16 & 63
}

/// The hash of two raw characters' keys, `a` then `b`.
#[inline(always)]
pub fn pair_hash(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32 | u64::from(b)).wrapping_mul(MUL)
}

/// The hash of three raw characters' keys, from [`pair_hash`] of the first two.
#[inline(always)]
fn three_hash(ab: u64, c: u32) -> u64 {
    (ab ^ u64::from(c)).wrapping_mul(MUL3)
}

impl RawStarts {
    /// A filter of no phrase.
    pub(crate) fn empty() -> Self {
        RawStarts { pairs: zeroed(), three: zeroed(), two: zeroed(), one: zeroed(), one_low: 0 }
    }

    /// The filter of phrases given by their distinct prefixes of one, two and
    /// three characters (folded), each with whether a phrase ends there:
    /// `prefixes` calls its argument with each (as
    /// [`for_each_prefix`](super::trie::CharTrie::for_each_prefix) does, and
    /// [`prefixes_of`] for one phrase).
    pub(crate) fn of_prefixes(spell: &Spellings, prefixes: impl FnOnce(&mut dyn FnMut(&[char], bool))) -> Self {
        let mut f = RawStarts::empty();
        prefixes(&mut |prefix, ends| f.add(spell, prefix, ends));
        f
    }

    /// Adds a prefix of one, two or three characters of a phrase (folded), and
    /// whether the phrase ends there, in every spelling.
    pub(crate) fn add(&mut self, spell: &Spellings, prefix: &[char], ends: bool) {
        match *prefix {
            [a] if ends => {
                for ra in spell.of(a) {
                    set(&mut self.one, one_hash(key(ra)));
                    self.one_low |= 1 << one_bit(key(ra));
                }
            }
            [a, b] => {
                for ra in spell.of(a) {
                    for rb in spell.of(b) {
                        let ab = pair_hash(key(ra), key(rb));
                        set(&mut self.pairs, ab);
                        if ends {
                            set(&mut self.two, ab);
                        }
                    }
                }
            }
            [a, b, c] => {
                for ra in spell.of(a) {
                    for rb in spell.of(b) {
                        let ab = pair_hash(key(ra), key(rb));
                        for rc in spell.of(c) {
                            set(&mut self.three, three_hash(ab, key(rc)));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The tables as little-endian bytes (pairs, three, two, one), and the
    /// register bits (for `build.rs`).
    #[allow(dead_code)] // read by build.rs
    pub(crate) fn to_bytes(&self) -> ([Vec<u8>; 4], u64) {
        let bytes = |words: &[u64]| words.iter().flat_map(|w| w.to_le_bytes()).collect::<Vec<u8>>();
        ([bytes(&self.pairs[..]), bytes(&self.three[..]), bytes(&self.two[..]), bytes(&self.one[..])], self.one_low)
    }

    /// The filter [`RawStarts::to_bytes`] gave these bytes of (`None` if they are not of its tables' sizes).
    pub(crate) fn from_bytes(parts: [&[u8]; 4], one_low: u64) -> Option<Self> {
        fn words<const N: usize>(bytes: &[u8]) -> Option<Box<[u64; N]>> {
            let mut t: Box<[u64; N]> = zeroed();
            if bytes.len() != N * 8 {
                return None;
            }
            for (w, b) in t.iter_mut().zip(bytes.chunks_exact(8)) {
                *w = u64::from_le_bytes(b.try_into().ok()?);
            }
            Some(t)
        }
        let [pairs, three, two, one] = parts;
        Some(RawStarts { pairs: words(pairs)?, three: words(three)?, two: words(two)?, one: words(one)?, one_low })
    }

    /// The tables, to be held in registers through a scan.
    #[inline(always)]
    pub fn probe(&self) -> Probe<'_> {
        Probe { pairs: &self.pairs, three: &self.three, two: &self.two, one: &self.one, one_low: self.one_low }
    }
}

/// Calls `f` with the prefixes of one, two and three characters of a (folded)
/// phrase, each with whether the phrase ends there.
pub(crate) fn prefixes_of(phrase: &str, f: &mut dyn FnMut(&[char], bool)) {
    let mut chars = phrase.chars();
    let mut first = ['\0'; 3];
    let mut n = 0;
    while n < 3 {
        let Some(c) = chars.next() else { break };
        first[n] = c;
        n += 1;
    }
    let more = chars.next().is_some();
    for k in 1..=n {
        f(&first[..k], k == n && !more);
    }
}

/// A [`RawStarts`] borrowed for a scan.
#[derive(Debug, Clone, Copy)]
pub struct Probe<'a> {
    pairs: &'a [u64; PAIR_BITS.words()],
    three: &'a [u64; THREE_BITS.words()],
    two: &'a [u64; TWO_BITS.words()],
    one: &'a [u64; ONE_BITS.words()],
    one_low: u64,
}

impl Probe<'_> {
    /// Whether a phrase of two or more characters may start with the two raw
    /// characters whose [`pair_hash`] this is: the cheap first test of [`Probe::after_pair`].
    #[inline(always)]
    pub fn pair(&self, ab: u64) -> bool {
        test(self.pairs, ab)
    }

    /// Whether a phrase of two or more characters may start with the two raw
    /// characters whose [`pair_hash`] is `ab`, followed by the one of key `c`
    /// (`None` past the end of the line).
    #[inline(always)]
    pub fn after_pair(&self, ab: u64, c: Option<u32>) -> bool {
        c.is_some_and(|c| test(self.three, three_hash(ab, c))) || test(self.two, ab)
    }

    /// Whether a one-character phrase may be the raw character of key `a`.
    #[inline(always)]
    pub fn one(&self, a: u32) -> bool {
        self.one_low >> one_bit(a) & 1 != 0 && test(self.one, one_hash(a))
    }

    /// The first test of [`Probe::one`], in a register: false if a
    /// one-character phrase cannot be the character of key `a`.
    #[inline(always)]
    pub fn may_be_one(&self, a: u32) -> bool {
        self.one_low >> one_bit(a) & 1 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::{fold, fold_char};

    /// Whether the filter lets the start of `raw` through.
    fn passes(f: &RawStarts, raw: &str) -> bool {
        let f = f.probe();
        let mut k = raw.chars().map(key);
        let Some(a) = k.next() else { return false };
        let (b, c) = (k.next(), k.next());
        let pair = b.is_some_and(|b| {
            let ab = pair_hash(a, b);
            let after = f.after_pair(ab, c);
            assert!(!after || f.pair(ab), "a start the first test rejects: {raw}");
            after
        });
        pair || f.one(a)
    }

    #[test]
    fn every_spelling_of_a_phrase_passes() {
        let phrases = ["扫一扫", "copyright", "网", "当前位置", "ab", "吗", "上一篇"].map(fold);
        let spell = Spellings::new(crate::text::fold::TABLE.unfolded());
        let f = RawStarts::of_prefixes(&spell, |each| phrases.iter().for_each(|p| prefixes_of(p, each)));
        let (bytes, low) = f.to_bytes();
        let f = RawStarts::from_bytes([&bytes[0], &bytes[1], &bytes[2], &bytes[3]], low).expect("the sizes");
        for raw in ["掃一掃", "扫一扫", "掃一扫", "COPYRIGHT", "ＣＯpy", "網", "网", "當前位", "当前位", "ＡＢ", "aB"]
        {
            assert!(passes(&f, raw), "{raw}");
        }
        for raw in ["吗", "嗎", "上一篇"] {
            assert!(passes(&f, raw), "{raw}");
        }
        // the filter is hashed: most other starts are rejected
        let text = "今冬明春是我县森林火灾易发高发时期受持续干旱少雨天气影响当前的";
        let starts = text.char_indices().filter(|&(i, _)| passes(&f, &text[i..])).count();
        assert!(starts <= 1, "{starts}");
    }

    #[test]
    fn keys_are_the_utf8_bytes() {
        for c in ['a', '\u{7f}', 'ñ', '\u{7ff}', '\u{800}', '当', '\u{ffff}', '😀', '\u{10ffff}'] {
            let mut b = [0u8; 4];
            c.encode_utf8(&mut b);
            assert_eq!(key(c), u32::from_le_bytes(b), "{c:?}");
        }
        assert_eq!(key('a'), 0x61);
        assert_eq!(key('当'), u32::from_le_bytes([0xE5, 0xBD, 0x93, 0]));
        assert_eq!(key('😀'), u32::from_le_bytes([0xF0, 0x9F, 0x98, 0x80]));
    }

    #[test]
    fn spellings_are_exactly_the_characters_that_fold_to_one() {
        let spell = Spellings::new(crate::text::fold::TABLE.unfolded());
        for folded in ['当', 'a', ',', ' ', '网', '中', '1'] {
            let mut got: Vec<char> = spell.of(folded).collect();
            got.sort_unstable();
            let want: Vec<char> =
                (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| fold_char(c) == folded).collect();
            assert_eq!(got, want, "{folded}");
        }
    }
}
