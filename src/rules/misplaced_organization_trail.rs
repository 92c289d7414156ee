//! CT007: an organization trail outside the management account and outside every delegated
//! administrator account (`delegated_admin = true`), or in a scenario without a management account
//! (a delegated administrator's organization trail still belongs to the organization's management
//! account, which pays for it).
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::MisplacedOrganizationTrail,
    summary: "an organization trail outside the management account and outside a delegated administrator account, or no management account",
    fix: "create organization trails in the management account (mark it `management = true`) or in a delegated administrator account (`delegated_admin = true`)",
    docs: include_str!("../../docs/rules/misplaced-organization-trail.md"),
    check,
};

/// An organization trail outside the management account and every delegated administrator account,
/// or in a scenario without a management account (`management: None`).
pub(crate) struct MisplacedOrganizationTrail<'a> {
    pub(crate) trail: &'a str,
    pub(crate) account: &'a str,
    pub(crate) management: Option<&'a str>,
}

impl Violation for MisplacedOrganizationTrail<'_> {
    const RULE: Rule = Rule::MisplacedOrganizationTrail;

    fn message(&self) -> String {
        match self.management {
            None => format!(
                "organization trail {} needs a management account: mark one account `management = true`",
                self.trail
            ),
            Some(management) => format!(
                "organization trail {} is in account {}, which is neither the management account {management} nor a delegated administrator (`delegated_admin = true`)",
                self.trail, self.account
            ),
        }
    }

    fn data(&self) -> Data {
        match self.management {
            Some(management) => Data::default().text("management_account", management),
            None => Data::default(),
        }
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    for (t, trail) in s.trails.iter().enumerate().filter(|(_, t)| t.organization) {
        let misplaced = match s.management {
            None => true,
            Some(m) => m != trail.account && !s.accounts[trail.account].delegated_admin,
        };
        if misplaced {
            cx.report(&MisplacedOrganizationTrail {
                trail: &trail.name,
                account: cx.account(trail.account),
                management: s.management.map(|m| cx.account(m)),
            })
            .trail(t)
            .account(trail.account)
            .push(out);
        }
    }
}
