//! `trailplan usage logs | lookup-events | sql | csv` (SPEC §6 "Log records to volumes" and
//! "Organization scale"), run as the built binary on the fixture logs under
//! `tests/fixtures/usage/logs/` (record shapes modelled on the samples in AWS's CloudTrail user
//! guide: management reads and writes, S3/Lambda/DynamoDB data events, network activity through a
//! VPC endpoint, Insights, `AwsConsoleSignIn` without `readOnly`, records older than
//! `eventCategory`, a digest file and an aggregated event).

use crate::support::{assert_file_snapshot, assert_usage_csv_equals_logs, body, run, scratch_dir};
use proptest::prelude::*;
use std::path::Path;
use trailplan::generate::logs::{Layout, SynthStream};
use trailplan::model::Category;
use trailplan::usage::{Options, Stream, logs, scale_to_month};

const LOGS: &str = "tests/fixtures/usage/logs";

/// Compares with the snapshot `tests/fixtures/usage/NAME.snap.toml`, byte for byte.
fn expect_file(name: &str, actual: &str) {
    assert_file_snapshot("tests/fixtures/usage", &format!("{name}.toml"), actual);
}

#[test]
fn fixture_logs_give_exact_volumes() {
    let r = run(&["usage", "logs", LOGS]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    expect_file("logs", &r.stdout);
    // The numbers, by hand: 7 UTC days (2026-11-01 to 2026-11-07), so a month is × 30/7.
    // us-east-1 management of 111122223333: 2 reads (EC2, KMS) → 8.57 → 9; 1 write → 4.29 → 4.
    assert!(r.stdout.contains(
        "accounts = [\"111122223333\"]\nregions = [\"us-east-1\"]\ncategory = \"management\"\nread = 9\nwrite = 4\n"
    ));
    // Global services recorded in us-east-1 keep their source; ConsoleLogin has no readOnly: a write.
    assert!(
        r.stdout
            .contains("event_source = \"signin.amazonaws.com\"\nread = 0\nwrite = 4\n")
    );
    // Lambda `checkout:live` and `checkout` are one function: 2 invocations → 8.57 → 9.
    assert!(r.stdout.contains(
        "resource_arn = \"arn:aws:lambda:us-east-1:111122223333:function:checkout\"\nread = 0\nwrite = 9\n"
    ));
    // STS in eu-west-1 is a regional endpoint: no source of its own.
    assert!(
        !r.stdout
            .contains("regions = [\"eu-west-1\"]\ncategory = \"management\"\nevent_source")
    );
    // The old record without recipientAccountId is the user identity's account.
    assert!(r.stdout.contains("accounts = [\"444455556666\"]\nregions = [\"us-east-1\"]\ncategory = \"management\"\nread = 0\nwrite = 4\n"));
    for line in [
        "# Read 5 files (15,077 bytes) holding 22 records; 19 became volumes.",
        "# Window: 2026-11-01T00:01:12Z to 2026-11-07T23:43:05Z, 7 UTC calendar days. A month is counts × 30 / 7, rounded half away from zero to whole events.",
        "# Left out: 1 digest file (CloudTrail-Digest/), 0 other files in walked folders, 2 Insights events, 1 aggregated event, 0 data events without a resource type, 0 events of other categories, 0 files that are not CloudTrail logs (--skip-bad).",
        "# Counted as writes because readOnly is absent (AwsConsoleSignIn, for one): 1 event.",
    ] {
        assert!(r.stdout.contains(line), "missing {line}\n{}", r.stdout);
    }
}

#[test]
fn the_output_validates_and_plans_to_the_expected_cost() {
    let r = run(&["usage", "logs", LOGS]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    let dir = scratch_dir("usage-plan");
    let usage_only = dir.join("usage.toml");
    std::fs::write(&usage_only, &r.stdout).unwrap_or_else(|e| panic!("{e}"));
    let v = run(&["validate", &usage_only.display().to_string()]);
    v.assert_stdout(0, "valid (2 accounts, 2 regions, 13 volumes, 0 trails)");

    // Two trails in 111122223333: a multi-region trail with S3 and Lambda data events, and a
    // single-region trail in us-east-1 that pays for a second copy of its management events.
    let scenario = format!(
        "{}\n{}",
        r.stdout,
        r#"
[[trail]]
name = "audit"
account = "111122223333"
home_region = "us-east-1"
multi_region = true
[[trail.event_selector]]
read_write_type = "All"
data_resources = [
  { type = "AWS::S3::Object", values = ["arn:aws:s3"] },
  { type = "AWS::Lambda::Function", values = ["arn:aws:lambda"] },
]

[[trail]]
name = "copy"
account = "111122223333"
home_region = "us-east-1"
"#
    );
    let file = dir.join("planned.toml");
    std::fs::write(&file, scenario).unwrap_or_else(|e| panic!("{e}"));
    let p = run(&[
        "plan",
        &file.display().to_string(),
        "--format",
        "json",
        "--today",
        "2026-12-01",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&p.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", p.stdout, p.stderr));
    // The second copy of us-east-1's management events: 9 + 4 (regional) + 4 (IAM) + 4 (sign-in)
    // + 4 (STS) = 25 events at $2.00 per 100,000 = $0.0005. Data events, every copy paid at $0.10
    // per 100,000: S3 prod-uploads 9 + 4 and Lambda checkout 9 = 22 events = $0.000022. The
    // network activity in eu-west-1 is not selected by basic selectors (SPEC §1).
    assert_eq!(json["total"], "0.000522", "{}", p.stdout);
}

#[test]
fn json_gives_the_same_volumes_and_the_statistics() {
    let r = run(&["usage", "logs", LOGS, "--format", "json"]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["window"]["days"], 7);
    assert_eq!(json["window"]["scale"], "30/7");
    assert_eq!(json["window"]["first_time"], "2026-11-01T00:01:12Z");
    let s = &json["statistics"];
    assert_eq!(
        (
            s["files"].as_u64(),
            s["records"].as_u64(),
            s["counted"].as_u64()
        ),
        (Some(5), Some(22), Some(19))
    );
    assert_eq!(
        (
            s["digest_files"].as_u64(),
            s["insights"].as_u64(),
            s["aggregated"].as_u64()
        ),
        (Some(1), Some(2), Some(1))
    );
    assert_eq!(s["write_assumed"], 1);
    let volumes = json["volumes"].as_array().map_or(0, Vec::len);
    assert_eq!(volumes, 13);
    let s3 = json["volumes"]
        .as_array()
        .and_then(|v| {
            v.iter()
                .find(|v| v["resource_arn"] == "arn:aws:s3:::prod-uploads/")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (s3["read"].as_u64(), s3["write"].as_u64()),
        (Some(9), Some(4))
    );
    assert_eq!(
        (
            s3["recorded"]["read"].as_u64(),
            s3["recorded"]["write"].as_u64()
        ),
        (Some(2), Some(1))
    );
}

#[test]
fn days_override_scales_and_rounds_half_away_from_zero() {
    // --days 30: a month is the counts as recorded.
    let r = run(&["usage", "logs", LOGS, "--days", "30"]);
    r.assert_stdout(0, "category = \"management\"\nread = 2\nwrite = 1\n");
    assert!(r.stdout.contains(
        "# Window: --days 30 (the records span 2026-11-01T00:01:12Z to 2026-11-07T23:43:05Z)."
    ));
    // --days 12: 1 event is 2.5 a month → 3 (half away from zero; half to even would give 2);
    // 2 events are exactly 5.
    let r = run(&["usage", "logs", LOGS, "--days", "12"]);
    r.assert_stdout_has("category = \"management\"\nread = 5\nwrite = 3\n");
    // --days 7 is the records' own window.
    let seven = run(&["usage", "logs", LOGS, "--days", "7"]);
    assert_eq!(
        body(&seven.stdout),
        body(&run(&["usage", "logs", LOGS]).stdout)
    );
    assert_eq!(run(&["usage", "logs", LOGS, "--days", "0"]).exit(), 2);
}

#[test]
fn by_source_gives_every_management_source_its_own_volume() {
    let r = run(&["usage", "logs", LOGS, "--by-source", "--days", "30"]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    for source in [
        "ec2.amazonaws.com",
        "kms.amazonaws.com",
        "sts.amazonaws.com",
    ] {
        assert!(r.stdout.contains(&format!(
            "regions = [\"us-east-1\"]\ncategory = \"management\"\nevent_source = \"{source}\"\n"
        )), "{source}\n{}", r.stdout);
    }
    assert!(r.stdout.contains("regions = [\"eu-west-1\"]\ncategory = \"management\"\nevent_source = \"ec2.amazonaws.com\"\nread = 0\nwrite = 1\n"));
}

#[test]
fn dedupe_counts_an_event_id_once_and_says_so() {
    let dir = scratch_dir("usage-dedupe");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(LOGS).join(
        "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/04/111122223333_CloudTrail_us-east-1_20261104T1210Z_Jd83hQ0pXr2mN5vE.json",
    );
    for copy in ["a.json", "b.json"] {
        std::fs::copy(&file, dir.join(copy)).unwrap_or_else(|e| panic!("{e}"));
    }
    let dir_arg = dir.display().to_string();
    let twice = run(&["usage", "logs", &dir_arg, "--days", "30"]);
    assert!(
        twice
            .stdout
            .contains("resource_arn = \"arn:aws:s3:::prod-uploads/\"\nread = 4\nwrite = 2\n"),
        "{}",
        twice.stdout
    );
    assert!(
        twice
            .stdout
            .contains("# Records are counted as read: a file read twice counts twice")
    );
    let once = run(&["usage", "logs", &dir_arg, "--days", "30", "--dedupe"]);
    once.assert_stdout_has("resource_arn = \"arn:aws:s3:::prod-uploads/\"\nread = 2\nwrite = 1\n");
    assert!(once.stdout.contains("# --dedupe: each eventID counted once (7 repeats left out); memory grew with the distinct events."));
}

#[test]
fn a_file_that_is_not_a_log_is_exit_3_naming_it_unless_skip_bad() {
    let dir = scratch_dir("usage-bad");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("tests/fixtures/usage/bad/not-a-log.json"),
        dir.join("policy.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        root.join(LOGS).join("AWSLogs/444455556666/CloudTrail/us-east-1/2026/11/03/444455556666_CloudTrail_us-east-1_20261103T0930Z_Qa7Zt0vN2cLp9sRk.json"),
        dir.join("good.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let arg = dir.display().to_string();
    let r = run(&["usage", "logs", &arg]);
    assert_eq!(r.exit(), 3);
    assert!(r.stdout.is_empty(), "nothing is half-written: {}", r.stdout);
    let policy = dir.join("policy.json").display().to_string();
    assert_eq!(
        r.stderr,
        format!(
            "error: {policy}: not a CloudTrail log file: no \"Records\" list at the top level\n"
        )
    );
    let r = run(&["usage", "logs", &arg, "--skip-bad"]);
    r.assert_stdout(0, "1 file that is not a CloudTrail log (--skip-bad).");
    assert!(r.stdout.contains(&format!(
        "#   {policy}: not a CloudTrail log file: no \"Records\" list at the top level\n"
    )));
    r.assert_stdout_has("# Read 1 file (");
}

#[test]
fn truncated_gzip_and_records_without_time_or_region_name_the_file() {
    for (file, message) in [
        (
            "truncated.json.gz",
            "truncated gzip: the file ends before its compressed data does".to_string(),
        ),
        (
            "no-event-time.json",
            "8:1: Records[1]: no eventTime".to_string(),
        ),
        (
            "no-region.json",
            "5:1: Records[0]: no awsRegion".to_string(),
        ),
    ] {
        let path = format!("tests/fixtures/usage/bad/{file}");
        let r = run(&["usage", "logs", &path]);
        assert_eq!(r.exit(), 3, "{file}");
        assert!(r.stdout.is_empty());
        let sep = if message.starts_with(char::is_numeric) {
            ":"
        } else {
            ": "
        };
        assert_eq!(r.stderr, format!("error: {path}{sep}{message}\n"), "{file}");
    }
}

#[test]
fn an_unreadable_folder_is_exit_3_naming_it() {
    let dir = scratch_dir("usage-unreadable");
    // A link to nowhere inside a walked folder.
    let link = dir.join("AWSLogs");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("gone"), &link).unwrap_or_else(|e| panic!("{e}"));
    let r = run(&["usage", "logs", &dir.display().to_string()]);
    assert_eq!(r.exit(), 3);
    assert_eq!(
        r.stderr,
        format!(
            "error: {}: cannot read this folder entry: no such file or folder\n",
            link.display()
        )
    );
    // A folder without read permission (root reads it all the same, so then only the link is checked).
    let locked = scratch_dir("usage-locked");
    let inner = locked.join("CloudTrail");
    std::fs::create_dir_all(&inner).unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o000));
        if std::fs::read_dir(&inner).is_ok() {
            eprintln!(
                "NOTE: this user reads mode-000 folders (root); the permission case is covered by the dangling link only"
            );
        } else {
            let r = run(&["usage", "logs", &locked.display().to_string()]);
            assert_eq!(r.exit(), 3);
            assert_eq!(
                r.stderr,
                format!(
                    "error: {}: cannot read this folder entry: permission denied\n",
                    inner.display()
                )
            );
        }
        let _ = std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o755));
    }
    let r = run(&["usage", "logs", "tests/fixtures/usage/no-such-folder"]);
    assert_eq!(r.exit(), 3);
    assert_eq!(
        r.stderr,
        "error: tests/fixtures/usage/no-such-folder: no such file or folder\n"
    );
}

#[test]
fn lookup_events_reads_the_embedded_record() {
    let r = run(&[
        "usage",
        "lookup-events",
        "tests/fixtures/usage/lookup-events.json",
        "--dedupe",
    ]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    expect_file("lookup-events", &r.stdout);
    // 3 days (2026-11-10 to 2026-11-12): × 10. DescribeInstances (once, deduped) and CreateTags in
    // eu-west-1; CreateRole is IAM's, in us-east-1, with its source.
    assert!(
        r.stdout.contains(
            "regions = [\"eu-west-1\"]\ncategory = \"management\"\nread = 10\nwrite = 10\n"
        )
    );
    assert!(
        r.stdout
            .contains("event_source = \"iam.amazonaws.com\"\nread = 0\nwrite = 10\n")
    );
    let again = run(&[
        "usage",
        "lookup-events",
        "tests/fixtures/usage/lookup-events.json",
    ]);
    assert!(
        again.stdout.contains(
            "regions = [\"eu-west-1\"]\ncategory = \"management\"\nread = 20\nwrite = 10\n"
        )
    );
    let bad = run(&[
        "usage",
        "lookup-events",
        "tests/fixtures/usage/bad/not-a-log.json",
    ]);
    bad.assert_failure(3, "missing field `Events`");
    assert!(
        bad.stderr
            .starts_with("error: tests/fixtures/usage/bad/not-a-log.json:"),
        "{}",
        bad.stderr
    );
}

#[test]
fn sql_prints_one_query_per_engine() {
    let athena = run(&["usage", "sql", "--engine", "athena"]);
    assert_eq!(athena.exit(), 0);
    assert!(athena.stdout.contains("    FROM cloudtrail_logs\n"));
    assert!(
        athena
            .stdout
            .contains("coalesce(recipientaccountid, useridentity.accountid) AS account")
    );
    assert!(
        run(&["usage", "sql", "--engine", "athena", "--management-event"])
            .stdout
            .contains("WHEN managementevent = false THEN 'Data'")
    );
    let named = run(&[
        "usage",
        "sql",
        "--engine",
        "athena",
        "--table",
        "audit.cloudtrail_prod",
    ]);
    assert!(named.stdout.contains("    FROM audit.cloudtrail_prod\n"));
    let lake = run(&[
        "usage",
        "sql",
        "--engine",
        "lake",
        "--table",
        "0a1b2c3d-1111-2222-3333-444455556666",
    ]);
    assert!(
        lake.stdout
            .contains("    FROM 0a1b2c3d-1111-2222-3333-444455556666\n")
    );
    assert!(lake.stdout.contains("CASE CAST(readOnly AS VARCHAR)"));
    let no_table = run(&["usage", "sql", "--engine", "lake"]);
    assert_eq!(no_table.exit(), 2);
    assert_eq!(
        no_table.stderr,
        "error: `--engine lake` needs `--table EVENT_DATA_STORE_ID`\n"
    );
    let bad = run(&[
        "usage",
        "sql",
        "--engine",
        "athena",
        "--table",
        "x; DROP TABLE y",
    ]);
    assert_eq!(bad.exit(), 2);
}

#[test]
fn csv_without_the_query_columns_is_exit_3_naming_file_and_line() {
    let dir = scratch_dir("usage-csv");
    let file = dir.join("result.csv");
    std::fs::write(&file, "account,region,events\n111122223333,us-east-1,4\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(&["usage", "csv", &file.display().to_string()]);
    assert_eq!(r.exit(), 3);
    assert!(
        r.stderr.starts_with(&format!(
            "error: {}:1:1: no `category` column",
            file.display()
        )),
        "{}",
        r.stderr
    );
    let header = "account,region,category,direction,event_source,resource_type,resource_arn,events,first_time,last_time\n";
    std::fs::write(&file, format!("{header}111122223333,us-east-1,Management,read,,,,many,2026-11-01T00:00:00Z,2026-11-01T00:00:00Z\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(&["usage", "csv", &file.display().to_string()]);
    assert_eq!(r.exit(), 3);
    assert_eq!(
        r.stderr,
        format!(
            "error: {}:2:1: events `many` is not a whole number\n",
            file.display()
        )
    );
}

/// Finds a Python with the `duckdb` module (PyPI; `scripts/requirements-duckdb.txt`).
fn duckdb_python() -> Option<&'static str> {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some("python3")
}

#[test]
fn duckdb_runs_the_printed_query_and_csv_equals_logs() {
    let Some(python) = duckdb_python() else {
        let why = "SKIPPED duckdb_runs_the_printed_query_and_csv_equals_logs: python3 cannot `import duckdb`; \
                   install it with `python3 -m pip install -r scripts/requirements-duckdb.txt`";
        eprintln!("\n{}\n{why}\n{}\n", "=".repeat(100), "=".repeat(100));
        assert!(
            std::env::var_os("CI").is_none(),
            "{why} (CI is set: the cross-check must run)"
        );
        return;
    };
    let query = run(&["usage", "sql", "--engine", "duckdb", "--table", LOGS]);
    assert_eq!(query.exit(), 0, "{}", query.stderr);
    let dir = scratch_dir("usage-duckdb");
    let csv = dir.join("result.csv");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/duckdb-csv.py");
    let mut child = std::process::Command::new(python)
        .arg(&script)
        .arg(&csv)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        stdin
            .write_all(query.stdout.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(
        child.wait().is_ok_and(|s| s.success()),
        "duckdb failed on the printed query"
    );
    let csv_arg = csv.display().to_string();
    assert_usage_csv_equals_logs(&csv_arg, LOGS, &["records"]);
}

/// A generated stream: an account, a region, and a category with the fields its volume keeps.
fn stream_strategy() -> impl Strategy<Value = SynthStream> {
    let accounts = prop::sample::select(vec!["111111111111", "222222222222", "333333333333"]);
    let regions = prop::sample::select(vec!["us-east-1", "eu-west-1", "ap-southeast-2"]);
    (accounts, regions, 0u8..6, 0usize..3, 0u64..40, 0u64..40).prop_map(
        |(account, region, kind, which, read, write)| {
            let names = ["orders", "sessions", "uploads"];
            let name = names[which];
            let (category, event_source, resource_type, resource_arn) = match kind {
                1 if region == "us-east-1" => (
                    Category::Management,
                    Some(
                        [
                            "iam.amazonaws.com",
                            "sts.amazonaws.com",
                            "signin.amazonaws.com",
                        ][which]
                            .to_string(),
                    ),
                    None,
                    None,
                ),
                0 | 1 => (Category::Management, None, None, None),
                2 => (
                    Category::Data,
                    None,
                    Some("AWS::S3::Object".to_string()),
                    Some(format!("arn:aws:s3:::{name}-{account}/")),
                ),
                3 => (
                    Category::Data,
                    None,
                    Some("AWS::Lambda::Function".to_string()),
                    Some(format!("arn:aws:lambda:{region}:{account}:function:{name}")),
                ),
                4 => (
                    Category::Data,
                    None,
                    Some("AWS::DynamoDB::Table".to_string()),
                    Some(format!("arn:aws:dynamodb:{region}:{account}:table/{name}")),
                ),
                _ => (
                    Category::NetworkActivity,
                    Some(
                        ["kms.amazonaws.com", "s3.amazonaws.com", "ec2.amazonaws.com"][which]
                            .to_string(),
                    ),
                    None,
                    None,
                ),
            };
            SynthStream {
                stream: Stream {
                    account: account.to_string(),
                    region: region.to_string(),
                    category,
                    event_source,
                    resource_type,
                    resource_arn,
                },
                read,
                write,
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(12).min(32), ..ProptestConfig::default() })]

    /// Logs synthesized for generated volumes give the volumes back: exactly the recorded counts,
    /// and the month scaled from the window the records span (7 or 30 days).
    #[test]
    fn synthesized_logs_give_back_their_volumes(
        streams in prop::collection::vec(stream_strategy(), 1..7),
        days in prop::sample::select(vec![7u32, 30]),
        per_file in 1usize..40,
        gzip in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let mut expected: std::collections::BTreeMap<Stream, (u64, u64)> =
            std::collections::BTreeMap::default();
        for s in &streams {
            let e = expected.entry(s.stream.clone()).or_default();
            e.0 += s.read;
            e.1 += s.write;
        }
        let total: u64 = expected.values().map(|(r, w)| r + w).sum();
        prop_assume!(total >= 2);
        expected.retain(|_, (r, w)| *r + *w > 0);
        let dir = scratch_dir("usage-prop");
        let layout = Layout { first_day: 20_393, days, records_per_file: per_file, gzip, seed };
        let written = trailplan::generate::logs::write(&dir, &streams, &layout).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(written.records, total);
        let usage = logs::read(std::slice::from_ref(&dir), Options::default(), &logs::Progress::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        prop_assert_eq!(usage.window().days, u64::from(days));
        let got: std::collections::BTreeMap<Stream, (u64, u64)> = usage
            .tally
            .streams
            .iter()
            .map(|(s, c)| (s.clone(), (c.read, c.write)))
            .collect();
        prop_assert_eq!(&got, &expected);
        for v in usage.volumes() {
            let (r, w) = expected[&v.stream];
            prop_assert_eq!((v.read, v.write), (scale_to_month(r, u64::from(days)), scale_to_month(w, u64::from(days))));
        }
    }
}
