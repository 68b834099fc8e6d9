//! How much of a line each family's phrases cover.

use super::{Family, Hit};

/// How much of a line each family's hits cover, in letters other than digits.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coverage {
    covered: [u16; Family::COUNT],
    distinct: [u8; Family::COUNT],
    first: [Option<u32>; Family::COUNT],
}

impl Coverage {
    /// Sums the hits of a folded line.
    pub fn of(folded: &str, hits: &[Hit]) -> Self {
        let mut c = Coverage::default();
        let mut last_entry: [Option<u32>; Family::COUNT] = [None; Family::COUNT];
        for h in hits {
            let i = h.family.index();
            let n = folded[h.start..h.end]
                .chars()
                .filter(|&c| crate::text::charclass::is_alphanumeric(c) && !c.is_ascii_digit())
                .count();
            c.covered[i] = c.covered[i].saturating_add(n.min(u16::MAX as usize) as u16);
            if last_entry[i] != Some(h.entry) {
                c.distinct[i] = c.distinct[i].saturating_add(1);
                last_entry[i] = Some(h.entry);
            }
            c.first[i].get_or_insert(h.entry);
        }
        c
    }

    /// Letters (not digits) covered by the family's phrases.
    pub fn covered(&self, f: Family) -> usize {
        self.covered[f.index()] as usize
    }

    /// Number of hits of the family (repeats of one phrase next to each other count once).
    pub fn hits(&self, f: Family) -> usize {
        self.distinct[f.index()] as usize
    }

    /// The first entry of the family that matched.
    pub fn first(&self, f: Family) -> Option<u32> {
        self.first[f.index()]
    }

    /// Letters covered by all chrome families together.
    pub fn chrome_covered(&self) -> usize {
        self.covered[1..].iter().map(|&n| n as usize).sum()
    }
}
