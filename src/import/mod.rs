//! Importers: read trails from the infrastructure that already describes them.
//!
//! Users describe their trails in Terraform or CloudFormation, or have them running already; they
//! should not have to write them again. Each importer turns one source into [`ImportedTrail`]s in
//! the vocabulary of the scenario format (SPEC §3), which mirrors the CloudTrail API's names:
//!
//! | CloudTrail API / CloudFormation | Terraform (`aws_cloudtrail`)      | scenario                       |
//! |---------------------------------|-----------------------------------|--------------------------------|
//! | `IsMultiRegionTrail`            | `is_multi_region_trail`           | `multi_region`                 |
//! | `IsOrganizationTrail`           | `is_organization_trail`           | `organization`                 |
//! | `IncludeGlobalServiceEvents`    | `include_global_service_events`   | `include_global_service_events`|
//! | `IsLogging`                     | `enable_logging`                  | `logging`                      |
//! | `CloudWatchLogsLogGroupArn` set | `cloud_watch_logs_group_arn` set  | `cloudwatch_logs = true`       |
//! | `EventSelectors`                | `event_selector`                  | `[[trail.event_selector]]`     |
//! | `AdvancedEventSelectors`        | `advanced_event_selector`         | `[[trail.advanced_event_selector]]` |
//! | `InsightSelectors`              | `insight_selector`                | `insights` / `data_insights`   |
//!
//! A value the source cannot give (unknown at plan time, an intrinsic function that needs a
//! deployed stack) is never guessed silently: the trail keeps the documented default and says so
//! in [`ImportedTrail::unknowns`], which [`Imported::to_toml`] renders as `# unknown:` comments.
//!
//! Sources: Terraform "JSON Output Format" (developer.hashicorp.com/terraform/internals/json-format);
//! CloudFormation "AWS::CloudTrail::Trail" and its property types; CloudTrail API Reference
//! `DescribeTrails`, `GetEventSelectors`, `GetInsightSelectors`.

mod aws_cli;
mod cloudformation;
mod node;
mod terraform;
mod toml_writer;

pub use aws_cli::aws_cli;
pub use cloudformation::cloudformation;
pub use terraform::terraform;

/// Where an imported trail came from, for findings: source file and resource address / logical ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file the trail was read from, as the caller named it.
    pub file: String,
    /// Terraform resource address, CloudFormation logical ID, or trail ARN.
    pub address: String,
}

/// One trail read from an infrastructure file, in the scenario's vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTrail {
    /// Where the trail was declared.
    pub origin: Origin,
    /// The trail name (falls back to the logical ID or the address when it cannot be known).
    pub name: String,
    /// `None` when unknown: the caller fills it from `--region` or the usage file.
    pub home_region: Option<String>,
    /// `IsMultiRegionTrail`.
    pub multi_region: bool,
    /// `IsOrganizationTrail`.
    pub organization: bool,
    /// `IncludeGlobalServiceEvents`.
    pub include_global_service_events: bool,
    /// `IsLogging` / `enable_logging`.
    pub logging: bool,
    /// Whether a CloudWatch Logs log group is set.
    pub cloudwatch_logs: bool,
    /// Insights types on management events: `ApiCallRateInsight`, `ApiErrorRateInsight`.
    pub insights: Vec<String>,
    /// Insights types whose `EventCategories` include `Data`.
    pub data_insights: Vec<String>,
    /// Basic event selectors.
    pub event_selectors: Vec<BasicSelector>,
    /// Advanced event selectors.
    pub advanced_event_selectors: Vec<AdvancedSelector>,
    /// Human notes on values that were unknown or unresolved, rendered as TOML comments.
    pub unknowns: Vec<String>,
}

/// A basic event selector (`EventSelectors` / `event_selector`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicSelector {
    /// `All`, `ReadOnly` or `WriteOnly`.
    pub read_write_type: String,
    /// `IncludeManagementEvents`.
    pub include_management_events: bool,
    /// `ExcludeManagementEventSources`.
    pub exclude_management_event_sources: Vec<String>,
    /// `DataResources`.
    pub data_resources: Vec<DataResource>,
}

/// A data resource of a basic event selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataResource {
    /// Resource type, such as `AWS::S3::Object`.
    pub r#type: String,
    /// ARNs or ARN prefixes.
    pub values: Vec<String>,
}

/// An advanced event selector (`AdvancedEventSelectors` / `advanced_event_selector`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvancedSelector {
    /// Optional descriptive name.
    pub name: Option<String>,
    /// All field selectors must match.
    pub field_selectors: Vec<FieldSelector>,
}

/// One field selector of an advanced event selector.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldSelector {
    /// The event record field, such as `eventCategory` or `resources.ARN`.
    pub field: String,
    /// `Equals`.
    pub equals: Vec<String>,
    /// `StartsWith`.
    pub starts_with: Vec<String>,
    /// `EndsWith`.
    pub ends_with: Vec<String>,
    /// `NotEquals`.
    pub not_equals: Vec<String>,
    /// `NotStartsWith`.
    pub not_starts_with: Vec<String>,
    /// `NotEndsWith`.
    pub not_ends_with: Vec<String>,
}

/// The result of an import: the trails, plus notes about the source as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    /// Trails in source order.
    pub trails: Vec<ImportedTrail>,
    /// Notes that concern no single trail (dropped resources, skipped conditions...).
    pub notes: Vec<String>,
}

/// A source file that could not be read as the format it claims to be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is not valid JSON or YAML.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file, as the caller named it.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The file parses but does not have the shape of its format.
    #[error("{file}: {message}")]
    Invalid {
        /// The file, as the caller named it.
        file: String,
        /// What is wrong, with the path of the offending value.
        message: String,
    },
}

impl ImportError {
    /// The file the error is about.
    #[must_use]
    pub fn file(&self) -> &str {
        match self {
            Self::Syntax { file, .. } | Self::Invalid { file, .. } => file,
        }
    }

    pub(crate) fn invalid(file: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            file: file.to_owned(),
            message: message.into(),
        }
    }
}

/// Adds `value` to `list` unless it is already there (an Insights type is listed at most once).
fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_owned());
    }
}
