//! A catalogue of bad input, one case per class (issue 7 point 5): each runs the built binary with
//! `trailplan plan FILE` and checks the exit code (3: the scenario could not be read, parsed or
//! validated), that the message names the file, the line and column where the TOML gives them, and
//! the key part of the message. Wrong use of the command line exits 2.
//!
//! The cases are data: `tests/fixtures/bad/*.toml`, whose first line says what each should emit,
//!
//! ```text
//! # expect exit 3 at LINE:COL: key part of the message
//! # expect exit 3: key part of the message          (no line: the file could not be read as text)
//! ```
//!
//! Inputs that cannot be committed (an empty file, a directory, a missing file, a file over 64 MiB,
//! a list longer than trailplan reads) are made in a temporary directory by the tests below.

use std::fmt::Write as _;

use crate::support::{Run, clip, path_str, root, run, scratch_dir};

const FIXTURES: &str = "tests/fixtures/bad";

/// What a fixture's first line says it should emit.
#[derive(Debug)]
struct Expect {
    code: i32,
    location: Option<(usize, usize)>,
    message: String,
}

fn parse_expectation(first_line: &str) -> Expect {
    let rest = first_line
        .strip_prefix("# expect exit ")
        .unwrap_or_else(|| panic!("first line should start with `# expect exit `: {first_line}"));
    let (head, message) = rest
        .split_once(": ")
        .unwrap_or_else(|| panic!("no `: message` in {first_line}"));
    let (code, location) = match head.split_once(" at ") {
        Some((code, at)) => {
            let (line, col) = at
                .split_once(':')
                .unwrap_or_else(|| panic!("`at LINE:COL` expected in {first_line}"));
            (
                code,
                Some((
                    line.parse().expect("a line number"),
                    col.parse().expect("a column number"),
                )),
            )
        }
        None => (head, None),
    };
    Expect {
        code: code.parse().expect("an exit code"),
        location,
        message: message.to_string(),
    }
}

/// Runs `trailplan plan PATH` and checks the outcome against `expect`.
fn check(path: &str, expect: &Expect) {
    let Run {
        code,
        stdout,
        stderr,
    } = run(&["plan", path]);
    assert_eq!(
        code,
        Some(expect.code),
        "{path}: exit code\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.is_empty(),
        "{path}: nothing belongs on stdout\n{stdout}"
    );
    let stderr = clip(&stderr);
    let first = stderr.lines().next().unwrap_or_default();
    let prefix = match expect.location {
        Some((line, col)) => format!("error: {path}:{line}:{col}: "),
        None => format!("error: {path}: "),
    };
    assert!(
        first.starts_with(&prefix),
        "{path}: the message should start with `{prefix}`, got:\n{stderr}"
    );
    assert!(
        first.contains(&expect.message),
        "{path}: the message should say `{}`, got:\n{stderr}",
        expect.message
    );
    assert!(
        !stderr.contains("panicked"),
        "{path}: trailplan panicked:\n{stderr}"
    );
}

/// Checks one fixture of `tests/fixtures/bad/` against its first line.
fn fixture(name: &str) {
    let path = format!("{FIXTURES}/{name}");
    let bytes = std::fs::read(root().join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_line = std::str::from_utf8(first_line).expect("the first line is text");
    check(&path, &parse_expectation(first_line));
}

// --- One case per class, from the fixtures. -----------------------------------------------------

#[test]
fn syntax_error() {
    fixture("syntax-error.toml");
}

#[test]
fn unknown_key() {
    fixture("unknown-key.toml");
}

#[test]
fn wrong_type() {
    fixture("wrong-type.toml");
}

#[test]
fn negative_count() {
    fixture("negative-count.toml");
}

#[test]
fn float_where_an_integer_belongs() {
    fixture("float-count.toml");
}

#[test]
fn float_where_money_belongs_says_to_quote() {
    fixture("float-money.toml");
}

#[test]
fn money_of_the_wrong_type_says_what_money_is() {
    fixture("money-of-wrong-type.toml");
}

#[test]
fn money_beyond_decimal() {
    fixture("money-beyond-decimal.toml");
}

#[test]
fn unknown_account_reference() {
    fixture("unknown-account.toml");
}

#[test]
fn unknown_region_reference() {
    fixture("unknown-region.toml");
}

#[test]
fn duplicate_account() {
    fixture("duplicate-account.toml");
}

#[test]
fn two_management_accounts() {
    fixture("two-management-accounts.toml");
}

#[test]
fn unknown_format_version() {
    fixture("unknown-format-version.toml");
}

#[test]
fn missing_required_key() {
    fixture("missing-required-key.toml");
}

#[test]
fn file_with_nothing_but_a_comment() {
    fixture("empty.toml");
}

#[test]
fn binary_garbage() {
    fixture("binary-garbage.toml");
}

#[test]
fn selector_value_over_2048_characters() {
    fixture("selector-value-too-long.toml");
}

#[test]
fn count_beyond_u64() {
    fixture("count-beyond-u64.toml");
}

#[test]
fn sum_of_counts_beyond_u64() {
    fixture("count-sum-overflow.toml");
}

#[test]
fn decimal_overflow_in_pricing() {
    fixture("price-overflow.toml");
}

/// Every fixture in the directory, including the fuzzer's regression cases, meets its first line;
/// and every fixture is one of the named cases above or a fuzz regression (so none is forgotten).
#[test]
fn every_bad_fixture_emits_what_its_first_line_says() {
    let mut names: Vec<String> = std::fs::read_dir(root().join(FIXTURES))
        .expect("the fixtures directory")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e == "toml")
        })
        .collect();
    names.sort();
    assert!(names.len() >= 19, "fixtures went missing: {names:?}");
    for name in &names {
        fixture(name);
    }
}

// --- Inputs made by the tests. --------------------------------------------------------------------

#[test]
fn empty_file() {
    let dir = scratch_dir("bad_input/empty_file");
    let path = dir.join("empty.toml");
    std::fs::write(&path, "").expect("write");
    check(
        path_str(&path),
        &Expect {
            code: 3,
            location: Some((1, 1)),
            message: "missing field `format`".into(),
        },
    );
}

#[test]
fn a_directory_instead_of_a_file() {
    // A folder stands for its *.toml scenarios; one without any is refused.
    let dir = scratch_dir("bad_input/a_directory_instead_of_a_file");
    check(
        path_str(&dir),
        &Expect {
            code: 3,
            location: None,
            message: "is a folder with no *.toml scenario in it".into(),
        },
    );
}

#[test]
fn a_missing_file() {
    let dir = scratch_dir("bad_input/a_missing_file");
    let path = dir.join("does-not-exist.toml");
    check(
        path_str(&path),
        &Expect {
            code: 3,
            location: None,
            message: "no such file".into(),
        },
    );
}

#[test]
fn a_file_over_64_mib() {
    let dir = scratch_dir("bad_input/a_file_over_64_mib");
    let path = dir.join("huge.toml");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: the length is set, no data is written.
    file.set_len(64 * 1024 * 1024 + 1).expect("set_len");
    drop(file);
    check(
        path_str(&path),
        &Expect {
            code: 3,
            location: None,
            message: "scenario files are read up to 67108864 bytes (64 MiB)".into(),
        },
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_list_longer_than_trailplan_reads() {
    let dir = scratch_dir("bad_input/a_list_longer_than_trailplan_reads");
    let path = dir.join("long-list.toml");
    let values: Vec<String> = (0..100_001).map(|i| format!("\"v{i}\"")).collect();
    let text = format!(
        "format = 1\nname = \"long list\"\nregions = [\"us-east-1\"]\n[[trail]]\nname = \"main\"\n\
         home_region = \"us-east-1\"\n[[trail.advanced_event_selector]]\nfield_selectors = [\n  \
         {{ field = \"eventName\", equals = [{}] }},\n]\n",
        values.join(", ")
    );
    std::fs::write(&path, text).expect("write");
    check(
        path_str(&path),
        &Expect {
            code: 3,
            location: Some((9, 35)),
            message: "too many values".into(),
        },
    );
    // The line is a megabyte long; the message shows a window of it around the column.
    let Run { stderr, .. } = run(&["plan", path_str(&path)]);
    assert!(stderr.len() < 1_000, "{} bytes of stderr", stderr.len());
}

/// The header of a generated scenario: `accounts` accounts (the first is the management one) in
/// `regions` regions, the regions list on line 3.
fn big_header(accounts: usize, regions: usize) -> String {
    let names: Vec<String> = (0..regions).map(|i| format!("\"r{i}\"")).collect();
    let mut text = format!(
        "format = 1\nname = \"big\"\nregions = [{}]\n",
        names.join(", ")
    );
    for i in 0..accounts {
        let _ = write!(text, "[[account]]\nname = \"a{i}\"\n");
        if i == 0 {
            text.push_str("management = true\n");
        }
    }
    text
}

/// 100,000 accounts × 100,000 regions fit in a few megabytes and once made trailplan ask for
/// 240 GB (an abort, not an error).
#[test]
fn more_account_region_cells_than_trailplan_plans() {
    let dir = scratch_dir("bad_input/more_account_region_cells_than_trailplan_plans");
    let path = dir.join("cells.toml");
    std::fs::write(&path, big_header(1_001, 1_000)).expect("write");
    check(
        path_str(&path),
        &Expect {
            code: 3,
            location: Some((3, 11)),
            message: "1001 accounts × 1000 regions is more than the 1000000 account × region cells"
                .into(),
        },
    );
}

/// Volumes × cells × trails beyond 20 million steps are refused at the volume that crosses the
/// limit, instead of running for minutes (300,000 volumes in one cell once took quadratic time).
#[test]
fn more_planning_steps_than_trailplan_takes() {
    let dir = scratch_dir("bad_input/more_planning_steps_than_trailplan_takes");
    let path = dir.join("work.toml");
    let mut text = big_header(1_000, 1_000);
    text.push_str("[[trail]]\nname = \"org\"\nhome_region = \"r0\"\nmulti_region = true\norganization = true\n");
    // 1,000,000 cells × (1 + 1 organization trail) + 1,000 regions × 1 trail, then 2,000,000 a
    // volume: the ninth volume crosses 20,000,000.
    let mut ninth = 0;
    for i in 1..=12 {
        if i == 9 {
            ninth = text.lines().count() + 1;
        }
        let _ = write!(
            text,
            "[[volume]]\ncategory = \"management\"\nread = 1\nevent_name = \"e{i}\"\n"
        );
    }
    std::fs::write(&path, text).expect("write");
    check(
        path_str(&path),
        &Expect {
            code: 3,
            location: Some((ninth, 1)),
            message: "needs more than 20000000 planning steps".into(),
        },
    );
}

#[test]
fn several_files_report_every_error_and_exit_3() {
    let Run {
        code,
        stdout,
        stderr,
    } = run(&[
        "plan",
        "scenarios/startup-one-trail.toml",
        "tests/fixtures/bad/unknown-key.toml",
        "tests/fixtures/bad/wrong-type.toml",
    ]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("unknown-key.toml:8:1:"), "{stderr}");
    assert!(stderr.contains("wrong-type.toml:7:8:"), "{stderr}");
}

// --- Wrong use of the command line: exit 2. -------------------------------------------------------

#[test]
fn today_that_is_not_a_date() {
    let Run { code, stderr, .. } = run(&[
        "plan",
        "scenarios/startup-one-trail.toml",
        "--today",
        "nonsense",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--today `nonsense` is not a date"),
        "{stderr}"
    );
}

#[test]
fn unknown_subcommand() {
    let Run { code, stderr, .. } = run(&["plna", "scenarios/startup-one-trail.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("unrecognized subcommand"), "{stderr}");
}

#[test]
fn unknown_flag() {
    let Run { code, stderr, .. } = run(&[
        "plan",
        "scenarios/startup-one-trail.toml",
        "--colour",
        "never",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("unexpected argument '--colour'"),
        "{stderr}"
    );
}

#[test]
fn unknown_format() {
    let Run { code, stderr, .. } = run(&[
        "plan",
        "scenarios/startup-one-trail.toml",
        "--format",
        "yaml",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("invalid value 'yaml'"), "{stderr}");
}
