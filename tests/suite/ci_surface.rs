//! The surfaces CI shows to people and machines: error messages in a CI log, the markdown of a
//! pull-request comment, the GitHub Action's step script, the pre-commit hook, and temporary
//! files on a signal. Each test reproduces one attack from input a pull request controls.

use std::path::Path;

use crate::support::{Cmd, path_str, scratch_dir};

/// A value that would forge a workflow command in a CI log, clear the screen and ring the bell.
const FORGED: &str = "x\n::error file=x::forged\u{1b}[2J\u{7}";

/// Asserts that stderr holds no control character but line breaks, and that every line is an
/// `error:` line or a line of a snippet (`  |`, `12 | ...`): no value started a line of its own.
fn assert_no_forged_line(stderr: &str) {
    assert!(
        !stderr.contains(['\u{1b}', '\u{7}', '\r']),
        "control characters reached the log: {stderr:?}"
    );
    for line in stderr.lines() {
        let snippet = line
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(" |")
            || line.trim_start().starts_with('|');
        assert!(
            line.starts_with("error: ") || snippet,
            "a line that trailplan did not start: {line:?}\n{stderr}"
        );
        assert!(!line.starts_with("::"), "{stderr}");
    }
}

#[test]
fn a_file_name_cannot_forge_a_line_of_the_ci_log() {
    let dir = scratch_dir("ci-surface-file-name");
    let name = format!("{FORGED}.toml");
    std::fs::write(dir.join(&name), "format = 1\nname = [\n").expect("a scenario");
    let missing = format!("missing{FORGED}.toml");
    for file in [&name, &missing] {
        let run = Cmd::new(["check", "--", file.as_str()]).dir(&dir).run();
        assert_eq!(run.exit(), 3, "{}", run.describe());
        assert!(
            run.stderr
                .contains("x\\n::error file=x::forged\\u{1b}[2J\\u{7}"),
            "{}",
            run.describe()
        );
        assert_no_forged_line(&run.stderr);
    }
}

#[test]
fn values_in_a_scenario_cannot_forge_a_line_of_the_ci_log() {
    let dir = scratch_dir("ci-surface-values");
    let escaped = FORGED
        .replace('\n', "\\n")
        .replace('\u{1b}', "\\u001b")
        .replace('\u{7}', "\\u0007");
    let cases = [
        // An unknown key, quoted in the message.
        format!("format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n\"{escaped}\" = 1\n"),
        // An account id that is not 12 digits, quoted in the message.
        format!(
            "format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n[[account]]\nname = \"a\"\nid = \"{escaped}\"\n"
        ),
        // An amount that is not a number.
        format!(
            "format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n[[volume]]\ncategory = \"management\"\nread = \"{escaped}\"\n"
        ),
    ];
    for (i, text) in cases.iter().enumerate() {
        let file = dir.join(format!("s{i}.toml"));
        std::fs::write(&file, text).expect("a scenario");
        let run = Cmd::new(["validate", path_str(&file)]).run();
        assert_eq!(run.exit(), 3, "{}", run.describe());
        assert_no_forged_line(&run.stderr);
    }
    let run = Cmd::new(["plan", "scenarios/landing-zone.toml", "--today", FORGED]).run();
    assert_eq!(run.exit(), 2, "{}", run.describe());
    assert_no_forged_line(&run.stderr);
}

/// Names that close code spans, mention a team, plant a link and open raw HTML.
const HOSTILE_NAMES: [&str; 3] = [
    "a```b @org/team <img src=x> [x](http://e) ``` c",
    "x``<img src=x>`[y](http://e)`` @org/team",
    "`@org/team` ``<img src=x>`` ![i](http://e/i.png) <http://e> www.e.com",
];

/// Asserts that `markdown`, read as GitHub reads a comment, holds no link, image or HTML that
/// trailplan did not write, and no live `@mention` or bare URL.
fn assert_inert_markdown(markdown: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let ours = |html: &str| {
        let html = html.trim();
        (html.starts_with("<!-- trailplan:") && html.ends_with("-->"))
            || ["<details>", "</details>", "<summary>", "</summary>"]
                .iter()
                .any(|tag| html.starts_with(tag))
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    for event in Parser::new_ext(markdown, options) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("a link from input: {event:?}\n{markdown}")
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                assert!(ours(html), "HTML from input: {html:?}\n{markdown}");
            }
            Event::Text(text) | Event::Code(text) => {
                let mention = text.match_indices('@').any(|(i, _)| {
                    text[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                });
                assert!(!mention, "a live mention: {text:?}\n{markdown}");
                assert!(
                    !text.contains("://") && !text.to_ascii_lowercase().contains("www."),
                    "a bare link: {text:?}\n{markdown}"
                );
            }
            _ => {}
        }
    }
}

#[test]
fn names_cannot_close_code_spans_or_plant_mentions_links_and_html_in_markdown() {
    let dir = scratch_dir("ci-surface-markdown");
    let toml = |s: &str| toml::Value::String(s.to_string()).to_string();
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        let scenario = format!(
            "format = 1\nname = {name}\nregions = [\"us-east-1\"]\n\
             [[account]]\nname = {name}\nid = \"123456789012\"\n\
             [[volume]]\nregions = [\"us-east-1\"]\ncategory = \"data\"\n\
             resource_type = \"AWS::S3::Object\"\nwrite = 12_000_000\n\
             [[trail]]\nname = {name}\nhome_region = \"us-east-1\"\nmulti_region = true\n",
            name = toml(name)
        );
        let file = dir.join(format!("s{i}.toml"));
        std::fs::write(&file, scenario).expect("a scenario");
        for args in [
            ["check", "--format", "markdown", "--"].as_slice(),
            ["plan", "--format", "markdown", "--top", "all", "--"].as_slice(),
        ] {
            let run = Cmd::new(args.iter().copied().chain([path_str(&file)])).run();
            assert!(
                matches!(run.exit(), 0 | 1),
                "{}\n{}",
                run.describe(),
                std::fs::read_to_string(&file).unwrap_or_default()
            );
            assert!(run.stdout.contains("CT009"), "{}", run.describe());
            assert_inert_markdown(&run.stdout);
        }
    }
}
