//! Reference data about AWS that the checks compare a scenario against: the regions trailplan
//! knows (for CT010), the services whose events are global, and the names that selectors accept.
//! Nothing here depends on any other module.
//!
//! Partitions other than `aws` are included among the regions: their CloudTrail prices differ, and
//! the built-in price book holds the commercial ones only, so such a scenario gives every price.
//! <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html>

pub const KNOWN_REGIONS: [&str; 42] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eusc-de-east-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "us-iso-west-1",
];

pub fn is_known(region: &str) -> bool {
    KNOWN_REGIONS.contains(&region)
}

/// Services whose management events are global, recorded in their partition's global-events region
/// ([`Partition::global_events_region`]). STS also has regional endpoints, whose events are regional.
pub(crate) const GLOBAL_SERVICES: [&str; 5] = [
    "iam.amazonaws.com",
    "sts.amazonaws.com",
    "cloudfront.amazonaws.com",
    "signin.amazonaws.com",
    "route53.amazonaws.com",
];

/// The global service whose events also come from regional endpoints: outside the global-events
/// region its events are regional.
/// <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events>
pub(crate) const REGIONAL_ENDPOINT_SERVICE: &str = "sts.amazonaws.com";

/// The AWS partitions a scenario may model; each has its own regions and its own global-events
/// region. A scenario's regions lie in one of them.
/// <https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Partition {
    /// The commercial regions.
    #[default]
    Aws,
    /// AWS GovCloud (US).
    UsGov,
    /// The China regions.
    China,
}

impl Partition {
    /// The partition of a region, by its name (`us-gov-*`, `cn-*`, else the commercial one).
    pub fn of(region: &str) -> Partition {
        if region.starts_with("us-gov-") {
            Partition::UsGov
        } else if region.starts_with("cn-") {
            Partition::China
        } else {
            Partition::Aws
        }
    }

    /// The name ARNs use: `aws`, `aws-us-gov`, `aws-cn`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::UsGov => "aws-us-gov",
            Partition::China => "aws-cn",
        }
    }

    /// Where global service events are recorded in this partition.
    pub(crate) fn global_events_region(self) -> &'static str {
        match self {
            Partition::Aws => "us-east-1",
            Partition::UsGov => "us-gov-west-1",
            Partition::China => "cn-north-1",
        }
    }

    /// Where this global service's events are recorded: CloudFront's in `cn-northwest-1` in the
    /// China partition, every other global service's in [`Partition::global_events_region`].
    pub(crate) fn global_events_region_of(self, source: &str) -> &'static str {
        match (self, source) {
            (Partition::China, "cloudfront.amazonaws.com") => "cn-northwest-1",
            _ => self.global_events_region(),
        }
    }
}

/// Data resource values that select every resource of their type, and so do not count toward the
/// 250 data resources of a trail.
pub(crate) const ALL_RESOURCES_VALUES: [&str; 4] = [
    "arn:aws:s3",
    "arn:aws:s3:::",
    "arn:aws:lambda",
    "arn:aws:dynamodb",
];

/// Resource types that basic event selectors accept.
pub(crate) const BASIC_DATA_RESOURCE_TYPES: [&str; 3] = [
    "AWS::S3::Object",
    "AWS::Lambda::Function",
    "AWS::DynamoDB::Table",
];

/// Sources that `exclude_management_event_sources` accepts.
pub(crate) const EXCLUDABLE_SOURCES: [&str; 2] = ["kms.amazonaws.com", "rdsdata.amazonaws.com"];

/// AWS's advanced event selector fields that a volume cannot declare.
pub(crate) const UNDESCRIBED_FIELDS: [&str; 5] = [
    "eventType",
    "errorCode",
    "sessionCredentialFromConsole",
    "userIdentity.arn",
    "vpcEndpointId",
];

pub(crate) mod billing;
