//! Sentences as data. Every explanation an evaluation gives (a detail, a violation, a penalty's
//! basis, a clock's start) is a [`Message`]: a stable code, named arguments, and the words in
//! the evaluation's language, so a portal can show the text as it is or word the code its own
//! way. The words come from the Fluent catalogues in `locales/`, compiled in, so every host
//! renders the same text.

mod catalogue;
mod lang;

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::calendar::time::{format_day, format_moment, Moment};
use crate::calendar::DayNumber;
use crate::ir::{Form, Unit};

pub use catalogue::{amount, codes, day, form, join, moment, phrase, quote, render, render_args, say, unit};
pub use lang::{Lang, LangError};

/// A sentence of an evaluation: what a portal keys its own wording on (`code`, `args`) and the
/// words in the evaluation's language (`text`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Stable across versions; listed with an example each in `engine/runtime/MESSAGES.md`.
    pub code: Cow<'static, str>,
    /// The named values the sentence is made of, in the sentence's order: names and numbers as
    /// they are, moments as RFC 3339, days as `YYYY-MM-DD`, units and forms as their codes.
    pub args: Args,
    /// The sentence in the evaluation's language.
    pub text: String,
}

impl Message {
    /// A message with no words yet; [`crate::Evaluation::localize`] writes them.
    pub fn new(code: &'static str) -> Self {
        Message {
            code: Cow::Borrowed(code),
            args: Args::default(),
            text: String::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.0.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// The argument named `name`.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The words, as [`Message::localize`] wrote them.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Writes the words in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        self.text = render(self, lang);
    }
}

/// Messages' words as one sentence, parted as `lang` parts clauses (`；`, `; `).
pub fn joined(messages: &[Message], lang: Lang) -> String {
    let separator = phrase(lang, "list-semicolon", &[]);
    messages
        .iter()
        .map(|m| m.text.as_str())
        .collect::<Vec<_>>()
        .join(&separator)
}

/// A message's arguments, kept in order and written as a JSON object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Args(pub Vec<(Cow<'static, str>, Arg)>);

impl Serialize for Args {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name.as_ref(), value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ArgsVisitor)
    }
}

/// Reads the arguments in the order the JSON gives them (the sentence's order).
struct ArgsVisitor;

impl<'de> serde::de::Visitor<'de> for ArgsVisitor {
    type Value = Args;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map of message arguments")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Args, A::Error> {
        let mut args = Vec::new();
        while let Some((name, value)) = map.next_entry::<String, serde_json::Value>()? {
            let arg = match value {
                serde_json::Value::Number(n) => Arg::Number(n.as_i64().unwrap_or_default()),
                serde_json::Value::Array(items) => Arg::Names(
                    items
                        .into_iter()
                        .map(|v| v.as_str().unwrap_or_default().to_string())
                        .collect(),
                ),
                serde_json::Value::String(s) => Arg::Text(s),
                other => Arg::Text(other.to_string()),
            };
            args.push((Cow::Owned(name), arg));
        }
        Ok(Args(args))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Args {
    fn schema_name() -> Cow<'static, str> {
        "MessageArgs".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "The message's named values: strings, integers, or lists of strings.",
            "additionalProperties": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "integer"},
                    {"type": "array", "items": {"type": "string"}}
                ]
            }
        })
    }
}

/// One argument of a message. Each kind is written in JSON as a string, a number or a list of
/// strings; the kind decides how the words show it (a moment as `2026年6月8日 24:00`).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A name from the policy or the case (an event, a field, a person), shown quoted.
    Name(String),
    /// Text shown as it is.
    Text(String),
    Number(i64),
    Moment(Moment),
    Day(DayNumber),
    Unit(Unit),
    /// Every one of these names (`“甲”、“乙”`).
    Names(Vec<String>),
    /// One of these names (`“甲”或“乙”`).
    Choices(Vec<String>),
    /// One of these forms.
    Forms(Vec<Form>),
}

/// An argument as JSON and WIT carry it: a string, a number or a list of strings.
#[derive(Debug, Clone, PartialEq)]
pub enum PlainArg {
    Text(String),
    Number(i64),
    Names(Vec<String>),
}

impl Arg {
    /// The argument as it is carried, the same for every host.
    pub fn plain(&self) -> PlainArg {
        match self {
            Arg::Name(s) | Arg::Text(s) => PlainArg::Text(s.clone()),
            Arg::Number(n) => PlainArg::Number(*n),
            Arg::Moment(m) => PlainArg::Text(format_moment(*m)),
            Arg::Day(d) => PlainArg::Text(format_day(*d)),
            Arg::Unit(u) => PlainArg::Text(u.code().to_string()),
            Arg::Names(names) | Arg::Choices(names) => PlainArg::Names(names.clone()),
            Arg::Forms(forms) => PlainArg::Names(forms.iter().map(|f| f.label().to_string()).collect()),
        }
    }
}

/// Written as [`Arg::plain`] gives it, without copying the names first.
impl Serialize for Arg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Arg::Name(s) | Arg::Text(s) => serializer.serialize_str(s),
            Arg::Number(n) => serializer.serialize_i64(*n),
            Arg::Moment(m) => serializer.serialize_str(&format_moment(*m)),
            Arg::Day(d) => serializer.serialize_str(&format_day(*d)),
            Arg::Unit(u) => serializer.serialize_str(u.code()),
            Arg::Names(names) | Arg::Choices(names) => names.serialize(serializer),
            Arg::Forms(forms) => serializer.collect_seq(forms.iter().map(|f| f.label())),
        }
    }
}

impl From<&str> for Arg {
    fn from(name: &str) -> Self {
        Arg::Name(name.to_string())
    }
}

impl From<String> for Arg {
    fn from(name: String) -> Self {
        Arg::Name(name)
    }
}

impl From<&String> for Arg {
    fn from(name: &String) -> Self {
        Arg::Name(name.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(i64::from(n))
    }
}

impl From<Moment> for Arg {
    fn from(m: Moment) -> Self {
        Arg::Moment(m)
    }
}

impl From<Unit> for Arg {
    fn from(u: Unit) -> Self {
        Arg::Unit(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::time::parse_moment;

    /// JSON writes an argument as [`Arg::plain`] gives it to the typed entries.
    #[test]
    fn an_argument_is_written_as_its_plain_form() {
        let args = [
            Arg::Name("收件".into()),
            Arg::Text("x".into()),
            Arg::Number(3),
            Arg::Moment(parse_moment("2026-06-09T00:00:00+08:00").unwrap_or_else(|_| unreachable!())),
            Arg::Day(crate::calendar::day_number(
                chrono::NaiveDate::from_ymd_opt(2026, 6, 8).unwrap_or_default(),
            )),
            Arg::Unit(Unit::WorkingDays),
            Arg::Names(vec!["甲".into(), "乙".into()]),
            Arg::Choices(vec!["丙".into()]),
            Arg::Forms(vec![Form::Written, Form::Oral]),
        ];
        for arg in args {
            let plain = match arg.plain() {
                PlainArg::Text(s) => serde_json::json!(s),
                PlainArg::Number(n) => serde_json::json!(n),
                PlainArg::Names(names) => serde_json::json!(names),
            };
            assert_eq!(serde_json::to_value(&arg).ok(), Some(plain), "{arg:?}");
        }
    }
}
