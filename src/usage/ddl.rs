//! The Athena table `usage sql --engine athena` reads: AWS's DDL for CloudTrail logs with partition
//! projection, as AWS publishes it ("Creating the table for CloudTrail logs in Athena using
//! partition projection"), for one account and region, or for an organization trail, whose logs
//! are under `AWSLogs/o-ORGID/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/`, with `account` and `region`
//! projected as enums beside the `timestamp` date:
//! <https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html>,
//! the properties: <https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html>.
//! One table then reads every member account and region; a query bounded by `timestamp` (as
//! `usage sql --from --to` writes it) reads only those days' folders.

/// What the table is over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// `database.table` (Athena's name rules are checked by [`crate::usage::sql`]).
    pub name: String,
    /// The trail's bucket.
    pub bucket: Option<String>,
    /// An organization trail's ID (`o-` and 10 to 32 lower-case letters or digits); `None` for a
    /// trail of one account.
    pub org_id: Option<String>,
    /// The member accounts (12 digits each); one for a single-account table.
    pub accounts: Vec<String>,
    /// The regions; one for a single-account table.
    pub regions: Vec<String>,
    /// The first day of `projection.timestamp.range` (`YYYY/MM/DD`).
    pub first_day: Option<String>,
    /// Add the `managementevent BOOLEAN` column (read by `usage sql --management-event`).
    pub management_event: bool,
}

/// The columns of AWS's DDL, in its order (`managementevent` is not one of them).
const COLUMNS: &str = "    eventversion STRING,
    useridentity STRUCT<
        type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING,
        accesskeyid: STRING, username: STRING,
        onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,
        sessioncontext: STRUCT<
            attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,
            sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>,
            ec2roledelivery: STRING,
            webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING, STRING>>>>,
    eventtime STRING,
    eventsource STRING,
    eventname STRING,
    awsregion STRING,
    sourceipaddress STRING,
    useragent STRING,
    errorcode STRING,
    errormessage STRING,
    requestparameters STRING,
    responseelements STRING,
    additionaleventdata STRING,
    requestid STRING,
    eventid STRING,
    readonly STRING,
    resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,
    eventtype STRING,
    apiversion STRING,
    recipientaccountid STRING,
    serviceeventdetails STRING,
    sharedeventid STRING,
    vpcendpointid STRING,
    vpcendpointaccountid STRING,
    eventcategory STRING,
{management_event}    addendum STRUCT<reason: STRING, updatedfields: STRING, originalrequestid: STRING, originaleventid: STRING>,
    sessioncredentialfromconsole STRING,
    edgedevicedetails STRING,
    tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>
";

/// Placeholders where the command line gave nothing; the header says to replace them.
const BUCKET: &str = "amzn-s3-demo-bucket";
const ACCOUNTS: [&str; 2] = ["111122223333", "444455556666"];

fn check(table: &Table) -> Result<(), String> {
    let lower_alnum = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    if let Some(org) = &table.org_id {
        let ok = org
            .strip_prefix("o-")
            .is_some_and(|rest| (10..=32).contains(&rest.len()) && lower_alnum(rest));
        if !ok {
            return Err(format!(
                "--org-id `{org}` is not an organization ID (`o-` and 10 to 32 lower-case letters or digits)"
            ));
        }
    }
    if let Some(bucket) = &table.bucket {
        let ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !ok {
            return Err(format!("--bucket `{bucket}` is not an S3 bucket name"));
        }
    }
    for account in &table.accounts {
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "--accounts: `{account}` is not a 12-digit account ID"
            ));
        }
    }
    for region in &table.regions {
        if region.is_empty()
            || !region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!("--regions: `{region}` is not a region name"));
        }
    }
    if table.org_id.is_none() && (table.accounts.len() > 1 || table.regions.len() > 1) {
        return Err(
            "the table of one account's trail reads one account and one region; give --org-id for an organization trail"
                .into(),
        );
    }
    Ok(())
}

/// The commercial regions, for an organization table's `projection.region.values` by default.
fn commercial_regions() -> Vec<String> {
    crate::aws::KNOWN_REGIONS
        .iter()
        .filter(|r| {
            !["us-gov-", "cn-", "eusc-", "us-iso"]
                .iter()
                .any(|p| r.starts_with(p))
        })
        .map(|r| (*r).to_string())
        .collect()
}

/// The `CREATE EXTERNAL TABLE` statement, with comments saying what to replace.
pub fn ddl(table: &Table) -> Result<String, String> {
    check(table)?;
    let mut notes = Vec::new();
    let bucket = table.bucket.clone().unwrap_or_else(|| {
        notes.push("-- Replace amzn-s3-demo-bucket with the trail's bucket (or give --bucket).");
        BUCKET.to_string()
    });
    let first_day = table
        .first_day
        .clone()
        .unwrap_or_else(|| "2020/01/01".into());
    let columns = COLUMNS.replace(
        "{management_event}",
        if table.management_event {
            "    managementevent BOOLEAN,\n"
        } else {
            ""
        },
    );
    let timestamp = format!(
        "    'projection.timestamp.type' = 'date',
    'projection.timestamp.format' = 'yyyy/MM/dd',
    'projection.timestamp.interval' = '1',
    'projection.timestamp.interval.unit' = 'DAYS',
    'projection.timestamp.range' = '{first_day},NOW',"
    );
    let serde = "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'";
    let (what, partitions, location, properties) = if let Some(org) = &table.org_id {
        let accounts = if table.accounts.is_empty() {
            notes.push(
                        "-- Replace projection.account.values with the member accounts: \
                         aws organizations list-accounts --query 'Accounts[].Id' --output text | tr '\\t' ','",
                    );
            ACCOUNTS.iter().map(|a| (*a).to_string()).collect()
        } else {
            table.accounts.clone()
        };
        let regions = if table.regions.is_empty() {
            commercial_regions()
        } else {
            table.regions.clone()
        };
        let prefix = format!("s3://{bucket}/AWSLogs/{org}");
        (
                    format!("an organization trail ({org}): every member account and region"),
                    "PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)",
                    format!("{prefix}/"),
                    format!(
                        "    'projection.enabled' = 'true',
        'projection.account.type' = 'enum',
        'projection.account.values' = '{}',
        'projection.region.type' = 'enum',
        'projection.region.values' = '{}',
    {timestamp}
        'storage.location.template' = '{prefix}/${{account}}/CloudTrail/${{region}}/${{timestamp}}'",
                        accounts.join(","),
                        regions.join(",")
                    ),
                )
    } else {
        let account = table.accounts.first().cloned().unwrap_or_else(|| {
                    notes.push("-- Replace 111122223333 and us-east-1 with the account and region (or give --accounts and --regions).");
                    ACCOUNTS[0].to_string()
                });
        let region = table
            .regions
            .first()
            .cloned()
            .unwrap_or_else(|| "us-east-1".to_string());
        let prefix = format!("s3://{bucket}/AWSLogs/{account}/CloudTrail/{region}");
        (
            format!("the trail of one account ({account}) in one region ({region})"),
            "PARTITIONED BY (`timestamp` STRING)",
            prefix.clone(),
            format!(
                "    'projection.enabled' = 'true',
    {timestamp}
        'storage.location.template' = '{prefix}/${{timestamp}}'"
            ),
        )
    };
    let column_note = if table.management_event {
        "-- AWS's DDL with one column added: managementevent BOOLEAN (read by usage sql --management-event)."
    } else {
        "-- AWS's DDL as published (\"Creating the table for CloudTrail logs in Athena using partition projection\")."
    };
    let mut header = vec![
        format!("-- The Athena table of CloudTrail logs for {what}."),
        column_note.to_string(),
    ];
    header.extend(notes.iter().map(|n| (*n).to_string()));
    Ok(format!(
        "{}\nCREATE EXTERNAL TABLE {name} (\n{columns})\n{partitions}\n{serde}\nLOCATION '{location}'\nTBLPROPERTIES (\n{properties}\n);\n",
        header.join("\n"),
        name = table.name,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organization_table_projects_account_region_and_day() {
        let table = Table {
            name: "cloudtrail_logs".into(),
            bucket: Some("acme-trail".into()),
            org_id: Some("o-a1b2c3d4e5".into()),
            accounts: vec!["111111111111".into(), "222222222222".into()],
            regions: vec!["us-east-1".into(), "eu-west-1".into()],
            ..Table::default()
        };
        let text = ddl(&table).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            text.contains("PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)")
        );
        assert!(text.contains("LOCATION 's3://acme-trail/AWSLogs/o-a1b2c3d4e5/'"));
        assert!(text.contains("'projection.account.values' = '111111111111,222222222222'"));
        assert!(text.contains(
            "'storage.location.template' = 's3://acme-trail/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${timestamp}'"
        ));
        assert!(!text.contains("managementevent"));
        let bad = Table {
            org_id: Some("o-X".into()),
            ..table.clone()
        };
        assert!(ddl(&bad).is_err());
        let one = Table {
            org_id: None,
            ..table
        };
        assert!(ddl(&one).is_err());
    }

    #[test]
    fn the_single_account_table_is_aws_s() {
        let text = ddl(&Table {
            name: "cloudtrail_logs".into(),
            ..Table::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains("PARTITIONED BY (`timestamp` STRING)"));
        assert!(text.contains(
            "LOCATION 's3://amzn-s3-demo-bucket/AWSLogs/111122223333/CloudTrail/us-east-1'"
        ));
        assert!(text.contains("-- Replace amzn-s3-demo-bucket"));
    }
}
