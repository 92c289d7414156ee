//! CT011: the planned callers of one CloudTrail API group exceed its calls per second in an account
//! and region: `LookupEvents` 2, `ListInsightsData` 2, other `Get*`/`Describe*`/`List*` 10,
//! `PutAuditEvents` 100, all other APIs 1. Rates are summed per account, region and group.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Definition, Finding, Rule};
use crate::model::ApiGroup;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::ApiRateOverQuota,
    summary: "the planned calls of an API group exceed its calls per second in an account and region",
    fix: "slow the callers down, batch them, or spread them over time",
    docs: include_str!("../../docs/rules/api-rate-over-quota.md"),
    check,
};

/// A summed rate (`None` once it no longer fits a decimal) and the clients that make it up.
type Rate = (Option<Decimal>, Vec<usize>);

fn check(cx: &Context, out: &mut Vec<Finding>) {
    // Per account, region and API group.
    let mut rates: BTreeMap<(usize, usize, ApiGroup), Rate> = BTreeMap::new();
    for (c, client) in cx.scenario.api_clients.iter().enumerate() {
        let group = ApiGroup::of(&client.api);
        for &a in &client.accounts {
            for &r in &client.regions {
                let entry = rates
                    .entry((a, r, group))
                    .or_insert((Some(Decimal::ZERO), Vec::new()));
                entry.0 = entry
                    .0
                    .and_then(|sum| sum.checked_add(client.calls_per_second));
                entry.1.push(c);
            }
        }
    }
    for ((a, r, group), (rate, clients)) in rates {
        let over = rate.is_none_or(|rate| rate > Decimal::from(group.limit()));
        if over {
            let shown = match rate {
                Some(rate) => rate.normalize().to_string(),
                None => format!("more than {}", Decimal::MAX),
            };
            let names: Vec<&str> = clients
                .iter()
                .map(|&c| cx.scenario.api_clients[c].name.as_str())
                .collect();
            let finding = cx.finding(
                &RULE,
                format!(
                    "{} calls/s to {} planned in {}/{} ({}); CloudTrail allows {}",
                    shown,
                    group.label(),
                    cx.account(a),
                    cx.region(r),
                    names.join(", "),
                    group.limit()
                ),
            );
            let finding = match rate {
                Some(rate) => finding.decimal("calls_per_second", rate.normalize()),
                None => finding,
            };
            finding
                .text("api_group", group.label())
                .subject(group.label())
                .count("limit", group.limit())
                .count("clients", clients.len() as u64)
                .account(a)
                .region(r)
                .at(&cx.scenario.api_clients[clients[0]].span)
                .push(out);
        }
    }
}
