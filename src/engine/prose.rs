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
use super::options::Options;
use crate::blocklist::{Blocklist, BlocklistBuilder, Coverage, Family, RawStarts};
use crate::rules::{footer, meta, nav, share, spam, template, Measure, Shape, CLOSING};
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
    let bits = words.entries().iter().map(|e| by_word.get(&fold(&e.phrase)).copied().unwrap_or(0)).collect();
    GateWords { words, bits, masks }
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
    let f = fold_char(first);
    let starts = spam::MARKUP_TAGS.iter().chain(template::MARKUP_TAGS).chain(template::URL_SCHEMES);
    starts.chain([&template::AD_SLOT]).any(|s| s.starts_with(f))
}

/// The fast path over one input's lists and options.
pub(crate) struct ProseTest<'c> {
    list: &'c Blocklist,
    starts: &'c RawStarts,
    gates: &'static GateWords,
    gate_starts: &'static RawStarts,
    /// Whether the learned decision reads what the lists cover.
    cover: bool,
}

/// Lower bounds of a line's counts, taken in the scan.
#[derive(Default)]
struct Counts {
    chars: usize,
    cjk: usize,
    clause_punct: usize,
    stops: usize,
    spaces: bool,
}

impl<'c> ProseTest<'c> {
    /// The fast path, or `None` where it does not apply: with a site
    /// template (whose lines are matched before the families look).
    pub fn new(opts: &Options, list: &'c Blocklist) -> Option<Self> {
        if opts.template.is_some() {
            return None;
        }
        let gates = &*GATE_WORDS;
        Some(ProseTest {
            list,
            starts: list.raw_starts(),
            gates,
            gate_starts: gates.words.raw_starts(),
            cover: opts.decision.model().is_some(),
        })
    }

    /// Whether a (repaired, trimmed, non-empty) line is prose with no finding
    /// of any family, as the full path would classify it (but for the title,
    /// see [`FastProse::full_stop`]); `None` if that is not certain.
    #[inline]
    pub fn check(&self, text: &str) -> Option<FastProse> {
        let ending = ending(text)?;
        if may_start_chrome(text.chars().next()?) {
            return None;
        }
        let mut n = Counts::default();
        let mut cover = Coverage::default();
        let mut covered = false;
        let mut present = 0u64;
        let mut resume = 0; // where the next hit may start, as in the full path's leftmost-longest matching
        let mut prev: Option<(usize, u32)> = None;
        for (i, c) in text.char_indices() {
            let u = c as u32;
            if (0x4E00..=0x9FFF).contains(&u) {
                n.cjk += 1;
                n.chars += 1;
            } else if c.is_whitespace() {
                n.spaces = true;
            } else {
                n.chars += 1;
                match c {
                    '。' | '！' | '？' => {
                        n.stops += 1;
                        n.clause_punct += 1;
                    }
                    '，' | '；' | '、' => n.clause_punct += 1,
                    _ => {}
                }
            }
            if let Some((at, p)) = prev {
                self.at(text, at, p, Some(u), &mut cover, &mut covered, &mut resume, &mut present)?;
            }
            prev = Some((i, u));
        }
        if let Some((at, p)) = prev {
            self.at(text, at, p, None, &mut cover, &mut covered, &mut resume, &mut present)?;
        }
        let lb = Shape {
            chars: n.chars,
            alnum: n.cjk,
            cjk: n.cjk,
            digits: 0,
            clause_punct: n.clause_punct,
            stops: n.stops,
            ends_sentence: ending.ends_sentence,
            ends_full_stop: ending.ends_full_stop,
            spaces: 0,
        };
        // a stop and a sentence: what makes every family give up but those of GATES
        if lb.stops == 0 || !lb.is_sentence() || !context::is_prose(&lb) {
            return None;
        }
        let gates = self.gates.masks.iter().zip(GATES);
        if gates.clone().any(|(&mask, g)| present & mask == mask && (g.active)(&lb)) {
            return None;
        }
        // meta matches its words with the white space taken out, which the scan does not
        if n.spaces && !meta::exits_early(&lb) {
            return None;
        }
        let cover = if covered { cover.percents(Shape::of(text).letters()) } else { [0; Family::COUNT] };
        Some(FastProse { cover, full_stop: lb.ends_full_stop })
    }

    /// Checks the position `at` (raw character `a`, then `b`) for phrases of
    /// the lists and for the gates' words; `None` if a spam or strict phrase starts there.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn at(
        &self,
        text: &str,
        at: usize,
        a: u32,
        b: Option<u32>,
        cover: &mut Coverage,
        covered: &mut bool,
        resume: &mut usize,
        present: &mut u64,
    ) -> Option<()> {
        let may = |s: &RawStarts| b.is_some_and(|b| s.may_start_pair(a, b)) || s.may_be_single(a);
        if may(self.starts) {
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
            if let Some((e, end)) = longest.filter(|_| self.cover && at >= *resume) {
                let letters = Coverage::letters(text[at..end].chars().map(fold_char));
                cover.push(entries[e as usize].family, e, letters);
                *covered = true;
                *resume = end;
            }
        }
        if may(self.gate_starts) {
            self.gates.words.phrases_at_raw(text, at, |e, _| *present |= self.gates.bits[e as usize]);
        }
        Some(())
    }
}

/// How a line ends, as [`Shape`] says.
struct Ending {
    ends_sentence: bool,
    ends_full_stop: bool,
}

/// The ending of a line that may be prose: a stop (`。！？；;`), or a closing
/// quote or bracket right after `。！？`; `None` for any other.
fn ending(text: &str) -> Option<Ending> {
    let mut rev = text.chars().rev();
    let (last, before) = (rev.next()?, rev.next()?);
    let stop = |c: char| matches!(c, '。' | '！' | '？');
    if !(stop(last) || matches!(last, '；' | ';') || (CLOSING.contains(&last) && stop(before))) {
        return None;
    }
    // the shape's own test, on the last two characters (the shape skips white space: none here)
    if before.is_whitespace() {
        return None;
    }
    let mut m = Measure::default();
    m.push(before);
    m.push(last);
    let s = m.finish();
    Some(Ending { ends_sentence: s.ends_sentence, ends_full_stop: s.ends_full_stop })
}
