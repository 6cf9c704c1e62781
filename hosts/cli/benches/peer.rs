//! hallpolicy against a peer policy engine: the 白城 policy's 一次性告知 and 承诺件限时办结 rules
//! written in Rego (`tests/peer/baicheng-004.rego`, the calendar and matters as data) and run by
//! `regorus`, on the same cases in the same run.
//!
//! `cargo bench -p hall --bench peer` prints a Markdown table; BENCHMARKS.md records it. The
//! cases are the 白城 申办 fixtures and 1,000 generated 申办 cases; each figure is the median of 15
//! passes over all of them, per case. hallpolicy evaluates every rule of the policy and writes
//! its full JSON evaluation; the Rego peer evaluates two rules and returns a small object, so the
//! comparison favours the peer. `tests/peer_rego.rs` checks the two agree on these rules.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly"
)]

#[path = "support/rego_peer.rs"]
mod rego_peer;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use hall::build_component::component_bytes;
use hall::component_host::{ComponentHost, Limits};
use hallpolicy_runtime::Evaluator;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Median time per case over 15 passes through `cases`.
fn per_case(cases: &[String], mut f: impl FnMut(&str)) -> Duration {
    for case in cases.iter().take(50) {
        f(case);
    }
    let mut passes: Vec<Duration> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for case in cases {
                f(case);
            }
            start.elapsed() / u32::try_from(cases.len()).unwrap()
        })
        .collect();
    passes.sort();
    passes[7]
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let source = std::fs::read_to_string(root().join("policy/baicheng-004.hall")).unwrap();
    let policy = hallpolicy_compiler::compile(&source).unwrap();

    let mut cases: Vec<String> = Vec::new();
    let dir = root().join("tests/fixtures/cases/baicheng-004");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    cases.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    cases.extend(hall::generate::cases(&policy, 4000, 7).into_iter().take(4000));
    cases.retain(|c| c.contains("\"申办\""));
    cases.truncate(1000 + 23);
    let fixtures = cases.len();

    let mut rego = rego_peer::rego_engine(&root(), &policy);
    let rego_time = per_case(&cases, |case| {
        black_box(rego_peer::rego_obligations(&mut rego, black_box(case)));
    });

    let native = Evaluator::new(policy.clone());
    let native_time = per_case(&cases, |case| {
        let e = native.evaluate_json(black_box(case), None).unwrap();
        black_box(serde_json::to_string(&e).unwrap());
    });

    let component = component_bytes(&policy).unwrap();
    let host = ComponentHost::new(&component, Limits::default()).unwrap();
    let mut session = host.session().unwrap();
    let component_time = per_case(&cases, |case| {
        black_box(session.evaluate_json(black_box(case), None).unwrap().unwrap());
    });

    // Like for like: the same policy with only the two rules the peer encodes.
    let mut two_rules = policy.clone();
    two_rules
        .rules
        .retain(|r| r.id == "一次性告知" || r.id == "承诺件限时办结");
    let two_rules_component = component_bytes(&two_rules).unwrap();
    let two_rules_host = ComponentHost::new(&two_rules_component, Limits::default()).unwrap();
    let mut two_rules_session = two_rules_host.session().unwrap();
    let two_rules_time = per_case(&cases, |case| {
        black_box(two_rules_session.evaluate_json(black_box(case), None).unwrap().unwrap());
    });

    let speedup = |d: Duration| rego_time.as_secs_f64() / d.as_secs_f64();
    println!("{fixtures} 申办 cases (fixtures and generated), per case:");
    println!();
    println!("| engine | per case | hallpolicy's speed-up | bar |");
    println!("|---|---|---|---|");
    println!("| regorus, Rego peer (2 rules) | {} | — | — |", us(rego_time));
    println!(
        "| hallpolicy component, JSON entry (all 11 rules, full evaluation) | {} | {:.1}× | ≥ 10× |",
        us(component_time),
        speedup(component_time)
    );
    println!(
        "| hallpolicy component, JSON entry, the same 2 rules only | {} | {:.1}× | — |",
        us(two_rules_time),
        speedup(two_rules_time)
    );
    println!(
        "| hallpolicy native (all 11 rules, full evaluation) | {} | {:.1}× | — |",
        us(native_time),
        speedup(native_time)
    );
}
