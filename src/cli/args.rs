//! The command line's arguments (clap).

use std::path::PathBuf;

use clap::Parser;

use super::learn;

/// Clean scraped Chinese web pages: drop injected SEO spam and site chrome
/// (breadcrumbs, meta lines, share prompts, menus, footers) and repair
/// converter damage (pinyin glosses, doubled commas) in the lines kept.
///
/// With no PATH, or with `-`, reads standard input. Output is UTF-8 on
/// standard output, each kept line with its own line ending. With `-o
/// OUTDIR` or `--in-place`, PATHs may be folders (walked recursively) and
/// files are cleaned in parallel into OUTDIR or over themselves.
#[derive(Debug, Parser)]
#[command(name = "zhclean", version, about, long_about, args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A subcommand instead of cleaning.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Input files (`-` for standard input); with -o or --in-place, files and folders.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Clean files and folders into OUTDIR at the same relative paths (each file written atomically).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: Option<PathBuf>,

    /// Rewrite each input atomically with its cleaned text (unchanged files are not touched).
    #[arg(long, conflicts_with = "output")]
    pub in_place: bool,

    /// Files (with -o or --in-place) or JSON Lines records cleaned at once (default: all cores).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Print one JSON object of totals on stderr at the end.
    #[arg(long)]
    pub stats: bool,

    /// Input and output are JSON Lines; the string field --field of each record is cleaned.
    #[arg(long)]
    pub jsonl: bool,

    /// The JSON Lines field to clean.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    pub field: String,

    /// Drop JSON Lines records that are not valid or lack the field (instead of passing them through).
    #[arg(long, requires = "jsonl")]
    pub drop_bad_records: bool,

    /// Compress the output in this format (none, gzip, zstd, bzip2, xz): standard output, or with
    /// -o every file, renamed to match (default: each output as its input; stdout plain).
    #[arg(long, value_name = "FORMAT", conflicts_with = "in_place")]
    pub compress: Option<zhclean::Compression>,

    /// Input is WARC (WET conversion records or text resources; plain or compressed): each record is
    /// a page, written as a JSON Lines record with its URL, date, record id and cleaned text.
    /// Detected without it.
    #[arg(long, conflicts_with_all = ["jsonl", "null_data"])]
    pub warc: bool,

    /// Pages are separated by NUL bytes (as `grep -z` reads them), and written so: each page is
    /// cleaned on its own.
    #[arg(short = '0', long = "null-data", conflicts_with = "jsonl")]
    pub null_data: bool,

    /// Flush standard output after every JSON Lines or WARC record, and after every page with -0
    /// (or every input), so a long-lived process answers page by page.
    #[arg(long, conflicts_with_all = ["output", "in_place"])]
    pub line_buffered: bool,

    /// With --jsonl, a record (line) longer than this many bytes is a bad record: read past, not held, and dropped.
    #[arg(long, value_name = "BYTES", default_value_t = zhclean::jsonl::DEFAULT_MAX_RECORD, requires = "jsonl")]
    pub max_record: usize,

    /// Decode every input with this encoding (gbk, gb18030, big5, utf-8, utf-16le, ...) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Add a blocklist file (one phrase a line; `#` comments; `#! kind: nav` switches the family). Repeatable.
    #[arg(short = 'b', long = "blocklist", value_name = "FILE")]
    pub blocklists: Vec<PathBuf>,

    /// Do not load the built-in blocklists.
    #[arg(long)]
    pub no_default_blocklists: bool,

    /// Write one row per removed or repaired line to stderr: PATH LINE LABEL KIND RULE TEXT, tab-separated.
    #[arg(long)]
    pub explain: bool,

    /// Like --explain, and a row for every kept line too (LABEL keep, RULE why it was kept).
    #[arg(long)]
    pub explain_all: bool,

    /// Keep these chrome kinds (comma-separated: breadcrumb, meta, share, editor, nav, footer, template).
    #[arg(long, value_name = "KIND[,KIND...]")]
    pub keep: Option<String>,

    /// Do not repair kept lines.
    #[arg(long)]
    pub no_repair: bool,

    /// Lines longer than this many bytes are passed through unchanged.
    #[arg(long, value_name = "BYTES", default_value_t = zhclean::DEFAULT_MAX_LINE)]
    pub max_line: usize,

    /// Print no warnings and no progress bar (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,

    /// Remove the lines of a site template learned by `zhclean learn` (RULE `learned` in --explain).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// The site of the pages, for --template (default: the template's lines common to all sites).
    #[arg(long, value_name = "NAME", requires = "template")]
    pub site: Option<String>,

    /// Decide with the rules and the context pass alone (no learned decision).
    #[arg(long, conflicts_with = "model")]
    pub rules_only: bool,

    /// Decide with a model file written by train/train.py instead of the compiled-in one.
    #[arg(long, hide = true, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// Write the learned decision's feature row of every non-blank line instead of the text (for train/).
    #[arg(long, hide = true, conflicts_with = "rules_only")]
    pub dump_features: bool,
}

/// Subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Learn site template lines from a corpus, or merge template files.
    Learn(learn::LearnArgs),
}
