//! The scenario exactly as written: serde structs that mirror the TOML of SPEC §3, refuse unknown
//! keys, and keep the spans that later checks point at. Nothing here is validated beyond types.

use crate::model::{Category, FailOn, InsightType, ReadWriteType};
use crate::money::Amount;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type S<T> = Spanned<T>;

/// A trailplan scenario: the accounts, regions, event volumes and trails of an AWS organization,
/// for planning the cost and the quotas of CloudTrail before anything is deployed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "trailplan scenario")]
pub struct RawScenario {
    /// The version of the scenario format: 1.
    #[schemars(with = "i64", extend("enum" = [1]))]
    pub format: S<i64>,
    #[schemars(with = "String")]
    pub name: S<String>,
    #[schemars(with = "Vec<String>")]
    pub regions: S<Vec<S<String>>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawAccount>")]
    pub account: Vec<S<RawAccount>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawVolume>")]
    pub volume: Vec<S<RawVolume>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawTrail>")]
    pub trail: Vec<S<RawTrail>>,
    pub policy: Option<RawPolicy>,
    pub prices: Option<RawPrices>,
    #[serde(default)]
    #[schemars(with = "Vec<RawApiClient>")]
    pub api_client: Vec<S<RawApiClient>>,
    #[schemars(with = "Option<RawForecast>")]
    pub forecast: Option<S<RawForecast>>,
    #[schemars(with = "Option<RawDownstream>")]
    pub downstream: Option<S<RawDownstream>>,
    /// `[import]`: what a usage file tells the importers.
    pub import: Option<RawImport>,
}

/// `[import.values]` and `[import.parameters]` of a usage file.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Import")]
pub struct RawImport {
    /// Values known only at deploy time, keyed by the expression as written.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub values: BTreeMap<String, toml::Value>,
    /// CloudFormation parameters over their defaults.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub parameters: BTreeMap<String, S<toml::Value>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Account")]
pub struct RawAccount {
    #[schemars(with = "String")]
    pub name: S<String>,
    #[schemars(with = "Option<String>")]
    pub id: Option<S<String>>,
    #[serde(default)]
    pub management: bool,
    /// A CloudTrail delegated administrator: it may own organization trails too.
    #[serde(default)]
    pub delegated_admin: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Volume")]
pub struct RawVolume {
    #[schemars(with = "Option<Vec<String>>")]
    pub accounts: Option<Vec<S<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub regions: Option<Vec<S<String>>>,
    #[schemars(with = "Category")]
    pub category: S<Category>,
    #[serde(default)]
    pub read: u64,
    #[serde(default)]
    pub write: u64,
    #[schemars(with = "Option<String>")]
    pub event_source: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub event_name: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub resource_type: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub resource_arn: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Trail")]
pub struct RawTrail {
    #[schemars(with = "String")]
    pub name: S<String>,
    #[schemars(with = "Option<String>")]
    pub account: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub home_region: Option<S<String>>,
    #[serde(default)]
    pub multi_region: bool,
    #[serde(default)]
    pub organization: bool,
    #[schemars(with = "Option<bool>")]
    pub include_global_service_events: Option<S<bool>>,
    #[serde(default)]
    #[schemars(with = "Vec<InsightType>")]
    pub insights: Vec<S<InsightType>>,
    #[serde(default)]
    #[schemars(with = "Vec<InsightType>")]
    pub data_insights: Vec<S<InsightType>>,
    #[serde(default)]
    pub cloudwatch_logs: bool,
    pub logging: Option<bool>,
    #[serde(default)]
    #[schemars(with = "Vec<RawEventSelector>")]
    pub event_selector: Vec<S<RawEventSelector>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawAdvancedSelector>")]
    pub advanced_event_selector: Vec<S<RawAdvancedSelector>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EventSelector")]
pub struct RawEventSelector {
    #[serde(default)]
    pub read_write_type: ReadWriteType,
    pub include_management_events: Option<bool>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub exclude_management_event_sources: Vec<S<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawDataResource>")]
    pub data_resources: Vec<S<RawDataResource>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DataResource")]
pub struct RawDataResource {
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: S<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub values: Vec<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "AdvancedSelector")]
pub struct RawAdvancedSelector {
    pub name: Option<String>,
    #[schemars(with = "Vec<FieldSelectorSchema>")]
    pub field_selectors: Vec<S<RawFieldSelector>>,
}

/// A field selector is kept as a map so that an unknown operator becomes finding CT006 (SPEC §5)
/// with its position, instead of a parse error.
pub type RawFieldSelector = BTreeMap<S<String>, S<toml::Value>>;

/// A field selector as the JSON Schema describes it: `field` and lists of strings under the
/// operators AWS has. Other keys are not refused: the scenario reads them, and finding CT006 names
/// them with their place.
#[derive(Debug, JsonSchema)]
#[schemars(rename = "FieldSelector")]
#[allow(dead_code)]
pub struct FieldSelectorSchema {
    /// The field: `eventCategory`, `readOnly`, `eventSource`, `eventName`, `resources.type`,
    /// `resources.ARN`, or another of AWS's.
    field: String,
    equals: Option<Vec<String>>,
    starts_with: Option<Vec<String>>,
    ends_with: Option<Vec<String>>,
    not_equals: Option<Vec<String>>,
    not_starts_with: Option<Vec<String>>,
    not_ends_with: Option<Vec<String>>,
}

/// A TOML local date (`2027-06-30`), a string in JSON.
#[derive(Debug, JsonSchema)]
#[schemars(transparent)]
#[allow(dead_code)]
pub struct Date(#[schemars(extend("format" = "date"))] String);

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Policy")]
pub struct RawPolicy {
    #[schemars(with = "Option<Amount>")]
    pub monthly_budget: Option<S<Amount>>,
    #[schemars(with = "Option<FailOn>")]
    pub fail_on: Option<S<FailOn>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawWaiver>")]
    pub waiver: Vec<S<RawWaiver>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Waiver")]
pub struct RawWaiver {
    #[schemars(with = "String")]
    pub rule: S<String>,
    #[schemars(with = "Option<String>")]
    pub trail: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub account: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub region: Option<S<String>>,
    #[schemars(with = "String")]
    pub reason: S<String>,
    #[schemars(with = "Option<Date>")]
    pub expires: Option<S<toml::value::Datetime>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Prices")]
pub struct RawPrices {
    #[schemars(with = "Option<String>")]
    pub currency: Option<S<String>>,
    #[schemars(with = "Option<Amount>")]
    pub management_additional: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    pub data: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    pub network_activity: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    pub insights: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    pub data_insights: Option<S<Amount>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ApiClient")]
pub struct RawApiClient {
    #[schemars(with = "String")]
    pub name: S<String>,
    #[schemars(with = "Option<Vec<String>>")]
    pub accounts: Option<Vec<S<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub regions: Option<Vec<S<String>>>,
    #[schemars(with = "String")]
    pub api: S<String>,
    #[schemars(with = "Amount")]
    pub calls_per_second: S<Amount>,
}

/// `[forecast]`: how the monthly volumes grow over the months ahead.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Forecast")]
pub struct RawForecast {
    #[schemars(with = "Option<i64>")]
    pub months: Option<S<i64>>,
    #[schemars(with = "Option<Amount>")]
    pub monthly_growth: Option<S<Amount>>,
    pub growth: Option<RawGrowth>,
}

/// `[forecast.growth]`: a monthly growth rate per event category, over `monthly_growth`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Growth")]
pub struct RawGrowth {
    #[schemars(with = "Option<Amount>")]
    pub management: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    pub data: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    pub network_activity: Option<S<Amount>>,
}

/// `[downstream]`: the assumptions behind the estimates of S3 and CloudWatch Logs costs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Downstream")]
pub struct RawDownstream {
    #[schemars(with = "Option<u64>")]
    pub average_event_bytes: Option<S<u64>>,
    #[schemars(with = "Option<Amount>")]
    pub compression_ratio: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    pub s3_storage_price_per_gb_month: Option<S<Amount>>,
    #[schemars(with = "Option<u64>")]
    pub retention_months: Option<S<u64>>,
    #[schemars(with = "Option<Amount>")]
    pub cloudwatch_logs_ingestion_price_per_gb: Option<S<Amount>>,
}
