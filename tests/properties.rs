//! Property tests over generated pages that mix real shapes (seed lines,
//! breadcrumbs, filing numbers, spam phrases, pinyin glosses, doubled commas,
//! CRLF and lone CR endings, blank lines) with random text:
//!
//! 1. every output line is an input line or its repair, in input order, and
//!    every input line is accounted for;
//! 2. cleaning with the rules alone is idempotent (the learned decision,
//!    which weighs a line's neighbours, is not: a second pass sees other
//!    neighbours);
//! 3. the result does not depend on how the input is split into reads;
//! 4. folding never changes the emitted text.
//!
//! Case counts are kept modest so that `cargo test` stays fast; raise them
//! with `PROPTEST_CASES=5000 cargo test --release --test properties`.

use std::io::{self, Read};
use std::sync::OnceLock;

use proptest::prelude::*;
use zhclean::Ending;
use zhclean::{Cleaner, Decided, Decision, Sink};

// ---------------------------------------------------------------- cleaners

fn cleaner() -> &'static Cleaner {
    static C: OnceLock<Cleaner> = OnceLock::new();
    C.get_or_init(Cleaner::new)
}

fn cleaner_no_repair() -> &'static Cleaner {
    static C: OnceLock<Cleaner> = OnceLock::new();
    C.get_or_init(|| Cleaner::builder().repair(false).build().expect("cleaner"))
}

/// The rules and the context pass alone, for the idempotence properties.
fn cleaner_rules(repair: bool) -> Cleaner {
    Cleaner::builder().repair(repair).decision(Decision::Rules).build().expect("cleaner")
}

/// A cleaner with a small `--max-line`, so that generated lines are sometimes oversized.
fn cleaner_small_lines() -> &'static Cleaner {
    static C: OnceLock<Cleaner> = OnceLock::new();
    C.get_or_init(|| Cleaner::builder().max_line(64).build().expect("cleaner"))
}

// ---------------------------------------------------------------- generators

/// Lines of the seed pages (`../shared/seeds`), if present.
fn seed_lines() -> &'static [String] {
    static L: OnceLock<Vec<String>> = OnceLock::new();
    L.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        let mut lines = Vec::new();
        if let Ok(rd) = std::fs::read_dir(dir) {
            let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                if let Ok(bytes) = std::fs::read(&p) {
                    let text = String::from_utf8_lossy(&bytes);
                    lines.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
                }
            }
        }
        if lines.is_empty() {
            lines.push("浙江作為中國革命紅船起航地、改革開放先行地，始終以堅定不移。".to_string());
        }
        lines
    })
}

/// Phrases of the built-in spam, share and nav lists.
fn list_phrases() -> &'static [String] {
    static L: OnceLock<Vec<String>> = OnceLock::new();
    L.get_or_init(|| {
        // the lists as the cleaner holds them (folded duplicates once), so that the
        // seeds in properties.proptest-regressions still make the same pages
        let b = zhclean::internals::Blocklist::defaults();
        b.entries().iter().map(|e| e.phrase.to_string()).collect()
    })
}

/// Characters that stress the rules, the repairs and the folding.
const ALPHABET: &[char] = &[
    '中', '國', '国', '當', '当', '區', '社', '網', '絡', '新', '聞', '首', '頁', '页', '。', '，', ',', '、', '；',
    '：', ':', '！', '？', '!', '?', '(', ')', '（', '）', 'q', 'ū', 'ǎ', 'ü', 'a', 'A', 'Ｚ', '１', '1', '9', '>',
    '＞', '»', '|', '/', '-', '_', ' ', '\u{3000}', '\t', '\0', '\u{feff}', '\u{fffd}', '“', '”', '《', '》', '…',
    '😀', 'é', 'Ω', '.', '#', '@', '备', '號', '号', '©',
];

fn random_text() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(ALPHABET), 0..60).prop_map(|v| v.into_iter().collect()),
        // any printable-or-not Unicode except line breaks
        "[^\r\n]{0,40}",
    ]
}

fn cjk_run() -> impl Strategy<Value = String> {
    "[\u{4e00}-\u{4e80}]{1,12}"
}

fn toned_gloss() -> impl Strategy<Value = String> {
    ("[a-z]{0,3}", proptest::sample::select(&['ū', 'ǎ', 'à', 'é', 'ǚ', 'ì'][..]), "[a-zü]{0,3}")
        .prop_map(|(a, t, b)| format!("({a}{t}{b})"))
}

/// One line without its ending.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(seed_lines()).prop_map(|s| s.clone()),
        1 => (cjk_run(), cjk_run(), cjk_run())
            .prop_map(|(a, b, c)| format!("当前位置：首页 > {a} > {b} > {c}")),
        1 => (cjk_run(), cjk_run()).prop_map(|(a, b)| format!("首頁 » {a} » {b}")),
        1 => (0u32..99_999_999, 0u32..9).prop_map(|(n, k)| format!("京ICP备{n}号-{k}")),
        1 => (proptest::sample::select(list_phrases()), proptest::sample::select(list_phrases()))
            .prop_map(|(a, b)| format!("{a},{b}")),
        2 => proptest::collection::vec((cjk_run(), proptest::option::of(toned_gloss())), 1..6).prop_map(|v| {
            v.into_iter().map(|(c, g)| c + &g.unwrap_or_default()).collect::<String>() + "。"
        }),
        1 => (cjk_run(), cjk_run()).prop_map(|(a, b)| format!("{a}(qū)(qū){b}")),
        2 => (cjk_run(), "[,，]{1,4}", proptest::sample::select(&["", "。", "、", ";", "是", "，"][..]), cjk_run())
            .prop_map(|(a, c, p, b)| format!("{a}{c}{p}{b}")),
        1 => proptest::sample::select(&["", " ", "\u{3000}", "\t", "  \t "][..]).prop_map(str::to_string),
        1 => Just("扫一扫在手机打开当前页".to_string()),
        1 => Just("時間:2022-01-04   瀏覽量:128 次  來源:中國社區報".to_string()),
        1 => (0usize..200).prop_map(|n| "|".repeat(n)),
        // lines around the small cleaner's `--max-line` of 64 bytes
        1 => (60usize..68).prop_map(|n| "扫一扫在手机打开当前页".to_string() + &"x".repeat(n - 33)),
        3 => random_text(),
    ]
}

fn ending() -> impl Strategy<Value = &'static str> {
    prop_oneof![8 => Just("\n"), 2 => Just("\r\n"), 1 => Just("\r"), 1 => Just("")]
}

/// A page: generated lines joined with random endings (an empty ending joins
/// two lines into one, and the last line may lack an ending).
fn page() -> impl Strategy<Value = String> {
    page_of(line())
}

/// A page of lines from `line`.
fn page_of(line: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    proptest::collection::vec((line, ending()), 0..70).prop_map(|v| {
        let mut s = String::new();
        for (l, e) in v {
            s.push_str(&l);
            s.push_str(e);
        }
        s
    })
}

// ---------------------------------------------------------------- helpers

/// Splits text into lines and their endings as LABELING.md does (`\n`,
/// `\r\n`, lone `\r`); written independently of `zhclean::input::lines`.
fn split_lines(s: &str) -> Vec<(&str, &str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((&s[start..i], "\n"));
                i += 1;
                start = i;
            }
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                out.push((&s[start..i], "\r\n"));
                i += 2;
                start = i;
            }
            b'\r' => {
                out.push((&s[start..i], "\r"));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < b.len() {
        out.push((&s[start..], ""));
    }
    out
}

/// One decided line as a sink saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    number: u64,
    original: String,
    text: String,
    ending: Ending,
    kept: bool,
}

/// Collects every decided line and the bytes written.
#[derive(Default)]
struct Collect {
    seen: Vec<Seen>,
    passthrough: Vec<u8>,
    out: Vec<u8>,
}

impl Sink for Collect {
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()> {
        self.seen.push(Seen {
            number: d.number,
            original: d.original.to_string(),
            text: d.text.to_string(),
            ending: d.ending,
            kept: d.kept,
        });
        if d.kept {
            self.out.extend_from_slice(d.text.as_bytes());
            self.out.extend_from_slice(d.ending.as_bytes());
        }
        Ok(())
    }

    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.passthrough.extend_from_slice(bytes);
        self.out.extend_from_slice(bytes);
        Ok(())
    }
}

/// A reader returning chunks of the given sizes in turn (a size of 0 is read as 1).
struct Chunky<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl Read for Chunky<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = self.sizes.get(self.next % self.sizes.len().max(1)).copied().unwrap_or(1).max(1);
        self.next += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Runs the stream engine over a whole byte slice.
fn run_whole(c: &Cleaner, input: &[u8]) -> (Collect, zhclean::Report) {
    let mut sink = Collect::default();
    let report = c.clean_into(input, &mut sink).expect("reading a slice cannot fail");
    (sink, report)
}

/// Runs the stream engine over a reader that returns chunks of `sizes`.
fn run_chunked(c: &Cleaner, input: &[u8], sizes: &[usize]) -> (Collect, zhclean::Report) {
    let mut sink = Collect::default();
    let reader = Chunky { data: input, sizes: sizes.to_vec(), next: 0 };
    let report = c.clean_into(reader, &mut sink).expect("reading chunks cannot fail");
    (sink, report)
}

/// Runs the UTF-8 engine over the whole slice, or over reads of `sizes`.
fn run_utf8_with(c: &Cleaner, input: &[u8], sizes: Option<&[usize]>) -> (Collect, zhclean::Report) {
    let mut sink = Collect::default();
    let report = match sizes {
        None => c.clean_utf8_into(input, &mut sink),
        Some(sizes) => c.clean_utf8_into(Chunky { data: input, sizes: sizes.to_vec(), next: 0 }, &mut sink),
    };
    (sink, report.expect("reading a slice cannot fail"))
}

/// Checks that `output` is made of lines of `input` or their repairs, in order.
fn check_subsequence(input: &str, output: &str, repaired: bool) -> Result<(), TestCaseError> {
    let ins = split_lines(input);
    let mut j = 0;
    for (k, (o, oe)) in split_lines(output).into_iter().enumerate() {
        let found = ins[j..].iter().position(|(l, e)| {
            (*l == o || (repaired && zhclean::repair_line(l) == o)) && (e == &oe || (e.is_empty() && oe.is_empty()))
        });
        match found {
            Some(p) => j += p + 1,
            None => {
                return Err(TestCaseError::fail(format!(
                    "output line {} {o:?} (ending {oe:?}) is not a later input line or its repair",
                    k + 1
                )))
            }
        }
    }
    Ok(())
}

/// Whether repairing `l` again would change nothing (see `repair_is_idempotent`).
fn repair_is_final(l: &str) -> bool {
    let once = zhclean::repair_line(l).into_owned();
    zhclean::repair_line(&once) == once
}

fn config(cases: u32) -> ProptestConfig {
    // `PROPTEST_CASES` overrides the modest default for long local runs.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, max_shrink_iters: 2000, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(config(96))]

    /// (1) Output lines are input lines or their repairs, in order, and every
    /// input line reaches the sink exactly once, unchanged, with its ending.
    #[test]
    fn output_lines_are_input_lines_or_repairs(page in page()) {
        let c = cleaner();
        let cleaned = c.clean_str(&page);
        check_subsequence(&page, &cleaned.text, true)?;

        // A byte-order mark at the very start marks the encoding and is not written.
        let body = page.strip_prefix('\u{feff}').unwrap_or(&page);
        let (sink, report) = run_whole(c, page.as_bytes());
        let lines = split_lines(body);
        prop_assert_eq!(sink.seen.len(), lines.len(), "every input line is decided once");
        prop_assert_eq!(report.lines as usize, lines.len());
        for (k, (s, (l, e))) in sink.seen.iter().zip(&lines).enumerate() {
            prop_assert_eq!(s.number, k as u64 + 1);
            prop_assert_eq!(&s.original, l);
            prop_assert_eq!(s.ending.as_bytes(), e.as_bytes());
            prop_assert!(s.text == *l || s.text == zhclean::repair_line(l), "line {} text {:?}", k + 1, s.text);
        }
        prop_assert_eq!(sink.out, c.clean_str(body).text.into_bytes(), "clean_str and clean_into agree");
    }

    /// (1) with oversized lines: a line past `--max-line` is passed through whole.
    #[test]
    fn oversized_lines_pass_through_unchanged(page in page()) {
        let cleaned = cleaner_small_lines().clean_str(&page);
        check_subsequence(&page, &cleaned.text, true)?;
        for (l, _) in split_lines(&page) {
            if l.len() > 64 {
                prop_assert!(cleaned.text.contains(l), "oversized line {:?} lost", l);
            }
        }
    }

    /// (2) Cleaning the output again changes nothing (for pages whose
    /// repairs are themselves final; see `repair_is_idempotent`). It holds
    /// because context removes a line only with a removed line in view
    /// (`context::NO_CHROME`), and the output holds none.
    #[test]
    fn cleaning_is_idempotent(page in page_of(line().prop_filter("repair is final", |l| repair_is_final(l)))) {
        prop_assume!(split_lines(&page).iter().all(|(l, _)| repair_is_final(l)));
        let c = &cleaner_rules(true);
        let once = c.clean_str(&page).text;
        let twice = c.clean_str(&once).text;
        prop_assert_eq!(twice, once);
    }

    /// (2) for the repairs alone. FAILS: `repair` follows `score.py`'s regexes,
    /// whose gloss lookbehind needs a CJK character right before `(`, so of a
    /// stacked gloss `社(qū)(qū)` one pass removes only the first, and the gold
    /// output of LABELING.md is made with that `repair()`: zhclean follows the
    /// contract rather than repairing to a fixed point.
    #[test]
    #[ignore = "repair is not idempotent on stacked glosses: 社(qū)(qū) -> 社(qū) -> 社 (see score.py GLOSS)"]
    fn repair_is_idempotent(l in line()) {
        let once = zhclean::repair_line(&l).into_owned();
        prop_assert_eq!(zhclean::repair_line(&once), once.as_str());
    }

    /// (2) without repairs: removing lines never changes what the rest become.
    #[test]
    fn classification_is_idempotent(page in page()) {
        let c = &cleaner_rules(false);
        let once = c.clean_str(&page).text;
        let twice = c.clean_str(&once).text;
        prop_assert_eq!(twice, once);
    }

    /// (3) The result does not depend on how the input is split into reads,
    /// whatever the encoding (UTF-8, GB18030, UTF-16 with BOM, or UTF-8 with
    /// stray bytes) and whether lines are oversized.
    #[test]
    fn result_does_not_depend_on_read_sizes(
        page in page(),
        sizes in proptest::collection::vec(1usize..300, 1..8),
        form in 0u8..4,
        stray in proptest::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xff), 0..4),
        small in any::<bool>(),
    ) {
        let bytes: Vec<u8> = match form {
            0 => page.clone().into_bytes(),
            1 => encoding_rs::GB18030.encode(&page).0.into_owned(),
            2 => {
                let mut v = vec![0xff, 0xfe];
                v.extend(page.encode_utf16().flat_map(u16::to_le_bytes));
                v
            }
            _ => {
                let mut v = page.clone().into_bytes();
                for (at, b) in &stray {
                    let i = at.index(v.len() + 1);
                    v.insert(i, *b);
                }
                v
            }
        };
        let c = if small { cleaner_small_lines() } else { cleaner() };
        let (whole, rw) = run_whole(c, &bytes);
        let (chunked, rc) = run_chunked(c, &bytes, &sizes);
        prop_assert_eq!(&chunked.seen, &whole.seen);
        prop_assert_eq!(&chunked.passthrough, &whole.passthrough);
        prop_assert_eq!(&chunked.out, &whole.out);
        prop_assert_eq!(rc, rw);
        // `run` reads a 64 KiB prefix before splitting; `run_utf8` hands the
        // reads straight to the splitter.
        if form == 0 || form == 3 {
            let (whole, rw) = run_utf8_with(c, &bytes, None);
            let (chunked, rc) = run_utf8_with(c, &bytes, Some(&sizes));
            prop_assert_eq!(&chunked.seen, &whole.seen);
            prop_assert_eq!(&chunked.out, &whole.out);
            prop_assert_eq!(rc, rw);
        }
    }

    /// (4) Folding is only a matching view: without repairs every kept line is
    /// written byte for byte as it came in, whatever its script, width or case.
    #[test]
    fn folding_never_changes_emitted_text(
        lines in proptest::collection::vec(
            prop_oneof![
                line(),
                "[當頁聞網區國體ＡＢＣａｂｃ１２３ＩＣＰ備\u{3000}ABCDEF，：（）]{1,30}",
            ],
            0..40,
        ),
    ) {
        let page: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let (sink, _) = run_whole(cleaner_no_repair(), page.as_bytes());
        for s in &sink.seen {
            prop_assert_eq!(&s.text, &s.original);
        }
        let cleaned = cleaner_no_repair().clean_str(&page);
        check_subsequence(&page, &cleaned.text, false)?;
        // and with repairs on, a kept line differs from its input only by the repair
        for s in run_whole(cleaner(), page.as_bytes()).0.seen {
            prop_assert_eq!(&s.text, &zhclean::repair_line(&s.original));
        }
    }
}

#[test]
fn split_lines_helper_follows_labeling_md() {
    assert_eq!(split_lines("a\nb\r\nc\rd"), vec![("a", "\n"), ("b", "\r\n"), ("c", "\r"), ("d", "")]);
    assert_eq!(split_lines(""), vec![]);
    assert_eq!(split_lines("\r\r\n"), vec![("", "\r"), ("", "\r\n")]);
}
