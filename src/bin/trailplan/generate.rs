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
//! are expected: they are what a real organization looks like.

use std::collections::HashMap;
use std::fmt::Write as _;
use trailplan::limits::MAX_LIST;
use trailplan::usage::synth::SplitMix64;

/// Real AWS commercial regions, the first `--regions` of which a generated scenario models.
///
/// `us-east-1` comes first because global service events are recorded there; the most recently
/// launched regions come last.
pub(crate) const REGIONS: &[&str] = &[
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
pub(crate) const DEFAULT_TRAILS: u32 = 5;

/// `resources.ARN` values in the S3 data-event selector unless told otherwise.
pub(crate) const DEFAULT_ARN_VALUES: u32 = 300;

/// The most `resources.ARN` values the S3 selector can hold: 500 values per trail (CT003) minus the
/// selector's `eventCategory`, `resources.type` and `readOnly` values.
#[allow(clippy::cast_possible_truncation)] // 500 - 3 fits a u32
pub(crate) const MAX_ARN_VALUES: u32 =
    (trailplan::limits::ADVANCED_SELECTOR_VALUES_PER_TRAIL - 3) as u32;

/// CloudTrail's limit of trails per account and region (CT001).
#[allow(clippy::cast_possible_truncation)] // 5 fits a u32
const MAX_TRAILS_PER_REGION: u32 = trailplan::limits::TRAILS_PER_REGION as u32;

/// The size and the seed of a generated scenario.
#[derive(Debug, Clone)]
pub(crate) struct GenerateOptions {
    /// Accounts in total: the management account plus `accounts - 1` members.
    pub(crate) accounts: u32,
    /// How many of [`REGIONS`] the scenario models, from the first.
    pub(crate) regions: u32,
    /// The seed of the generator: same seed, same scenario.
    pub(crate) seed: u64,
    /// Trails in total, the organization trail included (default [`DEFAULT_TRAILS`]).
    pub(crate) trails: u32,
    /// Number of `[[volume]]` blocks (default ten per account).
    pub(crate) volumes: u32,
    /// `resources.ARN` values in the S3 data-event trail's advanced selector
    /// (default [`DEFAULT_ARN_VALUES`], at most [`MAX_ARN_VALUES`]).
    pub(crate) arn_values: u32,
}

impl GenerateOptions {
    /// Options with the defaults for everything but the size and the seed.
    #[must_use]
    pub(crate) fn new(accounts: u32, regions: u32, seed: u64) -> Self {
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
pub(crate) enum GenerateError {
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
    /// More accounts, trails or volumes than a scenario may list: the file could not be read back,
    /// and writing it would ask for hundreds of gigabytes.
    #[error("{flag} {requested} is more than a scenario may list; use at most {max}")]
    TooMany {
        /// The option.
        flag: &'static str,
        /// What was asked for.
        requested: u32,
        /// [`MAX_LIST`].
        max: usize,
    },
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
/// [`GenerateError`] when the options cannot make a scenario that stays inside CloudTrail's quotas.
pub(crate) fn generate(opts: &GenerateOptions) -> Result<String, GenerateError> {
    check(opts)?;
    let mut generator = Generator::new(opts);
    generator.header();
    generator.accounts();
    generator.trails()?;
    generator.volumes();
    Ok(generator.out)
}

fn check(opts: &GenerateOptions) -> Result<(), GenerateError> {
    if opts.accounts == 0 {
        return Err(GenerateError::NoAccounts);
    }
    if opts.regions == 0 || opts.regions as usize > REGIONS.len() {
        return Err(GenerateError::Regions {
            requested: opts.regions,
            available: REGIONS.len(),
        });
    }
    if opts.trails == 0 {
        return Err(GenerateError::NoTrails);
    }
    for (flag, requested) in [
        ("--accounts", opts.accounts),
        ("--trails", opts.trails),
        ("--volumes", opts.volumes),
    ] {
        if requested as usize > MAX_LIST {
            return Err(GenerateError::TooMany {
                flag,
                requested,
                max: MAX_LIST,
            });
        }
    }
    if opts.arn_values > MAX_ARN_VALUES {
        return Err(GenerateError::TooManyArnValues {
            requested: opts.arn_values,
            max: MAX_ARN_VALUES,
        });
    }
    Ok(())
}

/// Non-global management event sources named by some management volumes.
const SOURCES: &[&str] = &[
    "ec2.amazonaws.com",
    "s3.amazonaws.com",
    "kms.amazonaws.com",
    "lambda.amazonaws.com",
    "rds.amazonaws.com",
    "dynamodb.amazonaws.com",
    "ssm.amazonaws.com",
    "secretsmanager.amazonaws.com",
];

/// Global service sources: their events are recorded in us-east-1.
const GLOBAL_SOURCES: &[&str] = &["iam.amazonaws.com", "sts.amazonaws.com"];

/// Sources of network activity volumes; only the first is selected by the network activity trail.
const NETWORK_SOURCES: &[&str] = &[
    "ec2.amazonaws.com",
    "ec2.amazonaws.com",
    "kms.amazonaws.com",
    "s3.amazonaws.com",
    "secretsmanager.amazonaws.com",
];

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
const SELECTED_FUNCTION_PREFIXES: usize = 3;
/// Functions per name prefix: `api-0000` to `api-0009`. The Lambda trail names each function of a
/// selected prefix by its whole ARN, because AWS compares Lambda values as exact ARNs ("function:api-"
/// would select only a function named `api-`; API reference, DataResource).
/// <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html>
const FUNCTIONS_PER_PREFIX: u64 = 10;

/// Regions in which the Lambda trail names function prefixes.
const LAMBDA_REGIONS: u32 = 4;

/// Which of the generated volumes a `[[volume]]` block is, by its position in a cycle of 20.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VolumeKind {
    Management,
    S3,
    Lambda,
    Network,
    GlobalService,
}

impl VolumeKind {
    const ALL: [Self; 5] = [
        Self::Management,
        Self::S3,
        Self::Lambda,
        Self::Network,
        Self::GlobalService,
    ];

    /// How many of every 20 blocks are of this kind.
    fn share(self) -> u32 {
        match self {
            Self::Management => 8,
            Self::S3 => 7,
            Self::Lambda => 3,
            Self::Network | Self::GlobalService => 1,
        }
    }

    /// How many of `total` blocks are of this kind: as if the kinds took turns in a cycle of 20.
    fn count(self, total: u32) -> u32 {
        let offset: u32 = Self::ALL
            .iter()
            .take_while(|k| **k != self)
            .map(|k| k.share())
            .sum();
        let full = total / 20 * self.share();
        let rest = (total % 20).saturating_sub(offset).min(self.share());
        full + rest
    }
}

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

impl<'a> Generator<'a> {
    fn new(opts: &'a GenerateOptions) -> Self {
        let mut rng = SplitMix64::new(opts.seed);
        let mut id_multiplier = rng.below(ID_SPAN - 1) + 1;
        while gcd(id_multiplier, ID_SPAN) != 1 {
            id_multiplier += 1;
        }
        let id_offset = rng.below(ID_SPAN);
        // Estimate: a few hundred bytes per volume block, a little under 100 per account.
        let capacity = (opts.volumes as usize)
            .saturating_mul(160)
            .saturating_add((opts.accounts as usize).saturating_mul(70))
            .saturating_add(64 * 1024);
        Self {
            opts,
            rng,
            out: String::with_capacity(capacity),
            id_multiplier,
            id_offset,
            security: opts.accounts.min(2) - 1,
            lambda: opts.accounts.min(3) - 1,
            cursor: 0,
        }
    }

    fn region(&self, index: u32) -> &'static str {
        REGIONS[index as usize]
    }

    fn account_id(&self, index: u32) -> u64 {
        let scrambled = (u128::from(self.id_multiplier) * u128::from(index)
            + u128::from(self.id_offset))
            % u128::from(ID_SPAN);
        // Below ID_SPAN, so it fits.
        u64::try_from(scrambled).unwrap_or(0) + ID_BASE
    }

    fn push_account_name(&mut self, index: u32) {
        if index == 0 {
            self.out.push_str("management");
        } else {
            let _ = write!(self.out, "acct-{index:05}");
        }
    }

    fn account_name(&self, index: u32) -> String {
        if index == 0 {
            "management".to_owned()
        } else {
            format!("acct-{index:05}")
        }
    }

    fn header(&mut self) {
        let o = self.opts;
        let _ = writeln!(
            self.out,
            "# Generated by `trailplan generate --accounts {} --regions {} --seed {} --trails {} --volumes {} --arn-values {}`.\n\
             # The same options always give the same file.\n\
             format = 1\n\
             name = \"generated organization: {} accounts x {} regions, seed {}\"",
            o.accounts,
            o.regions,
            o.seed,
            o.trails,
            o.volumes,
            o.arn_values,
            o.accounts,
            o.regions,
            o.seed,
        );
        self.out.push_str("regions = [");
        for r in 0..o.regions {
            if r > 0 {
                self.out.push_str(", ");
            }
            let _ = write!(self.out, "\"{}\"", self.region(r));
        }
        self.out.push_str("]\n");
    }

    fn accounts(&mut self) {
        for a in 0..self.opts.accounts {
            self.out.push_str("\n[[account]]\nname = \"");
            self.push_account_name(a);
            let _ = writeln!(self.out, "\"\nid = \"{:012}\"", self.account_id(a));
            if a == 0 {
                self.out.push_str("management = true\n");
            }
        }
    }

    fn trails(&mut self) -> Result<(), GenerateError> {
        let total = self.opts.trails;
        let named: [fn(&mut Self); 5] = [
            Self::org_trail,
            Self::security_trail,
            Self::s3_trail,
            Self::lambda_trail,
            Self::network_trail,
        ];
        // Trails per (account, region) of the named trails, all multi-region: the organization
        // trails count in the management account only.
        let mut per_account: HashMap<u32, u32> = HashMap::new();
        let owners = [0, self.security, 0, self.lambda, 0];
        for (i, (write_trail, owner)) in (0u32..).zip(named.iter().zip(owners)) {
            if i >= total {
                break;
            }
            write_trail(self);
            *per_account.entry(owner).or_default() += 1;
        }
        self.local_trails(total.saturating_sub(5), &per_account)
    }

    fn trail_head(&mut self, name: &str, account: u32, region: u32, multi: bool, org: bool) {
        let _ = write!(self.out, "\n[[trail]]\nname = \"{name}\"\naccount = \"");
        self.push_account_name(account);
        let _ = writeln!(self.out, "\"\nhome_region = \"{}\"", self.region(region));
        if multi {
            self.out.push_str("multi_region = true\n");
        }
        if org {
            self.out.push_str("organization = true\n");
        }
    }

    /// All management events of the organization, with both Insights types.
    fn org_trail(&mut self) {
        self.trail_head("org-audit", 0, 0, true, true);
        self.out
            .push_str("insights = [\"ApiCallRateInsight\", \"ApiErrorRateInsight\"]\n");
    }

    /// The security team's own copy of the write events: a paid copy in its account.
    fn security_trail(&mut self) {
        self.trail_head("security-copy", self.security, 0, true, false);
        self.out.push_str(
            "\n[[trail.event_selector]]\nread_write_type = \"WriteOnly\"\ninclude_management_events = true\n",
        );
    }

    /// Writes to the data-lake buckets of the whole organization, by bucket prefix.
    fn s3_trail(&mut self) {
        self.trail_head("s3-data-events", 0, 0, true, true);
        self.out.push_str(
            "\n[[trail.advanced_event_selector]]\nname = \"writes to data-lake buckets\"\nfield_selectors = [\n  \
             { field = \"eventCategory\", equals = [\"Data\"] },\n  \
             { field = \"resources.type\", equals = [\"AWS::S3::Object\"] },\n  \
             { field = \"readOnly\", equals = [\"false\"] },\n",
        );
        if self.opts.arn_values > 0 {
            self.out
                .push_str("  { field = \"resources.ARN\", starts_with = [");
            for i in 0..self.opts.arn_values {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push('"');
                push_bucket(&mut self.out, i);
                self.out.push('"');
            }
            self.out.push_str("] },\n");
        }
        self.out.push_str("]\n");
    }

    /// Invocations of the workload account's functions: every function of the selected name
    /// prefixes, each by its exact ARN (3 prefixes × 10 functions × 4 regions = 120 data resources,
    /// inside the 250 of a trail).
    fn lambda_trail(&mut self) {
        self.trail_head("lambda-data-events", self.lambda, 0, true, false);
        self.out.push_str(
            "\n[[trail.event_selector]]\nread_write_type = \"All\"\ninclude_management_events = false\n\
             data_resources = [{ type = \"AWS::Lambda::Function\", values = [",
        );
        let id = self.account_id(self.lambda);
        let mut first = true;
        for r in 0..self.opts.regions.min(LAMBDA_REGIONS) {
            for prefix in &FUNCTION_PREFIXES[..SELECTED_FUNCTION_PREFIXES] {
                for function in 0..FUNCTIONS_PER_PREFIX {
                    if !first {
                        self.out.push_str(", ");
                    }
                    first = false;
                    let _ = write!(
                        self.out,
                        "\"arn:aws:lambda:{}:{id:012}:function:{prefix}{function:04}\"",
                        self.region(r)
                    );
                }
            }
        }
        self.out.push_str("] }]\n");
    }

    /// VPC endpoint activity against EC2 across the organization.
    fn network_trail(&mut self) {
        self.trail_head("network-activity", 0, 0, true, true);
        self.out.push_str(
            "\n[[trail.advanced_event_selector]]\nname = \"ec2 through vpc endpoints\"\nfield_selectors = [\n  \
             { field = \"eventCategory\", equals = [\"NetworkActivity\"] },\n  \
             { field = \"eventSource\", equals = [\"ec2.amazonaws.com\"] },\n]\n",
        );
    }

    /// Single-region trails that member accounts keep for themselves, spread round-robin over the
    /// members (the security account last) and then over the regions.
    fn local_trails(&mut self, count: u32, named: &HashMap<u32, u32>) -> Result<(), GenerateError> {
        if count == 0 {
            return Ok(());
        }
        let accounts = self.opts.accounts;
        let regions = self.opts.regions;
        let too_many = GenerateError::TooManyTrails {
            trails: self.opts.trails,
            accounts,
            regions,
        };
        // Members other than the security account first; the management account only if alone.
        let hosts: Vec<u32> = if accounts > 2 {
            (2..accounts).chain([1]).collect()
        } else {
            (0..accounts).rev().collect()
        };
        let hosts_len = u32::try_from(hosts.len()).unwrap_or(u32::MAX);
        let slots = u64::from(hosts_len) * u64::from(regions);
        // Trail k goes to host k mod hosts, region (k / hosts) mod regions, round k / slots.
        let rounds = u64::from(count).div_ceil(slots);
        let busiest = hosts
            .iter()
            .map(|h| named.get(h).copied().unwrap_or(0))
            .max()
            .unwrap_or(0);
        if rounds + u64::from(busiest) > u64::from(MAX_TRAILS_PER_REGION) {
            return Err(too_many);
        }
        for k in 0..count {
            let host = hosts[(k % hosts_len) as usize];
            let region = (k / hosts_len) % regions;
            let round = u64::from(k) / slots + 1;
            let name = format!(
                "{}-{}-local-{round}",
                self.account_name(host),
                self.region(region)
            );
            self.trail_head(&name, host, region, false, false);
            if self.rng.one_in(4) {
                self.out.push_str("insights = [\"ApiCallRateInsight\"]\n");
            }
            if self.rng.one_in(3) {
                self.out.push_str("cloudwatch_logs = true\n");
            }
        }
        Ok(())
    }

    fn volumes(&mut self) {
        let total = self.opts.volumes;
        for kind in VolumeKind::ALL {
            for _ in 0..kind.count(total) {
                match kind {
                    VolumeKind::Management => self.management_volume(),
                    VolumeKind::S3 => self.s3_volume(),
                    VolumeKind::Lambda => self.lambda_volume(),
                    VolumeKind::Network => self.network_volume(),
                    VolumeKind::GlobalService => self.global_volume(),
                }
            }
        }
    }

    /// `accounts = [...]` naming the next `size` accounts round-robin.
    fn push_account_group(&mut self, size: u32) {
        let size = size.min(self.opts.accounts);
        self.out.push_str("accounts = [");
        for i in 0..size {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.out.push('"');
            let account = self.cursor;
            self.push_account_name(account);
            self.out.push('"');
            self.cursor = (self.cursor + 1) % self.opts.accounts;
        }
        self.out.push_str("]\n");
    }

    fn push_region(&mut self, region: u32) {
        let _ = writeln!(self.out, "regions = [\"{}\"]", self.region(region));
    }

    fn push_counts(&mut self, read_max: u64, write_max: u64) {
        let read = self.rng.below(read_max) + 1_000;
        let write = self.rng.below(write_max) + 100;
        let _ = writeln!(self.out, "read = {read}\nwrite = {write}");
    }

    /// Management events of a group of accounts, in one region or (one block in eight) all of them.
    fn management_volume(&mut self) {
        self.out.push_str("\n[[volume]]\n");
        let size = self.rng.index(4) + 1;
        self.push_account_group(size);
        if !self.rng.one_in(8) {
            let region = self.rng.index(self.opts.regions);
            self.push_region(region);
        }
        self.out.push_str("category = \"management\"\n");
        if self.rng.one_in(3) {
            let source = SOURCES[self.rng.index(8) as usize];
            let _ = writeln!(self.out, "event_source = \"{source}\"");
            if source == "kms.amazonaws.com" && self.rng.one_in(2) {
                self.out.push_str("event_name = \"Decrypt\"\n");
            }
        }
        self.push_counts(20_000_000, 2_000_000);
    }

    /// IAM and STS events, recorded in us-east-1.
    fn global_volume(&mut self) {
        self.out.push_str("\n[[volume]]\n");
        let size = self.rng.index(5) + 1;
        self.push_account_group(size);
        self.push_region(0);
        let source = GLOBAL_SOURCES[self.rng.index(2) as usize];
        let _ = writeln!(
            self.out,
            "category = \"management\"\nevent_source = \"{source}\""
        );
        self.push_counts(5_000_000, 500_000);
    }

    /// Object events on one bucket of one account: three in four on a bucket the S3 trail selects.
    fn s3_volume(&mut self) {
        self.out.push_str("\n[[volume]]\naccounts = [\"");
        let account = self.rng.index(self.opts.accounts);
        self.push_account_name(account);
        self.out.push_str("\"]\n");
        let region = self.rng.index(self.opts.regions);
        self.push_region(region);
        self.out.push_str(
            "category = \"data\"\nresource_type = \"AWS::S3::Object\"\nresource_arn = \"",
        );
        let values = self.opts.arn_values;
        if values > 0 && !self.rng.one_in(4) {
            let bucket = self.rng.index(values);
            push_bucket(&mut self.out, bucket);
            if self.rng.one_in(2) {
                let _ = write!(self.out, "{}/", 2020 + self.rng.below(7));
            }
        } else {
            // Same stems, numbers past the selector's last prefix: no prefix matches.
            let bucket = values + self.rng.index(1_000);
            push_bucket(&mut self.out, bucket);
        }
        self.out.push_str("\"\n");
        self.push_counts(200_000_000, 20_000_000);
    }

    /// Invocations of one function: three in four in the workload account, under a selected prefix
    /// three times in five.
    fn lambda_volume(&mut self) {
        self.out.push_str("\n[[volume]]\naccounts = [\"");
        let account = if self.rng.one_in(4) {
            self.rng.index(self.opts.accounts)
        } else {
            self.lambda
        };
        self.push_account_name(account);
        self.out.push_str("\"]\n");
        let region = self.rng.index(self.opts.regions.min(LAMBDA_REGIONS + 2));
        self.push_region(region);
        let prefix = FUNCTION_PREFIXES[self.rng.index(5) as usize];
        let function = self.rng.below(FUNCTIONS_PER_PREFIX);
        let _ = writeln!(
            self.out,
            "category = \"data\"\nresource_type = \"AWS::Lambda::Function\"\n\
             resource_arn = \"arn:aws:lambda:{}:{:012}:function:{prefix}{function:04}\"",
            self.region(region),
            self.account_id(account),
        );
        self.push_counts(1_000_000, 50_000_000);
    }

    /// Network activity through VPC endpoints of a group of accounts in one region.
    fn network_volume(&mut self) {
        self.out.push_str("\n[[volume]]\n");
        let size = self.rng.index(3) + 1;
        self.push_account_group(size);
        let region = self.rng.index(self.opts.regions);
        self.push_region(region);
        let source = NETWORK_SOURCES[self.rng.index(5) as usize];
        let _ = writeln!(
            self.out,
            "category = \"network_activity\"\nevent_source = \"{source}\""
        );
        self.push_counts(10_000_000, 1_000_000);
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use toml::{Table, Value};

    fn parse(opts: &GenerateOptions) -> Table {
        let text = generate(opts).expect("options are valid");
        toml::from_str::<Table>(&text).expect("generated TOML parses")
    }

    fn array<'t>(table: &'t Table, key: &str) -> &'t [Value] {
        table
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    fn str_of<'t>(value: &'t Value, key: &str) -> Option<&'t str> {
        value.get(key).and_then(Value::as_str)
    }

    fn strings(value: Option<&Value>) -> Vec<&str> {
        value
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn same_seed_gives_the_same_text() {
        let opts = GenerateOptions::new(50, 4, 7);
        assert_eq!(generate(&opts), generate(&opts));
    }

    #[test]
    fn different_seeds_give_different_texts() {
        let a = generate(&GenerateOptions::new(50, 4, 1)).unwrap();
        let b = generate(&GenerateOptions::new(50, 4, 2)).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn output_has_the_requested_numbers() {
        let opts = GenerateOptions {
            volumes: 1_234,
            ..GenerateOptions::new(120, 30, 3)
        };
        let table = parse(&opts);
        assert_eq!(table.get("format").and_then(Value::as_integer), Some(1));
        assert_eq!(array(&table, "account").len(), 120);
        assert_eq!(array(&table, "volume").len(), 1_234);
        assert_eq!(array(&table, "trail").len(), 5);
        let regions = strings(table.get("regions"));
        assert_eq!(regions, REGIONS[..30]);
    }

    #[test]
    fn sizes_beyond_what_a_scenario_may_list_are_refused_before_allocating() {
        // `generate --volumes 4294967295` asked for a 687 GB buffer and aborted.
        let mut opts = GenerateOptions::new(3, 2, 1);
        opts.volumes = u32::MAX;
        assert_eq!(
            generate(&opts).unwrap_err().to_string(),
            "--volumes 4294967295 is more than a scenario may list; use at most 100000"
        );
        let opts = GenerateOptions::new(100_001, 2, 1);
        assert_eq!(
            generate(&opts).unwrap_err().to_string(),
            "--accounts 100001 is more than a scenario may list; use at most 100000"
        );
    }

    #[test]
    fn default_volumes_are_ten_per_account() {
        let table = parse(&GenerateOptions::new(13, 2, 3));
        assert_eq!(array(&table, "volume").len(), 130);
    }

    #[test]
    fn every_volume_count_from_zero_to_forty_is_exact() {
        for volumes in 0..40 {
            let opts = GenerateOptions {
                volumes,
                ..GenerateOptions::new(3, 2, 5)
            };
            assert_eq!(array(&parse(&opts), "volume").len(), volumes as usize);
        }
    }

    #[test]
    fn the_organization_trail_is_in_the_management_account_with_insights() {
        let table = parse(&GenerateOptions::new(20, 3, 9));
        let org = array(&table, "trail")
            .iter()
            .find(|t| t.get("organization").and_then(Value::as_bool) == Some(true))
            .expect("an organization trail");
        assert_eq!(str_of(org, "name"), Some("org-audit"));
        assert_eq!(str_of(org, "account"), Some("management"));
        assert_eq!(org.get("multi_region").and_then(Value::as_bool), Some(true));
        assert_eq!(strings(org.get("insights")).len(), 2);
        let management: Vec<_> = array(&table, "account")
            .iter()
            .filter(|a| a.get("management").and_then(Value::as_bool) == Some(true))
            .collect();
        assert_eq!(management.len(), 1);
        assert_eq!(str_of(management[0], "name"), Some("management"));
    }

    #[test]
    fn account_names_and_ids_are_unique_and_ids_have_twelve_digits() {
        let table = parse(&GenerateOptions::new(2_000, 1, 11));
        let accounts = array(&table, "account");
        let names: BTreeSet<_> = accounts.iter().filter_map(|a| str_of(a, "name")).collect();
        let ids: BTreeSet<_> = accounts.iter().filter_map(|a| str_of(a, "id")).collect();
        assert_eq!(names.len(), 2_000);
        assert_eq!(ids.len(), 2_000);
        assert!(
            ids.iter()
                .all(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()))
        );
    }

    /// The advanced selectors' values of a trail, counted as CT003 counts them.
    fn advanced_values(trail: &Value) -> usize {
        let selectors = trail
            .get("advanced_event_selector")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        selectors
            .iter()
            .flat_map(|s| strings_of_tables(s.get("field_selectors")))
            .map(|field| {
                field
                    .as_table()
                    .map(|t| {
                        t.iter()
                            .filter(|(k, _)| *k != "field")
                            .map(|(_, v)| v.as_array().map_or(0, Vec::len))
                            .sum()
                    })
                    .unwrap_or(0)
            })
            .sum()
    }

    fn strings_of_tables(value: Option<&Value>) -> Vec<&Value> {
        value
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default()
    }

    /// Trails per account and region as CT001 counts them: a multi-region trail in every region,
    /// an organization trail in its own account only.
    fn trails_per_account_region(table: &Table) -> BTreeMap<(String, String), u32> {
        let regions = strings(table.get("regions"));
        let mut counts = BTreeMap::new();
        for trail in array(table, "trail") {
            let account = str_of(trail, "account").unwrap().to_owned();
            let home = str_of(trail, "home_region").unwrap();
            let covered: Vec<&str> =
                if trail.get("multi_region").and_then(Value::as_bool) == Some(true) {
                    regions.clone()
                } else {
                    vec![home]
                };
            for region in covered {
                *counts
                    .entry((account.clone(), region.to_owned()))
                    .or_insert(0) += 1;
            }
        }
        counts
    }

    #[test]
    fn quotas_hold_at_the_largest_arn_values_and_a_crowd_of_local_trails() {
        let opts = GenerateOptions {
            // 7 members × 2 regions × 4 local trails each: with one named trail, 5 per region.
            trails: 5 + 4 * 7 * 2,
            arn_values: MAX_ARN_VALUES,
            ..GenerateOptions::new(8, 2, 4)
        };
        let table = parse(&opts);
        let trails = array(&table, "trail");
        assert_eq!(trails.len(), 61);
        let s3 = trails
            .iter()
            .find(|t| str_of(t, "name") == Some("s3-data-events"))
            .unwrap();
        assert_eq!(advanced_values(s3), 500);
        let counts = trails_per_account_region(&table);
        assert_eq!(counts.values().max(), Some(&5));
        let names: BTreeSet<_> = trails
            .iter()
            .map(|t| {
                (
                    str_of(t, "account"),
                    str_of(t, "home_region"),
                    str_of(t, "name"),
                )
            })
            .collect();
        assert_eq!(names.len(), trails.len());
    }

    #[test]
    fn one_trail_too_many_is_refused() {
        let opts = GenerateOptions {
            trails: 5 + 4 * 7 * 2 + 1,
            ..GenerateOptions::new(8, 2, 4)
        };
        assert!(matches!(
            generate(&opts),
            Err(GenerateError::TooManyTrails { .. })
        ));
    }

    #[test]
    fn a_single_account_holds_exactly_the_five_named_trails() {
        let table = parse(&GenerateOptions::new(1, 1, 0));
        assert_eq!(trails_per_account_region(&table).values().max(), Some(&5));
        let opts = GenerateOptions {
            trails: 6,
            ..GenerateOptions::new(1, 1, 0)
        };
        assert!(generate(&opts).is_err());
    }

    #[test]
    fn fewer_trails_keep_the_organization_trail_first() {
        let opts = GenerateOptions {
            trails: 1,
            ..GenerateOptions::new(5, 2, 0)
        };
        let table = parse(&opts);
        let trails = array(&table, "trail");
        assert_eq!(trails.len(), 1);
        assert_eq!(str_of(&trails[0], "name"), Some("org-audit"));
    }

    #[test]
    fn volumes_name_only_declared_accounts_and_regions() {
        let table = parse(&GenerateOptions::new(30, 5, 21));
        let accounts: BTreeSet<_> = array(&table, "account")
            .iter()
            .filter_map(|a| str_of(a, "name"))
            .collect();
        let regions: BTreeSet<_> = strings(table.get("regions")).into_iter().collect();
        for volume in array(&table, "volume") {
            assert!(
                strings(volume.get("accounts"))
                    .iter()
                    .all(|a| accounts.contains(a))
            );
            assert!(
                strings(volume.get("regions"))
                    .iter()
                    .all(|r| regions.contains(r))
            );
            let read = volume.get("read").and_then(Value::as_integer).unwrap();
            let write = volume.get("write").and_then(Value::as_integer).unwrap();
            assert!(read >= 0 && write >= 0);
            if str_of(volume, "category") == Some("data") {
                assert!(str_of(volume, "resource_type").is_some());
                assert!(str_of(volume, "resource_arn").is_some());
            }
        }
    }

    // "For Lambda functions, the ARN must be an exact match" — AWS CloudTrail API reference,
    // DataResource: <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html>
    #[test]
    fn lambda_values_are_whole_function_arns_and_volumes_fall_on_both_sides() {
        let table = parse(&GenerateOptions::new(60, 5, 4));
        let lambda = array(&table, "trail")
            .iter()
            .find(|t| str_of(t, "name") == Some("lambda-data-events"))
            .unwrap();
        let values: Vec<String> =
            strings_of_tables(lambda["event_selector"][0].get("data_resources"))
                .into_iter()
                .flat_map(|r| strings(r.get("values")))
                .map(str::to_owned)
                .collect();
        assert_eq!(values.len(), 4 * 3 * 10);
        for value in &values {
            let name = value.rsplit(":function:").next().unwrap();
            assert!(
                name.len() > 4 && name.bytes().rev().take(4).all(|b| b.is_ascii_digit()),
                "{value} is a whole function ARN"
            );
        }
        let (mut inside, mut outside) = (0, 0);
        for volume in array(&table, "volume") {
            if str_of(volume, "resource_type") == Some("AWS::Lambda::Function") {
                let arn = str_of(volume, "resource_arn").unwrap();
                if values.iter().any(|v| v == arn) {
                    inside += 1;
                } else {
                    outside += 1;
                }
            }
        }
        assert!(
            inside > 0 && outside > 0,
            "{inside} inside, {outside} outside"
        );
    }

    #[test]
    fn s3_volumes_fall_both_inside_and_outside_the_selector_prefixes() {
        let table = parse(&GenerateOptions::new(100, 3, 8));
        let s3 = array(&table, "trail")
            .iter()
            .find(|t| str_of(t, "name") == Some("s3-data-events"))
            .unwrap();
        let prefixes: Vec<String> =
            strings_of_tables(s3["advanced_event_selector"][0].get("field_selectors"))
                .into_iter()
                .filter(|f| str_of(f, "field") == Some("resources.ARN"))
                .flat_map(|f| strings(f.get("starts_with")))
                .map(str::to_owned)
                .collect();
        assert_eq!(prefixes.len(), DEFAULT_ARN_VALUES as usize);
        let (mut inside, mut outside) = (0, 0);
        for volume in array(&table, "volume") {
            if str_of(volume, "resource_type") == Some("AWS::S3::Object") {
                let arn = str_of(volume, "resource_arn").unwrap();
                if prefixes.iter().any(|p| arn.starts_with(p.as_str())) {
                    inside += 1;
                } else {
                    outside += 1;
                }
            }
        }
        assert!(
            inside > outside && outside > 0,
            "{inside} inside, {outside} outside"
        );
    }

    #[test]
    fn global_service_volumes_are_in_us_east_1() {
        let table = parse(&GenerateOptions::new(100, 6, 8));
        let global: Vec<_> = array(&table, "volume")
            .iter()
            .filter(|v| GLOBAL_SOURCES.contains(&str_of(v, "event_source").unwrap_or("")))
            .collect();
        assert_eq!(global.len(), 50);
        assert!(
            global
                .iter()
                .all(|v| strings(v.get("regions")) == ["us-east-1"])
        );
    }

    #[test]
    fn impossible_options_are_refused() {
        let refused = |opts: GenerateOptions| generate(&opts).unwrap_err();
        assert_eq!(
            refused(GenerateOptions::new(0, 1, 0)),
            GenerateError::NoAccounts
        );
        assert!(matches!(
            refused(GenerateOptions::new(1, 0, 0)),
            GenerateError::Regions { .. }
        ));
        let too_many_regions = u32::try_from(REGIONS.len()).unwrap() + 1;
        assert!(matches!(
            refused(GenerateOptions::new(1, too_many_regions, 0)),
            GenerateError::Regions { .. }
        ));
        assert_eq!(
            refused(GenerateOptions {
                trails: 0,
                ..GenerateOptions::new(1, 1, 0)
            }),
            GenerateError::NoTrails
        );
        assert!(matches!(
            refused(GenerateOptions {
                arn_values: MAX_ARN_VALUES + 1,
                ..GenerateOptions::new(1, 1, 0)
            }),
            GenerateError::TooManyArnValues { .. }
        ));
    }
}
