//! The options the engine runs with; [`crate::CleanerBuilder`] sets them.

use std::sync::Arc;

use crate::input::decode::Encoding;
use crate::input::lines::DEFAULT_MAX_LINE;
use crate::site::matcher::Matcher;
use crate::verdict::KindSet;

/// Options of a cleaning run; the same as the command line's.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Repair pinyin glosses and doubled commas in kept lines.
    pub repair: bool,
    /// Chrome kinds to keep rather than remove.
    pub keep: KindSet,
    /// Decode every input with this encoding instead of detecting one.
    pub encoding: Option<Encoding>,
    /// Lines longer than this many bytes are passed through unchanged.
    pub max_line: usize,
    /// How many lines the context pass may look ahead.
    pub lookahead: usize,
    /// Learned site templates: a line of the page's site template is removed
    /// (rule `learned`) before any rule family looks at it.
    pub template: Option<Arc<Matcher>>,
    /// The site of the pages to clean, for the template; with none, the
    /// template's global lines apply.
    pub site: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            repair: true,
            keep: KindSet::empty(),
            encoding: None,
            max_line: DEFAULT_MAX_LINE,
            lookahead: 48,
            template: None,
            site: None,
        }
    }
}
