//! What every test module shares: the built binary run from the package root, fixtures, scratch
//! directories, exact decimals, and snapshots of expected output (insta; see `tests/README.md`).

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
