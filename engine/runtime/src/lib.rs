//! Runtime side of hallpolicy, in the order a case goes through it: the compiled policy
//! ([`ir`]), the working-day [`calendar`] and moments, the [`case`] read and checked against the
//! policy's schema, its evaluation ([`evaluate`]: clocks, rules, penalties, and the evaluation
//! it returns), and the reports made from evaluations ([`report`]: text, explanations,
//! descriptions, diffs, coverage). A pure function of (policy, case, as-of): no clock, no I/O, no
//! randomness. It never depends on the parser or a diagnostics renderer, so it builds for
//! `wasm32-unknown-unknown` and stays small.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        reason = "tests fail loudly"
    )
)]

pub mod calendar;
pub mod case;
pub mod evaluate;
pub mod ir;
pub mod message;
pub mod report;

pub use case::{decode_case, Case, CaseError};
pub use evaluate::output::{Evaluation, SCHEMA_VERSION};
pub use evaluate::Evaluator;
pub use ir::{Policy, RuleBody};
pub use message::{Lang, Message};
pub use report::render::render_text;
