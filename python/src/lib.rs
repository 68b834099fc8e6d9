//! The native half of the `zhclean` Python package (`zhclean._zhclean`): a
//! `Cleaner` class over [`zhclean::Cleaner`]. Cleaning runs with the GIL
//! released, and `clean_many` cleans its pages in parallel with rayon. The
//! package's `__init__.py` re-exports everything; `_zhclean.pyi` types it.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

use zhclean::site::{Matcher, SiteTemplate};
use zhclean::{Decided, Kind, KindSet, Report, Sink};

/// The keys of a counts dict, in order.
const COUNT_FIELDS: [&str; 14] = [
    "pages",
    "lines",
    "lines_kept",
    "lines_repaired",
    "removed_spam",
    "removed_breadcrumb",
    "removed_meta",
    "removed_share",
    "removed_editor",
    "removed_nav",
    "removed_footer",
    "removed_template",
    "bytes_in",
    "bytes_out",
];

/// The fields of an `explain` row, in order.
const EXPLAIN_FIELDS: [&str; 5] = ["line", "label", "kind", "rule", "text"];

/// Counts added up over pages: the library's [`Report`] plus what it does
/// not hold (pages, bytes written).
#[derive(Debug, Clone, Default)]
struct Totals {
    pages: u64,
    report: Report,
    bytes_out: u64,
}

impl Totals {
    fn add(&mut self, report: &Report, bytes_out: usize) {
        self.pages += 1;
        self.report += report;
        self.bytes_out += bytes_out as u64;
    }

    fn merge(&mut self, other: &Totals) {
        self.pages += other.pages;
        self.report += &other.report;
        self.bytes_out += other.bytes_out;
    }

    /// The values in [`COUNT_FIELDS`] order.
    fn values(&self) -> [u64; 14] {
        let r = &self.report;
        let c = r.chrome;
        let [pages, bytes_out] = [self.pages, self.bytes_out];
        [pages, r.lines, r.kept, r.repaired, r.spam, c[0], c[1], c[2], c[3], c[4], c[5], c[6], r.bytes_in, bytes_out]
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in COUNT_FIELDS.into_iter().zip(self.values()) {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
}

/// The constructor's arguments as given (normalised), for `repr` and pickling.
#[derive(Debug, Clone)]
struct Config {
    keep: KindSet,
    blocklists: Vec<PathBuf>,
    template: Option<PathBuf>,
    site: Option<String>,
    repair: bool,
    default_blocklists: bool,
    max_line: usize,
    threads: Option<usize>,
    rules_only: bool,
}

/// The constructor's parameters, in order.
const ARG_NAMES: [&str; 9] =
    ["keep", "blocklists", "template", "site", "repair", "default_blocklists", "max_line", "threads", "rules_only"];

impl Config {
    /// The arguments that build this cleaner again, in [`ARG_NAMES`] order.
    fn to_args<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let keep: Vec<&str> = Kind::ALL.into_iter().filter(|k| self.keep.contains(*k)).map(Kind::as_str).collect();
        (
            keep,
            self.blocklists.clone(),
            self.template.clone(),
            self.site.clone(),
            self.repair,
            self.default_blocklists,
            self.max_line,
            self.threads,
            self.rules_only,
        )
            .into_pyobject(py)
    }
}

/// Where `clean_many` runs its pages.
enum Pool {
    /// rayon's global pool (all cores).
    Global,
    /// One page after the other on the calling thread.
    Sequential,
    /// A pool of the cleaner's own.
    Own(rayon::ThreadPool),
}

/// Cleans scraped Chinese web pages: removes injected SEO spam and site
/// chrome line by line and repairs converter damage in kept lines.
///
/// Build one and reuse it: building reads and compiles the blocklists.
/// A cleaner is safe to share between threads, and every method releases
/// the GIL while it cleans.
#[pyclass(frozen, module = "zhclean")]
struct Cleaner {
    inner: zhclean::Cleaner,
    config: Config,
    pool: Pool,
    totals: Mutex<Totals>,
}

impl Cleaner {
    fn add_totals(&self, t: &Totals) {
        self.totals.lock().unwrap_or_else(PoisonError::into_inner).merge(t);
    }

    /// Cleans pages in parallel (as the pool says), `None` staying `None`.
    fn clean_all(&self, texts: &[Option<PyBackedStr>]) -> Vec<Option<zhclean::Cleaned>> {
        let one = |t: &Option<PyBackedStr>| t.as_deref().map(|s| self.inner.clean_str(s));
        match &self.pool {
            Pool::Sequential => texts.iter().map(one).collect(),
            Pool::Global => texts.par_iter().map(one).collect(),
            Pool::Own(pool) => pool.install(|| texts.par_iter().map(one).collect()),
        }
    }
}

/// Reads `keep`: a comma-separated string, or an iterable of kind names.
fn parse_keep(keep: Option<&Bound<'_, PyAny>>) -> PyResult<KindSet> {
    let Some(keep) = keep else { return Ok(KindSet::empty()) };
    if keep.is_none() {
        return Ok(KindSet::empty());
    }
    let bad = |e: zhclean::Error| PyValueError::new_err(e.to_string());
    if let Ok(s) = keep.cast::<PyString>() {
        return KindSet::parse(s.to_str()?).map_err(bad);
    }
    let mut set = KindSet::empty();
    for item in keep.try_iter()? {
        let item = item?;
        let name = item.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "keep: expected kind names as str, got {}",
                item.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
            ))
        })?;
        set = set.union(KindSet::from(name.to_str()?.parse::<Kind>().map_err(bad)?));
    }
    Ok(set)
}

/// Maps the library's errors to Python's exceptions: a file that cannot be
/// read to `OSError` (the subclass its cause says), anything else to `ValueError`.
fn to_py_err(e: zhclean::Error) -> PyErr {
    let msg = e.to_string();
    match &e {
        zhclean::Error::Blocklist { source, .. }
        | zhclean::Error::Input { source, .. }
        | zhclean::Error::Io(source) => io_err(source, msg),
        _ => PyValueError::new_err(msg),
    }
}

fn io_err(source: &std::io::Error, msg: String) -> PyErr {
    match source.kind() {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(msg),
        std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(msg),
        _ => PyOSError::new_err(msg),
    }
}

/// Reads a template file written by `zhclean learn` and applies its thresholds.
fn load_template(path: &std::path::Path) -> PyResult<std::sync::Arc<Matcher>> {
    let text = std::fs::read_to_string(path).map_err(|e| io_err(&e, format!("template {}: {e}", path.display())))?;
    let template =
        SiteTemplate::parse(&text).map_err(|e| PyValueError::new_err(format!("template {}: {e}", path.display())))?;
    Ok(std::sync::Arc::new(template.compile()))
}

/// One `explain` row: line number, label, kind (or none), rule, the input line.
type Row = (u64, &'static str, Option<&'static str>, String, String);

/// Collects `explain` rows, as `--explain` (or `--explain-all`) would print them.
struct Rows<'a> {
    cleaner: &'a zhclean::Cleaner,
    all: bool,
    rows: Vec<Row>,
}

impl Sink for Rows<'_> {
    fn line(&mut self, d: &Decided<'_>) -> std::io::Result<()> {
        if d.original.trim().is_empty() {
            return Ok(()); // blank lines follow their neighbours; --explain leaves them out too
        }
        let kind = d.verdict.label.kind().map(Kind::as_str);
        let (label, kind, rule) = if !d.kept {
            (d.verdict.label.name(), kind, self.cleaner.rule_name(d.verdict.rule).into_owned())
        } else if d.repaired {
            ("repair", None, d.repairs.rule().to_string())
        } else if self.all {
            ("keep", kind, self.cleaner.rule_name(d.verdict.rule).into_owned())
        } else {
            return Ok(());
        };
        self.rows.push((d.number, label, kind, rule, d.original.trim_end().to_string()));
        Ok(())
    }

    fn passthrough(&mut self, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
}

#[pymethods]
impl Cleaner {
    /// Builds a cleaner; see the stub (`_zhclean.pyi`) for the arguments.
    #[new]
    #[pyo3(signature = (keep=None, blocklists=None, template=None, site=None, repair=true, default_blocklists=true, max_line=None, threads=None, rules_only=false))]
    #[allow(clippy::too_many_arguments)] // Python's keyword arguments
    fn new(
        keep: Option<&Bound<'_, PyAny>>,
        blocklists: Option<Vec<PathBuf>>,
        template: Option<PathBuf>,
        site: Option<String>,
        repair: bool,
        default_blocklists: bool,
        max_line: Option<usize>,
        threads: Option<usize>,
        rules_only: bool,
    ) -> PyResult<Self> {
        let config = Config {
            keep: parse_keep(keep)?,
            blocklists: blocklists.unwrap_or_default(),
            template,
            site,
            repair,
            default_blocklists,
            max_line: max_line.unwrap_or(zhclean::DEFAULT_MAX_LINE),
            threads,
            rules_only,
        };
        if config.max_line == 0 {
            return Err(PyValueError::new_err("max_line must be at least 1"));
        }
        if config.site.is_some() && config.template.is_none() {
            return Err(PyValueError::new_err("site is only used with a template"));
        }
        let mut b = zhclean::Cleaner::builder()
            .keep(config.keep)
            .repair(config.repair)
            .default_blocklists(config.default_blocklists)
            .max_line(config.max_line);
        if config.rules_only {
            b = b.decision(zhclean::Decision::Rules);
        }
        for path in &config.blocklists {
            b = b.blocklist(path);
        }
        if let Some(path) = &config.template {
            b = b.template(load_template(path)?);
        }
        if let Some(site) = &config.site {
            b = b.site(site);
        }
        let inner = b.build().map_err(to_py_err)?;
        let pool = match config.threads {
            None => Pool::Global,
            Some(0) => return Err(PyValueError::new_err("threads must be at least 1 (or None for all cores)")),
            Some(1) => Pool::Sequential,
            Some(n) => Pool::Own(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| PyOSError::new_err(format!("starting threads: {e}")))?,
            ),
        };
        Ok(Cleaner { inner, config, pool, totals: Mutex::new(Totals::default()) })
    }

    /// Cleans one page and returns the text kept.
    fn clean(&self, py: Python<'_>, text: &str) -> String {
        let cleaned = py.detach(|| self.inner.clean_str(text));
        let mut t = Totals::default();
        t.add(&cleaned.report, cleaned.text.len());
        self.add_totals(&t);
        cleaned.text
    }

    /// Cleans one page; returns the text kept and the page's counts.
    fn clean_with_counts<'py>(&self, py: Python<'py>, text: &str) -> PyResult<(String, Bound<'py, PyDict>)> {
        let cleaned = py.detach(|| self.inner.clean_str(text));
        let mut t = Totals::default();
        t.add(&cleaned.report, cleaned.text.len());
        self.add_totals(&t);
        Ok((cleaned.text, t.to_dict(py)?))
    }

    /// Cleans many pages in parallel, each page on its own; `None` stays `None`.
    fn clean_many<'py>(&self, py: Python<'py>, texts: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("clean_many takes an iterable of pages, not one str (use clean)"));
        }
        let mut pages: Vec<Option<PyBackedStr>> = Vec::new();
        for (i, item) in texts.try_iter()?.enumerate() {
            let item = item?;
            if item.is_none() {
                pages.push(None);
            } else {
                let s = item.extract::<PyBackedStr>().map_err(|_| {
                    let ty = item.get_type().name().map_or_else(|_| "?".to_string(), |n| n.to_string());
                    PyTypeError::new_err(format!("clean_many: item {i} is {ty}, not str or None"))
                })?;
                pages.push(Some(s));
            }
        }
        let cleaned = py.detach(|| self.clean_all(&pages));
        let mut t = Totals::default();
        let out = PyList::empty(py);
        for c in cleaned {
            match c {
                Some(c) => {
                    t.add(&c.report, c.text.len());
                    out.append(c.text)?;
                }
                None => out.append(py.None())?,
            }
        }
        self.add_totals(&t);
        Ok(out)
    }

    /// One row per removed or repaired line (with `all`, per kept line too),
    /// as `--explain` prints them: `(line, label, kind, rule, text)`.
    #[pyo3(signature = (text, all=false))]
    fn explain(&self, py: Python<'_>, text: &str, all: bool) -> PyResult<Vec<Row>> {
        py.detach(|| {
            let mut rows = Rows { cleaner: &self.inner, all, rows: Vec::new() };
            self.inner.clean_utf8_into(text.as_bytes(), &mut rows).map(|_| rows.rows)
        })
        .map_err(to_py_err)
    }

    /// Counts added up over every page cleaned by `clean`, `clean_with_counts`
    /// and `clean_many` since the cleaner was built or `take_counts` was called.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let t = self.totals.lock().unwrap_or_else(PoisonError::into_inner).clone();
        t.to_dict(py)
    }

    /// Returns the counts and sets them back to zero.
    fn take_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let t = std::mem::take(&mut *self.totals.lock().unwrap_or_else(PoisonError::into_inner));
        t.to_dict(py)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let args = slf.get().config.to_args(slf.py())?;
        let mut parts = Vec::with_capacity(ARG_NAMES.len());
        for (name, value) in ARG_NAMES.into_iter().zip(args.iter()) {
            parts.push(format!("{name}={}", value.repr()?));
        }
        Ok(format!("Cleaner({})", parts.join(", ")))
    }

    /// Pickles as its arguments, so that a cleaner can be sent to Spark
    /// executors or worker processes (which read the lists again).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let args = slf.get().config.to_args(slf.py())?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// The native module, `zhclean._zhclean`.
#[pymodule]
fn _zhclean(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Cleaner>()?;
    let py = m.py();
    m.add("KINDS", PyTuple::new(py, Kind::ALL.map(Kind::as_str))?)?;
    m.add("COUNT_FIELDS", PyTuple::new(py, COUNT_FIELDS)?)?;
    m.add("EXPLAIN_FIELDS", PyTuple::new(py, EXPLAIN_FIELDS)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
