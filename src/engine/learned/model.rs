//! A small ensemble of regression trees (gradient boosting), read from the
//! text format `train/train.py` writes, and evaluated on a feature row.
//!
//! The format, one item per line:
//!
//! ```text
//! zhclean-trees 1
//! features 81
//! base -1.25
//! threshold 0.8
//! vocab -0.5 2        (optional: the vocabulary model's intercept, then its weights)
//! 40962052 1.25       (a character pair's key, as `features::vocab_keys` makes it, and its weight)
//! 20990001 -0.75
//! tree
//! 3 0.5 1 2 0        (an inner node: feature, split, left, right; go left when value <= split)
//! -1 0 0 0 0.731     (a leaf: -1, then its value)
//! end
//! ```
//!
//! The score is `base` plus the leaf each tree reaches; the line's removal
//! probability is its logistic. A line is removed when that probability is at
//! least `threshold`.

use std::collections::HashMap;

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    /// The feature tested, or -1 for a leaf.
    feature: i32,
    split: f32,
    left: u32,
    right: u32,
    value: f32,
}

/// A node as evaluated: trees laid out depth first, so a node's left child
/// is the next node and only the right one needs an index.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Flat {
    /// The split, or a leaf's value.
    split: f32,
    right: u32,
    /// The feature tested, or [`LEAF`].
    feature: u16,
}

const LEAF: u16 = u16::MAX;

/// A trained model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Model {
    flat: Vec<Flat>,
    roots: Vec<u32>,
    base: f32,
    /// Removal probability from which a line is removed.
    pub threshold: f32,
    /// The vocabulary model: intercept and weights of character pairs (empty: none).
    vocab_base: f32,
    vocab: HashMap<u64, f32>,
}

impl Model {
    /// Reads a model; `features` is the row length it must have been trained on.
    pub fn parse(text: &str, features: usize) -> Result<Model, Error> {
        let bad = |n: usize, why: &str| Error::Model(format!("line {}: {why}", n + 1));
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let mut header = |key: &str| -> Result<(usize, String), Error> {
            let (n, l) = lines.next().ok_or_else(|| Error::Model(format!("missing `{key}`")))?;
            let rest = l.strip_prefix(key).ok_or_else(|| bad(n, &format!("expected `{key}`")))?;
            Ok((n, rest.trim().to_string()))
        };
        let (n, v) = header("zhclean-trees")?;
        if v != "1" {
            return Err(bad(n, "unknown format version"));
        }
        let (n, v) = header("features")?;
        if v.parse::<usize>().ok() != Some(features) {
            return Err(bad(n, &format!("trained on {v} features, this build has {features}")));
        }
        let num =
            |n: usize, v: &str| v.parse::<f32>().ok().filter(|x| x.is_finite()).ok_or_else(|| bad(n, "not a number"));
        let (n, v) = header("base")?;
        let base = num(n, &v)?;
        let (n, v) = header("threshold")?;
        let threshold = num(n, &v)?;
        let mut nodes: Vec<Node> = Vec::new();
        let mut tree_roots: Vec<u32> = Vec::new();
        let mut model =
            Model { flat: Vec::new(), roots: Vec::new(), base, threshold, vocab_base: 0.0, vocab: HashMap::new() };
        let mut tree_start: Option<usize> = None;
        let mut vocab_left = 0usize;
        for (n, l) in lines {
            if vocab_left > 0 {
                let (key, w) = l.trim().split_once(' ').ok_or_else(|| bad(n, "a vocabulary row is `KEY WEIGHT`"))?;
                let key = key.parse::<u64>().map_err(|_| bad(n, "bad key"))?;
                model.vocab.insert(key, num(n, w)?);
                vocab_left -= 1;
                continue;
            }
            if let Some(rest) = l.trim().strip_prefix("vocab ") {
                let (b, count) = rest.split_once(' ').ok_or_else(|| bad(n, "`vocab BASE COUNT`"))?;
                model.vocab_base = num(n, b)?;
                vocab_left = count.parse().map_err(|_| bad(n, "bad count"))?;
                model.vocab.reserve(vocab_left.min(1 << 20));
                continue;
            }
            match (l.trim(), tree_start) {
                ("tree", None) => {
                    tree_start = Some(nodes.len());
                    tree_roots.push(nodes.len() as u32);
                }
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
                    tree_start = None;
                }
                (row, Some(start)) => {
                    let f: Vec<&str> = row.split_whitespace().collect();
                    if f.len() != 5 {
                        return Err(bad(n, "a node has five fields"));
                    }
                    let feature: i32 = f[0].parse().map_err(|_| bad(n, "bad feature"))?;
                    if feature < -1 || feature >= features as i32 {
                        return Err(bad(n, "feature out of range"));
                    }
                    let idx = |s: &str| s.parse::<u32>().map_err(|_| bad(n, "bad child"));
                    let node = Node {
                        feature,
                        split: num(n, f[1])?,
                        left: idx(f[2])?,
                        right: idx(f[3])?,
                        value: num(n, f[4])?,
                    };
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
            return Err(Error::Model("last tree has no `end`".into()));
        }
        if vocab_left > 0 {
            return Err(Error::Model("the vocabulary ends early".into()));
        }
        for root in tree_roots {
            model.roots.push(model.flat.len() as u32);
            flatten(&nodes, root as usize, &mut model.flat, 0)?;
        }
        Ok(model)
    }

    /// The vocabulary model's score of a line (its logit; 0 without a vocabulary).
    /// `keys` is scratch space.
    pub fn vocab_score(&self, line: &str, keys: &mut Vec<u64>) -> f32 {
        if self.vocab.is_empty() {
            return 0.0;
        }
        super::features::vocab_keys(line, keys);
        let s = self.vocab_base + keys.iter().filter_map(|k| self.vocab.get(k)).sum::<f32>();
        s.clamp(-20.0, 20.0)
    }

    /// The removal probability of a feature row.
    pub fn probability(&self, row: &[f32]) -> f32 {
        let mut score = self.base;
        for &root in &self.roots {
            let mut i = root as usize;
            loop {
                let n = self.flat[i];
                if n.feature == LEAF {
                    score += n.split;
                    break;
                }
                i = if row[n.feature as usize] <= n.split { i + 1 } else { n.right as usize };
            }
        }
        1.0 / (1.0 + (-score).exp())
    }
}

/// Trees deeper than this are refused (the trainer's are a handful of levels deep).
const MAX_DEPTH: usize = 64;

/// Appends the tree under `nodes[i]` depth first (children always come after
/// their parent, which `Model::parse` checked, so this ends).
fn flatten(nodes: &[Node], i: usize, out: &mut Vec<Flat>, depth: usize) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Err(Error::Model(format!("a tree deeper than {MAX_DEPTH} levels")));
    }
    let n = nodes[i];
    if n.feature < 0 {
        out.push(Flat { split: n.value, right: 0, feature: LEAF });
        return Ok(());
    }
    let at = out.len();
    out.push(Flat { split: n.split, right: 0, feature: n.feature as u16 });
    flatten(nodes, n.left as usize, out, depth + 1)?;
    out[at].right = out.len() as u32;
    flatten(nodes, n.right as usize, out, depth + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_TREES: &str = "zhclean-trees 1\nfeatures 2\nbase 0\nthreshold 0.5\n\
        tree\n0 10 1 2 0\n-1 0 0 0 -2\n-1 0 0 0 2\nend\n\
        tree\n1 0.5 1 2 0\n-1 0 0 0 0\n-1 0 0 0 1\nend\n";

    #[test]
    fn sums_the_leaves_it_reaches() {
        let m = Model::parse(TWO_TREES, 2).unwrap();
        let p = |a, b| m.probability(&[a, b]);
        assert!((p(5.0, 0.0) - 1.0 / (1.0 + 2f32.exp())).abs() < 1e-6); // -2 + 0
        assert!((p(50.0, 1.0) - 1.0 / (1.0 + (-3f32).exp())).abs() < 1e-6); // 2 + 1
        assert_eq!(m.threshold, 0.5);
    }

    #[test]
    fn reads_a_vocabulary() {
        let key = super::super::features::pair('^', '首');
        let t = TWO_TREES.replace("threshold 0.5\n", &format!("threshold 0.5\nvocab -1 2\n{key} 2.5\n31 7\n"));
        let m = Model::parse(&t, 2).unwrap();
        let mut keys = Vec::new();
        // the intercept plus the weights of the pairs it knows (`^首`; not `首$`)
        assert_eq!(m.vocab_score("首", &mut keys), 1.5);
        assert_eq!(m.vocab_score("页", &mut keys), -1.0);
        assert_eq!(Model::parse(TWO_TREES, 2).unwrap().vocab_score("首页", &mut keys), 0.0, "no vocabulary");
        let bad = TWO_TREES.replace("threshold 0.5\n", "threshold 0.5\nvocab -1 3\n1 2\n");
        assert!(Model::parse(&bad, 2).is_err(), "fewer rows than announced");
    }

    #[test]
    fn refuses_broken_models() {
        assert!(Model::parse(TWO_TREES, 3).is_err(), "feature count differs");
        assert!(Model::parse(&TWO_TREES.replace("0 10 1 2 0", "0 10 0 2 0"), 2).is_err(), "a loop");
        assert!(Model::parse(&TWO_TREES.replace("0 10 1 2 0", "0 10 1 7 0"), 2).is_err(), "child outside");
        assert!(Model::parse(&TWO_TREES.replace("-1 0 0 0 -2", "-1 0 0 0 NaN"), 2).is_err(), "NaN leaf");
        assert!(Model::parse(&TWO_TREES.replace("-1 0 0 0 -2", "5 0 0 0 1"), 2).is_err(), "feature out of range");
        assert!(Model::parse(TWO_TREES.trim_end().trim_end_matches("end"), 2).is_err(), "unterminated");
    }
}
