//! The rule registry: every check trailplan makes, with its stable ID, name, severity and
//! documentation (SPEC §5). Each rule is one row of the table in `codes` (`rule_table!`), which
//! declares its module here and lists it in [`RULES`], and one file named after the rule: its
//! [`Definition`] and its violation type (a `Violation`), whose fields are a finding's data and
//! from which its message is rendered. This module runs the rules and applies the scenario's policy
//! (waivers) to what they find.
//!
//! CT0xx are AWS hard limits and invalid designs; CT1xx are cost, coverage and policy findings. IDs
//! are never reused.

use crate::date::Date;
use crate::error::Location;
use crate::model::{AccountId, RegionId, Scenario, Span, Trail, TrailId};
use crate::pricing::Costing;
use crate::selection::Selection;
use std::collections::HashMap;
use std::fmt;

pub(crate) use crate::codes::{Rule, Severity};

/// A rule's entry in the registry: its code (with its name and severity, from [`codes`]), its
/// documentation, and how it checks a plan.
///
/// [`codes`]: crate::codes
pub struct Definition {
    pub(crate) rule: Rule,
    /// One line: what fires the rule.
    pub(crate) summary: &'static str,
    /// A short imperative fix.
    pub(crate) fix: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / References.
    pub(crate) docs: &'static str,
    check: fn(&Context, &mut Vec<Finding>),
}

impl fmt::Debug for Definition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

impl Definition {
    /// Stable ID, `CT` and three digits.
    pub(crate) fn code(&self) -> &'static str {
        self.rule.as_str()
    }

    /// Kebab-case name of the problem (never of the fix).
    pub(crate) fn name(&self) -> &'static str {
        self.rule.name()
    }

    pub(crate) fn severity(&self) -> Severity {
        self.rule.severity()
    }

    /// The registry entry of a rule.
    pub(crate) fn of(rule: Rule) -> &'static Definition {
        // RULES is in the order of Rule::ALL (a test keeps it so).
        RULES[rule as usize]
    }

    /// A rule by ID (`CT001`) or name (`too-many-trails-per-region`).
    pub fn find(key: &str) -> Option<&'static Definition> {
        Rule::find(key).map(Definition::of)
    }
}

/// Declares each rule's module and lists its entry in [`RULES`], from the one table of rules
/// ([`crate::codes::rule_table`]).
macro_rules! registry {
    ($($variant:ident => ($code:literal, $name:literal, $severity:ident, $module:ident),)*) => {
        $(pub(crate) mod $module;)*

        /// Every rule, in ID order.
        pub static RULES: [&Definition; Rule::ALL.len()] = [$(&$module::RULE,)*];

        /// The module of each rule, in ID order.
        #[cfg(test)]
        const MODULES: [&str; Rule::ALL.len()] = [$(stringify!($module),)*];
    };
}

crate::codes::rule_table!(registry);

/// What a rule reports: data, never an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    /// The numbers of the message, as data (SPEC §4): `{"trails": 6, "limit": 5}`.
    pub data: Data,
    pub(crate) trail: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
    /// Where in the scenario file, when the finding points at something written there.
    pub(crate) location: Option<Location>,
    /// For a trail imported from Terraform or CloudFormation: its file and address.
    pub(crate) origin: Option<String>,
    pub(crate) fix: &'static str,
    /// What, within its scope, the finding is about (a selector, a volume, an API group, a value):
    /// part of its identity, so that two findings in one place are two (SPEC §4).
    pub(crate) subject: Option<String>,
}

/// What a finding of one rule says (as ruff's violation structs): one type per rule, in the rule's
/// file. Its fields are the finding's data and the words its message names; the message is
/// rendered from them, so that each number is stated once.
pub(crate) trait Violation {
    /// The rule it breaks.
    const RULE: Rule;

    /// The message for people, rendered from the fields.
    fn message(&self) -> String;

    /// The numbers (and words) of the message, as data, in the message's order.
    fn data(&self) -> Data {
        Data::default()
    }
}

impl Finding {
    /// A finding of `violation`, with its rule's severity and fix, and no scope yet.
    pub(crate) fn new<V: Violation>(violation: &V) -> Finding {
        let rule = Definition::of(V::RULE);
        Finding {
            rule: V::RULE,
            severity: rule.severity(),
            message: violation.message(),
            data: violation.data(),
            trail: None,
            account: None,
            region: None,
            location: None,
            origin: None,
            fix: rule.fix,
            subject: None,
        }
    }

    /// The rule's kebab-case name.
    pub(crate) fn name(&self) -> &'static str {
        self.rule.name()
    }

    /// Where it applies, for people: `["trail org-audit", "account prod", "region us-east-1"]`.
    pub(crate) fn scope(&self) -> Vec<String> {
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

/// One number (or word) of a finding's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Datum {
    /// A count: JSON integer.
    Count(u64),
    /// Dollars: JSON exact string.
    Money(rust_decimal::Decimal),
    /// Another exact decimal (a rate): JSON exact string.
    Decimal(rust_decimal::Decimal),
    /// A name or a word: JSON string.
    Text(String),
}

/// The numbers of a finding's message, keyed, in the order the message states them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Data(pub Vec<(&'static str, Datum)>);

/// JSON: an object in the message's order; counts are integers, money and rates exact strings.
impl serde::Serialize for Data {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            match value {
                Datum::Count(n) => map.serialize_entry(key, n)?,
                Datum::Money(d) | Datum::Decimal(d) => {
                    map.serialize_entry(key, &crate::money::exact(*d))?;
                }
                Datum::Text(t) => map.serialize_entry(key, t)?,
            }
        }
        map.end()
    }
}

impl Data {
    /// `value` under `key`, after the others.
    pub(crate) fn with(mut self, key: &'static str, value: Datum) -> Self {
        self.0.push((key, value));
        self
    }

    /// A count of the message (events, trails, values, a limit).
    pub(crate) fn count(self, key: &'static str, n: impl Into<u64>) -> Self {
        self.with(key, Datum::Count(n.into()))
    }

    /// An amount of money of the message, exact.
    pub(crate) fn money(self, key: &'static str, amount: rust_decimal::Decimal) -> Self {
        self.with(key, Datum::Money(amount))
    }

    /// An exact decimal that is not money (calls per second).
    pub(crate) fn decimal(self, key: &'static str, value: rust_decimal::Decimal) -> Self {
        self.with(key, Datum::Decimal(value))
    }

    /// A word or name of the message that is not its scope (a field, an operator, a date).
    pub(crate) fn text(self, key: &'static str, value: impl Into<String>) -> Self {
        self.with(key, Datum::Text(value.into()))
    }

    /// The value under `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Datum> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
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
    /// A new finding of a violation; scope it with the builder methods.
    fn report(&self, violation: &impl Violation) -> FindingBuilder<'_> {
        FindingBuilder {
            cx: self,
            finding: Finding::new(violation),
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

    /// What the finding is about within its scope (part of its identity).
    fn subject(mut self, subject: impl Into<String>) -> Self {
        self.finding.subject = Some(subject.into());
        self
    }

    fn push(self, out: &mut Vec<Finding>) {
        out.push(self.finding);
    }
}

/// Reports each trail whose `count` is over a per-trail `limit`, as `violation(name, count)` says
/// (CT003, CT004).
fn trails_over_limit<'a, V: Violation>(
    cx: &'a Context,
    out: &mut Vec<Finding>,
    limit: usize,
    count: fn(&Trail) -> usize,
    violation: impl Fn(&'a str, usize) -> V,
) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        let n = count(trail);
        if n > limit {
            cx.report(&violation(&trail.name, n))
                .trail(t)
                .account(trail.account)
                .push(out);
        }
    }
}

/// Findings of a plan after the policy: what is reported, and what a waiver accepted.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub(crate) findings: Vec<Finding>,
    pub(crate) waived: Vec<(Finding, String)>,
    /// The rules raised more than [`crate::limits::MAX_FINDINGS`] findings and were stopped:
    /// the plan is refused.
    pub(crate) over_budget: bool,
}

/// Runs every rule, then applies the scenario's waivers; expired waivers raise CT121.
pub fn check(cx: &Context) -> Outcome {
    check_within(cx, crate::limits::MAX_FINDINGS)
}

/// [`check`] with a findings budget: more than `budget` findings stop the rules.
fn check_within(cx: &Context, budget: usize) -> Outcome {
    let mut found = Vec::new();
    for rule in RULES {
        if rule.rule != Rule::WaiverExpired {
            (rule.check)(cx, &mut found);
        }
        if found.len() > budget {
            return Outcome {
                over_budget: true,
                ..Outcome::default()
            };
        }
    }
    let mut outcome = Outcome::default();
    // The first waiver in file order that matches a finding: its rule, and each of trail, account
    // and region either unscoped or the finding's own. Indexed by that key, so that thousands of
    // waivers over a million findings are eight lookups a finding, not a scan of every waiver.
    let waivers = &cx.scenario.policy.waivers;
    let mut first: HashMap<WaiverKey<'_>, usize> = HashMap::new();
    for (i, w) in waivers.iter().enumerate() {
        if w.expires.is_none_or(|d| d >= cx.today) {
            first
                .entry((
                    w.rule,
                    w.trail.as_deref(),
                    w.account.as_deref(),
                    w.region.as_deref(),
                ))
                .or_insert(i);
        }
    }
    for finding in found {
        let mut best: Option<usize> = None;
        if !first.is_empty() {
            for trail in [None, finding.trail.as_deref()] {
                for account in [None, finding.account.as_deref()] {
                    for region in [None, finding.region.as_deref()] {
                        if let Some(&i) = first.get(&(finding.rule, trail, account, region)) {
                            best = Some(best.map_or(i, |b| b.min(i)));
                        }
                    }
                }
            }
        }
        let waiver = best.and_then(|i| waivers.get(i));
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
            &a.subject,
            &a.message,
        )
            .cmp(&(
                b.rule,
                &b.location,
                &b.trail,
                &b.account,
                &b.region,
                &b.subject,
                &b.message,
            ))
    });
    outcome
}

/// What a waiver matches: its rule, and its trail, account and region (`None`: any).
type WaiverKey<'a> = (Rule, Option<&'a str>, Option<&'a str>, Option<&'a str>);

/// Thousands separators for counts in messages: `1234567` → `1,234,567`.
pub(crate) use crate::text::group_digits;

#[cfg(test)]
mod registry_tests {
    use super::{Data, Datum, Definition, Finding, RULES, Rule, Severity};

    #[test]
    fn exactly_the_findings_budget_is_allowed_and_one_more_is_not() {
        // Two multi-region trails in one account: a paid copy (CT101) in each of three regions, and
        // global service events delivered twice (CT102): 4 findings.
        let text = r#"
format = 1
name = "budget"
regions = ["us-east-1", "eu-west-1", "eu-west-2"]

[[volume]]
category = "management"
read = 100000

[[trail]]
name = "one"
home_region = "us-east-1"
multi_region = true

[[trail]]
name = "two"
home_region = "us-east-1"
multi_region = true
"#;
        let scenario = crate::scenario::parse(crate::error::SourceFile::new("budget.toml", text))
            .unwrap_or_else(|e| panic!("{e}"));
        let selection =
            crate::selection::Selection::compute(&scenario).unwrap_or_else(|e| panic!("{e}"));
        let costing =
            crate::pricing::price(&scenario, &selection).unwrap_or_else(|e| panic!("{e}"));
        let cx = super::Context {
            scenario: &scenario,
            selection: &selection,
            costing: &costing,
            today: crate::date::Date::parse("2026-12-01").unwrap_or_else(|| panic!("date")),
        };
        let all = super::check(&cx);
        assert!(!all.over_budget);
        let n = all.findings.len();
        assert_eq!(
            all.findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
            [
                Rule::PaidManagementCopy,
                Rule::PaidManagementCopy,
                Rule::PaidManagementCopy,
                Rule::DuplicateGlobalServiceEvents
            ]
        );
        let at = super::check_within(&cx, n);
        assert!(!at.over_budget);
        assert_eq!(at.findings.len(), n);
        let under = super::check_within(&cx, n - 1);
        assert!(under.over_budget);
        assert!(under.findings.is_empty());
    }

    #[test]
    fn a_finding_names_its_rule_and_its_scope_for_people() {
        let finding = Finding {
            rule: Rule::PaidManagementCopy,
            severity: Severity::Warning,
            message: String::new(),
            data: Data::default(),
            trail: Some("dublin".to_owned()),
            account: None,
            region: Some("eu-west-1".to_owned()),
            location: None,
            origin: None,
            fix: "",
            subject: None,
        };
        assert_eq!(finding.name(), "paid-management-copy");
        assert_eq!(finding.scope(), ["trail dublin", "region eu-west-1"]);
        let data = Data(vec![
            ("events", Datum::Count(100_000)),
            ("cost", Datum::Money(rust_decimal::Decimal::new(200, 2))),
        ]);
        assert_eq!(
            data.get("cost"),
            Some(&Datum::Money(rust_decimal::Decimal::new(200, 2)))
        );
        assert_eq!(data.get("events"), Some(&Datum::Count(100_000)));
        assert_eq!(data.get("over"), None);
    }

    #[test]
    fn a_definition_debugs_as_its_code_and_name() {
        assert_eq!(
            format!("{:?}", Definition::of(Rule::TooManyTrailsPerRegion)),
            "CT001 too-many-trails-per-region"
        );
    }

    #[test]
    fn registry_is_in_the_order_of_the_code_table() {
        assert_eq!(RULES.len(), Rule::ALL.len());
        for (def, rule) in RULES.iter().zip(Rule::ALL) {
            assert_eq!(def.rule, rule);
            assert_eq!(Definition::of(rule).code(), rule.as_str());
        }
    }

    /// The files of a folder of the crate with this extension, by stem.
    fn stems(folder: &str, extension: &str) -> std::collections::BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                let stem = path.file_stem()?.to_str()?.to_string();
                (path.extension()? == extension).then_some(stem)
            })
            .collect()
    }

    /// Each row of the table has its file `src/rules/<module>.rs` (the build needs it) named after
    /// the rule, and its doc `docs/rules/<name>.md`, which is what the registry shows; no file or
    /// doc is left outside the table. `tests/suite/rules.rs` checks, from the same table through
    /// `trailplan rules`, each doc's four sections and each rule's two fixtures.
    #[test]
    fn every_rule_file_and_doc_is_a_row_of_the_table() {
        let mut files = stems("src/rules", "rs");
        files.remove("mod");
        let docs = stems("docs/rules", "md");
        for (rule, module) in Rule::ALL.into_iter().zip(super::MODULES) {
            assert_eq!(module, rule.name().replace('-', "_"), "{rule}'s module");
            assert!(files.remove(module), "src/rules/{module}.rs");
            assert!(docs.contains(rule.name()), "docs/rules/{}.md", rule.name());
            let path = format!(
                "{}/docs/rules/{}.md",
                env!("CARGO_MANIFEST_DIR"),
                rule.name()
            );
            let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(Definition::of(rule).docs, doc, "{rule} shows {path}");
        }
        assert!(files.is_empty(), "rule files outside the table: {files:?}");
        assert_eq!(docs.len(), Rule::ALL.len(), "rule docs outside the table");
    }

    #[test]
    fn summaries_quote_the_limits_table() {
        use crate::limits::*;
        let quoted = [
            (Rule::TooManyTrailsPerRegion, TRAILS_PER_REGION),
            (Rule::TooManyEventSelectors, EVENT_SELECTORS_PER_TRAIL),
            (
                Rule::TooManyAdvancedSelectorValues,
                ADVANCED_SELECTOR_VALUES_PER_TRAIL,
            ),
            (Rule::TooManyDataResources, DATA_RESOURCES_PER_TRAIL),
        ];
        for (rule, limit) in quoted {
            let def = Definition::of(rule);
            assert!(
                def.summary.contains(&format!("more than {limit} ")),
                "{}: {}",
                def.code(),
                def.summary
            );
        }
        let cw = Definition::of(Rule::CloudwatchEventSize);
        assert!(cw.summary.contains(&format!("{CLOUDWATCH_EVENT_KB} KB")));
        let name = Definition::of(Rule::InvalidTrailName);
        let range = format!("{}-{}", TRAIL_NAME_CHARS.start(), TRAIL_NAME_CHARS.end());
        assert!(name.fix.contains(&range), "{}", name.fix);
    }
}
