//! Policy text that every evaluation repeats (a rule's name, title and actor, its citation),
//! shared between the policy and the obligations and violations that carry it: cloning it into
//! one is a count, not a copy and an allocation. Reads, compares, prints and serializes as the
//! string it holds.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// An immutable shared string.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self(text.into())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self(text.into())
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.0.as_ref().to_owned()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_compares_and_serializes_as_its_string() {
        let text = Text::from("一次性告知");
        let copy = text.clone();
        assert!(Arc::ptr_eq(&text.0, &copy.0), "a clone shares the text");
        assert_eq!(text, "一次性告知");
        assert_eq!("一次性告知", text);
        assert_eq!(text, "一次性告知".to_string());
        assert_eq!(text.len(), 15);
        assert_eq!(format!("{text} {text:?}"), "一次性告知 \"一次性告知\"");
        assert_eq!(serde_json::to_string(&text).unwrap(), "\"一次性告知\"");
        assert_eq!(serde_json::from_str::<Text>("\"一次性告知\"").unwrap(), text);
        assert_eq!(
            postcard::to_allocvec(&text).unwrap(),
            postcard::to_allocvec("一次性告知").unwrap()
        );
    }
}
