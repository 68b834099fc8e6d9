//! The command line: argument parsing, and the pipe-filter mode that writes
//! every input, cleaned, to standard output.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;

use zhclean::stream::{self, WriteSink};
use zhclean::{Cleaner, Decided, Report, Sink};

/// Clean scraped Chinese web pages: drop injected SEO spam and site chrome
/// (breadcrumbs, meta lines, share prompts, menus, footers) and repair
/// converter damage (pinyin glosses, doubled commas) in the lines kept.
///
/// With no PATH, or with `-`, reads standard input. Output is UTF-8 on
/// standard output, each kept line with its own line ending.
#[derive(Debug, Parser)]
#[command(name = "zhclean", version, about, long_about, args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A subcommand instead of cleaning.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Input files (`-` for standard input).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

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
    #[arg(long, value_name = "BYTES", default_value_t = zhclean::split::DEFAULT_MAX_LINE)]
    pub max_line: usize,

    /// Print no warnings.
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
    Learn(crate::learn_cli::LearnArgs),
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
        Some(Command::Learn(learn)) => crate::learn_cli::run(learn),
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
        b = b.template(crate::learn_cli::load_template(path)?);
    }
    if let Some(site) = &args.site {
        b = b.site(site);
    }
    Ok(b.build()?)
}

/// Writes kept lines to standard output and explain rows to standard error.
struct PipeSink<'a, W: Write, E: Write> {
    out: WriteSink<W>,
    explain: Option<&'a mut E>,
    all: bool,
    path: &'a str,
    cleaner: &'a Cleaner,
}

impl<W: Write, E: Write> Sink for PipeSink<'_, W, E> {
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()> {
        if let Some(e) = self.explain.as_mut() {
            zhclean::explain::write_row_with(*e, self.path, d, self.cleaner.blocklist(), self.all)?;
        }
        self.out.line(d)
    }

    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.passthrough(bytes)
    }
}

fn run(args: &Args) -> Result<i32> {
    let cleaner = build_cleaner(args)?;
    let stdout = io::stdout().lock();
    let mut stdout = BufWriter::with_capacity(256 * 1024, stdout);
    let mut explain = BufWriter::new(io::stderr().lock());
    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    let mut failed = false;
    for path in &paths {
        let name = path.to_string_lossy();
        let input: Box<dyn Read> = if name == "-" {
            Box::new(io::stdin().lock())
        } else {
            match File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    explain.flush()?;
                    eprintln!("zhclean: {name}: {e}");
                    failed = true;
                    continue;
                }
            }
        };
        let mut sink = PipeSink {
            out: WriteSink::new(&mut stdout),
            explain: (args.explain || args.explain_all).then_some(&mut explain),
            all: args.explain_all,
            path: &name,
            cleaner: &cleaner,
        };
        let result = stream::run(&cleaner, input, &mut sink);
        let flushed = sink.out.finish();
        match result {
            Ok(report) => {
                flushed.with_context(|| "writing standard output".to_string())?;
                warn(args, &name, &report, &mut explain)?;
            }
            Err(zhclean::Error::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => return Err(e.into()),
            Err(e) => {
                // a read error in the middle of an input: what was decided is written, the rest is lost
                flushed.ok();
                explain.flush()?;
                eprintln!("zhclean: {name}: {e}");
                failed = true;
            }
        }
    }
    stdout.flush()?;
    explain.flush()?;
    Ok(if failed { 1 } else { 0 })
}

fn warn<E: Write>(args: &Args, name: &str, r: &Report, err: &mut E) -> io::Result<()> {
    if args.quiet {
        return Ok(());
    }
    if r.replaced {
        writeln!(err, "zhclean: {name}: invalid {} bytes replaced with U+FFFD", r.encoding)?;
    }
    if r.gb18030_lines > 0 {
        writeln!(err, "zhclean: {name}: {} line(s) were not UTF-8 and were decoded as GB18030", r.gb18030_lines)?;
    }
    if r.oversized_lines > 0 {
        writeln!(
            err,
            "zhclean: {name}: {} line(s) longer than {} bytes passed through unchanged",
            r.oversized_lines, args.max_line
        )?;
    }
    Ok(())
}
