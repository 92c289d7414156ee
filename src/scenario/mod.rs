//! Reading scenario files: bytes from disk, TOML into the raw structs of [`raw`], then validation
//! into the model.
//! Every failure names the file, and the line and column where the TOML says where.

pub mod prices;
pub mod raw;
mod validate;

pub use validate::{build, build_with_trails};

use crate::error::{Error, SourceFile};
use crate::limits::MAX_FILE_BYTES;
use crate::model::Scenario;
use std::path::Path;

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
    build(raw, source)
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
