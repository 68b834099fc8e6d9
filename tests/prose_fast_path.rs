//! The prose fast path (src/engine/prose.rs) on real pages: in a debug build
//! (as `cargo test` builds the library) every line it takes is decided by the
//! full path too, and a difference panics. These tests run the dev, web and
//! seed pages and a 2 MB slice of the bench corpus through it, with the
//! learned decision and with the rules alone, with and without the bench's
//! 2000 phrases; they are skipped where `../shared` is missing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use zhclean::internals::{Blocklist, BlocklistBuilder};
use zhclean::{Cleaner, Decision};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.join("eval/dev").is_dir().then_some(p)
}

/// The pages of a labeled set or of the seeds (not the gold texts).
fn pages(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .expect("a folder of pages")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && !p.to_string_lossy().ends_with(".gold.txt"))
        .map(|p| {
            let text = String::from_utf8_lossy(&fs::read(&p).expect("read page")).into_owned();
            (p, text)
        })
        .collect();
    v.sort();
    v
}

/// A cleaner for every combination of decision and list the fast path reads.
fn cleaners(bench: &Path) -> Vec<Cleaner> {
    let mut v = Vec::new();
    for decision in [Decision::Learned, Decision::Rules] {
        for with_bench in [false, true] {
            let mut b = Cleaner::builder().decision(decision.clone());
            if with_bench {
                b = b.blocklist(bench);
            }
            v.push(b.build().expect("a cleaner"));
        }
    }
    v
}

/// Cleans `text` with each of `cleaners` (the debug build checks each line the
/// fast path takes); returns the bytes of the lines it takes with the default
/// lists, and all of `text`'s bytes.
fn clean_every_way(cleaners: &[Cleaner], list: &Blocklist, text: &str) -> (usize, usize) {
    for c in cleaners {
        let _ = c.clean_str(text);
    }
    (taken_bytes(list, text), text.len())
}

/// Bytes of the lines of `text` the fast path takes (repaired and trimmed as the engine does).
fn taken_bytes(list: &Blocklist, text: &str) -> usize {
    text.lines()
        .filter(|l| {
            let fixed = zhclean::repair_line(l);
            let t = fixed.trim();
            !t.is_empty() && zhclean::internals::prose_fast_path(list, false, t)
        })
        .map(|l| l.len() + 1)
        .sum()
}

#[test]
fn the_labeled_and_seed_pages_decide_as_the_full_path_does() {
    let Some(shared) = shared() else {
        eprintln!("../shared not found: skipped");
        return;
    };
    let cleaners = cleaners(&shared.join("bench/blocklist-2000.txt"));
    let list = BlocklistBuilder::with_defaults().build();
    let (mut taken, mut all) = (0, 0);
    for set in ["eval/dev", "eval/web", "seeds"] {
        for (path, text) in pages(&shared.join(set)) {
            eprintln!("{}", path.display());
            let (t, a) = clean_every_way(&cleaners, &list, &text);
            taken += t;
            all += a;
        }
    }
    // the check ran on a good share of the pages' bytes (the fast path is not off)
    assert!(taken * 4 >= all, "the fast path took {taken} of {all} bytes");
}

#[test]
fn a_slice_of_the_bench_corpus_decides_as_the_full_path_does() {
    let Some(shared) = shared() else {
        eprintln!("../shared not found: skipped");
        return;
    };
    let dir = std::env::temp_dir().join(format!("zhclean-prose-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("corpus.txt");
    let made = Command::new("python3")
        .arg(shared.join("bench/make_corpus.py"))
        .args(["--mb", "2", "--out"])
        .arg(&out)
        .output();
    if !made.is_ok_and(|o| o.status.success()) {
        eprintln!("python3 or make_corpus.py failed: skipped");
        let _ = fs::remove_dir_all(&dir);
        return;
    }
    let text = fs::read_to_string(&out).expect("the corpus is UTF-8");
    let _ = fs::remove_dir_all(&dir);
    let cleaners = cleaners(&shared.join("bench/blocklist-2000.txt"));
    let (taken, all) = clean_every_way(&cleaners, &BlocklistBuilder::with_defaults().build(), &text);
    assert!(taken * 2 >= all, "the fast path took {taken} of {all} bytes");
}
