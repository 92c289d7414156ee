//! Imported trails into the scenario's raw structs, in memory: the one trail type on input is
//! [`RawTrail`], whether it was written in a scenario file or read from Terraform, CloudFormation or
//! the AWS CLI. The importers have already read every value into its type where they found it
//! (an invalid one is an error at its place in the template or plan), so nothing here can fail.
//! The values carry no position in TOML text; a later check of the trail points at its origin,
//! its file and resource address.

use super::{AdvancedSelector, BasicSelector, ImportedTrail};
use crate::scenario::raw::{
    RawAdvancedSelector, RawDataResource, RawEventSelector, RawFieldSelector, RawTrail, S,
};

/// A value without a place in any text.
fn s<T>(value: T) -> S<T> {
    S::new(0..0, value)
}

fn strings(values: &[String]) -> Vec<S<String>> {
    values.iter().cloned().map(s).collect()
}

impl ImportedTrail {
    /// The trail as the raw `[[trail]]` table it stands for; `account` is set when given.
    pub(crate) fn to_raw(&self, account: Option<&str>) -> RawTrail {
        RawTrail {
            name: s(self.name.clone()),
            account: account.map(|a| s(a.to_string())),
            home_region: self.home_region.clone().map(s),
            multi_region: self.multi_region,
            organization: self.organization,
            include_global_service_events: Some(s(self.include_global_service_events)),
            insights: self.insights.iter().copied().map(s).collect(),
            data_insights: self.data_insights.iter().copied().map(s).collect(),
            cloudwatch_logs: self.cloudwatch_logs,
            logging: Some(self.logging),
            event_selector: self.event_selectors.iter().map(|b| s(basic(b))).collect(),
            advanced_event_selector: self.advanced_event_selectors.iter().map(advanced).collect(),
        }
    }
}

fn basic(selector: &BasicSelector) -> RawEventSelector {
    RawEventSelector {
        read_write_type: selector.read_write_type,
        include_management_events: Some(selector.include_management_events),
        exclude_management_event_sources: strings(&selector.exclude_management_event_sources),
        data_resources: selector
            .data_resources
            .iter()
            .map(|r| {
                s(RawDataResource {
                    kind: s(r.r#type.clone()),
                    values: strings(&r.values),
                })
            })
            .collect(),
    }
}

fn advanced(selector: &AdvancedSelector) -> S<RawAdvancedSelector> {
    let field_selectors = selector
        .field_selectors
        .iter()
        .map(|fs| {
            let mut map = RawFieldSelector::new();
            map.insert(
                s("field".to_string()),
                s(toml::Value::String(fs.field.clone())),
            );
            for (key, values) in fs.operators() {
                if !values.is_empty() {
                    let array = values.iter().cloned().map(toml::Value::String).collect();
                    map.insert(s(key.to_string()), s(toml::Value::Array(array)));
                }
            }
            s(map)
        })
        .collect();
    s(RawAdvancedSelector {
        name: selector.name.clone(),
        field_selectors,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{FieldSelector, Origin};
    use super::*;
    use crate::model::{InsightType, ReadWriteType};

    fn trail() -> ImportedTrail {
        ImportedTrail {
            origin: Origin {
                file: "plan.json".into(),
                address: "aws_cloudtrail.main".into(),
                place: None,
            },
            name: "main".into(),
            home_region: Some("us-east-1".into()),
            multi_region: true,
            organization: false,
            include_global_service_events: true,
            logging: true,
            cloudwatch_logs: false,
            insights: vec![InsightType::ApiCallRateInsight],
            data_insights: Vec::new(),
            event_selectors: vec![BasicSelector {
                read_write_type: ReadWriteType::WriteOnly,
                include_management_events: true,
                exclude_management_event_sources: vec!["kms.amazonaws.com".into()],
                data_resources: Vec::new(),
            }],
            advanced_event_selectors: vec![AdvancedSelector {
                name: None,
                field_selectors: vec![FieldSelector {
                    field: "eventCategory".into(),
                    equals: vec!["Data".into()],
                    ..FieldSelector::default()
                }],
            }],
            unknowns: Vec::new(),
            unresolved: Vec::new(),
        }
    }

    #[test]
    fn an_imported_trail_becomes_the_raw_table_it_stands_for() {
        let raw = trail().to_raw(Some("prod"));
        assert_eq!(raw.name.get_ref(), "main");
        assert_eq!(
            raw.account.as_ref().map(|a| a.get_ref().as_str()),
            Some("prod")
        );
        assert_eq!(raw.insights[0].get_ref(), &InsightType::ApiCallRateInsight);
        assert_eq!(
            raw.event_selector[0].get_ref().read_write_type,
            ReadWriteType::WriteOnly
        );
        let fs = raw.advanced_event_selector[0].get_ref().field_selectors[0].get_ref();
        let equals = fs.iter().find(|(k, _)| k.get_ref() == "equals").unwrap().1;
        assert_eq!(
            equals.get_ref(),
            &toml::Value::Array(vec![toml::Value::String("Data".into())])
        );
    }
}
