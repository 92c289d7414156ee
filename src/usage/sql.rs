//! `usage sql`: the aggregation of `usage logs` as one query, for organizations whose logs are
//! terabytes in S3. One template, filled with each engine's names; the logic never differs.
//!
//! - Amazon Athena, over the CloudTrail table of AWS's documentation ("Creating the table for
//!   CloudTrail logs in Athena using partition projection"), as published: for one account and
//!   region, or for an organization trail with `account` and `region` projected too
//!   ([`crate::usage::ddl`] prints both):
//!   <https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html>
//! - CloudTrail Lake, over an event data store (its ID is the table name), with Lake's columns:
//!   <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-supported-event-schemas.html>
//! - DuckDB, over local log files (`read_json` of the `CloudTrail/` folders, digests left out).
//! - Apache Spark SQL (AWS Glue, Amazon EMR, Databricks), over the same table as Athena's
//!   (the Glue Data Catalog's), with Spark's quoting and types, safe under ANSI mode.
//!
//! The result has the columns `account, region, category, direction, event_source,
//! resource_type, resource_arn, events, first_time, last_time`, grouped a little finer than the
//! volumes (every source is kept); [`crate::usage::csv`] folds it into the streams exactly as
//! [`crate::usage::logs`] does. `category` is `Insight` for Insights events and otherwise
//! `eventCategory`, or `managementEvent` where records predate `eventCategory`; `direction` is
//! `read`, `write`, or `unknown` where `readOnly` is absent (counted as writes).
//!
//! AWS's Athena DDL has no `managementevent` column: on that table the query takes it as absent,
//! so a record with neither `eventCategory` nor `managementEvent` is a management event, as in
//! `usage logs`, and so is a data event written before CloudTrail added `eventCategory` (those
//! carry `managementEvent: false`, which the table cannot see). `--management-event` reads the
//! column where a table has it added.
//!
//! `--from`/`--to` bound the scan: the partition predicate (Athena's and Spark's `timestamp`, the
//! day folder of DuckDB's file names) with a day of margin on each side, since CloudTrail delivers
//! a file up to about 15 minutes after its events and a file of 23:59's events lands in the next
//! day's folder; and the exact `eventTime` window, which decides what is counted.

use rust_decimal::Decimal;

/// The engines `usage sql` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Athena,
    Lake,
    Duckdb,
    Spark,
}

/// Amazon Athena's price of a query, per TB of data scanned (SQL queries, all commercial
/// regions), from the Amazon Athena pricing page, <https://aws.amazon.com/athena/pricing/>, as of
/// 2026-12-07. Belongs in the price book next to CloudTrail's prices.
pub const ATHENA_USD_PER_TB_SCANNED: Decimal = Decimal::from_parts(500, 0, 0, false, 2);

/// Days of margin on each side of `--from`/`--to` in the partition predicate, for late files.
pub const MARGIN_DAYS: i64 = 1;

/// The default `--table`: the table name of AWS's Athena DDL (Spark reads the same table), and
/// the folder DuckDB reads.
pub fn default_table(engine: Engine) -> Option<&'static str> {
    match engine {
        Engine::Athena | Engine::Spark => Some("cloudtrail_logs"),
        Engine::Lake => None,
        Engine::Duckdb => Some("."),
    }
}

/// The UTC days a query reads: `from` and `to` both included, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: i64,
    pub to: i64,
}

impl Window {
    /// `--from`/`--to` as `YYYY-MM-DD`; `to` not before `from`.
    pub fn parse(from: &str, to: &str) -> Result<Window, String> {
        let day = |flag: &str, text: &str| {
            parse_day(text).ok_or_else(|| format!("{flag} `{text}` is not a date (YYYY-MM-DD)"))
        };
        let window = Window {
            from: day("--from", from)?,
            to: day("--to", to)?,
        };
        if window.to < window.from {
            return Err(format!("--to {to} is before --from {from}"));
        }
        Ok(window)
    }

    /// The days of the `eventTime` window.
    pub fn days(&self) -> i64 {
        self.to - self.from + 1
    }

    /// The day folders the partition predicate reads: the window and the margin.
    pub fn scanned_days(&self) -> i64 {
        self.days() + 2 * MARGIN_DAYS
    }
}

/// `YYYY-MM-DD` as days since 1970-01-01, for a day that exists.
fn parse_day(text: &str) -> Option<i64> {
    crate::date::Date::parse(text).map(crate::date::Date::epoch_day)
}

/// A day as `YYYY` `sep` `MM` `sep` `DD`.
fn day_text(days: i64, sep: char) -> String {
    let (y, m, d) = super::time::civil_from_days(days);
    format!("{y:04}{sep}{m:02}{sep}{d:02}")
}

/// What `usage sql` was asked for, beyond the engine and the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bounds {
    /// `--from`/`--to`; `None` scans everything.
    pub window: Option<Window>,
    /// `--bytes-per-day`: the size of one day's log objects, for Athena's cost of the scan.
    pub bytes_per_day: Option<u64>,
    /// `--management-event`: the Athena/Spark table has the `managementevent BOOLEAN` column.
    pub management_event: bool,
}

/// How one engine names a record's fields and its table.
struct Names {
    engine: &'static str,
    source: String,
    recipient_account: &'static str,
    identity_account: &'static str,
    region: &'static str,
    event_type: &'static str,
    event_category: &'static str,
    management_event: &'static str,
    read_only: &'static str,
    event_source: &'static str,
    first_resource: &'static str,
    event_time: &'static str,
    /// The resource's `type` field, quoted as the engine quotes a keyword.
    kind: &'static str,
    /// The engine's name of the string type in `CAST`.
    string: &'static str,
}

/// DuckDB's view of the log files: the fields the query needs, typed, from every
/// `.json.gz`/`.json` file under the folder, digest files left out.
fn duckdb_source(folder: &str) -> String {
    let trimmed = folder.trim_end_matches('/');
    let folder = if trimmed.is_empty() { "/" } else { trimmed }.replace('\'', "''");
    format!(
        "(\n      SELECT unnest(Records) AS r, filename\n      FROM read_json(\n        '{folder}/**/*.json*',\n        \
         format = 'auto', filename = true, maximum_object_size = 1073741824,\n        \
         columns = {{Records: 'STRUCT(eventTime VARCHAR, eventSource VARCHAR, awsRegion VARCHAR, \
         eventType VARCHAR, eventCategory VARCHAR, managementEvent BOOLEAN, readOnly BOOLEAN, \
         recipientAccountId VARCHAR, userIdentity STRUCT(accountId VARCHAR), \
         resources STRUCT(ARN VARCHAR, \"type\" VARCHAR)[])[]'}}\n      )\n      \
         WHERE filename NOT LIKE '%/CloudTrail-Digest/%'\n    ) AS logs"
    )
}

/// A table name as the engine takes it unquoted: Athena's and Spark's `db.table` (letters,
/// digits, underscores), Lake's event data store ID (a UUID, or the ID at the end of its ARN).
fn table_name(engine: Engine, text: &str) -> Result<String, String> {
    let ok = |extra: u8| {
        !text.is_empty()
            && text.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == extra)
            })
    };
    match engine {
        Engine::Athena | Engine::Spark if ok(b'_') => Ok(text.to_string()),
        Engine::Athena | Engine::Spark => Err(format!(
            "--table `{text}` is not an Athena table name (letters, digits and underscores, as `database.table`)"
        )),
        Engine::Lake if ok(b'-') && !text.contains('.') => Ok(text.to_string()),
        Engine::Lake => Err(format!(
            "--table `{text}` is not an event data store ID (letters, digits and hyphens)"
        )),
        Engine::Duckdb => Ok(duckdb_source(text)),
    }
}

/// Athena's names: AWS's DDL, all lower case.
const ATHENA: Names = Names {
    engine: "Amazon Athena",
    source: String::new(),
    recipient_account: "recipientaccountid",
    identity_account: "useridentity.accountid",
    region: "awsregion",
    event_type: "eventtype",
    event_category: "eventcategory",
    management_event: "managementevent",
    read_only: "readonly",
    event_source: "eventsource",
    first_resource: "element_at(resources, 1)",
    event_time: "eventtime",
    kind: "\"type\"",
    string: "VARCHAR",
};

fn names(engine: Engine, table: &str, bounds: &Bounds) -> Result<Names, String> {
    let source = table_name(engine, table)?;
    // AWS's DDL has no `managementevent`: absent on every record, unless the table adds it.
    let no_column = "CAST(NULL AS BOOLEAN)";
    let management_event = |name| {
        if bounds.management_event {
            name
        } else {
            no_column
        }
    };
    Ok(match engine {
        Engine::Athena => Names {
            source,
            management_event: management_event("managementevent"),
            ..ATHENA
        },
        Engine::Spark => Names {
            engine: "Apache Spark SQL",
            source,
            management_event: management_event("managementevent"),
            // `try_element_at` is NULL past the end of `resources: []` under ANSI mode too.
            first_resource: "try_element_at(resources, 1)",
            kind: "`type`",
            string: "STRING",
            ..ATHENA
        },
        Engine::Lake => Names {
            engine: "AWS CloudTrail Lake",
            source,
            recipient_account: "recipientAccountId",
            identity_account: "userIdentity.accountId",
            region: "awsRegion",
            event_type: "eventType",
            event_category: "eventCategory",
            management_event: "managementEvent",
            read_only: "readOnly",
            event_source: "eventSource",
            first_resource: "element_at(resources, 1)",
            event_time: "eventTime",
            ..ATHENA
        },
        Engine::Duckdb => Names {
            engine: "DuckDB",
            source,
            recipient_account: "r.recipientAccountId",
            identity_account: "r.userIdentity.accountId",
            region: "r.awsRegion",
            event_type: "r.eventType",
            event_category: "r.eventCategory",
            management_event: "r.managementEvent",
            read_only: "r.readOnly",
            event_source: "r.eventSource",
            first_resource: "r.resources[1]",
            event_time: "r.eventTime",
            ..ATHENA
        },
    })
}

/// The one query; `{name}` placeholders take each engine's names.
const TEMPLATE: &str = r"-- Event volumes per stream as `trailplan usage logs` counts them, for {engine}.
{header}-- Save the result as CSV with its header, then: trailplan usage csv RESULT.csv
SELECT account, region, category, direction, event_source, resource_type, resource_arn,
       count(*) AS events, min(event_time) AS first_time, max(event_time) AS last_time
FROM (
  SELECT account, region, category, direction, event_source, event_time,
         CASE WHEN category = 'Data' THEN first_type END AS resource_type,
         CASE WHEN category = 'Data' THEN
           CASE first_type
             WHEN 'AWS::S3::Object'
               THEN nullif(regexp_extract(first_arn, '^arn:[^:]+:s3:::[^/]+', 0), '') || '/'
             WHEN 'AWS::Lambda::Function'
               THEN nullif(regexp_extract(first_arn, '^arn:[^:]+:lambda:[^:]+:[^:]+:function:[^:]+', 0), '')
             WHEN 'AWS::DynamoDB::Table'
               THEN nullif(regexp_extract(first_arn, '^arn:[^:]+:dynamodb:[^:]+:[^:]+:table/[^/]+', 0), '')
           END
         END AS resource_arn
  FROM (
    SELECT coalesce({recipient_account}, {identity_account}) AS account,
           {region} AS region,
           CASE WHEN {event_type} = 'AwsCloudTrailInsight' THEN 'Insight'
                WHEN {event_category} IS NOT NULL THEN {event_category}
                WHEN {management_event} = false THEN 'Data'
                ELSE 'Management' END AS category,
           CASE CAST({read_only} AS {string}) WHEN 'true' THEN 'read' WHEN 'false' THEN 'write'
                ELSE 'unknown' END AS direction,
           {event_source} AS event_source,
           {first_resource}.{kind} AS first_type,
           {first_resource}.arn AS first_arn,
           {event_time} AS event_time
    FROM {source}{where}
  ) AS records
) AS streams
GROUP BY account, region, category, direction, event_source, resource_type, resource_arn
ORDER BY account, region, category, direction, event_source, resource_type, resource_arn;
";

impl Names {
    /// Each placeholder of [`TEMPLATE`] and this engine's name for it.
    fn pairs(&self) -> [(&'static str, &str); 14] {
        [
            ("{engine}", self.engine),
            ("{recipient_account}", self.recipient_account),
            ("{identity_account}", self.identity_account),
            ("{region}", self.region),
            ("{event_type}", self.event_type),
            ("{event_category}", self.event_category),
            ("{management_event}", self.management_event),
            ("{read_only}", self.read_only),
            ("{event_source}", self.event_source),
            ("{first_resource}", self.first_resource),
            ("{event_time}", self.event_time),
            ("{kind}", self.kind),
            ("{string}", self.string),
            ("{source}", &self.source),
        ]
    }
}

/// The `WHERE` clause of `--from`/`--to`: the partition predicate (a day of margin on each
/// side) and the exact `eventTime` window; empty without a window.
fn where_clause(engine: Engine, window: Option<Window>) -> String {
    let Some(w) = window else {
        return String::new();
    };
    let (first, last) = (w.from - MARGIN_DAYS, w.to + MARGIN_DAYS);
    let folders = |column: &str| {
        format!(
            "{column} BETWEEN '{}' AND '{}'",
            day_text(first, '/'),
            day_text(last, '/')
        )
    };
    let iso = |day: i64| format!("{}T00:00:00Z", day_text(day, '-'));
    let (partition, time) = match engine {
        Engine::Athena => (
            Some(folders("\"timestamp\"")),
            format!(
                "eventtime >= '{}' AND eventtime < '{}'",
                iso(w.from),
                iso(w.to + 1)
            ),
        ),
        Engine::Spark => (
            Some(folders("`timestamp`")),
            format!(
                "eventtime >= '{}' AND eventtime < '{}'",
                iso(w.from),
                iso(w.to + 1)
            ),
        ),
        Engine::Duckdb => (
            Some(folders(
                "regexp_extract(filename, '/CloudTrail/[^/]+/([0-9]{4}/[0-9]{2}/[0-9]{2})/', 1)",
            )),
            format!(
                "r.eventTime >= '{}' AND r.eventTime < '{}'",
                iso(w.from),
                iso(w.to + 1)
            ),
        ),
        // Lake has no partitions: the `eventTime` range is what bounds its scan.
        Engine::Lake => (
            None,
            format!(
                "eventTime >= '{} 00:00:00' AND eventTime < '{} 00:00:00'",
                day_text(w.from, '-'),
                day_text(w.to + 1, '-')
            ),
        ),
    };
    match partition {
        Some(p) => format!("\n    WHERE {p}\n      AND {time}"),
        None => format!("\n    WHERE {time}"),
    }
}

/// The header comments: the window and what the scan reads, and for Athena its cost.
fn header(engine: Engine, bounds: &Bounds) -> String {
    let mut lines = Vec::new();
    match bounds.window {
        Some(w) => {
            lines.push(format!(
                "-- Window: eventTime from {} to {} (UTC, both days included: {} days).",
                day_text(w.from, '-'),
                day_text(w.to, '-'),
                w.days()
            ));
            match engine {
                Engine::Lake => lines.push(
                    "-- Scan: the event data store's events in that window (Lake bills the data it scans)."
                        .into(),
                ),
                _ => lines.push(format!(
                    "-- Scan: the day folders {} to {} ({} days: a day of margin on each side for late files).",
                    day_text(w.from - MARGIN_DAYS, '/'),
                    day_text(w.to + MARGIN_DAYS, '/'),
                    w.scanned_days()
                )),
            }
        }
        None => lines.push(match engine {
            Engine::Lake => "-- Scan: everything. No --from/--to: this query scans every event the data store retains.".into(),
            _ => "-- Scan: everything. No --from/--to: this query reads every file of every day the table holds.".into(),
        }),
    }
    if engine == Engine::Athena {
        lines.push(athena_cost(bounds));
    }
    if matches!(engine, Engine::Athena | Engine::Spark) && !bounds.management_event {
        lines.push(
            "-- Table: AWS's DDL as published (no managementevent column: records without eventCategory count as management)."
                .into(),
        );
    }
    lines.iter().fold(String::new(), |mut out, line| {
        out.push_str(line);
        out.push('\n');
        out
    })
}

/// Athena's cost of the scan: bytes × the price per TB (1 TB = 10^12 bytes).
fn athena_cost(bounds: &Bounds) -> String {
    let price = format!(
        "${ATHENA_USD_PER_TB_SCANNED} per TB scanned, 1 TB = 10^12 bytes (Amazon Athena pricing, https://aws.amazon.com/athena/pricing/, 2026-12-07)"
    );
    match (bounds.window, bounds.bytes_per_day) {
        (Some(w), Some(per_day)) => {
            let bytes = Decimal::from(per_day) * Decimal::from(w.scanned_days());
            let cost = (bytes * ATHENA_USD_PER_TB_SCANNED / Decimal::from(1_000_000_000_000u64))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero);
            format!(
                "-- Athena cost of the scan: about ${cost:.2}: {} days x {per_day} bytes = {bytes} bytes, at {price}.",
                w.scanned_days()
            )
        }
        (Some(w), None) => format!(
            "-- Athena cost of the scan: unknown (give --bytes-per-day, the size of one day's log objects; {} days are read) at {price}.",
            w.scanned_days()
        ),
        (None, _) => format!("-- Athena cost of the scan: every byte the table holds, at {price}."),
    }
}

/// The query for `engine` over `table` (Athena, Spark: the table; Lake: the event data store
/// ID; DuckDB: the folder of log files), unbounded.
pub fn query(engine: Engine, table: &str) -> Result<String, String> {
    query_with(engine, table, &Bounds::default())
}

/// The query for `engine` over `table`, bounded as `bounds` says.
pub fn query_with(engine: Engine, table: &str, bounds: &Bounds) -> Result<String, String> {
    let n = names(engine, table, bounds)?;
    let mut text = TEMPLATE.to_string();
    for (placeholder, name) in n.pairs() {
        text = text.replace(placeholder, name);
    }
    text = text.replace("{where}", &where_clause(engine, bounds.window));
    Ok(text.replace("{header}", &header(engine, bounds)))
}

/// The columns of the result, in order.
pub(crate) const COLUMNS: [&str; 10] = [
    "account",
    "region",
    "category",
    "direction",
    "event_source",
    "resource_type",
    "resource_arn",
    "events",
    "first_time",
    "last_time",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The engines' queries differ only in names: every placeholder is filled, and with each
    /// engine's names put back into placeholders the texts are the template again.
    #[test]
    fn queries_differ_only_in_names() {
        for (engine, table) in [
            (Engine::Athena, "cloudtrail_logs"),
            (Engine::Spark, "cloudtrail_logs"),
            (Engine::Lake, "EXAMPLE-eds-id"),
            (Engine::Duckdb, "logs"),
        ] {
            for management_event in [false, true] {
                let bounds = Bounds {
                    management_event,
                    ..Bounds::default()
                };
                let n = names(engine, table, &bounds).unwrap_or_else(|e| panic!("{e}"));
                let text = query_with(engine, table, &bounds).unwrap_or_else(|e| panic!("{e}"));
                assert!(!text.contains('{') || engine == Engine::Duckdb, "{text}");
                let mut back = text.replacen(&header(engine, &bounds), "{header}", 1);
                // Longest names first, so that `eventsource` is not taken for part of another.
                let mut pairs = n.pairs().to_vec();
                pairs.sort_by_key(|(_, name)| std::cmp::Reverse(name.len()));
                for (placeholder, name) in pairs {
                    back = back.replace(name, placeholder);
                }
                assert_eq!(
                    back,
                    TEMPLATE.replace("{where}", ""),
                    "{engine:?} {management_event}"
                );
            }
        }
    }

    #[test]
    fn a_window_bounds_the_partitions_with_a_day_of_margin_and_the_time_exactly() {
        let window =
            Some(Window::parse("2026-11-01", "2026-11-07").unwrap_or_else(|e| panic!("{e}")));
        let bounds = Bounds {
            window,
            bytes_per_day: Some(2_000_000_000_000),
            management_event: false,
        };
        let athena = query_with(Engine::Athena, "t", &bounds).unwrap_or_else(|e| panic!("{e}"));
        assert!(athena.contains(
            "    WHERE \"timestamp\" BETWEEN '2026/10/31' AND '2026/11/08'\n      AND eventtime >= '2026-11-01T00:00:00Z' AND eventtime < '2026-11-08T00:00:00Z'\n"
        ), "{athena}");
        // 9 days × 2 TB × $5.00.
        assert!(
            athena.contains("about $90.00: 9 days x 2000000000000 bytes"),
            "{athena}"
        );
        let spark = query_with(Engine::Spark, "t", &bounds).unwrap_or_else(|e| panic!("{e}"));
        assert!(spark.contains("WHERE `timestamp` BETWEEN '2026/10/31' AND '2026/11/08'"));
        assert!(spark.contains("try_element_at(resources, 1).`type`"));
        assert!(spark.contains("CAST(readonly AS STRING)"));
        let lake = query_with(Engine::Lake, "eds", &bounds).unwrap_or_else(|e| panic!("{e}"));
        assert!(lake.contains(
            "    WHERE eventTime >= '2026-11-01 00:00:00' AND eventTime < '2026-11-08 00:00:00'\n"
        ));
        let duck = query_with(Engine::Duckdb, "logs", &bounds).unwrap_or_else(|e| panic!("{e}"));
        assert!(duck.contains("BETWEEN '2026/10/31' AND '2026/11/08'"));
        let open = query(Engine::Athena, "t").unwrap_or_else(|e| panic!("{e}"));
        assert!(open.contains("-- Scan: everything."));
        assert!(!open.contains("WHERE"));
        assert!(Window::parse("2026-11-08", "2026-11-07").is_err());
        assert!(Window::parse("2026-02-30", "2026-03-01").is_err());
    }

    #[test]
    fn table_names_are_checked() {
        let athena = |t| table_name(Engine::Athena, t);
        let lake = |t| table_name(Engine::Lake, t);
        assert_eq!(athena("cloudtrail_logs"), Ok("cloudtrail_logs".into()));
        assert_eq!(
            athena("db.cloudtrail_logs"),
            Ok("db.cloudtrail_logs".into())
        );
        assert!(athena("x; DROP TABLE y").is_err());
        assert!(athena("a-b").is_err());
        let id = "0a1b2c3d-aaaa-bbbb-cccc-1234567890ab";
        assert_eq!(lake(id), Ok(id.into()));
        assert!(lake("x\"; DROP").is_err());
        assert!(duckdb_source("it's/").contains("'it''s/**/*.json*'"));
    }
}
