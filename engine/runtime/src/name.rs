//! Comparing names (of events, facts, fields, kinds), which evaluation does hundreds of times a
//! case. A name is a few Chinese characters; up to sixteen bytes are compared here as two
//! words, overlapping when shorter, where `==` calls `memcmp` (in the component, a call that
//! also checks the epoch deadline).

/// Whether `a` and `b` are the same name.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let four = |bytes: Option<&[u8; 4]>| bytes.map(|word| u32::from_le_bytes(*word));
    let eight = |bytes: Option<&[u8; 8]>| bytes.map(|word| u64::from_le_bytes(*word));
    match a.len() {
        // First, middle and last byte: every byte of up to three.
        0 => true,
        1..=3 => {
            let at = [0, a.len() / 2, a.len() - 1];
            at.iter().all(|&i| a.get(i) == b.get(i))
        }
        4..=7 => four(a.first_chunk()) == four(b.first_chunk()) && four(a.last_chunk()) == four(b.last_chunk()),
        8..=16 => eight(a.first_chunk()) == eight(b.first_chunk()) && eight(a.last_chunk()) == eight(b.last_chunk()),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_same_only_byte_for_byte() {
        let base = "一次性告知ab限时办结cd";
        for len in 0..=base.len() {
            let Some(a) = base.get(..len) else { continue };
            assert!(same(a, a));
            assert!(!same(a, base.get(..len + 1).unwrap_or("x")) || len == base.len());
            for at in 0..len {
                let mut b = a.as_bytes().to_vec();
                b[at] ^= 0x01;
                if let Ok(b) = std::str::from_utf8(&b) {
                    assert!(!same(a, b), "{a:?} against {b:?}");
                }
            }
        }
        for (a, b) in [
            ("ab", "ab"),
            ("abc", "abd"),
            ("告知", "告知"),
            ("告知", "补正"),
            ("收件", "收件人"),
        ] {
            assert_eq!(same(a, b), a == b, "{a} {b}");
        }
    }
}
