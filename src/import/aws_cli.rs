//! AWS CLI: trails as CloudTrail reports them, from `aws cloudtrail describe-trails`, with their
//! selectors from `get-event-selectors` and `get-insight-selectors`.
//!
//! `describe-trails` lists shadow trails too (a multi-region trail seen from another region, an
//! organization trail seen from a member account): a trail is imported once per `TrailARN`.
//! It does not say whether a trail is logging (`get-trail-status` does): trails are imported as
//! logging. Selector outputs are matched to trails by `TrailARN` or by name; an output that
//! matches no trail is an error, so that a selector is never silently priced at zero.
//!
//! Sources: CloudTrail API Reference `DescribeTrails`, `GetEventSelectors`, `GetInsightSelectors`
//! (their responses are what the CLI prints).

use super::cloudformation::{Extract, Reading, Resolver};
use super::node::{Node, Spans, parse_json};
use super::{
    ImportError, Imported, ImportedTrail, Origin, PathStep, RawAdvancedSelector, RawEventSelector,
    S, build,
};
use crate::model::InsightType;

/// Reads `describe-trails` output and the `get-event-selectors` / `get-insight-selectors`
/// outputs given as `(file name, text)` pairs.
///
/// # Errors
/// A file is not JSON (with line and column) or lacks the fields of its command's output, or a
/// selector output matches no trail, or two outputs of one command match the same trail.
pub fn aws_cli(
    describe_trails: &str,
    file: &str,
    event_selectors: &[(String, String)],
    insight_selectors: &[(String, String)],
) -> Result<Imported, ImportError> {
    read_outputs(describe_trails, file, event_selectors, insight_selectors).map_err(|e| {
        let text = std::iter::once((file, describe_trails))
            .chain(
                event_selectors
                    .iter()
                    .chain(insight_selectors)
                    .map(|(name, text)| (name.as_str(), text.as_str())),
            )
            .find(|(name, _)| *name == e.file())
            .map(|(_, text)| text);
        match text {
            Some(text) => {
                let name = e.file().to_owned();
                e.placed(&name, text)
            }
            None => e,
        }
    })
}

fn read_outputs(
    describe_trails: &str,
    file: &str,
    event_selectors: &[(String, String)],
    insight_selectors: &[(String, String)],
) -> Result<Imported, ImportError> {
    let doc = parse_json(describe_trails, file)?;
    let Some(Node::Seq(list)) = doc.get("trailList") else {
        return Err(ImportError::invalid_at(
            file,
            Vec::new(),
            "no `trailList` list: not the output of `aws cloudtrail describe-trails`",
        ));
    };
    let entries = trail_entries(list, file)?;
    let outputs = Outputs {
        describe_trails,
        file,
        list,
        selectors: load_all(event_selectors)?,
        insights: load_all(insight_selectors)?,
        resolver: Resolver::default(),
        spans: std::cell::OnceCell::new(),
    };
    outputs.check(&entries)?;
    let mut imported = Imported::default();
    imported.notes.extend(several_accounts(&entries));
    for (entry, arn) in &entries {
        imported.trails.push(outputs.trail(entry, arn)?);
    }
    if !imported.trails.is_empty() {
        imported.notes.push(
            "describe-trails does not report whether a trail is logging (get-trail-status does): \
             every trail is written with logging = true"
                .to_owned(),
        );
    }
    Ok(imported)
}

/// The trails of `describe-trails`, each once (by `TrailARN`), with their ARN.
fn trail_entries<'a>(list: &'a [Node], file: &str) -> Result<Vec<(&'a Node, String)>, ImportError> {
    // A set: 10,000 trails are checked in linear time, not 50 million comparisons.
    let mut seen_arns: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut entries: Vec<(&Node, String)> = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        // The strings of a trail, read below as strings or as absent: another type is an error
        // here, at the value.
        for key in [
            "Name",
            "TrailARN",
            "HomeRegion",
            "CloudWatchLogsLogGroupArn",
        ] {
            if let Some(value) = entry.get(key)
                && !matches!(value, Node::Str(_) | Node::Null)
            {
                return Err(ImportError::invalid_at(
                    file,
                    vec![
                        PathStep::Key("trailList".to_owned()),
                        PathStep::Index(i),
                        PathStep::Key(key.to_owned()),
                    ],
                    format!(
                        "trailList[{i}].{key}: expected a string, found {}",
                        value.kind()
                    ),
                ));
            }
        }
        let Some(name) = entry.get("Name").and_then(Node::as_str) else {
            return Err(ImportError::invalid_at(
                file,
                vec![PathStep::Key("trailList".to_owned()), PathStep::Index(i)],
                format!("trailList[{i}]: no Name"),
            ));
        };
        let arn = entry
            .get("TrailARN")
            .and_then(Node::as_str)
            .unwrap_or(name)
            .to_owned();
        if !seen_arns.insert(arn.clone()) {
            continue;
        }
        entries.push((entry, arn));
    }

    Ok(entries)
}

/// A note when the trails' ARNs name several accounts.
fn several_accounts(entries: &[(&Node, String)]) -> Option<String> {
    let accounts: Vec<&str> = entries
        .iter()
        .filter_map(|(_, arn)| arn_account(arn))
        .collect();
    accounts
        .iter()
        .any(|a| Some(a) != accounts.first())
        .then(|| {
            "the trails belong to several accounts (organization trails seen from a member account?): \
             check each trail's account"
                .to_owned()
        })
}

/// A trail's basic and advanced event selectors.
type Selectors = (Vec<S<RawEventSelector>>, Vec<S<RawAdvancedSelector>>);

/// The outputs an import reads, parsed.
struct Outputs<'a> {
    describe_trails: &'a str,
    file: &'a str,
    list: &'a [Node],
    selectors: Vec<(&'a str, Node)>,
    insights: Vec<(&'a str, Node)>,
    resolver: Resolver<'a>,
    /// Where the values of `describe_trails` are, read once for all the trails.
    spans: std::cell::OnceCell<Spans>,
}

impl Outputs<'_> {
    /// Every selector output matches one trail, and no trail has two outputs of one command.
    fn check(&self, entries: &[(&Node, String)]) -> Result<(), ImportError> {
        let (file, selectors, insights) = (self.file, &self.selectors, &self.insights);
        for (selector_file, doc) in selectors.iter().chain(insights.iter()) {
            let target = doc
                .get("TrailARN")
                .and_then(Node::as_str)
                .unwrap_or_default();
            if !entries
                .iter()
                .any(|(entry, arn)| matches(target, entry, arn))
            {
                return Err(ImportError::invalid(
                    selector_file,
                    format!("TrailARN `{target}` matches no trail of {file}"),
                ));
            }
        }

        // Two outputs for one trail would leave one of them unpriced: that is the user's mistake to fix.
        for (kind, outputs) in [
            ("get-event-selectors", &selectors),
            ("get-insight-selectors", &insights),
        ] {
            for (entry, arn) in entries {
                let matching: Vec<&str> = outputs
                    .iter()
                    .filter(|(_, doc)| matches(target_of(doc), entry, arn))
                    .map(|(name, _)| *name)
                    .collect();
                if let [first, second, ..] = matching.as_slice() {
                    return Err(ImportError::invalid(
                        second,
                        format!(
                            "a second {kind} output for trail {arn} (the first is {first}): \
                             give one output per trail"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// One trail of `describe-trails`, with its selectors.
    fn trail(&self, entry: &Node, arn: &str) -> Result<ImportedTrail, ImportError> {
        let (file, list, resolver) = (self.file, self.list, &self.resolver);
        let index = list
            .iter()
            .position(|e| std::ptr::eq(e, entry))
            .unwrap_or_default();
        let mut ex = Extract::new(
            resolver,
            file,
            format!("trailList[{index}]"),
            Reading::ApiOutput,
        );
        ex.base = vec![
            PathStep::Key("trailList".to_owned()),
            PathStep::Index(index),
        ];
        let name = entry.get("Name").and_then(Node::as_str).unwrap_or_default();
        let home_region = entry
            .get("HomeRegion")
            .and_then(Node::as_str)
            .map(str::to_owned);
        let multi_region =
            ex.bool_prop(entry, "IsMultiRegionTrail", "IsMultiRegionTrail", false)?;
        let organization =
            ex.bool_prop(entry, "IsOrganizationTrail", "IsOrganizationTrail", false)?;
        let include_global_service_events = ex.bool_prop(
            entry,
            "IncludeGlobalServiceEvents",
            "IncludeGlobalServiceEvents",
            true,
        )?;
        let cloudwatch_logs = entry
            .get("CloudWatchLogsLogGroupArn")
            .and_then(Node::as_str)
            .is_some_and(|a| !a.is_empty());

        let (basic, advanced) = self.event_selectors(&mut ex, entry, arn, name)?;
        let (management_insights, data_insights) = self.insight_types(&mut ex, entry, arn, name)?;
        let trail = build::Trail {
            name: name.to_owned(),
            home_region,
            multi_region,
            organization,
            include_global_service_events,
            logging: true,
            cloudwatch_logs,
            insights: management_insights,
            data_insights,
            event_selector: basic,
            advanced_event_selector: advanced,
        };
        Ok(ImportedTrail {
            origin: Origin {
                file: file.to_owned(),
                address: arn.to_owned(),
                place: self
                    .spans
                    .get_or_init(|| Spans::new(self.describe_trails))
                    .locate(&ex.base),
            },
            trail: trail.into_raw(),
            unknowns: std::mem::take(&mut ex.notes),
            unresolved: Vec::new(),
        })
    }

    /// The trail's `get-event-selectors` output: basic and advanced selectors.
    fn event_selectors(
        &self,
        ex: &mut Extract<'_>,
        entry: &Node,
        arn: &str,
        name: &str,
    ) -> Result<Selectors, ImportError> {
        let (resolver, selectors) = (&self.resolver, &self.selectors);
        let mut basic = Vec::new();
        let mut advanced = Vec::new();
        let found = selectors
            .iter()
            .find(|(_, doc)| matches(target_of(doc), entry, arn));
        match found {
            Some((selector_file, doc)) => {
                let mut sx = Extract::new(
                    resolver,
                    selector_file,
                    String::from("get-event-selectors"),
                    Reading::ApiOutput,
                );
                basic = sx.event_selectors(doc)?;
                advanced = sx.advanced_event_selectors(doc)?;
                ex.notes.append(&mut sx.notes);
            }
            None => {
                if ex.bool_prop(
                    entry,
                    "HasCustomEventSelectors",
                    "HasCustomEventSelectors",
                    false,
                )? {
                    ex.notes.push(format!(
                        "HasCustomEventSelectors is true but no get-event-selectors output was given \
                         for {name}; AWS's default selection assumed"
                    ));
                }
            }
        }

        Ok((basic, advanced))
    }

    /// The trail's `get-insight-selectors` output: Insights types on management and data events.
    fn insight_types(
        &self,
        ex: &mut Extract<'_>,
        entry: &Node,
        arn: &str,
        name: &str,
    ) -> Result<(Vec<InsightType>, Vec<InsightType>), ImportError> {
        let (resolver, insights) = (&self.resolver, &self.insights);
        let mut management_insights = Vec::new();
        let mut data_insights = Vec::new();
        let found = insights
            .iter()
            .find(|(_, doc)| matches(target_of(doc), entry, arn));
        match found {
            Some((insight_file, doc)) => {
                let mut ix = Extract::new(
                    resolver,
                    insight_file,
                    String::from("get-insight-selectors"),
                    Reading::ApiOutput,
                );
                (management_insights, data_insights) = ix.insight_selectors(doc)?;
                ex.notes.append(&mut ix.notes);
            }
            None => {
                if ex.bool_prop(entry, "HasInsightSelectors", "HasInsightSelectors", false)? {
                    ex.notes.push(format!(
                        "HasInsightSelectors is true but no get-insight-selectors output was given \
                         for {name}; no Insights written"
                    ));
                }
            }
        }

        Ok((management_insights, data_insights))
    }
}

fn load_all(files: &[(String, String)]) -> Result<Vec<(&str, Node)>, ImportError> {
    files
        .iter()
        .map(|(name, text)| {
            let doc = parse_json(text, name)?;
            if doc.get("TrailARN").and_then(Node::as_str).is_none() {
                return Err(ImportError::invalid_at(
                    name,
                    Vec::new(),
                    "no TrailARN: cannot tell which trail this is",
                ));
            }
            Ok((name.as_str(), doc))
        })
        .collect()
}

fn target_of(doc: &Node) -> &str {
    doc.get("TrailARN")
        .and_then(Node::as_str)
        .unwrap_or_default()
}

/// A selector output names its trail by ARN (or, when written by hand, by name).
fn matches(target: &str, entry: &Node, arn: &str) -> bool {
    let name = entry.get("Name").and_then(Node::as_str).unwrap_or_default();
    target == arn
        || target == name
        || target
            .rsplit_once(":trail/")
            .is_some_and(|(_, n)| n == name && arn == name)
}

/// `arn:aws:cloudtrail:us-east-1:111111111111:trail/name` belongs to `111111111111`.
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}
