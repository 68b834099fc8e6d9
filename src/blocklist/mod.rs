//! Phrase blocklists, matched over the folded view of a line with a start
//! filter and a character trie (leftmost-longest, as one Aho-Corasick automaton would).
//!
//! A list is plain UTF-8 text, one phrase a line; `#` starts a comment line
//! and blank lines are ignored. Each list belongs to a family: `spam` or one
//! of the chrome kinds. The built-in lists are the files of `blocklists/`,
//! embedded in the binary; a user list is `spam` unless it says otherwise
//! with a directive line `#! kind: nav` (any chrome kind, or `spam`).
//! After a line `#! strict` (until `#! strict: off`) the phrases are
//! *certain*: one hit removes the line, whatever its context says.
//!
//! Phrases are folded like the text (see [`crate::text::fold`]), so one entry
//! matches its traditional, full-width and upper-case variants.

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use crate::error::Error;
use crate::text::fold::{fold_char, fold_into, Folding};

mod coverage;
mod list;
mod raw;
mod start;
mod trie;

use crate::verdict::Kind;
pub use coverage::Coverage;
use raw::Spellings;
pub use raw::{pair_hash, Probe, RawStarts};

/// The other spellings of folded characters, for [`Blocklist::raw_starts`].
static SPELLINGS: Spellings =
    Spellings::from_static(&DEFAULT_SPELLINGS_ALL, &DEFAULT_SPELLINGS_TARGETS, &DEFAULT_SPELLINGS_CHANGED);
use start::StartFilter;
use trie::CharTrie;

/// What a blocklist phrase is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Injected spam.
    Spam,
    /// Site chrome of one kind.
    Chrome(Kind),
}

impl Family {
    /// `spam` or the chrome kind's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Spam => "spam",
            Family::Chrome(k) => k.as_str(),
        }
    }

    fn index(self) -> usize {
        match self {
            Family::Spam => 0,
            Family::Chrome(k) => 1 + k as usize,
        }
    }

    /// Number of distinct families.
    pub const COUNT: usize = 1 + Kind::ALL.len();

    /// Every family: spam, then the chrome kinds in [`Kind::ALL`] order.
    pub const ALL: [Family; Family::COUNT] = [
        Family::Spam,
        Family::Chrome(Kind::ALL[0]),
        Family::Chrome(Kind::ALL[1]),
        Family::Chrome(Kind::ALL[2]),
        Family::Chrome(Kind::ALL[3]),
        Family::Chrome(Kind::ALL[4]),
        Family::Chrome(Kind::ALL[5]),
        Family::Chrome(Kind::ALL[6]),
    ];
}

// The built-in lists (the files of `blocklists/`), read, folded and compiled by
// `build.rs`: `DEFAULT_ENTRIES`, the trie's table and the start filter's bit sets,
// used straight from the binary.
include!(concat!(env!("OUT_DIR"), "/blocklists.rs"));

/// Bytes aligned to a cache line (the tables `build.rs` made are read in slots).
#[repr(C, align(64))]
struct Aligned<T: ?Sized>(T);

/// One phrase of a list.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The phrase as written in its list.
    pub phrase: Cow<'static, str>,
    /// What it is evidence of.
    pub family: Family,
    /// Whether one hit removes a line whatever its context (a `#! strict` phrase).
    pub strict: bool,
}

/// One match of an entry in a folded line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entry in [`Blocklist::entries`].
    pub entry: u32,
    /// The entry's family.
    pub family: Family,
    /// Byte range in the folded text.
    pub start: usize,
    /// End of the byte range in the folded text.
    pub end: usize,
}

/// Phrases collected from lists, before the matcher is built.
#[derive(Debug, Clone)]
pub struct BlocklistBuilder {
    /// The phrases, folded duplicates once, as [`Blocklist::entries`] holds them.
    entries: Cow<'static, [Entry]>,
    /// The folded phrases, each with its index in `entries`.
    trie: CharTrie,
    /// With the built-in lists: their compiled start filter, copied when the
    /// first phrase is added, with the phrases added since.
    starts: Option<StartFilter>,
    /// A phrase being folded.
    scratch: String,
    /// Whether some entry is strict.
    has_strict: bool,
    /// Whether the entries start with the built-in lists' (in their order).
    defaults: bool,
    warnings: Vec<String>,
}

impl Default for BlocklistBuilder {
    fn default() -> Self {
        BlocklistBuilder {
            entries: Cow::Borrowed(&[]),
            trie: CharTrie::default(),
            starts: None,
            scratch: String::new(),
            has_strict: false,
            defaults: false,
            warnings: Vec::new(),
        }
    }
}

impl BlocklistBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder holding the built-in lists (compiled in: nothing is read or folded here).
    pub fn with_defaults() -> Self {
        BlocklistBuilder {
            entries: Cow::Borrowed(&DEFAULT_ENTRIES),
            trie: CharTrie::from_static(&DEFAULT_TRIE.0, DEFAULT_TRIE_NODES, DEFAULT_TRIE_EDGES),
            starts: Some(StartFilter::from_static(
                [&DEFAULT_PAIRS.0, &DEFAULT_SINGLES.0, &DEFAULT_THIRDS.0],
                DEFAULT_SINGLE_LOW,
            )),
            scratch: String::new(),
            // (known here: looking would read every entry)
            has_strict: DEFAULT_HAS_STRICT,
            defaults: true,
            warnings: Vec::new(),
        }
    }

    /// Adds the phrases of a list's text. A `#! kind: K` directive line switches
    /// the family of the phrases after it; `#! strict` makes them certain
    /// (one hit removes a line) and `#! strict: off` ends that. Duplicates
    /// (after folding) are kept once.
    pub fn add_text(&mut self, text: &str, mut family: Family) -> &mut Self {
        let mut strict = false;
        for (n, line) in list::lines(text) {
            match line {
                list::Line::Strict(on) => strict = on,
                list::Line::Kind(k, dir) => {
                    if k.eq_ignore_ascii_case("spam") {
                        family = Family::Spam;
                    } else if let Ok(kind) = k.parse::<Kind>() {
                        family = Family::Chrome(kind);
                    } else {
                        self.warnings.push(format!(
                            "line {}: unknown kind {k:?} in `#! {dir}` (expected spam or a chrome kind); the phrases after it stay in the family before it",
                            n + 1
                        ));
                    }
                }
                list::Line::Phrase(phrase) => {
                    self.add_entry(phrase, family, strict);
                }
            }
        }
        self
    }

    /// Adds one phrase.
    pub fn add(&mut self, phrase: &str, family: Family) -> &mut Self {
        self.add_entry(phrase, family, false)
    }

    /// Adds one phrase that removes a line wherever it occurs (as after `#! strict`).
    pub fn add_strict(&mut self, phrase: &str, family: Family) -> &mut Self {
        self.add_entry(phrase, family, true)
    }

    fn add_entry(&mut self, phrase: &str, family: Family, strict: bool) -> &mut Self {
        let phrase = phrase.trim();
        let f = &mut self.scratch;
        f.clear();
        fold_into(phrase, f);
        if f.is_empty() {
            return self;
        }
        let entry = || Entry { phrase: Cow::Owned(phrase.to_string()), family, strict };
        match self.trie.insert(f, self.entries.len() as u32) {
            None => {
                self.entries.to_mut().push(entry());
                if let Some(starts) = &mut self.starts {
                    starts.add(f);
                }
            }
            // a phrase made certain later (a user's list over the built-in ones) takes its family too
            Some(i) if strict && !self.entries[i as usize].strict => self.entries.to_mut()[i as usize] = entry(),
            Some(_) => return self,
        }
        self.has_strict |= strict;
        self
    }

    /// Adds a list file (at most [`MAX_LIST_BYTES`]). Invalid UTF-8 in it is replaced, not fatal.
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self, Error> {
        let bytes = crate::read_bounded(path, MAX_LIST_BYTES)
            .map_err(|source| Error::Blocklist { path: path.to_path_buf(), source })?;
        // (a vector check first: lists are almost always valid UTF-8)
        let text = match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&bytes),
        };
        let before = self.warnings.len();
        self.add_text(&text, Family::Spam);
        for w in &mut self.warnings[before..] {
            *w = format!("blocklist {}: {w}", path.display());
        }
        Ok(self)
    }

    /// Number of distinct phrases so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no phrase was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Builds the matcher.
    pub fn build(self) -> Blocklist {
        // The trie is built in time linear in the phrases' length, however
        // repetitive a phrase is (the DFA aho-corasick builds for small lists was
        // quadratic in a long phrase of one repeated character).
        let starts = match self.starts {
            // the built-in lists' filter (with the phrases added to it) if it is of the size
            // for all of them, as with up to some 8,000 phrases more: else it is made anew
            Some(f) if StartFilter::bytes_for(self.entries.len()) == f.bytes() => f,
            _ => StartFilter::of_trie(&self.trie, self.entries.len()),
        };
        debug_assert_eq!(self.has_strict, self.entries.iter().any(|e| e.strict));
        Blocklist {
            trie: self.trie,
            starts,
            entries: self.entries,
            warnings: self.warnings,
            has_strict: self.has_strict,
            defaults: self.defaults,
            raw: OnceLock::new(),
        }
    }
}

/// The longest blocklist file read (`-b /dev/zero` would otherwise fill memory).
pub const MAX_LIST_BYTES: u64 = 64 * 1024 * 1024;

/// A compiled set of phrases.
#[derive(Debug, Clone)]
pub struct Blocklist {
    trie: CharTrie,
    starts: StartFilter,
    entries: Cow<'static, [Entry]>,
    warnings: Vec<String>,
    /// Whether some entry is strict (else no hit needs looking up).
    has_strict: bool,
    /// Whether the entries start with the built-in lists' (in their order).
    defaults: bool,
    /// The raw start filter (and how many extra words it holds), built when first asked for.
    raw: OnceLock<(RawStarts, usize)>,
}

impl Blocklist {
    /// What was wrong in the lists but did not stop them from loading (an unknown `#! kind:`).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The built-in lists alone.
    pub fn defaults() -> Self {
        BlocklistBuilder::with_defaults().build()
    }

    /// All phrases, indexed by [`Hit::entry`].
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The first of `hits` that is a strict phrase's (see [`Entry::strict`]).
    pub fn strict_hit(&self, hits: &[Hit]) -> Option<Hit> {
        if !self.has_strict {
            return None;
        }
        hits.iter().copied().find(|h| self.entries.get(h.entry as usize).is_some_and(|e| e.strict))
    }

    /// The filter of the positions of a raw (unfolded) line where a phrase of
    /// the list, or one of the `extra` words (folded), may start in any
    /// spelling: one filter for both, so a scan asks one table. It is built
    /// on the first call; every call must pass the same words (the prose fast
    /// path passes the rule families' words it looks for, a constant).
    pub fn raw_starts(&self, extra: &[&str]) -> &RawStarts {
        let (starts, n) = self.raw.get_or_init(|| {
            let spell = &SPELLINGS;
            let compiled = [&DEFAULT_RAW_PAIRS.0[..], &DEFAULT_RAW_THREE.0, &DEFAULT_RAW_TWO.0, &DEFAULT_RAW_ONE.0];
            let mut starts = match self.defaults.then(|| RawStarts::from_bytes(compiled, DEFAULT_RAW_ONE_LOW)) {
                // the built-in lists' filter, made by build.rs, and the phrases added to them
                Some(Some(mut starts)) => {
                    let mut folded = String::new();
                    for e in self.entries.get(DEFAULT_ENTRIES.len()..).unwrap_or_default() {
                        folded.clear();
                        fold_into(e.phrase.trim(), &mut folded);
                        raw::prefixes_of(&folded, &mut |p, ends| starts.add(spell, p, ends));
                    }
                    starts
                }
                _ => RawStarts::of_prefixes(spell, |each| self.trie.for_each_prefix(|p, ends| each(p, ends))),
            };
            extra.iter().for_each(|w| raw::prefixes_of(w, &mut |p, ends| starts.add(spell, p, ends)));
            (starts, extra.len())
        });
        debug_assert_eq!(*n, extra.len(), "raw_starts is asked with other extra words");
        starts
    }

    /// Calls `each(entry, end)` for every phrase that the folded view of
    /// `raw[at..]` starts with (shortest first), with the byte of `raw` where
    /// it ends: what the folding matcher would find at that position, without
    /// folding the line.
    #[inline]
    pub fn phrases_at_raw(&self, raw: &str, at: usize, each: impl FnMut(u32, usize)) {
        let chars = raw[at..].char_indices().map(|(i, c)| (at + i + c.len_utf8(), fold_char(c)));
        self.trie.walk(chars, each);
    }

    /// Appends the non-overlapping (leftmost-longest) matches in `folded` to `hits`.
    ///
    /// Positions are tried left to right; at each one the start filter lets
    /// through, the longest phrase starting there (if any) is a hit and the
    /// search goes on after it: the leftmost-longest matches, the same as an
    /// unanchored leftmost-longest search of the whole line finds.
    pub fn find(&self, folded: &str, hits: &mut Vec<Hit>) {
        let mut resume = 0; // where the next match may start
        let mut prev: Option<(usize, char)> = None;
        for (i, b) in folded.char_indices() {
            if let Some((at, a)) = prev {
                if at >= resume && self.starts.may_start(a, Some(b)) && self.starts.may_begin(&folded[at..]) {
                    resume = self.anchored(folded, at, hits).unwrap_or(resume);
                }
            }
            prev = Some((i, b));
        }
        if let Some((at, a)) = prev {
            if at >= resume && self.starts.may_start(a, None) {
                self.anchored(folded, at, hits);
            }
        }
    }

    /// Folds `text` into `folded` (cleared first) and appends the matches in
    /// it to `hits`: the same as [`fold_into`](crate::text::fold::fold_into) then
    /// [`Blocklist::find`], with the start filter applied while folding.
    pub fn fold_and_find(&self, text: &str, folded: &mut String, hits: &mut Vec<Hit>) {
        self.fold_and_find_with(text, folded, hits, |_| {});
    }

    /// [`Blocklist::fold_and_find`], calling `each` with every character of
    /// `text` on the way: to measure the line in the same pass (see
    /// [`crate::rules::Measure`]).
    #[inline]
    pub fn fold_and_find_with(&self, text: &str, folded: &mut String, hits: &mut Vec<Hit>, each: impl FnMut(char)) {
        // the same loop, compiled for the common size of the start filter and for any other
        match self.starts.common_pairs() {
            Some(pairs) => self.scan(text, folded, hits, each, |a, b| start::may_start_in(&self.starts, pairs, a, b)),
            None => self.scan(text, folded, hits, each, |a, b| self.starts.may_start(a, Some(b))),
        }
    }

    /// [`Blocklist::fold_and_find_with`] with the start filter's test of a pair of characters.
    #[inline(always)]
    fn scan(
        &self,
        text: &str,
        folded: &mut String,
        hits: &mut Vec<Hit>,
        mut each: impl FnMut(char),
        may_start: impl Fn(char, char) -> bool,
    ) {
        const MAX: usize = 64;
        let mut starts = [0u32; MAX];
        let mut n = 0;
        folded.clear();
        let mut out = Folding::new(text, folded);
        let mut chars = text.char_indices();
        let Some((_, first)) = chars.next() else { return };
        each(first);
        // the previous character, folded, and where it is in `folded`
        let mut prev = fold_char(first);
        let mut prev_at = out.push(folded, 0, first, prev);
        for (i, original) in chars {
            each(original);
            let c = fold_char(original);
            let at = out.push(folded, i, original, c);
            if may_start(prev, c) {
                // (past MAX the line is searched again below)
                starts[n % MAX] = prev_at as u32;
                n += 1;
            }
            (prev, prev_at) = (c, at);
        }
        out.finish(folded);
        if n > MAX || folded.len() > u32::MAX as usize {
            return self.find(folded, hits); // a line with very many candidates
        }
        let mut resume = 0;
        for &at in &starts[..n] {
            let at = at as usize;
            if at >= resume && self.starts.may_begin(&folded[at..]) {
                resume = self.anchored(folded, at, hits).unwrap_or(resume);
            }
        }
        if prev_at >= resume && self.starts.may_start_single(prev) {
            self.anchored(folded, prev_at, hits);
        }
    }

    /// Pushes the longest phrase starting at `at`, if any, and returns its end.
    fn anchored(&self, folded: &str, at: usize, hits: &mut Vec<Hit>) -> Option<usize> {
        let (entry, end) = self.trie.longest_at(folded, at)?;
        hits.push(Hit { entry, family: self.entries[entry as usize].family, start: at, end });
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_raw_filter_is_the_one_made_from_the_trie() {
        let list = Blocklist::defaults();
        let spell = &SPELLINGS;
        assert!(*spell == Spellings::new(crate::text::fold::TABLE.unfolded()), "build.rs made other spellings");
        let made = RawStarts::of_prefixes(spell, |each| list.trie.for_each_prefix(|p, ends| each(p, ends)));
        assert!(list.raw_starts(&[]) == &made, "build.rs made another filter");
        // a user's phrase is added to the copy of the compiled one, as it would be to one made anew
        let mut b = BlocklistBuilder::with_defaults();
        b.add("國產精品自拍視頻網站", Family::Spam).add("赞", Family::Chrome(Kind::Nav)).add("ab", Family::Spam);
        let list = b.build();
        let made = RawStarts::of_prefixes(spell, |each| list.trie.for_each_prefix(|p, ends| each(p, ends)));
        assert!(list.raw_starts(&[]) == &made);
    }

    #[test]
    fn strict_directive_marks_the_phrases_after_it_until_off() {
        let mut b = BlocklistBuilder::with_defaults();
        b.add_text("免费领取彩金\n#! strict\n新葡京\n#! kind: nav\n返回列表页\n#! strict: off\n别的词\n", Family::Spam);
        let list = b.build();
        let strict = |p: &str| list.entries().iter().find(|e| fold(&e.phrase) == fold(p)).map(|e| (e.strict, e.family));
        assert_eq!(strict("免费领取彩金"), Some((false, Family::Spam)));
        // 新葡京 is in the built-in spam list too: the user's line makes it strict
        assert_eq!(strict("新葡京"), Some((true, Family::Spam)));
        assert_eq!(strict("返回列表页"), Some((true, Family::Chrome(Kind::Nav))));
        assert_eq!(strict("别的词"), Some((false, Family::Chrome(Kind::Nav))));
        let (mut folded, mut hits) = (String::new(), Vec::new());
        list.fold_and_find("澳门新葡京官网", &mut folded, &mut hits);
        assert!(list.strict_hit(&hits).is_some());
        hits.clear();
        list.fold_and_find("免费领取彩金", &mut folded, &mut hits);
        assert_eq!(list.strict_hit(&hits), None);
    }

    #[test]
    fn doc_example_1() {
        use crate::blocklist::{BlocklistBuilder, Family};
        let mut b = BlocklistBuilder::new();
        b.add("扫一扫在手机打开当前页", Family::Spam);
        let list = b.build();
        let mut hits = Vec::new();
        list.find(&crate::text::fold::fold("掃一掃在手機打開當前頁"), &mut hits);
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn doc_example_2() {
        let list = Blocklist::defaults();
        let (mut folded, mut hits) = (String::new(), Vec::new());
        list.fold_and_find("掃一掃在手機打開當前頁", &mut folded, &mut hits);
        assert_eq!(folded, "扫一扫在手机打开当前页");
        assert!(!hits.is_empty());
    }
    use crate::text::fold::fold;

    fn list(phrases: &[&str]) -> Blocklist {
        let mut b = BlocklistBuilder::new();
        for p in phrases {
            b.add(p, Family::Spam);
        }
        b.build()
    }

    /// What `build.rs` compiled in is what reading the lists at run time makes.
    #[test]
    fn compiled_defaults_are_the_lists_read_at_run_time() {
        let mut b = BlocklistBuilder::new();
        for (family, text) in DEFAULT_TEXTS {
            b.add_text(text, family);
        }
        let read = b.build();
        let compiled = Blocklist::defaults();
        let entries = |l: &Blocklist| -> Vec<(String, Family, bool)> {
            l.entries().iter().map(|e| (e.phrase.to_string(), e.family, e.strict)).collect()
        };
        assert_eq!(entries(&compiled), entries(&read));
        assert_eq!(compiled.has_strict, read.has_strict);
        assert!(compiled.trie.is_static() && !read.trie.is_static());
        assert_eq!(compiled.trie.table(), read.trie.table());
        assert_eq!((compiled.trie.nodes(), compiled.trie.edges()), (read.trie.nodes(), read.trie.edges()));
        assert_eq!(compiled.starts.parts(), read.starts.parts());
        for (i, e) in compiled.entries().iter().enumerate() {
            let f = fold(&e.phrase);
            assert_eq!(compiled.trie.longest_at(&f, 0), Some((i as u32, f.len())), "{}", e.phrase);
        }
    }

    #[test]
    fn a_users_phrases_go_into_a_copy_of_the_compiled_tables() {
        let mut b = BlocklistBuilder::with_defaults();
        let n = b.len();
        // already built in: kept once (in its first family), the compiled tables stay as they are
        b.add("新葡京", Family::Chrome(Kind::Nav));
        assert_eq!(b.len(), n);
        assert!(b.trie.is_static());
        b.add("ＡＣＰ新葡京", Family::Spam);
        b.add("一个新的词", Family::Chrome(Kind::Nav));
        assert_eq!(b.len(), n + 2);
        let l = b.build();
        assert!(!l.trie.is_static());
        // the compiled filter with the new phrases is the filter of all of them
        assert_eq!(l.starts.parts(), StartFilter::of_trie(&l.trie, l.entries().len()).parts());
        let (mut folded, mut hits) = (String::new(), Vec::new());
        l.fold_and_find("這是一個新的詞，acp新葡京，新葡京", &mut folded, &mut hits);
        let found: Vec<(&str, Family)> =
            hits.iter().map(|h| (&*l.entries()[h.entry as usize].phrase, h.family)).collect();
        assert_eq!(
            found,
            [("一个新的词", Family::Chrome(Kind::Nav)), ("ＡＣＰ新葡京", Family::Spam), ("新葡京", Family::Spam)]
        );
    }

    #[test]
    fn defaults_build_and_have_every_family() {
        let b = BlocklistBuilder::with_defaults();
        assert!(b.len() > 100);
        let l = b.build();
        for f in [Family::Spam, Family::Chrome(Kind::Share), Family::Chrome(Kind::Nav), Family::Chrome(Kind::Footer)] {
            assert!(l.entries().iter().any(|e| e.family == f), "{f:?}");
        }
    }

    #[test]
    fn the_folding_pass_hands_on_every_original_char() {
        // the engine measures lines (rules::Measure) from these characters instead of walking them again
        let l = Blocklist::defaults();
        for text in ["掃一掃在手機端打開當前頁，好。", "ＡＢＣ abc\u{3000}😀 ñ社區(qū)", "", "當前位置：首頁 ＞ 新聞"]
        {
            let (mut folded, mut hits, mut seen) = (String::new(), Vec::new(), String::new());
            l.fold_and_find_with(text, &mut folded, &mut hits, |c| seen.push(c));
            assert_eq!(seen, text);
        }
    }

    #[test]
    fn matches_across_script_width_and_case() {
        let l = list(&["扫一扫", "澳门新葡京", "copyright"]);
        for text in ["掃一掃在手機端打開當前頁", "澳門新葡京6663", "ＣＯＰＹＲＩＧＨＴ © 2020"]
        {
            let mut hits = Vec::new();
            l.find(&fold(text), &mut hits);
            assert_eq!(hits.len(), 1, "{text}");
        }
    }

    #[test]
    fn agrees_with_naive_contains_on_folded_text() {
        let phrases = ["国产精品", "精品", "一区", "新葡京", "葡京娱乐", "网站"];
        let l = list(&phrases);
        let texts = ["日韩精品电影一区亚洲", "國產精品自拍", "澳门新葡京娱乐网站", "普通的一句话。", "精品精品精品"];
        for t in texts {
            let f = fold(t);
            let mut hits = Vec::new();
            l.find(&f, &mut hits);
            let naive = phrases.iter().any(|p| f.contains(&fold(p)));
            assert_eq!(!hits.is_empty(), naive, "{t}");
            for h in &hits {
                assert!(phrases.iter().any(|p| fold(p) == f[h.start..h.end]));
            }
        }
    }

    /// The filtered anchored search finds what one unanchored leftmost-longest
    /// search of the whole line finds.
    #[test]
    fn agrees_with_unanchored_leftmost_longest() {
        let extra = ["精品", "国产精品", "一区", "区二", "a", "ab", "abc", "bc", "©", "当前", "前位置", "😀x"];
        let mut b = BlocklistBuilder::with_defaults();
        for p in extra {
            b.add(p, Family::Spam);
        }
        let list = b.build();
        // the matcher's loop as compiled for the common size of the start filter
        assert!(list.starts.common_pairs().is_some());
        check_against_aho_corasick(&list);
        let mut b = BlocklistBuilder::new();
        for p in list.entries().iter().take(400).map(|e| &*e.phrase).chain(extra) {
            b.add(p, Family::Spam);
        }
        let small = b.build();
        // and for any other
        assert!(small.starts.common_pairs().is_none());
        check_against_aho_corasick(&small);
    }

    fn check_against_aho_corasick(list: &Blocklist) {
        use aho_corasick::{AhoCorasickBuilder, MatchKind};
        use proptest::prelude::*;
        let folded: Vec<String> = list.entries().iter().map(|e| fold(&e.phrase)).collect();
        let reference = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&folded).unwrap();
        let pieces: Vec<String> = folded
            .iter()
            .take(400)
            .cloned()
            .chain(["的", " ", "x", "B", "區", "😀", "國產精品", "當前", "Ａ", "ＡＢ"].map(String::from))
            .collect();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        runner
            .run(&proptest::collection::vec(0..pieces.len(), 0..24), |idx| {
                let text: String = idx.iter().map(|&i| pieces[i].as_str()).collect();
                let f = fold(&text);
                let mut hits = Vec::new();
                list.find(&f, &mut hits);
                let got: Vec<_> = hits.iter().map(|h| (h.entry, h.start, h.end)).collect();
                let want: Vec<_> =
                    reference.find_iter(&f).map(|m| (m.pattern().as_u32(), m.start(), m.end())).collect();
                prop_assert_eq!(&got, &want, "{}", text);
                let (mut folded, mut hits2) = (String::new(), Vec::new());
                list.fold_and_find(&text, &mut folded, &mut hits2);
                prop_assert_eq!(&folded, &f);
                prop_assert_eq!(&hits2, &hits, "{}", text);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn fold_and_find_on_a_line_with_many_candidates() {
        let list = list(&["精品", "国产精品"]);
        let text = "國產精品，".repeat(100);
        let (mut folded, mut hits) = (String::new(), Vec::new());
        list.fold_and_find(&text, &mut folded, &mut hits);
        assert_eq!(hits.len(), 100);
        assert!(hits.iter().all(|h| &folded[h.start..h.end] == "国产精品"));
    }

    #[test]
    fn comments_blanks_duplicates_and_directives() {
        let mut b = BlocklistBuilder::new();
        b.add_text("# a comment\n\n扫一扫\n掃一掃\n#! kind: nav\n上一篇\n#! kind: spam\n新葡京\n", Family::Spam);
        let l = b.build();
        let fams: Vec<_> = l.entries().iter().map(|e| (&*e.phrase, e.family)).collect();
        assert_eq!(
            fams,
            vec![("扫一扫", Family::Spam), ("上一篇", Family::Chrome(Kind::Nav)), ("新葡京", Family::Spam)]
        );
        assert!(l.warnings().is_empty());
        let mut b = BlocklistBuilder::new();
        b.add_text("#! kind: sidebar\n侧栏\n", Family::Spam);
        let l = b.build();
        assert_eq!(l.entries()[0].family, Family::Spam);
        assert!(l.warnings()[0].starts_with("line 1: unknown kind \"sidebar\""), "{:?}", l.warnings());
    }

    #[test]
    fn coverage_counts_letters() {
        let l = list(&["新葡京"]);
        let f = fold("澳门新葡京 6663");
        let mut hits = Vec::new();
        l.find(&f, &mut hits);
        let c = Coverage::of(&f, &hits);
        assert_eq!(c.covered(Family::Spam), 3);
        assert_eq!(c.hits(Family::Spam), 1);
    }
}
