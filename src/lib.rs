//! trailplan plans the cost and the quotas of AWS CloudTrail before anything is deployed.
//!
//! The pipeline, one module a stage: [`scenario`] reads the TOML, [`model`] validates it,
//! [`selection`] works out which trails deliver which events, [`pricing`] prices the copies,
//! [`rules`] checks quotas and policy, [`report`] renders the [`plan::Plan`]. The command line
//! ([`cli`]) is a thin layer over them.

pub mod baseline;
pub mod cli;
pub mod date;
pub mod diff;
pub mod downstream;
pub mod error;
pub mod forecast;
pub mod generate;
pub mod import;
pub mod model;
pub mod money;
pub mod plan;
pub mod pricing;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod selection;
