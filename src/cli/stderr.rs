//! Standard error that never stops the work: a write to it that fails (its
//! reader went away, a full disk) is dropped, where `eprintln!` would panic
//! and abort the run half way. Only the reader of standard *output* going
//! away means "stop quietly".

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when `--explain` rows or `--stats` (output that was asked for) could not be written.
static ASKED_FOR_LOST: AtomicBool = AtomicBool::new(false);

/// Writes one message line (a warning, an error) to standard error; dropped if that fails.
pub fn say(line: &str) {
    let mut e = io::stderr().lock();
    let _ = e.write_all(line.as_bytes()).and_then(|()| e.write_all(b"\n"));
}

/// Whether rows or totals that were asked for on standard error were lost (exit status 1).
pub fn asked_for_lost() -> bool {
    ASKED_FOR_LOST.load(Ordering::Relaxed)
}

/// Standard error for output that was asked for (`--explain` rows, `--stats`):
/// a failed write is remembered ([`asked_for_lost`]) and dropped, and the
/// cleaning goes on.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rows;

impl Write for Rows {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !asked_for_lost() && io::stderr().lock().write_all(buf).is_err() {
            ASKED_FOR_LOST.store(true, Ordering::Relaxed);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if io::stderr().flush().is_err() {
            ASKED_FOR_LOST.store(true, Ordering::Relaxed);
        }
        Ok(())
    }
}
