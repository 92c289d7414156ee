//! What the engines return, decoded into the CSV that [`crate::usage::csv`] reads:
//! - gzip CSV (CloudTrail Lake delivers its results to S3 gzipped; so can Athena), by its magic
//!   bytes, whatever the file's name;
//! - the JSON of `aws athena get-query-results`: `ResultSet.Rows[].Data[].VarCharValue`, the
//!   first row the header (a value without `VarCharValue` is NULL);
//!   <https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html>
//! - the JSON of `aws cloudtrail get-query-results`: `QueryResultRows`, each row a list of
//!   one-key objects, column name to value (a column missing from a row is NULL);
//!   <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetQueryResults.html>
//!
//! Anything else is passed on as it is (plain CSV). Pages the CLI did not merge can be given as
//! several files.

use crate::error::Error;
use serde_json::Value;
use std::io::Read;
use std::path::Path;

/// What a reader of the decoded rows reads.
pub type Decoded = std::io::Cursor<Vec<u8>>;

/// The file's rows as CSV with its header, decoded as the module says.
pub fn decode(path: &Path) -> Result<Vec<u8>, Error> {
    let file = path.display().to_string();
    let read_error = |message: String| Error::Read {
        file: file.clone(),
        message,
    };
    let mut bytes = std::fs::read(path).map_err(|e| read_error(e.to_string()))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut plain = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes.as_slice())
            .read_to_end(&mut plain)
            .map_err(|e| read_error(format!("not a gzip file: {e}")))?;
        bytes = plain;
    }
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_none_or(|i| bytes[i] != b'{') {
        return Ok(bytes);
    }
    let invalid = |message: String| Error::Invalid {
        file: file.clone(),
        location: None,
        message,
        snippet: None,
    };
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        invalid(format!(
            "not a CSV file, nor the JSON of get-query-results: {e}"
        ))
    })?;
    let rows = if let Some(result_set) = value.get("ResultSet") {
        athena_rows(result_set)
    } else if let Some(rows) = value.get("QueryResultRows") {
        lake_rows(rows)
    } else {
        Err(
            "JSON without `ResultSet` (aws athena get-query-results) or `QueryResultRows` \
             (aws cloudtrail get-query-results)"
                .to_string(),
        )
    }
    .map_err(invalid)?;
    let mut out = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        out.write_record(&row)
            .map_err(|e| read_error(e.to_string()))?;
    }
    out.into_inner().map_err(|e| read_error(e.to_string()))
}

/// A JSON value as a CSV field: text as it is, NULL as empty, numbers and booleans as written.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Athena's `ResultSet`: every row's `Data`, the first being the header.
fn athena_rows(result_set: &Value) -> Result<Vec<Vec<String>>, String> {
    let rows = result_set
        .get("Rows")
        .and_then(Value::as_array)
        .ok_or("`ResultSet` has no `Rows` list")?;
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let data = row
                .get("Data")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("row {} of `ResultSet.Rows` has no `Data` list", i + 1))?;
            Ok(data
                .iter()
                .map(|d| d.get("VarCharValue").map(text).unwrap_or_default())
                .collect())
        })
        .collect()
}

/// Lake's `QueryResultRows`: the header is the columns in the order they first appear.
fn lake_rows(rows: &Value) -> Result<Vec<Vec<String>>, String> {
    let rows = rows.as_array().ok_or("`QueryResultRows` is not a list")?;
    let mut header: Vec<String> = Vec::new();
    let mut cells: Vec<Vec<(String, String)>> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let columns = row
            .as_array()
            .ok_or_else(|| format!("row {} of `QueryResultRows` is not a list", i + 1))?;
        let mut pairs = Vec::with_capacity(columns.len());
        for column in columns {
            let object = column.as_object().ok_or_else(|| {
                format!(
                    "row {} of `QueryResultRows` holds a value that is not an object",
                    i + 1
                )
            })?;
            for (name, value) in object {
                if !header.contains(name) {
                    header.push(name.clone());
                }
                pairs.push((name.clone(), text(value)));
            }
        }
        cells.push(pairs);
    }
    let mut out = vec![header.clone()];
    for pairs in cells {
        out.push(
            header
                .iter()
                .map(|h| {
                    pairs
                        .iter()
                        .find(|(name, _)| name == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect(),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(name: &str, bytes: &[u8]) -> String {
        let dir = std::env::temp_dir().join(format!("trailplan-results-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        let out = decode(&path).unwrap_or_else(|e| panic!("{e:?}"));
        String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn athena_json_lake_json_and_gzip_become_csv() {
        let athena = r#"{"UpdateCount": 0, "ResultSet": {"Rows": [
            {"Data": [{"VarCharValue": "account"}, {"VarCharValue": "resource_arn"}, {"VarCharValue": "events"}]},
            {"Data": [{"VarCharValue": "111122223333"}, {}, {"VarCharValue": "12"}]}],
            "ResultSetMetadata": {"ColumnInfo": []}}}"#;
        assert_eq!(
            decoded("a.json", athena.as_bytes()),
            "account,resource_arn,events\n111122223333,,12\n"
        );
        let lake = r#"{"QueryStatus": "FINISHED", "QueryResultRows": [
            [{"account": "111122223333"}, {"resource_arn": null}, {"events": "12"}],
            [{"account": "444455556666"}, {"events": 3}]]}"#;
        assert_eq!(
            decoded("l.json", lake.as_bytes()),
            "account,resource_arn,events\n111122223333,,12\n444455556666,,3\n"
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"account,events\n1,2\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let gz = gz.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(decoded("r.csv.gz", &gz), "account,events\n1,2\n");
        assert_eq!(decoded("p.csv", b"account\n1\n"), "account\n1\n");
    }
}
