//! Keys of short lines: a line folded, digit runs as `0`, only letters and
//! digits kept, and hashed; what the learner counts and the matcher looks up.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already 64-bit hashes: it passes them through.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map from key hashes.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
/// A set of key hashes.
pub type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Writes the key of a folded line into `out` (cleared first).
pub fn line_key(folded: &str, out: &mut String) {
    out.clear();
    let mut in_digits = false;
    for c in folded.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('0');
                in_digits = true;
            }
        } else if c.is_alphanumeric() {
            out.push(c);
            in_digits = false;
        }
    }
}

/// Whether a key may be learned and matched: two characters or more, and not
/// only digits (a bare number is a table cell as often as a page number).
pub fn is_learnable(key: &str) -> bool {
    key.chars().nth(1).is_some() && key.chars().any(|c| c != '0')
}

/// The stable 64-bit hash of a key (FNV-1a, then a SplitMix64 finalizer so
/// that every bit is mixed); template files store it for keys whose text was
/// not kept, so it must never change.
pub fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Whether a trimmed line is short enough to learn or match: at most `max_len` characters.
pub fn short_enough(trimmed: &str, max_len: usize) -> bool {
    trimmed.len() <= max_len || (trimmed.len() <= 4 * max_len && trimmed.chars().count() <= max_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_example_1() {
        let mut k = String::new();
        line_key(&crate::text::fold::fold("京ICP備14010675號-2"), &mut k);
        assert_eq!(k, "京icp备0号0");
        line_key("copyright © 2012-2024 民政信息网", &mut k);
        assert_eq!(k, "copyright0民政信息网");
    }

    #[test]
    fn doc_example_2() {
        assert_eq!(key_hash("京icp备0号0"), key_hash("京icp备0号0"));
        assert_ne!(key_hash("首页"), key_hash("首頁"));
    }
}
