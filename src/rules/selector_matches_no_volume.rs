//! CT106: a selector, or a data resource value of a basic selector, that selects no declared volume
//! the trail can see. It is priced at zero, which is right only if the volume really is zero.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::SelectorMatchesNoVolume,
    summary: "a selector or data resource that selects no declared volume (priced at zero)",
    fix: "declare the volume this selector is meant for, or remove the selector",
    docs: include_str!("../../docs/rules/selector-matches-no-volume.md"),
    check,
};

/// A selector (or data resource value) of a trail that selects no declared volume.
pub(crate) struct SelectorMatchesNoVolume<'a> {
    pub(crate) selector: &'a str,
    pub(crate) trail: &'a str,
    pub(crate) currency: &'a str,
}

impl Violation for SelectorMatchesNoVolume<'_> {
    const RULE: Rule = Rule::SelectorMatchesNoVolume;

    fn message(&self) -> String {
        format!(
            "{} of trail {} selects no declared volume; it is priced at {}",
            self.selector,
            self.trail,
            crate::money::amount(rust_decimal::Decimal::ZERO, self.currency)
        )
    }

    fn data(&self) -> Data {
        Data::default().text("selector", self.selector)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if !trail.logging {
            continue;
        }
        let items = &cx.selection.items[t];
        for (item, hit) in items.iter().zip(&cx.selection.hits[t]) {
            if !hit {
                cx.report(&SelectorMatchesNoVolume {
                    selector: &item.label,
                    trail: &trail.name,
                    currency: &cx.scenario.prices.currency,
                })
                .subject(item.label.clone())
                .trail(t)
                .account(trail.account)
                .at(&item.span)
                .push(out);
            }
        }
    }
}
