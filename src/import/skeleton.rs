//! `usage skeleton`: the usage file that imported trails need (SPEC §7): their accounts and
//! regions, and a zero `[[volume]]` for every stream their selectors select, ready to be filled in
//! (or measured with `usage logs`). With an existing file (`--update`), what is there is kept
//! byte for byte and only what is missing is added, as infracost's `--sync-usage-file` does.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{Imported, ImportedTrail, RawAdvancedSelector, build};
use crate::model::Category;
use crate::scenario::raw::{RawAccount, RawScenario, RawVolume, S, category_name};
use crate::scenario::write;

/// One stream of events a trail selects, as a usage file's `[[volume]]` declares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Stream {
    /// The event category.
    pub(crate) category: Category,
    /// `AWS::S3::Object`...: data streams only.
    pub(crate) resource_type: Option<String>,
    /// The ARN (or ARN prefix) a selector names.
    pub(crate) resource_arn: Option<String>,
    /// The event source of a network activity selector.
    pub(crate) event_source: Option<String>,
}

impl Stream {
    fn management() -> Self {
        Self {
            category: Category::Management,
            resource_type: None,
            resource_arn: None,
            event_source: None,
        }
    }

    fn data(resource_type: &str, arn: Option<&str>) -> Self {
        Self {
            category: Category::Data,
            resource_type: Some(resource_type.to_owned()),
            resource_arn: arn.map(str::to_owned),
            event_source: None,
        }
    }
}

/// A value that selects every resource of its type names no stream of its own.
fn all_resources(value: &str) -> bool {
    matches!(
        value,
        "arn:aws:s3" | "arn:aws:s3:::" | "arn:aws:lambda" | "arn:aws:dynamodb"
    )
}

/// The streams a trail's selectors select, in the order they are written.
#[must_use]
pub(crate) fn streams(trail: &ImportedTrail) -> Vec<Stream> {
    let trail = &trail.trail;
    let mut out = Vec::new();
    let mut push = |s: Stream| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    if trail.event_selector.is_empty() && trail.advanced_event_selector.is_empty() {
        push(Stream::management());
    }
    for sel in trail.event_selector.iter().map(S::get_ref) {
        if sel.include_management_events != Some(false) {
            push(Stream::management());
        }
        for dr in sel.data_resources.iter().map(S::get_ref) {
            let kind = dr.kind.get_ref();
            let values: Vec<&str> = dr.values.iter().map(|v| v.get_ref().as_str()).collect();
            // No value at all is an unknown one (CT109), never "every resource".
            if !values.is_empty() && values.iter().all(|v| all_resources(v)) {
                push(Stream::data(kind, None));
            }
            for v in values.into_iter().filter(|v| !all_resources(v)) {
                push(Stream::data(kind, Some(v)));
            }
        }
    }
    for sel in trail.advanced_event_selector.iter().map(S::get_ref) {
        advanced_streams(sel, &mut push);
    }
    out
}

/// The stream an advanced selector selects: its `eventCategory`, and the event sources or the
/// resource type and ARNs it names.
fn advanced_streams(sel: &RawAdvancedSelector, push: &mut impl FnMut(Stream)) {
    let field = |name: &str| {
        sel.field_selectors
            .iter()
            .map(S::get_ref)
            .find(|f| build::field_of(f) == Some(name))
    };
    let equals = |name: &str| {
        field(name)
            .map(|f| build::values_of(f, "equals"))
            .unwrap_or_default()
    };
    match equals("eventCategory").first().copied() {
        Some("Management") => push(Stream::management()),
        Some("NetworkActivity") => {
            for source in equals("eventSource") {
                push(Stream {
                    category: Category::NetworkActivity,
                    resource_type: None,
                    resource_arn: None,
                    event_source: Some(source.to_owned()),
                });
            }
        }
        Some("Data") => {
            let Some(kind) = equals("resources.type").first().copied() else {
                return;
            };
            let arns: Vec<&str> = field("resources.ARN")
                .map(|f| {
                    let mut arns = build::values_of(f, "equals");
                    arns.extend(build::values_of(f, "starts_with"));
                    arns
                })
                .unwrap_or_default();
            if arns.is_empty() {
                push(Stream::data(kind, None));
            }
            for arn in arns {
                push(Stream::data(kind, Some(arn)));
            }
        }
        _ => {}
    }
}

/// Where the trails go: the account they belong to and the regions the file models.
#[derive(Debug, Clone, Default)]
pub(crate) struct Placement {
    /// `--account`: the account of the imported trails (default: `management` when an
    /// organization trail needs one, else none).
    pub(crate) account: Option<String>,
    /// `--region`: a region besides the trails' home regions.
    pub(crate) region: Option<String>,
    /// `--regions`: the regions the accounts use, which multi-region and organization trails
    /// log besides their home regions.
    pub(crate) regions: Vec<String>,
}

/// The keys of an existing usage file that the update looks at; everything else is kept as text.
#[derive(Debug, Default, Deserialize)]
struct Existing {
    #[serde(default)]
    regions: Option<toml::Spanned<Vec<String>>>,
    #[serde(default)]
    account: Vec<ExistingAccount>,
    #[serde(default)]
    volume: Vec<ExistingVolume>,
}

#[derive(Debug, Deserialize)]
struct ExistingAccount {
    name: String,
}

#[derive(Debug, Deserialize)]
struct ExistingVolume {
    category: String,
    resource_type: Option<String>,
    resource_arn: Option<String>,
    event_source: Option<String>,
}

impl ExistingVolume {
    /// Whether the file's volume declares `stream` already.
    fn is(&self, stream: &Stream) -> bool {
        self.category == category_name(stream.category)
            && self.resource_type == stream.resource_type
            && self.resource_arn == stream.resource_arn
            && self.event_source == stream.event_source
    }
}

/// What an update added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    pub regions: Vec<String>,
    pub accounts: Vec<String>,
    pub volumes: usize,
}

/// What the trails of an import need in a usage file.
struct Wanted {
    regions: Vec<String>,
    /// The account of the trails, if they need one.
    account: Option<String>,
    /// Whether an organization trail is among them (its account is the management account).
    organization: bool,
    /// Whether a trail logs every region (multi-region or organization) and `--regions` named
    /// none: the file's regions are then only the home regions, and a comment says so.
    every_region: bool,
    streams: Vec<Stream>,
    /// `(expression, what it gives)` of every value only deployment knows.
    unresolved: Vec<(String, String)>,
    /// `# unresolved:` lines for the remote modules `terraform init` has not fetched: their
    /// trails, and so their streams, are not in the skeleton.
    unfetched: String,
}

impl Wanted {
    fn of(imported: &Imported, placement: &Placement) -> Self {
        let mut regions: Vec<String> = Vec::new();
        let home_regions = imported
            .trails
            .iter()
            .filter_map(ImportedTrail::home_region);
        let given = placement.regions.iter().map(String::as_str);
        for r in home_regions.chain(placement.region.as_deref()).chain(given) {
            if !regions.iter().any(|x| x == r) {
                regions.push(r.to_owned());
            }
        }
        let organization = imported.trails.iter().any(|t| t.trail.organization);
        let account = placement
            .account
            .clone()
            .or_else(|| organization.then(|| "management".to_owned()));
        let mut streams: Vec<Stream> = Vec::new();
        for s in imported.trails.iter().flat_map(self::streams) {
            if !streams.contains(&s) {
                streams.push(s);
            }
        }
        let every_region = placement.regions.is_empty()
            && imported
                .trails
                .iter()
                .any(|t| t.trail.multi_region || t.trail.organization);
        Self {
            regions,
            account,
            organization,
            every_region,
            streams,
            unresolved: unresolved(imported),
            unfetched: imported
                .unfetched
                .iter()
                .map(|m| write::comment("unresolved", &m.describe()))
                .collect(),
        }
    }
}

fn unresolved(imported: &Imported) -> Vec<(String, String)> {
    imported
        .trails
        .iter()
        .flat_map(|t| {
            t.unresolved.iter().map(|u| {
                let at = u.at.as_ref().map(|a| format!(" ({a})")).unwrap_or_default();
                (
                    u.expression.clone(),
                    format!("{} of trail {}{at}", u.property, t.name()),
                )
            })
        })
        .collect()
}

/// Writes the usage skeleton of `imported` (`source` names it in the header), or, given the text
/// of an existing usage file, that text with what is missing added at its end.
///
/// # Errors
/// The existing file is not TOML (the message says where).
pub(crate) fn skeleton(
    imported: &Imported,
    source: &str,
    placement: &Placement,
    existing: Option<&str>,
) -> Result<(String, Added), String> {
    let wanted = Wanted::of(imported, placement);
    match existing {
        None => fresh(wanted, source),
        Some(text) => update(&wanted, text),
    }
}

fn fresh(wanted: Wanted, source: &str) -> Result<(String, Added), String> {
    let raw = RawScenario {
        name: s(format!("usage for {source}")),
        regions: s(wanted.regions.iter().cloned().map(s).collect()),
        account: wanted
            .account
            .iter()
            .map(|name| s(raw_account(name, wanted.organization)))
            .collect(),
        volume: wanted.streams.iter().map(|v| s(raw_volume(v))).collect(),
        ..RawScenario::empty()
    };
    let mut doc = write::document(&raw)?;
    explain_management(doc.as_table_mut());
    if wanted.every_region
        && let Some(regions) = doc.get_mut("regions").and_then(|r| r.as_value_mut())
    {
        regions.decor_mut().set_suffix(EVERY_REGION);
    }
    let mut out = format!(
        "# Usage for the trails of {source}: event volumes per month. Replace the zeros with\n\
         # measured volumes (`trailplan usage logs` reads them from CloudTrail's log files).\n{}{doc}",
        wanted.unfetched
    );
    write_unresolved(&mut out, &wanted.unresolved);
    let added = Added {
        regions: wanted.regions,
        accounts: wanted.account.into_iter().collect(),
        volumes: wanted.streams.len(),
    };
    Ok((out, added))
}

fn update(wanted: &Wanted, text: &str) -> Result<(String, Added), String> {
    let parsed: Existing = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = text.to_owned();
    let mut added = Added::default();
    if let Some(have) = &parsed.regions {
        let mut all = have.get_ref().clone();
        for r in &wanted.regions {
            if !all.contains(r) {
                all.push(r.clone());
                added.regions.push(r.clone());
            }
        }
        if !added.regions.is_empty() {
            out.replace_range(have.span(), &write::strings(&all));
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let mut tables = Tables::default();
    if let Some(name) = &wanted.account
        && !parsed.account.iter().any(|a| &a.name == name)
        && (!parsed.account.is_empty() || wanted.organization)
    {
        let management = wanted.organization && parsed.account.is_empty();
        tables.account.push(raw_account(name, management));
        added.accounts.push(name.clone());
    }
    for stream in &wanted.streams {
        if !parsed.volume.iter().any(|v| v.is(stream)) {
            tables.volume.push(raw_volume(stream));
        }
    }
    added.volumes = tables.volume.len();
    if !tables.account.is_empty() || !tables.volume.is_empty() {
        let mut doc = write::document(&tables)?;
        explain_management(doc.as_table_mut());
        for key in ["account", "volume"] {
            for table in write::tables_mut(doc.as_table_mut(), key) {
                write::set_comments(table, "\n");
            }
        }
        out.push_str(&doc.to_string());
    }
    let missing: Vec<(String, String)> = wanted
        .unresolved
        .iter()
        .filter(|(key, _)| !text.contains(&write::string(key)))
        .cloned()
        .collect();
    write_unresolved(&mut out, &missing);
    Ok((out, added))
}

/// The comment on `regions` when a trail logs every region and `--regions` named none.
const EVERY_REGION: &str = "  # a multi-region or organization trail logs every region: add every region \
     the accounts use (or pass --regions)";

/// The tables an update adds at the end of a usage file.
#[derive(Default, Serialize)]
struct Tables {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    account: Vec<RawAccount>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volume: Vec<RawVolume>,
}

/// A value without a place in any text.
fn s<T>(value: T) -> S<T> {
    S::new(0..0, value)
}

fn raw_account(name: &str, management: bool) -> RawAccount {
    RawAccount {
        name: s(name.to_owned()),
        id: None,
        management,
        delegated_admin: false,
    }
}

/// The `[[volume]]` of a stream, at zero: every account and region of the file.
fn raw_volume(stream: &Stream) -> RawVolume {
    let text = |t: &Option<String>| t.clone().map(s);
    RawVolume {
        accounts: None,
        regions: None,
        category: stream.category,
        event_source: text(&stream.event_source),
        event_name: None,
        resource_type: text(&stream.resource_type),
        resource_arn: text(&stream.resource_arn),
        read: Some(s(0)),
        write: Some(s(0)),
    }
}

/// `management = true  # an organization trail is created in the management account`.
fn explain_management(doc: &mut toml_edit::Table) {
    for account in write::tables_mut(doc, "account") {
        if let Some(value) = account.get_mut("management").and_then(|m| m.as_value_mut()) {
            value
                .decor_mut()
                .set_suffix("  # an organization trail is created in the management account");
        }
    }
}

/// Values the trails need that only deployment knows: a commented `[import.values]` to fill in.
fn write_unresolved(out: &mut String, unresolved: &[(String, String)]) {
    if unresolved.is_empty() {
        return;
    }
    out.push_str(
        "\n# Known only at deploy time: give these values (by the expression as written) and the\n\
         # trails' selectors are evaluated with them.\n# [import.values]\n",
    );
    let mut seen: Vec<&str> = Vec::new();
    for (key, what) in unresolved {
        if seen.contains(&key.as_str()) {
            continue;
        }
        seen.push(key);
        let _ = writeln!(out, "# {} = \"\"  # {}", write::string(key), one_line(what));
    }
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cloudformation;

    const TEMPLATE: &str = r#"{"Resources": {"T": {"Type": "AWS::CloudTrail::Trail", "Properties": {
        "IsLogging": true, "IsOrganizationTrail": true,
        "EventSelectors": [{"ReadWriteType": "WriteOnly", "DataResources": [
            {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::acme-uploads/"]},
            {"Type": "AWS::Lambda::Function", "Values": ["arn:aws:lambda"]}]}]}}}}"#;

    fn imported() -> Imported {
        let mut imported = cloudformation(TEMPLATE, "t.json").unwrap();
        imported.trails[0].set_home_region("eu-west-1");
        imported
    }

    #[test]
    fn a_fresh_skeleton_declares_every_stream_at_zero() {
        let (text, added) = skeleton(&imported(), "t.json", &Placement::default(), None).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(table["regions"].as_array().unwrap().len(), 1);
        assert_eq!(table["account"][0]["name"].as_str(), Some("management"));
        assert_eq!(table["account"][0]["management"].as_bool(), Some(true));
        let volumes = table["volume"].as_array().unwrap();
        assert_eq!(volumes.len(), 3, "{text}");
        assert_eq!(volumes[0]["category"].as_str(), Some("management"));
        assert_eq!(
            volumes[1]["resource_arn"].as_str(),
            Some("arn:aws:s3:::acme-uploads/")
        );
        assert_eq!(
            volumes[2]["resource_type"].as_str(),
            Some("AWS::Lambda::Function")
        );
        assert!(volumes[2].get("resource_arn").is_none());
        assert!(volumes.iter().all(|v| v["read"].as_integer() == Some(0)));
        assert_eq!(added.volumes, 3);
    }

    #[test]
    fn an_update_keeps_every_value_and_adds_what_is_missing() {
        let existing = "# measured in November\nformat = 1\nname = \"prod\"\nregions = [\"us-east-1\"]\n\n\
            [[account]]\nname = \"management\"\nmanagement = true\n\n\
            [[volume]]\ncategory = \"management\"\nread = 5_000_000 # from the logs\nwrite = 700_000\n";
        let (text, added) =
            skeleton(&imported(), "t.json", &Placement::default(), Some(existing)).unwrap();
        assert!(text.starts_with("# measured in November\n"), "{text}");
        assert!(text.contains("read = 5_000_000 # from the logs"), "{text}");
        assert!(
            text.contains("regions = [\"us-east-1\", \"eu-west-1\"]"),
            "{text}"
        );
        assert_eq!(added.regions, ["eu-west-1"]);
        assert!(added.accounts.is_empty());
        assert_eq!(added.volumes, 2);
        let table: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(table["volume"].as_array().unwrap().len(), 3);
        assert_eq!(table["volume"][0]["read"].as_integer(), Some(5_000_000));
        // A second update finds nothing missing.
        let (again, added) =
            skeleton(&imported(), "t.json", &Placement::default(), Some(&text)).unwrap();
        assert_eq!(again, text);
        assert_eq!(added, Added::default());
    }
}
