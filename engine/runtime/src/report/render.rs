//! The readable text form of an evaluation, for people at a terminal, in the evaluation's
//! language (Chinese unless English was asked for), every word from the catalogues. The JSON
//! form is the stable one; this one may change wording between versions.

use std::fmt::Write;

use crate::evaluate::output::{Citation, DecidedBy, Evaluation, Status, Warning};
use crate::message::{form, join, joined, phrase, Lang};
use crate::report::words::{amount, on, say, when};

fn cite(c: &Citation<'_>) -> String {
    format!("{} {}", c.document, c.article)
}

/// The words for a status (已违反, breached).
pub fn status_words(lang: Lang, status: Status) -> String {
    phrase(lang, &format!("status-{}", status.code()), &[])
}

/// The words for a warning light (红灯, red).
pub fn warning_words(lang: Lang, warning: Warning) -> String {
    phrase(lang, &format!("warning-{}", warning.code()), &[])
}

fn who(lang: Lang, actor: &str, person: Option<&str>) -> String {
    match person {
        Some(p) => say(lang, "text-actor-person", &[("actor", actor), ("person", p)]),
        None => actor.to_string(),
    }
}

/// Renders an evaluation as plain text in its language: obligations, violations, then clocks.
pub fn render_text(eval: &Evaluation) -> String {
    let lang = eval.language();
    let mut out = String::new();
    let subject = eval.subject.as_deref().unwrap_or_default();
    let heading = say(
        lang,
        "text-heading",
        &[
            ("hall", &eval.hall),
            ("version", &eval.policy_version),
            ("kind", &eval.kind),
            ("subject", subject),
            ("as_of", &when(lang, &eval.as_of)),
        ],
    );
    let _ = writeln!(out, "{}", heading.trim_end());
    if eval.provisional {
        let _ = writeln!(out, "{}", say(lang, "text-provisional", &[]));
    }
    let count = eval.obligations.len().to_string();
    let _ = writeln!(out, "\n{}", say(lang, "text-obligations", &[("count", &count)]));
    for o in &eval.obligations {
        let warning = o
            .warning
            .map(|w| format!(" [{}]", warning_words(lang, w)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}{} — {}",
            status_words(lang, o.status),
            o.rule,
            warning,
            o.title
        );
        let who = who(lang, &o.actor, o.person.as_deref());
        let _ = writeln!(
            out,
            "      {}",
            say(lang, "text-duty", &[("duty", &o.duty.text), ("who", &who)])
        );
        if let Some(due) = &o.due {
            let _ = writeln!(out, "      {}", say(lang, "text-due", &[("due", &when(lang, due))]));
        }
        if !o.forms.is_empty() {
            let forms = join(lang, "list-or", o.forms.iter().map(|f| form(lang, *f)));
            let _ = writeln!(out, "      {}", say(lang, "text-forms", &[("forms", &forms)]));
        }
        if let Some(at) = &o.met_at {
            let _ = writeln!(out, "      {}", say(lang, "text-done", &[("at", &when(lang, at))]));
        }
        if let Some(next) = &o.next_change {
            let _ = writeln!(
                out,
                "      {}",
                say(lang, "text-next-change", &[("at", &when(lang, next))])
            );
        }
        if !o.detail.is_empty() {
            let why = joined(&o.detail, lang);
            let _ = writeln!(out, "      {}", say(lang, "text-why", &[("why", &why)]));
        }
        let _ = writeln!(
            out,
            "      {}",
            say(lang, "text-cites", &[("citation", &cite(&o.citation))])
        );
    }
    let count = eval.violations.len().to_string();
    let _ = writeln!(out, "\n{}", say(lang, "text-violations", &[("count", &count)]));
    for v in &eval.violations {
        let what = joined(&v.what, lang);
        let at = when(lang, &v.at);
        let _ = writeln!(
            out,
            "  {}",
            say(
                lang,
                "text-violation",
                &[("title", &v.title), ("what", &what), ("at", &at)]
            )
        );
        let who = who(lang, &v.actor, v.person.as_deref());
        let citation = cite(&v.citation);
        let _ = writeln!(
            out,
            "      {}",
            say(lang, "text-violation-by", &[("who", &who), ("citation", &citation)])
        );
        if let Some(p) = &v.penalty {
            let citation = cite(&p.citation);
            let basis = p.basis.text.as_str();
            let line = match (p.decided_by, &p.rung) {
                (DecidedBy::Criteria, Some(rung)) => say(
                    lang,
                    "text-penalty-rung",
                    &[("rung", rung), ("basis", basis), ("citation", &citation)],
                ),
                _ if p.range.is_empty() => say(
                    lang,
                    "text-penalty-person",
                    &[("basis", basis), ("citation", &citation)],
                ),
                _ => {
                    let range = p.range.join(" / ");
                    say(
                        lang,
                        "text-penalty-range",
                        &[("range", &range), ("basis", basis), ("citation", &citation)],
                    )
                }
            };
            let _ = writeln!(out, "      {line}");
        }
    }
    if !eval.clocks.is_empty() {
        let _ = writeln!(out, "\n{}", say(lang, "text-clocks", &[]));
    }
    for c in &eval.clocks {
        let limit = amount(lang, i64::from(c.limit.amount), c.limit.unit);
        let counted = |n: i64| amount(lang, n, c.count_unit);
        let due = match &c.due {
            Some(due) => say(lang, "text-clock-due", &[("due", &when(lang, due))]),
            None => say(lang, "text-clock-no-due", &[]),
        };
        let left = if c.left < 0 {
            say(lang, "text-clock-overdue", &[("amount", &counted(-c.left))])
        } else {
            say(lang, "text-clock-left", &[("amount", &counted(c.left))])
        };
        let event = (c.start_event + 1).to_string();
        let mut line = say(
            lang,
            "text-clock",
            &[
                ("rule", &c.rule),
                ("limit", &limit),
                ("start", &on(lang, &c.start)),
                ("event", &event),
                ("due", &due),
                ("used", &counted(c.used)),
                ("left", &left),
            ],
        );
        if c.suspended {
            line.push_str(&say(lang, "text-clock-stopped", &[]));
        }
        if c.provisional {
            line.push_str(&say(lang, "text-clock-provisional", &[]));
        }
        let _ = writeln!(out, "  {line}");
        for s in &c.stops {
            let to =
                s.to.as_deref()
                    .map_or_else(|| say(lang, "text-stop-open", &[]), |t| on(lang, t));
            let _ = writeln!(
                out,
                "      {}",
                say(
                    lang,
                    "text-stop",
                    &[
                        ("from", &on(lang, &s.from)),
                        ("to", &to),
                        ("excluded", &counted(s.excluded))
                    ]
                )
            );
        }
        for e in &c.extensions {
            let until = e.until.as_deref().map_or_else(|| "?".to_string(), |u| on(lang, u));
            let verdict = say(
                lang,
                if e.counted {
                    "text-extension-counted"
                } else {
                    "text-extension-not-counted"
                },
                &[],
            );
            let reason = joined(&e.reason, lang);
            let _ = writeln!(
                out,
                "      {}",
                say(
                    lang,
                    "text-extension",
                    &[("until", &until), ("verdict", &verdict), ("reason", &reason)]
                )
            );
        }
    }
    out
}

/// The snapshot of one evaluated case, as `hall test` and the fixture tests keep it: the
/// readable text, then the stable JSON; or the case error.
pub fn case_snapshot(result: Result<&Evaluation, &crate::case::CaseError>) -> String {
    match result {
        Ok(evaluation) => format!(
            "{}\n---- json ----\n{}",
            render_text(evaluation),
            serde_json::to_string_pretty(evaluation).unwrap_or_default()
        ),
        Err(error) => format!(
            "case error\n{}",
            serde_json::to_string_pretty(error).unwrap_or_default()
        ),
    }
}
