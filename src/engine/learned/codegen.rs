//! Build script part (included by `build.rs`): reads the compiled-in model,
//! `model.txt`, with the crate's own reader ([`format`]) and writes its arrays
//! as statics to `$OUT_DIR/learned_model.rs`, which `model.rs` includes. So the
//! binary starts with the model ready (parsing its 25,000 lines took about
//! 35 million instructions, most of the learned decision's start-up), and a
//! broken `model.txt` fails the build.

#[path = "format.rs"]
#[allow(dead_code)] // the look-up is the crate's
mod format;

use std::fmt::Write as _;
use std::path::Path;

/// Writes `learned_model.rs` into `out_dir`; `manifest_dir` is the crate's root.
pub fn generate(manifest_dir: &Path, out_dir: &Path) {
    let dir = manifest_dir.join("src/engine/learned");
    for f in ["model.txt", "format.rs", "codegen.rs"] {
        println!("cargo:rerun-if-changed={}", dir.join(f).display());
    }
    let text = std::fs::read_to_string(dir.join("model.txt")).expect("read src/engine/learned/model.txt");
    let m = format::parse(&text, None).unwrap_or_else(|e| panic!("src/engine/learned/model.txt: {e}"));
    let mut out = String::new();
    let list = |out: &mut String, name: &str, ty: &str, items: Vec<String>| {
        writeln!(out, "static {name}: [{ty}; {}] = [{}];", items.len(), items.join(",")).unwrap();
    };
    // `{:?}` writes the shortest decimal that reads back as the same f32
    writeln!(out, "/// The row length `model.txt` was trained on.").unwrap();
    writeln!(out, "const BUILTIN_FEATURES: usize = {};", m.features).unwrap();
    let inner = m.inner.iter().map(|n| {
        format!("Inner{{split:{:?},feature:{},children:[{},{}]}}", n.split, n.feature, n.children[0], n.children[1])
    });
    list(&mut out, "BUILTIN_INNER", "Inner", inner.collect());
    list(&mut out, "BUILTIN_LEAVES", "f32", m.leaves.iter().map(|v| format!("{v:?}")).collect());
    list(&mut out, "BUILTIN_ROOTS", "i32", m.roots.iter().map(|v| v.to_string()).collect());
    let slots = m.vocab.slots.iter().map(|&s| if s == format::EMPTY { "E".to_string() } else { s.to_string() });
    writeln!(out, "const E: u64 = u64::MAX;").unwrap();
    list(&mut out, "BUILTIN_VOCAB_SLOTS", "u64", slots.collect());
    list(&mut out, "BUILTIN_VOCAB_WEIGHTS", "f32", m.vocab.weights.iter().map(|v| format!("{v:?}")).collect());
    // the trees as code: nested tests of constants, summed in the order the model lists them
    writeln!(out, "/// The compiled-in model's score of a row (`None`: not {} features long).", m.features).unwrap();
    writeln!(out, "#[allow(clippy::all, clippy::pedantic)]").unwrap();
    writeln!(out, "fn builtin_score(row: &[f32]) -> Option<f32> {{").unwrap();
    writeln!(out, "let x: &[f32; {}] = row.try_into().ok()?;", m.features).unwrap();
    writeln!(out, "let mut s: f32 = {:?};", m.base).unwrap();
    for &root in &m.roots {
        out.push_str("s += ");
        tree_code(&m, root, &mut out);
        out.push_str(";\n");
    }
    out.push_str("Some(s)\n}\n");
    writeln!(
        out,
        "static BUILTIN: Model = Model {{ score: Some(builtin_score), inner: Cow::Borrowed(&BUILTIN_INNER), leaves: Cow::Borrowed(&BUILTIN_LEAVES), \
         roots: Cow::Borrowed(&BUILTIN_ROOTS), base: {:?}, threshold: {:?}, vocab_base: {:?}, \
         vocab_slots: Cow::Borrowed(&BUILTIN_VOCAB_SLOTS), vocab_weights: Cow::Borrowed(&BUILTIN_VOCAB_WEIGHTS) }};",
        m.base, m.threshold, m.vocab_base
    )
    .unwrap();
    std::fs::write(out_dir.join("learned_model.rs"), out).expect("write learned_model.rs");
}

/// Writes the expression for the tree under `node` (as [`format::Inner`] names a child).
fn tree_code(m: &format::Parsed, node: i32, out: &mut String) {
    match usize::try_from(node) {
        Err(_) => write!(out, "{:?}", m.leaves[!node as usize]).unwrap(),
        Ok(i) => {
            let n = &m.inner[i];
            // the same test as Model::probability's walk: left when at most the split (a NaN goes right)
            write!(out, "if x[{}] <= {:?} {{ ", n.feature, n.split).unwrap();
            tree_code(m, n.children[0], out);
            out.push_str(" } else { ");
            tree_code(m, n.children[1], out);
            out.push_str(" }");
        }
    }
}
