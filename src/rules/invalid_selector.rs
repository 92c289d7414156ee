//! CT006: a selector that AWS would refuse: an unknown field or operator, an unknown
//! `eventCategory`, an advanced selector without `eventCategory` (or, for data events, without
//! `resources.type`; for network activity events, without `eventSource` — AWS requires both), a
//! data resource type that basic selectors do not take, or an excluded management event source
//! other than KMS and RDS Data API.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html>

use super::{Context, Definition, Finding, Rule};
use crate::aws::{BASIC_DATA_RESOURCE_TYPES, EXCLUDABLE_SOURCES};
use crate::model::{Category, Field, Span};
use crate::selection::is_known_category;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::InvalidSelector,
    summary: "an unknown field, operator, category, data resource type or excluded source, or an advanced selector without a required field",
    fix: "correct the selector to a field, operator and value that CloudTrail accepts",
    docs: include_str!("../../docs/rules/invalid-selector.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        let mut report = |span: &Span, (key, value): (&'static str, &str), message: String| {
            cx.finding(&RULE, format!("trail {}: {message}", trail.name))
                .text(key, value)
                .subject(format!("{key}={value}"))
                .trail(t)
                .account(trail.account)
                .at(span)
                .push(out);
        };
        for sel in &trail.basic {
            for (source, span) in &sel.exclude_management_event_sources {
                if !EXCLUDABLE_SOURCES.contains(&source.as_str()) {
                    report(
                        span,
                        ("excluded_source", source),
                        format!(
                            "`{source}` cannot be excluded; only {} can",
                            EXCLUDABLE_SOURCES.join(" and ")
                        ),
                    );
                }
            }
            for dr in &sel.data_resources {
                if !BASIC_DATA_RESOURCE_TYPES.contains(&dr.kind.as_str()) {
                    report(
                        &dr.span,
                        ("resource_type", &dr.kind),
                        format!(
                            "basic event selectors do not take data resource type `{}` (only {}); use advanced event selectors",
                            dr.kind,
                            BASIC_DATA_RESOURCE_TYPES.join(", ")
                        ),
                    );
                }
            }
        }
        for sel in &trail.advanced {
            if !sel.fields.iter().any(|f| f.field == Field::EventCategory) {
                report(
                    &sel.span,
                    ("missing_field", "eventCategory"),
                    "an advanced event selector needs an `eventCategory` field selector".into(),
                );
            }
            // AWS requires `resources.type` on data-event selectors and `eventSource` on
            // network-activity selectors (AdvancedFieldSelector, API reference).
            for (category, field, name) in [
                (Category::Data, Field::ResourcesType, "resources.type"),
                (Category::NetworkActivity, Field::EventSource, "eventSource"),
            ] {
                if sel.names_category(category) && !sel.fields.iter().any(|f| f.field == field) {
                    report(
                        &sel.span,
                        ("missing_field", name),
                        format!(
                            "an advanced event selector for {} events needs a `{name}` field selector",
                            category.event_category()
                        ),
                    );
                }
            }
            for fs in &sel.fields {
                if fs.field == Field::Unknown {
                    report(
                        &fs.span,
                        ("field", &fs.field_name),
                        format!("unknown field `{}`", fs.field_name),
                    );
                }
                for (op, span, _) in &fs.unknown_operators {
                    report(
                        span,
                        ("operator", op),
                        format!(
                            "unknown operator `{op}` (expected equals, starts_with, ends_with, not_equals, not_starts_with or not_ends_with)"
                        ),
                    );
                }
                if fs.field == Field::EventCategory {
                    for value in fs.conditions.iter().flat_map(|c| &c.values) {
                        if !is_known_category(value) {
                            report(
                                &fs.span,
                                ("event_category", value),
                                format!(
                                    "unknown eventCategory `{value}` (expected Management, Data or NetworkActivity)"
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}
