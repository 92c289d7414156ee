//! Terraform read as it is written: a `.tf` file or a module folder, evaluated the way
//! `terraform plan` would for what trails need, with no cloud credentials and no Terraform.
//!
//! Each `aws_cloudtrail` instance comes out with the attribute structure of a plan's
//! `planned_values` and goes through the same conversion as a plan (`terraform.rs`), so that HCL
//! and plan JSON give the same trails; the tests check that against real Terraform. What only
//! apply knows (computed attributes, data sources, remote modules, functions not evaluated here)
//! is unknown, named by the expression as written and its `file:line`, and the usage file's
//! `[import.values]` can set it.
//!
//! Sources: Terraform language documentation: "Input Variables" (precedence of tfvars files and
//! `-var`), "Local Values", "The count Meta-Argument", "The for_each Meta-Argument", "dynamic
//! Blocks", "Modules" (local paths), "Provider Configuration" (aliases, `providers` in module
//! calls), "Functions".

mod eval;
mod funcs;
mod module;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::terraform::{self, PlanOptions, Resource};
use super::{ImportError, Imported};

/// What the command line and the usage file give an HCL import.
#[derive(Debug, Clone, Default)]
pub struct HclOptions {
    /// `--var-file FILE`, in order (after `terraform.tfvars` and `*.auto.tfvars`).
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE`, in order (last).
    pub vars: Vec<(String, String)>,
    /// `[import.values]`: values known only after apply, keyed by the expression as written.
    pub values: BTreeMap<String, toml::Value>,
}

/// Reads the trails of a Terraform module folder or `.tf` file.
///
/// # Errors
/// A file cannot be read or parsed (with line and column), a variable has no value, a count is
/// not a whole number, or an expression fails the way `terraform plan` would fail.
pub fn terraform_hcl(
    path: &Path,
    display: &str,
    options: &HclOptions,
) -> Result<Imported, ImportError> {
    let inputs = module::Inputs {
        var_files: options.var_files.clone(),
        vars: options.vars.clone(),
        values: options
            .values
            .iter()
            .map(|(k, v)| (k.clone(), from_toml(v)))
            .collect(),
        modules: std::cell::Cell::new(0),
    };
    let evaluated = module::evaluate_root(path, display, &inputs)?;
    let mut imported = Imported {
        trails: Vec::new(),
        notes: evaluated.notes,
    };
    for t in evaluated.trails {
        let resource = Resource {
            file: &t.file,
            address: &t.address,
            module_address: t.module_address.clone(),
            name: t.name.clone(),
            index: t.index.clone(),
        };
        imported
            .trails
            .push(resource.trail(&t.values, &t.unknown, t.region.clone())?);
    }
    Ok(imported)
}

/// Reads Terraform in whatever form it is given: a module folder or `.tf` file (HCL), or the
/// JSON of `terraform show -json`. A binary plan file is refused with the command that makes
/// JSON of it.
///
/// # Errors
/// As [`terraform_hcl`] and [`terraform::terraform_with`]; a binary plan, a file that is not
/// text.
pub fn terraform_source(
    path: &Path,
    plan: &PlanOptions,
    hcl: &HclOptions,
) -> Result<Imported, ImportError> {
    let display = path.display().to_string();
    if path.is_dir() || path.extension().is_some_and(|e| e == "tf") {
        return terraform_hcl(path, &display, hcl);
    }
    let bytes = std::fs::read(path).map_err(|e| {
        ImportError::invalid(
            &display,
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_owned(),
                _ => e.to_string(),
            },
        )
    })?;
    // `terraform plan -out` writes a zip archive.
    if bytes.starts_with(b"PK\x03\x04") {
        let json = Path::new(&display).with_extension("json");
        return Err(ImportError::invalid(
            &display,
            format!(
                "is a binary plan file (terraform plan -out); make JSON of it with \
                 `terraform show -json {display} > {}` and import that",
                json.display()
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        ImportError::invalid(
            &display,
            "is not text: give a .tf file, a module folder or the JSON of `terraform show -json`",
        )
    })?;
    terraform::terraform_with(&text, &display, plan)
}

/// A usage-file value as HCL sees it; TOML floats and dates are kept as their text.
fn from_toml(v: &toml::Value) -> hcl::Value {
    match v {
        toml::Value::String(s) => hcl::Value::from(s.clone()),
        toml::Value::Integer(i) => hcl::Value::from(*i),
        toml::Value::Boolean(b) => hcl::Value::from(*b),
        toml::Value::Float(_) | toml::Value::Datetime(_) => hcl::Value::from(v.to_string()),
        toml::Value::Array(items) => hcl::Value::Array(items.iter().map(from_toml).collect()),
        toml::Value::Table(t) => {
            hcl::Value::Object(t.iter().map(|(k, v)| (k.clone(), from_toml(v))).collect())
        }
    }
}
