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
use super::{ImportError, Imported, PathStep};

/// What the command line and the usage file give an HCL import.
#[derive(Debug, Clone, Default)]
pub struct HclOptions {
    /// `--var-file FILE`, in order (after `terraform.tfvars` and `*.auto.tfvars`).
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE`, in order (last).
    pub vars: Vec<(String, String)>,
    /// `TF_VAR_NAME` variables of the environment (first, before the tfvars files); the
    /// library reads no environment, so the caller passes them.
    pub env_vars: Vec<(String, String)>,
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
        env_vars: options.env_vars.clone(),
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
        unfetched: evaluated.unfetched,
    };
    for t in evaluated.trails {
        let resource = Resource {
            file: &t.file,
            address: &t.address,
            module_address: t.module_address.clone(),
            name: t.name.clone(),
            index: t.index.clone(),
            converts: true,
            at: Vec::new(),
        };
        // The attributes are evaluated values: an error about one points at the expression that
        // gives it (or at the nearest block around it, for a value inside a list or object).
        let mut trail = resource
            .trail(&t.values, &t.unknown, t.region.clone())
            .map_err(|e| match e {
                ImportError::Invalid {
                    file,
                    message,
                    path,
                    place: None,
                } => {
                    let place = path
                        .as_deref()
                        .and_then(|p| place_of(&t.places, p))
                        .or(t.place);
                    ImportError::Invalid {
                        file,
                        message,
                        path,
                        place,
                    }
                }
                other => other,
            })?;
        trail.origin.place = t.place;
        imported.trails.push(trail);
    }
    Ok(imported)
}

/// The place of the value at `path` (`event_selector`, 0, `read_write_type`), else of the
/// nearest attribute or block that holds it.
fn place_of(places: &[(String, (usize, usize))], path: &[PathStep]) -> Option<(usize, usize)> {
    let mut dotted = Vec::new();
    let mut text = String::new();
    for step in path {
        crate::import::push_path_step(&mut text, step);
        dotted.push(text.clone());
    }
    dotted
        .iter()
        .rev()
        .find_map(|d| places.iter().find(|(p, _)| p == d).map(|(_, at)| *at))
}

/// Reads Terraform in whatever form it is given: a module folder or `.tf` file (HCL), or the
/// JSON of `terraform show -json`. A binary plan file is refused with the command that makes
/// JSON of it.
///
/// # Errors
/// As [`terraform_hcl`] and [`terraform::terraform_with`]; a binary plan, a file that is not
/// text.
pub(crate) fn terraform_source(
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
    let text = super::decode_text(bytes, &display)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A module folder of its own in the system's temporary directory.
    fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("trailplan-hcl-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn locals_in_any_order_and_unknowns_through_modules_keep_their_place() {
        let dir = folder(
            "modules",
            &[
                (
                    "main.tf",
                    "locals {\n  name = \"${local.prefix}-trail\"\n  prefix = \"acme\"\n}\n\
                     data \"aws_s3_bucket\" \"logs\" {\n  bucket = \"x\"\n}\n\
                     module \"t\" {\n  source = \"./trail\"\n  name = local.name\n  \
                     bucket_arn = data.aws_s3_bucket.logs.arn\n}\n",
                ),
                (
                    "trail/main.tf",
                    "variable \"name\" {}\nvariable \"bucket_arn\" {}\n\
                     resource \"aws_cloudtrail\" \"this\" {\n  name = var.name\n  \
                     event_selector {\n    data_resource {\n      type = \"AWS::S3::Object\"\n      \
                     values = [\"${var.bucket_arn}/\"]\n    }\n  }\n}\n",
                ),
            ],
        );
        let shown = dir.display().to_string();
        let imported = terraform_hcl(&dir, &shown, &HclOptions::default()).unwrap();
        let t = &imported.trails[0];
        assert_eq!(t.name(), "acme-trail");
        assert_eq!(t.origin.address, "module.t.aws_cloudtrail.this");
        assert_eq!(
            t.unresolved,
            [super::super::Unresolved {
                property: "event_selector[0].data_resource[0].values".to_owned(),
                expression: "data.aws_s3_bucket.logs.arn".to_owned(),
                at: Some(format!("{shown}/main.tf:11")),
                decides: true,
            }],
            "the unknown is named where the root module writes it"
        );

        let mut options = HclOptions::default();
        options.values.insert(
            "data.aws_s3_bucket.logs.arn".to_owned(),
            toml::Value::String("arn:aws:s3:::acme-logs".to_owned()),
        );
        let imported = terraform_hcl(&dir, &shown, &options).unwrap();
        let t = &imported.trails[0];
        assert!(t.unresolved.is_empty(), "{:?}", t.unresolved);
        assert_eq!(
            t.trail.event_selector[0].get_ref().data_resources[0]
                .get_ref()
                .values,
            [toml::Spanned::new(
                0..0,
                "arn:aws:s3:::acme-logs/".to_owned()
            )]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn variables_without_values_and_cycles_are_errors() {
        let dir = folder(
            "no-value",
            &[("main.tf", "variable \"env\" {\n  type = string\n}\n")],
        );
        let shown = dir.display().to_string();
        let err = terraform_hcl(&dir, &shown, &HclOptions::default()).unwrap_err();
        assert!(
            err.to_string().contains(
                "main.tf:1:1: variable \"env\" has no value: give it with --var env=VALUE"
            ),
            "{err}"
        );
        let mut options = HclOptions::default();
        options.vars.push(("env".to_owned(), "prod".to_owned()));
        assert!(terraform_hcl(&dir, &shown, &options).is_ok());
        let _ = std::fs::remove_dir_all(&dir);

        let dir = folder(
            "cycle",
            &[("main.tf", "locals {\n  a = local.b\n  b = local.a\n}\n")],
        );
        let shown = dir.display().to_string();
        let err = terraform_hcl(&dir, &shown, &HclOptions::default()).unwrap_err();
        assert!(
            err.to_string()
                .contains("main.tf:2:3: local.a refers to itself"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
