//! The options the engine runs with; [`crate::CleanerBuilder`] sets them.

use std::sync::Arc;

use super::learned::{self, Model};
use crate::error::Error;
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
    /// How a line is finally decided after the context pass.
    pub decision: Decision,
    /// Threads that clean one stream read with [`crate::Cleaner::clean_into`]
    /// (more than one: its lines are prepared in blocks on that many threads;
    /// the output is the same).
    pub threads: usize,
    /// Bytes of lines in one block of a stream cleaned on several threads
    /// (at most one line more; and at most one line per 64 bytes).
    pub block_bytes: usize,
    /// Whether every non-blank line gets a feature row (`--dump-features`),
    /// not only the lines the learned decision scores.
    pub feature_rows: bool,
}

/// Bytes of lines in one block of a stream cleaned on several threads: about
/// 2,000 lines of the bench corpus, so a block's handing over costs little
/// next to its cleaning, and blocks in flight stay a few MB.
pub const BLOCK_BYTES: usize = 256 * 1024;

/// How a line is finally decided.
///
/// ```
/// let rules_only = zhclean::Cleaner::builder().decision(zhclean::Decision::Rules).build()?;
/// assert_eq!(rules_only.clean_str("京ICP备14010675号-1\n").text, "");
/// # Ok::<(), zhclean::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub enum Decision {
    /// By the model compiled into the binary, which weighs the rules'
    /// findings and the context pass's verdict as evidence, with the line's
    /// and its neighbours' measurements (`train/train.py` trains it).
    #[default]
    Learned,
    /// By the rule families and the context pass alone.
    Rules,
    /// By a model read from a file (for training and cross-validation).
    Model(DecisionModel),
}

/// A decision model read from the text format `train/train.py` writes.
#[derive(Debug, Clone)]
pub struct DecisionModel(Arc<Model>);

impl DecisionModel {
    /// Reads a model.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Ok(DecisionModel(Arc::new(Model::parse(text, learned::COUNT)?)))
    }
}

impl Decision {
    /// The model that decides, if any.
    pub(crate) fn model(&self) -> Option<&Model> {
        match self {
            Decision::Learned => Some(learned::builtin()),
            Decision::Rules => None,
            Decision::Model(m) => Some(&m.0),
        }
    }
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
            decision: Decision::default(),
            threads: 1,
            block_bytes: BLOCK_BYTES,
            feature_rows: false,
        }
    }
}
