//! `memcmp` and `bcmp` for the evaluator. The prebuilt ones in Rust's wasm32 standard library
//! compare a byte at a time, and every `==` between two strings of one length calls one: event,
//! fact and field names, some 250 times an evaluation. Here eight bytes at a time, and a short
//! tail without a loop (so the compiler cannot turn it back into a call to `memcmp`).

/// Compares `n` bytes at `a` and `b`, as C's `memcmp`: the difference of the first unequal
/// bytes, or zero.
///
/// # Safety
/// Both ranges must be readable for `n` bytes.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut at = 0;
    while at + 8 <= n {
        // SAFETY: `at + 8 <= n`; wasm loads need no alignment.
        let (x, y) = unsafe {
            (
                a.add(at).cast::<u64>().read_unaligned(),
                b.add(at).cast::<u64>().read_unaligned(),
            )
        };
        // SAFETY: the eight bytes at `at` are readable.
        if let Some(order) = unsafe { first_unequal(a, b, at, u64::from_le(x), u64::from_le(y)) } {
            return order;
        }
        at += 8;
    }
    if at + 4 <= n {
        // SAFETY: `at + 4 <= n`.
        let (x, y) = unsafe {
            (
                a.add(at).cast::<u32>().read_unaligned(),
                b.add(at).cast::<u32>().read_unaligned(),
            )
        };
        // SAFETY: the four bytes at `at` are readable.
        if let Some(order) = unsafe { first_unequal(a, b, at, u32::from_le(x).into(), u32::from_le(y).into()) } {
            return order;
        }
        at += 4;
    }
    // At most three bytes left.
    for _ in 0..3 {
        if at < n {
            // SAFETY: `at < n`.
            let d = unsafe { difference(a, b, at) };
            if d != 0 {
                return d;
            }
            at += 1;
        }
    }
    0
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
