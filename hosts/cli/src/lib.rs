//! The `hall` tool as a library: its subcommands, and the wasmtime host that runs policy
//! components, so tests and benchmarks drive exactly what the binary runs.

pub mod batch;
pub mod build_component;
pub mod check;
pub mod command_error;
pub mod component_host;
pub mod coverage;
pub mod describe;
pub mod diagnostics;
pub mod diff;
pub mod doc;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod generate;
pub mod policy;
pub mod review;
pub mod rule_words;
pub mod serve;
pub mod snapshot_test;
pub mod trace;

/// How results are printed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Format {
    /// For people: graphical diagnostics, readable evaluations.
    Text,
    /// For editors, hosts and scripts: stable JSON.
    Json,
}
