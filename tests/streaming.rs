//! Streaming answers: `-0` pages separated by NUL bytes, and `--line-buffered`,
//! with which a long-lived process answers each record or page before the
//! next one is written to it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{page, pipe, run, stderr, zhclean};

#[test]
fn nul_separated_pages_are_cleaned_each_on_its_own() {
    let pages =
        [page(1), String::new(), page(2), "京ICP备14010675号-1\n正文第一段，讲的是社区治理的事情。".to_string()];
    let input = pages.join("\0");
    let out = run(&["-0"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut expected = Vec::new();
    for p in &pages {
        expected.extend(pipe(p.as_bytes()));
        expected.push(0);
    }
    assert_eq!(out.stdout, expected);
    // a final NUL ends the last page; it does not start an empty one
    assert_eq!(run(&["-0"], format!("{input}\0").as_bytes()).stdout, expected);
    // explain rows name the page
    let err = stderr(&run(&["-0", "--explain"], input.as_bytes()));
    assert!(err.lines().any(|l| l.starts_with("-#3\t")), "{err}");
}

#[test]
fn without_nul_data_a_nul_is_no_page_break() {
    let input = format!("{}\0{}", page(1), page(2));
    assert_ne!(run(&[], input.as_bytes()).stdout, run(&["-0"], input.as_bytes()).stdout);
}

/// A running zhclean whose output lines (ended by `end`) arrive on a channel.
struct Live {
    child: Child,
    stdin: ChildStdin,
    answers: mpsc::Receiver<Vec<u8>>,
}

impl Live {
    fn start(args: &[&str], end: u8) -> Live {
        let mut child =
            zhclean().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, answers) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut answer = Vec::new();
            if stdout.read_until(end, &mut answer).unwrap_or(0) == 0 || tx.send(answer).is_err() {
                break;
            }
        });
        Live { child, stdin, answers }
    }

    /// Writes `input` (and keeps the pipe open), then waits for one answer.
    fn ask(&mut self, input: &[u8]) -> Vec<u8> {
        self.stdin.write_all(input).unwrap();
        self.stdin.flush().unwrap();
        self.answers.recv_timeout(Duration::from_secs(20)).expect("an answer before more input")
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn line_buffered_json_lines_answer_record_by_record() {
    let mut live = Live::start(&["--jsonl", "--line-buffered"], b'\n');
    for i in 0..3 {
        let record = serde_json::json!({ "id": i, "text": page(i) }).to_string() + "\n";
        let expected = run(&["--jsonl"], record.as_bytes()).stdout;
        assert_eq!(live.ask(record.as_bytes()), expected, "record {i}");
    }
}

#[test]
fn line_buffered_nul_pages_answer_page_by_page() {
    let mut live = Live::start(&["-0", "--line-buffered"], 0);
    for i in 0..3 {
        let mut expected = pipe(page(i).as_bytes());
        expected.push(0);
        assert_eq!(live.ask(format!("{}\0", page(i)).as_bytes()), expected, "page {i}");
    }
}

#[test]
fn line_buffered_warc_answers_record_by_record() {
    let mut live = Live::start(&["--warc", "--line-buffered"], b'\n');
    for i in 0..2 {
        let body = page(i);
        let record = format!(
            "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://a.cn/{i}\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        );
        let answer: serde_json::Value = serde_json::from_slice(&live.ask(record.as_bytes())).unwrap();
        assert_eq!(answer["url"], format!("https://a.cn/{i}"));
        assert_eq!(answer["text"].as_str().unwrap().as_bytes(), pipe(body.as_bytes()));
    }
}

#[test]
fn line_buffered_is_for_standard_output() {
    let out = run(&["--line-buffered", "-o", "x", "y"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn nul_separated_files_are_cleaned_page_by_page_with_output_folders_too() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!("{}\0{}\0", page(1), page(2));
    std::fs::write(dir.path().join("pages.txt"), &input).unwrap();
    let out =
        zhclean().arg("-0").arg(dir.path().join("pages.txt")).arg("-o").arg(dir.path().join("out")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.path().join("out/pages.txt")).unwrap(), run(&["-0"], input.as_bytes()).stdout);
}

#[test]
fn nul_separated_pages_of_two_inputs_are_never_glued() {
    // with -0, what is owed between two inputs is a page's NUL, not a line ending
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::write(&a, format!("{}\0{}", page(1), page(2))).unwrap();
    std::fs::write(&b, page(3)).unwrap();
    let out = zhclean().arg("-0").arg(&a).arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut expected = Vec::new();
    for p in [page(1), page(2), page(3)] {
        expected.extend(pipe(p.as_bytes()));
        expected.push(0);
    }
    assert_eq!(out.stdout, expected);
}
