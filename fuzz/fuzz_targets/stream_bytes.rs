//! The decoder and the stream engine on arbitrary bytes: encoding detection,
//! transcoding, splitting, oversized lines, and the whole pipeline must never
//! panic, must write valid UTF-8 and must account for every byte read.
#![no_main]

use std::io::{self, Read};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zhclean::Cleaner;

/// Cleaners: detecting, with a small `--max-line`, and with forced encodings.
fn cleaners() -> &'static [Cleaner] {
    static C: OnceLock<Vec<Cleaner>> = OnceLock::new();
    C.get_or_init(|| {
        let mut v = vec![Cleaner::new(), Cleaner::builder().max_line(64).build().expect("cleaner")];
        for label in ["gb18030", "big5", "utf-16le", "utf-16be", "utf-8"] {
            v.push(Cleaner::builder().encoding(label.parse().expect("label")).max_line(100).build().expect("cleaner"));
        }
        v
    })
}

/// Hands out the input in reads of `step` bytes.
struct Steps<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Steps<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, input)) = data.split_first() else { return };
    let cleaners = cleaners();
    let cleaner = &cleaners[pick as usize % cleaners.len()];
    let step = 1 + (pick as usize / cleaners.len()) % 97;

    let mut whole = Vec::new();
    let report = cleaner.clean_stream(input, &mut whole).expect("a slice never fails to read");
    assert!(std::str::from_utf8(&whole).is_ok(), "output is not UTF-8");
    assert_eq!(report.bytes_in, input.len() as u64, "every byte is read");
    assert!(report.kept + report.spam + report.chrome_total() <= report.lines);

    // The UTF-8 engine reading in small steps sees the same lines as one read.
    let mut a = zhclean::WriteSink::new(Vec::new());
    let ra = cleaner.clean_utf8_into(input, &mut a).expect("read");
    let mut b = zhclean::WriteSink::new(Vec::new());
    let rb = cleaner.clean_utf8_into(Steps { data: input, step }, &mut b).expect("read");
    assert_eq!(ra, rb, "the report depends on read sizes");
    assert_eq!(a.finish().expect("vec"), b.finish().expect("vec"), "the output depends on read sizes");
});
