//! The start filter: which positions of a folded line may start a phrase.

/// Which positions of a folded line may start a phrase: a hashed bit set of
/// the phrases' first two characters (and of the first character of one-character
/// phrases). A phrase can only match where its first two characters stand, so a
/// position the filter rejects starts no match; the few it lets through are
/// checked with the trie (longest phrase starting there). Most positions are rejected with
/// one hash and one bit test, which is much cheaper than stepping an automaton
/// through every byte.
#[derive(Debug, Clone)]
pub(super) struct StartFilter {
    pairs: Vec<u64>,
    singles: Vec<u64>,
    /// Bit `c % 64` of each one-character phrase `c`: a register test that spares the
    /// look-up in `singles` for most characters (lists hold few one-character phrases).
    single_low: u64,
    shift: u32,
}

impl StartFilter {
    pub(super) fn new(phrases: &[String]) -> Self {
        // about 32 bits per phrase: few false positives, and the table stays in cache
        let bits = (phrases.len() * 32).next_power_of_two().clamp(1 << 14, 1 << 21);
        let mut f = StartFilter {
            pairs: vec![0; bits / 64],
            singles: vec![0; bits / 64],
            single_low: 0,
            shift: 64 - bits.trailing_zeros(),
        };
        for p in phrases {
            let mut chars = p.chars();
            match (chars.next(), chars.next()) {
                (Some(a), Some(b)) => {
                    let i = f.pair(a, b);
                    set(&mut f.pairs, i)
                }
                (Some(a), None) => {
                    let i = f.single(a);
                    set(&mut f.singles, i);
                    f.single_low |= 1 << (u32::from(a) % 64);
                }
                (None, _) => {}
            }
        }
        f
    }

    #[inline]
    fn pair(&self, a: char, b: char) -> usize {
        ((u64::from(a) << 21 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn single(&self, a: char) -> usize {
        (u64::from(a).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Whether a phrase may start at a character `a` followed by `b` (`None` at the end).
    #[inline]
    pub(super) fn may_start(&self, a: char, b: Option<char>) -> bool {
        (self.single_low >> (u32::from(a) % 64) & 1 != 0 && get(&self.singles, self.single(a)))
            || b.is_some_and(|b| get(&self.pairs, self.pair(a, b)))
    }
}

#[inline]
fn set(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

#[inline]
fn get(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}
