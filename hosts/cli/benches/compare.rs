//! Two builds of a component timed in turn on one machine, so a change to the evaluator can be
//! judged on a noisy machine: `cargo bench -p hall --bench compare -- A.wasm B.wasm CASE.json`
//! (relative paths are read from the repository root).
//!
//! Each of 21 rounds times, for A and then B, a batch of warm calls (instance reused) of each
//! entry (JSON, bytes, typed), of instantiations, and of fresh instances' first and second
//! calls; the medians and B/A follow.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly"
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use hall::component_host::{typed_case, ComponentHost, Limits};

const ROUNDS: usize = 21;

/// Microseconds per iteration of `n` runs of `f`.
fn per_call(n: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

/// `path` as given, or from the repository root when relative (cargo runs benches elsewhere).
fn from_root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let [_, a, b, case] = args.as_slice() else {
        panic!("usage: cargo bench -p hall --bench compare -- A.wasm B.wasm CASE.json");
    };
    let case = std::fs::read_to_string(from_root(case)).unwrap();
    let typed = typed_case(&serde_json::from_str(&case).unwrap()).unwrap();
    let hosts =
        [a, b].map(|path| ComponentHost::new(&std::fs::read(from_root(path)).unwrap(), Limits::default()).unwrap());
    let mut sessions: Vec<_> = hosts.iter().map(|h| h.session().unwrap()).collect();
    // [warm JSON, warm bytes, warm typed, instantiate, first call, second call] for A and for
    // B, a figure per round.
    let mut figures = [[const { Vec::new() }; 6], [const { Vec::new() }; 6]];
    for _ in 0..ROUNDS {
        for (k, host) in hosts.iter().enumerate() {
            let session = &mut sessions[k];
            figures[k][0].push(per_call(2_000, || {
                black_box(session.call_evaluate_json(black_box(&case), None).unwrap().unwrap());
            }));
            figures[k][1].push(per_call(2_000, || {
                black_box(
                    session
                        .evaluate_json_bytes(black_box(case.as_bytes()), None)
                        .unwrap()
                        .unwrap(),
                );
            }));
            figures[k][2].push(per_call(1_000, || {
                black_box(session.evaluate(black_box(&typed), None).unwrap().unwrap());
            }));
            figures[k][3].push(per_call(2_000, || host.instantiate().unwrap()));
            let (mut first, mut second) = (0.0, 0.0);
            for _ in 0..500 {
                let mut fresh = host.session().unwrap();
                let start = Instant::now();
                black_box(fresh.evaluate_json(&case, None).unwrap().unwrap());
                let between = Instant::now();
                black_box(fresh.evaluate_json(&case, None).unwrap().unwrap());
                second += between.elapsed().as_secs_f64();
                first += (between - start).as_secs_f64();
            }
            figures[k][4].push(first * 1e6 / 500.0);
            figures[k][5].push(second * 1e6 / 500.0);
        }
    }
    let [fa, fb] = figures;
    println!("| what | A | B | B/A |");
    println!("|---|---|---|---|");
    let names = [
        "warm call (`evaluate-json`)",
        "warm call (`evaluate-json-bytes`, bytes in and out)",
        "warm call (`evaluate`, typed)",
        "instantiate",
        "a fresh instance's first call",
        "… and its second call",
    ];
    for ((name, a), b) in names.iter().zip(fa).zip(fb) {
        let (a, b) = (median(a), median(b));
        println!("| {name} | {a:.2} µs | {b:.2} µs | {:.3} |", b / a);
    }
}
