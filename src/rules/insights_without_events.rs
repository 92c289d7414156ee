//! CT008: an Insights type on a trail whose selectors deliver none of the events it analyzes:
//! `ApiCallRateInsight` needs write management events, `ApiErrorRateInsight` any management events,
//! data-event Insights need data events. AWS refuses such a configuration.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html>

use super::{Context, Definition, Finding, Rule};
use crate::model::{Category, InsightType};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::InsightsWithoutEvents,
    summary: "an Insights type on a trail that delivers none of the events it analyzes",
    fix: "log the events the Insights type analyzes on this trail, or remove the type",
    docs: include_str!("../../docs/rules/insights-without-events.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
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
                cx.finding(
                    &RULE,
                    format!("{insight:?} on trail {} analyzes {events}, and the trail's selectors deliver none", trail.name),
                )
                .text("insight", format!("{insight:?}"))
                .trail(t)
                .account(trail.account)
                .push(out);
            }
        }
        if !trail.data_insights.is_empty() && !trail.may_select(Category::Data, None) {
            cx.finding(
                &RULE,
                format!(
                    "data_insights on trail {} analyze data events, and the trail's selectors deliver none",
                    trail.name
                ),
            )
            .text("insight", "data_insights")
            .trail(t)
            .account(trail.account)
            .push(out);
        }
    }
}
