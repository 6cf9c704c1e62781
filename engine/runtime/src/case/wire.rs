//! The case as JSON carries it, for JSON Schema: the decoder (`decode_json`) reads this shape
//! by hand, and these types exist so that a portal can generate a client from the schema.

use std::collections::BTreeMap;

use schemars::JsonSchema;

/// One matter's timeline of events as of a moment: what every host evaluates.
#[derive(JsonSchema)]
#[schemars(rename = "Case")]
pub struct CaseDocument {
    /// The kind of case, as the policy names it (`申办`, `咨询`, `投诉`…).
    pub kind: String,
    /// The matter or person the case is about.
    pub subject: Option<String>,
    /// The moment of evaluation, RFC 3339 with offset (`2026-06-12T09:00:00+08:00`) or a bare
    /// date; `?as_of=` or `--as-of` overrides it. It may be left out, but not `null`.
    #[schemars(extend("type" = "string"))]
    pub as_of: Option<String>,
    /// The kind's facts, by name.
    #[schemars(default)]
    pub facts: BTreeMap<String, FieldValue>,
    /// The events in the order they happened.
    #[schemars(default)]
    pub events: Vec<EventDocument>,
}

/// One event of a case.
#[derive(JsonSchema)]
#[schemars(rename = "Event")]
pub struct EventDocument {
    /// The event type, as the policy names it (`收件`, `告知`, `办结`…).
    #[schemars(rename = "type")]
    pub event_type: String,
    /// When it happened, RFC 3339 with offset.
    pub at: String,
    /// Who did it.
    pub by: Option<String>,
    /// The form a notice or record took.
    pub form: Option<crate::ir::Form>,
    /// The event type's fields, by name.
    #[schemars(flatten)]
    pub fields: BTreeMap<String, FieldValue>,
}

/// A fact's or field's value: text (dates and choices are text), a number, a yes or no, or a
/// list of names.
#[derive(JsonSchema)]
#[schemars(untagged)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Boolean(bool),
    Names(Vec<String>),
}
