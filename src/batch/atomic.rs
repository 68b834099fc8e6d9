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

    /// Gives the file its owner `uid`/`gid` (Unix; first, because a change
    /// of owner clears the setuid and setgid bits) and `permissions`, flushes
    /// it to disk, checks that the temporary file is still this one (another
    /// program may have replaced it) and renames it over `target`, then
    /// flushes the folder. An owner that cannot be given is an error and
    /// nothing is renamed.
    pub fn commit(self, target: &Path, permissions: Permissions, owner: Option<(u32, u32)>) -> io::Result<()> {
        self.commit_over(target, permissions, owner, None)
    }

    /// Like [`AtomicFile::commit`], and when `original` is given (the
    /// target's metadata when it was opened), refuses with an error of kind
    /// [`io::ErrorKind::Other`] if the target changed since (another size,
    /// modification time or inode): an edit made while it was being cleaned
    /// is not lost.
    pub fn commit_over(
        mut self,
        target: &Path,
        permissions: Permissions,
        owner: Option<(u32, u32)>,
        original: Option<&fs::Metadata>,
    ) -> io::Result<()> {
        let Some(tmp) = self.tmp.take() else { return Ok(()) };
        let file = tmp.as_file();
        #[cfg(unix)]
        if let Some((uid, gid)) = owner {
            use std::os::unix::fs::MetadataExt;
            let now = file.metadata()?;
            if (now.uid(), now.gid()) != (uid, gid) {
                std::os::unix::fs::fchown(file, Some(uid), Some(gid)).map_err(|e| {
                    io::Error::new(e.kind(), format!("cannot keep the owner {uid}:{gid} ({e}); left as it is"))
                })?;
            }
        }
        #[cfg(not(unix))]
        let _ = owner;
        file.set_permissions(permissions)?;
        file.sync_all()?;
        if !same_file(&file.metadata()?, &fs::symlink_metadata(tmp.path())?) {
            return Err(io::Error::other(format!(
                "the temporary file {} was replaced by another program; not renamed",
                tmp.path().display()
            )));
        }
        if let Some(original) = original {
            let now = fs::metadata(target)?;
            if !same_file(original, &now)
                || original.len() != now.len()
                || original.modified().ok() != now.modified().ok()
            {
                return Err(io::Error::other("changed while it was being cleaned; left as it is"));
            }
        }
        tmp.persist(target).map_err(|e| e.error)?;
        sync_folder(target);
        Ok(())
    }
}

/// Whether two metadata are of one file (device and inode; always true where there are none).
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (a.dev(), a.ino()) == (b.dev(), b.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Flushes the folder of `path` to disk, so that the rename survives a
/// crash too (best effort: not every system can open a folder).
fn sync_folder(path: &Path) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
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

    #[test]
    fn a_temporary_file_replaced_by_another_program_is_not_renamed() {
        // issue 13, case 1: another run renamed its own file over ours
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("page.txt");
        fs::write(&target, "the whole page").unwrap();
        let set = InFlight::default();
        let f = AtomicFile::create_in(dir.path(), &set).unwrap();
        io::Write::write_all(&mut f.file(), b"ours").unwrap();
        fs::write(dir.path().join("other"), "half").unwrap();
        fs::rename(dir.path().join("other"), f.path()).unwrap();
        let mode = fs::metadata(&target).unwrap().permissions();
        assert!(f.commit(&target, mode, None).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "the whole page");
    }

    #[test]
    fn a_target_changed_meanwhile_is_left_as_it_is() {
        // issue 13, case 5
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("page.txt");
        fs::write(&target, "old").unwrap();
        let original = fs::metadata(&target).unwrap();
        let set = InFlight::default();
        let f = AtomicFile::create_in(dir.path(), &set).unwrap();
        io::Write::write_all(&mut f.file(), b"cleaned").unwrap();
        fs::write(&target, "old and an edit").unwrap();
        let err = f.commit_over(&target, original.permissions(), None, Some(&original)).unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "old and an edit");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }
}
