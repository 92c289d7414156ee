//! The integration tests, as one test binary (one link, one process, shared support).
//!
//! Each module is one area of behaviour; [`support`] holds what they share: running the built
//! binary, reading fixtures, comparing with blessed files (`BLESS=1` rewrites them), and exact
//! decimals. Run one area with `cargo test --test suite rules::`.

mod aws_examples;
mod bad_input;
mod bill;
mod browser;
mod cli;
mod cmd;
mod conventions;
mod determinism;
mod fuzz_corpus;
mod gate;
mod hostile;
mod iac;
mod import;
mod money;
mod outputs;
mod partitions;
mod properties;
mod readme;
mod review;
mod rules;
mod scale;
mod support;
mod table;
mod targeted;
mod terraform_oracle;
mod usage;
