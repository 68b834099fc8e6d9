//! The cleaner on arbitrary text: never panics, writes only input lines or
//! their repairs in order, and (without repairs, which follow score.py's one
//! level of glosses) cleaning its own output again changes nothing.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zhclean::Cleaner;

fn cleaners() -> &'static (Cleaner, Cleaner) {
    static C: OnceLock<(Cleaner, Cleaner)> = OnceLock::new();
    C.get_or_init(|| {
        // default options: the idempotence check covers the lookahead horizon too
        (Cleaner::new(), Cleaner::builder().repair(false).build().expect("cleaner"))
    })
}

/// Lines without endings, split as LABELING.md does.
fn lines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                out.push(&rest[..i]);
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                out.push(rest);
                break;
            }
        }
    }
    out
}

fuzz_target!(|text: &str| {
    let (repairing, plain) = cleaners();

    let cleaned = repairing.clean_str(text);
    assert_eq!(cleaned.lines.len(), lines(text).len(), "every line is decided once");
    let input = lines(text);
    let mut next = 0;
    for out in lines(&cleaned.text) {
        let found = input[next..].iter().position(|l| *l == out || zhclean::repair_line(l) == out);
        match found {
            Some(p) => next += p + 1,
            None => panic!("output line {out:?} is not a later input line or its repair"),
        }
    }

    let once = plain.clean_str(text).text;
    let twice = plain.clean_str(&once).text;
    assert!(once == twice, "cleaning the output again changed it:\n{once:?}\n{twice:?}");
});
