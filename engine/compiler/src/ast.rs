//! The syntax tree of a rule file, as written: names keep their spans so the checker can point
//! at them. Equality ignores spans, so two spellings of one policy compare equal.

/// A byte range in the rule file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Eq for Span {}

impl Span {
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A name or string as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// A whole rule file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyFile {
    pub halls: Vec<HallDecl>,
    pub sources: Vec<SourceDecl>,
    pub kinds: Vec<KindDecl>,
    pub matters: Vec<MatterDecl>,
    pub rules: Vec<RuleDecl>,
    pub ladders: Vec<LadderDecl>,
    pub not_encoded: Vec<NotEncodedDecl>,
    pub repeats: Vec<RepeatDecl>,
}

/// `repeat ID "title" { … }`: what repetition across a group's cases triggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatDecl {
    pub id: Name,
    pub title: Option<Name>,
    pub cite: Option<(Name, Name)>,
    pub quote: Option<Name>,
    pub kind: Option<Name>,
    /// The event whose occurrence makes a case count.
    pub count: Option<Name>,
    /// The fact that groups cases; `None` with `per_person` set groups by who the event names.
    pub per: Option<Name>,
    pub per_person: bool,
    /// `None` for `in calendar year`.
    pub within: Option<LimitAst>,
    pub calendar_year: bool,
    pub at_least: Option<(u32, Span)>,
    pub then: Option<Name>,
    pub span: Span,
}

/// `not encoded SOURCE "ARTICLE", … because "REASON"`: articles left out on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotEncodedDecl {
    pub source: Name,
    pub articles: Vec<Name>,
    pub reason: Name,
}

/// `hall ID "name" { version … calendar … hours … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallDecl {
    pub id: Name,
    pub title: Name,
    pub version: Option<Name>,
    pub calendar: Option<Name>,
    pub hours: Option<(Name, Name)>,
    pub span: Span,
}

/// `source ID "title"`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDecl {
    pub id: Name,
    pub title: Name,
}

/// `kind ID { fact … event … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindDecl {
    pub name: Name,
    pub facts: Vec<FieldDecl>,
    pub events: Vec<EventDecl>,
}

/// `event ID { field: type, … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDecl {
    pub name: Name,
    pub fields: Vec<FieldDecl>,
}

/// `name: type [optional]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDecl {
    pub name: Name,
    pub ty: TypeExpr,
    pub optional: bool,
}

/// A type as written: a type name, or `one of ("a", "b")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    Named(Name),
    Choice(Vec<Name>),
}

/// `matter NAME { type … materials … basis "…" … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterDecl {
    pub name: Name,
    pub matter_type: Option<(MatterTypeAst, Span)>,
    pub materials: Option<Vec<Name>>,
    pub disclosures: Vec<(Name, Name)>,
}

/// `immediate`, or `promised N unit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatterTypeAst {
    Immediate,
    Promised(LimitAst),
}

/// `N unit`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitAst {
    pub amount: u32,
    pub unit: UnitAst,
    pub span: Span,
}

/// Units as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitAst {
    WorkingDays,
    CalendarDays,
    Months,
    Hours,
    Minutes,
}

/// `within …`
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitSpecAst {
    SameVisit(Span),
    MatterLimit(Name),
    Fixed(LimitAst),
}

/// `rule ID "title" { clauses }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDecl {
    pub id: Name,
    pub title: Option<Name>,
    pub clauses: Vec<Clause>,
    pub span: Span,
}

/// A literal in a condition or filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    pub text: String,
    pub span: Span,
}

/// `where FIELD = value`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterAst {
    pub field: Name,
    pub test: FilterTest,
}

/// What a `where` asks of the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterTest {
    /// `= VALUE`
    Equals(Literal),
    /// `contains any of "…", "…"`: the field's text contains one of the phrases.
    ContainsAny(Vec<Literal>),
    /// `> N`, `>= N`, `< N`, `<= N` on a number field.
    Compare(CompareOp, Literal),
}

pub use hallpolicy_runtime::ir::CompareOp;

/// A condition of `when`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionAst {
    MatterIs { fact: Name, promised: bool },
    Has(Name),
    Fact { fact: Name, negate: bool, value: Literal },
}

/// One clause of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClauseKind {
    Cite {
        source: Name,
        article: Name,
    },
    Quote(Name),
    Kind(Name),
    When(Vec<ConditionAst>),
    After {
        each: bool,
        event: Name,
        filter: Option<FilterAst>,
    },
    Must {
        duties: Vec<Name>,
        matching: Option<Name>,
    },
    By(Name),
    Within(LimitSpecAst),
    Before(Name),
    Form(Vec<Name>),
    States(Vec<Name>),
    Restart {
        event: Name,
        if_rule: Option<Name>,
    },
    Stop {
        stop: Name,
        resume: Name,
    },
    Extend {
        approval: Name,
        field: Name,
        approver: Name,
        notice: Name,
        states: Vec<Name>,
        lead: Option<LimitAst>,
    },
    ApplicantDelay(Name),
    Warn(LimitAst),
    Ladder(Name),
    Each {
        events: Vec<Name>,
        filter: Option<FilterAst>,
    },
    Never {
        event: Name,
        filter: Option<FilterAst>,
        /// `once EVENT`: forbidden only after the first such event.
        once: Option<Name>,
    },
    Missing {
        matter_fact: Name,
        event: Name,
        field: Name,
    },
    Notice {
        event: Name,
        field: Name,
        within: LimitSpecAst,
    },
}

/// A clause and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub kind: ClauseKind,
    pub span: Span,
}

/// `ladder ID { cite … rung … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderDecl {
    pub id: Name,
    pub cite: Option<(Name, Name)>,
    pub quote: Option<Name>,
    pub rungs: Vec<RungDecl>,
    pub span: Span,
}

/// `rung NAME [when criterion]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RungDecl {
    pub name: Name,
    pub criterion: Option<CriterionAst>,
}

/// What selects a rung, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CriterionAst {
    Overdue(LimitAst),
    Repeated(u32, Span),
    Fact { fact: Name, value: Literal },
}
