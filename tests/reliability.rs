//! The promises of the README's "Files, folders and records" and exit
//! status, under hostile use: one test per case of issue 13.

mod common;

use std::fs;
use std::io::{Read, Write};
#[cfg(unix)]
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use common::{page, pipe, run, stderr, temp_files, tree, zhclean};

const PROSE: &str = "县里召开森林防火工作会议，部署今冬明春防火工作，要求各乡镇落实文件精神。";

/// Waits for `child` at most `secs` seconds, then kills it (a test of a bug that never stops must end).
fn wait_or_kill(child: &mut Child, secs: u64) -> Option<ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Runs `zhclean args` with standard error a pipe whose reader has gone away.
fn run_with_stderr_closed(args: &[&str], stdin: &[u8]) -> Output {
    common::run_stderr(args, stdin, false)
}

// --- 1. the program's own temporary files -----------------------------------

#[test]
fn case_01_own_temporary_files_are_never_pages() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("page.txt"), page(1)).unwrap();
    let stray = input.join(".zhclean-Ab12Cd.tmp");
    fs::write(&stray, page(2)).unwrap();
    let out = dir.path().join("out");
    let o = run(&[input.to_str().unwrap(), "-o", out.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(tree(&out).keys().map(|p| p.to_string_lossy().into_owned()).collect::<Vec<_>>(), ["page.txt"]);
    let o = run(&["--in-place", input.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&stray).unwrap(), page(2), "another run's temporary file is not rewritten");
    // given by name, it is named and skipped, not cleaned into -o
    let out2 = dir.path().join("out2");
    let o = run(&[stray.to_str().unwrap(), "-o", out2.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("temporary file of zhclean"), "{}", stderr(&o));
    assert!(!out2.exists() || tree(&out2).is_empty());
}

#[test]
fn case_01_two_in_place_runs_at_once_damage_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    let cleaner = zhclean::Cleaner::new();
    for n in 0..30 {
        let text: String = (0..60).map(|k| page(n * 100 + k)).collect();
        fs::write(dir.path().join(format!("{n:02}.txt")), &text).unwrap();
        // what the pipe filter gives (`Same bytes everywhere`)
        expected.push(cleaner.clean_str(&text).text.into_bytes());
    }
    let spawn =
        || zhclean().args(["--in-place", "-j", "2", "-q"]).arg(dir.path()).stderr(Stdio::piped()).spawn().unwrap();
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    // a run may find a file the other rewrote meanwhile: it says so and leaves it
    for o in [&a, &b] {
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(o));
        assert!(stderr(o).lines().all(|l| l.contains("changed while it was being cleaned")), "{}", stderr(o));
    }
    for (n, want) in expected.iter().enumerate() {
        let got = fs::read(dir.path().join(format!("{n:02}.txt"))).unwrap();
        assert!(&got == want, "file {n}: {} bytes, want {}", got.len(), want.len());
    }
    assert!(temp_files(dir.path()).is_empty());
}

// --- 2. one stray byte in a UTF-8 line ----------------------------------------

#[test]
fn case_02_a_stray_byte_leaves_a_utf8_line_utf8() {
    let line = b"\xe4\xb8\xad\xe6\x96\x87\xe5\x86\x85\xe5\xae\xb9\xe6\xb5\x8b\xe8\xaf\x95\xe3\x80\x82\xe4\n"; // 中文内容测试。 + a cut-off character
    for args in [&[][..], &["--encoding", "utf-8"]] {
        let o = run(args, line);
        assert_eq!(String::from_utf8(o.stdout).unwrap(), "中文内容测试。\u{fffd}\n", "{args:?}");
    }
    // a crawler's byte limit cut the last line of a page inside a character
    let page = format!("{PROSE}\n{PROSE}\n");
    let cut = &page.as_bytes()[..page.len() - 2];
    let got = String::from_utf8(pipe(cut)).unwrap();
    assert!(got.starts_with(&format!("{PROSE}\n")), "{got}");
    assert!(got.contains("要求各乡镇落实文件精"), "the cut line stays UTF-8: {got}");
    // a GBK line pasted into a UTF-8 page is still decoded as GB18030, unless an encoding is forced
    let (gbk, _, _) = encoding_rs::GBK.encode(PROSE);
    let mut mixed = format!("{PROSE}\n").into_bytes();
    mixed.extend_from_slice(&gbk);
    mixed.push(b'\n');
    assert_eq!(String::from_utf8(pipe(&mixed)).unwrap(), format!("{PROSE}\n{PROSE}\n"));
    let forced = String::from_utf8(run(&["--encoding", "utf-8", "-q"], &mixed).stdout).unwrap();
    assert!(forced.ends_with("\u{fffd}\n") && !forced.ends_with(&format!("{PROSE}\n{PROSE}\n")), "{forced}");
}

// --- 3 and 7. standard error going away ---------------------------------------

#[test]
fn case_03_stderr_going_away_does_not_cut_the_output() {
    let input: String = (0..400).map(page).collect();
    let whole = pipe(input.as_bytes());
    let o = run_with_stderr_closed(&["--explain"], input.as_bytes());
    assert_eq!(o.stdout.len(), whole.len(), "the whole output is written");
    assert!(o.stdout == whole);
    // the rows asked for were lost: exit 1, not 0
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn case_07_warnings_that_cannot_be_written_are_dropped_and_the_work_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    for n in 0..40 {
        // invalid bytes: one warning per file
        let mut bytes = page(n).into_bytes();
        bytes.extend_from_slice(b"\xff\xfe\xfd bad\n");
        fs::write(input.join(format!("{n:02}.txt")), bytes).unwrap();
    }
    let out = dir.path().join("out");
    let o = run_with_stderr_closed(&[input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-j", "2"], b"");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(tree(&out).len(), 40, "every file cleaned");
    assert!(temp_files(&out).is_empty());
    // JSON Lines: bad records are named on stderr; the output is still whole
    let mut records = String::new();
    for n in 0..2000 {
        records.push_str(&format!("{{\"text\":{}}}\n", serde_json::to_string(&page(n)).unwrap()));
        records.push_str("not json\n");
    }
    let whole = run(&["--jsonl", "-q"], records.as_bytes());
    let o = run_with_stderr_closed(&["--jsonl"], records.as_bytes());
    assert_eq!(o.status.code(), Some(1), "bad records");
    assert!(!o.stdout.is_empty() && o.stdout == whole.stdout);
}

// --- 4. lone surrogate escapes in JSON Lines ------------------------------------

#[test]
fn case_04_a_lone_surrogate_escape_is_cleaned_not_dropped() {
    let record = format!("{{\"id\":1,\"text\":\"京ICP备14010675号-1\\n{PROSE}\\ud800\"}}\n");
    for args in [&["--jsonl"][..], &["--jsonl", "--drop-bad-records"]] {
        let o = run(args, record.as_bytes());
        let out = String::from_utf8(o.stdout.clone()).unwrap();
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{args:?} {e}: {out}"));
        assert_eq!(v["text"].as_str(), Some(format!("{PROSE}\u{fffd}").as_str()), "{args:?}");
        assert_eq!(v["id"], 1);
        assert!(stderr(&o).contains("lone surrogate"), "{}", stderr(&o));
    }
}

// --- 5. an edit made while the file was being cleaned ----------------------------

#[test]
fn case_05_in_place_keeps_an_edit_made_meanwhile() {
    use zhclean::batch::{self, Batch, Outcome, Target};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.txt");
    fs::write(&file, page(1)).unwrap();
    let walk = batch::walk(std::slice::from_ref(&file), None);
    let cleaner = zhclean::Cleaner::new();
    let outcomes = Batch::new(Target::InPlace).run(
        &walk.jobs,
        |job, input, output| {
            let r = cleaner.clean_stream(input, output);
            // someone saves the file while it is being cleaned
            fs::OpenOptions::new().append(true).open(&job.input)?.write_all("编辑加上的一行。\n".as_bytes())?;
            r
        },
        |_, _| {},
    );
    assert!(matches!(&outcomes[0], Outcome::Failed(e) if e.to_string().contains("changed")), "{outcomes:?}");
    assert_eq!(fs::read_to_string(&file).unwrap(), format!("{}编辑加上的一行。\n", page(1)));
    assert!(temp_files(dir.path()).is_empty());
}

// --- 6. owner and mode of a file rewritten in place ------------------------------

#[cfg(unix)]
#[test]
fn case_06_in_place_keeps_owner_and_setuid_or_refuses() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if !rustix_is_root() {
        eprintln!("skipped: needs root to give files away");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.txt");
    fs::write(&file, page(1)).unwrap();
    std::os::unix::fs::chown(&file, Some(12345), Some(12345)).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o6755)).unwrap();
    let o = run(&["--in-place", file.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = fs::metadata(&file).unwrap();
    assert_ne!(fs::read_to_string(&file).unwrap(), page(1), "cleaned");
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o7777), (12345, 12345, 0o6755));

    // a user who may write the folder but not give the file away: refused, file left alone
    if Command::new("setpriv").arg("--version").output().is_err() {
        return;
    }
    let shared = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::set_permissions(shared.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let file = shared.path().join("root.txt");
    fs::write(&file, page(2)).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    let o = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_zhclean"), "--in-place"])
        .arg(&file)
        .output()
        .unwrap();
    if String::from_utf8_lossy(&o.stderr).contains("Permission denied") && !stderr(&o).contains("owner") {
        eprintln!("skipped: the binary is not reachable by an unprivileged user: {}", stderr(&o));
        return;
    }
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot keep the owner"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&file).unwrap(), page(2));
    assert_eq!(fs::metadata(&file).unwrap().uid(), 0);
    assert!(temp_files(shared.path()).is_empty());
}

#[cfg(unix)]
fn rustix_is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n")
}

// --- 10. exit status ---------------------------------------------------------------

#[test]
fn case_10_write_errors_exit_1_and_signals_130() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.txt");
    fs::write(&file, page(1)).unwrap();
    let f = file.to_str().unwrap();
    let full = zhclean().arg(f).stdout(fs::File::create("/dev/full").unwrap()).output().unwrap();
    assert_eq!(full.status.code(), Some(1), "{}", stderr(&full));
    let o = zhclean().args(["learn", dir.path().to_str().unwrap(), "-o", "/no/such/dir/t.tpl", "-q"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // standard output closed: an error, not output silently gone
    let o =
        Command::new("sh").args(["-c", "exec \"$0\" \"$1\" >&-", env!("CARGO_BIN_EXE_zhclean"), f]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("standard output is closed"));
    // a usage error is still 2
    assert_eq!(run(&["--keep", "menus"], b"").status.code(), Some(2));
    for (args, signal) in [(&[][..], "TERM"), (&["--jsonl"][..], "HUP"), (&[][..], "INT")] {
        // A signal that comes before the handler is installed ends the process the default way
        // (killed by the signal, no exit code); on a loaded machine start-up can take longer than
        // the first wait, so wait longer and try again then. Once installed, the handler must exit 130.
        let mut status = None;
        for wait in [300, 1500, 5000] {
            let mut child =
                zhclean().args(args).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(wait));
            let kill = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
            assert!(kill.success());
            status = wait_or_kill(&mut child, 10);
            if status.is_some_and(|s| s.code().is_some()) {
                break;
            }
        }
        assert_eq!(status.and_then(|s| s.code()), Some(130), "{args:?} SIG{signal}: {status:?}");
    }
}

// --- 11. the output is an input -------------------------------------------------------

#[test]
fn case_11_an_input_that_is_the_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.txt");
    let other = dir.path().join("other.txt");
    fs::write(&file, page(1)).unwrap();
    fs::write(&other, format!("{PROSE}\n")).unwrap();
    let mut child = Command::new("sh")
        .args(["-c", "exec \"$0\" \"$2\" \"$1\" >> \"$1\"", env!("CARGO_BIN_EXE_zhclean")])
        .args([&file, &other])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait_or_kill(&mut child, 20);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.and_then(|s| s.code()), Some(1), "{err}");
    assert!(err.contains("input file is output file"), "{err}");
    // the other input is still cleaned onto it
    assert_eq!(fs::read_to_string(&file).unwrap(), format!("{}{PROSE}\n", page(1)));
    // standard input that is the output too
    let o = Command::new("sh")
        .args(["-c", "exec \"$0\" < \"$1\" >> \"$1\"", env!("CARGO_BIN_EXE_zhclean")])
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&other).unwrap(), format!("{PROSE}\n"));
}

// --- 15. deliberate choices ------------------------------------------------------------

#[test]
fn case_15_inputs_without_a_final_line_ending_are_not_glued() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    fs::write(&a, "第一个文件的正文内容，写得很长很长，没有换行。").unwrap();
    fs::write(&b, format!("{PROSE}\n")).unwrap();
    let o = run(&[a.to_str().unwrap(), b.to_str().unwrap()], b"");
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        format!("第一个文件的正文内容，写得很长很长，没有换行。\n{PROSE}\n")
    );
    // alone, the input's bytes are kept: no line ending is added
    let o = run(&[a.to_str().unwrap()], b"");
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "第一个文件的正文内容，写得很长很长，没有换行。");
}

// --- 8 and 9. bounded memory for records, lists and templates ----------------------------

/// The resident memory of a running process, in KiB (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn case_08_a_record_longer_than_the_limit_is_not_held() {
    let mut input = vec![b'x'; 3_000_000];
    input.extend_from_slice(format!("\n{{\"text\":\"{PROSE}\"}}\n").as_bytes());
    let o = run(&["--jsonl", "--max-record", "1000000"], &input);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8(o.stdout.clone()).unwrap(), format!("{{\"text\":\"{PROSE}\"}}\n"));
    assert!(stderr(&o).contains("-:1: bad record: 3000001 bytes, longer than the record limit"), "{}", stderr(&o));
    // an endless line: memory stays bounded (default limit 64 MiB)
    if !Path::new("/proc/self/status").exists() {
        return;
    }
    let mut child = zhclean()
        .arg("--jsonl")
        .stdin(fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let rss = rss_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert!(rss.is_some_and(|kib| kib < 150 * 1024), "{rss:?} KiB");
}

#[test]
fn case_09_lists_and_templates_are_read_bounded() {
    for opt in ["-b", "--template"] {
        let start = Instant::now();
        let o = run(&[opt, "/dev/zero"], format!("{PROSE}\n").as_bytes());
        assert_eq!(o.status.code(), Some(1), "{opt}: {}", stderr(&o));
        assert!(stderr(&o).contains("not read"), "{opt}: {}", stderr(&o));
        assert!(start.elapsed() < Duration::from_secs(60));
    }
    // a one-site template: only the counts that can match are loaded, the result is the same
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("t.tpl");
    let mut text = String::from(
        "zhclean-template 1\nparams min-docs=5 min-share=0.3 max-len=60\n@ 10 alpha\n10\t阿尔法新闻网版权所有\n",
    );
    for i in 0..200_000 {
        let key = format!("正文第{}行的内容", i as u64 * 7919 % 1_000_003).replace(|c: char| c.is_ascii_digit(), "零");
        text.push_str(&format!("1\t{key}\n"));
        text.push_str(&format!("1\t#{:016x}\n", i));
    }
    fs::write(&tpl, text).unwrap();
    let page = format!("阿尔法新闻网 版权所有\n{PROSE}\n");
    let o = run(&["--template", tpl.to_str().unwrap(), "--site", "alpha"], page.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), format!("{PROSE}\n"));
}

// --- 12 and 13. learning -------------------------------------------------------------

fn learn(args: &[&str]) -> Output {
    zhclean().arg("learn").args(args).output().unwrap()
}

/// A corpus folder with one site of `n` pages sharing a footer.
fn corpus(root: &Path, site: &str, footer: &str, n: usize) {
    fs::create_dir_all(root.join(site)).unwrap();
    for i in 0..n {
        let body = format!("{PROSE}这是第{}篇文章，说的是{}。", i, ["春", "夏", "秋", "冬", "晴", "雨", "风"][i % 7]);
        fs::write(root.join(site).join(format!("{i}.txt")), format!("{footer}\n{body}\n")).unwrap();
    }
}

#[test]
fn case_12_merge_parameters_cannot_be_overridden_into_a_different_result() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    corpus(&dir.path().join("a"), "alpha", "阿尔法新闻网 版权所有", 6);
    corpus(&dir.path().join("b"), "beta", "贝塔资讯网 版权所有 联系我们", 6);
    assert!(learn(&[&p("a"), "--max-len", "8", "-o", &p("a8.tpl"), "-q"]).status.success());
    assert!(learn(&[&p("b"), "-o", &p("b.tpl"), "-q"]).status.success());
    // the files were counted differently: no command-line value makes them one
    let o = learn(&["--merge", &p("a8.tpl"), &p("b.tpl"), "--max-len", "60", "-o", &p("x.tpl")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("parameters differ"), "{}", stderr(&o));
    // nor can --max-len grow past what was counted
    assert!(learn(&[&p("a"), "-o", &p("a.tpl"), "-q"]).status.success());
    let o = learn(&["--merge", &p("a.tpl"), &p("b.tpl"), "--max-len", "80", "-o", &p("x.tpl")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // a threshold, applied at use, may change: the same as learning both at once with it
    let o = learn(&["--merge", &p("a.tpl"), &p("b.tpl"), "--min-docs", "3", "-o", &p("m.tpl"), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(learn(&[&p("a"), &p("b"), "--min-docs", "3", "-o", &p("ab.tpl"), "-q"]).status.success());
    assert_eq!(fs::read_to_string(p("m.tpl")).unwrap(), fs::read_to_string(p("ab.tpl")).unwrap());
}

#[test]
fn case_13_learn_jsonl_reads_records_as_cleaning_does() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("crawl.jsonl");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    for i in 0..20 {
        let url = if i % 2 == 0 { "HTTP://Example.COM./a" } else { "https://example.com/b" };
        let text = format!("阿尔法新闻网 版权所有\n{PROSE}第{i}篇。");
        bytes.extend_from_slice(serde_json::json!({ "url": url, "text": text, "n": 1 }).to_string().as_bytes());
        bytes.push(b'\n');
        if i == 3 {
            bytes.extend_from_slice(b"{\"url\":\"https://example.com/c\",\"text\":\"\xff\xfe\"}\n");
        }
        if i == 5 {
            bytes.extend_from_slice(b"{\"url\":\"https://example.com/d\",\"n\":1e400,\"text\":\"x\\ud800\"}\n");
        }
    }
    fs::write(&input, bytes).unwrap();
    let tpl = dir.path().join("t.tpl");
    let i = input.to_str().unwrap();
    let o = learn(&["--jsonl", i, i, "-o", tpl.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(1), "the non-UTF-8 record: {}", stderr(&o));
    assert!(stderr(&o).contains("crawl.jsonl:5: not UTF-8"), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1, "read once: {}", stderr(&o));
    let t = fs::read_to_string(&tpl).unwrap();
    // 20 records, the BOM one and the 1e400 one included, all of one host, the file read once
    assert!(t.lines().any(|l| l == "@ 21 example.com"), "{t}");
}

// --- 14. short inputs in Chinese encodings -------------------------------------------------

#[test]
fn case_14_short_gbk_and_big5_are_read_as_chinese_and_the_guess_is_said() {
    for (text, enc) in [("登录", encoding_rs::GBK), ("联系我们", encoding_rs::GBK), ("登錄", encoding_rs::BIG5)]
    {
        let (bytes, _, _) = enc.encode(text);
        let o = run(&["--no-default-blocklists"], &[&bytes[..], b"\n"].concat());
        assert_eq!(String::from_utf8(o.stdout.clone()).unwrap(), format!("{text}\n"), "{text} in {}", enc.name());
        assert!(stderr(&o).contains("too little text to be sure of its encoding"), "{}", stderr(&o));
    }
    // a whole page is no guess
    let whole = page(1);
    let (gbk, _, _) = encoding_rs::GBK.encode(&whole);
    let o = run(&[], &gbk);
    assert!(!stderr(&o).contains("too little"), "{}", stderr(&o));
}

// --- 16. lesser ---------------------------------------------------------------------

#[test]
fn case_16_rows_escape_names_errors_once_warnings_and_template_checks() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a\tb\nc.txt");
    fs::write(&odd, "京ICP备14010675号-1\n").unwrap();
    let o = run(&["--explain", odd.to_str().unwrap()], b"");
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.split('\t').count(), 6, "{err}");
    assert!(err.starts_with(&format!("{}/a\\tb\\nc.txt\t1\t", dir.path().display())), "{err}");
    // the OS error once
    let o = run(&["-b", dir.path().to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).matches("folder").count() + stderr(&o).matches("directory").count(), 1, "{}", stderr(&o));
    // an unknown #! kind: is warned about
    let list = dir.path().join("list.txt");
    fs::write(&list, "#! kind: sidebar\n侧栏广告\n").unwrap();
    let o = run(&["-b", list.to_str().unwrap()], format!("{PROSE}\n").as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("line 1: unknown kind \"sidebar\""), "{}", stderr(&o));
    // a hand-edited template is checked as `learn` checks its options
    for bad in [
        "params min-docs=5 min-share=NaN max-len=60\n@ 5 a\n",
        "params min-docs=5 min-share=-5 max-len=60\n@ 5 a\n",
        "@ 18446744073709551615 a\n@ 1 a\n",
        "@ 5 a\n6\t阿尔法新闻网\n",
    ] {
        let tpl = dir.path().join("bad.tpl");
        fs::write(&tpl, format!("zhclean-template 1\n{bad}")).unwrap();
        let o = run(&["--template", tpl.to_str().unwrap()], b"");
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).contains("bad template file"), "{bad}: {}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn case_15_in_place_rewrites_only_what_it_owns_and_only_when_cleaning_changed_something() {
    let dir = tempfile::tempdir().unwrap();
    let tree_root = dir.path().join("tree");
    fs::create_dir(&tree_root).unwrap();
    // a link out of the tree: its target is not rewritten
    let outside = dir.path().join("outside.txt");
    fs::write(&outside, page(1)).unwrap();
    std::os::unix::fs::symlink(&outside, tree_root.join("link.txt")).unwrap();
    // a file with two names: not split
    fs::write(tree_root.join("a.txt"), page(2)).unwrap();
    fs::hard_link(tree_root.join("a.txt"), dir.path().join("a-again.txt")).unwrap();
    // nothing to clean, but GBK or with a BOM: left as it is
    let text = format!("{PROSE}\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    fs::write(tree_root.join("gbk.txt"), &gbk).unwrap();
    fs::write(tree_root.join("bom.txt"), format!("\u{feff}{PROSE}\n")).unwrap();
    fs::write(tree_root.join("dirty.txt"), page(3)).unwrap();
    let o = run(&["--in-place", tree_root.to_str().unwrap()], b"");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "the hard-linked file was not cleaned: {err}");
    assert!(err.contains("link out of the folders given"), "{err}");
    assert!(err.contains("hard links"), "{err}");
    assert_eq!(fs::read_to_string(&outside).unwrap(), page(1));
    assert!(fs::symlink_metadata(tree_root.join("link.txt")).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(tree_root.join("a.txt")).unwrap(), page(2));
    assert_eq!(fs::read(tree_root.join("gbk.txt")).unwrap(), gbk.to_vec());
    assert_eq!(fs::read_to_string(tree_root.join("bom.txt")).unwrap(), format!("\u{feff}{PROSE}\n"));
    assert_eq!(fs::read(tree_root.join("dirty.txt")).unwrap(), pipe(page(3).as_bytes()));
    // a link given by name is followed: that is what was asked
    let o = run(&["--in-place", tree_root.join("link.txt").to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read(&outside).unwrap(), pipe(page(1).as_bytes()));
    // a FIFO is not replaced by a regular file (and not waited on)
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let mut child = zhclean().args(["--in-place"]).arg(&fifo).stderr(Stdio::piped()).spawn().unwrap();
    let status = wait_or_kill(&mut child, 20);
    assert_eq!(status.and_then(|s| s.code()), Some(1));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}
