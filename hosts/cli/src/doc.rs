//! `hall doc POLICY [--text SEED] -o DIR [--lang zh|en]`: a static HTML rule book for one hall —
//! each article of the regulation beside the rules that encode it (or why it is left out), the
//! rules with their whole duty, the matters, and the penalty ladders as tables, every citation
//! linked to its article. One self-contained `index.html`, readable offline, in Chinese unless
//! English is asked for.

use std::fmt::Write;
use std::path::Path;

use hallpolicy_compiler::trace::{trace, Trace};
use hallpolicy_runtime::ir::{Citation, Policy};
use hallpolicy_runtime::message::{amount, say};
use hallpolicy_runtime::Lang;

use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::diagnostics::print_diagnostics;
use crate::policy::{read, read_source};
use crate::rule_words::{criterion, duty, matter_type};
use crate::Format;

/// Fonts that draw Chinese on Windows, macOS and Linux, before the generic fallback.
pub const FONTS: &str = "\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\
\"Noto Sans SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif";

fn style() -> String {
    format!(
        "body{{font-family:{FONTS};max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.6}}\
table{{border-collapse:collapse;width:100%;margin:1rem 0}}th,td{{border:1px solid #ccc;padding:.3rem .5rem;\
vertical-align:top;text-align:left}}th{{background:#f3f3f3;white-space:nowrap}}.missing{{color:#b00}}\
.left-out{{color:#666}}.empty{{color:#666;font-style:italic}}td ul{{margin:0;padding-left:1.1rem}}\
blockquote{{margin:.3rem 0;padding-left:.8rem;border-left:3px solid #ccc;color:#444}}"
    )
}

/// Runs the subcommand: the book written.
pub fn run(policy_path: &Path, text_path: Option<&Path>, out_dir: &Path, format: Format, lang: Lang) -> CommandResult {
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
    let _ = write_book(&mut html, &file, &policy, text.as_deref(), lang);
    let target = out_dir.join("index.html");
    std::fs::create_dir_all(out_dir)
        .and_then(|()| std::fs::write(&target, html))
        .map_err(CommandError::write(&target))?;
    println!("{}", target.display());
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

/// A section's heading and table head, or the sentence that says it is empty.
fn section(out: &mut String, lang: Lang, heading: &str, columns: &[&str], empty: &str, rows: usize) -> bool {
    let _ = writeln!(out, "<h2>{}</h2>", esc(&say(lang, heading, &[])));
    if rows == 0 {
        let _ = writeln!(out, "<p class=\"empty\">{}</p>", esc(&say(lang, empty, &[])));
        return false;
    }
    let head: String = columns
        .iter()
        .map(|c| format!("<th>{}</th>", esc(&say(lang, c, &[]))))
        .collect();
    let _ = writeln!(out, "<table><tr>{head}</tr>");
    true
}

fn write_book(
    out: &mut String,
    file: &hallpolicy_compiler::ast::PolicyFile,
    policy: &Policy,
    text: Option<&str>,
    lang: Lang,
) -> std::fmt::Result {
    let hall = &policy.hall;
    let html_lang = if lang == Lang::En { "en" } else { "zh-CN" };
    writeln!(
        out,
        "<!doctype html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">"
    )?;
    let title = say(lang, "book-title", &[("hall", &hall.name)]);
    writeln!(
        out,
        "<title>{}</title><style>{}</style></head><body>",
        esc(&title),
        style()
    )?;
    let count = policy.rules.len().to_string();
    let subtitle = say(lang, "book-subtitle", &[("version", &hall.version), ("count", &count)]);
    writeln!(out, "<h1>{}</h1><p>{}</p>", esc(&title), esc(&subtitle))?;

    let traces: Vec<Trace> = match text {
        Some(text) => file.sources.iter().map(|s| trace(file, &s.id.text, text)).collect(),
        None => Vec::new(),
    };
    if text.is_none() {
        writeln!(out, "<p class=\"empty\">{}</p>", esc(&say(lang, "book-no-text", &[])))?;
    }
    for t in &traces {
        let Some(source) = file.sources.iter().find(|s| s.id.text == t.source) else {
            continue;
        };
        let heading = say(lang, "book-text-heading", &[("title", &source.title.text)]);
        writeln!(out, "<h2 id=\"source-{}\">{}</h2>", esc(&source.id.text), esc(&heading))?;
        let head: String = ["book-col-article", "book-col-text", "book-col-encoded"]
            .iter()
            .map(|c| format!("<th>{}</th>", esc(&say(lang, c, &[]))))
            .collect();
        writeln!(out, "<table><tr>{head}</tr>")?;
        for row in &t.rows {
            let encoded = if !row.encoded_by.is_empty() {
                row.encoded_by
                    .iter()
                    .map(|r| format!("<a href=\"#{}\">{}</a>", encoder_anchor(r), esc(r)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            } else if let Some(reason) = &row.not_encoded {
                let words = say(lang, "book-not-encoded", &[("reason", reason)]);
                format!("<span class=\"left-out\">{}</span>", esc(&words))
            } else {
                let words = say(lang, "book-not-encoded-silent", &[]);
                format!("<span class=\"missing\">{}</span>", esc(&words))
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

    let rule_columns = [
        "book-col-rule",
        "book-col-kind",
        "book-col-duty",
        "book-col-by",
        "book-col-article",
    ];
    if section(
        out,
        lang,
        "book-rules",
        &rule_columns,
        "book-no-rules",
        policy.rules.len(),
    ) {
        for rule in &policy.rules {
            let lines: String = duty(lang, rule)
                .iter()
                .map(|line| format!("<li>{}</li>", esc(line)))
                .collect();
            writeln!(
                out,
                "<tr id=\"rule-{}\"><td><b>{}</b><br>{}</td><td>{}</td><td><ul>{lines}</ul></td><td>{}</td><td>{}{}</td></tr>",
                esc(&rule.id),
                esc(&rule.id),
                esc(&rule.title),
                esc(&rule.kind),
                esc(&rule.actor),
                cite_link(&rule.citation, &traces),
                rule.citation
                    .quote
                    .as_ref()
                    .map_or(String::new(), |q| format!("<blockquote>{}</blockquote>", esc(q)))
            )?;
        }
        writeln!(out, "</table>")?;
    }

    let matter_columns = [
        "book-col-matter",
        "book-col-type",
        "book-col-limit",
        "book-col-materials",
    ];
    if section(
        out,
        lang,
        "book-matters",
        &matter_columns,
        "book-no-matters",
        policy.matters.len(),
    ) {
        for m in &policy.matters {
            let limit = m.limit.map_or_else(
                || say(lang, "book-on-the-spot", &[]),
                |l| amount(lang, i64::from(l.amount), l.unit),
            );
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&m.name),
                esc(&matter_type(lang, m.matter_type)),
                esc(&limit),
                esc(&m.materials.join("、"))
            )?;
        }
        writeln!(out, "</table>")?;
    }

    let ladder_columns = ["book-col-ladder", "book-col-rungs", "book-col-article"];
    if section(
        out,
        lang,
        "book-ladders",
        &ladder_columns,
        "book-no-ladders",
        policy.ladders.len(),
    ) {
        for l in &policy.ladders {
            let rungs = if l.rungs.is_empty() {
                esc(&say(lang, "book-no-rungs", &[]))
            } else {
                let (open, close) = if lang == Lang::En { (" (", ")") } else { ("（", "）") };
                l.rungs
                    .iter()
                    .map(|r| format!("{}{open}{}{close}", esc(&r.name), esc(&criterion(lang, &r.criterion))))
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
    }

    let repeat_columns = ["book-col-rule", "book-col-counts", "book-col-then", "book-col-article"];
    if section(
        out,
        lang,
        "book-repeats",
        &repeat_columns,
        "book-no-repeats",
        policy.repeats.len(),
    ) {
        for r in &policy.repeats {
            let counts = say(
                lang,
                "book-repeat-counts",
                &[("count", &r.at_least.to_string()), ("event", &format!("“{}”", r.event))],
            );
            writeln!(
                out,
                "<tr id=\"repeat-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.id),
                esc(&r.title),
                esc(&counts),
                esc(&r.consequence),
                cite_link(&r.citation, &traces)
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</body></html>")
}
