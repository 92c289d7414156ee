//! CT001: more than 5 trails apply in one account and region.
//!
//! A single-region trail counts in its home region, a multi-region trail in every region, an
//! organization trail in its own account only (a delegated administrator's in the management
//! account, which owns it); stopped trails count too.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) const LIMIT: usize = crate::limits::TRAILS_PER_REGION;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::TooManyTrailsPerRegion,
    summary: "an account and region holds more than 5 trails",
    fix: "merge trails, or make a multi-region trail replace per-region ones",
    docs: include_str!("../../docs/rules/too-many-trails-per-region.md"),
    check,
};

/// More trails apply in an account and region than CloudTrail allows.
pub(crate) struct TooManyTrailsPerRegion<'a> {
    pub(crate) trails: usize,
    pub(crate) account: &'a str,
    pub(crate) region: &'a str,
    pub(crate) limit: usize,
}

impl Violation for TooManyTrailsPerRegion<'_> {
    const RULE: Rule = Rule::TooManyTrailsPerRegion;

    fn message(&self) -> String {
        format!(
            "{} trails apply in {}/{}; CloudTrail allows {}",
            self.trails, self.account, self.region, self.limit
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .count("trails", self.trails as u64)
            .count("limit", self.limit as u64)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    let regions = s.regions.len();
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); s.accounts.len() * regions];
    for (t, trail) in s.trails.iter().enumerate() {
        // "The management account remains the owner of any CloudTrail organization resources the
        // delegated administrator creates": an organization trail counts in the management account.
        let owner = match s.management {
            Some(m) if trail.organization && s.accounts[trail.account].delegated_admin => m,
            _ => trail.account,
        };
        for r in 0..regions {
            if trail.multi_region || trail.home_region == r {
                held[owner * regions + r].push(t);
            }
        }
    }
    for (cell, trails) in held.iter().enumerate() {
        if trails.len() > LIMIT {
            let (a, r) = (cell / regions, cell % regions);
            cx.report(&TooManyTrailsPerRegion {
                trails: trails.len(),
                account: cx.account(a),
                region: cx.region(r),
                limit: LIMIT,
            })
            .account(a)
            .region(r)
            .at(&s.trails[trails[LIMIT]].span)
            .push(out);
        }
    }
}
