//! `hall review POLICY DIR`: evaluates a folder of cases together — each case as `hall eval`
//! does, then what repetition across them triggers (一年内投诉二次以上…), which no single case
//! can show. Exit 1 when a case is refused.

use std::path::Path;

use hallpolicy_runtime::evaluate::output::Status;
use hallpolicy_runtime::evaluate::repetition::{repetitions, RepetitionReport};
use hallpolicy_runtime::{decode_case, Case, Evaluator};
use serde_json::json;

use crate::command_error::{CommandResult, Outcome};
use crate::policy::{case_files, load};
use crate::Format;

/// Runs the subcommand: done when every case was evaluated, findings when one was refused.
pub fn run(policy_path: &Path, dir: &Path, format: Format) -> CommandResult {
    let policy = load(policy_path, format)?;
    let files = case_files(dir)?;
    let evaluator = Evaluator::new(policy);
    let mut decoded = Vec::new();
    let mut results = Vec::new();
    let mut refused = false;
    for file in &files {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let case = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                decode_case(evaluator.policy(), &text, None)
                    .map(Case::into_owned)
                    .map_err(|e| e.to_string())
            });
        match case {
            Ok(case) => {
                results.push((name.clone(), Ok(evaluator.evaluate(&case))));
                decoded.push((name, case));
            }
            Err(reason) => {
                refused = true;
                results.push((name, Err(reason)));
            }
        }
    }
    let named: Vec<(String, &hallpolicy_runtime::Case)> = decoded.iter().map(|(n, c)| (n.clone(), c)).collect();
    let repeated = repetitions(evaluator.policy(), &named);
    match format {
        Format::Json => {
            let cases: Vec<_> = results
                .iter()
                .map(|(name, r)| match r {
                    Ok(e) => json!({ "case": name, "evaluation": e }),
                    Err(reason) => json!({ "case": name, "error": reason }),
                })
                .collect();
            let out = json!({ "cases": cases, "repetitions": repeated });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => print!("{}", render(&results, &repeated)),
    }
    Ok(if refused { Outcome::Findings } else { Outcome::Done })
}

type CaseResult<'p> = (String, Result<hallpolicy_runtime::Evaluation<'p>, String>);

fn render(results: &[CaseResult<'_>], repeated: &[RepetitionReport]) -> String {
    let mut out = format!("{} cases\n", results.len());
    for (name, result) in results {
        match result {
            Ok(e) => {
                let breached = e.obligations.iter().filter(|o| o.status == Status::Breached).count();
                out.push_str(&format!(
                    "  {name}: {} obligations ({breached} breached), {} violations\n",
                    e.obligations.len(),
                    e.violations.len()
                ));
            }
            Err(reason) => out.push_str(&format!("  {name}: refused: {reason}\n")),
        }
    }
    out.push_str(&format!("\nRepetitions ({}):\n", repeated.len()));
    for r in repeated {
        out.push_str(&format!(
            "  {}: `{}` {} cases in {} ({}) → {}\n      cites {} {}\n",
            r.title,
            r.group,
            r.count,
            r.window,
            r.cases.join(", "),
            r.consequence,
            r.citation.document,
            r.citation.article
        ));
    }
    out
}
