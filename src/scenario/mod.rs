//! Reading scenario files: bytes from disk, TOML into the raw structs of [`raw`], then the model.
//! Every failure names the file, and the line and column where the TOML says where.

pub mod raw;

use crate::error::{Error, SourceFile};
use crate::model::{self, Scenario};
use std::path::Path;

/// Files larger than this are refused before they are parsed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file as UTF-8 text, refusing directories, huge files and binary data.
pub fn read_source(path: &Path) -> Result<SourceFile, Error> {
    let name = path.display().to_string();
    let read_err = |message: String| Error::Read {
        file: name.clone(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| read_err(describe_io(&e)))?;
    if meta.is_dir() {
        return Err(read_err("is a directory, not a scenario file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_err(format!(
            "is {} bytes; scenario files are read up to {MAX_FILE_BYTES} bytes (64 MiB)",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| read_err(describe_io(&e)))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        read_err(format!(
            "is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(SourceFile::new(name, text))
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Parses TOML text into the raw structs, turning toml's error into one with line and column.
pub fn parse_raw<T: serde::de::DeserializeOwned>(source: &SourceFile) -> Result<T, Error> {
    toml::from_str(&source.text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        source.error_at(e.span(), message)
    })
}

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, Error> {
    parse(read_source(path)?)
}

/// Parses and validates scenario text already read.
pub fn parse(source: SourceFile) -> Result<Scenario, Error> {
    let raw = parse_raw(&source)?;
    model::build(raw, source)
}

/// The trails of an infrastructure file, as `[[trail]]` tables.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrails {
    #[serde(default)]
    trail: Vec<raw::S<raw::RawTrail>>,
}

/// Trails imported from Terraform, CloudFormation or the AWS CLI, planned against a *usage* file:
/// the scenario format whose accounts, regions, volumes, policy and prices the trails meet.
///
/// Imported trails belong to `account` (default: the usage file's management account, else its
/// only account) and, when their source does not say, to `region` (default: the usage file's only
/// region).
pub fn load_with_imported(
    usage: &Path,
    imported: &crate::import::Imported,
    account: Option<&str>,
    region: Option<&str>,
) -> Result<Scenario, Error> {
    let source = read_source(usage)?;
    let raw: raw::RawScenario = parse_raw(&source)?;
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
    let own_trails = raw.trail.len();
    let mut unresolved = Vec::new();
    let mut trails = Vec::new();
    for trail in &imported.trails {
        unresolved.push(
            trail
                .unresolved
                .iter()
                .filter(|u| u.decides)
                .map(|u| model::UnresolvedValue {
                    property: u.property.clone(),
                    expression: u.expression.clone(),
                    at: u.at.clone(),
                })
                .collect::<Vec<_>>(),
        );
        let origin = format!("{} ({})", trail.origin.file, trail.origin.address);
        let mut trail = trail.clone();
        let home = match trail.home_region.clone().or_else(|| region.clone()) {
            Some(home) => home,
            None => {
                return Err(Error::usage(format!(
                    "trail {} from {origin} has no home region: pass --region",
                    trail.name
                )));
            }
        };
        if !regions.contains(&home.as_str()) {
            return Err(source.error_at(
                Some(raw.regions.span()),
                format!(
                    "trail {} from {origin} is in region `{home}`, which this usage file does not declare",
                    trail.name
                ),
            ));
        }
        trail.home_region = Some(home);
        let text = crate::import::Imported {
            trails: vec![trail],
            notes: Vec::new(),
        }
        .to_toml(account.as_deref());
        let file = SourceFile::new(origin.clone(), text);
        let parsed: RawTrails = parse_raw(&file)?;
        for t in parsed.trail {
            trails.push((t, file.clone(), origin.clone()));
        }
    }
    let mut notes: Vec<String> = imported
        .notes
        .iter()
        .map(|n| format!("note: {n}"))
        .collect();
    for trail in &imported.trails {
        for u in &trail.unknowns {
            notes.push(format!("unknown: trail {}: {u}", trail.name));
        }
    }
    let mut scenario = model::build_with_trails(raw, source, trails)?;
    scenario.import_notes = notes;
    for (i, values) in unresolved.into_iter().enumerate() {
        if let Some(trail) = scenario.trails.get_mut(own_trails.saturating_add(i)) {
            trail.unresolved = values;
        }
    }
    Ok(scenario)
}

/// What a usage file tells the importers: `[import.values]` and `[import.parameters]`.
#[derive(Debug, Clone, Default)]
pub struct ImportSettings {
    /// Values known only at deploy time, keyed by the expression as written.
    pub values: std::collections::BTreeMap<String, toml::Value>,
    /// CloudFormation parameters, as text.
    pub parameters: std::collections::BTreeMap<String, String>,
}

/// Reads the `[import]` table of a usage file.
pub fn import_settings(usage: &Path) -> Result<ImportSettings, Error> {
    let source = read_source(usage)?;
    let raw: raw::RawScenario = parse_raw(&source)?;
    let Some(import) = raw.import else {
        return Ok(ImportSettings::default());
    };
    let mut parameters = std::collections::BTreeMap::new();
    for (name, value) in import.parameters {
        let text = match value.get_ref() {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Array(items) => {
                let mut parts = Vec::new();
                for item in items {
                    match item {
                        toml::Value::String(s) => parts.push(s.clone()),
                        _ => {
                            return Err(source.error_at(
                                Some(value.span()),
                                format!("import.parameters.{name}: a list parameter holds strings"),
                            ));
                        }
                    }
                }
                parts.join(",")
            }
            _ => {
                return Err(source.error_at(
                    Some(value.span()),
                    format!(
                        "import.parameters.{name}: a parameter is a string, an integer or a boolean"
                    ),
                ));
            }
        };
        parameters.insert(name, text);
    }
    Ok(ImportSettings {
        values: import.values,
        parameters,
    })
}
