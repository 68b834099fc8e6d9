//! The one way this program replaces a file: write a temporary file in the
//! target's folder, give it its permissions (and owner), flush it to disk,
//! and rename it over the target; so a target is either the old file or the
//! whole new one, even after a crash. The temporary files in flight are
//! listed in an [`InFlight`] set that a signal handler can empty.

use std::collections::HashSet;
use std::fs::{self, File, Permissions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tempfile::NamedTempFile;

use crate::input::walk::{TEMP_PREFIX, TEMP_SUFFIX};

/// The temporary files being written, so that they can be removed when the
/// run is interrupted. Clones share one set.
#[derive(Debug, Clone, Default)]
pub struct InFlight(Arc<Mutex<HashSet<PathBuf>>>);

impl InFlight {
    fn lock(&self) -> MutexGuard<'_, HashSet<PathBuf>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Creates a temporary file in `dir` and lists it.
    pub(crate) fn create_in(&self, dir: &Path) -> io::Result<NamedTempFile> {
        // Holding the lock while creating means a handler running
        // `remove_all` sees every temporary file that exists.
        let mut set = self.lock();
        let tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).tempfile_in(dir)?;
        set.insert(tmp.path().to_path_buf());
        Ok(tmp)
    }

    pub(crate) fn forget(&self, path: &Path) {
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

/// A file being written to replace `target` atomically.
#[derive(Debug)]
pub struct AtomicFile<'a> {
    tmp: Option<NamedTempFile>,
    path: PathBuf,
    in_flight: &'a InFlight,
}

impl<'a> AtomicFile<'a> {
    /// Creates the temporary file (`.zhclean-XXXXXX.tmp`) in `dir` and lists it in `in_flight`.
    pub fn create_in(dir: &Path, in_flight: &'a InFlight) -> io::Result<Self> {
        let tmp = in_flight.create_in(dir)?;
        let path = tmp.path().to_path_buf();
        Ok(AtomicFile { tmp: Some(tmp), path, in_flight })
    }

    /// The temporary file, to write to.
    pub fn file(&self) -> &File {
        // `tmp` is only taken by `commit`, which consumes `self`.
        self.tmp.as_ref().map(NamedTempFile::as_file).expect("the temporary file is there until committed")
    }

    /// The temporary file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Gives the file `permissions` (and, on Unix and as far as allowed,
    /// the owner `uid`/`gid`), flushes it to disk and renames it over `target`.
    pub fn commit(mut self, target: &Path, permissions: Permissions, owner: Option<(u32, u32)>) -> io::Result<()> {
        let Some(tmp) = self.tmp.take() else { return Ok(()) };
        let file = tmp.as_file();
        file.set_permissions(permissions)?;
        #[cfg(unix)]
        if let Some((uid, gid)) = owner {
            // best effort: only root may give a file away
            let _ = std::os::unix::fs::fchown(file, Some(uid), Some(gid));
        }
        #[cfg(not(unix))]
        let _ = owner;
        file.sync_all()?;
        tmp.persist(target).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Drop for AtomicFile<'_> {
    fn drop(&mut self) {
        // an uncommitted temporary file is removed by `NamedTempFile`'s own drop
        self.in_flight.forget(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_committed_file_replaces_its_target_with_the_permissions_given() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        let set = InFlight::default();
        let f = AtomicFile::create_in(dir.path(), &set).unwrap();
        io::Write::write_all(&mut f.file(), b"new").unwrap();
        assert_eq!(set.len(), 1);
        let mode = fs::metadata(&target).unwrap().permissions();
        f.commit(&target, mode, None).unwrap();
        assert!(set.is_empty());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }
}
