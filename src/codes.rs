//! The table of rule codes, as ruff keeps `codes.rs`: every check trailplan makes has a stable
//! ID (`CT001`), a kebab-case name that names the problem, and a default severity. Findings,
//! waivers, baselines and the gate hold a [`Rule`]; nothing compares code strings.
//!
//! CT0xx are AWS hard limits and invalid designs; CT1xx are cost, coverage and policy findings. IDs
//! are never reused. What each rule checks lives in `rules`, one file per rule.

use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Does a finding of this severity fail a gate set at `fail_on`?
    pub(crate) fn fails(self, fail_on: FailOn) -> bool {
        match fail_on {
            FailOn::Error => self >= Severity::Error,
            FailOn::Warning => self >= Severity::Warning,
            FailOn::Never => false,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The lowest severity that fails the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Never,
}

/// Every rule trailplan has, in ID order (the order of the variants is the order of the IDs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// CT001 `too-many-trails-per-region`
    TooManyTrailsPerRegion,
    /// CT002 `too-many-event-selectors`
    TooManyEventSelectors,
    /// CT003 `too-many-advanced-selector-values`
    TooManyAdvancedSelectorValues,
    /// CT004 `too-many-data-resources`
    TooManyDataResources,
    /// CT005 `mixed-selector-kinds`
    MixedSelectorKinds,
    /// CT006 `invalid-selector`
    InvalidSelector,
    /// CT007 `misplaced-organization-trail`
    MisplacedOrganizationTrail,
    /// CT008 `insights-without-events`
    InsightsWithoutEvents,
    /// CT009 `invalid-trail-name`
    InvalidTrailName,
    /// CT010 `unknown-region`
    UnknownRegion,
    /// CT011 `api-rate-over-quota`
    ApiRateOverQuota,
    /// CT012 `multi-region-trail-without-global-events`
    MultiRegionTrailWithoutGlobalEvents,
    /// CT101 `paid-management-copy`
    PaidManagementCopy,
    /// CT102 `duplicate-global-service-events`
    DuplicateGlobalServiceEvents,
    /// CT103 `unlogged-management-events`
    UnloggedManagementEvents,
    /// CT104 `global-events-outside-us-east-1`
    GlobalEventsOutsideUsEast1,
    /// CT105 `unlogged-data-events`
    UnloggedDataEvents,
    /// CT106 `selector-matches-no-volume`
    SelectorMatchesNoVolume,
    /// CT107 `cloudwatch-event-size`
    CloudwatchEventSize,
    /// CT108 `undeclared-selector-attribute`
    UndeclaredSelectorAttribute,
    /// CT109 `unresolved-import-value`
    UnresolvedImportValue,
    /// CT120 `budget-exceeded`
    BudgetExceeded,
    /// CT121 `waiver-expired`
    WaiverExpired,
    /// CT130 `plan-differs-from-bill` (raised by `reconcile`)
    PlanDiffersFromBill,
}

impl Rule {
    /// Every rule, in ID order.
    pub(crate) const ALL: [Rule; 24] = [
        Rule::TooManyTrailsPerRegion,
        Rule::TooManyEventSelectors,
        Rule::TooManyAdvancedSelectorValues,
        Rule::TooManyDataResources,
        Rule::MixedSelectorKinds,
        Rule::InvalidSelector,
        Rule::MisplacedOrganizationTrail,
        Rule::InsightsWithoutEvents,
        Rule::InvalidTrailName,
        Rule::UnknownRegion,
        Rule::ApiRateOverQuota,
        Rule::MultiRegionTrailWithoutGlobalEvents,
        Rule::PaidManagementCopy,
        Rule::DuplicateGlobalServiceEvents,
        Rule::UnloggedManagementEvents,
        Rule::GlobalEventsOutsideUsEast1,
        Rule::UnloggedDataEvents,
        Rule::SelectorMatchesNoVolume,
        Rule::CloudwatchEventSize,
        Rule::UndeclaredSelectorAttribute,
        Rule::UnresolvedImportValue,
        Rule::BudgetExceeded,
        Rule::WaiverExpired,
        Rule::PlanDiffersFromBill,
    ];

    /// The stable ID: `CT` and three digits.
    pub fn as_str(self) -> &'static str {
        self.entry().0
    }

    /// The kebab-case name of the problem (never of the fix).
    pub(crate) fn name(self) -> &'static str {
        self.entry().1
    }

    /// The severity a finding of this rule has.
    pub(crate) fn severity(self) -> Severity {
        self.entry().2
    }

    fn entry(self) -> (&'static str, &'static str, Severity) {
        match self {
            Rule::TooManyTrailsPerRegion => {
                ("CT001", "too-many-trails-per-region", Severity::Error)
            }
            Rule::TooManyEventSelectors => ("CT002", "too-many-event-selectors", Severity::Error),
            Rule::TooManyAdvancedSelectorValues => (
                "CT003",
                "too-many-advanced-selector-values",
                Severity::Error,
            ),
            Rule::TooManyDataResources => ("CT004", "too-many-data-resources", Severity::Error),
            Rule::MixedSelectorKinds => ("CT005", "mixed-selector-kinds", Severity::Error),
            Rule::InvalidSelector => ("CT006", "invalid-selector", Severity::Error),
            Rule::MisplacedOrganizationTrail => {
                ("CT007", "misplaced-organization-trail", Severity::Error)
            }
            Rule::InsightsWithoutEvents => ("CT008", "insights-without-events", Severity::Error),
            Rule::InvalidTrailName => ("CT009", "invalid-trail-name", Severity::Error),
            Rule::UnknownRegion => ("CT010", "unknown-region", Severity::Error),
            Rule::ApiRateOverQuota => ("CT011", "api-rate-over-quota", Severity::Error),
            Rule::MultiRegionTrailWithoutGlobalEvents => (
                "CT012",
                "multi-region-trail-without-global-events",
                Severity::Error,
            ),
            Rule::PaidManagementCopy => ("CT101", "paid-management-copy", Severity::Warning),
            Rule::DuplicateGlobalServiceEvents => (
                "CT102",
                "duplicate-global-service-events",
                Severity::Warning,
            ),
            Rule::UnloggedManagementEvents => {
                ("CT103", "unlogged-management-events", Severity::Warning)
            }
            Rule::GlobalEventsOutsideUsEast1 => (
                "CT104",
                "global-events-outside-us-east-1",
                Severity::Warning,
            ),
            Rule::UnloggedDataEvents => ("CT105", "unlogged-data-events", Severity::Info),
            Rule::SelectorMatchesNoVolume => {
                ("CT106", "selector-matches-no-volume", Severity::Warning)
            }
            Rule::CloudwatchEventSize => ("CT107", "cloudwatch-event-size", Severity::Info),
            Rule::UndeclaredSelectorAttribute => {
                ("CT108", "undeclared-selector-attribute", Severity::Info)
            }
            Rule::UnresolvedImportValue => ("CT109", "unresolved-import-value", Severity::Error),
            Rule::BudgetExceeded => ("CT120", "budget-exceeded", Severity::Error),
            Rule::WaiverExpired => ("CT121", "waiver-expired", Severity::Warning),
            Rule::PlanDiffersFromBill => ("CT130", "plan-differs-from-bill", Severity::Warning),
        }
    }

    /// A rule by ID (`CT001`, any case) or name (`too-many-trails-per-region`).
    pub(crate) fn find(key: &str) -> Option<Rule> {
        Rule::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(key) || r.name() == key)
    }
}

/// `; did you mean `CT001`?` for a key that names no rule: the nearest IDs, or else the nearest
/// names; nothing when none is near.
pub fn suggest_rule(key: &str) -> String {
    let ids = crate::text::did_you_mean(key, Rule::ALL.iter().map(|r| r.as_str()));
    if ids.is_empty() {
        crate::text::did_you_mean(key, Rule::ALL.iter().map(|r| r.name()))
    } else {
        ids
    }
}

/// A key that names no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown rule `{}`", self.0)
    }
}

impl std::error::Error for UnknownRule {}

impl FromStr for Rule {
    type Err = UnknownRule;

    /// Parses an ID or a name, as waivers and `trailplan explain` accept them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::find(s).ok_or_else(|| UnknownRule(s.to_string()))
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        key.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn ids_are_ordered_unique_and_round_trip() {
        for pair in Rule::ALL.windows(2) {
            assert!(pair[0].as_str() < pair[1].as_str(), "{:?}", pair);
            assert!(pair[0] < pair[1]);
        }
        for rule in Rule::ALL {
            assert_eq!(rule.as_str().parse::<Rule>(), Ok(rule));
            assert_eq!(rule.name().parse::<Rule>(), Ok(rule));
            assert_eq!(rule.as_str().to_lowercase().parse::<Rule>(), Ok(rule));
        }
        assert_eq!("CT101".parse::<Rule>(), Ok(Rule::PaidManagementCopy));
        assert!("CT999".parse::<Rule>().is_err());
    }
}
