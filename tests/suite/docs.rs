//! The README and the manual in `docs/` show what trailplan prints: every ```` ```console ````
//! block whose first line is `$ trailplan …` is run against the built binary, from the package
//! root, and its text must be the run's standard output followed by its standard error. A line
//! `...` in a block stands for any number of lines (none included). A block may hold several
//! commands, each on a `$ ` line; every one of them must be a `trailplan` command with plain
//! arguments (no pipe, redirection or comment: a block of shell is a `sh` block, and is not run).
//!
//! The manual's table of contents (`docs/SUMMARY.md`) reaches every chapter and every rule page,
//! and what the README and the manual both show (the command list) is the same text.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Cmd, example_metrics_queries, read, root, run};

/// One fenced block: where it starts, its language, and its lines with the fence's indent removed.
struct Block {
    at: String,
    lang: String,
    lines: Vec<String>,
}

/// The Markdown files whose blocks are run: the README and everything under `docs/`.
fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut files = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut files);
    files
}

/// The fenced blocks of a Markdown text.
fn blocks(name: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let trimmed = line.trim_start_matches(' ');
        let Some(lang) = trimmed.strip_prefix("```") else {
            continue;
        };
        let indent = line.len() - trimmed.len();
        let mut body = Vec::new();
        for (_, inner) in lines.by_ref() {
            if inner.trim_start_matches(' ') == "```" {
                break;
            }
            let cut = inner.len() - inner.trim_start_matches(' ').len();
            body.push(inner[cut.min(indent)..].to_owned());
        }
        out.push(Block {
            at: format!("{name}:{}", n + 1),
            lang: lang.trim().to_owned(),
            lines: body,
        });
    }
    out
}

/// Splits a command line into its words: plain words, `"…"` and `'…'`. Anything a shell would
/// do more than that (a pipe, a redirection, a variable, a comment) fails the test.
fn words(at: &str, command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '"' | '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    word.push(q);
                }
            }
            '|' | '>' | '<' | ';' | '&' | '$' | '#' | '`' | '\\' | '*' => {
                panic!("{at}: `{command}` needs a shell: show it in a `sh` block")
            }
            _ => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Does `shown` (with `...` lines) match `real`, line by line?
fn matches(shown: &[&str], real: &[&str]) -> bool {
    match shown.split_first() {
        None => real.is_empty(),
        Some((&"...", rest)) => (0..=real.len()).any(|skip| matches(rest, &real[skip..])),
        Some((line, rest)) => real
            .split_first()
            .is_some_and(|(first, more)| first == line && matches(rest, more)),
    }
}

#[test]
fn every_console_example_prints_what_it_shows() {
    let mut commands = 0;
    let mut failures = Vec::new();
    for file in markdown_files() {
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        for block in blocks(&name, &text) {
            let first = block.lines.first().map_or("", String::as_str);
            if !first.starts_with("$ trailplan ") {
                continue;
            }
            assert_eq!(
                block.lang, "console",
                "{}: a block that shows `$ trailplan` is a `console` block, so that it runs",
                block.at
            );
            // One command and what it prints, up to the next `$ ` line.
            let mut runs: Vec<(&str, Vec<&str>)> = Vec::new();
            for line in &block.lines {
                if let Some(command) = line.strip_prefix("$ ") {
                    runs.push((command, Vec::new()));
                } else if let Some((_, shown)) = runs.last_mut() {
                    shown.push(line);
                }
            }
            for (command, mut shown) in runs {
                let args = words(&block.at, command);
                assert_eq!(
                    args.first().map(String::as_str),
                    Some("trailplan"),
                    "{}: `{command}` is not a trailplan command: show it in a `sh` block",
                    block.at
                );
                while shown.last() == Some(&"") {
                    shown.pop();
                }
                let out = Cmd::new(&args[1..]).run();
                let printed = format!("{}{}", out.stdout, out.stderr);
                let real: Vec<&str> = printed.lines().collect();
                commands += 1;
                if !matches(&shown, &real) {
                    failures.push(format!(
                        "{}: `{command}` prints\n{printed}\nwhere the block shows\n{}\n",
                        block.at,
                        shown.join("\n")
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The examples are there to be run: a parser that finds none must not pass.
    assert!(commands >= 25, "only {commands} commands run");
}

#[test]
fn the_matcher_elides_with_three_dots() {
    assert!(matches(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "...", "b"], &["a", "b"]));
    assert!(matches(&["..."], &[]));
    assert!(!matches(&["a", "...", "d"], &["a", "b", "c"]));
    assert!(!matches(&["a"], &["a", "b"]));
    assert_eq!(
        words("t", r#"trailplan x "a b" 'c'"#),
        ["trailplan", "x", "a b", "c"]
    );
}

/// The manual's table of contents: the targets of its links.
fn summary_links() -> Vec<String> {
    let summary = read("docs/SUMMARY.md");
    summary
        .split("](")
        .skip(1)
        .map(|rest| rest[..rest.find(')').unwrap()].to_owned())
        .collect()
}

#[test]
fn the_summary_reaches_every_chapter_and_rule_page() {
    let links = summary_links();
    let docs = root().join("docs");
    for dir in ["", "rules"] {
        for entry in std::fs::read_dir(docs.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_str().unwrap();
            if path.extension().is_none_or(|e| e != "md") || file == "SUMMARY.md" {
                continue;
            }
            let link = if dir.is_empty() {
                file.to_owned()
            } else {
                format!("{dir}/{file}")
            };
            assert!(
                links.contains(&link),
                "docs/SUMMARY.md does not list {link}"
            );
        }
    }
}

#[test]
fn the_rule_table_is_the_registry() {
    let rules: Vec<Value> =
        serde_json::from_str(&run(&["rules", "--format", "json"]).stdout).unwrap();
    let chapter = read("docs/rules.md");
    let rows: Vec<&str> = chapter.lines().filter(|l| l.starts_with("| [CT")).collect();
    assert_eq!(
        rows.len(),
        rules.len(),
        "docs/rules.md lists {} rules",
        rows.len()
    );
    for (row, rule) in rows.iter().zip(&rules) {
        let expected = format!(
            "| [{code}](rules/{name}.md) | `{name}` | {severity} | {summary} |",
            code = rule["code"].as_str().unwrap(),
            name = rule["name"].as_str().unwrap(),
            severity = rule["severity"].as_str().unwrap(),
            summary = rule["summary"].as_str().unwrap(),
        );
        assert_eq!(*row, expected);
    }
}

/// The first plain block (no language) that starts with `trailplan plan`: the command list.
fn command_list(path: &str) -> Vec<String> {
    blocks(path, &read(path))
        .into_iter()
        .find(|b| {
            b.lang.is_empty()
                && b.lines
                    .first()
                    .is_some_and(|l| l.starts_with("trailplan plan"))
        })
        .unwrap_or_else(|| panic!("{path} lists the commands"))
        .lines
}

#[test]
fn the_readme_and_the_manual_list_the_same_commands() {
    assert_eq!(command_list("README.md"), command_list("docs/commands.md"));
}

/// The query file the metrics walk-through reads is the one its first step writes.
#[test]
fn the_example_query_file_is_what_metrics_queries_writes() {
    let out = example_metrics_queries();
    assert_eq!(read("docs/examples/queries.json"), out.stdout);
}
