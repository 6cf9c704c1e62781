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

/// Why a case was refused: the JSON path of the offending field and the reason.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("invalid case{}: {reason}", if path.is_empty() { String::new() } else { format!(" at `{path}`") })]
pub struct CaseError {
    pub path: String,
    pub reason: String,
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

fn error(path: impl Into<String>, reason: impl Into<String>) -> CaseError {
    CaseError {
        path: path.into(),
        reason: reason.into(),
    }
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
        Err(_) => std::str::from_utf8(bytes).map_err(|e| error("", format!("not valid UTF-8: {e}"))),
    }
}

/// Decodes and validates a case. `as_of` overrides the case's own `as_of`.
pub fn decode_case<'a>(policy: &Policy, text: &'a str, as_of: Option<&str>) -> Result<Case<'a>, CaseError> {
    let json = hallpolicy_json::parse(text).map_err(|e| error("", format!("not valid JSON: {e}")))?;
    decode_json(policy, json, as_of)
}

/// Decodes and validates a case already parsed as JSON.
pub fn decode_json<'a>(policy: &Policy, json: Node<'a>, as_of: Option<&str>) -> Result<Case<'a>, CaseError> {
    // Values are moved out of the parsed tree, not copied.
    let Node::Object(mut top) = json else {
        return Err(error("", "a case must be a JSON object"));
    };
    reject_unknown_keys(&top, &TOP_LEVEL_FIELDS, "")?;
    let facts = match top.remove("facts") {
        None | Some(Node::Null) => Ok(Vec::new()),
        Some(Node::Object(object)) => Ok(object.into_iter().collect()),
        Some(_) => Err(error("facts", "must be an object")),
    };
    let events = match top.remove("events") {
        None | Some(Node::Null) => Ok(Vec::new()),
        Some(Node::List(items)) => Ok(items),
        Some(_) => Err(error("events", "must be an array")),
    };
    let events = events.map(|items| {
        items.into_iter().enumerate().map(|(index, item)| match item {
            Node::Object(object) => Ok(split_event(object)),
            _ => Err(error(At::Event(index), "an event must be an object")),
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
            format!(
                "unknown kind `{kind_name}`; this policy declares {}",
                quoted_list(&known)
            ),
        )
    })?;

    let subject = match parts.subject {
        None | Some(Node::Null) => None,
        Some(Node::Text(s)) => Some(s),
        Some(_) => return Err(error("subject", "must be a string")),
    };

    let as_of = match (as_of, parts.as_of) {
        (Some(text), _) => parse_as_of(text).map_err(|e| error("as_of", e.0))?,
        (None, Some(Node::Text(text))) => parse_as_of(&text).map_err(|e| error("as_of", e.0))?,
        (None, Some(_)) => return Err(error("as_of", "must be a date-time string")),
        (None, None) => {
            return Err(error(
                "as_of",
                "missing: give the case an `as_of` time or pass one to the evaluator",
            ))
        }
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

/// Names in backticks, comma-separated: how messages and details list fields and materials.
pub(crate) fn quoted_list<S: AsRef<str>>(names: &[S]) -> String {
    let mut out = String::with_capacity(names.iter().map(|name| name.as_ref().len() + 4).sum());
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(name.as_ref());
        out.push('`');
    }
    out
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
                format!("unknown field `{key}`; allowed here: {}", quoted_list(allowed)),
            ));
        }
    }
    Ok(())
}

fn required_text<'a>(node: Option<Node<'a>>, path: At<'_>) -> Result<Cow<'a, str>, CaseError> {
    match node {
        Some(Node::Text(s)) => Ok(s),
        Some(_) => Err(error(path, "must be a string")),
        None => Err(error(path, "missing")),
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
                format!(
                    "unknown fact `{name}` for kind `{}`; it declares {}",
                    kind.name,
                    quoted_list(&known)
                ),
            )
        })?;
        let value = decode_field(policy, decl, value, path)?;
        facts.insert(name, value);
    }
    for decl in &kind.facts {
        if !decl.optional && !facts.contains_key(decl.name.as_str()) {
            return Err(error(
                format!("facts.{}", decl.name),
                format!("missing: kind `{}` requires this fact", kind.name),
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
            format!(
                "unknown event `{name}` for kind `{}`; it declares {}",
                kind.name,
                quoted_list(&known)
            ),
        )
    })?;
    let at_text = required_text(members.at, At::EventField(index, "at"))?;
    let at = parse_moment(&at_text).map_err(|e| error(At::EventField(index, "at"), e.0))?;
    if at > as_of {
        return Err(error(
            At::EventField(index, "at"),
            format!(
                "`{at_text}` is after the as-of time {}; a case holds only what has happened",
                format_moment(as_of)
            ),
        ));
    }
    if let Some(previous) = previous {
        if at < previous.at {
            return Err(error(
                At::EventField(index, "at"),
                format!(
                    "events out of order: {} is before events[{}] at {}",
                    format_moment(at),
                    previous.index,
                    format_moment(previous.at)
                ),
            ));
        }
    }
    let by = match members.by {
        None | Some(Node::Null) => None,
        Some(Node::Text(s)) => Some(s),
        Some(_) => return Err(error(At::EventField(index, "by"), "must be a string naming who acted")),
    };
    let form = match members.form {
        None | Some(Node::Null) => None,
        Some(Node::Text(s)) => Some(Form::from_label(&s).ok_or_else(|| {
            error(
                At::EventField(index, "form"),
                format!("unknown form `{s}`; one of `oral`, `written`, `platform`, `receipt`"),
            )
        })?),
        Some(_) => return Err(error(At::EventField(index, "form"), "must be a string")),
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
                    format!(
                        "unknown field `{key}` for event `{name}`; it has {}",
                        quoted_list(&known)
                    ),
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
                format!("missing: event `{name}` requires this field"),
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
    let expected = |what: &str| error(path, format!("must be {what}"));
    match (&decl.ty, json) {
        (ValueType::Text | ValueType::Staff, Node::Text(s)) => Ok(Value::Text(s)),
        (ValueType::Text, _) => Err(expected("a string")),
        (ValueType::Staff, _) => Err(expected("a string naming a staff member")),
        (ValueType::Number, Node::Number(n)) => Some(n)
            .filter(|v| v.is_finite())
            .map(Value::Number)
            .ok_or_else(|| expected("a finite number")),
        (ValueType::Number, _) => Err(expected("a number")),
        (ValueType::Bool, Node::Bool(b)) => Ok(Value::Bool(b)),
        (ValueType::Bool, _) => Err(expected("`true` or `false`")),
        (ValueType::Date, Node::Text(s)) => parse_date(&s)
            .map(|d| Value::Date(day_number(d)))
            .map_err(|e| error(path, e.0)),
        (ValueType::Date, _) => Err(expected("a date string such as `2026-05-06`")),
        (ValueType::DateTime, Node::Text(s)) => parse_moment(&s).map(Value::Moment).map_err(|e| error(path, e.0)),
        (ValueType::DateTime, _) => Err(expected("a date-time string")),
        (ValueType::Form, Node::Text(s)) => Form::from_label(&s).map(Value::Form).ok_or_else(|| {
            error(
                path,
                format!("unknown form `{s}`; one of `oral`, `written`, `platform`, `receipt`"),
            )
        }),
        (ValueType::Form, _) => Err(expected("a form name")),
        (ValueType::Materials, Node::List(items)) => {
            let mut list = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Node::Text(s) => list.push(s),
                    _ => return Err(error(format!("{path}[{i}]"), "must be a string naming a material")),
                }
            }
            Ok(Value::List(list))
        }
        (ValueType::Materials, _) => Err(expected("an array of material names")),
        (ValueType::Matter, Node::Text(s)) => {
            if policy.matter(&s).is_some() {
                Ok(Value::Text(s))
            } else {
                let known: Vec<&str> = policy.matters.iter().map(|m| m.name.as_str()).collect();
                Err(error(
                    path,
                    format!("unknown matter `{s}`; this policy declares {}", quoted_list(&known)),
                ))
            }
        }
        (ValueType::Matter, _) => Err(expected("a string naming a matter")),
        (ValueType::Choice(options), Node::Text(s)) => {
            if options.iter().any(|option| *option == s) {
                Ok(Value::Text(s))
            } else {
                let known: Vec<&str> = options.iter().map(String::as_str).collect();
                Err(error(path, format!("`{s}` is not one of {}", quoted_list(&known))))
            }
        }
        (ValueType::Choice(_), _) => Err(expected("a string")),
    }
}
