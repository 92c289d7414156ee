//! Synthetic data for benchmarks, tests and reviews of large designs, each a function of its seed
//! alone: organization-scale scenarios ([`scenario`], behind `trailplan generate`) and CloudTrail log
//! trees in the S3 layout ([`logs`], read back by `usage logs`). Both draw from one random
//! generator, [`SplitMix64`], and use integers only.

pub mod logs;
mod rng;
pub mod scenario;

pub use rng::SplitMix64;
pub use scenario::{
    DEFAULT_ARN_VALUES, DEFAULT_TRAILS, GenerateError, GenerateOptions, MAX_ARN_VALUES, REGIONS,
    generate,
};
