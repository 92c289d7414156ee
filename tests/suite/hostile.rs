//! Hostile input and faults: each test reproduces one attack exactly and asserts that trailplan
//! refuses it with exit 3 and a place, or handles it, instead of crashing, hanging or eating memory.
//! Stack tests run in a thread with a small stack; memory tests run the binary under a limit that
//! the test sets itself.

use std::fmt::Write as _;

use crate::support::{run, run_in, scratch_dir};

/// Runs `f` on a thread with a 512 KiB stack: an unbounded recursion overflows it at once.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(f)
        .expect("a thread starts")
        .join()
        .expect("the thread does not panic")
}

#[test]
fn block_style_yaml_nested_6500_deep_is_refused_with_its_place() {
    // python3 -c "print('- '*6500 + '1')": 13 KB that overflowed the stack (exit 134).
    let text = format!("{}1\n", "- ".repeat(6500));
    let err = on_small_stack(move || {
        trailplan::import::cloudformation(&text, "deep.yaml").expect_err("refused")
    });
    assert_eq!(
        err.to_string(),
        "deep.yaml:1:257: lists and mappings nested more than 128 levels deep"
    );
}

#[test]
fn block_style_mappings_nested_deep_are_refused() {
    let mut text = String::new();
    for depth in 0..3000 {
        let _ = writeln!(text, "{}k:", " ".repeat(depth));
    }
    let err = on_small_stack(move || {
        trailplan::import::cloudformation(&text, "deep.yaml").expect_err("refused")
    });
    assert_eq!(
        err.to_string(),
        "deep.yaml:129:129: lists and mappings nested more than 128 levels deep"
    );
}

#[test]
fn yaml_aliases_are_refused_with_their_place() {
    let text = "Resources:\n  A: &a\n    Type: x\n  B: *a\n";
    let err = trailplan::import::cloudformation(text, "alias.yaml").expect_err("refused");
    assert_eq!(
        err.to_string(),
        "alias.yaml:4:6: a YAML alias (`*name`): CloudFormation does not accept aliases"
    );
}

/// 20 conditions, each `!And [!Condition next, !Condition next, !Condition next]`: 3^20
/// evaluations without memoisation, which ran for hours.
fn condition_chain(last: &str) -> String {
    let mut text = String::from("Conditions:\n");
    for i in 0..20 {
        let next = i + 1;
        let _ = writeln!(
            text,
            "  C{i}: !And [!Condition C{next}, !Condition C{next}, !Condition C{next}]"
        );
    }
    let _ = writeln!(text, "  C20: {last}");
    text.push_str(
        "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Condition: C0\n    \
         Properties:\n      TrailName: main\n      IsLogging: true\n      S3BucketName: logs\n",
    );
    text
}

#[test]
fn conditions_referenced_many_times_are_evaluated_once() {
    let started = std::time::Instant::now();
    let imported = trailplan::import::cloudformation(&condition_chain("!Equals [a, a]"), "c.yaml")
        .expect("imported");
    assert_eq!(imported.trails.len(), 1);
    assert_eq!(imported.trails[0].name(), "main");
    assert!(imported.trails[0].unknowns.is_empty());
    let imported = trailplan::import::cloudformation(&condition_chain("!Equals [a, b]"), "c.yaml")
        .expect("imported");
    assert!(imported.trails.is_empty());
    assert_eq!(
        imported.notes,
        ["Trail is not created: its condition C0 is false with these parameters"]
    );
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

/// A template whose mapping value `V{n}` joins `V{n-1}` three times: `V{n}` is 3^n characters,
/// and evaluating it evaluates every level below it again.
fn tripling_template(n: u32) -> String {
    let mut text = String::from("Mappings:\n  M:\n    K:\n      V0: x\n");
    for i in 1..=n {
        let prev = i - 1;
        let _ = writeln!(
            text,
            "      V{i}: !Join ['', [!FindInMap [M, K, V{prev}], !FindInMap [M, K, V{prev}], \
             !FindInMap [M, K, V{prev}]]]"
        );
    }
    let _ = write!(
        text,
        "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      \
         TrailName: !FindInMap [M, K, V{n}]\n      IsLogging: true\n      S3BucketName: logs\n"
    );
    text
}

/// The CPU time this thread has used (user and system), from `/proc/thread-self/stat` (in
/// USER_HZ ticks, 100 a second on Linux); `None` where there is no such file. Unlike the wall
/// clock, other processes on a busy machine do not add to it.
fn thread_cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    let fields: Vec<&str> = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15, the 12th and 13th after the name.
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(std::time::Duration::from_millis(ticks * 10))
}

#[test]
fn exponential_intrinsic_functions_are_refused_by_the_work_budget() {
    // Within the budget, the same construction is evaluated exactly: 3^10 characters.
    let imported =
        trailplan::import::cloudformation(&tripling_template(10), "join.yaml").expect("imported");
    let trail = imported.trails.first().expect("the trail");
    assert_eq!(trail.name(), "x".repeat(3_usize.pow(10)));
    // 3^16 (43 million) characters, and more steps still, if nothing bounded the work: the budget
    // stops it at 10,000,000 and says so.
    let text = tripling_template(16);
    let cpu_before = thread_cpu_time();
    let started = std::time::Instant::now();
    let err = trailplan::import::cloudformation(&text, "join.yaml").expect_err("refused");
    assert_eq!(
        err.to_string(),
        "join.yaml:23:5: Resources.Trail: evaluating the template's conditions and intrinsic \
         functions takes more than 10000000 steps (the template work budget); the template is \
         refused rather than evaluated for hours"
    );
    // The refusal comes once the budget's 10 million steps are spent, not after the template's
    // hundreds of millions. CPU time, which a busy machine does not inflate, is
    // held to 30 s; the wall clock only to a minute, in case a platform has no thread CPU time.
    if let (Some(before), Some(after)) = (cpu_before, thread_cpu_time()) {
        let cpu = after.saturating_sub(before);
        assert!(cpu.as_secs() < 30, "{cpu:?} of CPU to refuse the template");
    }
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

/// A scenario whose name and trail name carry ESC and BEL sequences, a bidi override, a forged
/// log line, a mention and a bare URL.
fn hostile_names(dir: &std::path::Path) -> std::path::PathBuf {
    let original =
        std::fs::read_to_string(crate::support::root().join("scenarios/startup-one-trail.toml"))
            .expect("fixture");
    let hostile = original.replace(
        "name = \"startup with one multi-Region trail\"",
        "name = \"x\\u001b]0;owned\\u0007\\u001b[2J\\u202Eevil\\nGate (fail on error): passed @team https://evil.example\\u0000\"",
    );
    assert_ne!(hostile, original);
    let path = dir.join("hostile.toml");
    std::fs::write(&path, hostile).expect("written");
    path
}

const EXACT_NAME: &str = "x\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}evil\nGate (fail on error): passed @team https://evil.example\u{0}";

#[test]
fn names_reach_the_table_markdown_and_html_escaped_and_json_exact() {
    let dir = scratch_dir("hostile/names");
    let path = hostile_names(&dir);
    let file = crate::support::path_str(&path);
    let forbidden = |out: &str, format: &str| {
        for c in out.chars() {
            assert!(
                !(('\u{202a}'..='\u{202e}').contains(&c) || c.is_control() && c != '\n'),
                "{format} holds {c:?}:\n{out}"
            );
        }
        assert!(
            !out.lines()
                .any(|l| l.trim() == "Gate (fail on error): passed @team https://evil.example"),
            "{format} forges a line:\n{out}"
        );
    };
    let table = run_in(&dir, &["plan", file]);
    assert_eq!(table.exit(), 0, "{}", table.describe());
    forbidden(&table.stdout, "table");
    assert!(
        table.stdout.starts_with(
            "x\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{202e}evil\\nGate (fail on error): passed @team \
             https://evil.example\\u{0} ("
        ),
        "{}",
        table.stdout
    );
    let markdown = run_in(&dir, &["plan", file, "--format", "markdown"]);
    forbidden(&markdown.stdout, "markdown");
    assert!(!markdown.stdout.contains("@team"), "{}", markdown.stdout);
    markdown.assert_stdout_has("@\u{2060}team");
    assert!(
        !markdown.stdout.contains("https://evil"),
        "{}",
        markdown.stdout
    );
    let html = run_in(&dir, &["plan", file, "--format", "html"]);
    for c in html.stdout.chars() {
        assert!(
            !c.is_control() || matches!(c, '\n' | '\t' | '\r'),
            "html holds {c:?}"
        );
    }
    assert!(html.stdout.contains("\\u{1b}]0;owned"), "{}", html.stdout);
    let json = run_in(&dir, &["plan", file, "--format", "json"]);
    let value = json.json();
    assert_eq!(value["scenario"], EXACT_NAME, "JSON keeps the exact text");
}

#[test]
fn error_snippets_show_control_characters_escaped() {
    let dir = scratch_dir("hostile/snippet");
    let path = dir.join("bad.toml");
    std::fs::write(&path, "format = 1\nname = \"a\u{1b}[2J\u{202e}\" \u{7}\n").expect("written");
    let run = run_in(&dir, &["plan", "bad.toml"]);
    assert_eq!(run.exit(), 3, "{}", run.describe());
    assert!(
        !run.stderr
            .chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
        "{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("\\u{1b}[2J\\u{202e}"),
        "{}",
        run.describe()
    );
}

#[test]
fn a_full_stderr_is_not_a_panic() {
    // With stderr on a full device, every error message panicked (exit 101).
    let status = std::process::Command::new("sh")
        .args([
            "-c",
            "exec \"$0\" plan tests/fixtures/bad/money-trailing-dot.toml 2>/dev/full",
            env!("CARGO_BIN_EXE_trailplan"),
        ])
        .current_dir(crate::support::root())
        .status()
        .expect("sh runs");
    assert_eq!(status.code(), Some(3), "{status}");
}

#[test]
fn generate_refuses_volumes_it_could_not_allocate() {
    // `generate --volumes 4294967295` aborted on a 687 GB allocation.
    let run = run(&[
        "generate",
        "--accounts",
        "3",
        "--regions",
        "2",
        "--volumes",
        "4294967295",
    ]);
    assert_ne!(run.code, Some(0), "{}", run.describe());
    assert!(
        run.code.is_some_and(|c| c == 2 || c == 3),
        "{}",
        run.describe()
    );
    assert!(
        run.stderr
            .contains("--volumes 4294967295 is more than a scenario may list; use at most 780335"),
        "{}",
        run.describe()
    );
    assert!(run.stdout.is_empty());
}

/// Runs `sh -c script` with the binary as `$0`, from the package root: the shell sets the limits
/// and the redirections the test needs. Returns exit code and stderr.
fn sh(script: &str) -> (Option<i32>, String) {
    let output = std::process::Command::new("sh")
        .args(["-c", script, env!("CARGO_BIN_EXE_trailplan")])
        .current_dir(crate::support::root())
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn endless_streams_are_cut_at_64_mib_under_a_1_gib_limit() {
    // /dev/zero, a FIFO and /dev/stdin report no size: 9.1 GB were read before a kill.
    let refused = "is over 67108864 bytes; scenario files are read up to 67108864 bytes (64 MiB)";
    let (code, stderr) = sh("ulimit -v 1048576; exec \"$0\" plan /dev/zero");
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(stderr, format!("error: /dev/zero: {refused}\n"));
    let (code, stderr) = sh("ulimit -v 1048576; exec \"$0\" plan /dev/stdin < /dev/zero");
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(stderr, format!("error: /dev/stdin: {refused}\n"));
    let dir = scratch_dir("hostile/fifo");
    let fifo = dir.join("stream.toml");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let script = format!(
        "ulimit -v 1048576; (head -c 100000000 /dev/zero > '{0}' 2>/dev/null &); exec \"$0\" plan '{0}'",
        fifo.display()
    );
    let (code, stderr) = sh(&script);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(stderr, format!("error: {}: {refused}\n", fifo.display()));
}

#[test]
fn a_baseline_stream_is_capped_too() {
    let (code, stderr) = sh(
        "ulimit -v 1048576; exec \"$0\" check scenarios/startup-one-trail.toml --baseline /dev/zero",
    );
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(
        stderr,
        "error: /dev/zero: is over 67108864 bytes; baselines are read up to 67108864 bytes (64 MiB)\n"
    );
}

#[test]
fn non_utf8_input_is_placed_by_line_and_column() {
    let dir = scratch_dir("hostile/utf8");
    std::fs::write(dir.join("latin1.toml"), b"format = 1\nname = \"caf\xe9\"\n").expect("written");
    let run = run_in(&dir, &["plan", "latin1.toml"]);
    assert_eq!(run.exit(), 3);
    assert!(
        run.stderr.starts_with(
            "error: latin1.toml:2:12: is not UTF-8 text: byte 0xe9 cannot start or continue a character\n"
        ),
        "{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("2 | name = \"caf\n"),
        "{}",
        run.describe()
    );
}

#[test]
fn line_items_beyond_the_budget_are_refused_under_a_1_gib_limit() {
    // 33,001 accounts in 30 regions under one organization trail with both Insights types: three
    // line items a cell, 2.97 million in all, from a 0.9 MB file.
    // The first 30 commercial regions AWS has.
    let regions: Vec<&str> = trailplan::aws::KNOWN_REGIONS
        .iter()
        .copied()
        .filter(|r| trailplan::aws::Partition::of(r) == trailplan::aws::Partition::Aws)
        .take(30)
        .collect();
    assert_eq!(regions.len(), 30, "{regions:?}");
    let quoted: Vec<String> = regions.iter().map(|r| format!("\"{r}\"")).collect();
    let mut text = format!(
        "format = 1\nname = \"many line items\"\nregions = [{}]\n\n[[account]]\nname = \"m\"\nmanagement = true\n",
        quoted.join(", ")
    );
    for i in 0..33_000 {
        let _ = writeln!(text, "[[account]]\nname = \"a{i}\"");
    }
    text.push_str(
        "[[volume]]\ncategory = \"management\"\nread = 1\nwrite = 1\n\n[[trail]]\nname = \"org\"\n\
         account = \"m\"\nhome_region = \"us-east-1\"\nmulti_region = true\norganization = true\n\
         insights = [\"ApiCallRateInsight\", \"ApiErrorRateInsight\"]\n",
    );
    let dir = scratch_dir("hostile/line_items");
    std::fs::write(dir.join("items.toml"), &text).expect("written");
    let script = format!(
        "ulimit -v 1048576; exec \"$0\" check '{}'",
        dir.join("items.toml").display()
    );
    let (code, stderr) = sh(&script);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: {}: the plan has more than 2000000 line items (the line-item budget); split \
             the scenario into smaller ones\n",
            dir.join("items.toml").display()
        )
    );
}

#[test]
fn a_key_of_more_than_80_dotted_levels_is_placed() {
    // toml stops at its recursion limit and said only "recursion limit", with no place.
    let dir = scratch_dir("hostile/dotted");
    let key = vec!["a"; 81].join(".");
    std::fs::write(
        dir.join("dots.toml"),
        format!("format = 1\nname = \"x\"\nregions = [\"us-east-1\"]\n{key} = 1\n"),
    )
    .expect("written");
    let run = run_in(&dir, &["plan", "dots.toml"]);
    assert_eq!(run.exit(), 3);
    assert!(
        run.stderr.starts_with(
            "error: dots.toml:4:1: a key of more than 80 dotted levels (recursion limit)\n"
        ),
        "{}",
        run.describe()
    );
}

/// Plans `text` as `name` in a scratch folder and returns the first line of the error and the
/// whole stderr; the exit code must be 3.
fn refused(name: &str, text: &str) -> (String, String) {
    let dir = scratch_dir(&format!("hostile/places-{name}"));
    std::fs::write(dir.join(name), text).expect("written");
    let run = run_in(&dir, &["plan", name]);
    assert_eq!(run.exit(), 3, "{}", run.describe());
    let first = run.stderr.lines().next().unwrap_or_default().to_string();
    (first, run.stderr)
}

const S3_TRAIL: &str = "[[trail]]\nname = \"main\"\nhome_region = \"us-east-1\"\n\
    [[trail.event_selector]]\nread_write_type = \"All\"\n\
    data_resources = [{ type = \"AWS::S3::Object\", values = [\"arn:aws:s3\"] }]\n";

#[test]
fn counts_that_overflow_name_the_count() {
    // Two volumes of one stream: the second `write` is the one that does not fit.
    let text = format!(
        "format = 1\nname = \"o\"\nregions = [\"us-east-1\"]\n\n\
         [[volume]]\ncategory = \"data\"\nresource_type = \"AWS::S3::Object\"\nwrite = 10_000_000_000_000_000_000\n\n\
         [[volume]]\ncategory = \"data\"\nresource_type = \"AWS::S3::Object\"\nread = 1\nwrite = 18_000_000_000_000_000_000\n\n{S3_TRAIL}"
    );
    let (first, stderr) = refused("counts.toml", &text);
    assert_eq!(
        first,
        "error: counts.toml:14:9: event counts for default/us-east-1 add up to more than \
         18446744073709551615 a month"
    );
    assert!(
        stderr.contains("14 | write = 18_000_000_000_000_000_000\n"),
        "{stderr}"
    );
    // Management events of two sources are separate streams, and add up in the trail's tally:
    // the larger count is named.
    let text = "format = 1\nname = \"o\"\nregions = [\"us-east-1\"]\n\n\
         [[volume]]\ncategory = \"management\"\nevent_source = \"a.amazonaws.com\"\nwrite = 10_000_000_000_000_000_000\n\n\
         [[volume]]\ncategory = \"management\"\nevent_source = \"b.amazonaws.com\"\nwrite = 18_000_000_000_000_000_000\n\n\
         [[trail]]\nname = \"main\"\nhome_region = \"us-east-1\"\n";
    let (first, _) = refused("tally.toml", text);
    assert_eq!(
        first,
        "error: tally.toml:13:9: the priced amounts exceed what trailplan can represent exactly"
    );
    // Reads add up in the same tally, and the larger `read` is named (cargo-mutants: the reads
    // were left out of the counts that `count_overflow` names).
    let reads = text.replace("write = ", "read = ");
    let (first, _) = refused("reads.toml", &reads);
    assert_eq!(
        first,
        "error: reads.toml:13:8: the priced amounts exceed what trailplan can represent exactly"
    );
}

#[test]
fn a_price_that_overflows_is_named() {
    let text = format!(
        "format = 1\nname = \"o\"\nregions = [\"us-east-1\"]\n\n[prices]\ndata = \"9000000000000000000000000\"\n\n\
         [[volume]]\ncategory = \"data\"\nresource_type = \"AWS::S3::Object\"\nwrite = 1_000_000\n\n{S3_TRAIL}"
    );
    let (first, stderr) = refused("price.toml", &text);
    assert_eq!(
        first,
        "error: price.toml:6:8: the priced amounts exceed what trailplan can represent exactly"
    );
    assert!(
        stderr.contains("6 | data = \"9000000000000000000000000\"\n"),
        "{stderr}"
    );
    // The same price from `--prices FILE` is placed in that file.
    let dir = scratch_dir("hostile/places");
    let plain = text.replace("[prices]\ndata = \"9000000000000000000000000\"\n", "");
    std::fs::write(dir.join("plain.toml"), plain).expect("written");
    std::fs::write(
        dir.join("book.toml"),
        "# prices\ndata = \"9000000000000000000000000\"\n",
    )
    .expect("written");
    let run = run_in(&dir, &["plan", "plain.toml", "--prices", "book.toml"]);
    assert_eq!(run.exit(), 3, "{}", run.describe());
    assert!(
        run.stderr.starts_with(
            "error: book.toml:2:8: the priced amounts exceed what trailplan can represent exactly\n"
        ),
        "{}",
        run.describe()
    );
}

#[test]
fn a_growth_rate_that_overflows_the_forecast_is_named() {
    let text = format!(
        "format = 1\nname = \"o\"\nregions = [\"us-east-1\"]\n\n[forecast]\nmonths = 120\n\
         [forecast.growth]\ndata = \"1000\"\n\n\
         [[volume]]\ncategory = \"data\"\nresource_type = \"AWS::S3::Object\"\nwrite = 1_000_000\n\n{S3_TRAIL}"
    );
    let (first, _) = refused("growth.toml", &text);
    assert_eq!(
        first,
        "error: growth.toml:8:8: the 120-month forecast exceeds what trailplan can represent \
         exactly (lower `months` or the growth in [forecast])"
    );
    // `monthly_growth` is named when it is the rate of the category.
    let text = text.replace(
        "[forecast.growth]\ndata = \"1000\"",
        "monthly_growth = \"1000\"",
    );
    let (first, _) = refused("monthly.toml", &text);
    assert_eq!(
        first,
        "error: monthly.toml:7:18: the 120-month forecast exceeds what trailplan can represent \
         exactly (lower `months` or the growth in [forecast])"
    );
}

#[test]
fn a_downstream_price_that_overflows_is_named() {
    let text = format!(
        "format = 1\nname = \"o\"\nregions = [\"us-east-1\"]\n\n[downstream]\n\
         s3_storage_price_per_gb_month = \"70000000000000000000000000\"\n\n\
         [[volume]]\ncategory = \"data\"\nresource_type = \"AWS::S3::Object\"\nwrite = 1_000_000_000\n\n{S3_TRAIL}"
    );
    let (first, _) = refused("downstream.toml", &text);
    assert_eq!(
        first,
        "error: downstream.toml:6:33: the downstream estimates exceed what trailplan can \
         represent exactly"
    );
}

/// Fifteen regions, a management account and `accounts` more, as the start of a scenario.
fn many_accounts(name: &str, accounts: usize) -> String {
    let regions = &trailplan::aws::KNOWN_REGIONS[..15];
    let quoted: Vec<String> = regions.iter().map(|r| format!("\"{r}\"")).collect();
    let mut text = format!(
        "format = 1\nname = \"{name}\"\nregions = [{}]\n\n[[account]]\nname = \"m\"\nmanagement = true\n",
        quoted.join(", ")
    );
    for i in 0..accounts {
        let _ = writeln!(text, "[[account]]\nname = \"a{i}\"");
    }
    text
}

#[test]
fn api_clients_over_every_account_are_refused_before_they_take_the_memory() {
    // 1.4 MB: 14,000 accounts and 14,000 API clients, each over every account and region. Each
    // client held its 14,000 accounts before the work was counted (the 1.5 MB `clients` of
    // scripts/hostile-scenarios.py, 7,438 accounts and 16,807 clients: 998 MB resident, then the
    // refusal). Now the work is counted as each client is read: refused in 56 MB.
    let mut text = many_accounts("api clients", 14_000);
    text.push_str(
        "[[trail]]\nname = \"org\"\naccount = \"m\"\nhome_region = \"us-east-1\"\nmulti_region = true\norganization = true\n",
    );
    for i in 0..14_000 {
        let _ = writeln!(
            text,
            "[[api_client]]\nname = \"c{i}\"\napi = \"LookupEvents\"\ncalls_per_second = \"0.5\"\n"
        );
    }
    assert!(
        text.len() > 1_200_000 && text.len() < 1_500_000,
        "{}",
        text.len()
    );
    let dir = scratch_dir("hostile/clients");
    let file = dir.join("clients.toml");
    std::fs::write(&file, &text).expect("written");
    // The line of the client that passes the budget: 14,000 × 15 cells a client, 20,000,000 steps.
    let over = 20_000_000 / (14_001 * 15) + 1;
    let line = text
        .match_indices("[[api_client]]")
        .nth(over - 1)
        .map(|(at, _)| text[..at].lines().count() + 1)
        .expect("enough clients");
    let (code, stderr) = sh(&format!(
        "ulimit -v 262144; exec \"$0\" check '{}'",
        file.display()
    ));
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: {}:{line}:1: the scenario needs more than 20000000 planning steps (volumes, \
             trails and API clients × the accounts and regions they span); split it\n",
            file.display()
        )),
        "{stderr}"
    );
}

#[test]
fn findings_beyond_the_budget_are_refused_under_a_1_gib_limit() {
    // 1.5 MB: 13,600 accounts in 15 regions under six organization trails (CT001 and CT101 in
    // every cell) and 10,000 waivers, like scripts/hostile-scenarios.py's `waivers` (832,000
    // findings, 78 s and 1.2 GB when every finding was matched against every waiver and the
    // findings budget was 1,000,000).
    let mut text = many_accounts("findings x waivers", 13_600);
    text.push_str(
        "[[volume]]\ncategory = \"management\"\nread = 1\nwrite = 1\n\n[[volume]]\ncategory = \"data\"\n\
         resource_type = \"AWS::S3::Object\"\nread = 1\nwrite = 1\n\n",
    );
    for t in 0..6 {
        let _ = writeln!(
            text,
            "[[trail]]\nname = \"org-{t}\"\naccount = \"m\"\nhome_region = \"us-east-1\"\nmulti_region = true\norganization = true\n"
        );
    }
    text.push_str("[policy]\n");
    for i in 0..10_000 {
        let _ = writeln!(
            text,
            "[[policy.waiver]]\nrule = \"CT10{}\"\naccount = \"a{}\"\nregion = \"us-east-1\"\nreason = \"r\"\nexpires = 2030-01-01",
            1 + i % 5,
            i % 13_600
        );
    }
    assert!(
        text.len() > 1_300_000 && text.len() < 1_500_000,
        "{}",
        text.len()
    );
    let dir = scratch_dir("hostile/findings");
    let file = dir.join("findings.toml");
    std::fs::write(&file, &text).expect("written");
    let (code, stderr) = sh(&format!(
        "ulimit -v 1048576; exec \"$0\" check '{}'",
        file.display()
    ));
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: {}: the rules raise more than 400000 findings (the findings budget); split \
             the scenario into smaller ones\n",
            file.display()
        )
    );
}
