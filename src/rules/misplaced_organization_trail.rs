//! CT007: an organization trail outside the management account and outside every delegated
//! administrator account (`delegated_admin = true`), or in a scenario without a management account
//! (a delegated administrator's organization trail still belongs to the organization's management
//! account, which pays for it).
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html>

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::MisplacedOrganizationTrail,
    summary: "an organization trail outside the management account and outside a delegated administrator account, or no management account",
    fix: "create organization trails in the management account (mark it `management = true`) or in a delegated administrator account (`delegated_admin = true`)",
    docs: include_str!("../../docs/rules/misplaced-organization-trail.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    for (t, trail) in s.trails.iter().enumerate().filter(|(_, t)| t.organization) {
        let message = match s.management {
            None => format!(
                "organization trail {} needs a management account: mark one account `management = true`",
                trail.name
            ),
            Some(m) if m != trail.account && !s.accounts[trail.account].delegated_admin => format!(
                "organization trail {} is in account {}, which is neither the management account {} nor a delegated administrator (`delegated_admin = true`)",
                trail.name,
                cx.account(trail.account),
                cx.account(m)
            ),
            Some(_) => continue,
        };
        let mut finding = cx.finding(&RULE, message);
        if let Some(m) = s.management {
            finding = finding.text("management_account", cx.account(m));
        }
        finding.trail(t).account(trail.account).push(out);
    }
}
