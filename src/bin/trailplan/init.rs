//! `trailplan init`: a commented skeleton scenario, written to stdout, that validates and plans as
//! it is. It names every table of the format (SPEC §3), the optional ones commented out, so that a
//! new scenario starts from a file that works and says what each key means.

use crate::generate::REGIONS;
use clap::Args;
use std::fmt::Write as _;
use trailplan::aws::{Partition, is_known};

/// The most accounts a skeleton lists one by one.
const MAX_ACCOUNTS: u32 = 1_000;

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Accounts in the organization, the management account included (1 to 1,000).
    #[arg(long, value_name = "N", default_value_t = 2)]
    accounts: u32,
    /// The regions: a comma-separated list (`us-east-1,eu-west-1`), or a count N that takes the
    /// first N of the commercial regions, us-east-1 first.
    #[arg(long, value_name = "LIST|N", default_value = "us-east-1")]
    regions: String,
    /// The scenario's name.
    #[arg(long, default_value = "my organization")]
    name: String,
}

/// The regions `--regions` names, or why they cannot be used.
fn regions(arg: &str) -> Result<Vec<String>, String> {
    let arg = arg.trim();
    if !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit()) {
        return match arg.parse::<usize>() {
            Ok(n) if (1..=REGIONS.len()).contains(&n) => {
                Ok(REGIONS[..n].iter().map(|r| (*r).to_owned()).collect())
            }
            _ => Err(format!(
                "--regions {arg}: a count of regions is 1 to {}",
                REGIONS.len()
            )),
        };
    }
    let mut out: Vec<String> = Vec::new();
    for name in arg.split(',').map(str::trim) {
        if name.is_empty() {
            return Err(format!(
                "--regions `{arg}`: an empty region name; write e.g. us-east-1,eu-west-1 or a count"
            ));
        }
        if !is_known(name) {
            return Err(format!(
                "--regions: `{name}` is not an AWS region{}",
                trailplan::text::did_you_mean(name, trailplan::aws::KNOWN_REGIONS)
            ));
        }
        if Partition::of(name) != Partition::Aws {
            return Err(format!(
                "--regions: `{name}` is outside the commercial regions; a GovCloud or China \
                 scenario needs every price in [prices], which init cannot know"
            ));
        }
        if out.iter().any(|r| r == name) {
            return Err(format!("--regions: `{name}` is named twice"));
        }
        out.push(name.to_owned());
    }
    Ok(out)
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The skeleton scenario, or why the options cannot make one.
pub(crate) fn skeleton(args: &InitArgs) -> Result<String, String> {
    if !(1..=MAX_ACCOUNTS).contains(&args.accounts) {
        return Err(format!(
            "--accounts {}: a skeleton has 1 to {MAX_ACCOUNTS} accounts",
            args.accounts
        ));
    }
    if args.name.trim().is_empty() {
        return Err("--name must not be empty".into());
    }
    let regions = regions(&args.regions)?;
    let home = &regions[0];
    let list = regions
        .iter()
        .map(|r| quoted(r))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# A trailplan scenario (format 1): what CloudTrail would cost, and which of its quotas it\n\
         # would meet, before anything is deployed. Check it with `trailplan validate FILE` and plan\n\
         # it with `trailplan plan FILE`. Editors: `trailplan schema > scenario.schema.json`, then a\n\
         # first line `#:schema ./scenario.schema.json` lets taplo (Even Better TOML) complete keys.\n\
         # Unknown keys are errors; counts are integers (underscores welcome); money is a quoted\n\
         # decimal (\"1500.00\") or an integer. Volumes are per month.\n"
    );
    let _ = writeln!(w, "format = 1");
    let _ = writeln!(w, "name = {}", quoted(&args.name));
    let _ = writeln!(w, "# The regions the scenario models, in one partition.");
    let _ = writeln!(w, "regions = [{list}]\n");
    let _ = writeln!(
        w,
        "# The organization's accounts. The management account owns organization trails; `id`\n\
         # (12 digits) is optional, needed only by `trailplan reconcile`."
    );
    let _ = writeln!(w, "[[account]]\nname = \"management\"\nmanagement = true");
    let _ = writeln!(w, "# id = \"111111111111\"\n");
    for n in 2..=args.accounts {
        let _ = writeln!(w, "[[account]]\nname = \"member-{n:04}\"\n");
    }
    let _ = writeln!(
        w,
        "# Event streams: each block adds its monthly counts to every account × region it names\n\
         # (`accounts` and `regions` default to every one). Replace the counts with yours\n\
         # (`trailplan usage bill` reads them from a Cost and Usage Report)."
    );
    let _ = writeln!(
        w,
        "[[volume]]\ncategory = \"management\"    # management | data | network_activity\n\
         read = 1_000_000\nwrite = 100_000\n"
    );
    let _ = writeln!(
        w,
        "# Global service events (IAM, STS, CloudFront, sign-in, Route 53) are recorded in us-east-1.\n\
         # [[volume]]\n\
         # regions = [\"us-east-1\"]\n\
         # category = \"management\"\n\
         # event_source = \"iam.amazonaws.com\"\n\
         # read = 50_000\n\
         # write = 5_000\n"
    );
    let _ = writeln!(
        w,
        "# Data events are priced only when a trail selects them.\n\
         # [[volume]]\n\
         # category = \"data\"\n\
         # resource_type = \"AWS::S3::Object\"      # required for data\n\
         # resource_arn = \"arn:aws:s3:::my-bucket/\"\n\
         # read = 10_000_000\n\
         # write = 1_000_000\n"
    );
    let organization = args.accounts > 1;
    let _ = writeln!(
        w,
        "# Trails. With no selector a trail logs every management event, read and write; the first\n\
         # copy of management events in an account and region is free, every further copy is paid."
    );
    let _ = writeln!(
        w,
        "[[trail]]\nname = {}\naccount = \"management\"\nhome_region = {}\nmulti_region = true\n\
         organization = {organization}\n\
         # include_global_service_events = true\n\
         # insights = [\"ApiCallRateInsight\"]   # ApiCallRateInsight | ApiErrorRateInsight\n\
         # cloudwatch_logs = false\n",
        quoted(if organization {
            "org-trail"
        } else {
            "account-trail"
        }),
        quoted(home)
    );
    let _ = writeln!(
        w,
        "# Selectors: basic ones (at most 5) or advanced ones, never both.\n\
         # [[trail.event_selector]]\n\
         # read_write_type = \"All\"             # All | ReadOnly | WriteOnly\n\
         # include_management_events = true\n\
         # data_resources = [{{ type = \"AWS::S3::Object\", values = [\"arn:aws:s3:::my-bucket/\"] }}]\n"
    );
    let _ = writeln!(
        w,
        "# The gate: `trailplan check` exits 1 on a finding at or above `fail_on`.\n\
         [policy]\n\
         fail_on = \"error\"                   # error | warning | never\n\
         # monthly_budget = \"1500.00\"         # a total above it is finding CT120\n\
         # [[policy.waiver]]\n\
         # rule = \"CT101\"\n\
         # reason = \"why the finding is accepted\"\n\
         # expires = 2027-06-30\n"
    );
    let _ = writeln!(
        w,
        "# Price overrides, per 100,000 events (default: AWS's list prices in USD).\n\
         # [prices]\n\
         # management_additional = \"2.00\"\n\
         # data = \"0.10\""
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::regions;

    #[test]
    fn regions_are_a_list_or_a_count() {
        assert_eq!(regions("2").unwrap(), ["us-east-1", "us-east-2"]);
        assert_eq!(
            regions("eu-west-1, us-east-1").unwrap(),
            ["eu-west-1", "us-east-1"]
        );
        assert_eq!(
            regions("eu-wset-1").unwrap_err(),
            "--regions: `eu-wset-1` is not an AWS region; did you mean `eu-west-1`?"
        );
        assert!(regions("0").is_err());
        assert!(regions("us-east-1,us-east-1").is_err());
        assert!(regions("cn-north-1").is_err());
    }
}
