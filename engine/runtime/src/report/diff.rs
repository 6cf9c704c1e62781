//! What a change of policy does to one case: the obligations, violations, due dates and penalty
//! rungs that differ between the evaluations of two versions. `hall diff` gathers these over a
//! corpus of cases, so a reviewer sees which real cases a rule change alters.

use serde::Serialize;

use super::words::{on, say, when};
use crate::evaluate::output::{Evaluation, Obligation, Violation};
use crate::message::{joined, phrase, Lang};

/// One difference, attributed to the rule (and article) it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub rule: String,
    pub article: String,
    /// What changed, a code: `obligation`, `status`, `due`, `last day`, `warning`, `violation`,
    /// `penalty` (worded by the `diff-what-*` catalogue entries).
    pub what: String,
    /// Before and after; `None` when the item did not exist. A status or warning is its code, a
    /// due moment RFC 3339, a last day `YYYY-MM-DD` ([`shown`] words them); an obligation,
    /// violation or penalty is a sentence in the new evaluation's language.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// An obligation's identity across versions: its rule and the event that started it.
fn obligation_key<'a>(o: &'a Obligation<'_>) -> (&'a str, Option<usize>) {
    (&o.rule, o.events.first().copied())
}

/// A violation's identity across versions: its rule and the events it rests on.
fn violation_key<'a>(v: &'a Violation<'_>) -> (&'a str, &'a [usize]) {
    (&v.rule, v.events.as_slice())
}

fn status_text(o: &Obligation) -> String {
    o.status.code().to_string()
}

fn warning_text(o: &Obligation) -> Option<String> {
    o.warning.map(|w| w.code().to_string())
}

/// A change's value as people read it in `lang`: codes, moments and days worded.
pub fn shown(what: &str, value: &str, lang: Lang) -> String {
    match what {
        "status" => phrase(lang, &format!("status-{value}"), &[]),
        "warning" => phrase(lang, &format!("warning-{value}"), &[]),
        "due" => when(lang, value),
        "last day" => on(lang, value),
        _ => value.to_string(),
    }
}

fn obligation_summary(o: &Obligation, lang: Lang) -> String {
    match &o.due {
        Some(due) => say(
            lang,
            "diff-obligation-due",
            &[
                ("status", &shown("status", &status_text(o), lang)),
                ("due", &when(lang, due)),
            ],
        ),
        None => shown("status", &status_text(o), lang),
    }
}

fn penalty_text(v: &Violation, lang: Lang) -> Option<String> {
    v.penalty.as_ref().map(|p| match &p.rung {
        Some(rung) => say(lang, "diff-penalty-rung", &[("ladder", &p.ladder), ("rung", rung)]),
        None => say(lang, "diff-penalty-person", &[("ladder", &p.ladder)]),
    })
}

/// The differences between the evaluations of one case under two versions of a policy.
pub fn compare(old: &Evaluation, new: &Evaluation) -> Vec<Change> {
    let lang = new.language();
    let mut out = Vec::new();
    let change = |rule: &str, article: &str, what: &str, old: Option<String>, new: Option<String>| Change {
        rule: rule.to_string(),
        article: article.to_string(),
        what: what.to_string(),
        old,
        new,
    };
    for o in &old.obligations {
        let article: &str = &o.citation.article;
        match new.obligations.iter().find(|n| obligation_key(n) == obligation_key(o)) {
            None => out.push(change(
                &o.rule,
                article,
                "obligation",
                Some(obligation_summary(o, lang)),
                None,
            )),
            Some(n) => {
                let article: &str = &n.citation.article;
                if n.status != o.status {
                    out.push(change(
                        &o.rule,
                        article,
                        "status",
                        Some(status_text(o)),
                        Some(status_text(n)),
                    ));
                }
                if n.due != o.due {
                    out.push(change(&o.rule, article, "due", o.due.clone(), n.due.clone()));
                }
                if n.last_day != o.last_day {
                    out.push(change(
                        &o.rule,
                        article,
                        "last day",
                        o.last_day.clone(),
                        n.last_day.clone(),
                    ));
                }
                if n.warning != o.warning {
                    out.push(change(&o.rule, article, "warning", warning_text(o), warning_text(n)));
                }
            }
        }
    }
    for n in &new.obligations {
        if !old.obligations.iter().any(|o| obligation_key(o) == obligation_key(n)) {
            out.push(change(
                &n.rule,
                &n.citation.article,
                "obligation",
                None,
                Some(obligation_summary(n, lang)),
            ));
        }
    }
    for v in &old.violations {
        match new.violations.iter().find(|n| violation_key(n) == violation_key(v)) {
            None => out.push(change(
                &v.rule,
                &v.citation.article,
                "violation",
                Some(joined(&v.what, lang)),
                None,
            )),
            Some(n) => {
                if n.what != v.what {
                    out.push(change(
                        &v.rule,
                        &n.citation.article,
                        "violation",
                        Some(joined(&v.what, lang)),
                        Some(joined(&n.what, lang)),
                    ));
                }
                if penalty_text(n, lang) != penalty_text(v, lang) {
                    out.push(change(
                        &v.rule,
                        &n.citation.article,
                        "penalty",
                        penalty_text(v, lang),
                        penalty_text(n, lang),
                    ));
                }
            }
        }
    }
    for n in &new.violations {
        if !old.violations.iter().any(|v| violation_key(v) == violation_key(n)) {
            out.push(change(
                &n.rule,
                &n.citation.article,
                "violation",
                None,
                Some(joined(&n.what, lang)),
            ));
        }
    }
    out
}
