//! zhclean cleans scraped Chinese web pages: it removes injected SEO spam and
//! site chrome (breadcrumbs, meta lines, share prompts, menus, footers) line by
//! line, and repairs converter damage (pinyin glosses, doubled commas) in the
//! lines it keeps. What counts as spam, chrome and content is the contract of
//! `LABELING.md`.
//!
//! ```
//! let cleaner = zhclean::Cleaner::new()?;
//! let page = "当前位置：首页 > 新闻中心 > 正文\n\
//!             县里召开森林防火工作会议，部署今冬明春防火工作。\n\
//!             扫一扫在手机打开当前页\n\
//!             京ICP备14010675号-1\n";
//! let cleaned = cleaner.clean_str(page);
//! assert_eq!(cleaned.text, "县里召开森林防火工作会议，部署今冬明春防火工作。\n");
//! # Ok::<(), zhclean::Error>(())
//! ```
//!
//! A [`Cleaner`] is built once (with [`Cleaner::builder`] for the command
//! line's options) and is `Send + Sync`, so a scraper shares one between its
//! threads:
//!
//! ```
//! use std::sync::Arc;
//! let cleaner = Arc::new(zhclean::Cleaner::builder().keep("editor")?.build()?);
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
//! bounded memory. [`batch`] cleans trees of files in parallel with atomic
//! writes, and [`jsonl`] cleans one field of JSON Lines records.

#![warn(missing_docs)]

pub mod batch;
pub mod blocklist;
pub mod cleaner;
pub mod engine;
pub mod error;
pub mod explain;
pub mod input;
pub mod rules;
pub mod site;
pub mod text;
pub mod verdict;

pub use batch::jsonl;
pub use blocklist::{Blocklist, BlocklistBuilder, Family};
pub use cleaner::{Cleaned, Cleaner, CleanerBuilder, LineOutcome, Options};
pub use engine::{Decided, Report, Sink};
pub use error::{Error, Result};
pub use verdict::{Kind, KindSet, Label, Rule, Verdict};
