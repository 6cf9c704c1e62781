//! The Rust host: a policy component run under wasmtime, as portals run it. Instances come from
//! an `InstancePre` on the pooling allocator; every call has a fuel budget and a memory cap, so a
//! hostile case ends in an error, not a hang.

use wasmtime::component::{Component, Linker};
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, Store, StoreLimits, StoreLimitsBuilder, Trap,
};

wasmtime::component::bindgen!({ path: "../../wit", world: "hall" });

/// Resource limits for one call.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wasm instructions (roughly) a call may run.
    pub fuel: u64,
    /// Bytes of linear memory an instance may hold.
    pub memory_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            fuel: 2_000_000_000,
            memory_bytes: 256 << 20,
        }
    }
}

/// Per-store host state: only the limiter; the component imports nothing.
struct HostState {
    limits: StoreLimits,
}

/// A compiled component ready to instantiate, once per call or per worker.
pub struct ComponentHost {
    engine: Engine,
    pre: HallPre<HostState>,
    limits: Limits,
}

/// Why a call through the component failed (as opposed to the case being refused).
#[derive(Debug)]
pub enum HostError {
    /// The fuel budget ran out: the case is too large or hostile.
    OutOfFuel(u64),
    /// The instance asked for more memory than the cap allows.
    OutOfMemory(usize),
    /// Anything else wasmtime reports.
    Wasm(String),
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostError::OutOfFuel(fuel) => write!(f, "evaluation stopped: it exceeded its budget of {fuel} fuel units"),
            HostError::OutOfMemory(bytes) => write!(
                f,
                "evaluation stopped: it exceeded its memory cap of {} MiB",
                bytes >> 20
            ),
            HostError::Wasm(e) => write!(f, "the component failed: {e}"),
        }
    }
}

impl std::error::Error for HostError {}

impl ComponentHost {
    /// Compiles a component for repeated calls under `limits`.
    pub fn new(component: &[u8], limits: Limits) -> Result<ComponentHost, HostError> {
        let mut config = Config::new();
        config.consume_fuel(true);
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(64)
            .total_core_instances(64)
            .total_memories(64)
            .total_tables(64)
            .max_memory_size(limits.memory_bytes);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let engine = Engine::new(&config).map_err(wasm)?;
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
        let mut store = Store::new(&self.engine, HostState { limits });
        store.limiter(|state| &mut state.limits);
        store.set_fuel(self.limits.fuel).map_err(wasm)?;
        Ok(store)
    }

    fn classify(&self, error: wasmtime::Error) -> HostError {
        if let Some(Trap::OutOfFuel) = error.downcast_ref::<Trap>() {
            return HostError::OutOfFuel(self.limits.fuel);
        }
        // The store's limiter refuses growth past the cap and turns the refusal into a trap.
        if error
            .chain()
            .any(|cause| cause.to_string().starts_with("forcing trap when growing memory"))
        {
            return HostError::OutOfMemory(self.limits.memory_bytes);
        }
        HostError::Wasm(format!("{error:?}"))
    }

    /// Evaluates a JSON case in a fresh instance: the evaluation's canonical JSON, or the case
    /// error's JSON.
    pub fn evaluate_json(&self, case_json: &str, as_of: Option<&str>) -> Result<Result<String, String>, HostError> {
        let mut store = self.store()?;
        let hall = self.pre.instantiate(&mut store).map_err(|e| self.classify(e))?;
        hall.hallpolicy_hall_evaluator()
            .call_evaluate_json(&mut store, case_json, as_of)
            .map_err(|e| self.classify(e))
    }

    /// The component's description of its policy.
    pub fn describe(&self) -> Result<exports::hallpolicy::hall::evaluator::Description, HostError> {
        let mut store = self.store()?;
        let hall = self.pre.instantiate(&mut store).map_err(|e| self.classify(e))?;
        hall.hallpolicy_hall_evaluator()
            .call_describe(&mut store)
            .map_err(|e| self.classify(e))
    }
}

fn wasm(e: impl std::fmt::Display) -> HostError {
    HostError::Wasm(e.to_string())
}
