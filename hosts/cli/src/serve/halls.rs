//! The policies a service serves: each rule file compiled, its component ready to instantiate,
//! and its description, under the id a URL names it by (the file's stem, `baicheng-004`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hallpolicy_runtime::report::describe::{describe, Description};

use super::warm::WarmInstances;
use crate::build_component::{cached_component_bytes, rebuilt_component_bytes};
use crate::component_host::{ComponentHost, Limits};

/// One served policy.
pub struct Hall {
    /// The id in `/v1/halls/{hall}`: the rule file's stem.
    pub id: String,
    pub path: PathBuf,
    pub description: Description,
    pub host: ComponentHost,
    /// Instances kept between its requests.
    pub warm: WarmInstances,
}

/// Why a rule file could not be served.
#[derive(Debug, Clone, thiserror::Error, serde::Serialize)]
#[error("{path}: {reason}")]
pub struct LoadError {
    pub path: String,
    pub reason: String,
}

/// The halls served at one moment; a reload makes a new set, and requests in flight keep the
/// one they started with.
#[derive(Default)]
pub struct Halls {
    pub by_id: BTreeMap<String, Arc<Hall>>,
}

/// The rule files named on the command line: files as given, and the `.hall` files of each
/// folder in name order.
pub fn rule_files(sources: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for source in sources {
        if source.is_dir() {
            let entries = std::fs::read_dir(source).map_err(|e| load_error(source, e.to_string()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "hall"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(source.clone());
        }
    }
    Ok(files)
}

/// A rule file compiled, before its component is made: enough to tell whether it changed.
pub struct Compiled {
    id: String,
    path: PathBuf,
    policy: hallpolicy_runtime::Policy,
    pub description: Description,
}

/// Compiles a rule file.
pub fn compile_hall(path: &Path) -> Result<Compiled, LoadError> {
    let id = hall_id(path).ok_or_else(|| load_error(path, "has no file name".to_string()))?;
    let source = std::fs::read_to_string(path).map_err(|e| load_error(path, e.to_string()))?;
    let policy = hallpolicy_compiler::compile(&source).map_err(|diagnostics| {
        let messages: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
        load_error(path, format!("does not check: {}", messages.join("; ")))
    })?;
    let description = describe(&policy, &policy.to_bytes());
    Ok(Compiled {
        id,
        path: path.to_path_buf(),
        policy,
        description,
    })
}

impl Compiled {
    /// Readies the compiled policy's component (from the build cache when it is there).
    pub fn into_hall(self, limits: Limits) -> Result<Hall, LoadError> {
        let path = &self.path;
        let built = cached_component_bytes(&self.policy).map_err(|e| load_error(path, e.to_string()))?;
        let host = match ComponentHost::new(&built, limits) {
            Ok(host) => host,
            Err(_) => {
                let rebuilt = rebuilt_component_bytes(&self.policy).map_err(|e| load_error(path, e.to_string()))?;
                ComponentHost::new(&rebuilt, limits).map_err(|e| load_error(path, e.to_string()))?
            }
        };
        Ok(Hall {
            id: self.id,
            path: self.path,
            description: self.description,
            host,
            warm: WarmInstances::default(),
        })
    }
}

/// The id a rule file is served under: its stem.
pub fn hall_id(path: &Path) -> Option<String> {
    path.file_stem().map(|s| s.to_string_lossy().into_owned())
}

/// Compiles a rule file and readies its component.
pub fn load_hall(path: &Path, limits: Limits) -> Result<Hall, LoadError> {
    compile_hall(path)?.into_hall(limits)
}

/// Loads every rule file; the first that fails stops the start.
pub fn load_all(files: &[PathBuf], limits: Limits) -> Result<Halls, LoadError> {
    // Compiling components is most of a start: one thread a file.
    let loaded: Vec<Result<Hall, LoadError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .iter()
            .map(|file| scope.spawn(move || load_hall(file, limits)))
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join().unwrap_or_else(|_| {
                    Err(LoadError {
                        path: String::new(),
                        reason: "loading stopped unexpectedly".to_string(),
                    })
                })
            })
            .collect()
    });
    let mut halls = Halls::default();
    for (file, hall) in files.iter().zip(loaded) {
        let hall = hall?;
        if halls.by_id.contains_key(&hall.id) {
            return Err(load_error(file, format!("a second policy with the id `{}`", hall.id)));
        }
        halls.by_id.insert(hall.id.clone(), Arc::new(hall));
    }
    Ok(halls)
}

fn load_error(path: &Path, reason: String) -> LoadError {
    LoadError {
        path: path.display().to_string(),
        reason,
    }
}
