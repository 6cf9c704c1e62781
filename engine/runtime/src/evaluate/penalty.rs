//! Penalty ladders: which rung a violation's facts select, and on what basis. Where the text
//! ties no rung to the facts at hand, the range is reported and a person decides.

use std::borrow::Cow;

use crate::case::Case;
use crate::evaluate::output::{Citation, DecidedBy, Penalty};
use crate::ir::{Criterion, Ladder, Unit};
use crate::message::Message;

/// What is known about one violation when its rung is chosen.
pub struct Circumstances<'a> {
    pub case: &'a Case<'a>,
    /// How late the duty was, in a unit the ladder asks for; `None` when lateness is not what
    /// was breached.
    pub overdue: &'a dyn Fn(Unit) -> Option<i64>,
    /// Violations under the same ladder in this evaluation, this one included.
    pub repeats: u32,
}

/// Chooses the most severe rung whose criterion holds, or leaves the choice to a person.
pub fn select_rung<'p>(ladder: &'p Ladder, facts: &Circumstances<'_>) -> Penalty<'p> {
    let mut chosen: Option<(&'p str, Message)> = None;
    for rung in &ladder.rungs {
        let Some(criterion) = &rung.criterion else { continue };
        if let Some(basis) = criterion_holds(criterion, facts) {
            chosen = Some((&rung.name, basis));
        }
    }
    match chosen {
        Some((rung, basis)) => Penalty {
            ladder: Cow::Borrowed(&ladder.id),
            rung: Some(Cow::Borrowed(rung)),
            decided_by: DecidedBy::Criteria,
            range: Vec::new(),
            basis,
            citation: Citation::of(&ladder.citation, true),
        },
        None => Penalty {
            ladder: Cow::Borrowed(&ladder.id),
            rung: None,
            decided_by: DecidedBy::Person,
            range: ladder.rungs.iter().map(|r| Cow::Borrowed(r.name.as_str())).collect(),
            basis: Message::new(if ladder.rungs.is_empty() {
                "penalty-no-rungs"
            } else {
                "penalty-no-criterion"
            }),
            citation: Citation::of(&ladder.citation, true),
        },
    }
}

fn criterion_holds(criterion: &Criterion, facts: &Circumstances<'_>) -> Option<Message> {
    match criterion {
        Criterion::OverdueAtLeast(limit) => {
            let late = (facts.overdue)(limit.unit)?;
            (late >= i64::from(limit.amount)).then(|| {
                Message::new("penalty-overdue")
                    .arg("late", late)
                    .arg("unit", limit.unit)
                    .arg("amount", limit.amount)
                    .arg("bound_unit", limit.unit)
            })
        }
        Criterion::FactEquals { fact, value } => {
            let actual = facts.case.facts.get(fact.as_str())?.as_text();
            (&actual == value).then(|| Message::new("penalty-fact").arg("fact", fact).arg("value", value))
        }
        Criterion::Repeated { count } => (facts.repeats >= *count).then(|| {
            Message::new("penalty-repeated")
                .arg("count", facts.repeats)
                .arg("at_least", *count)
        }),
    }
}
