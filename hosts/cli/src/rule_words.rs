//! A rule as the rule book states it: the whole duty in one line, with the conditions it applies
//! under, the form and contents it asks for, and the clock's stops, restarts and extensions, in
//! the catalogues' words (`book-*`). Dropping any of these would state a narrower rule as a
//! wider one ("after each 评价: 回访" for a rule that applies only to 差评).

use hallpolicy_runtime::ir::{
    CompareOp, Condition, Criterion, DeadlineRule, FieldFilter, FieldTest, LimitSpec, MatterType, Rule, RuleBody,
};
use hallpolicy_runtime::message::{amount, form, join, phrase, quote, say};
use hallpolicy_runtime::Lang;

/// Names quoted and joined: every one of them.
fn all(lang: Lang, names: &[String]) -> String {
    join(lang, "list-and", names.iter().map(|n| quote(n)))
}

/// Names quoted and joined: one of them.
fn any(lang: Lang, names: &[String]) -> String {
    join(lang, "list-or", names.iter().map(|n| quote(n)))
}

/// A limit: `5个工作日内`, `当场`, `在“办结”之前`.
pub fn limit(lang: Lang, spec: &LimitSpec) -> String {
    match spec {
        LimitSpec::Fixed(l) => say(
            lang,
            "book-limit-fixed",
            &[("amount", &amount(lang, i64::from(l.amount), l.unit))],
        ),
        LimitSpec::SameVisit => say(lang, "book-limit-same-visit", &[]),
        LimitSpec::MatterLimit { .. } => say(lang, "book-limit-matter", &[]),
        LimitSpec::BeforeEvent { event } => say(lang, "book-limit-before", &[("event", &quote(event))]),
    }
}

/// 即办件 or 承诺件.
pub fn matter_type(lang: Lang, t: MatterType) -> String {
    let id = match t {
        MatterType::Immediate => "book-matter-immediate",
        MatterType::Promised => "book-matter-promised",
    };
    say(lang, id, &[])
}

fn condition(lang: Lang, c: &Condition) -> String {
    match c {
        Condition::FactEquals { fact, value, negate } => {
            let id = if *negate { "book-if-fact-not" } else { "book-if-fact" };
            say(lang, id, &[("fact", &quote(fact)), ("value", value)])
        }
        Condition::MatterIs { fact, matter_type: t } => say(
            lang,
            "book-if-matter",
            &[("fact", &quote(fact)), ("type", &matter_type(lang, *t))],
        ),
        Condition::HasEvent { event } => say(lang, "book-if-event", &[("event", &quote(event))]),
    }
}

fn filter(lang: Lang, f: &FieldFilter) -> String {
    let field = quote(&f.field);
    let test = match &f.test {
        FieldTest::Equals(value) => say(lang, "book-filter-equals", &[("field", &field), ("value", value)]),
        FieldTest::ContainsAny(phrases) => say(
            lang,
            "book-filter-contains",
            &[("field", &field), ("phrases", &any(lang, phrases))],
        ),
        FieldTest::Compare(op, bound) => {
            let id = match op {
                CompareOp::Above => "book-filter-above",
                CompareOp::AtLeast => "book-filter-at-least",
                CompareOp::Below => "book-filter-below",
                CompareOp::AtMost => "book-filter-at-most",
            };
            say(lang, id, &[("field", &field), ("bound", &bound.to_string())])
        }
    };
    say(lang, "book-only", &[("filter", &test)])
}

/// `stating …` and `in … form`, as far as the rule asks them.
fn contents(lang: Lang, fields: &[String], forms: &[hallpolicy_runtime::ir::Form]) -> Vec<String> {
    let mut parts = Vec::new();
    if !fields.is_empty() {
        parts.push(say(lang, "book-stating", &[("fields", &all(lang, fields))]));
    }
    if !forms.is_empty() {
        let forms = join(lang, "list-or", forms.iter().map(|f| form(lang, *f)));
        parts.push(say(lang, "book-in-form", &[("forms", &forms)]));
    }
    parts
}

fn deadline(lang: Lang, d: &DeadlineRule) -> Vec<String> {
    let trigger = quote(&d.trigger);
    let after = say(
        lang,
        if d.each { "book-after-each" } else { "book-after" },
        &[("trigger", &trigger)],
    );
    let duties = match &d.matching {
        Some(field) => d
            .duties
            .iter()
            .map(|duty| {
                say(
                    lang,
                    "book-matching",
                    &[("event", &quote(duty)), ("field", &quote(field))],
                )
            })
            .collect::<Vec<_>>(),
        None => d.duties.iter().map(|duty| quote(duty)).collect(),
    };
    let duties = join(lang, "list-or", duties.into_iter());
    let mut lines = vec![say(
        lang,
        "book-deadline",
        &[
            ("after", &after),
            ("duties", &duties),
            ("limit", &limit(lang, &d.limit)),
        ],
    )];
    if let Some(f) = &d.filter {
        lines.push(filter(lang, f));
    }
    lines.extend(contents(lang, &d.fields, &d.forms));
    for s in &d.stops {
        lines.push(say(
            lang,
            "book-stops",
            &[("stop", &quote(&s.stop)), ("resume", &quote(&s.resume))],
        ));
    }
    if let Some(r) = &d.restart {
        lines.push(match &r.if_rule {
            Some(rule) => say(
                lang,
                "book-restart-if",
                &[("event", &quote(&r.event)), ("rule", &quote(rule))],
            ),
            None => say(lang, "book-restart", &[("event", &quote(&r.event))]),
        });
    }
    if let Some(e) = &d.extension {
        lines.push(say(
            lang,
            "book-extension",
            &[
                ("approver", &e.approver),
                ("approval", &quote(&e.approval)),
                ("notice", &quote(&e.notice)),
            ],
        ));
    }
    if let Some(event) = &d.applicant_delay {
        lines.push(say(lang, "book-applicant-delay", &[("event", &quote(event))]));
    }
    if let Some(w) = &d.warn {
        lines.push(say(
            lang,
            "book-warn",
            &[("warn", &amount(lang, i64::from(w.amount), w.unit))],
        ));
    }
    lines
}

/// What a rule asks, line by line: the duty first, then what narrows or qualifies it.
pub fn duty(lang: Lang, rule: &Rule) -> Vec<String> {
    let mut lines = match &rule.body {
        RuleBody::Deadline(d) => deadline(lang, d),
        RuleBody::Check(c) => {
            let parts = contents(lang, &c.fields, &c.forms).join(&phrase(lang, "list-semicolon", &[]));
            let mut lines = vec![say(
                lang,
                "book-check",
                &[("events", &all(lang, &c.events)), ("parts", &parts)],
            )];
            lines.extend(c.filter.as_ref().map(|f| filter(lang, f)));
            lines
        }
        RuleBody::Forbid(f) => {
            let event = quote(&f.event);
            let mut lines = vec![match &f.once {
                Some(first) => say(lang, "book-forbid-once", &[("event", &event), ("first", &quote(first))]),
                None => say(lang, "book-forbid", &[("event", &event)]),
            }];
            lines.extend(f.filter.as_ref().map(|f| filter(lang, f)));
            lines
        }
        RuleBody::Notice(n) => {
            let mut lines = vec![say(
                lang,
                "book-notice",
                &[
                    ("received", &quote(&n.received_event)),
                    ("notice", &quote(&n.notice_event)),
                    ("limit", &limit(lang, &n.limit)),
                ],
            )];
            lines.extend(contents(lang, &[], &n.forms));
            lines
        }
    };
    if !rule.when.is_empty() {
        let conditions = join(lang, "list-and", rule.when.iter().map(|c| condition(lang, c)));
        lines.insert(1, say(lang, "book-when", &[("conditions", &conditions)]));
    }
    lines
}

/// What selects a rung of a ladder.
pub fn criterion(lang: Lang, c: &Option<Criterion>) -> String {
    match c {
        Some(Criterion::OverdueAtLeast(l)) => say(
            lang,
            "book-criterion-overdue",
            &[("amount", &amount(lang, i64::from(l.amount), l.unit))],
        ),
        Some(Criterion::FactEquals { fact, value }) => {
            say(lang, "book-criterion-fact", &[("fact", &quote(fact)), ("value", value)])
        }
        Some(Criterion::Repeated { count }) => say(lang, "book-criterion-repeated", &[("count", &count.to_string())]),
        None => say(lang, "book-criterion-person", &[]),
    }
}
