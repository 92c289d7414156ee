//! The scenario that a usage reader writes: `regions`, `[[account]]` and `[[volume]]` as the TOML of
//! SPEC §3, serialized by the toml crate, under header comments that say what was read.

use serde::Serialize;

/// A format-1 scenario without trails.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub(crate) format: u8,
    pub(crate) name: String,
    pub(crate) regions: Vec<String>,
    #[serde(rename = "account", skip_serializing_if = "Vec::is_empty")]
    pub(crate) accounts: Vec<WrittenAccount>,
    #[serde(rename = "volume", skip_serializing_if = "Vec::is_empty")]
    pub(crate) volumes: Vec<WrittenVolume>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct WrittenAccount {
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
}

/// One `[[volume]]` block for one account and region.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct WrittenVolume {
    pub(crate) accounts: Vec<String>,
    pub(crate) regions: Vec<String>,
    pub(crate) category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) resource_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) resource_arn: Option<String>,
    pub(crate) read: u64,
    pub(crate) write: u64,
}

impl Written {
    /// The TOML text: every header line as a `# ` comment, a blank line, then the tables.
    pub fn to_toml(&self, header: &[String]) -> Result<String, String> {
        let body = toml::to_string(self).map_err(|e| e.to_string())?;
        let mut out = String::with_capacity(body.len() + 80 * header.len());
        for line in header {
            // A TOML comment holds no control character: text from the evidence (a bill's usage
            // type, a file name) is shown escaped, one comment line per line of the note.
            for part in line.split('\n') {
                out.push_str("# ");
                out.push_str(&crate::text::terminal(part));
                out.push('\n');
            }
        }
        out.push('\n');
        out.push_str(&body);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_notes_stay_inside_their_comment() {
        // Found by fuzzing `usage bill`: a usage type `EU-D\u{1}\0aEventsRecorded` went raw into
        // the "Not modelled" note, and the TOML did not parse.
        let w = Written {
            format: 1,
            name: "bill".into(),
            regions: vec!["us-east-1".into()],
            accounts: Vec::new(),
            volumes: Vec::new(),
        };
        let header = ["Not modelled: EU-D\u{1}\0aEventsRecorded\r\u{7f}\u{1b}[2J".to_string()];
        let text = w.to_toml(&header).unwrap();
        assert!(
            text.starts_with(
                "# Not modelled: EU-D\\u{1}\\u{0}aEventsRecorded\\r\\u{7f}\\u{1b}[2J\n"
            ),
            "{text}"
        );
        assert!(text.parse::<toml::Table>().is_ok(), "{text}");
    }

    #[test]
    fn written_scenarios_parse_back() {
        let w = Written {
            format: 1,
            name: "from \"the\" bill".into(),
            regions: vec!["us-east-1".into()],
            accounts: vec![WrittenAccount {
                name: "111111111111".into(),
                id: Some("111111111111".into()),
            }],
            volumes: vec![WrittenVolume {
                accounts: vec!["111111111111".into()],
                regions: vec!["us-east-1".into()],
                category: "management",
                resource_type: None,
                resource_arn: None,
                read: 9,
                write: 1,
            }],
        };
        let text = w.to_toml(&["two\nlines".into()]).unwrap();
        assert!(text.starts_with("# two\n# lines\n\nformat = 1\n"), "{text}");
        let s = crate::scenario::parse(crate::error::SourceFile::new("w.toml", text)).unwrap();
        assert_eq!(s.accounts[0].id.as_deref(), Some("111111111111"));
        assert_eq!((s.volumes[0].read, s.volumes[0].write), (9, 1));
    }
}
