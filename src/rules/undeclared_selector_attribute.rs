//! CT108: a selector tests an attribute (`eventSource`, `eventName`, `resources.ARN`...) that the
//! volumes it meets do not declare. Positive operators then do not match and negative ones do, so
//! the estimate is only as exact as the volumes. Reported once per trail and field.

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UndeclaredSelectorAttribute,
    summary: "a selector tests an attribute that the volumes do not declare",
    fix: "declare event_source, event_name or resource_arn on the volumes this selector meets",
    docs: include_str!("../../docs/rules/undeclared-selector-attribute.md"),
    check,
};

/// A trail's selectors test a field that some volumes they meet do not declare.
pub(crate) struct UndeclaredSelectorAttribute<'a> {
    pub(crate) trail: &'a str,
    pub(crate) field: &'a str,
}

impl Violation for UndeclaredSelectorAttribute<'_> {
    const RULE: Rule = Rule::UndeclaredSelectorAttribute;

    fn message(&self) -> String {
        format!(
            "trail {} tests `{}`, which some volumes it meets do not declare: positive operators do not match them, negative ones do",
            self.trail, self.field
        )
    }

    fn data(&self) -> Data {
        Data::default().text("field", self.field)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, field) in &cx.selection.undeclared {
        let trail = &cx.scenario.trails[*t];
        cx.report(&UndeclaredSelectorAttribute {
            trail: &trail.name,
            field,
        })
        .subject(field.clone())
        .trail(*t)
        .account(trail.account)
        .push(out);
    }
}
