//! Evaluation: a policy and a case in, obligations, violations and clocks out. Pure: the only
//! inputs are the policy, the case and its as-of time. Counting rules 2, 7 and 8 are decided
//! here; the arithmetic of rules 1, 3–6 lives in [`crate::evaluate::clock`].

pub mod clock;
pub mod output;
pub mod penalty;
pub mod repetition;

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::calendar::time::{day_of, format_day, format_moment, Moment};
use crate::calendar::WorkCalendar;
use crate::case::{decode_case, Case, CaseError, Event, Value};
use crate::evaluate::clock::{Clock, Count, Deadline, Stop};
use crate::evaluate::output::{
    Citation, ClockReport, Evaluation, ExtensionReport, Obligation, Status, StopReport, Violation, Warning,
};
use crate::evaluate::penalty::{select_rung, Circumstances};
use crate::ir::{
    CheckRule, Condition, DeadlineRule, ExtensionSpec, FieldFilter, FieldTest, ForbidRule, Form, Limit, LimitSpec,
    NoticeRule, Policy, Rule, RuleBody, Unit,
};
use crate::message::{Arg, Lang, Message};

/// A policy ready to evaluate cases: the IR plus its calendar turned into prefix counts, built
/// once and reused for every case.
#[derive(Debug, Clone)]
pub struct Evaluator {
    policy: Policy,
    calendar: WorkCalendar,
}

impl Evaluator {
    /// Prepares a policy for evaluation.
    pub fn new(policy: Policy) -> Evaluator {
        let calendar = WorkCalendar::new(&policy.calendar);
        Evaluator { policy, calendar }
    }

    /// The policy this evaluator runs.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The calendar the policy counts working days with.
    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// Decodes a JSON case and evaluates it, in Chinese; `as_of` overrides the case's own.
    pub fn evaluate_json(&self, case_json: &str, as_of: Option<&str>) -> Result<Evaluation<'_>, CaseError> {
        self.evaluate_json_in(case_json, as_of, Lang::default())
    }

    /// [`Evaluator::evaluate_json`] with the messages in `lang`.
    pub fn evaluate_json_in(
        &self,
        case_json: &str,
        as_of: Option<&str>,
        lang: Lang,
    ) -> Result<Evaluation<'_>, CaseError> {
        let case = decode_case(&self.policy, case_json, as_of).map_err(|e| e.localized(lang))?;
        Ok(self.evaluate_in(&case, lang))
    }

    /// [`Evaluator::evaluate_json`] for a case given as bytes; bytes that are not UTF-8 are
    /// refused at path "", every host alike.
    pub fn evaluate_json_bytes(&self, case_json: &[u8], as_of: Option<&str>) -> Result<Evaluation<'_>, CaseError> {
        self.evaluate_json_bytes_in(case_json, as_of, Lang::default())
    }

    /// [`Evaluator::evaluate_json_bytes`] with the messages in `lang`.
    pub fn evaluate_json_bytes_in(
        &self,
        case_json: &[u8],
        as_of: Option<&str>,
        lang: Lang,
    ) -> Result<Evaluation<'_>, CaseError> {
        let text = crate::case::case_text(case_json).map_err(|e| e.localized(lang))?;
        self.evaluate_json_in(text, as_of, lang)
    }

    /// Whether `rule` applies to `case`: its kind, and every `when` condition holding. Coverage
    /// asks this of prohibitions, which leave no obligation behind when kept.
    pub fn applies(&self, rule: &Rule, case: &Case) -> bool {
        let run = self.run(case);
        rule.kind == case.kind && rule.when.iter().all(|c| run.holds(c))
    }

    fn run<'s, 'c>(&'s self, case: &'c Case<'c>) -> Run<'s, 'c> {
        Run {
            policy: &self.policy,
            clock: Clock {
                calendar: &self.calendar,
                hours: self.policy.hall.hours,
            },
            case,
            notice_met: BTreeMap::new(),
            obligations: Vec::new(),
            breaches: Vec::new(),
            clocks: Vec::new(),
            provisional: false,
        }
    }

    /// Evaluates a decoded case, with the messages in Chinese.
    pub fn evaluate(&self, case: &Case) -> Evaluation<'_> {
        self.evaluate_in(case, Lang::default())
    }

    /// Evaluates a decoded case, with the messages in `lang`.
    pub fn evaluate_in(&self, case: &Case, lang: Lang) -> Evaluation<'_> {
        let mut evaluation = self.evaluate_unworded(case);
        evaluation.localize(lang);
        evaluation
    }

    /// The evaluation, its messages still without words.
    fn evaluate_unworded(&self, case: &Case) -> Evaluation<'_> {
        let mut run = self.run(case);
        let applicable: Vec<&Rule> = self
            .policy
            .rules
            .iter()
            .filter(|rule| rule.kind == case.kind && rule.when.iter().all(|c| run.holds(c)))
            .collect();
        // Notice rules first: counting rule 2 asks whether the one-time notice was met. What
        // each found is kept for its obligation below, in the same order.
        let mut notices = Vec::new();
        for rule in &applicable {
            if let RuleBody::Notice(spec) = &rule.body {
                let outcome = run.notice_outcome(spec);
                run.notice_met.insert(&rule.id, outcome.as_ref().is_none_or(|o| o.met));
                notices.push(outcome);
            }
        }
        let mut notices = notices.into_iter();
        for rule in &applicable {
            match &rule.body {
                RuleBody::Deadline(spec) => run.deadline(rule, spec),
                RuleBody::Check(spec) => run.check(rule, spec),
                RuleBody::Forbid(spec) => run.forbid(rule, spec),
                RuleBody::Notice(spec) => {
                    if let Some(outcome) = notices.next().flatten() {
                        run.notice(rule, spec, outcome);
                    }
                }
            }
        }
        let violations = run.penalise();
        Evaluation {
            schema_version: Cow::Borrowed(output::SCHEMA_VERSION),
            hall: Cow::Borrowed(&self.policy.hall.name),
            policy_version: Cow::Borrowed(&self.policy.hall.version),
            kind: case.kind.to_string(),
            subject: case.subject.as_deref().map(str::to_owned),
            as_of: format_moment(case.as_of),
            lang: String::new(),
            provisional: run.provisional,
            obligations: run.obligations,
            violations,
            clocks: run.clocks,
        }
    }
}

/// A breach found during the run, before its penalty is chosen.
struct Breach<'p> {
    violation: Violation<'p>,
    ladder: Option<String>,
    lateness: Option<(Deadline, Moment)>,
}

/// What a one-time notice rule found.
struct NoticeOutcome<'p, 'c> {
    receipt: &'c Event<'c>,
    /// The matter's materials the receipt lacked, as the policy names them.
    missing: Vec<&'p str>,
    first: Option<&'c Event<'c>>,
    omitted: Vec<&'p str>,
    wrong_form: Option<Message>,
    due: Moment,
    late: bool,
    met: bool,
}

struct Run<'p, 'c> {
    policy: &'p Policy,
    clock: Clock<'p>,
    case: &'c Case<'c>,
    notice_met: BTreeMap<&'p str, bool>,
    obligations: Vec<Obligation<'p>>,
    breaches: Vec<Breach<'p>>,
    clocks: Vec<ClockReport<'p>>,
    provisional: bool,
}

/// An obligation of `rule` with its rule-given fields filled; callers set the rest.
fn obligation_of(rule: &Rule) -> Obligation<'_> {
    Obligation {
        rule: Cow::Borrowed(&rule.id),
        title: Cow::Borrowed(&rule.title),
        duty: Message::new("duty-none"),
        actor: Cow::Borrowed(&rule.actor),
        person: None,
        due: None,
        last_day: None,
        forms: Vec::new(),
        status: Status::Pending,
        warning: None,
        next_change: None,
        met_at: None,
        detail: Vec::new(),
        citation: Citation::of(&rule.citation, false),
        events: Vec::new(),
    }
}

/// The fields among `wanted` that `event` does not state (absent, empty, or a false flag).
fn unstated(event: &Event, wanted: &[String]) -> Vec<String> {
    wanted
        .iter()
        .filter(|f| !event.field(f).is_some_and(|v| v.is_filled()))
        .cloned()
        .collect()
}

/// What is wrong, if anything, with the form an event was given in.
fn form_fault(event: &Event, forms: &[Form]) -> Option<Message> {
    if forms.is_empty() || event.form.is_some_and(|f| forms.contains(&f)) {
        return None;
    }
    let fault = match event.form {
        Some(given) => Message::new("fault-wrong-form")
            .arg("event", &*event.name)
            .arg("given", Arg::Forms(vec![given])),
        None => Message::new("fault-no-form").arg("event", &*event.name),
    };
    Some(fault.arg("required", Arg::Forms(forms.to_vec())))
}

/// The faults of an event that must state `fields` and take one of `forms`.
fn content_faults(event: &Event, fields: &[String], forms: &[Form]) -> Vec<Message> {
    let mut faults: Vec<Message> = form_fault(event, forms).into_iter().collect();
    let missing = unstated(event, fields);
    if !missing.is_empty() {
        faults.push(
            Message::new("fault-unstated")
                .arg("event", &*event.name)
                .arg("fields", Arg::Names(missing)),
        );
    }
    faults
}

fn passes(event: &Event, filter: Option<&FieldFilter>) -> bool {
    filter.is_none_or(|f| {
        event.field(&f.field).is_some_and(|v| match &f.test {
            FieldTest::Equals(value) => v.reads_as(value),
            FieldTest::ContainsAny(_) => phrase_found(&v, &f.test).is_some(),
            FieldTest::Compare(op, bound) => matches!(*v, Value::Number(n) if op.holds(n, *bound)),
        })
    })
}

/// The first phrase of a `contains any of` test that `value` contains.
fn phrase_found<'t>(value: &Value, test: &'t FieldTest) -> Option<&'t str> {
    let (Value::Text(text), FieldTest::ContainsAny(phrases)) = (value, test) else {
        return None;
    };
    phrases.iter().find(|p| text.contains(p.as_str())).map(String::as_str)
}

/// What a filter found in an event, for the violation's text: the phrase used, or the number
/// beyond its bound.
fn filter_finding(event: &Event, filter: Option<&FieldFilter>) -> Option<Message> {
    let f = filter?;
    let value = event.field(&f.field)?;
    if let Some(phrase) = phrase_found(&value, &f.test) {
        return Some(
            Message::new("forbid-found-phrase")
                .arg("field", &f.field)
                .arg("phrase", phrase),
        );
    }
    match (&*value, &f.test) {
        (Value::Number(n), FieldTest::Compare(op, bound)) => Some(
            Message::new("forbid-found-number")
                .arg("field", &f.field)
                .arg("value", Arg::Text(n.to_string()))
                .arg("op", Arg::Text(op.symbol().to_string()))
                .arg("bound", Arg::Text(bound.to_string())),
        ),
        _ => None,
    }
}

/// Who acted, as an evaluation keeps it.
fn person_of(by: &Option<Cow<'_, str>>) -> Option<String> {
    by.as_deref().map(str::to_owned)
}

/// The events that follow a trigger, as a deadline rule looks for them: the first that does the
/// duty (for the same `matching` value), the applicant's first delay, and the event the duty is
/// due before.
#[derive(Clone, Copy, Default)]
struct Ahead<'c> {
    done: Option<&'c Event<'c>>,
    delay: Option<&'c Event<'c>>,
    before: Option<&'c Event<'c>>,
}

/// A field's value as a key that two events share exactly when their values are equal.
fn match_key(value: &Value) -> String {
    match value {
        // `0.0 == -0.0`; no number of a case is NaN.
        Value::Number(n) if *n == 0.0 => "Number(0.0)".to_string(),
        other => format!("{other:?}"),
    }
}

impl<'p, 'c> Run<'p, 'c> {
    fn holds(&self, condition: &Condition) -> bool {
        match condition {
            Condition::FactEquals { fact, value, negate } => {
                let equal = self
                    .case
                    .facts
                    .get(fact.as_str())
                    .is_some_and(|v| &v.as_text() == value);
                equal != *negate
            }
            Condition::MatterIs { fact, matter_type } => {
                self.matter_of(fact).is_some_and(|m| m.matter_type == *matter_type)
            }
            Condition::HasEvent { event } => self.case.events.iter().any(|e| e.is(event)),
        }
    }

    fn matter_of(&self, fact: &str) -> Option<&'p crate::ir::Matter> {
        match self.case.facts.get(fact) {
            Some(Value::Text(name)) => self.policy.matter(name),
            _ => None,
        }
    }

    fn events_after(&self, event: &Event) -> impl Iterator<Item = &'c Event<'c>> + 'c {
        let events: &'c [Event<'c>] = &self.case.events;
        events.get(event.index + 1..).unwrap_or_default().iter()
    }

    /// The events after `event` up to `until` (events are in time order).
    fn events_until(&self, event: &Event, until: Moment) -> impl Iterator<Item = &'c Event<'c>> + 'c {
        self.events_after(event).take_while(move |e| e.at <= until)
    }

    fn note_provisional(&mut self, reason: &Option<Message>) {
        self.provisional |= reason.is_some();
    }

    fn breach(
        &mut self,
        rule: &'p Rule,
        what: Vec<Message>,
        at: Moment,
        person: Option<String>,
        events: Vec<usize>,
        lateness: Option<(Deadline, Moment)>,
    ) {
        self.breaches.push(Breach {
            violation: Violation {
                rule: Cow::Borrowed(&rule.id),
                title: Cow::Borrowed(&rule.title),
                what,
                at: format_moment(at),
                actor: Cow::Borrowed(&rule.actor),
                person,
                penalty: None,
                citation: Citation::of(&rule.citation, false),
                events,
            },
            ladder: rule.ladder.clone(),
            lateness,
        });
    }

    /// Status, warning and next change of a duty not yet done.
    fn open_status(
        &self,
        due: Option<Moment>,
        yellow_from: Option<Moment>,
    ) -> (Status, Option<Warning>, Option<Moment>) {
        let as_of = self.case.as_of;
        match due {
            Some(due) if as_of > due => (Status::Breached, Some(Warning::Red), None),
            Some(due) => match yellow_from {
                Some(yellow) if as_of >= yellow => (Status::Pending, Some(Warning::Yellow), Some(due)),
                Some(yellow) => (Status::Pending, Some(Warning::Green), Some(yellow)),
                None => (Status::Pending, Some(Warning::Green), Some(due)),
            },
            None => (Status::Pending, Some(Warning::Green), None),
        }
    }

    fn deadline(&mut self, rule: &'p Rule, spec: &DeadlineRule) {
        for (trigger, ahead) in self.triggers(spec) {
            self.deadline_for(rule, spec, trigger, ahead);
        }
    }

    /// The triggers of a deadline rule (the first, or with `after each` every one), each with
    /// what follows it, found in one pass from the end of the case: a case of many triggers
    /// stays linear instead of searching the rest of the case once per trigger.
    fn triggers(&self, spec: &DeadlineRule) -> Vec<(&'c Event<'c>, Ahead<'c>)> {
        let is_trigger = |e: &Event| e.is(&spec.trigger) && passes(e, spec.filter.as_ref());
        let events: &'c [Event<'c>] = &self.case.events;
        let events = if spec.each {
            events
        } else {
            // Only the first trigger counts: nothing before it matters.
            match events.iter().position(is_trigger) {
                Some(first) => events.get(first..).unwrap_or_default(),
                None => return Vec::new(),
            }
        };
        let before_event = match &spec.limit {
            LimitSpec::BeforeEvent { event } => Some(event.as_str()),
            _ => None,
        };
        let mut ahead = Ahead::default();
        let mut done_by_key: BTreeMap<String, &'c Event<'c>> = BTreeMap::new();
        let mut found = Vec::new();
        for e in events.iter().rev() {
            if is_trigger(e) && (spec.each || e.index == events.first().map_or(0, |f| f.index)) {
                let done = match &spec.matching {
                    None => ahead.done,
                    Some(key) => e.field(key).and_then(|v| done_by_key.get(&match_key(&v)).copied()),
                };
                found.push((e, Ahead { done, ..ahead }));
            }
            if spec.duties.iter().any(|duty| e.is(duty)) {
                match &spec.matching {
                    None => ahead.done = Some(e),
                    Some(key) => {
                        if let Some(v) = e.field(key) {
                            done_by_key.insert(match_key(&v), e);
                        }
                    }
                }
            }
            if spec.applicant_delay.as_ref().is_some_and(|name| e.is(name)) {
                ahead.delay = Some(e);
            }
            if before_event.is_some_and(|name| e.is(name)) {
                ahead.before = Some(e);
            }
        }
        found.reverse();
        found
    }

    fn deadline_for(&mut self, rule: &'p Rule, spec: &DeadlineRule, trigger: &'c Event<'c>, ahead: Ahead<'c>) {
        let done = ahead.done;
        // Counting rule 8 may end the count early: the applicant's own delay.
        let first_delay = ahead.delay.filter(|e| done.is_none_or(|d| e.at <= d.at));
        let until = done.or(first_delay).map_or(self.case.as_of, |e| e.at);
        let mut events = vec![trigger.index];
        let mut detail = Vec::new();

        // Resolve the limit: a counted limit, the same visit, or another event.
        let limit = match &spec.limit {
            LimitSpec::Fixed(limit) => Some(*limit),
            LimitSpec::MatterLimit { fact } => self.matter_of(fact).and_then(|m| m.limit),
            LimitSpec::SameVisit | LimitSpec::BeforeEvent { .. } => None,
        };
        let mut deadline: Option<Deadline> = None;
        let mut suspended_since: Option<Moment> = None;
        let mut before_event: Option<&'c Event<'c>> = None;
        match (&spec.limit, limit) {
            (_, Some(limit)) => {
                match self.counted_deadline(rule, spec, trigger, limit, until, &mut events, &mut detail) {
                    Ok(d) => deadline = Some(d),
                    Err(since) => suspended_since = Some(since),
                }
            }
            (LimitSpec::BeforeEvent { event }, None) => {
                if let Some(next) = ahead.before {
                    events.push(next.index);
                    before_event = Some(next);
                    deadline = Some(Deadline {
                        due: next.at,
                        last_day: None,
                        excluded: Vec::new(),
                    });
                    detail.push(
                        Message::new("deadline-before-event")
                            .arg("event", event)
                            .arg("at", next.at),
                    );
                } else {
                    detail.push(Message::new("deadline-before-event-pending").arg("event", event));
                }
            }
            // Same visit, or the matter is immediate (即办件): done on the visit.
            _ => {
                let due = self.clock.end_of_visit(trigger.at);
                deadline = Some(Deadline {
                    due,
                    last_day: None,
                    excluded: Vec::new(),
                });
                detail.push(Message::new("deadline-same-visit"));
            }
        }
        let due = deadline.as_ref().map(|d| d.due);
        let person = done
            .and_then(|e| person_of(&e.by))
            .or_else(|| person_of(&trigger.by))
            .or_else(|| before_event.and_then(|e| person_of(&e.by)));

        // Counting rule 8: a delay the applicant causes counts as done on time.
        let applicant_delay = first_delay.filter(|e| due.is_none_or(|due| e.at <= due));

        let mut duty = Message::new("duty-do").arg("events", Arg::Choices(spec.duties.clone()));
        if let Some((key, value)) = spec.matching.as_ref().and_then(|k| trigger.field(k).map(|v| (k, v))) {
            duty = Message::new("duty-do-matching")
                .arg("events", Arg::Choices(spec.duties.clone()))
                .arg("field", key)
                .arg("value", value.as_text());
        }
        let (status, warning, next_change, met_at) = if let Some(delay) = applicant_delay.filter(|_| done.is_none()) {
            events.push(delay.index);
            detail.push(
                Message::new("deadline-applicant-delay")
                    .arg("event", &*delay.name)
                    .arg("at", delay.at),
            );
            (Status::Met, None, None, Some(delay.at))
        } else if let Some(done) = done {
            events.push(done.index);
            let mut faults = Vec::new();
            if let Some(due) = due.filter(|due| done.at > *due) {
                faults.push(
                    Message::new("deadline-late")
                        .arg("event", &*done.name)
                        .arg("at", done.at)
                        .arg("due", due),
                );
            }
            faults.extend(content_faults(done, &spec.fields, &spec.forms));
            if faults.is_empty() {
                (Status::Met, None, None, Some(done.at))
            } else {
                let lateness = deadline.clone().filter(|d| done.at > d.due).map(|d| (d, done.at));
                let what = faults.clone();
                let at = if lateness.is_some() {
                    due.unwrap_or(done.at)
                } else {
                    done.at
                };
                self.breach(rule, what, at, person.clone(), events.clone(), lateness);
                detail.extend(faults);
                (Status::Breached, None, None, Some(done.at))
            }
        } else {
            let yellow = match (&deadline, spec.warn) {
                (Some(d), Some(warn)) => Some(self.clock.yellow_from(d, warn)),
                _ => None,
            };
            let open = self.open_status(due, yellow);
            if let Some(since) = suspended_since {
                detail.push(Message::new("deadline-stopped-since").arg("since", since));
            }
            if open.0 == Status::Breached {
                let due_moment = due.unwrap_or(self.case.as_of);
                let what = vec![Message::new("deadline-not-done")
                    .arg("events", Arg::Choices(spec.duties.clone()))
                    .arg("due", due_moment)];
                let lateness = deadline.clone().map(|d| (d, self.case.as_of));
                self.breach(rule, what, due_moment, person.clone(), events.clone(), lateness);
            }
            (open.0, open.1, open.2, None)
        };

        self.obligations.push(Obligation {
            duty,
            person,
            due: due.map(format_moment),
            last_day: deadline.as_ref().and_then(|d| d.last_day).map(format_day),
            forms: spec.forms.clone(),
            status,
            warning,
            next_change: next_change.map(format_moment),
            met_at: met_at.map(format_moment),
            detail,
            events,
            ..obligation_of(rule)
        });
    }

    /// Counts a day- or time-limited duty; `Err` carries the moment the clock stopped when it
    /// has not restarted.
    #[allow(clippy::too_many_arguments)]
    fn counted_deadline(
        &mut self,
        rule: &'p Rule,
        spec: &DeadlineRule,
        trigger: &'c Event<'c>,
        limit: Limit,
        until: Moment,
        events: &mut Vec<usize>,
        detail: &mut Vec<Message>,
    ) -> Result<Deadline, Moment> {
        let (start, start_basis) = self.count_start(spec, trigger, limit, until, events);
        let (stops, stop_events) = self.stops_after(spec, start, until);
        for ev in &stop_events {
            events.extend(ev);
        }

        let count = self.clock.count(start.at, limit, &stops);
        let (mut deadline, excluded, suspended) = match count {
            Count::Ends(d) => {
                let excluded = d.excluded.clone();
                (Some(d), excluded, false)
            }
            Count::Suspended { excluded } => (None, excluded, true),
        };

        // Counting rule 7: an extension counts only with approval and a timely notice.
        let mut extensions = Vec::new();
        if let (Some(ext), Some(original)) = (&spec.extension, deadline.clone()) {
            if let Some((extended, report)) = self.extension(ext, trigger, until, &original, detail) {
                events.extend(&report.events);
                deadline = extended.or(deadline);
                extensions.push(report);
            }
        }

        // Days used and left, in the unit the limit is counted in.
        let count_unit = match limit.unit {
            Unit::WorkingDays => Unit::WorkingDays,
            Unit::CalendarDays | Unit::Months => Unit::CalendarDays,
            Unit::Hours | Unit::Minutes => Unit::Minutes,
        };
        let start_day = day_of(start.at);
        let until_day = day_of(until);
        let excluded_total: i64 = excluded.iter().sum();
        let used = match count_unit {
            Unit::WorkingDays => self.calendar_days_used(start_day, until_day, true),
            Unit::Minutes => (until - start.at).num_minutes(),
            _ => self.calendar_days_used(start_day, until_day, false),
        } - if count_unit == Unit::Minutes { 0 } else { excluded_total };
        let left = deadline.as_ref().map_or(0, |d| self.clock.left(until, d, count_unit));

        let provisional_reason = match deadline.as_ref().and_then(|d| d.last_day) {
            Some(last_day) => self.clock.provisional_reason(&[start_day, last_day]),
            None => self.clock.provisional_reason(&[start_day]),
        };
        self.note_provisional(&provisional_reason);
        if let Some(reason) = &provisional_reason {
            detail.push(reason.clone());
        }

        let report_stops = stops
            .iter()
            .zip(&stop_events)
            .enumerate()
            .map(|(i, (stop, ev))| StopReport {
                from: format_day(stop.from),
                to: stop.to.map(format_day),
                excluded: excluded.get(i).copied().unwrap_or(0),
                events: ev.clone(),
            })
            .collect();
        self.clocks.push(ClockReport {
            rule: Cow::Borrowed(&rule.id),
            start: format_day(start_day),
            start_event: start.index,
            start_basis: start_basis.clone(),
            stops: report_stops,
            extensions,
            limit,
            due: deadline.as_ref().map(|d| format_moment(d.due)),
            last_day: deadline.as_ref().and_then(|d| d.last_day).map(format_day),
            count_unit,
            used: used.max(0),
            left,
            suspended,
            provisional: provisional_reason.is_some(),
            provisional_reason,
        });
        detail.insert(0, start_basis);
        match deadline {
            Some(d) => Ok(d),
            None => {
                let since = stops
                    .last()
                    .map_or(start.at, |s| crate::calendar::time::at_minute(s.from, 0));
                Err(since)
            }
        }
    }

    /// Where a counted limit starts, and why: the day after the trigger (counting rule 1), or
    /// after the last supplement when the one-time notice was met (counting rule 2).
    fn count_start(
        &self,
        spec: &DeadlineRule,
        trigger: &'c Event<'c>,
        limit: Limit,
        until: Moment,
        events: &mut Vec<usize>,
    ) -> (&'c Event<'c>, Message) {
        let mut start = trigger;
        let sub_day = matches!(limit.unit, Unit::Hours | Unit::Minutes);
        let mut start_basis = if sub_day {
            Message::new("clock-start-on-the-clock")
                .arg("unit", limit.unit)
                .arg("event", &*trigger.name)
                .arg("at", trigger.at)
        } else {
            // Counting rule 1: the day of the act is not counted.
            Message::new("clock-start-next-day").arg("event", &*trigger.name)
        };
        let Some(restart) = &spec.restart else {
            return (start, start_basis);
        };
        let last_supplement = self
            .events_until(trigger, until)
            .filter(|e| e.is(&restart.event))
            .last();
        if let Some(supplement) = last_supplement {
            let notice_ok = restart
                .if_rule
                .as_ref()
                .is_none_or(|r| self.notice_met.get(r.as_str()).copied().unwrap_or(true));
            if notice_ok {
                start = supplement;
                start_basis = Message::new("clock-start-after-supplement")
                    .arg("event", &*supplement.name)
                    .arg("at", supplement.at);
            } else {
                // Administrative Licensing Law art. 32: without the one-time notice, the
                // application counts as accepted from receipt.
                start_basis = Message::new("clock-start-notice-failed")
                    .arg("rule", restart.if_rule.as_deref().unwrap_or_default())
                    .arg("event", &*trigger.name);
            }
            events.push(supplement.index);
        }
        (start, start_basis)
    }

    /// Counting rule 6: the stretches the clock stood still after `start`, pairs of stop and
    /// restart events (the last one open when no restart came), in order, each with its events.
    fn stops_after(&self, spec: &DeadlineRule, start: &Event, until: Moment) -> (Vec<Stop>, Vec<Vec<usize>>) {
        let mut stops: Vec<(Stop, Vec<usize>)> = Vec::new();
        for spec_stop in &spec.stops {
            let mut open: Option<&Event> = None;
            for e in self.events_until(start, until) {
                if e.is(&spec_stop.stop) && open.is_none() {
                    open = Some(e);
                } else if e.is(&spec_stop.resume) {
                    if let Some(o) = open.take() {
                        let stop = Stop {
                            from: day_of(o.at),
                            to: Some(day_of(e.at)),
                        };
                        stops.push((stop, vec![o.index, e.index]));
                    }
                }
            }
            if let Some(o) = open {
                let stop = Stop {
                    from: day_of(o.at),
                    to: None,
                };
                stops.push((stop, vec![o.index]));
            }
        }
        stops.sort_by_key(|(stop, _)| stop.from);
        stops.into_iter().unzip()
    }

    /// Counting rule 7: the first approved extension after the trigger, and whether it counts
    /// (its approval and a timely notice carrying what it must state); with the new deadline
    /// when it does.
    fn extension(
        &self,
        ext: &ExtensionSpec,
        trigger: &'c Event<'c>,
        until: Moment,
        original: &Deadline,
        detail: &mut Vec<Message>,
    ) -> Option<(Option<Deadline>, ExtensionReport)> {
        let approval = self.events_until(trigger, until).find(|e| e.is(&ext.approval))?;
        let notice = self.events_until(approval, until).find(|e| e.is(&ext.notice));
        let new_last = match approval.field(&ext.until_field).as_deref() {
            Some(Value::Date(day)) => Some(*day),
            _ => None,
        };
        let mut faults = Vec::new();
        if approval.at > original.due {
            faults.push(Message::new("extension-approved-late").arg("at", approval.at));
        }
        if new_last.is_none() {
            faults.push(Message::new("extension-no-until").arg("field", &ext.until_field));
        }
        match notice {
            None => faults.push(Message::new("extension-no-notice").arg("event", &ext.notice)),
            Some(n) => {
                if n.at > original.due {
                    faults.push(
                        Message::new("extension-notice-late")
                            .arg("event", &*n.name)
                            .arg("at", n.at),
                    );
                } else if let Some(lead) = ext.lead {
                    if !self.clock.leaves_lead(day_of(n.at), original, lead) {
                        let last_day = original.last_day.unwrap_or_else(|| day_of(original.due));
                        faults.push(
                            Message::new("extension-notice-short")
                                .arg("event", &*n.name)
                                .arg("day", Arg::Day(day_of(n.at)))
                                .arg("amount", lead.amount)
                                .arg("unit", lead.unit)
                                .arg("last_day", Arg::Day(last_day)),
                        );
                    }
                }
                faults.extend(content_faults(n, &ext.notice_fields, &[]));
            }
        }
        let mut ext_events = vec![approval.index];
        ext_events.extend(notice.map(|n| n.index));
        let counted = faults.is_empty();
        let mut extended = None;
        if let (true, Some(day)) = (counted, new_last) {
            extended = Some(Deadline {
                due: self.clock.end_of(day),
                last_day: Some(day),
                excluded: original.excluded.clone(),
            });
            detail.push(
                Message::new("extension-counted")
                    .arg("until", Arg::Day(day))
                    .arg("event", &*approval.name),
            );
        } else {
            detail.push(Message::new("extension-not-counted"));
            detail.extend(faults.iter().cloned());
        }
        let report = ExtensionReport {
            approved_at: format_moment(approval.at),
            until: new_last.map(format_day),
            noticed_at: notice.map(|n| format_moment(n.at)),
            counted,
            reason: if counted {
                vec![Message::new("extension-approved").arg("approver", &ext.approver)]
            } else {
                faults
            },
            events: ext_events,
        };
        Some((extended, report))
    }

    fn calendar_days_used(&self, start_day: i32, until_day: i32, working: bool) -> i64 {
        if working {
            self.clock.calendar.working_days_between(start_day, until_day)
        } else {
            i64::from((until_day - start_day).max(0))
        }
    }

    fn check(&mut self, rule: &'p Rule, spec: &CheckRule) {
        // What every checked event must state, the same for each.
        let code = match (spec.fields.is_empty(), spec.forms.is_empty()) {
            (true, true) => "duty-record",
            (false, true) => "duty-record-stating",
            (true, false) => "duty-record-in-form",
            (false, false) => "duty-record-stating-in-form",
        };
        let case = self.case;
        let targets = case
            .events
            .iter()
            .filter(|e| spec.events.iter().any(|name| e.is(name)) && passes(e, spec.filter.as_ref()));
        for event in targets {
            let faults = content_faults(event, &spec.fields, &spec.forms);
            let mut duty = Message::new(code).arg("event", &*event.name);
            if !spec.fields.is_empty() {
                duty = duty.arg("fields", Arg::Names(spec.fields.clone()));
            }
            if !spec.forms.is_empty() {
                duty = duty.arg("forms", Arg::Forms(spec.forms.clone()));
            }
            let status = if faults.is_empty() {
                Status::Met
            } else {
                Status::Breached
            };
            if status == Status::Breached {
                self.breach(
                    rule,
                    faults.clone(),
                    event.at,
                    person_of(&event.by),
                    vec![event.index],
                    None,
                );
            }
            let at = format_moment(event.at);
            self.obligations.push(Obligation {
                duty,
                person: person_of(&event.by),
                met_at: (status == Status::Met).then(|| at.clone()),
                due: Some(at),
                last_day: None,
                forms: spec.forms.clone(),
                status,
                warning: None,
                next_change: None,
                detail: faults,
                events: vec![event.index],
                ..obligation_of(rule)
            });
        }
    }

    fn forbid(&mut self, rule: &'p Rule, spec: &ForbidRule) {
        let since = match &spec.once {
            Some(first) => match self.case.events.iter().find(|e| e.is(first)) {
                Some(e) => Some(e),
                None => return,
            },
            None => None,
        };
        let case = self.case;
        let hits = case
            .events
            .iter()
            .filter(|e| e.is(&spec.event) && passes(e, spec.filter.as_ref()))
            .filter(|e| since.is_none_or(|s| e.index > s.index));
        for event in hits {
            let mut what = vec![Message::new("forbid-event")
                .arg("event", &*event.name)
                .arg("at", event.at)];
            what.extend(filter_finding(event, spec.filter.as_ref()));
            if let Some(first) = since {
                what.push(
                    Message::new("forbid-after")
                        .arg("event", &*first.name)
                        .arg("at", first.at),
                );
            }
            self.breach(rule, what, event.at, person_of(&event.by), vec![event.index], None);
        }
    }

    fn notice_outcome(&self, spec: &NoticeRule) -> Option<NoticeOutcome<'p, 'c>> {
        let matter = self.matter_of(&spec.matter_fact)?;
        let receipt = self.case.events.iter().find(|e| e.is(&spec.received_event))?;
        let received = receipt.list(&spec.received_field);
        let missing: Vec<&'p str> = matter
            .materials
            .iter()
            .map(String::as_str)
            .filter(|m| !received.iter().any(|r| r == m))
            .collect();
        if missing.is_empty() {
            return None;
        }
        let due = match &spec.limit {
            LimitSpec::Fixed(limit) => match self.clock.count(receipt.at, *limit, &[]) {
                Count::Ends(d) => d.due,
                Count::Suspended { .. } => self.clock.end_of_visit(receipt.at),
            },
            _ => self.clock.end_of_visit(receipt.at),
        };
        let first = self.events_after(receipt).find(|e| e.is(&spec.notice_event));
        let listed = first.map_or(&[][..], |n| n.list(&spec.notice_field));
        let omitted: Vec<&'p str> = missing
            .iter()
            .copied()
            .filter(|m| !listed.iter().any(|l| l == m))
            .collect();
        let wrong_form = first.and_then(|n| form_fault(n, &spec.forms));
        let late = first.is_some_and(|n| n.at > due);
        let met = first.is_some() && omitted.is_empty() && wrong_form.is_none() && !late;
        Some(NoticeOutcome {
            receipt,
            missing,
            first,
            omitted,
            wrong_form,
            due,
            late,
            met,
        })
    }

    fn notice(&mut self, rule: &'p Rule, spec: &NoticeRule, outcome: NoticeOutcome<'p, 'c>) {
        let mut events = vec![outcome.receipt.index];
        let person = outcome
            .first
            .and_then(|n| person_of(&n.by))
            .or_else(|| person_of(&outcome.receipt.by));
        let missing: Vec<String> = outcome.missing.iter().map(|m| m.to_string()).collect();
        let duty = Message::new("duty-notice-all")
            .arg("event", &spec.notice_event)
            .arg("materials", Arg::Names(missing.clone()));
        let mut detail = vec![Message::new("notice-missing")
            .arg("event", &*outcome.receipt.name)
            .arg("materials", Arg::Names(missing))];
        let (status, warning, next_change, met_at) = match outcome.first {
            Some(first) => {
                events.push(first.index);
                let mut faults = Vec::new();
                if !outcome.omitted.is_empty() {
                    let omitted = outcome.omitted.iter().map(|m| m.to_string()).collect();
                    faults.push(Message::new("notice-omitted").arg("materials", Arg::Names(omitted)));
                }
                faults.extend(outcome.wrong_form);
                if outcome.late {
                    faults.push(Message::new("notice-late").arg("at", first.at).arg("due", outcome.due));
                }
                if faults.is_empty() {
                    (Status::Met, None, None, Some(first.at))
                } else {
                    self.breach(rule, faults.clone(), first.at, person.clone(), events.clone(), None);
                    detail.extend(faults);
                    (Status::Breached, None, None, Some(first.at))
                }
            }
            None => {
                let open = self.open_status(Some(outcome.due), None);
                if open.0 == Status::Breached {
                    let what = vec![Message::new("notice-none")
                        .arg("event", &spec.notice_event)
                        .arg("due", outcome.due)];
                    self.breach(rule, what, outcome.due, person.clone(), events.clone(), None);
                }
                (open.0, open.1, open.2, None)
            }
        };
        // A later notice asking again for an item that was already missing at the first one
        // breaks the "one time" of 一次性告知.
        if let Some(first) = outcome.first {
            let later: Vec<&'c Event<'c>> = self.events_after(first).filter(|e| e.is(&spec.notice_event)).collect();
            for again in later {
                let repeated: Vec<String> = again
                    .list(&spec.notice_field)
                    .iter()
                    .filter(|m| outcome.missing.iter().any(|x| x == m))
                    .map(|m| m.to_string())
                    .collect();
                if !repeated.is_empty() {
                    let what = vec![Message::new("notice-repeated")
                        .arg("at", again.at)
                        .arg("materials", Arg::Names(repeated))];
                    self.breach(
                        rule,
                        what,
                        again.at,
                        person_of(&again.by),
                        vec![outcome.receipt.index, first.index, again.index],
                        None,
                    );
                }
            }
        }
        self.obligations.push(Obligation {
            duty,
            person,
            due: Some(format_moment(outcome.due)),
            last_day: None,
            forms: spec.forms.clone(),
            status,
            warning,
            next_change: next_change.map(format_moment),
            met_at: met_at.map(format_moment),
            detail,
            events,
            ..obligation_of(rule)
        });
    }

    /// Chooses each breach's rung, now that repetition within the run is known.
    fn penalise(&mut self) -> Vec<Violation<'p>> {
        let mut repeats: BTreeMap<String, u32> = BTreeMap::new();
        let breaches = std::mem::take(&mut self.breaches);
        let mut out = Vec::with_capacity(breaches.len());
        for breach in breaches {
            let mut violation = breach.violation;
            if let Some(ladder) = breach.ladder.as_ref().and_then(|id| self.policy.ladder(id)) {
                let count = repeats.entry(ladder.id.clone()).or_insert(0);
                *count += 1;
                let clock = self.clock;
                let lateness = breach.lateness.clone();
                let overdue = move |unit: Unit| lateness.as_ref().map(|(d, at)| clock.overdue(d, *at, unit));
                violation.penalty = Some(select_rung(
                    ladder,
                    &Circumstances {
                        case: self.case,
                        overdue: &overdue,
                        repeats: *count,
                    },
                ));
            }
            out.push(violation);
        }
        out
    }
}
