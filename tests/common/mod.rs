//! Helpers shared by the integration tests: running the binary, pages, trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `zhclean` binary under test.
pub fn zhclean() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zhclean"))
}

/// Runs `zhclean` with `args`, feeding `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_stderr(args, stdin, true)
}

/// Like [`run`]; without `read_stderr`, standard error is a pipe whose reader has gone away.
pub fn run_stderr(args: &[&str], stdin: &[u8], read_stderr: bool) -> Output {
    let mut child = zhclean()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zhclean");
    if !read_stderr {
        drop(child.stderr.take());
    }
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    // Write from another thread so a large input cannot deadlock against a full stdout pipe;
    // zhclean may also stop reading early (a usage error), so a failed write is not an error.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait for zhclean");
    writer.join().expect("writer thread");
    out
}

/// What the pipe filter makes of `page`.
pub fn pipe(page: &[u8]) -> Vec<u8> {
    let out = run(&[], page);
    assert_eq!(out.status.code(), Some(0), "pipe filter failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// A scraped page: spam, breadcrumb, title, meta, prose, share and footer
/// lines; `n` varies the prose so that pages differ.
pub fn page(n: usize) -> String {
    format!(
        "日韩精品电影一区亚洲,1000部毛片A片免费视频偷拍,欧美精品欧美激情在线观看\n\
         \n\
         當前位置: 首頁  >  新聞中心  >  媒體報道 > 正文\n\
         浙江:和諧共治 精密智治 推進基層治理現代化 第{n}期\n\
         時間:2022-01-04   瀏覽量:{n} 次  來源:中國社區報\n\
         浙江著力構建共同富裕現代化基本單元,,是社區(qū)治理的重要一環，第{n}個試點社區已經完成了改造工作。\n\
         县里召开森林防火工作会议，部署今冬明春防火工作，要求各乡镇落实第{n}号文件精神。\n\
         扫一扫在手机打开当前页\n\
         京ICP备14010675号-1\n"
    )
}

/// Every regular file under `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).expect("under dir").to_path_buf();
            files.insert(rel, std::fs::read(e.path()).expect("read"));
        }
    }
    files
}

/// Files under `dir` whose names mark them as zhclean's temporary files.
pub fn temp_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".zhclean-"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `--stats` object printed on the last line of standard error.
pub fn stats(out: &Output) -> serde_json::Value {
    let err = stderr(out);
    let last = err.lines().last().expect("a stats line");
    serde_json::from_str(last).expect("stats are JSON")
}
