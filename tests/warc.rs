//! WARC and WET input through the binary: each page record cleaned to one
//! JSON Lines record with its URL, date and id; `.warc.gz` (gzip per record,
//! as Common Crawl writes it) detected; damaged files an error; `learn`
//! grouping records by host.

mod common;

use std::fs;
use std::io::Write;

use common::{page, pipe, run, stderr, zhclean};
use serde_json::Value;

fn record(kind: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut r = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    r.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut r = r.into_bytes();
    r.extend_from_slice(body);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A small WET file: a warcinfo record, then conversion records of two hosts.
fn wet() -> Vec<Vec<u8>> {
    let mut records = vec![record("warcinfo", &[("WARC-Date", "2024-05-01T00:00:00Z")], b"software: zhclean-test\r\n")];
    for i in 0..4 {
        let host = if i % 2 == 0 { "news.alpha.cn" } else { "www.beta.com" };
        let url = format!("https://{host}/a/{i}.html");
        let id = format!("<urn:uuid:0000000{i}-0000-0000-0000-000000000000>");
        let date = format!("2024-05-0{}T10:00:00Z", i + 1);
        let headers = [
            ("WARC-Target-URI", url.as_str()),
            ("WARC-Date", date.as_str()),
            ("WARC-Record-ID", id.as_str()),
            ("WARC-Refers-To", "<urn:uuid:ffffffff-0000-0000-0000-000000000000>"),
            ("Content-Type", "text/plain"),
        ];
        records.push(record("conversion", &headers, page(i).as_bytes()));
    }
    records
}

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn each_page_record_is_one_json_record_with_its_url_date_and_id() {
    let input = wet().concat();
    // detected, no flag needed
    let out = run(&[], &input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 4, "the warcinfo record is no page");
    for (i, r) in records.iter().enumerate() {
        let host = if i % 2 == 0 { "news.alpha.cn" } else { "www.beta.com" };
        assert_eq!(r["url"], format!("https://{host}/a/{i}.html"));
        assert_eq!(r["date"], format!("2024-05-0{}T10:00:00Z", i + 1));
        assert_eq!(r["id"], format!("<urn:uuid:0000000{i}-0000-0000-0000-000000000000>"));
        // the text is what the pipe filter makes of the page alone
        assert_eq!(r["text"].as_str().unwrap().as_bytes(), pipe(page(i).as_bytes()));
        assert_eq!(r.as_object().unwrap().keys().collect::<Vec<_>>(), ["date", "id", "text", "url"]);
    }
    // and --warc says the same
    assert_eq!(run(&["--warc"], &input).stdout, out.stdout);
}

#[test]
fn a_warc_gz_of_one_gzip_member_per_record_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let plain = run(&[], &wet().concat()).stdout;
    let members: Vec<u8> = wet().iter().flat_map(|r| gzip(r)).collect();
    let path = dir.path().join("CC-MAIN-test.warc.wet.gz");
    fs::write(&path, &members).unwrap();
    let out = zhclean().arg(&path).arg("--stats").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, plain);
    assert_eq!(common::stats(&out)["bytes_in"], wet().concat().len());
    // with -o, a gzip file again, of the JSON Lines
    let out = zhclean().arg(&path).arg("-o").arg(dir.path().join("out")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = fs::read(dir.path().join("out/CC-MAIN-test.warc.wet.gz")).unwrap();
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&written[..]), &mut text).unwrap();
    assert_eq!(text, plain);
}

#[test]
fn response_records_are_skipped_with_a_warning() {
    let mut input = wet().concat();
    input.extend(record("response", &[("WARC-Target-URI", "https://x.cn/")], b"HTTP/1.1 200 OK\r\n\r\n<html></html>"));
    let out = run(&[], &input);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(lines(&out.stdout).len(), 4);
    assert!(stderr(&out).contains("1 response record(s) skipped"), "{}", stderr(&out));
    assert!(run(&["-q"], &input).stderr.is_empty());
}

#[test]
fn a_truncated_or_malformed_warc_is_an_error_after_the_pages_before_it() {
    let input = wet().concat();
    let cut = &input[..input.len() - 100];
    let out = run(&[], cut);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("ends inside the record's block"), "{}", stderr(&out));
    assert_eq!(lines(&out.stdout).len(), 3);
    // --warc on a file that is not WARC
    let out = run(&["--warc"], page(1).as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a valid WARC file at byte 0"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn explain_rows_name_the_record() {
    let out = run(&["--explain"], &wet().concat());
    let err = stderr(&out);
    assert!(err.lines().any(|l| l.starts_with("-#2\t")), "{err}");
}

#[test]
fn learn_groups_records_by_host() {
    let dir = tempfile::tempdir().unwrap();
    let mut records = vec![record("warcinfo", &[], b"x")];
    for i in 0..12 {
        let host = if i % 2 == 0 { "news.alpha.cn" } else { "www.beta.com" };
        let footer = if i % 2 == 0 { "阿尔法新闻网 版权所有" } else { "贝塔资讯 联系我们" };
        let url = format!("https://{host}/{i}");
        let season = ["春", "夏", "秋", "冬", "晴", "雨"][i / 2];
        let body = format!("{footer}\n{season}天的正文，讲的是另一件事情。\n");
        records.push(record("conversion", &[("WARC-Target-URI", url.as_str())], body.as_bytes()));
    }
    let path = dir.path().join("crawl.warc.gz");
    fs::write(&path, gzip(&records.concat())).unwrap();
    let out = zhclean().arg("learn").arg(&path).args(["-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template = String::from_utf8(out.stdout).unwrap();
    // each host's section holds its own footer only
    let alpha = template.split("@ 6 news.alpha.cn\n").nth(1).expect(&template);
    let (alpha, beta) = alpha.split_once("@ 6 www.beta.com\n").expect(&template);
    assert!(alpha.starts_with("6\t阿尔法新闻网版权所有\n") && !alpha.contains("贝塔"), "{template}");
    assert!(beta.starts_with("6\t贝塔资讯联系我们\n") && !beta.contains("阿尔法"), "{template}");
}

#[test]
fn in_place_leaves_a_warc_file_as_it_is() {
    // its JSON Lines would replace it, and its warcinfo record be lost: -o is the way
    let dir = tempfile::tempdir().unwrap();
    let (plain, packed) = (dir.path().join("crawl.warc"), dir.path().join("crawl.warc.gz"));
    let input = wet().concat();
    fs::write(&plain, &input).unwrap();
    fs::write(&packed, gzip(&input)).unwrap();
    let out = zhclean().arg("--in-place").arg(&plain).arg(&packed).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("WARC file is cleaned to JSON Lines").count(), 2, "{}", stderr(&out));
    assert_eq!(fs::read(&plain).unwrap(), input);
    assert_eq!(fs::read(&packed).unwrap(), gzip(&input));
    assert!(common::temp_files(dir.path()).is_empty());
}

#[test]
fn a_warc_warning_that_cannot_be_written_does_not_stop_the_work() {
    // issue 13's stderr handling on the WARC path: the response-record warning is dropped
    let mut input = wet().concat();
    input.extend(record("response", &[("WARC-Target-URI", "https://x.cn/")], b"HTTP/1.1 200 OK\r\n\r\n<html></html>"));
    let out = common::run_stderr(&[], &input, false);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(lines(&out.stdout).len(), 4);
}
