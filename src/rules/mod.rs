//! The rule registry: every check trailplan makes, with its stable ID, name, severity and
//! documentation (SPEC §5). One file per rule, named after the rule; this module only lists them,
//! runs them, and applies the scenario's policy (waivers) to what they find.
//!
//! CT0xx are AWS hard limits and invalid designs; CT1xx are cost, coverage and policy findings. IDs
//! are never reused.

mod api_rate_over_quota;
mod budget_exceeded;
mod cloudwatch_event_size;
mod duplicate_global_service_events;
mod global_events_outside_us_east_1;
mod insights_without_events;
mod invalid_selector;
mod invalid_trail_name;
mod misplaced_organization_trail;
mod mixed_selector_kinds;
mod multi_region_trail_without_global_events;
mod paid_management_copy;
mod plan_differs_from_bill;
mod selector_matches_no_volume;
mod too_many_advanced_selector_values;
mod too_many_data_resources;
mod too_many_event_selectors;
mod too_many_trails_per_region;
mod undeclared_selector_attribute;
mod unknown_region;
mod unlogged_data_events;
mod unlogged_management_events;
mod waiver_expired;

use crate::date::Date;
use crate::error::Location;
use crate::model::{AccountId, FailOn, RegionId, Scenario, Span, TrailId};
use crate::pricing::Costing;
use crate::selection::Selection;
use std::fmt;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Does a finding of this severity fail a gate set at `fail_on`?
    pub fn fails(self, fail_on: FailOn) -> bool {
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

/// A rule: what it is called, how bad it is, and how it checks a plan.
pub struct Rule {
    /// Stable ID, `CT` and three digits.
    pub code: &'static str,
    /// Kebab-case name of the problem (never of the fix).
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what fires the rule.
    pub summary: &'static str,
    /// A short imperative fix.
    pub fix: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / References.
    pub docs: &'static str,
    check: fn(&Context, &mut Vec<Finding>),
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Every rule, in ID order.
pub static RULES: [&Rule; 23] = [
    &too_many_trails_per_region::RULE,
    &too_many_event_selectors::RULE,
    &too_many_advanced_selector_values::RULE,
    &too_many_data_resources::RULE,
    &mixed_selector_kinds::RULE,
    &invalid_selector::RULE,
    &misplaced_organization_trail::RULE,
    &insights_without_events::RULE,
    &invalid_trail_name::RULE,
    &unknown_region::RULE,
    &api_rate_over_quota::RULE,
    &multi_region_trail_without_global_events::RULE,
    &paid_management_copy::RULE,
    &duplicate_global_service_events::RULE,
    &unlogged_management_events::RULE,
    &global_events_outside_us_east_1::RULE,
    &unlogged_data_events::RULE,
    &selector_matches_no_volume::RULE,
    &cloudwatch_event_size::RULE,
    &undeclared_selector_attribute::RULE,
    &budget_exceeded::RULE,
    &waiver_expired::RULE,
    &plan_differs_from_bill::RULE,
];

/// CT130, which `reconcile` raises.
pub fn plan_differs_from_bill() -> &'static Rule {
    &plan_differs_from_bill::RULE
}

impl Rule {
    /// A rule by ID (`CT001`) or name (`too-many-trails-per-region`).
    pub fn find(key: &str) -> Option<&'static Rule> {
        RULES
            .iter()
            .copied()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
    }
}

/// What a rule reports: data, never an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub trail: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
    /// Where in the scenario file, when the finding points at something written there.
    pub location: Option<Location>,
    /// For a trail imported from Terraform or CloudFormation: its file and address.
    pub origin: Option<String>,
    pub fix: &'static str,
}

impl Finding {
    /// Where it applies, for people: `["trail org-audit", "account prod", "region us-east-1"]`.
    pub fn scope(&self) -> Vec<String> {
        [
            ("trail", &self.trail),
            ("account", &self.account),
            ("region", &self.region),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
        .collect()
    }
}

/// Everything the rules look at.
#[derive(Debug)]
pub struct Context<'a> {
    pub scenario: &'a Scenario,
    pub selection: &'a Selection,
    pub costing: &'a Costing,
    pub today: Date,
}

impl Context<'_> {
    /// A new finding of `rule` with its message; scope it with the builder methods.
    fn finding(&self, rule: &'static Rule, message: String) -> FindingBuilder<'_> {
        FindingBuilder {
            cx: self,
            finding: Finding {
                rule: rule.code,
                name: rule.name,
                severity: rule.severity,
                message,
                trail: None,
                account: None,
                region: None,
                location: None,
                origin: None,
                fix: rule.fix,
            },
        }
    }

    fn account(&self, id: AccountId) -> &str {
        &self.scenario.accounts[id].name
    }

    fn region(&self, id: RegionId) -> &str {
        &self.scenario.regions[id].name
    }
}

#[derive(Debug)]
struct FindingBuilder<'a> {
    cx: &'a Context<'a>,
    finding: Finding,
}

impl FindingBuilder<'_> {
    fn trail(mut self, t: TrailId) -> Self {
        let trail = &self.cx.scenario.trails[t];
        self.finding.trail = Some(trail.name.clone());
        self.finding.origin.clone_from(&trail.origin);
        if self.finding.location.is_none() && trail.origin.is_none() {
            self.finding.location = Some(self.cx.scenario.location(&trail.span));
        }
        self
    }

    fn account(mut self, a: AccountId) -> Self {
        self.finding.account = Some(self.cx.account(a).to_string());
        self
    }

    fn region(mut self, r: RegionId) -> Self {
        self.finding.region = Some(self.cx.region(r).to_string());
        self
    }

    /// Points at a span of the scenario file (not for spans inside imported trails).
    fn at(mut self, span: &Span) -> Self {
        if self.finding.origin.is_none() {
            self.finding.location = Some(self.cx.scenario.location(span));
        }
        self
    }

    fn push(self, out: &mut Vec<Finding>) {
        out.push(self.finding);
    }
}

/// Findings of a plan after the policy: what is reported, and what a waiver accepted.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub waived: Vec<(Finding, String)>,
}

/// Runs every rule, then applies the scenario's waivers; expired waivers raise CT121.
pub fn check(cx: &Context) -> Outcome {
    let mut found = Vec::new();
    for rule in RULES {
        if rule.code != waiver_expired::RULE.code {
            (rule.check)(cx, &mut found);
        }
    }
    let mut outcome = Outcome::default();
    for finding in found {
        let waiver = cx.scenario.policy.waivers.iter().find(|w| {
            (w.rule.eq_ignore_ascii_case(finding.rule) || w.rule == finding.name)
                && w.expires.is_none_or(|d| d >= cx.today)
                && scope_matches(&w.trail, &finding.trail)
                && scope_matches(&w.account, &finding.account)
                && scope_matches(&w.region, &finding.region)
        });
        match waiver {
            Some(w) => outcome.waived.push((finding, w.reason.clone())),
            None => outcome.findings.push(finding),
        }
    }
    (waiver_expired::RULE.check)(cx, &mut outcome.findings);
    outcome.findings.sort_by(|a, b| {
        (
            a.rule,
            &a.location,
            &a.trail,
            &a.account,
            &a.region,
            &a.message,
        )
            .cmp(&(
                b.rule,
                &b.location,
                &b.trail,
                &b.account,
                &b.region,
                &b.message,
            ))
    });
    outcome
}

fn scope_matches(scope: &Option<String>, value: &Option<String>) -> bool {
    match scope {
        None => true,
        Some(s) => value.as_deref() == Some(s.as_str()),
    }
}

/// Thousands separators for counts in messages: `1234567` → `1,234,567`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
