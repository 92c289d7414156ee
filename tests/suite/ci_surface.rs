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

/// The action's check script (`scripts/action-check.sh`), run by bash in `dir` with the built
/// binary first on PATH: its exit code, what it wrote to GITHUB_OUTPUT and to the step summary
/// (empty when it wrote none), and stderr.
fn action_check(dir: &Path, scenarios: &str) -> (i32, String, String, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_trailplan"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("a folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = dir.join("github-output");
    let summary = dir.join("step-summary");
    let _ = std::fs::remove_file(&output);
    let _ = std::fs::remove_file(&summary);
    let out = std::process::Command::new("bash")
        .arg(crate::support::root().join("scripts/action-check.sh"))
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("RUNNER_TEMP", dir)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("INPUT_SCENARIOS", scenarios)
        .env("INPUT_FAIL_ON", "")
        .env("INPUT_BASELINE", "")
        .env("INPUT_COMMENT_TAG", "")
        .env("INPUT_MARKDOWN", "trailplan.md")
        .env("INPUT_SARIF", "trailplan.sarif")
        .output()
        .expect("bash runs the script");
    (
        out.status.code().unwrap_or(-1),
        std::fs::read_to_string(&output).unwrap_or_default(),
        std::fs::read_to_string(&summary).unwrap_or_default(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scenario whose gate fails: a trail name AWS refuses (CT009, an error).
const FAILING: &str = "format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n\
    [[trail]]\nname = \"x\"\nhome_region = \"us-east-1\"\nmulti_region = true\n";

#[cfg(unix)]
#[test]
fn the_action_never_publishes_what_a_planted_link_points_to() {
    let dir = scratch_dir("ci-surface-action-links");
    let secret = dir.join("secret");
    std::fs::write(&secret, "extraheader = AUTHORIZATION: basic c2VjcmV0\n").expect("a file");
    let plant = || {
        for report in ["trailplan.md", "trailplan.sarif"] {
            let _ = std::fs::remove_file(dir.join(report));
            std::os::unix::fs::symlink(&secret, dir.join(report)).expect("a link");
        }
    };
    // An invalid scenario (exit 3) writes no markdown: nothing is published, and the link is gone
    // rather than left for a later step to read. The SARIF report is the run's error log (a
    // regular file trailplan wrote), never the link's target.
    plant();
    std::fs::write(dir.join("bad.toml"), "format = 1\nname = [\n").expect("a scenario");
    let (code, output, summary, stderr) = action_check(&dir, "bad.toml");
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(output, "exit-code=3\n");
    assert_eq!(summary, "", "{stderr}");
    assert!(
        std::fs::symlink_metadata(dir.join("trailplan.md")).is_err(),
        "trailplan.md is left"
    );
    let sarif = dir.join("trailplan.sarif");
    let meta = std::fs::symlink_metadata(&sarif).expect("the SARIF error log");
    assert!(
        meta.file_type().is_file(),
        "trailplan.sarif is a regular file"
    );
    let log = std::fs::read_to_string(&sarif).expect("the SARIF error log");
    assert!(log.contains("\"executionSuccessful\": false"), "{log}");
    assert!(!log.contains("AUTHORIZATION"), "{log}");
    assert_eq!(
        std::fs::read_to_string(&secret).expect("the secret"),
        "extraheader = AUTHORIZATION: basic c2VjcmV0\n",
        "the link's target is untouched"
    );
    // A failing gate (exit 1) publishes its own report, written over the links, not through
    // them.
    plant();
    std::fs::write(dir.join("failing.toml"), FAILING).expect("a scenario");
    let (code, output, summary, stderr) = action_check(&dir, "failing.toml");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(output, "exit-code=1\n");
    assert!(summary.contains("CT009"), "{summary}");
    assert!(!summary.contains("AUTHORIZATION"), "{summary}");
    for report in ["trailplan.md", "trailplan.sarif"] {
        let meta = std::fs::symlink_metadata(dir.join(report)).expect("the report");
        assert!(meta.file_type().is_file(), "{report} is a regular file");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("trailplan.md")).expect("the report"),
        summary
    );
    assert_eq!(
        std::fs::read_to_string(&secret).expect("the file"),
        "extraheader = AUTHORIZATION: basic c2VjcmV0\n",
        "the link's target is untouched"
    );
    // No private folder of the step is left behind.
    let left: Vec<String> = std::fs::read_dir(&dir)
        .expect("the folder")
        .filter_map(std::result::Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("trailplan."))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[cfg(unix)]
#[test]
fn the_action_reads_scenario_names_that_look_like_options_as_files() {
    let dir = scratch_dir("ci-surface-action-dashes");
    // A glob that matches `--prices=.p.toml` (a failing scenario) must not read it as the option
    // `--prices` (which would make the run fail to read `.p.toml`, or price the gate away).
    std::fs::write(dir.join("--prices=.p.toml"), FAILING).expect("a scenario");
    let (code, output, summary, stderr) = action_check(&dir, "*.toml");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(output, "exit-code=1\n");
    assert!(summary.contains("CT009"), "{summary}");
    assert!(summary.contains("--prices=.p.toml"), "{summary}");
}

/// A key of the pre-commit hook (`.pre-commit-hooks.yaml` holds one hook of plain scalars).
fn hook_value(key: &str) -> String {
    let hooks = crate::support::read(".pre-commit-hooks.yaml");
    let prefix = format!("{key}: ");
    let values: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim_start_matches("- ").trim().strip_prefix(&prefix))
        .collect();
    assert_eq!(values.len(), 1, "one `{key}` in the hook");
    values[0].to_owned()
}

#[test]
fn the_pre_commit_hook_matches_scenarios_only_and_reads_every_name_as_a_file() {
    let files = hook_value("files");
    // pre-commit matches `files` with Python's `re.search`; without python3 the cases are not
    // run (the pattern is still pinned by conventions.rs).
    let matches = |paths: &[&str]| -> Option<Vec<bool>> {
        let script = "import re, sys\n\
            pattern = re.compile(sys.argv[1])\n\
            print(''.join('1' if pattern.search(p) else '0' for p in sys.argv[2:]))";
        let out = std::process::Command::new("python3")
            .args(["-c", script, &files])
            .args(paths)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        Some(text.trim().chars().map(|c| c == '1').collect())
    };
    let scenarios = [
        "scenarios/prod.toml",
        "infra/scenarios/prod.toml",
        "scenario/one.toml",
        "scenarios/org/eu.toml",
        "prod.trailplan.toml",
        "infra/--output=Cargo.toml.trailplan.toml",
    ];
    let others = [
        "Cargo.toml",
        "pyproject.toml",
        "crates/x/Cargo.toml",
        "myscenarios/x.toml",
        "scenarios/README.md",
        "trailplan.toml.bak",
    ];
    if let Some(found) = matches(&scenarios) {
        assert_eq!(found, [true; 6], "{files} matches {scenarios:?}");
    }
    if let Some(found) = matches(&others) {
        assert_eq!(found, [false; 6], "{files} leaves {others:?}");
    }
    // pre-commit runs `ENTRY ARGS... FILES...`: a staged file named like an option is checked as
    // a scenario (and fails its gate) instead of overwriting Cargo.toml with a report.
    let dir = scratch_dir("ci-surface-pre-commit");
    std::fs::write(dir.join("Cargo.toml"), "[package]\n").expect("a file");
    let hostile = "--output=Cargo.toml";
    std::fs::write(dir.join(hostile), FAILING).expect("a scenario");
    let entry = hook_value("entry");
    let mut words: Vec<&str> = entry.split(' ').collect();
    assert_eq!(words.remove(0), "trailplan");
    let run = Cmd::new(words.iter().copied().chain([hostile]))
        .dir(&dir)
        .run();
    assert_eq!(run.exit(), 1, "{}", run.describe());
    assert!(run.stdout.contains("CT009"), "{}", run.describe());
    assert_eq!(
        std::fs::read_to_string(dir.join("Cargo.toml")).expect("the file"),
        "[package]\n"
    );
}

/// The temporary files of `write_file` in `dir`.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("the folder")
        .filter_map(std::result::Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(".trailplan-") && Path::new(n).extension().is_some_and(|e| e == "tmp")
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_signal_during_output_removes_the_temporary_file() {
    use std::time::{Duration, Instant};
    let dir = scratch_dir("ci-surface-signals");
    // A scenario whose JSON report is about 70 MB: writing it takes seconds.
    let generated = Cmd::new(["generate", "--accounts", "3000", "--regions", "30"]).run();
    assert_eq!(generated.exit(), 0, "{}", generated.describe());
    std::fs::write(dir.join("big.toml"), &generated.stdout).expect("a scenario");
    let mut hit = 0;
    for (signal, name) in [(15, "TERM"), (2, "INT"), (1, "HUP")] {
        let report = dir.join("report.json");
        std::fs::write(&report, "old").expect("a file");
        let mut child = Cmd::new(["plan", "big.toml", "--format", "json", "--output"])
            .dir(&dir)
            .process()
            .arg(&report)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("trailplan starts");
        // The signal is sent once the temporary file exists (polled, not timed).
        let start = Instant::now();
        while temp_files(&dir).is_empty() {
            assert!(
                child.try_wait().expect("a status").is_none(),
                "trailplan ended before its temporary file was seen"
            );
            assert!(
                start.elapsed() < Duration::from_secs(300),
                "no temporary file"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        let sent = std::process::Command::new("kill")
            .args([format!("-{name}"), child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let status = child.wait().expect("trailplan ends");
        let left = temp_files(&dir);
        assert!(left.is_empty(), "SIG{name} left {left:?}");
        // The signal came while the report was being written (128 + signal, the old report
        // kept) or just after its rename (the same code, the new report whole); in the unlikely
        // case that the run ended first, the report is whole.
        let kept = std::fs::read(&report).unwrap_or_default();
        let whole = kept.starts_with(b"[") || kept.starts_with(b"{");
        match status.code() {
            Some(code) if code == 128 + signal => {
                hit += 1;
                assert!(kept == b"old" || whole, "SIG{name}: the report is torn");
            }
            Some(0) => assert!(whole, "SIG{name}: the report is torn"),
            _ => panic!("SIG{name}: {status:?}"),
        }
    }
    assert!(hit > 0, "no signal came while trailplan was writing");
}
