//! What the learned decision sees of a line: measurements of its text, the
//! rule families' evidence about it, and the same for its neighbours.
//!
//! Every feature is a plain number, so the trainer (`train/train.py`) reads
//! the rows `zhclean --dump-features` writes and the model compiled into the
//! binary reads the same numbers in the same order ([`NAMES`]).

use crate::text::charclass::{decode_at, is_space};
use crate::verdict::{Kind, Label};

/// Measurements of one line's text, taken in one pass over its characters.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Text {
    /// Characters other than white space.
    pub chars: f32,
    /// Shares of those characters (0..=1).
    pub cjk: f32,
    pub latin: f32,
    pub digit: f32,
    pub punct: f32,
    /// White-space runs inside the trimmed line.
    pub gaps: f32,
    /// Leading white space of the untrimmed line, in characters (tab = 4).
    pub indent: f32,
    /// Ends with a sentence stop (`。！？!?；;…`), a colon, a comma.
    pub ends_stop: f32,
    pub ends_colon: f32,
    pub ends_comma: f32,
    /// Sentence stops and commas (`，,、`) anywhere.
    pub stops: f32,
    pub commas: f32,
    /// Separators of link rows and breadcrumbs (`| ｜ / > › » · • - _`).
    pub seps: f32,
    /// Pipes and tabs (table rows).
    pub pipes: f32,
    pub tabs: f32,
    /// Characters of code syntax (`{}();=<>[]`), as a share.
    pub code_syntax: f32,
    /// Distinct code words and operators found (`def `, `return`, `=>`, `</`...).
    pub code_words: f32,
    /// Characters before the first colon (-1 when there is none), and after it.
    pub colon_at: f32,
    pub after_colon: f32,
    /// Starts with a bracket (`【[〔(`), ends with one (`】]〕)`).
    pub opens_bracket: f32,
    pub closes_bracket: f32,
    /// The longest run of CJK characters.
    pub cjk_run: f32,
    /// White-space separated tokens.
    pub tokens: f32,
    /// A URL or an e-mail address; a date (`2023-08-23`, `2023年8月`); a clock time (`07:52`).
    pub url: f32,
    pub date: f32,
    pub time: f32,
    /// Starts like a list item (`1.`, `①`, `-`, `*`, `•`, `(1)`).
    pub bullet: f32,
    /// Ends like a file name (`.jpg`, `.png`, `.docx`, `.pdf`...).
    pub file_name: f32,
    /// Starts with `<` and holds `>`: markup.
    pub markup: f32,
    /// Starts with `#` or `=`/`-` rulers, or is a markdown table rule (`---|---`).
    pub ruler: f32,
    /// Nothing but markup tags; how many of them are empty elements (`<th id="x"></th>`);
    /// whether an `id` value looks generated (4-6 lower-case letters and digits with a
    /// digit or no vowel, as injected spam markup carries: `bn8ez`, `fpxfr`).
    pub markup_only: f32,
    pub empty_tags: f32,
    pub random_id: f32,
    /// One ASCII token with `_` or digits and letters (`dushi_top_nav_28`, `ad1_300`).
    pub ident: f32,
}

/// What the prose step counts of a line it proves prose, for
/// [`Text::for_neighbours_counted`]: each as [`Text::for_neighbours`] counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counted {
    /// Characters other than white space.
    pub chars: u32,
    /// Sentence stops (`。！？；…!?;`).
    pub stops: u32,
    /// ASCII characters of code syntax (`{}();=<>[]`).
    pub syntax: u32,
    /// Whether the line holds an ASCII letter or punctuation (else it has no code word).
    pub ascii: bool,
}

/// The classes of an ASCII byte that [`Counted`] reads, as bits.
pub(crate) mod ascii_bits {
    /// White space.
    pub const SPACE: u8 = 1;
    /// A letter.
    pub const LETTER: u8 = 1 << 1;
    /// A sentence stop (`!?;`).
    pub const STOP: u8 = 1 << 2;
    /// Code syntax (`{}();=<>[]`).
    pub const SYNTAX: u8 = 1 << 3;
    /// A letter or punctuation (neither a digit nor white space).
    pub const OTHER: u8 = 1 << 4;
}

/// `bit` if the classes `c` hold one of `classes`.
const fn bit_if(c: u16, classes: u16, bit: u8) -> u8 {
    if c & classes != 0 {
        bit
    } else {
        0
    }
}

/// [`ascii_bits`] of each ASCII byte, from the classes [`Text::for_neighbours`] reads.
pub(crate) static ASCII_BITS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = ASCII[i];
        t[i] = bit_if(c, SPACE, ascii_bits::SPACE)
            | bit_if(c, LETTER, ascii_bits::LETTER)
            | bit_if(c, STOP, ascii_bits::STOP)
            | bit_if(c, SYNTAX, ascii_bits::SYNTAX)
            | bit_if(c, LETTER | PUNCT, ascii_bits::OTHER);
        i += 1;
    }
    t
};

const CODE_WORDS: &[&str] = &[
    "def ", "return", "import ", "function", "var ", "const ", "let ", "class ", "public ", "private ", "void ",
    "#include", "print(", "console.", "select ", "from ", "where ", "</", "/>", "=>", "->", "::", "==", "!=", "&&",
    "||", "//", "/*", "*/", "#!/", "sudo ", "pip ", "npm ", "git ", "echo ", "if (", "for (", "else", "true", "false",
    "null", "none", "self.", "this.", "new ", "int ", "string", "package ", "static ", "${", "();", "');", "\");", "}",
    "{",
];

/// Bytes at the start of a line searched for code words.
const CODE_BYTES: usize = 160;

const FILE_ENDINGS: &[&str] = &[
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".doc", ".docx", ".pdf", ".ppt", ".pptx", ".xls", ".xlsx",
    ".txt", ".zip", ".rar",
];

// `Text::measure` looks for an ending only where the line's tail has a dot
const _: () = {
    let mut i = 0;
    while i < FILE_ENDINGS.len() {
        assert!(FILE_ENDINGS[i].as_bytes()[0] == b'.');
        i += 1;
    }
};

fn is_cjk(u: u32) -> bool {
    matches!(u, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

// What `Text::measure` counts of a character other than an ideograph, as bits.
const SPACE: u16 = 1;
const LETTER: u16 = 1 << 1;
const DIGIT: u16 = 1 << 2;
const PUNCT: u16 = 1 << 3;
const STOP: u16 = 1 << 4;
const COMMA: u16 = 1 << 5;
const PIPE: u16 = 1 << 6;
const SEP: u16 = 1 << 7;
const COLON: u16 = 1 << 8;
const SYNTAX: u16 = 1 << 9;
const TAB: u16 = 1 << 10;
/// ASCII punctuation (the sign of code words, URLs and markup).
const ASCII_PUNCT: u16 = 1 << 11;

/// The classes of each ASCII character (one table look-up per character
/// instead of a chain of tests).
static ASCII: [u16; 128] = ascii_classes();

const fn ascii_classes() -> [u16; 128] {
    let mut t = [0u16; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b == b'\t' {
            SPACE | TAB
        } else if matches!(b, 0x09..=0x0D | b' ') {
            SPACE
        } else if b.is_ascii_alphabetic() {
            LETTER
        } else if b.is_ascii_digit() {
            DIGIT
        } else {
            let kind = match b {
                b'!' | b'?' | b';' => STOP,
                b',' => COMMA,
                b'|' => PIPE | SEP,
                b'/' | b'>' | b'-' | b'_' => SEP,
                b':' => COLON,
                _ => 0,
            };
            let syntax = match b {
                b'{' | b'}' | b'(' | b')' | b';' | b'=' | b'<' | b'>' | b'[' | b']' => SYNTAX,
                _ => 0,
            };
            PUNCT | ASCII_PUNCT | kind | syntax
        };
        i += 1;
    }
    t
}

/// The classes of a character neither ASCII nor an ideograph, as [`ASCII`]
/// gives them: those of Chinese text and pinyin at once, the rest through [`classes_of`].
#[inline]
fn classes(u: u32) -> u16 {
    match u {
        0x3001 => PUNCT | COMMA,                                      // 、
        0x3002 => PUNCT | STOP,                                       // 。
        0x201C | 0x201D | 0x300A | 0x300B | 0x3010 | 0x3011 => PUNCT, // “”《》【】
        // Latin-1 letters and Latin Extended-A and -B (pinyin's toned vowels), all letters but × and ÷
        0xC0..=0x24F if u != 0xD7 && u != 0xF7 => 0,
        _ => classes_of(u),
    }
}

/// [`classes`], for any character neither ASCII nor an ideograph.
#[cold]
fn classes_of(u: u32) -> u16 {
    let c = char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER);
    if is_space(c) {
        SPACE
    } else if matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ') {
        LETTER
    } else if matches!(c, '０'..='９') {
        DIGIT
    } else if crate::text::charclass::is_alphanumeric(c) {
        0
    } else {
        PUNCT
            | match c {
                '。' | '！' | '？' | '；' | '…' => STOP,
                '，' | '、' => COMMA,
                '｜' => PIPE | SEP,
                '›' | '»' | '·' | '•' | '＞' | '／' | '→' => SEP,
                '：' => COLON,
                _ => 0,
            }
    }
}

/// The counts `Text::measure` takes in its pass over the characters.
#[derive(Default)]
struct Counts {
    n: u32,
    cjk: u32,
    latin: u32,
    digit: u32,
    punct: u32,
    ascii_punct: u32,
    stops: u32,
    commas: u32,
    seps: u32,
    pipes: u32,
    tabs: u32,
    syntax: u32,
    best_run: u32,
    gaps: u32,
    colon_at: Option<u32>,
}

impl Counts {
    /// Counts the characters of a trimmed line: runs of ideographs at once by
    /// their lead byte, ASCII through [`ASCII`], the rest through [`classes`].
    fn of(line: &str) -> Counts {
        let mut k = Counts::default();
        let (mut run, mut in_gap) = (0u32, false);
        let b = line.as_bytes();
        let mut i = 0;
        while let Some(&x) = b.get(i) {
            if x.wrapping_sub(0xE4) < 6 {
                // a run of ideographs: the lead bytes E4..=E9 start U+4000..=U+9FFF,
                // but for the hexagram symbols U+4DC0..=U+4DFF (E4 B7 xx)
                let mut m = 0;
                let mut y = x;
                while y.wrapping_sub(0xE4) < 6 && !(y == 0xE4 && b.get(i + 1) == Some(&0xB7)) {
                    i += 3;
                    m += 1;
                    y = b.get(i).copied().unwrap_or(0);
                }
                if m > 0 {
                    in_gap = false;
                    k.n += m;
                    k.cjk += m;
                    run += m;
                    k.best_run = k.best_run.max(run);
                    continue;
                }
            }
            let f = if x < 0x80 {
                i += 1;
                ASCII[usize::from(x)]
            } else {
                let (u, w) = decode_at(b, i);
                i += w;
                if is_cjk(u) {
                    in_gap = false;
                    k.n += 1;
                    k.cjk += 1;
                    run += 1;
                    k.best_run = k.best_run.max(run);
                    continue;
                }
                classes(u)
            };
            run = 0;
            if f & SPACE != 0 {
                k.tabs += u32::from(f & TAB != 0);
                k.gaps += u32::from(!in_gap);
                in_gap = true;
                continue;
            }
            in_gap = false;
            k.n += 1;
            if f & LETTER != 0 {
                k.latin += 1;
            } else if f & DIGIT != 0 {
                k.digit += 1;
            } else if f & PUNCT != 0 {
                k.punct += 1;
                k.ascii_punct += u32::from(f & ASCII_PUNCT != 0);
                k.stops += u32::from(f & STOP != 0);
                k.commas += u32::from(f & COMMA != 0);
                k.pipes += u32::from(f & PIPE != 0);
                k.seps += u32::from(f & SEP != 0);
                k.syntax += u32::from(f & SYNTAX != 0);
                if f & COLON != 0 && k.colon_at.is_none() {
                    k.colon_at = Some(k.n - 1);
                }
            }
        }
        k
    }
}

/// Which of [`CODE_WORDS`] start with each byte (ASCII letters in either
/// case), and which have each byte second (one-byte words: every byte), as bits of their index.
static CODE_FIRST: [u64; 256] = code_at(0);
static CODE_SECOND: [u64; 256] = code_at(1);

/// The one-byte code words, as bits of their index.
const CODE_ONE_BYTE: u64 = {
    let mut m = 0u64;
    let mut p = 0;
    while p < CODE_WORDS.len() {
        if CODE_WORDS[p].len() == 1 {
            m |= 1 << p;
        }
        p += 1;
    }
    m
};

const fn code_at(at: usize) -> [u64; 256] {
    assert!(CODE_WORDS.len() <= 64);
    let mut t = [0u64; 256];
    let mut p = 0;
    while p < CODE_WORDS.len() {
        let w = CODE_WORDS[p].as_bytes();
        if at < w.len() {
            t[w[at].to_ascii_lowercase() as usize] |= 1 << p;
            t[w[at].to_ascii_uppercase() as usize] |= 1 << p;
        } else {
            let mut b = 0;
            while b < 256 {
                t[b] |= 1 << p;
                b += 1;
            }
        }
        p += 1;
    }
    t
}

/// How many distinct [`CODE_WORDS`] occur in `head` (ASCII letters in either
/// case). A word is compared only where the first two bytes fit it; as every
/// word starts with an ASCII byte, only the ASCII bytes of each eight are
/// looked at (none inside Chinese text).
fn code_words(head: &[u8]) -> u32 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut seen = 0u64;
    for (k, block) in head.chunks(8).enumerate() {
        // the high bit of each ASCII byte of the block (the bytes past the end count as not ASCII)
        let eight = <[u8; 8]>::try_from(block).unwrap_or_else(|_| {
            let mut eight = [0x80u8; 8];
            eight.iter_mut().zip(block).for_each(|(e, &b)| *e = b);
            eight
        });
        let mut ascii = !u64::from_le_bytes(eight) & HIGH;
        while ascii != 0 {
            let j = k * 8 + (ascii.trailing_zeros() / 8) as usize;
            ascii &= ascii - 1;
            let second = head.get(j + 1).map_or(CODE_ONE_BYTE, |&b| CODE_SECOND[usize::from(b)]);
            let mut m = CODE_FIRST[usize::from(head[j])] & second & !seen;
            while m != 0 {
                let p = m.trailing_zeros() as usize;
                m &= m - 1;
                let w = CODE_WORDS[p].as_bytes();
                if head[j..].get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w)) {
                    seen |= 1 << p;
                }
            }
        }
    }
    seen.count_ones()
}

/// A URL or an e-mail address (`http`, `HTTP`, `www.`, `.com`, `.cn`, or `@` and `.`).
fn has_url(line: &str) -> bool {
    let b = line.as_bytes();
    (0..b.len()).any(|i| {
        let rest = &b[i..];
        match b[i] {
            b'h' => rest.starts_with(b"http"),
            b'H' => rest.starts_with(b"HTTP"),
            b'w' => rest.starts_with(b"www."),
            b'.' => rest.starts_with(b".com") || rest.starts_with(b".cn"),
            _ => false,
        }
    }) || (memchr::memchr(b'@', b).is_some() && memchr::memchr(b'.', b).is_some())
}

impl Text {
    /// Measures a line (`raw` with its leading white space).
    pub fn of(raw: &str) -> Text {
        Text::measure(raw, true)
    }

    /// Measures a prose line for its row (`--dump-features`): what its
    /// neighbours read, and the counts of its characters (the learned decision
    /// keeps prose without asking the model).
    pub fn of_prose(raw: &str) -> Text {
        Text::measure(raw, false)
    }

    /// Measures a prose line for its neighbours alone, when it needs no row:
    /// `chars`, `stops`, `code_syntax`, `code_words`, `indent` and `ends_stop`,
    /// each as [`Text::of`] gives it; the other fields stay 0. It counts bytes
    /// in loops the compiler vectorizes, and looks at only the few multi-byte
    /// characters that are stops or white space, instead of walking every character.
    pub fn for_neighbours(raw: &str) -> Text {
        let line = raw.trim();
        let b = line.as_bytes();
        let (mut space, mut stops, syntax, mut ascii) = ascii_counts(b);
        // the multi-byte stops and white space, and full-width letters; these lead
        // bytes never occur inside a character
        for i in memchr::memchr3_iter(0xE2, 0xE3, 0xEF, b) {
            match &b[i..] {
                // 。 ！ ？ ； …
                [0xE3, 0x80, 0x82, ..] | [0xEF, 0xBC, 0x81 | 0x9F | 0x9B, ..] | [0xE2, 0x80, 0xA6, ..] => stops += 1,
                // U+3000, U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F
                [0xE3, 0x80, 0x80, ..]
                | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
                | [0xE2, 0x81, 0x9F, ..] => space += 1,
                // Ａ..=Ｚ ａ..=ｚ
                [0xEF, 0xBC, 0xA1..=0xBA, ..] | [0xEF, 0xBD, 0x81..=0x9A, ..] => ascii += 1,
                _ => {}
            }
        }
        // U+0085, U+00A0, U+1680
        for i in memchr::memchr2_iter(0xC2, 0xE1, b) {
            if let [0xC2, 0x85 | 0xA0, ..] | [0xE1, 0x9A, 0x80, ..] = &b[i..] {
                space += 1;
            }
        }
        let n = line.chars().count() as u32 - space;
        let mut t = Text { indent: indent(raw), chars: n as f32, stops: stops as f32, ..Text::default() };
        t.code_syntax = syntax as f32 / n.max(1) as f32;
        t.ends_stop = f(ends_stop(line.chars().next_back()));
        if ascii > 0 {
            t.code_words = code_words(&line.as_bytes()[..line.len().min(CODE_BYTES)]) as f32;
        }
        t
    }

    /// [`Text::for_neighbours`] from what the prose step counted of the same
    /// line (`raw` trimmed, as it scanned it): the line is not walked again
    /// but for its first [`CODE_BYTES`] bytes when it holds ASCII letters or
    /// punctuation (which code words need).
    pub fn for_neighbours_counted(raw: &str, counted: &Counted) -> Text {
        let line = raw.trim();
        let n = counted.chars;
        let mut t = Text { indent: indent(raw), chars: n as f32, stops: counted.stops as f32, ..Text::default() };
        t.code_syntax = counted.syntax as f32 / n.max(1) as f32;
        t.ends_stop = f(ends_stop(line.chars().next_back()));
        if counted.ascii {
            t.code_words = code_words(&line.as_bytes()[..line.len().min(CODE_BYTES)]) as f32;
        }
        debug_assert!(
            format!("{t:?}") == format!("{:?}", Text::for_neighbours(raw)),
            "the prose step's counts differ from the line's on {raw:?}: {counted:?}"
        );
        t
    }

    fn measure(raw: &str, full: bool) -> Text {
        let line = raw.trim();
        let mut t = Text { indent: indent(raw), ..Text::default() };
        let k = Counts::of(line);
        let n = k.n;
        let nf = n.max(1) as f32;
        t.chars = n as f32;
        t.cjk = k.cjk as f32 / nf;
        t.latin = k.latin as f32 / nf;
        t.digit = k.digit as f32 / nf;
        t.punct = k.punct as f32 / nf;
        t.gaps = k.gaps as f32;
        t.stops = k.stops as f32;
        t.commas = k.commas as f32;
        t.seps = k.seps as f32;
        t.pipes = k.pipes as f32;
        t.tabs = k.tabs as f32;
        t.code_syntax = k.syntax as f32 / nf;
        t.cjk_run = k.best_run as f32;
        t.tokens = if n == 0 { 0.0 } else { (k.gaps + 1) as f32 };
        if let Some(at) = k.colon_at {
            t.colon_at = at as f32;
            t.after_colon = (n - at - 1) as f32;
        } else {
            t.colon_at = -1.0;
            t.after_colon = -1.0;
        }
        let last = line.chars().next_back();
        t.ends_stop = f(ends_stop(last));
        // code words, URLs, markup and identifiers are ASCII
        let ascii = k.latin > 0 || k.ascii_punct > 0;
        if ascii {
            // code words are looked for in the line's first CODE_BYTES bytes (code lines are short)
            t.code_words = code_words(&line.as_bytes()[..line.len().min(CODE_BYTES)]) as f32;
        }
        if !full {
            return t;
        }
        t.ends_colon = f(matches!(last, Some(':' | '：')));
        t.ends_comma = f(matches!(last, Some('，' | ',' | '、')));
        let first = line.chars().next();
        t.opens_bracket = f(matches!(first, Some('【' | '[' | '〔' | '(' | '（' | '「' | '《')));
        t.closes_bracket = f(matches!(last, Some('】' | ']' | '〕' | ')' | '）' | '」' | '》')));
        t.url = f(ascii && has_url(line));
        t.date = f(k.digit > 0 && has_date(line));
        t.time = f(k.digit > 0 && has_time(line));
        t.bullet = f(is_bullet(line));
        let tail = &line.as_bytes()[line.len().saturating_sub(5)..];
        // every ending starts with a dot
        t.file_name = f(tail.contains(&b'.')
            && FILE_ENDINGS
                .iter()
                .any(|e| tail.len() >= e.len() && tail[tail.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())));
        t.markup = f(line.starts_with('<') && line.contains('>'));
        t.ruler = f(line.starts_with('#')
            || (line.len() >= 3 && line.bytes().all(|b| matches!(b, b'-' | b'=' | b'|' | b':' | b' ' | b'*'))));
        if line.starts_with('<') {
            let m = Markup::of(line);
            t.markup_only = f(m.only_tags);
            t.empty_tags = m.empty as f32;
            t.random_id = f(m.random_id);
        }
        // the line is trimmed, so it holds white space exactly when it has gaps
        t.ident = f(k.gaps == 0
            && line.is_ascii()
            && line.bytes().any(|b| b.is_ascii_alphabetic())
            && line.bytes().any(|b| b == b'_' || b.is_ascii_digit())
            && line.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
        t
    }
}

/// Four counts of ASCII bytes in one `u64`, 16 bits each (see [`PACKED`]).
const SPACE_AT: u32 = 0;
const STOP_AT: u32 = 16;
const SYNTAX_AT: u32 = 32;
const OTHER_AT: u32 = 48;

/// What each byte adds to the packed counts of [`ascii_counts`]: 1 in the
/// field of white space, of a stop, of code syntax, and of a letter or
/// punctuation (ASCII other than digits and white space; `;` and `>` count in two).
static PACKED: [u64; 256] = packed();

const fn packed() -> [u64; 256] {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < 128 {
        let c = ASCII[i];
        t[i] = ((c & SPACE != 0) as u64) << SPACE_AT
            | ((c & STOP != 0) as u64) << STOP_AT
            | ((c & SYNTAX != 0) as u64) << SYNTAX_AT
            | ((c & (LETTER | PUNCT) != 0) as u64) << OTHER_AT;
        i += 1;
    }
    t
}

/// Counts a line's ASCII white space, stops (`!?;`), code syntax, and letters
/// and punctuation, as [`ASCII`] classes them. Eight bytes at once are
/// skipped where none is ASCII, so Chinese text costs about a test per word.
fn ascii_counts(b: &[u8]) -> (u32, u32, u32, u32) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (mut space, mut stops, mut syntax, mut other) = (0u32, 0u32, 0u32, 0u32);
    // no field overflows in a block: each counts at most one per byte
    for block in b.chunks(u16::MAX as usize) {
        let mut sum = 0u64;
        let mut words = block.chunks_exact(8);
        for w in &mut words {
            let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            if word & HIGH != HIGH {
                sum += w.iter().map(|&c| PACKED[usize::from(c)]).sum::<u64>();
            }
        }
        sum += words.remainder().iter().map(|&c| PACKED[usize::from(c)]).sum::<u64>();
        let field = |at: u32| (sum >> at) as u32 & 0xFFFF;
        space += field(SPACE_AT);
        stops += field(STOP_AT);
        syntax += field(SYNTAX_AT);
        other += field(OTHER_AT);
    }
    (space, stops, syntax, other)
}

/// The leading white space of a line, in characters (tab = 4), at most 32.
fn indent(raw: &str) -> f32 {
    let mut indent = 0f32;
    for c in raw.chars() {
        match c {
            ' ' | '\u{3000}' | '\u{a0}' => indent += 1.0,
            '\t' => indent += 4.0,
            _ => break,
        }
    }
    indent.min(32.0)
}

/// Whether a line's last character ends a sentence.
fn ends_stop(last: Option<char>) -> bool {
    matches!(last, Some('。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' | '”' | '」'))
}

/// What a line of markup holds.
#[derive(Debug, Default, PartialEq)]
struct Markup {
    only_tags: bool,
    empty: usize,
    random_id: bool,
}

impl Markup {
    fn of(line: &str) -> Markup {
        let mut m = Markup { only_tags: true, ..Markup::default() };
        let mut rest = line.trim();
        let mut open: Option<&str> = None;
        while !rest.is_empty() {
            let Some(body) = rest.strip_prefix('<') else {
                m.only_tags = false;
                match rest.find('<') {
                    Some(i) => rest = &rest[i..],
                    None => break,
                }
                open = None;
                continue;
            };
            let Some(end) = body.find('>') else {
                m.only_tags = false;
                break;
            };
            let tag = &body[..end];
            if let Some(name) = tag.strip_prefix('/') {
                if open == Some(name.trim()) {
                    m.empty += 1;
                }
                open = None;
            } else {
                open = tag.split_whitespace().next();
                if let Some(i) = tag.find("id=\"") {
                    let id = &tag[i + 4..];
                    let id = &id[..id.find('"').unwrap_or(id.len())];
                    m.random_id |= is_generated(id);
                }
            }
            rest = body[end + 1..].trim_start();
        }
        m
    }
}

/// `bn8ez`, `fpxfr`, `vfhx0`: 4-6 lower-case letters and digits, with a digit or without a vowel.
fn is_generated(id: &str) -> bool {
    (4..=6).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && (id.bytes().any(|b| b.is_ascii_digit()) || !id.bytes().any(|b| b"aeiou".contains(&b)))
}

fn f(b: bool) -> f32 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// `2023-08-23`, `2023/8/23`, `2023年8月`, `8月23日`.
fn has_date(line: &str) -> bool {
    let b = line.as_bytes();
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = 0;
    while i < b.len() {
        let n = digits(i);
        if n == 0 {
            i += 1;
            continue;
        }
        let rest = &line[i + n..];
        if (n == 4
            && (rest.starts_with('-') || rest.starts_with('/') || rest.starts_with('.'))
            && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
            || (n == 4 && rest.starts_with('年'))
            || ((1..=2).contains(&n)
                && rest.starts_with('月')
                && rest['月'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()))
        {
            return true;
        }
        i += n;
    }
    false
}

/// `07:52`, `7:52:30`.
fn has_time(line: &str) -> bool {
    let b = line.as_bytes();
    b.windows(4).enumerate().any(|(i, w)| {
        w[0].is_ascii_digit()
            && w[1] == b':'
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
    })
}

fn is_bullet(line: &str) -> bool {
    let mut cs = line.chars();
    match cs.next() {
        Some('-' | '*' | '•' | '·' | '●' | '◆' | '■' | '▪' | '○') => true,
        Some('①'..='⑳' | '⑴'..='⒇' | '㈠'..='㈩') => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(['.', '、', ')', '）', '．'])
        }
        Some('(' | '（') => cs.next().is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)),
        Some(c) if "一二三四五六七八九十".contains(c) => cs.next() == Some('、'),
        Some('第') => true,
        _ => false,
    }
}

impl Evidence {
    /// The finding as one number, as the model was trained on it: 0 none, 1 spam,
    /// 2 and up the chrome kinds in [`Kind::ALL`] order.
    fn found_code(&self) -> f32 {
        match self.found {
            None | Some(Label::Keep) => 0.0,
            Some(Label::Spam) => 1.0,
            Some(Label::Chrome(k)) => f32::from(2 + k as u8),
        }
    }
}

/// What the rule families and the context pass said about a line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// The label of the families' finding before context, if any.
    pub found: Option<Label>,
    /// Whether that finding was strong (removed wherever it stands).
    pub strong: bool,
    /// Read as prose (a content anchor).
    pub prose: bool,
    /// Title role: 0 not the title, 1 first line, 2 heading, 3 a later repeat.
    pub title: u8,
    /// Shaped like a byline.
    pub byline: bool,
    /// The rules' verdict after context: removed (spam or any chrome kind).
    pub removed: bool,
    /// Decided by the context pass (the line was open to its neighbours).
    pub by_context: bool,
    /// For a line the context pass decided: the nearest anchor before and after it
    /// (0 none, 1 content, 2 opener, 3 heading, 4 chrome) and the lines between.
    pub before: (u8, u8),
    pub after: (u8, u8),
    /// Percent of the line's letters each blocklist family covers (spam, then the chrome kinds).
    pub cover: [u8; 8],
}

/// The number of features in a row.
pub(crate) const COUNT: usize = NAMES.len();

/// Feature names, in row order (the trainer and `--dump-features` use them).
pub(crate) const NAMES: &[&str] = &[
    // the line's text
    "chars",
    "cjk",
    "latin",
    "digit",
    "punct",
    "gaps",
    "indent",
    "ends_stop",
    "ends_colon",
    "ends_comma",
    "stops",
    "commas",
    "seps",
    "pipes",
    "tabs",
    "code_syntax",
    "code_words",
    "colon_at",
    "after_colon",
    "opens_bracket",
    "closes_bracket",
    "cjk_run",
    "tokens",
    "url",
    "date",
    "time",
    "bullet",
    "file_name",
    "markup",
    "ruler",
    "markup_only",
    "empty_tags",
    "random_id",
    "ident",
    // the rules' evidence
    "found",
    "found_spam",
    "found_meta",
    "found_nav",
    "found_share",
    "found_footer",
    "found_template",
    "found_other",
    "strong",
    "prose",
    "title",
    "byline",
    "removed",
    "by_context",
    "before_anchor",
    "before_gap",
    "after_anchor",
    "after_gap",
    "cover_spam",
    "cover_breadcrumb",
    "cover_meta",
    "cover_share",
    "cover_editor",
    "cover_nav",
    "cover_footer",
    "cover_template",
    // position
    "index",
    "blank_before",
    "blank_after",
    "prose_seen",
    "since_prose",
    // neighbours: -2, -1, +1, +2 non-blank lines
    "p2_chars",
    "p2_stops",
    "p2_removed",
    "p2_found",
    "p2_code",
    "p1_chars",
    "p1_stops",
    "p1_removed",
    "p1_found",
    "p1_code",
    "n1_chars",
    "n1_stops",
    "n1_removed",
    "n1_found",
    "n1_code",
    "n2_chars",
    "n2_stops",
    "n2_removed",
    "n2_found",
    "n2_code",
    // the window of W lines each side
    "prose_before",
    "prose_after",
    "dist_prose_before",
    "dist_prose_after",
    "removed_before",
    "removed_after",
    "code_before",
    "code_after",
    "same_run",
    "long_before",
    "long_after",
    // the vocabulary model: the line, its neighbours, the window's mean each side
    "vocab",
    "vocab_p1",
    "vocab_n1",
    "vocab_before",
    "vocab_after",
];

/// What is known of the page above a line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Page {
    /// The line's position among the page's non-blank lines.
    pub index: usize,
    /// Prose lines above it.
    pub prose_seen: usize,
    /// Non-blank lines since the last prose line (or since the page began).
    pub since_prose: usize,
}

impl Page {
    /// Moves past a line.
    pub fn pass(&mut self, line: &Line) {
        self.index += 1;
        if line.is_prose() {
            self.prose_seen += 1;
            self.since_prose = 0;
        } else {
            self.since_prose += 1;
        }
    }
}

/// Lines each side that the window features look at.
pub(crate) const WINDOW: usize = 8;

/// A line as its neighbours see it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Line {
    pub text: Text,
    pub ev: Evidence,
    /// The vocabulary model's score (0 for prose lines, which it does not read).
    pub vocab: f32,
    pub blank_before: bool,
    pub blank_after: bool,
}

impl Line {
    fn is_code(&self) -> bool {
        self.text.code_words >= 2.0 || self.text.code_syntax >= 0.15 || self.text.indent >= 4.0
    }
    fn is_prose(&self) -> bool {
        self.ev.prose || (self.text.ends_stop > 0.0 && self.text.chars >= 20.0)
    }
}

/// What the lines on one side of a line hold, from the nearest out.
struct Side {
    /// Prose lines, and the distance to the nearest (`WINDOW + 1`: none).
    prose: usize,
    dist: usize,
    /// Lines removed by the rules, and code lines.
    removed: usize,
    code: usize,
    /// Lines from the nearest on with the same removal as the line.
    same: usize,
    /// The most characters of a line.
    long: f32,
}

impl Side {
    fn of<'a>(lines: impl Iterator<Item = &'a Line>, removed: bool) -> Side {
        let mut s = Side { prose: 0, dist: WINDOW + 1, removed: 0, code: 0, same: 0, long: 0.0 };
        let mut same = true;
        for (d, l) in lines.enumerate() {
            if l.is_prose() {
                if s.prose == 0 {
                    s.dist = d + 1;
                }
                s.prose += 1;
            }
            s.removed += usize::from(l.ev.removed);
            s.code += usize::from(l.is_code());
            same &= l.ev.removed == removed;
            s.same += usize::from(same);
            s.long = s.long.max(l.text.chars);
        }
        s
    }
}

/// The feature row of `lines[at]`, given up to [`WINDOW`] non-blank lines each side.
/// `index` is the line's position among the page's non-blank lines.
pub(crate) fn row(before: &[Line], line: &Line, after: &[Line], page: &Page) -> [f32; COUNT] {
    let mut r = [0f32; COUNT];
    let t = &line.text;
    let text = [
        t.chars,
        t.cjk,
        t.latin,
        t.digit,
        t.punct,
        t.gaps,
        t.indent,
        t.ends_stop,
        t.ends_colon,
        t.ends_comma,
        t.stops,
        t.commas,
        t.seps,
        t.pipes,
        t.tabs,
        t.code_syntax,
        t.code_words,
        t.colon_at,
        t.after_colon,
        t.opens_bracket,
        t.closes_bracket,
        t.cjk_run,
        t.tokens,
        t.url,
        t.date,
        t.time,
        t.bullet,
        t.file_name,
        t.markup,
        t.ruler,
        t.markup_only,
        t.empty_tags,
        t.random_id,
        t.ident,
    ];
    let mut k = 0;
    for v in text {
        r[k] = v;
        k += 1;
    }
    let e = &line.ev;
    // kinds in Kind::ALL order: breadcrumb meta share editor nav footer template
    let chrome = |k: Kind| f(e.found == Some(Label::Chrome(k)));
    let found = [
        e.found_code(),
        f(e.found == Some(Label::Spam)),
        chrome(Kind::Meta),
        chrome(Kind::Nav),
        chrome(Kind::Share),
        chrome(Kind::Footer),
        chrome(Kind::Template),
        f(matches!(e.found, Some(Label::Chrome(Kind::Breadcrumb | Kind::Editor)))),
        f(e.strong),
        f(e.prose),
        e.title as f32,
        f(e.byline),
        f(e.removed),
        f(e.by_context),
        e.before.0 as f32,
        e.before.1 as f32,
        e.after.0 as f32,
        e.after.1 as f32,
    ];
    for v in found {
        r[k] = v;
        k += 1;
    }
    for v in e.cover {
        r[k] = v as f32;
        k += 1;
    }
    for v in [
        page.index.min(400) as f32,
        f(line.blank_before),
        f(line.blank_after),
        page.prose_seen.min(50) as f32,
        page.since_prose.min(100) as f32,
    ] {
        r[k] = v;
        k += 1;
    }
    let neighbour = |l: Option<&Line>| match l {
        Some(l) => [l.text.chars, l.text.stops, f(l.ev.removed), l.ev.found_code(), f(l.is_code())],
        None => [-1.0; 5],
    };
    let p2 = before.len().checked_sub(2).map(|i| &before[i]);
    let p1 = before.last();
    for l in [p2, p1, after.first(), after.get(1)] {
        for v in neighbour(l) {
            r[k] = v;
            k += 1;
        }
    }
    let b = Side::of(before.iter().rev(), e.removed);
    let a = Side::of(after.iter(), e.removed);
    for v in [
        b.prose as f32,
        a.prose as f32,
        b.dist as f32,
        a.dist as f32,
        b.removed as f32,
        a.removed as f32,
        b.code as f32,
        a.code as f32,
        (1 + b.same + a.same) as f32,
        b.long,
        a.long,
    ] {
        r[k] = v;
        k += 1;
    }
    let mean =
        |ls: &[Line]| if ls.is_empty() { 0.0 } else { ls.iter().map(|l| l.vocab).sum::<f32>() / ls.len() as f32 };
    for v in
        [line.vocab, p1.map_or(0.0, |l| l.vocab), after.first().map_or(0.0, |l| l.vocab), mean(before), mean(after)]
    {
        r[k] = v;
        k += 1;
    }
    debug_assert_eq!(k, COUNT);
    r
}

/// Characters of a line the vocabulary model reads.
pub(crate) const VOCAB_CHARS: usize = 64;

/// The keys of the character pairs (bigrams) the vocabulary model reads in a
/// line, in reading order (a pair read twice is given twice): `^`, the first
/// [`VOCAB_CHARS`] characters other than white space (ASCII letters
/// lower-cased, ASCII digits as `0`), and `$` if the line ends there. The
/// model sums the weights of the distinct keys in key order ([`vocab_keys`]);
/// `train/zhtrain.py` computes the same keys.
pub(crate) fn vocab_pairs(line: &str, keys: &mut Vec<u64>) {
    keys.clear();
    let mut prev = '^';
    for (n, c) in line.chars().filter(|c| !is_space(*c)).enumerate() {
        if n == VOCAB_CHARS {
            return;
        }
        let c = if c.is_ascii_digit() { '0' } else { c.to_ascii_lowercase() };
        keys.push(pair(prev, c));
        prev = c;
    }
    keys.push(pair(prev, '$'));
}

/// The distinct keys of [`vocab_pairs`], sorted.
#[cfg(test)]
pub(crate) fn vocab_keys(line: &str, keys: &mut Vec<u64>) {
    vocab_pairs(line, keys);
    keys.sort_unstable();
    keys.dedup();
}

pub(crate) fn pair(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;
    use std::sync::OnceLock;

    /// The measurement as first written (a char loop with the standard
    /// library's classes, code words by aho-corasick): the fast one must agree.
    fn reference(raw: &str, full: bool) -> Text {
        let line = raw.trim();
        let mut t = Text::default();
        let mut indent = 0f32;
        for c in raw.chars() {
            match c {
                ' ' | '\u{3000}' | '\u{a0}' => indent += 1.0,
                '\t' => indent += 4.0,
                _ => break,
            }
        }
        t.indent = indent.min(32.0);
        let (mut n, mut cjk, mut latin, mut digit, mut punct) = (0u32, 0u32, 0u32, 0u32, 0u32);
        let (mut stops, mut commas, mut seps, mut pipes, mut tabs, mut syntax) = (0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
        let (mut run, mut best_run, mut gaps, mut in_gap, mut ascii_punct) = (0u32, 0u32, 0u32, false, 0u32);
        let mut colon_at: Option<u32> = None;
        for c in line.chars() {
            if c.is_whitespace() {
                if c == '\t' {
                    tabs += 1;
                }
                if !in_gap {
                    gaps += 1;
                    in_gap = true;
                }
                run = 0;
                continue;
            }
            in_gap = false;
            n += 1;
            if is_cjk(c as u32) {
                cjk += 1;
                run += 1;
                best_run = best_run.max(run);
                continue;
            }
            run = 0;
            if c.is_ascii_alphabetic() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ') {
                latin += 1;
            } else if c.is_ascii_digit() || matches!(c, '０'..='９') {
                digit += 1;
            } else if !crate::text::charclass::is_alphanumeric(c) {
                punct += 1;
                if c.is_ascii() {
                    ascii_punct += 1;
                }
                match c {
                    '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' => stops += 1,
                    '，' | ',' | '、' => commas += 1,
                    '|' | '｜' => {
                        pipes += 1;
                        seps += 1
                    }
                    '/' | '>' | '›' | '»' | '·' | '•' | '-' | '_' | '＞' | '／' | '→' => seps += 1,
                    ':' | '：' if colon_at.is_none() => colon_at = Some(n - 1),
                    _ => {}
                }
                if matches!(c, '{' | '}' | '(' | ')' | ';' | '=' | '<' | '>' | '[' | ']') {
                    syntax += 1;
                }
            }
        }
        let nf = n.max(1) as f32;
        t.chars = n as f32;
        t.cjk = cjk as f32 / nf;
        t.latin = latin as f32 / nf;
        t.digit = digit as f32 / nf;
        t.punct = punct as f32 / nf;
        t.gaps = gaps as f32;
        t.stops = stops as f32;
        t.commas = commas as f32;
        t.seps = seps as f32;
        t.pipes = pipes as f32;
        t.tabs = tabs as f32;
        t.code_syntax = syntax as f32 / nf;
        t.cjk_run = best_run as f32;
        t.tokens = if n == 0 { 0.0 } else { (gaps + 1) as f32 };
        if let Some(at) = colon_at {
            t.colon_at = at as f32;
            t.after_colon = (n - at - 1) as f32;
        } else {
            t.colon_at = -1.0;
            t.after_colon = -1.0;
        }
        let last = line.chars().next_back();
        t.ends_stop = f(matches!(last, Some('。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' | '”' | '」')));
        // code words, URLs, markup and identifiers are ASCII
        let ascii = latin > 0 || ascii_punct > 0;
        if ascii {
            // code words are looked for in the line's first CODE_BYTES bytes (code lines are short)
            let head = &line.as_bytes()[..line.len().min(CODE_BYTES)];
            t.code_words = code_words_by_aho_corasick(head) as f32;
        }
        if !full {
            return t;
        }
        t.ends_colon = f(matches!(last, Some(':' | '：')));
        t.ends_comma = f(matches!(last, Some('，' | ',' | '、')));
        let first = line.chars().next();
        t.opens_bracket = f(matches!(first, Some('【' | '[' | '〔' | '(' | '（' | '「' | '《')));
        t.closes_bracket = f(matches!(last, Some('】' | ']' | '〕' | ')' | '）' | '」' | '》')));
        let has = |needle: &str| memchr::memmem::find(line.as_bytes(), needle.as_bytes()).is_some();
        t.url = f(ascii
            && (has("http")
                || has("HTTP")
                || has("www.")
                || has(".com")
                || has(".cn")
                || (line.contains('@') && line.contains('.'))));
        t.date = f(digit > 0 && has_date(line));
        t.time = f(digit > 0 && has_time(line));
        t.bullet = f(is_bullet(line));
        let tail = &line.as_bytes()[line.len().saturating_sub(5)..];
        t.file_name = f(FILE_ENDINGS
            .iter()
            .any(|e| tail.len() >= e.len() && tail[tail.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())));
        t.markup = f(line.starts_with('<') && line.contains('>'));
        t.ruler = f(line.starts_with('#')
            || (line.len() >= 3 && line.bytes().all(|b| matches!(b, b'-' | b'=' | b'|' | b':' | b' ' | b'*'))));
        if line.starts_with('<') {
            let m = Markup::of(line);
            t.markup_only = f(m.only_tags);
            t.empty_tags = m.empty as f32;
            t.random_id = f(m.random_id);
        }
        t.ident = f(!line.contains(char::is_whitespace)
            && line.is_ascii()
            && line.bytes().any(|b| b.is_ascii_alphabetic())
            && line.bytes().any(|b| b == b'_' || b.is_ascii_digit())
            && line.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
        t
    }

    fn same(a: &Text, b: &Text) -> bool {
        // Debug tells -0.0 from 0.0, which print differently in a feature row
        format!("{a:?}") == format!("{b:?}")
    }

    fn agrees(raw: &str) {
        for full in [true, false] {
            let (fast, slow) = (Text::measure(raw, full), reference(raw, full));
            assert!(same(&fast, &slow), "{raw:?} (full: {full})\nfast {fast:?}\nslow {slow:?}");
        }
        // what the neighbours read, and only that
        let (light, slow) = (Text::for_neighbours(raw), reference(raw, false));
        let read = |t: &Text| Text {
            chars: t.chars,
            stops: t.stops,
            code_syntax: t.code_syntax,
            code_words: t.code_words,
            indent: t.indent,
            ends_stop: t.ends_stop,
            ..Text::default()
        };
        assert!(same(&light, &read(&slow)), "{raw:?} (for neighbours)\nfast {light:?}\nslow {slow:?}");
    }

    #[test]
    fn classes_fast_paths_are_exact() {
        for u in (0x80..=0x10FFFFu32).filter(|u| char::from_u32(*u).is_some() && !is_cjk(*u)) {
            assert_eq!(classes(u), classes_of(u), "U+{u:04X}");
        }
    }

    #[test]
    fn fast_measure_agrees_on_the_pages() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/pages");
        let mut lines = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            for l in text.lines() {
                agrees(l);
                lines += 1;
            }
        }
        assert!(lines > 10_000, "{lines} lines read");
    }

    #[test]
    fn fast_measure_agrees_on_every_character() {
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            agrees(&format!("字{c}字 {c}"));
        }
    }

    #[test]
    fn fast_measure_agrees_on_odd_lines() {
        for l in [
            "",
            " ",
            "\t",
            "　\u{a0} x",
            "\u{b}a\u{1c}b\u{85}c\u{2028}d",
            "ＡＢ１２：ｘ",
            "a:b:c",
            "：冒号",
            "䷀䷁",
            "\u{1680}字\u{2000}字\u{200a}\u{202f}字\u{205f}字\u{2028}\u{85}字！？；…",
            "全角ｚ字",
            "全角Ａ",
            "１２３，４",
            "中䷀文䷿字 丁",
            "㐀㐁丁",
            "豈更",
            "𠀀𠀁字",
            "Return SELF.x => {}",
            "IMPORT os;FROM x",
            "<th id=\"ab12\"></th>",
            "1.23.jpg",
            "http://x.cn",
            "a@b.c",
            "|｜/>›»·•-_＞／→",
            "。！？!?；;…",
            "\u{7f}\u{0}\u{1f}",
            "é ü ß ñ",
            "ｘ＝１；",
            "def ",
            "de",
            "\"); x",
        ] {
            agrees(l);
        }
        // past the 65,535-byte blocks of the ASCII counts
        agrees(&"{; 字".repeat(20_000));
    }

    fn code_words_by_aho_corasick(head: &[u8]) -> u32 {
        static AC: OnceLock<AhoCorasick> = OnceLock::new();
        let ac = AC.get_or_init(|| AhoCorasick::builder().ascii_case_insensitive(true).build(CODE_WORDS).unwrap());
        let mut seen = 0u64;
        for m in ac.find_overlapping_iter(head) {
            seen |= 1 << m.pattern().as_usize();
        }
        seen.count_ones()
    }

    proptest::proptest! {
        #[test]
        fn code_words_as_aho_corasick_finds_them(
            head in "((def |RETURN|import |Function|var |if \\(|for \\(|else|true|NULL|self\\.|\\$\\{|'\\);|#include|print\\(|console\\.|sudo |git |let |void )|[a-z0-9 (){};=<>/*!&|#.$'\":_-]){0,24}"
        ) {
            proptest::prop_assert_eq!(code_words(head.as_bytes()), code_words_by_aho_corasick(head.as_bytes()));
        }

        #[test]
        fn fast_measure_agrees_on_any_line(raw in "[ \t　\u{a0}a-zA-Z0-9_{}();=<>\\[\\]|/:.,!?@#\"'*$&-]{0,6}(\\PC|[ 中文。，、：；！？｜ＡＺａｚ０９…·—“”䷀䷿㐀豈𠀀]){0,40}") {
            agrees(&raw);
        }
    }

    #[test]
    fn measures_a_code_line() {
        let t = Text::of("    return self.items[index];");
        assert_eq!(t.indent, 4.0);
        assert!(t.code_words >= 2.0, "{t:?}");
        assert_eq!(t.ends_stop, 1.0);
        assert_eq!(t.cjk, 0.0);
    }

    #[test]
    fn measures_a_meta_line() {
        let t = Text::of("发布时间：2023-08-23 07:52 来源：中国社区报");
        assert_eq!(t.date, 1.0);
        assert_eq!(t.time, 1.0);
        assert_eq!(t.colon_at, 4.0);
        assert_eq!(t.gaps, 2.0);
        assert_eq!(t.url, 0.0);
    }

    #[test]
    fn measures_a_sentence() {
        let t = Text::of("县里召开森林防火工作会议，部署今冬明春防火工作。");
        assert_eq!(t.ends_stop, 1.0);
        assert_eq!(t.commas, 1.0);
        assert_eq!(t.stops, 1.0);
        assert_eq!(t.cjk, 22.0 / 24.0);
        assert_eq!(t.cjk_run, 12.0);
        assert_eq!(t.code_words, 0.0);
    }

    #[test]
    fn names_match_the_row() {
        let line = Line { text: Text::of("正文"), ..Line::default() };
        let r = row(&[], &line, &[], &Page::default());
        assert_eq!(r.len(), NAMES.len());
    }

    #[test]
    fn vocab_keys_are_distinct_pairs() {
        let mut keys = Vec::new();
        vocab_keys(" 首页 首页 A1", &mut keys);
        // ^首 首页 页首 页a a0 0$ (`首页` twice counts once)
        assert_eq!(keys.len(), 6);
        assert!(keys.contains(&pair('a', '0')) && keys.contains(&pair('^', '首')) && keys.contains(&pair('0', '$')));
        vocab_keys(&"字".repeat(100), &mut keys);
        assert_eq!(keys, vec![pair('^', '字'), pair('字', '字')], "read up to VOCAB_CHARS, no end mark");
    }

    #[test]
    fn injected_markup() {
        let t = Text::of(r#"<address id="fpxfr"><th id="fpxfr"><progress id="fpxfr"></progress></th></address>"#);
        assert_eq!((t.markup_only, t.random_id), (1.0, 1.0));
        assert!(t.empty_tags >= 1.0);
        let t = Text::of(r#"<div id="title"></div>"#);
        assert_eq!((t.markup_only, t.empty_tags, t.random_id), (1.0, 1.0, 0.0), "a word is no generated id");
        let t = Text::of(r#"<p class="x">正文</p>"#);
        assert_eq!((t.markup_only, t.empty_tags), (0.0, 0.0));
        assert_eq!(Text::of("dushi_top_nav_28").ident, 1.0);
        assert_eq!(Text::of("hello world").ident, 0.0);
    }

    #[test]
    fn dates_times_bullets_files() {
        assert!(has_date("2023年8月") && has_date("于2019/3/1发布") && has_date("8月23日") && !has_date("共2023人"));
        assert!(has_time("发表于 07:52") && !has_time("比分 3:1") && !has_time("12:345"));
        assert!(is_bullet("1. 安装") && is_bullet("（一）总则") && is_bullet("一、总则") && !is_bullet("2023年"));
        assert_eq!(Text::of("截屏2022-11-15 下午1.23.30.jpg").file_name, 1.0);
    }
}
