//! The Rust host: a policy component run under wasmtime, as portals run it. Instances come from
//! an `InstancePre` on the pooling allocator; every call has a time limit (an epoch deadline) and a
//! memory cap, so a hostile case ends in an error, not a hang.
//!
//! Epochs rather than fuel: fuel metering made every call half again as slow,
//! while an epoch check is one load and compare at function entries and loop heads.

use hallpolicy_runtime::message::say;
use hallpolicy_runtime::Lang;
use std::time::Duration;

use wasmtime::component::{Component, Linker};
use wasmtime::{
    Cache, CacheConfig, Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, ResourceLimiter,
    Store, StoreLimits, StoreLimitsBuilder, Trap,
};

wasmtime::component::bindgen!({ path: "../../wit", world: "hall" });

/// Resource limits for one call.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock time a call may run, to within one [`TICK`].
    pub time: Duration,
    /// Bytes of linear memory an instance may hold.
    pub memory_bytes: usize,
    /// Bytes of case JSON a call accepts; larger cases are refused before the call, as the
    /// Python and JavaScript hosts refuse them.
    pub case_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            time: Duration::from_secs(1),
            memory_bytes: 256 << 20,
            case_bytes: 16 << 20,
        }
    }
}

/// Call time limits every host accepts, in milliseconds: at least one tick, at most an hour.
pub const TIME_LIMIT_MS: std::ops::RangeInclusive<u64> = 1..=3_600_000;

/// Memory caps every host accepts, in MiB: below 8 an instance cannot hold the evaluator and a
/// case; above 4096 is past what 32-bit linear memory can address.
pub const MEMORY_MIB: std::ops::RangeInclusive<u64> = 8..=4096;

/// A limit outside the range every host accepts, worded (in Chinese) as every host words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error("{}", range_words("host-time-limit-range", &TIME_LIMIT_MS, *.0))]
    Time(u64),
    #[error("{}", range_words("host-memory-range", &MEMORY_MIB, *.0))]
    Memory(u64),
}

fn range_words(id: &str, range: &std::ops::RangeInclusive<u64>, given: u64) -> String {
    let [low, high, given] = [*range.start(), *range.end(), given].map(|n| n.to_string());
    say(Lang::Zh, id, &[("low", &low), ("high", &high), ("given", &given)])
}

impl Limits {
    /// Limits from a time in milliseconds and a memory cap in MiB, each checked against the
    /// range every host accepts; the case size limit stays the hosts' 16 MiB.
    pub fn new(time_limit_ms: u64, memory_mib: u64) -> Result<Limits, LimitError> {
        if !TIME_LIMIT_MS.contains(&time_limit_ms) {
            return Err(LimitError::Time(time_limit_ms));
        }
        if !MEMORY_MIB.contains(&memory_mib) {
            return Err(LimitError::Memory(memory_mib));
        }
        Ok(Limits {
            time: Duration::from_millis(time_limit_ms),
            // At most 4096 << 20, which fits a `usize` on every target the CLI runs on.
            memory_bytes: usize::try_from(memory_mib << 20).unwrap_or(usize::MAX),
            ..Limits::default()
        })
    }
}

/// Bytes of an instance's memory, from its start, kept mapped between instances of a pool slot:
/// the 1 MiB stack, the data and pre-initialised heap, and what a call allocates above them.
const KEEP_RESIDENT: usize = 4 << 20;

/// How often the engine's epoch advances: the resolution of [`Limits::time`].
pub const TICK: Duration = Duration::from_millis(1);

/// Per-store host state: only the limiter; the component imports nothing.
struct HostState {
    limits: StoreLimits,
    /// The most linear memory the instance has asked for, so that a host keeping instances
    /// warm can let go of one a large case grew.
    memory_bytes: usize,
}

impl ResourceLimiter for HostState {
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        let allowed = self.limits.memory_growing(current, desired, maximum)?;
        if allowed {
            self.memory_bytes = self.memory_bytes.max(desired);
        }
        Ok(allowed)
    }

    fn table_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }
}

/// A compiled component ready to instantiate, once per call or per worker.
pub struct ComponentHost {
    engine: Engine,
    pre: HallPre<HostState>,
    limits: Limits,
}

/// Why a call through the component failed (as opposed to the case being refused), worded in
/// Chinese as the service and the other hosts word it.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// The call ran past its time limit: the case is too large or hostile.
    #[error("{}", say(Lang::Zh, "service-time-limit", &[("limit", &.0.as_millis().to_string())]))]
    TimedOut(Duration),
    /// The case is larger than the host accepts.
    #[error("{}", say(Lang::Zh, "host-too-large", &[("limit", &.0.to_string())]))]
    TooLarge(usize),
    /// The instance asked for more memory than the cap allows.
    #[error("{}", say(Lang::Zh, "service-memory-limit", &[("limit", &(.0 >> 20).to_string())]))]
    OutOfMemory(usize),
    /// Anything else wasmtime reports.
    #[error("{}", say(Lang::Zh, "service-component-failed", &[("detail", .0)]))]
    Wasm(String),
}

impl ComponentHost {
    /// Compiles a component for repeated calls under `limits`.
    pub fn new(component: &[u8], limits: Limits) -> Result<ComponentHost, HostError> {
        let mut config = Config::new();
        config.epoch_interruption(true);
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(64)
            .total_core_instances(64)
            .total_memories(64)
            .total_tables(64)
            .max_memory_size(limits.memory_bytes);
        // Without this a fresh instance's first call takes a page fault on every page it touches
        // (stack, heap, result): 40 of its 110 µs on this project's machines.
        // With the kernel's PAGEMAP_SCAN (Linux 6.7+), wasmtime resets only the pages a call
        // dirtied and keeps them mapped for the slot's next instance. Without it, keeping memory
        // resident would mean a memset of it all on every drop, so it is left off.
        if PoolingAllocationConfig::is_pagemap_scan_available() {
            pool.pagemap_scan(Enabled::Yes)
                .linear_memory_keep_resident(KEEP_RESIDENT);
        }
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        // Compiled code is kept on disk beside the built components, so a component is compiled
        // once per machine, not once per `hall eval` or `hall serve` start; when the folder
        // cannot be used, each start compiles afresh.
        if let Some(dir) = crate::build_component::cache_dir() {
            let mut cache = CacheConfig::new();
            cache.with_directory(dir.join("compiled"));
            if let Ok(cache) = Cache::new(cache) {
                config.cache(Some(cache));
            }
        }
        let engine = Engine::new(&config).map_err(wasm)?;
        start_ticking(&engine);
        let component = Component::new(&engine, component).map_err(wasm)?;
        let linker = Linker::<HostState>::new(&engine);
        let pre = HallPre::new(linker.instantiate_pre(&component).map_err(wasm)?).map_err(wasm)?;
        Ok(ComponentHost { engine, pre, limits })
    }

    fn store(&self) -> Result<Store<HostState>, HostError> {
        let limits = StoreLimitsBuilder::new()
            .memory_size(self.limits.memory_bytes)
            .trap_on_grow_failure(true)
            .build();
        let mut store = Store::new(
            &self.engine,
            HostState {
                limits,
                memory_bytes: 0,
            },
        );
        store.limiter(|state| state);
        store.epoch_deadline_trap();
        Ok(store)
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// A fresh instance for a run of calls (a worker's, or one request's).
    pub fn session(&self) -> Result<Session, HostError> {
        let mut store = self.store()?;
        let hall = self
            .pre
            .instantiate(&mut store)
            .map_err(|e| classify(&self.limits, e))?;
        Ok(Session {
            limits: self.limits,
            calls: 0,
            store,
            hall,
        })
    }

    /// Instantiates the component: what a host pays per request when it does not reuse one.
    pub fn instantiate(&self) -> Result<(), HostError> {
        self.session().map(drop)
    }

    /// Evaluates a JSON case in a fresh instance: the evaluation's canonical JSON, or the case
    /// error's JSON.
    pub fn evaluate_json(&self, case_json: &str, as_of: Option<&str>) -> Result<Result<String, String>, HostError> {
        self.session()?.evaluate_json(case_json, as_of)
    }

    /// [`ComponentHost::evaluate_json`] for a case held as bytes, which the component refuses
    /// at path "" when they are not UTF-8.
    pub fn evaluate_json_bytes(
        &self,
        case_json: &[u8],
        as_of: Option<&str>,
    ) -> Result<Result<String, String>, HostError> {
        utf8_answer(self.session()?.evaluate_json_bytes(case_json, as_of)?)
    }

    /// The evaluation as text, rendered in the component, or the case error's JSON.
    pub fn evaluate_text(&self, case_json: &[u8], as_of: Option<&str>) -> Result<Result<String, String>, HostError> {
        self.session()?.evaluate_text(case_json, as_of)
    }

    /// [`ComponentHost::evaluate_json_bytes`] with the messages in `lang` (`zh`, `en`).
    pub fn evaluate_json_bytes_in(
        &self,
        case_json: &[u8],
        as_of: Option<&str>,
        lang: Option<&str>,
    ) -> Result<Result<String, String>, HostError> {
        utf8_answer(self.session()?.evaluate_json_bytes_in(case_json, as_of, lang)?)
    }

    /// [`ComponentHost::evaluate_text`] in `lang`.
    pub fn evaluate_text_in(
        &self,
        case_json: &[u8],
        as_of: Option<&str>,
        lang: Option<&str>,
    ) -> Result<Result<String, String>, HostError> {
        self.session()?.evaluate_text_in(case_json, as_of, lang)
    }

    /// The component's description of its policy.
    pub fn describe(&self) -> Result<wit::Description, HostError> {
        self.session()?.describe()
    }
}

/// A bytes entry's evaluation as text (the component writes UTF-8), or its case error.
fn utf8_answer(answer: Result<Vec<u8>, String>) -> Result<Result<String, String>, HostError> {
    match answer {
        Ok(bytes) => String::from_utf8(bytes).map(Ok).map_err(|_| not_utf8()),
        Err(error) => Ok(Err(error)),
    }
}

/// A bytes entry's answer, refused when the component wrote an evaluation that is not UTF-8.
pub fn checked_utf8(answer: Result<Vec<u8>, String>) -> Result<Result<Vec<u8>, String>, HostError> {
    match answer {
        Ok(bytes) if simdutf8::basic::from_utf8(&bytes).is_err() => Err(not_utf8()),
        answer => Ok(answer),
    }
}

fn not_utf8() -> HostError {
    HostError::Wasm("the component's evaluation JSON is not valid UTF-8".to_string())
}

/// The exported interface's types, as `bindgen!` generates them.
pub use exports::hallpolicy::hall::evaluator as wit;

/// One instance and its store. Each call gets the full time limit again; after a trap the
/// session is spent and a new one must be made.
pub struct Session {
    limits: Limits,
    calls: u64,
    store: Store<HostState>,
    hall: Hall,
}

impl Session {
    /// The calls this instance has been given, finished or not.
    pub fn calls(&self) -> u64 {
        self.calls
    }

    /// The linear memory this instance has grown to.
    pub fn memory_bytes(&self) -> usize {
        self.store.data().memory_bytes
    }

    /// Arms the time limit for the next call.
    fn arm(&mut self) {
        self.calls += 1;
        let ticks = self.limits.time.as_nanos().div_ceil(TICK.as_nanos());
        self.store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
    }

    /// Runs one of the JSON entries on `case_json`: refused above the host's size limit, and
    /// with the time limit armed.
    fn json_call<T>(
        &mut self,
        case_bytes: usize,
        call: impl FnOnce(&wit::Guest, &mut Store<HostState>) -> wasmtime::Result<T>,
    ) -> Result<T, HostError> {
        if case_bytes > self.limits.case_bytes {
            return Err(HostError::TooLarge(self.limits.case_bytes));
        }
        self.arm();
        let limits = self.limits;
        call(self.hall.hallpolicy_hall_evaluator(), &mut self.store).map_err(|e| classify(&limits, e))
    }

    /// Evaluates a JSON case: the evaluation's canonical JSON, or the case error's JSON.
    ///
    /// Goes through `evaluate-json-bytes`: wasmtime checks a `string` result as UTF-8 with the
    /// standard library's byte-at-a-time check, a sixth of a whole call for the Chinese text of an
    /// evaluation; `simdutf8` checks the same bytes in a fraction of that. The answer is the same bytes as [`Session::call_evaluate_json`]'s.
    pub fn evaluate_json(&mut self, case_json: &str, as_of: Option<&str>) -> Result<Result<String, String>, HostError> {
        match self.evaluate_json_bytes(case_json.as_bytes(), as_of)? {
            Ok(bytes) => match simdutf8::basic::from_utf8(&bytes) {
                Ok(text) => Ok(Ok(text.to_owned())),
                Err(_) => Err(not_utf8()),
            },
            Err(error) => Ok(Err(error)),
        }
    }

    /// Evaluates a JSON case through the WIT `evaluate-json` entry itself, text both ways, as the
    /// Python and JavaScript hosts call it.
    pub fn call_evaluate_json(
        &mut self,
        case_json: &str,
        as_of: Option<&str>,
    ) -> Result<Result<String, String>, HostError> {
        self.json_call(case_json.len(), |guest, store| {
            guest.call_evaluate_json(store, case_json, as_of)
        })
    }

    /// [`Session::evaluate_json`] through `evaluate-json-bytes`: the case and the evaluation's
    /// JSON as bytes, neither checked as UTF-8 on its way across (what a host pays for a
    /// `string` result); the component refuses a case that is not UTF-8.
    pub fn evaluate_json_bytes(
        &mut self,
        case_json: &[u8],
        as_of: Option<&str>,
    ) -> Result<Result<Vec<u8>, String>, HostError> {
        self.json_call(case_json.len(), |guest, store| {
            guest.call_evaluate_json_bytes(store, case_json, as_of)
        })
    }

    /// The evaluation as a person reads it, rendered in the component (`evaluate-text`).
    pub fn evaluate_text(
        &mut self,
        case_json: &[u8],
        as_of: Option<&str>,
    ) -> Result<Result<String, String>, HostError> {
        self.json_call(case_json.len(), |guest, store| {
            guest.call_evaluate_text(store, case_json, as_of)
        })
    }

    /// [`Session::evaluate_json_bytes`] with the messages in `lang` (`evaluate-json-bytes-in`).
    pub fn evaluate_json_bytes_in(
        &mut self,
        case_json: &[u8],
        as_of: Option<&str>,
        lang: Option<&str>,
    ) -> Result<Result<Vec<u8>, String>, HostError> {
        self.json_call(case_json.len(), |guest, store| {
            guest.call_evaluate_json_bytes_in(store, case_json, as_of, lang)
        })
    }

    /// [`Session::evaluate_json_bytes_in`] under a time limit shorter than the host's, for a host
    /// that tries a call where waiting is costly first and moves it elsewhere when it runs long.
    pub fn evaluate_json_bytes_within(
        &mut self,
        time: Duration,
        case_json: &[u8],
        as_of: Option<&str>,
        lang: Option<&str>,
    ) -> Result<Result<Vec<u8>, String>, HostError> {
        let full = self.limits.time;
        self.limits.time = time.min(full);
        let answer = self.evaluate_json_bytes_in(case_json, as_of, lang);
        self.limits.time = full;
        answer
    }

    /// [`Session::evaluate_text`] in `lang` (`evaluate-text-in`).
    pub fn evaluate_text_in(
        &mut self,
        case_json: &[u8],
        as_of: Option<&str>,
        lang: Option<&str>,
    ) -> Result<Result<String, String>, HostError> {
        self.json_call(case_json.len(), |guest, store| {
            guest.call_evaluate_text_in(store, case_json, as_of, lang)
        })
    }

    /// Evaluates a typed case through the typed entry point.
    pub fn evaluate(
        &mut self,
        case: &wit::CaseInput,
        as_of: Option<&str>,
    ) -> Result<Result<wit::Evaluation, wit::CaseError>, HostError> {
        self.arm();
        let limits = self.limits;
        self.hall
            .hallpolicy_hall_evaluator()
            .call_evaluate(&mut self.store, case, as_of)
            .map_err(|e| classify(&limits, e))
    }

    /// The component's description of its policy.
    pub fn describe(&mut self) -> Result<wit::Description, HostError> {
        self.arm();
        let limits = self.limits;
        self.hall
            .hallpolicy_hall_evaluator()
            .call_describe(&mut self.store)
            .map_err(|e| classify(&limits, e))
    }
}

/// What a failed call means under `limits`.
fn classify(limits: &Limits, error: wasmtime::Error) -> HostError {
    if let Some(Trap::Interrupt) = error.downcast_ref::<Trap>() {
        return HostError::TimedOut(limits.time);
    }
    // The store's limiter refuses growth past the cap and turns the refusal into a trap.
    if error
        .chain()
        .any(|cause| cause.to_string().starts_with("forcing trap when growing memory"))
    {
        return HostError::OutOfMemory(limits.memory_bytes);
    }
    HostError::Wasm(format!("{error:?}"))
}

/// Advances `engine`'s epoch every [`TICK`] for as long as the engine lives.
fn start_ticking(engine: &Engine) {
    let weak = engine.weak();
    std::thread::spawn(move || {
        while let Some(engine) = weak.upgrade() {
            engine.increment_epoch();
            drop(engine);
            std::thread::sleep(TICK);
        }
    });
}

/// Builds the typed case of a JSON case (hosts with typed data build it directly).
pub fn typed_case(json: &serde_json::Value) -> Result<wit::CaseInput, String> {
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    let events = json
        .get("events")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
        .map(|e| {
            Ok(wit::Event {
                event_type: text(e.get("type")).unwrap_or_default(),
                at: text(e.get("at")).unwrap_or_default(),
                by: text(e.get("by")),
                form: text(e.get("form")),
                fields: typed_fields(e.as_object(), &["type", "at", "by", "form"])?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(wit::CaseInput {
        kind: text(json.get("kind")).unwrap_or_default(),
        subject: text(json.get("subject")),
        as_of: text(json.get("as_of")),
        facts: typed_fields(json.get("facts").and_then(|f| f.as_object()), &[])?,
        events,
    })
}

fn typed_fields(
    map: Option<&serde_json::Map<String, serde_json::Value>>,
    skip: &[&str],
) -> Result<Vec<wit::Field>, String> {
    let mut out = Vec::new();
    for (name, value) in map.into_iter().flatten() {
        if skip.contains(&name.as_str()) {
            continue;
        }
        let value = match value {
            serde_json::Value::String(s) => wit::Value::Text(s.clone()),
            serde_json::Value::Number(n) => wit::Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::Bool(b) => wit::Value::Boolean(*b),
            serde_json::Value::Array(items) => wit::Value::Names(
                items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| format!("`{name}` holds a non-string"))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err(format!("`{name}` has no typed form")),
        };
        out.push(wit::Field {
            name: name.clone(),
            value,
        });
    }
    Ok(out)
}

fn wasm(e: impl std::fmt::Display) -> HostError {
    HostError::Wasm(e.to_string())
}
