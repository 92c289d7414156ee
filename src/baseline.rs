//! Baselines, as checkov keeps them: a file of the findings a team has already seen, so that a gate
//! put on an existing design fails only on what a change adds.
//!
//! `check --write-baseline FILE` records the findings of this run; `check --baseline FILE` moves
//! every finding whose key is recorded out of the report and out of the gate, and counts them. The
//! key is the rule, the scenario file (as named on the command line), the trail, the account and
//! the region — never the message, whose numbers move with every volume. The file is JSON, sorted
//! and free of dates, so that it diffs cleanly in review.

use crate::error::Error;
use crate::plan::Plan;
use crate::rules::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The version of the baseline file format.
const VERSION: u32 = 1;

/// What identifies a finding across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub rule: crate::codes::Rule,
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl Key {
    /// The key of a finding reported on the scenario file `file`.
    pub fn of(finding: &Finding, file: &str) -> Key {
        Key {
            rule: finding.rule,
            file: file.to_string(),
            trail: finding.trail.clone(),
            account: finding.account.clone(),
            region: finding.region.clone(),
        }
    }
}

/// The findings a team accepted as they were.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: BTreeSet<Key>,
}

impl Baseline {
    /// Today's findings of every plan.
    pub fn record(plans: &[Plan]) -> Baseline {
        let findings = plans
            .iter()
            .flat_map(|p| {
                p.findings
                    .iter()
                    .map(|f| Key::of(f, &p.scenario.source.name))
            })
            .collect();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// The file's text: pretty JSON, keys sorted, one trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        text
    }

    /// Writes the baseline to `path`.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, self.to_json()).map_err(|e| Error::Read {
            file: path.display().to_string(),
            message: format!("cannot write the baseline: {e}"),
        })
    }

    /// Reads a baseline written by `--write-baseline`.
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let file = path.display().to_string();
        let bytes = crate::scenario::read_capped(path, "baselines")?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Read {
            file: file.clone(),
            message: format!(
                "cannot read the baseline: not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| Error::Invalid {
            file: file.clone(),
            location: Some(crate::error::Location {
                line: e.line(),
                column: e.column(),
            }),
            message: format!("not a trailplan baseline: {e}"),
            snippet: None,
        })?;
        if baseline.version != VERSION {
            return Err(Error::Invalid {
                file,
                location: None,
                message: format!(
                    "baseline version {} is not supported (this trailplan writes version {VERSION})",
                    baseline.version
                ),
                snippet: None,
            });
        }
        Ok(baseline)
    }

    /// Moves the findings of `plan` that this baseline records out of it, and counts them in
    /// `plan.baselined`; returns how many.
    pub fn apply(&self, plan: &mut Plan) -> usize {
        let file = plan.scenario.source.name.clone();
        let before = plan.findings.len();
        plan.findings
            .retain(|f| !self.findings.contains(&Key::of(f, &file)));
        let hidden = before - plan.findings.len();
        plan.baselined = Some(hidden);
        hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_sorted_and_round_trips() {
        let key = |rule: &str, trail: Option<&str>| Key {
            rule: rule.parse().unwrap(),
            file: "s.toml".into(),
            trail: trail.map(Into::into),
            account: None,
            region: None,
        };
        let baseline = Baseline {
            version: VERSION,
            findings: [
                key("CT101", Some("b")),
                key("CT012", Some("a")),
                key("CT120", None),
            ]
            .into_iter()
            .collect(),
        };
        let text = baseline.to_json();
        let ct012 = text.find("CT012").unwrap();
        let ct101 = text.find("CT101").unwrap();
        assert!(ct012 < ct101, "{text}");
        assert!(!text.contains("null"), "{text}");
        assert_eq!(serde_json::from_str::<Baseline>(&text).unwrap(), baseline);
    }
}
