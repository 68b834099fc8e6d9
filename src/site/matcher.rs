//! A template with its thresholds applied ([`Matcher`]), and the lines of
//! one site ([`LineSet`]) that the engine removes.

use std::collections::HashMap;

use super::keys::{is_learnable, key_hash, line_key, short_enough, KeySet};
use crate::verdict::Kind;

/// The rule name of a line removed because it matched a learned template.
pub const LEARNED: &str = "learned";

/// A template with its thresholds applied, ready for cleaning.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    max_len: usize,
    sites: HashMap<String, KeySet>,
    global: KeySet,
}

impl Matcher {
    pub(crate) fn new(max_len: usize, sites: HashMap<String, KeySet>, global: KeySet) -> Self {
        Matcher { max_len, sites, global }
    }

    /// The lines to remove from a page of `site`: the site's own and the global
    /// ones; for no site, or a site the template does not know, the global ones.
    pub fn lines_for(&self, site: Option<&str>) -> LineSet<'_> {
        let keys = site.and_then(|s| self.sites.get(s)).unwrap_or(&self.global);
        LineSet { max_len: self.max_len, keys }
    }

    /// How many keys a site's pages lose (the global section for `None`).
    pub fn len(&self, site: Option<&str>) -> usize {
        self.lines_for(site).keys.len()
    }

    /// Whether the template removes nothing at all.
    pub fn is_empty(&self) -> bool {
        self.global.is_empty() && self.sites.values().all(|s| s.is_empty())
    }
}

/// The learned lines of one site.
#[derive(Debug, Clone, Copy)]
pub struct LineSet<'a> {
    max_len: usize,
    keys: &'a KeySet,
}

impl LineSet<'_> {
    /// Whether a line (trimmed, and its folded form) is one of the set's;
    /// `key` is a scratch buffer.
    pub fn matches(&self, trimmed: &str, folded: &str, key: &mut String) -> bool {
        if self.keys.is_empty() || !short_enough(trimmed, self.max_len) {
            return false;
        }
        line_key(folded, key);
        is_learnable(key) && self.keys.contains(&key_hash(key))
    }
}

/// The chrome kind of a learned line by where it stands: before the page's
/// first prose it is `nav`; with prose after it, `template`; else `footer`.
pub fn kind_by_position(prose_before: bool, prose_after: bool) -> Kind {
    match (prose_before, prose_after) {
        (false, _) => Kind::Nav,
        (true, true) => Kind::Template,
        (true, false) => Kind::Footer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_give_kinds() {
        assert_eq!(kind_by_position(false, true), Kind::Nav);
        assert_eq!(kind_by_position(true, true), Kind::Template);
        assert_eq!(kind_by_position(true, false), Kind::Footer);
    }
}
