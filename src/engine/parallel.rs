//! All cores on one stream (`-j N`): the stateless steps of many lines at
//! once, the stateful ones in input order, so the output is the same as on
//! one thread, byte for byte.
//!
//! The calling thread reads the input into blocks of whole lines
//! ([`Options::block_bytes`]) and hands each to the next free worker, which
//! prepares its lines ([`LineSteps::prepare`]: repair, folding and matching,
//! the rule families, the learned decision's measurements). The calling
//! thread takes the blocks back in input order and runs each line through
//! the [`Engine`] (titles, the look-ahead window, the learned decision) into
//! the sink, as the one-thread path does. Reading and writing stay on the
//! calling thread: neither the input nor the sink need be `Send`, and reads,
//! writes and their errors come in the same order as on one thread.
//!
//! At most four times as many blocks as workers are in flight, their buffers
//! reused: memory stays bounded (a few MB a thread). An input that ends
//! within its first block is cleaned without starting any thread.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Mutex;

use super::classify::{LineSteps, Prepared};
use super::options::Options;
use super::{decode_bad_line, BadLine, Engine, Sink};
use crate::blocklist::Blocklist;
use crate::error::Error;
use crate::input::lines::{Ending, LineReader};

/// A block of whole lines (and pieces of oversized ones), on its way from
/// the reader through a worker to the engine.
#[derive(Default)]
struct Block {
    /// The bytes of the block's lines, without their endings.
    bytes: Vec<u8>,
    /// The lines and pieces, in order.
    items: Vec<Item>,
    /// A read error that came after the items.
    error: Option<io::Error>,
    /// What the worker made of each whole line, in order.
    ready: Vec<Ready>,
    /// The folded text the lines in `ready` kept.
    folded: String,
}

/// A line, or a piece of an oversized line, in [`Block::bytes`].
struct Item {
    at: Range<usize>,
    /// The line's ending; `None` for a piece of an oversized line that goes on.
    ending: Option<Ending>,
    /// A piece of an oversized line (written through, not cleaned).
    long: bool,
}

/// A prepared line.
struct Ready {
    p: Prepared,
    /// Where its folded text is in [`Block::folded`], if kept.
    folded: Option<Range<usize>>,
    /// The line decoded, and how, if it is not UTF-8 (else its text is its bytes).
    decoded: Option<(String, BadLine)>,
}

impl Block {
    /// Empties the block for reuse, keeping its buffers.
    fn clear(&mut self) {
        self.bytes.clear();
        self.items.clear();
        self.error = None;
        self.ready.clear();
        self.folded.clear();
    }

    /// Reads lines into the block until it is full; false when the input
    /// ended (or failed: then [`Block::error`] says how).
    fn fill<R: Read>(&mut self, reader: &mut LineReader<R>, bytes: usize) -> bool {
        self.clear();
        let lines = (bytes / 64).max(1);
        loop {
            let piece = match reader.next_piece() {
                Ok(Some(piece)) => piece,
                Ok(None) => return false,
                Err(e) => {
                    self.error = Some(e);
                    return false;
                }
            };
            let start = self.bytes.len();
            self.bytes.extend_from_slice(piece.bytes);
            let long = piece.ending.is_none() || piece.continued;
            self.items.push(Item { at: start..self.bytes.len(), ending: piece.ending, long });
            if self.bytes.len() >= bytes || self.items.len() >= lines {
                return true;
            }
        }
    }

    /// The stateless steps of every whole line of the block.
    fn prepare(&mut self, steps: &mut LineSteps<'_>, raw_utf8: bool) {
        self.ready.clear();
        self.folded.clear();
        let Block { bytes, items, ready, folded, .. } = self;
        let text = Text::of(bytes);
        for item in items.iter().filter(|i| !i.long) {
            let mut decoded = None;
            let line = match text.line(bytes, &item.at) {
                Some(line) => line,
                None => {
                    let mut line = String::new();
                    let bad = decode_bad_line(&bytes[item.at.clone()], raw_utf8, &mut line);
                    &decoded.insert((line, bad)).0[..]
                }
            };
            let p = steps.prepare(line);
            let kept = p.keeps_folded().then(|| {
                let start = folded.len();
                folded.push_str(steps.folded());
                start..folded.len()
            });
            ready.push(Ready { p, folded: kept, decoded });
        }
    }

    /// Runs the block's lines through the engine into the sink, in order.
    fn consume<S: Sink>(&mut self, engine: &mut Engine<'_>, sink: &mut S) -> Result<(), Error> {
        let Block { bytes, items, ready, folded, error } = self;
        let text = Text::of(bytes);
        let mut ready = ready.drain(..);
        for item in items.iter() {
            // the reader's mark, the same as the one-thread path's test
            debug_assert_eq!(item.long, item.ending.is_none() || engine.in_long);
            if item.long {
                engine.long_piece(&bytes[item.at.clone()], item.ending, sink)?;
                continue;
            }
            let Some(Ready { p, folded: kept, decoded }) = ready.next() else {
                return Err(unprepared());
            };
            let line = match &decoded {
                None => text.line(bytes, &item.at).ok_or_else(unprepared)?,
                Some((line, bad)) => {
                    engine.count_bad_line(*bad);
                    line
                }
            };
            let kept = kept.map(|r| &folded[r]);
            engine.push(line, p, kept, item.ending.unwrap_or(Ending::None), sink)?;
        }
        match error.take() {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }
}

/// A block's bytes as text, if they are all UTF-8: then a line whose ends
/// are character boundaries is UTF-8 without checking it again.
struct Text<'a>(Option<&'a str>);

impl<'a> Text<'a> {
    fn of(bytes: &'a [u8]) -> Self {
        Text(simdutf8::basic::from_utf8(bytes).ok())
    }

    /// The line at `at`, if it is UTF-8 (a line may not be in a block that
    /// is, if it ends in the middle of a character the next one completes).
    fn line(&self, bytes: &'a [u8], at: &Range<usize>) -> Option<&'a str> {
        match self.0 {
            Some(text) => text.get(at.clone()).or_else(|| simdutf8::basic::from_utf8(&bytes[at.clone()]).ok()),
            None => simdutf8::basic::from_utf8(&bytes[at.clone()]).ok(),
        }
    }
}

/// The error of a block whose lines the worker did not all prepare (a bug).
fn unprepared() -> Error {
    Error::Io(io::Error::other("a block's lines were not all prepared"))
}

/// Cleans the lines of `reader` into `engine` and `sink` with `workers`
/// threads preparing lines; the caller finishes the engine.
pub(super) fn run<R: Read, S: Sink>(
    opts: &Options,
    blocklist: &Blocklist,
    reader: &mut LineReader<R>,
    engine: &mut Engine<'_>,
    sink: &mut S,
    raw_utf8: bool,
    workers: usize,
) -> Result<(), Error> {
    let mut first = Box::<Block>::default();
    if !first.fill(reader, opts.block_bytes) {
        // all of the input in one block: no thread is worth starting
        first.prepare(&mut LineSteps::new(opts, blocklist), raw_utf8);
        return first.consume(engine, sink);
    }
    // enough work queued that a worker rarely waits while the calling thread is not running
    // (2 per worker left the workers idle 10-30% of the time on a loaded 2-core machine)
    let in_flight = 4 * workers;
    let stop = AtomicBool::new(false);
    let (jobs, queue) = mpsc::sync_channel::<(Box<Block>, SyncSender<Box<Block>>)>(in_flight);
    let queue = Mutex::new(queue);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (queue, stop) = (&queue, &stop);
            scope.spawn(move || {
                let mut steps = LineSteps::new(opts, blocklist);
                loop {
                    // the lock is held only while waiting for the next block
                    let job = match queue.lock() {
                        Ok(q) => q.recv(),
                        Err(_) => return,
                    };
                    let Ok((mut block, done)) = job else { return };
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    block.prepare(&mut steps, raw_utf8);
                    // the engine may have stopped (an error): then the block is not wanted
                    let _ = done.send(block);
                }
            });
        }
        let result = feed(reader, engine, sink, first, &jobs, in_flight, opts.block_bytes);
        // on an error, the workers drop what is queued instead of preparing it
        stop.store(true, Ordering::Relaxed);
        drop(jobs);
        result
    })
}

/// The calling thread's part: reads blocks while fewer than `in_flight`
/// are out, and takes them back in order into the engine.
fn feed<R: Read, S: Sink>(
    reader: &mut LineReader<R>,
    engine: &mut Engine<'_>,
    sink: &mut S,
    first: Box<Block>,
    jobs: &SyncSender<(Box<Block>, SyncSender<Box<Block>>)>,
    in_flight: usize,
    block_bytes: usize,
) -> Result<(), Error> {
    let mut order: VecDeque<Receiver<Box<Block>>> = VecDeque::with_capacity(in_flight);
    let send = |block: Box<Block>, order: &mut VecDeque<_>| -> Result<(), Error> {
        let (done, back) = mpsc::sync_channel(1);
        jobs.send((block, done)).map_err(|_| stopped())?;
        order.push_back(back);
        Ok(())
    };
    send(first, &mut order)?;
    let mut more = true;
    let mut spare: Vec<Box<Block>> = Vec::new();
    loop {
        while more && order.len() < in_flight {
            let mut block = spare.pop().unwrap_or_default();
            more = block.fill(reader, block_bytes);
            send(block, &mut order)?;
        }
        let Some(back) = order.pop_front() else { return Ok(()) };
        let mut block = back.recv().map_err(|_| stopped())?;
        block.consume(engine, sink)?;
        spare.push(block);
    }
}

/// The error of a worker that stopped (only a panic can stop one).
fn stopped() -> Error {
    Error::Io(io::Error::other("a cleaning thread stopped"))
}
