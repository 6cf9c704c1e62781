//! Evaluates a case N times natively and prints the last evaluation's JSON, for a profiler:
//! `cargo run --release -p hallpolicy-compiler --example profile_eval -- POLICY CASE N`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a profiling harness fails loudly"
)]

use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let source = std::fs::read_to_string(&args[1]).unwrap();
    let case = std::fs::read_to_string(&args[2]).unwrap();
    let n: usize = args[3].parse().unwrap();
    let policy = hallpolicy_compiler::compile(&source).unwrap();
    let evaluator = hallpolicy_runtime::Evaluator::new(policy);
    let mut json = String::new();
    for _ in 0..n {
        let evaluation = evaluator.evaluate_json(black_box(&case), None).unwrap();
        json = evaluation.to_json();
    }
    println!("{json}");
}
