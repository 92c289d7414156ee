//! Reference data about AWS that the checks compare a scenario against: the regions trailplan
//! knows (for CT010), the services whose events are global, and the names that selectors accept.
//! Nothing here depends on any other module.
//!
//! Partitions other than `aws` are included among the regions: their CloudTrail prices differ,
//! which a `[prices]` table can express.
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

/// Services whose management events are global and recorded in us-east-1.
pub const GLOBAL_SERVICES: [&str; 5] = [
    "iam.amazonaws.com",
    "sts.amazonaws.com",
    "cloudfront.amazonaws.com",
    "signin.amazonaws.com",
    "route53.amazonaws.com",
];

/// The region where AWS records global service events.
pub const GLOBAL_EVENTS_REGION: &str = "us-east-1";

/// Data resource values that select every resource of their type, and so do not count toward the
/// 250 data resources of a trail.
pub const ALL_RESOURCES_VALUES: [&str; 4] = [
    "arn:aws:s3",
    "arn:aws:s3:::",
    "arn:aws:lambda",
    "arn:aws:dynamodb",
];

/// Resource types that basic event selectors accept.
pub const BASIC_DATA_RESOURCE_TYPES: [&str; 3] = [
    "AWS::S3::Object",
    "AWS::Lambda::Function",
    "AWS::DynamoDB::Table",
];

/// Sources that `exclude_management_event_sources` accepts.
pub const EXCLUDABLE_SOURCES: [&str; 2] = ["kms.amazonaws.com", "rdsdata.amazonaws.com"];

/// AWS's advanced event selector fields that a volume cannot declare.
pub const UNDESCRIBED_FIELDS: [&str; 5] = [
    "eventType",
    "errorCode",
    "sessionCredentialFromConsole",
    "userIdentity.arn",
    "vpcEndpointId",
];

pub mod billing;
