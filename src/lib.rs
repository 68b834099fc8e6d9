//! zhclean cleans scraped Chinese web pages: it removes injected SEO spam and
//! site chrome (breadcrumbs, meta lines, share prompts, menus, footers) line by
//! line, and repairs converter damage (pinyin glosses, doubled commas) in the
//! lines it keeps. What counts as spam, chrome and content is the contract of
//! `LABELING.md`.
//!
//! ```
//! let cleaner = zhclean::Cleaner::new();
//! let page = "当前位置：首页 > 新闻中心 > 正文\n\
//!             县里召开森林防火工作会议，部署今冬明春防火工作。\n\
//!             扫一扫在手机打开当前页\n\
//!             京ICP备14010675号-1\n";
//! let cleaned = cleaner.clean_str(page);
//! assert_eq!(cleaned.text, "县里召开森林防火工作会议，部署今冬明春防火工作。\n");
//! ```
//!
//! A [`Cleaner`] is built once (with [`Cleaner::builder`] for the command
//! line's options) and is `Send + Sync`, so a scraper shares one between its
//! threads:
//!
//! ```
//! use std::sync::Arc;
//! use zhclean::{Cleaner, Kind, KindSet};
//! let cleaner = Arc::new(Cleaner::builder().keep(KindSet::from(Kind::Editor)).build()?);
//! let pages = vec!["扫一扫在手机打开当前页\n正文第一段，讲的是社区治理的事情，内容很长很长很长。\n".to_string()];
//! let workers: Vec<_> = pages
//!     .into_iter()
//!     .map(|page| {
//!         let cleaner = Arc::clone(&cleaner);
//!         std::thread::spawn(move || cleaner.clean_str(&page).text)
//!     })
//!     .collect();
//! for w in workers {
//!     assert_eq!(w.join().unwrap(), "正文第一段，讲的是社区治理的事情，内容很长很长很长。\n");
//! }
//! # Ok::<(), zhclean::Error>(())
//! ```
//!
//! For files and pipes use [`Cleaner::clean_stream`] (any `Read` into any
//! `Write`), which decodes GBK, GB18030, Big5 and UTF-16 input and runs in
//! bounded memory; [`Cleaner::clean_into`] hands every decided line to a
//! [`Sink`] of your own. [`batch`] cleans trees of files in parallel with
//! atomic writes, [`jsonl`] cleans one field of JSON Lines records, and
//! [`site`] learns site templates (`zhclean learn`).
//!
//! The modules follow the pipeline, each using only those before it: `text`
//! (folding, character classes, repair) and `input` (decoding, lines), the
//! `blocklist`s, the `rules` families, learned `site` templates, the
//! `engine` (the context-free steps, then the context pass over a
//! look-ahead window), then the [`Cleaner`] and the [`batch`] drivers.
//! `docs/DESIGN.md` describes it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod batch;
mod blocklist;
mod cleaner;
mod engine;
mod error;
mod explain;
mod input;
mod rules;
pub mod site;
mod text;
mod verdict;

pub use batch::{jsonl, warc};
pub use blocklist::Family;
pub use cleaner::{Cleaned, Cleaner, CleanerBuilder, LineOutcome};
pub use engine::{Decided, Decision, DecisionModel, Report, Sink, WriteSink};
pub use error::{Error, Result};
pub use explain::{escape as explain_escape, ExplainSink};
pub use input::compress::{Compression, Compressor};
pub use input::decode::Encoding;
pub use input::lines::{Ending, DEFAULT_MAX_LINE};
pub use input::read_bounded;
pub use text::repair::Repairs;
pub use verdict::{Kind, KindSet, Label, Rule, Verdict};

/// Repairs converter damage in one line, as the cleaner repairs the lines it
/// keeps: pinyin glosses (`社區(qū)` → `社區`) and doubled punctuation
/// (`單元,,是` → `單元,是`). Any other line comes back borrowed, unchanged.
///
/// ```
/// assert_eq!(zhclean::repair_line("浙江著力構建基本單元,,是社區(qū)治理"), "浙江著力構建基本單元,是社區治理");
/// assert!(matches!(zhclean::repair_line("正文"), std::borrow::Cow::Borrowed("正文")));
/// ```
pub fn repair_line(line: &str) -> std::borrow::Cow<'_, str> {
    text::repair::repair(line).0
}

/// The names of the learned decision's features, in the order of the rows
/// `zhclean --dump-features` writes (for `train/`); not part of the API.
#[doc(hidden)]
pub fn feature_names() -> &'static [&'static str] {
    engine::learned::NAMES
}

/// Internals for the benchmarks (and the property tests' generator of list
/// phrases); not part of the API, may change at any time.
#[doc(hidden)]
pub mod internals {
    pub use crate::blocklist::{Blocklist, BlocklistBuilder, Coverage};
    pub use crate::input::lines::LineReader;
    pub use crate::rules::meta::check as meta_check;
    pub use crate::rules::spam::check as spam_check;
    pub use crate::rules::{classify, LineView, Shape};
    pub use crate::text::fold::{fold, fold_into};

    /// Whether the prose fast path takes a (repaired, trimmed) line, with
    /// these lists, with or without the learned decision.
    pub fn prose_fast_path(list: &Blocklist, rules_only: bool, line: &str) -> bool {
        crate::engine::prose::takes(list, rules_only, line)
    }
}
