//! Conversions between the WIT types and the runtime's, field for field.

use std::borrow::Cow;
use std::collections::BTreeSet;

use hallpolicy_json::Node;
use hallpolicy_runtime::case::{CaseParts, EventMembers, Members};
use hallpolicy_runtime::evaluate::output::{self, Status, Warning};
use hallpolicy_runtime::ir::Limit;
use hallpolicy_runtime::message::{Message, PlainArg};
use hallpolicy_runtime::report::describe::{Description, FieldInfo};
use hallpolicy_runtime::CaseError;

use crate::wit;

pub fn case_error(e: CaseError) -> wit::CaseError {
    wit::CaseError {
        path: e.path,
        reason: e.reason,
    }
}

/// Where a typed case's fields sit: its facts, or the event at an index.
#[derive(Clone, Copy)]
enum Owner {
    Facts,
    Event(usize),
}

impl Owner {
    /// The path of field `name`, spelled only when a field is refused.
    fn path(self, name: &str) -> String {
        match self {
            Owner::Facts => format!("facts.{name}"),
            Owner::Event(index) => format!("events[{index}].{name}"),
        }
    }
}

fn value_to_json(value: wit::Value, owner: Owner, name: &str) -> Result<Node<'static>, CaseError> {
    Ok(match value {
        wit::Value::Text(s) => Node::Text(Cow::Owned(s)),
        wit::Value::Number(n) if n.is_finite() => Node::Number(n),
        wit::Value::Number(_) => {
            return Err(CaseError::new(
                owner.path(name),
                Message::new("case-must-be-finite-number"),
            ))
        }
        wit::Value::Boolean(b) => Node::Bool(b),
        wit::Value::Names(items) => Node::List(items.into_iter().map(|s| Node::Text(Cow::Owned(s))).collect()),
    })
}

fn text(s: String) -> Option<Node<'static>> {
    Some(Node::Text(Cow::Owned(s)))
}

/// Up to this many names are checked against each other pairwise: an event has a handful, and
/// an index for them cost a call as much as its whole decoding.
const FEW_NAMES: usize = 16;

/// The first name that repeats an earlier one; an index when there are many, so many fields
/// stay n log n.
fn first_repeated<'s>(names: &[&'s str]) -> Option<&'s str> {
    if names.len() <= FEW_NAMES {
        return names
            .iter()
            .enumerate()
            .find(|(at, name)| {
                names
                    .get(..*at)
                    .is_some_and(|earlier| earlier.iter().any(|e| e == *name))
            })
            .map(|(_, name)| *name);
    }
    let mut seen = BTreeSet::new();
    names.iter().copied().find(|name| !seen.insert(*name))
}

/// A typed record's fields, each name once (with `reserved`, the names an event's own members
/// already take), each number finite.
fn members(fields: Vec<wit::Field>, reserved: &[&str], owner: Owner) -> Result<Members<'static>, CaseError> {
    let names: Vec<&str> = reserved
        .iter()
        .copied()
        .chain(fields.iter().map(|f| f.name.as_str()))
        .collect();
    if let Some(name) = first_repeated(&names) {
        return Err(CaseError::new(owner.path(name), Message::new("case-repeated")));
    }
    fields
        .into_iter()
        .map(|field| {
            let value = value_to_json(field.value, owner, &field.name)?;
            Ok((Cow::Owned(field.name), value))
        })
        .collect()
}

fn event_members(index: usize, event: wit::Event) -> Result<EventMembers<'static>, CaseError> {
    let mut reserved = vec!["type", "at"];
    reserved.extend(event.by.as_ref().map(|_| "by"));
    reserved.extend(event.form.as_ref().map(|_| "form"));
    let fields = members(event.fields, &reserved, Owner::Event(index))?;
    let mut parts = EventMembers::default();
    parts.add("type".into(), Node::Text(Cow::Owned(event.event_type)));
    parts.add("at".into(), Node::Text(Cow::Owned(event.at)));
    if let Some(by) = event.by {
        parts.add("by".into(), Node::Text(Cow::Owned(by)));
    }
    if let Some(form) = event.form {
        parts.add("form".into(), Node::Text(Cow::Owned(form)));
    }
    for (name, value) in fields {
        parts.add(name, value);
    }
    Ok(parts)
}

/// A typed case taken apart for the decoder both entry points share, with no JSON object or
/// array built on the way. A name given twice or a number that is not finite is refused
/// before anything else, as the typed record is read.
pub fn case_parts(case: wit::CaseInput) -> Result<TypedParts, CaseError> {
    let facts = members(case.facts, &[], Owner::Facts)?;
    let events = case
        .events
        .into_iter()
        .enumerate()
        .map(|(index, event)| event_members(index, event).map(Ok))
        .collect::<Result<Vec<_>, CaseError>>()?;
    Ok(CaseParts {
        kind: text(case.kind),
        subject: case.subject.and_then(text),
        as_of: case.as_of.and_then(text),
        facts: Ok(facts),
        events: Ok(events),
    })
}

/// A typed case's parts: every event already taken apart.
pub type TypedParts = CaseParts<'static, Vec<Result<EventMembers<'static>, CaseError>>>;

fn citation(c: output::Citation<'_>) -> wit::Citation {
    wit::Citation {
        source: c.source.into_owned(),
        document: c.document.into_owned(),
        article: c.article.into_owned(),
        quote: c.quote.map(Cow::into_owned),
    }
}

fn limit(l: Limit) -> wit::Limit {
    wit::Limit {
        amount: l.amount,
        unit: l.unit.code().to_string(),
    }
}

fn indices(events: Vec<usize>) -> Vec<u32> {
    events
        .into_iter()
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect()
}

fn status(s: Status) -> wit::Status {
    match s {
        Status::Met => wit::Status::Met,
        Status::Pending => wit::Status::Pending,
        Status::Breached => wit::Status::Breached,
    }
}

fn warning(w: Warning) -> wit::Warning {
    match w {
        Warning::Green => wit::Warning::Green,
        Warning::Yellow => wit::Warning::Yellow,
        Warning::Red => wit::Warning::Red,
    }
}

/// Converts a message to its WIT record.
fn message(m: Message) -> wit::Message {
    wit::Message {
        code: m.code.into_owned(),
        args: m
            .args
            .0
            .into_iter()
            .map(|(name, value)| wit::MessageArg {
                name: name.into_owned(),
                value: match value.plain() {
                    PlainArg::Text(s) => wit::ArgValue::Text(s),
                    PlainArg::Number(n) => wit::ArgValue::Number(n),
                    PlainArg::Names(names) => wit::ArgValue::Names(names),
                },
            })
            .collect(),
        text: m.text,
    }
}

fn messages(ms: Vec<Message>) -> Vec<wit::Message> {
    ms.into_iter().map(message).collect()
}

/// Converts an evaluation to its WIT record.
pub fn evaluation(e: output::Evaluation<'_>) -> wit::Evaluation {
    wit::Evaluation {
        hall: e.hall.into_owned(),
        policy_version: e.policy_version.into_owned(),
        kind: e.kind,
        subject: e.subject,
        as_of: e.as_of,
        lang: e.lang,
        provisional: e.provisional,
        obligations: e
            .obligations
            .into_iter()
            .map(|o| wit::Obligation {
                rule: o.rule.into_owned(),
                title: o.title.into_owned(),
                duty: message(o.duty),
                actor: o.actor.into_owned(),
                person: o.person,
                due: o.due,
                last_day: o.last_day,
                forms: o.forms.iter().map(|f| f.label().to_string()).collect(),
                status: status(o.status),
                warning: o.warning.map(warning),
                next_change: o.next_change,
                met_at: o.met_at,
                detail: messages(o.detail),
                citation: citation(o.citation),
                events: indices(o.events),
            })
            .collect(),
        violations: e
            .violations
            .into_iter()
            .map(|v| wit::Violation {
                rule: v.rule.into_owned(),
                title: v.title.into_owned(),
                what: messages(v.what),
                at: v.at,
                actor: v.actor.into_owned(),
                person: v.person,
                penalty: v.penalty.map(|p| wit::Penalty {
                    ladder: p.ladder.into_owned(),
                    rung: p.rung.map(Cow::into_owned),
                    decided_by: p.decided_by.code().to_string(),
                    range: p.range.into_iter().map(Cow::into_owned).collect(),
                    basis: message(p.basis),
                    citation: citation(p.citation),
                }),
                citation: citation(v.citation),
                events: indices(v.events),
            })
            .collect(),
        clocks: e
            .clocks
            .into_iter()
            .map(|c| wit::Clock {
                rule: c.rule.into_owned(),
                start: c.start,
                start_event: u32::try_from(c.start_event).unwrap_or(u32::MAX),
                start_basis: message(c.start_basis),
                stops: c
                    .stops
                    .into_iter()
                    .map(|s| wit::StopReport {
                        from: s.from,
                        to: s.to,
                        excluded: s.excluded,
                        events: indices(s.events),
                    })
                    .collect(),
                extensions: c
                    .extensions
                    .into_iter()
                    .map(|x| wit::ExtensionReport {
                        approved_at: x.approved_at,
                        until: x.until,
                        noticed_at: x.noticed_at,
                        counted: x.counted,
                        reason: messages(x.reason),
                        events: indices(x.events),
                    })
                    .collect(),
                limit: limit(c.limit),
                due: c.due,
                last_day: c.last_day,
                count_unit: c.count_unit.code().to_string(),
                used: c.used,
                left: c.left,
                suspended: c.suspended,
                provisional: c.provisional,
                provisional_reason: c.provisional_reason.map(message),
            })
            .collect(),
    }
}

fn field_info(f: FieldInfo) -> wit::FieldInfo {
    wit::FieldInfo {
        name: f.name,
        type_name: f.type_name,
        optional: f.optional,
        choices: f.choices,
    }
}

/// Converts a description to its WIT record.
pub fn description(d: Description) -> wit::Description {
    wit::Description {
        hall_id: d.hall_id,
        hall: d.hall,
        policy_version: d.policy_version,
        policy_hash: d.policy_hash,
        calendar: d.calendar,
        calendar_years: d.calendar_years,
        kinds: d
            .kinds
            .into_iter()
            .map(|k| wit::KindInfo {
                name: k.name,
                facts: k.facts.into_iter().map(field_info).collect(),
                events: k
                    .events
                    .into_iter()
                    .map(|e| wit::EventInfo {
                        name: e.name,
                        fields: e.fields.into_iter().map(field_info).collect(),
                    })
                    .collect(),
            })
            .collect(),
        matters: d
            .matters
            .into_iter()
            .map(|m| wit::MatterInfo {
                name: m.name,
                matter_type: m.matter_type,
                limit: m.limit.map(limit),
                materials: m.materials,
            })
            .collect(),
        rules: d
            .rules
            .into_iter()
            .map(|r| wit::RuleInfo {
                id: r.id,
                title: r.title,
                kind: r.kind,
                shape: r.shape,
                citation: wit::Citation {
                    source: r.citation.source,
                    document: r.citation.document,
                    article: r.citation.article,
                    quote: r.citation.quote,
                },
                ladder: r.ladder,
            })
            .collect(),
    }
}

/// What `describe` says of a component with no usable policy (never a trap).
pub fn empty_description(reason: String) -> wit::Description {
    wit::Description {
        hall_id: String::new(),
        hall: reason,
        policy_version: String::new(),
        policy_hash: String::new(),
        calendar: String::new(),
        calendar_years: (0, 0),
        kinds: Vec::new(),
        matters: Vec::new(),
        rules: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_name_is_found_by_pairs_and_by_index_alike() {
        for count in [1, 2, FEW_NAMES - 1, FEW_NAMES, FEW_NAMES + 1, 200] {
            let names: Vec<String> = (0..count).map(|i| format!("名{i}")).collect();
            let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
            assert_eq!(first_repeated(&names), None, "{count}");
            let first = names[0];
            names.push(first);
            assert_eq!(first_repeated(&names), Some(first), "{count}");
            names.insert(1, "名1");
            let expected = if count > 1 { "名1" } else { first };
            assert_eq!(first_repeated(&names), Some(expected), "{count}");
        }
    }
}
