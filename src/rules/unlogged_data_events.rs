//! CT105: a data or network activity volume that no trail selects: the events happen, and nothing
//! records them (data events are never logged by default).
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html>

use super::{Context, Finding, Rule, Severity};
use crate::model::Category;

pub(crate) static RULE: Rule = Rule {
    code: "CT105",
    name: "unlogged-data-events",
    severity: Severity::Info,
    summary: "a data or network volume that no trail selects",
    fix: "select the resource on a trail if its events matter, or drop the volume",
    docs: include_str!("../../docs/rules/unlogged-data-events.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    for volume in &s.volumes {
        let shape = &s.shapes[volume.shape];
        if shape.category == Category::Management || (volume.read == 0 && volume.write == 0) {
            continue;
        }
        let selected = volume.accounts.iter().any(|&a| {
            volume.regions.iter().any(|&r| {
                cx.selection.covering(s, a, r).any(|t| {
                    let dirs = cx.selection.delivers(t, volume.shape);
                    (dirs.read && volume.read > 0) || (dirs.write && volume.write > 0)
                })
            })
        });
        if !selected {
            let what = match (
                &shape.resource_arn,
                &shape.resource_type,
                &shape.event_source,
            ) {
                (Some(arn), _, _) => format!("`{arn}`"),
                (None, Some(kind), _) => kind.clone(),
                (None, None, Some(source)) => source.clone(),
                (None, None, None) => "this volume".into(),
            };
            cx.finding(
                &RULE,
                format!(
                    "no trail selects the {} events of {what}",
                    match shape.category {
                        Category::NetworkActivity => "network activity",
                        _ => "data",
                    }
                ),
            )
            .at(&volume.span)
            .push(out);
        }
    }
}
