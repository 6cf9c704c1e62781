//! `hall eval POLICY --batch INPUT`: many cases at once — a JSON-lines file (one case a line) or
//! a folder of `*.json` — across all cores, one component instance per worker, JSON lines out
//! in input order. A line that fails gives `{"error":…}` on its own line and the run goes on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Condvar, Mutex};

use hallpolicy_runtime::{Evaluator, Policy};
use indicatif::{ProgressBar, ProgressStyle};

use crate::build_component::component_bytes;
use crate::command_error::{CommandError, CommandResult, Outcome};
use crate::component_host::ComponentHost;
use crate::eval::Engine;

/// Where a batch's cases come from, read as the workers ask for them so a batch of a million
/// cases never sits in memory whole.
enum Source {
    Lines(std::io::Lines<std::io::BufReader<std::fs::File>>),
    Files(std::vec::IntoIter<PathBuf>),
}

impl Source {
    fn open(input: &Path) -> std::io::Result<Source> {
        if input.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(input)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            files.sort();
            Ok(Source::Files(files.into_iter()))
        } else {
            use std::io::BufRead;
            Ok(Source::Lines(
                std::io::BufReader::new(std::fs::File::open(input)?).lines(),
            ))
        }
    }

    /// The next case, or why it could not be read.
    fn next_case(&mut self) -> Option<Result<String, String>> {
        match self {
            Source::Lines(lines) => loop {
                match lines.next()? {
                    Ok(line) if line.trim().is_empty() => continue,
                    Ok(line) => return Some(Ok(line)),
                    Err(e) => return Some(Err(format!("cannot read the line: {e}"))),
                }
            },
            Source::Files(files) => {
                let file = files.next()?;
                Some(std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display())))
            }
        }
    }
}

fn error_line(reason: &str) -> Vec<u8> {
    serde_json::json!({ "error": { "path": "", "reason": reason } })
        .to_string()
        .into_bytes()
}

/// Evaluates every case of `input`: done when all were evaluated (refused cases are reported
/// on their lines).
pub fn run(policy: Policy, input: &Path, as_of: Option<&str>, engine: &Engine, jobs: usize) -> CommandResult {
    let source = Mutex::new((0usize, Source::open(input).map_err(CommandError::read(input))?));
    let host = if engine.native {
        None
    } else {
        Some(ComponentHost::new(&component_bytes(&policy)?, engine.limits)?)
    };
    let native = Evaluator::new(policy);
    let progress = ProgressBar::new_spinner();
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} cases, {per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    // Lines are UTF-8 bytes: the component's bytes entry is copied out, never checked again.
    let (send, receive) = mpsc::channel::<(usize, Vec<u8>)>();
    // Back-pressure: no worker runs more than `window` cases ahead of what is printed, so a slow
    // reader or one slow case holds memory to `window` results, not the whole input.
    let window = 256 * jobs.max(1);
    let printed_so_far = (Mutex::new(0usize), Condvar::new());
    let all_written = std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            let send = send.clone();
            let (source, host, native, printed_so_far) = (&source, host.as_ref(), &native, &printed_so_far);
            scope.spawn(move || {
                let mut session = host.and_then(|h| h.session().ok());
                loop {
                    let (i, case) = {
                        let Ok(mut guard) = source.lock() else {
                            break;
                        };
                        let Some(case) = guard.1.next_case() else {
                            break;
                        };
                        guard.0 += 1;
                        (guard.0 - 1, case)
                    };
                    let (lock, advanced) = printed_so_far;
                    let Ok(mut printed) = lock.lock() else {
                        break;
                    };
                    while i >= *printed + window {
                        printed = match advanced.wait(printed) {
                            Ok(printed) => printed,
                            Err(_) => return,
                        };
                    }
                    drop(printed);
                    let case = match case {
                        Ok(case) => case,
                        Err(reason) => {
                            if send.send((i, error_line(&reason))).is_err() {
                                break;
                            }
                            continue;
                        }
                    };
                    let line = match (host, session.as_mut()) {
                        (Some(h), Some(s)) => {
                            match s.evaluate_json_bytes_in(case.as_bytes(), as_of, Some(engine.lang.tag())) {
                                Ok(Ok(json)) => json,
                                Ok(Err(error)) => format!("{{\"error\":{error}}}").into_bytes(),
                                Err(e) => {
                                    // A trapped instance is spent: the next case gets a fresh one.
                                    session = h.session().ok();
                                    error_line(&e.to_string())
                                }
                            }
                        }
                        (Some(_), None) => error_line("no component instance could be made"),
                        (None, _) => match native.evaluate_json_in(&case, as_of, engine.lang) {
                            Ok(e) => e.to_json().into_bytes(),
                            Err(e) => {
                                format!("{{\"error\":{}}}", serde_json::to_string(&e).unwrap_or_default()).into_bytes()
                            }
                        },
                    };
                    if send.send((i, line)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Print in input order as the lines arrive.
        let mut pending = BTreeMap::new();
        let mut printed = 0;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for (i, line) in receive {
            pending.insert(i, line);
            while let Some(line) = pending.remove(&printed) {
                use std::io::Write;
                if out.write_all(&line).and_then(|()| out.write_all(b"\n")).is_err() {
                    // Nobody reads any more: release the waiting workers so they see it and stop.
                    let (lock, advanced) = &printed_so_far;
                    if let Ok(mut shared) = lock.lock() {
                        *shared = usize::MAX / 2;
                    }
                    advanced.notify_all();
                    return false;
                }
                printed += 1;
                progress.inc(1);
            }
            let (lock, advanced) = &printed_so_far;
            if let Ok(mut shared) = lock.lock() {
                *shared = printed;
            }
            advanced.notify_all();
        }
        true
    });
    progress.finish_and_clear();
    if all_written {
        Ok(Outcome::Done)
    } else {
        Err(CommandError::ClosedOutput)
    }
}
