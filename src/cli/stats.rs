//! The totals of a run, as `--stats` prints them: one JSON object.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use zhclean::Kind;
use zhclean::Report;

/// Totals over every input of a run.
///
/// ```
/// let cleaner = zhclean::Cleaner::new().unwrap();
/// let mut stats = zhclean::stats::Stats::default();
/// let cleaned = cleaner.clean_str("京ICP备14010675号-1\n");
/// stats.add_file(&cleaned.report, cleaned.text.len() as u64);
/// let json = serde_json::to_string(&stats).unwrap();
/// assert!(json.contains(r#""lines_removed":{"spam":0,"chrome":{"breadcrumb":0,"meta":0,"share":0,"editor":0,"nav":0,"footer":1,"template":0}}"#));
/// ```
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Inputs cleaned.
    pub files: u64,
    /// Inputs skipped as binary.
    pub files_skipped: u64,
    /// Inputs that could not be read or written.
    pub files_failed: u64,
    /// Inputs left as they were by `--in-place` because cleaning changed nothing.
    pub files_unchanged: u64,
    /// JSON Lines records read (only with `--jsonl`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<u64>,
    /// JSON Lines records that were not valid or lacked the field (only with `--jsonl`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bad_records: Option<u64>,
    /// Lines read.
    pub lines: u64,
    /// Lines written out.
    pub lines_kept: u64,
    /// Lines removed, by label and chrome kind.
    pub lines_removed: Removed,
    /// Kept lines that were repaired.
    pub lines_repaired: u64,
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Wall-clock seconds of the run.
    pub elapsed_seconds: f64,
}

/// Lines removed, by label and chrome kind.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Removed {
    /// Removed as spam.
    pub spam: u64,
    /// Removed as chrome, by kind (in [`Kind::ALL`] order).
    #[serde(serialize_with = "by_kind")]
    pub chrome: [u64; 7],
}

fn by_kind<S: Serializer>(counts: &[u64; 7], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(counts.len()))?;
    for (k, n) in Kind::ALL.iter().zip(counts) {
        m.serialize_entry(k.as_str(), n)?;
    }
    m.end()
}

impl Stats {
    /// Adds one cleaned input (or JSON Lines field) without counting a file.
    pub fn add_report(&mut self, r: &Report) {
        self.lines += r.lines;
        self.lines_kept += r.kept;
        self.lines_removed.spam += r.spam;
        for (a, b) in self.lines_removed.chrome.iter_mut().zip(r.chrome) {
            *a += b;
        }
        self.lines_repaired += r.repaired;
        self.bytes_in += r.bytes_in;
    }

    /// Adds one cleaned file and the bytes written for it.
    pub fn add_file(&mut self, r: &Report, bytes_out: u64) {
        self.files += 1;
        self.add_report(r);
        self.bytes_out += bytes_out;
    }
}
