//! `hall doc POLICY [--text SEED] -o DIR`: a static HTML rule book for one hall — each article
//! of the regulation beside the rules that encode it (or why it is left out), the rules with
//! their limits, the matters, and the penalty ladders as tables, every citation linked to its
//! article. One self-contained `index.html`, readable offline.

use std::fmt::Write;
use std::path::Path;

use hallpolicy_compiler::trace::{trace, Trace};
use hallpolicy_runtime::ir::{Citation, Criterion, LimitSpec, Policy, Rule, RuleBody};

use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::diagnostics::print_diagnostics;
use crate::policy::{read, read_source};
use crate::Format;

const STYLE: &str = "body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;\
vertical-align:top;text-align:left}th{background:#f3f3f3}.missing{color:#b00}.left-out{color:#666}\
blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid #ccc;color:#444}";

/// Runs the subcommand: the book written.
pub fn run(policy_path: &Path, text_path: Option<&Path>, out_dir: &Path, format: Format) -> CommandResult {
    let source = read_source(policy_path, format)?;
    let (file, policy) = match (
        hallpolicy_compiler::syntax::parse(&source),
        hallpolicy_compiler::compile(&source),
    ) {
        (Ok(file), Ok(policy)) => (file, policy),
        (_, Err(diagnostics)) | (Err(diagnostics), _) => {
            print_diagnostics(policy_path, &source, &diagnostics, format);
            return Err(CommandError::Policy);
        }
    };
    let text = text_path.map(read).transpose()?;
    let mut html = String::new();
    let _ = write_book(&mut html, &file, &policy, text.as_deref());
    let target = out_dir.join("index.html");
    std::fs::create_dir_all(out_dir)
        .and_then(|()| std::fs::write(&target, html))
        .map_err(CommandError::write(&target))?;
    println!("wrote {}", target.display());
    Ok(Outcome::Done)
}

/// HTML-escapes text.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The anchor of an article of a source.
fn anchor(source: &str, article: &str) -> String {
    format!("art-{}-{}", esc(source), esc(article))
}

/// A citation, linked to the first article it covers when the book shows the text.
fn cite_link(c: &Citation, traces: &[Trace]) -> String {
    let label = format!("{} {}", esc(&c.document), esc(&c.article));
    match traces
        .iter()
        .find(|t| t.source == c.source)
        .and_then(|t| t.first_covered(&c.article))
    {
        Some(article) => format!("<a href=\"#{}\">{label}</a>", anchor(&c.source, article)),
        None => label,
    }
}

/// Where an encoder of an article is described: a rule, a ladder or a repetition.
fn encoder_anchor(encoder: &str) -> String {
    match encoder.split_once(' ') {
        Some(("ladder", id)) => format!("ladder-{}", esc(id)),
        Some(("repeat", id)) => format!("repeat-{}", esc(id)),
        _ => format!("rule-{}", esc(encoder)),
    }
}

fn limit_text(spec: &LimitSpec) -> String {
    match spec {
        LimitSpec::Fixed(l) => format!("{} {}", l.amount, l.unit.label()),
        LimitSpec::SameVisit => "the same visit".to_string(),
        LimitSpec::MatterLimit { .. } => "the matter's promised limit".to_string(),
        LimitSpec::BeforeEvent { event } => format!("before {event}"),
    }
}

/// What a rule asks, in a line.
fn duty_text(rule: &Rule) -> String {
    match &rule.body {
        RuleBody::Deadline(d) => format!(
            "after {}{}: {} within {}",
            if d.each { "each " } else { "" },
            d.trigger,
            d.duties.join(" or "),
            limit_text(&d.limit)
        ),
        RuleBody::Check(c) => {
            let mut parts = Vec::new();
            if !c.fields.is_empty() {
                parts.push(format!("states {}", c.fields.join(", ")));
            }
            if !c.forms.is_empty() {
                parts.push(format!(
                    "in {} form",
                    c.forms.iter().map(|f| f.label()).collect::<Vec<_>>().join(" or ")
                ));
            }
            format!("each {}: {}", c.events.join(", "), parts.join("; "))
        }
        RuleBody::Forbid(f) => match &f.once {
            Some(first) => format!("never {} once {first}", f.event),
            None => format!("never {}", f.event),
        },
        RuleBody::Notice(n) => format!(
            "one notice ({}) listing every material missing at {}, within {}",
            n.notice_event,
            n.received_event,
            limit_text(&n.limit)
        ),
    }
}

fn criterion_text(c: &Option<Criterion>) -> String {
    match c {
        Some(Criterion::OverdueAtLeast(l)) => format!("overdue by at least {} {}", l.amount, l.unit.label()),
        Some(Criterion::FactEquals { fact, value }) => format!("{fact} is {value}"),
        Some(Criterion::Repeated { count }) => format!("repeated at least {count} times"),
        None => "a person decides".to_string(),
    }
}

fn write_book(
    out: &mut String,
    file: &hallpolicy_compiler::ast::PolicyFile,
    policy: &Policy,
    text: Option<&str>,
) -> std::fmt::Result {
    let hall = &policy.hall;
    writeln!(out, "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<title>{} — rule book</title><style>{STYLE}</style></head><body>",
        esc(&hall.name)
    )?;
    writeln!(
        out,
        "<h1>{}</h1><p>Policy version {} · {} rules · generated by <code>hall doc</code></p>",
        esc(&hall.name),
        esc(&hall.version),
        policy.rules.len()
    )?;

    let traces: Vec<Trace> = match text {
        Some(text) => file.sources.iter().map(|s| trace(file, &s.id.text, text)).collect(),
        None => Vec::new(),
    };
    for t in &traces {
        let Some(source) = file.sources.iter().find(|s| s.id.text == t.source) else {
            continue;
        };
        writeln!(
            out,
            "<h2 id=\"source-{}\">{}</h2>",
            esc(&source.id.text),
            esc(&source.title.text)
        )?;
        writeln!(out, "<table><tr><th>article</th><th>text</th><th>encoded by</th></tr>")?;
        for row in &t.rows {
            let encoded = if !row.encoded_by.is_empty() {
                row.encoded_by
                    .iter()
                    .map(|r| format!("<a href=\"#{}\">{}</a>", encoder_anchor(r), esc(r)))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else if let Some(reason) = &row.not_encoded {
                format!("<span class=\"left-out\">not encoded: {}</span>", esc(reason))
            } else {
                "<span class=\"missing\">not encoded, no reason given</span>".to_string()
            };
            writeln!(
                out,
                "<tr id=\"{}\"><td>{}</td><td>{}</td><td>{encoded}</td></tr>",
                anchor(&source.id.text, &row.article),
                esc(&row.article),
                esc(&row.text)
            )?;
        }
        writeln!(out, "</table>")?;
    }

    writeln!(
        out,
        "<h2>Rules</h2><table><tr><th>rule</th><th>kind</th><th>duty</th><th>by</th><th>article</th></tr>"
    )?;
    for rule in &policy.rules {
        writeln!(
            out,
            "<tr id=\"rule-{}\"><td><b>{}</b><br>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
            esc(&rule.id),
            esc(&rule.id),
            esc(&rule.title),
            esc(&rule.kind),
            esc(&duty_text(rule)),
            esc(&rule.actor),
            cite_link(&rule.citation, &traces),
            rule.citation
                .quote
                .as_ref()
                .map_or(String::new(), |q| format!("<blockquote>{}</blockquote>", esc(q)))
        )?;
    }
    writeln!(out, "</table>")?;

    writeln!(
        out,
        "<h2>Matters</h2><table><tr><th>matter</th><th>limit</th><th>materials</th></tr>"
    )?;
    for m in &policy.matters {
        let limit = m.limit.map_or("on the spot".to_string(), |l| {
            format!("{} {}", l.amount, l.unit.label())
        });
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&m.name),
            esc(&limit),
            esc(&m.materials.join("、"))
        )?;
    }
    writeln!(out, "</table>")?;

    writeln!(
        out,
        "<h2>Penalty ladders</h2><table><tr><th>ladder</th><th>rungs</th><th>article</th></tr>"
    )?;
    for l in &policy.ladders {
        let rungs = if l.rungs.is_empty() {
            "a person decides under the rules the text refers to".to_string()
        } else {
            l.rungs
                .iter()
                .map(|r| format!("{} ({})", esc(&r.name), esc(&criterion_text(&r.criterion))))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        writeln!(
            out,
            "<tr id=\"ladder-{}\"><td>{}</td><td>{rungs}</td><td>{}</td></tr>",
            esc(&l.id),
            esc(&l.id),
            cite_link(&l.citation, &traces)
        )?;
    }
    writeln!(out, "</table>")?;
    if !policy.repeats.is_empty() {
        writeln!(
            out,
            "<h2>Repetition across cases</h2><table><tr><th>rule</th><th>counts</th><th>then</th><th>article</th></tr>"
        )?;
        for r in &policy.repeats {
            writeln!(
                out,
                "<tr id=\"repeat-{}\"><td>{}</td><td>at least {} cases with {}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.id),
                esc(&r.title),
                r.at_least,
                esc(&r.event),
                esc(&r.consequence),
                cite_link(&r.citation, &traces)
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</body></html>")
}
