//! trailplan plans the cost and the quotas of AWS CloudTrail before anything is deployed.
//!
//! The pipeline, one module a stage: [`scenario`] reads the TOML, [`model`] validates it,
//! [`selection`] works out which trails deliver which events, [`pricing`] prices the copies,
//! [`rules`] checks quotas and policy, [`report`] renders the [`plan::Plan`]. The command line
//! ([`cli`]) is a thin layer over them.
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
//! assert_eq!(plan.findings[0].rule, "CT101"); // paid-management-copy
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
pub mod usage;
mod usage_cli;
