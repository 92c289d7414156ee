//! Failures: a file that cannot be read, parsed or validated, and wrong use of the command line.
//!
//! Findings (quota breaches, paid copies, budget) are not errors: they are data, reported by the
//! rules and judged by the gate. An [`Error`] stops the run and maps to one exit code.

use std::fmt;

/// A place in a source file, 1-based, for messages that point into a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// Everything that makes trailplan give up on an input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read at all.
    #[error("{}: {}", one_line(.file), one_line(.message))]
    Read { file: String, message: String },
    /// The file was read but is not a valid scenario; `location` points at the offending text.
    #[error("{}", render_invalid(.file, .location, .message, .snippet))]
    Invalid {
        file: String,
        location: Option<Location>,
        message: String,
        snippet: Option<String>,
    },
    /// An output file could not be written; the file it would have replaced is untouched.
    #[error("{}: cannot write: {}", one_line(.file), one_line(.message))]
    Write { file: String, message: String },
    /// The command line was wrong in a way clap could not see (e.g. a bad `--today`).
    #[error("{}", one_line(.message))]
    Usage { message: String },
}

/// A file name or a message for one line of a terminal or a CI log: the file names, accounts,
/// amounts and keys a message quotes come from input, and a newline or a control character in
/// one (`\n::error file=x::forged`, ESC, BEL) is shown escaped (`\n`, `\u{1b}`) instead of
/// starting a line of its own. Every part of an [`Error`]'s rendering passes through here; the
/// snippet of [`Error::Invalid`] is escaped line by line when it is made.
#[must_use]
pub(crate) fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    crate::text::terminal(s)
}

#[allow(
    clippy::ref_option,
    reason = "the error's `#[error]` attribute hands its fields over by reference"
)]
fn render_invalid(
    file: &str,
    location: &Option<Location>,
    message: &str,
    snippet: &Option<String>,
) -> String {
    let (file, message) = (one_line(file), one_line(message));
    let mut out = match location {
        Some(loc) => format!("{file}:{}:{}: {message}", loc.line, loc.column),
        None => format!("{file}: {message}"),
    };
    if let Some(snippet) = snippet {
        // The snippet's own lines (a gutter, the source line, a caret) are made escaped; only
        // the line breaks between them stay.
        out.push('\n');
        out.push_str(&crate::text::terminal_lines(snippet));
    }
    out
}

impl Error {
    pub(crate) fn usage(message: impl fmt::Display) -> Self {
        Error::Usage {
            message: message.to_string(),
        }
    }
}

/// The text of a source file with the means to turn byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub(crate) text: String,
    line_starts: Vec<usize>,
    /// False for values that have no text behind them (imported trails): errors name the file
    /// alone.
    placed: bool,
    /// For an unplaced source: the one place every error about it names (the resource an
    /// imported trail was read from, in its template or plan).
    fixed: Option<Location>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            placed: true,
            fixed: None,
        }
    }

    /// A source without text, for values built in memory (an imported trail): an error about
    /// them names `name` (a file and a resource address) with no line or column.
    pub(crate) fn unplaced(name: impl Into<String>) -> Self {
        SourceFile {
            placed: false,
            ..SourceFile::new(name, "")
        }
    }

    /// A source without text whose errors all name one place in another file: an imported trail,
    /// whose errors point at its resource in the template or plan it was read from.
    pub(crate) fn unplaced_at(name: impl Into<String>, at: Location) -> Self {
        SourceFile {
            fixed: Some(at),
            ..SourceFile::unplaced(name)
        }
    }

    /// Line and column (in characters) of a byte offset.
    pub(crate) fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        Location {
            line: line + 1,
            column,
        }
    }

    /// The source line of a location with a caret under the column, for error messages.
    fn snippet(&self, loc: Location) -> Option<String> {
        // A long line (a hostile file can hold megabytes on one) is cut to a window around the
        // column, so that an error message stays a few lines long.
        const WIDTH: usize = 120;
        let line = self.text.lines().nth(loc.line.checked_sub(1)?)?;
        let gutter = loc.line.to_string();
        let pad = " ".repeat(gutter.len());
        let column = loc.column.saturating_sub(1);
        let (line, column) = if line.chars().count() > WIDTH {
            let start = column.saturating_sub(WIDTH / 2);
            let window: String = line.chars().skip(start).take(WIDTH).collect();
            let before = if start > 0 { "…" } else { "" };
            let after = if line.chars().count() > start + WIDTH {
                "…"
            } else {
                ""
            };
            (
                format!("{before}{window}{after}"),
                column - start + before.chars().count(),
            )
        } else {
            (line.to_string(), column)
        };
        // Control characters and bidi overrides of the line are shown escaped, and the caret stays
        // under the column of the escaped text.
        let before: String = line.chars().take(column).collect();
        let column = crate::text::terminal(&before).chars().count();
        let line = crate::text::terminal(&line);
        let caret = " ".repeat(column);
        Some(format!("{pad} |\n{gutter} | {line}\n{pad} | {caret}^"))
    }

    /// An [`Error::Invalid`] pointing at a byte span of this file.
    pub fn error_at(
        &self,
        span: Option<std::ops::Range<usize>>,
        message: impl fmt::Display,
    ) -> Error {
        let location = match self.fixed {
            Some(at) => Some(at),
            None => span.filter(|_| self.placed).map(|s| self.location(s.start)),
        };
        Error::Invalid {
            file: self.name.clone(),
            location,
            message: message.to_string(),
            snippet: location.and_then(|l| self.snippet(l)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_one_based_lines_and_character_columns() {
        let file = SourceFile::new("s.toml", "a = 1\nbé = 2\n");
        assert_eq!(file.location(0), Location { line: 1, column: 1 });
        assert_eq!(file.location(6), Location { line: 2, column: 1 });
        // "bé = " is 6 bytes but 5 characters: the "2" is in column 6.
        assert_eq!(file.location(12), Location { line: 2, column: 6 });
    }

    #[test]
    fn snippets_of_long_lines_are_cut_around_the_column() {
        let text = format!("x = [{}]", "\"v\", ".repeat(10_000));
        let file = SourceFile::new("s.toml", text);
        let snippet = file
            .snippet(Location {
                line: 1,
                column: 30_000,
            })
            .unwrap();
        assert!(snippet.len() < 600, "{snippet}");
        let lines: Vec<&str> = snippet.lines().collect();
        // The caret sits under the character at the column.
        let caret = lines[2].find('^').unwrap();
        let shown: Vec<char> = lines[1].chars().collect();
        let at = lines[2][..caret].chars().count();
        assert_eq!(shown[at], file.text.chars().nth(29_999).unwrap());
    }

    #[test]
    fn an_invalid_file_names_its_line_and_column() {
        let invalid = SourceFile::new("f", "x").error_at(Some(0..1), "bad");
        assert_eq!(invalid.to_string().lines().next(), Some("f:1:1: bad"));
    }

    #[test]
    fn values_from_input_cannot_start_a_line_of_their_own() {
        let forged = "x\n::error file=x::forged\u{1b}[2J\u{7}";
        let errors = [
            Error::Read {
                file: forged.into(),
                message: forged.into(),
            },
            Error::Write {
                file: forged.into(),
                message: forged.into(),
            },
            Error::Usage {
                message: forged.into(),
            },
            SourceFile::new(forged, "a = 1\n").error_at(None, forged),
        ];
        for error in errors {
            let shown = error.to_string();
            assert!(!shown.contains(['\n', '\u{1b}', '\u{7}']), "{shown:?}");
            assert!(shown.contains("x\\n::error file=x::forged\\u{1b}[2J\\u{7}"));
        }
        // A placed error keeps the line breaks of its snippet, and only those.
        let text = format!("name = \"{forged}\"\n");
        let placed = SourceFile::new(forged, text).error_at(Some(0..4), forged);
        let shown = placed.to_string();
        assert_eq!(shown.lines().count(), 4, "{shown}");
        assert!(!shown.contains(['\u{1b}', '\u{7}']), "{shown:?}");
        assert!(shown.lines().all(|l| !l.starts_with("::")), "{shown}");
    }
}
