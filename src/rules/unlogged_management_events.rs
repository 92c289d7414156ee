//! CT103: an account and region has management events that no trail delivers. Event history keeps
//! 90 days of them for free, but nothing is archived, analyzed or alerted on. Where the events are
//! left out on purpose — a trail there excludes their source with `exclude_management_event_sources`
//! or an advanced `eventSource not_equals` — the finding says so and asks for no new trail.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html>

use super::{Context, Data, Definition, Finding, Rule, Violation, group_digits};
use crate::model::{AccountId, Category, Field, Operator, RegionId, Scenario, Trail};
use crate::pricing::Kind;
use crate::selection::Selection;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UnloggedManagementEvents,
    summary: "an account and region has management volume but no trail delivers it",
    fix: "add a multi-region (or organization) trail that logs management events",
    docs: include_str!("../../docs/rules/unlogged-management-events.md"),
    check,
};

/// Management events of an account and region that no trail delivers; `excluded` of them are left
/// out on purpose, `by` the trails that say so.
pub(crate) struct UnloggedManagementEvents<'a> {
    pub(crate) unlogged: u64,
    pub(crate) excluded: u64,
    pub(crate) events: u64,
    pub(crate) account: &'a str,
    pub(crate) region: &'a str,
    pub(crate) by: String,
}

impl Violation for UnloggedManagementEvents<'_> {
    const RULE: Rule = Rule::UnloggedManagementEvents;

    fn message(&self) -> String {
        let by = &self.by;
        let why = if self.excluded == 0 {
            String::new()
        } else if self.excluded == self.unlogged {
            format!(
                ": {by} on purpose (exclude_management_event_sources or eventSource not_equals), a choice that needs no new trail"
            )
        } else {
            format!(
                "; {} of them are left out on purpose ({by})",
                group_digits(self.excluded)
            )
        };
        format!(
            "{} of {} management events a month in {}/{} are delivered by no trail{why}",
            group_digits(self.unlogged),
            group_digits(self.events),
            self.account,
            self.region
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .count("unlogged", self.unlogged)
            .count("excluded", self.excluded)
            .count("events", self.events)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    let regions = s.regions.len();
    // Each delivered management event has exactly one free copy: what pricing counted as free in a
    // cell is what some trail delivers there.
    let mut delivered = vec![0u64; s.accounts.len() * regions];
    for c in cx
        .costing
        .charges
        .iter()
        .filter(|c| c.kind == Kind::ManagementFree)
    {
        let cell = &mut delivered[c.account * regions + c.region];
        *cell = cell.saturating_add(c.events);
    }
    for a in 0..s.accounts.len() {
        for r in 0..regions {
            let total = cx
                .selection
                .streams(a, r)
                .iter()
                .filter(|stream| s.shapes[stream.shape].category == Category::Management)
                .fold(0u64, |sum, stream| {
                    sum.saturating_add(stream.read).saturating_add(stream.write)
                });
            let unlogged = total.saturating_sub(delivered[a * regions + r]);
            if unlogged > 0 {
                let (excluded, by) = deliberately_excluded(s, cx.selection, a, r);
                cx.report(&UnloggedManagementEvents {
                    unlogged,
                    excluded: excluded.min(unlogged),
                    events: total,
                    account: cx.account(a),
                    region: cx.region(r),
                    by,
                })
                .account(a)
                .region(r)
                .push(out);
            }
        }
    }
}

/// The undelivered management events of a cell whose source a trail there leaves out on purpose,
/// and which trails leave out which sources (`trail X leaves out kms.amazonaws.com`).
fn deliberately_excluded(
    s: &Scenario,
    selection: &Selection,
    account: AccountId,
    region: RegionId,
) -> (u64, String) {
    let mut events = 0u64;
    let mut by: Vec<String> = Vec::new();
    let covering: Vec<usize> = selection.covering(s, account, region).collect();
    for stream in selection.streams(account, region) {
        let shape = &s.shapes[stream.shape];
        let Some(source) = shape.event_source.as_deref() else {
            continue;
        };
        if shape.category != Category::Management {
            continue;
        }
        let Some(&t) = covering
            .iter()
            .find(|&&t| s.trails[t].logging && excludes(&s.trails[t], source))
        else {
            continue;
        };
        let mut missed = 0u64;
        for (read_only, count) in [(true, stream.read), (false, stream.write)] {
            if !covering
                .iter()
                .any(|&c| selection.delivers(c, stream.shape).get(read_only))
            {
                missed = missed.saturating_add(count);
            }
        }
        if missed == 0 {
            continue;
        }
        events = events.saturating_add(missed);
        let said = format!("trail {} leaves out {source}", s.trails[t].name);
        if !by.contains(&said) {
            by.push(said);
        }
    }
    (events, by.join(", "))
}

/// Does the trail select management events but leave this source out by name?
fn excludes(trail: &Trail, source: &str) -> bool {
    let basic = trail.basic.iter().any(|sel| {
        sel.include_management_events
            && sel
                .exclude_management_event_sources
                .iter()
                .any(|(s, _)| s == source)
    });
    let advanced = trail.advanced.iter().any(|sel| {
        sel.names_category(Category::Management)
            && sel.fields.iter().any(|f| {
                f.field == Field::EventSource
                    && f.conditions.iter().any(|c| {
                        c.operator == Operator::NotEquals && c.values.iter().any(|v| v == source)
                    })
            })
    });
    basic || advanced
}
