//! CT121: a waiver whose `expires` date has passed. It no longer applies, so what it waived is
//! reported again.

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::WaiverExpired,
    summary: "a waiver's expires date has passed",
    fix: "renew the waiver with a new date and reason, or fix what it waived",
    docs: include_str!("../../docs/rules/waiver-expired.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for waiver in &cx.scenario.policy.waivers {
        if let Some(expires) = waiver.expires.filter(|d| *d < cx.today) {
            cx.finding(
                &RULE,
                format!(
                    "the waiver of {} expired on {expires} (today is {}); it no longer applies",
                    waiver.written, cx.today
                ),
            )
            .text("rule", waiver.rule.as_str())
            .text("expires", expires.to_string())
            .text("today", cx.today.to_string())
            .at(&waiver.span)
            .push(out);
        }
    }
}
