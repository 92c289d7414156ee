//! Baselines, as checkov keeps them: a file of the findings a team has already seen, so that a gate
//! put on an existing design fails only on what a change adds.
//!
//! `check --write-baseline FILE` records the findings of this run; `check --baseline FILE` moves
//! the findings it records out of the report and out of the gate, and counts them. A finding's
//! identity (version 2, SPEC §4) is its rule, the scenario file (as named on the command line), the
//! trail, the account, the region and the subject (the selector, volume, API group or value it is
//! about) — never the message, whose numbers move with every volume. The baseline records how many
//! findings share each identity: one more of the same is new. The file is JSON, sorted and free of
//! dates, so that it diffs cleanly in review.

use crate::error::Error;
use crate::plan::Plan;
use crate::rules::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The version of the baseline file format.
const VERSION: u32 = 2;

/// What identifies a finding across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Key {
    rule: crate::codes::Rule,
    file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    trail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
}

impl Key {
    /// The key of a finding reported on the scenario file `file`.
    pub(crate) fn of(finding: &Finding, file: &str) -> Key {
        Key {
            rule: finding.rule,
            file: file.to_string(),
            trail: finding.trail.clone(),
            account: finding.account.clone(),
            region: finding.region.clone(),
            subject: finding.subject.clone(),
        }
    }

    /// The key as one string, for SARIF's `partialFingerprints` (`trailplan/v2`): its parts
    /// joined by `/`, each with `%` and `/` escaped so that no two keys join alike.
    pub(crate) fn fingerprint(&self) -> String {
        let part = |s: Option<&str>| s.unwrap_or("").replace('%', "%25").replace('/', "%2F");
        [
            part(Some(self.rule.as_str())),
            part(Some(&self.file)),
            part(self.trail.as_deref()),
            part(self.account.as_deref()),
            part(self.region.as_deref()),
            part(self.subject.as_deref()),
        ]
        .join("/")
    }
}

/// One identity and how many findings had it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(flatten)]
    key: Key,
    count: usize,
}

/// The findings a team accepted as they were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Baseline {
    findings: BTreeMap<Key, usize>,
}

/// The file: the version, then the identities in order with their counts.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// Only the version, read first so that an old file gets a message about its version.
#[derive(Debug, Deserialize)]
struct Version {
    version: u32,
}

impl Baseline {
    /// Today's findings of every plan.
    pub(crate) fn record(plans: &[Plan]) -> Baseline {
        let mut findings = BTreeMap::new();
        for p in plans {
            for f in &p.findings {
                *findings
                    .entry(Key::of(f, &p.scenario.source.name))
                    .or_insert(0) += 1;
            }
        }
        Baseline { findings }
    }

    /// How many findings it records.
    pub(crate) fn len(&self) -> usize {
        self.findings.values().sum()
    }

    /// The file's text: pretty JSON, keys sorted, one trailing newline.
    fn to_json(&self) -> String {
        let file = File {
            version: VERSION,
            findings: self
                .findings
                .iter()
                .map(|(key, count)| Entry {
                    key: key.clone(),
                    count: *count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        text
    }

    /// Writes the baseline to `path` whole, under a lock (two CI jobs at once take turns).
    pub(crate) fn write(&self, path: &Path) -> Result<(), Error> {
        let text = self.to_json();
        crate::output::write_file_locked(path, |out| out.write_all(text.as_bytes()))
    }

    /// Reads a baseline written by `--write-baseline`; a file of another version is refused with
    /// the command that rewrites it.
    pub(crate) fn load(path: &Path) -> Result<Baseline, Error> {
        let file = path.display().to_string();
        let bytes = crate::scenario::read_capped(path, "baselines")?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Read {
            file: file.clone(),
            message: format!(
                "cannot read the baseline: not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let invalid = |e: serde_json::Error| Error::Invalid {
            file: file.clone(),
            location: Some(crate::error::Location {
                line: e.line(),
                column: e.column(),
            }),
            message: format!("not a trailplan baseline: {e}"),
            snippet: None,
        };
        let version: Version = serde_json::from_str(&text).map_err(invalid)?;
        if version.version != VERSION {
            return Err(Error::Invalid {
                file: file.clone(),
                location: None,
                message: format!(
                    "baseline version {} is not supported: this trailplan reads and writes version \
                     {VERSION}, whose findings are identified by their subject too and counted; \
                     rewrite it with `trailplan check SCENARIO... --write-baseline {file}`",
                    version.version
                ),
                snippet: None,
            });
        }
        let parsed: File = serde_json::from_str(&text).map_err(invalid)?;
        let mut findings = BTreeMap::new();
        for entry in parsed.findings {
            let count = findings.entry(entry.key).or_insert(0);
            *count += entry.count;
        }
        Ok(Baseline { findings })
    }

    /// Moves the findings of `plan` that this baseline records out of it, at most as many of each
    /// identity as it records, and counts them in `plan.baselined`; returns how many.
    pub(crate) fn apply(&self, plan: &mut Plan) -> usize {
        let file = plan.scenario.source.name.clone();
        let mut left = self.findings.clone();
        let before = plan.findings.len();
        plan.findings
            .retain(|f| match left.get_mut(&Key::of(f, &file)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            });
        let hidden = before - plan.findings.len();
        plan.baselined = Some(hidden);
        hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(rule: &str, trail: Option<&str>, subject: Option<&str>) -> Key {
        Key {
            rule: rule.parse().unwrap(),
            file: "s.toml".into(),
            trail: trail.map(Into::into),
            account: None,
            region: None,
            subject: subject.map(Into::into),
        }
    }

    #[test]
    fn the_file_is_sorted_counted_and_round_trips() {
        let baseline = Baseline {
            findings: [
                (key("CT101", Some("b"), None), 1),
                (key("CT012", Some("a"), None), 1),
                (key("CT006", Some("a"), Some("field=eventNme")), 2),
                (key("CT120", None, None), 1),
            ]
            .into_iter()
            .collect(),
        };
        let text = baseline.to_json();
        let ct006 = text.find("CT006").unwrap();
        let ct012 = text.find("CT012").unwrap();
        let ct101 = text.find("CT101").unwrap();
        assert!(ct006 < ct012 && ct012 < ct101, "{text}");
        assert!(!text.contains("null"), "{text}");
        assert!(text.contains("\"version\": 2"), "{text}");
        assert!(text.contains("\"count\": 2"), "{text}");
        assert_eq!(baseline.len(), 5);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        baseline.write(&path).unwrap();
        assert_eq!(Baseline::load(&path).unwrap(), baseline);
    }

    #[test]
    fn fingerprints_of_different_keys_differ() {
        let a = key("CT006", Some("a/b"), None).fingerprint();
        let b = key("CT006", Some("a"), Some("b")).fingerprint();
        assert_ne!(a, b);
        assert_eq!(a, "CT006/s.toml/a%2Fb///");
    }
}
