//! `hall diff OLD NEW --cases DIR`: the semantic diff of two versions of a policy over a corpus
//! of cases — which cases change obligations, violations, due dates or penalty rungs, grouped by
//! rule and article. Exit 1 when anything changed, so a review gate can stop a change.

use std::collections::BTreeMap;
use std::path::Path;

use hallpolicy_runtime::calendar::time::{describe_moment, parse_moment};
use hallpolicy_runtime::report::diff::{compare, Change};
use hallpolicy_runtime::Evaluator;
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
pub fn run(old_path: &Path, new_path: &Path, cases: &Path, format: Format) -> CommandResult {
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
        let outcome = match (old.evaluate_json(&text, None), new.evaluate_json(&text, None)) {
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
        Format::Text => print!("{}", render(&outcomes, changed)),
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

/// A value as people read it: moments as `2026-06-08 24:00`.
fn shown(value: &Option<String>) -> String {
    match value {
        None => "(none)".to_string(),
        Some(v) => parse_moment(v).map_or_else(|_| v.clone(), describe_moment),
    }
}

fn render(outcomes: &[(String, Outcome)], changed: usize) -> String {
    let mut out = format!("{changed} of {} cases change\n", outcomes.len());
    for ((rule, article), changes) in by_rule(outcomes) {
        out.push_str(&format!("\n{rule} ({article}):\n"));
        for (case, c) in changes {
            out.push_str(&format!(
                "  {case}: {}: {} → {}\n",
                c.what,
                shown(&c.old),
                shown(&c.new)
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
        out.push_str("\nCases refused by one version:\n");
        for (case, a, b) in refused {
            out.push_str(&format!(
                "  {case}: old {} · new {}\n",
                a.as_deref().unwrap_or("evaluates"),
                b.as_deref().unwrap_or("evaluates")
            ));
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
