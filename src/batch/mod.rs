//! Cleaning many files: walking the inputs, cleaning files in parallel
//! (rayon), and writing every output atomically.
//!
//! Each output is written to a temporary file (`.zhclean-XXXXXX.tmp`) in the
//! folder of its target and renamed into place, so a target is either the old
//! file or the whole new one. The temporary files in flight are listed in an
//! [`InFlight`] set, which a signal handler can empty
//! ([`InFlight::remove_all`]) so that an interrupted run leaves none behind.
//!
//! ```
//! use zhclean::batch::{self, Batch, Target};
//! let dir = tempfile::tempdir()?;
//! std::fs::create_dir(dir.path().join("in"))?;
//! std::fs::write(dir.path().join("in/page.txt"), "县里召开森林防火工作会议，部署今冬明春防火工作。\n京ICP备14010675号-1\n")?;
//! let cleaner = zhclean::Cleaner::new()?;
//! let walk = batch::walk(&[dir.path().join("in")], None);
//! let out = dir.path().join("out");
//! let batch = Batch::new(Target::Dir(out.clone()));
//! let outcomes = batch.run(&walk.jobs, |_, input, output| cleaner.clean_stream(input, output), |_, _| {});
//! assert!(matches!(outcomes[0], batch::Outcome::Done { .. }));
//! assert_eq!(std::fs::read_to_string(out.join("page.txt"))?, "县里召开森林防火工作会议，部署今冬明春防火工作。\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod jsonl;

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufReader, Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rayon::prelude::*;
use tempfile::NamedTempFile;

use crate::error::Error;

/// How many leading bytes are searched for a NUL to call a file binary.
pub const BINARY_PREFIX: usize = 8 * 1024;

/// Whether a file starting with `prefix` is binary: it has a NUL byte and no
/// UTF-16 byte-order mark (UTF-16 text is full of NULs).
///
/// ```
/// use zhclean::batch::looks_binary;
/// assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
/// assert!(!looks_binary("当前位置".as_bytes()));
/// assert!(!looks_binary(b"\xff\xfe\x53\x5f"));
/// ```
pub fn looks_binary(prefix: &[u8]) -> bool {
    let prefix = &prefix[..prefix.len().min(BINARY_PREFIX)];
    !(prefix.starts_with(b"\xff\xfe") || prefix.starts_with(b"\xfe\xff")) && memchr::memchr(0, prefix).is_some()
}

/// One file to clean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The path to read, as found (a given path, or one under a given folder).
    pub input: PathBuf,
    /// The input with symbolic links resolved.
    pub canonical: PathBuf,
    /// Where the output goes under an output folder: the file name of a
    /// given file, or the path under a given folder.
    pub relative: PathBuf,
    /// The input's size in bytes, when it was found.
    pub len: u64,
}

/// The inputs found by [`walk`].
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to clean, in the order of the paths given, each folder's files
    /// sorted by name.
    pub jobs: Vec<Job>,
    /// Paths that could not be read (a dangling link, a folder that cannot be
    /// listed, a link loop), with the reason.
    pub errors: Vec<(PathBuf, io::Error)>,
}

impl Walk {
    /// Drops jobs whose file was already found under another path (for
    /// `--in-place`, which must rewrite each file once).
    pub fn dedupe(&mut self) {
        let mut seen = HashSet::new();
        self.jobs.retain(|j| seen.insert(j.canonical.clone()));
    }

    /// Total size of the inputs, in bytes.
    pub fn total_len(&self) -> u64 {
        self.jobs.iter().map(|j| j.len).sum()
    }
}

/// Finds the files to clean: each path that is a file (or a link to one), and
/// the regular files under each path that is a folder, recursively, following
/// symbolic links. The folder `exclude` (an output folder) is not entered
/// when found inside a given folder. A file found twice with the same
/// [`Job::relative`] path is listed once.
pub fn walk(paths: &[PathBuf], exclude: Option<&Path>) -> Walk {
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut w = Walk::default();
    for root in paths {
        let meta = match fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                w.errors.push((root.clone(), e));
                continue;
            }
        };
        if !meta.is_dir() {
            let relative = root.file_name().map_or_else(|| root.clone(), PathBuf::from);
            match fs::canonicalize(root) {
                Ok(canonical) => w.jobs.push(Job { input: root.clone(), canonical, relative, len: meta.len() }),
                Err(e) => w.errors.push((root.clone(), e)),
            }
            continue;
        }
        let entries = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter();
        let entries = entries.filter_entry(|e| {
            !(e.depth() > 0
                && e.file_type().is_dir()
                && exclude.is_some()
                && fs::canonicalize(e.path()).ok() == exclude)
        });
        for entry in entries {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let relative = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                    let len = e.metadata().map_or(0, |m| m.len());
                    match fs::canonicalize(e.path()) {
                        Ok(canonical) => w.jobs.push(Job { input: e.path().to_path_buf(), canonical, relative, len }),
                        Err(err) => w.errors.push((e.path().to_path_buf(), err)),
                    }
                }
                Ok(_) => {} // folders, and sockets or fifos found in a folder
                Err(e) => {
                    let path = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    let err = match e.io_error() {
                        Some(io) => io::Error::new(io.kind(), io.to_string()),
                        None => io::Error::other(e.to_string()),
                    };
                    w.errors.push((path, err));
                }
            }
        }
    }
    // the same file reached twice with the same output path is cleaned once
    let mut seen = HashSet::new();
    w.jobs.retain(|j| seen.insert((j.canonical.clone(), j.relative.clone())));
    w
}

/// The temporary files being written, so that they can be removed when the
/// run is interrupted. Clones share one set.
#[derive(Debug, Clone, Default)]
pub struct InFlight(Arc<Mutex<HashSet<PathBuf>>>);

impl InFlight {
    fn lock(&self) -> MutexGuard<'_, HashSet<PathBuf>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Creates a temporary file in `dir` and lists it.
    fn create_in(&self, dir: &Path) -> io::Result<NamedTempFile> {
        // Holding the lock while creating means a handler running
        // `remove_all` sees every temporary file that exists.
        let mut set = self.lock();
        let tmp = tempfile::Builder::new().prefix(".zhclean-").suffix(".tmp").tempfile_in(dir)?;
        set.insert(tmp.path().to_path_buf());
        Ok(tmp)
    }

    fn forget(&self, path: &Path) {
        self.lock().remove(path);
    }

    /// Removes every temporary file in flight. While the returned guard
    /// lives no new one is created: a signal handler calls this, then exits.
    pub fn remove_all(&self) -> MutexGuard<'_, HashSet<PathBuf>> {
        let mut set = self.lock();
        for path in set.drain() {
            let _ = fs::remove_file(path);
        }
        set
    }

    /// How many temporary files are in flight.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no temporary file is in flight.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

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
}

impl Batch {
    /// A batch writing to `target`.
    pub fn new(target: Target) -> Self {
        Batch { target, in_flight: InFlight::default(), skip_binary: true }
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
        let inputs: HashSet<&Path> = jobs.iter().map(|j| j.canonical.as_path()).collect();
        let mut first: HashMap<&Path, &Path> = HashMap::new();
        let clash: Vec<Option<PathBuf>> = jobs
            .iter()
            .map(|j| match self.target {
                Target::Dir(_) => {
                    let owner = *first.entry(j.relative.as_path()).or_insert(j.input.as_path());
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
                        Outcome::Failed(FileError::SameOutput(dir.join(&job.relative), owner.clone()))
                    }
                    _ => self.one(job, &inputs, &clean),
                };
                done(job, &outcome);
                outcome
            })
            .collect()
    }

    fn one<T, F>(&self, job: &Job, inputs: &HashSet<&Path>, clean: &F) -> Outcome<T>
    where
        F: Fn(&Job, &mut dyn Read, &mut dyn Write) -> Result<T, Error>,
    {
        match self.try_one(job, inputs, clean) {
            Ok(Some((summary, bytes_out, changed))) => Outcome::Done { summary, bytes_out, changed },
            Ok(None) => Outcome::Binary,
            Err(e) => Outcome::Failed(e),
        }
    }

    fn try_one<T, F>(&self, job: &Job, inputs: &HashSet<&Path>, clean: &F) -> Result<Option<(T, u64, bool)>, FileError>
    where
        F: Fn(&Job, &mut dyn Read, &mut dyn Write) -> Result<T, Error>,
    {
        let mut file = File::open(&job.input).map_err(FileError::Read)?;
        let meta = file.metadata().map_err(FileError::Read)?;
        let mut prefix = Vec::with_capacity(BINARY_PREFIX);
        (&mut file).take(BINARY_PREFIX as u64).read_to_end(&mut prefix).map_err(FileError::Read)?;
        if self.skip_binary && looks_binary(&prefix) {
            return Ok(None);
        }
        let target = match &self.target {
            Target::Dir(dir) => dir.join(&job.relative),
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
        let tmp = self.in_flight.create_in(&folder).map_err(write_err)?;
        let tmp_path = tmp.path().to_path_buf();
        let result = self.fill(job, tmp, Cursor::new(prefix).chain(file), &meta, &target, clean);
        self.in_flight.forget(&tmp_path);
        result.map(Some)
    }

    /// Cleans into the temporary file and renames it over `target`.
    fn fill<T, F>(
        &self,
        job: &Job,
        tmp: NamedTempFile,
        mut input: impl Read,
        meta: &fs::Metadata,
        target: &Path,
        clean: &F,
    ) -> Result<(T, u64, bool), FileError>
    where
        F: Fn(&Job, &mut dyn Read, &mut dyn Write) -> Result<T, Error>,
    {
        let write_err = |source| FileError::Write { path: target.to_path_buf(), source };
        let mut out = Tracked::new(tmp.as_file());
        let summary = match clean(job, &mut input, &mut out) {
            Ok(s) => s,
            Err(Error::Io(e)) if out.failed => return Err(write_err(e)),
            Err(Error::Io(e)) => return Err(FileError::Read(e)),
            Err(e) => return Err(FileError::Clean(e)),
        };
        let bytes_out = out.bytes;
        if self.target == Target::InPlace && bytes_out == meta.len() && same_content(tmp.path(), target)? {
            return Ok((summary, bytes_out, false));
        }
        let file = tmp.as_file();
        file.set_permissions(meta.permissions()).map_err(write_err)?;
        if self.target == Target::InPlace {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // best effort: only root may give a file away
                let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
            }
            file.sync_all().map_err(write_err)?;
        }
        tmp.persist(target).map_err(|e| write_err(e.error))?;
        Ok((summary, bytes_out, true))
    }
}

/// Whether two files hold the same bytes.
fn same_content(a: &Path, b: &Path) -> Result<bool, FileError> {
    let mut a = BufReader::with_capacity(64 * 1024, File::open(a).map_err(FileError::Read)?);
    let mut b = BufReader::with_capacity(64 * 1024, File::open(b).map_err(FileError::Read)?);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_not_binary() {
        let mut bytes = b"\xff\xfe".to_vec();
        for u in "page 1\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert!(bytes.contains(&0));
        assert!(!looks_binary(&bytes));
        assert!(looks_binary(&bytes[2..]));
    }

    #[test]
    fn nul_after_the_prefix_is_not_binary() {
        let mut bytes = vec![b'a'; BINARY_PREFIX];
        bytes.push(0);
        assert!(!looks_binary(&bytes));
        bytes[10] = 0;
        assert!(looks_binary(&bytes));
    }

    #[test]
    fn remove_all_deletes_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let set = InFlight::default();
        let tmp = set.create_in(dir.path()).unwrap();
        let path = tmp.path().to_path_buf();
        std::mem::forget(tmp); // as if the process were stopped: no destructor runs
        assert!(path.exists());
        drop(set.remove_all());
        assert!(!path.exists());
        assert!(set.is_empty());
    }
}
