//! The command line (binary only): the arguments ([`args`]), and one driver
//! per mode, each over the library's public API: [`pipe`] (every input,
//! cleaned, to standard output), [`batch`] (`-o`, `--in-place`: files and
//! folders in parallel), [`learn`] (`zhclean learn`); [`run`] is what the pipe
//! and batch drivers share, and [`stats`] the totals of `--stats`.

mod args;
mod batch;
pub mod learn;
mod pipe;
mod run;
mod stats;
mod status;
mod stderr;

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser};
use clap_complete::Shell;

use args::{Args, Command, Generate};
use run::Run;
use stats::Stats;
use status::Status;
use zhclean::{Cleaner, Decision, DecisionModel, KindSet};

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
    let result = match (&args.command, args.generate) {
        (Some(Command::Learn(learn)), _) => learn::run(learn),
        (None, Some(what)) => generate(what),
        (None, None) => run(&args),
    };
    match result {
        Ok(Status::Ok) if stderr::asked_for_lost() => ExitCode::from(1),
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::SomeFailed) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            stderr::say(&format!("zhclean: {}", message(&e)));
            ExitCode::from(status::error_code(&e))
        }
    }
}

/// An error and its causes, each once: a library error often says its
/// cause in its own message too (`cannot read blocklist x: Is a directory`).
fn message(e: &anyhow::Error) -> String {
    let mut m = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if m.contains(&text) {
            continue;
        }
        if !m.is_empty() {
            m.push_str(": ");
        }
        m.push_str(&text);
    }
    m
}

/// Writes a completion script or the man page, made from the arguments' definition, to stdout.
fn generate(what: Generate) -> Result<Status> {
    let mut cmd = Args::command();
    let mut out = io::stdout().lock();
    let shell = match what {
        Generate::CompleteBash => Shell::Bash,
        Generate::CompleteZsh => Shell::Zsh,
        Generate::CompleteFish => Shell::Fish,
        Generate::Man => {
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
            return Ok(Status::Ok);
        }
    };
    // into a buffer first: clap_complete panics on a write error (a closed pipe)
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "zhclean", &mut script);
    out.write_all(&script)?;
    out.flush()?;
    Ok(Status::Ok)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<zhclean::Error>()
                .is_some_and(|z| matches!(z, zhclean::Error::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
    })
}

/// Builds the cleaner the arguments describe; `threads` clean one stream.
fn build_cleaner(args: &Args, threads: usize) -> Result<Cleaner> {
    let mut b = Cleaner::builder()
        .default_blocklists(!args.no_default_blocklists)
        .repair(!args.no_repair)
        .max_line(args.max_line)
        .threads(threads);
    if let Some(bytes) = args.block_bytes {
        b = b.block_bytes(bytes);
    }
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
    if args.rules_only {
        b = b.decision(Decision::Rules);
    }
    if let Some(path) = &args.model {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read model {}", path.display()))?;
        b = b.decision(Decision::Model(DecisionModel::parse(&text)?));
    } else if args.dump_features {
        // the rows do not depend on the model: a constant one keeps a stale compiled-in model out of the way
        let n = zhclean::feature_names().len();
        let constant = format!("zhclean-trees 1\nfeatures {n}\nbase 0\nthreshold 0.5\ntree\n-1 0 0 0 0\nend\n");
        b = b.decision(Decision::Model(DecisionModel::parse(&constant)?));
    }
    b = b.feature_rows(args.dump_features);
    Ok(b.build()?)
}

/// `--dump-features`: a header of feature names, then for every non-blank
/// line of every input `PATH LINE PROBABILITY FEATURES...`, tab-separated
/// (what train/zhtrain.py reads).
fn dump_features(args: &Args, cleaner: &Cleaner) -> Result<Status> {
    struct Rows<'a, W: Write> {
        out: W,
        path: &'a str,
    }
    impl<W: Write> zhclean::Sink for Rows<'_, W> {
        fn line(&mut self, d: &zhclean::Decided<'_>) -> io::Result<()> {
            let (Some(p), Some(row)) = (d.probability, d.features) else { return Ok(()) };
            write!(self.out, "{}\t{}\t{p}", self.path, d.number)?;
            for v in row {
                write!(self.out, "\t{v}")?;
            }
            writeln!(self.out)
        }
        fn passthrough(&mut self, _: &[u8]) -> io::Result<()> {
            Ok(())
        }
    }
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "path\tline\tprobability\t{}", zhclean::feature_names().join("\t"))?;
    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    for path in &paths {
        let name = path.to_string_lossy();
        let input: Box<dyn Read> = if name == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(path).with_context(|| format!("cannot open {name}"))?)
        };
        cleaner.clean_into(input, &mut Rows { out: &mut out, path: &name })?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

fn run(args: &Args) -> Result<Status> {
    let start = Instant::now();
    // -j: files of a batch, and records of JSON Lines, are cleaned on this pool
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.map_or(0, usize::from)).build()?;
    // ... and one stream on as many threads, unless a batch cleans several files at once
    let batch = args.in_place || args.output.is_some();
    let one_file = matches!(&args.paths[..], [p] if p.is_file());
    let stream_threads = if batch && !one_file { 1 } else { pool.current_num_threads() };
    let cleaner = build_cleaner(args, stream_threads)?;
    if !args.quiet {
        cleaner.warnings().iter().for_each(|w| stderr::say(&format!("zhclean: warning: {w}")));
    }
    if args.dump_features {
        return dump_features(args, &cleaner);
    }
    let explain_file = run::open_explain_file(args)?;
    let mut stats = Stats { records: args.jsonl.then_some((0, 0)), ..Stats::default() };
    let status = pool.install(|| {
        let run = Run { args, cleaner: &cleaner, explain_file };
        let status = if batch { batch::run(&run, &mut stats) } else { pipe::run(&run, &mut stats) };
        run.finish_rows()?;
        status
    })?;
    if args.stats {
        stats.elapsed_seconds = start.elapsed().as_secs_f64();
        writeln!(stderr::Rows, "{}", serde_json::to_string(&stats)?)?;
    }
    Ok(status)
}
