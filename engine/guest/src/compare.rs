//! `memcmp` and `bcmp` for the evaluator. The prebuilt ones in Rust's wasm32 standard library
//! compare a byte at a time, and every `==` between two strings of one length calls one: event,
//! fact and field names, some 250 times an evaluation. Here up to sixteen bytes (most names) in
//! two words without a loop, longer runs eight bytes a step.

/// Compares `n` bytes at `a` and `b`, as C's `memcmp`: the difference of the first unequal
/// bytes, or zero.
///
/// # Safety
/// Both ranges must be readable for `n` bytes.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // Most calls compare names of up to sixteen bytes: two words, overlapping when shorter, and
    // no loop (in wasm each loop step also checks the epoch deadline). Where a later word
    // overlaps an earlier one, the overlap is equal already, so its first difference is the
    // first of all.
    // SAFETY (every block): each word read lies within the first `n` bytes.
    if n > 16 {
        let mut at = 0;
        while at + 8 < n {
            if let Some(order) = unsafe { words_differ(eight, a, b, at) } {
                return order;
            }
            at += 8;
        }
        return unsafe { words_differ(eight, a, b, n - 8) }.unwrap_or(0);
    }
    if n >= 8 {
        return unsafe { words_differ(eight, a, b, 0).or_else(|| words_differ(eight, a, b, n - 8)) }.unwrap_or(0);
    }
    if n >= 4 {
        return unsafe { words_differ(four, a, b, 0).or_else(|| words_differ(four, a, b, n - 4)) }.unwrap_or(0);
    }
    // At most three bytes, in a loop of fixed length that unrolls (one over `n` could be turned
    // back into a call to `memcmp`).
    for at in 0..3 {
        if at < n {
            // SAFETY: `at < n`.
            let d = unsafe { difference(a, b, at) };
            if d != 0 {
                return d;
            }
        }
    }
    0
}

/// Eight bytes at `at`, read little-endian.
///
/// # Safety
/// The bytes must be readable.
unsafe fn eight(from: *const u8, at: usize) -> u64 {
    // SAFETY: the caller's promise; wasm loads need no alignment.
    u64::from_le(unsafe { from.add(at).cast::<u64>().read_unaligned() })
}

/// Four bytes at `at`, read little-endian.
///
/// # Safety
/// The bytes must be readable.
unsafe fn four(from: *const u8, at: usize) -> u64 {
    // SAFETY: as above.
    u32::from_le(unsafe { from.add(at).cast::<u32>().read_unaligned() }).into()
}

/// The order of the first unequal bytes of the words `read` finds at `at` in `a` and `b`.
///
/// # Safety
/// The words' bytes must be readable.
unsafe fn words_differ(read: unsafe fn(*const u8, usize) -> u64, a: *const u8, b: *const u8, at: usize) -> Option<i32> {
    // SAFETY: the caller's promise, passed on.
    unsafe { first_unequal(a, b, at, read(a, at), read(b, at)) }
}

/// Where words `x` and `y`, read little-endian at `at`, differ: the order of their first unequal
/// bytes (the lowest differing bit is in the first differing byte).
///
/// # Safety
/// The bytes of the words at `at` must be readable.
unsafe fn first_unequal(a: *const u8, b: *const u8, at: usize, x: u64, y: u64) -> Option<i32> {
    // SAFETY: the differing byte lies within the words.
    (x != y).then(|| unsafe { difference(a, b, at + (x ^ y).trailing_zeros() as usize / 8) })
}

/// Whether `n` bytes at `a` and `b` differ (non-zero) or not (zero), as `memcmp` answers.
///
/// # Safety
/// As for [`memcmp`].
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: the caller's promise, passed on.
    unsafe { memcmp(a, b, n) }
}

/// `a[at] - b[at]`.
///
/// # Safety
/// Byte `at` of both must be readable.
unsafe fn difference(a: *const u8, b: *const u8, at: usize) -> i32 {
    // SAFETY: the caller's promise.
    unsafe { i32::from(*a.add(at)) - i32::from(*b.add(at)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
        assert_eq!(a.len(), b.len());
        // SAFETY: both slices are `a.len()` long.
        let (ours, equal) = unsafe {
            (
                memcmp(a.as_ptr(), b.as_ptr(), a.len()),
                bcmp(a.as_ptr(), b.as_ptr(), a.len()),
            )
        };
        assert_eq!(ours == 0, equal == 0);
        ours.cmp(&0)
    }

    #[test]
    fn orders_as_byte_slices_order_with_the_first_difference_anywhere() {
        let bytes = [0x00, 0x01, 0x22, 0x7f, 0x80, 0xe5, 0xff];
        for len in 0..=40 {
            let base: Vec<u8> = (0..len).map(|i| (i * 37 % 251) as u8).collect();
            assert_eq!(compare(&base, &base), std::cmp::Ordering::Equal);
            for at in 0..len {
                for &x in &bytes {
                    for &y in &bytes {
                        let (mut a, mut b) = (base.clone(), base.clone());
                        a[at] = x;
                        b[at] = y;
                        // A later difference the other way must not count.
                        if at + 1 < len {
                            a[len - 1] = 0x00;
                            b[len - 1] = 0xff;
                        }
                        assert_eq!(compare(&a, &b), a.cmp(&b), "len {len}, at {at}: {x:#x} against {y:#x}");
                    }
                }
            }
        }
    }
}
