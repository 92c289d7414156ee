//! `trailplan init`: a commented skeleton scenario that validates and plans as it is. It names
//! every table of the format (SPEC §3), the optional ones commented out, so that a new scenario
//! starts from a file that works and says what each key means. The scenario is built as raw
//! structs and rendered by the one writer ([`super::write`]), its comments as the items' decor.

use super::raw::{RawAccount, RawPolicy, RawScenario, RawTrail, RawVolume, S};
use super::write;
use crate::aws::{KNOWN_REGIONS, Partition, is_known};
use crate::codes::FailOn;
use crate::model::Category;
use toml_edit::{DocumentMut, Table, Value};

/// The most accounts a skeleton lists one by one.
pub const MAX_ACCOUNTS: u32 = 1_000;

/// What `trailplan init` is asked for.
#[derive(Debug, Clone)]
pub struct Init<'a> {
    /// Accounts in the organization, the management account included (1 to [`MAX_ACCOUNTS`]).
    pub accounts: u32,
    /// `--regions`: a comma-separated list, or a count of the first `commercial` regions.
    pub regions: &'a str,
    /// The scenario's name.
    pub name: &'a str,
    /// The commercial regions a count takes from, in order.
    pub commercial: &'a [&'a str],
}

/// The regions `--regions` names (a comma-separated list, or a count N that takes the first N of
/// `commercial`), or why they cannot be used.
///
/// # Errors
/// A count out of range, an empty or unknown name, a region outside the commercial partition, a
/// region named twice.
pub fn regions(arg: &str, commercial: &[&str]) -> Result<Vec<String>, String> {
    let arg = arg.trim();
    if !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit()) {
        return match arg.parse::<usize>() {
            Ok(n) if (1..=commercial.len()).contains(&n) => {
                Ok(commercial[..n].iter().map(|r| (*r).to_owned()).collect())
            }
            _ => Err(format!(
                "--regions {arg}: a count of regions is 1 to {}",
                commercial.len()
            )),
        };
    }
    let mut out: Vec<String> = Vec::new();
    for name in arg.split(',').map(str::trim) {
        check_region(arg, name, &out)?;
        out.push(name.to_owned());
    }
    Ok(out)
}

fn check_region(arg: &str, name: &str, before: &[String]) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!(
            "--regions `{arg}`: an empty region name; write e.g. us-east-1,eu-west-1 or a count"
        ));
    }
    if !is_known(name) {
        return Err(format!(
            "--regions: `{name}` is not an AWS region{}",
            crate::text::did_you_mean(name, KNOWN_REGIONS)
        ));
    }
    if Partition::of(name) != Partition::Aws {
        return Err(format!(
            "--regions: `{name}` is outside the commercial regions; a GovCloud or China \
             scenario needs every price in [prices], which init cannot know"
        ));
    }
    if before.iter().any(|r| r == name) {
        return Err(format!("--regions: `{name}` is named twice"));
    }
    Ok(())
}

/// A value without a place in any text.
fn s<T>(value: T) -> S<T> {
    S::new(0..0, value)
}

const HEADER: &str = "\
# A trailplan scenario (format 1): what CloudTrail would cost, and which of its quotas it
# would meet, before anything is deployed. Check it with `trailplan validate FILE` and plan
# it with `trailplan plan FILE`. Editors: `trailplan schema > scenario.schema.json`, then a
# first line `#:schema ./scenario.schema.json` lets taplo (Even Better TOML) complete keys.
# Unknown keys are errors; counts are integers (underscores welcome); money is a quoted
# decimal (\"1500.00\") or an integer. Volumes are per month.

";

const ACCOUNTS: &str = "
# The organization's accounts. The management account owns organization trails; `id`
# (12 digits) is optional, needed only by `trailplan reconcile`.
";

const ACCOUNT_ID: &str = "# id = \"111111111111\"\n";

const VOLUMES: &str = "
# Event streams: each block adds its monthly counts to every account × region it names
# (`accounts` and `regions` default to every one). Replace the counts with yours
# (`trailplan usage bill` reads them from a Cost and Usage Report).
";

const MORE_VOLUMES_AND_TRAILS: &str = "
# Global service events (IAM, STS, CloudFront, sign-in, Route 53) are recorded in us-east-1.
# [[volume]]
# regions = [\"us-east-1\"]
# category = \"management\"
# event_source = \"iam.amazonaws.com\"
# read = 50_000
# write = 5_000

# Data events are priced only when a trail selects them.
# [[volume]]
# category = \"data\"
# resource_type = \"AWS::S3::Object\"      # required for data
# resource_arn = \"arn:aws:s3:::my-bucket/\"
# read = 10_000_000
# write = 1_000_000

# Trails. With no selector a trail logs every management event, read and write; the first
# copy of management events in an account and region is free, every further copy is paid.
";

const TRAIL_OPTIONS_AND_POLICY: &str = "\
# include_global_service_events = true
# insights = [\"ApiCallRateInsight\"]   # ApiCallRateInsight | ApiErrorRateInsight
# cloudwatch_logs = false

# Selectors: basic ones (at most 5) or advanced ones, never both.
# [[trail.event_selector]]
# read_write_type = \"All\"             # All | ReadOnly | WriteOnly
# include_management_events = true
# data_resources = [{ type = \"AWS::S3::Object\", values = [\"arn:aws:s3:::my-bucket/\"] }]

# The gate: `trailplan check` exits 1 on a finding at or above `fail_on`.
";

const POLICY_AND_PRICES: &str = "\
# monthly_budget = \"1500.00\"         # a total above it is finding CT120
# [[policy.waiver]]
# rule = \"CT101\"
# reason = \"why the finding is accepted\"
# expires = 2027-06-30

# Price overrides, per 100,000 events (default: AWS's list prices in USD).
# [prices]
# management_additional = \"2.00\"
# data = \"0.10\"
";

/// The skeleton scenario, or why the options cannot make one.
///
/// # Errors
/// Accounts out of range, an empty name, regions that [`regions`] refuses.
pub fn skeleton(init: &Init<'_>) -> Result<String, String> {
    if !(1..=MAX_ACCOUNTS).contains(&init.accounts) {
        return Err(format!(
            "--accounts {}: a skeleton has 1 to {MAX_ACCOUNTS} accounts",
            init.accounts
        ));
    }
    if init.name.trim().is_empty() {
        return Err("--name must not be empty".into());
    }
    let regions = regions(init.regions, init.commercial)?;
    let mut doc = write::document(&scenario(init.accounts, init.name, &regions))?;
    decorate(&mut doc, init.accounts);
    Ok(doc.to_string())
}

/// The skeleton's values: the accounts, one management volume, one trail, the gate.
fn scenario(accounts: u32, name: &str, regions: &[String]) -> RawScenario {
    let account = |name: String, management| {
        s(RawAccount {
            name: s(name),
            id: None,
            management,
            delegated_admin: false,
        })
    };
    let organization = accounts > 1;
    let home = regions.first().cloned().map(s);
    let mut all = vec![account("management".to_owned(), true)];
    all.extend((2..=accounts).map(|n| account(format!("member-{n:04}"), false)));
    RawScenario {
        name: s(name.to_owned()),
        regions: s(regions.iter().cloned().map(s).collect()),
        account: all,
        volume: vec![s(RawVolume {
            accounts: None,
            regions: None,
            category: Category::Management,
            event_source: None,
            event_name: None,
            resource_type: None,
            resource_arn: None,
            read: Some(s(1_000_000)),
            write: Some(s(100_000)),
        })],
        trail: vec![s(RawTrail {
            name: s(if organization {
                "org-trail"
            } else {
                "account-trail"
            }
            .to_owned()),
            account: Some(s("management".to_owned())),
            home_region: home,
            multi_region: true,
            organization,
            include_global_service_events: None,
            logging: None,
            cloudwatch_logs: false,
            insights: Vec::new(),
            data_insights: Vec::new(),
            event_selector: Vec::new(),
            advanced_event_selector: Vec::new(),
        })],
        policy: Some(RawPolicy {
            monthly_budget: None,
            fail_on: Some(s(FailOn::Error)),
            waiver: Vec::new(),
        }),
        ..RawScenario::empty()
    }
}

/// The comments of the skeleton, on the items they precede or follow.
fn decorate(doc: &mut DocumentMut, accounts: u32) {
    let root = doc.as_table_mut();
    write::comment_key(root, "format", HEADER);
    write::comment_key(
        root,
        "regions",
        "# The regions the scenario models, in one partition.\n",
    );
    for (i, account) in write::tables_mut(root, "account").into_iter().enumerate() {
        match i {
            0 => write::set_comments(account, ACCOUNTS),
            1 => write::set_comments(account, &format!("{ACCOUNT_ID}\n")),
            _ => {}
        }
    }
    let volume_comments = if accounts > 1 {
        VOLUMES.to_owned()
    } else {
        format!("{ACCOUNT_ID}{VOLUMES}")
    };
    for volume in write::tables_mut(root, "volume") {
        write::set_comments(volume, &volume_comments);
        write::comment_value(
            volume,
            "category",
            "    # management | data | network_activity",
        );
        write::group_digits(volume, "read");
        write::group_digits(volume, "write");
    }
    for trail in write::tables_mut(root, "trail") {
        write::set_comments(trail, MORE_VOLUMES_AND_TRAILS);
        order_trail(trail);
    }
    if let Some(policy) = root.get_mut("policy").and_then(|p| p.as_table_mut()) {
        write::set_comments(policy, TRAIL_OPTIONS_AND_POLICY);
        write::comment_value(
            policy,
            "fail_on",
            "                   # error | warning | never",
        );
    }
    doc.set_trailing(POLICY_AND_PRICES);
}

/// `organization` is written even when false, after `multi_region`.
fn order_trail(trail: &mut Table) {
    write::with_defaults(
        trail,
        &[
            ("name", None),
            ("account", None),
            ("home_region", None),
            ("multi_region", None),
            ("organization", Some(Value::from(false))),
        ],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST: &[&str] = &["us-east-1", "us-east-2", "us-west-1"];

    #[test]
    fn regions_are_a_list_or_a_count() {
        assert_eq!(regions("2", FIRST).unwrap(), ["us-east-1", "us-east-2"]);
        assert_eq!(
            regions("eu-west-1, us-east-1", FIRST).unwrap(),
            ["eu-west-1", "us-east-1"]
        );
        assert_eq!(
            regions("eu-wset-1", FIRST).unwrap_err(),
            "--regions: `eu-wset-1` is not an AWS region; did you mean `eu-west-1`?"
        );
        assert!(regions("0", FIRST).is_err());
        assert!(regions("4", FIRST).is_err());
        assert!(regions("us-east-1,us-east-1", FIRST).is_err());
        assert!(regions("cn-north-1", FIRST).is_err());
    }

    #[test]
    fn the_skeleton_reads_back() {
        let init = Init {
            accounts: 3,
            regions: "eu-west-1",
            name: "a \"b\"",
            commercial: FIRST,
        };
        let text = skeleton(&init).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(table["name"].as_str(), Some("a \"b\""));
        assert_eq!(table["account"].as_array().map(Vec::len), Some(3));
        assert_eq!(table["volume"][0]["read"].as_integer(), Some(1_000_000));
        assert_eq!(table["trail"][0]["organization"].as_bool(), Some(true));
    }
}
