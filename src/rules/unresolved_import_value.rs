//! CT109: an imported trail's existence or selection depends on a value trailplan cannot resolve
//! before deployment (SPEC §7). Such a value is never priced as nothing: the gate fails until the
//! usage file's `[import.values]` (or `[import.parameters]`) gives it.

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UnresolvedImportValue,
    summary: "an imported trail's existence or selection depends on a value trailplan cannot resolve (§7)",
    fix: "set the expression in the usage file's [import.values] (a parameter in [import.parameters])",
    docs: include_str!("../../docs/rules/unresolved-import-value.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        for value in &trail.unresolved {
            let at = value
                .at
                .as_ref()
                .map(|at| format!(" at {at}"))
                .unwrap_or_default();
            cx.finding(
                &RULE,
                format!(
                    "trail {}: {} depends on `{}`{at}, which is known only at deploy time; \
                     set \"{}\" in the usage file's [import.values]",
                    trail.name, value.property, value.expression, value.expression
                ),
            )
            .text("property", value.property.clone())
            .text("expression", value.expression.clone())
            .text("at", value.at.clone().unwrap_or_default())
            .trail(t)
            .account(trail.account)
            .push(out);
        }
    }
}
