//! The pipe filter: every input (standard input for none, or `-`), cleaned,
//! to standard output, in order; compressed inputs decompressed, and the
//! output compressed with `--compress`.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use std::os::fd::AsFd;

use anyhow::{bail, Context, Result};

use super::run::Run;
use super::stats::Stats;
use super::status::Status;
use super::stderr::{say, Rows};
use zhclean::batch::Tracked;
use zhclean::Compression;

/// Cleans every input to standard output; `--explain` rows and warnings go to standard error.
pub fn run(run: &Run<'_>, stats: &mut Stats) -> Result<Status> {
    let args = run.args;
    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    let stdout = io::stdout().lock();
    if was_closed(&stdout) {
        bail!("standard output is closed: nothing could be written");
    }
    // SIGTERM and SIGHUP end a pipe filter as Ctrl-C does: exit status 130
    let _ = ctrlc::set_handler(|| std::process::exit(130));
    let out_file = regular_file(&stdout);
    // A bigger pipe (64 KiB by default) lets a full output buffer go in one write
    // instead of blocking until the reader has drained each 64 KiB; not a pipe, no effect.
    let _ = rustix::pipe::fcntl_setpipe_size(&stdout, 1024 * 1024);
    let stdout = BufWriter::with_capacity(256 * 1024, stdout);
    let stdout = args.compress.unwrap_or(Compression::None).encoder(stdout).context("writing standard output")?;
    // with -0, pages end with a NUL: that is what is owed between two inputs
    let end = if args.null_data { b'\0' } else { b'\n' };
    let mut stdout = Separated { inner: stdout, end, last: end, pending: false };
    let mut explain = BufWriter::new(Rows);
    let say_owned = |m: String| say(&m);
    let mut failed = false;
    // An input that fails is named (after the rows written so far) and counted; the others are still cleaned.
    let mut fail = |explain: &mut BufWriter<_>, message: String| -> io::Result<()> {
        explain.flush()?;
        say(&format!("zhclean: {message}"));
        stats.files_failed += 1;
        failed = true;
        Ok(())
    };
    let mut done = Vec::new();
    for path in &paths {
        let name = path.to_string_lossy();
        let (input, identity): (Box<dyn Read>, _) = if name == "-" {
            let stdin = io::stdin().lock();
            let id = regular_file(&stdin);
            (Box::new(stdin), id)
        } else if path.is_dir() {
            fail(&mut explain, format!("{name}: is a folder (use -o OUTDIR or --in-place to clean folders)"))?;
            continue;
        } else {
            match File::open(path) {
                Ok(f) => {
                    let id = regular_file(&f);
                    (Box::new(f), id)
                }
                Err(e) => {
                    fail(&mut explain, format!("{name}: {e}"))?;
                    continue;
                }
            }
        };
        // as `cat` does: cleaning a file onto its own end would never stop
        if identity.is_some() && identity == out_file {
            fail(&mut explain, format!("{name}: input file is output file; not cleaned"))?;
            continue;
        }
        let mut input = match Compression::decoder(input) {
            Ok((_, text)) => text,
            Err(e) => {
                fail(&mut explain, format!("{name}: {e}"))?;
                continue;
            }
        };
        let mut out = Tracked::new(&mut stdout);
        let rows = run.explain().then_some(&mut explain);
        let result = run.clean_one(run.cleaner, &name, &mut input, &mut out, rows, &say_owned);
        out.inner.end_of_input();
        match result {
            Ok(summary) => {
                explain.flush()?;
                run.warnings(&name, &summary).iter().for_each(|m| say(m));
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
    stdout.inner.finish().context("writing standard output")?;
    explain.flush()?;
    Ok(Status::from_failed(failed))
}

/// Whether standard output was closed when the program started: the Rust
/// runtime then opens `/dev/null` on it, read-write (a shell's `>/dev/null`
/// opens it write-only), and everything written would be lost silently.
fn was_closed(fd: impl AsFd) -> bool {
    let Ok(st) = rustix::fs::fstat(&fd) else { return true };
    let null = rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::CharacterDevice
        && st.st_rdev == rustix::fs::makedev(1, 3);
    null && rustix::fs::fcntl_getfl(&fd).is_ok_and(|f| f.contains(rustix::fs::OFlags::RDWR))
}

/// The device and inode of a regular file.
fn regular_file(fd: impl AsFd) -> Option<(u64, u64)> {
    let st = rustix::fs::fstat(fd).ok()?;
    (rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::RegularFile)
        .then_some((st.st_dev as u64, st.st_ino as u64))
}

/// Standard output that starts a new line between two inputs when the
/// first one's output did not end with a line ending, so that no output
/// line is two inputs' lines glued together (with `-0`, a page's NUL
/// plays the line ending's part: no page is two inputs' pages glued).
struct Separated<W> {
    inner: W,
    /// What ends a line (or with `-0`, a page) between two inputs.
    end: u8,
    last: u8,
    pending: bool,
}

impl<W> Separated<W> {
    /// An input was cleaned: an ending is owed before the next output, if its last line (page) had none.
    fn end_of_input(&mut self) {
        self.pending = match self.end {
            b'\n' => !matches!(self.last, b'\n' | b'\r'),
            end => self.last != end,
        };
    }
}

impl<W: Write> Write for Separated<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.pending {
            self.inner.write_all(&[self.end])?;
            self.pending = false;
        }
        let n = self.inner.write(buf)?;
        if n > 0 {
            self.last = buf[n - 1];
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
