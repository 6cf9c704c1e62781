//! `hall eval POLICY CASE`: evaluate a case natively and print the evaluation.

use std::path::Path;
use std::process::ExitCode;

use hallpolicy_runtime::{render_text, Evaluator};

use crate::policy::{load, read};
use crate::Format;

/// Runs the subcommand; exit 0 with an evaluation, 1 for a bad case, 2 for a bad policy.
pub fn run(policy_path: &Path, case_path: &Path, as_of: Option<&str>, format: Format) -> ExitCode {
    let Ok(policy) = load(policy_path, format) else {
        return ExitCode::from(2);
    };
    let Ok(case_json) = read(case_path) else {
        return ExitCode::from(1);
    };
    let evaluator = Evaluator::new(policy);
    match evaluator.evaluate_json(&case_json, as_of) {
        Ok(evaluation) => {
            match format {
                Format::Text => print!("{}", render_text(&evaluation)),
                Format::Json => println!("{}", serde_json::to_string_pretty(&evaluation).unwrap_or_default()),
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            match format {
                Format::Text => eprintln!("error: {}: {error}", case_path.display()),
                Format::Json => println!("{}", serde_json::json!({ "error": error })),
            }
            ExitCode::from(1)
        }
    }
}
