//! One stream on several threads (`-j N`): every line is decided as on one
//! thread, across many block boundaries (small blocks), with lines that are
//! not UTF-8, oversized lines, every kind of line ending, GBK input, and
//! through the command line (stdout, `--explain-all`, `--stats`,
//! `--dump-features`).

mod common;

use std::io;
use std::path::Path;

use common::{run, stderr};
use zhclean::{Cleaner, Decided, Report, Sink};

/// The pages of data/pages, one after another: 700 KB of varied pages.
fn pages() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/pages");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("data/pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && !p.to_string_lossy().ends_with(".gold.txt"))
        .collect();
    names.sort();
    assert!(names.len() > 100, "{} pages", names.len());
    names.iter().flat_map(|p| std::fs::read(p).expect("a page")).collect()
}

/// The pages, then lines of every awkward sort: not UTF-8 (GB18030, and
/// bytes that are nothing), a character cut by a line ending, oversized
/// lines (past 300 bytes), blank and white-space lines, `\r\n` and lone
/// `\r` endings, no ending at the end; then the pages again, five times
/// over: about 2.6 MB.
fn awkward_input() -> Vec<u8> {
    let mut input = pages();
    let (gbk, _, _) =
        encoding_rs::GBK.encode("当前位置：首页 > 新闻中心 > 正文\n县里召开森林防火工作会议，部署今冬明春防火工作。\n");
    for i in 0..200 {
        input.extend_from_slice(&gbk);
        input.extend_from_slice(b"\xff\xfe broken \x80 bytes\n");
        // a character whose bytes a line ending cuts in two
        input.extend_from_slice("正文第一段\u{4e2d}".as_bytes().split_last().map(|(_, a)| a).unwrap_or_default());
        input.extend_from_slice(b"\n\xad\xe6\x96\x87\n");
        input.extend_from_slice("扫一扫在手机打开当前页\r\n\r\n   \r".as_bytes());
        let long = "很长的一行没有换行符，".repeat(12 + i % 7);
        input.extend_from_slice(long.as_bytes());
        if i % 3 == 0 {
            input.extend_from_slice(b"\xff");
        }
        input.extend_from_slice(b"\n\n");
        input.extend_from_slice(format!("京ICP备1401067{i}号-1\n").as_bytes());
    }
    // the pages again, five times over: with `\r\n`, then with a digit before some lines (fewer repeats)
    let text = String::from_utf8_lossy(&pages()).into_owned();
    input.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    for k in 0..4 {
        for (i, line) in text.lines().enumerate() {
            let digit = if i % (k + 2) == 0 { format!("{}", (i + k) % 10) } else { String::new() };
            input.extend_from_slice(format!("{digit}{line}\n").as_bytes());
        }
    }
    input.extend_from_slice("最后一行没有换行符".as_bytes());
    input
}

/// Everything a sink is told, as text.
#[derive(Default)]
struct Record(Vec<String>);

impl Sink for Record {
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()> {
        self.0.push(format!("{d:?}"));
        Ok(())
    }

    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.push(format!("passthrough {bytes:?}"));
        Ok(())
    }
}

fn decide(cleaner: &Cleaner, input: &[u8]) -> (Vec<String>, Report) {
    let mut sink = Record::default();
    let report = cleaner.clean_into(input, &mut sink).expect("cleaned");
    (sink.0, report)
}

#[test]
fn every_line_is_decided_as_on_one_thread() {
    let input = awkward_input();
    let one = Cleaner::builder().max_line(300).build().unwrap();
    let (want, report) = decide(&one, &input);
    assert!(report.gb18030_lines >= 200 && report.replaced && report.oversized_lines >= 200, "{report:?}");
    assert!(input.len() > 2_000_000 && report.lines > 20_000 && report.kept < report.lines, "{report:?}");
    for (threads, block) in [(2, 1000), (3, 333), (2, 64 * 1024)] {
        let many = Cleaner::builder().max_line(300).threads(threads).block_bytes(block).build().unwrap();
        let (got, got_report) = decide(&many, &input);
        assert_eq!(got_report, report, "{threads} threads, blocks of {block} bytes");
        let first = got.iter().zip(&want).position(|(a, b)| a != b);
        assert!(
            got.len() == want.len() && first.is_none(),
            "{threads} threads, blocks of {block} bytes: {} lines against {}; first difference at {first:?}: {:?}",
            got.len(),
            want.len(),
            first.map(|i| (&got[i], &want[i]))
        );
    }
}

#[test]
fn gbk_and_rules_only_streams_too() {
    let text = String::from_utf8_lossy(&pages()).into_owned();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    for rules in [false, true] {
        let b =
            || Cleaner::builder().decision(if rules { zhclean::Decision::Rules } else { zhclean::Decision::Learned });
        let want = decide(&b().build().unwrap(), &gbk);
        assert_eq!(want.1.encoding, "GBK");
        let got = decide(&b().threads(3).block_bytes(2000).build().unwrap(), &gbk);
        assert!(got == want, "rules only: {rules}");
    }
}

#[test]
fn a_read_error_ends_the_stream_after_the_lines_before_it() {
    /// Gives `ok` bytes, then fails.
    struct Failing<'a>(&'a [u8]);
    impl io::Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.0.len()).min(5000);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let input = pages();
    let run = |threads| {
        let c = Cleaner::builder().threads(threads).block_bytes(3000).build().unwrap();
        let mut sink = Record::default();
        let err = c.clean_into(Failing(&input), &mut sink).expect_err("the read fails");
        (sink.0, err.to_string())
    };
    let want = run(1);
    assert!(want.0.len() > 1000 && want.1.contains("disk on fire"), "{}", want.1);
    assert!(run(2) == want && run(4) == want);
}

#[test]
fn the_command_line_writes_the_same_on_any_number_of_threads() {
    let input = awkward_input();
    // a user's list with a strict phrase, and one of a family
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "#! strict\n森林防火\n#! strict: off\n#! kind: nav\n新闻中心\n").unwrap();
    let list = list.to_string_lossy().into_owned();
    let args = ["--max-line", "300", "--explain-all", "--stats", "-b", &list];
    let without_time = |out: &std::process::Output| {
        let err = stderr(out);
        let (rows, stats) = err.trim_end().rsplit_once('\n').expect("rows, then the stats");
        let mut stats: serde_json::Value = serde_json::from_str(stats).expect("stats");
        stats["elapsed_seconds"] = 0.into();
        (out.status.code(), out.stdout.clone(), rows.to_string(), stats)
    };
    let want = without_time(&run(&[&["-j", "1"], &args[..]].concat(), &input));
    assert_eq!(want.0, Some(0));
    assert!(want.2.lines().count() > 20_000);
    for j in [["-j", "2", "--block-bytes", "4000"], ["-j", "3", "--block-bytes", "777"]] {
        let got = without_time(&run(&[&j[..], &args[..]].concat(), &input));
        assert!(got == want, "{j:?}");
    }
    let features = |j: &str| run(&["-j", j, "--block-bytes", "2000", "--dump-features"], &input).stdout;
    let one = features("1");
    assert!(one.len() > 1_000_000);
    assert!(features("2") == one);
}
