//! [`Report`]: the counts of a run, added up over files and records with `+`.

use std::ops::{Add, AddAssign};

/// Counts of one run (or, added up, of many).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The encoding the input was decoded with.
    pub encoding: &'static str,
    /// Input lines.
    pub lines: u64,
    /// Lines written out.
    pub kept: u64,
    /// Lines removed as spam.
    pub spam: u64,
    /// Lines removed as chrome, by kind (in [`Kind::ALL`](crate::Kind::ALL) order).
    pub chrome: [u64; 7],
    /// Kept lines that were repaired.
    pub repaired: u64,
    /// Bytes read.
    pub bytes_in: u64,
    /// Whether malformed bytes were replaced by U+FFFD.
    pub replaced: bool,
    /// Lines of a UTF-8 input that were not UTF-8 but valid GB18030, decoded as such.
    pub gb18030_lines: u64,
    /// Lines longer than the limit, passed through unchanged.
    pub oversized_lines: u64,
    /// Whether the encoding was a guess from too little text (see `--encoding`).
    pub encoding_guessed: bool,
}

impl Report {
    /// Lines removed as chrome of all kinds.
    pub fn chrome_total(&self) -> u64 {
        self.chrome.iter().sum()
    }
}

impl AddAssign<&Report> for Report {
    /// Adds another report's counts (the encoding stays this one's).
    fn add_assign(&mut self, o: &Report) {
        self.lines += o.lines;
        self.kept += o.kept;
        self.spam += o.spam;
        for (a, b) in self.chrome.iter_mut().zip(o.chrome) {
            *a += b;
        }
        self.repaired += o.repaired;
        self.bytes_in += o.bytes_in;
        self.replaced |= o.replaced;
        self.gb18030_lines += o.gb18030_lines;
        self.oversized_lines += o.oversized_lines;
        self.encoding_guessed |= o.encoding_guessed;
    }
}

impl Add<&Report> for Report {
    type Output = Report;

    fn add(mut self, o: &Report) -> Report {
        self += o;
        self
    }
}
