//! The command line (binary only): the arguments, and one driver per mode,
//! each over the library's public API: [`pipe`] (every input, cleaned, to
//! standard output), [`batch`] (`-o`, `--in-place`: files and folders in
//! parallel), [`learn`] (`zhclean learn`), with [`stats`] for `--stats`.

mod batch;
pub mod learn;
mod pipe;
mod stats;

use std::io::{self, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::Parser;

use stats::Stats;
use zhclean::jsonl::{self, JsonlReport};
use zhclean::{Cleaner, KindSet, Report};

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
    #[arg(long, value_name = "BYTES", default_value_t = zhclean::DEFAULT_MAX_LINE)]
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
pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match &args.command {
        Some(Command::Learn(learn)) => learn::run(learn),
        None => run(&args),
    };
    match result {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::SomeFailed) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zhclean: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// How a run ended when it ran to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every input was cleaned.
    Ok,
    /// Some input could not be read or written, or had bad records (exit status 1).
    SomeFailed,
}

impl Status {
    fn from_failed(failed: bool) -> Status {
        if failed {
            Status::SomeFailed
        } else {
            Status::Ok
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
fn build_cleaner(args: &Args) -> Result<Cleaner> {
    let mut b = Cleaner::builder()
        .default_blocklists(!args.no_default_blocklists)
        .repair(!args.no_repair)
        .max_line(args.max_line);
    if let Some(label) = &args.encoding {
        b = b.encoding(label.parse()?);
    }
    if let Some(k) = &args.keep {
        b = b.keep(k.parse::<KindSet>()?);
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

fn run(args: &Args) -> Result<Status> {
    let start = Instant::now();
    let cleaner = build_cleaner(args)?;
    let mut stats = Stats { records: args.jsonl.then_some((0, 0)), ..Stats::default() };
    // -j: files of a batch, and records of JSON Lines, are cleaned on this pool
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.map_or(0, usize::from)).build()?;
    let status = pool.install(|| {
        let run = Run { args, cleaner: &cleaner };
        if args.in_place || args.output.is_some() {
            batch::run(&run, &mut stats)
        } else {
            pipe::run(&run, &mut stats)
        }
    })?;
    if args.stats {
        stats.elapsed_seconds = start.elapsed().as_secs_f64();
        eprintln!("{}", serde_json::to_string(&stats)?);
    }
    Ok(status)
}

/// What every input of a cleaning run shares: the arguments and the cleaner.
struct Run<'a> {
    args: &'a Args,
    cleaner: &'a Cleaner,
}

impl Run<'_> {
    /// Whether `--explain` rows are wanted.
    fn explain(&self) -> bool {
        self.args.explain || self.args.explain_all
    }

    /// Cleans one input, text or JSON Lines, into `output` with `cleaner`
    /// (this run's, or one for the input's site); bad records are named through `say`.
    fn clean_one<E: Write>(
        &self,
        cleaner: &Cleaner,
        name: &str,
        input: &mut dyn Read,
        output: &mut dyn Write,
        rows: Option<&mut E>,
        say: &dyn Fn(String),
    ) -> Result<JsonlReport, zhclean::Error> {
        let args = self.args;
        if args.jsonl {
            let opts = jsonl::Options {
                field: args.field.clone(),
                drop_bad: args.drop_bad_records,
                explain_all: args.explain_all,
            };
            let input = BufReader::with_capacity(256 * 1024, input);
            jsonl::clean_records_explained(cleaner, input, output, &opts, rows, |n, e| {
                say(format!("zhclean: {name}:{n}: bad record: {e}"))
            })
        } else {
            let mut sink = cleaner.explain_sink(zhclean::WriteSink::new(output), rows, args.explain_all, name);
            // what was decided before a read error is still written
            let result = cleaner.clean_into(input, &mut sink);
            let flushed = sink.into_inner().finish();
            let report = result?;
            flushed?;
            Ok(JsonlReport { report, ..JsonlReport::default() })
        }
    }

    /// The warnings about one input (none with `--quiet`).
    fn warnings(&self, name: &str, r: &Report) -> Vec<String> {
        let mut w = Vec::new();
        if self.args.quiet {
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
                r.oversized_lines, self.args.max_line
            ));
        }
        w
    }
}
