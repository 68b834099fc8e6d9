//! `zhclean learn`: learns site templates from a corpus, or merges template
//! files; and loading a template for `zhclean --template`.

use std::fs;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;

use super::status::{Status, UsageError};
use zhclean::batch::{AtomicFile, InFlight};
use zhclean::site::{self, CorpusOptions, JsonlFields, Learned, Matcher, Params, SiteTemplate};
use zhclean::Compression;

/// Learn each site's own template lines (its name in the footer, its nav
/// words, its slogan) from a corpus, and write them to a template file for
/// `zhclean --template`.
///
/// A document's site is the folder it is in, relative to the PATH given
/// (`corpus/alpha/001.txt` under `corpus` is site `alpha`), or with `--jsonl`
/// the host of each record's `--site-field`; in a WARC file, each page
/// record is a document of its URL's host. Compressed files (gzip, zstd,
/// bzip2, xz) are read decompressed. A short line is learned for a
/// site when it occurs in at least `--min-docs` of its documents and in at
/// least `--min-share` of them.
#[derive(Debug, Args)]
pub struct LearnArgs {
    /// Corpus files and folders (with `--jsonl`: JSON Lines files, `-` for standard input);
    /// with `--merge`, template files.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Write the template here (`-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// Merge template files (adding their counts) instead of reading a corpus.
    #[arg(long)]
    pub merge: bool,

    /// A line is learned only if it occurs in at least this many of its site's documents [default: 5].
    #[arg(long, value_name = "N")]
    pub min_docs: Option<u64>,

    /// ... and in at least this share of them [default: 0.3].
    #[arg(long, value_name = "SHARE")]
    pub min_share: Option<f64>,

    /// Lines longer than this many characters are never learned [default: 60].
    #[arg(long, value_name = "CHARS")]
    pub max_len: Option<usize>,

    /// Read JSON Lines records (one document each) instead of files.
    #[arg(long)]
    pub jsonl: bool,

    /// With --jsonl: the field whose URL host is the record's site.
    #[arg(long, value_name = "NAME", default_value = "url")]
    pub site_field: String,

    /// With --jsonl: the field holding the page's text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,

    /// Decode every file with this encoding instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Threads to read with (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Print no summary.
    #[arg(short, long)]
    pub quiet: bool,
}

impl LearnArgs {
    fn params(&self, base: Params) -> Result<Params> {
        let p = Params {
            min_docs: self.min_docs.unwrap_or(base.min_docs),
            min_share: self.min_share.unwrap_or(base.min_share),
            max_len: self.max_len.unwrap_or(base.max_len),
        };
        if !(0.0..=1.0).contains(&p.min_share) {
            bail!(UsageError("--min-share must be between 0 and 1".into()));
        }
        Ok(p)
    }
}

/// Loads a template file and applies its thresholds.
pub fn load_template(path: &Path) -> Result<Arc<Matcher>> {
    let text = template_text(path)?;
    let t = SiteTemplate::parse_for_use(&text).with_context(|| format!("template {}", path.display()))?;
    Ok(Arc::new(t.compile()))
}

/// The longest template file read (some millions of counted lines).
const MAX_TEMPLATE_BYTES: u64 = 256 << 20;

fn template_text(path: &Path) -> Result<String> {
    let bytes = zhclean::read_bounded(path, MAX_TEMPLATE_BYTES)
        .with_context(|| format!("reading template {}", path.display()))?;
    String::from_utf8(bytes).with_context(|| format!("template {} is not UTF-8", path.display()))
}

fn read_template(path: &Path) -> Result<SiteTemplate> {
    SiteTemplate::parse(&template_text(path)?).with_context(|| format!("template {}", path.display()))
}

/// Runs `zhclean learn`; returns the exit status (1 if some input could not be read).
pub fn run(args: &LearnArgs) -> Result<Status> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(j) = args.jobs {
        pool = pool.num_threads(j);
    }
    let pool = pool.build().context("starting threads")?;
    pool.install(|| if args.merge { merge(args) } else { learn(args) })
}

fn merge(args: &LearnArgs) -> Result<Status> {
    let mut merged: Option<SiteTemplate> = None;
    for path in &args.paths {
        // the files' own parameters must agree: they say how each was counted
        let t = read_template(path)?;
        match &mut merged {
            None => merged = Some(t),
            Some(m) => m.merge(t).with_context(|| format!("merging {}", path.display()))?,
        }
    }
    let mut merged = merged.unwrap_or_default();
    // the thresholds are applied at use, so new ones may replace the files'; but a
    // line longer than the files' --max-len was never counted, so it cannot grow
    let params = args.params(merged.params)?;
    if params.max_len > merged.params.max_len {
        bail!(UsageError(format!(
            "--max-len {} is more than the templates' {}: their longer lines were never counted (learn again)",
            params.max_len, merged.params.max_len
        )));
    }
    merged.params = params;
    write_template(&merged, &args.output)?;
    if !args.quiet {
        summary(&merged, None, None);
    }
    Ok(Status::Ok)
}

fn learn(args: &LearnArgs) -> Result<Status> {
    let mut opts = CorpusOptions { params: args.params(Params::default())?, ..CorpusOptions::default() };
    if let Some(label) = &args.encoding {
        opts.encoding = Some(label.parse()?);
    }
    let start = Instant::now();
    let learned = if args.jsonl {
        let fields = JsonlFields { text: args.text_field.clone(), site: args.site_field.clone() };
        let mut all = all_empty(&opts);
        // a file given twice is read once, as a folder given twice is
        let mut seen = std::collections::HashSet::new();
        for path in &args.paths {
            if path.as_os_str() != "-" && !seen.insert(fs::canonicalize(path).unwrap_or_else(|_| path.clone())) {
                continue;
            }
            let input: io::Result<Box<dyn Read>> = if path.as_os_str() == "-" {
                Ok(Box::new(io::stdin().lock()))
            } else {
                fs::File::open(path).map(|f| Box::new(f) as Box<dyn Read>)
            };
            let l = {
                match input.and_then(|i| Compression::decoder(i).map(|(_, text)| text)) {
                    Ok(text) => site::learn_jsonl(BufReader::with_capacity(1 << 20, text), path, &fields, &opts),
                    Err(source) => Learned {
                        failures: vec![zhclean::Error::Input { path: path.clone(), source }],
                        ..all_empty(&opts)
                    },
                }
            };
            all.bytes += l.bytes;
            all.failures.extend(l.failures);
            all.template.merge(l.template)?;
        }
        all
    } else {
        site::learn_paths(&args.paths, &opts)
    };
    let secs = start.elapsed().as_secs_f64();
    for e in &learned.failures {
        super::stderr::say(&format!("zhclean learn: {e}"));
    }
    write_template(&learned.template, &args.output)?;
    if !args.quiet {
        summary(&learned.template, Some(learned.bytes), Some(secs));
    }
    Ok(Status::from_failed(!learned.failures.is_empty()))
}

fn all_empty(opts: &CorpusOptions) -> Learned {
    Learned { template: SiteTemplate { params: opts.params, ..SiteTemplate::default() }, ..Learned::default() }
}

fn summary(t: &SiteTemplate, bytes: Option<u64>, secs: Option<f64>) {
    let docs: u64 = t.sites.values().map(|s| s.docs).sum();
    let counted: usize = t.sites.values().map(|s| s.lines.len()).sum();
    let learned: usize = t.sites.keys().map(|s| t.learned(s).len()).sum();
    let global = t.compile().len(None);
    let mut line = format!(
        "zhclean learn: {docs} documents, {} sites, {counted} short lines counted, {learned} learned, {global} global",
        t.sites.len()
    );
    if let (Some(b), Some(s)) = (bytes, secs) {
        line.push_str(&format!(
            "; {:.1} MiB in {s:.2} s ({:.0} MiB/s)",
            b as f64 / 1048576.0,
            b as f64 / 1048576.0 / s.max(1e-9)
        ));
    }
    super::stderr::say(&line);
}

/// Writes the template atomically, as cleaned files are written.
fn write_template(t: &SiteTemplate, out: &Path) -> Result<()> {
    if out.as_os_str() == "-" {
        let mut w = io::BufWriter::new(io::stdout().lock());
        t.write_to(&mut w)?;
        w.flush()?;
        return Ok(());
    }
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let in_flight = InFlight::default();
    let tmp = AtomicFile::create_in(dir, &in_flight).with_context(|| format!("writing {}", out.display()))?;
    // A temporary file is private; the template gets the old file's mode, or an ordinary one.
    let mode = match fs::metadata(out) {
        Ok(m) => m.permissions(),
        Err(_) => ordinary_permissions(tmp.file())?,
    };
    {
        let mut w = io::BufWriter::new(tmp.file());
        t.write_to(&mut w).with_context(|| format!("writing {}", out.display()))?;
        w.flush()?;
    }
    tmp.commit(out, mode, None).with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

#[cfg(unix)]
fn ordinary_permissions(_: &fs::File) -> io::Result<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn ordinary_permissions(f: &fs::File) -> io::Result<fs::Permissions> {
    Ok(f.metadata()?.permissions())
}
