//! Looking at text eight bytes at a time, for the JSON reader and writer: finding the bytes JSON
//! escapes, and runs of indentation. Words are read little-endian, so the lowest flagged bit
//! belongs to the first flagged byte in text order.

const LOW_BITS: u64 = u64::from_le_bytes([0x01; 8]);
const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);

/// Eight bytes of text as a word.
pub(crate) fn word(eight: &[u8; 8]) -> u64 {
    u64::from_le_bytes(*eight)
}

/// Whether JSON escapes `byte`: `"`, `\` and the control bytes.
pub(crate) fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The top bit of each of eight bytes that JSON escapes; zero when there is none. The lowest
/// set bit is always a real one (a borrow only runs upward).
pub(crate) fn escape_bits(word: u64) -> u64 {
    // A byte below `n` borrows into its own top bit when `n` is subtracted from every byte.
    let below = |v: u64, n: u8| v.wrapping_sub(LOW_BITS * u64::from(n)) & !v & HIGH_BITS;
    // Flipping bit 1 maps `"` (0x22) to 0x20 and keeps 0x00–0x1F below 0x20, so one test
    // finds both; no other byte lands below 0x21.
    below(word ^ (LOW_BITS * 0x02), 0x21) | below(word ^ (LOW_BITS * u64::from(b'\\')), 1)
}

/// How many of the eight bytes of `word` (in text order) are spaces or newlines before the
/// first that is not; tabs and returns end the run.
pub(crate) fn spaces_and_newlines(word: u64) -> usize {
    // The top bit of each byte equal to `byte`: adding 0x7F to the low seven bits sets the top
    // bit of every byte but zero, and never carries into the next byte.
    let equal = |byte: u8| {
        let x = word ^ (LOW_BITS * u64::from(byte));
        !(((x & !HIGH_BITS) + !HIGH_BITS) | x) & HIGH_BITS
    };
    let other = !(equal(b' ') | equal(b'\n')) & HIGH_BITS;
    (other.trailing_zeros() / 8) as usize
}

/// Whether JSON escapes any of sixteen bytes, in one step of 128-bit SIMD (the component; see
/// `write::needs_escape`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) fn sixteen_escaped(sixteen: &[u8; 16]) -> bool {
    use core::arch::wasm32::{u64x2, u8x16_eq, u8x16_lt, u8x16_splat, v128_any_true, v128_or};
    let (low, high) = sixteen.split_at(8);
    let half = |eight: &[u8]| eight.first_chunk::<8>().map_or(0, word);
    let bytes = u64x2(half(low), half(high));
    let control = u8x16_lt(bytes, u8x16_splat(0x20));
    let quote = u8x16_eq(bytes, u8x16_splat(b'"'));
    let backslash = u8x16_eq(bytes, u8x16_splat(b'\\'));
    v128_any_true(v128_or(control, v128_or(quote, backslash)))
}
