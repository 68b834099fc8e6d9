//! The JSON Lines reader on arbitrary bytes: never panics, writes one line for
//! every input line (bad records pass through unchanged), and every record it
//! cleaned is still valid JSON with the same keys.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zhclean::jsonl::{clean_records, Options};
use zhclean::Cleaner;

fn cleaner() -> &'static Cleaner {
    static C: OnceLock<Cleaner> = OnceLock::new();
    C.get_or_init(Cleaner::new)
}

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    let report = clean_records(cleaner(), data, &mut out, &Options::default(), |n, _| bad.push(n))
        .expect("writing to a Vec does not fail");
    assert_eq!(report.bad_records as usize, bad.len());
    let lines_in: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let lines_out: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
    assert_eq!(lines_in.len(), lines_out.len(), "one output line per input line");
    for (i, (a, b)) in lines_in.iter().zip(&lines_out).enumerate() {
        if bad.contains(&(i as u64 + 1)) || a == b {
            assert_eq!(a, b, "a bad record passes through unchanged");
            continue;
        }
        // the reader keeps numbers serde_json's Value cannot hold (1e400): compare only what it can parse
        let Ok(before) = serde_json::from_slice::<serde_json::Value>(a) else { continue };
        let after: serde_json::Value = serde_json::from_slice(b).expect("a cleaned record stays JSON");
        let keys = |v: &serde_json::Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
        assert_eq!(keys(&before), keys(&after), "fields are kept");
    }
});
