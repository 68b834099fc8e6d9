//! The command line: argument parsing, the pipe-filter mode that writes every
//! input, cleaned, to standard output, and the batch modes (`-o`,
//! `--in-place`) over the library's [`zhclean::batch`].

use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

pub mod learn;
pub mod stats;

use anyhow::{bail, Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use stats::Stats;
use zhclean::batch::{self, Batch, Outcome, Target, Tracked};
use zhclean::{explain, jsonl, Cleaner, Report};

/// Clean scraped Chinese web pages: drop injected SEO spam and site chrome
/// (breadcrumbs, meta lines, share prompts, menus, footers) and repair
/// converter damage (pinyin glosses, doubled commas) in the lines kept.
///
/// With no PATH, or with `-`, reads standard input. Output is UTF-8 on
/// standard output, each kept line with its own line ending. With `-o
/// OUTDIR` or `--in-place`, PATHs may be folders (walked recursively) and
/// files are cleaned in parallel into OUTDIR or over themselves.
#[derive(Debug, Parser)]
#[command(name = "zhclean", version, about, long_about, args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A subcommand instead of cleaning.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Input files (`-` for standard input); with -o or --in-place, files and folders.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Clean files and folders into OUTDIR at the same relative paths (each file written atomically).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: Option<PathBuf>,

    /// Rewrite each input atomically with its cleaned text (unchanged files are not touched).
    #[arg(long, conflicts_with = "output")]
    pub in_place: bool,

    /// Files (with -o or --in-place) or JSON Lines records cleaned at once (default: all cores).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Print one JSON object of totals on stderr at the end.
    #[arg(long)]
    pub stats: bool,

    /// Input and output are JSON Lines; the string field --field of each record is cleaned.
    #[arg(long)]
    pub jsonl: bool,

    /// The JSON Lines field to clean.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    pub field: String,

    /// Drop JSON Lines records that are not valid or lack the field (instead of passing them through).
    #[arg(long, requires = "jsonl")]
    pub drop_bad_records: bool,

    /// Decode every input with this encoding (gbk, gb18030, big5, utf-8, utf-16le, ...) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Add a blocklist file (one phrase a line; `#` comments; `#! kind: nav` switches the family). Repeatable.
    #[arg(short = 'b', long = "blocklist", value_name = "FILE")]
    pub blocklists: Vec<PathBuf>,

    /// Do not load the built-in blocklists.
    #[arg(long)]
    pub no_default_blocklists: bool,

    /// Write one row per removed or repaired line to stderr: PATH LINE LABEL KIND RULE TEXT, tab-separated.
    #[arg(long)]
    pub explain: bool,

    /// Like --explain, and a row for every kept line too (LABEL keep, RULE why it was kept).
    #[arg(long)]
    pub explain_all: bool,

    /// Keep these chrome kinds (comma-separated: breadcrumb, meta, share, editor, nav, footer, template).
    #[arg(long, value_name = "KIND[,KIND...]")]
    pub keep: Option<String>,

    /// Do not repair kept lines.
    #[arg(long)]
    pub no_repair: bool,

    /// Lines longer than this many bytes are passed through unchanged.
    #[arg(long, value_name = "BYTES", default_value_t = zhclean::input::lines::DEFAULT_MAX_LINE)]
    pub max_line: usize,

    /// Print no warnings and no progress bar (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,

    /// Remove the lines of a site template learned by `zhclean learn` (RULE `learned` in --explain).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// The site of the pages, for --template (default: the template's lines common to all sites).
    #[arg(long, value_name = "NAME", requires = "template")]
    pub site: Option<String>,
}

/// Subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Learn site template lines from a corpus, or merge template files.
    Learn(learn::LearnArgs),
}

/// Runs the program and returns its exit status.
pub fn main() -> i32 {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match &args.command {
        Some(Command::Learn(learn)) => learn::run(learn),
        None => run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("zhclean: {e:#}");
            2
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<zhclean::Error>()
                .is_some_and(|z| matches!(z, zhclean::Error::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
    })
}

/// Builds the cleaner the arguments describe.
pub fn build_cleaner(args: &Args) -> Result<Cleaner> {
    let mut b = Cleaner::builder()
        .default_blocklists(!args.no_default_blocklists)
        .repair(!args.no_repair)
        .max_line(args.max_line);
    if let Some(label) = &args.encoding {
        b = b.encoding(label)?;
    }
    if let Some(k) = &args.keep {
        b = b.keep(k)?;
    }
    for path in &args.blocklists {
        b = b.blocklist(path);
    }
    if let Some(path) = &args.template {
        b = b.template(learn::load_template(path)?);
    }
    if let Some(site) = &args.site {
        b = b.site(site);
    }
    Ok(b.build()?)
}

/// What cleaning one input gives.
#[derive(Debug, Default)]
struct Summary {
    report: Report,
    records: u64,
    bad_records: u64,
}

impl Summary {
    fn add_to(&self, stats: &mut Stats, bytes_out: u64) {
        stats.add_file(&self.report, bytes_out);
        if let (Some(r), Some(b)) = (stats.records.as_mut(), stats.bad_records.as_mut()) {
            *r += self.records;
            *b += self.bad_records;
        }
    }
}

fn run(args: &Args) -> Result<i32> {
    let start = Instant::now();
    let cleaner = build_cleaner(args)?;
    let mut stats = Stats::default();
    if args.jsonl {
        stats.records = Some(0);
        stats.bad_records = Some(0);
    }
    // -j: files of a batch, and records of JSON Lines, are cleaned on this pool
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.map_or(0, usize::from)).build()?;
    let code = pool.install(|| {
        if args.in_place || args.output.is_some() {
            run_batch(args, &cleaner, &mut stats)
        } else {
            run_pipe(args, &cleaner, &mut stats)
        }
    })?;
    if args.stats {
        stats.elapsed_seconds = start.elapsed().as_secs_f64();
        eprintln!("{}", serde_json::to_string(&stats)?);
    }
    Ok(code)
}

/// Cleans one input, text or JSON Lines, into `output`; bad records are named through `say`.
fn clean_one<E: Write>(
    args: &Args,
    cleaner: &Cleaner,
    name: &str,
    input: &mut dyn Read,
    output: &mut dyn Write,
    rows: Option<&mut E>,
    say: &dyn Fn(String),
) -> Result<Summary, zhclean::Error> {
    if args.jsonl {
        let opts = jsonl::Options {
            field: args.field.clone(),
            drop_bad: args.drop_bad_records,
            explain_all: args.explain_all,
        };
        let input = BufReader::with_capacity(256 * 1024, input);
        let r = jsonl::clean_records_explained(cleaner, input, output, &opts, rows, |n, e| {
            say(format!("zhclean: {name}:{n}: bad record: {e}"))
        })?;
        Ok(Summary { report: r.report, records: r.records, bad_records: r.bad_records })
    } else {
        let report = explain::clean_stream(cleaner, input, output, rows, args.explain_all, name)?;
        Ok(Summary { report, ..Summary::default() })
    }
}

/// The pipe filter: every input, cleaned, to standard output.
fn run_pipe(args: &Args, cleaner: &Cleaner, stats: &mut Stats) -> Result<i32> {
    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    let stdout = io::stdout().lock();
    // A bigger pipe (64 KiB by default) lets a full output buffer go in one write
    // instead of blocking until the reader has drained each 64 KiB; not a pipe, no effect.
    let _ = rustix::pipe::fcntl_setpipe_size(&stdout, 1024 * 1024);
    let mut stdout = BufWriter::with_capacity(256 * 1024, stdout);
    let mut explain = BufWriter::new(io::stderr().lock());
    let say = |m: String| eprintln!("{m}");
    let mut failed = false;
    for path in &paths {
        let name = path.to_string_lossy();
        let mut input: Box<dyn Read> = if name == "-" {
            Box::new(io::stdin().lock())
        } else if path.is_dir() {
            // named like an unreadable input; the others are still cleaned
            explain.flush()?;
            eprintln!("zhclean: {name}: is a folder (use -o OUTDIR or --in-place to clean folders)");
            stats.files_failed += 1;
            failed = true;
            continue;
        } else {
            match File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    explain.flush()?;
                    eprintln!("zhclean: {name}: {e}");
                    stats.files_failed += 1;
                    failed = true;
                    continue;
                }
            }
        };
        let mut out = Tracked::new(&mut stdout);
        let rows = (args.explain || args.explain_all).then_some(&mut explain);
        match clean_one(args, cleaner, &name, &mut input, &mut out, rows, &say) {
            Ok(summary) => {
                summary.add_to(stats, out.bytes);
                failed |= summary.bad_records > 0;
                for m in warnings(args, &name, &summary.report) {
                    writeln!(explain, "{m}")?;
                }
            }
            Err(zhclean::Error::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => return Err(e.into()),
            Err(e) => {
                // a read error in the middle of an input: what was decided is written, the rest is lost
                explain.flush()?;
                eprintln!("zhclean: {name}: {e}");
                stats.files_failed += 1;
                failed = true;
            }
        }
    }
    stdout.flush().context("writing standard output")?;
    explain.flush()?;
    Ok(if failed { 1 } else { 0 })
}

/// The batch modes: files and folders cleaned in parallel into `-o OUTDIR` or over themselves.
fn run_batch(args: &Args, cleaner: &Cleaner, stats: &mut Stats) -> Result<i32> {
    if args.paths.is_empty() {
        bail!("-o and --in-place need file or folder paths");
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        bail!("standard input cannot be cleaned with -o or --in-place");
    }
    let target = match &args.output {
        Some(dir) => Target::Dir(dir.clone()),
        None => Target::InPlace,
    };
    let mut walk = batch::walk(&args.paths, args.output.as_deref());
    if args.in_place {
        walk.dedupe();
    }
    let mut failed = false;
    for (path, e) in &walk.errors {
        eprintln!("zhclean: {}: cannot read: {e}", path.display());
        stats.files_failed += 1;
        failed = true;
    }
    // UTF-16 text without a BOM is full of NUL bytes: with it forced, nothing is binary
    let utf16 = cleaner.options().encoding.is_some_and(|e| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
    let batch = Batch::new(target).skip_binary(!utf16);
    let in_flight = batch.in_flight().clone();
    // On Ctrl-C (or SIGTERM, SIGHUP) remove the temporary files being written, then exit.
    if let Err(e) = ctrlc::set_handler(move || {
        let _held = in_flight.remove_all();
        std::process::exit(130);
    }) {
        eprintln!("zhclean: warning: no interrupt handler ({e}); an interrupted run may leave .zhclean-*.tmp files");
    }
    let bar = progress_bar(args, &walk);
    let say = |m: String| match &bar {
        Some(b) => b.println(m),
        None => eprintln!("{m}"),
    };
    let files_done = AtomicU64::new(0);
    let total = walk.jobs.len();
    let clean = |job: &batch::Job, input: &mut dyn Read, output: &mut dyn Write| {
        let name = job.input.to_string_lossy();
        // with a learned template and no --site, each file's site is its folder under the root given
        let per_site;
        let cleaner = if cleaner.options().template.is_some() && args.site.is_none() {
            per_site = cleaner.for_site(Some(&zhclean::site::corpus::site_of(Path::new(""), &job.relative)));
            &per_site
        } else {
            cleaner
        };
        if args.explain || args.explain_all {
            let mut rows = StderrRows::default();
            let r = clean_one(args, cleaner, &name, input, output, Some(&mut rows), &say);
            rows.flush()?;
            r
        } else {
            clean_one(args, cleaner, &name, input, output, None::<&mut io::Sink>, &say)
        }
    };
    let done = |job: &batch::Job, outcome: &Outcome<Summary>| {
        let name = job.input.to_string_lossy();
        match outcome {
            Outcome::Done { summary, .. } => warnings(args, &name, &summary.report).into_iter().for_each(say),
            Outcome::Binary if !args.quiet => {
                say(format!("zhclean: {name}: binary (NUL byte in the first 8 KiB); skipped"))
            }
            Outcome::Binary => {}
            Outcome::Failed(e) => say(format!("zhclean: {name}: {e}")),
        }
        if let Some(b) = &bar {
            b.inc(job.len);
            b.set_message(format!("{}/{total} files", files_done.fetch_add(1, Ordering::Relaxed) + 1));
        }
    };
    let outcomes = batch.run(&walk.jobs, clean, done);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    for outcome in &outcomes {
        match outcome {
            Outcome::Done { summary, bytes_out, changed } => {
                summary.add_to(stats, *bytes_out);
                stats.files_unchanged += u64::from(!changed);
                failed |= summary.bad_records > 0;
            }
            Outcome::Binary => stats.files_skipped += 1,
            Outcome::Failed(_) => {
                stats.files_failed += 1;
                failed = true;
            }
        }
    }
    Ok(if failed { 1 } else { 0 })
}

/// A progress bar on stderr when it is a terminal, there is more than one
/// file, and neither `--quiet` nor `--explain` (whose rows go to stderr) is given.
fn progress_bar(args: &Args, walk: &batch::Walk) -> Option<ProgressBar> {
    if args.quiet || args.explain || args.explain_all || walk.jobs.len() < 2 || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(walk.total_len()), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{bar:30} {msg}  {bytes_per_sec}  ETA {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(format!("0/{} files", walk.jobs.len()));
    Some(bar)
}

/// One file's `--explain` rows in batch mode, written to stderr in chunks of
/// whole rows, so that rows of files cleaned at once are never mixed within a row.
#[derive(Default)]
struct StderrRows(Vec<u8>);

impl StderrRows {
    fn write_through(&mut self, end: usize) -> io::Result<()> {
        io::stderr().lock().write_all(&self.0[..end])?;
        self.0.drain(..end);
        Ok(())
    }
}

impl Write for StderrRows {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(buf);
        if self.0.len() >= 64 * 1024 {
            if let Some(last) = self.0.iter().rposition(|&b| b == b'\n') {
                self.write_through(last + 1)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_through(self.0.len())
    }
}

/// The warnings about one input (none with `--quiet`).
fn warnings(args: &Args, name: &str, r: &Report) -> Vec<String> {
    let mut w = Vec::new();
    if args.quiet {
        return w;
    }
    if r.replaced {
        w.push(format!("zhclean: {name}: invalid {} bytes replaced with U+FFFD", r.encoding));
    }
    if r.gb18030_lines > 0 {
        w.push(format!("zhclean: {name}: {} line(s) were not UTF-8 and were decoded as GB18030", r.gb18030_lines));
    }
    if r.oversized_lines > 0 {
        w.push(format!(
            "zhclean: {name}: {} line(s) longer than {} bytes passed through unchanged",
            r.oversized_lines, args.max_line
        ));
    }
    w
}
