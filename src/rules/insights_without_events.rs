//! CT008: an Insights type on a trail whose selectors deliver none of the events it analyzes:
//! `ApiCallRateInsight` needs write management events, `ApiErrorRateInsight` any management events,
//! data-event Insights need data events. AWS refuses such a configuration.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};
use crate::model::{Category, InsightType};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::InsightsWithoutEvents,
    summary: "an Insights type on a trail that delivers none of the events it analyzes",
    fix: "log the events the Insights type analyzes on this trail, or remove the type",
    docs: include_str!("../../docs/rules/insights-without-events.md"),
    check,
};

/// The name under which data-event Insights are reported.
const DATA_INSIGHTS: &str = "data_insights";

/// An Insights type on a trail whose selectors deliver none of the `events` it analyzes.
pub(crate) struct InsightsWithoutEvents<'a> {
    pub(crate) insight: String,
    pub(crate) trail: &'a str,
    pub(crate) events: &'static str,
}

impl Violation for InsightsWithoutEvents<'_> {
    const RULE: Rule = Rule::InsightsWithoutEvents;

    fn message(&self) -> String {
        let analyze = if self.insight == DATA_INSIGHTS {
            "analyze"
        } else {
            "analyzes"
        };
        format!(
            "{} on trail {} {analyze} {}, and the trail's selectors deliver none",
            self.insight, self.trail, self.events
        )
    }

    fn data(&self) -> Data {
        Data::default().text("insight", self.insight.as_str())
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        let mut report = |insight: String, events: &'static str| {
            cx.report(&InsightsWithoutEvents {
                insight,
                trail: &trail.name,
                events,
            })
            .trail(t)
            .account(trail.account)
            .push(out);
        };
        for insight in &trail.insights {
            let (ok, events) = match insight {
                InsightType::ApiCallRateInsight => (
                    trail.may_select(Category::Management, Some(false)),
                    "write management events",
                ),
                InsightType::ApiErrorRateInsight => (
                    trail.may_select(Category::Management, None),
                    "management events",
                ),
            };
            if !ok {
                report(format!("{insight:?}"), events);
            }
        }
        if !trail.data_insights.is_empty() && !trail.may_select(Category::Data, None) {
            report(DATA_INSIGHTS.to_owned(), "data events");
        }
    }
}
