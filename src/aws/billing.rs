//! Region billing codes: the short codes that AWS's bills put in front of a usage type
//! (`USE1-PaidEventsRecorded`, `EU-DataEventsRecorded`).
//!
//! The codes are a column of the region table, [`super::REGIONS`], and follow AWS's page "AWS
//! Region billing codes"
//! (<https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html>):
//! every commercial Region, AWS GovCloud (US) and the China Regions. Regions that trailplan accepts
//! but for which the page publishes no code (the isolated Regions and the European Sovereign Cloud)
//! have none there: their charges carry no usage type, and `reconcile` refuses them rather than
//! guess.

use super::REGIONS;

/// The billing code of a region: `us-east-1` → `USE1`, `eu-west-1` → `EU`.
pub(crate) fn code(region: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|r| r.name == region)
        .and_then(|r| r.billing_code)
}

/// The region of a billing code: `APS3` → `ap-south-1`.
pub(crate) fn region(code: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|r| r.billing_code == Some(code))
        .map(|r| r.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_regions_without_a_published_code_lack_one() {
        let without: Vec<&str> = REGIONS
            .iter()
            .filter(|r| r.billing_code.is_none())
            .map(|r| r.name)
            .collect();
        assert_eq!(
            without,
            [
                "eusc-de-east-1",
                "us-iso-east-1",
                "us-isob-east-1",
                "us-iso-west-1"
            ]
        );
    }

    #[test]
    fn codes_and_regions_are_one_to_one() {
        for r in REGIONS {
            if let Some(c) = r.billing_code {
                assert_eq!(code(r.name), Some(c));
                assert_eq!(region(c), Some(r.name));
            }
        }
        assert_eq!(code("eu-west-1"), Some("EU"));
        assert_eq!(code("ap-south-1"), Some("APS3"));
        assert_eq!(code("ca-west-1"), Some("CAN2"));
        assert_eq!(code("us-iso-east-1"), None);
    }
}
