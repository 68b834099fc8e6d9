//! Where decided lines go: the [`Sink`] trait, the line it receives
//! ([`Decided`]), and the two sinks every driver needs.

use std::io::{self, BufWriter, Write};

use crate::input::lines::Ending;
use crate::text::repair::Repairs;
use crate::verdict::Verdict;

/// One decided line, handed to a [`Sink`].
#[derive(Debug, Clone, Copy)]
pub struct Decided<'a> {
    /// Line number, from 1.
    pub number: u64,
    /// The text to write if kept: the repaired line, or the input line.
    pub text: &'a str,
    /// The input line as decoded.
    pub original: &'a str,
    /// The line's ending in the input.
    pub ending: Ending,
    /// Whether the line is written.
    pub kept: bool,
    /// The decision and its rule (for a kept chrome kind the chrome label stays).
    pub verdict: Verdict,
    /// Whether `text` differs from `original`.
    pub repaired: bool,
    /// The repairs made.
    pub repairs: Repairs,
    /// The learned decision's removal probability (`None` for blank lines and
    /// when the rules decide alone).
    pub probability: Option<f32>,
    /// The learned decision's feature row, for `--dump-features`.
    #[doc(hidden)]
    pub features: Option<&'a [f32]>,
}

/// Receives decided lines in input order.
pub trait Sink {
    /// A decided line (kept or not).
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()>;
    /// Bytes of an oversized line, written through unchanged.
    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()>;
}

/// A [`Sink`] writing kept lines to a writer through a large buffer.
pub struct WriteSink<W: Write> {
    out: BufWriter<W>,
}

impl<W: Write> WriteSink<W> {
    /// Wraps a writer.
    pub fn new(w: W) -> Self {
        WriteSink { out: BufWriter::with_capacity(256 * 1024, w) }
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

impl<W: Write> Sink for WriteSink<W> {
    fn line(&mut self, d: &Decided<'_>) -> io::Result<()> {
        if d.kept {
            self.out.write_all(d.text.as_bytes())?;
            self.out.write_all(d.ending.as_bytes())?;
        }
        Ok(())
    }

    fn passthrough(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }
}

/// A [`Sink`] that drops everything (for callers that only want the [`Report`](crate::Report)).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Discard;

impl Sink for Discard {
    fn line(&mut self, _: &Decided<'_>) -> io::Result<()> {
        Ok(())
    }

    fn passthrough(&mut self, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
}
