//! Diagnostics: every problem a rule file can have, with a stable code, a labelled span and
//! help. They are data; the CLI renders them (graphically or as JSON) through `miette`.

use std::fmt;

use miette::{LabeledSpan, NamedSource, SourceSpan};

use crate::ast::Span;

/// Stable diagnostic codes. Each has a fixture under `tests/fixtures/bad-policies/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// The text does not parse: `rule x {` with no closing brace.
    Syntax,
    /// Two declarations share a name: `rule a {…} rule a {…}`.
    Duplicate,
    /// `kind 申办` where no such kind is declared.
    UnknownKind,
    /// `after 收件` where the rule's kind declares no such event.
    UnknownEvent,
    /// `when 情节 = "重"` where the kind declares no such fact.
    UnknownFact,
    /// `states 页数` where the event declares no such field.
    UnknownField,
    /// `cite 办法 "…"` where no `source 办法` is declared.
    UnknownSource,
    /// A rule or ladder with no `cite`.
    MissingCitation,
    /// `warn 2 days` on a limit counted in working days.
    UnitMismatch,
    /// A matter without one of the eight disclosures (八公开).
    MissingDisclosure,
    /// `ladder 追究` where no such ladder is declared.
    UnknownLadder,
    /// `restart on 补正 if 告知` where no such one-time-notice rule is declared.
    UnknownRule,
    /// A rule whose clauses do not make one of the known shapes.
    IncompleteRule,
    /// A rule whose conditions can never hold together.
    UnreachableRule,
    /// A name used where a value of another type is needed.
    WrongType,
    /// `form letter`: not one of oral, written, platform, receipt.
    UnknownForm,
    /// A value out of range: `hours 25:00 to 17:00`, `within 0 working days`.
    InvalidValue,
    /// No `hall` declaration, or more than one.
    MissingHall,
    /// Two rules that demand the same thing of the same event with different limits.
    ConflictingRules,
    /// An event field named `type`, `at`, `by` or `form`, which every event already has.
    ReservedName,
}

impl Code {
    /// The code as printed, `H001`….
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "H001",
            Code::Duplicate => "H002",
            Code::UnknownKind => "H003",
            Code::UnknownEvent => "H004",
            Code::UnknownFact => "H005",
            Code::UnknownField => "H006",
            Code::UnknownSource => "H007",
            Code::MissingCitation => "H008",
            Code::UnitMismatch => "H009",
            Code::MissingDisclosure => "H010",
            Code::UnknownLadder => "H011",
            Code::UnknownRule => "H012",
            Code::IncompleteRule => "H013",
            Code::UnreachableRule => "H014",
            Code::WrongType => "H015",
            Code::UnknownForm => "H016",
            Code::InvalidValue => "H017",
            Code::MissingHall => "H018",
            Code::ConflictingRules => "H019",
            Code::ReservedName => "H020",
        }
    }

    /// A short name for the code, used in docs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::Duplicate => "duplicate-name",
            Code::UnknownKind => "unknown-kind",
            Code::UnknownEvent => "unknown-event",
            Code::UnknownFact => "unknown-fact",
            Code::UnknownField => "unknown-field",
            Code::UnknownSource => "unknown-source",
            Code::MissingCitation => "missing-citation",
            Code::UnitMismatch => "unit-mismatch",
            Code::MissingDisclosure => "missing-disclosure",
            Code::UnknownLadder => "unknown-ladder",
            Code::UnknownRule => "unknown-rule",
            Code::IncompleteRule => "incomplete-rule",
            Code::UnreachableRule => "unreachable-rule",
            Code::WrongType => "wrong-type",
            Code::UnknownForm => "unknown-form",
            Code::InvalidValue => "invalid-value",
            Code::MissingHall => "missing-hall",
            Code::ConflictingRules => "conflicting-rules",
            Code::ReservedName => "reserved-name",
        }
    }

    /// Every code, in order.
    pub const ALL: [Code; 20] = [
        Code::Syntax,
        Code::Duplicate,
        Code::UnknownKind,
        Code::UnknownEvent,
        Code::UnknownFact,
        Code::UnknownField,
        Code::UnknownSource,
        Code::MissingCitation,
        Code::UnitMismatch,
        Code::MissingDisclosure,
        Code::UnknownLadder,
        Code::UnknownRule,
        Code::IncompleteRule,
        Code::UnreachableRule,
        Code::WrongType,
        Code::UnknownForm,
        Code::InvalidValue,
        Code::MissingHall,
        Code::ConflictingRules,
        Code::ReservedName,
    ];
}

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    /// Lowercase, no final period, user input in backticks.
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
    /// Other places that explain the problem (the first declaration of a duplicate).
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    /// Starts a diagnostic at `span`.
    pub fn new(code: Code, span: Span, message: impl Into<String>, label: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            span,
            label: label.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// Adds help text.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a related location.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push((span, label.into()));
        self
    }

    /// Attaches the source text, for rendering.
    pub fn with_source(self, file_name: &str, source: &str) -> SourcedDiagnostic {
        SourcedDiagnostic {
            diagnostic: self,
            source: NamedSource::new(file_name, source.to_string()),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A diagnostic with its source text, ready for a `miette` renderer.
#[derive(Debug)]
pub struct SourcedDiagnostic {
    pub diagnostic: Diagnostic,
    pub source: NamedSource<String>,
}

impl fmt::Display for SourcedDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl std::error::Error for SourcedDiagnostic {}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.end.saturating_sub(span.start))
}

impl miette::Diagnostic for SourcedDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary =
            LabeledSpan::new_primary_with_span(Some(self.diagnostic.label.clone()), source_span(self.diagnostic.span));
        let related = self
            .diagnostic
            .related
            .iter()
            .map(|(span, label)| LabeledSpan::new_with_span(Some(label.clone()), source_span(*span)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// Line and column (1-based, in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = source.get(..offset.min(source.len())).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    // A byte-order mark takes no column.
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().filter(|&c| c != '\u{feff}').count())
        + 1;
    (line, column)
}
