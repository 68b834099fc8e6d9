//! How much of a line each family's phrases cover.

use super::{Family, Hit};

/// How much of a line each family's hits cover, in letters other than digits.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coverage {
    covered: [u16; Family::COUNT],
    distinct: [u8; Family::COUNT],
    first: [Option<u32>; Family::COUNT],
    /// The entry of each family's last hit.
    last: [Option<u32>; Family::COUNT],
}

impl Coverage {
    /// Sums the hits of a folded line.
    pub fn of(folded: &str, hits: &[Hit]) -> Self {
        let mut c = Coverage::default();
        for h in hits {
            c.push(h.family, h.entry, Coverage::letters(folded[h.start..h.end].chars()));
        }
        c
    }

    /// Letters (not digits) among the folded characters of a hit: what it covers.
    pub fn letters(folded: impl Iterator<Item = char>) -> usize {
        folded.filter(|&c| crate::text::charclass::is_alphanumeric(c) && !c.is_ascii_digit()).count()
    }

    /// Adds the next hit of the line, in order: its family, entry and [`Coverage::letters`].
    pub fn push(&mut self, family: Family, entry: u32, letters: usize) {
        let i = family.index();
        self.covered[i] = self.covered[i].saturating_add(letters.min(u16::MAX as usize) as u16);
        if self.last[i] != Some(entry) {
            self.distinct[i] = self.distinct[i].saturating_add(1);
            self.last[i] = Some(entry);
        }
        self.first[i].get_or_insert(entry);
    }

    /// Percent of a line's `letters` (not digits) each family covers (spam,
    /// then the chrome kinds in [`Family::ALL`] order), at most 100.
    pub fn percents(&self, letters: usize) -> [u8; Family::COUNT] {
        let letters = letters.max(1);
        let mut out = [0; Family::COUNT];
        for (c, f) in out.iter_mut().zip(Family::ALL) {
            *c = (self.covered(f) * 100 / letters).min(100) as u8;
        }
        out
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
