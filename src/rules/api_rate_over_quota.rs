//! CT011: the planned callers of one CloudTrail API group exceed its calls per second in an account
//! and region: `LookupEvents` 2, `ListInsightsData` 2, other `Get*`/`Describe*`/`List*` 10,
//! `PutAuditEvents` 100, all other APIs 1. Rates are summed per account, region and group.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};
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

/// The planned callers of an API group in an account and region exceed its calls per second.
pub(crate) struct ApiRateOverQuota<'a> {
    /// The summed rate, normalized; `None` once it no longer fits a decimal.
    pub(crate) calls_per_second: Option<Decimal>,
    pub(crate) api_group: &'static str,
    pub(crate) account: &'a str,
    pub(crate) region: &'a str,
    pub(crate) clients: Vec<&'a str>,
    pub(crate) limit: u32,
}

impl Violation for ApiRateOverQuota<'_> {
    const RULE: Rule = Rule::ApiRateOverQuota;

    fn message(&self) -> String {
        let shown = match self.calls_per_second {
            Some(rate) => rate.to_string(),
            None => format!("more than {}", Decimal::MAX),
        };
        format!(
            "{shown} calls/s to {} planned in {}/{} ({}); CloudTrail allows {}",
            self.api_group,
            self.account,
            self.region,
            self.clients.join(", "),
            self.limit
        )
    }

    fn data(&self) -> Data {
        let data = match self.calls_per_second {
            Some(rate) => Data::default().decimal("calls_per_second", rate),
            None => Data::default(),
        };
        data.text("api_group", self.api_group)
            .count("limit", self.limit)
            .count("clients", self.clients.len() as u64)
    }
}

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
        if rate.is_none_or(|rate| rate > Decimal::from(group.limit())) {
            cx.report(&ApiRateOverQuota {
                calls_per_second: rate.map(|rate| rate.normalize()),
                api_group: group.label(),
                account: cx.account(a),
                region: cx.region(r),
                clients: clients
                    .iter()
                    .map(|&c| cx.scenario.api_clients[c].name.as_str())
                    .collect(),
                limit: group.limit(),
            })
            .subject(group.label())
            .account(a)
            .region(r)
            .at(&cx.scenario.api_clients[clients[0]].span)
            .push(out);
        }
    }
}
