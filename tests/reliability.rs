//! The promises of the README's "Files, folders and records" and exit
//! status, under hostile use: one test per case of issue 13.

mod common;

use std::fs;
use std::io::{Read, Write};
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
    let mut child = zhclean()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zhclean");
    drop(child.stderr.take());
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
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
    let walk = batch::walk(&[file.clone()], None);
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
        let mut child =
            zhclean().args(args).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let kill = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
        assert!(kill.success());
        let status = wait_or_kill(&mut child, 10);
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
