//! trailplan plans the cost and the quotas of AWS CloudTrail before anything is deployed.
//!
//! The pipeline, one module a stage: [`scenario`] reads the TOML and validates it into the
//! [`model`], [`selection`] works out which trails deliver which events, [`pricing`] prices the copies,
//! [`rules`] checks quotas and policy, [`report`] renders the [`plan::Plan`]. [`app`] takes the
//! command line's typed requests and answers with plans and a gate; the `trailplan` binary parses
//! the arguments, prints, and maps the outcome to an exit code. The library never prints.
//!
//! The pricing page's example — two trails deliver 150,000 management events; the second copy
//! costs $2.00 per 100,000:
//!
//! ```
//! use trailplan::{date::Date, error::SourceFile, money, plan, scenario};
//!
//! let text = r#"
//! format = 1
//! name = "two trails"
//! regions = ["us-east-1"]
//!
//! [[volume]]
//! category = "management"
//! write = 150_000
//!
//! [[trail]]
//! name = "first"
//! home_region = "us-east-1"
//!
//! [[trail]]
//! name = "second"
//! home_region = "us-east-1"
//! "#;
//! let scenario = scenario::parse(SourceFile::new("two-trails.toml", text))?;
//! let today = Date::new(2026, 11, 25).ok_or("not a day")?;
//! let plan = plan::evaluate(scenario, today, None)?;
//! assert_eq!(money::exact(plan.costing.total), "3.00");
//! assert_eq!(plan.findings[0].rule, trailplan::codes::Rule::PaidManagementCopy); // CT101
//! let data = serde_json::to_value(&plan.findings[0].data)?;
//! assert_eq!(data, serde_json::json!({"events": 150000, "cost": "3.00"}));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Guard rails: nothing reachable from input may panic, and only the binary talks.
#![deny(unreachable_pub, unnameable_types)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

// Public: the modules that the binary, the tests and an embedding program reach into; inside
// them, what only the library uses is `pub(crate)` (docs/development.md).
pub mod app;
pub mod aws;
pub(crate) mod baseline;
pub mod codes;
pub mod date;
pub mod diff;
pub(crate) mod downstream;
pub mod error;
pub mod forecast;
pub mod generate;
pub mod import;
pub mod limits;
pub mod model;
pub mod money;
pub mod output;
pub mod plan;
pub mod pricing;
pub mod reconcile;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod selection;
pub mod text;
pub mod usage;

#[cfg(test)]
mod layering {
    //! The modules form layers: each imports only the modules below it (ARCHITECTURE.md, "Layers").

    use std::collections::BTreeSet;
    use std::path::Path;

    /// The layers from the bottom; a module may import its own layer's leaves only when listed
    /// lower in [`LAYERS`].
    const LAYERS: [&[&str]; 11] = [
        &["text"],
        &["money", "date", "error", "codes", "aws", "limits"],
        &["model", "output"],
        &["scenario", "selection"],
        &["import", "pricing", "usage"],
        &["forecast", "downstream", "rules", "generate"],
        &["plan"],
        &["baseline", "diff", "reconcile"],
        &["report"],
        &["app"],
        &[],
    ];

    fn layer(module: &str) -> usize {
        LAYERS
            .iter()
            .position(|l| l.contains(&module))
            .unwrap_or_else(|| panic!("module `{module}` is in no layer"))
    }

    fn imports(text: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            // `use crate::{a, b::c}`
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.insert(name);
                    }
                }
            }
        }
        out
    }

    fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }

    #[test]
    fn modules_import_only_modules_below_them() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        visit(&src, &mut files);
        let mut checked = 0;
        for file in files {
            let relative = file.strip_prefix(&src).unwrap();
            let top = relative.iter().next().unwrap().to_str().unwrap();
            let module = top.trim_end_matches(".rs");
            if module == "lib" || module == "bin" {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for imported in imports(&text) {
                if imported == module {
                    continue;
                }
                assert!(
                    layer(&imported) < layer(module),
                    "{} imports `{imported}`, which is not below `{module}`",
                    relative.display()
                );
            }
            checked += 1;
        }
        assert!(checked > 50, "only {checked} files were checked");
    }
}
