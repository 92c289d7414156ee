//! CT109: an imported trail's existence or selection depends on a value trailplan cannot resolve
//! before deployment (SPEC §7). Such a value is never priced as nothing: the gate fails until the
//! usage file's `[import.values]` (or `[import.parameters]`) gives it.

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UnresolvedImportValue,
    summary: "an imported trail's existence or selection depends on a value trailplan cannot resolve (§7)",
    fix: "set the expression in the usage file's [import.values] (a parameter in [import.parameters])",
    docs: include_str!("../../docs/rules/unresolved-import-value.md"),
    check,
};

/// An imported trail's `property` depends on an `expression` known only at deploy time.
pub(crate) struct UnresolvedImportValue<'a> {
    pub(crate) trail: &'a str,
    pub(crate) property: &'a str,
    pub(crate) expression: &'a str,
    /// Where the source says it is (`main.tf:12`).
    pub(crate) at: Option<&'a str>,
}

impl Violation for UnresolvedImportValue<'_> {
    const RULE: Rule = Rule::UnresolvedImportValue;

    fn message(&self) -> String {
        let at = self.at.map(|at| format!(" at {at}")).unwrap_or_default();
        format!(
            "trail {}: {} depends on `{}`{at}, which is known only at deploy time; \
             set \"{}\" in the usage file's [import.values]",
            self.trail, self.property, self.expression, self.expression
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .text("property", self.property)
            .text("expression", self.expression)
            .text("at", self.at.unwrap_or_default())
    }
}

/// A remote module call that `terraform init` has not fetched: the trails it declares are
/// unknown.
pub(crate) struct UnfetchedModule<'a> {
    pub(crate) module: &'a crate::model::UnfetchedModule,
}

impl Violation for UnfetchedModule<'_> {
    const RULE: Rule = Rule::UnresolvedImportValue;

    fn message(&self) -> String {
        format!("module call {}", self.module.describe())
    }

    fn data(&self) -> Data {
        Data::default()
            .text("property", "module")
            .text("expression", self.module.call.as_str())
            .text("at", self.module.at.as_deref().unwrap_or_default())
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for module in &cx.scenario.unfetched_modules {
        cx.report(&UnfetchedModule { module }).push(out);
    }
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        for value in &trail.unresolved {
            cx.report(&UnresolvedImportValue {
                trail: &trail.name,
                property: &value.property,
                expression: &value.expression,
                at: value.at.as_deref(),
            })
            .trail(t)
            .account(trail.account)
            .push(out);
        }
    }
}
