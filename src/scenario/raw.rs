//! The scenario exactly as written: serde structs that mirror the TOML of SPEC §3, refuse unknown
//! keys, and keep the spans that later checks point at. Nothing here is validated beyond types.

use crate::model::{Category, FailOn, InsightType, ReadWriteType};
use crate::money::Amount;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use toml::Spanned;

/// A value with the place it was written, `0..0` when it was not read from TOML text.
pub type S<T> = Spanned<T>;

/// A trailplan scenario: the accounts, regions, event volumes and trails of an AWS organization,
/// for planning the cost and the quotas of CloudTrail before anything is deployed.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "trailplan scenario")]
pub struct RawScenario {
    /// The version of the scenario format: 1.
    #[schemars(with = "i64", extend("enum" = [1]))]
    pub format: S<i64>,
    /// The scenario's name, shown in every report.
    #[schemars(with = "String")]
    pub name: S<String>,
    /// The regions the scenario models, in one partition (`aws`, `aws-us-gov` or `aws-cn`).
    #[schemars(with = "Vec<String>")]
    pub regions: S<Vec<S<String>>>,
    /// The organization's accounts; none means one account named `default`.
    #[serde(default)]
    #[schemars(with = "Vec<RawAccount>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account: Vec<S<RawAccount>>,
    /// Event streams per month; each block adds to every account × region it names.
    #[serde(default)]
    #[schemars(with = "Vec<RawVolume>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volume: Vec<S<RawVolume>>,
    /// The trails of the design.
    #[serde(default)]
    #[schemars(with = "Vec<RawTrail>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trail: Vec<S<RawTrail>>,
    /// The gate: a monthly budget, the lowest severity that fails, waivers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<RawPolicy>,
    /// Overrides of the price book, per 100,000 events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prices: Option<RawPrices>,
    /// Planned callers of CloudTrail's own APIs (`LookupEvents` and others), against their quotas.
    #[serde(default)]
    #[schemars(with = "Vec<RawApiClient>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub api_client: Vec<S<RawApiClient>>,
    /// How the monthly volumes grow over the months ahead.
    #[schemars(with = "Option<RawForecast>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<S<RawForecast>>,
    /// The assumptions behind the estimates of S3 and CloudWatch Logs costs.
    #[schemars(with = "Option<RawDownstream>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downstream: Option<S<RawDownstream>>,
    /// `[import]`: what a usage file tells the importers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<RawImport>,
}

impl RawScenario {
    /// A scenario with nothing in it (format 1, no name, no region), for writers to fill.
    pub(crate) fn empty() -> Self {
        let s = |v| S::new(0..0, v);
        Self {
            format: S::new(0..0, 1),
            name: s(String::new()),
            regions: S::new(0..0, Vec::new()),
            account: Vec::new(),
            volume: Vec::new(),
            trail: Vec::new(),
            policy: None,
            prices: None,
            api_client: Vec::new(),
            forecast: None,
            downstream: None,
            import: None,
        }
    }
}

/// `[import.values]` and `[import.parameters]` of a usage file.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Import")]
pub struct RawImport {
    /// Values known only at deploy time, keyed by the expression as written.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub values: BTreeMap<String, toml::Value>,
    /// CloudFormation parameters over their defaults.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub parameters: BTreeMap<String, S<toml::Value>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Account")]
pub struct RawAccount {
    /// The account's name, as volumes, trails and waivers refer to it.
    #[schemars(with = "String")]
    pub name: S<String>,
    /// The 12-digit AWS account ID (needed by `trailplan reconcile`).
    #[schemars(with = "Option<String>", extend("pattern" = "^[0-9]{12}$"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<S<String>>,
    /// The organization's management account (at most one); organization trails need it.
    #[serde(default)]
    #[serde(skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub management: bool,
    /// A CloudTrail delegated administrator: it may own organization trails too.
    #[serde(default)]
    #[serde(skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub delegated_admin: bool,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Volume")]
pub struct RawVolume {
    /// The accounts the volume adds to (default: every account).
    #[schemars(with = "Option<Vec<String>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<S<String>>>,
    /// The regions the volume adds to (default: every region).
    #[schemars(with = "Option<Vec<String>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<S<String>>>,
    /// The event category.
    pub category: Category,
    /// The service that emits the events, e.g. `kms.amazonaws.com`.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_source: Option<S<String>>,
    /// The API action, e.g. `Decrypt`.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_name: Option<S<String>>,
    /// The resource type of data events, e.g. `AWS::S3::Object` (required for `data`).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<S<String>>,
    /// The resource (or ARN prefix) the events touch, e.g. `arn:aws:s3:::prod-uploads/`.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_arn: Option<S<String>>,
    /// Read-only events per month, in each account and region.
    #[schemars(with = "Option<u64>", extend("default" = 0))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<S<u64>>,
    /// Write events per month, in each account and region.
    #[schemars(with = "Option<u64>", extend("default" = 0))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write: Option<S<u64>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Trail")]
pub struct RawTrail {
    /// The trail's name (AWS's trail-name rules apply: CT009).
    #[schemars(with = "String")]
    pub name: S<String>,
    /// The account that owns the trail (default: the management account, else the only one).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<S<String>>,
    /// The trail's home region (required with several regions).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_region: Option<S<String>>,
    /// A multi-Region trail logs every region of the scenario.
    #[serde(default)]
    #[serde(skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub multi_region: bool,
    /// An organization trail logs every account of the organization.
    #[serde(default)]
    #[serde(skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub organization: bool,
    /// Whether the trail receives global service events (IAM, STS, CloudFront); default true.
    #[schemars(with = "Option<bool>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_global_service_events: Option<S<bool>>,
    /// Whether the trail delivers to CloudWatch Logs (CT107 checks the event size).
    #[serde(default)]
    #[serde(skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub cloudwatch_logs: bool,
    /// Whether the trail is logging; default true. A stopped trail counts toward quotas and
    /// delivers nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging: Option<bool>,
    /// CloudTrail Insights on management events.
    #[serde(default)]
    #[schemars(with = "Vec<InsightType>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub insights: Vec<S<InsightType>>,
    /// CloudTrail Insights on data events.
    #[serde(default)]
    #[schemars(with = "Vec<InsightType>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_insights: Vec<S<InsightType>>,
    /// Basic event selectors (at most 5); never beside advanced ones.
    #[serde(default)]
    #[schemars(with = "Vec<RawEventSelector>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub event_selector: Vec<S<RawEventSelector>>,
    /// Advanced event selectors; never beside basic ones.
    #[serde(default)]
    #[schemars(with = "Vec<RawAdvancedSelector>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub advanced_event_selector: Vec<S<RawAdvancedSelector>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EventSelector")]
pub struct RawEventSelector {
    /// Which events the selector takes: `All`, `ReadOnly` or `WriteOnly`.
    #[serde(default)]
    #[serde(skip_serializing_if = "is_default")]
    pub read_write_type: ReadWriteType,
    /// Whether the selector takes management events; default true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_management_events: Option<bool>,
    /// Management event sources left out (AWS allows `kms.amazonaws.com` and
    /// `rdsdata.amazonaws.com`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub exclude_management_event_sources: Vec<S<String>>,
    /// Data events to log: a resource type and its values (ARNs or ARN prefixes).
    #[serde(default)]
    #[schemars(with = "Vec<RawDataResource>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_resources: Vec<S<RawDataResource>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DataResource")]
pub struct RawDataResource {
    /// The resource type, e.g. `AWS::S3::Object`.
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: S<String>,
    /// ARNs or ARN prefixes; an all-resources value selects every resource of the type.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    // Written even when empty: a data resource without values is one whose values are unknown.
    pub values: Vec<S<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "AdvancedSelector")]
pub struct RawAdvancedSelector {
    /// A name for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The conditions, all of which an event meets.
    #[schemars(with = "Vec<FieldSelectorSchema>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
struct FieldSelectorSchema {
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
struct Date(#[schemars(extend("format" = "date"))] String);

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Policy")]
pub struct RawPolicy {
    /// A monthly total above it is finding CT120 (an error).
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_budget: Option<S<Amount>>,
    /// The lowest severity that fails the gate (default `error`).
    #[schemars(with = "Option<FailOn>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<S<FailOn>>,
    /// Findings accepted, with a reason.
    #[serde(default)]
    #[schemars(with = "Vec<RawWaiver>")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waiver: Vec<S<RawWaiver>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Waiver")]
pub struct RawWaiver {
    /// The rule ID (`CT101`) or name waived.
    #[schemars(with = "String")]
    pub rule: S<String>,
    /// Only the findings of this trail.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trail: Option<S<String>>,
    /// Only the findings of this account.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<S<String>>,
    /// Only the findings of this region.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<S<String>>,
    /// Why the finding is accepted (required).
    #[schemars(with = "String")]
    pub reason: S<String>,
    /// A TOML date; after it the waiver no longer applies (CT121).
    #[schemars(with = "Option<Date>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<S<toml::value::Datetime>>,
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Prices")]
pub struct RawPrices {
    /// An ISO 4217 code (`USD`, `CNY`); reports carry it.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<S<String>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management_additional: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_activity: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insights: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_insights: Option<S<Amount>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ApiClient")]
pub struct RawApiClient {
    /// The caller's name.
    #[schemars(with = "String")]
    pub name: S<String>,
    /// The accounts it calls from (default: every account).
    #[schemars(with = "Option<Vec<String>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<S<String>>>,
    /// The regions it calls (default: every region).
    #[schemars(with = "Option<Vec<String>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<S<String>>>,
    /// The CloudTrail API, e.g. `LookupEvents`.
    #[schemars(with = "String")]
    pub api: S<String>,
    /// Calls per second in each account and region.
    #[schemars(with = "Amount")]
    pub calls_per_second: S<Amount>,
}

/// `[forecast]`: how the monthly volumes grow over the months ahead.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Forecast")]
pub struct RawForecast {
    #[schemars(with = "Option<i64>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<S<i64>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_growth: Option<S<Amount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth: Option<RawGrowth>,
}

/// `[forecast.growth]`: a monthly growth rate per event category, over `monthly_growth`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Growth")]
pub struct RawGrowth {
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_activity: Option<S<Amount>>,
}

/// `[downstream]`: the assumptions behind the estimates of S3 and CloudWatch Logs costs.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Downstream")]
pub struct RawDownstream {
    #[schemars(with = "Option<u64>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_event_bytes: Option<S<u64>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compression_ratio: Option<S<Amount>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_storage_price_per_gb_month: Option<S<Amount>>,
    #[schemars(with = "Option<u64>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_months: Option<S<u64>>,
    #[schemars(with = "Option<Amount>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloudwatch_logs_ingestion_price_per_gb: Option<S<Amount>>,
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_false(value: &bool) -> bool {
    !*value
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_default(value: &ReadWriteType) -> bool {
    *value == ReadWriteType::default()
}

/// A category as the scenario format names it: `management`, `data`, `network_activity`.
pub(crate) fn category_name(category: Category) -> &'static str {
    match category {
        Category::Management => "management",
        Category::Data => "data",
        Category::NetworkActivity => "network_activity",
    }
}

/// The names the scenario format reads, for the enums of the model that the raw structs hold.
impl Serialize for Category {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(category_name(*self))
    }
}

impl Serialize for ReadWriteType {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(self.api_name())
    }
}

impl Serialize for InsightType {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(self.api_name())
    }
}

impl Serialize for FailOn {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Never => "never",
        })
    }
}

/// An amount is written as a quoted decimal, the form the scenario reads exactly.
impl Serialize for Amount {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.collect_str(&self.0)
    }
}

/// The enums whose names are the CloudTrail API's, in scenarios and in the sources importers read.
pub(crate) trait ApiName: Copy + Sized + 'static {
    /// Every value, in the order messages list them.
    const ALL: &'static [Self];

    /// The API name: `ReadOnly`, `ApiCallRateInsight`.
    fn api_name(self) -> &'static str;
}

impl ApiName for ReadWriteType {
    const ALL: &'static [Self] = &[Self::All, Self::ReadOnly, Self::WriteOnly];

    fn api_name(self) -> &'static str {
        match self {
            Self::All => "All",
            Self::ReadOnly => "ReadOnly",
            Self::WriteOnly => "WriteOnly",
        }
    }
}

impl ApiName for InsightType {
    const ALL: &'static [Self] = &[Self::ApiCallRateInsight, Self::ApiErrorRateInsight];

    fn api_name(self) -> &'static str {
        match self {
            Self::ApiCallRateInsight => "ApiCallRateInsight",
            Self::ApiErrorRateInsight => "ApiErrorRateInsight",
        }
    }
}
