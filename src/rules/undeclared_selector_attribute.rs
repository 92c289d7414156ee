//! CT108: a selector tests an attribute (`eventSource`, `eventName`, `resources.ARN`...) that the
//! volumes it meets do not declare. Positive operators then do not match and negative ones do, so
//! the estimate is only as exact as the volumes. Reported once per trail and field.

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UndeclaredSelectorAttribute,
    summary: "a selector tests an attribute that the volumes do not declare",
    fix: "declare event_source, event_name or resource_arn on the volumes this selector meets",
    docs: include_str!("../../docs/rules/undeclared-selector-attribute.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, field) in &cx.selection.undeclared {
        let trail = &cx.scenario.trails[*t];
        cx.finding(
            &RULE,
            format!(
                "trail {} tests `{field}`, which some volumes it meets do not declare: positive operators do not match them, negative ones do",
                trail.name
            ),
        )
        .text("field", field.clone())
        .subject(field.clone())
        .trail(*t)
        .account(trail.account)
        .push(out);
    }
}
