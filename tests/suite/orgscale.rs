//! Organization scale (SPEC §6, issue 30): every query `usage sql` prints runs, or is resolved, on
//! the engine it is for, over a small organization-trail tree with the awkward records
//! (`tests/fixtures/orgscale/logs`, written by `scripts/org-tree.py`), and `usage csv` of each result
//! equals `usage logs` of the tree. Each check also sees a query with one column renamed fail.
//!
//! The engines come from PyPI (`scripts/requirements-engines.txt`); a test whose engine is missing
//! prints that it is skipped, and fails when `CI` is set.

use crate::support::{assert_usage_csv_equals_logs, run, scratch_dir};
use std::path::{Path, PathBuf};
use std::time::Instant;

const TREE: &str = "tests/fixtures/orgscale/logs";
const FROM: &str = "2026-11-01";
const TO: &str = "2026-11-03";

/// `python3` when it imports every module, else the skip (or, with `CI` set, the failure).
fn python_with(test: &str, modules: &[&str]) -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", &format!("import {}", modules.join(", "))])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let why = format!(
            "SKIPPED {test}: python3 cannot `import {}`; install with \
             `python3 -m pip install -r scripts/requirements-engines.txt`",
            modules.join(", ")
        );
        eprintln!("\n{}\n{why}\n{}\n", "=".repeat(100), "=".repeat(100));
        assert!(
            std::env::var_os("CI").is_none(),
            "{why} (CI is set: the cross-check must run)"
        );
    }
    ok
}

/// Runs `scripts/NAME` with the arguments: success, and stderr.
fn script(name: &str, args: &[&str]) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .arg(root.join("scripts").join(name))
        .args(args)
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `usage sql ARGS` written to DIR/NAME.
fn sql(dir: &Path, name: &str, args: &[&str]) -> String {
    let r = run(&[&["usage", "sql"][..], args].concat());
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    let path = dir.join(name);
    std::fs::write(&path, &r.stdout).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

/// The query with one column renamed, written beside it.
fn mutated(path: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains(from), "{from} not in {path}");
    let out = PathBuf::from(format!("{path}.mutated.sql"));
    std::fs::write(&out, text.replace(from, to)).unwrap_or_else(|e| panic!("{e}"));
    out.display().to_string()
}

/// `usage csv` of the result equals `usage logs` of the tree, as TOML, `--by-source` and JSON.
fn assert_csv_equals_logs(csv: &str) {
    assert_usage_csv_equals_logs(csv, TREE, &[]);
}

/// The tree has what the issue lists: records without eventCategory, `resources: []`, aggregated
/// and Insights records, and files in the next day's folder; `usage logs` counts them.
#[test]
fn the_org_tree_holds_the_awkward_records() {
    let r = run(&["usage", "logs", TREE, "--format", "json"]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    let s = &v["statistics"];
    for k in [
        "insights",
        "aggregated",
        "write_assumed",
        "data_without_resource",
    ] {
        assert!(s[k].as_u64().unwrap_or(0) > 0, "{k}: {s}");
    }
    let late =
        Path::new(TREE).join("AWSLogs/o-aa11bb22cc/111111111111/CloudTrail/us-east-1/2026/11/04");
    assert!(late.is_dir(), "no file in the day after the last");
    let text = run(&["usage", "sql", "--engine", "athena"]).stdout;
    assert!(text.contains("-- Scan: everything."), "{text}");
}

#[test]
fn athena_and_lake_queries_resolve_against_aws_ddl_and_lake_schema() {
    if !python_with(
        "athena_and_lake_queries_resolve_against_aws_ddl_and_lake_schema",
        &["sqlglot"],
    ) {
        return;
    }
    let dir = scratch_dir("orgscale-resolve");
    let window = ["--from", FROM, "--to", TO];
    let ddl = sql(
        &dir,
        "ddl.sql",
        &["--engine", "athena", "--ddl", "--org-id", "o-aa11bb22cc"],
    );
    let single = sql(&dir, "ddl1.sql", &["--engine", "athena", "--ddl"]);
    let lake_id = "0a1b2c3d-1111-2222-3333-444455556666";
    for (table, query) in [
        (
            &ddl,
            sql(
                &dir,
                "athena.sql",
                &[&["--engine", "athena"][..], &window].concat(),
            ),
        ),
        (&ddl, sql(&dir, "athena-open.sql", &["--engine", "athena"])),
        (
            &single,
            sql(
                &dir,
                "athena-1.sql",
                &[&["--engine", "athena"][..], &window].concat(),
            ),
        ),
    ] {
        let (ok, err) = script("engine-check.py", &["resolve", "athena", table, &query]);
        assert!(ok, "{query}: {err}");
        for (from, to) in [
            ("eventcategory", "eventcategorie"),
            ("useridentity.accountid", "useridentity.acountid"),
            ("1).arn", "1).arm"),
        ] {
            let bad = mutated(&query, from, to);
            let (ok, err) = script("engine-check.py", &["resolve", "athena", table, &bad]);
            assert!(!ok && err.contains("does not resolve"), "{from}: {err}");
        }
    }
    let lake = sql(
        &dir,
        "lake.sql",
        &[&["--engine", "lake", "--table", lake_id][..], &window].concat(),
    );
    let (ok, err) = script("engine-check.py", &["resolve", "lake", &lake]);
    assert!(ok, "{err}");
    let bad = mutated(&lake, "recipientAccountId", "recipientAcountId");
    let (ok, err) = script("engine-check.py", &["resolve", "lake", &bad]);
    assert!(!ok && err.contains("does not resolve"), "{err}");
}

#[test]
fn athena_query_on_duckdb_over_aws_ddl_equals_logs() {
    if !python_with(
        "athena_query_on_duckdb_over_aws_ddl_equals_logs",
        &["duckdb", "sqlglot"],
    ) {
        return;
    }
    let dir = scratch_dir("orgscale-athena");
    let query = sql(
        &dir,
        "athena.sql",
        &["--engine", "athena", "--from", FROM, "--to", TO],
    );
    let csv = dir.join("athena.csv").display().to_string();
    let started = Instant::now();
    let (ok, err) = script("engine-check.py", &["athena-duckdb", TREE, &query, &csv]);
    assert!(ok, "{err}");
    eprintln!(
        "athena query on duckdb: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_csv_equals_logs(&csv);
    let bad = mutated(&query, "eventcategory", "eventcategorie");
    let (ok, err) = script("engine-check.py", &["athena-duckdb", TREE, &bad, &csv]);
    assert!(!ok && err.contains("eventcategorie"), "{err}");
}

/// Lake's query runs on DuckDB too, over a view with Lake's types (`eventtime` a timestamp,
/// `readonly` and `managementevent` booleans).
#[test]
fn lake_query_on_duckdb_over_lake_types_equals_logs() {
    if !python_with(
        "lake_query_on_duckdb_over_lake_types_equals_logs",
        &["duckdb", "sqlglot"],
    ) {
        return;
    }
    let dir = scratch_dir("orgscale-lake");
    let id = "0a1b2c3d-1111-2222-3333-444455556666";
    let query = sql(
        &dir,
        "lake.sql",
        &[
            "--engine", "lake", "--table", id, "--from", FROM, "--to", TO,
        ],
    );
    let csv = dir.join("lake.csv").display().to_string();
    let (ok, err) = script("engine-check.py", &["lake-duckdb", TREE, &query, &csv]);
    assert!(ok, "{err}");
    assert_csv_equals_logs(&csv);
    let bad = mutated(&query, "managementEvent", "managementEvents");
    let (ok, err) = script("engine-check.py", &["lake-duckdb", TREE, &bad, &csv]);
    assert!(!ok && err.contains("managementEvents"), "{err}");
}

#[test]
fn duckdb_query_bounded_on_the_org_tree_equals_logs() {
    if !python_with(
        "duckdb_query_bounded_on_the_org_tree_equals_logs",
        &["duckdb"],
    ) {
        return;
    }
    let dir = scratch_dir("orgscale-duckdb");
    let query = sql(
        &dir,
        "duckdb.sql",
        &[
            "--engine", "duckdb", "--table", TREE, "--from", FROM, "--to", TO,
        ],
    );
    let csv = dir.join("duckdb.csv").display().to_string();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runs = |path: &str| {
        let text = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
        let mut child = std::process::Command::new("python3")
            .arg(root.join("scripts/duckdb-csv.py"))
            .arg(&csv)
            .current_dir(root)
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
            stdin.write_all(&text).unwrap_or_else(|e| panic!("{e}"));
        }
        child.wait().is_ok_and(|s| s.success())
    };
    assert!(runs(&query), "duckdb failed on the printed query");
    assert_csv_equals_logs(&csv);
    assert!(!runs(&mutated(
        &query,
        "r.eventCategory",
        "r.eventCategorie"
    )));
}

#[test]
fn spark_query_on_pyspark_equals_logs() {
    if !python_with("spark_query_on_pyspark_equals_logs", &["pyspark"]) {
        return;
    }
    let dir = scratch_dir("orgscale-spark");
    let query = sql(
        &dir,
        "spark.sql",
        &["--engine", "spark", "--from", FROM, "--to", TO],
    );
    let bad = mutated(&query, "eventcategory", "eventcategorie");
    // Athena's text fails on Spark (`"type"`, `VARCHAR` without a size): hence `--engine spark`.
    let athena = sql(
        &dir,
        "athena.sql",
        &["--engine", "athena", "--from", FROM, "--to", TO],
    );
    let csv = dir.join("spark.csv").display().to_string();
    let started = Instant::now();
    // One local session runs the query, then sees the mutated one and Athena's fail.
    let (ok, err) = script(
        "engine-check.py",
        &["spark", TREE, &query, &csv, &bad, &athena],
    );
    assert!(ok, "{err}");
    eprintln!(
        "spark query on pyspark: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_csv_equals_logs(&csv);
}

#[test]
fn ddl_and_window_flags_are_checked() {
    let org = run(&[
        "usage",
        "sql",
        "--engine",
        "athena",
        "--ddl",
        "--org-id",
        "o-aa11bb22cc",
        "--bucket",
        "acme-org-trail",
    ]);
    assert_eq!(org.exit(), 0, "{}", org.stderr);
    assert!(
        org.stdout
            .contains("LOCATION 's3://acme-org-trail/AWSLogs/o-aa11bb22cc/'")
    );
    assert!(org.stdout.contains("-- Replace projection.account.values"));
    let with_column = run(&[
        "usage",
        "sql",
        "--engine",
        "athena",
        "--ddl",
        "--management-event",
    ]);
    assert!(
        with_column
            .stdout
            .contains("    managementevent BOOLEAN,\n")
    );
    for (args, needle) in [
        (
            &["--engine", "lake", "--table", "eds", "--ddl"][..],
            "--ddl prints the Athena table",
        ),
        (
            &["--engine", "athena", "--ddl", "--org-id", "o-1"][..],
            "is not an organization ID",
        ),
        (
            &["--engine", "athena", "--ddl", "--accounts", "12"][..],
            "is not a 12-digit account ID",
        ),
        (
            &[
                "--engine",
                "athena",
                "--from",
                "2026-11-08",
                "--to",
                "2026-11-07",
            ][..],
            "is before --from",
        ),
        (
            &[
                "--engine",
                "athena",
                "--from",
                "2026-11-31",
                "--to",
                "2026-12-01",
            ][..],
            "is not a date",
        ),
    ] {
        let r = run(&[&["usage", "sql"][..], args].concat());
        assert_eq!(r.exit(), 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
    }
    let half = run(&["usage", "sql", "--engine", "athena", "--from", "2026-11-01"]);
    assert_eq!(half.exit(), 2, "{}", half.stderr);
}

/// `usage csv` reads what the engines return: gzip CSV (Lake's results in S3) and the JSON of
/// `aws athena get-query-results` and `aws cloudtrail get-query-results`, here the Lake query's
/// result on the tree (`scripts/engine-results.py` wrote the forms), each equal to `usage logs`.
#[test]
fn usage_csv_reads_gzip_and_get_query_results_json() {
    for form in [
        "result.csv.gz",
        "athena-get-query-results.json",
        "lake-get-query-results.json",
    ] {
        assert_csv_equals_logs(&format!("tests/fixtures/orgscale/results/{form}"));
    }
    let dir = scratch_dir("orgscale-results");
    let other = dir.join("other.json");
    std::fs::write(&other, r#"{"Items": []}"#).unwrap_or_else(|e| panic!("{e}"));
    let r = run(&["usage", "csv", &other.display().to_string()]);
    assert_eq!(r.exit(), 3, "{}", r.stderr);
    assert!(r.stderr.contains("QueryResultRows"), "{}", r.stderr);
}
