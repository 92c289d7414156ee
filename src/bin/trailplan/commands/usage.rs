//! `trailplan usage ...`: usage files, and event volumes from evidence.

use super::{Outcome, usage_error};
use crate::args::{UsageCommand, UsageFormat};
use std::path::PathBuf;
use trailplan::app;
use trailplan::error::Error;

/// Runs a `usage` command; its text goes to `output` (whole or not at all) when one is given.
pub(crate) fn run(command: UsageCommand, output: Option<PathBuf>) -> Outcome {
    let text = text(command)?;
    let text = app::write_text(text, output.as_deref()).map_err(|e| vec![e])?;
    Ok((text.into(), 0))
}

/// The text a `usage` command makes.
fn text(command: UsageCommand) -> Result<String, Vec<Error>> {
    Ok(match command {
        UsageCommand::Records(command) => crate::usage::run(command)?,
        UsageCommand::Skeleton {
            terraform,
            cloudformation,
            usage,
            update,
            placement,
            regions,
            iac,
        } => {
            let source = match (terraform, cloudformation) {
                (Some(file), _) => app::ImportSource::Terraform(file),
                (None, Some(file)) => app::ImportSource::Cloudformation(file),
                (None, None) => {
                    return Err(vec![usage_error(
                        "usage skeleton reads --terraform PATH or --cloudformation TEMPLATE",
                    )]);
                }
            };
            let request = app::SkeletonRequest {
                source,
                placement: placement.request(),
                options: iac.request(usage.as_ref()),
                update,
                regions,
            };
            skeleton(&request)?
        }
        UsageCommand::Bill {
            files,
            month,
            write_share,
            format,
        } => {
            let (w, header) = app::usage_bill(&files, month, write_share).map_err(|e| vec![e])?;
            written(&w, &header, format).map_err(|e| vec![e])?
        }
        UsageCommand::Metrics {
            queries,
            result,
            region,
            account,
            days,
            format,
        } => {
            let placement = trailplan::usage::metrics::Placement {
                account,
                region,
                days,
            };
            let read = app::usage_metrics(&queries, &result, &placement).map_err(|e| vec![e])?;
            written(&read.written, &read.header, format).map_err(|e| vec![e])?
        }
        UsageCommand::MetricsQueries {
            buckets,
            functions,
            filter_id,
        } => trailplan::usage::metrics::queries(&buckets, &functions, &filter_id)
            .map_err(|e| vec![usage_error(e)])?,
    })
}

/// `usage skeleton`: a new usage file, or what an update added.
fn skeleton(request: &app::SkeletonRequest) -> Result<String, Vec<Error>> {
    Ok(match app::skeleton(request).map_err(|e| vec![e])? {
        app::SkeletonOutcome::Text(text) => text,
        app::SkeletonOutcome::Updated { file, added } => {
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            format!(
                "{file}: {} region{}, {} account{}, {} volume{} added; every value already there is kept\n",
                added.regions.len(),
                plural(added.regions.len()),
                added.accounts.len(),
                plural(added.accounts.len()),
                added.volumes,
                plural(added.volumes),
            )
        }
    })
}

/// Volumes read from evidence, as a scenario's TOML or as JSON.
fn written(
    written: &trailplan::usage::written::Written,
    header: &[String],
    format: UsageFormat,
) -> Result<String, Error> {
    match format {
        UsageFormat::Toml => written
            .to_toml(header)
            .map_err(|e| usage_error(format!("the scenario cannot be written as TOML: {e}"))),
        UsageFormat::Json => {
            #[derive(serde::Serialize)]
            struct J<'a> {
                notes: &'a [String],
                scenario: &'a trailplan::usage::written::Written,
            }
            let mut text = serde_json::to_string_pretty(&J {
                notes: header,
                scenario: written,
            })
            .unwrap_or_default();
            text.push('\n');
            Ok(text)
        }
    }
}
