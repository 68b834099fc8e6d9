//! Encoding detection and streaming decoding to UTF-8.
//!
//! Detection looks at a bounded prefix only: a byte-order mark wins, then a
//! prefix that is valid UTF-8 (or mostly so, see [`detect`]) is UTF-8, and
//! anything else is left to `chardetng`. Non-UTF-8 input is transcoded by [`Transcoder`] as it is read,
//! so everything after this module sees UTF-8 bytes.

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, UTF_8};

use crate::error::Error;

/// How many bytes of an input are examined to guess its encoding.
pub const DETECT_PREFIX: usize = 64 * 1024;

/// The outcome of looking at an input's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The encoding the input will be decoded with.
    pub encoding: &'static encoding_rs::Encoding,
    /// Length of the byte-order mark at the start of the input, to be skipped.
    pub bom_len: usize,
    /// Whether the encoding is a guess from too little text (a line or two).
    pub guessed: bool,
}

/// A text encoding to decode input with: any of the WHATWG Encoding
/// Standard's (`gbk`, `gb18030`, `big5`, `utf-8`, `utf-16le`, ...).
///
/// ```
/// let enc: zhclean::Encoding = "GB2312".parse().unwrap();
/// assert_eq!(enc.name(), "GBK");
/// assert!("klingon".parse::<zhclean::Encoding>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding(&'static encoding_rs::Encoding);

impl Encoding {
    /// The encoding a label names (case and surrounding white space do not matter).
    pub fn for_label(label: &str) -> Result<Self, Error> {
        encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .map(Encoding)
            .ok_or_else(|| Error::UnknownEncoding(label.to_string()))
    }

    /// The encoding's name (`UTF-8`, `GBK`, `Big5`, ...).
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// Whether this is UTF-16 (either byte order), whose text is full of NUL bytes.
    pub fn is_utf16(self) -> bool {
        self.0 == encoding_rs::UTF_16LE || self.0 == encoding_rs::UTF_16BE
    }
}

impl std::str::FromStr for Encoding {
    type Err = Error;

    fn from_str(label: &str) -> Result<Self, Error> {
        Encoding::for_label(label)
    }
}

/// Guesses the encoding of an input from its first bytes.
///
/// `is_eof` says whether `prefix` is the whole input (so that a multi-byte
/// sequence cut off at its end counts as invalid).
///
/// A prefix that is not valid UTF-8 is still taken as UTF-8 when its valid
/// three- and four-byte sequences (CJK text) number at least a quarter of its
/// invalid ones: a UTF-8 page with a stray byte, or with lines pasted in from a
/// GBK page, is UTF-8 (the stream decodes such lines on their own), not
/// windows-1252 mojibake. GBK, GB18030, Big5, Shift_JIS and EUC-KR text makes
/// at most about one such sequence per twenty invalid ones.
pub fn detect(prefix: &[u8], is_eof: bool) -> Detected {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(prefix) {
        return Detected { encoding, bom_len, guessed: false };
    }
    if is_utf8_prefix(prefix, is_eof) || mostly_utf8(prefix) {
        return Detected { encoding: UTF_8, bom_len: 0, guessed: false };
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(prefix, is_eof);
    let (mut encoding, sure) = det.guess_assess(None, true);
    let little = prefix.iter().filter(|b| !b.is_ascii()).count() < LITTLE_EVIDENCE;
    let guessed = little || !sure;
    // On a line or two, the Korean and Japanese encodings win as often as the
    // Chinese ones they share byte ranges with (`登录` in GBK reads as EUC-KR
    // `되쩌`); this program reads Chinese pages, so with little evidence the
    // Chinese encoding that still fits the bytes wins.
    let chinese = [encoding_rs::GBK, encoding_rs::GB18030, encoding_rs::BIG5];
    if guessed && !chinese.contains(&encoding) {
        let fits = |e: &'static encoding_rs::Encoding| {
            let cut = if is_eof { prefix } else { &prefix[..prefix.len().saturating_sub(1)] };
            e.decode_without_bom_handling_and_without_replacement(cut).is_some()
        };
        match (fits(encoding_rs::GBK), fits(encoding_rs::BIG5)) {
            // both fit: the one whose reading has more of its common characters
            (true, true) if common_pairs(prefix, big5_common) > common_pairs(prefix, gbk_common) => {
                encoding = encoding_rs::BIG5
            }
            (true, _) => encoding = encoding_rs::GBK,
            (false, true) => encoding = encoding_rs::BIG5,
            (false, false) => {}
        }
    }
    Detected { encoding, bom_len: 0, guessed }
}

/// How many double-byte characters of `bytes` are common ones by `common(lead, trail)`.
fn common_pairs(bytes: &[u8], common: fn(u8, u8) -> bool) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        if let Some(&trail) = bytes.get(i + 1) {
            n += usize::from(common(bytes[i], trail));
        }
        i += 2;
    }
    n
}

/// GB2312's first level: the 3,755 most common simplified characters.
fn gbk_common(lead: u8, trail: u8) -> bool {
    (0xB0..=0xD7).contains(&lead) && (0xA1..=0xFE).contains(&trail)
}

/// Big5's frequent characters: the 5,401 of leads A4 to C6.
fn big5_common(lead: u8, _trail: u8) -> bool {
    (0xA4..=0xC6).contains(&lead)
}

/// Fewer non-ASCII bytes than this (a few dozen characters) are too little
/// text to tell the CJK encodings apart reliably.
const LITTLE_EVIDENCE: usize = 64;

/// An input after its prefix was read: the prefix (without a byte-order mark), then the rest.
pub type Body<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// Reads a prefix of `input`, detects its encoding (or takes `forced`) and
/// returns it with a reader over the whole input after any byte-order mark.
pub fn sniff<R: Read>(mut input: R, forced: Option<Encoding>) -> io::Result<(Detected, Body<R>)> {
    let mut prefix = Vec::with_capacity(DETECT_PREFIX);
    let eof = (&mut input).take(DETECT_PREFIX as u64).read_to_end(&mut prefix)? < DETECT_PREFIX;
    let det = match forced {
        Some(Encoding(encoding)) => {
            let bom_len = match encoding_rs::Encoding::for_bom(&prefix) {
                Some((e, n)) if e == encoding => n,
                _ => 0,
            };
            Detected { encoding, bom_len, guessed: false }
        }
        None => detect(&prefix, eof),
    };
    let body = prefix.split_off(det.bom_len.min(prefix.len()));
    Ok((det, io::Cursor::new(body).chain(input)))
}

/// True when `bytes` is valid UTF-8, allowing a sequence cut off at the end
/// unless `is_eof`.
fn is_utf8_prefix(bytes: &[u8], is_eof: bool) -> bool {
    // simdutf8's compat API reports errors exactly as std's does, with SIMD
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => !is_eof && e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4,
    }
}

/// Whether bytes that are not valid UTF-8 are mostly UTF-8 CJK text anyway.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (good, bad) = utf8_evidence(bytes);
    good >= 4 && good * 4 >= bad
}

/// Whether one line that is not valid UTF-8 is still UTF-8 text with a few
/// bad bytes (a stray byte, a character cut off by a crawler's byte limit):
/// it has a valid three- or four-byte sequence per four invalid ones at
/// least. GBK and Big5 lines make about one per twenty by chance, so only
/// lines without that much UTF-8 in them are tried as GB18030.
pub(crate) fn utf8_line_with_bad_bytes(bytes: &[u8]) -> bool {
    let (good, bad) = utf8_evidence(bytes);
    good >= 1 && good * 4 >= bad
}

/// The valid three- and four-byte UTF-8 sequences of `bytes`, and its invalid ones.
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let wide = |s: &str| s.chars().filter(|c| c.len_utf8() >= 3).count();
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += wide(s);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good += std::str::from_utf8(valid).map_or(0, wide);
                match e.error_len() {
                    Some(n) => {
                        bad += 1;
                        rest = &after[n..];
                    }
                    None => {
                        bad += 1; // a sequence cut off at the end
                        break;
                    }
                }
            }
        }
    }
    (good, bad)
}

/// Decodes a stream in `encoding` into UTF-8 as it is read.
///
/// Malformed sequences become U+FFFD; [`Transcoder::had_replacements`] tells
/// whether any did.
pub struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    raw_pos: usize,
    raw_end: usize,
    eof: bool,
    done: bool,
    replaced: bool,
}

impl<R: Read> Transcoder<R> {
    /// Wraps `inner`, whose bytes (after any BOM the caller skipped) are in `encoding`.
    pub fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Transcoder {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; 64 * 1024],
            raw_pos: 0,
            raw_end: 0,
            eof: false,
            done: false,
            replaced: false,
        }
    }

    /// Whether malformed input was replaced by U+FFFD so far.
    pub fn had_replacements(&self) -> bool {
        self.replaced
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // The decoder may need room for a whole character; ask the caller for more.
        if out.len() < 8 {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "transcoder needs a buffer of 8 bytes or more"));
        }
        loop {
            if self.done {
                return Ok(0);
            }
            if self.raw_pos == self.raw_end && !self.eof {
                let n = loop {
                    match self.inner.read(&mut self.raw) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    }
                };
                self.raw_pos = 0;
                self.raw_end = n;
                self.eof = n == 0;
            }
            let src = &self.raw[self.raw_pos..self.raw_end];
            let (result, read, written, replaced) = self.decoder.decode_to_utf8(src, out, self.eof);
            self.raw_pos += read;
            self.replaced |= replaced;
            if self.eof && result == CoderResult::InputEmpty && self.raw_pos == self.raw_end {
                self.done = true;
            }
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_example_1() {
        use crate::input::decode::detect;
        assert_eq!(detect("當前位置".as_bytes(), true).encoding.name(), "UTF-8");
        let (gbk, _, _) = encoding_rs::GB18030.encode("当前位置：首页 > 新闻中心 > 正文，浏览量");
        assert_eq!(detect(&gbk, true).encoding.name(), "GBK");
    }

    #[test]
    fn doc_example_2() {
        let (det, mut body) = crate::input::decode::sniff(&b"\xef\xbb\xbfabc"[..], None).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut body, &mut text).unwrap();
        assert_eq!((det.encoding.name(), det.bom_len, text.as_str()), ("UTF-8", 3, "abc"));
    }

    fn transcode(bytes: &[u8], enc: &'static encoding_rs::Encoding, chunk: usize) -> (String, bool) {
        struct Chunky<'a>(&'a [u8], usize);
        impl Read for Chunky<'_> {
            fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(b.len());
                b[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut t = Transcoder::new(Chunky(bytes, chunk), enc);
        let mut out = Vec::new();
        let mut buf = [0u8; 16];
        loop {
            let n = t.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        (String::from_utf8(out).unwrap(), t.had_replacements())
    }

    #[test]
    fn detects_bom_utf8_and_utf16() {
        let d = detect(b"\xef\xbb\xbfabc", true);
        assert_eq!((d.encoding.name(), d.bom_len), ("UTF-8", 3));
        let d = detect(b"\xff\xfea\x00", true);
        assert_eq!((d.encoding.name(), d.bom_len), ("UTF-16LE", 2));
    }

    #[test]
    fn cut_utf8_sequence_at_prefix_end_is_still_utf8() {
        let s = "新聞中心".as_bytes();
        assert_eq!(detect(&s[..s.len() - 1], false).encoding, UTF_8);
        assert_ne!(detect(&s[..s.len() - 1], true).encoding, UTF_8);
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let mut bytes = "新聞中心發布的消息，內容很長很長很長。".repeat(3).into_bytes();
        bytes.extend_from_slice(b"\xff\xfe");
        bytes.extend_from_slice("第二段。".as_bytes());
        assert_eq!(detect(&bytes, true).encoding, UTF_8);
        // GBK text is not mistaken for damaged UTF-8
        let (gbk, _, _) = encoding_rs::GB18030.encode("新闻中心发布的消息，内容很长很长很长。");
        assert_ne!(detect(&gbk, true).encoding, UTF_8);
    }

    #[test]
    fn mostly_utf8_is_utf8() {
        let text = "县里召开森林防火工作会议，部署今冬明春防火工作。";
        // one stray byte
        let mut stray = text.as_bytes().to_vec();
        stray.insert(9, 0xff);
        assert_eq!(detect(&stray, true).encoding, UTF_8);
        // a GBK line before a UTF-8 line of the same length
        let mut mixed = encoding_rs::GBK.encode(text).0.into_owned();
        mixed.push(b'\n');
        mixed.extend_from_slice(text.as_bytes());
        assert_eq!(detect(&mixed, true).encoding, UTF_8);
        // but GBK and Big5 text stays what it is
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(detect(&gbk, true).encoding.name(), "GBK");
    }

    #[test]
    fn detects_big5_traditional_text() {
        let text =
            "當前位置：首頁 > 新聞中心 > 媒體報道 > 正文。浙江作為中國革命紅船起航地、改革開放先行地，始終以堅定不移。";
        let (big5, _, _) = encoding_rs::BIG5.encode(text);
        assert_eq!(detect(&big5, true).encoding.name(), "Big5");
    }

    #[test]
    fn transcodes_in_small_chunks() {
        let text = "社區治理，浙江：和諧共治\n第二行";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(transcode(&gbk, encoding_rs::GB18030, chunk), (text.to_string(), false));
        }
    }

    #[test]
    fn malformed_input_is_replaced_not_dropped() {
        let (out, replaced) = transcode(b"ab\x81\xffcd", encoding_rs::GBK, 3);
        assert!(replaced);
        assert!(out.starts_with("ab") && out.ends_with("cd") && out.contains('\u{fffd}'));
    }

    /// Hands out `data` in reads of the `sizes`, in turn.
    struct Chunky<'a> {
        data: &'a [u8],
        sizes: Vec<usize>,
        next: usize,
    }

    impl Read for Chunky<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let want = self.sizes.get(self.next % self.sizes.len().max(1)).copied().unwrap_or(1).max(1);
            self.next += 1;
            let n = want.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    use proptest::prelude::*;

    proptest! {
        /// (3) for the decoder: transcoding does not depend on the sizes of the
        /// reads below it or of the buffers above it.
        #[test]
        fn transcoder_does_not_depend_on_read_sizes(
            bytes in proptest::collection::vec(any::<u8>(), 0..2000),
            page in "[当前位置首页新闻中心正文網頁，。：a-zA-Z0-9 \\n\\r]{0,300}",
            enc in proptest::sample::select(&["gb18030", "gbk", "big5", "utf-16le", "utf-16be", "shift_jis"][..]),
            sizes in proptest::collection::vec(1usize..100, 1..6),
            out_size in 8usize..64,
        ) {
            let encoding = encoding_rs::Encoding::for_label(enc.as_bytes()).expect("label");
            let mut input = encoding.encode(&page).0.into_owned();
            input.extend_from_slice(&bytes);
            let (expected, had_errors) = encoding.decode_without_bom_handling(&input);
            let mut t = Transcoder::new(Chunky { data: &input, sizes, next: 0 }, encoding);
            let mut out = Vec::new();
            let mut buf = vec![0u8; out_size];
            loop {
                let n = t.read(&mut buf).expect("reading a slice cannot fail");
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
            }
            prop_assert_eq!(String::from_utf8(out).expect("transcoder writes UTF-8"), expected.into_owned());
            prop_assert_eq!(t.had_replacements(), had_errors);
        }
    }
}
