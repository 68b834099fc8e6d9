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
//! [`ProseTest::check`] makes one pass over the line's characters with the
//! lists' raw start filters ([`RawStarts`]: every spelling of each phrase's
//! first two characters), checks each position they let through with the
//! phrase trie, and counts the characters the prose test and the families'
//! limits read. The counts are lower bounds (every test reads them as "at
//! least" or "at most", so a bound can only send a line to the full path). It
//! is a pure function of the line, the lists and the options.
//!
//! In debug builds every line this step proves prose is decided by the full
//! path too, and a difference panics (see [`super::classify`]).

use std::sync::LazyLock;

use super::context;
use super::options::{Decision, Options};
use crate::blocklist::{pair_hash, Blocklist, BlocklistBuilder, Coverage, Family, Probe, RawStarts};
use crate::rules::{ending, footer, meta, nav, share, spam, template, Shape, CLOSING};
use crate::text::charclass::{is_alphanumeric, is_cjk};
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

/// The characters a line may start with and still be prose: not one that folds
/// to the first character of injected markup, a lone URL or an ad slot.
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
    /// Three-byte characters other than the ideographs of U+4000..=U+9FFF counted by [`Counts::three`].
    threes: usize,
}

impl Counts {
    /// Counts a three-byte character (its bytes, little-endian) other than the
    /// ideographs of U+4000..=U+9FFF.
    #[inline(never)]
    fn three(&mut self, word: u32) {
        self.threes += 1;
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
            let u = u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
            self.other(char::from_u32(u)?);
            return Some((u32::from_le_bytes([lead, b1, b2, 0]), 3));
        }
        let c = text.get(i..)?.chars().next()?;
        let len = c.len_utf8();
        self.other(c);
        let mut b = [0u8; 4];
        c.encode_utf8(&mut b);
        Some((u32::from_le_bytes(b), len))
    }

    fn other(&mut self, c: char) {
        match c {
            // punctuation of Chinese text: neither white space nor a letter (a test checks)
            '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{2010}'..='\u{2027}' => {
                self.chars += 1;
                match c {
                    '。' | '！' | '？' => {
                        self.stops += 1;
                        self.clause_punct += 1;
                    }
                    '，' | '；' | '、' => self.clause_punct += 1,
                    _ => {}
                }
            }
            _ if c.is_whitespace() => self.spaces = true,
            _ => {
                self.chars += 1;
                if is_alphanumeric(c) && !c.is_ascii_digit() {
                    self.letters += 1;
                }
                if is_cjk(c) {
                    self.cjk += 1;
                }
            }
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
    /// The lengths of the two characters before it (low byte: the one before).
    lens: u32,
    /// Three-byte characters [`Cursor::run`] moved past.
    threes: usize,
}

/// Where [`Cursor::run`] stopped.
enum Stop {
    /// At a start the filter lets through.
    Start(usize),
    /// Before a character other than such an ideograph (or the end).
    Other,
}

impl Cursor {
    /// The byte where the character two before the next one starts.
    #[inline(always)]
    fn at2(&self) -> usize {
        self.i - (self.lens & 0xFF) as usize - (self.lens >> 8) as usize
    }

    /// Moves past the character of key `key`, `len` bytes; returns the start
    /// two characters back if the filter lets it through.
    #[inline(always)]
    fn step(&mut self, starts: Probe<'_>, key: u32, len: usize) -> Option<usize> {
        let hit = self.ones & 2 != 0 || (self.pair2 && starts.after_pair(self.ab, Some(key)));
        let at = self.at2();
        self.ab = pair_hash(self.k1, key);
        self.pair2 = starts.pair(self.ab);
        self.ones = (self.ones << 1 | u32::from(starts.one(key))) & 3;
        self.k1 = key;
        self.lens = (self.lens << 8 | len as u32) & 0xFFFF;
        self.i += len;
        hit.then_some(at)
    }

    /// The starts left at the end of the line, at its last two characters:
    /// the first if `two_back` (else the last).
    #[inline(always)]
    fn last(&self, starts: Probe<'_>, two_back: bool) -> Option<usize> {
        if two_back {
            let pair = self.pair2 && starts.after_pair(self.ab, None);
            (pair || self.ones & 2 != 0).then(|| self.at2())
        } else {
            (self.ones & 1 != 0).then(|| self.i - (self.lens & 0xFF) as usize)
        }
    }

    /// Moves over the three-byte characters (most characters of a page), up
    /// to a start the filter lets through or another character; counts those
    /// other than the ideographs of U+4000..=U+9FFF in `n`.
    #[inline(never)]
    fn run(&mut self, starts: Probe<'_>, bytes: &[u8], n: &mut Counts) -> Stop {
        let from = self.i;
        let mut tail = bytes.get(from..).unwrap_or_default();
        // in registers through the loop; the lengths are known once two characters are passed
        let Cursor { mut k1, mut ab, mut pair2, mut ones, .. } = *self;
        let stop = loop {
            // four bytes at once (the line's last character is left to the caller)
            let Some(&word) = tail.first_chunk::<4>() else { break Stop::Other };
            let word = u32::from_le_bytes(word);
            if (word as u8).wrapping_sub(0xE4) >= 6 {
                // other three-byte characters (punctuation) are counted on the way
                if word & 0xF0 != 0xE0 {
                    break Stop::Other;
                }
                n.three(word);
            }
            // the key of the character (its bytes, see RawStarts), without decoding it
            let key = word & 0x00FF_FFFF;
            let hit = ones & 2 != 0 || (pair2 && starts.after_pair(ab, Some(key)));
            ab = pair_hash(k1, key);
            pair2 = starts.pair(ab);
            ones = (ones << 1 | u32::from(starts.one(key))) & 3;
            k1 = key;
            if hit {
                break Stop::Start(bytes.len() - tail.len());
            }
            tail = &tail[3..];
        };
        // the start of a hit, two characters before the one at `here`
        let here = bytes.len() - tail.len();
        let passed = (here - from) / 3;
        let back = match passed {
            0 => (self.lens & 0xFF) + (self.lens >> 8),
            1 => 3 + (self.lens & 0xFF),
            _ => 6,
        } as usize;
        // the characters this run moved past, and the lengths of the last two of them
        let (stop, i) = match stop {
            Stop::Start(_) => (Stop::Start(here - back), here + 3),
            Stop::Other => (Stop::Other, here),
        };
        let lens = match (i - from) / 3 {
            0 => self.lens,
            1 => (self.lens << 8 | 3) & 0xFFFF,
            _ => 0x0303,
        };
        let threes = self.threes + (i - from) / 3;
        *self = Cursor { i, k1, ab, pair2, ones, lens, threes };
        stop
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
        let ideographs = scan.threes - n.threes;
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
        Some(FastProse { cover, full_stop: lb.ends_full_stop })
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
/// [`Shape::ends_full_stop`]); `None` unless it ends with a stop (`。！？；;`),
/// or a closing quote or bracket right after `。！？`.
fn ending_of(text: &str) -> Option<(bool, bool)> {
    let mut rev = text.chars().rev();
    let (last, before) = (rev.next()?, rev.next()?);
    let stop = |c: char| matches!(c, '。' | '！' | '？');
    let ok = stop(last) || matches!(last, '；' | ';') || (CLOSING.contains(&last) && stop(before));
    // the shape's own test (it skips white space, which is not here)
    ok.then(|| ending(Some(last), Some(before)))
}
