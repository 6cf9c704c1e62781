//! `hall test POLICY CASES [--update]`: every case of a folder against its expected evaluation,
//! kept as an insta snapshot in `CASES/snapshots/CASE.snap` — the same files the project's
//! `cargo test` checks, so `cargo insta review` can accept what `hall test` leaves as
//! `CASE.snap.new`. A mismatch prints a line diff; `--update` accepts every new result.

use std::path::Path;

use hallpolicy_runtime::message::say;
use hallpolicy_runtime::report::render::case_snapshot;
use hallpolicy_runtime::{Evaluator, Lang};
use similar::{ChangeTag, TextDiff};

use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::policy::{case_files, load};
use crate::Format;

/// What became of one case.
enum Verdict {
    Passed,
    /// No snapshot yet: written as `.snap.new` (or `.snap` with `--update`).
    New,
    /// The evaluation differs from the snapshot: the diff.
    Failed(String),
}

/// Runs the subcommand: done when every case matches (or was updated), findings when one does
/// not.
/// The snapshots are in Chinese, as `cargo test` keeps them; `lang` words the summary.
pub fn run(policy_path: &Path, cases: &Path, update: bool, format: Format, lang: Lang) -> CommandResult {
    let policy = load(policy_path, format)?;
    let files = case_files(cases)?;
    let evaluator = Evaluator::new(policy);
    let snapshots = cases.join("snapshots");
    let (mut passed, mut failed, mut new) = (0, 0, 0);
    for file in &files {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let actual = case_snapshot(evaluator.evaluate_json(&text, None).as_ref());
        let path = snapshots.join(format!("{stem}.snap"));
        let verdict = match std::fs::read_to_string(&path).ok().map(|s| contents(&s).to_string()) {
            Some(expected) if expected.trim_end() == actual.trim_end() => Verdict::Passed,
            Some(expected) => Verdict::Failed(line_diff(&expected, &actual)),
            None => Verdict::New,
        };
        if !matches!(verdict, Verdict::Passed) {
            let target = if update {
                path.clone()
            } else {
                snapshots.join(format!("{stem}.snap.new"))
            };
            write_snapshot(&target, file, &actual).map_err(CommandError::write(&target))?;
            if update {
                let _ = std::fs::remove_file(snapshots.join(format!("{stem}.snap.new")));
            }
        }
        match verdict {
            Verdict::Passed => passed += 1,
            Verdict::New => {
                new += 1;
                println!("{}  {stem}", say(lang, "test-new", &[]));
            }
            Verdict::Failed(diff) => {
                failed += 1;
                println!("{}  {stem}\n{diff}", say(lang, "test-failed", &[]));
            }
        }
    }
    let verb = say(lang, if update { "test-updated" } else { "test-left-new" }, &[]);
    let counts = [passed, failed, new, failed + new].map(|n| n.to_string());
    println!(
        "{}",
        say(
            lang,
            "test-summary",
            &[
                ("passed", &counts[0]),
                ("failed", &counts[1]),
                ("new", &counts[2]),
                ("count", &counts[3]),
                ("verb", &verb),
            ],
        )
    );
    Ok(if update || failed + new == 0 {
        Outcome::Done
    } else {
        Outcome::Findings
    })
}

/// A snapshot file's contents, after insta's metadata header.
fn contents(snapshot: &str) -> &str {
    snapshot
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(snapshot, |(_, body)| body)
}

fn write_snapshot(target: &Path, case: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let header = format!(
        "---\nsource: hall test\nexpression: \"case_snapshot(evaluation)\"\ninput_file: {}\n---\n",
        case.display()
    );
    std::fs::write(target, format!("{header}{}\n", contents.trim_end()))
}

/// The changed lines, with a little context, as `-` (expected) and `+` (now).
fn line_diff(expected: &str, actual: &str) -> String {
    let diff = TextDiff::from_lines(expected, actual);
    let mut out = String::new();
    for group in diff.grouped_ops(2) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => "-",
                    ChangeTag::Insert => "+",
                    ChangeTag::Equal => " ",
                };
                out.push_str(&format!("    {sign} {}", change.value()));
                if change.missing_newline() {
                    out.push('\n');
                }
            }
        }
        out.push_str("    ⋯\n");
    }
    out
}
