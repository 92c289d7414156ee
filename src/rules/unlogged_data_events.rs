//! CT105: a data or network activity volume that no trail selects: the events happen, and nothing
//! records them (data events are never logged by default).
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html>

use super::{Context, Definition, Finding, Rule};
use crate::model::Category;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UnloggedDataEvents,
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
            // Built by appending: a large organisation has tens of thousands of these findings,
            // and `format!` was most of their cost.
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
            let message = [
                "no trail selects the ",
                direction,
                category,
                " events of ",
                what.as_str(),
            ]
            .concat();
            let mut finding = cx.finding(&RULE, message);
            // Scope the finding (for waivers) where all its cells share an account or a region.
            let (a, r) = cells[0];
            if cells.iter().all(|c| c.0 == a) {
                finding = finding.account(a);
            }
            if cells.iter().all(|c| c.1 == r) {
                finding = finding.region(r);
            }
            finding
                .text("direction", direction.trim_end())
                .subject(what.trim_matches('`').to_string())
                .count("cells", cells.len() as u64)
                .at(&volume.span)
                .push(out);
        }
    }
}
