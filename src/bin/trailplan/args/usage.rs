//! The arguments of `usage skeleton`, `usage bill`, `usage metrics` and `usage metrics-queries`
//! (the log readers' are in `usage.rs`).

use super::{IacArgs, Placement, month_arg};
use clap::Subcommand;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// What the usage commands write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum UsageFormat {
    Toml,
    Json,
}

#[derive(Debug, Subcommand)]
pub(crate) enum UsageCommand {
    #[command(flatten)]
    Records(crate::usage::UsageCommand),
    /// Write the usage file imported trails need: their accounts and regions, and a zero
    /// [[volume]] for every stream they select.
    Skeleton {
        /// Terraform: a module folder, a .tf file, or a plan's JSON.
        #[arg(
            long,
            value_name = "PATH",
            conflicts_with = "cloudformation",
            required_unless_present = "cloudformation"
        )]
        terraform: Option<PathBuf>,
        /// A CloudFormation template (JSON or YAML).
        #[arg(long, value_name = "TEMPLATE")]
        cloudformation: Option<PathBuf>,
        /// A usage file whose [import] values and parameters the import uses.
        #[arg(long, value_name = "USAGE_TOML", conflicts_with = "update")]
        usage: Option<PathBuf>,
        /// Add what is missing to this usage file, keeping every value already there.
        #[arg(long, value_name = "FILE")]
        update: Option<PathBuf>,
        #[command(flatten)]
        placement: Placement,
        #[command(flatten)]
        iac: IacArgs,
        /// The regions the accounts use, for multi-region and organization trails (comma-separated
        /// or repeated).
        #[arg(long, value_name = "REGION", value_delimiter = ',')]
        regions: Vec<String>,
    },
    /// Management volumes per account and region from a Cost and Usage Report (CSV, gzip CSV or
    /// Parquet; CUR 2.0 or legacy).
    Bill {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The month to read, YYYY-MM (default: the latest whole month in the files).
        #[arg(long, value_name = "YYYY-MM", value_parser = month_arg)]
        month: Option<trailplan::usage::bill::Month>,
        /// The share of management events that are writes, a decimal from 0 to 1.
        #[arg(long, value_name = "SHARE", value_parser = share_arg, default_value = "0.10")]
        write_share: Decimal,
        #[arg(long, value_enum, default_value_t = UsageFormat::Toml)]
        format: UsageFormat,
    },
    /// Data volumes from `aws cloudwatch get-metric-data` output, joined on Id with its queries.
    Metrics {
        /// The MetricDataQueries file (`trailplan usage metrics-queries` output).
        queries: PathBuf,
        /// The `aws cloudwatch get-metric-data --output json` output.
        result: PathBuf,
        /// The buckets' region (S3 metrics name none; functions take theirs from the ARN).
        #[arg(long)]
        region: Option<String>,
        /// The buckets' account: a name, or a 12-digit id (default: `default`).
        #[arg(long)]
        account: Option<String>,
        /// Days the data points cover (default: UTC days from the first to the last timestamp).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3660))]
        days: Option<u32>,
        #[arg(long, value_enum, default_value_t = UsageFormat::Toml)]
        format: UsageFormat,
    },
    /// The MetricDataQueries JSON for S3 request metrics and Lambda Invocations.
    MetricsQueries {
        /// A bucket with a request-metrics filter (repeatable).
        #[arg(long = "bucket", value_name = "BUCKET")]
        buckets: Vec<String>,
        /// A Lambda function ARN (repeatable).
        #[arg(long = "function", value_name = "ARN")]
        functions: Vec<String>,
        /// The id of the buckets' request-metrics filter.
        #[arg(long, default_value = "EntireBucket")]
        filter_id: String,
    },
}

pub(crate) fn share_arg(text: &str) -> Result<Decimal, String> {
    let v = trailplan::money::parse_decimal(text)?;
    if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE {
        return Err(format!("`{text}` is not a share from 0 to 1"));
    }
    Ok(v)
}
