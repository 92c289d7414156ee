//! The pipeline in one place: a validated scenario → selection → pricing → rules → a [`Plan`]
//! that the reports render. Pure: today's date comes in as an argument.

use crate::date::Date;
use crate::downstream::{self, Downstream};
use crate::error::Error;
use crate::forecast::{self, Forecast};
use crate::model::{FailOn, Scenario};
use crate::pricing::{self, Costing};
use crate::rules::{self, Context, Finding, Severity};
use crate::selection::Selection;

/// Everything trailplan concludes about one scenario.
#[derive(Debug)]
pub struct Plan {
    pub scenario: Scenario,
    /// Which trail delivers which events: what pricing and the rules were worked out from.
    pub selection: Selection,
    pub costing: Costing,
    pub findings: Vec<Finding>,
    /// Findings accepted by a waiver, with its reason.
    pub waived: Vec<(Finding, String)>,
    pub(crate) fail_on: FailOn,
    /// The month-by-month projection, when the scenario has `[forecast]` (or `--months` was given).
    pub(crate) forecast: Option<Forecast>,
    /// Estimates of S3 and CloudWatch Logs costs, when the scenario has `[downstream]`; never part
    /// of `costing.total`.
    pub(crate) downstream: Option<Downstream>,
    /// Findings left out because a baseline records them, when a baseline was applied.
    pub baselined: Option<usize>,
    /// Findings left out of every report by `--min-severity`; the gate still counts them.
    pub left_out: LeftOut,
}

/// What `--min-severity` left out of a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Findings (and waived findings) below the level.
    pub count: usize,
    /// Whether one of the findings left out fails the gate.
    pub(crate) fails: bool,
    /// The level below which findings were left out, when `--min-severity` was given.
    pub(crate) min: Option<Severity>,
}

/// Runs the whole pipeline on a scenario.
pub fn evaluate(scenario: Scenario, today: Date, fail_on: Option<FailOn>) -> Result<Plan, Error> {
    scenario.require_partition_prices()?;
    let selection = Selection::compute(&scenario)?;
    let costing = pricing::price(&scenario, &selection)?;
    let outcome = rules::check(&Context {
        scenario: &scenario,
        selection: &selection,
        costing: &costing,
        today,
    });
    if outcome.over_budget {
        return Err(scenario.source.error_at(
            None,
            format!(
                "the rules raise more than {} findings (the findings budget); split the scenario \
                 into smaller ones",
                crate::limits::MAX_FINDINGS
            ),
        ));
    }
    let fail_on = fail_on.unwrap_or(scenario.policy.fail_on);
    let forecast = match &scenario.forecast {
        Some(a) => Some(forecast::project(a, &costing, &scenario.source)?),
        None => None,
    };
    let downstream = match &scenario.downstream {
        Some(a) => Some(downstream::estimate(a, &scenario, &costing)?),
        None => None,
    };
    Ok(Plan {
        scenario,
        selection,
        costing,
        findings: outcome.findings,
        waived: outcome.waived,
        fail_on,
        forecast,
        downstream,
        baselined: None,
        left_out: LeftOut::default(),
    })
}

impl Plan {
    /// Findings at or above the gate's level.
    pub fn failing(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity.fails(self.fail_on))
    }

    /// Does the gate fail? The budget (CT120) is an error, so it fails unless `fail_on = never`.
    pub(crate) fn failed(&self) -> bool {
        self.left_out.fails || self.failing().next().is_some()
    }

    /// Leaves the findings below `min` out of the plan (`--min-severity`), counting them; the
    /// gate (`Plan::failed`) is judged on every finding as before.
    pub fn leave_out_below(&mut self, min: Severity) {
        let fail_on = self.fail_on;
        let before = self.findings.len() + self.waived.len();
        let fails = self
            .findings
            .iter()
            .any(|f| f.severity < min && f.severity.fails(fail_on));
        self.findings.retain(|f| f.severity >= min);
        self.waived.retain(|(f, _)| f.severity >= min);
        let after = self.findings.len() + self.waived.len();
        self.left_out.count += before - after;
        self.left_out.fails |= fails;
        self.left_out.min = self.left_out.min.max(Some(min));
    }

    /// How many findings of each severity: (errors, warnings, infos).
    pub(crate) fn counts(&self) -> (usize, usize, usize) {
        let count = |s: Severity| self.findings.iter().filter(|f| f.severity == s).count();
        (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        )
    }
}
