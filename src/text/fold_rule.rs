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

impl<'a> Table<'a> {
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

    /// Every character that folds to another one, with what it folds to: the
    /// other spellings of a folded character (see `blocklist::raw`).
    #[allow(dead_code)] // by build.rs and the tests (the library reads the spellings build.rs made)
    pub(crate) fn unfolded(self) -> impl Iterator<Item = (char, char)> + 'a {
        let upper = ('A'..='Z').map(|c| (c, c.to_ascii_lowercase()));
        let first = self.first;
        let t2s = self.t2s;
        let table = self
            .changes
            .iter()
            .enumerate()
            .flat_map(|(w, &bits)| (0..64).filter(move |b| bits >> b & 1 == 1).map(move |b| w * 64 + b));
        let table = table.filter_map(move |off| {
            let raw = char::from_u32(first + off as u32)?;
            Some((raw, char::from_u32(u32::from(*t2s.get(off)?))?))
        });
        let wide =
            (0xFF01..=0xFF5Eu32).chain([0x3000]).filter_map(move |u| Some((char::from_u32(u)?, self.fold_bmp(u)?)));
        upper.chain(table).chain(wide)
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
