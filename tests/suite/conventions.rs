//! The conventions CI users expect: shell completions, the JSON Schema of the scenario format (and
//! the examples' `#:schema` line that editors read), `trailplan init`, "did you mean" hints, the
//! pre-commit hook and the GitHub Action.

use std::path::{Path, PathBuf};

use saphyr::{LoadableYamlNode, ScalarOwned, YamlOwned};
use serde_json::{Value, json};

use crate::support::{path_str, read, root, run, run_in, scratch_dir};

// ---- completions ----------------------------------------------------------------------------

#[test]
fn the_bash_completion_names_the_subcommands_and_their_flags() {
    let r = run(&["completions", "bash"]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    for word in [
        "_trailplan()",
        "complete -F _trailplan",
        "check",
        "--fail-on",
        "--baseline",
        "schema",
        "init",
        "--accounts",
        "completions",
        "powershell",
    ] {
        assert!(r.stdout.contains(word), "no `{word}` in:\n{}", r.stdout);
    }
    // Sourced in bash, it registers a completion for `trailplan`.
    let Ok(bash) = which("bash") else {
        return;
    };
    let dir = scratch_dir("completions-bash");
    let script = dir.join("trailplan.bash");
    std::fs::write(&script, &r.stdout).unwrap();
    let out = std::process::Command::new(bash)
        .args([
            "--norc",
            "-c",
            "source \"$1\" && complete -p trailplan",
            "sh",
        ])
        .arg(&script)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        stdout.trim(),
        "complete -o bashdefault -o default -o nosort -F _trailplan trailplan"
    );
}

fn which(program: &str) -> Result<PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn every_shell_has_a_completion_and_an_unknown_shell_is_wrong_usage() {
    for (shell, marker) in [
        ("bash", "complete -F _trailplan"),
        ("zsh", "#compdef trailplan"),
        ("fish", "complete -c trailplan"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[trailplan]"),
    ] {
        let r = run(&["completions", shell]);
        assert_eq!(r.exit(), 0, "{shell}: {}", r.describe());
        assert!(r.stdout.contains(marker), "{shell}: no `{marker}`");
        // fish writes long flags as `-l fail-on`.
        assert!(r.stdout.contains("fail-on"), "{shell}: no fail-on");
        assert!(r.stdout.contains("check"), "{shell}: no check");
    }
    let r = run(&["completions", "tcsh"]);
    r.assert_failure(2, "invalid value 'tcsh'");
}

// ---- schema ---------------------------------------------------------------------------------

const SCHEMA_FILE: &str = "docs/scenario.schema.json";

#[test]
fn the_committed_schema_is_the_one_trailplan_prints() {
    let r = run(&["schema"]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    // The schema is a published file, not a snapshot: `trailplan schema` writes it.
    assert!(
        r.stdout == read(SCHEMA_FILE),
        "{SCHEMA_FILE} is not what `trailplan schema` prints: rewrite it with \
         `cargo run -- schema > {SCHEMA_FILE}` and review the diff"
    );
}

fn schema() -> Value {
    serde_json::from_str(&read(SCHEMA_FILE)).unwrap()
}

/// A TOML document as the JSON a schema validator (and taplo) sees: dates become strings.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

fn scenario_json(text: &str) -> Value {
    toml_to_json(toml::Value::Table(toml::from_str(text).unwrap()))
}

/// What the schema says of a document: nothing when valid, else each error with its place.
fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The example scenarios: the project's and the shared ones.
fn examples() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [root().join("scenarios"), root().join("../shared/examples")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_example_and_every_rule_fixture_is_valid_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut files = examples();
    assert!(
        files
            .iter()
            .filter(|p| p.starts_with(root().join("scenarios")))
            .count()
            >= 6,
        "{files:?}"
    );
    for entry in std::fs::read_dir(root().join("tests/fixtures/rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    let mut wrong = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let errors = schema_errors(&validator, &scenario_json(&text));
        if !errors.is_empty() {
            wrong.push(format!("{}: {errors:?}", path.display()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_schema_refuses_a_typo_as_trailplan_does() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let base = read("scenarios/startup-one-trail.toml");
    assert!(schema_errors(&validator, &scenario_json(&base)).is_empty());
    let dir = scratch_dir("schema-typos");
    let cases = [
        // An unknown key in a trail.
        ("home_region", "home_regon", "/trail/0", "home_regon"),
        // A misspelled enum value.
        (
            "category = \"management\"",
            "category = \"managment\"",
            "/volume/0/category",
            "managment",
        ),
    ];
    for (from, to, place, word) in cases {
        assert!(base.contains(from), "the example has no `{from}`");
        let text = base.replacen(from, to, 1);
        let errors = schema_errors(&validator, &scenario_json(&text));
        assert!(
            errors
                .iter()
                .any(|e| e.contains(word) && e.ends_with(&format!(" at {place}"))),
            "{to}: {errors:?}"
        );
        // trailplan refuses the same file, with its place.
        let file = dir.join("typo.toml");
        std::fs::write(&file, &text).unwrap();
        let r = run(&["validate", path_str(&file)]);
        assert_eq!(r.exit(), 3, "{}", r.describe());
        assert!(r.stderr.contains(&format!("`{word}`")), "{}", r.stderr);
    }
    // Money is a decimal string or an integer: not a float, not a word.
    let money = |v: &str| {
        let text = format!(
            "format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n[policy]\nmonthly_budget = {v}\n"
        );
        schema_errors(&validator, &scenario_json(&text))
    };
    assert!(money("\"1_500.00\"").is_empty());
    assert!(money("1500").is_empty());
    assert!(!money("1500.5").is_empty());
    assert!(!money("\"1500.\"").is_empty());
    assert!(!money("\"ten\"").is_empty());
    // An account ID is 12 digits.
    let id = |v: &str| {
        let text = format!(
            "format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n[[account]]\nname = \"a\"\nid = {v}\n"
        );
        schema_errors(&validator, &scenario_json(&text))
    };
    assert!(id("\"111111111111\"").is_empty());
    assert!(!id("\"11111111111\"").is_empty());
    assert!(!id("111111111111").is_empty());
    // `format` is 1; name and regions are required.
    let text = "format = 2\nname = \"n\"\nregions = [\"us-east-1\"]\n";
    assert!(!schema_errors(&validator, &scenario_json(text)).is_empty());
    let errors = schema_errors(&validator, &scenario_json("format = 1\nname = \"n\"\n"));
    assert!(
        errors
            .iter()
            .any(|e| e.contains("\"regions\" is a required property")),
        "{errors:?}"
    );
}

#[test]
fn the_project_examples_name_the_schema_on_their_first_line() {
    for path in examples()
        .iter()
        .filter(|p| p.starts_with(root().join("scenarios")))
    {
        let text = std::fs::read_to_string(path).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{}: first line {first:?}", path.display()));
        // taplo resolves the path from the file's folder.
        let schema = path.parent().unwrap().join(target);
        assert_eq!(
            std::fs::canonicalize(&schema).unwrap(),
            std::fs::canonicalize(root().join(SCHEMA_FILE)).unwrap(),
            "{}",
            path.display()
        );
    }
}

// ---- init -----------------------------------------------------------------------------------

fn init(dir: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    let r = run(&all);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    assert!(
        r.stdout.starts_with("# A trailplan scenario"),
        "{}",
        r.stdout
    );
    let file = dir.join(format!(
        "init{}.toml",
        args.join("").replace(['-', ','], "")
    ));
    std::fs::write(&file, &r.stdout).unwrap();
    file
}

#[test]
fn the_skeleton_validates_and_plans_with_the_accounts_and_regions_asked_for() {
    let dir = scratch_dir("init");
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for (args, accounts, regions) in [
        (
            &[][..],
            vec!["management", "member-0002"],
            vec!["us-east-1"],
        ),
        (
            &["--accounts", "1"][..],
            vec!["management"],
            vec!["us-east-1"],
        ),
        (
            &["--accounts", "4", "--regions", "3"][..],
            vec!["management", "member-0002", "member-0003", "member-0004"],
            vec!["us-east-1", "us-east-2", "us-west-1"],
        ),
        (
            &["--regions", "eu-west-1,us-east-1"][..],
            vec!["management", "member-0002"],
            vec!["eu-west-1", "us-east-1"],
        ),
    ] {
        let file = init(&dir, args);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            schema_errors(&validator, &scenario_json(&text)).is_empty(),
            "{args:?}"
        );
        let r = run(&["validate", path_str(&file)]);
        assert_eq!(r.exit(), 0, "{}", r.describe());
        assert_eq!(
            r.stdout,
            format!(
                "{}: valid ({} accounts, {} regions, 1 volumes, 1 trails)\n",
                file.display(),
                accounts.len(),
                regions.len()
            )
        );
        let r = run(&["plan", path_str(&file), "--format", "json"]);
        assert_eq!(r.exit(), 0, "{args:?}: {}", r.describe());
        let plan = r.json();
        let mut seen_accounts: Vec<&str> = Vec::new();
        let mut seen_regions: Vec<&str> = Vec::new();
        for charge in plan["charges"].as_array().unwrap() {
            let a = charge["account"].as_str().unwrap();
            let g = charge["region"].as_str().unwrap();
            if !seen_accounts.contains(&a) {
                seen_accounts.push(a);
            }
            if !seen_regions.contains(&g) {
                seen_regions.push(g);
            }
            assert_eq!(charge["kind"], "management_free", "{charge}");
        }
        seen_accounts.sort_unstable();
        seen_regions.sort_unstable();
        let (mut accounts, mut regions) = (accounts.clone(), regions.clone());
        accounts.sort_unstable();
        regions.sort_unstable();
        assert_eq!(seen_accounts, accounts, "{args:?}");
        assert_eq!(seen_regions, regions, "{args:?}");
        assert_eq!(plan["findings"], json!([]), "{args:?}");
        let r = run(&["check", path_str(&file)]);
        assert_eq!(r.exit(), 0, "{}", r.describe());
    }
}

#[test]
fn init_refuses_values_it_cannot_use_as_wrong_usage() {
    for (args, message) in [
        (
            &["--accounts", "0"][..],
            "--accounts 0: a skeleton has 1 to 1000 accounts",
        ),
        (
            &["--regions", "0"][..],
            "--regions 0: a count of regions is 1 to 32",
        ),
        (
            &["--regions", "99"][..],
            "--regions 99: a count of regions is 1 to 32",
        ),
        (
            &["--regions", "us-east-1,eu-wset-1"][..],
            "--regions: `eu-wset-1` is not an AWS region; did you mean `eu-west-1`?",
        ),
        (
            &["--regions", "us-east-1,us-east-1"][..],
            "--regions: `us-east-1` is named twice",
        ),
        (&["--regions", "us-east-1,"][..], "an empty region name"),
        (
            &["--regions", "cn-north-1"][..],
            "outside the commercial regions",
        ),
    ] {
        let mut all = vec!["init"];
        all.extend_from_slice(args);
        let r = run(&all);
        assert_eq!(r.exit(), 2, "{args:?}: {}", r.describe());
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
    }
    let r = run(&["init", "--accounts", "x"]);
    assert_eq!(r.exit(), 2, "{}", r.describe());
}

// ---- did you mean ---------------------------------------------------------------------------

/// `trailplan validate` of a scenario written to a scratch file: the exit code and stderr.
fn validate_text(name: &str, text: &str) -> (i32, String, String) {
    let dir = scratch_dir(name);
    let file = dir.join("s.toml");
    std::fs::write(&file, text).unwrap();
    let r = run_in(&dir, &["validate", "s.toml"]);
    (r.exit(), r.stdout, r.stderr)
}

const HEAD: &str = "format = 1\nname = \"n\"\nregions = [\"us-east-1\", \"eu-west-1\"]\n";

#[test]
fn an_unknown_key_names_the_nearest_key_at_its_place() {
    let text = format!("{HEAD}[[trail]]\nname = \"t\"\nhome_regon = \"us-east-1\"\n");
    let (code, _, stderr) = validate_text("dym-key", &text);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: s.toml:6:1: unknown field `home_regon`; did you mean `home_region`? \
             Expected one of `name`, `account`, `home_region`,"
        ),
        "{stderr}"
    );
    let text = format!("{HEAD}[polcy]\nfail_on = \"error\"\n");
    let (code, _, stderr) = validate_text("dym-table", &text);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with("error: s.toml:4:2: unknown field `polcy`; did you mean `policy`?"),
        "{stderr}"
    );
    let text = format!(
        "{HEAD}[[trail]]\nname = \"t\"\nhome_region = \"us-east-1\"\n[[trail.event_selector]]\nread_write_type = \"Readonly\"\n"
    );
    let (code, _, stderr) = validate_text("dym-variant", &text);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: s.toml:8:19: unknown variant `Readonly`; did you mean `ReadOnly`? \
             Expected one of `All`, `ReadOnly`, `WriteOnly`"
        ),
        "{stderr}"
    );
}

#[test]
fn an_undeclared_account_or_region_names_the_nearest_declared_one() {
    let accounts = "[[account]]\nname = \"management\"\nmanagement = true\n[[account]]\nname = \"production\"\n";
    let text = format!(
        "{HEAD}{accounts}[[volume]]\naccounts = [\"prodution\"]\ncategory = \"management\"\n"
    );
    let (code, _, stderr) = validate_text("dym-account", &text);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: s.toml:10:13: unknown account `prodution`; did you mean `production`?: \
             declare it in an [[account]] table"
        ),
        "{stderr}"
    );
    let text = format!("{HEAD}[[volume]]\nregions = [\"eu-west-l\"]\ncategory = \"management\"\n");
    let (code, _, stderr) = validate_text("dym-region-ref", &text);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: s.toml:5:12: unknown region `eu-west-l`; did you mean `eu-west-1`?: \
             add it to the scenario's `regions`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_region_aws_does_not_have_names_the_nearest_aws_region() {
    let dir = scratch_dir("dym-ct010");
    let file = dir.join("s.toml");
    std::fs::write(
        &file,
        "format = 1\nname = \"n\"\nregions = [\"us-east-1\", \"eu-wset-1\"]\n",
    )
    .unwrap();
    let r = run_in(&dir, &["check", "s.toml", "--format", "json"]);
    assert_eq!(r.exit(), 1, "{}", r.describe());
    let findings = r.json()["findings"].clone();
    let ct010: Vec<&Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "CT010")
        .collect();
    assert_eq!(ct010.len(), 1, "{findings}");
    assert_eq!(
        ct010[0]["message"],
        "`eu-wset-1` is not an AWS region; did you mean `eu-west-1`?"
    );
    assert_eq!(ct010[0]["line"], 3);
    assert_eq!(ct010[0]["region"], "eu-wset-1");
}

#[test]
fn an_unknown_rule_names_the_nearest_rules() {
    let r = run(&["explain", "CT01"]);
    assert_eq!(r.exit(), 2, "{}", r.describe());
    assert_eq!(
        r.stderr,
        "error: unknown rule `CT01`; did you mean `CT010`, `CT011` or `CT012`? \
         (`trailplan rules` lists the 26 rules)\n"
    );
    let r = run(&["explain", "paid-managment-copy"]);
    assert_eq!(r.exit(), 2, "{}", r.describe());
    assert!(
        r.stderr.starts_with(
            "error: unknown rule `paid-managment-copy`; did you mean `paid-management-copy`?"
        ),
        "{}",
        r.stderr
    );
    let r = run(&["explain", "nothing-like-it"]);
    assert_eq!(r.exit(), 2, "{}", r.describe());
    assert_eq!(
        r.stderr,
        "error: unknown rule `nothing-like-it` (`trailplan rules` lists the 26 rules)\n"
    );
    let text = format!(
        "{HEAD}[[trail]]\nname = \"org-audit\"\nhome_region = \"us-east-1\"\n[policy]\n[[policy.waiver]]\nrule = \"CT101\"\ntrail = \"org-adit\"\nreason = \"r\"\n"
    );
    let (code, _, stderr) = validate_text("dym-waiver-trail", &text);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: s.toml:10:9: unknown trail `org-adit`; did you mean `org-audit`?: \
             no trail of the scenario has this name"
        ),
        "{stderr}"
    );
    let text = format!("{HEAD}[policy]\n[[policy.waiver]]\nrule = \"CT1O1\"\nreason = \"r\"\n");
    let (code, _, stderr) = validate_text("dym-waiver", &text);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: s.toml:6:8: unknown rule `CT1O1`; did you mean `CT101` or `CT121`? \
             (see `trailplan rules`)"
        ),
        "{stderr}"
    );
}

// ---- pre-commit and the GitHub Action -------------------------------------------------------

/// A YAML node as JSON, for looking keys up.
fn yaml_to_json(node: YamlOwned) -> Value {
    fn to_json(node: YamlOwned) -> Value {
        match node {
            YamlOwned::Value(ScalarOwned::Null) => Value::Null,
            YamlOwned::Value(ScalarOwned::Boolean(b)) => Value::Bool(b),
            YamlOwned::Value(ScalarOwned::Integer(i)) => json!(i),
            YamlOwned::Value(ScalarOwned::FloatingPoint(f)) => Value::String(f.to_string()),
            YamlOwned::Value(ScalarOwned::String(s)) | YamlOwned::Representation(s, _, _) => {
                Value::String(s)
            }
            YamlOwned::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
            YamlOwned::Mapping(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let key = match to_json(k) {
                            Value::String(s) => s,
                            other => other.to_string(),
                        };
                        (key, to_json(v))
                    })
                    .collect(),
            ),
            YamlOwned::Tagged(_, inner) => to_json(*inner),
            YamlOwned::Alias(_) | YamlOwned::BadValue => panic!("an alias or a bad value"),
        }
    }
    to_json(node)
}

/// A YAML file of one document as JSON.
fn yaml(path: &str) -> Value {
    let docs = YamlOwned::load_from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(docs.len(), 1, "{path}: one document");
    yaml_to_json(docs.into_iter().next().unwrap())
}

#[test]
fn the_pre_commit_hook_runs_check_on_staged_scenarios() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().unwrap();
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"], "trailplan");
    assert_eq!(hook["language"], "rust");
    // The staged names come after `--`: none of them can be an option.
    assert_eq!(hook["entry"], "trailplan check --");
    let files = hook["files"].as_str().unwrap();
    assert_eq!(files, "(^|/)scenarios?/.*\\.toml$|\\.trailplan\\.toml$");
    // pre-commit runs the entry with the staged files after it: a passing and a failing example.
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').collect();
    assert_eq!(entry[0], "trailplan");
    let mut args = entry[1..].to_vec();
    args.push("scenarios/startup-one-trail.toml");
    let r = run(&args);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    args.push("tests/fixtures/rules/CT001-fires.toml");
    let r = run(&args);
    r.assert_stdout(1, "CT001");
}

/// The `run` script of the action's step with this id.
fn action_step(action: &Value, id: &str) -> String {
    action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step `{id}` with a script"))
        .to_owned()
}

#[test]
fn the_action_is_composite_caches_its_build_and_runs_check_with_its_inputs() {
    let action = yaml("action.yml");
    assert_eq!(action["name"], "trailplan");
    assert_eq!(action["runs"]["using"], "composite");
    for input in [
        "scenarios",
        "fail-on",
        "baseline",
        "comment-tag",
        "markdown",
        "sarif",
    ] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
    assert_eq!(action["inputs"]["scenarios"]["required"], true);
    let steps = action["runs"]["steps"].as_array().unwrap();
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("a cache step");
    let paths = cache["with"]["path"].as_str().unwrap();
    assert!(
        paths.contains("~/.cargo/registry") && paths.contains("~/.trailplan"),
        "{paths}"
    );
    let build = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("cargo install"))
        .expect("a build step");
    assert!(build.contains("--locked") && build.contains("--path \"$GITHUB_ACTION_PATH\""));
    for s in steps.iter().filter(|s| s["run"].is_string()) {
        assert_eq!(s["shell"], "bash", "{s}");
    }
}

#[test]
fn the_action_keys_its_cache_on_trailplan_sources() {
    let Ok(bash) = which("bash") else {
        return;
    };
    let script = action_step(&yaml("action.yml"), "key");
    let dir = scratch_dir("action-key");
    let output = dir.join("github-output");
    let status = std::process::Command::new(bash)
        .args(["--norc", "-e", "-c", &script])
        .env("GITHUB_ACTION_PATH", root())
        .env("GITHUB_OUTPUT", &output)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_to_string(&output).unwrap();
    let hash = written.strip_prefix("hash=").unwrap().trim_end();
    assert_eq!(hash.len(), 16, "{written}");
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{written}");
    let action = yaml("action.yml");
    let cache = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .unwrap()
        .clone();
    assert_eq!(
        cache["with"]["key"],
        "trailplan-${{ runner.os }}-${{ steps.key.outputs.hash }}"
    );
}

/// The action's check script, run by bash with the built binary first on PATH, in a scratch
/// folder holding a copy of `scenarios/`: its exit code, what it wrote to GITHUB_OUTPUT, stderr.
fn run_action_check(name: &str, env: &[(&str, &str)]) -> (i32, String, String, PathBuf) {
    let bash = which("bash").expect("bash runs the action's script");
    let script = action_step(&yaml("action.yml"), "check");
    let dir = scratch_dir(name);
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("scenarios").join(path.file_name().unwrap())).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("trailplan");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output_file = dir.join("github-output");
    let mut cmd = std::process::Command::new(bash);
    cmd.args(["--norc", "-e", "-c", &script])
        .current_dir(&dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GITHUB_ACTION_PATH", root())
        .env("GITHUB_OUTPUT", &output_file)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("INPUT_FAIL_ON", "")
        .env("INPUT_BASELINE", "")
        .env("INPUT_COMMENT_TAG", "")
        .env("INPUT_MARKDOWN", "trailplan.md")
        .env("INPUT_SARIF", "trailplan.sarif");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let written = std::fs::read_to_string(&output_file).unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        written,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir,
    )
}

/// Does this build's `check` take `--output FILE`? (The action writes both reports with it.)
fn check_takes_output() -> bool {
    run(&["check", "--help"]).stdout.contains("--output")
}

/// The `with:` of the trailplan step of the manual's job that uses the action (`docs/ci.md`).
fn readme_action_inputs() -> Vec<(String, String)> {
    let readme = read("docs/ci.md");
    let section = &readme[readme.find("## The trailplan action").expect("the section")..];
    let start = section.find("```yaml\n").expect("a YAML job") + "```yaml\n".len();
    let text = &section[start..start + section[start..].find("```").unwrap()];
    let docs = YamlOwned::load_from_str(text).unwrap();
    let job = yaml_to_json(docs.into_iter().next().unwrap());
    let steps = job["jobs"]["trailplan"]["steps"]
        .as_array()
        .unwrap()
        .clone();
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.contains("/trailplan@"))
        })
        .expect("a step that uses the action");
    assert_eq!(step["id"], "trailplan");
    // The later steps read the reports the action writes by default.
    let rest = serde_json::to_string(&steps).unwrap();
    assert!(
        rest.contains("--body-file trailplan.md")
            && rest.contains("\"sarif_file\":\"trailplan.sarif\"")
    );
    step["with"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn the_readme_job_gives_the_action_inputs_it_has() {
    let action = yaml("action.yml");
    let inputs = readme_action_inputs();
    assert_eq!(
        inputs,
        // In key order.
        [
            ("fail-on".to_owned(), "error".to_owned()),
            ("scenarios".to_owned(), "scenarios/*.toml".to_owned()),
        ]
    );
    for (k, _) in &inputs {
        assert!(
            action["inputs"][k].is_object(),
            "the action has no input `{k}`"
        );
    }
    assert_eq!(action["inputs"]["markdown"]["default"], "trailplan.md");
    assert_eq!(action["inputs"]["sarif"]["default"], "trailplan.sarif");
}

#[test]
fn the_action_check_script_writes_both_reports_and_passes_the_gate_code_on() {
    // The README's job: every example, failing on errors.
    let inputs = readme_action_inputs();
    let env: Vec<(String, String)> = inputs
        .iter()
        .map(|(k, v)| {
            (
                format!("INPUT_{}", k.to_uppercase().replace('-', "_")),
                v.clone(),
            )
        })
        .collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (code, written, stderr, dir) = run_action_check("action-pass", &env);
    if !check_takes_output() {
        // Without `--output`, the script's command line is refused as wrong usage, and says so.
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("--output"), "{stderr}");
        assert_eq!(written, "exit-code=2\n");
        return;
    }
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(written, "exit-code=0\n");
    let markdown = std::fs::read_to_string(dir.join("trailplan.md")).unwrap();
    assert!(markdown.contains("<!-- trailplan"), "{markdown}");
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("trailplan.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    let (code, written, stderr, _) = run_action_check(
        "action-fail",
        &[
            ("INPUT_SCENARIOS", "scenarios/duplicate-global-events.toml"),
            ("INPUT_FAIL_ON", "warning"),
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(written, "exit-code=1\n");
}

#[test]
fn the_action_and_the_readme_list_the_same_inputs_and_the_script_reads_each() {
    let action = yaml("action.yml");
    let mut inputs: Vec<String> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    inputs.sort();
    let readme = read("docs/ci.md");
    let section = &readme[readme.find("## The trailplan action").unwrap()..];
    let table = &section[section
        .find("| input | meaning |")
        .expect("the inputs table")..];
    let mut documented: Vec<String> = Vec::new();
    for row in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
        let first = row.split('|').nth(1).unwrap();
        documented.extend(first.split('`').skip(1).step_by(2).map(str::to_owned));
    }
    documented.sort();
    assert_eq!(
        documented, inputs,
        "the README's table of the action's inputs"
    );
    let step = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "check")
        .unwrap()
        .clone();
    // The step runs the script of scripts/action-check.sh, which reads the inputs.
    assert_eq!(
        step["run"],
        "bash \"$GITHUB_ACTION_PATH/scripts/action-check.sh\""
    );
    let script = read("scripts/action-check.sh");
    for input in &inputs {
        let var = format!("INPUT_{}", input.to_uppercase().replace('-', "_"));
        assert_eq!(
            step["env"][&var],
            format!("${{{{ inputs.{input} }}}}"),
            "the check step's env maps {var} to the input `{input}`"
        );
        assert!(
            script.contains(&format!("${var}")) || script.contains(&format!("${{{var}")),
            "the script reads {var}"
        );
    }
    assert!(
        script.contains(r#"args+=("--comment-tag=$INPUT_COMMENT_TAG")"#),
        "{script}"
    );
}

#[test]
fn the_action_puts_its_comment_tag_in_the_markdown_marker() {
    if !check_takes_output() {
        return;
    }
    let one = ("INPUT_SCENARIOS", "scenarios/startup-one-trail.toml");
    let (code, written, stderr, dir) = run_action_check(
        "action-comment-tag",
        &[one, ("INPUT_COMMENT_TAG", "cloudtrail-cost")],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(written, "exit-code=0\n");
    let markdown = std::fs::read_to_string(dir.join("trailplan.md")).unwrap();
    assert!(
        markdown.starts_with("<!-- trailplan:cloudtrail-cost -->\n"),
        "{markdown}"
    );
    // Without the input, the marker is the scenarios' paths, as `--comment-tag` defaults.
    let (code, _, stderr, dir) = run_action_check("action-comment-tag-default", &[one]);
    assert_eq!(code, 0, "{stderr}");
    let markdown = std::fs::read_to_string(dir.join("trailplan.md")).unwrap();
    assert!(
        markdown.starts_with("<!-- trailplan:scenarios/startup-one-trail.toml -->\n"),
        "{markdown}"
    );
    // A tag an HTML comment cannot hold is wrong usage, and the step passes exit 2 on.
    let (code, written, stderr, _) = run_action_check(
        "action-comment-tag-bad",
        &[one, ("INPUT_COMMENT_TAG", "a-->b")],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(written, "exit-code=2\n");
    assert!(stderr.contains("cannot be a comment tag"), "{stderr}");
}
