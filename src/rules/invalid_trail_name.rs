//! CT009: a trail name outside AWS's rules, or two trails with one name in the same account and
//! home region.
//!
//! AWS: 3 to 128 characters; ASCII letters, digits, `.`, `_` and `-`; starts and ends with a letter
//! or digit; no `.`, `_` or `-` next to another of them; not an IP address.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html>

use super::{Context, Definition, Finding, Rule};
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

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if let Some(problem) = name_problem(&trail.name) {
            cx.finding(&RULE, format!("trail name `{}` {problem}", trail.name))
                .text("problem", problem)
                .trail(t)
                .account(trail.account)
                .at(&trail.name_span)
                .push(out);
        }
        if !seen.insert((trail.account, trail.home_region, trail.name.as_str())) {
            cx.finding(
                &RULE,
                format!(
                    "two trails are named `{}` in {}/{}",
                    trail.name,
                    cx.account(trail.account),
                    cx.region(trail.home_region)
                ),
            )
            .count("trails", 2u64)
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
