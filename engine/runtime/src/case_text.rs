//! A case read straight from its text into a [`Case`], member by member, without first building
//! the whole document's [`Node`] tree (a vector for every object and list, each object checked
//! for repeated keys, every value moved twice) only for the decoder to take it apart again.
//!
//! Only a case that can be taken as it comes is read here: no key repeated, nothing refused.
//! `facts` and `events` given before what they need (as a serializer that sorts keys writes
//! them) are skipped and read once the rest is known. Anything else goes to the general path
//! (`decode_json` over the parsed tree), so every refusal, and which of several problems is
//! reported, stay as they were. Each value is still decoded by the general path's functions.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::case::{decode_event, decode_facts, Case, Event, EventMembers, Value};
use crate::case_json::Node;
use crate::ir::{CaseKind, Policy};
use crate::json_in::Reader;
use crate::name::same;
use crate::time::{parse_as_of, Moment};

/// Where a member's value is: read already, or at an offset of the text, skipped until what it
/// needs is known (`facts` needs `kind`; `events` needs `kind` and `as_of`).
enum Member<T> {
    Absent,
    Read(T),
    At(usize),
}

/// The case in `text`, or `None` where the general path must decide.
pub fn read_case<'a>(policy: &Policy, text: &'a str, as_of: Option<&str>) -> Option<Case<'a>> {
    let mut reader = Reader::new(text);
    let mut kind: Option<(&CaseKind, Cow<'a, str>)> = None;
    let mut subject = None;
    let mut moment = match as_of {
        Some(text) => Some(parse_as_of(text).ok()?),
        None => None,
    };
    let mut facts = Member::Absent;
    let mut events = Member::Absent;
    let mut seen = [false; 5];
    reader.expect(b'{')?;
    if !reader.closes(b'}')? {
        loop {
            let key = reader.key()?;
            let member = ["kind", "subject", "as_of", "facts", "events"]
                .iter()
                .position(|name| same(name, &key))?;
            if std::mem::replace(seen.get_mut(member)?, true) {
                return None;
            }
            match member {
                0 => {
                    let Node::Text(name) = reader.value()? else {
                        return None;
                    };
                    kind = Some((policy.kind(&name)?, name));
                }
                1 => {
                    subject = match reader.value()? {
                        Node::Null => None,
                        Node::Text(name) => Some(name),
                        _ => return None,
                    };
                }
                2 => {
                    // An `as_of` given to the evaluator overrides the case's, whatever it holds.
                    let value = reader.value()?;
                    if as_of.is_none() {
                        let Node::Text(text) = value else {
                            return None;
                        };
                        moment = Some(parse_as_of(&text).ok()?);
                    }
                }
                3 => {
                    facts = match &kind {
                        Some((kind, _)) => Member::Read(read_facts(&mut reader, policy, kind)?),
                        None => Member::At(skip(&mut reader)?),
                    };
                }
                _ => {
                    events = match (&kind, moment) {
                        (Some((kind, _)), Some(as_of)) => Member::Read(read_events(&mut reader, policy, kind, as_of)?),
                        _ => Member::At(skip(&mut reader)?),
                    };
                }
            }
            if !reader.more(b'}')? {
                break;
            }
        }
    }
    if !reader.ends() {
        return None;
    }
    let (kind, kind_name) = kind?;
    let as_of = moment?;
    let facts = match facts {
        Member::Read(facts) => facts,
        Member::At(at) => read_facts(&mut Reader::resume(text, at), policy, kind)?,
        Member::Absent => decode_facts(policy, kind, None).ok()?,
    };
    let events = match events {
        Member::Read(events) => events,
        Member::At(at) => read_events(&mut Reader::resume(text, at), policy, kind, as_of)?,
        Member::Absent => Vec::new(),
    };
    Some(Case {
        kind: kind_name,
        subject,
        as_of,
        facts,
        events,
    })
}

/// Skips a value; where it starts.
fn skip(reader: &mut Reader<'_>) -> Option<usize> {
    let at = reader.position();
    reader.skip()?;
    Some(at)
}

/// The `facts` object (or `null`): a member or two, decoded from their tree.
fn read_facts<'a>(
    reader: &mut Reader<'a>,
    policy: &Policy,
    kind: &CaseKind,
) -> Option<BTreeMap<Cow<'a, str>, Value<'a>>> {
    decode_facts(policy, kind, Some(reader.value()?)).ok()
}

/// The `events` array (or `null`), each event decoded as soon as its object is read.
fn read_events<'a>(reader: &mut Reader<'a>, policy: &Policy, kind: &CaseKind, as_of: Moment) -> Option<Vec<Event<'a>>> {
    let mut events: Vec<Event<'a>> = Vec::new();
    if !reader.opens(b'[')? {
        return matches!(reader.value()?, Node::Null).then(Vec::new);
    }
    if reader.closes(b']')? {
        return Some(events);
    }
    loop {
        let mut members = EventMembers::default();
        reader.expect(b'{')?;
        if !reader.closes(b'}')? {
            loop {
                let key = reader.key()?;
                if !members.add(key, reader.value()?) {
                    return None;
                }
                if !reader.more(b'}')? {
                    break;
                }
            }
        }
        let event = decode_event(policy, kind, events.len(), members, as_of, events.last()).ok()?;
        events.push(event);
        if !reader.more(b']')? {
            return Some(events);
        }
    }
}
