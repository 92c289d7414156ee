#!/usr/bin/env python3
"""Write a query result (CSV with its header) in the forms the engines return it, for the tests of
`trailplan usage csv`: RESULT.csv.gz (gzip CSV, as CloudTrail Lake delivers results to S3), and the
JSON of `aws athena get-query-results` and of `aws cloudtrail get-query-results`.

Usage: scripts/engine-results.py RESULT.csv OUT_DIR
"""
import csv
import gzip
import json
import os
import sys

if len(sys.argv) != 3:
    sys.exit("usage: scripts/engine-results.py RESULT.csv OUT_DIR")
source, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(source, newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
raw = open(source, "rb").read()
with open(os.path.join(out, "result.csv.gz"), "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
        z.write(raw)
# Athena: every value as VarCharValue, the header the first row, NULL without VarCharValue.
athena = {
    "UpdateCount": 0,
    "ResultSet": {
        "Rows": [{"Data": [{"VarCharValue": v} for v in header]}]
        + [{"Data": [{"VarCharValue": v} if v != "" else {} for v in row]} for row in body],
        "ResultSetMetadata": {"ColumnInfo": [
            {"CatalogName": "hive", "SchemaName": "", "TableName": "", "Name": h, "Label": h,
             "Type": "bigint" if h == "events" else "varchar", "Precision": 0, "Scale": 0,
             "Nullable": "UNKNOWN", "CaseSensitive": h != "events"} for h in header]},
    },
}
with open(os.path.join(out, "athena-get-query-results.json"), "w") as f:
    json.dump(athena, f, indent=4)
# CloudTrail Lake: each row a list of one-key objects; a NULL column left out of its row.
lake = {
    "QueryStatus": "FINISHED",
    "QueryStatistics": {"ResultsCount": len(body), "TotalResultsCount": len(body),
                        "BytesScanned": 0},
    "QueryResultRows": [[{h: v} for h, v in zip(header, row) if v != ""] for row in body],
}
with open(os.path.join(out, "lake-get-query-results.json"), "w") as f:
    json.dump(lake, f, indent=4)
