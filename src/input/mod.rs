//! Bytes to lines: encoding detection and decoding, and splitting into lines
//! in bounded memory.

pub mod decode;
pub mod lines;
