//! CT106: a selector, or a data resource value of a basic selector, that selects no declared volume
//! the trail can see. It is priced at zero, which is right only if the volume really is zero.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html>

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::SelectorMatchesNoVolume,
    summary: "a selector or data resource that selects no declared volume (priced at zero)",
    fix: "declare the volume this selector is meant for, or remove the selector",
    docs: include_str!("../../docs/rules/selector-matches-no-volume.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if !trail.logging {
            continue;
        }
        let items = &cx.selection.items[t];
        for (item, hit) in items.iter().zip(&cx.selection.hits[t]) {
            if !hit {
                cx.finding(
                    &RULE,
                    format!(
                        "{} of trail {} selects no declared volume; it is priced at {}",
                        item.label,
                        trail.name,
                        crate::money::amount(
                            rust_decimal::Decimal::ZERO,
                            &cx.scenario.prices.currency
                        )
                    ),
                )
                .text("selector", item.label.clone())
                .subject(item.label.clone())
                .trail(t)
                .account(trail.account)
                .at(&item.span)
                .push(out);
            }
        }
    }
}
