//! The totals of a run, as `--stats` prints them: one JSON object.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use zhclean::jsonl::JsonlReport;
use zhclean::{Kind, Report};

/// Totals over every input of a run: the counts of the files, and the
/// lines' counts added up in one [`Report`].
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Inputs cleaned.
    pub files: u64,
    /// Inputs skipped as binary.
    pub files_skipped: u64,
    /// Inputs that could not be read or written.
    pub files_failed: u64,
    /// Inputs left as they were by `--in-place` because cleaning changed nothing.
    pub files_unchanged: u64,
    /// JSON Lines records read and bad (only with `--jsonl`).
    pub records: Option<(u64, u64)>,
    /// The lines of every input, added up.
    pub total: Report,
    /// Bytes written.
    pub bytes_out: u64,
    /// Wall-clock seconds of the run.
    pub elapsed_seconds: f64,
}

impl Stats {
    /// Adds one cleaned input and the bytes written for it.
    pub fn add_file(&mut self, r: &JsonlReport, bytes_out: u64) {
        self.files += 1;
        self.total += &r.report;
        self.bytes_out += bytes_out;
        if let Some((records, bad)) = &mut self.records {
            *records += r.records;
            *bad += r.bad_records;
        }
    }
}

impl Serialize for Stats {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = &self.total;
        let mut m = s.serialize_struct("Stats", 14)?;
        m.serialize_field("files", &self.files)?;
        m.serialize_field("files_skipped", &self.files_skipped)?;
        m.serialize_field("files_failed", &self.files_failed)?;
        m.serialize_field("files_unchanged", &self.files_unchanged)?;
        if let Some((records, bad)) = self.records {
            m.serialize_field("records", &records)?;
            m.serialize_field("bad_records", &bad)?;
        }
        m.serialize_field("lines", &t.lines)?;
        m.serialize_field("lines_kept", &t.kept)?;
        m.serialize_field("lines_removed", &Removed(t))?;
        m.serialize_field("lines_repaired", &t.repaired)?;
        m.serialize_field("bytes_in", &t.bytes_in)?;
        m.serialize_field("bytes_out", &self.bytes_out)?;
        m.serialize_field("elapsed_seconds", &self.elapsed_seconds)?;
        m.end()
    }
}

/// Lines removed, by label and chrome kind.
struct Removed<'a>(&'a Report);

impl Serialize for Removed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Removed", 2)?;
        m.serialize_field("spam", &self.0.spam)?;
        m.serialize_field("chrome", &ByKind(&self.0.chrome))?;
        m.end()
    }
}

struct ByKind<'a>(&'a [u64; 7]);

impl Serialize for ByKind<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, n) in Kind::ALL.iter().zip(self.0) {
            m.serialize_entry(k.as_str(), n)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_object_has_its_fields_in_order() {
        let cleaner = zhclean::Cleaner::new();
        let mut stats = Stats::default();
        let cleaned = cleaner.clean_str("京ICP备14010675号-1\n");
        let r = JsonlReport { report: cleaned.report, ..JsonlReport::default() };
        stats.add_file(&r, cleaned.text.len() as u64);
        let json = serde_json::to_string(&stats).unwrap();
        assert!(json.contains(r#""lines_removed":{"spam":0,"chrome":{"breadcrumb":0,"meta":0,"share":0,"editor":0,"nav":0,"footer":1,"template":0}}"#));
        assert!(
            json.starts_with(r#"{"files":1,"files_skipped":0,"files_failed":0,"files_unchanged":0,"lines":1,"#),
            "{json}"
        );
        stats.records = Some((3, 1));
        let json = serde_json::to_string(&stats).unwrap();
        assert!(json.contains(r#""files_unchanged":0,"records":3,"bad_records":1,"lines":1"#), "{json}");
    }
}
