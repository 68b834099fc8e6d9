//! Site templates: what `zhclean learn` writes and `zhclean --template` reads.
//!
//! A [`SiteTemplate`] holds counts, not decisions: for each site, how many of its
//! documents were read and in how many of them each short line (by its key,
//! see [`crate::site::learner`]) occurs. The thresholds ([`Params`]) are applied only
//! when the template is compiled into a [`Matcher`] for cleaning, so adding
//! two templates' counts ([`SiteTemplate::merge`]) and then applying the
//! thresholds gives the same lines as learning from both corpora at once.
//!
//! The file is plain UTF-8 text:
//!
//! ```text
//! zhclean-template 1
//! params min-docs=5 min-share=0.3 max-len=60
//! @ 120 alpha
//! 118→阿尔法园艺网用心做好每一株花
//! 97→京icp备0号0
//! # below the thresholds
//! 2→一基本情况
//! 1→#9f0c6d1e22a4b377
//! ```
//!
//! (`→` is a tab.) `@ DOCS NAME` starts a site; each line after it is `DOCS<TAB>KEY`, or
//! `DOCS<TAB>#HASH` (16 hex digits) for a key whose text was not kept. Lines
//! starting with `#` are comments. A key typed by hand may be written as the
//! raw line: it is normalized when the file is read.

use std::collections::hash_map::Entry;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::keys::{is_learnable, key_hash, line_key, KeyMap, KeySet};
use super::matcher::Matcher;
use crate::error::Error;

const MAGIC: &str = "zhclean-template 1";
const BELOW: &str = "# below the thresholds";

/// When a counted line is a site's template line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// A line must occur in at least this many of the site's documents.
    pub min_docs: u64,
    /// ... and in at least this share of them.
    pub min_share: f64,
    /// Lines longer than this many characters are never counted nor matched.
    pub max_len: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params { min_docs: 5, min_share: 0.3, max_len: 60 }
    }
}

impl Params {
    /// Whether a line found in `count` of a site's `docs` documents is learned.
    ///
    /// ```
    /// use zhclean::site::Params;
    /// let p = Params::default(); // 5 documents and 30%
    /// assert!(p.passes(5, 10) && p.passes(3_000, 10_000));
    /// assert!(!p.passes(4, 10) && !p.passes(29, 100));
    /// ```
    pub fn passes(&self, count: u64, docs: u64) -> bool {
        // A small tolerance so that 3 of 10 passes a share of 0.3 despite rounding.
        count >= self.min_docs && count as f64 >= self.min_share * docs as f64 - 1e-9
    }
}

/// In how many documents one key occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineCount {
    /// Documents holding the line.
    pub docs: u64,
    /// The key's text, if it was kept.
    pub key: Option<Box<str>>,
}

/// One site's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteCounts {
    /// Documents of the site that were read.
    pub docs: u64,
    /// Counts by key hash.
    pub lines: KeyMap<LineCount>,
}

/// Adds counts by site to `ours`; returns the bytes of the key texts that
/// `ours` already held (dropped, so a learner can give them back to its budget).
pub(crate) fn add_sites(ours: &mut BTreeMap<String, SiteCounts>, theirs: BTreeMap<String, SiteCounts>) -> usize {
    let mut freed = 0;
    for (name, theirs) in theirs {
        let Some(ours) = ours.get_mut(&name) else {
            ours.insert(name, theirs);
            continue;
        };
        ours.docs += theirs.docs;
        ours.lines.reserve(theirs.lines.len());
        for (h, lc) in theirs.lines {
            match ours.lines.entry(h) {
                Entry::Occupied(mut e) => {
                    let e = e.get_mut();
                    e.docs += lc.docs;
                    match (&e.key, lc.key) {
                        (None, Some(k)) => e.key = Some(k),
                        (Some(_), Some(k)) => freed += k.len(),
                        _ => {}
                    }
                }
                Entry::Vacant(e) => {
                    e.insert(lc);
                }
            }
        }
    }
    freed
}

/// Learned counts for every site, with the thresholds to apply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteTemplate {
    /// Thresholds and the length limit.
    pub params: Params,
    /// Counts by site name.
    pub sites: BTreeMap<String, SiteCounts>,
}

impl SiteTemplate {
    /// Adds another template's counts to this one's. Both must have been
    /// learned with the same parameters.
    pub fn merge(&mut self, other: SiteTemplate) -> Result<(), Error> {
        if other.params != self.params {
            return Err(Error::TemplateMismatch(format!(
                "parameters differ: {} and {}",
                params_line(&self.params),
                params_line(&other.params)
            )));
        }
        add_sites(&mut self.sites, other.sites);
        Ok(())
    }

    /// The learned keys of a site (those meeting the thresholds), most frequent first;
    /// a key whose text was not kept is shown as `#HASH`.
    pub fn learned(&self, site: &str) -> Vec<String> {
        self.sites.get(site).map_or_else(Vec::new, |s| {
            let (learned, _) = self.sorted(s);
            learned.into_iter().map(|(h, c)| entry_text(h, c)).collect()
        })
    }

    /// The site's entries split into learned and the rest, each in file order.
    fn sorted<'a>(&self, s: &'a SiteCounts) -> (Entries<'a>, Entries<'a>) {
        let mut all: Vec<(u64, &LineCount)> = s.lines.iter().map(|(h, c)| (*h, c)).collect();
        all.sort_by(|a, b| {
            b.1.docs.cmp(&a.1.docs).then_with(|| match (&a.1.key, &b.1.key) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.0.cmp(&b.0),
            })
        });
        all.into_iter().partition(|(_, c)| self.params.passes(c.docs, s.docs))
    }

    /// Writes the template file.
    pub fn write_to<W: Write>(&self, mut w: W) -> io::Result<()> {
        writeln!(w, "{MAGIC}")?;
        writeln!(w, "# Short lines that repeat across a site's pages, learned by `zhclean learn`.")?;
        writeln!(w, "# `@ DOCS NAME` starts a site: DOCS of its documents were read. Each line after it is")?;
        writeln!(w, "# DOCS<TAB>KEY: in how many of them a line occurs, and the line folded (script, width,")?;
        writeln!(w, "# case), digit runs as 0, white space and punctuation dropped; `#` and 16 hex digits")?;
        writeln!(w, "# stand for a key whose text was not kept. A line is removed from a page of the site")?;
        writeln!(w, "# when DOCS >= min-docs and DOCS >= min-share x the site's DOCS; the counts below the")?;
        writeln!(w, "# thresholds are kept so that merged templates count exactly as one learned at once.")?;
        writeln!(w, "{}", params_line(&self.params))?;
        let mut buf = String::new();
        for (name, s) in &self.sites {
            writeln!(w, "@ {} {}", s.docs, name)?;
            let (learned, rest) = self.sorted(s);
            for (i, part) in [learned, rest].iter().enumerate() {
                if i == 1 && !part.is_empty() {
                    writeln!(w, "{BELOW}")?;
                }
                for (h, c) in part {
                    buf.clear();
                    let _ = write!(buf, "{}\t{}", c.docs, entry_text(*h, c));
                    writeln!(w, "{buf}")?;
                }
            }
        }
        Ok(())
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let mut v = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_to(&mut v);
        String::from_utf8_lossy(&v).into_owned()
    }

    /// Reads a template file's text.
    ///
    /// ```
    /// let t = zhclean::site::SiteTemplate::parse(
    ///     "zhclean-template 1\nparams min-docs=2 min-share=0.5 max-len=60\n@ 3 alpha\n3\t阿尔法 园艺网\n1\t#00000000000000ff\n",
    /// ).unwrap();
    /// assert_eq!(t.sites["alpha"].docs, 3);
    /// assert_eq!(t.learned("alpha"), vec!["阿尔法园艺网".to_string()]);
    /// ```
    pub fn parse(text: &str) -> Result<SiteTemplate, Error> {
        Self::parse_with(text, false)
    }

    /// Like [`SiteTemplate::parse`], for cleaning with the template, not
    /// merging it: in a template of one site, whose global lines are its
    /// own, the counts below the thresholds can match nothing and are
    /// skipped unread, so a template of millions of lines learned from a
    /// corpus with little furniture loads in the time and memory of its
    /// learned lines.
    pub fn parse_for_use(text: &str) -> Result<SiteTemplate, Error> {
        Self::parse_with(text, true)
    }

    fn parse_with(text: &str, prune: bool) -> Result<SiteTemplate, Error> {
        let bad = |line: usize, reason: &str| Error::TemplateFormat { line, reason: reason.to_string() };
        // the one site's size, when there is one site (a header repeated for it adds up)
        let mut only_site: Option<(String, u64)> = None;
        if prune {
            let mut names = std::collections::BTreeMap::<&str, u64>::new();
            for l in text.lines().filter_map(|l| l.strip_prefix("@ ")) {
                let (docs, name) = l.trim_end().split_once(' ').unwrap_or((l.trim_end(), ""));
                let e = names.entry(name).or_default();
                *e = e.saturating_add(docs.parse().unwrap_or(0));
            }
            if names.len() == 1 {
                only_site = names.into_iter().next().map(|(n, d)| (n.to_string(), d));
            }
        }
        let mut content = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}').trim_end()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
        match content.next() {
            Some((_, l)) if l == MAGIC => {}
            Some((n, _)) => return Err(bad(n, "not a zhclean template (expected `zhclean-template 1`)")),
            None => return Err(bad(0, "empty file")),
        }
        let mut t = SiteTemplate { params: Params::default(), sites: BTreeMap::new() };
        let mut site: Option<String> = None;
        let (mut folded, mut key) = (String::new(), String::new());
        for (n, l) in content {
            if let Some(p) = l.strip_prefix("params ") {
                t.params = parse_params(p).map_err(|r| bad(n, &r))?;
            } else if let Some(rest) = l.strip_prefix("@ ") {
                let (docs, name) = rest.split_once(' ').unwrap_or((rest, ""));
                let docs: u64 = docs.parse().map_err(|_| bad(n, "expected `@ DOCS NAME`"))?;
                let name = name.to_string();
                let s = t.sites.entry(name.clone()).or_default();
                s.docs = s.docs.checked_add(docs).ok_or_else(|| bad(n, "DOCS too large"))?;
                site = Some(name);
            } else {
                let Some(name) = &site else { return Err(bad(n, "a line before any `@ DOCS NAME` site header")) };
                let (docs, k) = l.split_once('\t').ok_or_else(|| bad(n, "expected DOCS<TAB>KEY"))?;
                let docs: u64 = docs.trim().parse().map_err(|_| bad(n, "DOCS is not a number"))?;
                if let Some((_, site_docs)) = &only_site {
                    if !t.params.passes(docs, *site_docs) {
                        continue;
                    }
                }
                let (h, text) = match k.strip_prefix('#') {
                    Some(hex) => (u64::from_str_radix(hex, 16).map_err(|_| bad(n, "bad #HASH"))?, None),
                    None => {
                        folded.clear();
                        crate::text::fold::fold_into(k.trim(), &mut folded);
                        line_key(&folded, &mut key);
                        if !is_learnable(&key) {
                            return Err(bad(n, "the key has fewer than two letters or digits"));
                        }
                        (key_hash(&key), Some(key.as_str().into()))
                    }
                };
                let s = t.sites.entry(name.clone()).or_default();
                if docs > s.docs {
                    return Err(bad(n, "DOCS is larger than the site's document count"));
                }
                let c = s.lines.entry(h).or_insert(LineCount { docs: 0, key: None });
                c.docs = c.docs.checked_add(docs).ok_or_else(|| bad(n, "DOCS too large"))?;
                if c.key.is_none() {
                    c.key = text;
                }
            }
        }
        Ok(t)
    }

    /// Applies the thresholds: the keys to remove for each site, and for pages of no known site.
    pub fn compile(&self) -> Matcher {
        let p = &self.params;
        let mut total_docs = 0;
        let mut totals: KeyMap<u64> = KeyMap::default();
        for s in self.sites.values() {
            total_docs += s.docs;
            for (h, c) in &s.lines {
                *totals.entry(*h).or_default() += c.docs;
            }
        }
        let global: KeySet = totals.iter().filter(|(_, &n)| p.passes(n, total_docs)).map(|(h, _)| *h).collect();
        let sites = self
            .sites
            .iter()
            .map(|(name, s)| {
                let mut keys = global.clone();
                keys.extend(s.lines.iter().filter(|(_, c)| p.passes(c.docs, s.docs)).map(|(h, _)| *h));
                (name.clone(), keys)
            })
            .collect();
        Matcher::new(p.max_len, sites, global)
    }
}

/// A site's entries as (hash, count) pairs.
type Entries<'a> = Vec<(u64, &'a LineCount)>;

fn entry_text(h: u64, c: &LineCount) -> String {
    match &c.key {
        Some(k) => k.to_string(),
        None => format!("#{h:016x}"),
    }
}

fn params_line(p: &Params) -> String {
    format!("params min-docs={} min-share={} max-len={}", p.min_docs, p.min_share, p.max_len)
}

fn parse_params(s: &str) -> Result<Params, String> {
    let mut p = Params::default();
    for part in s.split_whitespace() {
        let (k, v) = part.split_once('=').ok_or_else(|| format!("bad parameter {part:?}"))?;
        let num = || format!("bad value in {part:?}");
        match k {
            "min-docs" => p.min_docs = v.parse().map_err(|_| num())?,
            "min-share" => p.min_share = v.parse().map_err(|_| num())?,
            "max-len" => p.max_len = v.parse().map_err(|_| num())?,
            _ => return Err(format!("unknown parameter {k:?}")),
        }
    }
    // as `zhclean learn` checks its options
    if !(0.0..=1.0).contains(&p.min_share) {
        return Err(format!("min-share={} is not between 0 and 1", p.min_share));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::learner::{Learner, TextBudget};

    fn learn(params: Params, docs: &[(&str, &str)]) -> SiteTemplate {
        let mut l = Learner::new(params, TextBudget::new(1 << 20));
        for (site, text) in docs {
            let mut d = l.doc();
            text.lines().for_each(|x| d.line(x));
            d.finish(site);
        }
        l.into_template()
    }

    #[test]
    fn write_then_parse_is_identity() {
        let p = Params { min_docs: 2, min_share: 0.5, max_len: 30 };
        let t = learn(p, &[("a", "甲站 版权所有\n正文一"), ("a", "甲站 版权所有\n正文二"), ("b c", "乙站\n第2页")]);
        let text = t.to_text();
        let back = SiteTemplate::parse(&text).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.to_text(), text);
        assert!(text.contains("@ 2 a\n2\t甲站版权所有\n# below the thresholds\n"), "{text}");
    }

    #[test]
    fn hash_only_entries_survive_a_round_trip() {
        let p = Params { min_docs: 1, min_share: 0.0, max_len: 30 };
        let mut l = Learner::new(p, TextBudget::new(0));
        let mut d = l.doc();
        d.line("甲站版权所有");
        d.finish("a");
        let t = l.into_template();
        let text = t.to_text();
        assert!(text.contains(&format!("1\t#{:016x}\n", key_hash("甲站版权所有"))), "{text}");
        assert_eq!(SiteTemplate::parse(&text).unwrap(), t);
        let m = t.compile();
        let mut k = String::new();
        assert!(m.lines_for(Some("a")).matches("甲站 版权所有", "甲站 版权所有", &mut k));
    }

    #[test]
    fn parse_errors_name_the_line() {
        assert!(matches!(SiteTemplate::parse("hello\n"), Err(Error::TemplateFormat { line: 1, .. })));
        let e = SiteTemplate::parse("zhclean-template 1\n3\tx\n").unwrap_err();
        assert!(matches!(e, Error::TemplateFormat { line: 2, .. }), "{e}");
        let e = SiteTemplate::parse("zhclean-template 1\n@ 3 a\nthree\tkey\n").unwrap_err();
        assert!(matches!(e, Error::TemplateFormat { line: 3, .. }), "{e}");
        let e = SiteTemplate::parse("zhclean-template 1\nparams min-docs=x\n").unwrap_err();
        assert!(matches!(e, Error::TemplateFormat { line: 2, .. }), "{e}");
    }

    #[test]
    fn merge_requires_equal_parameters() {
        let mut a = SiteTemplate::default();
        let b = SiteTemplate { params: Params { min_docs: 2, ..Params::default() }, ..SiteTemplate::default() };
        assert!(matches!(a.merge(b), Err(Error::TemplateMismatch(_))));
    }

    #[test]
    fn global_lines_apply_to_unknown_sites_and_to_every_site() {
        let p = Params { min_docs: 2, min_share: 0.5, max_len: 30 };
        let t = learn(
            p,
            &[("a", "共用页脚\n甲站"), ("a", "共用页脚\n甲站"), ("b", "共用页脚\n乙站"), ("b", "乙站"), ("b", "乙站")],
        );
        let m = t.compile();
        let mut k = String::new();
        let yes = |site: Option<&str>, line: &str, k: &mut String| m.lines_for(site).matches(line, line, k);
        assert!(yes(None, "共用页脚", &mut k));
        assert!(yes(Some("zzz"), "共用页脚", &mut k));
        assert!(yes(Some("b"), "共用页脚", &mut k));
        assert!(yes(Some("a"), "甲站", &mut k));
        assert!(!yes(Some("b"), "甲站", &mut k));
        assert!(!yes(None, "甲站", &mut k), "2 of 5 documents is less than half");
    }
}
