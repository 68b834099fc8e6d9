//! Cleaning many files: walking the inputs, cleaning files in parallel
//! (rayon), and writing every output atomically.
//!
//! Each output is written to a temporary file (`.zhclean-XXXXXX.tmp`) in the
//! folder of its target and renamed into place, so a target is either the old
//! file or the whole new one. The temporary files in flight are listed in an
//! [`InFlight`] set, which a signal handler can empty
//! ([`InFlight::remove_all`]) so that an interrupted run leaves none behind.
//! Compressed inputs are cleaned as the text they hold, and their outputs
//! compressed the same way (see [`Batch::compress`]).
//!
//! ```
//! use zhclean::batch::{self, Batch, Target};
//! let dir = tempfile::tempdir()?;
//! std::fs::create_dir(dir.path().join("in"))?;
//! std::fs::write(dir.path().join("in/page.txt"), "县里召开森林防火工作会议，部署今冬明春防火工作。\n京ICP备14010675号-1\n")?;
//! let cleaner = zhclean::Cleaner::new();
//! let walk = batch::walk(&[dir.path().join("in")], None);
//! let out = dir.path().join("out");
//! let batch = Batch::new(Target::Dir(out.clone()));
//! let outcomes = batch.run(&walk.jobs, |_, input, output| cleaner.clean_stream(input, output), |_, _| {});
//! assert!(matches!(outcomes[0], batch::Outcome::Done { .. }));
//! assert_eq!(std::fs::read_to_string(out.join("page.txt"))?, "县里召开森林防火工作会议，部署今冬明春防火工作。\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod atomic;
pub mod jsonl;
pub mod warc;

pub use crate::input::walk::{looks_binary, walk, Job, Walk, BINARY_PREFIX};
pub use atomic::{AtomicFile, InFlight};

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufReader, Cursor, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::input::compress::Compression;

/// Where cleaned files go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Under this folder, at each job's [`Job::relative`] path.
    Dir(PathBuf),
    /// Over each input (`--in-place`), fsynced, keeping its permissions; an
    /// input that cleaning does not change is not rewritten.
    InPlace,
}

/// Why a file could not be cleaned.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Reading the input failed.
    #[error("cannot read: {0}")]
    Read(#[source] io::Error),
    /// Writing the output failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The output (or its temporary file).
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The output path is an input of this run; nothing is written over an input.
    #[error("output {0} is an input; not overwritten")]
    WouldOverwriteInput(PathBuf),
    /// Another input has the same output path.
    #[error("output {0} would also be written from {1}; not cleaned")]
    SameOutput(PathBuf, PathBuf),
    /// `--in-place` over a file with other hard links: the rename would split them.
    #[error("has {0} hard links, which a rewrite would split; not rewritten")]
    HardLinks(u64),
    /// `--in-place` over something that is not a regular file (a FIFO, a device).
    #[error("not a regular file; not rewritten")]
    NotRegular,
    /// Cleaning failed in another way.
    #[error(transparent)]
    Clean(Error),
}

/// What became of one job.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Cleaned; `changed` is false when `--in-place` left the file as it was.
    Done {
        /// What the cleaning function returned.
        summary: T,
        /// Bytes written.
        bytes_out: u64,
        /// Whether the output differs from the input (always true with an output folder).
        changed: bool,
    },
    /// Skipped as binary (a NUL byte in the first [`BINARY_PREFIX`] bytes).
    Binary,
    /// Not cleaned.
    Failed(FileError),
}

/// Runs jobs in parallel on rayon's current thread pool.
#[derive(Debug, Clone)]
pub struct Batch {
    target: Target,
    in_flight: InFlight,
    skip_binary: bool,
    compress: Option<Compression>,
}

impl Batch {
    /// A batch writing to `target`.
    pub fn new(target: Target) -> Self {
        Batch { target, in_flight: InFlight::default(), skip_binary: true, compress: None }
    }

    /// How outputs are compressed. By default (`None`) each output is
    /// compressed as its input is (found by magic bytes: a gzip input gives a
    /// gzip output); with `Some(format)`, every output under a
    /// [`Target::Dir`] is in that format and its name's compression extension
    /// is changed to match ([`Compression::rename`]). [`Target::InPlace`]
    /// always keeps each input's compression.
    pub fn compress(mut self, format: Option<Compression>) -> Self {
        self.compress = format;
        self
    }

    /// Where a job's output goes under a [`Target::Dir`].
    fn relative(&self, job: &Job) -> PathBuf {
        match self.compress {
            Some(format) => format.rename(&job.relative),
            None => job.relative.clone(),
        }
    }

    /// Whether to skip binary files (default: yes). Turn it off when every
    /// input is UTF-16 without a byte-order mark, whose text has NUL bytes.
    pub fn skip_binary(mut self, yes: bool) -> Self {
        self.skip_binary = yes;
        self
    }

    /// The set of temporary files in flight (give a clone to a signal handler).
    pub fn in_flight(&self) -> &InFlight {
        &self.in_flight
    }

    /// Cleans every job with `clean(job, input, output)` in parallel and
    /// returns the outcomes in job order; `done` is called as each job ends,
    /// from the thread that ran it. Binary inputs are skipped (see
    /// [`Batch::skip_binary`]). The output
    /// written does not depend on the number of threads.
    pub fn run<T, F, D>(&self, jobs: &[Job], clean: F, done: D) -> Vec<Outcome<T>>
    where
        T: Send,
        F: Fn(&Job, &mut dyn Read, &mut dyn Write) -> Result<T, Error> + Sync,
        D: Fn(&Job, &Outcome<T>) + Sync,
    {
        self.run_with(jobs, clean, done, |_| false)
    }

    /// Like [`Batch::run`]; with [`Target::InPlace`], a file for which
    /// `untouched(summary)` holds is left as it is even if the output's bytes
    /// differ (a file cleaning found nothing in, whose only change would be
    /// its encoding or byte-order mark).
    pub fn run_with<T, F, D, U>(&self, jobs: &[Job], clean: F, done: D, untouched: U) -> Vec<Outcome<T>>
    where
        T: Send,
        F: Fn(&Job, &mut dyn Read, &mut dyn Write) -> Result<T, Error> + Sync,
        D: Fn(&Job, &Outcome<T>) + Sync,
        U: Fn(&T) -> bool + Sync,
    {
        let inputs: HashSet<&Path> = jobs.iter().map(|j| j.canonical.as_path()).collect();
        let mut first: HashMap<PathBuf, &Path> = HashMap::new();
        let clash: Vec<Option<PathBuf>> = jobs
            .iter()
            .map(|j| match self.target {
                Target::Dir(_) => {
                    let owner = *first.entry(self.relative(j)).or_insert(j.input.as_path());
                    (owner != j.input.as_path()).then(|| owner.to_path_buf())
                }
                Target::InPlace => None,
            })
            .collect();
        jobs.par_iter()
            .zip(clash.par_iter())
            .map(|(job, clash)| {
                let outcome = match (&self.target, clash) {
                    (Target::Dir(dir), Some(owner)) => {
                        Outcome::Failed(FileError::SameOutput(dir.join(self.relative(job)), owner.clone()))
                    }
                    _ => self.one(job, &inputs, &clean, &untouched),
                };
                done(job, &outcome);
                outcome
            })
            .collect()
    }

    fn one<T, F>(&self, job: &Job, inputs: &HashSet<&Path>, clean: &F, untouched: &dyn Fn(&T) -> bool) -> Outcome<T>
    where
        F: Fn(&Job, &mut dyn Read, &mut dyn Write) -> Result<T, Error>,
    {
        match self.try_one(job, inputs, clean, untouched) {
            Ok(Some((summary, bytes_out, changed))) => Outcome::Done { summary, bytes_out, changed },
            Ok(None) => Outcome::Binary,
            Err(e) => Outcome::Failed(e),
        }
    }

    fn try_one<T, F>(
        &self,
        job: &Job,
        inputs: &HashSet<&Path>,
        clean: &F,
        untouched: &dyn Fn(&T) -> bool,
    ) -> Result<Option<(T, u64, bool)>, FileError>
    where
        F: Fn(&Job, &mut dyn Read, &mut dyn Write) -> Result<T, Error>,
    {
        if self.target == Target::InPlace {
            // a rename replaces one name of a file and turns a FIFO into a file
            // (checked before opening: opening a FIFO waits for a writer)
            if !fs::metadata(&job.input).map_err(FileError::Read)?.is_file() {
                return Err(FileError::NotRegular);
            }
        }
        let file = File::open(&job.input).map_err(FileError::Read)?;
        let meta = file.metadata().map_err(FileError::Read)?;
        if self.target == Target::InPlace {
            let links = hard_links(&meta);
            if links > 1 {
                return Err(FileError::HardLinks(links));
            }
        }
        // binary or not is a question about the text, so it is asked after decompression
        let (format, mut text) = Compression::decoder(file).map_err(FileError::Read)?;
        let mut prefix = Vec::with_capacity(BINARY_PREFIX);
        (&mut text).take(BINARY_PREFIX as u64).read_to_end(&mut prefix).map_err(FileError::Read)?;
        if self.skip_binary && looks_binary(&prefix) {
            return Ok(None);
        }
        let target = match &self.target {
            Target::Dir(dir) => dir.join(self.relative(job)),
            Target::InPlace => job.canonical.clone(),
        };
        if let (Target::Dir(_), Ok(existing)) = (&self.target, fs::canonicalize(&target)) {
            if inputs.contains(existing.as_path()) {
                return Err(FileError::WouldOverwriteInput(target));
            }
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let write_err = |source| FileError::Write { path: target.clone(), source };
        fs::create_dir_all(&folder).map_err(write_err)?;
        let tmp = AtomicFile::create_in(&folder, &self.in_flight).map_err(write_err)?;
        let formats = match self.target {
            Target::Dir(_) => (format, self.compress.unwrap_or(format)),
            Target::InPlace => (format, format),
        };
        self.fill(job, tmp, Cursor::new(prefix).chain(text), &meta, &target, formats, (clean, untouched)).map(Some)
    }

    /// Cleans into the temporary file (compressed as `formats.1`; the input
    /// was `formats.0`) and renames it over `target` (the last pair: the
    /// cleaning function, and when a file is left untouched).
    #[allow(clippy::too_many_arguments)]
    fn fill<T, F>(
        &self,
        job: &Job,
        tmp: AtomicFile<'_>,
        mut input: impl Read,
        meta: &fs::Metadata,
        target: &Path,
        formats: (Compression, Compression),
        (clean, untouched): (&F, &dyn Fn(&T) -> bool),
    ) -> Result<(T, u64, bool), FileError>
    where
        F: Fn(&Job, &mut dyn Read, &mut dyn Write) -> Result<T, Error>,
    {
        let write_err = |source| FileError::Write { path: target.to_path_buf(), source };
        let (summary, bytes_out) = {
            let mut out = Tracked::new(formats.1.encoder(tmp.file()).map_err(write_err)?);
            let summary = match clean(job, &mut input, &mut out) {
                Ok(s) => s,
                Err(Error::Io(e)) if out.failed => return Err(write_err(e)),
                Err(Error::Io(e)) => return Err(FileError::Read(e)),
                Err(e) => return Err(FileError::Clean(e)),
            };
            // bytes of text, before compression
            let bytes_out = out.bytes;
            out.inner.finish().map_err(write_err)?;
            (summary, bytes_out)
        };
        if self.target == Target::InPlace {
            // a compressed input is unchanged when its text is: its bytes differ with any other compressor
            let unchanged = untouched(&summary)
                || match formats {
                    (Compression::None, Compression::None) => {
                        bytes_out == meta.len() && same_content(open(tmp.path())?, open(target)?)?
                    }
                    _ => same_content(decoded(tmp.path())?, decoded(target)?)?,
                };
            if unchanged {
                return Ok((summary, bytes_out, false));
            }
        }
        // over an input, the file keeps its owner too
        let owner = (self.target == Target::InPlace).then(|| owner_of(meta)).flatten();
        let original = (self.target == Target::InPlace).then_some(meta);
        tmp.commit_over(target, meta.permissions(), owner, original).map_err(write_err)?;
        Ok((summary, bytes_out, true))
    }
}

/// How many names (hard links) a file has; 1 where this is not known.
fn hard_links(meta: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// A file's owner and group, where there are such.
fn owner_of(meta: &fs::Metadata) -> Option<(u32, u32)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.uid(), meta.gid()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

fn open(path: &Path) -> Result<File, FileError> {
    File::open(path).map_err(FileError::Read)
}

/// A file's text, decompressed.
fn decoded(path: &Path) -> Result<Box<dyn Read>, FileError> {
    Compression::decoder(open(path)?).map(|(_, r)| r).map_err(FileError::Read)
}

/// Whether two readers give the same bytes.
fn same_content(a: impl Read, b: impl Read) -> Result<bool, FileError> {
    let mut a = BufReader::with_capacity(64 * 1024, a);
    let mut b = BufReader::with_capacity(64 * 1024, b);
    let (mut x, mut y) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
    loop {
        let n = read_full(&mut a, &mut x).map_err(FileError::Read)?;
        let m = read_full(&mut b, &mut y).map_err(FileError::Read)?;
        if x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// A writer that counts the bytes written and remembers whether a write
/// failed (so that an I/O error from cleaning can be told to be a read or a
/// write error).
#[derive(Debug)]
pub struct Tracked<W> {
    /// The writer written to.
    pub inner: W,
    /// Bytes written so far.
    pub bytes: u64,
    /// Whether a write or flush failed.
    pub failed: bool,
}

impl<W> Tracked<W> {
    /// Wraps a writer.
    pub fn new(inner: W) -> Self {
        Tracked { inner, bytes: 0, failed: false }
    }
}

impl<W: Write> Write for Tracked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        match &r {
            Ok(n) => self.bytes += *n as u64,
            Err(_) => self.failed = true,
        }
        r
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.failed |= r.is_err();
        r
    }
}
