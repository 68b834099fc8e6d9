//! A bounded memo of the stateless steps' results for short lines: menus,
//! footers, dates and share prompts repeat from page to page (in the 8 MB
//! slice of the bench corpus, 66% of the lines up to 64 bytes and 49% of
//! those of 65 to 128 bytes are repeats), and what
//! [`LineSteps::prepare`](super::classify::LineSteps::prepare) makes of a
//! line is a function of its text alone (for one run's options), so a repeat
//! is answered from the memo, exactly.
//!
//! The memo is direct-mapped: each line has one slot, by a hash of its text;
//! a new line takes the slot over. Memory stays bounded by the slots, and
//! their buffers are reused.

use super::classify::Prepared;

/// Lines longer than this many bytes are not remembered: longer lines
/// repeat less, and cost more to compare and hold. (Callgrind, 8 MB slice,
/// -j 1: no memo 1,173 M instructions; up to 64 bytes 1,083 M; up to 128
/// bytes 1,051 M; up to 256 bytes with 16,384 slots 1,031 M, but that holds
/// up to 13 MB. On the dev and web pages, with few repeats, the memo costs 0.1%.)
const MAX_LEN: usize = 128;

/// How many lines are remembered at most (a power of two): about 2 MB a
/// thread when full (4× as many saved only 0.5% more).
const SLOTS: usize = 4096;

/// A remembered line.
#[derive(Default)]
struct Slot {
    line: String,
    folded: String,
    prepared: Option<Prepared>,
}

/// The memo of one thread's stateless steps.
#[derive(Default)]
pub(crate) struct Memo {
    /// Allocated on first use (many inputs are small).
    slots: Vec<Slot>,
}

impl Memo {
    /// Whether a line is short enough to be remembered.
    #[inline]
    pub fn fits(line: &str) -> bool {
        !line.is_empty() && line.len() <= MAX_LEN
    }

    /// What was prepared of `line` before, if it is remembered; its folded text goes into `folded`.
    #[inline]
    pub fn get(&self, line: &str, folded: &mut String) -> Option<Prepared> {
        let slot = self.slots.get(slot_of(line))?;
        let p = slot.prepared.as_ref().filter(|_| slot.line == line)?;
        if p.keeps_folded() {
            folded.clear();
            folded.push_str(&slot.folded);
        }
        Some(p.clone())
    }

    /// Remembers what was prepared of `line`, and its folded text.
    pub fn put(&mut self, line: &str, p: &Prepared, folded: &str) {
        if self.slots.is_empty() {
            self.slots.resize_with(SLOTS, Slot::default);
        }
        let slot = &mut self.slots[slot_of(line)];
        slot.line.clear();
        slot.line.push_str(line);
        slot.folded.clear();
        if p.keeps_folded() {
            slot.folded.push_str(folded);
        }
        slot.prepared = Some(p.clone());
    }
}

/// The slot of a line: a multiplicative hash of its bytes, eight at a time.
#[inline]
fn slot_of(line: &str) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = line.len() as u64;
    let mut chunks = line.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let mut w = [0u8; 8];
    w[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    (h >> (64 - SLOTS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::classify::Facts;

    fn prepared(facts: Facts) -> Prepared {
        Prepared { fixed: None, repairs: Default::default(), facts, cover: [0; 8], measures: None, folded: true }
    }

    #[test]
    fn a_line_is_answered_only_for_itself() {
        let mut m = Memo::default();
        let mut folded = String::new();
        assert!(m.get("首页", &mut folded).is_none());
        let open = Facts::Open { weak: None, letters: 2, cjk: 2, ends_full_stop: false, byline: false };
        m.put("首頁", &prepared(open), "首页");
        let got = m.get("首頁", &mut folded).expect("remembered");
        assert_eq!((got.facts, folded.as_str()), (open, "首页"));
        assert!(m.get("首页", &mut folded).is_none());
        // a line that takes its slot over replaces it
        let other =
            (0..10_000).map(|i| format!("第{i}页")).find(|l| slot_of(l) == slot_of("首頁")).expect("a collision");
        m.put(&other, &prepared(Facts::Blank), "");
        assert!(m.get("首頁", &mut folded).is_none());
        assert_eq!(m.get(&other, &mut folded).map(|p| p.facts), Some(Facts::Blank));
    }

    #[test]
    fn slots_spread() {
        let used: std::collections::HashSet<usize> = (0..SLOTS).map(|i| slot_of(&format!("line {i}"))).collect();
        assert!(used.len() > SLOTS / 2, "{} slots of {SLOTS}", used.len());
        assert!(!Memo::fits("") && Memo::fits("首页") && Memo::fits(&"页".repeat(42)) && !Memo::fits(&"页".repeat(43)));
    }
}
