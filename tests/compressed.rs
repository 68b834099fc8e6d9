//! Compressed input and output, through the binary: gzip, zstd, bzip2 and xz
//! found by their magic bytes in every mode, outputs compressed as their
//! inputs (or as `--compress` says), and a damaged stream an error for its
//! input, never text.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use common::{page, pipe, run, stderr, zhclean};
use zhclean::Compression;

const FORMATS: [Compression; 4] = [Compression::Gzip, Compression::Zstd, Compression::Bzip2, Compression::Xz];

fn compress(format: Compression, bytes: &[u8]) -> Vec<u8> {
    let mut e = format.encoder(Vec::new()).unwrap();
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// The text of a file, and the format it was in.
fn decompress(bytes: &[u8]) -> (Compression, Vec<u8>) {
    let (format, mut r) = Compression::decoder(bytes).unwrap();
    let mut out = Vec::new();
    r.read_to_end(&mut out).unwrap();
    (format, out)
}

fn jsonl(n: usize) -> String {
    (0..n).map(|i| serde_json::json!({ "id": i, "text": page(i) }).to_string() + "\n").collect()
}

#[test]
fn every_format_is_cleaned_as_its_text_from_files_and_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let text = page(1);
    let clean = pipe(text.as_bytes());
    assert!(!clean.is_empty() && clean.len() < text.len());
    for format in FORMATS {
        // a misleading name: detection is by magic bytes
        let path = dir.path().join(format!("page-{format}.txt"));
        fs::write(&path, compress(format, text.as_bytes())).unwrap();
        let out = zhclean().arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert_eq!(out.stdout, clean, "{format} file");
        let out = run(&[], &compress(format, text.as_bytes()));
        assert_eq!(out.stdout, clean, "{format} on stdin");
    }
}

#[test]
fn a_truncated_or_corrupt_stream_fails_its_input_only_and_writes_no_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let text = (0..40).map(page).collect::<String>();
    let good = dir.path().join("good.txt");
    fs::write(&good, page(7)).unwrap();
    for format in FORMATS {
        let bytes = compress(format, text.as_bytes());
        let mut corrupt = bytes.clone();
        let middle = corrupt.len() / 2;
        corrupt[middle..middle + 8].copy_from_slice(b"\xff\x00\xff\x00garb");
        for (what, damaged) in [("truncated", &bytes[..bytes.len() * 2 / 3]), ("corrupt", &corrupt[..])] {
            let bad = dir.path().join(format!("{what}.{format}"));
            fs::write(&bad, damaged).unwrap();
            let out = zhclean().arg(&bad).arg(&good).output().unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{format} {what}: {err}");
            assert!(err.contains(&format!("corrupt or truncated {format} stream")), "{format} {what}: {err}");
            assert!(err.contains(&bad.display().to_string()), "{err}");
            // what came out is cleaned text of the page, then the good file whole
            let good_clean = pipe(page(7).as_bytes());
            let out_text = String::from_utf8(out.stdout).expect("UTF-8, no compressed bytes");
            assert!(out_text.ends_with(std::str::from_utf8(&good_clean).unwrap()), "{format} {what}");
            for line in out_text.lines() {
                let is_input = |l: &str| zhclean::repair_line(l).contains(line);
                assert!(text.lines().any(is_input), "{format} {what}: {line:?}");
            }
        }
    }
}

#[test]
fn folders_keep_each_files_compression_or_take_the_one_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    for (i, format) in FORMATS.iter().enumerate() {
        fs::write(input.join(format!("p{i}.txt{}", format.extension())), compress(*format, page(i).as_bytes()))
            .unwrap();
    }
    fs::write(input.join("plain.txt"), page(9)).unwrap();
    let out = zhclean().arg(&input).arg("-o").arg(dir.path().join("keep")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (i, format) in FORMATS.iter().enumerate() {
        let bytes = fs::read(dir.path().join(format!("keep/p{i}.txt{}", format.extension()))).unwrap();
        assert_eq!(decompress(&bytes), (*format, pipe(page(i).as_bytes())), "{format}");
    }
    assert_eq!(fs::read(dir.path().join("keep/plain.txt")).unwrap(), pipe(page(9).as_bytes()));

    let out = zhclean().arg(&input).args(["--compress", "zstd", "-o"]).arg(dir.path().join("zst")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<String> =
        common::tree(&dir.path().join("zst")).keys().map(|p| p.to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["p0.txt.zst", "p1.txt.zst", "p2.txt.zst", "p3.txt.zst", "plain.txt.zst"]);
    let bytes = fs::read(dir.path().join("zst/p2.txt.zst")).unwrap();
    assert_eq!(decompress(&bytes), (Compression::Zstd, pipe(page(2).as_bytes())));

    let out = zhclean().arg(&input).args(["--compress", "none", "-o"]).arg(dir.path().join("none")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read(dir.path().join("none/p0.txt")).unwrap(), pipe(page(0).as_bytes()));
}

#[test]
fn a_damaged_file_in_a_folder_fails_alone_and_leaves_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let bytes = compress(Compression::Gzip, (0..20).map(page).collect::<String>().as_bytes());
    fs::write(input.join("cut.txt.gz"), &bytes[..bytes.len() / 2]).unwrap();
    fs::write(input.join("ok.txt.gz"), compress(Compression::Gzip, page(3).as_bytes())).unwrap();
    let out = zhclean().arg(&input).arg("-o").arg(dir.path().join("out")).arg("--stats").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("cut.txt.gz: cannot read: corrupt or truncated gzip stream"), "{}", stderr(&out));
    let outputs = common::tree(&dir.path().join("out"));
    assert_eq!(outputs.keys().map(|p| p.to_string_lossy().into_owned()).collect::<Vec<_>>(), ["ok.txt.gz"]);
    assert_eq!(common::stats(&out)["files_failed"], 1);
    assert!(common::temp_files(dir.path()).is_empty());
}

#[test]
fn in_place_keeps_the_compression_and_leaves_clean_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let dirty = dir.path().join("dirty.txt.xz");
    fs::write(&dirty, compress(Compression::Xz, page(4).as_bytes())).unwrap();
    // already clean, compressed by another tool at another level: recompressing would change its bytes
    let clean = dir.path().join("clean.txt.gz");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(&pipe(page(5).as_bytes())).unwrap();
    let clean_bytes = e.finish().unwrap();
    fs::write(&clean, &clean_bytes).unwrap();
    let out = zhclean().arg("--in-place").arg(&dirty).arg(&clean).arg("--stats").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(decompress(&fs::read(&dirty).unwrap()), (Compression::Xz, pipe(page(4).as_bytes())));
    assert_eq!(fs::read(&clean).unwrap(), clean_bytes);
    assert_eq!(common::stats(&out)["files_unchanged"], 1);
}

#[test]
fn json_lines_in_zstd_come_out_in_zstd_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let records = jsonl(50);
    let expected = run(&["--jsonl"], records.as_bytes()).stdout;
    let path = dir.path().join("crawl.jsonl.zst");
    fs::write(&path, compress(Compression::Zstd, records.as_bytes())).unwrap();
    let out = zhclean().arg("--jsonl").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, expected);
    let out = zhclean().args(["--jsonl", "--compress", "zstd"]).arg(&path).output().unwrap();
    assert_eq!(decompress(&out.stdout), (Compression::Zstd, expected.clone()));
    // and with -o, a .jsonl.zst stays one
    let out = zhclean().arg("--jsonl").arg(&path).arg("-o").arg(dir.path().join("out")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(decompress(&fs::read(dir.path().join("out/crawl.jsonl.zst")).unwrap()), (Compression::Zstd, expected));
}

#[test]
fn outputs_are_read_by_the_usual_tools() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.txt"), page(2)).unwrap();
    let expected = pipe(page(2).as_bytes());
    for (format, tool) in [("gzip", "gzip"), ("zstd", "zstd"), ("bzip2", "bzip2"), ("xz", "xz")] {
        if Command::new(tool).arg("--version").output().is_err() {
            eprintln!("{tool} not installed; skipped");
            continue;
        }
        let out = zhclean().arg(dir.path().join("p.txt")).args(["--compress", format]).output().unwrap();
        let path = dir.path().join(format!("out.{format}"));
        fs::write(&path, &out.stdout).unwrap();
        let decoded = Command::new(tool).arg("-dc").arg(&path).output().unwrap();
        assert!(decoded.status.success(), "{tool}");
        assert_eq!(decoded.stdout, expected, "{tool}");
    }
}

#[test]
fn learn_reads_compressed_corpora_as_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, packed) = (dir.path().join("plain"), dir.path().join("packed"));
    for root in [&plain, &packed] {
        fs::create_dir_all(root.join("alpha")).unwrap();
    }
    for i in 0..6 {
        let text = format!("阿尔法新闻网 版权所有\n第{i}天的正文，讲的是另一件事情。\n");
        fs::write(plain.join(format!("alpha/{i}.txt")), &text).unwrap();
        let format = FORMATS[i % 4];
        fs::write(packed.join(format!("alpha/{i}.txt{}", format.extension())), compress(format, text.as_bytes()))
            .unwrap();
    }
    let learn = |root: &Path, out: &str| {
        let o = zhclean().arg("learn").arg(root).arg("-o").arg(dir.path().join(out)).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        fs::read_to_string(dir.path().join(out)).unwrap()
    };
    let template = learn(&plain, "plain.tpl");
    assert!(template.contains("阿尔法新闻网版权所有"), "{template}");
    assert_eq!(learn(&packed, "packed.tpl"), template);
    // and JSON Lines given to learn compressed
    let records: String = (0..6)
        .map(|i| {
            serde_json::json!({"url": format!("https://a.cn/{i}"), "text": format!("阿尔法新闻网 版权所有\n第{i}天的正文。\n")})
                .to_string()
                + "\n"
        })
        .collect();
    fs::write(dir.path().join("r.jsonl.bz2"), compress(Compression::Bzip2, records.as_bytes())).unwrap();
    let o =
        zhclean().args(["learn", "--jsonl"]).arg(dir.path().join("r.jsonl.bz2")).args(["-o", "-"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("@ 6 a.cn"), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn compressed_files_go_through_the_in_place_safety_checks() {
    // merge of the reliability fixes (issue 13) with compression: a hard-linked .gz is not
    // rewritten (a rename would split its links), whatever its text
    let dir = tempfile::tempdir().unwrap();
    let linked = dir.path().join("linked.txt.gz");
    let bytes = compress(Compression::Gzip, page(6).as_bytes());
    fs::write(&linked, &bytes).unwrap();
    fs::hard_link(&linked, dir.path().join("other-name.gz")).unwrap();
    let out = zhclean().arg("--in-place").arg(&linked).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("hard links"), "{}", stderr(&out));
    assert_eq!(fs::read(&linked).unwrap(), bytes);
    assert!(common::temp_files(dir.path()).is_empty());
}

#[test]
fn a_compressed_file_given_as_its_own_output_is_refused() {
    // `zhclean f.gz >> f.gz` would never stop, compressed or not
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("page.txt.gz");
    let bytes = compress(Compression::Gzip, page(7).as_bytes());
    fs::write(&f, &bytes).unwrap();
    let append = fs::OpenOptions::new().append(true).open(&f).unwrap();
    let out = zhclean().arg(&f).stdout(append).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("input file is output file"), "{}", stderr(&out));
    assert_eq!(fs::read(&f).unwrap(), bytes);
}
