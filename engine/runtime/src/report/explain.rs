//! How each obligation and violation of an evaluation was derived: the events it rests on, the
//! counting rule applied, the days skipped and why (weekends, holidays by name, stops), whether
//! an extension counted — and, for a breach, the smallest change to the case that would have
//! avoided it. `hall explain` prints it.

use serde::Serialize;

use crate::calendar::time::{parse_date, parse_moment};
use crate::calendar::{day_number, WorkCalendar};
use crate::case::Case;
use crate::evaluate::output::{ClockReport, Evaluation, Obligation, Status};
use crate::evaluate::Evaluator;
use crate::ir::{RuleBody, Unit};
use crate::message::{day, form, join, joined, moment, quote, Lang, Message};
use crate::report::words::{amount, on, say};

/// The derivation of one obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explained {
    pub rule: String,
    pub title: String,
    pub article: String,
    pub status: String,
    /// The events it rests on, numbered from 1, as `#2 “告知” 2026年6月1日 09:20，王芳，书面`.
    pub events: Vec<String>,
    /// How the limit was counted, one step a line.
    pub counting: Vec<String>,
    /// Days inside the count that did not count, or counted though a weekend, and why.
    pub days: Vec<String>,
    /// For a breach: the smallest change to the case that would have avoided it.
    pub avoided_by: Option<String>,
}

/// Explains every obligation of `evaluation`, which `evaluator` made of `case`, then every
/// breach of a prohibition (which leaves no obligation behind), in the evaluation's language.
pub fn explain(evaluator: &Evaluator, case: &Case, evaluation: &Evaluation) -> Vec<Explained> {
    let lang = evaluation.language();
    let prohibitions = evaluation.violations.iter().filter_map(|v| {
        let rule = evaluator.policy().rules.iter().find(|r| r.id == v.rule)?;
        let RuleBody::Forbid(f) = &rule.body else {
            return None;
        };
        Some(Explained {
            rule: v.rule.to_string(),
            title: v.title.to_string(),
            article: format!("{} {}", v.citation.document, v.citation.article),
            status: crate::report::render::status_words(lang, crate::evaluate::output::Status::Breached),
            events: v.events.iter().filter_map(|i| event_line(lang, case, *i)).collect(),
            counting: vec![joined(&v.what, lang)],
            days: Vec::new(),
            avoided_by: Some(match &f.once {
                Some(first) => say(
                    lang,
                    "explain-avoid-forbid-after",
                    &[("event", &quote(&f.event)), ("first", &quote(first))],
                ),
                None => say(lang, "explain-avoid-forbid", &[("event", &quote(&f.event))]),
            }),
        })
    });
    let obligations = evaluation
        .obligations
        .iter()
        .map(|o| {
            let clock = evaluation
                .clocks
                .iter()
                .find(|c| c.rule == o.rule && o.events.contains(&c.start_event));
            Explained {
                rule: o.rule.to_string(),
                title: o.title.to_string(),
                article: format!("{} {}", o.citation.document, o.citation.article),
                status: crate::report::render::status_words(lang, o.status),
                events: o.events.iter().filter_map(|i| event_line(lang, case, *i)).collect(),
                counting: counting(o, clock, lang),
                days: clock
                    .map(|c| skipped_days(lang, evaluator.calendar(), c))
                    .unwrap_or_default(),
                avoided_by: (o.status == Status::Breached).then(|| avoid(lang, evaluator, o)),
            }
        })
        .collect::<Vec<_>>();
    obligations.into_iter().chain(prohibitions).collect()
}

/// An event as a line, numbered from 1 as people count.
fn event_line(lang: Lang, case: &Case, index: usize) -> Option<String> {
    let e = case.events.get(index)?;
    let mut line = format!("#{} {} {}", index + 1, quote(&e.name), moment(lang, e.at));
    if let Some(by) = &e.by {
        line.push_str(&say(lang, "explain-event-by", &[("person", by)]));
    }
    if let Some(f) = e.form {
        line.push_str(&say(lang, "explain-event-form", &[("form", &form(lang, f))]));
    }
    Some(line)
}

fn counting(o: &Obligation, clock: Option<&ClockReport>, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = clock {
        let limit = amount(lang, i64::from(c.limit.amount), c.limit.unit);
        out.push(say(
            lang,
            "explain-counted",
            &[
                ("limit", &limit),
                ("start", &on(lang, &c.start)),
                ("basis", c.start_basis.text()),
            ],
        ));
        for s in &c.stops {
            let to =
                s.to.as_deref()
                    .map_or_else(|| say(lang, "text-stop-open", &[]), |t| on(lang, t));
            out.push(say(
                lang,
                "explain-stopped",
                &[
                    ("from", &on(lang, &s.from)),
                    ("to", &to),
                    ("excluded", &amount(lang, s.excluded, c.count_unit)),
                ],
            ));
        }
        for x in &c.extensions {
            let until = x
                .until
                .as_deref()
                .map_or_else(|| say(lang, "explain-no-date", &[]), |u| on(lang, u));
            let verdict = say(
                lang,
                if x.counted {
                    "text-extension-counted"
                } else {
                    "text-extension-not-counted"
                },
                &[],
            );
            out.push(say(
                lang,
                "explain-extension",
                &[
                    ("until", &until),
                    ("verdict", &verdict),
                    ("reason", &joined(&x.reason, lang)),
                ],
            ));
        }
        if let Some(reason) = &c.provisional_reason {
            out.push(reason.text().to_string());
        }
    }
    for part in o.detail.iter().map(Message::text).filter(|p| !p.is_empty()) {
        if !out.iter().any(|line| line.contains(part)) {
            out.push(part.to_string());
        }
    }
    out
}

/// The weekends and holidays between the start and the last day, and make-up working days.
fn skipped_days(lang: Lang, calendar: &WorkCalendar, clock: &ClockReport) -> Vec<String> {
    if clock.count_unit != Unit::WorkingDays {
        return Vec::new();
    }
    let (Ok(start), Some(Ok(last))) = (parse_date(&clock.start), clock.last_day.as_deref().map(parse_date)) else {
        return Vec::new();
    };
    let (from, to) = (day_number(start) + 1, day_number(last));
    let mut out: Vec<String> = Vec::new();
    let mut weekend = 0;
    let mut run: Option<(i32, i32, String)> = None;
    let flush = |run: &mut Option<(i32, i32, String)>, out: &mut Vec<String>| {
        if let Some((a, b, name)) = run.take() {
            let span = if a == b {
                day(lang, a)
            } else {
                say(lang, "explain-span", &[("from", &day(lang, a)), ("to", &day(lang, b))])
            };
            out.push(say(lang, "explain-holiday", &[("span", &span), ("festival", &name)]));
        }
    };
    for d in from..=to {
        let is_weekend = matches!(crate::calendar::date_of(d).format("%u").to_string().as_str(), "6" | "7");
        match (calendar.is_working(d), calendar.festival(d)) {
            (false, Some(name)) => match &mut run {
                Some((_, end, current)) if current == name && *end + 1 == d => *end = d,
                _ => {
                    flush(&mut run, &mut out);
                    run = Some((d, d, name.to_string()));
                }
            },
            (false, None) => {
                flush(&mut run, &mut out);
                weekend += 1;
            }
            (true, festival) => {
                flush(&mut run, &mut out);
                if is_weekend {
                    out.push(match festival {
                        Some(f) => say(
                            lang,
                            "explain-makeup-day-for",
                            &[("day", &day(lang, d)), ("festival", f)],
                        ),
                        None => say(lang, "explain-makeup-day", &[("day", &day(lang, d))]),
                    });
                }
            }
        }
    }
    flush(&mut run, &mut out);
    if weekend > 0 {
        out.push(say(lang, "explain-weekends", &[("count", &weekend.to_string())]));
    }
    out
}

/// The smallest change to the case that would have kept `o` from being breached.
fn avoid(lang: Lang, evaluator: &Evaluator, o: &Obligation) -> String {
    let by = o
        .due
        .as_deref()
        .and_then(|d| parse_moment(d).ok())
        .map(|d| moment(lang, d));
    let rule = evaluator.policy().rules.iter().find(|r| r.id == o.rule);
    let forms = (!o.forms.is_empty()).then(|| join(lang, "list-or", o.forms.iter().map(|f| form(lang, *f))));
    let (duty, fields, notice) = match rule.map(|r| &r.body) {
        Some(RuleBody::Deadline(d)) => (
            join(lang, "list-or", d.duties.iter().map(|x| quote(x))),
            d.fields.clone(),
            false,
        ),
        Some(RuleBody::Notice(_)) => (o.duty.text().to_string(), Vec::new(), true),
        Some(RuleBody::Forbid(f)) => return say(lang, "explain-avoid-forbid", &[("event", &quote(&f.event))]),
        Some(RuleBody::Check(_)) | None => return o.duty.text().to_string(),
    };
    let mut out = duty;
    if !fields.is_empty() {
        let fields = join(lang, "list-and", fields.iter().map(|f| quote(f)));
        out = say(lang, "explain-avoid-stating", &[("duty", &out), ("fields", &fields)]);
    }
    if let Some(forms) = forms {
        out = say(lang, "explain-avoid-in-form", &[("duty", &out), ("forms", &forms)]);
    }
    if let Some(by) = by {
        out = say(lang, "explain-avoid-by", &[("duty", &out), ("by", &by)]);
    }
    if notice {
        out = say(lang, "explain-avoid-nothing-later", &[("duty", &out)]);
    }
    out
}
