//! The readable text form of an evaluation, for people at a terminal. The JSON form (serde)
//! is the stable one; this one may change wording between versions.

use std::fmt::Write;

use crate::evaluate::output::{Citation, DecidedBy, Evaluation, Status};

fn cite(c: &Citation<'_>) -> String {
    format!("{} {}", c.document, c.article)
}

/// Shows an RFC 3339 moment the way the regulations count (`24:00` for midnight).
fn moment(text: &str) -> String {
    crate::calendar::time::parse_moment(text).map_or_else(|_| text.to_string(), crate::calendar::time::describe_moment)
}

/// A breach stands out in capitals; other statuses read as their JSON names.
fn status_label(status: Status) -> &'static str {
    match status {
        Status::Breached => "BREACHED",
        other => other.code(),
    }
}

/// Renders an evaluation as plain text: obligations, violations, then clocks.
pub fn render_text(eval: &Evaluation) -> String {
    let mut out = String::new();
    let subject = eval.subject.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{} (policy {}) — {}{} as of {}",
        eval.hall,
        eval.policy_version,
        eval.kind,
        subject,
        moment(&eval.as_of)
    );
    if eval.provisional {
        let _ = writeln!(out, "PROVISIONAL: some dates were counted beyond the calendar table");
    }
    let _ = writeln!(out, "\nObligations ({}):", eval.obligations.len());
    for o in &eval.obligations {
        let warning = o.warning.map(|w| format!(" [{}]", w.code())).unwrap_or_default();
        let _ = writeln!(out, "  {} {}{} — {}", status_label(o.status), o.rule, warning, o.title);
        let who = o
            .person
            .as_deref()
            .map(|p| format!("{} ({p})", o.actor))
            .unwrap_or_else(|| o.actor.to_string());
        let _ = writeln!(out, "      duty: {} by {}", o.duty, who);
        if let Some(due) = &o.due {
            let _ = writeln!(out, "      due:  {}", moment(due));
        }
        if !o.forms.is_empty() {
            let forms: Vec<&str> = o.forms.iter().map(|f| f.label()).collect();
            let _ = writeln!(out, "      form: {}", forms.join(" or "));
        }
        if let Some(at) = &o.met_at {
            let _ = writeln!(out, "      done: {}", moment(at));
        }
        if let Some(next) = &o.next_change {
            let _ = writeln!(out, "      next change: {}", moment(next));
        }
        if !o.detail.is_empty() {
            let _ = writeln!(out, "      why:  {}", o.detail);
        }
        let _ = writeln!(out, "      cites {}", cite(&o.citation));
    }
    let _ = writeln!(out, "\nViolations ({}):", eval.violations.len());
    for v in &eval.violations {
        let _ = writeln!(out, "  {} (at {})", v.what, moment(&v.at));
        let who = v
            .person
            .as_deref()
            .map(|p| format!("{} ({p})", v.actor))
            .unwrap_or_else(|| v.actor.to_string());
        let _ = writeln!(out, "      by {who}; cites {}", cite(&v.citation));
        if let Some(p) = &v.penalty {
            match (p.decided_by, &p.rung) {
                (DecidedBy::Criteria, Some(rung)) => {
                    let _ = writeln!(out, "      penalty: {rung} ({}; {})", p.basis, cite(&p.citation));
                }
                _ if p.range.is_empty() => {
                    let _ = writeln!(
                        out,
                        "      penalty: a person decides ({}; {})",
                        p.basis,
                        cite(&p.citation)
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "      penalty: a person decides among {} ({}; {})",
                        p.range.join(" / "),
                        p.basis,
                        cite(&p.citation)
                    );
                }
            }
        }
    }
    if !eval.clocks.is_empty() {
        let _ = writeln!(out, "\nClocks:");
    }
    for c in &eval.clocks {
        let _ = writeln!(
            out,
            "  {}: {} {} from {} (event {}), due {}, used {} left {} {}{}{}",
            c.rule,
            c.limit.amount,
            c.limit.unit.label(),
            c.start,
            c.start_event,
            c.due.as_deref().map_or_else(|| "— (stopped)".to_string(), moment),
            c.used,
            c.left,
            c.count_unit.label(),
            if c.suspended { " [stopped]" } else { "" },
            if c.provisional { " [provisional]" } else { "" }
        );
        for s in &c.stops {
            let _ = writeln!(
                out,
                "      stopped {} – {} ({} excluded)",
                s.from,
                s.to.as_deref().unwrap_or("…"),
                s.excluded
            );
        }
        for e in &c.extensions {
            let _ = writeln!(
                out,
                "      extension to {}: {} ({})",
                e.until.as_deref().unwrap_or("?"),
                if e.counted { "counted" } else { "not counted" },
                e.reason
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
