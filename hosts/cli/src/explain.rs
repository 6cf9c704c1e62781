//! `hall explain POLICY CASE`: for each obligation and violation, how it was derived — the
//! events used, the counting rule applied, the days skipped and why, whether an extension
//! counted — and for each breach the smallest change to the case that would have avoided it.

use std::path::Path;

use hallpolicy_runtime::message::phrase;
use hallpolicy_runtime::report::explain::{explain, Explained};
use hallpolicy_runtime::{decode_case, CaseError, Evaluator, Lang};

use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::policy::{load, read_case};
use crate::Format;

/// Runs the subcommand: the explanation on stdout, or the case refused.
pub fn run(policy_path: &Path, case_path: &Path, as_of: Option<&str>, format: Format, lang: Lang) -> CommandResult {
    let policy = load(policy_path, format)?;
    let bytes = read_case(case_path)?;
    let evaluator = Evaluator::new(policy);
    let refused = |error: CaseError| CommandError::Case {
        path: case_path.to_path_buf(),
        error: Box::new(error.localized(lang)),
    };
    let text = hallpolicy_runtime::case::case_text(&bytes).map_err(refused)?;
    let case = decode_case(evaluator.policy(), text, as_of).map_err(refused)?;
    let evaluation = evaluator.evaluate_in(&case, lang);
    let explained = explain(&evaluator, &case, &evaluation);
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&explained).unwrap_or_default()),
        Format::Text => print!("{}", render(&explained, lang)),
    }
    Ok(Outcome::Done)
}

/// The explanation as text, each line led by its heading in `lang` (依据, 事件, 计算 …).
fn render(items: &[Explained], lang: Lang) -> String {
    let heading = |id: &str| phrase(lang, id, &[]);
    let (cites, event, counted, day, avoided) = (
        heading("explain-heading-cites"),
        heading("explain-heading-event"),
        heading("explain-heading-counted"),
        heading("explain-heading-day"),
        heading("explain-heading-avoided"),
    );
    let mut out = String::new();
    for e in items {
        out.push_str(&format!(
            "{} {} — {}\n  {cites} {}\n",
            e.status, e.rule, e.title, e.article
        ));
        for line in &e.events {
            out.push_str(&format!("  {event} {line}\n"));
        }
        for line in &e.counting {
            out.push_str(&format!("  {counted} {line}\n"));
        }
        for line in &e.days {
            out.push_str(&format!("  {day} {line}\n"));
        }
        if let Some(fix) = &e.avoided_by {
            out.push_str(&format!("  {avoided} {fix}\n"));
        }
        out.push('\n');
    }
    out
}
