//! What every test module shares: the built binary run from the package root, fixtures, scratch
//! directories, exact decimals, and snapshots of expected output (insta; see `tests/README.md`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use assert_cmd::Command;
use assert_cmd::cargo::CommandCargoExt as _;
use rust_decimal::Decimal;
use serde_json::Value;

/// The date the tests judge against (waivers expire relative to it).
pub const TODAY: &str = "2026-11-25";

/// `--today TODAY`, a gate that fails on warnings, and reports that show errors only.
pub const WARNINGS_FAIL_ERRORS_SHOWN: [&str; 6] = [
    "--today",
    TODAY,
    "--fail-on",
    "warning",
    "--min-severity",
    "error",
];

/// The package root: fixtures are read, and the binary is run, from here.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path as the `&str` that a command line takes.
pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// One run of `trailplan`, built up then run: `Cmd::new(["plan", file]).stdin(text).run()`. It
/// runs from the package root (so `file` in reports is a relative path), without colour.
#[derive(Debug)]
pub struct Cmd {
    cmd: std::process::Command,
    stdin: Option<Vec<u8>>,
}

impl Cmd {
    /// `trailplan ARGS`.
    pub fn new<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd =
            std::process::Command::cargo_bin("trailplan").expect("the trailplan binary is built");
        cmd.current_dir(root()).env("NO_COLOR", "1").args(args);
        Self { cmd, stdin: None }
    }

    /// Runs from `dir` instead of the package root.
    pub fn dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// What standard input reads.
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    /// One more environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    fn command(self) -> Command {
        let mut cmd = Command::from_std(self.cmd);
        if let Some(input) = self.stdin {
            cmd.write_stdin(input);
        }
        cmd
    }

    /// Runs to the end. Output that is not UTF-8 fails the test: trailplan prints text only.
    pub fn run(self) -> Run {
        let output = self.command().output().expect("trailplan runs");
        let text = |bytes: Vec<u8>, stream: &str| {
            String::from_utf8(bytes).unwrap_or_else(|e| panic!("{stream} is not UTF-8: {e}"))
        };
        Run {
            code: output.status.code(),
            stdout: text(output.stdout, "stdout"),
            stderr: text(output.stderr, "stderr"),
        }
    }

    /// Runs to the end, for `assert_cmd`'s assertions (`.code(2)`, `.stdout(...)`).
    pub fn assert(self) -> assert_cmd::assert::Assert {
        self.command().assert()
    }

    /// The command as a plain process, for standard streams of the test's choosing (no stdin set
    /// with [`Cmd::stdin`]).
    pub fn process(self) -> std::process::Command {
        self.cmd
    }
}

/// What a run returned: exit code (`None` when a signal ended it), stdout, stderr.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Everything the run returned, for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "exit code {:?}\nstdout:\n{}\nstderr:\n{}",
            self.code,
            clip(&self.stdout),
            clip(&self.stderr)
        )
    }

    /// The exit code; a run ended by a signal fails the test.
    pub fn exit(&self) -> i32 {
        self.code
            .unwrap_or_else(|| panic!("trailplan was killed by a signal\n{}", self.describe()))
    }

    /// Asserts that the run exited with `code` and that its stderr holds `needle`.
    pub fn assert_failure(&self, code: i32, needle: &str) {
        assert_eq!(self.exit(), code, "{}", self.describe());
        assert!(self.stderr.contains(needle), "{}", self.describe());
    }

    /// Asserts that the run exited with `code` and that its stdout holds `needle`.
    pub fn assert_stdout(&self, code: i32, needle: &str) {
        assert_eq!(self.exit(), code, "{}", self.describe());
        assert!(self.stdout.contains(needle), "{}", self.describe());
    }

    /// Asserts that the stdout holds `needle`, whatever the exit code.
    pub fn assert_stdout_has(&self, needle: &str) {
        assert!(self.stdout.contains(needle), "{}", self.stdout);
    }

    /// The stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.describe()))
    }
}

/// `trailplan ARGS` from the package root.
pub fn run(args: &[&str]) -> Run {
    Cmd::new(args).run()
}

/// `trailplan ARGS` from `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    Cmd::new(args).dir(dir).run()
}

/// `check` of the gate's findings fixture with its JSON report to `/dev/full` (a disk that is
/// always full), which fails with exit 3 naming the file; None where there is no `/dev/full`.
pub fn json_to_dev_full() -> Option<Run> {
    if !Path::new("/dev/full").exists() {
        return None;
    }
    let out = run(&[
        "check",
        "tests/fixtures/gate/findings.toml",
        "--format",
        "json",
        "--output",
        "/dev/full",
    ]);
    out.assert_failure(3, "/dev/full: cannot write");
    Some(out)
}

/// The Lambda function of the metrics walk-through.
pub const EXAMPLE_FUNCTION: &str = "arn:aws:lambda:eu-west-1:222222222222:function:checkout";

/// `usage metrics-queries` of the metrics walk-through (bucket `prod-uploads`, function
/// [`EXAMPLE_FUNCTION`]), which succeeds.
pub fn example_metrics_queries() -> Run {
    let out = run(&[
        "usage",
        "metrics-queries",
        "--bucket",
        "prod-uploads",
        "--function",
        EXAMPLE_FUNCTION,
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    out
}

/// The official SARIF 2.1.0 schema, formats checked.
pub fn sarif_validator() -> jsonschema::Validator {
    let path = root().join("tests/fixtures/gate/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// The SARIF of `text`, checked against the official SARIF 2.1.0 schema.
pub fn valid_sarif(text: &str) -> Value {
    let validator = sarif_validator();
    let value: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", clip(text)));
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    value
}

/// `trailplan ARGS --format json --today TODAY`: the report, and the exit code. A report of
/// several plans is their array.
pub fn plan_json(args: &[&str]) -> (Value, i32) {
    let mut all = args.to_vec();
    all.extend(["--format", "json", "--today", TODAY]);
    let r = run(&all);
    (r.json(), r.exit())
}

/// The `(rule, message)` pairs of a JSON report's findings.
pub fn findings(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The body of a scenario without its header comments.
pub fn body(toml: &str) -> String {
    toml.lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `usage csv CSV` and `usage logs LOGS` both succeed and agree: as TOML (but for the header
/// comments), with `--by-source`, and as JSON on the volumes, the window, the `also` statistics
/// and the counted, insights, aggregated, write-assumed and resource-less ones.
pub fn assert_usage_csv_equals_logs(csv: &str, logs: &str, also: &[&str]) {
    for extra in [&[][..], &["--by-source"][..], &["--format", "json"][..]] {
        let from_csv = run(&[&["usage", "csv", csv][..], extra].concat());
        let from_logs = run(&[&["usage", "logs", logs][..], extra].concat());
        assert_eq!(from_csv.exit(), 0, "{}", from_csv.stderr);
        assert_eq!(from_logs.exit(), 0, "{}", from_logs.stderr);
        if extra.contains(&"json") {
            let a: Value = serde_json::from_str(&from_csv.stdout).unwrap_or_default();
            let b: Value = serde_json::from_str(&from_logs.stdout).unwrap_or_default();
            assert_eq!(a["volumes"], b["volumes"]);
            assert_eq!(a["window"], b["window"]);
            let every = [
                "counted",
                "insights",
                "aggregated",
                "write_assumed",
                "data_without_resource",
            ];
            for k in also.iter().chain(&every) {
                assert_eq!(a["statistics"][k], b["statistics"][k], "{k}");
            }
        } else {
            assert_eq!(body(&from_csv.stdout), body(&from_logs.stdout), "{extra:?}");
        }
    }
}

/// At most the first 2,000 characters of an output, for failure messages.
pub fn clip(text: &str) -> String {
    text.chars().take(2_000).collect()
}

/// A file of the package, by its path from the root.
pub fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fresh, empty directory under Cargo's temporary directory for integration tests.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// A file holding `text`, written for a test in the folder `dir` under Cargo's temporary directory
/// for integration tests (the folder is shared, not emptied).
pub fn scratch_file(dir: &str, name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("a scratch file");
    path
}

/// An exact decimal from its string form.
pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

/// A decimal carried as a JSON string (`total`, `cost`, `price_per_100k`).
pub fn money(v: &Value) -> Decimal {
    dec(v
        .as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}")))
}

/// Compares `actual`, byte for byte, with the snapshot file `DIR/NAME.snap.EXT` (`name_and_extension`
/// is `NAME.EXT`; `DIR` is from the package root). The `.snap` file beside it holds insta's
/// metadata. `INSTA_UPDATE=always` rewrites it (see `tests/README.md`); a mismatch otherwise leaves
/// the output in `DIR/NAME.snap.new.EXT` for review.
pub fn assert_file_snapshot(dir: &str, name_and_extension: &str, actual: &str) {
    insta::with_settings!({
        snapshot_path => root().join(dir),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_binary_snapshot!(name_and_extension, actual.as_bytes().to_vec());
    });
}

/// Compares `actual` with the text snapshot `DIR/NAME.snap` (`DIR` from the package root), with a
/// line diff when they differ. `INSTA_UPDATE=always` rewrites it.
pub fn assert_text_snapshot(dir: &str, name: &str, actual: &str) {
    insta::with_settings!({
        snapshot_path => root().join(dir),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, actual);
    });
}
