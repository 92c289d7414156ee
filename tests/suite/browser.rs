//! The review pages in a real browser: Debian's Chromium, headless, at 1280 px and at 390 px (a
//! phone). Each page (the review fixture, a generated 2,000 × 10 scenario, a diff) is loaded twice:
//! as written, for a screenshot under target/browser/, and as a measuring copy that reports what
//! the browser laid out (page width, every SVG text box against its SVG, the budget month, table
//! rows, links) into the DOM, which `--dump-dom` prints.
//!
//! Without Chromium these tests say so loudly and pass; with the `CI` variable set they fail, so
//! continuous integration always runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TODAY, path_str, root, run, scratch_dir};

const LANDING: &str = "tests/fixtures/review/landing-zone-review.toml";

/// The measuring script. The page itself forbids every script by its Content-Security-Policy;
/// only the harness copy, never shipped, relaxes the policy to let this one inline script run. It
/// posts what it measured to the frame around it (see [`FRAME`]).
const PROBE: &str = r##"<script>
(function () {
  var bad = [];
  var svgs = document.querySelectorAll('svg');
  var texts = 0;
  svgs.forEach(function (svg) {
    var vb = svg.viewBox.baseVal;
    svg.querySelectorAll('text').forEach(function (t) {
      texts++;
      var b = t.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 ||
          b.y + b.height > vb.y + vb.height + 0.5) {
        bad.push(t.textContent + ' ' + Math.round(b.x) + '+' + Math.round(b.width) + ' in ' + vb.width);
      }
    });
  });
  // What sticks out of the viewport, outside any box that scrolls or clips it.
  var width = document.documentElement.clientWidth;
  var wide = [];
  document.querySelectorAll('body *').forEach(function (e) {
    if (wide.length >= 8 || e.getBoundingClientRect().right <= width + 0.5) { return; }
    for (var a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      var o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { return; }
    }
    wide.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
  });
  var budget = document.querySelector('[data-budget-month]');
  var links = 0;
  document.querySelectorAll('a[href]').forEach(function (a) {
    if (a.getBoundingClientRect().width > 0) { links++; }
  });
  var broken = [];
  document.querySelectorAll('a[href^="#"]').forEach(function (a) {
    if (!document.getElementById(a.getAttribute('href').slice(1))) { broken.push(a.getAttribute('href')); }
  });
  var summary = [];
  document.querySelectorAll('table.scenarios a[href^="#"]').forEach(function (a) {
    var target = document.getElementById(a.getAttribute('href').slice(1));
    summary.push(a.textContent + ' -> ' + (target ? target.tagName.toLowerCase() + ' ' + target.querySelector('h1').textContent : 'nothing'));
  });
  var docLinks = [];
  document.querySelectorAll('.rule a[href]').forEach(function (a) {
    if (a.getBoundingClientRect().width > 0) { docLinks.push(a.getAttribute('href')); }
  });
  var closed = 0;
  document.querySelectorAll('details').forEach(function (d) { if (!d.open) { closed++; } });
  window.parent.postMessage(JSON.stringify({
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    bodyWidth: document.body.scrollWidth,
    viewport: width,
    wide: wide,
    texts: texts,
    outside: bad,
    budget: budget ? budget.textContent : null,
    rows: document.querySelectorAll('tr').length,
    findingRows: document.querySelectorAll('table.findings tbody tr').length,
    links: links,
    broken: broken,
    summary: summary,
    docLinks: docLinks,
    docItems: document.querySelectorAll('.rule li').length,
    closedDetails: closed,
    resources: performance.getEntriesByType('resource').length
  }), '*');
})();
</script>"##;

/// The frame a page is measured in: an iframe exactly as wide as the width under test (headless
/// Chromium opens no window narrower than 500 px, but a frame is a real viewport of any width:
/// `innerWidth`, media queries and `device-width` all follow it). It writes what the probe posts
/// into its own DOM, which `--dump-dom` prints.
const FRAME: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"/><style>body { margin: 0; } iframe { border: 0; display: block; width: WIDTHpx; height: HEIGHTpx; }</style></head>
<body><script>
window.addEventListener('message', function (e) {
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = e.data;
  document.body.appendChild(out);
});
</script><iframe src="PAGE"></iframe></body></html>
"#;

fn frame(page: &str, width: u32, height: u32) -> String {
    FRAME
        .replace("WIDTH", &width.to_string())
        .replace("HEIGHT", &height.to_string())
        .replace("PAGE", page)
}

/// Chromium, or `None` after saying loudly that it is absent (a failure under `CI`).
fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser"] {
        for dir in std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "Chromium is required in CI (apt-get install -y chromium)"
    );
    eprintln!(
        "\n*** SKIPPED: Chromium is absent; install Debian's `chromium` to run the browser tests ***\n"
    );
    None
}

fn browser(chromium: &Path, width: u32, extra: &[&str], page: &Path) -> String {
    browser_sized(chromium, width, 900, extra, page)
}

fn browser_sized(chromium: &Path, width: u32, height: u32, extra: &[&str], page: &Path) -> String {
    let profile = tempfile::tempdir().expect("a profile directory");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},{height}"))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the measuring copy of `page` reports in a frame `width` px wide.
fn measure(chromium: &Path, dir: &Path, html: &str, name: &str, width: u32) -> serde_json::Value {
    let harness = html
        .replace(
            "default-src 'none'; style-src 'unsafe-inline'",
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
        )
        .replace("</body>", &format!("{PROBE}\n</body>"));
    let page = format!("{name}-{width}-harness.html");
    std::fs::write(dir.join(&page), harness).expect("write the harness");
    let outer = dir.join(format!("{name}-{width}-frame.html"));
    std::fs::write(&outer, frame(&page, width, 900)).expect("write the frame");
    let dom = browser(chromium, width.max(500), &["--dump-dom"], &outer);
    let start = dom
        .find("<pre id=\"probe\">")
        .unwrap_or_else(|| panic!("the probe did not report: {dom}"))
        + 16;
    let end = dom[start..].find("</pre>").expect("probe end") + start;
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let m: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(
        m["innerWidth"].as_u64(),
        Some(u64::from(width)),
        "{name}: the frame is not {width} px wide: {m}"
    );
    m
}

/// Saves a screenshot of the page as written (its CSP intact) under target/browser/: the window
/// itself at desktop widths, a frame as wide as a phone below 500 px.
fn screenshot(chromium: &Path, page: &Path, name: &str, width: u32) -> PathBuf {
    let dir = root().join("target/browser");
    std::fs::create_dir_all(&dir).expect("target/browser");
    let shot = dir.join(format!("{name}-{width}.png"));
    let _ = std::fs::remove_file(&shot);
    let flag = format!("--screenshot={}", shot.display());
    if width < 500 {
        let outer = page.with_file_name(format!("{name}-{width}-shot.html"));
        let file = page
            .file_name()
            .and_then(|f| f.to_str())
            .expect("a file name");
        std::fs::write(&outer, frame(file, width, 1600)).expect("write the frame");
        browser_sized(chromium, 500, 1600, &[&flag], &outer);
    } else {
        browser_sized(chromium, width, 900, &[&flag], page);
    }
    assert!(shot.is_file(), "no screenshot at {}", shot.display());
    shot
}

/// Renders `args` to HTML and checks it in the browser at both widths; returns the measurements.
fn check_page(name: &str, args: &[&str]) -> Option<Vec<serde_json::Value>> {
    let chromium = chromium()?;
    let mut all = args.to_vec();
    all.extend(["--format", "html", "--today", TODAY]);
    let out = run(&all);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.describe());
    let html = out.stdout;
    assert!(
        html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"")
    );
    assert!(!html.contains("<script"), "the page has a script");
    // Nothing is loaded from the network: no remote src at all, and links only to rule docs.
    for attr in ["src=\"http", "src='http"] {
        assert!(!html.contains(attr), "a remote load in {name}");
    }
    for (i, _) in html.match_indices("href=\"http") {
        let url = &html[i + 6..];
        let url = &url[..url.find('"').unwrap_or(url.len())];
        assert!(
            url.starts_with("https://docs.aws.amazon.com/")
                || url.starts_with("https://developer.hashicorp.com/")
                || url.starts_with("https://aws.amazon.com/"),
            "a link outside the rule docs: {url}"
        );
    }
    let dir = scratch_dir(&format!("browser-{name}"));
    let page = dir.join(format!("{name}.html"));
    std::fs::write(&page, &html).expect("write the page");
    let mut seen = Vec::new();
    for width in [1280u32, 390] {
        screenshot(&chromium, &page, name, width);
        let m = measure(&chromium, &dir, &html, name, width);
        // Nothing makes the page scroll sideways: wide tables scroll inside their own box.
        assert!(
            m["scrollWidth"].as_u64().unwrap_or(u64::MAX) <= u64::from(width)
                && m["bodyWidth"].as_u64().unwrap_or(u64::MAX) <= u64::from(width),
            "{name} at {width} px scrolls sideways: {m}"
        );
        assert_eq!(
            m["wide"],
            serde_json::json!([]),
            "{name} at {width} px: {m}"
        );
        assert!(
            m["texts"].as_u64().unwrap_or(0) > 0,
            "{name}: no chart text: {m}"
        );
        assert_eq!(
            m["outside"],
            serde_json::json!([]),
            "{name} at {width} px: {m}"
        );
        // Every in-page link has its target, and the page loaded nothing at all.
        assert_eq!(m["broken"], serde_json::json!([]), "{name}: {m}");
        assert_eq!(m["resources"], 0, "{name} loaded something: {m}");
        seen.push(m);
    }
    Some(seen)
}

#[test]
fn review_fixture_holds_at_desktop_and_phone_widths() {
    let Some(seen) = check_page("review", &["plan", LANDING]) else {
        return;
    };
    for m in &seen {
        assert!(m["rows"].as_u64().unwrap_or(0) > 5, "{m}");
        assert!(m["links"].as_u64().unwrap_or(0) > 0, "{m}");
        // Rule docs are Markdown rendered: their reference lists are lists of live links.
        let links = m["docLinks"].as_array().expect("docLinks");
        assert!(
            links
                .iter()
                .any(|l| l == "https://aws.amazon.com/cloudtrail/pricing/"),
            "{m}"
        );
        assert!(m["docItems"].as_u64().unwrap_or(0) >= 3, "{m}");
    }
}

#[test]
fn forecast_page_names_the_budget_month_in_the_browser() {
    let dir = scratch_dir("browser-input-budget");
    let text = crate::support::read("tests/fixtures/review/growth-10-percent.toml");
    let head = text.split("[forecast]").next().unwrap_or_default();
    let path = dir.join("budget.toml");
    std::fs::write(
        &path,
        format!("{head}[policy]\nmonthly_budget = \"4.50\"\n\n[forecast]\nmonths = 4\nmonthly_growth = \"0.10\"\n"),
    )
    .expect("write");
    let Some(seen) = check_page("budget", &["plan", path_str(&path)]) else {
        return;
    };
    for m in &seen {
        assert_eq!(
            m["budget"],
            "Month 3 is the first over the budget: $4.84 against $4.50 a month."
        );
    }
}

#[test]
fn generated_2000_by_10_page_holds() {
    let out = run(&["generate", "--accounts", "2000", "--regions", "10"]);
    assert_eq!(out.code, Some(0), "{}", out.describe());
    let path = scratch_dir("browser-input-big").join("big.toml");
    std::fs::write(&path, &out.stdout).expect("write");
    let json = run(&[
        "plan",
        path_str(&path),
        "--format",
        "json",
        "--today",
        TODAY,
    ])
    .json();
    let findings = json["findings"].as_array().expect("findings");
    let rules: std::collections::BTreeSet<&str> =
        findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(
        findings.len() > 5_000,
        "the plan has many findings: {}",
        findings.len()
    );
    let Some(seen) = check_page("big", &["plan", path_str(&path)]) else {
        return;
    };
    for m in &seen {
        // One row a rule, not one a finding; at most 1,000 line items; the page stays readable.
        assert_eq!(m["findingRows"], rules.len(), "{rules:?}: {m}");
        let rows = m["rows"].as_u64().unwrap_or(u64::MAX);
        assert!((1_000..=1_100).contains(&rows), "{m}");
    }
}

#[test]
fn diff_page_holds() {
    let Some(seen) = check_page(
        "diff",
        &[
            "diff",
            "tests/fixtures/review/growth-10-percent.toml",
            LANDING,
        ],
    ) else {
        return;
    };
    for m in &seen {
        assert!(m["links"].as_u64().unwrap_or(0) > 0, "{m}");
    }
}

#[test]
fn multi_scenario_page_opens_with_a_summary_that_links_to_each() {
    let Some(seen) = check_page(
        "multi",
        &[
            "plan",
            LANDING,
            "tests/fixtures/review/growth-10-percent.toml",
        ],
    ) else {
        return;
    };
    let landing = crate::support::read(LANDING);
    let growth = crate::support::read("tests/fixtures/review/growth-10-percent.toml");
    let name = |text: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix("name = \""))
            .and_then(|l| l.strip_suffix('"'))
            .map(str::to_string)
            .expect("a name")
    };
    for m in &seen {
        assert_eq!(
            m["summary"],
            serde_json::json!([
                format!("{} -> section {}", name(&landing), name(&landing)),
                format!("{} -> section {}", name(&growth), name(&growth)),
            ]),
            "{m}"
        );
    }
}

/// At 390 px the page's own content fits 390 px, in a viewport that really is 390 px wide.
#[test]
fn phone_width_body_fits() {
    let Some(chromium) = chromium() else {
        return;
    };
    let out = run(&["plan", LANDING, "--format", "html", "--today", TODAY]);
    let dir = scratch_dir("browser-phone");
    let m = measure(&chromium, &dir, &out.stdout, "phone", 390);
    assert_eq!(m["innerWidth"], 390, "{m}");
    assert!(m["bodyWidth"].as_u64().unwrap_or(u64::MAX) <= 390, "{m}");
    assert!(m["scrollWidth"].as_u64().unwrap_or(u64::MAX) <= 390, "{m}");
}
