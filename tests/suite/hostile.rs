//! Hostile input and faults: each test reproduces one attack exactly and asserts that trailplan
//! refuses it with exit 3 and a place, or handles it, instead of crashing, hanging or eating memory.
//! Stack tests run in a thread with a small stack; memory tests run the binary under a limit that
//! the test sets itself.

use std::fmt::Write as _;

use crate::support::{finish, scratch_dir, trailplan_in};

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
    assert_eq!(imported.trails[0].name, "main");
    assert!(imported.trails[0].unknowns.is_empty());
    let imported = trailplan::import::cloudformation(&condition_chain("!Equals [a, b]"), "c.yaml")
        .expect("imported");
    assert!(imported.trails.is_empty());
    assert_eq!(
        imported.notes,
        ["Trail is not created: its condition C0 is false with the parameters' defaults"]
    );
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[test]
fn exponential_intrinsic_functions_are_refused_by_the_work_budget() {
    // Each mapping value joins the previous one three times: 3^16 characters and calls if nothing
    // bounded the work.
    let mut text = String::from("Mappings:\n  M:\n    K:\n      V0: x\n");
    for i in 1..=16 {
        let prev = i - 1;
        let _ = writeln!(
            text,
            "      V{i}: !Join ['', [!FindInMap [M, K, V{prev}], !FindInMap [M, K, V{prev}], \
             !FindInMap [M, K, V{prev}]]]"
        );
    }
    text.push_str(
        "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      \
         TrailName: !FindInMap [M, K, V16]\n      IsLogging: true\n      S3BucketName: logs\n",
    );
    let started = std::time::Instant::now();
    let err = trailplan::import::cloudformation(&text, "join.yaml").expect_err("refused");
    assert_eq!(
        err.to_string(),
        "join.yaml: Resources.Trail: evaluating the template's conditions and intrinsic \
         functions takes more than 10000000 steps (the template work budget); the template is \
         refused rather than evaluated for hours"
    );
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    let _ = scratch_dir;
    let _ = (finish, trailplan_in);
}
