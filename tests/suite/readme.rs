//! The README's rule table is the registry's: a rule added, renamed or re-levelled without the README
//! fails here.

use serde_json::Value;

use crate::support::{read, run};

#[test]
fn readme_rule_table_matches_the_registry() {
    let rules: Vec<Value> =
        serde_json::from_str(&run(&["rules", "--format", "json"]).stdout).unwrap();
    let readme = read("README.md");
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| [CT")).collect();
    assert_eq!(rows.len(), rules.len(), "README lists {} rules", rows.len());
    for (row, rule) in rows.iter().zip(&rules) {
        let expected = format!(
            "| [{code}](docs/rules/{name}.md) | `{name}` | {severity} | {summary} |",
            code = rule["code"].as_str().unwrap(),
            name = rule["name"].as_str().unwrap(),
            severity = rule["severity"].as_str().unwrap(),
            summary = rule["summary"].as_str().unwrap(),
        );
        assert_eq!(*row, expected);
    }
}

#[test]
fn readme_console_example_is_what_trailplan_prints() {
    let readme = read("README.md");
    let command = "$ trailplan plan scenarios/startup-one-trail.toml\n";
    let start = readme.find(command).expect("the README shows a plan") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let out = run(&["plan", "scenarios/startup-one-trail.toml"]);
    assert_eq!(shown, out.stdout);
}

/// The review section shows the review page: a PNG in the repository, small enough to keep there.
#[test]
fn readme_review_section_shows_the_page() {
    let readme = read("README.md");
    let section = &readme[readme
        .find("## Design reviews: forecast, downstream costs and the HTML report")
        .expect("the review section")..];
    let section = &section[..section
        .find("\n### `[forecast]`")
        .expect("its first subsection")];
    assert!(section.contains("](docs/img/review.png)"), "{section}");
    let png =
        std::fs::read(crate::support::root().join("docs/img/review.png")).expect("the picture");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(png.len() < 300 * 1024, "{} bytes", png.len());
    // Wide enough to be the 1280 px layout drawn at 0.6 (768 px), not a phone's.
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!(width >= 768, "{width} px");
}
