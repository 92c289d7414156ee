//! Synthetic CloudTrail log trees, for tests and benchmarks: the records that a set of streams
//! would make over some days, written in the S3 layout CloudTrail uses
//! (`AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_ID.json.gz`),
//! with the fields and sizes of real records (identity, request parameters, TLS details). Reading
//! them back with `usage logs` gives the streams' counts again (a property the tests check).
//! Deterministic for a seed.

use super::SplitMix64;
use crate::model::Category;
use crate::usage::{Stream, time};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A stream to synthesize, with the events it records over the whole window.
#[derive(Debug, Clone)]
pub struct SynthStream {
    pub stream: Stream,
    pub read: u64,
    pub write: u64,
}

/// How the records are laid out in files.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The first day, as days since 1970-01-01.
    pub first_day: i64,
    /// Days the events are spread over; the first event is on the first day and the last on the
    /// last day when there are two events or more.
    pub days: u32,
    /// At most this many records in a file.
    pub records_per_file: usize,
    /// Gzip the files (`.json.gz`) or not (`.json`).
    pub gzip: bool,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub files: u64,
    pub bytes: u64,
    pub records: u64,
}

/// A random id in the shape of a UUID, as CloudTrail writes `eventID` and `requestID`.
fn uuid(rng: &mut SplitMix64) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// Sources whose management events are regional.
const REGIONAL_SOURCES: [(&str, [&str; 3]); 5] = [
    (
        "ec2.amazonaws.com",
        ["DescribeInstances", "RunInstances", "DescribeVolumes"],
    ),
    (
        "kms.amazonaws.com",
        ["Decrypt", "GenerateDataKey", "Encrypt"],
    ),
    (
        "s3.amazonaws.com",
        ["GetBucketAcl", "PutBucketPolicy", "ListBuckets"],
    ),
    (
        "lambda.amazonaws.com",
        [
            "ListFunctions20150331",
            "UpdateFunctionCode20150331v2",
            "GetFunction20150331v2",
        ],
    ),
    (
        "ssm.amazonaws.com",
        [
            "GetParameter",
            "PutParameter",
            "DescribeInstanceInformation",
        ],
    ),
];

/// One record of a stream.
fn record(s: &Stream, read: bool, time: &str, rng: &mut SplitMix64) -> Value {
    let account = s.account.as_str();
    let identity = identity(account, time, rng);
    let mut r = json!({
        "eventVersion": "1.10",
        "userIdentity": identity,
        "eventTime": time,
        "awsRegion": s.region,
        "sourceIPAddress": format!("198.51.100.{}", rng.below_usize(250) + 1),
        "userAgent": rng.pick(&["aws-cli/2.22.1 md/Botocore#1.35.0 os/linux", "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0", "aws-sdk-java/2.29.0 Linux/6.1"]),
        "requestID": uuid(rng),
        "eventID": uuid(rng),
        "readOnly": read,
        "recipientAccountId": account,
        "tlsDetails": {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": format!("service.{}.amazonaws.com", s.region)
        }
    });
    let Some(obj) = r.as_object_mut() else {
        return r;
    };
    match s.category {
        Category::Management => management_fields(obj, s, rng),
        Category::NetworkActivity => network_fields(obj, s, read, rng),
        Category::Data => data_fields(obj, s, read, rng),
    }
    r
}

/// The `userIdentity` of a record: a session of an assumed role in `account`.
fn identity(account: &str, time: &str, rng: &mut SplitMix64) -> Value {
    let role = rng.pick(&["deploy", "app-runtime", "ReadOnlyAccess", "ci-runner"]);
    let session = rng.next_u64() % 100_000;
    json!({
        "type": "AssumedRole",
        "principalId": format!("AROAEXAMPLE{session:05}:session-{session}"),
        "arn": format!("arn:aws:sts::{account}:assumed-role/{role}/session-{session}"),
        "accountId": account,
        "accessKeyId": format!("ASIAEXAMPLE{:09}", rng.next_u64() % 1_000_000_000),
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": format!("AROAEXAMPLE{session:05}"),
                "arn": format!("arn:aws:iam::{account}:role/{role}"),
                "accountId": account,
                "userName": role
            },
            "attributes": {"creationDate": time, "mfaAuthenticated": "false"}
        }
    })
}

/// The fields of a management event: an API call of the stream's source, or of a regional one.
fn management_fields(obj: &mut Map<String, Value>, s: &Stream, rng: &mut SplitMix64) {
    let (source, names) = match s.event_source.as_deref() {
        Some(source) => (source, ["ListRoles", "GetCallerIdentity", "DescribeKey"]),
        None => REGIONAL_SOURCES[rng.below_usize(REGIONAL_SOURCES.len())],
    };
    obj.insert("eventSource".into(), json!(source));
    obj.insert("eventName".into(), json!(names[rng.below_usize(3)]));
    obj.insert(
        "requestParameters".into(),
        json!({"maxResults": 50, "filters": [{"name": "tag:team", "values": ["platform"]}]}),
    );
    obj.insert("responseElements".into(), Value::Null);
    obj.insert("eventType".into(), json!("AwsApiCall"));
    obj.insert("managementEvent".into(), json!(true));
    obj.insert("eventCategory".into(), json!("Management"));
}

/// The fields of a network activity event: a call through a VPC endpoint.
fn network_fields(obj: &mut Map<String, Value>, s: &Stream, read: bool, rng: &mut SplitMix64) {
    let source = s.event_source.as_deref().unwrap_or("ec2.amazonaws.com");
    obj.insert("eventSource".into(), json!(source));
    obj.insert(
        "eventName".into(),
        json!(if read {
            "DescribeInstances"
        } else {
            "PutObject"
        }),
    );
    obj.insert("requestParameters".into(), Value::Null);
    obj.insert("responseElements".into(), Value::Null);
    obj.insert("eventType".into(), json!("AwsVpceEvent"));
    obj.insert("managementEvent".into(), json!(false));
    obj.insert("eventCategory".into(), json!("NetworkActivity"));
    obj.insert(
        "vpcEndpointId".into(),
        json!(format!("vpce-0{:016x}", rng.next_u64() >> 4)),
    );
    obj.insert("vpcEndpointAccountId".into(), json!(s.account.as_str()));
}

/// The fields of a data event on the stream's resource.
fn data_fields(obj: &mut Map<String, Value>, s: &Stream, read: bool, rng: &mut SplitMix64) {
    let DataCall {
        source,
        name,
        resources,
        params,
    } = data_call(s, read, rng);
    obj.insert("eventSource".into(), json!(source));
    obj.insert("eventName".into(), json!(name));
    obj.insert("requestParameters".into(), params);
    obj.insert("responseElements".into(), Value::Null);
    obj.insert("resources".into(), resources);
    obj.insert("eventType".into(), json!("AwsApiCall"));
    obj.insert("managementEvent".into(), json!(false));
    obj.insert("eventCategory".into(), json!("Data"));
}

/// What a data event names: its source and API, the resources it touched and its parameters.
struct DataCall {
    source: &'static str,
    name: &'static str,
    resources: Value,
    params: Value,
}

/// The call a data event records, by the stream's resource type.
fn data_call(s: &Stream, read: bool, rng: &mut SplitMix64) -> DataCall {
    let account = s.account.as_str();
    let kind = s.resource_type.as_deref().unwrap_or("AWS::S3::Object");
    let base = s.resource_arn.as_deref().unwrap_or("");
    let call = |source, name, resources, params| DataCall {
        source,
        name,
        resources,
        params,
    };
    match kind {
        "AWS::S3::Object" => {
            let bucket = base
                .trim_start_matches("arn:aws:s3:::")
                .trim_end_matches('/');
            let key = format!("data/2026/part-{:06}.parquet", rng.next_u64() % 1_000_000);
            call(
                "s3.amazonaws.com",
                if read { "GetObject" } else { "PutObject" },
                json!([
                    {"type": "AWS::S3::Object", "ARN": format!("arn:aws:s3:::{bucket}/{key}")},
                    {"accountId": account, "type": "AWS::S3::Bucket", "ARN": format!("arn:aws:s3:::{bucket}")}
                ]),
                json!({"bucketName": bucket, "Host": format!("{bucket}.s3.{}.amazonaws.com", s.region), "key": key}),
            )
        }
        "AWS::Lambda::Function" => {
            let arn = if rng.below_usize(3) == 0 {
                format!("{base}:live")
            } else {
                base.to_string()
            };
            call(
                "lambda.amazonaws.com",
                if read { "GetFunction" } else { "Invoke" },
                json!([{"accountId": account, "type": kind, "ARN": arn}]),
                json!({"functionName": arn, "invocationType": "RequestResponse"}),
            )
        }
        "AWS::DynamoDB::Table" => call(
            "dynamodb.amazonaws.com",
            if read { "GetItem" } else { "PutItem" },
            json!([{"accountId": account, "type": kind, "ARN": base}]),
            json!({"tableName": base.rsplit('/').next().unwrap_or(""), "key": {"pk": "ORDER#1"}}),
        ),
        other => call(
            "example.amazonaws.com",
            if read { "Get" } else { "Put" },
            json!([{"accountId": account, "type": other, "ARN": base}]),
            Value::Null,
        ),
    }
}

/// Writes the records of `streams` under `root` (which gets an `AWSLogs/` folder).
pub fn write(root: &Path, streams: &[SynthStream], layout: &Layout) -> std::io::Result<Written> {
    let total: u64 = streams.iter().map(|s| s.read + s.write).sum();
    let days = i64::from(layout.days.max(1));
    let mut rng = SplitMix64::new(layout.seed);
    // Events are numbered across all streams; event k falls on day k × days / total, so the first
    // is on the first day and (with two events or more) the last on the last.
    let mut files: BTreeMap<(String, String, i64), Vec<(i64, Value)>> = BTreeMap::new();
    let mut written = Written::default();
    let mut k: u64 = 0;
    for s in streams {
        for (count, read) in [(s.read, true), (s.write, false)] {
            for _ in 0..count {
                let day = if total >= 2 && k == total - 1 {
                    days - 1
                } else {
                    i64::try_from(
                        u128::from(k) * u128::from(layout.days.max(1)) / u128::from(total.max(1)),
                    )
                    .unwrap_or(0)
                };
                k += 1;
                let second = i64::try_from(rng.next_u64() % 86_400).unwrap_or(0);
                let t = (layout.first_day + day) * 86_400 + second;
                let value = record(&s.stream, read, &time::format(t), &mut rng);
                let key = (
                    s.stream.account.clone(),
                    s.stream.region.clone(),
                    layout.first_day + day,
                );
                let entry = files.entry(key.clone()).or_default();
                entry.push((t, value));
                written.records += 1;
                if entry.len() >= layout.records_per_file.max(1) {
                    let records = std::mem::take(entry);
                    write_file(root, &key, records, layout, &mut rng, &mut written)?;
                }
            }
        }
    }
    for (key, records) in std::mem::take(&mut files) {
        if !records.is_empty() {
            write_file(root, &key, records, layout, &mut rng, &mut written)?;
        }
    }
    Ok(written)
}

fn write_file(
    root: &Path,
    (account, region, day): &(String, String, i64),
    mut records: Vec<(i64, Value)>,
    layout: &Layout,
    rng: &mut SplitMix64,
    written: &mut Written,
) -> std::io::Result<()> {
    records.sort_by_key(|(t, _)| *t);
    let (y, m, d) = time::civil_from_days(*day);
    let first = records.first().map_or(0, |(t, _)| *t);
    let minute = first.rem_euclid(86_400) / 60;
    let dir: PathBuf = root
        .join("AWSLogs")
        .join(account)
        .join("CloudTrail")
        .join(region)
        .join(format!("{y:04}"))
        .join(format!("{m:02}"))
        .join(format!("{d:02}"));
    std::fs::create_dir_all(&dir)?;
    let name = format!(
        "{account}_CloudTrail_{region}_{y:04}{m:02}{d:02}T{:02}{:02}Z_{:016x}.json{}",
        minute / 60,
        minute % 60,
        rng.next_u64(),
        if layout.gzip { ".gz" } else { "" }
    );
    let body = json!({"Records": records.into_iter().map(|(_, v)| v).collect::<Vec<_>>()});
    let text = serde_json::to_vec(&body).map_err(std::io::Error::other)?;
    let path = dir.join(name);
    let bytes = if layout.gzip {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&text)?;
        gz.finish()?
    } else {
        text
    };
    std::fs::write(&path, &bytes)?;
    written.files += 1;
    written.bytes += bytes.len() as u64;
    Ok(())
}
