//! trailplan plans the cost and the quotas of AWS CloudTrail before anything is deployed.
//!
//! The pipeline, one module a stage: [`scenario`] reads the TOML, [`model`] validates it,
//! [`selection`] works out which trails deliver which events, [`pricing`] prices the copies,
//! [`rules`] checks quotas and policy, [`report`] renders the [`plan::Plan`]. [`app`] takes the
//! command line's typed requests and answers with plans and a gate; the `trailplan` binary parses
//! the arguments, prints, and maps the outcome to an exit code. The library never prints.
//!
//! The pricing page's example — two trails deliver 150,000 management events; the second copy
//! costs $2.00 per 100,000:
//!
//! ```
//! use trailplan::{date::Date, error::SourceFile, money, plan, scenario};
//!
//! let text = r#"
//! format = 1
//! name = "two trails"
//! regions = ["us-east-1"]
//!
//! [[volume]]
//! category = "management"
//! write = 150_000
//!
//! [[trail]]
//! name = "first"
//! home_region = "us-east-1"
//!
//! [[trail]]
//! name = "second"
//! home_region = "us-east-1"
//! "#;
//! let scenario = scenario::parse(SourceFile::new("two-trails.toml", text))?;
//! let today = Date::new(2026, 11, 25).ok_or("not a day")?;
//! let plan = plan::evaluate(scenario, today, None)?;
//! assert_eq!(money::exact(plan.costing.total), "3.00");
//! assert_eq!(plan.findings[0].rule, trailplan::codes::Rule::PaidManagementCopy); // CT101
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Guard rails: nothing reachable from input may panic, and only the binary talks.
#![deny(unreachable_pub)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod app;
pub mod aws;
pub mod baseline;
pub mod codes;
pub mod date;
pub mod diff;
pub mod downstream;
pub mod error;
pub mod forecast;
pub mod import;
pub mod limits;
pub mod model;
pub mod money;
pub mod plan;
pub mod pricing;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod selection;
