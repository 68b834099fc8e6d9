//! Compressed input and output: gzip, zstd, bzip2 and xz streams, told by
//! their magic bytes (never by a file's name), decoded and encoded as they
//! are read and written, so memory stays bounded whatever the size.
//!
//! The codecs are the maintained crates: `flate2` (gzip, pure Rust
//! miniz_oxide), `zstd` (the reference C library), `bzip2` (the pure Rust
//! libbz2-rs-sys port) and `liblzma` (xz, the maintained fork of `xz2`).
//! Streams of several members (`cat a.gz b.gz`, concatenated zstd frames or
//! xz streams) are read whole. A stream that is corrupt or cut short is a
//! read error ([`std::io::ErrorKind::InvalidData`], naming the format),
//! never text (gzip, bzip2 and xz always carry a checksum; zstd frames only
//! when written with one, as [`Compression::encoder`] writes them).
//!
//! ```
//! use std::io::{Read, Write};
//! use zhclean::Compression;
//! let mut z = Compression::Zstd.encoder(Vec::new())?;
//! z.write_all("正文。\n".as_bytes())?;
//! let bytes = z.finish()?;
//! let (found, mut text) = Compression::decoder(&bytes[..])?;
//! assert_eq!(found, Compression::Zstd);
//! let mut s = String::new();
//! text.read_to_string(&mut s)?;
//! assert_eq!(s, "正文。\n");
//! # Ok::<(), std::io::Error>(())
//! ```

use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// How a stream is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (RFC 1952), magic `1f 8b`.
    Gzip,
    /// Zstandard, magic `28 b5 2f fd`.
    Zstd,
    /// bzip2, magic `BZh` and a block size digit.
    Bzip2,
    /// xz, magic `fd 37 7a 58 5a 00`.
    Xz,
}

/// The longest magic number, in bytes.
const MAGIC_LEN: usize = 6;

const MAGICS: [(Compression, &[u8]); 4] = [
    (Compression::Gzip, b"\x1f\x8b"),
    (Compression::Zstd, b"\x28\xb5\x2f\xfd"),
    (Compression::Bzip2, b"BZh"),
    (Compression::Xz, b"\xfd7zXZ\x00"),
];

impl Compression {
    /// Every format, plain text first.
    pub const ALL: [Compression; 5] =
        [Compression::None, Compression::Gzip, Compression::Zstd, Compression::Bzip2, Compression::Xz];

    /// The format's name as `--compress` takes it (`none`, `gzip`, `zstd`, `bzip2`, `xz`).
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
        }
    }

    /// The usual file name extension, with its dot (`""` for none).
    pub fn extension(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => ".gz",
            Compression::Zstd => ".zst",
            Compression::Bzip2 => ".bz2",
            Compression::Xz => ".xz",
        }
    }

    /// The format whose magic bytes `prefix` starts with (bzip2 also needs its
    /// block size digit, `1` to `9`, so a text starting with `BZh` is text).
    ///
    /// ```
    /// use zhclean::Compression;
    /// assert_eq!(Compression::detect(b"\x1f\x8b\x08\0"), Compression::Gzip);
    /// assert_eq!(Compression::detect(b"BZh9"), Compression::Bzip2);
    /// assert_eq!(Compression::detect(b"BZh is a word"), Compression::None);
    /// assert_eq!(Compression::detect("正文".as_bytes()), Compression::None);
    /// ```
    pub fn detect(prefix: &[u8]) -> Compression {
        for (format, magic) in MAGICS {
            if prefix.starts_with(magic) {
                if format == Compression::Bzip2 && !prefix.get(3).is_some_and(|d| (b'1'..=b'9').contains(d)) {
                    continue;
                }
                return format;
            }
        }
        Compression::None
    }

    /// Reads the first bytes of `input`, and returns the format found and a
    /// reader of the decompressed bytes (`input` itself, for plain text).
    ///
    /// Only as many bytes are read as it takes to rule every magic number
    /// out (one, for most text), so a long-lived pipe is not kept waiting.
    pub fn decoder<'a, R: Read + 'a>(mut input: R) -> io::Result<(Compression, Box<dyn Read + 'a>)> {
        let prefix = peek(&mut input, MAGIC_LEN, could_be_magic)?;
        let format = Compression::detect(&prefix);
        let raw = io::Cursor::new(prefix).chain(input);
        let reader: Box<dyn Read + 'a> = match format {
            Compression::None => return Ok((format, Box::new(raw))),
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(raw)?),
            Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(raw)),
            Compression::Xz => Box::new(liblzma::read::XzDecoder::new_multi_decoder(raw)),
        };
        Ok((format, Box::new(Checked { format, inner: reader })))
    }

    /// A writer that compresses into `output` in this format (passes
    /// through for [`Compression::None`]); [`Compressor::finish`] ends the stream.
    pub fn encoder<W: Write>(self, output: W) -> io::Result<Compressor<W>> {
        Ok(Compressor(match self {
            Compression::None => Inner::Plain(output),
            Compression::Gzip => Inner::Gzip(flate2::write::GzEncoder::new(output, flate2::Compression::default())),
            Compression::Zstd => {
                // zstd frames carry no checksum unless asked: with one, a reader can tell damage from text
                let mut e = zstd::stream::write::Encoder::new(output, 0)?;
                e.include_checksum(true)?;
                Inner::Zstd(e)
            }
            Compression::Bzip2 => Inner::Bzip2(bzip2::write::BzEncoder::new(output, bzip2::Compression::default())),
            Compression::Xz => Inner::Xz(liblzma::write::XzEncoder::new(output, 6)),
        }))
    }

    /// `path` with a compression extension it ends with (`.gz`, `.zst`,
    /// `.bz2`, `.xz`, any case) replaced by this format's.
    ///
    /// ```
    /// use std::path::Path;
    /// use zhclean::Compression;
    /// assert_eq!(Compression::Zstd.rename(Path::new("a/x.jsonl.gz")), Path::new("a/x.jsonl.zst"));
    /// assert_eq!(Compression::None.rename(Path::new("x.txt.XZ")), Path::new("x.txt"));
    /// assert_eq!(Compression::Gzip.rename(Path::new("x.txt")), Path::new("x.txt.gz"));
    /// ```
    pub fn rename(self, path: &Path) -> PathBuf {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        if let Some(s) = name.to_str() {
            let lower = s.to_ascii_lowercase();
            if let Some(ext) = Compression::ALL[1..].iter().map(|c| c.extension()).find(|e| lower.ends_with(e)) {
                if s.len() > ext.len() {
                    name = s[..s.len() - ext.len()].into();
                }
            }
        }
        name.push(self.extension());
        path.with_file_name(name)
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Compression {
    type Err = Error;

    /// `none`, `gzip` (or `gz`), `zstd` (or `zst`), `bzip2` (or `bz2`), `xz`.
    fn from_str(s: &str) -> Result<Self, Error> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "none" => Compression::None,
            "gzip" | "gz" => Compression::Gzip,
            "zstd" | "zst" => Compression::Zstd,
            "bzip2" | "bz2" => Compression::Bzip2,
            "xz" => Compression::Xz,
            _ => return Err(Error::UnknownCompression(s.to_string())),
        })
    }
}

/// Reads the first bytes of `input` while `more(bytes so far)` says they
/// could still be what is looked for, up to `max`; fewer at the end of the
/// input. Reads no further than needed, so a pipe is never waited on for
/// bytes that cannot change the answer.
pub fn peek<R: Read>(input: &mut R, max: usize, more: impl Fn(&[u8]) -> bool) -> io::Result<Vec<u8>> {
    let mut prefix = vec![0u8; max];
    let mut len = 0;
    while len < max && more(&prefix[..len]) {
        match input.read(&mut prefix[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    prefix.truncate(len);
    Ok(prefix)
}

/// Whether `prefix` is still the start of some magic number (or empty).
fn could_be_magic(prefix: &[u8]) -> bool {
    MAGICS.iter().any(|(_, m)| {
        let n = prefix.len().min(m.len());
        prefix[..n] == m[..n]
    })
}

/// A decoder whose errors say which format failed: a decoder's own
/// messages (`corrupt deflate stream`, `unexpected end of file`) name no file format.
struct Checked<R> {
    format: Compression,
    inner: R,
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| match e.kind() {
            io::ErrorKind::Interrupted => e,
            _ => {
                io::Error::new(io::ErrorKind::InvalidData, format!("corrupt or truncated {} stream: {e}", self.format))
            }
        })
    }
}

/// A writer compressing into an inner writer (see [`Compression::encoder`]).
pub struct Compressor<W: Write>(Inner<W>);

enum Inner<W: Write> {
    Plain(W),
    Gzip(flate2::write::GzEncoder<W>),
    Zstd(zstd::stream::write::Encoder<'static, W>),
    Bzip2(bzip2::write::BzEncoder<W>),
    Xz(liblzma::write::XzEncoder<W>),
}

impl<W: Write> Compressor<W> {
    /// Writes the end of the stream and returns the inner writer (flushed).
    pub fn finish(self) -> io::Result<W> {
        let mut w = match self.0 {
            Inner::Plain(w) => w,
            Inner::Gzip(e) => e.finish()?,
            Inner::Zstd(e) => e.finish()?,
            Inner::Bzip2(e) => e.finish()?,
            Inner::Xz(e) => e.finish()?,
        };
        w.flush()?;
        Ok(w)
    }

    fn writer(&mut self) -> &mut dyn Write {
        match &mut self.0 {
            Inner::Plain(w) => w,
            Inner::Gzip(e) => e,
            Inner::Zstd(e) => e,
            Inner::Bzip2(e) => e,
            Inner::Xz(e) => e,
        }
    }
}

impl<W: Write> Write for Compressor<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    /// Flushes what is compressed so far (a sync point in the stream), so a
    /// reader can decode everything written up to here.
    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

impl<W: Write> fmt::Debug for Compressor<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = match self.0 {
            Inner::Plain(_) => Compression::None,
            Inner::Gzip(_) => Compression::Gzip,
            Inner::Zstd(_) => Compression::Zstd,
            Inner::Bzip2(_) => Compression::Bzip2,
            Inner::Xz(_) => Compression::Xz,
        };
        f.debug_tuple("Compressor").field(&format).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compress(format: Compression, text: &[u8]) -> Vec<u8> {
        let mut e = format.encoder(Vec::new()).unwrap();
        e.write_all(text).unwrap();
        e.finish().unwrap()
    }

    fn decompress(bytes: &[u8]) -> (Compression, io::Result<Vec<u8>>) {
        let (format, mut r) = Compression::decoder(bytes).unwrap();
        let mut out = Vec::new();
        let result = r.read_to_end(&mut out).map(|_| out);
        (format, result)
    }

    fn text() -> Vec<u8> {
        "县里召开森林防火工作会议，部署今冬明春防火工作。\n".repeat(2000).into_bytes()
    }

    #[test]
    fn every_format_round_trips_and_is_found_by_its_magic() {
        for format in Compression::ALL {
            let bytes = compress(format, &text());
            let (found, out) = decompress(&bytes);
            assert_eq!(found, format);
            assert_eq!(out.unwrap(), text(), "{format}");
        }
    }

    #[test]
    fn concatenated_members_are_read_whole() {
        for format in &Compression::ALL[1..] {
            let mut bytes = compress(*format, b"first\n");
            bytes.extend(compress(*format, b"second\n"));
            assert_eq!(decompress(&bytes).1.unwrap(), b"first\nsecond\n", "{format}");
        }
    }

    #[test]
    fn truncated_or_corrupt_streams_are_errors_naming_the_format() {
        for format in &Compression::ALL[1..] {
            let bytes = compress(*format, &text());
            for cut in [bytes.len() / 2, bytes.len() - 1] {
                let err = decompress(&bytes[..cut]).1.expect_err(&format!("{format} cut at {cut}"));
                assert_eq!(err.kind(), io::ErrorKind::InvalidData);
                assert!(err.to_string().contains(format.as_str()), "{err}");
            }
            let mut bad = bytes.clone();
            let middle = bad.len() / 2;
            bad[middle..middle + 8].copy_from_slice(b"\xff\x00\xff\x00garb");
            assert!(decompress(&bad).1.is_err(), "{format} corrupt");
        }
    }

    #[test]
    fn short_and_look_alike_inputs_are_text() {
        for input in [&b""[..], b"\x1f", b"BZ", b"BZh", b"BZhx", b"\xfd7zX"] {
            let (found, out) = decompress(input);
            assert_eq!(found, Compression::None);
            assert_eq!(out.unwrap(), input);
        }
    }

    #[test]
    fn names_parse() {
        assert_eq!("GZ".parse::<Compression>().unwrap(), Compression::Gzip);
        assert!("lz4".parse::<Compression>().is_err());
    }
}
