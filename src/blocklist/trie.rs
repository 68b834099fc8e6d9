//! A character trie of phrases for anchored longest-match look-ups.
//!
//! The blocklist's start filter lets only a few positions of a line through;
//! at each of them the trie walks the line's characters from the root and
//! remembers the last phrase end it passed. Transitions live in one
//! open-addressing table keyed by (node, character) whose slot also holds the
//! node the transition leads to and the phrase ending there, so a step is one
//! multiply and, almost always, one read of one cache line.
//!
//! The table is plain bytes: the built-in lists' trie is made by `build.rs`
//! (which includes this file) and used straight from the binary, with no work
//! at start-up; phrases added at run time go into a copy of it.

use std::borrow::Cow;

/// Bytes of a slot, little-endian: the key `(node << 32 | char) + 1` (0 for an
/// empty slot), the node the transition leads to, and the index of the phrase
/// ending there plus one (0 for none).
pub(crate) const SLOT: usize = 16;

/// The fewest slots of a table.
const MIN_SLOTS: usize = 16;

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// Phrases as a trie of characters.
#[derive(Debug, Clone)]
pub(crate) struct CharTrie {
    /// [`SLOT`] bytes per slot; the number of slots is a power of two.
    table: Cow<'static, [u8]>,
    /// Nodes, the root (node 0) included.
    nodes: u32,
    /// Filled slots.
    edges: usize,
    /// `64 - log2(slots)`.
    shift: u32,
}

impl Default for CharTrie {
    fn default() -> Self {
        Self::from_table(Cow::Owned(vec![0; MIN_SLOTS * SLOT]), 1, 0)
    }
}

impl CharTrie {
    /// The trie of a table made before (by `build.rs`, from [`CharTrie::table`]), with its
    /// counts of nodes and edges.
    pub(crate) fn from_static(table: &'static [u8], nodes: u32, edges: usize) -> Self {
        Self::from_table(Cow::Borrowed(table), nodes, edges)
    }

    fn from_table(table: Cow<'static, [u8]>, nodes: u32, edges: usize) -> Self {
        let slots = table.len() / SLOT;
        debug_assert!(slots.is_power_of_two() && slots * SLOT == table.len() && edges * 4 <= slots * 3);
        CharTrie { table, nodes, edges, shift: 64 - slots.trailing_zeros() }
    }

    /// The table's bytes (what [`CharTrie::from_static`] takes).
    #[allow(dead_code)] // read by build.rs
    pub(crate) fn table(&self) -> &[u8] {
        &self.table
    }

    /// Number of nodes, the root included.
    #[allow(dead_code)] // read by build.rs
    pub(crate) fn nodes(&self) -> u32 {
        self.nodes
    }

    /// Number of transitions.
    #[allow(dead_code)] // read by build.rs
    pub(crate) fn edges(&self) -> usize {
        self.edges
    }

    /// Whether the table is still the one [`CharTrie::from_static`] was given (nothing was added).
    #[cfg(test)]
    pub(crate) fn is_static(&self) -> bool {
        matches!(self.table, Cow::Borrowed(_))
    }

    fn slots(&self) -> usize {
        self.table.len() / SLOT
    }

    /// The slot's key, node and phrase end.
    #[inline(always)]
    fn slot(&self, i: usize) -> (u64, u32, u32) {
        let s = &self.table[i * SLOT..i * SLOT + SLOT];
        (u64::from_le_bytes(word(&s[..8])), u32::from_le_bytes(word(&s[8..12])), u32::from_le_bytes(word(&s[12..])))
    }

    fn write(&mut self, i: usize, key: u64, next: u32, end: u32) {
        let s = &mut self.table.to_mut()[i * SLOT..i * SLOT + SLOT];
        s[..8].copy_from_slice(&key.to_le_bytes());
        s[8..12].copy_from_slice(&next.to_le_bytes());
        s[12..].copy_from_slice(&end.to_le_bytes());
    }

    /// The slot holding `key`, or the empty slot where it would go, and whether it was found.
    #[inline(always)]
    fn find(&self, key: u64) -> (usize, Option<(u32, u32)>) {
        let mask = self.slots() - 1;
        let mut i = (key.wrapping_mul(MUL) >> self.shift) as usize;
        loop {
            match self.slot(i) {
                (k, next, end) if k == key => return (i, Some((next, end))),
                (0, ..) => return (i, None),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The node that `c` leads to from `node`, and the phrase ending there plus one (or 0).
    #[inline]
    fn child(&self, node: u32, c: char) -> Option<(u32, u32)> {
        self.find(key(node, c)).1
    }

    /// Adds a phrase (not empty) as phrase number `index`, unless it is there already:
    /// then nothing changes and the index it was added with is returned.
    pub(crate) fn insert(&mut self, phrase: &str, index: u32) -> Option<u32> {
        let mut node = 0;
        let mut last = None; // the slot of the last transition taken
        for c in phrase.chars() {
            let key = key(node, c);
            let (mut i, found) = self.find(key);
            node = match found {
                Some((next, _)) => next,
                None => {
                    // at most three quarters full: the built-in lists' 29,273 transitions and those
                    // of a user's list of a few thousand phrases fit in 64 Ki slots (1 MiB), and
                    // a probe reads 4 slots of a cache line
                    if (self.edges + 1) * 4 > self.slots() * 3 {
                        self.grow();
                        i = self.find(key).0;
                    }
                    let fresh = self.nodes;
                    self.nodes += 1;
                    self.edges += 1;
                    self.write(i, key, fresh, 0);
                    fresh
                }
            };
            last = Some(i);
        }
        let i = last?;
        let (key, next, end) = self.slot(i);
        match end.checked_sub(1) {
            Some(was) => Some(was),
            None => {
                self.write(i, key, next, index + 1);
                None
            }
        }
    }

    /// Doubles the table.
    fn grow(&mut self) {
        let bigger = Self::from_table(Cow::Owned(vec![0; self.table.len() * 2]), 0, 0);
        let old = std::mem::replace(self, bigger);
        self.nodes = old.nodes;
        self.edges = old.edges;
        for i in 0..old.slots() {
            let (key, next, end) = old.slot(i);
            if key != 0 {
                let (j, _) = self.find(key);
                self.write(j, key, next, end);
            }
        }
    }

    /// Calls `f` once with each distinct prefix of one, two and three
    /// characters of the phrases, and whether a phrase ends there.
    pub(crate) fn for_each_prefix(&self, mut f: impl FnMut(&[char], bool)) {
        let filled = || (0..self.slots()).map(|i| self.slot(i)).filter(|s| s.0 != 0);
        // the prefix that leads to each node of depth 1 and 2
        let mut first = vec![None; self.nodes as usize];
        let mut second = vec![None; self.nodes as usize];
        for (key, next, end) in filled() {
            if let (0, c) = unkey(key) {
                first[next as usize] = Some(c);
                f(&[c], end != 0);
            }
        }
        for (key, next, end) in filled() {
            let (node, c) = unkey(key);
            if let Some(a) = first[node as usize] {
                second[next as usize] = Some((a, c));
                f(&[a, c], end != 0);
            }
        }
        for (key, _, end) in filled() {
            let (node, c) = unkey(key);
            if let Some((a, b)) = second[node as usize] {
                f(&[a, b, c], end != 0);
            }
        }
    }

    /// The longest phrase that `text[at..]` starts with: its index and the byte where it ends.
    #[inline]
    pub(crate) fn longest_at(&self, text: &str, at: usize) -> Option<(u32, usize)> {
        let mut node = 0;
        let mut best = None;
        for (i, c) in text[at..].char_indices() {
            let Some((n, end)) = self.child(node, c) else { break };
            node = n;
            if let Some(p) = end.checked_sub(1) {
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
            let Some((n, end)) = self.child(node, c) else { break };
            node = n;
            if let Some(p) = end.checked_sub(1) {
                each(p, at);
            }
        }
    }
}

#[inline(always)]
fn word<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut w = [0; N];
    w.copy_from_slice(b);
    w
}

#[inline]
fn key(node: u32, c: char) -> u64 {
    (u64::from(node) << 32 | u64::from(c)) + 1
}

/// The node and character of a key.
fn unkey(key: u64) -> (u32, char) {
    let k = key - 1;
    ((k >> 32) as u32, char::from_u32(k as u32).unwrap_or('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie(phrases: &[&str]) -> CharTrie {
        let mut t = CharTrie::default();
        for (i, p) in phrases.iter().enumerate() {
            assert_eq!(t.insert(p, i as u32), None, "{p}");
        }
        t
    }

    #[test]
    fn longest_phrase_at_a_position() {
        let t = trie(&["精品", "国产精品", "国产", "a", "abc"]);
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

    #[test]
    fn a_phrase_added_again_keeps_its_first_index() {
        let mut t = trie(&["国产精品", "国产"]);
        assert_eq!(t.insert("国产", 7), Some(1));
        assert_eq!(t.insert("国产精品", 7), Some(0));
        assert_eq!(t.insert("国", 7), None);
        assert_eq!(t.longest_at("国", 0), Some((7, 3)));
    }

    #[test]
    fn grows_and_keeps_every_phrase() {
        let phrases: Vec<String> = (0..3000).map(|i| format!("词{i}语")).collect();
        let mut t = CharTrie::default();
        for (i, p) in phrases.iter().enumerate() {
            assert_eq!(t.insert(p, i as u32), None);
        }
        assert!(t.edges() * 4 <= t.slots() * 3);
        for (i, p) in phrases.iter().enumerate() {
            assert_eq!(t.longest_at(p, 0), Some((i as u32, p.len())), "{p}");
        }
        let copy = CharTrie::from_table(Cow::Owned(t.table().to_vec()), t.nodes(), t.edges());
        assert_eq!(copy.longest_at("词2999语", 0), Some((2999, "词2999语".len())));
    }

    #[test]
    fn prefixes_of_up_to_three_characters() {
        let t = trie(&["国产精品", "国产", "精", "精品", "a", "ab", "ac", "abcd"]);
        let mut got = Vec::new();
        t.for_each_prefix(|p, ends| got.push((p.iter().collect::<String>(), ends)));
        got.sort();
        let want = [
            ("a", true),
            ("ab", true),
            ("abc", false),
            ("ac", true),
            ("国", false),
            ("国产", true),
            ("国产精", false),
            ("精", true),
            ("精品", true),
        ];
        assert_eq!(got, want.map(|(p, e)| (p.to_string(), e)));
    }
}
