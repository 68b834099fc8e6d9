//! The dev set of `../shared/eval` scored with `score.py`, held to the
//! targets of the rule-families issue. Skipped (with a message) where the
//! shared folder or python3 is missing.

use std::path::Path;
use std::process::Command;

#[test]
fn dev_set_meets_the_targets() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    if !shared.join("score.py").is_file() {
        eprintln!("../shared/eval not found: dev score skipped");
        return;
    }
    let out = match Command::new("python3")
        .arg(shared.join("score.py"))
        .arg("--data")
        .arg(shared.join("dev"))
        .arg("--cmd")
        .arg(env!("CARGO_BIN_EXE_zhclean"))
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("python3 not runnable ({e}): dev score skipped");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "score.py failed:\n{text}\n{}", String::from_utf8_lossy(&out.stderr));
    let last = text.lines().last().expect("a figures line");
    let figure = |key: &str| -> f64 {
        last.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in {last}"))
    };
    for (key, min) in [
        ("content_kept", 0.998),
        ("spam_removed", 0.99),
        ("chrome_removed", 0.95),
        ("precision", 0.98),
        ("repair_exact", 0.99),
    ] {
        assert!(figure(key) >= min, "{key} below {min}: {last}\n{text}");
    }
    assert_eq!(figure("errors"), 0.0, "{last}");
}
