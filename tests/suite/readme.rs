//! The README is the front page: its set-up commands, its console example and the review page's
//! picture are what the repository has. (Its other console examples, and the manual's, are run by
//! `docs.rs`; the rule table is the manual's, checked there.)

use crate::support::{read, run};

#[test]
fn readme_sets_up_with_the_two_commands() {
    let readme = read("README.md");
    let section = &readme[readme.find("\n## Set up\n").expect("a set-up section")..];
    let start = section.find("```sh\n").expect("a shell block") + "```sh\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let commands: Vec<&str> = block
        .lines()
        .map(|l| l.split('#').next().unwrap().trim_end())
        .collect();
    assert_eq!(
        commands,
        [
            "cargo run --release -- plan scenarios/organization-security-copy.toml",
            "cargo test",
        ]
    );
    // The example the first one plans is there, and plans.
    assert_eq!(
        run(&["plan", "scenarios/organization-security-copy.toml"]).exit(),
        0
    );
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

/// The review chapter shows the review page: a PNG in the repository, small enough to keep there.
#[test]
fn readme_review_section_shows_the_page() {
    let chapter = read("docs/reviews.md");
    let section = &chapter[chapter
        .find("# Design reviews: forecast, downstream costs and the HTML report")
        .expect("the review chapter")..];
    let section = &section[..section
        .find("\n## `[forecast]`")
        .expect("its first section")];
    assert!(section.contains("](img/review.png)"), "{section}");
    let png =
        std::fs::read(crate::support::root().join("docs/img/review.png")).expect("the picture");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(png.len() < 300 * 1024, "{} bytes", png.len());
    // Wide enough to be the 1280 px layout drawn at 0.6 (768 px), not a phone's.
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!(width >= 768, "{width} px");
}
