//! CT105: a data or network activity volume that no trail selects: the events happen, and nothing
//! records them (data events are never logged by default).
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};
use crate::model::Category;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UnloggedDataEvents,
    summary: "a data or network volume that no trail selects",
    fix: "select the resource on a trail if its events matter, or drop the volume",
    docs: include_str!("../../docs/rules/unlogged-data-events.md"),
    check,
};

/// A data or network activity volume that no trail selects in some of its `cells` (account and
/// region); `direction` is `read ` or `write ` when only that direction is missed.
pub(crate) struct UnloggedDataEvents {
    pub(crate) direction: &'static str,
    /// `data` or `network activity`.
    pub(crate) category: &'static str,
    /// The volume: its resource ARN (quoted), resource type or event source.
    pub(crate) what: String,
    pub(crate) cells: usize,
}

impl Violation for UnloggedDataEvents {
    const RULE: Rule = Rule::UnloggedDataEvents;

    /// Built by appending: a large organisation has tens of thousands of these findings, and
    /// `format!` was most of their cost.
    fn message(&self) -> String {
        [
            "no trail selects the ",
            self.direction,
            self.category,
            " events of ",
            self.what.as_str(),
        ]
        .concat()
    }

    fn data(&self) -> Data {
        Data::default()
            .text("direction", self.direction.trim_end())
            .count("cells", self.cells as u64)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    for volume in &s.volumes {
        let shape = &s.shapes[volume.shape];
        if shape.category == Category::Management || (volume.read == 0 && volume.write == 0) {
            continue;
        }
        // Per account, region and direction: reads that no trail selects are unlogged even when a
        // trail selects the writes of the same volume.
        let (mut cells, mut reads_missed, mut writes_missed) = (Vec::new(), false, false);
        for &a in &volume.accounts {
            for &r in &volume.regions {
                let (mut read, mut write) = (false, false);
                for t in cx.selection.covering(s, a, r) {
                    let dirs = cx.selection.delivers(t, volume.shape);
                    read |= dirs.read;
                    write |= dirs.write;
                }
                let (miss_read, miss_write) =
                    (volume.read > 0 && !read, volume.write > 0 && !write);
                if miss_read || miss_write {
                    cells.push((a, r));
                    reads_missed |= miss_read;
                    writes_missed |= miss_write;
                }
            }
        }
        if !cells.is_empty() {
            let what = match (
                &shape.resource_arn,
                &shape.resource_type,
                &shape.event_source,
            ) {
                (Some(arn), _, _) => ["`", arn.as_str(), "`"].concat(),
                (None, Some(kind), _) => kind.clone(),
                (None, None, Some(source)) => source.clone(),
                (None, None, None) => "this volume".into(),
            };
            let direction = match (reads_missed, writes_missed) {
                (true, false) if volume.write > 0 => "read ",
                (false, true) if volume.read > 0 => "write ",
                _ => "",
            };
            let category = match shape.category {
                Category::NetworkActivity => "network activity",
                _ => "data",
            };
            let subject = what.trim_matches('`').to_string();
            let mut finding = cx.report(&UnloggedDataEvents {
                direction,
                category,
                what,
                cells: cells.len(),
            });
            // Scope the finding (for waivers) where all its cells share an account or a region.
            let (a, r) = cells[0];
            if cells.iter().all(|c| c.0 == a) {
                finding = finding.account(a);
            }
            if cells.iter().all(|c| c.1 == r) {
                finding = finding.region(r);
            }
            finding.subject(subject).at(&volume.span).push(out);
        }
    }
}
