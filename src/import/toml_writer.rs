//! Writes imported trails as `[[trail]]` tables of a format-1 scenario (SPEC §3), with comments
//! that say where each trail came from and what could not be known.

use std::fmt::Write as _;

use super::{AdvancedSelector, ApiName, BasicSelector, Imported, ImportedTrail};

impl Imported {
    /// Renders the trails as `[[trail]]` tables, each preceded by `# from <file> <address>` and
    /// by `# unknown: ...` lines for the values that could not be known; `account = ...` is set
    /// on every trail when given. Source-wide notes come first, as `# note: ...` lines.
    #[must_use]
    pub(crate) fn to_toml(&self, account: Option<&str>) -> String {
        let mut out = String::new();
        for note in &self.notes {
            comment(&mut out, "note", note);
        }
        for trail in &self.trails {
            if !out.is_empty() {
                out.push('\n');
            }
            write_trail(&mut out, trail, account);
        }
        out
    }

    /// `trailplan import`: a whole format-1 scenario around the trails, its regions those of the
    /// trails, ready for `[[account]]` and `[[volume]]` tables. `file` names the source.
    #[must_use]
    pub fn to_scenario_toml(&self, file: &str, account: Option<&str>) -> String {
        let mut regions: Vec<&str> = self
            .trails
            .iter()
            .filter_map(|t| t.home_region.as_deref())
            .collect();
        regions.sort_unstable();
        regions.dedup();
        let quoted: Vec<String> = regions.iter().map(|r| string(r)).collect();
        let mut out = format!(
            "# Trails imported from {}. Add [[account]] and [[volume]] tables (or keep this file's\n\
             # trails and plan them with --usage) before planning.\nformat = 1\nname = {}\nregions = [{}]\n",
            one_line(file),
            string(&format!("imported from {file}")),
            quoted.join(", ")
        );
        if let Some(account) = account {
            let _ = write!(out, "\n[[account]]\nname = {}\n", string(account));
            // An organization trail is created in the management account (SPEC §1, §7).
            if self.trails.iter().any(|t| t.organization) {
                out.push_str("management = true\n");
            }
        }
        out.push('\n');
        out.push_str(&self.to_toml(account));
        out
    }
}

fn comment(out: &mut String, label: &str, text: &str) {
    let _ = writeln!(out, "# {label}: {}", one_line(text));
}

/// A comment ends at the end of its line: control characters (a newline in a file name would
/// inject lines) and bidi controls are shown escaped.
fn one_line(text: &str) -> String {
    crate::text::terminal(text).into_owned()
}

fn write_trail(out: &mut String, trail: &ImportedTrail, account: Option<&str>) {
    let origin = format!("{} {}", trail.origin.file, trail.origin.address);
    let _ = writeln!(out, "# from {}", one_line(&origin));
    for unknown in &trail.unknowns {
        comment(out, "unknown", unknown);
    }
    if trail.home_region.is_none() {
        comment(
            out,
            "unknown",
            "home_region is not in the source; it comes from --region or the usage file",
        );
    }
    out.push_str("[[trail]]\n");
    let _ = writeln!(out, "name = {}", string(&trail.name));
    if let Some(account) = account {
        let _ = writeln!(out, "account = {}", string(account));
    }
    if let Some(region) = &trail.home_region {
        let _ = writeln!(out, "home_region = {}", string(region));
    }
    let _ = writeln!(out, "multi_region = {}", trail.multi_region);
    let _ = writeln!(out, "organization = {}", trail.organization);
    let _ = writeln!(
        out,
        "include_global_service_events = {}",
        trail.include_global_service_events
    );
    let _ = writeln!(out, "logging = {}", trail.logging);
    let _ = writeln!(out, "cloudwatch_logs = {}", trail.cloudwatch_logs);
    let _ = writeln!(out, "insights = {}", names(&trail.insights));
    let _ = writeln!(out, "data_insights = {}", names(&trail.data_insights));
    for selector in &trail.event_selectors {
        write_basic(out, selector);
    }
    for selector in &trail.advanced_event_selectors {
        write_advanced(out, selector);
    }
}

fn write_basic(out: &mut String, selector: &BasicSelector) {
    out.push_str("\n[[trail.event_selector]]\n");
    let _ = writeln!(
        out,
        "read_write_type = {}",
        string(selector.read_write_type.api_name())
    );
    let _ = writeln!(
        out,
        "include_management_events = {}",
        selector.include_management_events
    );
    if !selector.exclude_management_event_sources.is_empty() {
        let _ = writeln!(
            out,
            "exclude_management_event_sources = {}",
            array(&selector.exclude_management_event_sources)
        );
    }
    if !selector.data_resources.is_empty() {
        out.push_str("data_resources = [\n");
        for resource in &selector.data_resources {
            let _ = writeln!(
                out,
                "  {{ type = {}, values = {} }},",
                string(&resource.r#type),
                array(&resource.values)
            );
        }
        out.push_str("]\n");
    }
}

fn write_advanced(out: &mut String, selector: &AdvancedSelector) {
    out.push_str("\n[[trail.advanced_event_selector]]\n");
    if let Some(name) = &selector.name {
        let _ = writeln!(out, "name = {}", string(name));
    }
    out.push_str("field_selectors = [\n");
    for fs in &selector.field_selectors {
        let mut parts = vec![format!("field = {}", string(&fs.field))];
        for (key, values) in [
            ("equals", &fs.equals),
            ("starts_with", &fs.starts_with),
            ("ends_with", &fs.ends_with),
            ("not_equals", &fs.not_equals),
            ("not_starts_with", &fs.not_starts_with),
            ("not_ends_with", &fs.not_ends_with),
        ] {
            if !values.is_empty() {
                parts.push(format!("{key} = {}", array(values)));
            }
        }
        let _ = writeln!(out, "  {{ {} }},", parts.join(", "));
    }
    out.push_str("]\n");
}

/// A list of scenario enums, by the names the scenario format reads.
fn names<T: ApiName>(values: &[T]) -> String {
    let items: Vec<String> = values.iter().map(|v| string(v.api_name())).collect();
    format!("[{}]", items.join(", "))
}

fn array(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| string(v)).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML string, quoted by `toml`'s own writer.
fn string(value: &str) -> String {
    toml::Value::String(value.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn strings_are_escaped() {
        let s = string("a\"b\\c\nd\u{1}é");
        let parsed: toml::Table = toml::from_str(&format!("k = {s}")).unwrap();
        assert_eq!(parsed["k"].as_str(), Some("a\"b\\c\nd\u{1}é"));
        assert_eq!(string("us-east-1"), "\"us-east-1\"");
        let parsed: toml::Table = toml::from_str(&format!("k = {}", string("a\u{7f}b"))).unwrap();
        assert_eq!(parsed["k"].as_str(), Some("a\u{7f}b"));
    }

    #[test]
    fn a_newline_in_a_file_name_cannot_inject_lines() {
        let imported = super::Imported::default();
        let text = imported.to_scenario_toml("a\nregions = [\"x\"]\n#", None);
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(
            parsed["regions"].as_array().map(Vec::len),
            Some(0),
            "{text}"
        );
        assert!(
            text.starts_with("# Trails imported from a\\nregions = [\"x\"]\\n#. Add"),
            "{text}"
        );
    }
}
