//! Character classes on the hot path, answered without Unicode table
//! look-ups for the characters scraped Chinese pages are made of.
//!
//! Each function returns exactly what its `char` counterpart in `std`
//! returns (the tests check every code point of the fast ranges); only the
//! cost differs: `char::is_alphanumeric` binary-searches a table for every
//! ideograph.

/// The CJK Unified Ideographs (`U+4E00..=U+9FFF`): most characters of a Chinese page.
pub const UNIFIED_IDEOGRAPHS: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

/// Whether `c` counts as a CJK character (for the rules' counts and the
/// repairs): Extension A, the Unified Ideographs (with the few symbols
/// between them) and the Compatibility Ideographs. The one definition of
/// the CJK range.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF)
}

/// Same as [`char::is_whitespace`], without its table look-up for ideographs.
#[inline]
pub fn is_space(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return matches!(u, 0x09..=0x0D | 0x20);
    }
    u <= 0x3000 && matches!(u, 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000)
}

/// The CJK ideograph ranges that are letters throughout: Extension A
/// (`U+3400..=U+4DBF`) and the Unified Ideographs.
/// (`U+4DC0..=U+4DFF` between them are Yijing hexagram symbols, not letters.)
#[inline]
fn is_ideograph(u: u32) -> bool {
    matches!(u, 0x3400..=0x4DBF) || UNIFIED_IDEOGRAPHS.contains(&u)
}

/// Same as [`char::is_alphanumeric`].
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if is_ideograph(u) || matches!(u, 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A) {
        return true; // ideographs, full-width digits and letters
    }
    if is_punctuation(u) {
        return false;
    }
    c.is_alphanumeric()
}

/// General punctuation (`“”…—`), CJK punctuation and brackets (`、。「」【】`) and
/// full-width ASCII punctuation (`，：（）`): none of them is a letter or a digit.
#[inline]
fn is_punctuation(u: u32) -> bool {
    matches!(u, 0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// The code point that starts at byte `i` of valid UTF-8 `b` with a
/// non-ASCII byte, and its length: for scans that walk bytes and decode only
/// the few characters they look at.
#[inline(always)]
pub(crate) fn decode_at(b: &[u8], i: usize) -> (u32, usize) {
    let x = u32::from(b[i]);
    let c1 = u32::from(b[i + 1] & 0x3F);
    if x < 0xE0 {
        return (((x & 0x1F) << 6) | c1, 2);
    }
    let c2 = u32::from(b[i + 2] & 0x3F);
    if x < 0xF0 {
        return (((x & 0x0F) << 12) | (c1 << 6) | c2, 3);
    }
    let c3 = u32::from(b[i + 3] & 0x3F);
    (((x & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_at_reads_every_non_ascii_code_point_as_chars_does() {
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 5];
            let len = c.encode_utf8(&mut buf[1..]).len();
            assert_eq!(decode_at(&buf, 1), (c as u32, len), "{c:?}");
        }
    }

    #[test]
    fn is_space_is_is_whitespace() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn doc_example_1() {
        use crate::text::charclass::is_alphanumeric;
        assert!(is_alphanumeric('當') && is_alphanumeric('a') && is_alphanumeric('7'));
        assert!(!is_alphanumeric('，') && !is_alphanumeric(' ') && !is_alphanumeric('䷀'));
    }

    #[test]
    fn agrees_with_std_on_every_char() {
        let mut differ = Vec::new();
        for u in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(u) {
                if is_alphanumeric(c) != c.is_alphanumeric() {
                    differ.push(u);
                }
            }
        }
        assert!(differ.is_empty(), "differs from std at {:x?}", &differ[..differ.len().min(10)]);
    }
}
