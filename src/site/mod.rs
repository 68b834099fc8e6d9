//! Learned site templates: the lines a site repeats on every page (its name
//! in the footer, its nav words, its slogan), counted by `zhclean learn` from
//! a corpus and removed by `zhclean --template`.
//!
//! `keys` reduces a short line to the key that is counted and matched,
//! `learner` counts a corpus's keys per site, `file` holds the counts
//! ([`SiteTemplate`]) and reads and writes the template file, `matcher` is a
//! template with its thresholds applied ([`Matcher`], what the engine uses),
//! and `corpus` reads files and JSON Lines records to learn from
//! ([`learn_paths`], [`learn_jsonl`]).

mod corpus;
mod file;
pub(crate) mod keys;
mod learner;
pub(crate) mod matcher;

pub use corpus::{learn_jsonl, learn_paths, site_of, CorpusOptions, JsonlFields, Learned};
pub use file::{LineCount, Params, SiteCounts, SiteTemplate};
pub use matcher::Matcher;

/// The key a line is counted and matched under, as a template file writes it:
/// the line folded (script, width, case), digit runs as `0`, white space and
/// punctuation dropped.
///
/// ```
/// assert_eq!(zhclean::site::key_of("京ICP備14010675號-2"), "京icp备0号0");
/// assert_eq!(zhclean::site::key_of(" copyright © 2012-2024 民政信息网"), "copyright0民政信息网");
/// ```
pub fn key_of(line: &str) -> String {
    let mut key = String::new();
    keys::line_key(&crate::text::fold::fold(line.trim()), &mut key);
    key
}
