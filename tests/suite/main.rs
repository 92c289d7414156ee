//! The integration tests, as one test binary (one link, one process, shared support).
//!
//! Each module is one area of behaviour; [`support`] holds what they share: running the built
//! binary, reading fixtures, scratch folders, snapshots (insta) and exact decimals; [`cmd`] runs the
//! command-line cases of `tests/cmd/`. Run one area with `cargo test --test suite rules::`;
//! `tests/README.md` says how to rewrite the expected outputs.

mod aws_examples;
mod aws_facts;
mod bad_input;
mod bill;
mod browser;
mod ci_surface;
mod cli;
mod cmd;
mod conventions;
mod determinism;
mod docs;
mod fuzz_corpus;
mod gate;
mod hostile;
mod hostile_import;
mod iac;
mod import;
mod inputs;
mod machines;
mod money;
mod orgscale;
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
