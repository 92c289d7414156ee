//! Synthetic organization-scale scenarios, for benchmarks and for reviews of large designs.
//!
//! `trailplan generate` writes the kind of scenario a landing zone produces: an AWS Organizations
//! management account plus thousands of member accounts in every region, an organization trail with
//! Insights, a security team's write-only copy, data-event trails whose advanced selectors hold
//! hundreds of `resources.ARN` prefixes, a Lambda data-event trail with basic selectors, a network
//! activity trail, per-account trails, and volume blocks per account group and region.
//!
//! The output is a function of [`GenerateOptions`] alone: the same options (seed included) always give
//! the same bytes, so a benchmark run on a generated file can be reproduced anywhere. Randomness comes
//! from the library's splitmix64 generator ([`SplitMix64`]), and only integers are involved.
//!
//! A generated scenario is valid under the scenario format (SPEC §3) and stays inside CloudTrail's hard
//! quotas, so it raises no error-level finding: at most 5 trails per account and region
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>) and at
//! most 500 advanced selector values per trail. Warnings and infos (paid copies, unselected volumes)
//! are expected: they are what a real organization looks like. It also stays inside what the
//! scenario reader accepts, so it can be read back: at most 64 MiB and 1,000,000 account × region
//! cells (`limits`).

mod check;
mod trails;
mod volumes;
mod writer;

#[cfg(test)]
mod tests;

use super::SplitMix64;
use crate::limits::{MAX_CELLS, MAX_FILE_BYTES};
use check::{check, within_file_limit};
use std::fmt::Write as _;

/// Real AWS commercial regions, the first `--regions` of which a generated scenario models.
///
/// `us-east-1` comes first because global service events are recorded there; the most recently
/// launched regions come last.
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-south-1",
    "ap-east-1",
    "ca-central-1",
    "sa-east-1",
    "me-south-1",
    "af-south-1",
    "ap-southeast-3",
    "eu-central-2",
    "eu-south-2",
    "ap-south-2",
    "me-central-1",
    "ap-southeast-4",
    "il-central-1",
    "ca-west-1",
    "ap-southeast-5",
    "ap-southeast-7",
    "mx-central-1",
];

/// Trails in a generated scenario unless told otherwise: the five named trails, no per-account ones.
pub const DEFAULT_TRAILS: u32 = 5;

/// `resources.ARN` values in the S3 data-event selector unless told otherwise.
pub const DEFAULT_ARN_VALUES: u32 = 300;

/// The most `resources.ARN` values the S3 selector can hold: 500 values per trail (CT003) minus the
/// selector's `eventCategory`, `resources.type` and `readOnly` values.
#[allow(clippy::cast_possible_truncation)] // 500 - 3 fits a u32
pub const MAX_ARN_VALUES: u32 = (crate::limits::ADVANCED_SELECTOR_VALUES_PER_TRAIL - 3) as u32;

/// The size and the seed of a generated scenario.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Accounts in total: the management account plus `accounts - 1` members.
    pub accounts: u32,
    /// How many of [`REGIONS`] the scenario models, from the first.
    pub regions: u32,
    /// The seed of the generator: same seed, same scenario.
    pub seed: u64,
    /// Trails in total, the organization trail included (default [`DEFAULT_TRAILS`]).
    pub trails: u32,
    /// Number of `[[volume]]` blocks (default ten per account).
    pub volumes: u32,
    /// `resources.ARN` values in the S3 data-event trail's advanced selector
    /// (default [`DEFAULT_ARN_VALUES`], at most [`MAX_ARN_VALUES`]).
    pub arn_values: u32,
}

impl GenerateOptions {
    /// Options with the defaults for everything but the size and the seed.
    #[must_use]
    pub fn new(accounts: u32, regions: u32, seed: u64) -> Self {
        Self {
            accounts,
            regions,
            seed,
            trails: DEFAULT_TRAILS,
            volumes: accounts.saturating_mul(10),
            arn_values: DEFAULT_ARN_VALUES,
        }
    }
}

/// Options that cannot make a valid scenario.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// Zero accounts.
    #[error("a scenario needs at least one account (got --accounts 0)")]
    NoAccounts,
    /// Zero regions, or more than [`REGIONS`] holds.
    #[error("--regions must be between 1 and {available} (got {requested})")]
    Regions {
        /// What was asked for.
        requested: u32,
        /// How many regions the generator knows.
        available: usize,
    },
    /// Zero trails: the organization trail is always generated.
    #[error(
        "a generated scenario needs at least one trail, the organization trail (got --trails 0)"
    )]
    NoTrails,
    /// More ARN values than one trail's advanced selectors may hold.
    #[error(
        "--arn-values {requested} would put more than 500 values in one trail's advanced selectors (CT003); use at most {max}"
    )]
    TooManyArnValues {
        /// What was asked for.
        requested: u32,
        /// [`MAX_ARN_VALUES`].
        max: u32,
    },
    /// More trails or volumes than a scenario file may hold (64 MiB, whatever the size of the
    /// rest): the file could not be read back, and writing it could ask for hundreds of gigabytes.
    #[error("{flag} {requested} is more than a scenario may list; use at most {max}")]
    TooMany {
        /// The option.
        flag: &'static str,
        /// What was asked for.
        requested: u32,
        /// The most blocks of one kind that fit in 64 MiB.
        max: u64,
    },
    /// More accounts × regions than a scenario may span (1,000,000 cells).
    #[error(
        "--accounts {accounts} in {regions} regions is more than the {MAX_CELLS} account × region cells a scenario may span; use at most {max} accounts"
    )]
    TooManyCells {
        /// Accounts asked for.
        accounts: u32,
        /// Regions asked for.
        regions: u32,
        /// The most accounts in that many regions.
        max: usize,
    },
    /// A scenario file larger than a scenario may be (64 MiB): it could not be read back.
    #[error(
        "the scenario would be more than {MAX_FILE_BYTES} bytes (64 MiB), the most a scenario file may hold; ask for fewer accounts, trails or volumes"
    )]
    TooLarge,
    /// The per-account trails do not fit under 5 trails per account and region.
    #[error(
        "{trails} trails do not fit in {accounts} accounts and {regions} regions without more than 5 trails in one account and region (CT001)"
    )]
    TooManyTrails {
        /// What was asked for.
        trails: u32,
        /// Accounts in the scenario.
        accounts: u32,
        /// Regions in the scenario.
        regions: u32,
    },
}

/// Writes a scenario of the requested size as TOML text.
///
/// # Errors
///
/// [`GenerateError`] when the options cannot make a scenario that stays inside CloudTrail's quotas
/// and that the scenario reader can read back.
pub fn generate(opts: &GenerateOptions) -> Result<String, GenerateError> {
    check(opts)?;
    let mut generator = Generator::new(opts);
    generator.header();
    generator.accounts();
    generator.trails()?;
    generator.volumes();
    within_file_limit(generator.out.len())?;
    Ok(generator.out)
}

/// Bucket name stems of the S3 selector's prefixes.
const BUCKET_STEMS: &[&str] = &[
    "analytics",
    "uploads",
    "media",
    "backup",
    "finance",
    "ml-train",
    "exports",
    "audit",
];

/// Lambda function name prefixes; the Lambda trail selects the first three.
const FUNCTION_PREFIXES: &[&str] = &["api-", "etl-", "auth-", "batch-", "cron-"];
/// Functions per name prefix: `api-0000` to `api-0009`. The Lambda trail names each function of a
/// selected prefix by its whole ARN, because AWS compares Lambda values as exact ARNs ("function:api-"
/// would select only a function named `api-`; API reference, DataResource).
/// <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html>
const FUNCTIONS_PER_PREFIX: u64 = 10;

/// Regions in which the Lambda trail names function prefixes.
const LAMBDA_REGIONS: u32 = 4;

/// Writes one scenario into a string.
#[derive(Debug)]
struct Generator<'a> {
    opts: &'a GenerateOptions,
    rng: SplitMix64,
    out: String,
    /// 12-digit account ids: `(multiplier * index + offset) mod 9×10¹¹ + 10¹¹`, a bijection, so
    /// the ids are distinct and look random.
    id_multiplier: u64,
    id_offset: u64,
    /// The account of the security team's copy and of the Lambda data-event trail.
    security: u32,
    lambda: u32,
    /// Round-robin position over the accounts for grouped volume blocks.
    cursor: u32,
}

const ID_SPAN: u64 = 900_000_000_000;
const ID_BASE: u64 = 100_000_000_000;

/// `arn:aws:s3:::<stem>-<nnnn>/`: the bucket of the S3 selector's `index`-th prefix.
fn push_bucket(out: &mut String, index: u32) {
    let stem = BUCKET_STEMS[index as usize % BUCKET_STEMS.len()];
    let _ = write!(out, "arn:aws:s3:::{stem}-{index:04}/");
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
