//! The scenario exactly as written: serde structs that mirror the TOML of SPEC §3, refuse unknown
//! keys, and keep the spans that later checks point at. Nothing here is validated beyond types.

use crate::model::{Category, FailOn, InsightType, ReadWriteType};
use crate::money::Amount;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub format: S<i64>,
    pub name: S<String>,
    pub regions: S<Vec<S<String>>>,
    #[serde(default)]
    pub account: Vec<S<RawAccount>>,
    #[serde(default)]
    pub volume: Vec<S<RawVolume>>,
    #[serde(default)]
    pub trail: Vec<S<RawTrail>>,
    pub policy: Option<RawPolicy>,
    pub prices: Option<RawPrices>,
    #[serde(default)]
    pub api_client: Vec<S<RawApiClient>>,
    pub forecast: Option<S<RawForecast>>,
    pub downstream: Option<S<RawDownstream>>,
    /// `[import]`: what a usage file tells the importers (SPEC §7).
    pub import: Option<RawImport>,
}

/// `[import.values]` and `[import.parameters]` of a usage file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImport {
    /// Values known only at deploy time, keyed by the expression as written.
    #[serde(default)]
    pub values: BTreeMap<String, toml::Value>,
    /// CloudFormation parameters over their defaults.
    #[serde(default)]
    pub parameters: BTreeMap<String, S<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccount {
    pub name: S<String>,
    pub id: Option<S<String>>,
    #[serde(default)]
    pub management: bool,
    /// A CloudTrail delegated administrator: it may own organization trails too.
    #[serde(default)]
    pub delegated_admin: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVolume {
    pub accounts: Option<Vec<S<String>>>,
    pub regions: Option<Vec<S<String>>>,
    pub category: S<Category>,
    pub read: Option<S<u64>>,
    pub write: Option<S<u64>>,
    pub event_source: Option<S<String>>,
    pub event_name: Option<S<String>>,
    pub resource_type: Option<S<String>>,
    pub resource_arn: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrail {
    pub name: S<String>,
    pub account: Option<S<String>>,
    pub home_region: Option<S<String>>,
    #[serde(default)]
    pub multi_region: bool,
    #[serde(default)]
    pub organization: bool,
    pub include_global_service_events: Option<S<bool>>,
    #[serde(default)]
    pub insights: Vec<S<InsightType>>,
    #[serde(default)]
    pub data_insights: Vec<S<InsightType>>,
    #[serde(default)]
    pub cloudwatch_logs: bool,
    pub logging: Option<bool>,
    #[serde(default)]
    pub event_selector: Vec<S<RawEventSelector>>,
    #[serde(default)]
    pub advanced_event_selector: Vec<S<RawAdvancedSelector>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEventSelector {
    #[serde(default)]
    pub read_write_type: ReadWriteType,
    pub include_management_events: Option<bool>,
    #[serde(default)]
    pub exclude_management_event_sources: Vec<S<String>>,
    #[serde(default)]
    pub data_resources: Vec<S<RawDataResource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDataResource {
    #[serde(rename = "type")]
    pub kind: S<String>,
    #[serde(default)]
    pub values: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdvancedSelector {
    pub name: Option<String>,
    pub field_selectors: Vec<S<RawFieldSelector>>,
}

/// A field selector is kept as a map so that an unknown operator becomes finding CT006 (SPEC §5)
/// with its position, instead of a parse error.
pub type RawFieldSelector = BTreeMap<S<String>, S<toml::Value>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub monthly_budget: Option<S<Amount>>,
    pub fail_on: Option<S<FailOn>>,
    #[serde(default)]
    pub waiver: Vec<S<RawWaiver>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWaiver {
    pub rule: S<String>,
    pub trail: Option<S<String>>,
    pub account: Option<S<String>>,
    pub region: Option<S<String>>,
    pub reason: S<String>,
    pub expires: Option<S<toml::value::Datetime>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrices {
    pub currency: Option<S<String>>,
    pub management_additional: Option<S<Amount>>,
    pub data: Option<S<Amount>>,
    pub network_activity: Option<S<Amount>>,
    pub insights: Option<S<Amount>>,
    pub data_insights: Option<S<Amount>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApiClient {
    pub name: S<String>,
    pub accounts: Option<Vec<S<String>>>,
    pub regions: Option<Vec<S<String>>>,
    pub api: S<String>,
    pub calls_per_second: S<Amount>,
}

/// `[forecast]`: how the monthly volumes grow over the months ahead.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForecast {
    pub months: Option<S<i64>>,
    pub monthly_growth: Option<S<Amount>>,
    pub growth: Option<RawGrowth>,
}

/// `[forecast.growth]`: a monthly growth rate per event category, over `monthly_growth`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrowth {
    pub management: Option<S<Amount>>,
    pub data: Option<S<Amount>>,
    pub network_activity: Option<S<Amount>>,
}

/// `[downstream]`: the assumptions behind the estimates of S3 and CloudWatch Logs costs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDownstream {
    pub average_event_bytes: Option<S<u64>>,
    pub compression_ratio: Option<S<Amount>>,
    pub s3_storage_price_per_gb_month: Option<S<Amount>>,
    pub retention_months: Option<S<u64>>,
    pub cloudwatch_logs_ingestion_price_per_gb: Option<S<Amount>>,
}
