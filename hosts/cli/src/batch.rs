//! `hall eval POLICY --batch INPUT`: many cases at once — a JSON-lines file (one case a line) or
//! a folder of `*.json` — across all cores, one component instance per worker, JSON lines out
//! in input order. A line that fails gives `{"error":…}` on its own line and the run goes on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use hallpolicy_runtime::{Evaluator, Policy};
use indicatif::{ProgressBar, ProgressStyle};

use crate::build_component::component_bytes;
use crate::component_host::ComponentHost;
use crate::eval::Engine;

/// The cases of a batch, in order.
fn inputs(input: &Path) -> std::io::Result<Vec<String>> {
    if input.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(input)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files.iter().map(std::fs::read_to_string).collect()
    } else {
        Ok(std::fs::read_to_string(input)?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect())
    }
}

fn error_line(reason: &str) -> String {
    serde_json::json!({ "error": { "path": "", "reason": reason } }).to_string()
}

/// Evaluates every case of `input`; exit 0 when all were evaluated (some may be refused cases,
/// reported on their lines), 2 for an unreadable input or policy, 3 when the component cannot
/// be built.
pub fn run(policy: Policy, input: &Path, as_of: Option<&str>, engine: &Engine, jobs: usize) -> ExitCode {
    let cases = match inputs(input) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", input.display());
            return ExitCode::from(2);
        }
    };
    let host = if engine.native {
        None
    } else {
        match component_bytes(&policy)
            .map_err(|e| e.to_string())
            .and_then(|c| ComponentHost::new(&c, engine.limits).map_err(|e| e.to_string()))
        {
            Ok(host) => Some(host),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(3);
            }
        }
    };
    let native = Evaluator::new(policy);
    let progress = ProgressBar::new(cases.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} cases, {per_sec}, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::channel::<(usize, String)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            let send = send.clone();
            let (cases, next, host, native) = (&cases, &next, host.as_ref(), &native);
            scope.spawn(move || {
                let mut session = host.and_then(|h| h.session().ok());
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else {
                        break;
                    };
                    let line = match (host, session.as_mut()) {
                        (Some(h), Some(s)) => match s.evaluate_json(case, as_of) {
                            Ok(Ok(json)) => json,
                            Ok(Err(error)) => format!("{{\"error\":{error}}}"),
                            Err(e) => {
                                // A trapped instance is spent: the next case gets a fresh one.
                                session = h.session().ok();
                                error_line(&e.to_string())
                            }
                        },
                        (Some(_), None) => error_line("no component instance could be made"),
                        (None, _) => match native.evaluate_json(case, as_of) {
                            Ok(e) => serde_json::to_string(&e).unwrap_or_default(),
                            Err(e) => format!("{{\"error\":{}}}", serde_json::to_string(&e).unwrap_or_default()),
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
                if writeln!(out, "{line}").is_err() {
                    return;
                }
                printed += 1;
                progress.inc(1);
            }
        }
    });
    progress.finish_and_clear();
    ExitCode::SUCCESS
}
