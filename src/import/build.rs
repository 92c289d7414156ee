//! The raw structs that importers build: an imported trail is the scenario's own [`RawTrail`],
//! whether it was written in a scenario file or read from Terraform, CloudFormation or the AWS
//! CLI. The importers read every value into its type where they find it (an invalid one is an
//! error at its place in the template or plan), then build the trail with these functions. The
//! values carry no position in TOML text.

use crate::model::{InsightType, ReadWriteType};
use crate::scenario::raw::{
    RawAdvancedSelector, RawDataResource, RawEventSelector, RawFieldSelector, RawTrail, S,
};

/// A value without a place in any text.
pub(crate) fn s<T>(value: T) -> S<T> {
    S::new(0..0, value)
}

/// Strings without a place.
pub(crate) fn strings(values: Vec<String>) -> Vec<S<String>> {
    values.into_iter().map(s).collect()
}

/// What a source says of a trail, each value read or defaulted.
#[derive(Debug)]
pub(crate) struct Trail {
    pub(crate) name: String,
    pub(crate) home_region: Option<String>,
    pub(crate) multi_region: bool,
    pub(crate) organization: bool,
    pub(crate) include_global_service_events: bool,
    pub(crate) logging: bool,
    pub(crate) cloudwatch_logs: bool,
    pub(crate) insights: Vec<InsightType>,
    pub(crate) data_insights: Vec<InsightType>,
    pub(crate) event_selector: Vec<S<RawEventSelector>>,
    pub(crate) advanced_event_selector: Vec<S<RawAdvancedSelector>>,
}

impl Trail {
    /// The raw `[[trail]]` table, every value the source gave stated.
    pub(crate) fn into_raw(self) -> RawTrail {
        RawTrail {
            name: s(self.name),
            account: None,
            home_region: self.home_region.map(s),
            multi_region: self.multi_region,
            organization: self.organization,
            include_global_service_events: Some(s(self.include_global_service_events)),
            logging: Some(self.logging),
            cloudwatch_logs: self.cloudwatch_logs,
            insights: self.insights.into_iter().map(s).collect(),
            data_insights: self.data_insights.into_iter().map(s).collect(),
            event_selector: self.event_selector,
            advanced_event_selector: self.advanced_event_selector,
        }
    }
}

/// A basic event selector; `include_management_events` is always stated.
pub(crate) fn basic_selector(
    read_write_type: ReadWriteType,
    include_management_events: bool,
    exclude_management_event_sources: Vec<String>,
    data_resources: Vec<S<RawDataResource>>,
) -> S<RawEventSelector> {
    s(RawEventSelector {
        read_write_type,
        include_management_events: Some(include_management_events),
        exclude_management_event_sources: strings(exclude_management_event_sources),
        data_resources,
    })
}

/// A data resource of a basic event selector.
pub(crate) fn data_resource(kind: String, values: Vec<String>) -> S<RawDataResource> {
    s(RawDataResource {
        kind: s(kind),
        values: strings(values),
    })
}

/// An advanced event selector.
pub(crate) fn advanced_selector(
    name: Option<String>,
    field_selectors: Vec<S<RawFieldSelector>>,
) -> S<RawAdvancedSelector> {
    s(RawAdvancedSelector {
        name,
        field_selectors,
    })
}

/// The operators of a field selector, by the scenario's names, in the order they are written.
pub(crate) use crate::scenario::write::OPERATORS;

/// A field selector: `field` and each operator with values (`(operator, values)`, an operator
/// without values left out).
pub(crate) fn field_selector<'o>(
    field: String,
    operators: impl IntoIterator<Item = (&'o str, Vec<String>)>,
) -> S<RawFieldSelector> {
    let mut map = RawFieldSelector::new();
    map.insert(s("field".to_owned()), s(toml::Value::String(field)));
    for (key, values) in operators {
        if !values.is_empty() {
            let array = values.into_iter().map(toml::Value::String).collect();
            map.insert(s(key.to_owned()), s(toml::Value::Array(array)));
        }
    }
    s(map)
}

/// The field a field selector tests.
pub(crate) fn field_of(selector: &RawFieldSelector) -> Option<&str> {
    selector
        .iter()
        .find(|(k, _)| k.get_ref() == "field")
        .and_then(|(_, v)| v.get_ref().as_str())
}

/// The string values of one operator of a field selector (none when it has no such operator).
pub(crate) fn values_of<'a>(selector: &'a RawFieldSelector, operator: &str) -> Vec<&'a str> {
    selector
        .iter()
        .find(|(k, _)| k.get_ref() == operator)
        .and_then(|(_, v)| v.get_ref().as_array())
        .map(|values| values.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_selector_keeps_the_operators_with_values() {
        let fs = field_selector(
            "eventCategory".to_owned(),
            [
                ("equals", vec!["Data".to_owned()]),
                ("starts_with", Vec::new()),
            ],
        )
        .into_inner();
        assert_eq!(field_of(&fs), Some("eventCategory"));
        assert_eq!(values_of(&fs, "equals"), ["Data"]);
        assert!(values_of(&fs, "starts_with").is_empty());
        assert_eq!(fs.len(), 2);
    }
}
