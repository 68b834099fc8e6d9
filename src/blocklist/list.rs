//! The lines of a list's text: phrases and directives.
//!
//! Shared with `build.rs` (included there by path), which reads the built-in
//! lists at compile time: one definition of the list format for both.

/// What one line of a list says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    /// A phrase, trimmed.
    Phrase(&'a str),
    /// `#! strict` (true) or `#! strict: off` (false; also `no`, `false`).
    Strict(bool),
    /// `#! kind: K`: the name `K` (trimmed), and the directive as written after `#!`.
    Kind(&'a str, &'a str),
}

/// The lines of `text` that say something, each with its index (from 0):
/// comment lines, blank lines and unknown directives are left out.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, Line<'_>)> {
    text.lines().enumerate().filter_map(|(n, line)| {
        let line = line.trim_start_matches('\u{feff}').trim();
        if let Some(dir) = line.strip_prefix("#!") {
            let dir = dir.trim();
            if let Some(on) = dir.strip_prefix("strict") {
                return Some((n, Line::Strict(!matches!(on.trim_start_matches(':').trim(), "off" | "no" | "false"))));
            }
            return dir.strip_prefix("kind:").map(|k| (n, Line::Kind(k.trim(), dir)));
        }
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        Some((n, Line::Phrase(line)))
    })
}
