//! Batch modes: `-o OUTDIR` over trees, `-j`, `--in-place`, interruption.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::{page, pipe, run, stats, stderr, temp_files, tree, zhclean};

/// A tree with nested folders, a GB18030 page, a binary file, a dangling
/// link, a link to a file, a link loop and an empty file.
fn messy_tree(root: &Path) {
    fs::create_dir_all(root.join("news/2022/01")).unwrap();
    fs::write(root.join("top.txt"), page(1)).unwrap();
    fs::write(root.join("news/a.txt"), page(2)).unwrap();
    fs::write(root.join("news/2022/01/deep.txt"), page(3).replace('\n', "\r\n")).unwrap();
    let text = page(4);
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    fs::write(root.join("news/gb18030.txt"), &gb).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(page(5).as_bytes());
    fs::write(root.join("news/image.png"), png).unwrap();
    fs::write(root.join("empty.txt"), "").unwrap();
    std::os::unix::fs::symlink(root.join("missing.txt"), root.join("news/dangling.txt")).unwrap();
    std::os::unix::fs::symlink("a.txt", root.join("news/link.txt")).unwrap();
    std::os::unix::fs::symlink("loop.txt", root.join("loop.txt")).unwrap();
}

#[test]
fn the_page_has_lines_to_remove() {
    let cleaned = String::from_utf8(pipe(page(1).as_bytes())).unwrap();
    assert!(!cleaned.contains("ICP"), "{cleaned}");
    assert!(!cleaned.contains("當前位置"), "{cleaned}");
    assert!(cleaned.contains("县里召开森林防火工作会议"), "{cleaned}");
}

#[test]
fn a_tree_is_cleaned_as_the_pipe_filter_cleans_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    messy_tree(&input);
    let before = tree(&input);
    let res = run(&[input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--stats"], b"");
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");

    // the unreadable inputs are named with the reason, the binary one is named as skipped
    assert!(err.lines().any(|l| l.contains("dangling.txt") && l.contains("No such file")), "{err}");
    assert!(err.lines().any(|l| l.contains("loop.txt") && l.contains("cannot read")), "{err}");
    assert!(err.lines().any(|l| l.contains("image.png") && l.contains("binary")), "{err}");

    let got = tree(&out);
    let names: Vec<String> = got.keys().map(|p| p.to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        ["empty.txt", "news/2022/01/deep.txt", "news/a.txt", "news/gb18030.txt", "news/link.txt", "top.txt"]
    );
    for (rel, cleaned) in &got {
        let original = fs::read(input.join(rel)).unwrap();
        assert_eq!(cleaned, &pipe(&original), "{} differs from the pipe filter's output", rel.display());
    }
    assert!(got[Path::new("empty.txt")].is_empty());
    let gb = String::from_utf8(got[Path::new("news/gb18030.txt")].clone()).unwrap();
    assert!(gb.contains("县里召开森林防火工作会议") && !gb.contains('\u{fffd}') && !gb.contains("ICP"), "{gb}");
    assert!(got[Path::new("news/2022/01/deep.txt")].ends_with("精神。\r\n".as_bytes()));

    assert_eq!(tree(&input), before, "inputs were changed");
    assert!(temp_files(&out).is_empty());

    let s = stats(&res);
    assert_eq!(
        (s["files"].as_u64(), s["files_skipped"].as_u64(), s["files_failed"].as_u64()),
        (Some(6), Some(1), Some(2))
    );
    let removed = &s["lines_removed"];
    assert_eq!(removed["chrome"]["footer"].as_u64(), Some(5), "{s}");
    assert_eq!(s["bytes_out"].as_u64(), Some(got.values().map(|v| v.len() as u64).sum()), "{s}");
}

#[test]
fn a_read_error_after_open_fails_the_file_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, page(1)).unwrap();
    let out = dir.path().join("out");
    // /proc/self/mem opens, but reading at offset 0 fails with EIO
    let res = run(&["/proc/self/mem", good.to_str().unwrap(), "-o", out.to_str().unwrap()], b"");
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert!(err.contains("/proc/self/mem: cannot read"), "{err}");
    assert_eq!(fs::read(out.join("good.txt")).unwrap(), pipe(page(1).as_bytes()));
    assert!(!out.join("mem").exists());
    assert!(temp_files(&out).is_empty());
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for i in 0..60 {
        let sub = input.join(format!("d{}", i % 7));
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join(format!("p{i}.txt")), page(i).repeat(1 + i % 5)).unwrap();
    }
    let one = dir.path().join("one");
    let four = dir.path().join("four");
    for (out, j) in [(&one, "1"), (&four, "4")] {
        let res = run(&[input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-j", j], b"");
        assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
        assert!(res.stderr.is_empty(), "{}", stderr(&res));
    }
    let (a, b) = (tree(&one), tree(&four));
    assert_eq!(a.len(), 60);
    assert_eq!(a, b);
}

#[test]
fn nothing_is_written_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("p.txt"), page(1)).unwrap();
    let res = run(&[input.to_str().unwrap(), "-o", input.to_str().unwrap()], b"");
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert!(err.contains("is an input"), "{err}");
    assert_eq!(fs::read_to_string(input.join("p.txt")).unwrap(), page(1));
    assert!(temp_files(&input).is_empty());
}

#[test]
fn two_inputs_with_one_output_path_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (d, n) in [("x", 1), ("y", 2)] {
        fs::create_dir_all(dir.path().join(d)).unwrap();
        fs::write(dir.path().join(d).join("p.txt"), page(n)).unwrap();
    }
    let out = dir.path().join("out");
    let (x, y) = (dir.path().join("x"), dir.path().join("y"));
    let res = run(&[x.to_str().unwrap(), y.to_str().unwrap(), "-o", out.to_str().unwrap()], b"");
    assert_eq!(res.status.code(), Some(1));
    assert!(stderr(&res).contains("would also be written from"), "{}", stderr(&res));
    // the first input in argument order wins
    assert_eq!(fs::read(out.join("p.txt")).unwrap(), pipe(&fs::read(x.join("p.txt")).unwrap()));
}

#[test]
fn in_place_rewrites_changed_files_atomically_and_leaves_the_rest() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(root.join("dirty.txt"), page(1)).unwrap();
    fs::set_permissions(root.join("dirty.txt"), fs::Permissions::from_mode(0o640)).unwrap();
    fs::write(root.join("sub/dirty.txt"), page(2)).unwrap();
    let clean = "县里召开森林防火工作会议，部署今冬明春防火工作，要求各乡镇落实文件精神。\n";
    assert_eq!(pipe(clean.as_bytes()), clean.as_bytes());
    fs::write(root.join("sub/clean.txt"), clean).unwrap();
    fs::write(root.join("bin.dat"), b"a\0b").unwrap();
    let old = SystemTime::now() - Duration::from_secs(86_400 * 365);
    for f in ["sub/clean.txt", "bin.dat"] {
        fs::File::options().write(true).open(root.join(f)).unwrap().set_modified(old).unwrap();
    }
    std::os::unix::fs::symlink("dirty.txt", root.join("link.txt")).unwrap();

    let res = run(&["--in-place", root.to_str().unwrap(), "--stats"], b"");
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));

    assert_eq!(fs::read(root.join("dirty.txt")).unwrap(), pipe(page(1).as_bytes()));
    assert_eq!(fs::read(root.join("sub/dirty.txt")).unwrap(), pipe(page(2).as_bytes()));
    let mode = fs::metadata(root.join("dirty.txt")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // the link is still a link, and its target was cleaned once
    assert!(fs::symlink_metadata(root.join("link.txt")).unwrap().file_type().is_symlink());
    for f in ["sub/clean.txt", "bin.dat"] {
        assert_eq!(fs::metadata(root.join(f)).unwrap().modified().unwrap(), old, "{f} was rewritten");
    }
    assert_eq!(fs::read(root.join("bin.dat")).unwrap(), b"a\0b");
    assert!(temp_files(root).is_empty());
    let s = stats(&res);
    assert_eq!(
        (s["files"].as_u64(), s["files_unchanged"].as_u64(), s["files_skipped"].as_u64()),
        (Some(3), Some(1), Some(1))
    );
}

#[test]
fn batch_modes_refuse_standard_input_and_the_pipe_names_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    assert_eq!(run(&["--in-place", "-"], b"").status.code(), Some(2));
    assert_eq!(run(&["-", "-o", d], b"").status.code(), Some(2));
    assert_eq!(run(&["--in-place"], b"").status.code(), Some(2));
    // the pipe names a folder like an unreadable input, and exits 1
    let res = run(&[d], b"");
    assert_eq!(res.status.code(), Some(1));
    assert!(stderr(&res).contains("is a folder"), "{}", stderr(&res));
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("slow.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = dir.path().join("out");
    let mut child = zhclean()
        .args([fifo.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Feed more than the binary check reads, keep the pipe open: zhclean is
    // now writing its temporary file and waiting for more input.
    let mut writer = fs::File::options().write(true).open(&fifo).unwrap();
    writer.write_all(page(1).repeat(200).as_bytes()).unwrap();
    let mut waited = Duration::ZERO;
    while temp_files(&out).is_empty() {
        assert!(waited < Duration::from_secs(20), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
        waited += Duration::from_millis(20);
    }
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    drop(writer);
    assert_eq!(status.code(), Some(130));
    assert!(temp_files(&out).is_empty(), "{:?}", temp_files(&out));
    assert!(!out.join("slow.txt").exists());
}

#[test]
fn forced_utf16_without_a_bom_is_not_taken_for_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for u in page(1).encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    assert!(bytes.contains(&0));
    fs::write(dir.path().join("p.txt"), &bytes).unwrap();
    let out = dir.path().join("out");
    let p = dir.path().join("p.txt");
    let res = run(&["--encoding", "utf-16le", p.to_str().unwrap(), "-o", out.to_str().unwrap()], b"");
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let piped = run(&["--encoding", "utf-16le"], &bytes);
    assert_eq!(fs::read(out.join("p.txt")).unwrap(), piped.stdout);
    assert_eq!(piped.stdout, pipe(page(1).as_bytes()));
}
