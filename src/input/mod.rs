//! Bytes to lines: finding the files to read, decompression, encoding detection and
//! decoding, and splitting into lines in bounded memory.

pub mod compress;
pub mod decode;
pub mod lines;
pub mod records;
pub mod walk;
pub mod warc;

/// Reads a whole file of at most `max` bytes: a longer one (or `/dev/zero`)
/// is an error of kind [`std::io::ErrorKind::FileTooLarge`] after reading
/// `max + 1` bytes, not a run that fills memory. A folder is an error too.
pub fn read_bounded(path: &std::path::Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a folder"));
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("longer than {} MiB; not read", max >> 20),
        ));
    }
    Ok(bytes)
}
