//! What every test module shares: the built binary run from the package root, fixtures, scratch
//! directories, exact decimals, and files of expected output that `BLESS=1` rewrites.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;

/// The date the tests judge against (waivers expire relative to it).
pub const TODAY: &str = "2026-11-25";

/// The package root: fixtures are read, and the binary is run, from here.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path as the `&str` that a command line takes.
pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `trailplan`, run from the package root (so `file` in reports is a relative path), without
/// colour.
pub fn trailplan() -> Command {
    trailplan_in(root())
}

/// `trailplan`, run from `dir`, without colour.
pub fn trailplan_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("trailplan").expect("the trailplan binary is built");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
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

    /// The stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.describe()))
    }
}

/// Runs a prepared command to its end. Output that is not UTF-8 fails the test: trailplan prints
/// text only.
pub fn finish(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("trailplan runs");
    let text = |bytes: Vec<u8>, stream: &str| {
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{stream} is not UTF-8: {e}"))
    };
    Run {
        code: output.status.code(),
        stdout: text(output.stdout, "stdout"),
        stderr: text(output.stderr, "stderr"),
    }
}

/// `trailplan ARGS` from the package root.
pub fn run(args: &[&str]) -> Run {
    finish(trailplan().args(args))
}

/// `trailplan ARGS` from `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    finish(trailplan_in(dir).args(args))
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

/// Is this run rewriting the expected files (`BLESS=1`)?
pub fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the expected file at `path` (from the package root), or writes it when
/// `BLESS=1`. Returns what is wrong, with a line diff, so that a caller can gather every mismatch.
pub fn compare_blessed(path: &str, actual: &str) -> Result<(), String> {
    let full = root().join(path);
    if blessing() {
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{path}: {e}"))?;
        }
        return std::fs::write(&full, actual).map_err(|e| format!("{path}: {e}"));
    }
    let expected = std::fs::read_to_string(&full)
        .map_err(|e| format!("{path}: {e} (run with BLESS=1 to create it)"))?;
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "{path} differs from the output (BLESS=1 rewrites it; review the diff)\n{}",
            line_diff(&expected, actual)
        ))
    }
}

/// [`compare_blessed`] that fails the test at once.
pub fn assert_blessed(path: &str, actual: &str) {
    if let Err(e) = compare_blessed(path, actual) {
        panic!("{e}");
    }
}

/// A unified-style line diff: `-` expected, `+` actual, two lines of context around changes.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // Longest common subsequence table, from the ends.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', b[j]));
            j += 1;
        } else {
            ops.push(('-', a[i]));
            i += 1;
        }
    }
    let near_change = |k: usize| {
        let lo = k.saturating_sub(2);
        let hi = (k + 2).min(ops.len() - 1);
        ops[lo..=hi].iter().any(|(op, _)| *op != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (op, line)) in ops.iter().enumerate() {
        if near_change(k) {
            if skipped {
                out.push_str("  ...\n");
                skipped = false;
            }
            let _ = writeln!(out, "{op} {line}");
        } else {
            skipped = true;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the files differ in their final newline)\n");
    }
    out
}
