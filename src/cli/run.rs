//! What every input of a cleaning run shares, for the pipe and batch drivers:
//! cleaning one input (text or JSON Lines, with `--explain` rows) and its warnings.

use std::io::{BufReader, Read, Write};

use super::args::Args;
use zhclean::jsonl::{self, JsonlReport};
use zhclean::Cleaner;

/// What every input of a cleaning run shares: the arguments and the cleaner.
pub struct Run<'a> {
    /// The command line.
    pub args: &'a Args,
    /// The cleaner it describes.
    pub cleaner: &'a Cleaner,
}

impl Run<'_> {
    /// Whether `--explain` rows are wanted.
    pub fn explain(&self) -> bool {
        self.args.explain || self.args.explain_all
    }

    /// Cleans one input, text or JSON Lines, into `output` with `cleaner`
    /// (this run's, or one for the input's site); bad records are named through `say`.
    pub fn clean_one<E: Write>(
        &self,
        cleaner: &Cleaner,
        name: &str,
        input: &mut dyn Read,
        output: &mut dyn Write,
        rows: Option<&mut E>,
        say: &dyn Fn(String),
    ) -> Result<JsonlReport, zhclean::Error> {
        let args = self.args;
        if args.jsonl {
            let opts = jsonl::Options {
                field: args.field.clone(),
                drop_bad: args.drop_bad_records,
                explain_all: args.explain_all,
                max_record: args.max_record,
            };
            let input = BufReader::with_capacity(256 * 1024, input);
            jsonl::clean_records_explained(cleaner, input, output, &opts, rows, |n, e| {
                say(format!("zhclean: {name}:{n}: bad record: {e}"))
            })
        } else {
            let mut sink = cleaner.explain_sink(zhclean::WriteSink::new(output), rows, args.explain_all, name);
            // what was decided before a read error is still written
            let result = cleaner.clean_into(input, &mut sink);
            let flushed = sink.into_inner().finish();
            let report = result?;
            flushed?;
            Ok(JsonlReport { report, ..JsonlReport::default() })
        }
    }

    /// The warnings about one input (none with `--quiet`).
    pub fn warnings(&self, name: &str, summary: &JsonlReport) -> Vec<String> {
        let mut w = Vec::new();
        if self.args.quiet {
            return w;
        }
        let r = &summary.report;
        if let Some(first) = summary.first_lone_surrogate {
            w.push(format!(
                "zhclean: {name}:{first}: {} record(s) had lone surrogate escapes (\\ud800 ...), cleaned with U+FFFD in their place",
                summary.lone_surrogate_records
            ));
        }
        if r.replaced {
            w.push(format!("zhclean: {name}: invalid {} bytes replaced with U+FFFD", r.encoding));
        }
        if r.encoding_guessed {
            w.push(format!(
                "zhclean: {name}: too little text to be sure of its encoding; read as {} (use --encoding to say)",
                r.encoding
            ));
        }
        if r.gb18030_lines > 0 {
            w.push(format!("zhclean: {name}: {} line(s) were not UTF-8 and were decoded as GB18030", r.gb18030_lines));
        }
        if r.oversized_lines > 0 {
            w.push(format!(
                "zhclean: {name}: {} line(s) longer than {} bytes passed through unchanged",
                r.oversized_lines, self.args.max_line
            ));
        }
        w
    }
}
