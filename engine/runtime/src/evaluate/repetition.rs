//! Repetition across cases (一年内投诉二次以上, 科室长不能评优秀): no single case shows it, so
//! it is evaluated over a set of cases together — a night's batch, a year's complaints.

use chrono::{Datelike, Duration, Months};
use serde::{Deserialize, Serialize};

use crate::calendar::time::{day_of, format_day, Moment};
use crate::case::Case;
use crate::ir::{Citation, GroupBy, Policy, Repeat, Unit, Window};

/// A group whose cases reached a repetition's count within its window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepetitionReport {
    pub repeat: String,
    pub title: String,
    /// The fact value or person the cases share.
    pub group: String,
    /// The window: a year (`2026`), or the first and last counted day (`2026-03-02 – 2026-09-14`).
    pub window: String,
    pub count: usize,
    /// The cases counted, by name, in time order.
    pub cases: Vec<String>,
    pub consequence: String,
    pub citation: Citation,
}

/// One case that counts for a repetition.
struct Counted<'a> {
    group: String,
    at: Moment,
    case: &'a str,
}

/// Every repetition the named cases trigger, in the policy's order, then by group and time.
pub fn repetitions(policy: &Policy, cases: &[(String, &Case)]) -> Vec<RepetitionReport> {
    let mut out = Vec::new();
    for repeat in &policy.repeats {
        let mut counted: Vec<Counted<'_>> = cases
            .iter()
            .filter(|(_, c)| c.kind == repeat.kind)
            .filter_map(|(name, c)| {
                let event = c.events.iter().find(|e| e.name == repeat.event)?;
                let group = match &repeat.per {
                    GroupBy::Fact(fact) => c.facts.get(fact.as_str())?.as_text(),
                    GroupBy::Person => event.by.as_deref()?.to_owned(),
                };
                Some(Counted {
                    group,
                    at: event.at,
                    case: name,
                })
            })
            .collect();
        counted.sort_by(|a, b| (&a.group, a.at, a.case).cmp(&(&b.group, b.at, b.case)));
        for group in counted.chunk_by(|a, b| a.group == b.group) {
            match &repeat.window {
                Window::CalendarYear => {
                    for year in group.chunk_by(|a, b| a.at.year() == b.at.year()) {
                        if year.len() >= repeat.at_least as usize {
                            let label = year.first().map_or(String::new(), |c| c.at.year().to_string());
                            out.push(report(repeat, year, label));
                        }
                    }
                }
                Window::Rolling(limit) => rolling(repeat, group, limit.amount, limit.unit, &mut out),
            }
        }
    }
    out
}

/// Reports each time the count within the window reaches the threshold, then counts afresh.
fn rolling(repeat: &Repeat, group: &[Counted<'_>], amount: u32, unit: Unit, out: &mut Vec<RepetitionReport>) {
    let mut start = 0;
    for end in 0..group.len() {
        let Some(last) = group.get(end) else {
            continue;
        };
        let opens = match unit {
            Unit::Months => last.at.checked_sub_months(Months::new(amount)),
            _ => last.at.checked_sub_signed(Duration::days(i64::from(amount))),
        };
        while group
            .get(start)
            .is_some_and(|first| opens.is_some_and(|o| first.at <= o))
        {
            start += 1;
        }
        let Some(window) = group.get(start..=end) else {
            continue;
        };
        if window.len() >= repeat.at_least as usize {
            let label = match (window.first(), window.last()) {
                (Some(a), Some(b)) => format!("{} – {}", format_day(day_of(a.at)), format_day(day_of(b.at))),
                _ => String::new(),
            };
            out.push(report(repeat, window, label));
            start = end + 1;
        }
    }
}

fn report(repeat: &Repeat, counted: &[Counted<'_>], window: String) -> RepetitionReport {
    RepetitionReport {
        repeat: repeat.id.clone(),
        title: repeat.title.clone(),
        group: counted.first().map(|c| c.group.clone()).unwrap_or_default(),
        window,
        count: counted.len(),
        cases: counted.iter().map(|c| c.case.to_string()).collect(),
        consequence: repeat.consequence.clone(),
        citation: repeat.citation.clone(),
    }
}
