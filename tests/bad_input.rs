//! The bad-input matrix: the `zhclean` binary fed what nobody should feed it.
//! Each case states its outcome: exit status, what stdout holds, what stderr says.
//!
//! The expensive cases are kept cheap here (a few MB, a small `--max-line`);
//! README.md's "Reliability" section gives the full-size measurements.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::run;

const BIN: &str = env!("CARGO_BIN_EXE_zhclean");
const PROSE: &str = "县里召开森林防火工作会议，部署今冬明春防火工作。";
const PROSE2: &str = "会议要求各乡镇进一步压实责任，加强巡查，确保不发生重大火情。";

/// Runs the binary on `input` and checks that it wrote it back unchanged, quietly, with exit 0.
fn passes_unchanged(input: &[u8]) {
    let o = run(&[], input);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(o.stdout, input);
    assert!(o.stderr.is_empty());
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write temp file");
    p
}

#[test]
fn empty_input_gives_empty_output() {
    let o = run(&[], b"");
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn only_blank_lines_are_kept_as_they_are() {
    // Blank lines before any content follow nothing removed: they stay.
    passes_unchanged(b"\n\n   \n\t\r\n\r\n");
}

#[test]
fn last_line_without_newline_is_written_without_one() {
    let input = format!("{PROSE}\n{PROSE2}");
    let o = run(&[], input.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout.clone()).expect("utf-8"), input);
}

#[test]
fn a_huge_line_passes_through_in_bounded_pieces() {
    // 4 MB on one line against a 64 KiB limit: written through unchanged, with a warning.
    let line = "社區治理，".repeat(4 * 1024 * 1024 / 15);
    let input = format!("{PROSE}\n{line}\n{PROSE2}\n");
    let o = run(&["--max-line", "65536"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout == input.as_bytes(), "output differs from input");
    assert!(stderr(&o).contains("1 line(s) longer than 65536 bytes passed through unchanged"), "{}", stderr(&o));
}

#[test]
fn a_million_pipes_on_one_line() {
    // Under the 1 MiB limit, so the line is classified: it is the page's only
    // line, hence its title, and stays.
    let input = format!("{}\n", "|".repeat(1_000_000));
    let o = run(&[], input.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout == input.as_bytes());
    // Between two paragraphs it is kept as part of the article.
    let input = format!("{PROSE}\n{}\n{PROSE2}\n", "|".repeat(1_000_000));
    let o = run(&[], input.as_bytes());
    assert!(o.stdout == input.as_bytes());
}

#[test]
fn nul_bytes_are_text() {
    passes_unchanged(format!("{PROSE}\n会议\0要求各乡镇\0进一步压实责任，加强巡查，确保不发生重大火情。\n").as_bytes());
}

#[test]
fn lone_cr_endings_split_lines_and_are_kept() {
    let input = format!("{PROSE}\r京ICP备14010675号-1\r{PROSE2}\r");
    // the rules alone, so the filing number is removed whatever the learned decision weighs
    let o = run(&["--rules-only"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout.clone()).expect("utf-8"), format!("{PROSE}\r{PROSE2}\r"));
}

#[test]
fn invalid_utf8_in_a_utf8_file_becomes_replacement_characters() {
    let mut input = format!("{PROSE}\n会议要求各乡镇").into_bytes();
    input.extend_from_slice(b"\xff\xfe");
    input.extend_from_slice(format!("进一步压实责任，加强巡查。\n{PROSE2}\n").as_bytes());
    let o = run(&[], &input);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout.clone()).expect("output is UTF-8");
    assert_eq!(out, format!("{PROSE}\n会议要求各乡镇\u{fffd}\u{fffd}进一步压实责任，加强巡查。\n{PROSE2}\n"));
    assert!(stderr(&o).contains("invalid UTF-8 bytes replaced with U+FFFD"), "{}", stderr(&o));
}

#[test]
fn a_file_half_gbk_half_utf8_is_decoded_line_by_line() {
    for gbk_first in [true, false] {
        let gbk_half = encoding_rs::GBK.encode(&format!("{PROSE}\n{PROSE2}\n")).0.into_owned();
        let utf8_half = format!("{PROSE2}\n{PROSE}\n").into_bytes();
        let input = if gbk_first { [gbk_half, utf8_half].concat() } else { [utf8_half, gbk_half].concat() };
        let o = run(&[], &input);
        assert_eq!(o.status.code(), Some(0));
        let out = String::from_utf8(o.stdout.clone()).expect("output is UTF-8");
        let expected = if gbk_first {
            format!("{PROSE}\n{PROSE2}\n{PROSE2}\n{PROSE}\n")
        } else {
            format!("{PROSE2}\n{PROSE}\n{PROSE}\n{PROSE2}\n")
        };
        assert_eq!(out, expected, "gbk first: {gbk_first}");
        assert!(stderr(&o).contains("2 line(s) were not UTF-8 and were decoded as GB18030"), "{}", stderr(&o));
    }
}

#[test]
fn utf16_with_bom_is_decoded() {
    let page = format!("{PROSE}\r\n京ICP备14010675号-1\r\n{PROSE2}\r\n");
    for le in [true, false] {
        let mut input = if le { vec![0xff, 0xfe] } else { vec![0xfe, 0xff] };
        for u in page.encode_utf16() {
            input.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let o = run(&["--rules-only"], &input);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(String::from_utf8(o.stdout.clone()).expect("utf-8"), format!("{PROSE}\r\n{PROSE2}\r\n"));
        assert!(o.stderr.is_empty());
    }
}

#[test]
fn a_messy_blocklist_still_works() {
    let dir = tmp();
    let mut list = b"# my list\n\n   \n\xff\xfe broken line\n".to_vec();
    list.extend_from_slice("特价代开发票\n特价代开发票\n特價代開發票\n\n".as_bytes());
    list.extend_from_slice("长".repeat(10 * 1024 / 3).as_bytes());
    list.extend_from_slice(b"\n");
    let path = write(dir.path(), "list.txt", &list);
    let path = path.to_str().expect("utf-8 path");
    let input = format!("{PROSE}\n特價代開發票\n{PROSE2}\n");
    let o = run(&["--no-default-blocklists", "-b", path, "--explain", "--rules-only"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8(o.stdout.clone()).expect("utf-8"), format!("{PROSE}\n{PROSE2}\n"));
    assert!(stderr(&o).contains("list:spam:特价代开发票"), "{}", stderr(&o));
}

#[test]
fn a_blocklist_of_100000_entries_builds_and_matches() {
    let dir = tmp();
    // distinct phrases: four CJK characters and a number
    let phrase = |i: u32| {
        let c = |k: u32| char::from_u32(0x4e00 + (i / 20u32.pow(k)) % 20 + 20 * k).unwrap_or('一');
        format!("{}{}{}{}{i}", c(0), c(1), c(2), c(3))
    };
    let list: String = (0..100_000).map(|i| phrase(i) + "\n").collect();
    let path = write(dir.path(), "big.txt", list.as_bytes());
    let input = format!("{PROSE}\n{}\n{PROSE2}\n", phrase(98_765));
    let o = run(&["-b", path.to_str().expect("utf-8 path"), "--explain", "--rules-only"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("\t2\tspam\t"), "{}", stderr(&o));
    assert_eq!(String::from_utf8(o.stdout.clone()).expect("utf-8"), format!("{PROSE}\n{PROSE2}\n"));
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let mut child =
        Command::new(BIN).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let page = format!("{PROSE}\n{PROSE2}\n").repeat(20_000); // ~3 MB
        let _ = stdin.write_all(page.as_bytes()); // fails once zhclean is gone
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout); // like `| head -c 16`
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("read stderr");
    let status = child.wait().expect("wait");
    writer.join().expect("writer");
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert_eq!(err, "");
}

#[test]
fn an_unreadable_input_is_named_and_the_others_are_cleaned() {
    let dir = tmp();
    let a = write(dir.path(), "a.txt", format!("{PROSE}\n").as_bytes());
    let b = write(dir.path(), "b.txt", format!("{PROSE2}\n").as_bytes());
    let missing = dir.path().join("missing.txt");
    let subdir = dir.path().join("a-directory");
    std::fs::create_dir(&subdir).expect("mkdir");
    let args: Vec<&str> = [&a, &missing, &subdir, &b].iter().map(|p| p.to_str().expect("utf-8 path")).collect();
    let o = run(&args, b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8(o.stdout.clone()).expect("utf-8"), format!("{PROSE}\n{PROSE2}\n"));
    let err = stderr(&o);
    assert!(err.contains("missing.txt"), "{err}");
    assert!(err.contains("a-directory"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["--no-such-option"][..], &["--max-line", "lots"], &["--keep", "sidebar"]] {
        let o = run(args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
        assert!(!o.stderr.is_empty());
    }
}

#[test]
fn an_unknown_encoding_label_is_a_clear_error() {
    let o = run(&["--encoding", "klingon"], PROSE.as_bytes());
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(stderr(&o).trim(), r#"zhclean: unknown encoding label "klingon""#);
}

#[test]
fn an_output_folder_that_cannot_be_made_is_an_error_and_inputs_are_untouched() {
    let dir = tmp();
    let input = write(dir.path(), "page.txt", format!("京ICP备14010675号-1\n{PROSE}\n").as_bytes());
    // a regular file where the output folder's parent should be: the folder cannot be created (even as root)
    let blocker = write(dir.path(), "blocker", b"not a folder\n");
    let out = blocker.join("out");
    let o = run(&[input.to_str().unwrap(), "-o", out.to_str().unwrap()], b"");
    assert_ne!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(err.contains("blocker"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), format!("京ICP备14010675号-1\n{PROSE}\n").as_bytes());
    assert_eq!(std::fs::read(&blocker).unwrap(), b"not a folder\n");
}

#[test]
fn a_jsonl_record_with_a_50_mb_text_field_is_cleaned() {
    let line = format!("{PROSE}\\n京ICP备14010675号-1\\n");
    let reps = 50 * 1024 * 1024 / line.len() + 1;
    let record = format!("{{\"url\":\"https://a.example/1\",\"text\":\"{}\"}}\n", line.repeat(reps));
    let o = run(&["--jsonl", "--rules-only"], record.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).expect("utf-8");
    let v: serde_json::Value = serde_json::from_str(out.trim_end()).expect("one JSON record");
    let text = v["text"].as_str().expect("text field");
    assert_eq!(v["url"], "https://a.example/1");
    assert_eq!(text.lines().count(), reps, "every prose line kept once");
    assert!(!text.contains("ICP备"), "the footer lines are gone");
}
