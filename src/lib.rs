//! trailplan: plan the cost and the quotas of AWS CloudTrail before anything is deployed.

pub mod import;
