//! CT013: an account marked both `management` and `delegated_admin`, or more than three delegated
//! administrators. AWS: "The management account cannot be a delegated administrator" and "An
//! organization can have a maximum of three CloudTrail delegated administrators".
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};

/// The most CloudTrail delegated administrators an organization can have.
pub(crate) const MAX_DELEGATED_ADMINISTRATORS: usize = 3;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::InvalidDelegatedAdministrator,
    summary: "an account both management and delegated administrator, or more than three delegated administrators",
    fix: "keep `delegated_admin = true` on at most three member accounts, never on the management account",
    docs: include_str!("../../docs/rules/invalid-delegated-administrator.md"),
    check,
};

/// A delegated administrator AWS would not register.
pub(crate) enum InvalidDelegatedAdministrator<'a> {
    /// The management account marked as a delegated administrator too.
    Management { account: &'a str },
    /// More delegated administrators than AWS allows.
    TooMany { count: usize },
}

impl Violation for InvalidDelegatedAdministrator<'_> {
    const RULE: Rule = Rule::InvalidDelegatedAdministrator;

    fn message(&self) -> String {
        match self {
            Self::Management { account } => format!(
                "account {account} is the management account and a delegated administrator; the management account cannot be a delegated administrator"
            ),
            Self::TooMany { count } => format!(
                "{count} accounts are delegated administrators; an organization can have at most {MAX_DELEGATED_ADMINISTRATORS}"
            ),
        }
    }

    fn data(&self) -> Data {
        match self {
            Self::Management { .. } => Data::default(),
            Self::TooMany { count } => Data::default()
                .count("delegated_administrators", *count as u64)
                .count("limit", MAX_DELEGATED_ADMINISTRATORS as u64),
        }
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    if let Some(m) = s.management
        && s.accounts[m].delegated_admin
    {
        cx.report(&InvalidDelegatedAdministrator::Management {
            account: cx.account(m),
        })
        .account(m)
        .push(out);
    }
    let count = s.accounts.iter().filter(|a| a.delegated_admin).count();
    if count > MAX_DELEGATED_ADMINISTRATORS {
        cx.report(&InvalidDelegatedAdministrator::TooMany { count })
            .push(out);
    }
}
