//! Checking one rule against one kind it applies to: its names (events, fields, facts, forms,
//! rules, ladders), its conditions, its units and the clauses its shape requires.

use std::collections::BTreeMap;

use hallpolicy_runtime::ir::ValueType;

use crate::ast::*;
use crate::check::{known_help, shape_of, unit_name, unknown, KindScope, Shape, KNOWN_FORMS};
use crate::diagnostic::{Code, Diagnostic};

/// What a rule is checked against, and where its diagnostics go.
pub(crate) struct RuleCheck<'a, 'o> {
    pub rule: &'a RuleDecl,
    pub shape: Shape,
    pub scope: &'a KindScope<'a>,
    pub ladders: &'a BTreeMap<&'a str, &'a LadderDecl>,
    pub rules: &'a BTreeMap<&'a str, &'a RuleDecl>,
    pub file: &'a PolicyFile,
    pub out: &'o mut Vec<Diagnostic>,
}

/// The limit a rule's warnings and lead times are counted against.
#[derive(Default)]
struct Limits {
    /// The rule's own `within N unit`.
    fixed: Option<(UnitAst, Span)>,
    /// Every promised matter's limit, when the rule's limit is the matter's.
    matters: Vec<(UnitAst, Span)>,
    /// `within same visit`: no count at all.
    same_visit: Option<Span>,
}

impl<'a> RuleCheck<'a, '_> {
    /// Every check, in the order a reader meets the rule's clauses.
    pub fn run(mut self) {
        self.conditions();
        let (trigger, duties) = self.trigger_and_duties();
        let limits = self.clauses(trigger, &duties);
        self.counted_against(&limits);
        self.required_clauses();
    }

    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// Whether the kind has the event; a diagnostic when it has not.
    fn event(&mut self, name: &Name) -> bool {
        if self.scope.events.contains_key(name.text.as_str()) {
            return true;
        }
        let help = known_help("event", &name.text, self.scope.events.keys().copied());
        let kind = &self.scope.decl.name.text;
        self.push(
            Diagnostic::new(
                Code::UnknownEvent,
                name.span,
                format!("kind `{kind}` has no event `{}`", name.text),
                "unknown event",
            )
            .help(help),
        );
        false
    }

    /// The type of an event's field (`None` when unknown, a diagnostic when the event is known).
    fn field(&mut self, ev: &Name, f: &Name) -> Option<Option<ValueType>> {
        let ty = self.scope.field_type(&ev.text, &f.text);
        if let (None, Some(event)) = (&ty, self.scope.events.get(ev.text.as_str())) {
            let names = event.fields.iter().map(|x| x.name.text.as_str());
            let help = known_help("field", &f.text, names.chain(["by", "form"]));
            self.push(
                Diagnostic::new(
                    Code::UnknownField,
                    f.span,
                    format!("event `{}` has no field `{}`", ev.text, f.text),
                    "unknown field",
                )
                .help(help),
            );
        }
        ty
    }

    fn fact(&mut self, f: &Name) -> Option<Option<ValueType>> {
        if let Some((_, ty)) = self.scope.facts.get(f.text.as_str()) {
            return Some(ty.clone());
        }
        let help = known_help("fact", &f.text, self.scope.facts.keys().copied());
        let kind = &self.scope.decl.name.text;
        self.push(
            Diagnostic::new(
                Code::UnknownFact,
                f.span,
                format!("kind `{kind}` has no fact `{}`", f.text),
                "unknown fact",
            )
            .help(help),
        );
        None
    }

    fn matter_fact(&mut self, f: &Name) {
        if let Some(ty) = self.fact(f) {
            if ty != Some(ValueType::Matter) {
                self.push(
                    Diagnostic::new(
                        Code::WrongType,
                        f.span,
                        format!("fact `{}` does not name a matter", f.text),
                        "not of type `matter`",
                    )
                    .help(format!("declare it as `fact {}: matter`", f.text)),
                );
            }
        }
    }

    /// A `matching`/`where` filter on an event's field: the field exists and the test suits it.
    fn filter(&mut self, ev: &Name, flt: &Option<FilterAst>) {
        let Some(flt) = flt else {
            return;
        };
        let ty = self.field(ev, &flt.field);
        match &flt.test {
            FilterTest::Equals(value) => {
                if let Some(Some(ValueType::Choice(options))) = ty {
                    if !options.contains(&value.text) {
                        self.push(never_one_of(
                            &flt.field,
                            value,
                            &options,
                            "not one of the field's values",
                        ));
                    }
                }
            }
            FilterTest::Compare(..) => {
                if let Some(Some(other)) = ty.filter(|t| !matches!(t, Some(ValueType::Number))) {
                    self.push(
                        Diagnostic::new(
                            Code::WrongType,
                            flt.field.span,
                            format!(
                                "a comparison needs a number, but `{}` is `{}`",
                                flt.field.text,
                                other.name()
                            ),
                            "not a number field",
                        )
                        .help("compare a field declared as `number`, such as a head count"),
                    );
                }
            }
            FilterTest::ContainsAny(phrases) => {
                if let Some(Some(other)) = ty.filter(|t| !matches!(t, Some(ValueType::Text | ValueType::Staff))) {
                    self.push(
                        Diagnostic::new(
                            Code::WrongType,
                            flt.field.span,
                            format!(
                                "`contains any of` looks for phrases in text, but `{}` is `{}`",
                                flt.field.text,
                                other.name()
                            ),
                            "not a text field",
                        )
                        .help("test a field declared as `text`, where the case records what was said"),
                    );
                }
                for phrase in phrases.iter().filter(|p| p.text.trim().is_empty()) {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            phrase.span,
                            "an empty phrase is contained in every text",
                            "empty phrase",
                        )
                        .help("write the words staff must not use, e.g. \"不归我管\""),
                    );
                }
            }
        }
    }

    fn forms(&mut self, names: &[Name]) {
        for n in names.iter().filter(|n| !KNOWN_FORMS.contains(&n.text.as_str())) {
            self.push(unknown(Code::UnknownForm, "form", n, "not a form", KNOWN_FORMS));
        }
    }

    /// `when` conditions: known facts, and none contradicting another.
    fn conditions(&mut self) {
        let rule = self.rule;
        let mut fact_values: BTreeMap<&str, (&str, Span)> = BTreeMap::new();
        let mut matter_types: BTreeMap<&str, (bool, Span)> = BTreeMap::new();
        let conditions = rule.clauses.iter().filter_map(|c| match &c.kind {
            ClauseKind::When(conditions) => Some(conditions),
            _ => None,
        });
        for cond in conditions.flatten() {
            match cond {
                ConditionAst::Has(e) => {
                    self.event(e);
                }
                ConditionAst::MatterIs { fact: f, promised } => {
                    self.matter_fact(f);
                    if let Some((other, span)) = matter_types.insert(&f.text, (*promised, f.span)) {
                        if other != *promised {
                            self.push(contradiction(
                                f.span,
                                "a matter cannot be both immediate and promised".into(),
                                span,
                            ));
                        }
                    }
                    self.some_matter_is(f, *promised);
                }
                ConditionAst::Fact { fact: f, negate, value } => {
                    if let Some(Some(ValueType::Choice(options))) = self.fact(f) {
                        if !options.contains(&value.text) && !negate {
                            self.push(never_one_of(f, value, &options, "not one of the fact's values"));
                        }
                    }
                    if *negate {
                        continue;
                    }
                    if let Some((other, span)) = fact_values.insert(&f.text, (&value.text, value.span)) {
                        if other != value.text {
                            let message = format!("`{}` cannot be both `{other}` and `{}`", f.text, value.text);
                            self.push(contradiction(value.span, message, span));
                        }
                    }
                }
            }
        }
    }

    /// `when 事项 is promised` (or immediate) holds only if some matter is.
    fn some_matter_is(&mut self, f: &Name, promised: bool) {
        let wanted = if promised { "promised" } else { "immediate" };
        let any = self.file.matters.iter().any(|m| match &m.matter_type {
            Some((MatterTypeAst::Promised(_), _)) => promised,
            Some((MatterTypeAst::Immediate, _)) => !promised,
            None => false,
        });
        if !any {
            self.push(
                Diagnostic::new(
                    Code::UnreachableRule,
                    f.span,
                    format!("no matter is {wanted}, so this rule never applies"),
                    "never holds",
                )
                .help(format!("declare a matter with `type {wanted}` or drop the rule")),
            );
        }
    }

    /// The `after` event (checked with its filter) and the `must` events.
    fn trigger_and_duties(&mut self) -> (Option<&'a Name>, Vec<&'a Name>) {
        let mut trigger = None;
        let mut duties = Vec::new();
        let rule = self.rule;
        for c in &rule.clauses {
            match &c.kind {
                ClauseKind::After {
                    event: e, filter: f, ..
                } => {
                    trigger = Some(e);
                    if self.event(e) {
                        self.filter(e, f);
                    }
                }
                ClauseKind::Must { duties: ds, .. } => {
                    for d in ds {
                        self.event(d);
                        duties.push(d);
                    }
                }
                _ => {}
            }
        }
        (trigger, duties)
    }

    /// Every other clause's names, and the limit the rule counts to.
    fn clauses(&mut self, trigger: Option<&'a Name>, duties: &[&'a Name]) -> Limits {
        let mut limits = Limits::default();
        let rule = self.rule;
        for c in &rule.clauses {
            match &c.kind {
                ClauseKind::Must { matching: Some(m), .. } => {
                    for ev in trigger.iter().chain(duties) {
                        self.field(ev, m);
                    }
                }
                ClauseKind::Within(LimitSpecAst::Fixed(limit)) => limits.fixed = Some((limit.unit, limit.span)),
                ClauseKind::Within(LimitSpecAst::MatterLimit(f)) => {
                    self.matter_fact(f);
                    for m in &self.file.matters {
                        if let Some((MatterTypeAst::Promised(l), _)) = &m.matter_type {
                            limits.matters.push((l.unit, l.span));
                        }
                    }
                }
                ClauseKind::Within(LimitSpecAst::SameVisit(span)) => limits.same_visit = Some(*span),
                ClauseKind::Before(e) | ClauseKind::ApplicantDelay(e) => {
                    self.event(e);
                }
                ClauseKind::States(fields) => self.states(fields, duties),
                ClauseKind::Form(names) => self.forms(names),
                ClauseKind::Restart { event: e, if_rule } => {
                    self.event(e);
                    if let Some(r) = if_rule {
                        self.restart_rule(r);
                    }
                }
                ClauseKind::Stop { stop, resume } => {
                    self.event(stop);
                    self.event(resume);
                }
                ClauseKind::Extend {
                    approval,
                    field: f,
                    notice,
                    states,
                    ..
                } => self.extension(approval, f, notice, states),
                ClauseKind::Ladder(l) => self.ladder(l, limits.fixed),
                ClauseKind::Each { events, filter: f } => {
                    for e in events {
                        if self.event(e) {
                            self.filter(e, f);
                        }
                    }
                }
                ClauseKind::Never {
                    event: e,
                    filter: f,
                    once,
                } if self.event(e) => {
                    self.filter(e, f);
                    if let Some(o) = once {
                        self.event(o);
                    }
                }
                ClauseKind::Missing {
                    matter_fact: mf,
                    event: e,
                    field: f,
                } => {
                    self.matter_fact(mf);
                    if self.event(e) {
                        self.materials_field(e, f);
                    }
                }
                ClauseKind::Notice { event: e, field: f, .. } if self.event(e) => self.materials_field(e, f),
                _ => {}
            }
        }
        limits
    }

    /// `states` names fields of the duties (a deadline) or of the checked events (a check).
    fn states(&mut self, fields: &[Name], duties: &[&'a Name]) {
        let targets: Vec<&Name> = if self.shape == Shape::Deadline {
            duties.to_vec()
        } else {
            let rule = self.rule;
            let each = rule.clauses.iter().filter_map(|c| match &c.kind {
                ClauseKind::Each { events, .. } => Some(events),
                _ => None,
            });
            each.flatten().collect()
        };
        for f in fields {
            for t in &targets {
                self.field(t, f);
            }
        }
    }

    /// `restart … if RULE`: counting rule 2 asks whether a one-time notice was given.
    fn restart_rule(&mut self, r: &Name) {
        let rules = self.rules;
        match rules.get(r.text.as_str()) {
            None => self.push(unknown(
                Code::UnknownRule,
                "rule",
                r,
                "not declared",
                rules.keys().copied(),
            )),
            Some(target) if shape_of(target) != vec![Shape::Notice] => self.push(
                Diagnostic::new(
                    Code::WrongType,
                    r.span,
                    format!("rule `{}` is not a one-time notice rule", r.text),
                    "not a notice rule",
                )
                .help(
                    "counting rule 2 asks whether the one-time notice was given: name a rule with `missing … notice …`",
                ),
            ),
            Some(_) => {}
        }
    }

    /// `extend by APPROVAL.FIELD notice NOTICE states …`: the new last day is a date.
    fn extension(&mut self, approval: &Name, f: &Name, notice: &Name, states: &[Name]) {
        if self.event(approval) {
            if let Some(ty) = self.field(approval, f) {
                if ty != Some(ValueType::Date) {
                    self.push(
                        Diagnostic::new(
                            Code::WrongType,
                            f.span,
                            format!("`{}.{}` is not a date", approval.text, f.text),
                            "not of type `date`",
                        )
                        .help("the approval must carry the new last day as a `date` field"),
                    );
                }
            }
        }
        if self.event(notice) {
            for s in states {
                self.field(notice, s);
            }
        }
    }

    /// `ladder NAME`: declared, and its overdue criteria counted in the limit's unit.
    fn ladder(&mut self, l: &Name, limit: Option<(UnitAst, Span)>) {
        let ladders = self.ladders;
        let Some(ladder) = ladders.get(l.text.as_str()) else {
            self.push(unknown(
                Code::UnknownLadder,
                "ladder",
                l,
                "not declared",
                ladders.keys().copied(),
            ));
            return;
        };
        let Some((unit, span)) = limit else {
            return;
        };
        for rung in &ladder.rungs {
            if let Some(CriterionAst::Overdue(crit)) = &rung.criterion {
                mismatch(
                    self.out,
                    crit.unit,
                    crit.span,
                    unit,
                    span,
                    "the ladder's overdue criterion",
                );
            }
        }
    }

    fn materials_field(&mut self, e: &Name, f: &Name) {
        if let Some(ty) = self.field(e, f) {
            if ty != Some(ValueType::Materials) {
                self.push(
                    Diagnostic::new(
                        Code::WrongType,
                        f.span,
                        format!("`{}.{}` is not a list of materials", e.text, f.text),
                        "not of type `materials`",
                    )
                    .help(format!("declare it as `{}: materials`", f.text)),
                );
            }
        }
    }

    /// Warnings and lead times share the limit's unit: the rule's own, or every promised
    /// matter's when the limit is the matter's; a same-visit duty has nothing to warn about.
    fn counted_against(&mut self, limits: &Limits) {
        let rule = self.rule;
        for c in &rule.clauses {
            let (amount, what) = match &c.kind {
                ClauseKind::Warn(w) => (w, "the warning"),
                ClauseKind::Extend { lead: Some(l), .. } => (l, "the lead time"),
                _ => continue,
            };
            for (unit, span) in limits.fixed.iter().chain(&limits.matters) {
                mismatch(self.out, amount.unit, amount.span, *unit, *span, what);
            }
            if let (ClauseKind::Warn(w), Some(visit)) = (&c.kind, limits.same_visit) {
                self.push(
                    Diagnostic::new(
                        Code::UnitMismatch,
                        w.span,
                        "a warning counts down to a limit, but `within same visit` has no count",
                        "nothing to count down",
                    )
                    .related(visit, "the limit: the same visit")
                    .help("drop the `warn`, or give the duty a counted limit such as `within 2 working days`"),
                );
            }
        }
    }

    /// The clauses the rule's shape cannot do without.
    fn required_clauses(&mut self) {
        let (rule, shape) = (self.rule, self.shape);
        for (_, present, what, help) in REQUIRED.iter().filter(|(of, ..)| *of == shape) {
            if rule.clauses.iter().any(|c| present(&c.kind)) {
                continue;
            }
            self.out.push(
                Diagnostic::new(
                    Code::IncompleteRule,
                    rule.id.span,
                    format!("rule `{}` has no `{what}`", rule.id.text),
                    format!("missing `{what}`"),
                )
                .help(*help),
            );
        }
    }
}

/// Each shape's required clauses: the shape, a test for the clause, its keyword, and help.
type Required = (Shape, fn(&ClauseKind) -> bool, &'static str, &'static str);

const REQUIRED: [Required; 6] = [
    (
        Shape::Deadline,
        |k| matches!(k, ClauseKind::After { .. }),
        "after",
        "say which event starts the duty: `after 受理`",
    ),
    (
        Shape::Deadline,
        |k| matches!(k, ClauseKind::Must { .. }),
        "must",
        "say which event discharges it: `must 办结`",
    ),
    (
        Shape::Deadline,
        |k| matches!(k, ClauseKind::Within(_) | ClauseKind::Before(_)),
        "within",
        "say how long it has: `within 5 working days`, `within 事项 limit`, `within same visit` or `before EVENT`",
    ),
    (
        Shape::Check,
        |k| matches!(k, ClauseKind::States(_) | ClauseKind::Form(_)),
        "states",
        "say what each event must carry: `states 材料, 页数` or `form written`",
    ),
    (
        Shape::Notice,
        |k| matches!(k, ClauseKind::Missing { .. }),
        "missing",
        "say where the material list comes from: `missing 事项 materials from 收件.材料`",
    ),
    (
        Shape::Notice,
        |k| matches!(k, ClauseKind::Notice { .. }),
        "notice",
        "say which event is the notice: `notice 告知.材料 within same visit`",
    ),
];

/// A test against a value the field or fact can never have.
fn never_one_of(name: &Name, value: &Literal, options: &[String], label: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnreachableRule,
        value.span,
        format!("`{}` is never `{}`, so this rule never applies", name.text, value.text),
        label,
    )
    .help(format!(
        "`{}` is one of {}",
        name.text,
        options.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
    ))
}

fn contradiction(span: Span, message: String, earlier: Span) -> Diagnostic {
    Diagnostic::new(Code::UnreachableRule, span, message, "contradicts an earlier condition")
        .related(earlier, "the earlier condition")
        .help("remove one of the two conditions")
}

/// A count in another unit than the limit it is measured against.
fn mismatch(out: &mut Vec<Diagnostic>, unit: UnitAst, span: Span, limit_unit: UnitAst, limit_span: Span, what: &str) {
    // A month limit ends on a day, so lateness and warnings around it may be counted in days.
    let compatible = unit == limit_unit
        || (matches!(unit, UnitAst::Hours | UnitAst::Minutes)
            && matches!(limit_unit, UnitAst::Hours | UnitAst::Minutes))
        || (unit == UnitAst::CalendarDays && limit_unit == UnitAst::Months);
    if compatible {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::UnitMismatch,
            span,
            format!(
                "{what} is in {} but the limit is in {}",
                unit_name(unit),
                unit_name(limit_unit)
            ),
            format!("in {}", unit_name(unit)),
        )
        .related(limit_span, format!("the limit, in {}", unit_name(limit_unit)))
        .help(format!(
            "working days, calendar days and months do not mix: write it in {}",
            unit_name(limit_unit)
        )),
    );
}
