//! `hall explain POLICY CASE`: for each obligation and violation, how it was derived — the
//! events used, the counting rule applied, the days skipped and why, whether an extension
//! counted — and for each breach the smallest change to the case that would have avoided it.

use std::path::Path;
use std::process::ExitCode;

use hallpolicy_runtime::report::explain::{explain, Explained};
use hallpolicy_runtime::{decode_case, Evaluator};

use crate::policy::{load, read};
use crate::Format;

/// Runs the subcommand: 0 with the explanation, 1 for a refused case, 2 for a bad policy.
pub fn run(policy_path: &Path, case_path: &Path, as_of: Option<&str>, format: Format) -> ExitCode {
    let Some(policy) = load(policy_path, format) else {
        return ExitCode::from(2);
    };
    let Some(text) = read(case_path) else {
        return ExitCode::from(1);
    };
    let evaluator = Evaluator::new(policy);
    let case = match decode_case(evaluator.policy(), &text, as_of) {
        Ok(case) => case,
        Err(e) => {
            eprintln!("error: {}: {e}", case_path.display());
            return ExitCode::from(1);
        }
    };
    let evaluation = evaluator.evaluate(&case);
    let explained = explain(&evaluator, &case, &evaluation);
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&explained).unwrap_or_default()),
        Format::Text => print!("{}", render(&explained)),
    }
    ExitCode::SUCCESS
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
