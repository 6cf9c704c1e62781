//! Evaluates a case N times through a component, for an instruction counter:
//! `cargo build --release -p hall --example profile_component`, then
//! `valgrind --tool=callgrind target/release/examples/profile_component HALL.wasm CASE.json N`.
//!
//! Time on a shared machine swings by a third from run to run; instructions do not. Two runs
//! with different N give the instructions of one call (compilation cancels out). wasmtime's
//! default allocator, since valgrind cannot map the pooling allocator's reservation; epoch
//! checks on, as in every host, unless `HALL_PROFILE_NO_EPOCH` is set (to count their share).
//! With `HALL_PROFILE_TYPED` set, the calls go through the typed entry (`evaluate`) instead; with
//! `HALL_PROFILE_BYTES`, through `evaluate-json-bytes`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a profiling harness fails loudly"
)]

use hall::component_host::{typed_case, Hall};
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store};

const INTERFACE: &str = "hallpolicy:hall/evaluator@0.5.0";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let component = std::fs::read(&args[1]).unwrap();
    let case = std::fs::read_to_string(&args[2]).unwrap();
    let n: usize = args[3].parse().unwrap();
    let mut config = Config::new();
    config.epoch_interruption(std::env::var_os("HALL_PROFILE_NO_EPOCH").is_none());
    // One thread compiles the same way every run, so two runs' counts subtract cleanly.
    config.parallel_compilation(false);
    // A map of the compiled code (`/tmp/perf-PID.map`), which `tests/profile/wasm_functions.py`
    // uses to give callgrind's counts per wasm function.
    if std::env::var_os("HALL_PROFILE_PERFMAP").is_some() {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    let engine = Engine::new(&config).unwrap();
    let component = Component::new(&engine, component).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(u64::MAX);
    if std::env::var_os("HALL_PROFILE_TYPED").is_some() {
        let hall = Hall::instantiate(&mut store, &component, &Linker::new(&engine)).unwrap();
        let typed = typed_case(&serde_json::from_str(&case).unwrap()).unwrap();
        let evaluator = hall.hallpolicy_hall_evaluator();
        for _ in 0..n {
            std::hint::black_box(evaluator.call_evaluate(&mut store, &typed, None).unwrap().unwrap());
        }
        println!("{n} typed calls");
        return;
    }
    if std::env::var_os("HALL_PROFILE_BYTES").is_some() {
        let hall = Hall::instantiate(&mut store, &component, &Linker::new(&engine)).unwrap();
        let evaluator = hall.hallpolicy_hall_evaluator();
        let mut length = 0;
        for _ in 0..n {
            let result = evaluator
                .call_evaluate_json_bytes(&mut store, case.as_bytes(), None)
                .unwrap();
            length = result.unwrap().len();
        }
        println!("{n} bytes calls, {length} bytes of evaluation JSON");
        return;
    }
    let instance = Linker::new(&engine).instantiate(&mut store, &component).unwrap();
    let interface = instance.get_export_index(&mut store, None, INTERFACE).unwrap();
    let entry = instance
        .get_export_index(&mut store, Some(&interface), "evaluate-json")
        .unwrap();
    let evaluate = instance
        .get_typed_func::<(&str, Option<&str>), (Result<String, String>,)>(&mut store, entry)
        .unwrap();
    let mut length = 0;
    for _ in 0..n {
        let (result,) = evaluate.call(&mut store, (&case, None)).unwrap();
        length = result.unwrap().len();
    }
    println!("{n} calls, {length} bytes of evaluation JSON");
}
