//! The pipe filter: every input (standard input for none, or `-`), cleaned,
//! to standard output, in order; compressed inputs decompressed, and the
//! output compressed with `--compress`.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::run::Run;
use super::stats::Stats;
use super::status::Status;
use zhclean::batch::Tracked;
use zhclean::Compression;

/// Cleans every input to standard output; `--explain` rows and warnings go to standard error.
pub fn run(run: &Run<'_>, stats: &mut Stats) -> Result<Status> {
    let args = run.args;
    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    let stdout = io::stdout().lock();
    // A bigger pipe (64 KiB by default) lets a full output buffer go in one write
    // instead of blocking until the reader has drained each 64 KiB; not a pipe, no effect.
    let _ = rustix::pipe::fcntl_setpipe_size(&stdout, 1024 * 1024);
    let stdout = BufWriter::with_capacity(256 * 1024, stdout);
    let mut stdout = args.compress.unwrap_or(Compression::None).encoder(stdout).context("writing standard output")?;
    let mut explain = BufWriter::new(io::stderr().lock());
    let say = |m: String| eprintln!("{m}");
    let mut failed = false;
    // An input that fails is named (after the rows written so far) and counted; the others are still cleaned.
    let mut fail = |explain: &mut BufWriter<_>, message: String| -> io::Result<()> {
        explain.flush()?;
        eprintln!("zhclean: {message}");
        stats.files_failed += 1;
        failed = true;
        Ok(())
    };
    let mut done = Vec::new();
    for path in &paths {
        let name = path.to_string_lossy();
        let input: Box<dyn Read> = if name == "-" {
            Box::new(io::stdin().lock())
        } else if path.is_dir() {
            fail(&mut explain, format!("{name}: is a folder (use -o OUTDIR or --in-place to clean folders)"))?;
            continue;
        } else {
            match File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    fail(&mut explain, format!("{name}: {e}"))?;
                    continue;
                }
            }
        };
        let mut input = match Compression::decoder(input) {
            Ok((_, text)) => text,
            Err(e) => {
                fail(&mut explain, format!("{name}: {e}"))?;
                continue;
            }
        };
        let mut out = Tracked::new(&mut stdout);
        let rows = run.explain().then_some(&mut explain);
        match run.clean_one(run.cleaner, &name, &mut input, &mut out, rows, &say) {
            Ok(summary) => {
                for m in run.warnings(&name, &summary.report) {
                    writeln!(explain, "{m}")?;
                }
                done.push((summary, out.bytes));
            }
            Err(zhclean::Error::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => return Err(e.into()),
            // a read error in the middle of an input: what was decided is written, the rest is lost
            Err(e) => fail(&mut explain, format!("{name}: {e}"))?,
        }
    }
    for (summary, bytes_out) in &done {
        stats.add_file(summary, *bytes_out);
        failed |= summary.bad_records > 0;
    }
    stdout.finish().context("writing standard output")?;
    explain.flush()?;
    Ok(Status::from_failed(failed))
}
