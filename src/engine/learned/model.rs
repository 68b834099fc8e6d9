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

use std::borrow::Cow;

use super::format::{self, Inner, Parsed};
use crate::error::Error;

/// A trained model: [`format::Parsed`] as evaluated, borrowing the arrays of
/// the compiled-in model ([`builtin`]) or owning those of a model read at run time.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// The trees compiled to code (the compiled-in model's, written by the
    /// build script): the same sums as walking `inner`, in about a third of the
    /// instructions. `None` from it, or here: walk the trees.
    score: Option<Score>,
    inner: Cow<'static, [Inner]>,
    leaves: Cow<'static, [f32]>,
    roots: Cow<'static, [i32]>,
    base: f32,
    /// Removal probability from which a line is removed.
    pub threshold: f32,
    /// The vocabulary model: intercept, and weights of character pairs (a
    /// [`format::Table`]: its slots and its weights; none: no vocabulary).
    vocab_base: f32,
    vocab_slots: Cow<'static, [u64]>,
    vocab_weights: Cow<'static, [f32]>,
}

/// A model's trees compiled to code: the score of a row (`None`: a row of another length).
type Score = fn(&[f32]) -> Option<f32>;

// The compiled-in model, which the build script read from `model.txt` (`codegen.rs`).
include!(concat!(env!("OUT_DIR"), "/learned_model.rs"));

/// The model trained on the labeled pages, compiled into the binary.
pub(crate) fn builtin() -> &'static Model {
    &BUILTIN
}

const _: () = assert!(BUILTIN_FEATURES == super::COUNT, "model.txt was trained on another feature row");

impl From<Parsed> for Model {
    fn from(p: Parsed) -> Model {
        Model {
            score: None,
            inner: p.inner.into(),
            leaves: p.leaves.into(),
            roots: p.roots.into(),
            base: p.base,
            threshold: p.threshold,
            vocab_base: p.vocab_base,
            vocab_slots: p.vocab.slots.into(),
            vocab_weights: p.vocab.weights.into(),
        }
    }
}

/// Bits of a weight's index in a vocabulary slot (above the key).
const INDEX_BITS: u32 = 64 - format::KEY_BITS;

/// Features a model can read: a row is evaluated from a copy this long, so a
/// node's feature (a `u8`) needs no bounds check.
const ROW: usize = 256;

impl Model {
    /// Reads a model; `features` is the row length it must have been trained on.
    pub fn parse(text: &str, features: usize) -> Result<Model, Error> {
        Ok(format::parse(text, Some(features)).map_err(Error::Model)?.into())
    }

    /// The vocabulary model's score of a line (its logit; 0 without a vocabulary).
    /// `keys` is scratch space.
    pub fn vocab_score(&self, line: &str, keys: &mut Vec<u64>) -> f32 {
        if self.vocab_weights.is_empty() {
            return 0.0;
        }
        // the weights are summed in the order of the distinct pairs' keys
        // (`features::vocab_keys`): only the pairs with a weight are sorted,
        // each as its slot turned to put the key above the weight's index
        super::features::vocab_pairs(line, keys);
        keys.retain_mut(|k| match format::find(&self.vocab_slots, *k) {
            Some(s) => {
                *k = s.rotate_left(INDEX_BITS);
                true
            }
            None => false,
        });
        keys.sort_unstable();
        keys.dedup();
        let weight = |k: &u64| self.vocab_weights.get((k & ((1 << INDEX_BITS) - 1)) as usize).copied();
        let s = self.vocab_base + keys.iter().filter_map(weight).sum::<f32>();
        s.clamp(-20.0, 20.0)
    }

    /// A character pair's weight, if the vocabulary has it.
    #[cfg(test)]
    fn weight(&self, key: u64) -> Option<f32> {
        format::lookup(&self.vocab_slots, &self.vocab_weights, key)
    }

    /// The removal probability of a feature row.
    pub fn probability(&self, row: &[f32]) -> f32 {
        let score = self.score.and_then(|f| f(row)).unwrap_or_else(|| self.walk(row));
        1.0 / (1.0 + (-score).exp())
    }

    /// The score of a row: `base` plus the leaf each tree reaches, in order.
    fn walk(&self, row: &[f32]) -> f32 {
        let mut x = [0f32; ROW];
        let n = row.len().min(ROW);
        x[..n].copy_from_slice(&row[..n]);
        let mut score = self.base;
        for &root in self.roots.iter() {
            let mut i = root;
            while let Ok(at) = usize::try_from(i) {
                let n = &self.inner[at];
                // a NaN goes right
                let left = x[usize::from(n.feature)] <= n.split;
                i = n.children[usize::from(!left)];
            }
            score += self.leaves[!i as usize];
        }
        score
    }
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
    fn the_builtin_model_is_model_txt() {
        let parsed = Model::parse(include_str!("model.txt"), super::super::COUNT).unwrap();
        let mut built = builtin().clone();
        assert!(built.score.is_some(), "the trees are compiled");
        built.score = None;
        // bit for bit (`==` on floats would take -0.0 for 0.0)
        assert_eq!(format!("{built:?}"), format!("{parsed:?}"));
    }

    #[test]
    fn the_builtin_vocabulary_has_every_weight_of_model_txt() {
        let text = include_str!("model.txt");
        let mut rows = text.lines().skip_while(|l| !l.starts_with("vocab ")).skip(1);
        let mut weights = std::collections::HashMap::new();
        for l in rows.by_ref().take_while(|l| !l.starts_with("tree")) {
            let (k, w) = l.split_once(' ').unwrap();
            weights.insert(k.parse::<u64>().unwrap(), w.parse::<f32>().unwrap());
        }
        assert!(weights.len() > 1000);
        for (&k, w) in &weights {
            assert_eq!(builtin().weight(k).map(f32::to_bits), Some(w.to_bits()), "key {k}");
            if !weights.contains_key(&(k + 1)) {
                assert_eq!(builtin().weight(k + 1), None, "key {}", k + 1);
            }
        }
    }

    #[test]
    fn the_vocabulary_score_sums_the_sorted_distinct_pairs() {
        let m = builtin();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/pages");
        let (mut keys, mut scratch, mut lines) = (Vec::new(), Vec::new(), 0);
        for entry in std::fs::read_dir(dir).unwrap().take(80) {
            for line in std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default().lines() {
                super::super::features::vocab_keys(line, &mut keys);
                let want = (m.vocab_base + keys.iter().filter_map(|k| m.weight(*k)).sum::<f32>()).clamp(-20.0, 20.0);
                assert_eq!(m.vocab_score(line, &mut scratch).to_bits(), want.to_bits(), "{line:?}");
                lines += 1;
            }
        }
        assert!(lines > 1000);
    }

    #[test]
    fn the_compiled_trees_score_as_the_walk() {
        let m = builtin();
        let compiled = m.score.unwrap();
        // values at, just below and just above every split, so both sides of each test are taken
        let mut values = vec![Vec::new(); super::super::COUNT];
        for n in m.inner.iter() {
            let s = n.split;
            values[usize::from(n.feature)].extend([
                s,
                f32::from_bits(s.to_bits() - 1),
                f32::from_bits(s.to_bits() + 1),
            ]);
        }
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        for _ in 0..5000 {
            let row: Vec<f32> =
                values.iter().map(|v| if v.is_empty() { (next() % 100) as f32 } else { v[next() % v.len()] }).collect();
            assert_eq!(compiled(&row).map(f32::to_bits), Some(m.walk(&row).to_bits()), "{row:?}");
        }
        assert_eq!(compiled(&[0.0; 3]), None, "a row of another length is walked");
    }

    #[test]
    fn refuses_broken_models() {
        assert!(Model::parse(TWO_TREES, 3).is_err(), "feature count differs");
        assert!(Model::parse(&TWO_TREES.replace("0 10 1 2 0", "0 10 0 2 0"), 2).is_err(), "a loop");
        assert!(Model::parse(&TWO_TREES.replace("0 10 1 2 0", "0 10 1 7 0"), 2).is_err(), "child outside");
        assert!(Model::parse(&TWO_TREES.replace("-1 0 0 0 -2", "-1 0 0 0 NaN"), 2).is_err(), "NaN leaf");
        assert!(Model::parse(&TWO_TREES.replace("-1 0 0 0 -2", "5 0 0 0 1"), 2).is_err(), "feature out of range");
        assert!(Model::parse(TWO_TREES.trim_end().trim_end_matches("end"), 2).is_err(), "unterminated");
        let key = TWO_TREES.replace("threshold 0.5\n", &format!("threshold 0.5\nvocab 0 1\n{} 1\n", 1u64 << 42));
        assert!(Model::parse(&key, 2).is_err(), "a key no character pair makes");
    }
}
