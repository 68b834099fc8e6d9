//! Learning a site's own furniture: the short lines that repeat across many
//! of its pages (its name in the footer, its nav words, its slogan).
//!
//! A line is reduced to a *key* ([`line_key`]): folded like every matched
//! line (script, width, case; see [`crate::text::fold`]), then digit runs become one
//! `0` and everything but letters and digits is dropped, so
//! `京ICP备14010675号-1` and `京ICP備14010675號-2` share the key `京icp备0号0`.
//! A [`Learner`] counts, per site, in how many documents each key occurs. It
//! keeps the key's text while a shared byte budget lasts and only its 64-bit
//! hash after that, so memory is bounded by the number of distinct short
//! lines. Learners fed in parallel are merged by adding their counts, and the
//! result is a [`SiteTemplate`] whose thresholds are applied when it is used.
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::file::{add_sites, LineCount, Params, SiteCounts, SiteTemplate};
use super::keys::{is_learnable, key_hash, line_key, short_enough, KeySet};
use crate::text::fold::fold_into;
use crate::text::repair::repair;

/// Bytes of key text that all learners sharing it may still keep.
#[derive(Debug)]
pub struct TextBudget(AtomicUsize);

impl TextBudget {
    /// A budget of `bytes`.
    pub fn new(bytes: usize) -> Arc<Self> {
        Arc::new(TextBudget(AtomicUsize::new(bytes)))
    }

    fn take(&self, n: usize) -> bool {
        self.0.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(n)).is_ok()
    }

    fn give(&self, n: usize) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
}

/// Default bytes of key text kept before counting goes on with hashes alone.
pub const DEFAULT_TEXT_BUDGET: usize = 64 * 1024 * 1024;

/// Counts short lines per site, one document at a time.
#[derive(Debug)]
pub struct Learner {
    params: Params,
    sites: BTreeMap<String, SiteCounts>,
    budget: Arc<TextBudget>,
    scratch: Scratch,
}

/// Per-document buffers, reused.
#[derive(Debug, Default)]
struct Scratch {
    folded: String,
    key: String,
    seen: KeySet,
    /// Keys of the current document: hash and byte range in `texts`.
    items: Vec<(u64, usize, usize)>,
    texts: String,
}

impl Learner {
    /// A learner whose key texts draw on `budget` (share one budget among learners run in parallel).
    pub fn new(params: Params, budget: Arc<TextBudget>) -> Self {
        Learner { params, sites: BTreeMap::new(), budget, scratch: Scratch::default() }
    }

    /// Starts a document; its lines are counted when [`Doc::finish`] names its site.
    pub fn doc(&mut self) -> Doc<'_> {
        let s = &mut self.scratch;
        s.seen.clear();
        s.items.clear();
        s.texts.clear();
        Doc { learner: self }
    }

    /// Adds another learner's counts to this one's.
    pub fn merge(&mut self, other: Learner) {
        // key texts now held twice go back to the budget
        self.budget.give(add_sites(&mut self.sites, other.sites));
    }

    /// The counts, as a template with this learner's parameters.
    pub fn into_template(self) -> SiteTemplate {
        SiteTemplate { params: self.params, sites: self.sites }
    }
}

/// One document being read into a [`Learner`].
pub struct Doc<'a> {
    learner: &'a mut Learner,
}

impl Doc<'_> {
    /// Reads one line of the document.
    pub fn line(&mut self, line: &str) {
        let max_len = self.learner.params.max_len;
        let s = &mut self.learner.scratch;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.len() > 8 * max_len {
            return;
        }
        let fixed = repair(trimmed).0;
        let trimmed = fixed.trim();
        if !short_enough(trimmed, max_len) {
            return;
        }
        s.folded.clear();
        fold_into(trimmed, &mut s.folded);
        line_key(&s.folded, &mut s.key);
        if !is_learnable(&s.key) {
            return;
        }
        let h = key_hash(&s.key);
        if s.seen.insert(h) {
            let start = s.texts.len();
            s.texts.push_str(&s.key);
            s.items.push((h, start, s.texts.len()));
        }
    }

    /// Counts the document's lines for `site`.
    pub fn finish(self, site: &str) {
        let Learner { sites, budget, scratch, .. } = self.learner;
        let counts = match sites.get_mut(site) {
            Some(c) => c,
            None => sites.entry(site.to_string()).or_default(),
        };
        counts.docs += 1;
        for &(h, a, b) in &scratch.items {
            let lc = counts.lines.entry(h).or_insert(LineCount { docs: 0, key: None });
            lc.docs += 1;
            if lc.key.is_none() && budget.take(b - a) {
                lc.key = Some(scratch.texts[a..b].into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_example_1() {
        use crate::site::file::Params;
        use crate::site::learner::{Learner, TextBudget};
        let params = Params { min_docs: 2, ..Params::default() };
        let mut l = Learner::new(params, TextBudget::new(1 << 20));
        for page in ["阿尔法园艺网 版权所有\n今天天气很好。", "阿尔法园艺网  版权所有\n明天下雨。"]
        {
            let mut doc = l.doc();
            page.lines().for_each(|line| doc.line(line));
            doc.finish("alpha");
        }
        let t = l.into_template();
        assert_eq!(t.sites["alpha"].docs, 2);
        assert_eq!(t.learned("alpha"), vec!["阿尔法园艺网版权所有".to_string()]);
    }

    fn key(s: &str) -> String {
        let mut k = String::new();
        line_key(&crate::text::fold::fold(s), &mut k);
        k
    }

    #[test]
    fn keys_fold_digits_space_punctuation_width_and_script() {
        assert_eq!(key("京ICP备14010675号-1"), key("京ICP備14010675號-2"));
        assert_eq!(key("中国农村杂志社唯一官网 版权所有 仿冒必究"), key("中國農村雜誌社唯一官網　版權所有，仿冒必究"));
        assert_eq!(key("Ｃｏｐｙｒｉｇｈｔ © 2012"), "copyright0");
        assert_eq!(key("第 1 - 2 页"), "第0页");
        assert_ne!(key("首页"), key("尾页"));
    }

    #[test]
    fn learnable_keys() {
        assert!(is_learnable("首页"));
        assert!(is_learnable("0号"));
        assert!(!is_learnable("0"));
        assert!(!is_learnable("顶"));
        assert!(!is_learnable(""));
    }

    #[test]
    fn short_enough_counts_characters() {
        assert!(short_enough(&"字".repeat(60), 60));
        assert!(!short_enough(&"字".repeat(61), 60));
        assert!(short_enough(&"a".repeat(60), 60));
        assert!(!short_enough(&"a".repeat(61), 60));
    }

    #[test]
    fn a_line_counts_once_per_document_and_long_lines_never() {
        let params = Params { min_docs: 1, min_share: 0.0, max_len: 10 };
        let mut l = Learner::new(params, TextBudget::new(1 << 20));
        let mut d = l.doc();
        d.line("友情链接");
        d.line("友情 链接");
        d.line("这一行比十个字长得多的句子不会被数");
        d.finish("s");
        let t = l.into_template();
        assert_eq!(t.sites["s"].docs, 1);
        assert_eq!(t.sites["s"].lines.len(), 1);
        assert_eq!(t.sites["s"].lines.values().next().map(|c| c.docs), Some(1));
    }

    #[test]
    fn past_the_budget_only_hashes_are_kept() {
        let params = Params { min_docs: 1, min_share: 0.0, max_len: 60 };
        let mut l = Learner::new(params, TextBudget::new(8));
        let mut d = l.doc();
        d.line("甲乙"); // 6 bytes: kept
        d.line("丙丁"); // 6 more: over the budget
        d.finish("s");
        let t = l.into_template();
        let mut texts: Vec<_> = t.sites["s"].lines.values().map(|c| c.key.is_some()).collect();
        texts.sort();
        assert_eq!(texts, vec![false, true]);
    }

    #[test]
    fn merging_learners_adds_counts_and_returns_text_to_the_budget() {
        let params = Params { min_docs: 1, min_share: 0.0, max_len: 60 };
        let budget = TextBudget::new(12);
        let mut a = Learner::new(params, budget.clone());
        let mut b = Learner::new(params, budget.clone());
        for l in [&mut a, &mut b] {
            let mut d = l.doc();
            d.line("甲乙");
            d.finish("s");
        }
        a.merge(b);
        assert_eq!(budget.0.load(Ordering::Relaxed), 6);
        let t = a.into_template();
        assert_eq!(t.sites["s"].docs, 2);
        assert_eq!(t.sites["s"].lines[&key_hash("甲乙")].docs, 2);
    }
}
