//! The `[[volume]]` blocks of a generated scenario: management events of account groups, object
//! events on buckets, Lambda invocations, network activity and global service events.

use super::{FUNCTION_PREFIXES, FUNCTIONS_PER_PREFIX, Generator, LAMBDA_REGIONS, push_bucket};
use std::fmt::Write as _;

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
pub(super) const GLOBAL_SOURCES: &[&str] = &["iam.amazonaws.com", "sts.amazonaws.com"];

/// Sources of network activity volumes; only the first is selected by the network activity trail.
const NETWORK_SOURCES: &[&str] = &[
    "ec2.amazonaws.com",
    "ec2.amazonaws.com",
    "kms.amazonaws.com",
    "s3.amazonaws.com",
    "secretsmanager.amazonaws.com",
];

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

impl Generator<'_> {
    pub(super) fn volumes(&mut self) {
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
            Self::region(region),
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
