//! Finding the files to read: the same walk for cleaning trees (`-o`,
//! `--in-place`) and for learning site templates (`zhclean learn`), so both
//! see the same files: links followed, only regular files, each folder's
//! files sorted by name, the program's own temporary files (`.zhclean-*.tmp`)
//! left out. Binary files are found by [`looks_binary`] when read.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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
            if root.file_name().is_some_and(is_own_temporary) {
                let why = "a temporary file of zhclean (a run still writing it, or one that was killed); skipped";
                w.errors.push((root.clone(), io::Error::new(io::ErrorKind::InvalidInput, why)));
                continue;
            }
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
                Ok(e) if e.file_type().is_file() && !is_own_temporary(e.file_name()) => {
                    let relative = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                    let len = e.metadata().map_or(0, |m| m.len());
                    match fs::canonicalize(e.path()) {
                        Ok(canonical) => w.jobs.push(Job { input: e.path().to_path_buf(), canonical, relative, len }),
                        Err(err) => w.errors.push((e.path().to_path_buf(), err)),
                    }
                }
                Ok(_) => {} // folders, and sockets or fifos found in a folder
                // another run's temporary file, renamed or removed while the folder was listed
                Err(e) if e.path().and_then(Path::file_name).is_some_and(is_own_temporary) => {}
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

/// Whether a file name is one of the temporary files this program writes
/// (`.zhclean-XXXXXX.tmp`, see [`crate::batch::atomic`]): a run interrupted
/// hard may leave one, and it is no input.
pub fn is_own_temporary(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
}

/// The name of a temporary file is `TEMP_PREFIX`, random letters, `TEMP_SUFFIX`.
pub const TEMP_PREFIX: &str = ".zhclean-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";

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
    fn own_temporary_files_are_not_inputs() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("page.txt"), "正文").unwrap();
        fs::write(dir.path().join(".zhclean-Ab12Cd.tmp"), "half a page").unwrap();
        fs::write(dir.path().join(".zhclean-notes.txt"), "正文").unwrap();
        let w = walk(&[dir.path().to_path_buf()], None);
        let names: Vec<_> = w.jobs.iter().map(|j| j.relative.to_string_lossy().into_owned()).collect();
        assert_eq!(names, [".zhclean-notes.txt", "page.txt"]);
    }
}
