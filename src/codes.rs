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

/// The one table of rules, in ID order: variant, ID, kebab-case name, severity, and the module
/// of `rules` that checks it (`src/rules/<module>.rs`, documented in `docs/rules/<name>.md`).
///
/// It calls `$then!` with the whole table, so that each place that lists rules is generated from
/// these rows: the [`Rule`] enum and its codes here, the registry in `rules`. Adding a rule is one
/// row here, one file in `src/rules/`, its doc and its two fixtures.
macro_rules! rule_table {
    ($then:ident) => {
        $then! {
            TooManyTrailsPerRegion => ("CT001", "too-many-trails-per-region", Error, too_many_trails_per_region),
            TooManyEventSelectors => ("CT002", "too-many-event-selectors", Error, too_many_event_selectors),
            TooManyAdvancedSelectorValues => ("CT003", "too-many-advanced-selector-values", Error, too_many_advanced_selector_values),
            TooManyDataResources => ("CT004", "too-many-data-resources", Error, too_many_data_resources),
            MixedSelectorKinds => ("CT005", "mixed-selector-kinds", Error, mixed_selector_kinds),
            InvalidSelector => ("CT006", "invalid-selector", Error, invalid_selector),
            MisplacedOrganizationTrail => ("CT007", "misplaced-organization-trail", Error, misplaced_organization_trail),
            InsightsWithoutEvents => ("CT008", "insights-without-events", Error, insights_without_events),
            InvalidTrailName => ("CT009", "invalid-trail-name", Error, invalid_trail_name),
            UnknownRegion => ("CT010", "unknown-region", Error, unknown_region),
            ApiRateOverQuota => ("CT011", "api-rate-over-quota", Error, api_rate_over_quota),
            MultiRegionTrailWithoutGlobalEvents => ("CT012", "multi-region-trail-without-global-events", Error, multi_region_trail_without_global_events),
            InvalidDelegatedAdministrator => ("CT013", "invalid-delegated-administrator", Error, invalid_delegated_administrator),
            PaidManagementCopy => ("CT101", "paid-management-copy", Warning, paid_management_copy),
            DuplicateGlobalServiceEvents => ("CT102", "duplicate-global-service-events", Warning, duplicate_global_service_events),
            UnloggedManagementEvents => ("CT103", "unlogged-management-events", Warning, unlogged_management_events),
            GlobalEventsOutsideUsEast1 => ("CT104", "global-events-outside-us-east-1", Warning, global_events_outside_us_east_1),
            UnloggedDataEvents => ("CT105", "unlogged-data-events", Info, unlogged_data_events),
            SelectorMatchesNoVolume => ("CT106", "selector-matches-no-volume", Warning, selector_matches_no_volume),
            CloudwatchEventSize => ("CT107", "cloudwatch-event-size", Info, cloudwatch_event_size),
            UndeclaredSelectorAttribute => ("CT108", "undeclared-selector-attribute", Info, undeclared_selector_attribute),
            UnresolvedImportValue => ("CT109", "unresolved-import-value", Error, unresolved_import_value),
            NoDeclaredVolumes => ("CT110", "no-declared-volumes", Warning, no_declared_volumes),
            BudgetExceeded => ("CT120", "budget-exceeded", Error, budget_exceeded),
            WaiverExpired => ("CT121", "waiver-expired", Warning, waiver_expired),
            PlanDiffersFromBill => ("CT130", "plan-differs-from-bill", Warning, plan_differs_from_bill),
        }
    };
}
pub(crate) use rule_table;

/// Generates [`Rule`], [`Rule::ALL`] and each rule's code, name and severity from [`rule_table`].
macro_rules! define_rules {
    ($($variant:ident => ($code:literal, $name:literal, $severity:ident, $module:ident),)*) => {
        /// Every rule trailplan has, in ID order (the order of the variants is the order of the
        /// IDs).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(
                #[doc = concat!($code, " `", $name, "`")]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in ID order.
            pub(crate) const ALL: [Rule; [$($code),*].len()] = [$(Rule::$variant),*];

            /// The rule's row: ID, name and severity.
            fn entry(self) -> (&'static str, &'static str, Severity) {
                match self {
                    $(Rule::$variant => ($code, $name, Severity::$severity),)*
                }
            }
        }
    };
}

rule_table!(define_rules);

impl Rule {
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
            assert!(pair[0].as_str() < pair[1].as_str(), "{pair:?}");
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
