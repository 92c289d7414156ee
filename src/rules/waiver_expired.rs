//! CT121: a waiver whose `expires` date has passed. It no longer applies, so what it waived is
//! reported again.

use super::{Context, Data, Definition, Finding, Rule, Violation};
use crate::date::Date;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::WaiverExpired,
    summary: "a waiver's expires date has passed",
    fix: "renew the waiver with a new date and reason, or fix what it waived",
    docs: include_str!("../../docs/rules/waiver-expired.md"),
    check,
};

/// A waiver, `written` as in the scenario, whose `expires` date has passed by `today`.
pub(crate) struct WaiverExpired<'a> {
    pub(crate) written: &'a str,
    pub(crate) rule: Rule,
    pub(crate) expires: Date,
    pub(crate) today: Date,
}

impl Violation for WaiverExpired<'_> {
    const RULE: Rule = Rule::WaiverExpired;

    fn message(&self) -> String {
        format!(
            "the waiver of {} expired on {} (today is {}); it no longer applies",
            self.written, self.expires, self.today
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .text("rule", self.rule.as_str())
            .text("expires", self.expires.to_string())
            .text("today", self.today.to_string())
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for waiver in &cx.scenario.policy.waivers {
        if let Some(expires) = waiver.expires.filter(|d| *d < cx.today) {
            cx.report(&WaiverExpired {
                written: &waiver.written,
                rule: waiver.rule,
                expires,
                today: cx.today,
            })
            .at(&waiver.span)
            .push(out);
        }
    }
}
