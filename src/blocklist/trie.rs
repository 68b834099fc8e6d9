//! A character trie of phrases for anchored longest-match look-ups.
//!
//! The blocklist's start filter lets only a few positions of a line through;
//! at each of them the trie walks the line's characters from the root and
//! remembers the last phrase end it passed. Transitions live in one
//! open-addressing table keyed by (node, character), so a step is one
//! multiply and, almost always, one probe.

/// Phrases as a trie of characters.
#[derive(Debug, Clone)]
pub(crate) struct CharTrie {
    /// `(node << 32 | char) + 1` of each transition, 0 for an empty slot.
    keys: Vec<u64>,
    /// The node each transition leads to.
    next: Vec<u32>,
    /// For each node, the index of the phrase ending there plus one, or 0.
    ends: Vec<u32>,
    shift: u32,
}

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

impl CharTrie {
    /// A trie of `phrases`; a phrase's index is what [`CharTrie::longest_at`] returns.
    /// Of equal phrases the first one counts.
    pub(crate) fn new(phrases: &[String]) -> Self {
        let mut edges: std::collections::HashMap<(u32, char), u32> = std::collections::HashMap::new();
        let mut ends = vec![0u32];
        for (i, p) in phrases.iter().enumerate() {
            let mut node = 0u32;
            for c in p.chars() {
                let fresh = ends.len() as u32;
                node = *edges.entry((node, c)).or_insert(fresh);
                if node == fresh {
                    ends.push(0);
                }
            }
            if node != 0 && ends[node as usize] == 0 {
                ends[node as usize] = i as u32 + 1;
            }
        }
        let size = (edges.len() * 2).next_power_of_two().max(16);
        let mut t = CharTrie { keys: vec![0; size], next: vec![0; size], ends, shift: 64 - size.trailing_zeros() };
        for ((node, c), to) in edges {
            let key = key(node, c);
            let mut i = t.slot(key);
            while t.keys[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            t.keys[i] = key;
            t.next[i] = to;
        }
        t
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(MUL) >> self.shift) as usize
    }

    #[inline]
    fn child(&self, node: u32, c: char) -> Option<u32> {
        let key = key(node, c);
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            match self.keys[i] {
                k if k == key => return Some(self.next[i]),
                0 => return None,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The longest phrase that `text[at..]` starts with: its index and the byte where it ends.
    #[inline]
    pub(crate) fn longest_at(&self, text: &str, at: usize) -> Option<(u32, usize)> {
        let mut node = 0;
        let mut best = None;
        for (i, c) in text[at..].char_indices() {
            let Some(n) = self.child(node, c) else { break };
            node = n;
            if let Some(p) = self.ends[n as usize].checked_sub(1) {
                best = Some((p, at + i + c.len_utf8()));
            }
        }
        best
    }

    /// Walks the trie along `chars` (folded characters, each with a position
    /// to report), calling `each(phrase, position)` for every phrase that the
    /// characters start with, shortest first: every phrase that starts where
    /// `chars` starts, where [`CharTrie::longest_at`] gives the longest one only.
    #[inline]
    pub(crate) fn walk<P>(&self, chars: impl Iterator<Item = (P, char)>, mut each: impl FnMut(u32, P)) {
        let mut node = 0;
        for (at, c) in chars {
            let Some(n) = self.child(node, c) else { break };
            node = n;
            if let Some(p) = self.ends[n as usize].checked_sub(1) {
                each(p, at);
            }
        }
    }
}

#[inline]
fn key(node: u32, c: char) -> u64 {
    (u64::from(node) << 32 | u64::from(c)) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_phrase_at_a_position() {
        let phrases: Vec<String> = ["精品", "国产精品", "国产", "a", "abc"].map(String::from).to_vec();
        let t = CharTrie::new(&phrases);
        assert_eq!(t.longest_at("国产精品自拍", 0), Some((1, "国产精品".len())));
        assert_eq!(t.longest_at("国产自拍", 0), Some((2, "国产".len())));
        assert_eq!(t.longest_at("日韩精品", "日韩".len()), Some((0, "日韩精品".len())));
        assert_eq!(t.longest_at("abd", 0), Some((3, 1)));
        assert_eq!(t.longest_at("xabc", 1), Some((4, 4)));
        assert_eq!(t.longest_at("国", 0), None);
        assert_eq!(t.longest_at("", 0), None);
        let mut all = Vec::new();
        t.walk("国产精品自拍".char_indices().map(|(i, c)| (i + c.len_utf8(), c)), |p, end| all.push((p, end)));
        assert_eq!(all, [(2, "国产".len()), (1, "国产精品".len())]);
    }
}
