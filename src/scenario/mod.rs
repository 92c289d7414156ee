//! Reading scenario files: bytes from disk, TOML into the raw structs of `raw`, then validation
//! into the model.
//! Every failure names the file, and the line and column where the TOML says where.

mod fast;
pub mod init;
pub(crate) mod prices;
pub mod raw;
pub mod schema;
mod validate;
pub mod write;

pub(crate) use validate::{build, build_with_trails};

use crate::error::{Error, SourceFile};
use crate::limits::MAX_FILE_BYTES;
use crate::model::Scenario;
use std::path::Path;

/// Reads a file as UTF-8 text, refusing directories, huge files and binary data.
///
/// The cap counts the bytes actually read, not the size the file system reports: `/dev/zero`, a
/// FIFO or `/dev/stdin` report none and would otherwise be read until memory runs out.
///
/// The path `-` is standard input, named `<stdin>` in messages, read under the same cap.
pub(crate) fn read_source(path: &Path) -> Result<SourceFile, Error> {
    let name = display_name(path);
    let bytes = read_capped(path, "scenario files")?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let byte = bytes.get(valid).copied().unwrap_or_default();
        let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default()).into_owned();
        SourceFile::new(name.clone(), prefix).error_at(
            Some(valid..valid),
            format!("is not UTF-8 text: byte 0x{byte:02x} cannot start or continue a character"),
        )
    })?;
    Ok(SourceFile::new(name, text))
}

/// Reads at most [`MAX_FILE_BYTES`] bytes of `path`: one more is refused, whatever the file system
/// says of the file's size. `what` names the kind of file in the message.
pub(crate) fn read_capped(path: &Path, what: &str) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let name = display_name(path);
    let read_err = |message: String| Error::Read {
        file: name.clone(),
        message,
    };
    if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| read_err(describe_io(&e)))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(read_err(format!(
                "is over {MAX_FILE_BYTES} bytes; {what} are read up to {MAX_FILE_BYTES} bytes (64 MiB)"
            )));
        }
        return Ok(bytes);
    }
    let meta = std::fs::metadata(path).map_err(|e| read_err(describe_io(&e)))?;
    if meta.is_dir() {
        return Err(read_err("is a directory, not a scenario file".into()));
    }
    let too_big = || {
        read_err(format!(
            "is over {MAX_FILE_BYTES} bytes; {what} are read up to {MAX_FILE_BYTES} bytes (64 MiB)"
        ))
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| read_err(describe_io(&e)))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.take(MAX_FILE_BYTES.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| read_err(describe_io(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The name standard input goes by in messages and reports.
const STDIN_NAME: &str = "<stdin>";

/// Whether a path is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How a path is named in messages: as given, or `<stdin>` for `-`.
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    }
}

/// The scenarios a command-line argument names: a file (or `-`) as it is, a folder its `*.toml`
/// files (not its subfolders, not hidden files), sorted by name.
pub fn expand_folder(path: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    if is_stdin(path) || !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let read_err = |message: String| Error::Read {
        file: path.display().to_string(),
        message,
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| read_err(describe_io(&e)))? {
        let entry = entry.map_err(|e| read_err(describe_io(&e)))?;
        let name = entry.file_name();
        let Some(text) = name.to_str() else { continue };
        if text.starts_with('.') || !is_toml(text) {
            continue;
        }
        let file = entry.path();
        if file.is_file() {
            found.push(file);
        }
    }
    if found.is_empty() {
        return Err(read_err(
            "is a folder with no *.toml scenario in it (subfolders are not searched)".into(),
        ));
    }
    found.sort();
    Ok(found)
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Parses TOML text into the raw structs, turning toml's error into one with line and column.
///
/// Plain TOML is read in one pass ([`fast`]); anything else, and every error, goes through toml.
pub(crate) fn parse_raw<T: serde::de::DeserializeOwned>(source: &SourceFile) -> Result<T, Error> {
    if let Some(raw) = fast::parse(&source.text) {
        return Ok(raw);
    }
    toml::from_str(&source.text).map_err(|e| {
        let message = with_suggestion(e.message().trim_end());
        match e.span() {
            Some(span) => source.error_at(Some(span), message),
            // toml stops at its recursion limit without a place; the only way to reach it is a
            // key of too many dotted levels, which is found here.
            None => match deep_dotted_key(&source.text) {
                Some(at) => source.error_at(
                    Some(at..at),
                    format!("a key of more than {DOTTED_KEY_LEVELS} dotted levels ({message})"),
                ),
                None => source.error_at(None, message),
            },
        }
    })
}

/// serde's "unknown field `y`, expected one of `x`, ..." (and "unknown variant") with the nearest
/// expected name after the unknown one: "unknown field `y`; did you mean `x`? Expected one of
/// `x`, ...". Other messages, and those with no name near, are kept as they are.
fn with_suggestion(message: &str) -> String {
    let kind = ["unknown field `", "unknown variant `"]
        .into_iter()
        .find(|p| message.starts_with(p));
    let Some(kind) = kind else {
        return message.to_owned();
    };
    let Some((word, expected)) = message[kind.len()..].split_once("`, expected ") else {
        return message.to_owned();
    };
    // The expected names are the backquoted ones: `a`, `b` or `c`.
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let hint = crate::text::did_you_mean(word, names);
    if hint.is_empty() {
        return message.to_owned();
    }
    format!("{kind}{word}`{hint} Expected {expected}")
}

/// The deepest dotted key toml reads: a key (or table header) with more parts is refused.
const DOTTED_KEY_LEVELS: usize = 80;

/// The byte offset of the first key or table header with more than [`DOTTED_KEY_LEVELS`] parts.
fn deep_dotted_key(text: &str) -> Option<usize> {
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset = offset.saturating_add(line.len());
        let trimmed = line.trim_start();
        let indent = line.len().saturating_sub(trimmed.len());
        let mut dots = 0usize;
        let mut quote = None;
        for c in trimmed.chars() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '.') => dots = dots.saturating_add(1),
                (None, '=' | ']' | '#') => break,
                _ => {}
            }
        }
        if dots >= DOTTED_KEY_LEVELS {
            return Some(start.saturating_add(indent));
        }
    }
    None
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
pub(crate) struct ImportSettings {
    /// Values known only at deploy time, keyed by the expression as written.
    pub(crate) values: std::collections::BTreeMap<String, toml::Value>,
    /// CloudFormation parameters, as text.
    pub(crate) parameters: std::collections::BTreeMap<String, String>,
}

/// Reads the `[import]` table of a usage file.
pub(crate) fn import_settings(usage: &Path) -> Result<ImportSettings, Error> {
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

/// A scenario file in a folder: its name ends in `.toml`, as written (`.TOML` is not one).
#[allow(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "a folder's scenarios are the files it names `*.toml`"
)]
fn is_toml(name: &str) -> bool {
    name.ends_with(".toml")
}

#[cfg(test)]
mod tests {
    use crate::error::{Error, Location, SourceFile};

    fn invalid(text: &str) -> (Option<Location>, String) {
        match super::parse(SourceFile::new("s.toml", text)) {
            Err(Error::Invalid {
                location, message, ..
            }) => (location, message),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unknown_key_or_value_names_the_nearest_one() {
        let head = "format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n";
        let (at, message) = invalid(&format!(
            "{head}[[trail]]\nname = \"t\"\nhome_regon = \"us-east-1\"\n"
        ));
        assert_eq!(at, Some(Location { line: 6, column: 1 }));
        assert!(
            message.starts_with(
                "unknown field `home_regon`; did you mean `home_region`? Expected one of `name`, "
            ),
            "{message}"
        );
        let (at, message) = invalid(&format!("{head}[[volume]]\ncategory = \"managment\"\n"));
        assert_eq!(
            at,
            Some(Location {
                line: 5,
                column: 12
            })
        );
        assert_eq!(
            message,
            "unknown variant `managment`; did you mean `management`? Expected one of \
             `management`, `data`, `network_activity`"
        );
        let (_, message) = invalid(&format!("{head}colour = 1\n"));
        assert!(
            message.starts_with("unknown field `colour`, expected one of"),
            "{message}"
        );
    }
}
