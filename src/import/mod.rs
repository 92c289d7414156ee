//! Importers: read trails from the infrastructure that already describes them.
//!
//! Users describe their trails in Terraform or CloudFormation, or have them running already; they
//! should not have to write them again. Each importer turns one source into [`ImportedTrail`]s in
//! the vocabulary of the scenario format (SPEC §3), which mirrors the CloudTrail API's names:
//!
//! | CloudTrail API / CloudFormation | Terraform (`aws_cloudtrail`)      | scenario                       |
//! |---------------------------------|-----------------------------------|--------------------------------|
//! | `IsMultiRegionTrail`            | `is_multi_region_trail`           | `multi_region`                 |
//! | `IsOrganizationTrail`           | `is_organization_trail`           | `organization`                 |
//! | `IncludeGlobalServiceEvents`    | `include_global_service_events`   | `include_global_service_events`|
//! | `IsLogging`                     | `enable_logging`                  | `logging`                      |
//! | `CloudWatchLogsLogGroupArn` set | `cloud_watch_logs_group_arn` set  | `cloudwatch_logs = true`       |
//! | `EventSelectors`                | `event_selector`                  | `[[trail.event_selector]]`     |
//! | `AdvancedEventSelectors`        | `advanced_event_selector`         | `[[trail.advanced_event_selector]]` |
//! | `InsightSelectors`              | `insight_selector`                | `insights` / `data_insights`   |
//!
//! Every value is read into its type where the importer finds it: `ReadWriteType` and
//! `InsightType` become the model's [`ReadWriteType`](crate::model::ReadWriteType) and
//! [`InsightType`](crate::model::InsightType), so that a name AWS does not have, like a value of
//! the wrong type, is an [`ImportError`] at the value's own line and column in the source, with its
//! path there. What is read is what the source's own tool accepts (CloudFormation's `"true"` for a
//! Boolean, Terraform's conversions for HCL).
//!
//! A value the source cannot give (unknown at plan time, an intrinsic function that needs a
//! deployed stack) is never guessed silently: the trail keeps the documented default and says so
//! in [`ImportedTrail::unknowns`], which [`Imported::to_scenario_toml`] renders as `# unknown:`
//! comments.
//!
//! Sources: Terraform "JSON Output Format" (developer.hashicorp.com/terraform/internals/json-format);
//! CloudFormation "AWS::CloudTrail::Trail" and its property types; CloudTrail API Reference
//! `DescribeTrails`, `GetEventSelectors`, `GetInsightSelectors`.

mod aws_cli;
mod build;
mod cloudformation;
mod hcl;
mod node;
pub mod skeleton;
mod terraform;
mod toml_writer;

pub use aws_cli::aws_cli;
pub use cloudformation::cloudformation;
pub(crate) use cloudformation::{CloudFormationOptions, cloudformation_with};
pub(crate) use hcl::terraform_source;
pub use hcl::{HclOptions, terraform_hcl};
pub(crate) use terraform::PlanOptions;
pub use terraform::terraform;

use crate::error::{Error, SourceFile};
use crate::model::Scenario;
pub use crate::model::UnfetchedModule;
pub use crate::scenario::raw::{
    RawAdvancedSelector, RawDataResource, RawEventSelector, RawFieldSelector, RawTrail, S,
};
use crate::scenario::{self, parse_raw, raw::RawScenario, read_source};
use std::path::Path;

/// Trails imported from Terraform, CloudFormation or the AWS CLI, planned against a *usage* file:
/// the scenario format whose accounts, regions, volumes, policy and prices the trails meet.
///
/// Imported trails belong to `account` (default: the usage file's management account, else its
/// only account) and, when their source does not say, to `region` (default: the usage file's only
/// region).
#[allow(
    clippy::too_many_lines,
    reason = "one pass that places every imported trail in the usage file's scenario"
)]
pub(crate) fn load_with_imported(
    usage: &Path,
    imported: &Imported,
    account: Option<&str>,
    region: Option<&str>,
) -> Result<Scenario, Error> {
    let source = read_source(usage)?;
    let mut raw: RawScenario = parse_raw(&source)?;
    let accounts: Vec<&str> = raw
        .account
        .iter()
        .map(|a| a.get_ref().name.get_ref().as_str())
        .collect();
    let account = match account {
        Some(a) if accounts.is_empty() && a == "default" => None,
        Some(a) if !accounts.contains(&a) => {
            return Err(Error::usage(format!(
                "--account `{a}` is not an account of {}",
                source.name
            )));
        }
        Some(a) => Some(a.to_string()),
        None => None,
    };
    let regions: Vec<&str> = raw
        .regions
        .get_ref()
        .iter()
        .map(|r| r.get_ref().as_str())
        .collect();
    let region = region.map(str::to_string).or_else(|| match regions[..] {
        [only] => Some(only.to_string()),
        _ => None,
    });
    // An organization trail's account is the management account (SPEC §7): the account the
    // trails go to, when the usage file names no management account or delegated administrator.
    let organization = imported.trails.iter().any(|t| t.trail.organization);
    let owner = account.clone().or_else(|| match accounts[..] {
        [only] => Some(only.to_owned()),
        _ => None,
    });
    if organization
        && !raw.account.iter().any(|a| a.get_ref().management)
        && let Some(owner) = owner
        && let Some(a) = raw
            .account
            .iter_mut()
            .find(|a| *a.get_ref().name.get_ref() == owner)
        && !a.get_ref().delegated_admin
    {
        a.get_mut().management = true;
    }
    let own_trails = raw.trail.len();
    let mut unresolved = Vec::new();
    let mut trails = Vec::new();
    for trail in &imported.trails {
        unresolved.push(
            trail
                .unresolved
                .iter()
                .filter(|u| u.decides)
                .map(|u| crate::model::UnresolvedValue {
                    property: u.property.clone(),
                    expression: u.expression.clone(),
                    at: u.at.clone(),
                })
                .collect::<Vec<_>>(),
        );
        let origin = format!("{} ({})", trail.origin.file, trail.origin.address);
        let mut trail = trail.clone();
        let Some(home) = trail
            .home_region()
            .map(str::to_owned)
            .or_else(|| region.clone())
        else {
            return Err(Error::usage(format!(
                "trail {} from {origin} has no home region: pass --region",
                trail.name()
            )));
        };
        if !regions.contains(&home.as_str()) {
            return Err(source.error_at(
                Some(raw.regions.span()),
                format!(
                    "trail {} from {origin} is in region `{home}`, which this usage file does not declare",
                    trail.name()
                ),
            ));
        }
        trail.set_home_region(&home);
        let file = match trail.origin.place {
            Some((line, column)) => SourceFile::unplaced_at(
                trail.origin.file.clone(),
                crate::error::Location { line, column },
            ),
            None => SourceFile::unplaced(origin.clone()),
        };
        let raw_trail = trail.to_raw(account.as_deref());
        trails.push((S::new(0..0, raw_trail), file, origin));
    }
    let mut notes: Vec<String> = imported
        .notes
        .iter()
        .map(|n| format!("note: {n}"))
        .collect();
    for trail in &imported.trails {
        for u in &trail.unknowns {
            notes.push(format!("unknown: trail {}: {u}", trail.name()));
        }
    }
    let mut scenario = scenario::build_with_trails(raw, source, trails)?;
    scenario.import_notes = notes;
    scenario.unfetched_modules.clone_from(&imported.unfetched);
    // Imported trails come after the usage file's own, in order.
    for (i, values) in unresolved.into_iter().enumerate() {
        if let Some(trail) = scenario.trails.get_mut(own_trails.saturating_add(i)) {
            trail.unresolved = values;
        }
    }
    Ok(scenario)
}

/// Where an imported trail came from, for findings: source file and resource address / logical ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file the trail was read from, as the caller named it.
    pub file: String,
    /// Terraform resource address, CloudFormation logical ID, or trail ARN.
    pub address: String,
    /// The 1-based line and column of the resource in `file`, when it was read from JSON or
    /// YAML: an error about the trail points there.
    pub place: Option<(usize, usize)>,
}

/// One trail read from an infrastructure file: the raw `[[trail]]` table it stands for, plus where
/// it came from and what could not be known.
///
/// The trail states what the source says, defaults included: `include_global_service_events` and
/// `logging` are always set, `account` never (the caller places the trail), and `home_region` is
/// `None` when the source does not give it (the caller fills it from `--region` or the usage
/// file). Its values carry no position in TOML text (spans `0..0`); a check of the trail points at
/// its origin.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedTrail {
    /// Where the trail was declared.
    pub origin: Origin,
    /// The trail, as the scenario format writes it.
    pub trail: RawTrail,
    /// Human notes on values that were unknown or unresolved, rendered as TOML comments.
    pub unknowns: Vec<String>,
    /// Values the source leaves to deployment, with the expression that gives them (SPEC §7).
    pub unresolved: Vec<Unresolved>,
}

impl ImportedTrail {
    /// The trail name (the logical ID or the address when the source does not give one).
    #[must_use]
    pub fn name(&self) -> &str {
        self.trail.name.get_ref()
    }

    /// The home region, when the source gives it.
    #[must_use]
    pub fn home_region(&self) -> Option<&str> {
        self.trail
            .home_region
            .as_ref()
            .map(|r| r.get_ref().as_str())
    }

    /// Sets the home region the source did not give.
    pub fn set_home_region(&mut self, region: &str) {
        self.trail.home_region = Some(build::s(region.to_owned()));
    }

    /// The trail as the `[[trail]]` table it stands for, in `account` when given.
    pub(crate) fn to_raw(&self, account: Option<&str>) -> RawTrail {
        let mut trail = self.trail.clone();
        trail.account = account.map(|a| build::s(a.to_owned()));
        trail
    }
}

/// A value of a trail that trailplan cannot know before deployment: a resource attribute, a data
/// source, a remote module's output, a parameter without a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The trail property it gives: `event_selector[0].data_resource[0].values`, `count`,
    /// `EventSelectors[0].DataResources[0].Values`, `Condition`.
    pub property: String,
    /// The expression as written, which is also its key in the usage file's `[import.values]`:
    /// `aws_s3_bucket.logs.arn`, `LambdaFunctionBF21E41F.Arn`.
    pub expression: String,
    /// Where it is written: `main.tf:12`, when the source says.
    pub at: Option<String>,
    /// Whether the trail's existence or what it selects depends on it (CT109); otherwise the
    /// trail keeps a documented default.
    pub decides: bool,
}

/// The result of an import: the trails, plus notes about the source as a whole.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// Trails in source order.
    pub trails: Vec<ImportedTrail>,
    /// Notes that concern no single trail (dropped resources, skipped conditions...).
    pub notes: Vec<String>,
    /// Remote module calls whose module `terraform init` has not fetched: the trails they may
    /// declare are unknown (CT109), never left out quietly.
    pub unfetched: Vec<UnfetchedModule>,
}

/// Reads a text file an importer is given: UTF-8 with or without a byte-order mark, or UTF-16
/// with one (PowerShell 5's `>` writes it), decoded.
///
/// # Errors
/// The file cannot be read, is UTF-16 without a byte-order mark, or is not text.
pub(crate) fn read_text(path: &Path, display: &str) -> Result<String, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| {
        ImportError::invalid(
            display,
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_owned(),
                _ => format!("cannot read: {e}"),
            },
        )
    })?;
    decode_text(bytes, display)
}

/// The fix for a file in another encoding, as PowerShell users run it.
const TO_UTF8: &str = "give it as UTF-8: `(Get-Content FILE) | Set-Content -Encoding utf8 FILE` \
     in PowerShell, `iconv -t UTF-8` elsewhere";

/// Decodes the bytes of a text file: UTF-8 (a byte-order mark is dropped) or UTF-16 with a
/// byte-order mark, little- or big-endian. CRLF line ends are left to the parsers, which take them.
///
/// # Errors
/// UTF-16 without a byte-order mark or with an odd number of bytes, or bytes that are not UTF-8.
pub fn decode_text(bytes: Vec<u8>, display: &str) -> Result<String, ImportError> {
    let utf16 = |big: bool, body: &[u8]| -> Result<String, ImportError> {
        let name = if big { "UTF-16 BE" } else { "UTF-16 LE" };
        if !body.len().is_multiple_of(2) {
            return Err(ImportError::invalid(
                display,
                format!("is {name} with an odd number of bytes: a cut file? {TO_UTF8}"),
            ));
        }
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|c| {
                let pair = [c[0], c[1]];
                if big {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| {
            ImportError::invalid(
                display,
                format!("is {name} with a broken character; {TO_UTF8}"),
            )
        })
    };
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(body.to_vec()).map_err(|_| not_utf8(display));
    }
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(false, body);
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(true, body);
    }
    // UTF-16 without a byte-order mark: ASCII text whose every other byte is zero.
    let head: Vec<&[u8]> = bytes.chunks_exact(2).take(8).collect();
    let le = head.iter().all(|p| p[0] != 0 && p[1] == 0);
    let be = head.iter().all(|p| p[0] == 0 && p[1] != 0);
    if head.len() >= 2 && (le || be) {
        return Err(ImportError::invalid(
            display,
            format!("looks like UTF-16 without a byte-order mark; {TO_UTF8}"),
        ));
    }
    String::from_utf8(bytes).map_err(|_| not_utf8(display))
}

fn not_utf8(display: &str) -> ImportError {
    ImportError::invalid(
        display,
        format!("is not UTF-8 text (nor UTF-16 with a byte-order mark); {TO_UTF8}"),
    )
}

/// A source file that could not be read as the format it claims to be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is not valid JSON or YAML.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file, as the caller named it.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The file parses but does not have the shape of its format.
    #[error("{}", render_invalid(.file, *.place, .message))]
    Invalid {
        /// The file, as the caller named it.
        file: String,
        /// What is wrong, with the path of the offending value.
        message: String,
        /// Where the offending value is in the document (keys and list indices from the root;
        /// empty for the document itself), when the error is about one value.
        path: Option<Vec<PathStep>>,
        /// The 1-based line and column of the value at `path` (or of its nearest ancestor that
        /// exists), once `ImportError::placed` has looked for it in the source text.
        place: Option<(usize, usize)>,
    },
}

/// One step of a path into a JSON or YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// The value of a mapping key.
    Key(String),
    /// An item of a list (0-based).
    Index(usize),
}

/// Turns a dotted property path (`EventSelectors[0].DataResources[1].Type`) into steps. Property
/// names never hold a dot or a bracket, so the reading is exact for the paths importers build.
pub(crate) fn path_steps(dotted: &str) -> Vec<PathStep> {
    let mut steps = Vec::new();
    for part in dotted.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            steps.push(PathStep::Key(key.to_owned()));
        }
        for index in pieces {
            match index.trim_end_matches(']').parse::<usize>() {
                Ok(i) => steps.push(PathStep::Index(i)),
                Err(_) => steps.push(PathStep::Key(index.trim_end_matches(']').to_owned())),
            }
        }
    }
    steps
}

/// Appends one step to a path's dotted text: a key (after a dot unless it comes first) or `[i]`.
pub(crate) fn push_path_step(text: &mut String, step: &PathStep) {
    match step {
        PathStep::Key(key) => {
            if !text.is_empty() {
                text.push('.');
            }
            text.push_str(key);
        }
        PathStep::Index(i) => {
            text.push('[');
            text.push_str(&i.to_string());
            text.push(']');
        }
    }
}

fn render_invalid(file: &str, place: Option<(usize, usize)>, message: &str) -> String {
    match place {
        Some((line, column)) => format!("{file}:{line}:{column}: {message}"),
        None => format!("{file}: {message}"),
    }
}

impl ImportError {
    /// The file the error is about.
    #[must_use]
    pub fn file(&self) -> &str {
        match self {
            Self::Syntax { file, .. } | Self::Invalid { file, .. } => file,
        }
    }

    pub(crate) fn invalid(file: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            file: file.to_owned(),
            message: message.into(),
            path: None,
            place: None,
        }
    }

    /// An error about the value at the dotted `path` below the steps `base`, placed at that value.
    pub(crate) fn invalid_below(
        file: &str,
        base: &[PathStep],
        path: &str,
        message: impl Into<String>,
    ) -> Self {
        let mut steps = base.to_vec();
        steps.extend(path_steps(path));
        Self::invalid_at(file, steps, message)
    }

    /// An error about the value at `path` (an empty path is the document itself).
    pub(crate) fn invalid_at(file: &str, path: Vec<PathStep>, message: impl Into<String>) -> Self {
        Self::Invalid {
            file: file.to_owned(),
            message: message.into(),
            path: Some(path),
            place: None,
        }
    }

    /// Finds the line and column of an [`ImportError::Invalid`]'s path in `text`, the source of
    /// `file` (an error about another file is left as it is).
    #[must_use]
    pub(crate) fn placed(self, file: &str, text: &str) -> Self {
        match self {
            Self::Invalid {
                file: f,
                message,
                path,
                place: None,
            } if f == file => {
                let place = path.as_deref().and_then(|p| node::locate(text, p));
                Self::Invalid {
                    file: f,
                    message,
                    path,
                    place,
                }
            }
            other => other,
        }
    }
}

/// Adds `value` to `list` unless it is already there (an Insights type is listed at most once).
fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// A scenario enum as the sources spell it: CloudTrail's API names, which CloudFormation, the
/// AWS provider and the scenario format all use, case and all.
pub(crate) use crate::scenario::raw::ApiName;

/// Reading an [`ApiName`] enum from a source.
pub(crate) trait FromApiName: ApiName {
    /// The value an importer read, or the message that says what the property accepts:
    /// "unknown value `Sometimes`, expected one of `All`, `ReadOnly`, `WriteOnly`", with the
    /// nearest name as a hint when one is near.
    fn from_api_name(word: &str) -> Result<Self, String> {
        if let Some(value) = Self::ALL.iter().find(|v| v.api_name() == word) {
            return Ok(*value);
        }
        let names = Self::ALL.iter().map(|v| v.api_name());
        let expected: Vec<String> = names.clone().map(|n| format!("`{n}`")).collect();
        let expected = expected.join(", ");
        let hint = crate::text::did_you_mean(word, names);
        let word = crate::text::terminal(word);
        Err(if hint.is_empty() {
            format!("unknown value `{word}`, expected one of {expected}")
        } else {
            format!("unknown value `{word}`{hint} Expected one of {expected}")
        })
    }
}

impl<T: ApiName> FromApiName for T {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InsightType, ReadWriteType};

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/");

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{FIXTURES}{name}")).unwrap()
    }

    /// The 1-based line of the first line of a fixture that contains `needle`.
    fn line_of_fixture(name: &str, needle: &str) -> usize {
        fixture(name)
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    fn trail(imported: &Imported, name: &str) -> Flat {
        imported
            .trails
            .iter()
            .find(|t| t.name() == name)
            .map_or_else(|| panic!("no trail {name} in {:#?}", imported.trails), flat)
    }

    /// An imported trail as the tests read it: plain values, selectors by the API's names.
    #[derive(Debug)]
    struct Flat {
        origin: Origin,
        name: String,
        home_region: Option<String>,
        multi_region: bool,
        organization: bool,
        include_global_service_events: bool,
        logging: bool,
        cloudwatch_logs: bool,
        insights: Vec<InsightType>,
        data_insights: Vec<InsightType>,
        event_selectors: Vec<BasicSelector>,
        advanced_event_selectors: Vec<AdvancedSelector>,
        unknowns: Vec<String>,
        unresolved: Vec<Unresolved>,
    }

    #[derive(Debug, PartialEq)]
    struct BasicSelector {
        read_write_type: ReadWriteType,
        include_management_events: bool,
        exclude_management_event_sources: Vec<String>,
        data_resources: Vec<DataResource>,
    }

    #[derive(Debug, PartialEq)]
    struct DataResource {
        r#type: String,
        values: Vec<String>,
    }

    /// A basic selector of write data events only: each `(type, values)` a data resource.
    fn data_writes(resources: &[(&str, &[&str])]) -> BasicSelector {
        BasicSelector {
            read_write_type: ReadWriteType::WriteOnly,
            include_management_events: false,
            exclude_management_event_sources: Vec::new(),
            data_resources: resources
                .iter()
                .map(|(kind, values)| DataResource {
                    r#type: (*kind).to_owned(),
                    values: strings(values),
                })
                .collect(),
        }
    }

    #[derive(Debug, PartialEq)]
    struct AdvancedSelector {
        name: Option<String>,
        field_selectors: Vec<FieldSelector>,
    }

    #[derive(Debug, PartialEq, Default)]
    struct FieldSelector {
        field: String,
        equals: Vec<String>,
        starts_with: Vec<String>,
        ends_with: Vec<String>,
        not_equals: Vec<String>,
        not_starts_with: Vec<String>,
        not_ends_with: Vec<String>,
    }

    fn texts(values: &[S<String>]) -> Vec<String> {
        values.iter().map(|v| v.get_ref().clone()).collect()
    }

    fn flat(t: &ImportedTrail) -> Flat {
        let raw = &t.trail;
        let ops = |f: &RawFieldSelector, op: &str| -> Vec<String> {
            build::values_of(f, op)
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        Flat {
            origin: t.origin.clone(),
            name: t.name().to_owned(),
            home_region: t.home_region().map(str::to_owned),
            multi_region: raw.multi_region,
            organization: raw.organization,
            include_global_service_events: raw
                .include_global_service_events
                .as_ref()
                .is_none_or(|b| *b.get_ref()),
            logging: raw.logging != Some(false),
            cloudwatch_logs: raw.cloudwatch_logs,
            insights: raw.insights.iter().map(|i| *i.get_ref()).collect(),
            data_insights: raw.data_insights.iter().map(|i| *i.get_ref()).collect(),
            event_selectors: raw
                .event_selector
                .iter()
                .map(|b| {
                    let b = b.get_ref();
                    BasicSelector {
                        read_write_type: b.read_write_type,
                        include_management_events: b.include_management_events != Some(false),
                        exclude_management_event_sources: texts(
                            &b.exclude_management_event_sources,
                        ),
                        data_resources: b
                            .data_resources
                            .iter()
                            .map(|d| DataResource {
                                r#type: d.get_ref().kind.get_ref().clone(),
                                values: texts(&d.get_ref().values),
                            })
                            .collect(),
                    }
                })
                .collect(),
            advanced_event_selectors: raw
                .advanced_event_selector
                .iter()
                .map(|a| AdvancedSelector {
                    name: a.get_ref().name.clone(),
                    field_selectors: a
                        .get_ref()
                        .field_selectors
                        .iter()
                        .map(|f| {
                            let f = f.get_ref();
                            FieldSelector {
                                field: build::field_of(f).unwrap_or_default().to_owned(),
                                equals: ops(f, "equals"),
                                starts_with: ops(f, "starts_with"),
                                ends_with: ops(f, "ends_with"),
                                not_equals: ops(f, "not_equals"),
                                not_starts_with: ops(f, "not_starts_with"),
                                not_ends_with: ops(f, "not_ends_with"),
                            }
                        })
                        .collect(),
                })
                .collect(),
            unknowns: t.unknowns.clone(),
            unresolved: t.unresolved.clone(),
        }
    }

    fn field(field: &str) -> FieldSelector {
        FieldSelector {
            field: field.to_owned(),
            ..FieldSelector::default()
        }
    }

    /// The field selectors of data events of `kind` that write, then `last`.
    fn writes_of(kind: &str, last: FieldSelector) -> Vec<FieldSelector> {
        vec![
            FieldSelector {
                equals: strings(&["Data"]),
                ..field("eventCategory")
            },
            FieldSelector {
                equals: strings(&[kind]),
                ..field("resources.type")
            },
            FieldSelector {
                equals: strings(&["false"]),
                ..field("readOnly")
            },
            last,
        ]
    }

    /// The rendered TOML parses and holds one `[[trail]]` table per trail.
    fn check_toml(imported: &Imported, account: Option<&str>) -> toml::Table {
        let text = imported.to_toml(account);
        let table: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n---\n{text}"));
        let trails = table["trail"].as_array().unwrap();
        assert_eq!(trails.len(), imported.trails.len());
        for (rendered, trail) in trails.iter().zip(imported.trails.iter().map(flat)) {
            let rendered = rendered.as_table().unwrap();
            assert_eq!(rendered["name"].as_str(), Some(trail.name.as_str()));
            assert_eq!(rendered.get("account").and_then(|a| a.as_str()), account);
            assert_eq!(
                rendered.get("home_region").and_then(|r| r.as_str()),
                trail.home_region.as_deref()
            );
            for key in [
                "multi_region",
                "organization",
                "include_global_service_events",
                "logging",
                "cloudwatch_logs",
                "insights",
                "data_insights",
            ] {
                assert!(rendered.contains_key(key), "{key} missing in\n{text}");
            }
            assert_eq!(rendered["multi_region"].as_bool(), Some(trail.multi_region));
            assert_eq!(rendered["logging"].as_bool(), Some(trail.logging));
            let basic = rendered.get("event_selector").and_then(|s| s.as_array());
            assert_eq!(basic.map_or(0, Vec::len), trail.event_selectors.len());
            let advanced = rendered
                .get("advanced_event_selector")
                .and_then(|s| s.as_array());
            assert_eq!(
                advanced.map_or(0, Vec::len),
                trail.advanced_event_selectors.len()
            );
            assert!(
                text.contains(&format!(
                    "# from {} {}",
                    trail.origin.file, trail.origin.address
                )),
                "{text}"
            );
            for unknown in &trail.unknowns {
                assert!(text.contains(&format!("# unknown: {unknown}")), "{text}");
            }
        }
        table
    }

    /// Every value's API name is the name the scenario format reads it by (the model's serde
    /// names), and an unknown name says what the property takes.
    #[test]
    fn api_names_are_the_scenario_names() {
        use serde::Deserialize;
        use serde::de::value::{Error as ValueError, StrDeserializer};
        fn check<T: ApiName + PartialEq + std::fmt::Debug + for<'de> Deserialize<'de>>() {
            for value in T::ALL {
                let name = value.api_name();
                let read = T::deserialize(StrDeserializer::<ValueError>::new(name)).unwrap();
                assert_eq!(read, *value, "{name}");
                assert_eq!(T::from_api_name(name), Ok(*value));
            }
        }
        check::<ReadWriteType>();
        check::<InsightType>();
        assert_eq!(
            ReadWriteType::from_api_name("Sometimes"),
            Err("unknown value `Sometimes`, expected one of `All`, `ReadOnly`, `WriteOnly`".into())
        );
        assert_eq!(
            ReadWriteType::from_api_name("readonly"),
            Err(
                "unknown value `readonly`; did you mean `ReadOnly`? Expected one of `All`, \
                 `ReadOnly`, `WriteOnly`"
                    .into()
            )
        );
        assert_eq!(
            InsightType::from_api_name("ApiCallRateInsights\n"),
            Err(
                "unknown value `ApiCallRateInsights\\n`; did you mean `ApiCallRateInsight`? \
                 Expected one of `ApiCallRateInsight`, `ApiErrorRateInsight`"
                    .into()
            )
        );
    }

    #[test]
    fn terraform_plan_fixture() {
        let file = "plan.json";
        let imported = terraform(&fixture("terraform-plan.json"), file).unwrap();
        let names: Vec<&str> = imported.trails.iter().map(ImportedTrail::name).collect();
        assert_eq!(
            names,
            ["org-audit", "prod-data", "staging-data", "dev-data"]
        );
        assert_eq!(
            imported.notes,
            ["aws_cloudtrail.legacy is planned for deletion: left out"]
        );

        plan_org_audit(&imported, file);
        plan_prod_data(&imported);
        plan_staging_and_dev(&imported);
        plan_toml(&imported);
    }

    fn plan_org_audit(imported: &Imported, file: &str) {
        let org = trail(imported, "org-audit");
        assert_eq!(
            org.origin,
            Origin {
                file: file.to_owned(),
                address: "module.audit.aws_cloudtrail.org".to_owned(),
                place: Some((37, 5))
            }
        );
        assert_eq!(org.home_region.as_deref(), Some("us-east-1"));
        assert!(org.multi_region && org.organization && org.include_global_service_events);
        assert!(org.logging);
        assert!(org.cloudwatch_logs);
        assert_eq!(
            org.insights,
            vec![
                InsightType::ApiCallRateInsight,
                InsightType::ApiErrorRateInsight
            ]
        );
        assert!(org.data_insights.is_empty());
        assert_eq!(
            org.event_selectors,
            [BasicSelector {
                read_write_type: ReadWriteType::All,
                include_management_events: true,
                exclude_management_event_sources: strings(&["kms.amazonaws.com"]),
                data_resources: Vec::new(),
            }]
        );
        assert!(org.advanced_event_selectors.is_empty());
        assert_eq!(org.unknowns.len(), 1, "{:?}", org.unknowns);
        assert!(org.unknowns[0].starts_with("cloud_watch_logs_group_arn unknown at plan time"));
    }

    fn plan_prod_data(imported: &Imported) {
        let prod = trail(imported, "prod-data");
        assert_eq!(prod.origin.address, "aws_cloudtrail.account[\"prod\"]");
        assert_eq!(prod.home_region.as_deref(), Some("eu-west-1"));
        assert!(!prod.multi_region && !prod.organization);
        assert!(!prod.include_global_service_events);
        assert!(prod.logging && !prod.cloudwatch_logs);
        assert!(prod.event_selectors.is_empty() && prod.insights.is_empty());
        assert_eq!(
            prod.advanced_event_selectors,
            [AdvancedSelector {
                name: Some("writes to prod buckets".to_owned()),
                field_selectors: writes_of(
                    "AWS::S3::Object",
                    FieldSelector {
                        starts_with: strings(&["arn:aws:s3:::prod-"]),
                        not_starts_with: strings(&["arn:aws:s3:::prod-scratch"]),
                        ..field("resources.ARN")
                    },
                ),
            }]
        );
        assert!(prod.unknowns.is_empty());
    }

    fn plan_staging_and_dev(imported: &Imported) {
        let staging = trail(imported, "staging-data");
        assert!(!staging.logging && !staging.cloudwatch_logs);
        assert_eq!(staging.home_region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            staging.event_selectors,
            [data_writes(&[
                ("AWS::S3::Object", &["arn:aws:s3:::staging-uploads/"]),
                ("AWS::Lambda::Function", &["arn:aws:lambda"]),
            ])]
        );
        assert!(staging.unknowns.is_empty());

        // No `region` attribute: the region of the aliased provider the resource uses.
        let dev = trail(imported, "dev-data");
        assert_eq!(dev.home_region.as_deref(), Some("eu-west-1"));
        assert_eq!(dev.insights, vec![InsightType::ApiErrorRateInsight]);
    }

    fn plan_toml(imported: &Imported) {
        let table = check_toml(imported, Some("management"));
        let text = imported.to_toml(Some("management"));
        assert!(text.contains("# note: aws_cloudtrail.legacy is planned for deletion"));
        let first = table["trail"][0].as_table().unwrap();
        assert_eq!(
            first["event_selector"][0]["exclude_management_event_sources"][0].as_str(),
            Some("kms.amazonaws.com")
        );
        let prod = table["trail"][1].as_table().unwrap();
        let fs = prod["advanced_event_selector"][0]["field_selectors"]
            .as_array()
            .unwrap();
        assert_eq!(fs.len(), 4);
        assert_eq!(fs[3]["starts_with"][0].as_str(), Some("arn:aws:s3:::prod-"));
        assert!(!fs[0].as_table().unwrap().contains_key("starts_with"));
    }

    #[test]
    fn terraform_unknown_name_falls_back_to_the_address() {
        let plan = r#"{"resource_changes": [{
            "address": "module.a[\"x\"].aws_cloudtrail.t[0]", "module_address": "module.a[\"x\"]",
            "mode": "managed", "type": "aws_cloudtrail", "name": "t", "index": 0,
            "change": {"actions": ["delete", "create"], "after": {"is_multi_region_trail": null},
                       "after_unknown": {"name": true, "is_multi_region_trail": true}}}]}"#;
        let imported = terraform(plan, "p.json").unwrap();
        let t = &flat(&imported.trails[0]);
        assert_eq!(t.name, "t-0");
        assert!(!t.multi_region && t.logging && t.include_global_service_events);
        assert_eq!(t.home_region, None);
        assert_eq!(t.unknowns.len(), 2, "{:?}", t.unknowns);
        check_toml(&imported, None);
        assert!(imported.to_toml(None).contains("# unknown: home_region"));
    }

    #[test]
    fn terraform_state_values_are_read_without_resource_changes() {
        let state = r#"{"values": {"root_module": {"child_modules": [{"address": "module.m",
            "resources": [{"address": "module.m.aws_cloudtrail.t", "mode": "managed",
            "type": "aws_cloudtrail", "name": "t", "values": {"name": "main", "region": "us-west-2",
            "is_multi_region_trail": true}}]}]}}}"#;
        let imported = terraform(state, "state.json").unwrap();
        assert_eq!(imported.trails.len(), 1);
        assert_eq!(flat(&imported.trails[0]).name, "main");
        assert_eq!(
            flat(&imported.trails[0]).home_region.as_deref(),
            Some("us-west-2")
        );
        assert!(flat(&imported.trails[0]).multi_region);
    }

    #[test]
    fn terraform_errors() {
        let err = terraform("{\n \"resource_changes\": [\n  {,\n]}", "bad.json").unwrap_err();
        assert!(
            matches!(&err, ImportError::Syntax { file, line: 3, .. } if file == "bad.json"),
            "{err}"
        );
        assert!(matches!(
            terraform("{}", "x.json"),
            Err(ImportError::Invalid { .. })
        ));
        let wrong_type = r#"{"resource_changes": [{"address": "aws_cloudtrail.t", "mode": "managed",
            "type": "aws_cloudtrail", "name": "t", "change": {"actions": ["create"],
            "after": {"name": "t1", "enable_logging": "yes"}}}]}"#;
        let err = terraform(wrong_type, "x.json").unwrap_err();
        assert!(err.to_string().contains("enable_logging"), "{err}");
    }

    #[test]
    fn cloudformation_yaml_fixture() {
        let file = "trails.yaml";
        let imported = cloudformation(&fixture("cloudformation-trails.yaml"), file).unwrap();
        let names: Vec<&str> = imported.trails.iter().map(ImportedTrail::name).collect();
        assert_eq!(
            names,
            [
                "acme-org-trail",
                "acme-uploads-writes",
                "DefaultNamedTrail",
                "lambda-invocations",
                "RegionalTrail",
                "maybe-multi"
            ]
        );
        assert!(imported.trails.iter().all(|t| t.home_region().is_none()));
        assert_eq!(imported.notes.len(), 1, "{:?}", imported.notes);
        assert!(imported.notes[0].contains("AWS::Partition"));

        yaml_org_and_data(&imported, file);
        yaml_lambda(&imported);
        yaml_regional_and_maybe(&imported, file);
        yaml_toml(&imported);
    }

    fn yaml_org_and_data(imported: &Imported, file: &str) {
        let org = trail(imported, "acme-org-trail");
        assert_eq!(org.origin.address, "OrgTrail");
        assert_eq!(org.origin.file, file);
        assert!(org.multi_region && org.organization && org.include_global_service_events);
        assert!(org.logging && org.cloudwatch_logs);
        assert_eq!(
            org.insights,
            vec![
                InsightType::ApiCallRateInsight,
                InsightType::ApiErrorRateInsight
            ]
        );
        assert_eq!(org.data_insights, vec![InsightType::ApiErrorRateInsight]);
        assert!(org.event_selectors.is_empty() && org.advanced_event_selectors.is_empty());
        assert!(org.unknowns.is_empty(), "{:?}", org.unknowns);

        let data = trail(imported, "acme-uploads-writes");
        assert_eq!(
            data.event_selectors,
            [data_writes(&[
                ("AWS::S3::Object", &["arn:aws:s3:::acme-uploads/"]),
                (
                    "AWS::DynamoDB::Table",
                    &["arn:aws:dynamodb:eu-west-1:111111111111:table/payments"],
                ),
            ])]
        );
        assert!(!data.multi_region && !data.organization && !data.cloudwatch_logs);
        assert!(data.unknowns.is_empty(), "{:?}", data.unknowns);

        let default_named = trail(imported, "DefaultNamedTrail");
        assert!(default_named.logging && default_named.include_global_service_events);
        assert!(default_named.event_selectors.is_empty());
        assert!(default_named.unknowns.is_empty());
    }

    fn yaml_lambda(imported: &Imported) {
        let lambda = trail(imported, "lambda-invocations");
        assert_eq!(
            lambda.advanced_event_selectors,
            [
                AdvancedSelector {
                    name: Some("Lambda invocations that write".to_owned()),
                    field_selectors: writes_of(
                        "AWS::Lambda::Function",
                        FieldSelector {
                            not_ends_with: strings(&[":canary"]),
                            ..field("resources.ARN")
                        },
                    ),
                },
                AdvancedSelector {
                    name: None,
                    field_selectors: vec![
                        FieldSelector {
                            equals: strings(&["Management"]),
                            ..field("eventCategory")
                        },
                        FieldSelector {
                            not_equals: strings(&["kms.amazonaws.com", "rdsdata.amazonaws.com"]),
                            ..field("eventSource")
                        },
                    ],
                },
            ]
        );
    }

    fn yaml_regional_and_maybe(imported: &Imported, file: &str) {
        let regional = trail(imported, "RegionalTrail");
        assert!(!regional.include_global_service_events);
        assert_eq!(regional.unknowns.len(), 1, "{:?}", regional.unknowns);
        assert!(regional.unknowns[0].starts_with("TrailName: !Sub 'audit-${AWS::Region}'"));
        assert!(regional.unknowns[0].contains("named after its logical ID"));

        let maybe = trail(imported, "maybe-multi");
        assert!(!maybe.logging, "LoggingOn defaults to \"false\"");
        assert!(!maybe.multi_region);
        assert_eq!(
            maybe.unknowns,
            [
                "IsMultiRegionTrail: !If could not be resolved: condition UseMulti: \
              parameter DeployMulti has no Default (give it with --parameter DeployMulti=VALUE \
              or [import.parameters]); written as false"
            ]
        );
        assert_eq!(
            maybe.unresolved,
            [Unresolved {
                property: "IsMultiRegionTrail".to_owned(),
                expression: "DeployMulti".to_owned(),
                at: Some(format!(
                    "{file}:{}",
                    line_of_fixture("cloudformation-trails.yaml", "IsMultiRegionTrail: !If")
                )),
                decides: true,
            }]
        );
        assert_eq!(
            maybe.event_selectors[0].exclude_management_event_sources,
            strings(&["kms.amazonaws.com"])
        );
    }

    fn yaml_toml(imported: &Imported) {
        let table = check_toml(imported, Some("security"));
        let data = table["trail"][1].as_table().unwrap();
        let resources = data["event_selector"][0]["data_resources"]
            .as_array()
            .unwrap();
        assert_eq!(resources[0]["type"].as_str(), Some("AWS::S3::Object"));
        assert_eq!(
            resources[0]["values"][0].as_str(),
            Some("arn:aws:s3:::acme-uploads/")
        );
    }

    #[test]
    fn cloudformation_json_fixture() {
        let imported = cloudformation(&fixture("cloudformation-small.json"), "small.json").unwrap();
        assert_eq!(imported.trails.len(), 2);
        let payments = &flat(&imported.trails[0]);
        assert_eq!(payments.name, "payments-trail");
        assert_eq!(payments.origin.address, "PaymentsTrail");
        assert!(payments.multi_region);
        assert!(!payments.cloudwatch_logs, "!If picks AWS::NoValue");
        assert!(payments.insights.is_empty());
        assert_eq!(
            payments.data_insights,
            vec![InsightType::ApiCallRateInsight]
        );
        assert!(payments.unknowns.is_empty(), "{:?}", payments.unknowns);

        let imported_name = &flat(&imported.trails[1]);
        assert_eq!(imported_name.name, "ImportedNameTrail");
        assert!(imported_name.logging);
        assert_eq!(
            imported_name.unknowns,
            [
                "TrailName: !ImportValue is not resolved before deployment; \
              the trail is named after its logical ID"
            ]
        );
        check_toml(&imported, None);
    }

    #[test]
    fn cloudformation_parameters_names_and_unknown_conditions() {
        let template = "Parameters:\n  Env: {Type: String}\n  Acct: {Type: String, Default: '1'}\n\
            Conditions:\n  Prod: !Equals [!Ref Env, prod]\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    \
            Properties: {FunctionName: !Sub 'pay-${Env}'}\n  Table:\n    Type: AWS::DynamoDB::Table\n    \
            Properties: {TableName: orders}\n  T:\n    Type: AWS::CloudTrail::Trail\n    Condition: Prod\n    \
            Properties:\n      IsLogging: true\n      EventSelectors:\n        - DataResources:\n            \
            - {Type: AWS::Lambda::Function, Values: [!GetAtt Fn.Arn]}\n            \
            - {Type: AWS::DynamoDB::Table, Values: [!GetAtt Table.Arn]}\n";
        // Env has no default: the condition is unknown, so is the function's name.
        let imported = cloudformation(template, "p.yaml").unwrap();
        let t = &flat(&imported.trails[0]);
        assert_eq!(
            t.unresolved[0],
            Unresolved {
                property: "Condition".to_owned(),
                expression: "Env".to_owned(),
                at: Some("p.yaml:15".to_owned()),
                decides: true,
            }
        );
        assert_eq!(t.unresolved.len(), 3, "{:?}", t.unresolved);
        assert_eq!(t.unresolved[1].expression, "Fn.Arn", "its name needs Env");
        assert_eq!(
            t.unresolved[2].expression, "Table.Arn",
            "no region or account yet"
        );

        let mut options = CloudFormationOptions {
            region: Some("eu-west-1".to_owned()),
            ..CloudFormationOptions::default()
        };
        options
            .parameters
            .insert("Env".to_owned(), "prod".to_owned());
        options
            .parameters
            .insert("AWS::AccountId".to_owned(), "111111111111".to_owned());
        let imported = cloudformation_with(template, "p.yaml", &options).unwrap();
        let t = &flat(&imported.trails[0]);
        assert!(t.unresolved.is_empty(), "{:?}", t.unresolved);
        let values: Vec<&str> = t.event_selectors[0]
            .data_resources
            .iter()
            .map(|d| d.values[0].as_str())
            .collect();
        assert_eq!(
            values,
            [
                "arn:aws:lambda:eu-west-1:111111111111:function:pay-prod",
                "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"
            ]
        );
        options
            .parameters
            .insert("Env".to_owned(), "dev".to_owned());
        let imported = cloudformation_with(template, "p.yaml", &options).unwrap();
        assert!(imported.trails.is_empty());
        assert!(imported.notes[0].contains("condition Prod is false"));
    }

    #[test]
    fn cloudformation_conditions_and_errors() {
        let template = "Parameters:\n  On: {Type: String, Default: 'no'}\nConditions:\n  \
            Enabled: !Equals [!Ref On, 'yes']\nResources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    \
            Condition: Enabled\n    Properties: {IsLogging: true}\n";
        let imported = cloudformation(template, "c.yaml").unwrap();
        assert!(imported.trails.is_empty());
        assert_eq!(imported.notes.len(), 1);
        assert!(imported.notes[0].contains("condition Enabled is false"));

        let err = cloudformation("Resources:\n  T: [1, 2\n", "broken.yaml").unwrap_err();
        assert!(
            matches!(&err, ImportError::Syntax { file, .. } if file == "broken.yaml"),
            "{err}"
        );
        let err = cloudformation("{\"Resources\": {\n  \"T\": }\n}", "broken.json").unwrap_err();
        assert!(matches!(err, ImportError::Syntax { line: 2, .. }), "{err}");
        let err = cloudformation("Description: no resources\n", "x.yaml").unwrap_err();
        assert!(matches!(err, ImportError::Invalid { .. }));
        let err = cloudformation(
            "Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: [1]\n",
            "x.yaml",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("Resources.T.Properties.IsLogging"),
            "{err}"
        );
    }

    /// A template's String properties take numbers and Booleans as their text, as
    /// CloudFormation does; the CloudTrail API's JSON has typed values, and a number is not a
    /// string there.
    #[test]
    fn template_scalars_are_text_and_api_output_is_typed() {
        let template = "Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      \
            IsLogging: 'true'\n      AdvancedEventSelectors:\n        - FieldSelectors:\n            \
            - {Field: readOnly, Equals: [false]}\n            - {Field: eventName, Equals: [7]}\n";
        let imported = cloudformation(template, "t.yaml").unwrap();
        let fs = &flat(&imported.trails[0]).advanced_event_selectors[0].field_selectors;
        assert_eq!(fs[0].equals, strings(&["false"]));
        assert_eq!(fs[1].equals, strings(&["7"]));
        assert!(flat(&imported.trails[0]).logging);

        let trails = r#"{"trailList": [{"Name": "t", "TrailARN": "t"}]}"#;
        let selectors = vec![(
            "s.json".to_owned(),
            "{\"TrailARN\": \"t\",\n \"AdvancedEventSelectors\": [{\"FieldSelectors\": \
             [{\"Field\": \"eventName\", \"Equals\": [7]}]}]}"
                .to_owned(),
        )];
        let err = aws_cli(trails, "d.json", &selectors, &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "s.json:2:83: get-event-selectors.AdvancedEventSelectors[0].FieldSelectors[0].\
             Equals[0]: expected a string, found a number"
        );
    }

    /// `(file name, text)` pairs, as `aws_cli` takes them.
    type Files = Vec<(String, String)>;

    fn cli_inputs() -> (Files, Files) {
        let selectors = [
            "get-event-selectors-org-audit.json",
            "get-event-selectors-s3-writes.json",
        ]
        .iter()
        .map(|f| ((*f).to_owned(), fixture(f)))
        .collect();
        let insights = vec![(
            "get-insight-selectors-org-audit.json".to_owned(),
            fixture("get-insight-selectors-org-audit.json"),
        )];
        (selectors, insights)
    }

    #[test]
    fn aws_cli_fixture() {
        let (selectors, insights) = cli_inputs();
        let imported = aws_cli(
            &fixture("describe-trails.json"),
            "describe-trails.json",
            &selectors,
            &insights,
        )
        .unwrap();
        let names: Vec<&str> = imported.trails.iter().map(ImportedTrail::name).collect();
        assert_eq!(
            names,
            ["org-audit", "s3-writes", "legacy"],
            "the shadow copy is dropped"
        );

        let org = trail(&imported, "org-audit");
        assert_eq!(
            org.origin.address,
            "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-audit"
        );
        assert_eq!(org.home_region.as_deref(), Some("us-east-1"));
        assert!(org.multi_region && org.organization && org.include_global_service_events);
        assert!(org.logging && org.cloudwatch_logs);
        assert_eq!(
            org.event_selectors,
            [BasicSelector {
                read_write_type: ReadWriteType::All,
                include_management_events: true,
                exclude_management_event_sources: strings(&["kms.amazonaws.com"]),
                data_resources: vec![DataResource {
                    r#type: "AWS::S3::Object".to_owned(),
                    values: strings(&["arn:aws:s3:::acme-secrets/"]),
                }],
            }]
        );
        assert_eq!(
            org.insights,
            vec![
                InsightType::ApiCallRateInsight,
                InsightType::ApiErrorRateInsight
            ]
        );
        assert_eq!(org.data_insights, vec![InsightType::ApiErrorRateInsight]);
        assert!(org.unknowns.is_empty(), "{:?}", org.unknowns);

        let s3 = trail(&imported, "s3-writes");
        assert_eq!(s3.home_region.as_deref(), Some("eu-west-1"));
        assert!(!s3.multi_region && !s3.include_global_service_events && !s3.cloudwatch_logs);
        assert!(s3.event_selectors.is_empty());
        assert_eq!(s3.advanced_event_selectors.len(), 1);
        assert_eq!(
            s3.advanced_event_selectors[0].field_selectors[3],
            FieldSelector {
                starts_with: strings(&["arn:aws:s3:::prod-"]),
                ..field("resources.ARN")
            }
        );

        let legacy = trail(&imported, "legacy");
        assert!(legacy.event_selectors.is_empty() && legacy.advanced_event_selectors.is_empty());
        assert!(legacy.insights.is_empty() && legacy.unknowns.is_empty());
        assert!(!legacy.cloudwatch_logs && legacy.include_global_service_events);

        assert!(
            imported
                .notes
                .iter()
                .any(|n| n.contains("get-trail-status"))
        );
        check_toml(&imported, Some("management"));
    }

    #[test]
    fn aws_cli_missing_and_unmatched_selectors() {
        let imported = aws_cli(&fixture("describe-trails.json"), "d.json", &[], &[]).unwrap();
        let org = trail(&imported, "org-audit");
        assert_eq!(org.unknowns.len(), 2, "{:?}", org.unknowns);
        assert!(org.unknowns[0].contains("HasCustomEventSelectors"));
        assert!(org.unknowns[1].contains("HasInsightSelectors"));

        let stray = vec![(
            "stray.json".to_owned(),
            r#"{"TrailARN": "arn:aws:cloudtrail:us-east-1:111111111111:trail/other", "EventSelectors": []}"#
                .to_owned(),
        )];
        let err = aws_cli(&fixture("describe-trails.json"), "d.json", &stray, &[]).unwrap_err();
        assert_eq!(err.file(), "stray.json");

        let by_name = vec![(
            "by-name.json".to_owned(),
            r#"{"TrailARN": "legacy", "EventSelectors": [{"ReadWriteType": "ReadOnly"}]}"#
                .to_owned(),
        )];
        let imported = aws_cli(&fixture("describe-trails.json"), "d.json", &by_name, &[]).unwrap();
        assert_eq!(
            trail(&imported, "legacy").event_selectors[0].read_write_type,
            ReadWriteType::ReadOnly
        );

        let err = aws_cli("{\"trailList\": [\n  {\"Name\": }]}", "d.json", &[], &[]).unwrap_err();
        assert!(matches!(err, ImportError::Syntax { line: 2, .. }), "{err}");
        assert!(matches!(
            aws_cli("{\"trails\": []}", "d.json", &[], &[]),
            Err(ImportError::Invalid { .. })
        ));
    }
}
