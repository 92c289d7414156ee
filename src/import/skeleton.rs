//! `usage skeleton`: the usage file that imported trails need (SPEC §7): their accounts and
//! regions, and a zero `[[volume]]` for every stream their selectors select, ready to be filled in
//! (or measured with `usage logs`). With an existing file (`--update`), what is there is kept
//! byte for byte and only what is missing is added, as infracost's `--sync-usage-file` does.

use std::fmt::Write as _;

use serde::Deserialize;

use super::{Imported, ImportedTrail};

/// One stream of events a trail selects, as a usage file's `[[volume]]` declares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Stream {
    /// `management`, `data` or `network_activity`.
    pub(crate) category: String,
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
            category: "management".to_owned(),
            resource_type: None,
            resource_arn: None,
            event_source: None,
        }
    }

    fn data(resource_type: &str, arn: Option<&str>) -> Self {
        Self {
            category: "data".to_owned(),
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
    let mut out = Vec::new();
    let mut push = |s: Stream| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    if trail.event_selectors.is_empty() && trail.advanced_event_selectors.is_empty() {
        push(Stream::management());
    }
    for sel in &trail.event_selectors {
        if sel.include_management_events {
            push(Stream::management());
        }
        for dr in &sel.data_resources {
            // No value at all is an unknown one (CT109), never "every resource".
            if !dr.values.is_empty() && dr.values.iter().all(|v| all_resources(v)) {
                push(Stream::data(&dr.r#type, None));
            }
            for v in dr.values.iter().filter(|v| !all_resources(v)) {
                push(Stream::data(&dr.r#type, Some(v)));
            }
        }
    }
    for sel in &trail.advanced_event_selectors {
        let field = |name: &str| sel.field_selectors.iter().find(|f| f.field == name);
        let category = field("eventCategory")
            .and_then(|f| f.equals.first())
            .map(String::as_str);
        match category {
            Some("Management") => push(Stream::management()),
            Some("NetworkActivity") => {
                for source in field("eventSource").map_or(&[][..], |f| &f.equals[..]) {
                    push(Stream {
                        category: "network_activity".to_owned(),
                        resource_type: None,
                        resource_arn: None,
                        event_source: Some(source.clone()),
                    });
                }
            }
            Some("Data") => {
                let Some(kind) = field("resources.type").and_then(|f| f.equals.first()) else {
                    continue;
                };
                let arns: Vec<&String> = field("resources.ARN")
                    .map(|f| f.equals.iter().chain(&f.starts_with).collect())
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
    out
}

/// Where the trails go: the account they belong to and the regions the file models.
#[derive(Debug, Clone, Default)]
pub(crate) struct Placement {
    /// `--account`: the account of the imported trails (default: `management` when an
    /// organization trail needs one, else none).
    pub(crate) account: Option<String>,
    /// `--region`: a region besides the trails' home regions.
    pub(crate) region: Option<String>,
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

/// What an update added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    pub regions: Vec<String>,
    pub accounts: Vec<String>,
    pub volumes: usize,
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
    let mut regions: Vec<String> = Vec::new();
    let mut add_region = |r: &str| {
        if !regions.iter().any(|x| x == r) {
            regions.push(r.to_owned());
        }
    };
    for t in &imported.trails {
        if let Some(r) = &t.home_region {
            add_region(r);
        }
    }
    if let Some(r) = &placement.region {
        add_region(r);
    }
    let organization = imported.trails.iter().any(|t| t.organization);
    let account = placement
        .account
        .clone()
        .or_else(|| organization.then(|| "management".to_owned()));
    let mut wanted: Vec<Stream> = Vec::new();
    for t in &imported.trails {
        for s in streams(t) {
            if !wanted.contains(&s) {
                wanted.push(s);
            }
        }
    }
    let unresolved: Vec<(String, String)> = imported
        .trails
        .iter()
        .flat_map(|t| {
            t.unresolved.iter().map(|u| {
                (
                    u.expression.clone(),
                    format!(
                        "{} of trail {}{}",
                        u.property,
                        t.name,
                        u.at.as_ref().map(|a| format!(" ({a})")).unwrap_or_default()
                    ),
                )
            })
        })
        .collect();

    let Some(text) = existing else {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Usage for the trails of {source}: event volumes per month. Replace the zeros with\n\
             # measured volumes (`trailplan usage logs` reads them from CloudTrail's log files)."
        );
        let _ = writeln!(out, "format = 1");
        let _ = writeln!(out, "name = {}", quote(&format!("usage for {source}")));
        let _ = writeln!(out, "regions = {}", array(&regions));
        if let Some(name) = &account {
            write_account(&mut out, name, organization);
        }
        for s in &wanted {
            write_volume(&mut out, s);
        }
        write_unresolved(&mut out, &unresolved);
        return Ok((
            out,
            Added {
                regions,
                accounts: account.into_iter().collect(),
                volumes: wanted.len(),
            },
        ));
    };

    let parsed: Existing = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = text.to_owned();
    let mut added = Added::default();
    if let Some(have) = &parsed.regions {
        let mut all = have.get_ref().clone();
        for r in &regions {
            if !all.contains(r) {
                all.push(r.clone());
                added.regions.push(r.clone());
            }
        }
        if !added.regions.is_empty() {
            out.replace_range(have.span(), &array(&all));
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if let Some(name) = &account
        && !parsed.account.iter().any(|a| &a.name == name)
        && (!parsed.account.is_empty() || organization)
    {
        write_account(&mut out, name, organization && parsed.account.is_empty());
        added.accounts.push(name.clone());
    }
    for s in &wanted {
        let have = parsed.volume.iter().any(|v| {
            v.category == s.category
                && v.resource_type == s.resource_type
                && v.resource_arn == s.resource_arn
                && v.event_source == s.event_source
        });
        if !have {
            write_volume(&mut out, s);
            added.volumes = added.volumes.saturating_add(1);
        }
    }
    let missing: Vec<(String, String)> = unresolved
        .into_iter()
        .filter(|(key, _)| !text.contains(&quote(key)))
        .collect();
    write_unresolved(&mut out, &missing);
    Ok((out, added))
}

fn write_account(out: &mut String, name: &str, management: bool) {
    let _ = writeln!(out, "\n[[account]]\nname = {}", quote(name));
    if management {
        let _ = writeln!(
            out,
            "management = true  # an organization trail is created in the management account"
        );
    }
}

fn write_volume(out: &mut String, s: &Stream) {
    let _ = writeln!(out, "\n[[volume]]\ncategory = {}", quote(&s.category));
    if let Some(t) = &s.resource_type {
        let _ = writeln!(out, "resource_type = {}", quote(t));
    }
    if let Some(a) = &s.resource_arn {
        let _ = writeln!(out, "resource_arn = {}", quote(a));
    }
    if let Some(e) = &s.event_source {
        let _ = writeln!(out, "event_source = {}", quote(e));
    }
    out.push_str("read = 0\nwrite = 0\n");
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
        let _ = writeln!(out, "# {} = \"\"  # {}", quote(key), one_line(what));
    }
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn array(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| quote(v)).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML basic string.
fn quote(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
        imported.trails[0].home_region = Some("eu-west-1".to_owned());
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
