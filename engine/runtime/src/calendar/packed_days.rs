//! The calendar table's days as one byte string in the IR. Decoding ~800 days one serde
//! struct at a time was a third of loading a policy, and every component loads its policy on
//! its first call; a tight loop over varints is several times faster.
//!
//! Each day is two LEB128 varints: the zigzagged difference from the previous day (from 0 for
//! the first), then `festival << 1 | kind` (kind 1 = make-up working day).

use serde::de::{Error, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

use crate::ir::{CalendarDay, DayKind};

/// Serializes the days as bytes (`#[serde(with = "crate::calendar::packed_days")]`).
pub fn serialize<S: Serializer>(days: &[CalendarDay], serializer: S) -> Result<S::Ok, S::Error> {
    let mut out = Vec::with_capacity(days.len() * 3);
    let mut previous = 0i64;
    for d in days {
        let delta = i64::from(d.day) - previous;
        previous = i64::from(d.day);
        push_varint(&mut out, ((delta << 1) ^ (delta >> 63)) as u64);
        push_varint(
            &mut out,
            u64::from(d.festival) << 1 | u64::from(d.kind == DayKind::Work),
        );
    }
    serializer.serialize_bytes(&out)
}

/// Reads the days back from bytes (or, from a self-describing format, a sequence of bytes).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<CalendarDay>, D::Error> {
    deserializer.deserialize_bytes(PackedDays)
}

struct PackedDays;

impl<'de> Visitor<'de> for PackedDays {
    type Value = Vec<CalendarDay>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the calendar's days as packed bytes")
    }

    fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
        unpack(bytes).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(b) = seq.next_element::<u8>()? {
            bytes.push(b);
        }
        unpack(&bytes).map_err(A::Error::custom)
    }
}

fn unpack(bytes: &[u8]) -> Result<Vec<CalendarDay>, String> {
    let mut days = Vec::with_capacity(bytes.len() / 3);
    let mut rest = bytes;
    let mut day = 0i64;
    while !rest.is_empty() {
        let zigzag = take_varint(&mut rest)?;
        let delta = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
        day = day.checked_add(delta).ok_or("calendar day out of range")?;
        let packed = take_varint(&mut rest)?;
        days.push(CalendarDay {
            day: i32::try_from(day).map_err(|_| "calendar day out of range")?,
            kind: if packed & 1 == 1 { DayKind::Work } else { DayKind::Rest },
            festival: u16::try_from(packed >> 1).map_err(|_| "calendar festival index out of range")?,
        });
    }
    Ok(days)
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn take_varint(rest: &mut &[u8]) -> Result<u64, &'static str> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, tail) = rest.split_first().ok_or("calendar days end inside a number")?;
        *rest = tail;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("calendar days hold a number longer than 64 bits")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: i32, kind: DayKind, festival: u16) -> CalendarDay {
        CalendarDay { day, kind, festival }
    }

    #[test]
    fn days_round_trip_through_postcard_and_json_including_unsorted_and_extreme_ones() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Table(#[serde(with = "super")] Vec<CalendarDay>);
        let table = Table(vec![
            day(731_582, DayKind::Rest, 0),
            day(731_583, DayKind::Work, 7),
            day(700_000, DayKind::Rest, u16::MAX),
            day(i32::MIN, DayKind::Work, 1),
            day(i32::MAX, DayKind::Rest, 2),
        ]);
        let bytes = postcard::to_allocvec(&table).unwrap();
        assert_eq!(postcard::from_bytes::<Table>(&bytes).unwrap(), table);
        let json = serde_json::to_string(&table).unwrap();
        assert_eq!(serde_json::from_str::<Table>(&json).unwrap(), table);
    }

    #[test]
    fn broken_bytes_are_an_error_not_a_panic() {
        assert_eq!(unpack(&[0x80]).unwrap_err(), "calendar days end inside a number");
        assert_eq!(unpack(&[2]).unwrap_err(), "calendar days end inside a number");
        assert_eq!(
            unpack(&[0xff; 11]).unwrap_err(),
            "calendar days hold a number longer than 64 bits"
        );
        // Day 2^31: past i32.
        assert_eq!(
            unpack(&[0x80, 0x80, 0x80, 0x80, 0x10, 0]).unwrap_err(),
            "calendar day out of range"
        );
        assert_eq!(
            unpack(&[2, 0x80, 0x80, 0x08]).unwrap_err(),
            "calendar festival index out of range"
        );
    }
}
