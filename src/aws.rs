//! Reference data about AWS that the checks compare a scenario against: the regions trailplan
//! knows (for CT010), the services whose events are global, and the names that selectors accept.
//! Nothing here depends on any other module.
//!
//! Partitions other than `aws` are included among the regions: their CloudTrail prices differ, and
//! the built-in price book holds the commercial ones only, so such a scenario gives every price.
//! <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html>

/// One region trailplan knows: its name, the billing code AWS's bills put in front of its usage
/// types (`USE1-PaidEventsRecorded`), and its partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    pub name: &'static str,
    /// From AWS's page "AWS Region billing codes"
    /// (<https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html>);
    /// `None` where the page publishes none (the isolated Regions and the European Sovereign Cloud):
    /// their charges carry no usage type, and `reconcile` refuses them rather than guess.
    pub billing_code: Option<&'static str>,
    pub partition: Partition,
}

/// The regions trailplan knows (for CT010), every commercial Region, AWS GovCloud (US), the China
/// Regions, the European Sovereign Cloud and the isolated Regions: the one region table. The other
/// region lists ([`KNOWN_REGIONS`], the billing codes) are read from it.
#[rustfmt::skip]
pub const REGIONS: [RegionInfo; 42] = [
    RegionInfo { name: "us-east-1", billing_code: Some("USE1"), partition: Partition::Aws },
    RegionInfo { name: "us-east-2", billing_code: Some("USE2"), partition: Partition::Aws },
    RegionInfo { name: "us-west-1", billing_code: Some("USW1"), partition: Partition::Aws },
    RegionInfo { name: "us-west-2", billing_code: Some("USW2"), partition: Partition::Aws },
    RegionInfo { name: "af-south-1", billing_code: Some("AFS1"), partition: Partition::Aws },
    RegionInfo { name: "ap-east-1", billing_code: Some("APE1"), partition: Partition::Aws },
    RegionInfo { name: "ap-east-2", billing_code: Some("APE2"), partition: Partition::Aws },
    RegionInfo { name: "ap-south-1", billing_code: Some("APS3"), partition: Partition::Aws },
    RegionInfo { name: "ap-south-2", billing_code: Some("APS5"), partition: Partition::Aws },
    RegionInfo { name: "ap-southeast-1", billing_code: Some("APS1"), partition: Partition::Aws },
    RegionInfo { name: "ap-southeast-2", billing_code: Some("APS2"), partition: Partition::Aws },
    RegionInfo { name: "ap-southeast-3", billing_code: Some("APS4"), partition: Partition::Aws },
    RegionInfo { name: "ap-southeast-4", billing_code: Some("APS6"), partition: Partition::Aws },
    RegionInfo { name: "ap-southeast-5", billing_code: Some("APS7"), partition: Partition::Aws },
    RegionInfo { name: "ap-southeast-6", billing_code: Some("APS8"), partition: Partition::Aws },
    RegionInfo { name: "ap-southeast-7", billing_code: Some("APS9"), partition: Partition::Aws },
    RegionInfo { name: "ap-northeast-1", billing_code: Some("APN1"), partition: Partition::Aws },
    RegionInfo { name: "ap-northeast-2", billing_code: Some("APN2"), partition: Partition::Aws },
    RegionInfo { name: "ap-northeast-3", billing_code: Some("APN3"), partition: Partition::Aws },
    RegionInfo { name: "ca-central-1", billing_code: Some("CAN1"), partition: Partition::Aws },
    RegionInfo { name: "ca-west-1", billing_code: Some("CAN2"), partition: Partition::Aws },
    RegionInfo { name: "eu-central-1", billing_code: Some("EUC1"), partition: Partition::Aws },
    RegionInfo { name: "eu-central-2", billing_code: Some("EUC2"), partition: Partition::Aws },
    RegionInfo { name: "eu-west-1", billing_code: Some("EU"), partition: Partition::Aws },
    RegionInfo { name: "eu-west-2", billing_code: Some("EUW2"), partition: Partition::Aws },
    RegionInfo { name: "eu-west-3", billing_code: Some("EUW3"), partition: Partition::Aws },
    RegionInfo { name: "eu-south-1", billing_code: Some("EUS1"), partition: Partition::Aws },
    RegionInfo { name: "eu-south-2", billing_code: Some("EUS2"), partition: Partition::Aws },
    RegionInfo { name: "eu-north-1", billing_code: Some("EUN1"), partition: Partition::Aws },
    RegionInfo { name: "il-central-1", billing_code: Some("ILC1"), partition: Partition::Aws },
    RegionInfo { name: "me-south-1", billing_code: Some("MES1"), partition: Partition::Aws },
    RegionInfo { name: "me-central-1", billing_code: Some("MEC1"), partition: Partition::Aws },
    RegionInfo { name: "mx-central-1", billing_code: Some("MXC1"), partition: Partition::Aws },
    RegionInfo { name: "sa-east-1", billing_code: Some("SAE1"), partition: Partition::Aws },
    RegionInfo { name: "us-gov-east-1", billing_code: Some("UGE1"), partition: Partition::UsGov },
    RegionInfo { name: "us-gov-west-1", billing_code: Some("UGW1"), partition: Partition::UsGov },
    RegionInfo { name: "cn-north-1", billing_code: Some("CNN1"), partition: Partition::China },
    RegionInfo { name: "cn-northwest-1", billing_code: Some("CNW1"), partition: Partition::China },
    RegionInfo { name: "eusc-de-east-1", billing_code: None, partition: Partition::Eusc },
    RegionInfo { name: "us-iso-east-1", billing_code: None, partition: Partition::Aws },
    RegionInfo { name: "us-isob-east-1", billing_code: None, partition: Partition::Aws },
    RegionInfo { name: "us-iso-west-1", billing_code: None, partition: Partition::Aws },
];

/// The names of [`REGIONS`], in its order.
pub const KNOWN_REGIONS: [&str; REGIONS.len()] = {
    let mut names = [""; REGIONS.len()];
    let mut i = 0;
    while i < REGIONS.len() {
        names[i] = REGIONS[i].name;
        i += 1;
    }
    names
};

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
    /// The AWS European Sovereign Cloud, billed in euros. AWS's endpoint data (the SDKs'
    /// `partitions.json`): `"id": "aws-eusc"`, `"implicitGlobalRegion": "eusc-de-east-1"`.
    Eusc,
}

impl Partition {
    /// The partition of a region, by its name (`us-gov-*`, `cn-*`, `eusc-*`, else the commercial
    /// one).
    pub fn of(region: &str) -> Partition {
        if region.starts_with("us-gov-") {
            Partition::UsGov
        } else if region.starts_with("cn-") {
            Partition::China
        } else if region.starts_with("eusc-") {
            Partition::Eusc
        } else {
            Partition::Aws
        }
    }

    /// The name ARNs use: `aws`, `aws-us-gov`, `aws-cn`, `aws-eusc`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::UsGov => "aws-us-gov",
            Partition::China => "aws-cn",
            Partition::Eusc => "aws-eusc",
        }
    }

    /// Where global service events are recorded in this partition.
    pub(crate) fn global_events_region(self) -> &'static str {
        match self {
            Partition::Aws => "us-east-1",
            Partition::UsGov => "us-gov-west-1",
            Partition::China => "cn-north-1",
            Partition::Eusc => "eusc-de-east-1",
        }
    }

    /// The currency AWS bills this partition in, where it is not USD, and its words for a hint.
    pub(crate) fn currency(self) -> Option<(&'static str, &'static str)> {
        match self {
            Partition::China => Some(("CNY", "China")),
            Partition::Eusc => Some(("EUR", "Sovereign Cloud")),
            Partition::Aws | Partition::UsGov => None,
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

/// The fields an advanced event selector on a trail may use, by its `eventCategory` (API reference,
/// AdvancedFieldSelector, checked 2026-12-07:
/// <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html>).
/// Management events: "eventCategory (required), eventSource, and readOnly", `eventSource` only
/// with `not_equals` of [`EXCLUDABLE_SOURCES`]. Data events: no `errorCode` and no `vpcEndpointId`.
/// Network activity events: "eventCategory (required), eventSource (required), eventName,
/// errorCode, and vpcEndpointId", `eventSource` with one `equals` value, `errorCode` only `equals`
/// `VpceAccessDenied`. On every category `eventCategory`, `readOnly` and `resources.type` take only
/// `equals` ([`EQUALS_ONLY_FIELDS`]).
pub(crate) const CATEGORY_FIELDS: [(&str, &str, &[&str]); 3] = [
    (
        "Management",
        "management",
        &["eventCategory", "eventSource", "readOnly"],
    ),
    (
        "Data",
        "data",
        &[
            "eventCategory",
            "resources.type",
            "readOnly",
            "eventSource",
            "eventName",
            "eventType",
            "resources.ARN",
            "sessionCredentialFromConsole",
            "userIdentity.arn",
        ],
    ),
    (
        "NetworkActivity",
        "network activity",
        &[
            "eventCategory",
            "eventSource",
            "eventName",
            "errorCode",
            "vpcEndpointId",
        ],
    ),
];

/// The fields that take only the `equals` operator, on every category.
pub(crate) const EQUALS_ONLY_FIELDS: [&str; 3] = ["eventCategory", "readOnly", "resources.type"];

/// AWS's advanced event selector fields that a volume cannot declare.
pub(crate) const UNDESCRIBED_FIELDS: [&str; 5] = [
    "eventType",
    "errorCode",
    "sessionCredentialFromConsole",
    "userIdentity.arn",
    "vpcEndpointId",
];

pub(crate) mod billing;
mod resource_types;

pub(crate) use resource_types::{did_you_mean as resource_type_hint, is_data_resource_type};

#[cfg(test)]
mod region_table_tests {
    use super::{KNOWN_REGIONS, Partition, REGIONS};

    #[test]
    fn names_are_unique_and_partitions_follow_the_names() {
        for (i, r) in REGIONS.iter().enumerate() {
            assert_eq!(KNOWN_REGIONS[i], r.name);
            assert_eq!(Partition::of(r.name), r.partition, "{}", r.name);
            assert!(!REGIONS[..i].iter().any(|o| o.name == r.name), "{}", r.name);
            assert!(
                r.billing_code.is_none()
                    || !REGIONS[..i]
                        .iter()
                        .any(|o| o.billing_code == r.billing_code),
                "{}",
                r.name
            );
        }
        for p in [
            Partition::Aws,
            Partition::UsGov,
            Partition::China,
            Partition::Eusc,
        ] {
            assert!(
                REGIONS
                    .iter()
                    .any(|r| r.name == p.global_events_region() && r.partition == p)
            );
        }
    }
}
