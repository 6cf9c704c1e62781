//! Speed and size of the component against native evaluation, in one run on one machine.
//!
//! `cargo bench -p hall --bench component` prints a Markdown table; BENCHMARKS.md records it.
//! Each figure is the median of 15 batches (native and component entries interleaved, so their
//! ratios compare like with like); the case is a 9-event one-time-notice case of the 白城
//! policy (the README's sample).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use hall::build_component::component_bytes;
use hall::component_host::{typed_case, ComponentHost, Limits};
use hallpolicy_runtime::Evaluator;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Median time of one iteration over 15 batches of `n`.
fn measure(n: u32, mut f: impl FnMut()) -> Duration {
    measure_part(n, || {
        let start = Instant::now();
        f();
        start.elapsed()
    })
}

/// Median over 15 batches of `n` of the time `f` reports for the part of an iteration it
/// times (its setup and teardown left out).
fn measure_part(n: u32, mut f: impl FnMut() -> Duration) -> Duration {
    for _ in 0..n.min(100) {
        f();
    }
    let mut batches: Vec<Duration> = (0..15).map(|_| (0..n).map(|_| f()).sum::<Duration>() / n).collect();
    batches.sort();
    batches[7]
}

/// Medians of `K` variants over 15 rounds that each time a batch of every variant in turn, and
/// the median of each variant's per-round ratio to variant 0. A machine that slows down or
/// speeds up between rounds moves every variant of a round alike, so the ratios hold still.
fn measure_interleaved<const K: usize>(n: u32, mut f: impl FnMut(usize)) -> ([Duration; K], [f64; K]) {
    for _ in 0..n.min(100) {
        (0..K).for_each(&mut f);
    }
    let rounds: Vec<[f64; K]> = (0..15)
        .map(|_| {
            std::array::from_fn(|k| {
                let start = Instant::now();
                for _ in 0..n {
                    f(k);
                }
                start.elapsed().as_secs_f64() / f64::from(n)
            })
        })
        .collect();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let times = std::array::from_fn(|k| Duration::from_secs_f64(median(rounds.iter().map(|r| r[k]).collect())));
    let ratios = std::array::from_fn(|k| median(rounds.iter().map(|r| r[k] / r[0]).collect()));
    (times, ratios)
}

fn us(d: Duration) -> String {
    format!("{:.2} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let source = std::fs::read_to_string(root().join("policy/baicheng-004.hall")).unwrap();
    let case_path = root().join("tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json");
    let case = std::fs::read_to_string(&case_path).unwrap();
    let policy = hallpolicy_compiler::compile(&source).unwrap();

    let build = measure(20, || {
        let policy = hallpolicy_compiler::compile(black_box(&source)).unwrap();
        black_box(component_bytes(&policy).unwrap());
    });
    let component = component_bytes(&policy).unwrap();

    let ir = policy.to_bytes();
    let load = measure(500, || {
        black_box(Evaluator::new(
            hallpolicy_runtime::Policy::from_bytes(black_box(&ir)).unwrap(),
        ));
    });
    let native = Evaluator::new(policy.clone());
    let decoded = hallpolicy_runtime::decode_case(native.policy(), &case, None).unwrap();
    let decode_only = measure(20_000, || {
        black_box(hallpolicy_runtime::decode_case(native.policy(), black_box(&case), None).unwrap());
    });
    let evaluate_only = measure(20_000, || {
        black_box(native.evaluate(black_box(&decoded)));
    });
    let evaluation = native.evaluate(&decoded);
    let encode_only = measure(20_000, || {
        black_box(black_box(&evaluation).to_json());
    });
    let host = ComponentHost::new(&component, Limits::default()).unwrap();
    let mut session = host.session().unwrap();
    let typed = typed_case(&serde_json::from_str(&case).unwrap()).unwrap();
    // Native, the host's JSON call and the three entries in turn, so the ratios compare like
    // with like.
    let (
        [native_json, json_call, text_entry, bytes_entry, typed_entry],
        [_, json_ratio, text_ratio, bytes_ratio, typed_ratio],
    ) = measure_interleaved(5_000, |k| match k {
        0 => {
            let e = native.evaluate_json(black_box(&case), None).unwrap();
            black_box(e.to_json());
        }
        1 => {
            black_box(session.evaluate_json(black_box(&case), None).unwrap().unwrap());
        }
        2 => {
            black_box(session.call_evaluate_json(black_box(&case), None).unwrap().unwrap());
        }
        3 => {
            black_box(
                session
                    .evaluate_json_bytes(black_box(case.as_bytes()), None)
                    .unwrap()
                    .unwrap(),
            );
        }
        _ => {
            black_box(session.evaluate(black_box(&typed), None).unwrap().unwrap());
        }
    });
    let instantiate = measure(5_000, || host.instantiate().unwrap());
    let per_request = measure(2_000, || {
        black_box(host.session().unwrap().evaluate_json(&case, None).unwrap().unwrap());
    });
    // The first call alone: the clock runs only between a fresh instance's creation and its drop.
    let first_call_alone = measure_part(500, || {
        let mut fresh = host.session().unwrap();
        let start = Instant::now();
        black_box(fresh.evaluate_json(&case, None).unwrap().unwrap());
        start.elapsed()
    });

    println!("| what | measured | bar |");
    println!("|---|---|---|");
    println!("| native evaluation, JSON in and out | {} | — |", us(native_json));
    println!(
        "| … of which: decode and validate the case / evaluate / encode {} bytes of JSON | {} / {} / {} | — |",
        evaluation.to_json().len(),
        us(decode_only),
        us(evaluate_only),
        us(encode_only)
    );
    println!(
        "| component, JSON in and out (`Session::evaluate_json`: the bytes entry, the answer checked as UTF-8 by simdutf8) | {} ({:.2}× native) | ≤ 1.5× |",
        us(json_call),
        json_ratio
    );
    println!(
        "| component, the text entry itself (`evaluate-json`: wasmtime checks the answer as UTF-8) | {} ({:.2}× native) | — |",
        us(text_entry),
        text_ratio
    );
    println!(
        "| component, the bytes entry (`evaluate-json-bytes`, bytes in and out) | {} ({:.2}× native) | — |",
        us(bytes_entry),
        bytes_ratio
    );
    println!(
        "| component, typed entry (`evaluate`) | {} ({:.2}× native) | ≤ 3× |",
        us(typed_entry),
        typed_ratio
    );
    println!(
        "| instantiate (`InstancePre`, pooling allocator) | {} | ≤ 10 µs |",
        us(instantiate)
    );
    println!(
        "| a fresh instance's first call (the policy is pre-initialised) | {} | ≤ 30 µs |",
        us(first_call_alone)
    );
    println!(
        "| a request in a fresh instance: instantiate, first call, drop | {} | — |",
        us(per_request)
    );
    println!(
        "| IR load, native (decode {} bytes of IR, build the calendar) | {} | — |",
        ir.len(),
        us(load)
    );
    println!(
        "| `hall build` of the 白城 policy (parse, check, lower, splice, encode) | {:.2} ms | ≤ 50 ms |",
        build.as_secs_f64() * 1e3
    );
    println!(
        "| component size | {} KiB ({} bytes) | ≤ 500 KB |",
        component.len().div_ceil(1024),
        component.len()
    );
}
