//! `trailplan usage ...`: arguments, the progress bar on a terminal, and the output text. The work
//! is in the library's `usage` module.

use clap::{Args, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use trailplan::error::Error;
use trailplan::usage::{self, Options};

#[derive(Debug, Subcommand)]
pub(crate) enum UsageCommand {
    /// Volumes from CloudTrail log files (.json.gz or .json; folders are walked).
    Logs {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        reading: Reading,
        /// Count an eventID once (memory then grows with the number of distinct events).
        #[arg(long)]
        dedupe: bool,
        /// Count and leave out files that are not CloudTrail logs instead of stopping (exit 3).
        #[arg(long)]
        skip_bad: bool,
    },
    /// Volumes from the pages of `aws cloudtrail lookup-events --output json`.
    LookupEvents {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        reading: Reading,
        /// Count an EventId once (pages fetched twice overlap).
        #[arg(long)]
        dedupe: bool,
        /// Count and leave out files that are not event-history pages instead of stopping.
        #[arg(long)]
        skip_bad: bool,
    },
    /// Print the same aggregation as one query for Athena, CloudTrail Lake, DuckDB, Spark.
    Sql {
        #[arg(long, value_enum)]
        engine: Engine,
        /// Athena, spark: the table (default cloudtrail_logs); lake: the event data store ID
        /// (required); duckdb: the folder of log files (default .).
        #[arg(long, value_name = "NAME")]
        table: Option<String>,
        #[command(flatten)]
        scope: SqlScope,
    },
    /// Volumes from that query's result (CSV with its header).
    Csv {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        reading: Reading,
    },
}

/// What `usage sql` bounds and prints besides the query.
#[derive(Debug, Args)]
pub(crate) struct SqlScope {
    /// The first UTC day to count (YYYY-MM-DD): the query reads only the days' folders (a day of
    /// margin each side) and counts the exact eventTime window.
    #[arg(long, value_name = "DATE", requires = "to")]
    from: Option<String>,
    /// The last UTC day to count (YYYY-MM-DD), included.
    #[arg(long, value_name = "DATE", requires = "from")]
    to: Option<String>,
    /// The size of one day's log objects, for Athena's cost of the scan in the header.
    #[arg(long, value_name = "BYTES")]
    bytes_per_day: Option<u64>,
    /// The Athena/Spark table has the `managementevent BOOLEAN` column (not in AWS's DDL).
    #[arg(long)]
    management_event: bool,
    /// Print the Athena table's DDL (AWS's, with partition projection) instead of the query.
    #[arg(long)]
    ddl: bool,
    /// With --ddl: the organization trail's ID; the table projects account, region and day.
    #[arg(long, value_name = "ID", requires = "ddl")]
    org_id: Option<String>,
    /// With --ddl: the trail's S3 bucket.
    #[arg(long, value_name = "BUCKET", requires = "ddl")]
    bucket: Option<String>,
    /// With --ddl: the accounts (comma-separated).
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "ddl")]
    accounts: Vec<String>,
    /// With --ddl: the regions (comma-separated; an organization's default: every commercial one).
    #[arg(long, value_name = "REGIONS", value_delimiter = ',', requires = "ddl")]
    regions: Vec<String>,
}

/// Options every reading command takes.
#[derive(Debug, Args)]
pub(crate) struct Reading {
    /// Give every management event source a volume of its own (else only global services).
    #[arg(long)]
    by_source: bool,
    /// Scale to a month with this many days instead of the days the records span.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=36_500))]
    days: Option<u32>,
    #[arg(long, value_enum, default_value_t = UsageFormat::Toml)]
    format: UsageFormat,
}

/// The engines `usage sql` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Engine {
    /// Amazon Athena, over the CloudTrail table of AWS's documentation.
    Athena,
    /// AWS CloudTrail Lake, over an event data store.
    Lake,
    /// DuckDB, over local log files.
    Duckdb,
    /// Apache Spark SQL (Glue, EMR, Databricks), over the same table as Athena's.
    Spark,
}

impl From<Engine> for usage::sql::Engine {
    fn from(e: Engine) -> Self {
        match e {
            Engine::Athena => usage::sql::Engine::Athena,
            Engine::Lake => usage::sql::Engine::Lake,
            Engine::Duckdb => usage::sql::Engine::Duckdb,
            Engine::Spark => usage::sql::Engine::Spark,
        }
    }
}

/// `usage sql`: the query, bounded, or with `--ddl` the Athena table it reads.
fn sql(engine: usage::sql::Engine, table: &str, scope: SqlScope) -> Result<String, String> {
    if scope.ddl {
        if !matches!(
            engine,
            usage::sql::Engine::Athena | usage::sql::Engine::Spark
        ) {
            return Err("--ddl prints the Athena table (also Spark's, in the Glue Data Catalog): use --engine athena".into());
        }
        usage::sql::query(engine, table)?;
        return usage::ddl::ddl(&usage::ddl::Table {
            name: table.to_string(),
            bucket: scope.bucket,
            org_id: scope.org_id,
            accounts: scope.accounts,
            regions: scope.regions,
            first_day: None,
            management_event: scope.management_event,
        });
    }
    let window = match (&scope.from, &scope.to) {
        (Some(from), Some(to)) => Some(usage::sql::Window::parse(from, to)?),
        _ => None,
    };
    let bounds = usage::sql::Bounds {
        window,
        bytes_per_day: scope.bytes_per_day,
        management_event: scope.management_event,
    };
    usage::sql::query_with(engine, table, &bounds)
}

fn usage_error(message: impl Into<String>) -> Error {
    Error::Usage {
        message: message.into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum UsageFormat {
    /// The scenario tables, with header comments.
    Toml,
    /// The volumes and the reading statistics.
    Json,
}

/// Runs a `usage` command: the text for standard output, or the errors that stopped it.
pub(crate) fn run(command: UsageCommand) -> Result<String, Vec<Error>> {
    let (usage, format) = match command {
        UsageCommand::Sql {
            engine,
            table,
            scope,
        } => {
            let engine = usage::sql::Engine::from(engine);
            let table = match table.as_deref().or(usage::sql::default_table(engine)) {
                Some(t) => t.to_string(),
                None => {
                    return Err(vec![usage_error(
                        "`--engine lake` needs `--table EVENT_DATA_STORE_ID`",
                    )]);
                }
            };
            return sql(engine, &table, scope).map_err(|e| vec![usage_error(e)]);
        }
        UsageCommand::Logs {
            paths,
            reading,
            dedupe,
            skip_bad,
        } => {
            let options = options(&reading, dedupe, skip_bad);
            let progress = usage::logs::Progress::default();
            let done = AtomicBool::new(false);
            let result = std::thread::scope(|scope| {
                if std::io::stderr().is_terminal() {
                    scope.spawn(|| progress_bar(&progress, &done));
                }
                let result = usage::logs::read(&paths, options, &progress);
                done.store(true, Ordering::Relaxed);
                result
            });
            (result?, reading.format)
        }
        UsageCommand::LookupEvents {
            files,
            reading,
            dedupe,
            skip_bad,
        } => (
            usage::lookup::read(&files, options(&reading, dedupe, skip_bad))?,
            reading.format,
        ),
        UsageCommand::Csv { files, reading } => (
            usage::csv::read(&files, options(&reading, false, false))?,
            reading.format,
        ),
    };
    match format {
        UsageFormat::Json => Ok(usage::render::json(&usage)),
        UsageFormat::Toml => usage::render::toml(&usage).map_err(|message| {
            vec![Error::Invalid {
                file: usage.inputs.join(" "),
                location: None,
                message,
                snippet: None,
            }]
        }),
    }
}

fn options(reading: &Reading, dedupe: bool, skip_bad: bool) -> Options {
    Options {
        by_source: reading.by_source,
        days: reading.days,
        dedupe,
        skip_bad,
    }
}

/// Bytes read of the bytes to read, on stderr, until `done`.
fn progress_bar(progress: &usage::logs::Progress, done: &AtomicBool) {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} reading logs {bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    while !done.load(Ordering::Relaxed) {
        if progress.started.load(Ordering::Relaxed) {
            bar.set_length(progress.total_bytes.load(Ordering::Relaxed));
            bar.set_position(progress.done_bytes.load(Ordering::Relaxed));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
