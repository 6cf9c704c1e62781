//! `hall explain POLICY CASE`: for each obligation and violation, how it was derived — the
//! events used, the counting rule applied, the days skipped and why, whether an extension
//! counted — and for each breach the smallest change to the case that would have avoided it.

use std::path::Path;

use hallpolicy_runtime::report::explain::{explain, Explained};
use hallpolicy_runtime::{decode_case, Evaluator};

use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::policy::{load, read_case};
use crate::Format;

/// Runs the subcommand: the explanation on stdout, or the case refused.
pub fn run(policy_path: &Path, case_path: &Path, as_of: Option<&str>, format: Format) -> CommandResult {
    let policy = load(policy_path, format)?;
    let bytes = read_case(case_path)?;
    let evaluator = Evaluator::new(policy);
    let refused = |error| CommandError::Case {
        path: case_path.to_path_buf(),
        error,
    };
    let text = hallpolicy_runtime::case::case_text(&bytes).map_err(refused)?;
    let case = decode_case(evaluator.policy(), text, as_of).map_err(refused)?;
    let evaluation = evaluator.evaluate(&case);
    let explained = explain(&evaluator, &case, &evaluation);
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&explained).unwrap_or_default()),
        Format::Text => print!("{}", render(&explained)),
    }
    Ok(Outcome::Done)
}

fn render(items: &[Explained]) -> String {
    let mut out = String::new();
    for e in items {
        out.push_str(&format!(
            "{} {} — {}\n  cites {}\n",
            e.status, e.rule, e.title, e.article
        ));
        for line in &e.events {
            out.push_str(&format!("  event    {line}\n"));
        }
        for line in &e.counting {
            out.push_str(&format!("  counted  {line}\n"));
        }
        for line in &e.days {
            out.push_str(&format!("  day      {line}\n"));
        }
        if let Some(fix) = &e.avoided_by {
            out.push_str(&format!("  avoided by {fix}\n"));
        }
        out.push('\n');
    }
    out
}
