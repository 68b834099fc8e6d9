//! Reading a corpus to learn from: files and folders (a document a file, its
//! site the folder it is in; in a WARC file, a document a page record, its
//! site its URL's host) or JSON Lines records (a document a record, its
//! site the host of a URL field). Compressed files are read decompressed. Files are read in parallel; every document
//! is decoded like a page to clean (see [`crate::input::decode`]) and only its short
//! lines are looked at.

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoding_rs::UTF_8;
use rayon::prelude::*;

use crate::error::Error;
use crate::input::compress::Compression;
use crate::input::decode::{sniff, Transcoder};
use crate::input::lines::LineReader;
use crate::input::records::{Record, Records};
use crate::input::walk::{looks_binary, walk, BINARY_PREFIX};
use crate::input::warc::{self, looks_warc};
use crate::site::file::{Params, SiteTemplate};
use crate::site::learner::{Doc, Learner, TextBudget};

/// How to read and count a corpus.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// Thresholds and length limit (the limit applies while counting).
    pub params: Params,
    /// Bytes of key text kept before only hashes are (past it, only their hashes are kept).
    pub text_budget: usize,
    /// Decode every file with this encoding instead of detecting one.
    pub encoding: Option<crate::input::decode::Encoding>,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            params: Params::default(),
            text_budget: crate::site::learner::DEFAULT_TEXT_BUDGET,
            encoding: None,
        }
    }
}

/// What reading a corpus gave.
#[derive(Debug, Default)]
pub struct Learned {
    /// The counts.
    pub template: SiteTemplate,
    /// Bytes read.
    pub bytes: u64,
    /// Inputs or records that could not be read; everything else was counted.
    pub failures: Vec<Error>,
}

impl Learned {
    fn merge(mut self, other: Learned) -> Learned {
        // Parameters are the same on both sides: merging cannot fail.
        let _ = self.template.merge(other.template);
        self.bytes += other.bytes;
        self.failures.extend(other.failures);
        self
    }

    /// Documents read, all sites together.
    pub fn docs(&self) -> u64 {
        self.template.sites.values().map(|s| s.docs).sum()
    }
}

/// The site of a file found under `root`: its folder relative to `root`,
/// with `/` between parts, or `.` for a file directly in `root` (or given alone).
///
/// ```
/// use std::path::Path;
/// use zhclean::site::site_of;
/// assert_eq!(site_of(Path::new("corpus"), Path::new("corpus/alpha/001.txt")), "alpha");
/// assert_eq!(site_of(Path::new("corpus"), Path::new("corpus/a/b/001.txt")), "a/b");
/// assert_eq!(site_of(Path::new("corpus"), Path::new("corpus/001.txt")), ".");
/// assert_eq!(site_of(Path::new("page.txt"), Path::new("page.txt")), ".");
/// ```
pub fn site_of(root: &Path, file: &Path) -> String {
    let rel = file.parent().and_then(|p| p.strip_prefix(root).ok());
    let parts: Vec<_> = rel.into_iter().flat_map(|r| r.components()).map(|c| c.as_os_str().to_string_lossy()).collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/").replace(['\n', '\r'], " ")
    }
}

/// The host of a URL, lower-cased, without user or port; a value that is
/// not a URL is returned whole.
pub fn host_of(url: &str) -> String {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url.strip_prefix("//").unwrap_or(url),
    };
    let auth = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = auth.rsplit_once('@').map_or(auth, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => &host[..v6.find(']').map_or(host.len(), |i| i + 2)],
        None => host.split(':').next().unwrap_or(host),
    };
    // `Example.COM.` is `example.com`: the final dot of a fully qualified name is no part of the site
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// Learns from files and folders, found as cleaning a tree finds them
/// (binary files are skipped): each file is a document of the site
/// [`site_of`] names; files are read in parallel on rayon's pool.
pub fn learn_paths(paths: &[PathBuf], opts: &CorpusOptions) -> Learned {
    // the same files that cleaning the tree would see
    let mut walk = walk(paths, None);
    // a file reached twice (a folder given twice, or inside another given one) is one document
    walk.dedupe();
    let mut failures: Vec<Error> =
        walk.errors.into_iter().map(|(path, source)| Error::Input { path, source }).collect();
    let files: Vec<(PathBuf, String)> =
        walk.jobs.into_iter().map(|j| (j.input, site_of(Path::new(""), &j.relative))).collect();
    let budget = TextBudget::new(opts.text_budget);
    let empty =
        || Learned { template: SiteTemplate { params: opts.params, ..SiteTemplate::default() }, ..Learned::default() };
    let mut learned = files
        .par_iter()
        .fold(
            || (Learner::new(opts.params, budget.clone()), 0u64, Vec::new()),
            |(mut learner, mut bytes, mut failed), (path, site)| {
                match read_file(&mut learner, path, site, opts) {
                    Ok(Some(n)) => bytes += n,
                    Ok(None) => {} // binary
                    Err(source) => failed.push(Error::Input { path: path.clone(), source }),
                }
                (learner, bytes, failed)
            },
        )
        .map(|(learner, bytes, failures)| Learned { template: learner.into_template(), bytes, failures })
        .reduce(empty, Learned::merge);
    failures.append(&mut learned.failures);
    learned.failures = failures;
    learned
}

/// Reads one file (decompressed) as a document of `site`, or a WARC file
/// as one document per page record, of the site that is its URL's host;
/// returns the bytes read, or `None` for a binary file, skipped as cleaning
/// skips it (unless UTF-16 is forced).
fn read_file(learner: &mut Learner, path: &Path, site: &str, opts: &CorpusOptions) -> io::Result<Option<u64>> {
    let (_, mut text) = Compression::decoder(File::open(path)?)?;
    let mut prefix = Vec::with_capacity(BINARY_PREFIX);
    (&mut text).take(BINARY_PREFIX as u64).read_to_end(&mut prefix)?;
    if opts.encoding.is_none_or(|e| !e.is_utf16()) && looks_binary(&prefix) {
        return Ok(None);
    }
    let input = io::Cursor::new(prefix).chain(text);
    if looks_warc(input.get_ref().0.get_ref()) {
        return learn_warc(learner, io::BufReader::new(input), opts).map(Some);
    }
    let mut doc = learner.doc();
    let bytes = read_doc(&mut doc, input, opts)?;
    doc.finish(site);
    Ok(Some(bytes))
}

/// Reads every page record of a WARC input as a document of its URL's host
/// (`.` without a `WARC-Target-URI`); returns the bytes read.
fn learn_warc<R: BufRead>(learner: &mut Learner, input: R, opts: &CorpusOptions) -> io::Result<u64> {
    let mut reader = warc::Reader::new(input);
    while let Some(record) = reader.next_record()? {
        if record.is_page() {
            let mut doc = learner.doc();
            read_doc(&mut doc, &record.body[..], opts)?;
            doc.finish(&record.header("WARC-Target-URI").map_or(".".to_string(), host_of));
        }
    }
    Ok(reader.bytes_read())
}

/// Reads one document's lines into `doc`; returns the bytes read.
fn read_doc<R: Read>(doc: &mut Doc<'_>, input: R, opts: &CorpusOptions) -> io::Result<u64> {
    let (det, body) = sniff(input, opts.encoding)?;
    // Only short lines count: anything past a few times the limit is skipped piece by piece.
    let max_line = 8 * opts.params.max_len + 64;
    let bytes = if det.encoding == UTF_8 {
        read_lines(doc, LineReader::new(body, max_line))?
    } else {
        read_lines(doc, LineReader::new(Transcoder::new(body, det.encoding), max_line))?
    };
    Ok(bytes + det.bom_len as u64)
}

fn read_lines<R: Read>(doc: &mut Doc<'_>, mut reader: LineReader<R>) -> io::Result<u64> {
    while let Some(piece) = reader.next_piece()? {
        if piece.continued || piece.ending.is_none() {
            continue; // a piece of an oversized line
        }
        match std::str::from_utf8(piece.bytes) {
            Ok(line) => doc.line(line),
            Err(_) => doc.line(&String::from_utf8_lossy(piece.bytes)),
        }
    }
    Ok(reader.bytes_read())
}

/// Which fields of a JSON Lines record hold the page and its URL.
#[derive(Debug, Clone)]
pub struct JsonlFields {
    /// The page's text.
    pub text: String,
    /// The URL (or site name) whose host is the record's site.
    pub site: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields { text: "text".to_string(), site: "url".to_string() }
    }
}

/// Learns from JSON Lines: each record is a document of the site that is the
/// host of its `fields.site` value (`.` when it has none). Records are read
/// in batches, each counted in parallel. `path` names the input in errors.
pub fn learn_jsonl<R: BufRead>(input: R, path: &Path, fields: &JsonlFields, opts: &CorpusOptions) -> Learned {
    const BATCH_BYTES: usize = 8 * 1024 * 1024;
    let budget = TextBudget::new(opts.text_budget);
    let mut main = Learner::new(opts.params, budget.clone());
    let mut out = Learned::default();
    let mut records = Records::new(input, BATCH_BYTES, usize::MAX);
    let mut batch: Vec<Record> = Vec::new();
    loop {
        let more = match records.next_chunk(&mut batch) {
            Ok(more) => more,
            Err(source) => {
                out.failures.push(Error::Input { path: path.to_path_buf(), source });
                false
            }
        };
        for (line, len) in records.take_oversized() {
            let reason = format!("{len} bytes, longer than the record limit; skipped");
            out.failures.push(Error::Record { path: path.to_path_buf(), line, reason });
        }
        // blank lines are no records
        batch.retain(|(_, line)| !std::str::from_utf8(line).is_ok_and(|l| l.trim().is_empty()));
        let (learner, failures) = learn_batch(&batch, path, fields, opts.params, &budget);
        main.merge(learner);
        out.failures.extend(failures);
        if !more {
            break;
        }
    }
    out.bytes = records.bytes_read();
    out.template = main.into_template();
    out
}

/// The text and site fields of a record, when they are strings.
fn record_fields(line: &[u8], fields: &JsonlFields) -> Result<(Option<String>, Option<String>), String> {
    use std::collections::HashMap;
    let s = std::str::from_utf8(line).map_err(|e| format!("not UTF-8 ({e})"))?;
    let map: HashMap<String, &serde_json::value::RawValue> =
        serde_json::from_str(s).map_err(|e| format!("not a JSON object: {e}"))?;
    let string = |name: &str| {
        let raw = map.get(name)?.get();
        serde_json::from_str::<String>(raw).ok().or_else(|| crate::jsonl::unescape_lossy(raw).map(|(t, _)| t))
    };
    Ok((string(&fields.text), string(&fields.site)))
}

fn learn_batch(
    batch: &[Record],
    path: &Path,
    fields: &JsonlFields,
    params: Params,
    budget: &Arc<TextBudget>,
) -> (Learner, Vec<Error>) {
    batch
        .par_iter()
        .fold(
            || (Learner::new(params, budget.clone()), Vec::new()),
            |(mut learner, mut failed), (number, line)| {
                let bad = |reason: String| Error::Record { path: path.to_path_buf(), line: *number, reason };
                // a BOM before the first record, numbers of any size and lone
                // surrogates are read as the cleaning mode reads them
                let line = if *number == 1 { line.strip_prefix(crate::jsonl::BOM).unwrap_or(line) } else { line };
                match record_fields(line, fields) {
                    Ok((Some(text), site)) => {
                        let site = site.as_deref().map_or(".".to_string(), host_of);
                        let mut doc = learner.doc();
                        text.split(['\n', '\r']).for_each(|l| doc.line(l));
                        doc.finish(&site);
                    }
                    Ok((None, _)) => failed.push(bad(format!("no string field {:?}", fields.text))),
                    Err(e) => failed.push(bad(e)),
                }
                (learner, failed)
            },
        )
        .reduce(
            || (Learner::new(params, budget.clone()), Vec::new()),
            |(mut a, mut fa), (b, fb)| {
                a.merge(b);
                fa.extend(fb);
                (a, fa)
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_example_1() {
        use crate::site::corpus::host_of;
        assert_eq!(host_of("https://www.Example.com:8080/a/b?c#d"), "www.example.com");
        assert_eq!(host_of("http://user@news.site.cn"), "news.site.cn");
        assert_eq!(host_of("//cdn.site.cn/x"), "cdn.site.cn");
        assert_eq!(host_of("alpha"), "alpha");
        assert_eq!(host_of("HTTP://Example.COM./a"), "example.com");
    }

    #[test]
    fn jsonl_records_group_by_host_and_bad_records_are_reported() {
        let mut text = String::new();
        for (i, body) in ["春", "夏", "秋", "冬", "晴", "雨"].iter().enumerate() {
            text.push_str(&format!(
                "{{\"url\": \"https://news.alpha.cn/a/{i}.html\", \"text\": \"阿尔法新闻网 版权所有\\n{body}天的正文。\"}}\n"
            ));
        }
        text.push_str("{\"url\": \"https://beta.cn/1\"}\nnot json\n\n");
        let opts = CorpusOptions::default();
        let l = learn_jsonl(text.as_bytes(), Path::new("in.jsonl"), &JsonlFields::default(), &opts);
        assert_eq!(l.docs(), 6);
        assert_eq!(l.template.learned("news.alpha.cn"), vec!["阿尔法新闻网版权所有".to_string()]);
        let lines: Vec<u64> = l
            .failures
            .iter()
            .map(|e| match e {
                Error::Record { line, .. } => *line,
                _ => 0,
            })
            .collect();
        assert_eq!(lines, vec![7, 8]);
    }

    #[test]
    fn gbk_files_are_decoded_and_long_lines_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("gamma");
        std::fs::create_dir(&site).unwrap();
        for (i, body) in ["春", "夏", "秋", "冬", "晴"].iter().enumerate() {
            let page = format!("伽马资讯网 版权所有\n{}\n{body}天的正文。\n", "长".repeat(100_000));
            let (gbk, _, _) = encoding_rs::GBK.encode(&page);
            std::fs::write(site.join(format!("{i}.txt")), gbk).unwrap();
        }
        let l = learn_paths(&[dir.path().to_path_buf()], &CorpusOptions::default());
        assert!(l.failures.is_empty(), "{:?}", l.failures);
        assert_eq!(l.docs(), 5);
        assert_eq!(l.template.learned("gamma"), vec!["伽马资讯网版权所有".to_string()]);
        assert_eq!(l.template.sites["gamma"].lines.len(), 6, "the footer and five content lines, no long line");
    }

    #[test]
    fn missing_paths_are_failures_not_panics() {
        let l = learn_paths(&[PathBuf::from("/nonexistent/zhclean-corpus")], &CorpusOptions::default());
        assert_eq!(l.failures.len(), 1);
        assert_eq!(l.docs(), 0);
    }
}
