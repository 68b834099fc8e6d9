//! The command line explaining itself, and a newcomer's first minutes: help,
//! generated completions and man page, `--keep all`, `--explain-file`, the
//! HTML warning, `#! strict` blocklist phrases, and the sample page.
//!
//! None of these depends on which chrome lines the default decision removes:
//! they use `--explain-all` (a row for every line), compare two runs, or
//! check content that must be kept.

mod common;

use std::fs;
use std::path::Path;

use common::{run, zhclean};

const PROSE: &str = "县里召开森林防火工作会议，部署今冬明春防火工作，要求各乡镇加强巡查。";

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The inverse of the rows' escaping.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            other => panic!("bad escape \\{other:?} in {field:?}"),
        }
    }
    out
}

#[test]
fn help_is_grouped_with_examples_and_exit_statuses() {
    let o = run(&["--help"], b"");
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    let at = |needle: &str| help.find(needle).unwrap_or_else(|| panic!("{needle:?} not in --help:\n{help}"));
    let headings = ["\nInput:", "\nDecisions:", "\nOutput:", "\nBatch", "\nLearning", "\nExamples:", "\nExit status:"];
    let places: Vec<usize> = headings.iter().map(|h| at(h)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "headings out of order: {places:?}");
    // each option under its heading
    for (option, group) in
        [("--encoding", 0), ("--keep", 1), ("--blocklist", 1), ("--explain-file", 2), ("--threads", 3)]
    {
        let p = at(&format!("{option} <"));
        assert!(places[group] < p && p < places[group + 1], "{option} is not under {}", headings[group]);
    }
    // the input and decision options of the learned decision, the reliability and the I/O work too
    for (option, group) in [
        ("--max-record <", 0),
        ("--warc\n", 0),
        ("--null-data\n", 0),
        ("--rules-only\n", 1),
        ("--compress <", 2),
        ("--line-buffered\n", 2),
    ] {
        let p = at(option);
        assert!(places[group] < p && p < places[group + 1], "{option} is not under {}", headings[group]);
    }
    assert!(!help.contains("--model") && !help.contains("--dump-features"), "hidden options are listed:\n{help}");
    for code in ["  0 ", "  1 ", "  2 ", "  130 "] {
        assert!(help[places[6]..].contains(code), "exit status {code} not described");
    }
    // -h has the groups and the exit statuses too
    let short = stdout(&run(&["-h"], b""));
    assert!(short.contains("\nDecisions:") && short.contains("\nExit status:"), "{short}");
}

#[test]
fn learn_names_its_options_as_cleaning_does_and_keeps_the_old_names_hidden() {
    let help = stdout(&run(&["learn", "--help"], b""));
    assert!(help.contains("--threads <N>") && help.contains("--field <NAME>"), "{help}");
    assert!(!help.contains("--jobs <") && !help.contains("--text-field <"), "old names are listed:\n{help}");
    let dir = tmp();
    let corpus = dir.path().join("c.jsonl");
    let records: String = (0..6)
        .map(|i| format!("{{\"url\":\"http://a.example/{i}\",\"body\":\"本站特别提醒：理性阅读\\n第{i}条新闻的正文内容在这里，写得很长很长。\\n\"}}\n"))
        .collect();
    fs::write(&corpus, records).expect("write corpus");
    let c = corpus.to_str().expect("utf-8 path");
    let new =
        zhclean().args(["learn", "--jsonl", "--field", "body", "-j", "1", "-q", "-o", "-", c]).output().expect("run");
    let old = zhclean()
        .args(["learn", "--jsonl", "--text-field", "body", "--jobs", "1", "-q", "-o", "-", c])
        .output()
        .expect("run");
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    assert_eq!(old.status.code(), Some(0), "{}", stderr(&old));
    assert!(stdout(&new).contains("本站特别提醒"), "the field was read: {}", stdout(&new));
    assert_eq!(new.stdout, old.stdout);
}

#[test]
fn keep_all_keeps_every_chrome_kind() {
    let page = format!("当前位置：首页 > 新闻 > 正文\n{PROSE}\n扫一扫在手机打开当前页\n京ICP备14010675号-1\n");
    let all = run(&["--keep", "all"], page.as_bytes());
    let listed = run(&["--keep", "breadcrumb,meta,share,editor,nav,footer,template"], page.as_bytes());
    assert_eq!(all.status.code(), Some(0), "{}", stderr(&all));
    assert_eq!(stdout(&all), stdout(&listed));
    assert_eq!(stdout(&all), page, "nothing here is spam: every line is kept");
    assert_eq!(stdout(&run(&["--keep", "nav,all"], page.as_bytes())), page);
    assert_eq!(run(&["--keep", "everything"], page.as_bytes()).status.code(), Some(2));
}

#[test]
fn explain_file_holds_escaped_rows_and_stderr_none() {
    let dir = tmp();
    let why = dir.path().join("why.tsv");
    let page = format!("当前位置：首页\t>\t新闻 > 正文\n\n{PROSE}\n反斜杠\\在这里\n");
    let o = run(&["--explain-all", "--explain-file", why.to_str().expect("path")], page.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "rows went to stderr");
    let rows = fs::read_to_string(&why).expect("explain file");
    let mut lines = rows.lines();
    assert_eq!(lines.next(), Some("path\tline\tlabel\tkind\trule\ttext"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3, "one row per non-blank line: {rows:?}");
    assert!(rows.iter().all(|r| r.len() == 6 && r[0] == "-"), "{rows:?}");
    let texts: Vec<String> = rows.iter().map(|r| unescape(r[5])).collect();
    assert_eq!(texts, ["当前位置：首页\t>\t新闻 > 正文", PROSE, "反斜杠\\在这里"]);
    assert_eq!(rows.iter().map(|r| r[1]).collect::<Vec<_>>(), ["1", "3", "4"]);
}

#[test]
fn explain_file_names_jsonl_records_by_file_line_and_id() {
    let dir = tmp();
    let why = dir.path().join("why.tsv");
    let input = dir.path().join("in.jsonl");
    let records = format!(
        "{{\"id\":\"a\\tb\",\"text\":\"当前位置：首页 > 新闻\\n{PROSE}\\n\"}}\n\n{{\"text\":\"{PROSE}\\n\",\"id\":42}}\n{{\"text\":\"{PROSE}\"}}\n"
    );
    fs::write(&input, records).expect("write input");
    let o = zhclean().args(["--jsonl", "--explain-all", "--explain-file"]).arg(&why).arg(&input).output().expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = fs::read_to_string(&why).expect("explain file");
    let mut lines = rows.lines();
    assert_eq!(lines.next(), Some("path\trecord\tid\tline\tlabel\tkind\trule\ttext"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 8), "{rows:?}");
    let keys: Vec<(String, &str, &str, &str)> = rows.iter().map(|r| (unescape(r[0]), r[1], r[2], r[3])).collect();
    let path = input.to_string_lossy().into_owned();
    assert_eq!(
        keys,
        [
            (path.clone(), "1", "a\\tb", "1"),
            (path.clone(), "1", "a\\tb", "2"),
            (path.clone(), "3", "42", "1"),
            (path.clone(), "4", "-", "1"),
        ]
    );
    // --id-field picks another field
    let o = zhclean()
        .args(["--jsonl", "--explain-all", "--id-field", "text", "--explain-file"])
        .arg(&why)
        .arg(&input)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = fs::read_to_string(&why).expect("explain file");
    assert!(rows.lines().nth(3).is_some_and(|r| r.split('\t').nth(2) == Some(&format!("{PROSE}\\n")[..])), "{rows}");
}

#[test]
fn explain_file_collects_the_rows_of_a_batch() {
    let dir = tmp();
    let (src, out, why) = (dir.path().join("src"), dir.path().join("out"), dir.path().join("why.tsv"));
    fs::create_dir(&src).expect("mkdir");
    for i in 0..4 {
        fs::write(src.join(format!("{i}.txt")), format!("{PROSE}\n第{i}页\n")).expect("write");
    }
    let o = zhclean()
        .args(["--explain-all", "-j", "2", "-o"])
        .arg(&out)
        .arg("--explain-file")
        .arg(&why)
        .arg(&src)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = fs::read_to_string(&why).expect("explain file");
    assert_eq!(rows.lines().count(), 1 + 4 * 2, "{rows}");
    for i in 0..4 {
        let name = src.join(format!("{i}.txt")).to_string_lossy().into_owned();
        assert_eq!(rows.lines().filter(|r| r.starts_with(&format!("{name}\t"))).count(), 2, "{rows}");
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    let gen = |what: &str| {
        let o = run(&["--generate", what], b"");
        assert_eq!(o.status.code(), Some(0), "{what}: {}", stderr(&o));
        stdout(&o)
    };
    let bash = gen("complete-bash");
    assert!(bash.contains("complete -F") && bash.contains("--explain-file"), "{bash}");
    let zsh = gen("complete-zsh");
    assert!(zsh.starts_with("#compdef zhclean") && zsh.contains("--keep"), "{zsh}");
    let fish = gen("complete-fish");
    assert!(fish.contains("complete -c zhclean") && fish.contains("-l generate"), "{fish}");
    let man = gen("man");
    assert!(man.contains(".TH zhclean 1"), "{man}");
    assert!(man.contains(".SH DECISIONS") && man.contains("Exit status:"), "{man}");
    assert_eq!(run(&["--generate", "complete-tcsh"], b"").status.code(), Some(2));
    assert_eq!(run(&["--generate", "man", "page.txt"], b"").status.code(), Some(2), "--generate takes no input");
}

#[test]
fn raw_html_input_is_warned_about() {
    let html = format!("<!DOCTYPE html>\n<html><head><title>新闻</title></head>\n<body><p>{PROSE}</p></body></html>\n");
    let o = run(&[], html.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(err.contains("-: looks like HTML") && err.contains("extract the text first"), "{err}");
    assert_eq!(stderr(&run(&["-q"], html.as_bytes())), "", "--quiet silences the warning");
    let record = serde_json::json!({ "text": html }).to_string();
    assert!(stderr(&run(&["--jsonl"], record.as_bytes())).contains("looks like HTML"));
    // text that mentions a tag or two is a page's text
    let text = format!("{PROSE}\n在网页里用<div>和<br>标签排版。\n");
    assert_eq!(stderr(&run(&[], text.as_bytes())), "");
}

#[test]
fn a_strict_phrase_removes_a_line_whatever_its_context() {
    let dir = tmp();
    let (plain, strict) = (dir.path().join("plain.txt"), dir.path().join("strict.txt"));
    fs::write(&plain, "免费领取彩金\n").expect("write list");
    fs::write(&strict, "# sure about these\n#! strict\n免费领取彩金\n").expect("write list");
    // a short line between two paragraphs: the context (and the learned decision) would keep it;
    // removed by the default (learned) decision as by the rules alone
    let page = format!("{PROSE}\n点击进入免费领取彩金活动页面\n{PROSE}\n");
    for decision in [None, Some("--rules-only")] {
        let mut args = vec!["-b", strict.to_str().expect("path"), "--explain"];
        args.extend(decision);
        let o = run(&args, page.as_bytes());
        assert_eq!(o.status.code(), Some(0), "{decision:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), format!("{PROSE}\n{PROSE}\n"), "{decision:?}");
        assert_eq!(
            stderr(&o),
            "-\t2\tspam\t-\tstrict:spam:免费领取彩金\t点击进入免费领取彩金活动页面\n",
            "{decision:?}"
        );
    }
    // the same phrase, not strict, is weighed with the line's context (no `strict:` rule)
    let o = run(&["-b", plain.to_str().expect("path"), "--explain-all"], page.as_bytes());
    assert!(!stderr(&o).contains("strict:"), "{}", stderr(&o));
    // a strict chrome phrase is still kept with --keep of its kind
    fs::write(&strict, "#! strict\n#! kind: nav\n免费领取彩金\n").expect("write list");
    let o = run(&["-b", strict.to_str().expect("path"), "--keep", "nav"], page.as_bytes());
    assert_eq!(stdout(&o), page);
}

#[test]
fn the_sample_page_is_cleaned_as_the_readme_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README");
    let block = readme.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).expect("a first sh block");
    let commands: Vec<&str> = block.lines().map(|l| l.split('#').next().unwrap_or("").trim()).collect();
    assert_eq!(commands[..2], ["cargo run --release -- examples/page.txt", "cargo test"]);
    assert!(readme.contains("cargo install --path ."));
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        assert!(root.join(licence).is_file(), "{licence} missing");
    }
    let page = fs::read_to_string(root.join("examples/page.txt")).expect("examples/page.txt");
    let o = zhclean().arg(root.join("examples/page.txt")).output().expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(stderr(&o), "", "no warnings for the sample page");
    // the article's paragraphs are kept, with their converter damage repaired
    let paragraphs: Vec<&str> = page.lines().filter(|l| l.chars().count() > 60).collect();
    assert_eq!(paragraphs.len(), 4, "the sample has four paragraphs");
    for p in paragraphs {
        let repaired = p.replace("(cūn)", "").replace("，,", ",");
        assert!(out.contains(&repaired), "paragraph lost or not repaired: {repaired}");
    }
    // the injected spam goes, and the page gets shorter
    assert!(!out.contains("新葡京"), "{out}");
    assert!(out.lines().count() < page.lines().count(), "{out}");
}
