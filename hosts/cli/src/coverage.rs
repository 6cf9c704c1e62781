//! `hall coverage POLICY CASES`: evaluates every case of a folder and shows, rule by rule, the
//! cases where it is met and breached. Exit 1 when a rule is not seen both ways, so CI keeps
//! every rule of every policy tested in both directions.

use std::path::Path;

use hallpolicy_runtime::message::{phrase, quote, say};
use hallpolicy_runtime::report::coverage::Coverage;
use hallpolicy_runtime::{decode_case, Case, Evaluator, Lang};

use crate::command_error::{error_line, CommandResult, Outcome};
use crate::policy::{case_files, load};
use crate::Format;

/// Runs the subcommand: done when every rule is covered both ways, findings when not (or a
/// case is refused).
pub fn run(policy_path: &Path, cases: &Path, format: Format, lang: Lang) -> CommandResult {
    let policy = load(policy_path, format)?;
    let files = case_files(cases)?;
    let evaluator = Evaluator::new(policy);
    let mut coverage = Coverage::new(evaluator.policy());
    let mut refused = Vec::new();
    for file in &files {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let result = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                decode_case(evaluator.policy(), &text, None)
                    .map(Case::into_owned)
                    .map_err(|e| e.localized(lang).to_string())
            });
        match result {
            Ok(case) => coverage.record(&evaluator, &name, &case, &evaluator.evaluate(&case)),
            Err(reason) => refused.push((file.display().to_string(), reason)),
        }
    }
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&coverage).unwrap_or_default()),
        Format::Text => print!("{}", render(&coverage, policy_path, cases, lang)),
    }
    for (case, reason) in &refused {
        error_line(format_args!(
            "{}",
            say(lang, "coverage-refused", &[("case", case), ("reason", reason)])
        ));
    }
    Ok(if coverage.gaps().next().is_some() || !refused.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Done
    })
}

fn render(coverage: &Coverage, policy: &Path, cases: &Path, lang: Lang) -> String {
    let count = coverage.cases.to_string();
    let mut out = say(
        lang,
        "coverage-heading",
        &[
            ("policy", &policy.display().to_string()),
            ("count", &count),
            ("dir", &cases.display().to_string()),
        ],
    );
    out.push_str("\n\n");
    let marks = [say(lang, "coverage-ok", &[]), say(lang, "coverage-gap", &[])];
    let mark_width = marks.iter().map(|m| columns(m)).max().unwrap_or(0);
    let width = coverage.rules.iter().map(|r| columns(&r.rule)).max().unwrap_or(0);
    for r in &coverage.rules {
        let pad = " ".repeat(width - columns(&r.rule));
        let mark = &marks[usize::from(!r.complete())];
        let mark_pad = " ".repeat(mark_width - columns(mark));
        let counts = say(
            lang,
            "coverage-row",
            &[
                ("met", &format!("{:>2}", r.met.len())),
                ("breached", &format!("{:>2}", r.breached.len())),
            ],
        );
        out.push_str(&format!("{mark}{mark_pad}  {}{pad}  {counts}  — {}\n", r.rule, r.title));
    }
    let gaps: Vec<String> = coverage
        .gaps()
        .map(|r| {
            let id = match (r.met.is_empty(), r.breached.is_empty()) {
                (true, true) => "coverage-never-either",
                (true, false) => "coverage-never-met",
                _ => "coverage-never-breached",
            };
            say(lang, id, &[("rule", &quote(&r.rule))])
        })
        .collect();
    out.push('\n');
    if gaps.is_empty() {
        out.push_str(&say(lang, "coverage-complete", &[]));
    } else {
        out.push_str(&say(
            lang,
            "coverage-gaps",
            &[
                ("count", &gaps.len().to_string()),
                ("rules", &coverage.rules.len().to_string()),
                ("gaps", &gaps.join(&phrase(lang, "list-semicolon", &[]))),
            ],
        ));
    }
    out.push('\n');
    out
}

/// Terminal columns of a rule name: CJK characters take two.
fn columns(text: &str) -> usize {
    text.chars().map(|c| if u32::from(c) >= 0x1100 { 2 } else { 1 }).sum()
}
