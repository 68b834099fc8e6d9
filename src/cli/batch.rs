//! The batch modes: files and folders cleaned in parallel into `-o OUTDIR`
//! or over themselves (`--in-place`), each written atomically.

use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::run::Run;
use super::stats::Stats;
use super::status::{Status, UsageError};
use super::stderr::{say, Rows};
use zhclean::batch::{self, Batch, InFlight, Job, Outcome, Target, Walk};
use zhclean::jsonl::JsonlReport;
use zhclean::Encoding;

/// Cleans the files found under the paths given; returns once every file is done.
pub fn run(run: &Run<'_>, stats: &mut Stats) -> Result<Status> {
    let args = run.args;
    if args.paths.is_empty() {
        bail!(UsageError("-o and --in-place need file or folder paths".into()));
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        bail!(UsageError("standard input cannot be cleaned with -o or --in-place".into()));
    }
    let target = match &args.output {
        Some(dir) => Target::Dir(dir.clone()),
        None => Target::InPlace,
    };
    let mut walk = batch::walk(&args.paths, args.output.as_deref());
    if args.in_place {
        walk.dedupe();
        leave_links_out_of_the_tree(&mut walk, &args.paths);
    }
    let mut failed = false;
    for (path, e) in &walk.errors {
        say(&format!("zhclean: {}: cannot read: {e}", path.display()));
        stats.files_failed += 1;
        failed = true;
    }
    // UTF-16 text without a BOM is full of NUL bytes, and so are -0 pages: with either, nothing is binary
    let utf16 = run.cleaner.encoding().is_some_and(Encoding::is_utf16);
    let batch = Batch::new(target).skip_binary(!utf16 && !args.null_data).compress(args.compress);
    remove_temporary_files_on_interrupt(batch.in_flight().clone());
    let bar = progress_bar(run, &walk);
    let say = |m: String| match &bar {
        Some(b) => b.println(m),
        None => say(&m),
    };
    let files_done = AtomicU64::new(0);
    let total = walk.jobs.len();
    let clean = |job: &Job, input: &mut dyn Read, output: &mut dyn Write| {
        let name = job.input.to_string_lossy();
        // with a learned template and no --site, each file's site is its folder under the root given
        let per_site;
        let cleaner = if run.cleaner.has_template() && args.site.is_none() {
            per_site = run.cleaner.for_site(Some(&zhclean::site::site_of(Path::new(""), &job.relative)));
            &per_site
        } else {
            run.cleaner
        };
        if run.explain() {
            let mut rows = StderrRows::default();
            let r = run.clean_one(cleaner, &name, input, output, Some(&mut rows), &say);
            rows.flush()?;
            r
        } else {
            run.clean_one(cleaner, &name, input, output, None::<&mut io::Sink>, &say)
        }
    };
    let done = |job: &Job, outcome: &Outcome<JsonlReport>| {
        let name = job.input.to_string_lossy();
        match outcome {
            Outcome::Done { summary, .. } => run.warnings(&name, summary).into_iter().for_each(say),
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
    // --in-place leaves a file alone when cleaning found nothing to remove or repair
    // (re-encoding GBK as UTF-8 or dropping a BOM alone is no reason to rewrite it)
    let untouched = |s: &JsonlReport| s.report.kept == s.report.lines && s.report.repaired == 0;
    let outcomes = batch.run_with(&walk.jobs, clean, done, untouched);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    for outcome in &outcomes {
        match outcome {
            Outcome::Done { summary, bytes_out, changed } => {
                stats.add_file(summary, *bytes_out);
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
    Ok(Status::from_failed(failed))
}

/// On Ctrl-C (or SIGTERM, SIGHUP) removes the temporary files being written, then exits with 130.
fn remove_temporary_files_on_interrupt(in_flight: InFlight) {
    if let Err(e) = ctrlc::set_handler(move || {
        let _held = in_flight.remove_all();
        std::process::exit(130);
    }) {
        say(&format!(
            "zhclean: warning: no interrupt handler ({e}); an interrupted run may leave .zhclean-*.tmp files"
        ));
    }
}

/// A progress bar on stderr when it is a terminal, there is more than one
/// file, and neither `--quiet` nor `--explain` (whose rows go to stderr) is given.
fn progress_bar(run: &Run<'_>, walk: &Walk) -> Option<ProgressBar> {
    if run.args.quiet || run.explain() || walk.jobs.len() < 2 || !io::stderr().is_terminal() {
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
        Rows.write_all(&self.0[..end])?;
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

/// With `--in-place`, a file reached through a symbolic link whose target is
/// outside every path given is not rewritten: cleaning a tree must not
/// change files elsewhere. It is named on stderr (exit status 0: nothing
/// failed, it was not asked for). A link given by name is followed.
fn leave_links_out_of_the_tree(walk: &mut Walk, paths: &[std::path::PathBuf]) {
    let roots: Vec<_> = paths.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
    walk.jobs.retain(|j| {
        let inside = roots.iter().any(|r| j.canonical.starts_with(r));
        if !inside {
            say(&format!(
                "zhclean: {}: a link out of the folders given (to {}); not rewritten",
                j.input.display(),
                j.canonical.display()
            ));
        }
        inside
    });
}
