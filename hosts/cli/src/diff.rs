//! `hall diff OLD NEW --cases DIR`: the semantic diff of two versions of a policy over a corpus
//! of cases — which cases change obligations, violations, due dates or penalty rungs, grouped by
//! rule and article. Exit 1 when anything changed, so a review gate can stop a change.

use std::collections::BTreeMap;
use std::path::Path;

use hallpolicy_runtime::message::say;
use hallpolicy_runtime::report::diff::{compare, shown as worded, Change};
use hallpolicy_runtime::{Evaluator, Lang};
use serde_json::json;

use crate::command_error::{CommandResult, Outcome as Ending};
use crate::policy::{case_files, load};
use crate::Format;

/// One case's outcome under both versions.
enum Outcome {
    Same,
    Changed(Vec<Change>),
    /// Refused by one version or both: the reasons, old then new.
    Refused(Option<String>, Option<String>),
}

/// Runs the subcommand: done when no case changes, findings when some do.
pub fn run(old_path: &Path, new_path: &Path, cases: &Path, format: Format, lang: Lang) -> CommandResult {
    // One at a time, so JSON output stays one document.
    let old = load(old_path, format)?;
    let new = load(new_path, format)?;
    let files = case_files(cases)?;
    let (old, new) = (Evaluator::new(old), Evaluator::new(new));
    let mut outcomes = Vec::new();
    for file in &files {
        let name = file
            .strip_prefix(cases)
            .unwrap_or(file)
            .with_extension("")
            .display()
            .to_string();
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let outcome = match (
            old.evaluate_json_in(&text, None, lang),
            new.evaluate_json_in(&text, None, lang),
        ) {
            (Ok(a), Ok(b)) => {
                let changes = compare(&a, &b);
                if changes.is_empty() {
                    Outcome::Same
                } else {
                    Outcome::Changed(changes)
                }
            }
            (Err(a), Err(b)) if a == b => Outcome::Same,
            (a, b) => Outcome::Refused(a.err().map(|e| e.to_string()), b.err().map(|e| e.to_string())),
        };
        outcomes.push((name, outcome));
    }
    let changed = outcomes.iter().filter(|(_, o)| !matches!(o, Outcome::Same)).count();
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&as_json(&outcomes, changed)).unwrap_or_default()
        ),
        Format::Text => print!("{}", render(&outcomes, changed, lang)),
    }
    Ok(if changed == 0 { Ending::Done } else { Ending::Findings })
}

/// Changes grouped by rule and article, each with its cases.
fn by_rule(outcomes: &[(String, Outcome)]) -> BTreeMap<(String, String), Vec<(&str, &Change)>> {
    let mut groups: BTreeMap<(String, String), Vec<(&str, &Change)>> = BTreeMap::new();
    for (case, outcome) in outcomes {
        if let Outcome::Changed(changes) = outcome {
            for c in changes {
                groups
                    .entry((c.rule.clone(), c.article.clone()))
                    .or_default()
                    .push((case.as_str(), c));
            }
        }
    }
    groups
}

/// A change's value in `lang`'s words, or that there was none.
fn shown(what: &str, value: &Option<String>, lang: Lang) -> String {
    value
        .as_deref()
        .map_or_else(|| say(lang, "diff-none", &[]), |v| worded(what, v, lang))
}

fn render(outcomes: &[(String, Outcome)], changed: usize, lang: Lang) -> String {
    let counts = [changed.to_string(), outcomes.len().to_string()];
    let mut out = say(lang, "diff-summary", &[("changed", &counts[0]), ("cases", &counts[1])]);
    out.push('\n');
    let (open, close) = if lang == Lang::En { (" (", ")") } else { ("（", "）") };
    let colon = if lang == Lang::En { ": " } else { "：" };
    for ((rule, article), changes) in by_rule(outcomes) {
        out.push_str(&format!("\n{rule}{open}{article}{close}{}\n", colon.trim_end()));
        for (case, c) in changes {
            let what = say(lang, &format!("diff-what-{}", c.what.replace(' ', "-")), &[]);
            out.push_str(&format!(
                "  {case}{colon}{what}{colon}{} → {}\n",
                shown(&c.what, &c.old, lang),
                shown(&c.what, &c.new, lang)
            ));
        }
    }
    let refused: Vec<_> = outcomes
        .iter()
        .filter_map(|(case, o)| match o {
            Outcome::Refused(a, b) => Some((case, a, b)),
            _ => None,
        })
        .collect();
    if !refused.is_empty() {
        out.push('\n');
        out.push_str(&say(lang, "diff-refused-heading", &[]));
        out.push('\n');
        let evaluates = say(lang, "diff-evaluates", &[]);
        for (case, a, b) in refused {
            let line = say(
                lang,
                "diff-refused",
                &[
                    ("case", case),
                    ("old", a.as_deref().unwrap_or(&evaluates)),
                    ("new", b.as_deref().unwrap_or(&evaluates)),
                ],
            );
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

fn as_json(outcomes: &[(String, Outcome)], changed: usize) -> serde_json::Value {
    let rules: Vec<_> = by_rule(outcomes)
        .into_iter()
        .map(|((rule, article), changes)| {
            let cases: Vec<_> = changes
                .iter()
                .map(|(case, c)| json!({ "case": case, "what": c.what, "old": c.old, "new": c.new }))
                .collect();
            json!({ "rule": rule, "article": article, "changes": cases })
        })
        .collect();
    let refused: Vec<_> = outcomes
        .iter()
        .filter_map(|(case, o)| match o {
            Outcome::Refused(a, b) => Some(json!({ "case": case, "old": a, "new": b })),
            _ => None,
        })
        .collect();
    json!({ "cases": outcomes.len(), "changed": changed, "rules": rules, "refused": refused })
}
