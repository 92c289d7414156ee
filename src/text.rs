//! One sanitizer for text shown to people: terminals, CI logs, markdown comments and HTML.
//!
//! Names, messages, sources and ARNs come from input files, and a hostile file can put ESC and BEL
//! sequences (which clear a screen or set a terminal title), bidi overrides (U+202E reverses what
//! follows), or a newline (which forges a line of a CI log) into them. Renderers for people show
//! such characters escaped, as `\n`, `\u{1b}` or `\u{202e}`. JSON and SARIF keep the exact text.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for the characters that are shown escaped: every control character (C0, DEL, C1) and the
/// invisible bidi controls (marks, embeddings, overrides and isolates).
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
        // Not characters in XML (nor meant for display anywhere).
        || matches!(c, '\u{fffe}' | '\u{ffff}')
}

fn escape_with(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| hidden(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().saturating_add(16));
    for c in s.chars() {
        if !hidden(c) || keep(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// Text for one line of a terminal or log: every control character (newlines included) and every
/// bidi control is shown escaped.
#[must_use]
pub(crate) fn terminal(s: &str) -> Cow<'_, str> {
    escape_with(s, |_| false)
}

/// Text of several lines (a rendered report or an error message): like `terminal`, but the line
/// breaks the renderer wrote are kept.
#[must_use]
pub fn terminal_lines(s: &str) -> Cow<'_, str> {
    escape_with(s, |c| c == '\n')
}

/// Text for HTML and XML content: like [`terminal`], but tabs and line breaks, which are valid
/// there and harmless, are kept. The markup characters are the caller's to escape.
#[must_use]
pub(crate) fn xml(s: &str) -> Cow<'_, str> {
    escape_with(s, |c| matches!(c, '\n' | '\r' | '\t'))
}

/// Text for a markdown comment, before markdown's own escaping: [`terminal`], and `@` mentions,
/// bare URLs (`https://`, `www.`) and e-mail autolinks neutralised with an invisible word joiner
/// (U+2060), so that a name in a scenario cannot notify a team or plant a link.
#[must_use]
pub(crate) fn markdown(s: &str) -> Cow<'_, str> {
    let s = terminal(s);
    let lower = s.to_ascii_lowercase();
    if !s.contains('@') && !lower.contains("://") && !lower.contains("www.") {
        return s;
    }
    let mut out = String::with_capacity(s.len().saturating_add(16));
    let mut rest = s.as_ref();
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        out.push(c);
        rest = &rest[len..];
        let mention_or_link = c == '@' || (c == ':' && rest.starts_with("//"));
        let www =
            matches!(c, 'w' | 'W') && rest.get(..3).is_some_and(|r| r.eq_ignore_ascii_case("ww."));
        if mention_or_link || www {
            out.push('\u{2060}');
        }
    }
    Cow::Owned(out)
}

/// The `s` of a plural noun: `""` for one, `"s"` for any other count (`1 file`, `0 files`).
#[must_use]
pub fn plural<N: PartialEq + From<u8>>(n: N) -> &'static str {
    if n == N::from(1) { "" } else { "s" }
}

/// A whole count for people, thousands grouped: `1234567` → `1,234,567`.
#[must_use]
pub fn group_digits(n: u64) -> String {
    let mut buf = itoa::Buffer::new();
    let plain = buf.format(n);
    let mut out = String::with_capacity(plain.len() + plain.len() / 3);
    push_grouped(&mut out, plain);
    out
}

/// A plain unsigned decimal (`1234567.5`) appended to `out` with the digits before its point
/// grouped by three with commas (`1,234,567.5`).
pub fn push_grouped(out: &mut String, plain: &str) {
    let (whole, fraction) = match plain.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (plain, None),
    };
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_shown_escaped() {
        assert_eq!(
            terminal("a\u{1b}[2J\u{7}b\nGate (fail on error): passed\u{202e}x"),
            "a\\u{1b}[2J\\u{7}b\\nGate (fail on error): passed\\u{202e}x"
        );
        assert_eq!(terminal("plain ü"), "plain ü");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(terminal_lines("a\nb\u{1b}\r"), "a\nb\\u{1b}\\r");
        assert_eq!(xml("a\nb\u{0}\u{ffff}\t"), "a\nb\\u{0}\\u{ffff}\t");
        assert_eq!(terminal("\u{85}\u{2067}"), "\\u{85}\\u{2067}");
    }

    #[test]
    fn counts_are_grouped_by_three_and_one_is_singular() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_000), "1,000");
        assert_eq!(group_digits(1_234_567), "1,234,567");
        assert_eq!(group_digits(u64::MAX), "18,446,744,073,709,551,615");
        let mut out = String::from("$");
        push_grouped(&mut out, "1234567.50");
        assert_eq!(out, "$1,234,567.50");
        assert_eq!(
            (plural(0_usize), plural(1_u64), plural(2_u32)),
            ("s", "", "s")
        );
    }

    #[test]
    fn mentions_and_autolinks_are_neutralised_for_markdown() {
        assert_eq!(markdown("@team"), "@\u{2060}team");
        assert_eq!(
            markdown("see https://evil.example and WWW.x.y, a@b.c"),
            "see https:\u{2060}//evil.example and W\u{2060}WW.x.y, a@\u{2060}b.c"
        );
        assert_eq!(markdown("a\nb"), "a\\nb");
    }
}

/// The candidates nearest to `word`, for a "did you mean" hint: those within a Damerau-Levenshtein
/// distance of a third of the word's length (at least 1), compared without case, the nearest
/// first. Candidates at the same distance are ranked by the length of the start they share with
/// the word (a shared start counts most), then kept in their given order; at most three, all at
/// the smallest distance.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let lower_word = word.to_lowercase();
    let limit = (lower_word.chars().count() / 3).max(1);
    let mut near: Vec<(usize, usize, usize, &str)> = Vec::new();
    for (order, candidate) in candidates.into_iter().enumerate() {
        if candidate == word {
            continue;
        }
        let lower = candidate.to_lowercase();
        let distance = strsim::damerau_levenshtein(&lower_word, &lower);
        if distance <= limit {
            let shared = lower_word
                .chars()
                .zip(lower.chars())
                .take_while(|(a, b)| a == b)
                .count();
            near.push((distance, shared, order, candidate));
        }
    }
    near.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let Some(best) = near.first().map(|n| n.0) else {
        return Vec::new();
    };
    let mut out: Vec<&str> = Vec::new();
    for (_, _, _, candidate) in near.into_iter().take_while(|n| n.0 == best) {
        if !out.contains(&candidate) && out.len() < 3 {
            out.push(candidate);
        }
    }
    out
}

/// `; did you mean `x`?` (or `` `x`, `y` or `z` ``) for the `nearest` candidates, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let near = nearest(word, candidates);
    let quoted: Vec<String> = near.iter().map(|c| format!("`{c}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
    }
}

#[cfg(test)]
mod suggestion_tests {
    use super::{did_you_mean, nearest};

    #[test]
    fn a_typo_finds_its_word_and_a_stranger_finds_none() {
        let keys = ["name", "regions", "account", "volume", "trail"];
        assert_eq!(nearest("regoins", keys), ["regions"]);
        assert_eq!(nearest("nmae", keys), ["name"]);
        assert_eq!(nearest("Trail", keys), ["trail"]);
        assert!(nearest("budget", keys).is_empty());
        assert!(nearest("x", ["name"]).is_empty());
        assert_eq!(did_you_mean("acount", keys), "; did you mean `account`?");
        assert_eq!(did_you_mean("zzz", keys), "");
    }

    #[test]
    fn ties_are_listed_nearest_start_first() {
        let ids = ["CT001", "CT010", "CT011", "CT101"];
        assert_eq!(nearest("CT01", ids), ["CT010", "CT011", "CT001"]);
        assert_eq!(
            did_you_mean("CT01", ids),
            "; did you mean `CT010`, `CT011` or `CT001`?"
        );
    }
}
