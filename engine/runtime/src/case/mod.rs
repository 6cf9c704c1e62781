//! Case decoding: JSON text in, a validated [`Case`] out, checked against the policy's case
//! schema. Every refusal names the field path and the reason; nothing is guessed.

#[cfg(feature = "schema")]
pub mod wire;

use std::borrow::Cow;
use std::collections::BTreeMap;

use hallpolicy_json::{Node, Object};
use serde::{Deserialize, Serialize};

use crate::calendar::time::{format_moment, parse_as_of, parse_date, parse_moment, Moment};
use crate::calendar::{day_number, DayNumber};
use crate::ir::{CaseKind, FieldDecl, Form, Policy, ValueType};
use crate::message::phrase;
use crate::message::{Arg, Args, Lang, Message};

/// A case: one subject's timeline as of a moment. Its text borrows from the case's JSON where
/// it can (`'a`), so decoding copies no names.
#[derive(Debug, Clone, PartialEq)]
pub struct Case<'a> {
    pub kind: Cow<'a, str>,
    pub subject: Option<Cow<'a, str>>,
    pub as_of: Moment,
    pub facts: BTreeMap<Cow<'a, str>, Value<'a>>,
    pub events: Vec<Event<'a>>,
}

/// A timestamped event of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<'a> {
    /// Position in the case's `events` array, so outputs can point back at it.
    pub index: usize,
    pub name: Cow<'a, str>,
    pub at: Moment,
    pub by: Option<Cow<'a, str>>,
    pub form: Option<Form>,
    /// The event's other fields in the case's order, each name once: an event has a handful,
    /// so a scan finds one sooner than a map would.
    pub fields: Vec<(Cow<'a, str>, Value<'a>)>,
}

/// A decoded fact or field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Bool(bool),
    Date(DayNumber),
    Moment(Moment),
    Form(Form),
    List(Vec<Cow<'a, str>>),
}

impl Case<'_> {
    /// The case with its text copied out of the JSON it was read from, to keep beyond it.
    pub fn into_owned(self) -> Case<'static> {
        Case {
            kind: owned(self.kind),
            subject: self.subject.map(owned),
            as_of: self.as_of,
            facts: self.facts.into_iter().map(owned_member).collect(),
            events: self.events.into_iter().map(Event::into_owned).collect(),
        }
    }
}

impl Event<'_> {
    /// The event with its text copied, as [`Case::into_owned`].
    pub fn into_owned(self) -> Event<'static> {
        Event {
            index: self.index,
            name: owned(self.name),
            at: self.at,
            by: self.by.map(owned),
            form: self.form,
            fields: self.fields.into_iter().map(owned_member).collect(),
        }
    }
}

fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

fn owned_member((name, value): (Cow<'_, str>, Value<'_>)) -> (Cow<'static, str>, Value<'static>) {
    (owned(name), value.into_owned())
}

impl Value<'_> {
    /// The value with its text copied, as [`Case::into_owned`].
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Text(s) => Value::Text(owned(s)),
            Value::List(items) => Value::List(items.into_iter().map(owned).collect()),
            Value::Number(n) => Value::Number(n),
            Value::Bool(b) => Value::Bool(b),
            Value::Date(d) => Value::Date(d),
            Value::Moment(m) => Value::Moment(m),
            Value::Form(f) => Value::Form(f),
        }
    }

    /// The value as text, for comparisons with policy literals.
    pub fn as_text(&self) -> String {
        match self {
            Value::Text(s) => s.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => crate::calendar::time::format_day(*d),
            Value::Moment(m) => format_moment(*m),
            Value::Form(f) => f.label().to_string(),
            Value::List(items) => items.join(", "),
        }
    }

    /// Whether the value reads as `literal`, without formatting text values.
    pub fn reads_as(&self, literal: &str) -> bool {
        match self {
            Value::Text(s) => s == literal,
            other => other.as_text() == literal,
        }
    }

    /// Whether the value counts as present for a "must carry" check: non-empty, and `true` for
    /// a flag.
    pub fn is_filled(&self) -> bool {
        match self {
            Value::Text(s) => !s.trim().is_empty(),
            Value::Bool(b) => *b,
            Value::List(items) => !items.is_empty(),
            _ => true,
        }
    }
}

impl<'a> Event<'a> {
    /// A field by name; `by` and `form` are fields too. Borrowed where the event holds it, as
    /// rules look fields up on every event they consider.
    pub fn field(&self, name: &str) -> Option<Cow<'_, Value<'a>>> {
        match name {
            "by" => self.by.clone().map(|by| Cow::Owned(Value::Text(by))),
            "form" => self.form.map(|form| Cow::Owned(Value::Form(form))),
            _ => self.value(name).map(Cow::Borrowed),
        }
    }

    fn value(&self, name: &str) -> Option<&Value<'a>> {
        self.fields.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// Whether this is an event of type `name`.
    pub fn is(&self, name: &str) -> bool {
        self.name == name
    }

    /// The items of a list field; none when it is absent or not a list.
    pub fn list(&self, name: &str) -> &[Cow<'a, str>] {
        match self.value(name) {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }
}

/// Why a case was refused: the JSON path of the offending field, a stable code and its
/// arguments (for a portal's own words), and the reason in the call's language.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.words(self.lang))]
pub struct CaseError {
    /// The field, as a JSON path (`events[2].at`); empty for the case as a whole.
    pub path: String,
    /// The reason in the call's language.
    pub reason: String,
    /// Stable across versions; listed with an example each in `engine/runtime/MESSAGES.md`.
    #[serde(default)]
    pub code: Cow<'static, str>,
    /// The named values the reason is made of, as in an evaluation's messages.
    #[serde(default)]
    pub args: Args,
    /// The language `reason` is in; JSON carries only the words.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub lang: Lang,
}

impl CaseError {
    /// A refusal at `path`, worded in Chinese; [`CaseError::localize`] words it again.
    pub fn new(path: impl Into<String>, message: Message) -> Self {
        let mut message = message;
        message.localize(Lang::Zh);
        CaseError {
            path: path.into(),
            reason: message.text,
            code: message.code,
            args: message.args,
            lang: Lang::Zh,
        }
    }

    /// Writes the reason in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        let mut message = Message {
            code: self.code.clone(),
            args: self.args.clone(),
            text: String::new(),
        };
        message.localize(lang);
        self.reason = message.text;
        self.lang = lang;
    }

    /// The refusal worded in `lang`.
    pub fn localized(mut self, lang: Lang) -> Self {
        if lang != self.lang {
            self.localize(lang);
        }
        self
    }

    /// The refusal as a sentence in `lang`, with its path: what a terminal shows.
    pub fn words(&self, lang: Lang) -> String {
        if self.path.is_empty() {
            phrase(lang, "case-refused", &[("reason", self.reason.as_str().into())])
        } else {
            phrase(
                lang,
                "case-refused-at",
                &[
                    ("path", self.path.as_str().into()),
                    ("reason", self.reason.as_str().into()),
                ],
            )
        }
    }
}

/// Where in a case a value sits. Spelled out only when an error names it, so a good case costs
/// no path strings.
#[derive(Debug, Clone, Copy)]
enum At<'a> {
    Top(&'a str),
    Fact(&'a str),
    Event(usize),
    EventField(usize, &'a str),
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            At::Top(key) => f.write_str(key),
            At::Fact(name) => write!(f, "facts.{name}"),
            At::Event(index) => write!(f, "events[{index}]"),
            At::EventField(index, key) => write!(f, "events[{index}].{key}"),
        }
    }
}

impl From<At<'_>> for String {
    fn from(at: At<'_>) -> String {
        at.to_string()
    }
}

fn error(path: impl Into<String>, message: Message) -> CaseError {
    CaseError::new(path, message)
}

/// A refusal with no arguments.
fn plain(code: &'static str) -> Message {
    Message::new(code)
}

/// Names as an argument: every one of them.
fn names<S: AsRef<str>>(names: &[S]) -> Arg {
    Arg::Names(names.iter().map(|n| n.as_ref().to_string()).collect())
}

/// A form label the policy does not know, with the four it does.
fn unknown_form(label: &str) -> Message {
    let labels = [Form::Oral, Form::Written, Form::Platform, Form::Receipt];
    Message::new("case-unknown-form").arg("form", label).arg(
        "known",
        Arg::Choices(labels.iter().map(|f| f.label().to_string()).collect()),
    )
}

/// Fields every event has, whatever its type; `split_event` takes them apart from its own.
pub const RESERVED_EVENT_FIELDS: [&str; 4] = ["type", "at", "by", "form"];
const TOP_LEVEL_FIELDS: [&str; 5] = ["kind", "subject", "as_of", "facts", "events"];

/// A case's bytes as text: bytes that are not UTF-8 are refused at path "", every host alike.
pub fn case_text(bytes: &[u8]) -> Result<&str, CaseError> {
    // simdutf8 checks with SIMD (AVX2 natively, simd128 in the component); the standard
    // library's check runs only on refusal, to say where the text goes wrong.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes).map_err(|e| {
            let index = i64::try_from(e.valid_up_to()).unwrap_or(i64::MAX);
            let message = match e.error_len() {
                Some(length) => Message::new("case-not-utf8")
                    .arg("index", index)
                    .arg("length", i64::from(length as u8)),
                None => Message::new("case-not-utf8-incomplete").arg("index", index),
            };
            error("", message)
        }),
    }
}

/// Decodes and validates a case. `as_of` overrides the case's own `as_of`.
pub fn decode_case<'a>(policy: &Policy, text: &'a str, as_of: Option<&str>) -> Result<Case<'a>, CaseError> {
    let json = hallpolicy_json::parse(text).map_err(|e| error("", not_json(&e)))?;
    decode_json(policy, json, as_of)
}

/// The JSON parser's refusal: where, and its own words for what (they have no Chinese).
fn not_json(e: &serde_json::Error) -> Message {
    let words = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match words.strip_suffix(&position) {
        Some(detail) if e.line() > 0 => Message::new("case-not-json")
            .arg("line", i64::try_from(e.line()).unwrap_or(i64::MAX))
            .arg("column", i64::try_from(e.column()).unwrap_or(i64::MAX))
            .arg("detail", Arg::Text(detail.to_string())),
        _ => Message::new("case-not-json-anywhere").arg("detail", Arg::Text(words)),
    }
}

/// Decodes and validates a case already parsed as JSON.
pub fn decode_json<'a>(policy: &Policy, json: Node<'a>, as_of: Option<&str>) -> Result<Case<'a>, CaseError> {
    // Values are moved out of the parsed tree, not copied.
    let Node::Object(mut top) = json else {
        return Err(error("", plain("case-not-object")));
    };
    reject_unknown_keys(&top, &TOP_LEVEL_FIELDS, "")?;
    let facts = match top.remove("facts") {
        None | Some(Node::Null) => Ok(Vec::new()),
        Some(Node::Object(object)) => Ok(object.into_iter().collect()),
        Some(_) => Err(error("facts", plain("case-must-be-object"))),
    };
    let events = match top.remove("events") {
        None | Some(Node::Null) => Ok(Vec::new()),
        Some(Node::List(items)) => Ok(items),
        Some(_) => Err(error("events", plain("case-must-be-array"))),
    };
    let events = events.map(|items| {
        items.into_iter().enumerate().map(|(index, item)| match item {
            Node::Object(object) => Ok(split_event(object)),
            _ => Err(error(At::Event(index), plain("case-event-not-object"))),
        })
    });
    let parts = CaseParts {
        kind: top.remove("kind"),
        subject: top.remove("subject"),
        as_of: top.remove("as_of"),
        facts,
        events,
    };
    decode_parts(policy, parts, as_of)
}

/// A fact's or an event field's name and its value, as given.
pub type Members<'a> = Vec<(Cow<'a, str>, Node<'a>)>;

/// A case taken apart but not yet checked: what a JSON object gives, and what a host's typed
/// record gives without building one. Each part is checked in the order a reader meets it,
/// so both entries refuse a case for the same reason; a part that could not even be taken
/// apart (`facts` not an object) carries its refusal.
pub struct CaseParts<'a, Events> {
    pub kind: Option<Node<'a>>,
    pub subject: Option<Node<'a>>,
    pub as_of: Option<Node<'a>>,
    pub facts: Result<Members<'a>, CaseError>,
    /// The events in order, each taken apart or refused.
    pub events: Result<Events, CaseError>,
}

/// Decodes and validates a case from its parts. `as_of` overrides the case's own `as_of`.
pub fn decode_parts<'a, Events>(
    policy: &Policy,
    parts: CaseParts<'a, Events>,
    as_of: Option<&str>,
) -> Result<Case<'a>, CaseError>
where
    Events: IntoIterator<Item = Result<EventMembers<'a>, CaseError>>,
{
    let kind_name = required_text(parts.kind, At::Top("kind"))?;
    let kind = policy.kind(&kind_name).ok_or_else(|| {
        let known: Vec<&str> = policy.kinds.iter().map(|k| k.name.as_str()).collect();
        error(
            "kind",
            Message::new("case-unknown-kind")
                .arg("kind", kind_name.as_ref())
                .arg("known", names(&known)),
        )
    })?;

    let subject = match parts.subject {
        None | Some(Node::Null) => None,
        Some(Node::Text(s)) => Some(s),
        Some(_) => return Err(error("subject", plain("case-must-be-string"))),
    };

    let as_of = match (as_of, parts.as_of) {
        (Some(text), _) => parse_as_of(text).map_err(|e| error("as_of", e.0))?,
        (None, Some(Node::Text(text))) => parse_as_of(&text).map_err(|e| error("as_of", e.0))?,
        (None, Some(_)) => return Err(error("as_of", plain("case-must-be-datetime"))),
        (None, None) => return Err(error("as_of", plain("case-as-of-missing"))),
    };

    let facts = decode_facts(policy, kind, parts.facts?)?;
    let given = parts.events?.into_iter();
    let mut events: Vec<Event<'a>> = Vec::with_capacity(given.size_hint().0);
    for (index, members) in given.enumerate() {
        let event = decode_event(policy, kind, index, members?, as_of, events.last())?;
        events.push(event);
    }
    Ok(Case {
        kind: kind_name,
        subject,
        as_of,
        facts,
        events,
    })
}

fn reject_unknown_keys(object: &Object<'_>, allowed: &[&str], path: &str) -> Result<(), CaseError> {
    for key in object.keys() {
        if !allowed.contains(&key) {
            let at = if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            };
            return Err(error(
                at,
                Message::new("case-unknown-field")
                    .arg("field", key)
                    .arg("allowed", names(allowed)),
            ));
        }
    }
    Ok(())
}

fn required_text<'a>(node: Option<Node<'a>>, path: At<'_>) -> Result<Cow<'a, str>, CaseError> {
    match node {
        Some(Node::Text(s)) => Ok(s),
        Some(_) => Err(error(path, plain("case-must-be-string"))),
        None => Err(error(path, plain("case-missing"))),
    }
}

/// An event's members taken apart in one pass: the reserved ones (`type`, `at`, `by`, `form`)
/// and the event's own fields in the case's order.
#[derive(Default)]
pub struct EventMembers<'a> {
    kind: Option<Node<'a>>,
    at: Option<Node<'a>>,
    by: Option<Node<'a>>,
    form: Option<Node<'a>>,
    fields: Members<'a>,
}

impl<'a> EventMembers<'a> {
    /// Files one member; false when the event already had one of that key (the new value
    /// replaces it).
    pub fn add(&mut self, key: Cow<'a, str>, value: Node<'a>) -> bool {
        let slot = match key.as_ref() {
            "type" => &mut self.kind,
            "at" => &mut self.at,
            "by" => &mut self.by,
            "form" => &mut self.form,
            _ => {
                let repeated = self.fields.iter().position(|(earlier, _)| *earlier == key);
                match repeated.and_then(|at| self.fields.get_mut(at)) {
                    Some((_, earlier)) => *earlier = value,
                    None => self.fields.push((key, value)),
                }
                return repeated.is_none();
            }
        };
        slot.replace(value).is_none()
    }
}

fn split_event(object: Object<'_>) -> EventMembers<'_> {
    let mut members = EventMembers::default();
    for (key, value) in object {
        // An object's keys are unique already.
        members.add(key, value);
    }
    members
}

fn decode_facts<'a>(
    policy: &Policy,
    kind: &CaseKind,
    given: Members<'a>,
) -> Result<BTreeMap<Cow<'a, str>, Value<'a>>, CaseError> {
    let mut facts = BTreeMap::new();
    for (name, value) in given {
        let path = At::Fact(&name);
        let decl = kind.fact(&name).ok_or_else(|| {
            let known: Vec<&str> = kind.facts.iter().map(|f| f.name.as_str()).collect();
            error(
                path,
                Message::new("case-unknown-fact")
                    .arg("fact", name.as_ref())
                    .arg("kind", &kind.name)
                    .arg("known", names(&known)),
            )
        })?;
        let value = decode_field(policy, decl, value, path)?;
        facts.insert(name, value);
    }
    for decl in &kind.facts {
        if !decl.optional && !facts.contains_key(decl.name.as_str()) {
            return Err(error(
                format!("facts.{}", decl.name),
                Message::new("case-fact-missing").arg("kind", &kind.name),
            ));
        }
    }
    Ok(facts)
}

/// Decodes the event at `index` from its members; `previous` is the event before it, which it
/// must not precede.
fn decode_event<'a>(
    policy: &Policy,
    kind: &CaseKind,
    index: usize,
    members: EventMembers<'a>,
    as_of: Moment,
    previous: Option<&Event<'_>>,
) -> Result<Event<'a>, CaseError> {
    let name = required_text(members.kind, At::EventField(index, "type"))?;
    let decl = kind.event(&name).ok_or_else(|| {
        let known: Vec<&str> = kind.events.iter().map(|e| e.name.as_str()).collect();
        error(
            At::EventField(index, "type"),
            Message::new("case-unknown-event")
                .arg("event", name.as_ref())
                .arg("kind", &kind.name)
                .arg("known", names(&known)),
        )
    })?;
    let at_text = required_text(members.at, At::EventField(index, "at"))?;
    let at = parse_moment(&at_text).map_err(|e| error(At::EventField(index, "at"), e.0))?;
    if at > as_of {
        return Err(error(
            At::EventField(index, "at"),
            Message::new("case-event-after-as-of").arg("at", at).arg("as_of", as_of),
        ));
    }
    if let Some(previous) = previous {
        if at < previous.at {
            return Err(error(
                At::EventField(index, "at"),
                Message::new("case-events-out-of-order")
                    .arg("at", at)
                    .arg("previous", Arg::Text(At::Event(previous.index).to_string()))
                    .arg("previous_at", previous.at),
            ));
        }
    }
    let by = match members.by {
        None | Some(Node::Null) => None,
        Some(Node::Text(s)) => Some(s),
        Some(_) => return Err(error(At::EventField(index, "by"), plain("case-must-be-actor"))),
    };
    let form = match members.form {
        None | Some(Node::Null) => None,
        Some(Node::Text(s)) => {
            Some(Form::from_label(&s).ok_or_else(|| error(At::EventField(index, "form"), unknown_form(&s)))?)
        }
        Some(_) => return Err(error(At::EventField(index, "form"), plain("case-must-be-string"))),
    };
    // Collected in place: a member's JSON value and its decoded value take the same room.
    let fields = members
        .fields
        .into_iter()
        .map(|(key, value)| {
            let field_path = At::EventField(index, &key);
            let field = decl.fields.iter().find(|f| f.name == key).ok_or_else(|| {
                let mut known: Vec<&str> = RESERVED_EVENT_FIELDS.to_vec();
                known.extend(decl.fields.iter().map(|f| f.name.as_str()));
                error(
                    field_path,
                    Message::new("case-unknown-event-field")
                        .arg("field", key.as_ref())
                        .arg("event", name.as_ref())
                        .arg("known", names(&known)),
                )
            })?;
            let value = decode_field(policy, field, value, field_path)?;
            Ok((key, value))
        })
        .collect::<Result<Vec<_>, CaseError>>()?;
    for field in &decl.fields {
        if !field.optional && !fields.iter().any(|(key, _)| *key == field.name) {
            return Err(error(
                At::EventField(index, &field.name),
                Message::new("case-event-field-missing").arg("event", name.as_ref()),
            ));
        }
    }
    Ok(Event {
        index,
        name,
        at,
        by,
        form,
        fields,
    })
}

fn decode_field<'a>(policy: &Policy, decl: &FieldDecl, json: Node<'a>, path: At<'_>) -> Result<Value<'a>, CaseError> {
    let expected = |code: &'static str| error(path, plain(code));
    match (&decl.ty, json) {
        (ValueType::Text | ValueType::Staff, Node::Text(s)) => Ok(Value::Text(s)),
        (ValueType::Text, _) => Err(expected("case-must-be-string")),
        (ValueType::Staff, _) => Err(expected("case-must-be-staff")),
        (ValueType::Number, Node::Number(n)) => Some(n)
            .filter(|v| v.is_finite())
            .map(Value::Number)
            .ok_or_else(|| expected("case-must-be-finite-number")),
        (ValueType::Number, _) => Err(expected("case-must-be-number")),
        (ValueType::Bool, Node::Bool(b)) => Ok(Value::Bool(b)),
        (ValueType::Bool, _) => Err(expected("case-must-be-bool")),
        (ValueType::Date, Node::Text(s)) => parse_date(&s)
            .map(|d| Value::Date(day_number(d)))
            .map_err(|e| error(path, e.0)),
        (ValueType::Date, _) => Err(expected("case-must-be-date")),
        (ValueType::DateTime, Node::Text(s)) => parse_moment(&s).map(Value::Moment).map_err(|e| error(path, e.0)),
        (ValueType::DateTime, _) => Err(expected("case-must-be-datetime")),
        (ValueType::Form, Node::Text(s)) => Form::from_label(&s)
            .map(Value::Form)
            .ok_or_else(|| error(path, unknown_form(&s))),
        (ValueType::Form, _) => Err(expected("case-must-be-form")),
        (ValueType::Materials, Node::List(items)) => {
            let mut list = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Node::Text(s) => list.push(s),
                    _ => return Err(error(format!("{path}[{i}]"), plain("case-must-be-material"))),
                }
            }
            Ok(Value::List(list))
        }
        (ValueType::Materials, _) => Err(expected("case-must-be-materials")),
        (ValueType::Matter, Node::Text(s)) => {
            if policy.matter(&s).is_some() {
                Ok(Value::Text(s))
            } else {
                let known: Vec<&str> = policy.matters.iter().map(|m| m.name.as_str()).collect();
                Err(error(
                    path,
                    Message::new("case-unknown-matter")
                        .arg("matter", s.as_ref())
                        .arg("known", names(&known)),
                ))
            }
        }
        (ValueType::Matter, _) => Err(expected("case-must-be-matter")),
        (ValueType::Choice(options), Node::Text(s)) => {
            if options.iter().any(|option| *option == s) {
                Ok(Value::Text(s))
            } else {
                let known: Vec<&str> = options.iter().map(String::as_str).collect();
                Err(error(
                    path,
                    Message::new("case-not-a-choice")
                        .arg("value", s.as_ref())
                        .arg("choices", Arg::Choices(known.iter().map(|k| k.to_string()).collect())),
                ))
            }
        }
        (ValueType::Choice(_), _) => Err(expected("case-must-be-string")),
    }
}
