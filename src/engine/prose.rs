//! The prose fast path: a step of a line's path that proves, from the line as
//! written, that folding, matching and the rule families would find it prose
//! with nothing against it, so they can be skipped.
//!
//! Most bytes of a page are paragraphs that end in a stop. On such a line the
//! families have almost nothing left to test: every family gives up on a line
//! with a stop except a few tests of words (question lists, disclaimers and
//! notices, post headers and font switches, QR prompts, previous/next links,
//! dated lists), which each family reads from its own named constants and
//! limits ([`GATES`] lists them), and the start of the line (markup, a URL, an
//! ad slot). Of the lists' phrases only spam phrases and strict ones change
//! such a line's class; the others only change what it covers, which the
//! learned decision reads and this step computes.
//!
//! [`ProseTest::check`] makes one pass over the line's UTF-8 bytes, without
//! decoding or folding them: it tests each position with the lists' raw start
//! filter ([`RawStarts`]: every spelling of each phrase's first two and first
//! three characters, and of the gates' words), walks the phrase tries where it
//! lets the scan through, and counts the characters the prose test and the
//! families' limits read. The counts of stops, clause marks and CJK characters
//! are lower bounds (every test reads them as "at least" or "at most", so a
//! bound can only send a line to the full path); those of characters and
//! letters are exact. It is a pure function of the line, the lists and the
//! options, and runs in the stateless stage.
//!
//! In debug builds every line this step proves prose is decided by the full
//! path too, and a difference panics (see [`super::classify`]).

use std::sync::LazyLock;

use super::context;
use super::learned::features::{ascii_bits, ASCII_BITS};
use super::learned::Counted;
use super::options::{Decision, Options};
use crate::blocklist::{pair_hash, Blocklist, BlocklistBuilder, Coverage, Family, Probe, RawStarts};
use crate::rules::{footer, meta, nav, share, spam, template, Measure, Shape};
use crate::text::charclass::{decode_at, is_alphanumeric, is_cjk};
use crate::text::fold::{fold, fold_char};

/// What the fast path knows of a line it proved prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FastProse {
    /// Percent of the line's letters each blocklist family covers (zeros
    /// unless the learned decision reads them).
    pub cover: [u8; Family::COUNT],
    /// Whether the line ends with a full stop (else it may still be a ticker
    /// running on from the page's title, which only the engine's state can tell).
    pub full_stop: bool,
    /// What the learned decision measures of the line for its neighbours, counted on the way.
    pub counted: Counted,
}

/// A family's test that can fire on a line ending in a stop: it needs a word
/// of each of `all_of`, and counts within its limits.
struct Gate {
    /// The word lists the test needs a word of, each.
    all_of: &'static [&'static [&'static str]],
    /// Whether the test can fire on a line of these counts, given as lower
    /// bounds: false only if it cannot for any counts at least these.
    active: fn(&Shape) -> bool,
}

/// The families' tests that can fire on a line with a stop and a clause mark
/// (see each family's `check`). Every other test of every family gives up on
/// such a line, or needs a spam phrase or a start [`ProseTest::check`] rules out.
const GATES: &[Gate] = &[
    Gate { all_of: &[spam::QUESTION_WORDS], active: |s| s.stops <= spam::QUESTION_LIST_MAX_STOPS },
    Gate { all_of: &[footer::DISCLAIMERS], active: |s| s.chars <= footer::MAX_CHARS },
    Gate {
        all_of: &[footer::RIGHTS_ACTS, footer::RIGHTS_BANS, footer::RIGHTS_OWNERS],
        active: |s| s.chars <= footer::RIGHTS_NOTICE_MAX_CHARS,
    },
    Gate {
        all_of: &[footer::OPINION_ONLY, footer::OPINION_NOT, footer::OPINION_VIEW, footer::OPINION_SITE],
        active: |s| s.chars <= footer::OPINION_MAX_CHARS,
    },
    Gate { all_of: &[meta::POST_HEADERS], active: |s| !meta::exits_early(s) },
    Gate { all_of: &[meta::FONT_WORDS], active: |s| !meta::exits_early(s) },
    Gate {
        all_of: &[share::PROMPTS, share::QR_FOLLOW, share::QR_ACCOUNT, share::QR_BENEFIT],
        active: |s| s.chars <= share::QR_FOLLOW_MAX_CHARS && s.stops <= share::QR_FOLLOW_MAX_STOPS,
    },
    Gate {
        all_of: &[share::QR_SCAN, share::QR_CODE, share::QR_FOLLOW, share::QR_ACCOUNT, share::QR_BENEFIT],
        active: |s| s.chars <= share::QR_FOLLOW_MAX_CHARS && s.stops <= share::QR_FOLLOW_MAX_STOPS,
    },
    Gate { all_of: &[nav::PREV_NEXT], active: |s| s.chars <= nav::PREV_NEXT_MAX_CHARS },
    Gate { all_of: &[nav::PREV, nav::NEXT], active: |s| s.chars <= nav::PREV_AND_NEXT_MAX_CHARS },
    Gate { all_of: &[nav::AGO], active: |s| s.stops <= nav::DATED_LIST_MAX_STOPS },
];

/// The gates' words as one list, and which (gate, list) bits each entry sets.
struct GateWords {
    words: Blocklist,
    /// The words, folded (for the list's raw start filter).
    folded: Vec<&'static str>,
    /// For each entry of `words`, one bit per (gate, word list) it belongs to.
    bits: Vec<u64>,
    /// For each gate, the bits of all its word lists.
    masks: Vec<u64>,
}

static GATE_WORDS: LazyLock<GateWords> = LazyLock::new(|| {
    let mut b = BlocklistBuilder::new();
    let mut by_word: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut masks = Vec::new();
    let mut bit = 0;
    for gate in GATES {
        let mut mask = 0u64;
        for list in gate.all_of {
            for w in *list {
                b.add(w, Family::Spam);
                *by_word.entry(fold(w)).or_default() |= 1 << bit;
            }
            mask |= 1 << bit;
            bit += 1;
        }
        masks.push(mask);
    }
    let words = b.build();
    let folded: Vec<&'static str> =
        words.entries().iter().map(|e| &*Box::leak(fold(&e.phrase).into_boxed_str())).collect();
    let bits = folded.iter().map(|f| by_word.get(*f).copied().unwrap_or(0)).collect();
    GateWords { words, folded, bits, masks }
});

// one bit per (gate, word list)
const _: () = {
    let (mut n, mut i) = (0, 0);
    while i < GATES.len() {
        n += GATES[i].all_of.len();
        i += 1;
    }
    assert!(n <= 64);
};

/// Whether a line that starts with `first` may be injected markup, a lone URL
/// or an ad slot: whether `first` folds to the first character of one.
fn may_start_chrome(first: char) -> bool {
    static FIRSTS: LazyLock<Vec<char>> = LazyLock::new(|| {
        let starts = spam::MARKUP_TAGS.iter().chain(template::MARKUP_TAGS).chain(template::URL_SCHEMES);
        starts.chain([&template::AD_SLOT]).filter_map(|s| s.chars().next()).collect()
    });
    FIRSTS.contains(&fold_char(first))
}

/// The fast path over one input's lists and options.
pub(crate) struct ProseTest<'c> {
    list: &'c Blocklist,
    /// The raw start filter of the list's phrases and the gates' words.
    starts: &'c RawStarts,
    gates: &'static GateWords,
    /// Whether the learned decision reads what the lists cover.
    cover: bool,
}

/// What a scan counts of a line: lower bounds of the shape's counts (but
/// `chars` and `letters`, which are exact).
#[derive(Default)]
struct Counts {
    chars: usize,
    letters: usize,
    cjk: usize,
    clause_punct: usize,
    stops: usize,
    spaces: bool,
    /// For [`Counted`]: the stops other than `。！？` (`；…!?;`), ASCII code
    /// syntax, and whether there is an ASCII letter or punctuation.
    more_stops: usize,
    syntax: usize,
    ascii: bool,
}

// What [`Counts::other`] counts of a punctuation mark, as bits.
const PUNCT: u8 = 1;
const STOP: u8 = 1 << 1;
const CLAUSE: u8 = 1 << 2;
const MORE_STOP: u8 = 1 << 3;

/// What [`Counts`] counts of the punctuation of Chinese text: neither white
/// space nor a letter (a test checks); 0 for any other character.
const fn punct_class(u: u32) -> u8 {
    if !matches!(u, 0x3001..=0x3003 | 0x3008..=0x3011 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0x2010..=0x2027) {
        return 0;
    }
    PUNCT
        | match u {
            // 。！？
            0x3002 | 0xFF01 | 0xFF1F => STOP | CLAUSE,
            // ；
            0xFF1B => CLAUSE | MORE_STOP,
            // ，、
            0xFF0C | 0x3001 => CLAUSE,
            // …
            0x2026 => MORE_STOP,
            _ => 0,
        }
}

/// The three blocks of 64 code points where the punctuation is, in the
/// order of [`PUNCT_OF`], and the first two bytes of each (little-endian).
const PUNCT_BLOCKS: [(u32, u32); 3] = [(0x3000, 0x80E3), (0xFF00, 0xBCEF), (0x2000, 0x80E2)];

/// [`punct_class`] of each code point of [`PUNCT_BLOCKS`], by its last byte's low six bits.
static PUNCT_OF: [[u8; 64]; 3] = {
    let mut t = [[0u8; 64]; 3];
    let mut b = 0;
    while b < 3 {
        let mut i = 0;
        while i < 64 {
            t[b][i] = punct_class(PUNCT_BLOCKS[b].0 + i as u32);
            i += 1;
        }
        b += 1;
    }
    t
};

impl Counts {
    /// Counts a three-byte character (its bytes, little-endian) other than the
    /// ideographs of U+4000..=U+9FFF: the punctuation of Chinese text (most
    /// of them) at once, the others as [`Counts::other`] does.
    #[inline(always)]
    fn three(&mut self, word: u32) {
        let block = match word & 0xFFFF {
            0x80E3 => 0,
            0xBCEF => 1,
            0x80E2 => 2,
            _ => return self.three_other(word),
        };
        match PUNCT_OF[block][(word >> 16 & 0x3F) as usize] {
            0 => self.three_other(word),
            class => self.punct(class),
        }
    }

    /// Counts a punctuation mark of [`punct_class`] `class`.
    #[inline(always)]
    fn punct(&mut self, class: u8) {
        self.chars += 1;
        self.stops += usize::from(class & STOP != 0);
        self.clause_punct += usize::from(class & CLAUSE != 0);
        self.more_stops += usize::from(class & MORE_STOP != 0);
    }

    /// [`Counts::three`] of a character other than punctuation.
    #[inline(never)]
    fn three_other(&mut self, word: u32) {
        let u = (word & 0x0F) << 12 | (word >> 8 & 0x3F) << 6 | (word >> 16 & 0x3F);
        if let Some(c) = char::from_u32(u) {
            self.other(c);
        }
    }

    /// Counts the character at byte `i` of `text`, one the scan does not count
    /// itself; returns its key and length.
    #[inline(never)]
    fn other_at(&mut self, text: &str, i: usize) -> Option<(u32, usize)> {
        // the punctuation of Chinese text is three bytes
        if let Some(&[lead @ 0xE0..=0xEF, b1, b2]) = text.as_bytes().get(i..i + 3) {
            self.other(char::from_u32(decode_at(text.as_bytes(), i).0)?);
            return Some((u32::from_le_bytes([lead, b1, b2, 0]), 3));
        }
        let c = text.get(i..)?.chars().next()?;
        let len = c.len_utf8();
        self.other(c);
        let mut b = [0u8; 4];
        c.encode_utf8(&mut b);
        Some((u32::from_le_bytes(b), len))
    }

    /// Counts an ASCII character (as [`Counts::other`] does).
    #[inline(always)]
    fn ascii(&mut self, b: u8) {
        let bits = ASCII_BITS[usize::from(b & 0x7F)];
        if bits & ascii_bits::SPACE != 0 {
            self.spaces = true;
            return;
        }
        self.chars += 1;
        self.letters += usize::from(bits & ascii_bits::LETTER != 0);
        self.more_stops += usize::from(bits & ascii_bits::STOP != 0);
        self.syntax += usize::from(bits & ascii_bits::SYNTAX != 0);
        self.ascii |= bits & ascii_bits::OTHER != 0;
    }

    fn other(&mut self, c: char) {
        if c.is_ascii() {
            return self.ascii(c as u8);
        }
        match punct_class(c as u32) {
            0 => {}
            class => return self.punct(class),
        }
        if c.is_whitespace() {
            self.spaces = true;
            return;
        }
        self.chars += 1;
        if is_alphanumeric(c) && !c.is_ascii_digit() {
            self.letters += 1;
        }
        if is_cjk(c) {
            self.cjk += 1;
        }
    }
}

/// The scan's place in a line. Each start is tested at the character two
/// after it (when its first two characters pass [`Probe::pair`]), so the
/// starts are tested in order.
#[derive(Default, Clone, Copy)]
struct Cursor {
    /// The byte of the next character.
    i: usize,
    /// The key of the character before it.
    k1: u32,
    /// The pair hash of the two characters before it.
    ab: u64,
    /// Whether a phrase of two or more characters may start with them ([`Probe::pair`]).
    pair2: bool,
    /// Whether a one-character phrase may be the character before it (bit 0)
    /// or the one before that (bit 1).
    ones: u32,
    /// The bytes where the character before it starts, and the one before that.
    at1: usize,
    at2: usize,
    /// The ideographs of U+4000..=U+9FFF [`Cursor::run`] moved past (each a letter and CJK).
    ideographs: usize,
}

/// Where [`Cursor::run`] stopped.
enum Stop {
    /// At a start the filter lets through.
    Start(usize),
    /// Before a character of two or four bytes (or the line's last three bytes).
    Other,
}

impl Cursor {
    /// Moves past the character of key `key`, `len` bytes; returns the start
    /// two characters back if the filter lets it through.
    #[inline(always)]
    fn step(&mut self, starts: Probe<'_>, key: u32, len: usize) -> Option<usize> {
        let hit = self.ones & 2 != 0 || (self.pair2 && starts.after_pair(self.ab, Some(key)));
        let at = self.at2;
        self.ab = pair_hash(self.k1, key);
        self.pair2 = starts.pair(self.ab);
        self.ones = (self.ones << 1 | u32::from(starts.one(key))) & 3;
        self.k1 = key;
        self.at2 = self.at1;
        self.at1 = self.i;
        self.i += len;
        hit.then_some(at)
    }

    /// The starts left at the end of the line, at its last two characters:
    /// the first if `two_back` (else the last).
    #[inline(always)]
    fn last(&self, starts: Probe<'_>, two_back: bool) -> Option<usize> {
        if two_back {
            let pair = self.pair2 && starts.after_pair(self.ab, None);
            (pair || self.ones & 2 != 0).then_some(self.at2)
        } else {
            (self.ones & 1 != 0).then_some(self.at1)
        }
    }

    /// Moves over the characters of one and three bytes (all the characters
    /// of most pages), up to a start the filter lets through or another
    /// character (or the line's last three bytes); counts those other than
    /// the ideographs of U+4000..=U+9FFF in `n`. While no start is pending, a
    /// tight loop moves over the ideographs whose tests both fail, and past the
    /// first whose tests do not.
    #[inline(never)]
    fn run(&mut self, starts: Probe<'_>, bytes: &[u8], n: &mut Counts) -> Stop {
        // in registers through the loops
        let mut c = *self;
        // four bytes at once (the line's last three bytes are left to the caller)
        let word_at = |i: usize| bytes.get(i..).and_then(|t| t.first_chunk::<4>()).map(|w| u32::from_le_bytes(*w));
        loop {
            // no start pending (most of the time): over the ideographs neither of whose tests
            // passes (which leave none pending)
            if !c.pair2 && c.ones == 0 {
                // over the bytes left, by a slice: one bounds test an ideograph, no count
                let mut rest = bytes.get(c.i..).unwrap_or_default();
                let mut k1 = c.k1;
                // the ideograph that ends the run with a test passed: its key, pair hash and pair test
                let last = loop {
                    let Some(word) = rest.first_chunk::<4>() else { break None };
                    let word = u32::from_le_bytes(*word);
                    let key = word & 0x00FF_FFFF;
                    if (word as u8).wrapping_sub(0xE4) >= 6 {
                        break None;
                    }
                    let ab = pair_hash(k1, key);
                    let pair = starts.pair(ab);
                    if pair || starts.may_be_one(key) {
                        break Some((key, ab, pair));
                    }
                    k1 = key;
                    rest = &rest[3..];
                };
                let i = bytes.len() - rest.len();
                let passed = (i - c.i) / 3;
                if passed > 0 {
                    c.ideographs += passed;
                    c.at2 = if passed == 1 { c.at1 } else { i - 6 };
                    c.at1 = i - 3;
                    (c.i, c.k1) = (i, k1);
                }
                // moved past here rather than by the loop below: [`Cursor::step`] with no
                // start pending (so none to return), from the tests already made
                if let Some((key, ab, pair)) = last {
                    c.ideographs += 1;
                    (c.ab, c.pair2, c.ones, c.k1) = (ab, pair, u32::from(starts.one(key)), key);
                    (c.at2, c.at1) = (c.at1, c.i);
                    c.i += 3;
                    continue;
                }
            }
            // one character, with every test
            let Some(word) = word_at(c.i) else { break };
            let (key, len) = if (word as u8).wrapping_sub(0xE4) < 6 {
                c.ideographs += 1;
                (word & 0x00FF_FFFF, 3)
            } else if word & 0xF0 == 0xE0 {
                // other three-byte characters (punctuation)
                n.three(word);
                (word & 0x00FF_FFFF, 3)
            } else if word & 0x80 == 0 {
                n.ascii(word as u8);
                (word & 0x7F, 1)
            } else {
                break;
            };
            if let Some(at) = c.step(starts, key, len) {
                *self = c;
                return Stop::Start(at);
            }
        }
        *self = c;
        Stop::Other
    }
}

/// What the scan found at the positions its filter let through.
#[derive(Default)]
struct Found {
    /// What the list's phrases cover, found as the full path finds them
    /// (leftmost-longest), if the learned decision reads it.
    cover: Coverage,
    covered: bool,
    /// Where the next phrase may start.
    resume: usize,
    /// The (gate, word list) bits of the gates' words found.
    present: u64,
}

impl<'c> ProseTest<'c> {
    /// The fast path, or `None` where it does not apply: with a site
    /// template (whose lines are matched before the families look).
    pub fn new(opts: &Options, list: &'c Blocklist) -> Option<Self> {
        if opts.template.is_some() {
            return None;
        }
        let gates = &*GATE_WORDS;
        Some(ProseTest { list, starts: list.raw_starts(&gates.folded), gates, cover: opts.decision.model().is_some() })
    }

    /// Whether a (repaired, trimmed, non-empty) line is prose with no finding
    /// of any family, as the full path would classify it (but for the title,
    /// see [`FastProse::full_stop`]); `None` if that is not certain.
    #[inline]
    pub fn check(&self, text: &str) -> Option<FastProse> {
        let (ends_sentence, ends_full_stop) = ending_of(text)?;
        if may_start_chrome(text.chars().next()?) {
            return None;
        }
        let starts = self.starts.probe();
        let bytes = text.as_bytes();
        // the hexagram symbols U+4DC0..=U+4DFF (E4 B7 ..) are CJK but no letters: the scan
        // counts every character of U+4000..=U+9FFF as both
        if memchr::memmem::find(bytes, &[0xE4, 0xB7]).is_some() {
            return None;
        }
        let mut n = Counts::default();
        let mut found = Found::default();
        let mut scan = Cursor::default();
        loop {
            let at = match scan.run(starts, bytes, &mut n) {
                Stop::Start(at) => at,
                Stop::Other if scan.i < bytes.len() => {
                    let (key, len) = n.other_at(text, scan.i)?;
                    let Some(at) = scan.step(starts, key, len) else { continue };
                    at
                }
                Stop::Other => break,
            };
            self.candidate(text, at, &mut found)?;
        }
        for at in [scan.last(starts, true), scan.last(starts, false)].into_iter().flatten() {
            self.candidate(text, at, &mut found)?;
        }
        // the ideographs of U+4000..=U+9FFF: a letter and CJK each
        let ideographs = scan.ideographs;
        n.chars += ideographs;
        n.letters += ideographs;
        n.cjk += ideographs;
        let lb = Shape {
            chars: n.chars,
            alnum: n.letters,
            cjk: n.cjk,
            digits: 0,
            clause_punct: n.clause_punct,
            stops: n.stops,
            ends_sentence,
            ends_full_stop,
            spaces: 0,
        };
        // a stop and a sentence: what makes every family give up but those of GATES
        if lb.stops == 0 || !lb.is_sentence() || !context::is_prose(&lb) {
            return None;
        }
        let gates = self.gates.masks.iter().zip(GATES);
        if gates.clone().any(|(&mask, g)| found.present & mask == mask && (g.active)(&lb)) {
            return None;
        }
        // meta matches its words with the white space taken out, which the scan does not
        if n.spaces && !meta::exits_early(&lb) {
            return None;
        }
        let cover = if found.covered { found.cover.percents(n.letters) } else { [0; Family::COUNT] };
        let counted = Counted {
            chars: n.chars as u32,
            stops: (n.stops + n.more_stops) as u32,
            syntax: n.syntax as u32,
            ascii: n.ascii,
        };
        Some(FastProse { cover, full_stop: lb.ends_full_stop, counted })
    }

    /// Looks for the list's phrases and the gates' words at byte `at`, where
    /// the filter let the scan through; `None` if a spam or strict phrase
    /// starts there. (Called in order of `at`, as the full path's
    /// leftmost-longest matching takes the phrases.)
    #[inline(never)]
    fn candidate(&self, text: &str, at: usize, found: &mut Found) -> Option<()> {
        let bits = &self.gates.bits;
        self.gates.words.phrases_at_raw(text, at, |e, _| found.present |= bits[e as usize]);
        let entries = self.list.entries();
        let (mut danger, mut longest) = (false, None);
        self.list.phrases_at_raw(text, at, |e, end| {
            let entry = &entries[e as usize];
            danger |= entry.family == Family::Spam || entry.strict;
            longest = Some((e, end));
        });
        if danger {
            return None;
        }
        if let Some((e, end)) = longest.filter(|_| self.cover && at >= found.resume) {
            let letters = Coverage::letters(text[at..end].chars().map(fold_char));
            found.cover.push(entries[e as usize].family, e, letters);
            found.covered = true;
            found.resume = end;
        }
        Some(())
    }
}

/// Whether the fast path takes a (repaired, trimmed) line with these lists,
/// with or without the learned decision (for the benchmarks' counts).
pub(crate) fn takes(list: &Blocklist, rules_only: bool, line: &str) -> bool {
    let opts = Options { decision: if rules_only { Decision::Rules } else { Decision::Learned }, ..Options::default() };
    ProseTest::new(&opts, list).and_then(|p| p.check(line)).is_some()
}

/// How a line that may be prose ends: ([`Shape::ends_sentence`],
/// [`Shape::ends_full_stop`]); `None` unless it ends with a stop (`。！？；;`)
/// or like a sentence.
fn ending_of(text: &str) -> Option<(bool, bool)> {
    let mut rev = text.chars().rev();
    let (last, before) = (rev.next()?, rev.next()?);
    // the shape's own test on the last two characters (it skips white space: not here)
    if before.is_whitespace() {
        return None;
    }
    let mut m = Measure::default();
    m.push(before);
    m.push(last);
    let s = m.finish();
    (matches!(last, '。' | '！' | '？' | '；' | ';') || s.ends_sentence).then_some((s.ends_sentence, s.ends_full_stop))
}

#[cfg(test)]
mod tests {
    use super::super::classify::{Facts, LineState, LineSteps};
    use super::super::context::Class;
    use super::*;
    use crate::text::charclass::is_alphanumeric;

    /// The default lists, and the bench corpus's phrases among them when `extra`.
    fn lists(extra: &[&str]) -> Blocklist {
        let mut b = BlocklistBuilder::with_defaults();
        for p in extra {
            b.add(p, Family::Spam);
        }
        b.build()
    }

    /// The fast path's answer and the full path's (what the line is, and its cover).
    fn both(list: &Blocklist, decision: Decision, line: &str) -> (Option<FastProse>, Facts, [u8; Family::COUNT]) {
        let opts = Options { decision, ..Options::default() };
        let fast = ProseTest::new(&opts, list).and_then(|p| p.check(line));
        let (facts, cover) = LineSteps::new(&opts, list).full_facts(line);
        (fast, facts, cover)
    }

    /// What the engine makes of `lines`, one after the other, on their own.
    fn classify(list: &Blocklist, lines: &[&str]) -> Vec<(Class, bool)> {
        let opts = Options::default();
        let mut steps = LineSteps::new(&opts, list);
        let mut state = LineState::default();
        let mut out = Vec::new();
        for line in lines {
            let p = steps.prepare(line);
            let folded = p.keeps_folded().then(|| steps.folded());
            out.push(state.classify(p.facts, line.trim(), folded));
        }
        out
    }

    #[test]
    fn prose_is_taken_with_what_the_full_path_says_of_it() {
        let list = lists(&[]);
        let lines = [
            "县里召开森林防火工作会议，部署今冬明春防火工作。",
            "縣裏召開森林防火工作會議，部署今冬明春防火工作。",
            "他说：“今年的工作重点是把防火责任落实到每一个村。”",
            "这是一句很长的话，有逗号，也有分号；它以感叹号结束，但是足够长，足以被当作正文来看待，比标题和菜单长得多了！",
            "各乡镇要加强巡查。严防死守，确保不发生重大森林火灾；同时做好宣传教育工作，提高群众的防火意识和自救能力；",
            // chrome phrases (政务服务, 时间) only change what the line covers, which the learned step reads
            "全县政务服务中心延长了办理时间，方便群众办事。",
        ];
        for line in lines {
            for decision in [Decision::Learned, Decision::Rules] {
                let (fast, facts, cover) = both(&list, decision.clone(), line);
                let fast = fast.unwrap_or_else(|| panic!("not taken: {line}"));
                assert_eq!(facts, Facts::Prose { ends_full_stop: fast.full_stop }, "{line}");
                assert_eq!(fast.cover, cover, "{line}");
            }
        }
        let (fast, _, cover) = both(&list, Decision::Learned, lines[5]);
        assert!(cover.iter().any(|&c| c > 0), "a line with chrome phrases has some cover");
        assert_eq!(fast.map(|f| f.full_stop), Some(true));
    }

    #[test]
    fn lines_that_look_like_prose_but_may_not_be_go_to_the_full_path() {
        let list = lists(&["国产精品自拍视频"]);
        let strict = {
            let mut b = BlocklistBuilder::with_defaults();
            b.add_strict("森林防火", Family::Spam);
            b.build()
        };
        let slow = |list: &Blocklist, line: &str| {
            for decision in [Decision::Learned, Decision::Rules] {
                let (fast, _, _) = both(list, decision, line);
                assert_eq!(fast, None, "taken: {line}");
            }
        };
        for line in [
            // a spam phrase inside a sentence, as written and in other spellings
            "据了解，国产精品自拍视频在网上流传，警方正在调查。",
            "據了解，國產精品自拍視頻在網上流傳，警方正在調查。",
            "据了解，ＡＶ女优排行在网上流传，警方正在调查此事的来龙去脉。",
            // a family's words: a question list (one stop), a disclaimer, a reprint notice, an
            // opinion disclaimer, a post header, a font switch, a QR prompt, previous/next, a dated list
            "西洋参和人参有什么区别，阿尔兹海默症挂什么科，清蒸鲈鱼要蒸几分钟，手机怎么截长图。",
            "【免责声明】本文仅代表作者本人观点，与本站无关。",
            "本网站所刊载信息，未经授权禁止转载。",
            "網友評論僅供其表達個人看法，並不表明網易立場。",
            "发表于两天前，这篇帖子的内容很长。",
            "字號大小可以在這裡選擇。",
            "掃描二維碼關注公眾號，獲取更多資訊。",
            "上一篇：县公安局召开2024年第一季度治安形势分析会。",
            "6小时前，有网友发帖，7小时前，又有网友跟帖说。",
            // how a line starts: markup, a URL, an ad slot
            "<a href=\"http://x.vip/\">澳门新葡京，点击进入官方网站。</a>。",
            "＜div＞这一行是被注入的标记，后面还有很多很多的文字。",
            "https://www.gov.cn/，这是一个政府网站的地址，请大家访问。",
            "Ad1_300*250，这一行是广告位的编号，不是正文的内容。",
            // too short, no stop, white space where meta matches without it
            "好的。",
            "县里召开森林防火工作会议，部署今冬明春防火工作",
            "字 号：请 选 择 合 适 的 大 小。",
            // a hexagram symbol (CJK, but no letter)
            "䷀乾卦的卦象是六个阳爻，象征天。",
        ] {
            slow(&list, line);
        }
        // a strict phrase removes the line wherever it stands
        slow(&strict, "县里召开森林防火工作会议，部署今冬明春防火工作。");
    }

    /// `word` with each character that has another spelling (traditional, full width) in it.
    fn respelled(word: &str) -> String {
        word.chars().map(|c| crate::text::fold::unfolded().find(|&(_, f)| f == c).map_or(c, |(raw, _)| raw)).collect()
    }

    #[test]
    fn each_gate_sends_its_words_to_the_full_path_within_its_limits() {
        let list = lists(&[]);
        let opts = Options::default();
        let test = ProseTest::new(&opts, &list).expect("the fast path applies");
        let present = |line: &str| {
            let mut f = Found::default();
            for (at, _) in line.char_indices() {
                let _ = test.candidate(line, at, &mut f);
            }
            f.present
        };
        for (g, gate) in GATES.iter().enumerate() {
            for spell in [|w: &str| w.to_string(), respelled] {
                // a word of each list of the gate: in a line within its limits, the fast path does not take it
                let line =
                    format!("{}，这一句。", gate.all_of.iter().map(|l| spell(l[0])).collect::<Vec<_>>().join("，"));
                let lb = Shape { chars: line.chars().count(), stops: 1, clause_punct: 2, ..Shape::default() };
                assert_eq!(present(&line) & test.gates.masks[g], test.gates.masks[g], "gate {g}: {line}");
                if (gate.active)(&lb) {
                    assert_eq!(test.check(&line), None, "gate {g}: {line}");
                }
                // without its last list's word the gate does not fire (another gate may)
                if let Some((_, some)) = gate.all_of.split_last().filter(|(_, some)| !some.is_empty()) {
                    let line = format!("{}，这一句。", some.iter().map(|l| spell(l[0])).collect::<Vec<_>>().join("，"));
                    assert_ne!(present(&line) & test.gates.masks[g], test.gates.masks[g], "gate {g}: {line}");
                }
            }
        }
        assert_ne!(respelled("字号"), "字号", "the test spells words otherwise");
    }

    #[test]
    fn a_line_ending_without_a_full_stop_may_be_a_ticker_of_the_title() {
        let list = lists(&[]);
        // the title run on into other headlines; it ends with an exclamation mark
        let title = "县里召开森林防火工作会议";
        let ticker =
            "县里召开森林防火工作会议，部署今冬明春防火工作，要求各乡镇落实责任，加强巡查，严防火灾发生，确保安全！";
        let fast = ProseTest::new(&Options::default(), &list).and_then(|p| p.check(ticker));
        assert_eq!(fast.map(|f| f.full_stop), Some(false), "the fast path takes it as prose that may be a ticker");
        let got = classify(&list, &[title, ticker]);
        assert!(matches!(got[1], (Class::Removed(_), false)), "{got:?}");
    }

    #[test]
    fn the_first_prose_line_of_a_page_is_its_title_on_the_fast_path_too() {
        let list = lists(&[]);
        let line = "县里召开森林防火工作会议，部署今冬明春防火工作。";
        assert!(ProseTest::new(&Options::default(), &list).and_then(|p| p.check(line)).is_some());
        assert_eq!(classify(&list, &[line, line]), [(Class::Prose, true), (Class::Prose, false)]);
    }

    #[test]
    fn no_fast_path_with_a_site_template() {
        let list = lists(&[]);
        let matcher = crate::site::matcher::Matcher::default();
        let opts = Options { template: Some(std::sync::Arc::new(matcher)), ..Options::default() };
        assert!(ProseTest::new(&opts, &list).is_none());
    }

    #[test]
    fn the_punctuation_counted_in_line_is_neither_space_letter_nor_cjk() {
        let puncts: Vec<char> = (0..=0x10FFFF).filter(|&u| punct_class(u) != 0).filter_map(char::from_u32).collect();
        assert_eq!(puncts.len(), 3 + 10 + 15 + 7 + 24);
        for &c in &puncts {
            assert!(!c.is_whitespace() && !is_alphanumeric(c) && !is_cjk(c), "{c:?}");
        }
        // the three-byte characters of the punctuation's blocks are counted at once as one at a time
        let counts = |n: &Counts| {
            (n.chars, n.letters, n.cjk, n.clause_punct, n.stops, n.spaces, n.more_stops, n.syntax, n.ascii)
        };
        for (base, _) in PUNCT_BLOCKS {
            for c in (base..base + 64).filter_map(char::from_u32) {
                let (mut at_once, mut one) = (Counts::default(), Counts::default());
                let mut b = [0u8; 4];
                c.encode_utf8(&mut b);
                at_once.three(u32::from_le_bytes(b));
                one.other(c);
                assert_eq!(counts(&at_once), counts(&one), "{c:?}");
            }
        }
        // and the scan's own count of the ideographs it passes agrees with the shape's
        let line = "县里召开森林防火工作会议，部署今冬明春防火工作：１２３ａｂｃ　ＡＢ，好。";
        let mut n = Counts::default();
        let mut cursor = Cursor::default();
        let list = lists(&[]);
        let starts = list.raw_starts(&GATE_WORDS.folded).probe();
        while cursor.i < line.len() {
            if let Stop::Other = cursor.run(starts, line.as_bytes(), &mut n) {
                if cursor.i < line.len() {
                    let (key, len) = n.other_at(line, cursor.i).expect("a char");
                    cursor.step(starts, key, len);
                }
            }
        }
        let s = Shape::of(line);
        let ideographs = cursor.ideographs;
        assert_eq!(n.letters + ideographs, s.letters());
        assert_eq!(n.chars + ideographs, s.chars);
        assert_eq!(n.cjk + ideographs, s.cjk);
        assert_eq!((n.stops, n.clause_punct, n.spaces), (s.stops, s.clause_punct, s.spaces > 0));
    }

    #[test]
    fn no_start_of_chrome_passes() {
        for c in ['<', '＜', 'a', 'A', 'ａ', 'Ａ', 'h', 'H', 'ｈ'] {
            assert!(may_start_chrome(c), "{c}");
        }
        for c in ['县', '“', '（', '1', '【', 'b'] {
            assert!(!may_start_chrome(c), "{c}");
        }
    }

    #[test]
    fn the_sentence_marks_the_fast_path_takes_cannot_end_chrome() {
        // the families' tests of how a line ends look for none of these endings
        let ends = ['。', '！', '？', '；', ';', '…', '!', '?', '”', '」', '』', '）', ')', '"'];
        for e in ends {
            assert!(!nav::TEASER_ENDS.iter().any(|t| t.ends_with(e)), "{e}");
            assert!(!template::POSTED_FROM_ENDS.iter().any(|t| t.ends_with(e)), "{e}");
            assert!(e != '>' && e != '前' && !e.is_ascii_digit());
        }
    }
}
