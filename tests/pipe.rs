//! The pipe filter as a user runs it: the binary on the seeds, on encoded
//! variants of them, and on the inputs a filter must survive.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{run, zhclean as bin};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.join("eval/dev").is_dir().then_some(p)
}

/// The five seed pages, as (name, bytes).
fn seeds() -> Vec<(String, Vec<u8>)> {
    let Some(shared) = shared() else {
        eprintln!("../shared not found: seed tests skipped");
        return Vec::new();
    };
    let mut v: Vec<_> = fs::read_dir(shared.join("seeds"))
        .expect("seeds dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), fs::read(&p).expect("read seed")))
        .collect();
    v.sort();
    v
}

fn non_blank(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[test]
fn seeds_clean_to_their_gold_text() {
    for (name, bytes) in seeds() {
        let gold_path = shared().unwrap().join(format!("eval/dev/{name}.gold.txt"));
        let gold = fs::read_to_string(gold_path).expect("gold");
        // the rules were built on the seeds; the learned default is held to its scores in tests/eval_scores.rs
        let out = run(&["--rules-only"], &bytes);
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let got = String::from_utf8(out.stdout).expect("utf-8 output");
        assert_eq!(non_blank(&got), non_blank(&gold), "{name}");
    }
}

#[test]
fn file_argument_and_stdin_agree() {
    for (name, bytes) in seeds() {
        let path = shared().unwrap().join(format!("seeds/{name}.txt"));
        let a = run(&[path.to_str().unwrap()], b"");
        let b = run(&["-"], &bytes);
        assert_eq!(a.stdout, b.stdout, "{name}");
    }
}

#[test]
fn gb18030_and_big5_inputs_are_detected_and_decoded() {
    for (name, bytes) in seeds() {
        let text = String::from_utf8(bytes.clone()).expect("seeds are UTF-8");
        let want = run(&[], &bytes).stdout;
        let (gb, _, errors) = encoding_rs::GB18030.encode(&text);
        assert!(!errors);
        let got = run(&[], &gb);
        assert!(got.status.success());
        assert_eq!(got.stdout, want, "{name} as GB18030");
        // Big5 holds traditional text only; try the seeds it can encode whole.
        let (big5, _, errors) = encoding_rs::BIG5.encode(&text);
        if !errors {
            let got = run(&[], &big5);
            assert_eq!(String::from_utf8_lossy(&got.stdout), String::from_utf8_lossy(&want), "{name} as Big5");
        }
    }
}

#[test]
fn forced_encoding_is_used() {
    let text = "當前位置：首頁 > 新聞中心 > 正文\n浙江推進基層治理現代化，成效明顯。\n";
    let (big5, _, _) = encoding_rs::BIG5.encode(text);
    let out = run(&["--encoding", "big5"], &big5);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "浙江推進基層治理現代化，成效明顯。\n");
    let out = run(&["--encoding", "klingon"], b"x\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("klingon"));
}

#[test]
fn crlf_endings_are_kept_per_line() {
    for (name, bytes) in seeds() {
        let lf = run(&[], &bytes).stdout;
        let crlf_in = String::from_utf8(bytes).unwrap().replace('\n', "\r\n");
        let crlf_out = run(&[], crlf_in.as_bytes()).stdout;
        assert_eq!(
            String::from_utf8(crlf_out).unwrap(),
            String::from_utf8(lf).unwrap().replace('\n', "\r\n"),
            "{name}"
        );
    }
    // mixed endings: each kept line keeps its own
    let out = run(&[], "第一段内容，写得很长很长。\r\n第二段内容，也写得很长。\n第三段没有换行。".as_bytes());
    assert_eq!(out.stdout, "第一段内容，写得很长很长。\r\n第二段内容，也写得很长。\n第三段没有换行。".as_bytes());
}

#[test]
fn empty_input_gives_empty_output() {
    let out = run(&[], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn random_bytes_never_fail_and_give_utf8() {
    // a fixed xorshift stream: deterministic, no dev-dependency needed
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let out = run(&[], &bytes);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("output is UTF-8");
    let lines_in = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
    assert!(text.lines().count() <= lines_in);
}

#[test]
fn invalid_bytes_are_replaced_and_reported_once() {
    // a UTF-8 page with a few damaged sequences (detection looks at the whole prefix)
    let mut input = "第一段内容，写得很长很长。\n".repeat(6).into_bytes();
    input.extend_from_slice(b"bad \xff\xfe bytes \xc3 here\n");
    input.extend_from_slice("第二段内容，也写得很长。\n".as_bytes());
    input.extend_from_slice(b"more \xff\n");
    let out = run(&[], &input);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("bad \u{fffd}\u{fffd} bytes \u{fffd} here"), "{text}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("U+FFFD").count(), 1, "{err}");
}

#[test]
fn explain_rows_have_six_fields() {
    let page = "日韩精品电影一区亚洲,1000部毛片A片免费视频偷拍,伺候含尿皇上h,欧美精品欧美激情在线观看\n\
                當前位置: 首頁 > 新聞中心 > 正文\n\
                浙江著力構建共同富裕現代化基本單元,,是社區(qū)治理的重要一環。\n\
                京ICP备14010675号-1\n";
    let out = run(&["--explain"], page.as_bytes());
    let err = String::from_utf8(out.stderr).unwrap();
    let rows: Vec<Vec<&str>> = err.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{err}");
    for r in &rows {
        assert_eq!(r.len(), 6, "{r:?}");
        assert_eq!(r[0], "-");
    }
    let summary: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[1], r[2], r[3])).collect();
    assert_eq!(
        summary,
        vec![("1", "spam", "-"), ("2", "chrome", "breadcrumb"), ("3", "repair", "-"), ("4", "chrome", "footer")]
    );
    assert_eq!(rows[2][4], "pinyin-gloss+doubled-comma");
    // the output itself is unchanged by --explain
    assert_eq!(run(&[], page.as_bytes()).stdout, out.stdout);
}

#[test]
fn unreadable_path_is_named_and_the_rest_is_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, "京ICP备14010675号-1\n正文内容在这里，写得很长。\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let out = bin().arg(&missing).arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "正文内容在这里，写得很长。\n");
}

#[test]
fn usage_error_exits_2() {
    let out = bin().arg("--no-such-flag").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty());
}

#[test]
fn user_blocklist_matches_folded_variants_and_defaults_can_be_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("mine.txt");
    fs::write(&list, "# my list\n本站特供\n#! kind: nav\n兄弟站点\n").unwrap();
    let page = "本站特供：澳門直播\n兄弟站點\n正文內容在這裡，寫得很長很長。\n京ICP备14010675号-1\n";
    // the rules alone: a phrase is evidence for the learned decision, a verdict for the rules
    let out = run(&["-b", list.to_str().unwrap(), "--explain", "--rules-only"], page.as_bytes());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "正文內容在這裡，寫得很長很長。\n");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("\tspam\t-\tlist:spam:本站特供"), "{err}");
    assert!(err.contains("\tchrome\tnav\tlist:nav:兄弟站点"), "{err}");
    // without the defaults, a phrase only the built-in lists know stays
    let page = "站长统计\n正文內容在這裡，寫得很長很長。\n";
    let out = run(&["--rules-only"], page.as_bytes());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "正文內容在這裡，寫得很長很長。\n");
    let out = run(&["--no-default-blocklists", "--rules-only"], page.as_bytes());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), page);
}

#[test]
fn keep_and_no_repair_options() {
    let page = "時間:2022-01-04   瀏覽量:128 次  來源:中國社區報\n社區(qū)治理是一項長期工作，需要久久為功。\n";
    let out = run(&["--keep", "meta", "--no-repair"], page.as_bytes());
    assert_eq!(out.stdout, page.as_bytes());
    let out = run(&[], page.as_bytes());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "社區治理是一項長期工作，需要久久為功。\n");
    let out = run(&["--keep", "menus"], page.as_bytes());
    assert_eq!(out.status.code(), Some(2));
}
