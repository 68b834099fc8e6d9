//! Pathological time: the worst shapes we could think of, fed to the library.
//! The test only asserts that cleaning finishes and keeps its contract (no
//! timing assertions: speed lives in the README's measurements).
//!
//! `ZHCLEAN_WORST_MB` sets the size (default: every shape once, about 11 MB;
//! 50 for the full run) and
//! `ZHCLEAN_WORST_OUT=FILE` also writes the input to FILE, for timing the
//! release binary on it:
//!
//! ```sh
//! ZHCLEAN_WORST_MB=50 ZHCLEAN_WORST_OUT=/tmp/worst.txt cargo test --release --test pathological
//! /usr/bin/time -v target/release/zhclean /tmp/worst.txt > /dev/null
//! ```

use zhclean::Cleaner;

/// `unit` repeated to about `bytes` bytes.
fn fill(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1))
}

/// The phrases of the built-in lists (`blocklists/*.txt`: one a line, `#` comments), by file.
fn builtin_phrases(files: &[&str]) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| f.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Lines that stress one part each; most are long but under the 1 MiB limit,
/// so that they are classified and repaired, not passed through.
fn shapes() -> Vec<String> {
    const LONG: usize = 600 * 1024;
    let spam = builtin_phrases(&[include_str!("../blocklists/spam.txt")]);
    vec![
        // separators: a long run, and breadcrumb arrows
        fill("|", LONG),
        fill(" > ", LONG),
        fill("首页 > 新闻中心 > ", LONG),
        fill("»", LONG),
        // a breadcrumb, many times over (short lines)
        fill("当前位置：首页 > 新闻中心 > 正文\n", LONG),
        // blocklist hits: one line of nothing but hits, and many short spam lines
        fill(&spam.join(""), LONG),
        fill(&spam.iter().map(|p| format!("{p}\n")).collect::<String>(), LONG),
        // commas after CJK: one long run, alternating runs, runs before punctuation
        format!("中{}", fill(",", LONG)),
        fill("中,，", LONG),
        fill("中,,,，，。", LONG),
        // pinyin glosses: glued, stacked, and unclosed
        fill("社區(qū)", LONG),
        format!("社{}", fill("(qū)", LONG)),
        fill("社(qūūūūūūūūūūūūūūūū", LONG),
        // short lines with weak evidence, blank lines between them, and blank runs
        fill("TOP\n\n", LONG / 4),
        format!("短标题\n{}", fill("\n", LONG / 4)),
        // a line just over the 1 MiB limit, and one exactly at it
        fill("当", 1024 * 1024 + 3),
        fill("x", 1024 * 1024),
    ]
}

/// Repeats all the shapes, each on its own line, until at least `bytes` are made.
fn worst_input(bytes: usize) -> String {
    let shapes = shapes();
    let mut s = String::with_capacity(bytes + (16 << 20));
    loop {
        for shape in &shapes {
            s.push_str(shape);
            s.push('\n');
        }
        if s.len() >= bytes {
            return s;
        }
    }
}

#[test]
fn worst_shapes_finish_and_keep_the_contract() {
    let mb: usize = std::env::var("ZHCLEAN_WORST_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let input = worst_input(mb << 20);
    if let Ok(path) = std::env::var("ZHCLEAN_WORST_OUT") {
        std::fs::write(path, &input).expect("write the input");
    }
    let cleaner = Cleaner::new();
    let mut out = Vec::new();
    let report = cleaner.clean_stream(input.as_bytes(), &mut out).expect("clean");
    assert_eq!(report.bytes_in, input.len() as u64);
    assert_eq!(report.lines as usize, input.lines().count());
    assert!(report.oversized_lines > 0, "the 1 MiB line is passed through");
    assert!(report.spam > 0 && report.repaired > 0, "{report:?}");
    // Every output line is an input line or its repair, in order.
    let out = String::from_utf8(out).expect("UTF-8 output");
    let mut inputs = input.lines();
    for line in out.lines() {
        assert!(
            inputs.any(|l| l == line || zhclean::repair_line(l) == line),
            "output line of {} bytes is not a later input line or its repair",
            line.len()
        );
    }
}
