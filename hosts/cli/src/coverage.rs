//! `hall coverage POLICY CASES`: evaluates every case of a folder and shows, rule by rule, the
//! cases where it is met and breached. Exit 1 when a rule is not seen both ways, so CI keeps
//! every rule of every policy tested in both directions.

use std::path::Path;

use hallpolicy_runtime::report::coverage::Coverage;
use hallpolicy_runtime::{decode_case, Case, Evaluator};

use crate::command_error::{error_line, CommandResult, Outcome};
use crate::policy::{case_files, load};
use crate::Format;

/// Runs the subcommand: done when every rule is covered both ways, findings when not (or a
/// case is refused).
pub fn run(policy_path: &Path, cases: &Path, format: Format) -> CommandResult {
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
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok(case) => coverage.record(&evaluator, &name, &case, &evaluator.evaluate(&case)),
            Err(reason) => refused.push(format!("{}: {reason}", file.display())),
        }
    }
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&coverage).unwrap_or_default()),
        Format::Text => print!("{}", render(&coverage, policy_path, cases)),
    }
    for r in &refused {
        error_line(format_args!("case refused: {r}"));
    }
    Ok(if coverage.gaps().next().is_some() || !refused.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Done
    })
}

fn render(coverage: &Coverage, policy: &Path, cases: &Path) -> String {
    let mut out = format!(
        "{} against {} cases in {}\n\n",
        policy.display(),
        coverage.cases,
        cases.display()
    );
    let width = coverage.rules.iter().map(|r| columns(&r.rule)).max().unwrap_or(0);
    for r in &coverage.rules {
        let pad = " ".repeat(width - columns(&r.rule));
        let mark = if r.complete() { "ok  " } else { "GAP " };
        out.push_str(&format!(
            "{mark}{}{pad}  met in {:>2}  breached in {:>2}  — {}\n",
            r.rule,
            r.met.len(),
            r.breached.len(),
            r.title
        ));
    }
    let gaps: Vec<String> = coverage
        .gaps()
        .map(|r| {
            let missing = match (r.met.is_empty(), r.breached.is_empty()) {
                (true, true) => "met nor breached",
                (true, false) => "met",
                _ => "breached",
            };
            format!("`{}` is never {missing}", r.rule)
        })
        .collect();
    if gaps.is_empty() {
        out.push_str("\nevery rule is met in some case and breached in another\n");
    } else {
        out.push_str(&format!(
            "\n{} of {} rules not covered both ways: {}\n",
            gaps.len(),
            coverage.rules.len(),
            gaps.join("; ")
        ));
    }
    out
}

/// Terminal columns of a rule name: CJK characters take two.
fn columns(text: &str) -> usize {
    text.chars().map(|c| if u32::from(c) >= 0x1100 { 2 } else { 1 }).sum()
}
