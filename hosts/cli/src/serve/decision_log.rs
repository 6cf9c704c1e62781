//! The decision log: one JSON line per evaluation, enough to replay it — the policy's hash, the
//! case's SHA-256 (the case itself when asked), the moment evaluated at, and the result's
//! SHA-256 to compare a replay with.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

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

/// The log: stdout, or a file that is renamed to `FILE.1` when it passes its size.
pub struct DecisionLog {
    sink: Mutex<Sink>,
    /// Rotate past this many bytes (files only).
    max_bytes: u64,
    /// Whether lines carry the whole case.
    pub with_cases: bool,
}

impl DecisionLog {
    /// A log to `-` (stdout) or to a file, appended to.
    pub fn open(target: &str, max_bytes: u64, with_cases: bool) -> std::io::Result<DecisionLog> {
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
            max_bytes,
            with_cases,
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
                if *written > 0 && *written + line.len() as u64 > self.max_bytes {
                    match rotate(path) {
                        Ok(fresh) => {
                            *file = fresh;
                            *written = 0;
                        }
                        Err(e) => eprintln!("hall serve: cannot rotate the decision log: {e}"),
                    }
                }
                *written += line.len() as u64;
                file.write_all(line.as_bytes())
            }
        };
        if let Err(e) = result {
            eprintln!("hall serve: cannot write the decision log: {e}");
        }
    }
}

/// Renames the log to `FILE.1` (replacing an older one) and opens a fresh file.
fn rotate(path: &std::path::Path) -> std::io::Result<File> {
    let mut old = path.as_os_str().to_owned();
    old.push(".1");
    std::fs::rename(path, &old)?;
    OpenOptions::new().create(true).append(true).open(path)
}
