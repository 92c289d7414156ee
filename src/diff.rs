//! `trailplan diff BASE NEW`: what a change to a scenario does to the bill and to the findings,
//! the way a pull request sees it.
//!
//! - **Cost.** Line items are summed per trail and kind on each side and compared exactly; a trail
//!   that exists on one side only is reported as added or removed. The total delta is exact, and so
//!   is its percentage of the base total until it is rendered (rounded to cents of a percent). A base
//!   total of zero has no percentage.
//! - **Findings.** A finding is identified by its rule, trail, account and region, never by its
//!   message (messages carry numbers that move with every volume). Identical keys are paired one to
//!   one; what is left over in NEW is new, what is left over in BASE is resolved.
//! - **Gate.** The diff fails on a cost increase strictly above `--max-increase` (dollars) or
//!   `--max-increase-percent`, and on any new finding at or above `fail_on`. Equal is not above.

use crate::model::FailOn;
use crate::plan::{LeftOut, Plan};
use crate::pricing::Kind;
use crate::rules::{Finding, Severity};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Whether a trail exists on both sides of the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum TrailStatus {
    /// Only in NEW.
    Added,
    /// Only in BASE.
    Removed,
    /// In both.
    Kept,
}

impl TrailStatus {
    /// `added`, `removed`, `kept`.
    pub(crate) fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The cost of one trail and kind on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CostLine {
    pub(crate) trail: String,
    pub(crate) status: TrailStatus,
    pub(crate) kind: Kind,
    pub(crate) base_events: u64,
    pub(crate) new_events: u64,
    pub(crate) base_cost: Decimal,
    pub(crate) new_cost: Decimal,
}

impl CostLine {
    /// `new - base`, exact.
    pub(crate) fn delta(&self) -> Decimal {
        self.new_cost.saturating_sub(self.base_cost)
    }

    /// Does this line say something a reader needs: a changed cost or a trail that came or went?
    pub(crate) fn is_change(&self) -> bool {
        self.status != TrailStatus::Kept
            || self.base_cost != self.new_cost
            || self.base_events != self.new_events
    }
}

/// A trail that exists on one side only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TrailChange {
    pub(crate) trail: String,
    pub(crate) status: TrailStatus,
    /// Its whole monthly cost on the side where it exists.
    pub(crate) cost: Decimal,
}

/// A limit of the gate that the diff broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Breach {
    /// The increase in dollars is above `--max-increase`.
    Increase { delta: Decimal, limit: Decimal },
    /// The increase in percent is above `--max-increase-percent`.
    IncreasePercent { percent: Decimal, limit: Decimal },
    /// The total grew from zero, which is more than any percentage.
    IncreaseFromZero { delta: Decimal, limit: Decimal },
    /// New findings at or above `fail_on`.
    NewFindings { count: usize, fail_on: FailOn },
}

/// Thresholds of the diff gate; `None` means no limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    pub max_increase: Option<Decimal>,
    pub max_increase_percent: Option<Decimal>,
}

/// Everything `trailplan diff` concludes.
#[derive(Debug)]
pub struct Diff {
    pub(crate) base: Plan,
    pub(crate) new: Plan,
    /// Every trail and kind with a charge on either side, sorted by trail then kind.
    pub(crate) lines: Vec<CostLine>,
    pub(crate) trails: Vec<TrailChange>,
    pub new_findings: Vec<Finding>,
    pub resolved_findings: Vec<Finding>,
    pub(crate) unchanged_findings: Vec<Finding>,
    pub(crate) limits: Limits,
    pub(crate) fail_on: FailOn,
    pub(crate) breaches: Vec<Breach>,
    /// What `--min-severity` left out of the three lists of findings (the gate was judged before,
    /// on every finding).
    pub(crate) left_out: LeftOut,
}

/// The key that pairs a finding in BASE with one in NEW.
type FindingKey<'a> = (
    crate::codes::Rule,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

fn key(f: &Finding) -> FindingKey<'_> {
    (
        f.rule,
        f.trail.as_deref(),
        f.account.as_deref(),
        f.region.as_deref(),
        f.subject.as_deref(),
    )
}

impl Diff {
    /// Compares two evaluated plans. `fail_on` judges the new findings.
    pub fn compute(base: Plan, new: Plan, limits: Limits, fail_on: FailOn) -> Diff {
        let lines = cost_lines(&base, &new);
        let trails = trail_changes(&base, &new);
        let (new_findings, resolved_findings, unchanged_findings) =
            pair_findings(&base.findings, &new.findings);
        let mut diff = Diff {
            base,
            new,
            lines,
            trails,
            new_findings,
            resolved_findings,
            unchanged_findings,
            limits,
            fail_on,
            breaches: Vec::new(),
            left_out: LeftOut::default(),
        };
        diff.breaches = diff.judge();
        diff
    }

    /// `new total - base total`, exact.
    pub fn total_delta(&self) -> Decimal {
        self.new
            .costing
            .total
            .saturating_sub(self.base.costing.total)
    }

    /// The delta as an exact percentage of the base total; `None` when the base total is zero.
    pub(crate) fn percent(&self) -> Option<Decimal> {
        let base = self.base.costing.total;
        if base.is_zero() {
            return None;
        }
        self.total_delta()
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(base)
    }

    /// Did the gate fail?
    pub(crate) fn failed(&self) -> bool {
        !self.breaches.is_empty()
    }

    /// New findings that fail the gate.
    fn failing(&self) -> impl Iterator<Item = &Finding> {
        self.new_findings
            .iter()
            .filter(|f| f.severity.fails(self.fail_on))
    }

    /// Leaves the findings below `min` out of the lists and of both plans (`--min-severity`),
    /// counting those of the lists; the breaches, judged on every finding, stay as they are.
    pub fn leave_out_below(&mut self, min: Severity) {
        let fails = self.failing().any(|f| f.severity < min);
        let mut count = 0;
        for list in [
            &mut self.new_findings,
            &mut self.resolved_findings,
            &mut self.unchanged_findings,
        ] {
            let before = list.len();
            list.retain(|f| f.severity >= min);
            count += before - list.len();
        }
        self.base.leave_out_below(min);
        self.new.leave_out_below(min);
        self.left_out.count += count;
        self.left_out.fails |= fails;
        self.left_out.min = self.left_out.min.max(Some(min));
    }

    /// Keeps only the new findings that fail the gate (`--quiet`, for the reports people read), and
    /// on each plan only the findings that fail its gate; returns how many of the lists' findings
    /// it set aside. The breaches stay as they are.
    pub fn keep_failing(&mut self) -> usize {
        let fail_on = self.fail_on;
        let before =
            self.new_findings.len() + self.resolved_findings.len() + self.unchanged_findings.len();
        self.new_findings.retain(|f| f.severity.fails(fail_on));
        self.resolved_findings.clear();
        self.unchanged_findings.clear();
        for plan in [&mut self.base, &mut self.new] {
            plan.findings = plan.failing().cloned().collect();
            plan.waived.clear();
        }
        before - self.new_findings.len()
    }

    fn judge(&self) -> Vec<Breach> {
        let mut breaches = Vec::new();
        let delta = self.total_delta();
        if let Some(limit) = self.limits.max_increase
            && delta > limit
        {
            breaches.push(Breach::Increase { delta, limit });
        }
        if let Some(limit) = self.limits.max_increase_percent {
            match self.percent() {
                Some(percent) if percent > limit => {
                    breaches.push(Breach::IncreasePercent { percent, limit });
                }
                None if delta > Decimal::ZERO => {
                    breaches.push(Breach::IncreaseFromZero { delta, limit });
                }
                _ => {}
            }
        }
        let count = self.failing().count();
        if count > 0 {
            breaches.push(Breach::NewFindings {
                count,
                fail_on: self.fail_on,
            });
        }
        breaches
    }
}

/// Per trail name and kind: (events, cost).
fn per_trail_kind(plan: &Plan) -> BTreeMap<(&str, Kind), (u64, Decimal)> {
    let mut out: BTreeMap<(&str, Kind), (u64, Decimal)> = BTreeMap::new();
    for c in &plan.costing.charges {
        let name = plan.scenario.trails[c.trail].name.as_str();
        let entry = out.entry((name, c.kind)).or_default();
        entry.0 = entry.0.saturating_add(c.events);
        entry.1 = entry.1.saturating_add(c.cost);
    }
    out
}

fn trail_names(plan: &Plan) -> Vec<&str> {
    plan.scenario
        .trails
        .iter()
        .map(|t| t.name.as_str())
        .collect()
}

fn status(name: &str, base: &[&str], new: &[&str]) -> TrailStatus {
    match (base.contains(&name), new.contains(&name)) {
        (false, true) => TrailStatus::Added,
        (true, false) => TrailStatus::Removed,
        _ => TrailStatus::Kept,
    }
}

fn cost_lines(base: &Plan, new: &Plan) -> Vec<CostLine> {
    let base_names = trail_names(base);
    let new_names = trail_names(new);
    let b = per_trail_kind(base);
    let n = per_trail_kind(new);
    let mut keys: Vec<(&str, Kind)> = b.keys().chain(n.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .map(|(trail, kind)| {
            let (base_events, base_cost) = b.get(&(trail, kind)).copied().unwrap_or_default();
            let (new_events, new_cost) = n.get(&(trail, kind)).copied().unwrap_or_default();
            CostLine {
                trail: trail.to_string(),
                status: status(trail, &base_names, &new_names),
                kind,
                base_events,
                new_events,
                base_cost,
                new_cost,
            }
        })
        .collect()
}

fn trail_changes(base: &Plan, new: &Plan) -> Vec<TrailChange> {
    let base_names = trail_names(base);
    let new_names = trail_names(new);
    let cost_of = |plan: &Plan, name: &str| {
        plan.costing
            .charges
            .iter()
            .filter(|c| plan.scenario.trails[c.trail].name == name)
            .fold(Decimal::ZERO, |sum, c| sum.saturating_add(c.cost))
    };
    let mut out: Vec<TrailChange> = Vec::new();
    for name in &base_names {
        if !new_names.contains(name) && !out.iter().any(|t| t.trail == *name) {
            out.push(TrailChange {
                trail: (*name).to_string(),
                status: TrailStatus::Removed,
                cost: cost_of(base, name),
            });
        }
    }
    for name in &new_names {
        if !base_names.contains(name) && !out.iter().any(|t| t.trail == *name) {
            out.push(TrailChange {
                trail: (*name).to_string(),
                status: TrailStatus::Added,
                cost: cost_of(new, name),
            });
        }
    }
    out.sort_by(|a, b| (a.status, &a.trail).cmp(&(b.status, &b.trail)));
    out
}

/// (new, resolved, unchanged): findings with equal keys are paired one to one, in order.
fn pair_findings(base: &[Finding], new: &[Finding]) -> (Vec<Finding>, Vec<Finding>, Vec<Finding>) {
    let mut unmatched_base: BTreeMap<FindingKey, Vec<&Finding>> = BTreeMap::new();
    for f in base {
        unmatched_base.entry(key(f)).or_default().push(f);
    }
    let mut added = Vec::new();
    let mut unchanged = Vec::new();
    for f in new {
        match unmatched_base.get_mut(&key(f)) {
            Some(list) if !list.is_empty() => {
                list.remove(0);
                unchanged.push(f.clone());
            }
            _ => added.push(f.clone()),
        }
    }
    // Resolved: what is left of BASE, in BASE's (sorted) order.
    let mut left: BTreeMap<FindingKey, usize> =
        unmatched_base.iter().map(|(k, v)| (*k, v.len())).collect();
    let mut resolved = Vec::new();
    for f in base.iter().rev() {
        if let Some(n) = left.get_mut(&key(f))
            && *n > 0
        {
            *n -= 1;
            resolved.push(f.clone());
        }
    }
    resolved.reverse();
    (added, resolved, unchanged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn finding(rule: &str, trail: &str, message: &str) -> Finding {
        Finding {
            rule: rule.parse().unwrap(),
            severity: Severity::Warning,
            message: message.into(),
            data: crate::rules::Data::default(),
            trail: Some(trail.into()),
            account: Some("default".into()),
            region: None,
            location: None,
            origin: None,
            fix: "",
            subject: None,
        }
    }

    #[test]
    fn findings_pair_by_key_not_by_message() {
        let base = [
            finding("CT101", "a", "1 event"),
            finding("CT101", "b", "x"),
            finding("CT107", "a", "y"),
        ];
        let new = [
            finding("CT101", "a", "2 events"),
            finding("CT107", "a", "y"),
            finding("CT107", "a", "y again"),
        ];
        let (added, resolved, unchanged) = pair_findings(&base, &new);
        assert_eq!(unchanged.len(), 2);
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].message, "y again");
        assert_eq!(resolved.len(), 1);
        assert_eq!(resolved[0].trail.as_deref(), Some("b"));
    }
}
