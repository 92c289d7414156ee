//! CT009: a trail name outside AWS's rules, or two trails with one name in the same account and
//! home region.
//!
//! AWS: 3 to 128 characters; ASCII letters, digits, `.`, `_` and `-`; starts and ends with a letter
//! or digit; no `.`, `_` or `-` next to another of them; not an IP address.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};
use std::collections::HashSet;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::InvalidTrailName,
    summary: "a trail name outside AWS's naming rules, or a duplicate in one account and home region",
    fix: "rename the trail: 3-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
    docs: include_str!("../../docs/rules/invalid-trail-name.md"),
    check,
};

/// Why a name breaks AWS's trail-naming rules, if it does.
pub(crate) fn name_problem(name: &str) -> Option<&'static str> {
    let len = name.chars().count();
    if !crate::limits::TRAIL_NAME_CHARS.contains(&len) {
        return Some("must be 3 to 128 characters long");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Some("may hold only letters, digits, '.', '_' and '-'");
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !alnum(name.chars().next()) || !alnum(name.chars().last()) {
        return Some("must start and end with a letter or a digit");
    }
    let punct = |c: char| matches!(c, '.' | '_' | '-');
    if name
        .as_bytes()
        .windows(2)
        .any(|w| punct(char::from(w[0])) && punct(char::from(w[1])))
    {
        return Some("must not have '.', '_' or '-' next to each other");
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some("must not be formatted as an IP address");
    }
    None
}

/// A trail name outside AWS's rules, or a name two trails share in an account and home region.
pub(crate) enum InvalidTrailName<'a> {
    /// The name breaks a naming rule: `problem` says which.
    Breaks {
        trail: &'a str,
        problem: &'static str,
    },
    /// `trails` trails have this name in one account and home region.
    Duplicate {
        trail: &'a str,
        trails: u64,
        account: &'a str,
        region: &'a str,
    },
}

impl Violation for InvalidTrailName<'_> {
    const RULE: Rule = Rule::InvalidTrailName;

    fn message(&self) -> String {
        match self {
            InvalidTrailName::Breaks { trail, problem } => {
                format!("trail name `{trail}` {problem}")
            }
            InvalidTrailName::Duplicate {
                trail,
                trails: 2,
                account,
                region,
            } => format!("two trails are named `{trail}` in {account}/{region}"),
            InvalidTrailName::Duplicate {
                trail,
                trails,
                account,
                region,
            } => format!("{trails} trails are named `{trail}` in {account}/{region}"),
        }
    }

    fn data(&self) -> Data {
        match self {
            InvalidTrailName::Breaks { problem, .. } => Data::default().text("problem", *problem),
            InvalidTrailName::Duplicate { trails, .. } => Data::default().count("trails", *trails),
        }
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if let Some(problem) = name_problem(&trail.name) {
            cx.report(&InvalidTrailName::Breaks {
                trail: &trail.name,
                problem,
            })
            .trail(t)
            .account(trail.account)
            .at(&trail.name_span)
            .push(out);
        }
        if !seen.insert((trail.account, trail.home_region, trail.name.as_str())) {
            cx.report(&InvalidTrailName::Duplicate {
                trail: &trail.name,
                trails: 2,
                account: cx.account(trail.account),
                region: cx.region(trail.home_region),
            })
            .trail(t)
            .account(trail.account)
            .region(trail.home_region)
            .at(&trail.name_span)
            .push(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::name_problem;

    #[test]
    fn aws_naming_rules() {
        for ok in ["abc", "org-audit", "a.b_c-d", "Trail1", &"a".repeat(128)] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        for bad in [
            "ab",
            "-abc",
            "abc-",
            "a--b",
            "a._b",
            "my trail",
            "10.0.0.1",
            &"a".repeat(129),
            "tráil",
        ] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
    }
}
