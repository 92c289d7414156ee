//! Requests that read infrastructure code: `import`, `usage skeleton`, and the trails `plan`
//! takes from Terraform or CloudFormation.

use super::targets::{refuse_overwrite, write_text};
use crate::error::Error;
use crate::import::{self, ImportError, Imported};
use crate::scenario;
use std::path::{Path, PathBuf};

/// An infrastructure file whose trails are imported.
#[derive(Debug, Clone)]
pub enum ImportSource {
    /// Terraform: a module folder or `.tf` file (HCL), or `terraform show -json` output.
    Terraform(PathBuf),
    /// A CloudFormation template, JSON or YAML.
    Cloudformation(PathBuf),
    /// `aws cloudtrail describe-trails` output, with the selectors of each trail.
    AwsCli {
        file: PathBuf,
        event_selectors: Vec<PathBuf>,
        insight_selectors: Vec<PathBuf>,
    },
}

impl ImportSource {
    /// The file the trails are read from.
    pub fn file(&self) -> &Path {
        match self {
            ImportSource::Terraform(file)
            | ImportSource::Cloudformation(file)
            | ImportSource::AwsCli { file, .. } => file,
        }
    }
}

/// Where imported trails go when their source does not say.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// The account (default: the management account, else the only one).
    pub account: Option<String>,
    /// The home region (default: the only region).
    pub region: Option<String>,
}

/// How infrastructure code is read: Terraform variables and plans, CloudFormation parameters.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `--var NAME=VALUE`, in order.
    pub vars: Vec<(String, String)>,
    /// `TF_VAR_NAME=VALUE` of the environment, which Terraform reads before the tfvars files.
    pub env_vars: Vec<(String, String)>,
    /// `--var-file FILE`, in order.
    pub var_files: Vec<PathBuf>,
    /// Read a Terraform plan that errored.
    pub allow_errored: bool,
    /// `--parameter NAME=VALUE`, over the usage file's `[import.parameters]`.
    pub parameters: Vec<(String, String)>,
    /// A usage file whose `[import]` table (values, parameters) the import uses.
    pub usage: Option<PathBuf>,
}

/// `import`: the trails of an infrastructure file, and where the scenario goes.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub source: ImportSource,
    pub placement: Placement,
    pub options: ImportOptions,
    /// Write the scenario to this file (whole or not at all) instead of standard output.
    pub output: Option<PathBuf>,
}

/// Runs `import`: a format-1 scenario holding the imported trails, ready for volumes, written to
/// `request.output` (then nothing is left to print) or returned to be printed. The output may not
/// be an input of the run.
pub fn import(request: &ImportRequest) -> Result<String, Error> {
    if let Some(out) = &request.output {
        let mut inputs = vec![("the import source", request.source.file())];
        if let Some(u) = &request.options.usage {
            inputs.push(("--usage", u.as_path()));
        }
        refuse_overwrite(&inputs, &[("--output", out)])?;
    }
    let text = scenario_text(&request.source, &request.placement, &request.options)?;
    write_text(text, request.output.as_deref())
}

/// A format-1 scenario holding the imported trails.
fn scenario_text(
    source: &ImportSource,
    placement: &Placement,
    options: &ImportOptions,
) -> Result<String, Error> {
    let mut imported = import_trails(source, options, placement.region.as_deref())?;
    place_regions(&mut imported, source, placement.region.as_deref())?;
    Ok(imported.to_scenario_toml(
        &source.file().display().to_string(),
        placement.account.as_deref(),
    ))
}

/// `usage skeleton`: the usage file imported trails need.
#[derive(Debug, Clone)]
pub struct SkeletonRequest {
    pub source: ImportSource,
    pub placement: Placement,
    pub options: ImportOptions,
    /// Complete this usage file in place, keeping every value already there.
    pub update: Option<PathBuf>,
    /// `--regions`: the regions the accounts use, which multi-region and organization trails
    /// log.
    pub regions: Vec<String>,
}

/// What `usage skeleton` made: the text of a new usage file, or what an update added.
#[derive(Debug)]
pub enum SkeletonOutcome {
    /// A new usage file, to print.
    Text(String),
    /// The file named was completed (and written, when something was missing).
    Updated {
        file: String,
        added: import::skeleton::Added,
    },
}

/// Runs `usage skeleton`.
pub fn skeleton(request: &SkeletonRequest) -> Result<SkeletonOutcome, Error> {
    let mut options = request.options.clone();
    if options.usage.is_none() {
        options.usage.clone_from(&request.update);
    }
    let region = request.placement.region.as_deref();
    let mut imported = import_trails(&request.source, &options, region)?;
    place_regions(&mut imported, &request.source, region)?;
    let shown = request.source.file().display().to_string();
    let place = import::skeleton::Placement {
        account: request.placement.account.clone(),
        region: request.placement.region.clone(),
        regions: request.regions.clone(),
    };
    let Some(path) = &request.update else {
        let (text, _) =
            import::skeleton::skeleton(&imported, &shown, &place, None).map_err(Error::usage)?;
        return Ok(SkeletonOutcome::Text(text));
    };
    let existing = scenario::read_source(path)?;
    let (text, added) = import::skeleton::skeleton(&imported, &shown, &place, Some(&existing.text))
        .map_err(|message| Error::Invalid {
            file: existing.name.clone(),
            location: None,
            message,
            snippet: None,
        })?;
    if text != existing.text {
        crate::output::write_file(path, |out| out.write_all(text.as_bytes()))?;
    }
    Ok(SkeletonOutcome::Updated {
        file: existing.name,
        added,
    })
}

/// Gives trails without a home region `--region`; without it, says how to give one.
fn place_regions(
    imported: &mut Imported,
    source: &ImportSource,
    region: Option<&str>,
) -> Result<(), Error> {
    for trail in &mut imported.trails {
        if trail.home_region().is_some() {
            continue;
        }
        let Some(region) = region else {
            let why = match source {
                ImportSource::Cloudformation(_) => {
                    "a CloudFormation template does not say which region its stack is deployed to"
                }
                _ => "its source does not say which region it lives in",
            };
            return Err(Error::usage(format!(
                "trail {} from {} has no home region: {why}; pass --region REGION \
                 (e.g. --region us-east-1)",
                trail.name(),
                source.file().display()
            )));
        };
        trail.set_home_region(region);
    }
    Ok(())
}

/// An importer's input as text: UTF-8 with or without a byte-order mark, or UTF-16 decoded.
fn read_text(path: &Path) -> Result<(String, String), Error> {
    let name = scenario::display_name(path);
    let bytes = scenario::read_capped(path, "scenario files")?;
    let text = import::decode_text(bytes, &name).map_err(import_error)?;
    Ok((name, text))
}

fn import_error(e: ImportError) -> Error {
    match e {
        ImportError::Syntax {
            file,
            line,
            column,
            message,
        } => Error::Invalid {
            file,
            location: Some(crate::error::Location { line, column }),
            message,
            snippet: None,
        },
        ImportError::Invalid {
            file,
            message,
            place,
            ..
        } => Error::Invalid {
            file,
            location: place.map(|(line, column)| crate::error::Location { line, column }),
            message,
            snippet: None,
        },
    }
}

/// Reads the trails of an infrastructure file, with the command line's variables and parameters
/// over the usage file's `[import]` table.
pub(super) fn import_trails(
    source: &ImportSource,
    options: &ImportOptions,
    region: Option<&str>,
) -> Result<Imported, Error> {
    let settings = match &options.usage {
        Some(path) => scenario::import_settings(path)?,
        None => scenario::ImportSettings::default(),
    };
    match source {
        ImportSource::Terraform(file) => {
            let plan = import::PlanOptions {
                allow_errored: options.allow_errored,
            };
            let hcl = import::HclOptions {
                var_files: options.var_files.clone(),
                vars: options.vars.clone(),
                env_vars: options.env_vars.clone(),
                values: settings.values,
            };
            import::terraform_source(file, &plan, &hcl).map_err(import_error)
        }
        ImportSource::Cloudformation(file) => {
            let (name, text) = read_text(file)?;
            let mut parameters = settings.parameters;
            for (k, v) in &options.parameters {
                parameters.insert(k.clone(), v.clone());
            }
            let cfn = import::CloudFormationOptions {
                parameters,
                values: settings.values,
                region: region.map(str::to_owned),
            };
            import::cloudformation_with(&text, &name, &cfn).map_err(import_error)
        }
        ImportSource::AwsCli {
            file,
            event_selectors,
            insight_selectors,
        } => {
            let (name, text) = read_text(file)?;
            let read_all = |files: &[PathBuf]| {
                files
                    .iter()
                    .map(|f| read_text(f))
                    .collect::<Result<Vec<_>, _>>()
            };
            import::aws_cli(
                &text,
                &name,
                &read_all(event_selectors)?,
                &read_all(insight_selectors)?,
            )
            .map_err(import_error)
        }
    }
}
