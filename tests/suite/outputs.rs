//! Where reports go: `--format F --output FILE` pairs written whole, standard output's write
//! errors, outputs that would overwrite an input, the comment tag, `--quiet` and `--min-severity`,
//! and folders and `-` as scenarios.

use std::io::Write as _;
use std::process::Stdio;

use serde_json::Value;

use crate::support::{
    Cmd, TODAY, WARNINGS_FAIL_ERRORS_SHOWN, json_to_dev_full, path_str, plan_json, read, root, run,
    run_in, scratch_dir,
};

const FINDINGS: &str = "tests/fixtures/gate/findings.toml";
const BASE: &str = "tests/fixtures/gate/base.toml";
const HEAD: &str = "tests/fixtures/gate/head.toml";
const CLEAN: &str = "scenarios/startup-one-trail.toml";

/// The names in a folder, sorted: no temporary file is left behind.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn format_output_pairs_write_several_reports_from_one_run() {
    let dir = scratch_dir("outputs-pairs");
    let md = dir.join("c.md");
    let sarif = dir.join("c.sarif");
    let out = run(&[
        "check",
        FINDINGS,
        "--today",
        TODAY,
        "--format",
        "markdown",
        "--output",
        path_str(&md),
        "--format",
        "sarif",
        "--output",
        path_str(&sarif),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.exit(),
        1,
        "CT009 and CT012 fail the gate\n{}",
        out.describe()
    );
    // Each file is byte for byte what its format prints alone.
    let alone =
        |format: &str| run(&["check", FINDINGS, "--today", TODAY, "--format", format]).stdout;
    assert_eq!(std::fs::read_to_string(&md).unwrap(), alone("markdown"));
    assert_eq!(std::fs::read_to_string(&sarif).unwrap(), alone("sarif"));
    assert_eq!(
        out.stdout,
        alone("json"),
        "the unpaired --format goes to standard output"
    );
    assert_eq!(out.json()["findings"].as_array().unwrap().len(), 6);
    assert_eq!(names(&dir), ["c.md", "c.sarif"]);
}

#[test]
fn one_output_without_a_format_is_the_table_and_a_lone_pair_may_come_in_any_order() {
    let dir = scratch_dir("outputs-lone");
    let table = dir.join("t.txt");
    let out = run(&[
        "plan",
        CLEAN,
        "--today",
        TODAY,
        "--output",
        path_str(&table),
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    assert_eq!(out.stdout, "", "everything went to the file");
    assert_eq!(
        std::fs::read_to_string(&table).unwrap(),
        run(&["plan", CLEAN, "--today", TODAY]).stdout
    );
    let json = dir.join("p.json");
    let out = run(&[
        "price",
        CLEAN,
        "--output",
        path_str(&json),
        "--format",
        "json",
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["total"], "18.3035");
}

#[test]
fn diff_and_reconcile_write_their_reports_too() {
    let dir = scratch_dir("outputs-diff");
    let md = dir.join("d.md");
    let out = run(&[
        "diff",
        BASE,
        HEAD,
        "--today",
        TODAY,
        "--format",
        "markdown",
        "--output",
        path_str(&md),
        "--format",
        "json",
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    assert_eq!(out.json()["total_delta"], "2.70");
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with(&format!("<!-- trailplan:{HEAD} -->\n")),
        "{text}"
    );
}

#[test]
fn ill_formed_pairings_are_usage_errors() {
    let dir = scratch_dir("outputs-bad-pairs");
    let a = dir.join("a");
    let b = dir.join("b");
    let (a, b) = (path_str(&a), path_str(&b));
    let cases: [(&[&str], &str); 4] = [
        (
            &["--output", a, "--output", b],
            "several --output files need a --format before each",
        ),
        (
            &["--format", "json", "--format", "markdown"],
            "--format json, --format markdown would all go to standard output",
        ),
        (
            &[
                "--format", "json", "--output", a, "--output", b, "--format", "sarif",
            ],
            "--format json is followed by two --output files",
        ),
        (
            &[
                "--format", "json", "--output", a, "--format", "sarif", "--output", a,
            ],
            "are the same file",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["check", FINDINGS, "--today", TODAY];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.exit(), 2, "{extra:?}\n{}", out.describe());
        assert!(
            out.stderr.contains(message),
            "{extra:?}\n{}",
            out.describe()
        );
    }
    assert!(names(&dir).is_empty(), "nothing was written");
    let out = run(&["plan", CLEAN, "--format", "sarif", "--output", a]);
    out.assert_failure(2, "only for `trailplan check`");
}

#[test]
fn a_failed_output_write_is_exit_3_naming_the_file_and_leaves_the_old_file() {
    let dir = scratch_dir("outputs-fail");
    let missing = dir.join("no-such-folder").join("c.md");
    let out = run(&[
        "check",
        FINDINGS,
        "--format",
        "markdown",
        "--output",
        path_str(&missing),
    ]);
    assert_eq!(out.exit(), 3, "{}", out.describe());
    assert!(
        out.stderr
            .starts_with(&format!("error: {}: cannot write: ", missing.display())),
        "{}",
        out.describe()
    );
    if json_to_dev_full().is_some() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt as _;
            let kind = std::fs::metadata("/dev/full").unwrap().file_type();
            assert!(
                kind.is_char_device(),
                "a device is written in place, never renamed over"
            );
        }
    }
    // The old file is kept when the new one cannot be made.
    let kept = dir.join("kept.txt");
    std::fs::write(&kept, "old").unwrap();
    let out = run(&[
        "check",
        "tests/fixtures/no-such.toml",
        "--format",
        "table",
        "--output",
        path_str(&kept),
    ]);
    assert_eq!(out.exit(), 3);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "old");
    // A JSON report is replaced, whole, by the error that stopped the run.
    let replaced = dir.join("replaced.json");
    std::fs::write(&replaced, "old").unwrap();
    let out = run(&[
        "check",
        "tests/fixtures/no-such.toml",
        "--format",
        "json",
        "--output",
        path_str(&replaced),
    ]);
    assert_eq!(out.exit(), 3);
    let error: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&replaced).unwrap()).unwrap();
    assert_eq!(error["errors"][0]["kind"], "read");
    assert_eq!(error["errors"][0]["file"], "tests/fixtures/no-such.toml");
}

#[test]
fn a_full_standard_output_is_exit_3_naming_it() {
    assert!(
        std::path::Path::new("/dev/full").exists(),
        "this test writes to /dev/full, which every Linux has; it is missing here"
    );
    for format in ["table", "json", "sarif"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = Cmd::new(["check", FINDINGS, "--today", TODAY, "--format", format])
            .process()
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(3), "{format}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write to standard output: No space left on device"),
            "{format}: {stderr}"
        );
        assert!(
            stderr.contains("the output is incomplete"),
            "{format}: {stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_is_quiet_and_keeps_the_gate_code() {
    for (scenario, code) in [(FINDINGS, 1), (CLEAN, 0)] {
        let mut child = Cmd::new(["check", scenario, "--today", TODAY, "--format", "sarif"])
            .process()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, as `| head -c1` does, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        std::io::Read::read_exact(&mut stdout, &mut one).unwrap();
        assert_eq!(&one, b"{");
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{scenario}");
        assert_eq!(String::from_utf8(output.stderr).unwrap(), "", "{scenario}");
    }
}

#[test]
fn write_baseline_refuses_to_overwrite_an_input_of_the_run() {
    let dir = scratch_dir("outputs-overwrite");
    let scenario = dir.join("s.toml");
    std::fs::copy(root().join(FINDINGS), &scenario).unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let hard = dir.join("hard.toml");
    std::fs::hard_link(&scenario, &hard).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&scenario, dir.join("soft.toml")).unwrap();
    let prices = dir.join("prices.toml");
    std::fs::write(&prices, "").unwrap();
    let mut cases = vec![
        (
            vec!["check", "s.toml", "--write-baseline", "s.toml"],
            "--write-baseline s.toml would overwrite the scenario s.toml",
        ),
        (
            vec!["check", "s.toml", "--write-baseline", "./s.toml"],
            "--write-baseline ./s.toml would overwrite the scenario s.toml",
        ),
        (
            vec!["check", "s.toml", "--write-baseline", "hard.toml"],
            "--write-baseline hard.toml would overwrite the scenario s.toml",
        ),
        (
            vec![
                "check",
                "s.toml",
                "--prices",
                "prices.toml",
                "--write-baseline",
                "prices.toml",
            ],
            "would overwrite --prices prices.toml",
        ),
        (
            vec![
                "check",
                "s.toml",
                "--format",
                "json",
                "--output",
                "b.json",
                "--write-baseline",
                "b.json",
            ],
            "--write-baseline b.json and --output b.json are the same file",
        ),
        (
            vec!["check", "s.toml", "--format", "json", "--output", "s.toml"],
            "--output s.toml would overwrite the scenario s.toml",
        ),
        (
            vec!["check", ".", "--write-baseline", "s.toml"],
            "--write-baseline s.toml would overwrite the scenario",
        ),
    ];
    if cfg!(unix) {
        cases.push((
            vec!["check", "s.toml", "--write-baseline", "soft.toml"],
            "--write-baseline soft.toml would overwrite the scenario s.toml",
        ));
    }
    for (args, message) in cases {
        let out = run_in(&dir, &args);
        assert_eq!(out.exit(), 2, "{args:?}\n{}", out.describe());
        assert!(out.stderr.contains(message), "{args:?}\n{}", out.describe());
        assert_eq!(
            std::fs::read(&scenario).unwrap(),
            before,
            "{args:?}: the scenario is untouched"
        );
        assert_eq!(std::fs::read(&prices).unwrap(), b"", "{args:?}");
    }
    assert!(!dir.join("b.json").exists());
    // Elsewhere the baseline is written.
    let out = run_in(&dir, &["check", "s.toml", "--write-baseline", "b.json"]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("b.json")).unwrap()).unwrap();
    assert_eq!(v["version"], 2);
}

#[test]
fn the_comment_tag_defaults_to_the_scenario_paths_and_cannot_close_the_comment() {
    let first = |args: &[&str]| {
        let out = run(args);
        assert!(matches!(out.exit(), 0 | 1), "{}", out.describe());
        out.stdout.lines().next().unwrap_or_default().to_owned()
    };
    assert_eq!(
        first(&["check", FINDINGS, "--format", "markdown"]),
        format!("<!-- trailplan:{FINDINGS} -->")
    );
    assert_eq!(
        first(&["plan", FINDINGS, CLEAN, "--format", "markdown"]),
        format!("<!-- trailplan:{FINDINGS},{CLEAN} -->")
    );
    assert_eq!(
        first(&[
            "price",
            CLEAN,
            "--format",
            "markdown",
            "--comment-tag",
            "cloudtrail-cost"
        ]),
        "<!-- trailplan:cloudtrail-cost -->"
    );
    assert_eq!(
        first(&[
            "diff",
            BASE,
            HEAD,
            "--format",
            "markdown",
            "--comment-tag",
            "pr/cost"
        ]),
        "<!-- trailplan:pr/cost -->"
    );
    for bad in ["a-->b", "x--y", "end-", "two words", ""] {
        let out = run(&["check", CLEAN, "--format", "markdown", "--comment-tag", bad]);
        assert_eq!(out.exit(), 2, "{bad:?}\n{}", out.describe());
        assert!(
            out.stderr.contains("cannot be a comment tag"),
            "{}",
            out.describe()
        );
    }
    // A path that would close the comment is made safe.
    let dir = scratch_dir("outputs-tag");
    std::fs::copy(root().join(CLEAN), dir.join("a--> b.toml")).unwrap();
    let out = run_in(&dir, &["check", "a--> b.toml", "--format", "markdown"]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    assert!(
        out.stdout.starts_with("<!-- trailplan:a-__b.toml -->\n"),
        "{}",
        out.describe()
    );
}

#[test]
fn the_readme_job_finds_its_comment_by_the_marker() {
    // The job is in the manual's CI chapter.
    let readme = read("docs/ci.md");
    assert!(
        !readme.contains("<!-- trailplan -->"),
        "the README names the old marker"
    );
    assert!(
        readme.contains(
            "trailplan diff base.toml infra/cloudtrail.toml --comment-tag cloudtrail-cost"
        )
    );
    let search = "select(.body | startswith(\"<!-- trailplan:cloudtrail-cost -->\"))";
    assert!(
        readme.contains(search),
        "the job searches for the marker its diff writes"
    );
    // The job's diff step, run on the fixtures: the file starts with what the search looks for.
    let dir = scratch_dir("outputs-readme-job");
    let comment = dir.join("comment.md");
    let out = run(&[
        "diff",
        BASE,
        HEAD,
        "--comment-tag",
        "cloudtrail-cost",
        "--format",
        "markdown",
        "--output",
        path_str(&comment),
        "--max-increase",
        "100",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    assert_eq!(out.stdout, "");
    let text = std::fs::read_to_string(&comment).unwrap();
    assert!(
        text.starts_with("<!-- trailplan:cloudtrail-cost -->\n"),
        "{text}"
    );
}

#[test]
fn quiet_shows_only_failing_findings_and_keeps_the_gate() {
    let loud = run(&["check", FINDINGS, "--today", TODAY]);
    let quiet = run(&["check", FINDINGS, "--today", TODAY, "--quiet"]);
    assert_eq!(loud.exit(), 1);
    assert_eq!(quiet.exit(), 1, "{}", quiet.describe());
    assert!(loud.stdout.contains("[CT101]") && loud.stdout.contains("[CT107]"));
    quiet.assert_stdout_has("error[CT009]");
    quiet.assert_stdout_has("error[CT012]");
    for hidden in ["[CT101]", "[CT102]", "[CT107]", "waived"] {
        assert!(!quiet.stdout.contains(hidden), "{hidden}\n{}", quiet.stdout);
    }
    quiet.assert_stdout_has("Gate (fail on error): FAILED");
    assert!(
        quiet
            .stdout
            .contains("5 findings that pass the gate not shown (--quiet)"),
        "{}",
        quiet.stdout
    );
    let md = run(&[
        "check", FINDINGS, "--today", TODAY, "--quiet", "--format", "markdown",
    ]);
    assert!(
        md.stdout.contains("CT009") && !md.stdout.contains("CT107"),
        "{}",
        md.stdout
    );
    // JSON and SARIF keep every finding.
    let json = run(&[
        "check", FINDINGS, "--today", TODAY, "--quiet", "--format", "json",
    ]);
    assert_eq!(json.json()["findings"].as_array().unwrap().len(), 6);
}

#[test]
fn min_severity_leaves_findings_out_of_every_format_but_the_gate_counts_them() {
    let (report, code) = plan_json(&["check", FINDINGS, "--min-severity", "warning"]);
    assert_eq!(code, 1);
    let rules: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["CT009", "CT012", "CT101", "CT101", "CT102"]);
    let sarif = run(&[
        "check",
        FINDINGS,
        "--today",
        TODAY,
        "--min-severity",
        "error",
        "--format",
        "sarif",
    ]);
    let results = sarif.json()["runs"][0]["results"]
        .as_array()
        .unwrap()
        .clone();
    assert!(results.iter().all(|r| r["level"] == "error"), "{results:?}");
    // Warnings fail this gate; left out of the report, they still fail it, and the table says so.
    let out = run(&[&["check", FINDINGS][..], &WARNINGS_FAIL_ERRORS_SHOWN].concat());
    assert_eq!(out.exit(), 1, "{}", out.describe());
    assert!(!out.stdout.contains("[CT101]"), "{}", out.stdout);
    out.assert_stdout_has("Gate (fail on warning): FAILED");
    out.assert_stdout_has("5 findings below error left out (--min-severity)");
    let out = run(&["check", FINDINGS, "--min-severity", "fatal"]);
    assert_eq!(out.exit(), 2);
}

#[test]
fn a_folder_plans_every_toml_in_it_sorted_and_dash_reads_stdin() {
    let dir = scratch_dir("outputs-folder");
    std::fs::copy(root().join(CLEAN), dir.join("b.toml")).unwrap();
    std::fs::copy(root().join(FINDINGS), dir.join("a.toml")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a scenario").unwrap();
    std::fs::write(dir.join(".hidden.toml"), "not = a scenario").unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub").join("c.toml"), "not = a scenario").unwrap();
    let out = run_in(&dir, &["check", ".", "--today", TODAY, "--format", "json"]);
    assert_eq!(out.exit(), 1, "{}", out.describe());
    let files: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(files, ["./a.toml", "./b.toml"]);
    let out = run_in(&dir, &["validate", "sub"]);
    assert_eq!(out.exit(), 3, "{}", out.describe());
    let empty = scratch_dir("outputs-folder-empty");
    let out = run(&["plan", path_str(&empty)]);
    out.assert_failure(3, "is a folder with no *.toml scenario in it");

    let out = Cmd::new(["check", "-", "--today", TODAY, "--format", "json"])
        .stdin(read(FINDINGS))
        .run();
    assert_eq!(out.code, Some(1));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["file"], "<stdin>");
    assert_eq!(v["findings"][0]["rule"], "CT009");
    let out = Cmd::new(["plan", "-"])
        .stdin("format = 1\nname = \"x\"\nbogus = 1\n")
        .run();
    assert_eq!(out.code, Some(3));
    assert!(
        out.stderr.starts_with("error: <stdin>:3:1: "),
        "{}",
        out.stderr
    );
    let out = Cmd::new(["plan", "-", "-"]).stdin("").run();
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("`-` (standard input) can be given once"),
        "{}",
        out.stderr
    );
}

#[test]
fn stdin_is_read_under_the_file_cap() {
    // 64 MiB and one byte of spaces: refused, not read on.
    let big = vec![b' '; 64 * 1024 * 1024 + 1];
    let mut child = Cmd::new(["validate", "-"])
        .process()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&big);
    });
    let output = child.wait_with_output().unwrap();
    let _ = writer.join();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.starts_with("error: <stdin>: is over 67108864 bytes"),
        "{stderr}"
    );
}

#[test]
fn import_and_usage_write_to_output_files() {
    let dir = scratch_dir("outputs-import");
    let file = dir.join("metrics-queries.json");
    let out = run(&[
        "usage",
        "metrics-queries",
        "--bucket",
        "logs",
        "--output",
        path_str(&file),
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    assert_eq!(out.stdout, "");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        run(&["usage", "metrics-queries", "--bucket", "logs"]).stdout
    );
    let template = "tests/fixtures/cloudformation/environment-switch.yaml";
    let scenario = dir.join("imported.toml");
    let args = [
        "import",
        "cloudformation",
        template,
        "--region",
        "us-east-1",
    ];
    let mut with_output = args.to_vec();
    with_output.extend(["--output", path_str(&scenario)]);
    let out = run(&with_output);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    assert_eq!(
        std::fs::read_to_string(&scenario).unwrap(),
        run(&args).stdout
    );
    let before = read(template);
    let mut onto_source = args.to_vec();
    onto_source.extend(["--output", template]);
    let out = run(&onto_source);
    out.assert_failure(2, "would overwrite the import source");
    assert_eq!(read(template), before);
}
