//! What evaluation returns: obligations, violations and clocks, each with its citation and
//! the events it rests on. Serialized with serde; the JSON form is stable and documented in
//! the README, and field order is fixed so every host gets the same bytes.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::ir::{Form, Limit, Unit};
use crate::message::{Lang, Message};

/// Text an evaluation shares with its policy (names, titles, citations), borrowed so that an
/// evaluation copies none of it, or text it makes itself.
pub type Text<'p> = Cow<'p, str>;

/// The version of the JSON forms a host exchanges: the evaluation's, the case's and the error's.
/// Every evaluation carries it, so a portal can tell which schema file describes what it got;
/// it changes when any of those forms changes shape.
pub const SCHEMA_VERSION: &str = "1.1.0";

/// The result of evaluating one case; `'p` is the policy it borrows rule text from.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation<'p> {
    /// The version of this JSON form's schema: the one in the `$id` of the schema files that
    /// describe it.
    pub schema_version: Text<'p>,
    pub hall: Text<'p>,
    pub policy_version: Text<'p>,
    pub kind: String,
    pub subject: Option<String>,
    pub as_of: String,
    /// The language of every message's `text` (`zh-CN` unless another was asked for).
    pub lang: String,
    /// True when any date was counted into a year the calendar table does not cover.
    pub provisional: bool,
    pub obligations: Vec<Obligation<'p>>,
    pub violations: Vec<Violation<'p>>,
    pub clocks: Vec<ClockReport<'p>>,
}

impl Evaluation<'_> {
    /// The language the messages were written in.
    pub fn language(&self) -> Lang {
        Lang::from_tag(&self.lang).unwrap_or_default()
    }

    /// Writes every message's words in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        self.lang = lang.tag().to_string();
        for o in &mut self.obligations {
            o.duty.localize(lang);
            o.detail.iter_mut().for_each(|m| m.localize(lang));
        }
        for v in &mut self.violations {
            v.what.iter_mut().for_each(|m| m.localize(lang));
            if let Some(p) = &mut v.penalty {
                p.basis.localize(lang);
            }
        }
        for c in &mut self.clocks {
            c.start_basis.localize(lang);
            if let Some(r) = &mut c.provisional_reason {
                r.localize(lang);
            }
            for x in &mut c.extensions {
                x.reason.iter_mut().for_each(|m| m.localize(lang));
            }
        }
    }

    /// The evaluation as compact JSON, serde_json's bytes: what the JSON entries return and
    /// `hall eval --format json` prints.
    pub fn to_json(&self) -> String {
        // Only a map with non-string keys fails to write, and an evaluation has none.
        hallpolicy_json::to_string(self).unwrap_or_default()
    }
}

/// Where an obligation stands.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Pending,
    Breached,
}

impl Status {
    /// The status's name in JSON and WIT.
    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Pending => "pending",
            Status::Breached => "breached",
        }
    }
}

/// The warning an electronic supervision system (电子监察) shows for an open obligation.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    Green,
    Yellow,
    Red,
}

impl Warning {
    /// The warning's name in JSON and WIT.
    pub fn code(self) -> &'static str {
        match self {
            Warning::Green => "green",
            Warning::Yellow => "yellow",
            Warning::Red => "red",
        }
    }
}

/// A duty the case gives rise to.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Obligation<'p> {
    pub rule: Text<'p>,
    pub title: Text<'p>,
    /// What must be done: the event(s) that discharge it.
    pub duty: Message,
    /// The role the policy names.
    pub actor: Text<'p>,
    /// The person, where the events name one.
    pub person: Option<String>,
    /// The moment the limit ends (exclusive); `None` while the clock is stopped or the limit
    /// waits for an event.
    pub due: Option<String>,
    /// The limit's last day, for day-counted limits.
    pub last_day: Option<String>,
    pub forms: Vec<Form>,
    pub status: Status,
    /// Set while the duty is not done: green, yellow near the limit, red when overdue.
    pub warning: Option<Warning>,
    /// When the status or warning will next change if nothing happens, so a portal knows when
    /// to look again.
    pub next_change: Option<String>,
    pub met_at: Option<String>,
    /// Why it stands as it does: the counting rules applied, then any faults.
    pub detail: Vec<Message>,
    pub citation: Citation<'p>,
    pub events: Vec<usize>,
}

/// A breach, with the penalty the ladder selects.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation<'p> {
    pub rule: Text<'p>,
    pub title: Text<'p>,
    /// What was wrong, a fault a message.
    pub what: Vec<Message>,
    pub at: String,
    pub actor: Text<'p>,
    pub person: Option<String>,
    pub penalty: Option<Penalty<'p>>,
    pub citation: Citation<'p>,
    pub events: Vec<usize>,
}

/// Who chose the rung.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// The ladder's stated criteria selected the rung.
    Criteria,
    /// The text leaves it to human judgement; `range` lists the rungs open.
    Person,
}

impl DecidedBy {
    /// Who decided, as JSON and WIT name it.
    pub fn code(self) -> &'static str {
        match self {
            DecidedBy::Criteria => "criteria",
            DecidedBy::Person => "person",
        }
    }
}

/// The penalty rung and its basis.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Penalty<'p> {
    pub ladder: Text<'p>,
    pub rung: Option<Text<'p>>,
    pub decided_by: DecidedBy,
    pub range: Vec<Text<'p>>,
    pub basis: Message,
    pub citation: Citation<'p>,
}

/// Where an item's rule comes from, as the policy's citation states it (`ir::Citation`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation<'p> {
    pub source: Text<'p>,
    pub document: Text<'p>,
    pub article: Text<'p>,
    /// The rule's words: in a penalty's citation; `null` in an obligation's or violation's,
    /// whose rule's words `describe` gives once.
    pub quote: Option<Text<'p>>,
}

impl<'p> Citation<'p> {
    /// `citation`, borrowed, with its words or without.
    pub fn of(citation: &'p crate::ir::Citation, with_quote: bool) -> Self {
        Citation {
            source: Cow::Borrowed(&citation.source),
            document: Cow::Borrowed(&citation.document),
            article: Cow::Borrowed(&citation.article),
            quote: citation.quote.as_deref().filter(|_| with_quote).map(Cow::Borrowed),
        }
    }
}

/// The clock behind a day-counted obligation.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockReport<'p> {
    pub rule: Text<'p>,
    /// The day the count starts after (counting rule 1).
    pub start: String,
    /// The event the count runs from.
    pub start_event: usize,
    /// Why the clock starts where it does.
    pub start_basis: Message,
    pub stops: Vec<StopReport>,
    pub extensions: Vec<ExtensionReport>,
    pub limit: Limit,
    pub due: Option<String>,
    pub last_day: Option<String>,
    pub count_unit: Unit,
    pub used: i64,
    pub left: i64,
    pub suspended: bool,
    pub provisional: bool,
    pub provisional_reason: Option<Message>,
}

/// A stretch during which the clock stood still (counting rule 6).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopReport {
    pub from: String,
    pub to: Option<String>,
    pub excluded: i64,
    pub events: Vec<usize>,
}

/// An extension and whether it counted (counting rule 7).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtensionReport {
    pub approved_at: String,
    pub until: Option<String>,
    pub noticed_at: Option<String>,
    pub counted: bool,
    /// Why it counted, or each reason it did not.
    pub reason: Vec<Message>,
    pub events: Vec<usize>,
}
