//! The trails of a generated scenario: the five named ones (organization, security copy, S3, Lambda,
//! network activity), then single-region trails of member accounts.

use super::{
    FUNCTION_PREFIXES, FUNCTIONS_PER_PREFIX, GenerateError, Generator, LAMBDA_REGIONS, push_bucket,
};
use std::collections::HashMap;
use std::fmt::Write as _;

/// CloudTrail's limit of trails per account and region (CT001).
#[allow(clippy::cast_possible_truncation)] // 5 fits a u32
const MAX_TRAILS_PER_REGION: u32 = crate::limits::TRAILS_PER_REGION as u32;

/// The Lambda trail names the functions of the first this many of [`FUNCTION_PREFIXES`].
const SELECTED_FUNCTION_PREFIXES: usize = 3;

impl Generator<'_> {
    pub(super) fn trails(&mut self) -> Result<(), GenerateError> {
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
                        Self::region(r)
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
                Self::account_name(host),
                Self::region(region)
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
}
