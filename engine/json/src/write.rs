//! Any `Serialize` value as compact JSON, byte for byte as `serde_json::to_string` writes it.
//!
//! serde_json looks up every byte of every string in a table; an evaluation is mostly Chinese
//! rule text that needs no escape, so here a string is checked many bytes a step and, having
//! none, copied whole. Everything else (numbers, structure) follows serde_json's rules: `itoa`
//! for integers, serde_json itself for the rare float, `null` for a unit or `None`, and an
//! externally tagged object for an enum variant with data.

use serde::ser::{self, Impossible, Serialize};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use crate::bytes::sixteen_escaped;
use crate::bytes::{escape_bits, is_escaped, word};

/// Why a value could not be written: serde_json's error, so callers handle one type.
pub type Error = serde_json::Error;

/// `value` as compact JSON, the same bytes as `serde_json::to_string`.
///
/// # Errors
/// As serde_json: a map whose keys are not strings or numbers, or a `Serialize` impl that fails.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(8 * 1024);
    value.serialize(Writer { out: &mut out })?;
    Ok(out)
}

/// Writes one value into the string.
struct Writer<'o> {
    out: &'o mut String,
}

/// A sequence or object being written: whether an item has been written yet.
struct Compound<'o> {
    out: &'o mut String,
    first: bool,
    /// The brace an enum variant with data opened around the compound, closed after it.
    tagged: bool,
}

impl<'o> Compound<'o> {
    fn open(out: &'o mut String, bracket: char, tagged: bool) -> Self {
        out.push(bracket);
        Compound {
            out,
            first: true,
            tagged,
        }
    }

    fn comma(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(Writer { out: self.out })
    }

    /// A struct's field, whose key is a Rust field name (or its serde rename) and so needs no
    /// escape: `,"key":` is written without looking at its bytes, as a literal would be. A
    /// rename with a quote or a control character in it would be written wrong; none exists.
    fn member<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        debug_assert!(!needs_escape(key.as_bytes()), "field name {key:?} needs escaping");
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
        value.serialize(Writer { out: self.out })
    }

    fn close(self, bracket: char) {
        self.out.push(bracket);
        if self.tagged {
            self.out.push('}');
        }
    }
}

fn write_str(out: &mut String, text: &str) {
    out.push('"');
    if needs_escape(text.as_bytes()) {
        push_escaped(out, text);
    } else {
        out.push_str(text);
    }
    out.push('"');
}

/// Opens `{"variant":`, for an enum variant with data.
fn open_variant(out: &mut String, variant: &str) {
    out.push('{');
    write_str(out, variant);
    out.push(':');
}

fn write_integer(out: &mut String, value: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(value));
}

impl<'o> ser::Serializer for Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'o>;
    type SerializeTuple = Compound<'o>;
    type SerializeTupleStruct = Compound<'o>;
    type SerializeTupleVariant = Compound<'o>;
    type SerializeMap = Compound<'o>;
    type SerializeStruct = Compound<'o>;
    type SerializeStructVariant = Compound<'o>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.out.push_str(if value { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, value: i8) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_i16(self, value: i16) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_i32(self, value: i32) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_i64(self, value: i64) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_i128(self, value: i128) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_u8(self, value: u8) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_u16(self, value: u16) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_u32(self, value: u32) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_u64(self, value: u64) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_u128(self, value: u128) -> Result<(), Error> {
        write_integer(self.out, value);
        Ok(())
    }

    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        self.out.push_str(&serde_json::to_string(&value)?);
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        self.out.push_str(&serde_json::to_string(&value)?);
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        write_str(self.out, value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        write_str(self.out, value);
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::open(self.out, '[', false);
        for byte in value {
            seq.item(byte)?;
        }
        seq.close(']');
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        open_variant(self.out, variant);
        value.serialize(Writer { out: self.out })?;
        self.out.push('}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'o>, Error> {
        Ok(Compound::open(self.out, '[', false))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'o>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'o>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'o>, Error> {
        open_variant(self.out, variant);
        Ok(Compound::open(self.out, '[', true))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'o>, Error> {
        Ok(Compound::open(self.out, '{', false))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'o>, Error> {
        Ok(Compound::open(self.out, '{', false))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'o>, Error> {
        open_variant(self.out, variant);
        Ok(Compound::open(self.out, '{', true))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(KeyWriter { out: self.out })?;
        self.out.push(':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Writer { out: self.out })
    }

    fn end(self) -> Result<(), Error> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.member(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.member(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close('}');
        Ok(())
    }
}

/// A map key: JSON keys are strings, so numbers and flags are quoted, as serde_json does.
struct KeyWriter<'o> {
    out: &'o mut String,
}

impl KeyWriter<'_> {
    fn quoted(self, text: &str) -> Result<(), Error> {
        write_str(self.out, text);
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.quoted(if value { "true" } else { "false" })
    }
    fn serialize_i8(self, value: i8) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_i16(self, value: i16) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_i32(self, value: i32) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_i64(self, value: i64) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_i128(self, value: i128) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_u8(self, value: u8) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_u16(self, value: u16) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_u32(self, value: u32) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_u64(self, value: u64) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_u128(self, value: u128) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(value))
    }
    fn serialize_f32(self, _value: f32) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _value: f64) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_char(self, value: char) -> Result<(), Error> {
        self.quoted(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result<(), Error> {
        self.quoted(value)
    }
    fn serialize_bytes(self, _value: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.quoted(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

/// Whether any byte of `bytes` needs escaping: sixteen bytes a step without branching per word,
/// then the last eight (overlapping bytes already seen, which changes nothing). In wasm every
/// loop step also checks the epoch deadline, so fewer steps count twice.
fn needs_escape(bytes: &[u8]) -> bool {
    // In the component, sixteen bytes a step, and texts of up to 32 bytes (most) without a loop.
    // LLVM would vectorise the loop below on its own, but into a body whose constants spill
    // most of the writer's registers under Cranelift .
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if let (Some(first), Some(last)) = (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
        let mut rest = bytes;
        while let Some((sixteen, tail)) = rest.split_first_chunk::<16>().filter(|(_, tail)| tail.len() > 16) {
            if sixteen_escaped(sixteen) {
                return true;
            }
            rest = tail;
        }
        return sixteen_escaped(rest.first_chunk::<16>().unwrap_or(first)) || sixteen_escaped(last);
    }
    let Some(last) = bytes.last_chunk::<8>() else {
        return short_needs_escape(bytes);
    };
    let mut found = escape_bits(word(last));
    let mut rest = bytes;
    while let Some((sixteen, tail)) = rest.split_first_chunk::<16>() {
        let (halves, _) = sixteen.as_chunks::<8>();
        found |= halves.iter().fold(0, |bits, half| bits | escape_bits(word(half)));
        rest = tail;
    }
    if let Some(eight) = rest.first_chunk() {
        found |= escape_bits(word(eight));
    }
    found != 0
}

/// [`needs_escape`] for fewer than eight bytes (names, codes, a person), without a loop: four
/// bytes twice, overlapping, when there are four or more.
fn short_needs_escape(bytes: &[u8]) -> bool {
    match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(head), Some(tail)) => {
            escape_bits(u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*tail)) << 32) != 0
        }
        _ => bytes.iter().take(3).any(|&byte| is_escaped(byte)),
    }
}

/// Appends `text` with JSON's escapes, as serde_json spells them.
#[cfg(test)]
fn escape_into(out: &mut String, text: &str) {
    if needs_escape(text.as_bytes()) {
        push_escaped(out, text);
    } else {
        out.push_str(text);
    }
}

/// Appends `text`, which has bytes to escape, with JSON's escapes: out of line, as rare as it is.
#[cold]
#[inline(never)]
fn push_escaped(out: &mut String, text: &str) {
    let mut start = 0; // text[start..at] is the run to write before the next escape
    for (at, byte) in text.bytes().enumerate() {
        if let Some(escape) = escape_for(byte) {
            out.push_str(text.get(start..at).unwrap_or_default());
            push_escape(out, byte, escape);
            start = at + 1;
        }
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

/// How JSON escapes `byte`: a short escape letter, `u` for `\u00XX`, or none.
fn escape_for(byte: u8) -> Option<u8> {
    match byte {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        0x08 => Some(b'b'),
        0x09 => Some(b't'),
        0x0A => Some(b'n'),
        0x0C => Some(b'f'),
        0x0D => Some(b'r'),
        0x00..=0x1F => Some(b'u'),
        _ => None,
    }
}

fn push_escape(out: &mut String, byte: u8, escape: u8) {
    out.push('\\');
    out.push(char::from(escape));
    if escape == b'u' {
        out.push_str("00");
        // Lowercase hex digits, as serde_json writes them.
        for digit in [byte >> 4, byte & 0xF] {
            out.push(char::from_digit(u32::from(digit), 16).unwrap_or('0'));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text);
        out
    }

    #[test]
    fn every_byte_escapes_as_serde_json_escapes_it() {
        for byte in 0u8..0x80 {
            let text = format!("白城{}x", char::from(byte));
            let reference = serde_json::to_string(&text).unwrap();
            assert_eq!(format!("\"{}\"", escaped(&text)), reference, "byte {byte:#04x}");
        }
    }

    #[test]
    fn escapes_are_found_at_every_offset_of_a_word() {
        for escape in ['"', '\\', '\n', '\u{1}'] {
            for len in 0..26 {
                for at in 0..len {
                    let mut text: Vec<char> = "一次性告知ab限时办结cdefgh首问负责ijklmnop".chars().take(len).collect();
                    text[at] = escape;
                    let text: String = text.into_iter().collect();
                    let reference = serde_json::to_string(&text).unwrap();
                    assert_eq!(format!("\"{}\"", escaped(&text)), reference, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn texts_shorter_than_a_word_find_escapes_at_every_byte() {
        for escape in ['"', '\\', '\n', '\u{0}', '\u{1f}'] {
            for len in 0..8 {
                assert!(!needs_escape(&b"abcdefg"[..len]));
                for at in 0..len {
                    let mut text = b"abcdefg"[..len].to_vec();
                    text[at] = escape as u8;
                    assert!(needs_escape(&text), "{text:?}");
                }
            }
        }
        assert!(!needs_escape("王芳".as_bytes()));
        assert!(!needs_escape(" !#~".as_bytes()));
    }

    #[test]
    fn bytes_above_ascii_and_delete_pass_unescaped() {
        assert!(!needs_escape("\u{7f}\u{80}告知 ~".as_bytes()));
        let text = "\u{7f}\u{80}告知\u{ffff}😀";
        assert_eq!(escaped(text), text);
    }

    /// Every shape serde has, in the one value.
    #[derive(Serialize)]
    struct Shapes {
        text: String,
        none: Option<u8>,
        some: Option<&'static str>,
        list: Vec<i64>,
        empty: Vec<String>,
        unit: (),
        tuple: (u8, char, bool),
        variants: Vec<Variant>,
        map: std::collections::BTreeMap<String, u32>,
        numbered: std::collections::BTreeMap<i32, bool>,
        floats: Vec<f64>,
        extremes: (i64, u64, i128, u128),
        newtype: Newtype,
    }

    #[derive(Serialize)]
    struct Newtype(u16);

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Variant {
        Plain,
        Wrapped(String),
        Pair(u8, u8),
        Named { at: u32, why: &'static str },
    }

    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        let value = Shapes {
            text: "限时办结 \"quoted\" \\ \n\u{1}".into(),
            none: None,
            some: Some("王芳"),
            list: vec![-1, 0, 7],
            empty: vec![],
            unit: (),
            tuple: (3, '告', true),
            variants: vec![
                Variant::Plain,
                Variant::Wrapped("x".into()),
                Variant::Pair(1, 2),
                Variant::Named { at: 9, why: "延期" },
            ],
            map: [("b".to_string(), 2), ("a\"".to_string(), 1)].into(),
            numbered: [(-3, true), (5, false)].into(),
            floats: vec![0.0, -0.0, 1.5, 1e300, f64::NAN, f64::INFINITY, 0.1],
            extremes: (i64::MIN, u64::MAX, i128::MIN, u128::MAX),
            newtype: Newtype(65535),
        };
        assert_eq!(to_string(&value).unwrap(), serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn a_map_whose_keys_are_not_strings_is_refused() {
        let map = std::collections::BTreeMap::from([(vec![1], 2)]);
        assert!(to_string(&map).is_err());
        assert!(serde_json::to_string(&map).is_err());
    }

    fn any_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            "[\"\\\\\u{0}-\u{1f}a-z字]{0,40}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..8)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn any_json_value_is_written_as_serde_json_writes_it(value in any_value()) {
            proptest::prop_assert_eq!(to_string(&value).unwrap(), serde_json::to_string(&value).unwrap());
        }
    }
}
