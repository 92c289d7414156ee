//! Writes imported trails as `[[trail]]` tables of a format-1 scenario (SPEC §3), with comments
//! that say where each trail came from and what could not be known. The trails are raw structs
//! already, rendered by the scenario's one writer.

use super::{Imported, ImportedTrail};
use crate::scenario::raw::{RawAccount, RawScenario, RawTrail, S};
use crate::scenario::write;
use toml_edit::{Array, Table, Value};

/// The `[[trail]]` tables of a scenario, without the rest.
#[derive(serde::Serialize)]
struct Trails {
    trail: Vec<RawTrail>,
}

/// A value without a place in any text.
fn s<T>(value: T) -> S<T> {
    S::new(0..0, value)
}

impl Imported {
    /// Renders the trails as `[[trail]]` tables, each preceded by `# from <file> <address>` and
    /// by `# unknown: ...` lines for the values that could not be known; `account = ...` is set
    /// on every trail when given. Source-wide notes come first, as `# note: ...` lines.
    #[must_use]
    pub(crate) fn to_toml(&self, account: Option<&str>) -> String {
        let mut notes: String = self
            .unfetched
            .iter()
            .map(|m| write::comment("unresolved", &m.describe()))
            .chain(self.notes.iter().map(|note| write::comment("note", note)))
            .collect();
        if self.trails.is_empty() {
            return notes;
        }
        if !notes.is_empty() {
            notes.push('\n');
        }
        let raw = Trails {
            trail: self.trails.iter().map(|t| t.to_raw(account)).collect(),
        };
        // A trail holds strings, booleans and lists of them, which TOML always holds: the
        // writer cannot refuse it.
        let Ok(mut doc) = write::document(&raw) else {
            return notes;
        };
        let tables = write::tables_mut(doc.as_table_mut(), "trail");
        for (i, (table, trail)) in tables.into_iter().zip(&self.trails).enumerate() {
            let lead = if i == 0 { notes.as_str() } else { "\n" };
            decorate(table, trail, lead);
        }
        doc.to_string()
    }

    /// `trailplan import`: a whole format-1 scenario around the trails, its regions those of the
    /// trails, ready for `[[account]]` and `[[volume]]` tables. `file` names the source.
    #[must_use]
    pub fn to_scenario_toml(&self, file: &str, account: Option<&str>) -> String {
        let mut regions: Vec<&str> = self
            .trails
            .iter()
            .filter_map(ImportedTrail::home_region)
            .collect();
        regions.sort_unstable();
        regions.dedup();
        let raw = RawScenario {
            format: s(1),
            name: s(format!("imported from {file}")),
            regions: s(regions.iter().map(|r| s((*r).to_owned())).collect()),
            account: account
                .map(|name| {
                    s(RawAccount {
                        name: s(name.to_owned()),
                        id: None,
                        // An organization trail is created in the management account (SPEC §1, §7).
                        management: self.trails.iter().any(|t| t.trail.organization),
                        delegated_admin: false,
                    })
                })
                .into_iter()
                .collect(),
            ..RawScenario::empty()
        };
        let mut head = write::to_string(&raw).unwrap_or_default();
        head.insert_str(
            0,
            &format!(
                "# Trails imported from {}. Add [[account]] and [[volume]] tables (or keep this file's\n\
                 # trails and plan them with --usage) before planning.\n",
                write::one_line(file)
            ),
        );
        head.push('\n');
        head.push_str(&self.to_toml(account));
        head
    }
}

/// An imported trail states every value it read, defaults included, under the comments that say
/// where it came from and what was unknown.
fn decorate(table: &mut Table, trail: &ImportedTrail, lead: &str) {
    let mut comments = lead.to_owned();
    let origin = format!("{} {}", trail.origin.file, trail.origin.address);
    comments.push_str("# from ");
    comments.push_str(&write::one_line(&origin));
    comments.push('\n');
    for unknown in &trail.unknowns {
        comments.push_str(&write::comment("unknown", unknown));
    }
    if trail.home_region().is_none() {
        comments.push_str(&write::comment(
            "unknown",
            "home_region is not in the source; it comes from --region or the usage file",
        ));
    }
    write::set_comments(table, &comments);
    let empty = || Some(Value::Array(Array::new()));
    write::with_defaults(
        table,
        &[
            ("name", None),
            ("account", None),
            ("home_region", None),
            ("multi_region", Some(Value::from(false))),
            ("organization", Some(Value::from(false))),
            ("include_global_service_events", Some(Value::from(true))),
            ("logging", Some(Value::from(true))),
            ("cloudwatch_logs", Some(Value::from(false))),
            ("insights", empty()),
            ("data_insights", empty()),
        ],
    );
    for selector in write::tables_mut(table, "event_selector") {
        write::with_defaults(
            selector,
            &[
                ("read_write_type", Some(Value::from("All"))),
                ("include_management_events", Some(Value::from(true))),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
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
