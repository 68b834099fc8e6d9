//! Bytes to lines: finding the files to read, decompression, encoding detection and
//! decoding, and splitting into lines in bounded memory.

pub mod compress;
pub mod decode;
pub mod lines;
pub mod records;
pub mod walk;
pub mod warc;
