//! Rule families: each looks at one line alone and may find it spam or one
//! kind of chrome. Context (neighbouring lines, position) is applied later by
//! [`crate::engine::context`]; a family only says how sure it is.
//!
//! Every family is one module with a `check(&LineView) -> Option<Finding>`
//! function and its own table of tests.

pub mod breadcrumb;
pub mod editor;
pub mod footer;
pub mod meta;
mod mixed;
pub mod nav;
pub mod share;
pub mod spam;
pub mod template;

pub mod finding;
pub mod shape;
pub mod text;
pub mod view;

pub use finding::{Fact, Finding, Strength};
pub use shape::{Measure, Shape};
pub use view::LineView;

/// Runs every family on a line, strongest finding first: spam, then the
/// chrome families from the most specific shape to the most general.
pub fn classify(v: &LineView<'_>) -> Option<Finding> {
    let mut weak: Option<Finding> = None;
    let checks: [fn(&LineView<'_>) -> Option<Finding>; 8] = [
        template::check,
        spam::check,
        breadcrumb::check,
        editor::check,
        footer::check,
        meta::check,
        share::check,
        nav::check,
    ];
    for check in checks {
        if let Some(f) = check(v) {
            if f.strength == Strength::Strong {
                return Some(f);
            }
            weak.get_or_insert(f);
        }
    }
    mixed::check(v).or(weak)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the families' tests: a view of a line over the default lists.
    use super::*;
    use crate::blocklist::{Blocklist, Coverage};
    use crate::verdict::Label;
    use std::sync::OnceLock;

    pub fn defaults() -> &'static Blocklist {
        static B: OnceLock<Blocklist> = OnceLock::new();
        B.get_or_init(Blocklist::defaults)
    }

    /// Runs `f` on a view of `line` (trimmed, folded, matched against the defaults).
    pub fn with_view<T>(line: &str, f: impl FnOnce(&LineView<'_>) -> T) -> T {
        let text = line.trim();
        let folded = crate::text::fold::fold(text);
        let mut hits = Vec::new();
        defaults().find(&folded, &mut hits);
        let v =
            LineView { text, folded: &folded, hits: &hits, cov: Coverage::of(&folded, &hits), shape: Shape::of(text) };
        f(&v)
    }

    /// Runs a family over a table of (line, expected finding) and reports every mismatch.
    pub fn check_table(check: fn(&LineView<'_>) -> Option<Finding>, cases: &[(&str, Option<(Label, Strength)>)]) {
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(line, want)| {
                let got = judge(check, line);
                (got != *want).then(|| format!("{line:?}: want {want:?}, got {got:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{} of {} cases wrong:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
    }

    /// The label and strength `check` gives `line`, or `None`.
    pub fn judge(check: fn(&LineView<'_>) -> Option<Finding>, line: &str) -> Option<(Label, Strength)> {
        with_view(line, |v| check(v).map(|f| (f.label, f.strength)))
    }
}
