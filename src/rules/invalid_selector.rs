//! CT006: a selector that AWS would refuse: an unknown field or operator, an unknown
//! `eventCategory`, an advanced selector without `eventCategory` (or, for data events, without
//! `resources.type`; for network activity events, without `eventSource` — AWS requires both), a
//! data resource type that basic selectors do not take, or an excluded management event source
//! other than KMS and RDS Data API; a Lambda or DynamoDB data resource value that is neither the
//! all-resources value nor a whole function or table ARN (AWS compares them as exact ARNs); and in
//! advanced selectors, what a trail does not accept for its category (SPEC §3, "What AWS accepts"):
//! `eventName` or a positive `eventSource` on management events, a network-activity selector without
//! exactly one `equals` event source, `errorCode` other than `equals VpceAccessDenied`, any operator
//! but `equals` on `readOnly`, `eventCategory` or `resources.type`, and two `resources.type` fields
//! in one selector. Such a selector is still priced as written, so that the estimate stays visible.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};
use crate::aws::{
    ALL_RESOURCES_VALUES, BASIC_DATA_RESOURCE_TYPES, CATEGORY_FIELDS, EQUALS_ONLY_FIELDS,
    EXCLUDABLE_SOURCES, is_data_resource_type,
    resource_type_hint,
};
use crate::model::{AdvancedSelector, BasicSelector, Category, Field, Operator, Span};
use crate::selection::is_known_category;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::InvalidSelector,
    summary: "a selector that AWS refuses on a trail: an unknown field, operator, category, data resource type or excluded source, a partial Lambda or DynamoDB ARN, or a field or operator its category does not allow",
    fix: "correct the selector to a field, operator and value that CloudTrail accepts",
    docs: include_str!("../../docs/rules/invalid-selector.md"),
    check,
};

/// A part of a trail's selectors that AWS refuses: `key` and `value` name it, `problem` says why.
pub(crate) struct InvalidSelector<'a> {
    pub(crate) trail: &'a str,
    pub(crate) key: &'static str,
    pub(crate) value: &'a str,
    pub(crate) problem: String,
}

impl Violation for InvalidSelector<'_> {
    const RULE: Rule = Rule::InvalidSelector;

    fn message(&self) -> String {
        format!("trail {}: {}", self.trail, self.problem)
    }

    fn data(&self) -> Data {
        Data::default().text(self.key, self.value)
    }
}

/// A refused part of one selector: where it is written, what it is (a key and a value), and why.
#[allow(clippy::struct_field_names, reason = "the problem's text is its `problem`, beside its key and value")]
struct Problem<'a> {
    span: Span,
    key: &'static str,
    value: &'a str,
    problem: String,
}

impl<'a> Problem<'a> {
    fn new(span: &Span, (key, value): (&'static str, &'a str), problem: String) -> Self {
        Problem {
            span: span.clone(),
            key,
            value,
            problem,
        }
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        let mut problems = Vec::new();
        for sel in &trail.basic {
            basic_problems(sel, &mut problems);
        }
        for sel in &trail.advanced {
            advanced_problems(sel, &mut problems);
        }
        for p in problems {
            cx.report(&InvalidSelector {
                trail: &trail.name,
                key: p.key,
                value: p.value,
                problem: p.problem,
            })
            .subject(format!("{}={}", p.key, p.value))
            .trail(t)
            .account(trail.account)
            .at(&p.span)
            .push(out);
        }
    }
}

/// What AWS refuses in a basic selector: an excluded source it cannot exclude, a partial Lambda or
/// DynamoDB ARN, a data resource type basic selectors do not take.
fn basic_problems<'a>(sel: &'a BasicSelector, out: &mut Vec<Problem<'a>>) {
    for (source, span) in &sel.exclude_management_event_sources {
        if !EXCLUDABLE_SOURCES.contains(&source.as_str()) {
            out.push(Problem::new(
                span,
                ("excluded_source", source),
                format!(
                    "`{source}` cannot be excluded; only {} can",
                    EXCLUDABLE_SOURCES.join(" and ")
                ),
            ));
        }
    }
    for dr in &sel.data_resources {
        if let Some(form) = exact_arn_form(&dr.kind) {
            for (value, span) in &dr.values {
                if !ALL_RESOURCES_VALUES.contains(&value.as_str()) && !is_whole_arn(&dr.kind, value)
                {
                    out.push(Problem::new(
                        span,
                        ("value", value),
                        format!(
                            "{} value `{value}` is neither the all-resources value nor a whole ARN ({form}); AWS compares these values as exact ARNs, so it selects only a resource with exactly this ARN",
                            dr.kind
                        ),
                    ));
                }
            }
        }
        if dr.kind == "AWS::S3::Object" {
            for (value, span) in &dr.values {
                if value.starts_with("arn:aws:s3:::*") {
                    out.push(Problem::new(
                        span,
                        ("value", value),
                        format!(
                            "S3 value `{value}` is invalid (AWS: \"Value {value} for DataResources.Values is invalid\"); for every bucket write `arn:aws:s3`"
                        ),
                    ));
                }
            }
        }
        if !is_data_resource_type(&dr.kind) {
            out.push(Problem::new(
                &dr.span,
                ("resource_type", &dr.kind),
                format!(
                    "`{}` is not a data-event resource type AWS documents{}",
                    dr.kind,
                    resource_type_hint(&dr.kind)
                ),
            ));
        } else if !BASIC_DATA_RESOURCE_TYPES.contains(&dr.kind.as_str()) {
            out.push(Problem::new(
                &dr.span,
                ("resource_type", &dr.kind),
                format!(
                    "basic event selectors do not take data resource type `{}` (only {}); use advanced event selectors",
                    dr.kind,
                    BASIC_DATA_RESOURCE_TYPES.join(", ")
                ),
            ));
        }
    }
}

/// What AWS refuses in an advanced selector: a missing required field, what its category does not
/// allow, an unknown field, operator or event category.
fn advanced_problems<'a>(sel: &'a AdvancedSelector, out: &mut Vec<Problem<'a>>) {
    if !sel.fields.iter().any(|f| f.field == Field::EventCategory) {
        out.push(Problem::new(
            &sel.span,
            ("missing_field", "eventCategory"),
            "an advanced event selector needs an `eventCategory` field selector".into(),
        ));
    }
    // AWS requires `resources.type` on data-event selectors and `eventSource` on
    // network-activity selectors (AdvancedFieldSelector, API reference).
    for (category, field, name) in [
        (Category::Data, Field::ResourcesType, "resources.type"),
        (Category::NetworkActivity, Field::EventSource, "eventSource"),
    ] {
        if sel.names_category(category) && !sel.fields.iter().any(|f| f.field == field) {
            out.push(Problem::new(
                &sel.span,
                ("missing_field", name),
                format!(
                    "an advanced event selector for {} events needs a `{name}` field selector",
                    category.event_category()
                ),
            ));
        }
    }
    for (span, field, message) in refused_for_category(sel) {
        out.push(Problem::new(
            &span,
            ("field", field),
            format!(
                "{message}; AWS refuses the trail's selectors (InvalidEventSelectorsException) and keeps its previous ones; trailplan prices this selector as written"
            ),
        ));
    }
    for fs in &sel.fields {
        if fs.field == Field::Unknown {
            out.push(Problem::new(
                &fs.span,
                ("field", &fs.field_name),
                format!("unknown field `{}`", fs.field_name),
            ));
        }
        for (op, span, _) in &fs.unknown_operators {
            out.push(Problem::new(
                span,
                ("operator", op),
                format!(
                    "unknown operator `{op}` (expected equals, starts_with, ends_with, not_equals, not_starts_with or not_ends_with)"
                ),
            ));
        }
        if fs.field == Field::ResourcesType {
            for value in fs.conditions.iter().flat_map(|c| &c.values) {
                if !is_data_resource_type(value) {
                    out.push(Problem::new(
                        &fs.span,
                        ("resource_type", value),
                        format!(
                            "`{value}` is not a data-event resource type AWS documents{}",
                            resource_type_hint(value)
                        ),
                    ));
                }
            }
        }
        if fs.field == Field::EventCategory {
            for value in fs.conditions.iter().flat_map(|c| &c.values) {
                if !is_known_category(value) {
                    out.push(Problem::new(
                        &fs.span,
                        ("event_category", value),
                        format!(
                            "unknown eventCategory `{value}` (expected Management, Data or NetworkActivity)"
                        ),
                    ));
                }
            }
        }
    }
}

/// The whole-ARN form of the basic data resource types whose values AWS compares exactly.
fn exact_arn_form(kind: &str) -> Option<&'static str> {
    match kind {
        "AWS::Lambda::Function" => Some("arn:aws:lambda:REGION:ACCOUNT:function:NAME"),
        "AWS::DynamoDB::Table" => Some("arn:aws:dynamodb:REGION:ACCOUNT:table/NAME"),
        _ => None,
    }
}

/// Is `value` a whole function ARN (`arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME`) or a whole
/// table ARN (`arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME`)?
fn is_whole_arn(kind: &str, value: &str) -> bool {
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [arn, partition, service, region, account, rest] = parts.as_slice() else {
        return false;
    };
    let head = *arn == "arn"
        && partition.starts_with("aws")
        && !region.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit());
    let name_ok = |name: &str| !name.is_empty() && !name.contains([':', '/', '*']);
    head && match kind {
        "AWS::Lambda::Function" => {
            *service == "lambda" && rest.strip_prefix("function:").is_some_and(name_ok)
        }
        "AWS::DynamoDB::Table" => {
            *service == "dynamodb" && rest.strip_prefix("table/").is_some_and(name_ok)
        }
        _ => false,
    }
}

/// Does the selector name the category whose `eventCategory` value is `value`?
fn names_category(sel: &AdvancedSelector, value: &str) -> bool {
    [Category::Management, Category::Data, Category::NetworkActivity]
        .into_iter()
        .any(|c| c.event_category() == value && sel.names_category(c))
}

/// `` `a`, `b` and `c` ``.
fn and_list(fields: &[&str]) -> String {
    let quoted: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    match quoted.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => quoted.concat(),
    }
}

/// What an advanced selector asks of a trail that its category does not allow (SPEC §3, "What AWS
/// accepts", from the API reference's AdvancedFieldSelector): the field selector's span, its field
/// and what is wrong.
fn refused_for_category(sel: &AdvancedSelector) -> Vec<(Span, &str, String)> {
    let mut out = Vec::new();
    let ops = |fs: &crate::model::FieldSelector| -> Vec<Operator> {
        fs.conditions.iter().map(|c| c.operator).collect()
    };
    let management = sel.names_category(Category::Management);
    let network = sel.names_category(Category::NetworkActivity);
    let mut types = 0;
    for fs in &sel.fields {
        let name = fs.field_name.as_str();
        if EQUALS_ONLY_FIELDS.contains(&name) && ops(fs).iter().any(|&op| op != Operator::Equals)
        {
            out.push((
                fs.span.clone(),
                name,
                format!("`{name}` takes only the `equals` operator"),
            ));
        }
        if fs.field == Field::ResourcesType {
            types += 1;
            if types == 2 {
                out.push((
                    fs.span.clone(),
                    name,
                    "an advanced event selector takes one `resources.type` field selector".into(),
                ));
            }
        }
        if name == "errorCode"
            && !fs.conditions.iter().all(|c| {
                c.operator == Operator::Equals && c.values.iter().all(|v| v == "VpceAccessDenied")
            })
        {
            out.push((
                fs.span.clone(),
                name,
                "`errorCode` takes only `equals` `VpceAccessDenied`".into(),
            ));
        }
        if management && fs.field == Field::EventSource {
            let allowed = fs.conditions.iter().all(|c| {
                c.operator == Operator::NotEquals
                    && c.values
                        .iter()
                        .all(|v| EXCLUDABLE_SOURCES.contains(&v.as_str()))
            });
            if !allowed {
                out.push((
                    fs.span.clone(),
                    name,
                    format!(
                        "on management events `eventSource` takes only `not_equals` {}",
                        EXCLUDABLE_SOURCES.join(" or ")
                    ),
                ));
            }
        }
        if fs.field != Field::Unknown {
            for (category, words, fields) in CATEGORY_FIELDS {
                if names_category(sel, category) && !fields.contains(&name) {
                    out.push((
                        fs.span.clone(),
                        name,
                        format!(
                            "{words} events take only {}, not `{name}`{}",
                            and_list(fields),
                            if fs.field == Field::EventName {
                                " (`eventName` is for event data stores, not trails)"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
            }
        }
        if network && fs.field == Field::EventSource {
            let one_equals = matches!(
                fs.conditions.as_slice(),
                [c] if c.operator == Operator::Equals && c.values.len() == 1
            );
            if !one_equals {
                out.push((
                    fs.span.clone(),
                    name,
                    "on network activity events `eventSource` takes one source with `equals`"
                        .into(),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_whole_arn;

    #[test]
    fn whole_arns_have_every_part() {
        let l = "AWS::Lambda::Function";
        let d = "AWS::DynamoDB::Table";
        assert!(is_whole_arn(
            l,
            "arn:aws:lambda:us-east-1:111111111111:function:checkout"
        ));
        assert!(is_whole_arn(
            d,
            "arn:aws:dynamodb:us-east-1:111111111111:table/orders"
        ));
        assert!(!is_whole_arn(
            l,
            "arn:aws:lambda:us-east-1:111111111111:function:"
        ));
        assert!(!is_whole_arn(
            l,
            "arn:aws:lambda:us-east-1:111111111111:function:a:1"
        ));
        assert!(!is_whole_arn(l, "arn:aws:lambda:us-east-1:111111111111"));
        assert!(!is_whole_arn(
            d,
            "arn:aws:dynamodb:us-east-1:111111111111:table/"
        ));
        assert!(!is_whole_arn(
            d,
            "arn:aws:dynamodb:us-east-1:11111111111:table/orders"
        ));
        assert!(!is_whole_arn(
            d,
            "arn:aws:lambda:us-east-1:111111111111:function:orders"
        ));
    }
}
