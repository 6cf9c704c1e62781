//! How each obligation and violation of an evaluation was derived: the events it rests on, the
//! counting rule applied, the days skipped and why (weekends, holidays by name, stops), whether
//! an extension counted — and, for a breach, the smallest change to the case that would have
//! avoided it. `hall explain` prints it.

use serde::Serialize;

use crate::calendar::time::{describe_moment, format_day, parse_date, parse_moment};
use crate::calendar::{day_number, WorkCalendar};
use crate::case::Case;
use crate::evaluate::output::{ClockReport, Evaluation, Obligation, Status};
use crate::evaluate::Evaluator;
use crate::ir::{Form, RuleBody, Unit};

/// The derivation of one obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explained {
    pub rule: String,
    pub title: String,
    pub article: String,
    pub status: String,
    /// The events it rests on, as `#2 告知 2026-06-01 09:20 by 王芳 (written)`.
    pub events: Vec<String>,
    /// How the limit was counted, one step a line.
    pub counting: Vec<String>,
    /// Days inside the count that did not count, or counted though a weekend, and why.
    pub days: Vec<String>,
    /// For a breach: the smallest change to the case that would have avoided it.
    pub avoided_by: Option<String>,
}

/// Explains every obligation of `evaluation`, which `evaluator` made of `case`, then every
/// breach of a prohibition (which leaves no obligation behind).
pub fn explain(evaluator: &Evaluator, case: &Case, evaluation: &Evaluation) -> Vec<Explained> {
    let prohibitions = evaluation.violations.iter().filter_map(|v| {
        let rule = evaluator.policy().rules.iter().find(|r| r.id == v.rule)?;
        let RuleBody::Forbid(f) = &rule.body else {
            return None;
        };
        Some(Explained {
            rule: v.rule.to_string(),
            title: v.title.to_string(),
            article: format!("{} {}", v.citation.document, v.citation.article),
            status: "breached".to_string(),
            events: v.events.iter().filter_map(|i| event_line(case, *i)).collect(),
            counting: vec![v.what.clone()],
            days: Vec::new(),
            avoided_by: Some(match &f.once {
                Some(first) => format!("no `{}` after `{first}`", f.event),
                None => format!("no `{}` as recorded", f.event),
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
                status: o.status.code().to_string(),
                events: o.events.iter().filter_map(|i| event_line(case, *i)).collect(),
                counting: counting(o, clock),
                days: clock.map(|c| skipped_days(evaluator.calendar(), c)).unwrap_or_default(),
                avoided_by: (o.status == Status::Breached).then(|| avoid(evaluator, o)),
            }
        })
        .collect::<Vec<_>>();
    obligations.into_iter().chain(prohibitions).collect()
}

fn event_line(case: &Case, index: usize) -> Option<String> {
    let e = case.events.get(index)?;
    let mut line = format!("#{index} {} {}", e.name, describe_moment(e.at));
    if let Some(by) = &e.by {
        line.push_str(&format!(" by {by}"));
    }
    if let Some(form) = e.form {
        line.push_str(&format!(" ({})", form.label()));
    }
    Some(line)
}

fn counting(o: &Obligation, clock: Option<&ClockReport>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = clock {
        out.push(format!(
            "{} {} counted after {} ({})",
            c.limit.amount,
            c.limit.unit.label(),
            c.start,
            c.start_basis
        ));
        for s in &c.stops {
            out.push(format!(
                "stopped {} – {}: {} {} not counted (counting rule 6)",
                s.from,
                s.to.as_deref().unwrap_or("still stopped"),
                s.excluded,
                c.count_unit.label()
            ));
        }
        for x in &c.extensions {
            let until = x.until.as_deref().unwrap_or("no date");
            let verdict = if x.counted { "counted" } else { "not counted" };
            out.push(format!(
                "extension to {until}: {verdict} — {} (counting rule 7)",
                x.reason
            ));
        }
        if let Some(reason) = &c.provisional_reason {
            out.push(format!("provisional: {reason}"));
        }
    }
    for part in o.detail.split("; ").filter(|p| !p.is_empty()) {
        if !out.iter().any(|line| line.contains(part)) {
            out.push(part.to_string());
        }
    }
    out
}

/// The weekends and holidays between the start and the last day, and make-up working days.
fn skipped_days(calendar: &WorkCalendar, clock: &ClockReport) -> Vec<String> {
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
                format_day(a)
            } else {
                format!("{} – {}", format_day(a), format_day(b))
            };
            out.push(format!("{span}: {name} holiday, not counted"));
        }
    };
    for day in from..=to {
        let is_weekend = matches!(
            crate::calendar::date_of(day).format("%u").to_string().as_str(),
            "6" | "7"
        );
        match (calendar.is_working(day), calendar.festival(day)) {
            (false, Some(name)) => match &mut run {
                Some((_, end, current)) if current == name && *end + 1 == day => *end = day,
                _ => {
                    flush(&mut run, &mut out);
                    run = Some((day, day, name.to_string()));
                }
            },
            (false, None) => {
                flush(&mut run, &mut out);
                weekend += 1;
            }
            (true, festival) => {
                flush(&mut run, &mut out);
                if is_weekend {
                    let reason = festival.map_or(String::new(), |f| format!(" for {f}"));
                    out.push(format!(
                        "{}: a weekend made a working day{reason}, counted",
                        format_day(day)
                    ));
                }
            }
        }
    }
    flush(&mut run, &mut out);
    if weekend > 0 {
        out.push(format!("{weekend} weekend days not counted"));
    }
    out
}

fn forms_text(forms: &[Form]) -> String {
    forms.iter().map(|f| f.label()).collect::<Vec<_>>().join(" or ")
}

/// The smallest change to the case that would have kept `o` from being breached.
fn avoid(evaluator: &Evaluator, o: &Obligation) -> String {
    let by = o
        .due
        .as_deref()
        .and_then(|d| parse_moment(d).ok())
        .map_or(String::new(), |d| format!(" by {}", describe_moment(d)));
    let rule = evaluator.policy().rules.iter().find(|r| r.id == o.rule);
    let form = if o.forms.is_empty() {
        String::new()
    } else {
        format!(" in {} form", forms_text(&o.forms))
    };
    match rule.map(|r| &r.body) {
        Some(RuleBody::Deadline(d)) => {
            let mut duty = d
                .duties
                .iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(" or ");
            if !d.fields.is_empty() {
                duty.push_str(&format!(" stating {}", d.fields.join(", ")));
            }
            format!("{duty}{form}{by}")
        }
        Some(RuleBody::Check(c)) => {
            let mut duty = o.duty.clone();
            if !c.fields.is_empty() && !duty.contains("states") {
                duty.push_str(&format!(" stating {}", c.fields.join(", ")));
            }
            if !c.forms.is_empty() && !duty.contains("form") {
                duty.push_str(&format!(" in {} form", forms_text(&c.forms)));
            }
            duty
        }
        Some(RuleBody::Notice(_)) => format!("{}{form}{by}, asking for nothing later", o.duty),
        Some(RuleBody::Forbid(f)) => format!("no `{}`", f.event),
        None => o.duty.clone(),
    }
}
