//! The validated scenario: what trailplan knows about an organisation once its TOML has been read
//! and checked (by `scenario`). Accounts, regions, trails and event shapes are referred to by index;
//! nothing here is unvalidated input. The price book and the forecast and downstream assumptions are
//! data here too; the stages above read them.
//!
//! CloudTrail concepts modelled here: trails (single-region, multi-region, organization), basic and
//! advanced event selectors, Insights types, and monthly event volumes per account and region.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html>

pub(crate) mod downstream;
pub(crate) mod forecast;
mod prices;

pub(crate) use crate::codes::FailOn;
pub(crate) use prices::{PriceBook, PricePlace};

pub(crate) use crate::aws::Partition;
use crate::aws::{GLOBAL_SERVICES, UNDESCRIBED_FIELDS};
use crate::date::Date;
use crate::error::SourceFile;
use crate::limits;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::ops::Range;

pub(crate) type Span = Range<usize>;
pub(crate) type AccountId = usize;
pub(crate) type RegionId = usize;
pub(crate) type TrailId = usize;
pub(crate) type ShapeId = usize;

/// A whole scenario after validation.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub(crate) name: String,
    pub source: SourceFile,
    /// The one partition every region of the scenario lies in.
    pub(crate) partition: Partition,
    pub regions: Vec<Region>,
    pub accounts: Vec<Account>,
    pub(crate) management: Option<AccountId>,
    /// Distinct kinds of event stream; volumes refer to them.
    pub(crate) shapes: Vec<Shape>,
    pub volumes: Vec<Volume>,
    pub trails: Vec<Trail>,
    pub(crate) policy: Policy,
    pub(crate) prices: PriceBook,
    pub(crate) api_clients: Vec<ApiClient>,
    /// `[forecast]`, or `--months` alone: how the volumes grow over the months ahead.
    pub(crate) forecast: Option<forecast::Assumptions>,
    /// `[downstream]`: assumptions for the S3 and CloudWatch Logs estimates.
    pub(crate) downstream: Option<downstream::Assumptions>,
    /// What the importer of its trails could not know or left out (`unknown: ...`, `note: ...`),
    /// shown in every report of `plan --terraform/--cloudformation`.
    pub(crate) import_notes: Vec<String>,
    /// Remote Terraform modules that `terraform init` has not fetched: their trails are unknown
    /// (CT109).
    pub(crate) unfetched_modules: Vec<UnfetchedModule>,
}

/// An enum of a closed set of names: copied and compared by value, and read from and written as
/// its names through strum. Each use adds its own derives and attributes.
macro_rules! named_enum {
    ($(#[$attr:meta])* $vis:vis enum $name:ident $body:tt) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[derive(strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::EnumIter)]
        $(#[$attr])*
        $vis enum $name $body
    };
}
pub(crate) use named_enum;

#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub(crate) span: Span,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub name: String,
    pub(crate) id: Option<String>,
    /// A CloudTrail delegated administrator, which may own organization trails too.
    /// <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html>
    pub(crate) delegated_admin: bool,
}

// AWS's spelling (`eventCategory`: `Management`, `Data`, `NetworkActivity`) is the variant names,
// through strum; the scenario's (`management`, `data`, `network_activity`) is serde's `snake_case`
// of them, and `Category::key` (a line of the JSON Schema comes from the doc comment below).
named_enum! {
    /// The three categories of CloudTrail event that trails can deliver.
    #[derive(PartialOrd, Ord, Hash, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Category {
        Management,
        Data,
        NetworkActivity,
    }
}

impl Category {
    /// The scenario's name of the category, as `[[volume]] category` and `[prices]` write it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Category::Management => "management",
            Category::Data => "data",
            Category::NetworkActivity => "network_activity",
        }
    }

    /// The value of the `eventCategory` field in advanced event selectors and in records.
    pub(crate) fn event_category(self) -> &'static str {
        self.into()
    }

    /// The category whose `eventCategory` value is `name` (exactly, case included).
    pub(crate) fn from_event_category(name: &str) -> Option<Category> {
        name.parse().ok()
    }
}

/// What an event stream declares about its events; everything a selector may test.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Shape {
    pub(crate) category: Category,
    pub(crate) event_source: Option<String>,
    pub(crate) event_name: Option<String>,
    pub(crate) resource_type: Option<String>,
    pub(crate) resource_arn: Option<String>,
    /// STS events declared outside the partition's global-events region: they come from a regional
    /// endpoint and are regional events, delivered like any other.
    pub(crate) regional_endpoint: bool,
}

impl Shape {
    /// Management events of a global service (IAM, STS, CloudFront, sign-in, Route 53), recorded
    /// as global events (not STS through a regional endpoint).
    pub(crate) fn is_global_service(&self) -> bool {
        self.category == Category::Management
            && !self.regional_endpoint
            && self
                .event_source
                .as_deref()
                .is_some_and(|s| GLOBAL_SERVICES.contains(&s))
    }
}

/// One `[[volume]]` block: a shape, the account × region cells it adds to, and its monthly counts.
#[derive(Debug, Clone)]
pub struct Volume {
    pub(crate) shape: ShapeId,
    pub(crate) accounts: Vec<AccountId>,
    pub(crate) regions: Vec<RegionId>,
    pub(crate) read: u64,
    pub(crate) write: u64,
    /// Where `read` and `write` were written, when they were.
    pub(crate) read_span: Option<Span>,
    pub(crate) write_span: Option<Span>,
    pub(crate) span: Span,
}

// CloudTrail's API names (`ApiCallRateInsight`), which serde and strum both take from the variants.
named_enum! {
    #[derive(Hash, Deserialize, schemars::JsonSchema, strum::VariantArray)]
    pub enum InsightType {
        ApiCallRateInsight,
        ApiErrorRateInsight,
    }
}

// CloudTrail's API names (`ReadOnly`), which serde and strum both take from the variants.
named_enum! {
    #[derive(Default, Deserialize, schemars::JsonSchema, strum::VariantArray)]
    pub enum ReadWriteType {
        #[default]
        All,
        ReadOnly,
        WriteOnly,
    }
}

impl ReadWriteType {
    pub(crate) fn selects(self, read_only: bool) -> bool {
        match self {
            ReadWriteType::All => true,
            ReadWriteType::ReadOnly => read_only,
            ReadWriteType::WriteOnly => !read_only,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Trail {
    pub name: String,
    pub(crate) span: Span,
    pub(crate) name_span: Span,
    pub(crate) account: AccountId,
    pub(crate) home_region: RegionId,
    pub(crate) multi_region: bool,
    pub(crate) organization: bool,
    pub(crate) include_global_service_events: bool,
    pub(crate) include_global_span: Option<Span>,
    pub(crate) insights: Vec<InsightType>,
    pub(crate) data_insights: Vec<InsightType>,
    pub(crate) cloudwatch_logs: bool,
    pub(crate) logging: bool,
    pub(crate) basic: Vec<BasicSelector>,
    pub(crate) advanced: Vec<AdvancedSelector>,
    /// Where the trail was read from when it was imported (file and resource address).
    pub(crate) origin: Option<String>,
    /// Values of an imported trail that decide what it delivers, known only at deploy time (CT109).
    pub(crate) unresolved: Vec<UnresolvedValue>,
}

/// A module call from a registry or git that is not in `.terraform/modules/` (SPEC §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfetchedModule {
    /// The call's address: `module.trail`, `module.org.module.trail`.
    pub call: String,
    /// Its `source` as written: `cloudposse/cloudtrail/aws`.
    pub source: String,
    /// Where the call is written: `main.tf:12`.
    pub at: Option<String>,
}

impl UnfetchedModule {
    /// What the module call leaves unknown, and how to fetch it.
    #[must_use]
    pub fn describe(&self) -> String {
        let at = self
            .at
            .as_ref()
            .map(|at| format!(" at {at}"))
            .unwrap_or_default();
        format!(
            "{}{at} (source {:?}) is not in .terraform/modules: the trails it declares are not \
             read; run `terraform init` in the root module's folder, then import again",
            self.call, self.source
        )
    }
}

/// A value of an imported trail that its source leaves to deployment (SPEC §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnresolvedValue {
    /// The trail property it gives: `event_selector[0].data_resource[0].values`.
    pub(crate) property: String,
    /// The expression as written: `aws_s3_bucket.logs.arn`, `LambdaFunctionBF21E41F.Arn`.
    pub(crate) expression: String,
    /// `main.tf:12`, when the source says.
    pub(crate) at: Option<String>,
}

impl Trail {
    /// AWS's default selection: no selector of either kind means all management events.
    pub(crate) fn has_default_selection(&self) -> bool {
        self.basic.is_empty() && self.advanced.is_empty()
    }

    /// Does the trail apply in this account and region (delivering, or counting toward quotas)?
    pub(crate) fn covers(&self, account: AccountId, region: RegionId) -> bool {
        (self.organization || self.account == account)
            && (self.multi_region || self.home_region == region)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct BasicSelector {
    pub(crate) span: Span,
    pub(crate) read_write_type: ReadWriteType,
    pub(crate) include_management_events: bool,
    pub(crate) exclude_management_event_sources: Vec<(String, Span)>,
    pub(crate) data_resources: Vec<DataResource>,
}

#[derive(Debug, Clone)]
pub(crate) struct DataResource {
    pub(crate) kind: String,
    pub(crate) span: Span,
    pub(crate) values: Vec<(String, Span)>,
}

#[derive(Debug, Clone)]
pub(crate) struct AdvancedSelector {
    pub(crate) name: Option<String>,
    pub(crate) span: Span,
    pub(crate) fields: Vec<FieldSelector>,
}

#[derive(Debug, Clone)]
pub(crate) struct FieldSelector {
    pub(crate) field: Field,
    pub(crate) field_name: String,
    pub(crate) span: Span,
    pub(crate) conditions: Vec<Condition>,
    /// Keys that are not operators (CT006): name, span and number of values (they count toward
    /// the 500 values of a trail all the same).
    pub(crate) unknown_operators: Vec<(String, Span, usize)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub(crate) operator: Operator,
    pub(crate) values: Vec<String>,
}

/// Fields of advanced event selectors. Streams describe the first six; AWS's others exist but are
/// never declared by a volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Field {
    EventCategory,
    ReadOnly,
    EventSource,
    EventName,
    ResourcesType,
    ResourcesArn,
    /// A real AWS field that volumes do not describe (`eventType`, `userIdentity.arn`, ...).
    Undescribed,
    /// Not a field AWS knows: CT006.
    Unknown,
}

impl Field {
    pub(crate) fn parse(name: &str) -> Field {
        match name {
            "eventCategory" => Field::EventCategory,
            "readOnly" => Field::ReadOnly,
            "eventSource" => Field::EventSource,
            "eventName" => Field::EventName,
            "resources.type" => Field::ResourcesType,
            "resources.ARN" => Field::ResourcesArn,
            n if UNDESCRIBED_FIELDS.contains(&n) => Field::Undescribed,
            _ => Field::Unknown,
        }
    }
}

named_enum! {
    /// A selector's operator, as the scenario writes it (`equals`, `not_starts_with`, ...).
    #[derive(Hash)]
    #[strum(serialize_all = "snake_case")]
    pub(crate) enum Operator {
        Equals,
        StartsWith,
        EndsWith,
        NotEquals,
        NotStartsWith,
        NotEndsWith,
    }
}

impl Operator {
    pub(crate) fn parse(name: &str) -> Option<Operator> {
        name.parse().ok()
    }

    pub(crate) fn is_negative(self) -> bool {
        matches!(
            self,
            Operator::NotEquals | Operator::NotStartsWith | Operator::NotEndsWith
        )
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Policy {
    pub(crate) monthly_budget: Option<(Decimal, Span)>,
    pub(crate) fail_on: FailOn,
    pub(crate) waivers: Vec<Waiver>,
}

/// A decision to accept a finding: its rule, an optional scope, why, and until when.
#[derive(Debug, Clone)]
pub(crate) struct Waiver {
    pub(crate) rule: crate::codes::Rule,
    /// The rule as the file writes it (an ID or a name), for messages.
    pub(crate) written: String,
    pub(crate) trail: Option<String>,
    pub(crate) account: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) reason: String,
    pub(crate) expires: Option<Date>,
    pub(crate) span: Span,
}

/// CloudTrail API groups with their own calls-per-second quota, per account and region.
///
/// SPEC §2 names four groups; AWS's quota page names two more, which are followed here:
/// `ListInsightsMetricData` is 1 call/s (not part of the 10 calls/s `Get*`/`Describe*`/`List*`
/// group) and `StartQuery`/`CancelQuery` are 3 calls/s (not the 1 call/s of the other APIs).
/// <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ApiGroup {
    LookupEvents,
    ListInsightsData,
    ListInsightsMetricData,
    GetDescribeList,
    Queries,
    PutAuditEvents,
    Other,
}

impl ApiGroup {
    pub(crate) fn of(api: &str) -> ApiGroup {
        match api {
            "LookupEvents" => ApiGroup::LookupEvents,
            "ListInsightsData" => ApiGroup::ListInsightsData,
            "ListInsightsMetricData" => ApiGroup::ListInsightsMetricData,
            "PutAuditEvents" => ApiGroup::PutAuditEvents,
            "StartQuery" | "CancelQuery" => ApiGroup::Queries,
            _ if ["Get", "Describe", "List"]
                .iter()
                .any(|p| api.starts_with(p)) =>
            {
                ApiGroup::GetDescribeList
            }
            _ => ApiGroup::Other,
        }
    }

    /// Calls per second allowed per account and region.
    pub(crate) fn limit(self) -> u32 {
        match self {
            ApiGroup::LookupEvents => limits::LOOKUP_EVENTS_PER_SECOND,
            ApiGroup::ListInsightsData => limits::LIST_INSIGHTS_DATA_PER_SECOND,
            ApiGroup::ListInsightsMetricData => limits::LIST_INSIGHTS_METRIC_DATA_PER_SECOND,
            ApiGroup::GetDescribeList => limits::GET_DESCRIBE_LIST_PER_SECOND,
            ApiGroup::Queries => limits::QUERIES_PER_SECOND,
            ApiGroup::PutAuditEvents => limits::PUT_AUDIT_EVENTS_PER_SECOND,
            ApiGroup::Other => limits::OTHER_APIS_PER_SECOND,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            ApiGroup::LookupEvents => "LookupEvents",
            ApiGroup::ListInsightsData => "ListInsightsData",
            ApiGroup::ListInsightsMetricData => "ListInsightsMetricData",
            ApiGroup::GetDescribeList => "Get*/Describe*/List*",
            ApiGroup::Queries => "StartQuery/CancelQuery",
            ApiGroup::PutAuditEvents => "PutAuditEvents",
            ApiGroup::Other => "other CloudTrail APIs",
        }
    }
}

#[cfg(test)]
mod api_group_tests {
    use super::ApiGroup;

    #[test]
    fn groups_follow_the_quota_page() {
        assert_eq!(ApiGroup::of("LookupEvents").limit(), 2);
        assert_eq!(ApiGroup::of("DescribeTrails").limit(), 10);
        assert_eq!(ApiGroup::of("GetTrailStatus").limit(), 10);
        assert_eq!(ApiGroup::of("ListTrails").limit(), 10);
        assert_eq!(ApiGroup::of("ListInsightsData").limit(), 2);
        assert_eq!(ApiGroup::of("ListInsightsMetricData").limit(), 1);
        assert_eq!(ApiGroup::of("StartQuery").limit(), 3);
        assert_eq!(ApiGroup::of("CancelQuery").limit(), 3);
        assert_eq!(ApiGroup::of("PutAuditEvents").limit(), 100);
        assert_eq!(ApiGroup::of("CreateTrail").limit(), 1);
        assert_eq!(ApiGroup::of("StartLogging").limit(), 1);
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ApiClient {
    pub(crate) name: String,
    pub(crate) accounts: Vec<AccountId>,
    pub(crate) regions: Vec<RegionId>,
    pub(crate) api: String,
    pub(crate) calls_per_second: Decimal,
    pub(crate) span: Span,
}

impl Scenario {
    /// The account that pays a trail's charges: the management account for organization trails.
    pub(crate) fn payer(&self, trail: &Trail) -> AccountId {
        if trail.organization {
            self.management.unwrap_or(trail.account)
        } else {
            trail.account
        }
    }

    pub(crate) fn location(&self, span: &Span) -> crate::error::Location {
        self.source.location(span.start)
    }

    /// The scenario's region where the partition records global service events, if it models it.
    pub(crate) fn global_events_region(&self) -> Option<RegionId> {
        let name = self.partition.global_events_region();
        self.regions.iter().position(|r| r.name == name)
    }

    /// Does the partition record this global service's events in this region?
    pub(crate) fn records_global_events(&self, source: &str, region: RegionId) -> bool {
        self.regions
            .get(region)
            .is_some_and(|r| r.name == self.partition.global_events_region_of(source))
    }

    /// Refuses a scenario outside the commercial partition that leaves a price to the built-in
    /// book, whose prices are the commercial USD ones; a China scenario prices in CNY.
    pub(crate) fn require_partition_prices(&self) -> Result<(), crate::error::Error> {
        if self.partition == Partition::Aws {
            return Ok(());
        }
        let mut missing: Vec<&str> = PriceBook::KEYS
            .iter()
            .copied()
            .filter(|k| !self.prices.given.contains(k))
            .collect();
        let currency = self.partition.currency();
        if currency.is_some() && !self.prices.given.contains(&"currency") {
            missing.push("currency");
        }
        let span = self.regions.first().map(|r| r.span.clone());
        if !missing.is_empty() {
            return Err(self.source.error_at(
                span,
                format!(
                    "regions of partition {} have their own CloudTrail prices, and the built-in price book holds the commercial (aws) USD ones only: give every price in [prices] or --prices; missing: {}{}",
                    self.partition.name(),
                    missing.join(", "),
                    match currency {
                        Some((code, words)) => format!(" ({words} prices with currency = \"{code}\")"),
                        None => String::new(),
                    }
                ),
            ));
        }
        if let Some((code, _)) = currency
            && self.prices.currency != code
        {
            return Err(self.source.error_at(
                span,
                format!(
                    "regions of partition {} are priced in {code}: set currency = \"{code}\" (not \"{}\")",
                    self.partition.name(),
                    self.prices.currency
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod name_tests {
    use super::{Category, Operator};
    use strum::IntoEnumIterator;

    #[test]
    fn category_and_operator_names_are_the_formats() {
        let names: Vec<(&str, &str)> = Category::iter()
            .map(|c| (c.key(), c.event_category()))
            .collect();
        assert_eq!(
            names,
            [
                ("management", "Management"),
                ("data", "Data"),
                ("network_activity", "NetworkActivity")
            ]
        );
        for c in Category::iter() {
            assert_eq!(Category::from_event_category(c.event_category()), Some(c));
            // The scenario's key is serde's name of the variant.
            let parsed: Category = toml::Value::String(c.key().into())
                .try_into()
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed, c);
        }
        assert_eq!(Category::from_event_category("management"), None);
        let operators: Vec<&str> = Operator::iter().map(<&str>::from).collect();
        assert_eq!(
            operators,
            [
                "equals",
                "starts_with",
                "ends_with",
                "not_equals",
                "not_starts_with",
                "not_ends_with"
            ]
        );
        assert_eq!(Operator::parse("StartsWith"), None);
        let read_write: Vec<&str> = super::ReadWriteType::iter().map(<&str>::from).collect();
        assert_eq!(read_write, ["All", "ReadOnly", "WriteOnly"]);
        let insights: Vec<&str> = super::InsightType::iter().map(<&str>::from).collect();
        assert_eq!(insights, ["ApiCallRateInsight", "ApiErrorRateInsight"]);
    }
}
