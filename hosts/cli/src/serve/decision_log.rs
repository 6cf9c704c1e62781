//! The decision log: one JSON line per evaluation, enough to replay it — the policy's hash, the
//! case's SHA-256 (the case itself when asked), the moment evaluated at, and the result's
//! SHA-256 to compare a replay with.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hallpolicy_runtime::message::say;
use hallpolicy_runtime::Lang;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One evaluation as the log records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub time: String,
    pub hall: String,
    pub policy_version: String,
    pub policy_hash: String,
    pub case_sha256: String,
    /// The moment asked for with `?as_of=`, if any.
    pub as_of_param: Option<String>,
    /// The moment evaluated at, as the evaluation states it (absent for a refused case).
    pub as_of: Option<String>,
    /// `evaluated`, or the refusal's code (`invalid_case`, `time_limit`…).
    pub outcome: String,
    pub met: usize,
    pub pending: usize,
    pub breached: usize,
    pub violations: usize,
    /// SHA-256 of the answer's bytes (the evaluation's JSON, or the error's).
    pub result_sha256: String,
    pub duration_us: u64,
    /// The name of the token the request carried.
    pub token: Option<String>,
    /// The case as sent, when the service logs cases (`--log-cases`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub case: Option<String>,
}

/// The statuses an evaluation holds, read from its JSON.
#[derive(Deserialize)]
struct Summary {
    as_of: String,
    obligations: Vec<ObligationStatus>,
    violations: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct ObligationStatus {
    status: String,
}

impl Decision {
    /// Fills the outcome fields from an evaluation's JSON.
    pub fn evaluated(&mut self, evaluation_json: &[u8]) {
        self.outcome = "evaluated".to_string();
        self.result_sha256 = sha256_hex(evaluation_json);
        if let Ok(summary) = serde_json::from_slice::<Summary>(evaluation_json) {
            self.as_of = Some(summary.as_of);
            for obligation in &summary.obligations {
                match obligation.status.as_str() {
                    "met" => self.met += 1,
                    "pending" => self.pending += 1,
                    _ => self.breached += 1,
                }
            }
            self.violations = summary.violations.len();
        }
    }
}

impl Decision {
    /// Records a refusal: its code and the SHA-256 of the error answered.
    pub fn refused(&mut self, code: &str, answer: &[u8]) {
        self.outcome = code.to_string();
        self.result_sha256 = sha256_hex(answer);
    }
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the lines go.
enum Sink {
    Stdout,
    File { path: PathBuf, file: File, written: u64 },
}

/// When a log file is set aside, and how many set-aside files are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    /// Set the file aside once the next line would take it past this many bytes.
    pub max_bytes: u64,
    /// Keep `FILE.1` (the newest) to `FILE.{keep}`; the one past them is deleted.
    pub keep: u32,
}

/// The log: stdout, or a file set aside as `FILE.1` when it passes its size, older ones
/// moving up to `FILE.2`… so that an auditor has the last `keep` files besides the current one.
pub struct DecisionLog {
    sink: Mutex<Sink>,
    rotation: Rotation,
    /// Whether lines carry the whole case.
    pub with_cases: bool,
    /// The language of its complaints on stderr.
    pub lang: Lang,
}

impl DecisionLog {
    /// A log to `-` (stdout) or to a file, appended to.
    pub fn open(target: &str, rotation: Rotation, with_cases: bool) -> std::io::Result<DecisionLog> {
        let sink = if target == "-" {
            Sink::Stdout
        } else {
            let path = PathBuf::from(target);
            let file = OpenOptions::new().create(true).append(true).open(&path)?;
            let written = file.metadata()?.len();
            Sink::File { path, file, written }
        };
        Ok(DecisionLog {
            sink: Mutex::new(sink),
            rotation,
            with_cases,
            lang: Lang::default(),
        })
    }

    /// Writes one line; a write that fails is reported on stderr and the request still answered.
    pub fn write(&self, decision: &Decision) {
        let Ok(mut line) = serde_json::to_string(decision) else {
            return;
        };
        line.push('\n');
        let Ok(mut sink) = self.sink.lock() else {
            return;
        };
        let result = match &mut *sink {
            Sink::Stdout => std::io::stdout().lock().write_all(line.as_bytes()),
            Sink::File { path, file, written } => {
                if *written > 0 && *written + line.len() as u64 > self.rotation.max_bytes {
                    match rotate(path, self.rotation.keep) {
                        Ok(fresh) => {
                            *file = fresh;
                            *written = 0;
                        }
                        Err(e) => eprintln!("{}", say_error(self.lang, "service-log-rotate", &e)),
                    }
                }
                *written += line.len() as u64;
                file.write_all(line.as_bytes())
            }
        };
        if let Err(e) = result {
            eprintln!("{}", say_error(self.lang, "service-log-write", &e));
        }
    }
}

/// A stderr line about the log, in the service's language.
fn say_error(lang: Lang, id: &str, error: &std::io::Error) -> String {
    let reason = error.to_string();
    say(lang, id, &[("reason", reason.as_str())])
}

/// `FILE.{n}` beside `FILE`.
fn numbered(path: &Path, n: u32) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

/// Moves `FILE.1`… up by one (the one past `keep` is replaced, so deleted), sets the log aside
/// as `FILE.1` and opens a fresh file.
fn rotate(path: &Path, keep: u32) -> std::io::Result<File> {
    for n in (1..keep.max(1)).rev() {
        match std::fs::rename(numbered(path, n), numbered(path, n + 1)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    std::fs::rename(path, numbered(path, 1))?;
    OpenOptions::new().create(true).append(true).open(path)
}
