//! Reads the model text format `train/train.py` writes (see [`super::model`])
//! into the arrays the model is evaluated from.
//!
//! This file is compiled twice: into the crate, to read a model given with
//! `--model`, and into the build script (`build.rs`, through `codegen.rs`),
//! which reads the compiled-in `model.txt` once and writes the arrays out as
//! statics, so start-up does not parse 25,000 lines. So it uses `std` only.

/// An inner node of a tree, as evaluated. A child is the index of an inner
/// node, or `!i` (negative) for the leaf `leaves[i]`, so the walk down a tree
/// tests only inner nodes and picks a child without a branch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Inner {
    /// Go to the left child when the feature's value is at most this.
    pub split: f32,
    /// The feature tested (below the row length the model was read for).
    pub feature: u8,
    /// Left, then right.
    pub children: [i32; 2],
}

/// A model as read, laid out for evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    /// The row length it was trained on.
    pub features: usize,
    /// The score before any tree.
    pub base: f32,
    /// Removal probability from which a line is removed.
    pub threshold: f32,
    /// The trees' inner nodes and leaves, and each tree's root (as a child is given in [`Inner`]).
    pub inner: Vec<Inner>,
    pub leaves: Vec<f32>,
    pub roots: Vec<i32>,
    /// The vocabulary model's intercept and its weights.
    pub vocab_base: f32,
    pub vocab: Table,
}

/// Weights of character pairs: an open-addressing table (linear probing, at
/// most three quarters full) of keys, each with the index of its weight in a
/// dense array. A look-up hashes with one multiplication and reads one
/// 8-byte slot per probe (the table of the compiled-in model is 256 KiB).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Table {
    /// Each slot: a key in the low [`KEY_BITS`] bits and its weight's index
    /// above them, or [`EMPTY`]; a power of two long.
    pub slots: Vec<u64>,
    /// The weights, in the order their keys were first read.
    pub weights: Vec<f32>,
}

/// An empty slot of a [`Table`]: no key with a weight's index makes it.
pub(crate) const EMPTY: u64 = u64::MAX;

/// Bits of a pair key: two code points of 21 bits.
pub(crate) const KEY_BITS: u32 = 42;

/// The largest pair key.
pub(crate) const MAX_KEY: u64 = (1 << KEY_BITS) - 1;

/// The most weights a table holds (their indices fill the slots' other bits, short of [`EMPTY`]).
const MAX_WEIGHTS: usize = (1 << (64 - KEY_BITS)) - 1;

/// The slot where a look-up for `key` starts in a table of `slots` (a power of two).
#[inline]
pub(crate) fn slot(key: u64, slots: usize) -> usize {
    // Fibonacci hashing: the top bits of the product depend on every bit of the key
    let bits = slots.trailing_zeros();
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (63 - bits) >> 1) as usize
}

impl Table {
    /// A table for `n` keys.
    fn with_capacity(n: usize) -> Table {
        let slots = (n + n / 3 + 1).next_power_of_two().max(2);
        Table { slots: vec![EMPTY; slots], weights: Vec::with_capacity(n) }
    }

    /// Places a slot's key and index (the key is not in the table).
    fn place(&mut self, entry: u64) {
        let mask = self.slots.len() - 1;
        let mut i = slot(entry & MAX_KEY, self.slots.len());
        while self.slots[i] != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = entry;
    }

    /// Sets a key's weight (a key given twice keeps the last, as a map would);
    /// `key` is at most [`MAX_KEY`], and the table holds fewer than [`MAX_WEIGHTS`].
    fn insert(&mut self, key: u64, weight: f32) {
        debug_assert!(key <= MAX_KEY && self.weights.len() < MAX_WEIGHTS);
        let mask = self.slots.len().saturating_sub(1);
        let mut i = slot(key, self.slots.len().max(1));
        while let Some(&s) = self.slots.get(i).filter(|s| **s != EMPTY) {
            if s & MAX_KEY == key {
                self.weights[(s >> KEY_BITS) as usize] = weight;
                return;
            }
            i = (i + 1) & mask;
        }
        if 4 * (self.weights.len() + 1) > 3 * self.slots.len() {
            let grown = vec![EMPTY; (2 * self.slots.len()).max(2)];
            let old = std::mem::replace(&mut self.slots, grown);
            old.into_iter().filter(|s| *s != EMPTY).for_each(|s| self.place(s));
        }
        self.place(key | (self.weights.len() as u64) << KEY_BITS);
        self.weights.push(weight);
    }
}

/// A key's weight in a [`Table`] given by its slots and weights.
#[cfg(test)]
pub(crate) fn lookup(slots: &[u64], weights: &[f32], key: u64) -> Option<f32> {
    weights.get((find(slots, key)? >> KEY_BITS) as usize).copied()
}

/// The slot of a key in a [`Table`]'s slots: the key, and its weight's index above it.
#[inline]
pub(crate) fn find(slots: &[u64], key: u64) -> Option<u64> {
    let mask = slots.len().checked_sub(1)?;
    let mut i = slot(key, slots.len());
    loop {
        let s = *slots.get(i)?;
        if s == EMPTY {
            return None;
        }
        if s & MAX_KEY == key {
            return Some(s);
        }
        i = (i + 1) & mask;
    }
}

/// A node as read from the file.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The feature tested, or -1 for a leaf.
    feature: i32,
    split: f32,
    left: u32,
    right: u32,
    value: f32,
}

/// Reads a model. `features` is the row length it must have been trained on
/// (`None`: whatever the file says). The error says what is wrong, and where.
pub(crate) fn parse(text: &str, features: Option<usize>) -> Result<Parsed, String> {
    let bad = |n: usize, why: &str| format!("line {}: {why}", n + 1);
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let mut header = |key: &str| -> Result<(usize, String), String> {
        let (n, l) = lines.next().ok_or_else(|| format!("missing `{key}`"))?;
        let rest = l.strip_prefix(key).ok_or_else(|| bad(n, &format!("expected `{key}`")))?;
        Ok((n, rest.trim().to_string()))
    };
    let (n, v) = header("zhclean-trees")?;
    if v != "1" {
        return Err(bad(n, "unknown format version"));
    }
    let (n, v) = header("features")?;
    let features = match (v.parse::<usize>().ok(), features) {
        (Some(f), None) => f,
        (Some(f), Some(want)) if f == want => f,
        (_, want) => {
            let want = want.map_or_else(|| "a number of".to_string(), |w| w.to_string());
            return Err(bad(n, &format!("trained on {v} features, this build has {want}")));
        }
    };
    let num = |n: usize, v: &str| v.parse::<f32>().ok().filter(|x| x.is_finite()).ok_or_else(|| bad(n, "not a number"));
    let (n, v) = header("base")?;
    let base = num(n, &v)?;
    let (n, v) = header("threshold")?;
    let threshold = num(n, &v)?;
    let mut nodes: Vec<Node> = Vec::new();
    let mut trees: Vec<usize> = Vec::new();
    let mut vocab_base = 0.0;
    let mut vocab = Table::default();
    let mut tree_start: Option<usize> = None;
    let mut vocab_left = 0usize;
    for (n, l) in lines {
        if vocab_left > 0 {
            let (key, w) = l.trim().split_once(' ').ok_or_else(|| bad(n, "a vocabulary row is `KEY WEIGHT`"))?;
            let key = key.parse::<u64>().ok().filter(|k| *k <= MAX_KEY).ok_or_else(|| bad(n, "bad key"))?;
            if vocab.weights.len() >= MAX_WEIGHTS {
                return Err(bad(n, "too many vocabulary rows"));
            }
            vocab.insert(key, num(n, w)?);
            vocab_left -= 1;
            continue;
        }
        if let Some(rest) = l.trim().strip_prefix("vocab ") {
            let (b, count) = rest.split_once(' ').ok_or_else(|| bad(n, "`vocab BASE COUNT`"))?;
            vocab_base = num(n, b)?;
            vocab_left = count.parse().map_err(|_| bad(n, "bad count"))?;
            vocab = Table::with_capacity(vocab_left.min(1 << 20));
            continue;
        }
        match (l.trim(), tree_start) {
            ("tree", None) => tree_start = Some(nodes.len()),
            ("end", Some(start)) => {
                let len = nodes.len() - start;
                if len == 0 {
                    return Err(bad(n, "empty tree"));
                }
                for node in &mut nodes[start..] {
                    if node.feature >= 0 {
                        if node.left as usize >= len || node.right as usize >= len {
                            return Err(bad(n, "a child outside its tree"));
                        }
                        node.left += start as u32;
                        node.right += start as u32;
                    }
                }
                trees.push(start);
                tree_start = None;
            }
            (row, Some(start)) => {
                let f: Vec<&str> = row.split_whitespace().collect();
                if f.len() != 5 {
                    return Err(bad(n, "a node has five fields"));
                }
                let feature: i32 = f[0].parse().map_err(|_| bad(n, "bad feature"))?;
                if feature < -1 || feature >= features as i32 || feature > i32::from(u8::MAX) {
                    return Err(bad(n, "feature out of range"));
                }
                let idx = |s: &str| s.parse::<u32>().map_err(|_| bad(n, "bad child"));
                let node =
                    Node { feature, split: num(n, f[1])?, left: idx(f[2])?, right: idx(f[3])?, value: num(n, f[4])? };
                // children come after their parent: evaluation cannot loop
                if feature >= 0
                    && (node.left as usize <= nodes.len() - start || node.right as usize <= nodes.len() - start)
                {
                    return Err(bad(n, "a child before its parent"));
                }
                nodes.push(node);
            }
            (_, None) => return Err(bad(n, "expected `tree`")),
        }
    }
    if tree_start.is_some() {
        return Err("last tree has no `end`".into());
    }
    if vocab_left > 0 {
        return Err("the vocabulary ends early".into());
    }
    let (inner, leaves, roots) = lay_out(&nodes, &trees)?;
    Ok(Parsed { features, base, threshold, inner, leaves, roots, vocab_base, vocab })
}

/// Splits the trees' nodes (`trees`: where each starts in `nodes`; children
/// given as indices in `nodes`) into inner nodes and leaves, and returns them
/// with the roots.
#[allow(clippy::type_complexity)]
fn lay_out(nodes: &[Node], trees: &[usize]) -> Result<(Vec<Inner>, Vec<f32>, Vec<i32>), String> {
    let too_big = |_| "too many nodes".to_string();
    let (mut inner, mut leaves) = (Vec::new(), Vec::new());
    // where each node went, as a child names it
    let mut at = Vec::with_capacity(nodes.len());
    for n in nodes {
        at.push(if n.feature < 0 {
            leaves.push(n.value);
            !i32::try_from(leaves.len() - 1).map_err(too_big)?
        } else {
            inner.push(Inner { split: n.split, feature: n.feature as u8, children: [0, 0] });
            i32::try_from(inner.len() - 1).map_err(too_big)?
        });
    }
    for (n, &i) in nodes.iter().zip(&at) {
        if let Ok(i) = usize::try_from(i) {
            inner[i].children = [at[n.left as usize], at[n.right as usize]];
        }
    }
    Ok((inner, leaves, trees.iter().map(|&start| at[start]).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_grows_and_keeps_the_last_weight() {
        let mut t = Table::default();
        let key = |i: u64| (i * 7919 % 0x11_0000) << 21 | (i % 97);
        for i in 0..5000u64 {
            t.insert(key(i), i as f32);
        }
        t.insert(key(17), -1.0);
        assert_eq!(t.weights.len(), 5000);
        assert!(t.slots.len().is_power_of_two() && 4 * t.weights.len() <= 3 * t.slots.len());
        for i in 0..5000u64 {
            let want = if i == 17 { -1.0 } else { i as f32 };
            assert_eq!(lookup(&t.slots, &t.weights, key(i)), Some(want), "key {i}");
        }
        assert_eq!(lookup(&t.slots, &t.weights, key(5000)), None);
        assert_eq!(lookup(&[], &[], 1), None);
    }
}
