//! Generates, into `OUT_DIR`:
//!
//! - `t2s_table.rs`: the traditional-to-simplified character table used by
//!   `fold`. The pairs come from the `simplet2s` crate (MIT), asked one
//!   character at a time at build time, so the binary carries a dense lookup
//!   table and no conversion code runs on the hot path.
//! - `blocklists.rs` (with `.bin` tables): the built-in blocklists of
//!   `blocklists/`, read, folded and compiled here into the matcher's own
//!   tables (the trie and the start filter), so that a run using them does no
//!   work at start-up. The list format, the folding rule, the trie and the
//!   filter are the crate's own files, included by path.
//! - the learned decision's trees as code, from `src/engine/learned/model.txt`
//!   (`src/engine/learned/codegen.rs`).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/text/fold_rule.rs"]
mod fold_rule;
#[path = "src/engine/learned/codegen.rs"]
mod learned_model;
#[allow(dead_code)]
#[path = "src/blocklist/list.rs"]
mod list;
#[allow(dead_code)]
#[path = "src/blocklist/raw.rs"]
mod raw;
#[allow(dead_code)]
#[path = "src/blocklist/start.rs"]
mod start;
#[allow(dead_code)]
#[path = "src/blocklist/trie.rs"]
mod trie;

/// First and last code points of the dense table (CJK Extension A + Unified Ideographs).
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

/// The built-in lists, in the order they are added, each with the family of
/// its phrases (as Rust code; a `#! kind:` line in a file switches it).
const LISTS: &[(&str, &str)] = &[
    ("spam.txt", "Family::Spam"),
    // phrases from public word lists (sources and licences in the file's header)
    ("spam-public.txt", "Family::Spam"),
    ("share.txt", "Family::Chrome(Kind::Share)"),
    ("nav.txt", "Family::Chrome(Kind::Nav)"),
    ("footer.txt", "Family::Chrome(Kind::Footer)"),
    ("meta.txt", "Family::Chrome(Kind::Meta)"),
    ("template.txt", "Family::Chrome(Kind::Template)"),
];

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let (table, bits) = t2s_table();
    fs::write(Path::new(&out).join("t2s_table.rs"), t2s_source(&table, &bits)).expect("write t2s table");
    let fold = fold_rule::Table { first: FIRST, t2s: &table, changes: &bits };
    fs::write(Path::new(&out).join("blocklists.rs"), blocklists(fold, &out)).expect("write blocklists");
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    learned_model::generate(Path::new(&manifest), Path::new(&out));
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=blocklists");
    for f in [
        "src/text/fold_rule.rs",
        "src/blocklist/list.rs",
        "src/blocklist/raw.rs",
        "src/blocklist/start.rs",
        "src/blocklist/trie.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
}

/// The simplified form of each code point from `FIRST` (0 where it has none),
/// and one bit per entry, set where it is not 0.
fn t2s_table() -> (Vec<u16>, Vec<u64>) {
    let mut table = vec![0u16; (LAST - FIRST + 1) as usize];
    let mut buf = [0u8; 4];
    for cp in FIRST..=LAST {
        let Some(c) = char::from_u32(cp) else { continue };
        let simplified = simplet2s::convert(c.encode_utf8(&mut buf));
        let mut chars = simplified.chars();
        if let (Some(s), None) = (chars.next(), chars.next()) {
            let s = s as u32;
            if s != cp && s <= 0xFFFF {
                table[(cp - FIRST) as usize] = s as u16;
            }
        }
    }
    let mut bits = vec![0u64; table.len().div_ceil(64)];
    for (i, v) in table.iter().enumerate() {
        if *v != 0 {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    (table, bits)
}

fn t2s_source(table: &[u16], bits: &[u64]) -> String {
    let mut out = String::with_capacity(table.len() * 7);
    writeln!(out, "/// First code point covered by [`T2S`].").unwrap();
    writeln!(out, "pub(crate) const T2S_FIRST: u32 = {FIRST:#x};").unwrap();
    writeln!(out, "/// Simplified form of each code point from `T2S_FIRST`, 0 where it has none.").unwrap();
    write!(out, "pub(crate) static T2S: [u16; {}] = [", table.len()).unwrap();
    for v in table {
        write!(out, "{v},").unwrap();
    }
    out.push_str("];\n");
    // One bit per entry, set where it is not 0: most characters of a page do not change, and
    // this 3.4 KiB bitmap answers that from L1 cache where the 54 KiB table would miss it.
    writeln!(out, "/// Bit `i` is set where `T2S[i]` is not 0.").unwrap();
    write!(out, "pub(crate) static T2S_CHANGES: [u64; {}] = [", bits.len()).unwrap();
    for v in bits {
        write!(out, "{v:#x},").unwrap();
    }
    out.push_str("];\n");
    out
}

/// Reads the built-in lists as `BlocklistBuilder::add_text` does (folded
/// duplicates kept once; a later certain phrase takes the place of an
/// uncertain one) and writes their entries, trie and start filter.
fn blocklists(fold: fold_rule::Table<'_>, out_dir: &str) -> String {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("blocklists");
    // (phrase, family, strict)
    let mut entries: Vec<(String, String, bool)> = Vec::new();
    let mut trie = trie::CharTrie::default();
    let mut texts = String::new();
    for (file, family) in LISTS {
        let path = dir.join(file);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        writeln!(texts, "    ({family}, include_str!({:?})),", path.display().to_string()).unwrap();
        let (mut family, mut strict) = (family.to_string(), false);
        for (_, line) in list::lines(&text) {
            match line {
                list::Line::Strict(on) => strict = on,
                list::Line::Kind(k, _) => family = family_code(k),
                list::Line::Phrase(phrase) => {
                    let folded: String = phrase.chars().map(|c| fold.fold_char(c)).collect();
                    if folded.is_empty() {
                        continue;
                    }
                    let entry = (phrase.to_string(), family.clone(), strict);
                    match trie.insert(&folded, entries.len() as u32) {
                        None => entries.push(entry),
                        Some(i) if strict && !entries[i as usize].2 => entries[i as usize] = entry,
                        Some(_) => {}
                    }
                }
            }
        }
    }
    let starts = start::StartFilter::of_trie(&trie, entries.len());
    let ([pairs, singles, thirds], single_low) = starts.parts();
    let bin = |name: &str, bytes: &[u8]| {
        let path = Path::new(out_dir).join(name);
        fs::write(&path, bytes).expect("write a blocklist table");
        format!("&Aligned(*include_bytes!({:?}))", path.display().to_string())
    };
    let mut s = String::new();
    writeln!(s, "/// The entries of the built-in lists, as `BlocklistBuilder::add_text` makes them.").unwrap();
    writeln!(s, "static DEFAULT_ENTRIES: [Entry; {}] = [", entries.len()).unwrap();
    for (phrase, family, strict) in &entries {
        writeln!(s, "    Entry {{ phrase: Cow::Borrowed({phrase:?}), family: {family}, strict: {strict} }},").unwrap();
    }
    writeln!(s, "];").unwrap();
    writeln!(s, "/// Whether some entry of the built-in lists is strict.").unwrap();
    writeln!(s, "const DEFAULT_HAS_STRICT: bool = {};", entries.iter().any(|e| e.2)).unwrap();
    writeln!(s, "/// The table of the built-in lists' trie (see `CharTrie::table`).").unwrap();
    writeln!(s, "static DEFAULT_TRIE: &Aligned<[u8; {}]> = {};", trie.table().len(), bin("trie.bin", trie.table()))
        .unwrap();
    writeln!(s, "const DEFAULT_TRIE_NODES: u32 = {};", trie.nodes()).unwrap();
    writeln!(s, "const DEFAULT_TRIE_EDGES: usize = {};", trie.edges()).unwrap();
    writeln!(s, "/// The built-in lists' start filter (see `StartFilter::parts`).").unwrap();
    writeln!(s, "static DEFAULT_PAIRS: &Aligned<[u8; {}]> = {};", pairs.len(), bin("pairs.bin", pairs)).unwrap();
    writeln!(s, "static DEFAULT_SINGLES: &Aligned<[u8; {}]> = {};", singles.len(), bin("singles.bin", singles))
        .unwrap();
    writeln!(s, "static DEFAULT_THIRDS: &Aligned<[u8; {}]> = {};", thirds.len(), bin("thirds.bin", thirds)).unwrap();
    writeln!(s, "const DEFAULT_SINGLE_LOW: u64 = {single_low:#x};").unwrap();
    // the raw start filter of the prose fast path (see `raw::RawStarts::to_bytes`)
    let spell = raw::Spellings::new(fold.unfolded());
    writeln!(s, "/// The spellings of the fold table (see `Spellings::to_source`).").unwrap();
    s.push_str(&spell.to_source("DEFAULT_SPELLINGS"));
    let raw = raw::RawStarts::of_prefixes(&spell, |each| trie.for_each_prefix(|p, ends| each(p, ends)));
    let ([pairs, three, two, one], one_low) = raw.to_bytes();
    writeln!(s, "/// The built-in lists' raw start filter (see `RawStarts::to_bytes`).").unwrap();
    writeln!(s, "static DEFAULT_RAW_PAIRS: &Aligned<[u8; {}]> = {};", pairs.len(), bin("raw-pairs.bin", &pairs))
        .unwrap();
    writeln!(s, "static DEFAULT_RAW_THREE: &Aligned<[u8; {}]> = {};", three.len(), bin("raw-three.bin", &three))
        .unwrap();
    writeln!(s, "static DEFAULT_RAW_TWO: &Aligned<[u8; {}]> = {};", two.len(), bin("raw-two.bin", &two)).unwrap();
    writeln!(s, "static DEFAULT_RAW_ONE: &Aligned<[u8; {}]> = {};", one.len(), bin("raw-one.bin", &one)).unwrap();
    writeln!(s, "const DEFAULT_RAW_ONE_LOW: u64 = {one_low:#x};").unwrap();
    writeln!(s, "/// The built-in lists' texts, each with the family of its phrases.").unwrap();
    writeln!(s, "#[cfg(test)]").unwrap();
    writeln!(s, "const DEFAULT_TEXTS: [(Family, &str); {}] = [\n{texts}];", LISTS.len()).unwrap();
    s
}

/// The family a `#! kind:` line in a built-in list names, as Rust code (a
/// kind that is not a variant of `Kind` fails the build instead of warning at every run).
fn family_code(kind: &str) -> String {
    let kind = kind.to_ascii_lowercase();
    match kind.split_at_checked(1) {
        _ if kind == "spam" => "Family::Spam".to_string(),
        Some((first, rest)) => format!("Family::Chrome(Kind::{}{rest})", first.to_ascii_uppercase()),
        None => panic!("a `#! kind:` line without a kind in blocklists/"),
    }
}
