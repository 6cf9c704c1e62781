//! A case's JSON as a tree whose strings borrow from the text where they can.
//!
//! The decoder takes a case apart field by field, so it needs the whole JSON value first; the
//! tree is serde_json's parse with the allocations `serde_json::Value` makes left out: strings
//! without escapes point into the text, and an object's members sit in one vector, in the
//! order the text gives them, instead of a map of owned keys; so the decoder reports the first
//! problem as the author reads the case. As with serde_json's `Map`, the last of repeated keys
//! wins.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    Null,
    Bool(bool),
    /// Every JSON number, as `serde_json::Value::as_f64` reads it.
    Number(f64),
    Text(Cow<'a, str>),
    List(Vec<Node<'a>>),
    Object(Object<'a>),
}

/// Objects up to this many members find repeated keys by scanning.
const SMALL_OBJECT: usize = 16;

/// An object's members in the order given, each key once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'a>(Vec<(Cow<'a, str>, Node<'a>)>);

impl<'a> Object<'a> {
    /// Collects `members`; a repeated key keeps its first place and its last value.
    pub fn from_members(mut members: Vec<(Cow<'a, str>, Node<'a>)>) -> Self {
        // Where each member's key first occurs: a scan for the small objects cases are made
        // of (most repeat nothing), an index for large ones, so a hostile object of a million
        // keys stays n log n.
        let small = members.len() <= SMALL_OBJECT;
        if small
            && !members
                .iter()
                .enumerate()
                .any(|(i, (key, _))| members.iter().take(i).any(|(earlier, _)| earlier == key))
        {
            return Self(members);
        }
        let first_of: Vec<usize> = if small {
            (0..members.len())
                .map(|i| {
                    let key = members.get(i).map(|(k, _)| k);
                    members.iter().position(|(k, _)| Some(k) == key).unwrap_or(i)
                })
                .collect()
        } else {
            let mut first = BTreeMap::new();
            members
                .iter()
                .enumerate()
                .map(|(i, (k, _))| *first.entry(k.as_ref()).or_insert(i))
                .collect()
        };
        if first_of.iter().enumerate().all(|(i, &first)| first == i) {
            return Self(members);
        }
        for (i, &first) in first_of.iter().enumerate() {
            if first != i {
                let value = members.get_mut(i).map(|(_, v)| std::mem::replace(v, Node::Null));
                if let (Some(value), Some((_, slot))) = (value, members.get_mut(first)) {
                    *slot = value;
                }
            }
        }
        let mut keep = first_of.iter().enumerate().map(|(i, &first)| first == i);
        members.retain(|_| keep.next().unwrap_or(false));
        Self(members)
    }

    /// Members whose keys the caller has already found distinct, as the typed entry does when
    /// it builds a case's objects: [`Object::from_members`] without looking again.
    pub fn from_distinct_members(members: Vec<(Cow<'a, str>, Node<'a>)>) -> Self {
        debug_assert!(Self::from_members(members.clone()) == Self(members.clone()));
        Self(members)
    }

    /// Takes a member out.
    pub fn remove(&mut self, key: &str) -> Option<Node<'a>> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(at).1)
    }

    /// A member's value, left in place (as `as_of` is read before the events that need it).
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, value)| value)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(key, _)| key.as_ref())
    }
}

impl<'a> IntoIterator for Object<'a> {
    type Item = (Cow<'a, str>, Node<'a>);
    type IntoIter = std::vec::IntoIter<Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(value))
    }

    #[allow(clippy::cast_precision_loss, reason = "as serde_json's `as_f64` reads it")]
    fn visit_i64<E>(self, value: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(value as f64))
    }

    #[allow(clippy::cast_precision_loss, reason = "as serde_json's `as_f64` reads it")]
    fn visit_u64<E>(self, value: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(value as f64))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node<'de>, E> {
        Ok(Node::Number(value))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node<'de>, E> {
        Ok(Node::Text(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Node<'de>, E> {
        Ok(Node::Text(Cow::Owned(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(Key(key)) = map.next_key()? {
            members.push((key, map.next_value()?));
        }
        Ok(Node::Object(Object::from_members(members)))
    }
}

/// An object key, borrowed from the text unless it holds escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node<'_> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn strings_without_escapes_borrow_from_the_text() {
        let Node::Object(mut top) = parse(r#"{"by":"王芳","note":"a\"b"}"#) else {
            panic!("not an object")
        };
        assert!(matches!(top.remove("by"), Some(Node::Text(Cow::Borrowed("王芳")))));
        assert!(matches!(top.remove("note"), Some(Node::Text(Cow::Owned(s))) if s == "a\"b"));
    }

    #[test]
    fn objects_keep_their_order_and_the_last_of_a_repeated_key() {
        let Node::Object(top) = parse(r#"{"b":1,"a":2,"b":3,"c":null}"#) else {
            panic!("not an object")
        };
        assert_eq!(top.keys().collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(top.get("b"), Some(&Node::Number(3.0)));
        assert_eq!(top.get("c"), Some(&Node::Null));
    }

    #[test]
    fn a_large_object_with_repeated_keys_keeps_first_places_and_last_values() {
        let members = (0..100_000).map(|i| (Cow::Owned(format!("k{}", i % 40)), Node::Number(f64::from(i))));
        let object = Object::from_members(members.collect());
        assert_eq!(object.keys().count(), 40);
        assert_eq!(object.keys().nth(3), Some("k3"));
        assert_eq!(object.get("k3"), Some(&Node::Number(99_963.0)));
    }

    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        for text in [
            "0",
            "-7",
            "18446744073709551615",
            "1.5e3",
            "-0.0",
            "123456789012345678901234567890",
        ] {
            let reference: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(parse(text), Node::Number(reference.as_f64().unwrap()), "{text}");
        }
    }

    #[test]
    fn invalid_json_gives_serde_json_message() {
        let ours = serde_json::from_str::<Node<'_>>("{\"a\":[1,}").unwrap_err().to_string();
        let reference = serde_json::from_str::<serde_json::Value>("{\"a\":[1,}")
            .unwrap_err()
            .to_string();
        assert_eq!(ours, reference);
    }
}
