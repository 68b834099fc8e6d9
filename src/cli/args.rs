//! The command line's arguments (clap).

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use super::learn;

/// Help headings: the options grouped by what they are about.
pub const INPUT: &str = "Input";
/// See [`INPUT`].
pub const DECISIONS: &str = "Decisions";
/// See [`INPUT`].
pub const OUTPUT: &str = "Output";
/// See [`INPUT`].
pub const BATCH: &str = "Batch (files, folders, records in parallel)";
/// See [`INPUT`].
pub const LEARNING: &str = "Learning (site templates)";

/// Examples and exit statuses, after the options in `--help`.
const AFTER_HELP: &str = "\
Examples:
  zhclean page.txt > clean.txt                  clean a page (any encoding) to UTF-8
  zhclean < page.txt > clean.txt                the same, as a pipe filter
  zhclean --explain page.txt > /dev/null        why each line was removed or repaired
  zhclean --keep meta,editor page.txt           keep some kinds of chrome (--keep all: spam only)
  zhclean -b my-spam.txt page.txt               add phrases (`#! strict` in the list: one hit removes a line)
  zhclean pages/ -o clean/ -j 8                 a whole tree, in parallel, into clean/
  zhclean --jsonl --explain-file why.tsv < crawl.jsonl > clean.jsonl
  zhclean learn corpus/ -o site.tpl && zhclean --template site.tpl --site alpha page.txt
  zhclean --generate complete-bash > /etc/bash_completion.d/zhclean

Exit status:
  0    success (also when the reader of standard output goes away early)
  1    some input could not be read or written, or had bad JSON Lines records (the others are cleaned)
  2    usage error (bad option, unreadable blocklist or template)
  130  interrupted";

/// What `--generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generate {
    /// A bash completion script.
    CompleteBash,
    /// A zsh completion script.
    CompleteZsh,
    /// A fish completion script.
    CompleteFish,
    /// A man page (roff).
    Man,
}

/// Clean scraped Chinese web pages: drop injected SEO spam and site chrome
/// (breadcrumbs, meta lines, share prompts, menus, footers) and repair
/// converter damage (pinyin glosses, doubled commas) in the lines kept.
///
/// With no PATH, or with `-`, reads standard input. Output is UTF-8 on
/// standard output, each kept line with its own line ending. With `-o
/// OUTDIR` or `--in-place`, PATHs may be folders (walked recursively) and
/// files are cleaned in parallel into OUTDIR or over themselves.
#[derive(Debug, Parser)]
#[command(name = "zhclean", version, about, long_about, args_conflicts_with_subcommands = true, after_help = AFTER_HELP)]
pub struct Args {
    /// A subcommand instead of cleaning.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Input files (`-` for standard input); with -o or --in-place, files and folders.
    #[arg(value_name = "PATH", help_heading = INPUT)]
    pub paths: Vec<PathBuf>,

    /// Input and output are JSON Lines; the string field --field of each record is cleaned.
    #[arg(long, help_heading = INPUT)]
    pub jsonl: bool,

    /// The JSON Lines field to clean.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl", help_heading = INPUT)]
    pub field: String,

    /// Drop JSON Lines records that are not valid or lack the field (instead of passing them through).
    #[arg(long, requires = "jsonl", help_heading = INPUT)]
    pub drop_bad_records: bool,

    /// Input is WARC (WET conversion records or text resources; plain or compressed): each record is
    /// a page, written as a JSON Lines record with its URL, date, record id and cleaned text.
    /// Detected without it.
    #[arg(long, conflicts_with_all = ["jsonl", "null_data"], help_heading = INPUT)]
    pub warc: bool,

    /// Pages are separated by NUL bytes (as `grep -z` reads them), and written so: each page is
    /// cleaned on its own.
    #[arg(short = '0', long = "null-data", conflicts_with = "jsonl", help_heading = INPUT)]
    pub null_data: bool,

    /// Decode every input with this encoding (gbk, gb18030, big5, utf-8, utf-16le, ...) instead of detecting it.
    #[arg(long, value_name = "LABEL", help_heading = INPUT)]
    pub encoding: Option<String>,

    /// With --jsonl and --explain-file: the field that identifies a record.
    #[arg(long, value_name = "NAME", default_value = "id", requires = "jsonl", help_heading = INPUT)]
    pub id_field: String,

    /// Lines longer than this many bytes are passed through unchanged.
    #[arg(long, value_name = "BYTES", default_value_t = zhclean::DEFAULT_MAX_LINE, help_heading = INPUT)]
    pub max_line: usize,

    /// With --jsonl, a record (line) longer than this many bytes is a bad record: read past, not held, and dropped.
    #[arg(long, value_name = "BYTES", default_value_t = zhclean::jsonl::DEFAULT_MAX_RECORD, requires = "jsonl", help_heading = INPUT)]
    pub max_record: usize,

    /// Add a blocklist file (one phrase a line; `#` comments; `#! kind: nav` switches the family; after
    /// `#! strict` one hit removes a line whatever its context). Repeatable.
    #[arg(short = 'b', long = "blocklist", value_name = "FILE", help_heading = DECISIONS)]
    pub blocklists: Vec<PathBuf>,

    /// Do not load the built-in blocklists.
    #[arg(long, help_heading = DECISIONS)]
    pub no_default_blocklists: bool,

    /// Keep these chrome kinds (comma-separated: breadcrumb, meta, share, editor, nav, footer, template;
    /// `all`: remove spam only).
    #[arg(long, value_name = "KIND[,KIND...]", help_heading = DECISIONS)]
    pub keep: Option<String>,

    /// Do not repair kept lines.
    #[arg(long, help_heading = DECISIONS)]
    pub no_repair: bool,

    /// Decide with the rules and the context pass alone (no learned decision).
    #[arg(long, conflicts_with = "model", help_heading = DECISIONS)]
    pub rules_only: bool,

    /// Decide with a model file written by train/train.py instead of the compiled-in one.
    #[arg(long, hide = true, value_name = "FILE", help_heading = DECISIONS)]
    pub model: Option<PathBuf>,

    /// Compress the output in this format (none, gzip, zstd, bzip2, xz): standard output, or with
    /// -o every file, renamed to match (default: each output as its input; stdout plain).
    #[arg(long, value_name = "FORMAT", conflicts_with = "in_place", help_heading = OUTPUT)]
    pub compress: Option<zhclean::Compression>,

    /// Flush standard output after every JSON Lines or WARC record, and after every page with -0
    /// (or every input), so a long-lived process answers page by page.
    #[arg(long, conflicts_with_all = ["output", "in_place"], help_heading = OUTPUT)]
    pub line_buffered: bool,

    /// Print one JSON object of totals on stderr at the end.
    #[arg(long, help_heading = OUTPUT)]
    pub stats: bool,

    /// Write one row per removed or repaired line to stderr: PATH LINE LABEL KIND RULE TEXT, tab-separated.
    #[arg(long, help_heading = OUTPUT)]
    pub explain: bool,

    /// Like --explain, and a row for every kept line too (LABEL keep, RULE why it was kept).
    #[arg(long, help_heading = OUTPUT)]
    pub explain_all: bool,

    /// Write the --explain rows to this file instead of stderr, with a header line; fields escaped
    /// (\t, \n, \\). With --jsonl the row starts PATH RECORD ID: the file, the record's line number and
    /// its --id-field.
    #[arg(long, value_name = "PATH", help_heading = OUTPUT)]
    pub explain_file: Option<PathBuf>,

    /// Print no warnings and no progress bar (errors are still printed).
    #[arg(short, long, help_heading = OUTPUT)]
    pub quiet: bool,

    /// Write the learned decision's feature row of every non-blank line instead of the text (for train/).
    #[arg(long, hide = true, conflicts_with = "rules_only", help_heading = OUTPUT)]
    pub dump_features: bool,

    /// Write a shell completion script or the man page to standard output, and exit.
    #[arg(long, value_enum, value_name = "KIND", exclusive = true, help_heading = OUTPUT)]
    pub generate: Option<Generate>,

    /// Clean files and folders into OUTDIR at the same relative paths (each file written atomically).
    #[arg(short, long, value_name = "OUTDIR", help_heading = BATCH)]
    pub output: Option<PathBuf>,

    /// Rewrite each input atomically with its cleaned text (unchanged files are not touched).
    #[arg(long, conflicts_with = "output", help_heading = BATCH)]
    pub in_place: bool,

    /// Threads: files (with -o or --in-place) or JSON Lines records cleaned at once, or blocks of lines
    /// of one stream (default: all cores); the output is the same for any N.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), help_heading = BATCH)]
    pub threads: Option<u16>,

    /// Bytes of lines in a block of one stream cleaned on several threads (for tests).
    #[arg(long, value_name = "BYTES", hide = true)]
    pub block_bytes: Option<usize>,

    /// Remove the lines of a site template learned by `zhclean learn` (RULE `learned` in --explain).
    #[arg(long, value_name = "FILE", help_heading = LEARNING)]
    pub template: Option<PathBuf>,

    /// The site of the pages, for --template (default: the template's lines common to all sites).
    #[arg(long, value_name = "NAME", requires = "template", help_heading = LEARNING)]
    pub site: Option<String>,
}

/// Subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Learn site template lines from a corpus, or merge template files.
    Learn(learn::LearnArgs),
}
