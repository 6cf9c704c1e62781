//! Builds the evaluator core module (`engine/guest`) for `wasm32-unknown-unknown` once, so the
//! `hall` binary can carry it and splice policies into it without a Rust toolchain at run time.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("../..");
    for watched in [
        "engine/json/src",
        "engine/json/Cargo.toml",
        "engine/runtime/src",
        "engine/runtime/locales",
        "engine/runtime/Cargo.toml",
        "engine/guest/src",
        "engine/guest/Cargo.toml",
        "wit",
        "Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo::rerun-if-changed={}", root.join(watched).display());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let target_dir = root.join("target/evaluator");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "-p",
            "hallpolicy-guest",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "guest",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("RUSTFLAGS")
        // 128-bit SIMD, which wasmtime, V8 and every current browser run: UTF-8 checks of cases
        // and LLVM's vectorised loops. Inlining past LLVM's default (225): in wasm every call
        // also checks the epoch deadline; 425 takes a tenth off a call's instructions for a
        // tenth more code (at 500 it outgrows the 500 KB bar).
        .env(
            "CARGO_ENCODED_RUSTFLAGS",
            "-Ctarget-feature=+simd128\x1f-Cllvm-args=-inline-threshold=425",
        )
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        .status();
    let built = target_dir.join("wasm32-unknown-unknown/guest/hallpolicy_guest.wasm");
    match status {
        Ok(s) if s.success() => {
            if let Err(e) = std::fs::copy(&built, out.join("evaluator.wasm")) {
                println!("cargo::error=cannot copy the evaluator module {}: {e}", built.display());
            }
        }
        _ => println!(
            "cargo::error=building the evaluator module for wasm32-unknown-unknown failed; \
             if the target is missing, run `rustup target add wasm32-unknown-unknown`"
        ),
    }
}
