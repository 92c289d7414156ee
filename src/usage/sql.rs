//! `usage sql`: the aggregation of `usage logs` as one query, for organizations whose logs are
//! terabytes in S3. One template, filled with each engine's names; the logic never differs.
//!
//! - Amazon Athena, over the CloudTrail table of AWS's documentation ("Create a table for
//!   CloudTrail logs in Athena using partition projection") with a `managementevent BOOLEAN`
//!   column added (the README holds the DDL):
//!   <https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html>
//! - CloudTrail Lake, over an event data store (its ID is the table name):
//!   <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-limitations.html>
//! - DuckDB, over local log files (`read_json` of the `CloudTrail/` folders, digests left out).
//!
//! The result has the columns `account, region, category, direction, event_source,
//! resource_type, resource_arn, events, first_time, last_time`, grouped a little finer than the
//! volumes (every source is kept); [`crate::usage::csv`] folds it into the streams exactly as
//! [`crate::usage::logs`] does. `category` is `Insight` for Insights events and otherwise
//! `eventCategory`, or `managementEvent` where records predate `eventCategory`; `direction` is
//! `read`, `write`, or `unknown` where `readOnly` is absent (counted as writes).

/// The engines `usage sql` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Athena,
    Lake,
    Duckdb,
}

/// The default `--table`: the table name of AWS's Athena DDL, and the folder DuckDB reads.
pub fn default_table(engine: Engine) -> Option<&'static str> {
    match engine {
        Engine::Athena => Some("cloudtrail_logs"),
        Engine::Lake => None,
        Engine::Duckdb => Some("."),
    }
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
}

/// DuckDB's view of the log files: the fields the query needs, typed, from every
/// `.json.gz`/`.json` file under the folder, digest files left out.
fn duckdb_source(folder: &str) -> String {
    let trimmed = folder.trim_end_matches('/');
    let folder = if trimmed.is_empty() { "/" } else { trimmed }.replace('\'', "''");
    format!(
        "(\n      SELECT unnest(Records) AS r\n      FROM read_json(\n        '{folder}/**/*.json*',\n        \
         format = 'auto', filename = true, maximum_object_size = 1073741824,\n        \
         columns = {{Records: 'STRUCT(eventTime VARCHAR, eventSource VARCHAR, awsRegion VARCHAR, \
         eventType VARCHAR, eventCategory VARCHAR, managementEvent BOOLEAN, readOnly BOOLEAN, \
         recipientAccountId VARCHAR, userIdentity STRUCT(accountId VARCHAR), \
         resources STRUCT(ARN VARCHAR, \"type\" VARCHAR)[])[]'}}\n      )\n      \
         WHERE filename NOT LIKE '%/CloudTrail-Digest/%'\n    ) AS logs"
    )
}

/// A table name as the engine takes it unquoted: Athena's `db.table` (letters, digits,
/// underscores), Lake's event data store ID (a UUID, or the ID at the end of its ARN).
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
        Engine::Athena if ok(b'_') => Ok(text.to_string()),
        Engine::Athena => Err(format!(
            "--table `{text}` is not an Athena table name (letters, digits and underscores, as `database.table`)"
        )),
        Engine::Lake if ok(b'-') && !text.contains('.') => Ok(text.to_string()),
        Engine::Lake => Err(format!(
            "--table `{text}` is not an event data store ID (letters, digits and hyphens)"
        )),
        Engine::Duckdb => Ok(duckdb_source(text)),
    }
}

fn names(engine: Engine, table: &str) -> Result<Names, String> {
    let source = table_name(engine, table)?;
    Ok(match engine {
        Engine::Athena => Names {
            engine: "Amazon Athena",
            source: source.clone(),
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
        },
        Engine::Lake => Names {
            engine: "AWS CloudTrail Lake",
            source: source.clone(),
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
        },
    })
}

/// The one query; `{name}` placeholders take each engine's names.
const TEMPLATE: &str = r#"-- Event volumes per stream as `trailplan usage logs` counts them, for {engine}.
-- Save the result as CSV with its header, then: trailplan usage csv RESULT.csv
SELECT account, region, category, direction, event_source, resource_type, resource_arn,
       count(*) AS events, min(event_time) AS first_time, max(event_time) AS last_time
FROM (
  SELECT account, region, category, direction, event_source, event_time,
         CASE WHEN category = 'Data' THEN first_type END AS resource_type,
         CASE WHEN category = 'Data' THEN
           CASE first_type
             WHEN 'AWS::S3::Object'
               THEN nullif(regexp_extract(first_arn, '^arn:[^:]+:s3:::[^/]+'), '') || '/'
             WHEN 'AWS::Lambda::Function'
               THEN nullif(regexp_extract(first_arn, '^arn:[^:]+:lambda:[^:]+:[^:]+:function:[^:]+'), '')
             WHEN 'AWS::DynamoDB::Table'
               THEN nullif(regexp_extract(first_arn, '^arn:[^:]+:dynamodb:[^:]+:[^:]+:table/[^/]+'), '')
           END
         END AS resource_arn
  FROM (
    SELECT coalesce({recipient_account}, {identity_account}) AS account,
           {region} AS region,
           CASE WHEN {event_type} = 'AwsCloudTrailInsight' THEN 'Insight'
                WHEN {event_category} IS NOT NULL THEN {event_category}
                WHEN {management_event} = false THEN 'Data'
                ELSE 'Management' END AS category,
           CASE CAST({read_only} AS VARCHAR) WHEN 'true' THEN 'read' WHEN 'false' THEN 'write'
                ELSE 'unknown' END AS direction,
           {event_source} AS event_source,
           {first_resource}."type" AS first_type,
           {first_resource}.arn AS first_arn,
           {event_time} AS event_time
    FROM {source}
  ) AS records
) AS streams
GROUP BY account, region, category, direction, event_source, resource_type, resource_arn
ORDER BY account, region, category, direction, event_source, resource_type, resource_arn;
"#;

impl Names {
    /// Each placeholder of [`TEMPLATE`] and this engine's name for it.
    fn pairs(&self) -> [(&'static str, &str); 12] {
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
            ("{source}", &self.source),
        ]
    }
}

/// The query for `engine` over `table` (Athena: the table; Lake: the event data store ID;
/// DuckDB: the folder of log files).
pub fn query(engine: Engine, table: &str) -> Result<String, String> {
    let n = names(engine, table)?;
    let mut text = TEMPLATE.to_string();
    for (placeholder, name) in n.pairs() {
        text = text.replace(placeholder, name);
    }
    Ok(text)
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
    /// engine's names put back into placeholders the three texts are the template again.
    #[test]
    fn queries_differ_only_in_names() {
        for (engine, table) in [
            (Engine::Athena, "cloudtrail_logs"),
            (Engine::Lake, "EXAMPLE-eds-id"),
            (Engine::Duckdb, "logs"),
        ] {
            let n = names(engine, table).unwrap_or_else(|e| panic!("{e}"));
            let text = query(engine, table).unwrap_or_else(|e| panic!("{e}"));
            assert!(!text.contains('{') || engine == Engine::Duckdb, "{text}");
            let mut back = text.clone();
            // Longest names first, so that `eventsource` is not taken for part of another.
            let mut pairs = n.pairs().to_vec();
            pairs.sort_by_key(|(_, name)| std::cmp::Reverse(name.len()));
            for (placeholder, name) in pairs {
                back = back.replace(name, placeholder);
            }
            assert_eq!(back, TEMPLATE, "{engine:?}");
        }
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
