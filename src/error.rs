//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An `--encoding` label that no encoding answers to.
    #[error("unknown encoding label {0:?}")]
    UnknownEncoding(String),
    /// A blocklist file that could not be read.
    #[error("cannot read blocklist {path}: {source}")]
    Blocklist {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A `--compress` name that is no compression format.
    #[error("unknown compression {0:?} (expected one of: none, gzip, zstd, bzip2, xz)")]
    UnknownCompression(String),
    /// An unknown chrome kind was named (for example in `--keep`).
    #[error("unknown chrome kind {0:?} (expected one of: breadcrumb, meta, share, editor, nav, footer, template)")]
    UnknownKind(String),
    /// A template file that is not one, with the line (from 1) where reading stopped.
    #[error("bad template file, line {line}: {reason}")]
    TemplateFormat {
        /// The line.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A decision model file that is not one.
    #[error("bad model file: {0}")]
    Model(String),
    /// Templates that cannot be merged.
    #[error("cannot merge templates: {0}")]
    TemplateMismatch(String),
    /// A corpus input that could not be read.
    #[error("{path}: {source}")]
    Input {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A JSON Lines record that could not be used.
    #[error("{path}:{line}: {reason}")]
    Record {
        /// The file (`-` for standard input).
        path: PathBuf,
        /// The record's line, from 1.
        line: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// An input that cannot be cleaned the way it was asked to be (a WARC
    /// file with `--in-place`: its pages would replace it as JSON Lines).
    #[error("{0}")]
    Unfit(String),
    /// Reading input or writing output failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Shorthand for results of this library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
