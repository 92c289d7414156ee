//! Real Terraform as the oracle: for every HCL fixture folder under `tests/fixtures/terraform/`,
//! `terraform init`, `terraform plan -out` and `terraform show -json` run offline (a CLI config
//! that installs the `hashicorp/aws` provider from a local filesystem mirror, an `override.tf` with
//! mock credentials that skips every AWS call), and trailplan's import of the folder as HCL must
//! equal its import of the JSON plan that Terraform made from it: the same trails, the same
//! attributes and selectors, the same unknown values by property and expression.
//!
//! Without `terraform` or the mirror the test is skipped, loudly, with the reason; when `CI` is
//! set it fails instead, so that CI always runs it. The mirror is found through
//! `TRAILPLAN_TF_MIRROR`, else in the standard places Terraform itself searches.

use std::path::{Path, PathBuf};
use std::process::Command;

use trailplan::import::{HclOptions, Imported, ImportedTrail, terraform, terraform_hcl};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/terraform");

const OVERRIDE: &str = r#"provider "aws" {
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
"#;

/// Mock credentials for the default `aws` provider and for every alias the root module declares
/// (an override must name the configuration it overrides).
fn override_for(fixture: &Path) -> String {
    let mut out = OVERRIDE.to_owned();
    for entry in std::fs::read_dir(fixture).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "tf") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("alias") {
                let alias = rest.trim().trim_start_matches('=').trim().trim_matches('"');
                out.push_str(&OVERRIDE.replacen(
                    "provider \"aws\" {\n",
                    &format!("provider \"aws\" {{\n  alias                       = \"{alias}\"\n"),
                    1,
                ));
            }
        }
    }
    out
}

/// Where a filesystem mirror of `registry.terraform.io/hashicorp/aws` may be.
fn mirror() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(dir) = std::env::var("TRAILPLAN_TF_MIRROR") {
        candidates.push(PathBuf::from(dir));
    }
    if let Ok(home) = std::env::var("HOME") {
        let home = PathBuf::from(home);
        candidates.push(home.join(".terraform.d/plugins"));
        candidates.push(home.join(".local/share/terraform/plugins"));
    }
    for dir in [
        "/opt/tf-plugins",
        "/usr/local/share/terraform/plugins",
        "/usr/share/terraform/plugins",
    ] {
        candidates.push(PathBuf::from(dir));
    }
    candidates
        .into_iter()
        .find(|d| d.join("registry.terraform.io/hashicorp/aws").is_dir())
}

fn terraform_binary() -> Option<String> {
    let binary = std::env::var("TRAILPLAN_TERRAFORM").unwrap_or_else(|_| "terraform".to_owned());
    let ok = Command::new(&binary)
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(binary)
}

/// `None` after printing why the oracle cannot run here (a failure under CI).
fn oracle() -> Option<(String, PathBuf)> {
    let reason = match (terraform_binary(), mirror()) {
        (Some(t), Some(m)) => return Some((t, m)),
        (None, _) => "`terraform` is not on PATH (or TRAILPLAN_TERRAFORM)",
        (_, None) => {
            "no filesystem mirror of registry.terraform.io/hashicorp/aws (set TRAILPLAN_TF_MIRROR)"
        }
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "the Terraform oracle must run in CI: {reason}"
    );
    eprintln!(
        "\n*** SKIPPED terraform_oracle: {reason}. The HCL importer was NOT compared with real Terraform. ***\n"
    );
    None
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn run_terraform(terraform: &str, dir: &Path, config: &Path, args: &[&str]) -> Vec<u8> {
    let mut command = Command::new(terraform);
    // The HCL import below reads no environment: neither may the plan.
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("TF_VAR_") {
            command.env_remove(key);
        }
    }
    let output = command
        .args(args)
        .current_dir(dir)
        .env("TF_CLI_CONFIG_FILE", config)
        .env("TF_IN_AUTOMATION", "1")
        .env("CHECKPOINT_DISABLE", "1")
        .env_remove("TF_CLI_ARGS")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "terraform {} in {}:\n{}{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The plan JSON of a fixture folder, made by real Terraform offline.
fn terraform_plan_json(terraform: &str, mirror: &Path, fixture: &Path, work: &Path) -> String {
    let dir = work.join("module");
    copy_dir(fixture, &dir);
    std::fs::write(dir.join("override.tf"), override_for(fixture)).unwrap();
    let config = work.join("cli.tfrc");
    std::fs::write(
        &config,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = {:?}\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/*/*\"]\n  }}\n}}\n",
            mirror.display().to_string()
        ),
    )
    .unwrap();
    run_terraform(
        terraform,
        &dir,
        &config,
        &["init", "-input=false", "-no-color", "-backend=false"],
    );
    run_terraform(
        terraform,
        &dir,
        &config,
        &[
            "plan",
            "-input=false",
            "-no-color",
            "-refresh=false",
            "-out=plan.out",
        ],
    );
    String::from_utf8(run_terraform(
        terraform,
        &dir,
        &config,
        &["show", "-json", "plan.out"],
    ))
    .unwrap()
}

/// A trail as both imports must agree on it: everything but the file it was read from and the
/// free-text notes; set-typed attributes (Terraform orders sets its own way) sorted.
fn canonical(t: &ImportedTrail) -> String {
    let raw = &t.trail;
    let mut basic = raw.event_selector.clone();
    for s in &mut basic {
        s.get_mut().exclude_management_event_sources.sort();
    }
    let mut advanced = raw.advanced_event_selector.clone();
    for s in &mut advanced {
        s.get_mut()
            .field_selectors
            .sort_by_key(|f| format!("{f:?}"));
    }
    let mut insights = raw.insights.clone();
    insights.sort_by_key(|i| format!("{i:?}"));
    let mut data_insights = raw.data_insights.clone();
    data_insights.sort_by_key(|i| format!("{i:?}"));
    let mut unresolved: Vec<(String, String, bool)> = t
        .unresolved
        .iter()
        .map(|u| (u.property.clone(), u.expression.clone(), u.decides))
        .collect();
    unresolved.sort();
    format!(
        "address: {}\nname: {}\nhome_region: {:?}\nmulti_region: {}\norganization: {}\n\
         include_global_service_events: {:?}\nlogging: {:?}\ncloudwatch_logs: {}\ninsights: {insights:?}\n\
         data_insights: {data_insights:?}\nevent_selectors: {basic:#?}\nadvanced: {advanced:#?}\n\
         unresolved: {unresolved:#?}\n",
        t.origin.address,
        t.name(),
        t.home_region(),
        raw.multi_region,
        raw.organization,
        raw.include_global_service_events,
        raw.logging,
        raw.cloudwatch_logs,
    )
}

fn canonical_all(imported: &Imported) -> Vec<String> {
    let mut trails: Vec<String> = imported.trails.iter().map(canonical).collect();
    trails.sort();
    trails
}

#[test]
fn hcl_import_equals_the_import_of_real_terraforms_plan() {
    let Some((terraform_bin, mirror)) = oracle() else {
        return;
    };
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 3, "{fixtures:?}");
    for fixture in fixtures {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let work =
            std::env::temp_dir().join(format!("trailplan-oracle-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        let json = terraform_plan_json(&terraform_bin, &mirror, &fixture, &work);
        let from_plan = terraform(&json, "plan.json").unwrap_or_else(|e| panic!("{name}: {e}"));
        let from_hcl = terraform_hcl(&fixture, &name, &HclOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !from_plan.trails.is_empty(),
            "{name}: the plan holds no trail"
        );
        assert_eq!(
            canonical_all(&from_hcl),
            canonical_all(&from_plan),
            "{name}: the HCL import (left) differs from the import of Terraform's plan (right)"
        );
        let _ = std::fs::remove_dir_all(&work);
        eprintln!(
            "terraform_oracle: {name}: {} trails agree",
            from_plan.trails.len()
        );
    }
}
