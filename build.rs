//! Generates the traditional-to-simplified character table used by `fold`.
//!
//! The pairs come from the `simplet2s` crate (MIT), asked one character at a
//! time at build time, so the binary carries a dense lookup table and no
//! conversion code runs on the hot path.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

#[path = "src/engine/learned/codegen.rs"]
mod learned_model;

/// First and last code points of the dense table (CJK Extension A + Unified Ideographs).
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

fn main() {
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
    let mut out = String::with_capacity(table.len() * 7);
    writeln!(out, "/// First code point covered by [`T2S`].").unwrap();
    writeln!(out, "pub(crate) const T2S_FIRST: u32 = {FIRST:#x};").unwrap();
    writeln!(out, "/// Simplified form of each code point from `T2S_FIRST`, 0 where it has none.").unwrap();
    write!(out, "pub(crate) static T2S: [u16; {}] = [", table.len()).unwrap();
    for v in &table {
        write!(out, "{v},").unwrap();
    }
    out.push_str("];\n");
    // One bit per entry, set where it is not 0: most characters of a page do not change, and
    // this 3.4 KiB bitmap answers that from L1 cache where the 54 KiB table would miss it.
    let mut bits = vec![0u64; table.len().div_ceil(64)];
    for (i, v) in table.iter().enumerate() {
        if *v != 0 {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    writeln!(out, "/// Bit `i` is set where `T2S[i]` is not 0.").unwrap();
    write!(out, "pub(crate) static T2S_CHANGES: [u64; {}] = [", bits.len()).unwrap();
    for v in &bits {
        write!(out, "{v:#x},").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("t2s_table.rs");
    fs::write(dest, out).expect("write t2s table");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    learned_model::generate(Path::new(&manifest), Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")));
}
