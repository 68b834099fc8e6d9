//! How one character folds, given the traditional-to-simplified table.
//!
//! Shared with `build.rs` (included there by path), which folds the built-in
//! lists' phrases at compile time with the table it has just made: one
//! definition of folding for the phrases and for the text they are matched in.

/// The traditional-to-simplified table: the simplified form of each code
/// point from `first` (0 where it has none), and one bit per entry, set
/// where it is not 0 (a small bitmap that stays in L1 cache).
#[derive(Clone, Copy)]
pub(crate) struct Table<'a> {
    pub(crate) first: u32,
    pub(crate) t2s: &'a [u16],
    pub(crate) changes: &'a [u64],
}

impl Table<'_> {
    /// The folded form of a three-byte character (U+0800..=U+FFFF), if it differs.
    #[inline(always)]
    pub(crate) fn fold_bmp(self, u: u32) -> Option<char> {
        let off = u.wrapping_sub(self.first) as usize;
        if off < self.t2s.len() {
            if self.changes[off / 64] >> (off % 64) & 1 == 0 {
                return None;
            }
            return char::from_u32(u32::from(self.t2s[off]));
        }
        match u {
            0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).map(|a| a.to_ascii_lowercase()),
            0x3000 => Some(' '),
            _ => None,
        }
    }

    /// The folded form of any character.
    #[inline]
    #[allow(dead_code)] // read by build.rs
    pub(crate) fn fold_char(self, c: char) -> char {
        let u = c as u32;
        match u {
            0..=0x7F => c.to_ascii_lowercase(),
            // every other character that folds is a three-byte one
            0x800..=0xFFFF => self.fold_bmp(u).unwrap_or(c),
            _ => c,
        }
    }
}
