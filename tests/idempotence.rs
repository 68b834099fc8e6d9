//! Cleaning a real page's output again with the rules alone
//! (`--rules-only`) changes nothing: every page of the dev set and the seeds
//! (skipped where ../shared is missing). The learned decision weighs a line's
//! neighbours, which a second pass changes, so it promises no fixed point.

use std::fs;
use std::path::Path;

#[test]
fn real_pages_clean_to_a_fixed_point() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut pages = Vec::new();
    for dir in ["eval/dev", "seeds"] {
        let Ok(entries) = fs::read_dir(shared.join(dir)) else {
            eprintln!("{dir} not found: skipped");
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.to_string_lossy().into_owned();
            if name.ends_with(".txt") && !name.ends_with(".gold.txt") {
                pages.push(p);
            }
        }
    }
    let cleaner = zhclean::Cleaner::builder().decision(zhclean::Decision::Rules).build().expect("cleaner");
    for p in &pages {
        let bytes = fs::read(p).expect("read page");
        let mut once = Vec::new();
        cleaner.clean_stream(&bytes[..], &mut once).expect("clean");
        let mut twice = Vec::new();
        cleaner.clean_stream(&once[..], &mut twice).expect("clean again");
        assert_eq!(String::from_utf8_lossy(&twice), String::from_utf8_lossy(&once), "{}", p.display());
    }
}
