//! The compiled policy (IR): what the runtime needs and nothing else. Produced by the
//! compiler's lowering stage, validated there, and stored as versioned bytes.

use serde::{Deserialize, Serialize};

/// Magic bytes that open every encoded policy, so a host can tell an IR blob from anything else.
pub const IR_MAGIC: &[u8; 6] = b"HALLIR";
/// Bumped whenever the IR's shape changes; a runtime refuses other versions.
pub const IR_FORMAT_VERSION: u16 = 4;

/// A hall's compiled policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub hall: Hall,
    pub sources: Vec<Source>,
    pub calendar: CalendarData,
    pub kinds: Vec<CaseKind>,
    pub matters: Vec<Matter>,
    pub rules: Vec<Rule>,
    pub ladders: Vec<Ladder>,
    /// What repetition across a group's cases triggers.
    pub repeats: Vec<Repeat>,
}

/// Repetition across cases: when at least `at_least` cases of one group (a section, a person)
/// record `event` within the window, `consequence` follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repeat {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub citation: Citation,
    pub event: String,
    pub per: GroupBy,
    pub window: Window,
    pub at_least: u32,
    pub consequence: String,
}

/// What puts two cases in one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// The same value of this fact.
    Fact(String),
    /// The same person named by the counted event's `by`.
    Person,
}

/// The stretch of time repetitions are counted in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// One calendar year (年终考核: the year of the annual review).
    CalendarYear,
    /// Any stretch of this length ending at a counted event.
    Rolling(Limit),
}

/// The hall the policy governs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hall {
    pub id: String,
    pub name: String,
    pub version: String,
    /// Business hours; a limit's last day then ends at closing time (Civil Code art. 203).
    pub hours: Option<BusinessHours>,
}

/// Opening and closing time, in minutes after midnight, China Standard Time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    pub open_minute: u16,
    pub close_minute: u16,
}

/// A regulation text that rules cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
}

/// The working-day table as data: every date that differs from the plain Monday–Friday week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarData {
    pub name: String,
    pub first_year: i32,
    pub last_year: i32,
    /// Holiday names, referred to by index from the days.
    pub festivals: Vec<String>,
    /// Sorted by day. Packed into one byte string in the IR, the bulk of a policy's load time
    /// otherwise.
    #[serde(with = "crate::calendar::packed_days")]
    pub days: Vec<CalendarDay>,
}

/// One adjusted date of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// Days from 0001-01-01 (chrono's `num_days_from_ce`).
    pub day: i32,
    pub kind: DayKind,
    /// Index into [`CalendarData::festivals`].
    pub festival: u16,
}

/// Whether an adjusted date is a holiday rest day or a make-up working day (调休上班).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Rest,
    Work,
}

/// A kind of case with the facts and events it may carry: the case schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseKind {
    pub name: String,
    pub facts: Vec<FieldDecl>,
    pub events: Vec<EventDecl>,
}

/// An event type of a case kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDecl {
    pub name: String,
    pub fields: Vec<FieldDecl>,
}

/// A named, typed value a case supplies (a fact, or a field of an event).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDecl {
    pub name: String,
    pub ty: ValueType,
    pub optional: bool,
}

/// Types of facts and event fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    Text,
    Staff,
    Number,
    Bool,
    Date,
    DateTime,
    Form,
    Materials,
    Matter,
    Choice(Vec<String>),
}

impl ValueType {
    /// The type as a rule file writes it (`text`, `date`, …; `choice` for `one of (…)`).
    pub fn name(&self) -> &'static str {
        match self {
            ValueType::Text => "text",
            ValueType::Staff => "staff",
            ValueType::Number => "number",
            ValueType::Bool => "bool",
            ValueType::Date => "date",
            ValueType::DateTime => "datetime",
            ValueType::Form => "form",
            ValueType::Materials => "materials",
            ValueType::Matter => "matter",
            ValueType::Choice(_) => "choice",
        }
    }
}

/// Whether a matter is done on the spot (即办件) or within a promised limit (承诺件).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterType {
    Immediate,
    Promised,
}

/// A service matter (事项) with its promised limit, material list and disclosures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matter {
    pub name: String,
    pub matter_type: MatterType,
    /// The promised limit; `None` for an immediate matter.
    pub limit: Option<Limit>,
    pub materials: Vec<String>,
    /// The published disclosures (八公开), by name.
    pub disclosures: Vec<Disclosure>,
}

/// One published disclosure of a matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disclosure {
    pub name: String,
    pub text: String,
}

/// An amount of time in one unit. Units never mix: the checker refuses it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub amount: u32,
    pub unit: Unit,
}

/// Units of time limits.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    WorkingDays,
    CalendarDays,
    Months,
    Hours,
    Minutes,
}

impl Unit {
    /// The unit's name in JSON and WIT (`working_days`, …).
    pub fn code(self) -> &'static str {
        match self {
            Unit::WorkingDays => "working_days",
            Unit::CalendarDays => "calendar_days",
            Unit::Months => "months",
            Unit::Hours => "hours",
            Unit::Minutes => "minutes",
        }
    }

    /// The unit's name as policies and outputs spell it.
    pub fn label(self) -> &'static str {
        match self {
            Unit::WorkingDays => "working days",
            Unit::CalendarDays => "calendar days",
            Unit::Months => "months",
            Unit::Hours => "hours",
            Unit::Minutes => "minutes",
        }
    }
}

/// Forms a notice or record can take.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    Oral,
    Written,
    Platform,
    Receipt,
}

impl Form {
    /// The form's name as cases and policies spell it.
    pub fn label(self) -> &'static str {
        match self {
            Form::Oral => "oral",
            Form::Written => "written",
            Form::Platform => "platform",
            Form::Receipt => "receipt",
        }
    }

    /// Reads a form from its name.
    pub fn from_label(s: &str) -> Option<Form> {
        match s {
            "oral" => Some(Form::Oral),
            "written" => Some(Form::Written),
            "platform" => Some(Form::Platform),
            "receipt" => Some(Form::Receipt),
            _ => None,
        }
    }
}

/// Where a rule's text comes from: the source, its article and, optionally, the words.
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "PolicyCitation")
)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    pub source: String,
    pub document: String,
    pub article: String,
    /// Always present in JSON (`null` when the rule quotes nothing): the IR's binary form has
    /// no field names, so no field may be left out only sometimes.
    pub quote: Option<String>,
}

/// A condition on the case that decides whether a rule applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// A fact equals (or, negated, differs from) a value.
    FactEquals { fact: String, value: String, negate: bool },
    /// The matter named by a fact is of a type.
    MatterIs { fact: String, matter_type: MatterType },
    /// An event of this type occurred.
    HasEvent { event: String },
}

/// A filter on a triggering event's field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldFilter {
    pub field: String,
    pub test: FieldTest,
}

/// What a filter asks of its field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldTest {
    /// The field reads as this value.
    Equals(String),
    /// The field's text contains one of these phrases (words staff must not use).
    ContainsAny(Vec<String>),
    /// The field's number compared with a bound (a group's head count over its limit).
    Compare(CompareOp, f64),
}

/// How a number compares with a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl CompareOp {
    /// Whether `value` stands in this relation to `bound`.
    pub fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            CompareOp::Above => value > bound,
            CompareOp::AtLeast => value >= bound,
            CompareOp::Below => value < bound,
            CompareOp::AtMost => value <= bound,
        }
    }

    /// The operator as a rule file writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Above => ">",
            CompareOp::AtLeast => ">=",
            CompareOp::Below => "<",
            CompareOp::AtMost => "<=",
        }
    }
}

/// How long a duty has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitSpec {
    Fixed(Limit),
    /// On the same visit: by closing time of the trigger's day, or 24:00 without hours.
    SameVisit,
    /// The matter's promised limit; an immediate matter means the same visit.
    MatterLimit {
        fact: String,
    },
    /// Before the first later event of this type.
    BeforeEvent {
        event: String,
    },
}

/// A compiled rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub citation: Citation,
    pub when: Vec<Condition>,
    pub body: RuleBody,
    pub ladder: Option<String>,
    /// Who bears the duty, as the policy names the role.
    pub actor: String,
}

/// The shapes of rule the runtime knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleBody {
    Deadline(Box<DeadlineRule>),
    Check(CheckRule),
    Forbid(ForbidRule),
    Notice(NoticeRule),
}

/// "After T, someone must do D within L": a clocked duty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineRule {
    pub trigger: String,
    pub each: bool,
    pub filter: Option<FieldFilter>,
    pub duties: Vec<String>,
    pub matching: Option<String>,
    pub limit: LimitSpec,
    pub forms: Vec<Form>,
    pub fields: Vec<String>,
    pub restart: Option<Restart>,
    pub stops: Vec<StopSpec>,
    pub extension: Option<ExtensionSpec>,
    pub applicant_delay: Option<String>,
    pub warn: Option<Limit>,
}

/// The clock restarts the day after this event (counting rule 2), if the named notice rule was met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Restart {
    pub event: String,
    pub if_rule: Option<String>,
}

/// Events that stop and restart the clock (counting rule 6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopSpec {
    pub stop: String,
    pub resume: String,
}

/// How an extension is granted (counting rule 7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtensionSpec {
    pub approval: String,
    /// The approval event's date field holding the new last day.
    pub until_field: String,
    pub approver: String,
    pub notice: String,
    /// Fields the notice must carry (the reason).
    pub notice_fields: Vec<String>,
    /// The notice must come at least this long before the original limit ends.
    pub lead: Option<Limit>,
}

/// "Each E must carry fields F / be in form F".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRule {
    pub events: Vec<String>,
    pub filter: Option<FieldFilter>,
    pub fields: Vec<String>,
    pub forms: Vec<Form>,
}

/// "E must never happen".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForbidRule {
    pub event: String,
    pub filter: Option<FieldFilter>,
    /// Forbidden only after the first event of this name (`never 补正 once 受理`).
    pub once: Option<String>,
}

/// One-time notice (一次性告知): all missing materials in one notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeRule {
    pub matter_fact: String,
    pub received_event: String,
    pub received_field: String,
    pub notice_event: String,
    pub notice_field: String,
    pub limit: LimitSpec,
    pub forms: Vec<Form>,
}

/// A penalty ladder: rungs in order of severity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ladder {
    pub id: String,
    pub citation: Citation,
    pub rungs: Vec<Rung>,
}

/// A rung and, when the text ties it to one, the criterion that selects it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rung {
    pub name: String,
    pub criterion: Option<Criterion>,
}

/// What selects a rung.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Overdue by at least this much.
    OverdueAtLeast(Limit),
    /// A fact of the case (for example the severity, 情节) has this value.
    FactEquals { fact: String, value: String },
    /// At least this many violations under the same ladder in the evaluation.
    Repeated { count: u32 },
}

/// Why an IR blob could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IrError {
    /// The bytes do not start with [`IR_MAGIC`].
    #[error("not a hallpolicy IR blob (bad magic bytes)")]
    NotIr,
    /// The format version is not this runtime's.
    #[error("IR format version {found} is not supported (this runtime reads {IR_FORMAT_VERSION})")]
    Version { found: u16 },
    /// The body is not a valid policy.
    #[error("IR body is invalid: {0}")]
    Body(String),
}

impl Policy {
    /// Encodes the policy as versioned bytes: magic, format version, then the body in postcard
    /// (compact, and quick to load in the wasm evaluator).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::from(&IR_MAGIC[..]);
        out.extend_from_slice(&IR_FORMAT_VERSION.to_le_bytes());
        // Plain owned data always serializes.
        out.extend_from_slice(&postcard::to_allocvec(self).unwrap_or_default());
        out
    }

    /// Decodes bytes written by [`Policy::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Policy, IrError> {
        let rest = bytes.strip_prefix(&IR_MAGIC[..]).ok_or(IrError::NotIr)?;
        let (version, body) = rest.split_first_chunk::<2>().ok_or(IrError::NotIr)?;
        let found = u16::from_le_bytes(*version);
        if found != IR_FORMAT_VERSION {
            return Err(IrError::Version { found });
        }
        postcard::from_bytes(body).map_err(|e| IrError::Body(e.to_string()))
    }

    /// Finds a case kind by name.
    pub fn kind(&self, name: &str) -> Option<&CaseKind> {
        self.kinds.iter().find(|k| k.name == name)
    }

    /// Finds a matter by name.
    pub fn matter(&self, name: &str) -> Option<&Matter> {
        self.matters.iter().find(|m| m.name == name)
    }

    /// Finds a ladder by id.
    pub fn ladder(&self, id: &str) -> Option<&Ladder> {
        self.ladders.iter().find(|l| l.id == id)
    }
}

impl CaseKind {
    /// Finds an event type by name.
    pub fn event(&self, name: &str) -> Option<&EventDecl> {
        self.events.iter().find(|e| e.name == name)
    }

    /// Finds a fact by name.
    pub fn fact(&self, name: &str) -> Option<&FieldDecl> {
        self.facts.iter().find(|f| f.name == name)
    }
}
