//! Parsing: rule-file text in, a [`PolicyFile`] syntax tree out, or a syntax diagnostic
//! (H001) that names what was expected in words a policy author knows.

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::{Pair, Pairs};
use pest::Parser;
use pest_derive::Parser;

use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};

#[derive(Parser)]
#[grammar = "grammar.pest"]
struct RuleFileParser;

/// The user-facing name of each grammar rule. Exhaustive, so a new grammar rule does not
/// compile until it has one.
fn display_name(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of file",
        Rule::WHITESPACE => "white space",
        Rule::COMMENT => "a comment",
        Rule::BOM => "a byte-order mark",
        Rule::file => "a rule file",
        Rule::item => "a declaration",
        Rule::ident => "a name",
        Rule::string => "a quoted string",
        Rule::text => "text",
        Rule::name => "a name or quoted string",
        Rule::number => "a number",
        Rule::clock_time => "a time such as `08:30`",
        Rule::hall_decl => "`hall`",
        Rule::version_clause => "`version`",
        Rule::calendar_clause => "`calendar`",
        Rule::hours_clause => "`hours`",
        Rule::hours_word => "`hours`",
        Rule::to_word => "`to`",
        Rule::source_decl => "`source`",
        Rule::not_encoded_decl => "`not encoded`",
        Rule::kind_decl => "`kind`",
        Rule::fact_decl => "`fact`",
        Rule::event_decl => "`event`",
        Rule::field_decl => "a field such as `材料: materials`",
        Rule::optional_mark => "`optional`",
        Rule::type_expr => "a type",
        Rule::choice_type => "`one of (…)`",
        Rule::matter_decl => "`matter`",
        Rule::matter_type_clause => "`type`",
        Rule::immediate => "`immediate`",
        Rule::promised => "`promised`",
        Rule::materials_clause => "`materials`",
        Rule::disclosure_clause => "a disclosure (`basis`, `conditions`, `quantity`, `procedure`, `sample`)",
        Rule::disclosure_name => "a disclosure name",
        Rule::limit => "a limit such as `5 working days`",
        Rule::unit => "a unit (`working days`, `days`, `months`, `hours`, `minutes`)",
        Rule::working_days => "`working days`",
        Rule::calendar_days => "`days`",
        Rule::months => "`months`",
        Rule::hours => "`hours`",
        Rule::minutes => "`minutes`",
        Rule::rule_decl => "`rule`",
        Rule::rule_clause => "a rule clause",
        Rule::cite_clause => "`cite`",
        Rule::quote_clause => "`quote`",
        Rule::kind_clause => "`kind`",
        Rule::when_clause => "`when`",
        Rule::condition => "a condition",
        Rule::matter_condition => "`FACT is promised|immediate`",
        Rule::has_condition => "`has EVENT`",
        Rule::fact_condition => "`FACT = value`",
        Rule::compare => "`=` or `!=`",
        Rule::literal => "a value",
        Rule::after_clause => "`after`",
        Rule::each_mark => "`each`",
        Rule::filter => "`where`",
        Rule::equals_test => "`= VALUE`",
        Rule::contains_test => "`contains any of \"…\"`",
        Rule::must_clause => "`must`",
        Rule::by_clause => "`by`",
        Rule::matching => "`matching`",
        Rule::within_clause => "`within`",
        Rule::limit_spec => "a limit (`5 working days`, `same visit`, `FACT limit`)",
        Rule::same_visit => "`same visit`",
        Rule::matter_limit => "`FACT limit`",
        Rule::before_clause => "`before`",
        Rule::form_clause => "`form`",
        Rule::states_clause => "`states`",
        Rule::restart_clause => "`restart on`",
        Rule::stop_clause => "`stop on`",
        Rule::extend_clause => "`extend on`",
        Rule::notice_states => "`states`",
        Rule::lead => "`lead`",
        Rule::applicant_clause => "`applicant delay on`",
        Rule::warn_clause => "`warn`",
        Rule::ladder_ref_clause => "`ladder`",
        Rule::each_clause => "`each`",
        Rule::never_clause => "`never`",
        Rule::once => "`once`",
        Rule::compare_test => "`> N`",
        Rule::compare_op => "a comparison (`>`, `>=`, `<`, `<=`)",
        Rule::missing_clause => "`missing`",
        Rule::notice_clause => "`notice`",
        Rule::ladder_decl => "`ladder`",
        Rule::zh_after => "`after`",
        Rule::zh_and => "`and`",
        Rule::zh_applicant_delay_on => "`applicant delay on`",
        Rule::zh_approved_by => "`approved by`",
        Rule::zh_at_least => "`at least`",
        Rule::zh_basis => "`basis`",
        Rule::zh_because => "`because`",
        Rule::zh_before => "`before`",
        Rule::zh_by => "`by`",
        Rule::zh_calendar => "`calendar`",
        Rule::zh_calendar_days => "`days`",
        Rule::zh_cite => "`cite`",
        Rule::zh_conditions => "`conditions`",
        Rule::zh_contains_any_of => "`contains any of`",
        Rule::zh_count => "`count`",
        Rule::zh_each => "`each`",
        Rule::zh_event => "`event`",
        Rule::zh_extend_on => "`extend on`",
        Rule::zh_fact => "`fact`",
        Rule::zh_form => "`form`",
        Rule::zh_hall => "`hall`",
        Rule::zh_has => "`has`",
        Rule::zh_hours => "`hours`",
        Rule::zh_if => "`if`",
        Rule::zh_immediate => "`immediate`",
        Rule::zh_in_calendar_year => "`in calendar year`",
        Rule::zh_is => "`is`",
        Rule::zh_kind => "`kind`",
        Rule::zh_ladder => "`ladder`",
        Rule::zh_lead => "`lead`",
        Rule::zh_limit => "`limit`",
        Rule::zh_matching => "`matching`",
        Rule::zh_materials => "`materials`",
        Rule::zh_materials_from => "`materials from`",
        Rule::zh_matter => "`matter`",
        Rule::zh_minutes => "`minutes`",
        Rule::zh_missing => "`missing`",
        Rule::zh_months => "`months`",
        Rule::zh_must => "`must`",
        Rule::zh_never => "`never`",
        Rule::zh_not_encoded => "`not encoded`",
        Rule::zh_notice => "`notice`",
        Rule::zh_office_hours => "`hours`",
        Rule::zh_once => "`once`",
        Rule::zh_one_of => "`one of`",
        Rule::zh_optional => "`optional`",
        Rule::zh_or => "`or`",
        Rule::zh_overdue => "`overdue`",
        Rule::zh_per => "`per`",
        Rule::zh_person => "`person`",
        Rule::zh_procedure => "`procedure`",
        Rule::zh_promised => "`promised`",
        Rule::zh_quantity => "`quantity`",
        Rule::zh_quote => "`quote`",
        Rule::zh_repeat => "`repeat`",
        Rule::zh_repeated => "`repeated`",
        Rule::zh_restart_on => "`restart on`",
        Rule::zh_resume_on => "`resume on`",
        Rule::zh_rule => "`rule`",
        Rule::zh_rung => "`rung`",
        Rule::zh_same_visit => "`same visit`",
        Rule::zh_sample => "`sample`",
        Rule::zh_source => "`source`",
        Rule::zh_states => "`states`",
        Rule::zh_stop_on => "`stop on`",
        Rule::zh_then => "`then`",
        Rule::zh_to => "`to`",
        Rule::zh_type => "`type`",
        Rule::zh_version => "`version`",
        Rule::zh_warn => "`warn`",
        Rule::zh_when => "`when`",
        Rule::zh_where => "`where`",
        Rule::zh_within => "`within`",
        Rule::zh_working_days => "`working days`",

        Rule::repeat_decl => "`repeat`",
        Rule::count_clause => "`count`",
        Rule::per_clause => "`per`",
        Rule::person_mark => "`person`",
        Rule::window_clause => "`in calendar year` or `within N months`",
        Rule::calendar_year => "`in calendar year`",
        Rule::threshold_clause => "`at least N`",
        Rule::then_clause => "`then`",
        Rule::rung_clause => "`rung`",
        Rule::criterion => "a criterion",
        Rule::overdue_criterion => "`overdue >= LIMIT`",
        Rule::repeated_criterion => "`repeated >= N`",
        Rule::fact_criterion => "`FACT = value`",
    }
}

fn syntax_error(error: pest::error::Error<Rule>) -> Diagnostic {
    let (start, end) = match error.location {
        InputLocation::Pos(p) => (p, p + 1),
        InputLocation::Span((s, e)) => (s, e),
    };
    let span = Span { start, end };
    let (message, help) = match &error.variant {
        ErrorVariant::ParsingError { positives, negatives } => {
            let mut wanted: Vec<&str> = positives.iter().map(|r| display_name(*r)).collect();
            wanted.dedup();
            let message = if wanted.is_empty() {
                let unwanted: Vec<&str> = negatives.iter().map(|r| display_name(*r)).collect();
                format!("unexpected {}", unwanted.join(", "))
            } else {
                format!("expected {}", join_or(&wanted))
            };
            (message, "see the rule language reference in the README".to_string())
        }
        ErrorVariant::CustomError { message } => (message.clone(), String::new()),
    };
    let mut d = Diagnostic::new(Code::Syntax, span, message, "here");
    if !help.is_empty() {
        d = d.help(help);
    }
    d
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span {
        start: s.start(),
        end: s.end(),
    }
}

/// The grammar guarantees the shapes below; a broken promise becomes a diagnostic, not a panic.
fn internal(span: Span) -> Diagnostic {
    Diagnostic::new(Code::Syntax, span, "the parser met a shape it does not know", "here")
        .help("this is a bug in hallpolicy; please report it with the rule file")
}

/// Whether a pair is the Chinese form of a keyword: a token of the surface, not of the tree.
fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::hours_word
            | Rule::to_word
            | Rule::zh_after
            | Rule::zh_and
            | Rule::zh_applicant_delay_on
            | Rule::zh_approved_by
            | Rule::zh_at_least
            | Rule::zh_basis
            | Rule::zh_because
            | Rule::zh_before
            | Rule::zh_by
            | Rule::zh_calendar
            | Rule::zh_calendar_days
            | Rule::zh_cite
            | Rule::zh_conditions
            | Rule::zh_contains_any_of
            | Rule::zh_count
            | Rule::zh_each
            | Rule::zh_event
            | Rule::zh_extend_on
            | Rule::zh_fact
            | Rule::zh_form
            | Rule::zh_hall
            | Rule::zh_has
            | Rule::zh_hours
            | Rule::zh_if
            | Rule::zh_immediate
            | Rule::zh_in_calendar_year
            | Rule::zh_is
            | Rule::zh_kind
            | Rule::zh_ladder
            | Rule::zh_lead
            | Rule::zh_limit
            | Rule::zh_matching
            | Rule::zh_materials
            | Rule::zh_materials_from
            | Rule::zh_matter
            | Rule::zh_minutes
            | Rule::zh_missing
            | Rule::zh_months
            | Rule::zh_must
            | Rule::zh_never
            | Rule::zh_not_encoded
            | Rule::zh_notice
            | Rule::zh_office_hours
            | Rule::zh_once
            | Rule::zh_one_of
            | Rule::zh_optional
            | Rule::zh_or
            | Rule::zh_overdue
            | Rule::zh_per
            | Rule::zh_person
            | Rule::zh_procedure
            | Rule::zh_promised
            | Rule::zh_quantity
            | Rule::zh_quote
            | Rule::zh_repeat
            | Rule::zh_repeated
            | Rule::zh_restart_on
            | Rule::zh_resume_on
            | Rule::zh_rule
            | Rule::zh_rung
            | Rule::zh_same_visit
            | Rule::zh_sample
            | Rule::zh_source
            | Rule::zh_states
            | Rule::zh_stop_on
            | Rule::zh_then
            | Rule::zh_to
            | Rule::zh_type
            | Rule::zh_version
            | Rule::zh_warn
            | Rule::zh_when
            | Rule::zh_where
            | Rule::zh_within
            | Rule::zh_working_days
    )
}

fn not_keyword(pair: &Pair<'_, Rule>) -> bool {
    !is_keyword(pair.as_rule())
}

type Inner<'i> = std::iter::Peekable<std::iter::Filter<Pairs<'i, Rule>, fn(&Pair<'i, Rule>) -> bool>>;

/// A pair's children without its keywords, so both surface syntaxes give the same tree.
fn inner<'i>(pair: Pair<'i, Rule>) -> Inner<'i> {
    pair.into_inner()
        .filter(not_keyword as fn(&Pair<'i, Rule>) -> bool)
        .peekable()
}

struct Cursor<'i> {
    pairs: Inner<'i>,
    span: Span,
}

impl<'i> Cursor<'i> {
    fn of(pair: Pair<'i, Rule>) -> Cursor<'i> {
        let span = span_of(&pair);
        Cursor {
            pairs: inner(pair),
            span,
        }
    }

    fn next(&mut self) -> Result<Pair<'i, Rule>, Diagnostic> {
        self.pairs.next().ok_or_else(|| internal(self.span))
    }

    fn peek_rule(&mut self) -> Option<Rule> {
        self.pairs.peek().map(|p| p.as_rule())
    }

    fn name(&mut self) -> Result<Name, Diagnostic> {
        name_of(self.next()?)
    }

    fn rest_names(&mut self) -> Result<Vec<Name>, Diagnostic> {
        let mut out = Vec::new();
        while matches!(self.peek_rule(), Some(Rule::ident | Rule::string)) {
            out.push(self.name()?);
        }
        Ok(out)
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn name_of(pair: Pair<'_, Rule>) -> Result<Name, Diagnostic> {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::ident => Ok(Name {
            text: pair.as_str().to_string(),
            span,
        }),
        Rule::string => {
            let inner = pair
                .into_inner()
                .next()
                .map(|t| unescape(t.as_str()))
                .unwrap_or_default();
            Ok(Name { text: inner, span })
        }
        Rule::literal | Rule::type_expr => {
            let inner = inner(pair).next().ok_or_else(|| internal(span))?;
            name_of(inner)
        }
        Rule::number => Ok(Name {
            text: pair.as_str().to_string(),
            span,
        }),
        _ => Err(internal(span)),
    }
}

fn number_of(pair: Pair<'_, Rule>) -> Result<u32, Diagnostic> {
    let span = span_of(&pair);
    pair.as_str().parse::<u32>().map_err(|_| {
        Diagnostic::new(
            Code::InvalidValue,
            span,
            format!("`{}` is too large", pair.as_str()),
            "this number",
        )
        .help("limits and counts must fit in 32 bits")
    })
}

fn limit_of(pair: Pair<'_, Rule>) -> Result<LimitAst, Diagnostic> {
    let mut c = Cursor::of(pair);
    let amount = number_of(c.next()?)?;
    let unit_pair = c.next()?;
    let inner = inner(unit_pair).next().ok_or_else(|| internal(c.span))?;
    let unit = match inner.as_rule() {
        Rule::working_days => UnitAst::WorkingDays,
        Rule::calendar_days => UnitAst::CalendarDays,
        Rule::months => UnitAst::Months,
        Rule::hours => UnitAst::Hours,
        Rule::minutes => UnitAst::Minutes,
        _ => return Err(internal(c.span)),
    };
    Ok(LimitAst {
        amount,
        unit,
        span: c.span,
    })
}

fn limit_spec_of(pair: Pair<'_, Rule>) -> Result<LimitSpecAst, Diagnostic> {
    let span = span_of(&pair);
    let inner = inner(pair).next().ok_or_else(|| internal(span))?;
    match inner.as_rule() {
        Rule::same_visit => Ok(LimitSpecAst::SameVisit(span_of(&inner))),
        Rule::matter_limit => {
            let mut c = Cursor::of(inner);
            Ok(LimitSpecAst::MatterLimit(c.name()?))
        }
        Rule::limit => Ok(LimitSpecAst::Fixed(limit_of(inner)?)),
        _ => Err(internal(span)),
    }
}

fn literal_of(pair: Pair<'_, Rule>) -> Result<Literal, Diagnostic> {
    let name = name_of(pair)?;
    Ok(Literal {
        text: name.text,
        span: name.span,
    })
}

fn filter_of(c: &mut Cursor<'_>) -> Result<Option<FilterAst>, Diagnostic> {
    if c.peek_rule() != Some(Rule::filter) {
        return Ok(None);
    }
    let mut f = Cursor::of(c.next()?);
    let field = f.name()?;
    let test = f.next()?;
    let test = match test.as_rule() {
        Rule::compare_test => {
            let span = span_of(&test);
            let mut parts = inner(test);
            let op = match parts.next().map(|p| p.as_str().to_string()).as_deref() {
                Some(">=") => CompareOp::AtLeast,
                Some("<=") => CompareOp::AtMost,
                Some(">") => CompareOp::Above,
                _ => CompareOp::Below,
            };
            let bound = parts.next().ok_or_else(|| internal(span))?;
            FilterTest::Compare(op, literal_of(bound)?)
        }
        Rule::contains_test => {
            let mut phrases = Vec::new();
            for phrase in inner(test) {
                phrases.push(literal_of(phrase)?);
            }
            FilterTest::ContainsAny(phrases)
        }
        _ => {
            let span = span_of(&test);
            FilterTest::Equals(literal_of(inner(test).next().ok_or_else(|| internal(span))?)?)
        }
    };
    Ok(Some(FilterAst { field, test }))
}

/// Parses a rule file into its syntax tree.
pub fn parse(source: &str) -> Result<PolicyFile, Vec<Diagnostic>> {
    let mut pairs = RuleFileParser::parse(Rule::file, source).map_err(|e| vec![syntax_error(e)])?;
    let file = pairs.next().ok_or_else(|| vec![internal(Span::default())])?;
    let mut out = PolicyFile::default();
    let mut errors = Vec::new();
    for item in inner(file) {
        let result = match item.as_rule() {
            Rule::hall_decl => hall(item).map(|h| out.halls.push(h)),
            Rule::source_decl => source_decl(item).map(|s| out.sources.push(s)),
            Rule::not_encoded_decl => not_encoded(item).map(|n| out.not_encoded.push(n)),
            Rule::kind_decl => kind(item).map(|k| out.kinds.push(k)),
            Rule::matter_decl => matter(item).map(|m| out.matters.push(m)),
            Rule::rule_decl => rule(item).map(|r| out.rules.push(r)),
            Rule::ladder_decl => ladder(item).map(|l| out.ladders.push(l)),
            Rule::repeat_decl => repeat(item).map(|r| out.repeats.push(r)),
            Rule::EOI => Ok(()),
            _ => Err(internal(span_of(&item))),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn hall(pair: Pair<'_, Rule>) -> Result<HallDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    let mut decl = HallDecl {
        id: c.name()?,
        title: c.name()?,
        version: None,
        calendar: None,
        hours: None,
        span: c.span,
    };
    while let Ok(clause) = c.next() {
        let rule = clause.as_rule();
        let mut inner = Cursor::of(clause);
        match rule {
            Rule::version_clause => decl.version = Some(inner.name()?),
            Rule::calendar_clause => decl.calendar = Some(inner.name()?),
            Rule::hours_clause => {
                let open = inner.next()?;
                let close = inner.next()?;
                decl.hours = Some((
                    Name {
                        text: open.as_str().to_string(),
                        span: span_of(&open),
                    },
                    Name {
                        text: close.as_str().to_string(),
                        span: span_of(&close),
                    },
                ));
            }
            _ => return Err(internal(inner.span)),
        }
    }
    Ok(decl)
}

fn not_encoded(pair: Pair<'_, Rule>) -> Result<NotEncodedDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    let source = c.name()?;
    let mut names = c.rest_names()?;
    let reason = names.pop().ok_or_else(|| internal(source.span))?;
    Ok(NotEncodedDecl {
        source,
        articles: names,
        reason,
    })
}

fn source_decl(pair: Pair<'_, Rule>) -> Result<SourceDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    Ok(SourceDecl {
        id: c.name()?,
        title: c.name()?,
    })
}

fn type_of(pair: Pair<'_, Rule>) -> Result<TypeExpr, Diagnostic> {
    let span = span_of(&pair);
    let inner = inner(pair).next().ok_or_else(|| internal(span))?;
    match inner.as_rule() {
        Rule::choice_type => {
            let mut c = Cursor::of(inner);
            Ok(TypeExpr::Choice(c.rest_names()?))
        }
        _ => Ok(TypeExpr::Named(in_english(&TYPE_NAMES, name_of(inner)?))),
    }
}

fn field(pair: Pair<'_, Rule>) -> Result<FieldDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    let name = c.name()?;
    let ty = type_of(c.next()?)?;
    let optional = c.peek_rule() == Some(Rule::optional_mark);
    Ok(FieldDecl { name, ty, optional })
}

fn kind(pair: Pair<'_, Rule>) -> Result<KindDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    let mut decl = KindDecl {
        name: c.name()?,
        facts: Vec::new(),
        events: Vec::new(),
    };
    while let Ok(member) = c.next() {
        match member.as_rule() {
            Rule::fact_decl => decl.facts.push(field(member)?),
            Rule::event_decl => {
                let mut e = Cursor::of(member);
                let name = e.name()?;
                let mut fields = Vec::new();
                while let Ok(f) = e.next() {
                    fields.push(field(f)?);
                }
                decl.events.push(EventDecl { name, fields });
            }
            _ => return Err(internal(c.span)),
        }
    }
    Ok(decl)
}

fn matter(pair: Pair<'_, Rule>) -> Result<MatterDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    let mut decl = MatterDecl {
        name: c.name()?,
        matter_type: None,
        materials: None,
        disclosures: Vec::new(),
    };
    while let Ok(clause) = c.next() {
        let rule = clause.as_rule();
        let span = span_of(&clause);
        let mut inner = Cursor::of(clause);
        match rule {
            Rule::matter_type_clause => {
                let first = inner.next()?;
                let ty = match first.as_rule() {
                    Rule::immediate => MatterTypeAst::Immediate,
                    _ => MatterTypeAst::Promised(limit_of(inner.next()?)?),
                };
                decl.matter_type = Some((ty, span));
            }
            Rule::materials_clause => decl.materials = Some(inner.rest_names()?),
            Rule::disclosure_clause => {
                let key = inner.next()?;
                let key = Name {
                    text: disclosure_in_english(key.as_str()).to_string(),
                    span: span_of(&key),
                };
                decl.disclosures.push((key, inner.name()?));
            }
            _ => return Err(internal(span)),
        }
    }
    Ok(decl)
}

fn condition(pair: Pair<'_, Rule>) -> Result<ConditionAst, Diagnostic> {
    let span = span_of(&pair);
    let inner = inner(pair).next().ok_or_else(|| internal(span))?;
    let rule = inner.as_rule();
    let mut c = Cursor::of(inner);
    match rule {
        Rule::matter_condition => {
            let fact = c.name()?;
            let promised = c.next()?.as_rule() == Rule::promised;
            Ok(ConditionAst::MatterIs { fact, promised })
        }
        Rule::has_condition => Ok(ConditionAst::Has(c.name()?)),
        Rule::fact_condition => {
            let fact = c.name()?;
            let negate = c.next()?.as_str() == "!=";
            Ok(ConditionAst::Fact {
                fact,
                negate,
                value: literal_of(c.next()?)?,
            })
        }
        _ => Err(internal(span)),
    }
}

fn rule(pair: Pair<'_, Rule>) -> Result<RuleDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    let id = c.name()?;
    let title = if c.peek_rule() == Some(Rule::string) {
        Some(c.name()?)
    } else {
        None
    };
    let mut clauses = Vec::new();
    while let Ok(clause) = c.next() {
        clauses.push(rule_clause(clause)?);
    }
    Ok(RuleDecl {
        id,
        title,
        clauses,
        span: c.span,
    })
}

fn rule_clause(pair: Pair<'_, Rule>) -> Result<Clause, Diagnostic> {
    let rule = pair.as_rule();
    let span = span_of(&pair);
    let mut c = Cursor::of(pair);
    let kind = match rule {
        Rule::cite_clause => ClauseKind::Cite {
            source: c.name()?,
            article: c.name()?,
        },
        Rule::quote_clause => ClauseKind::Quote(c.name()?),
        Rule::kind_clause => ClauseKind::Kind(c.name()?),
        Rule::when_clause => {
            let mut conditions = Vec::new();
            while let Ok(p) = c.next() {
                conditions.push(condition(p)?);
            }
            ClauseKind::When(conditions)
        }
        Rule::after_clause => {
            let each = c.peek_rule() == Some(Rule::each_mark);
            if each {
                c.next()?;
            }
            let event = c.name()?;
            ClauseKind::After {
                each,
                event,
                filter: filter_of(&mut c)?,
            }
        }
        Rule::must_clause => {
            let duties = c.rest_names()?;
            let matching = match c.next() {
                Ok(m) => Some(Cursor::of(m).name()?),
                Err(_) => None,
            };
            ClauseKind::Must { duties, matching }
        }
        Rule::by_clause => ClauseKind::By(c.name()?),
        Rule::within_clause => ClauseKind::Within(limit_spec_of(c.next()?)?),
        Rule::before_clause => ClauseKind::Before(c.name()?),
        Rule::form_clause => ClauseKind::Form(
            c.rest_names()?
                .into_iter()
                .map(|n| in_english(&FORM_NAMES, n))
                .collect(),
        ),
        Rule::states_clause => ClauseKind::States(c.rest_names()?),
        Rule::restart_clause => {
            let event = c.name()?;
            let if_rule = if c.peek_rule().is_some() { Some(c.name()?) } else { None };
            ClauseKind::Restart { event, if_rule }
        }
        Rule::stop_clause => ClauseKind::Stop {
            stop: c.name()?,
            resume: c.name()?,
        },
        Rule::extend_clause => {
            let approval = c.name()?;
            let field = c.name()?;
            let approver = c.name()?;
            let notice = c.name()?;
            let mut states = Vec::new();
            let mut lead = None;
            while let Ok(p) = c.next() {
                match p.as_rule() {
                    Rule::notice_states => states = Cursor::of(p).rest_names()?,
                    Rule::lead => lead = Some(limit_of(Cursor::of(p).next()?)?),
                    _ => return Err(internal(span)),
                }
            }
            ClauseKind::Extend {
                approval,
                field,
                approver,
                notice,
                states,
                lead,
            }
        }
        Rule::applicant_clause => ClauseKind::ApplicantDelay(c.name()?),
        Rule::warn_clause => ClauseKind::Warn(limit_of(c.next()?)?),
        Rule::ladder_ref_clause => ClauseKind::Ladder(c.name()?),
        Rule::each_clause => {
            let events = c.rest_names()?;
            ClauseKind::Each {
                events,
                filter: filter_of(&mut c)?,
            }
        }
        Rule::never_clause => {
            let event = c.name()?;
            let filter = filter_of(&mut c)?;
            let once = if c.peek_rule() == Some(Rule::once) {
                Some(Cursor::of(c.next()?).name()?)
            } else {
                None
            };
            ClauseKind::Never { event, filter, once }
        }
        Rule::missing_clause => ClauseKind::Missing {
            matter_fact: c.name()?,
            event: c.name()?,
            field: c.name()?,
        },
        Rule::notice_clause => ClauseKind::Notice {
            event: c.name()?,
            field: c.name()?,
            within: limit_spec_of(c.next()?)?,
        },
        _ => return Err(internal(span)),
    };
    Ok(Clause { kind, span })
}

fn repeat(pair: Pair<'_, Rule>) -> Result<RepeatDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    let id = c.name()?;
    let title = if c.peek_rule() == Some(Rule::string) {
        Some(c.name()?)
    } else {
        None
    };
    let mut decl = RepeatDecl {
        id,
        title,
        cite: None,
        quote: None,
        kind: None,
        count: None,
        per: None,
        per_person: false,
        within: None,
        calendar_year: false,
        at_least: None,
        then: None,
        span: c.span,
    };
    while let Ok(clause) = c.next() {
        let rule = clause.as_rule();
        let span = span_of(&clause);
        let mut inner = Cursor::of(clause);
        match rule {
            Rule::cite_clause => decl.cite = Some((inner.name()?, inner.name()?)),
            Rule::quote_clause => decl.quote = Some(inner.name()?),
            Rule::kind_clause => decl.kind = Some(inner.name()?),
            Rule::count_clause => decl.count = Some(inner.name()?),
            Rule::per_clause => {
                if inner.peek_rule() == Some(Rule::person_mark) {
                    decl.per_person = true;
                } else {
                    decl.per = Some(inner.name()?);
                }
            }
            Rule::window_clause => {
                let window = inner.next()?;
                if window.as_rule() == Rule::calendar_year {
                    decl.calendar_year = true;
                } else {
                    decl.within = Some(limit_of(window)?);
                }
            }
            Rule::threshold_clause => {
                let n = inner.next()?;
                let n_span = span_of(&n);
                decl.at_least = Some((number_of(n)?, n_span));
            }
            Rule::then_clause => decl.then = Some(inner.name()?),
            _ => return Err(internal(span)),
        }
    }
    Ok(decl)
}

fn ladder(pair: Pair<'_, Rule>) -> Result<LadderDecl, Diagnostic> {
    let mut c = Cursor::of(pair);
    let mut decl = LadderDecl {
        id: c.name()?,
        cite: None,
        quote: None,
        rungs: Vec::new(),
        span: c.span,
    };
    while let Ok(clause) = c.next() {
        let rule = clause.as_rule();
        let span = span_of(&clause);
        let mut inner = Cursor::of(clause);
        match rule {
            Rule::cite_clause => decl.cite = Some((inner.name()?, inner.name()?)),
            Rule::quote_clause => decl.quote = Some(inner.name()?),
            Rule::rung_clause => {
                let name = inner.name()?;
                let criterion = match inner.next() {
                    Ok(p) => Some(criterion(p)?),
                    Err(_) => None,
                };
                decl.rungs.push(RungDecl { name, criterion });
            }
            _ => return Err(internal(span)),
        }
    }
    Ok(decl)
}

fn criterion(pair: Pair<'_, Rule>) -> Result<CriterionAst, Diagnostic> {
    let span = span_of(&pair);
    let inner = inner(pair).next().ok_or_else(|| internal(span))?;
    let rule = inner.as_rule();
    let mut c = Cursor::of(inner);
    match rule {
        Rule::overdue_criterion => Ok(CriterionAst::Overdue(limit_of(c.next()?)?)),
        Rule::repeated_criterion => {
            let n = c.next()?;
            let s = span_of(&n);
            Ok(CriterionAst::Repeated(number_of(n)?, s))
        }
        Rule::fact_criterion => Ok(CriterionAst::Fact {
            fact: c.name()?,
            value: literal_of(c.next()?)?,
        }),
        _ => Err(internal(span)),
    }
}

/// A disclosure's name as the tree keeps it, whichever surface wrote it.
fn disclosure_in_english(written: &str) -> &str {
    match written {
        "设定依据" => "basis",
        "办理条件" => "conditions",
        "数量限制" => "quantity",
        "办理程序" => "procedure",
        "示范文本" => "sample",
        other => other,
    }
}

/// Type names in English and Chinese: names in the grammar, but words of the language to a
/// reader, so each has a Chinese form too and the tree keeps the English one.
pub(crate) const TYPE_NAMES: [(&str, &str); 9] = [
    ("text", "文本"),
    ("staff", "人员"),
    ("number", "数字"),
    ("bool", "是否"),
    ("date", "日期"),
    ("datetime", "时刻"),
    ("form", "告知形式"),
    ("materials", "材料"),
    ("matter", "事项"),
];

/// Forms of notice in English and Chinese.
pub(crate) const FORM_NAMES: [(&str, &str); 4] = [
    ("written", "书面"),
    ("oral", "口头"),
    ("platform", "平台"),
    ("receipt", "凭证"),
];

/// A name written in either language, as the tree keeps it.
fn in_english(table: &[(&str, &str)], name: Name) -> Name {
    match table.iter().find(|(_, zh)| *zh == name.text) {
        Some((en, _)) => Name {
            text: (*en).to_string(),
            span: name.span,
        },
        None => name,
    }
}

/// The English form of a Chinese keyword, for `hall fmt --lang en`.
pub(crate) fn english_of(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::zh_after => "after",
        Rule::zh_and => "and",
        Rule::zh_applicant_delay_on => "applicant delay on",
        Rule::zh_approved_by => "approved by",
        Rule::zh_at_least => "at least",
        Rule::zh_basis => "basis",
        Rule::zh_because => "because",
        Rule::zh_before => "before",
        Rule::zh_by => "by",
        Rule::zh_calendar => "calendar",
        Rule::zh_calendar_days => "calendar days",
        Rule::zh_cite => "cite",
        Rule::zh_conditions => "conditions",
        Rule::zh_contains_any_of => "contains any of",
        Rule::zh_count => "count",
        Rule::zh_each => "each",
        Rule::zh_event => "event",
        Rule::zh_extend_on => "extend on",
        Rule::zh_fact => "fact",
        Rule::zh_form => "form",
        Rule::zh_hall => "hall",
        Rule::zh_has => "has",
        Rule::zh_hours => "hours",
        Rule::zh_if => "if",
        Rule::zh_immediate => "immediate",
        Rule::zh_in_calendar_year => "in calendar year",
        Rule::zh_is => "is",
        Rule::zh_kind => "kind",
        Rule::zh_ladder => "ladder",
        Rule::zh_lead => "lead",
        Rule::zh_limit => "limit",
        Rule::zh_matching => "matching",
        Rule::zh_materials => "materials",
        Rule::zh_materials_from => "materials from",
        Rule::zh_matter => "matter",
        Rule::zh_minutes => "minutes",
        Rule::zh_missing => "missing",
        Rule::zh_months => "months",
        Rule::zh_must => "must",
        Rule::zh_never => "never",
        Rule::zh_not_encoded => "not encoded",
        Rule::zh_notice => "notice",
        Rule::zh_office_hours => "hours",
        Rule::zh_once => "once",
        Rule::zh_one_of => "one of",
        Rule::zh_optional => "optional",
        Rule::zh_or => "or",
        Rule::zh_overdue => "overdue",
        Rule::zh_per => "per",
        Rule::zh_person => "person",
        Rule::zh_procedure => "procedure",
        Rule::zh_promised => "promised",
        Rule::zh_quantity => "quantity",
        Rule::zh_quote => "quote",
        Rule::zh_repeat => "repeat",
        Rule::zh_repeated => "repeated",
        Rule::zh_restart_on => "restart on",
        Rule::zh_resume_on => "resume on",
        Rule::zh_rule => "rule",
        Rule::zh_rung => "rung",
        Rule::zh_same_visit => "same visit",
        Rule::zh_sample => "sample",
        Rule::zh_source => "source",
        Rule::zh_states => "states",
        Rule::zh_stop_on => "stop on",
        Rule::zh_then => "then",
        Rule::zh_to => "to",
        Rule::zh_type => "type",
        Rule::zh_version => "version",
        Rule::zh_warn => "warn",
        Rule::zh_when => "when",
        Rule::zh_where => "where",
        Rule::zh_within => "within",
        Rule::zh_working_days => "working days",
        _ => return None,
    })
}

/// Where a source's values (names, strings, numbers, clock times) and Chinese keywords lie, as
/// byte ranges: what is neither is English keywords, punctuation, space and comments.
pub(crate) struct Surface {
    pub values: Vec<(usize, usize)>,
    pub chinese: Vec<(usize, usize, &'static str)>,
    /// Type names and forms of notice, with the table that translates them.
    pub named: Vec<(usize, usize, Names)>,
}

/// A table of names in English and Chinese.
pub(crate) type Names = &'static [(&'static str, &'static str)];

/// The surface of a source that parses.
pub(crate) fn surface(source: &str) -> Result<Surface, Vec<Diagnostic>> {
    let pairs = RuleFileParser::parse(Rule::file, source).map_err(|e| vec![syntax_error(e)])?;
    let mut out = Surface {
        values: Vec::new(),
        chinese: Vec::new(),
        named: Vec::new(),
    };
    let mut stack: Vec<Pair<'_, Rule>> = pairs.collect();
    while let Some(pair) = stack.pop() {
        let span = pair.as_span();
        let table: Option<Names> = match pair.as_rule() {
            Rule::type_expr => Some(&TYPE_NAMES),
            Rule::form_clause => Some(&FORM_NAMES),
            _ => None,
        };
        if let Some(table) = table {
            for child in pair.clone().into_inner() {
                if child.as_rule() == Rule::ident {
                    let s = child.as_span();
                    out.named.push((s.start(), s.end(), table));
                    out.values.push((s.start(), s.end()));
                }
            }
        }
        match pair.as_rule() {
            Rule::ident | Rule::string | Rule::number | Rule::clock_time => out.values.push((span.start(), span.end())),
            rule => match english_of(rule) {
                Some(english) => out.chinese.push((span.start(), span.end(), english)),
                None => stack.extend(pair.into_inner()),
            },
        }
    }
    Ok(out)
}
