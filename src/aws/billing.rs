//! Region billing codes: the short codes that AWS's bills put in front of a usage type
//! (`USE1-PaidEventsRecorded`, `EU-DataEventsRecorded`).
//!
//! The table follows AWS's page "AWS Region billing codes"
//! (<https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html>),
//! every commercial Region, AWS GovCloud (US) and the China Regions. Regions that trailplan accepts
//! but for which the page publishes no code (the isolated Regions and the European Sovereign Cloud)
//! are listed apart in [`NO_PUBLISHED_CODE`]: their charges carry no usage type, and `reconcile`
//! refuses them rather than guess.

/// `(region, billing code)`, in the page's order: North America, Africa, Asia Pacific, Europe,
/// Middle East, South America, then AWS GovCloud (US) and China.
const BILLING_CODES: [(&str, &str); 38] = [
    ("us-east-1", "USE1"),
    ("us-east-2", "USE2"),
    ("us-west-1", "USW1"),
    ("us-west-2", "USW2"),
    ("ca-central-1", "CAN1"),
    ("ca-west-1", "CAN2"),
    ("mx-central-1", "MXC1"),
    ("af-south-1", "AFS1"),
    ("ap-east-1", "APE1"),
    ("ap-east-2", "APE2"),
    ("ap-northeast-1", "APN1"),
    ("ap-northeast-2", "APN2"),
    ("ap-northeast-3", "APN3"),
    ("ap-southeast-1", "APS1"),
    ("ap-southeast-2", "APS2"),
    ("ap-south-1", "APS3"),
    ("ap-southeast-3", "APS4"),
    ("ap-south-2", "APS5"),
    ("ap-southeast-4", "APS6"),
    ("ap-southeast-5", "APS7"),
    ("ap-southeast-6", "APS8"),
    ("ap-southeast-7", "APS9"),
    ("eu-west-1", "EU"),
    ("eu-west-2", "EUW2"),
    ("eu-west-3", "EUW3"),
    ("eu-central-1", "EUC1"),
    ("eu-central-2", "EUC2"),
    ("eu-north-1", "EUN1"),
    ("eu-south-1", "EUS1"),
    ("eu-south-2", "EUS2"),
    ("il-central-1", "ILC1"),
    ("me-south-1", "MES1"),
    ("me-central-1", "MEC1"),
    ("sa-east-1", "SAE1"),
    ("us-gov-west-1", "UGW1"),
    ("us-gov-east-1", "UGE1"),
    ("cn-north-1", "CNN1"),
    ("cn-northwest-1", "CNW1"),
];

/// Regions trailplan accepts for which AWS's page gives no billing code.
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the region table's test checks every region has a code or is here"
    )
)]
const NO_PUBLISHED_CODE: [&str; 4] = [
    "eusc-de-east-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "us-iso-west-1",
];

/// The billing code of a region: `us-east-1` → `USE1`, `eu-west-1` → `EU`.
pub(crate) fn code(region: &str) -> Option<&'static str> {
    BILLING_CODES
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, c)| *c)
}

/// The region of a billing code: `APS3` → `ap-south-1`.
pub(crate) fn region(code: &str) -> Option<&'static str> {
    BILLING_CODES
        .iter()
        .find(|(_, c)| *c == code)
        .map(|(r, _)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_region_has_a_code_or_is_listed_without_one() {
        for region in crate::aws::KNOWN_REGIONS {
            assert!(
                code(region).is_some() != NO_PUBLISHED_CODE.contains(&region),
                "{region}: give it its code from AWS's page, or list it in NO_PUBLISHED_CODE"
            );
        }
        for (region, _) in BILLING_CODES {
            assert!(
                crate::aws::is_known(region),
                "{region} has a code but trailplan does not accept it"
            );
        }
    }

    #[test]
    fn codes_and_regions_are_one_to_one() {
        for (r, c) in BILLING_CODES {
            assert_eq!(code(r), Some(c));
            assert_eq!(region(c), Some(r));
        }
        assert_eq!(code("eu-west-1"), Some("EU"));
        assert_eq!(code("ap-south-1"), Some("APS3"));
        assert_eq!(code("ca-west-1"), Some("CAN2"));
        assert_eq!(code("us-iso-east-1"), None);
    }
}
