#!/usr/bin/env python3
"""Write the small organization-trail tree of tests/fixtures/orgscale/logs/ (deterministic).

Usage: scripts/org-tree.py OUT_DIR

The layout is an organization trail's, AWSLogs/o-ORGID/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/, and
the records are the awkward ones: old records without eventCategory (with managementEvent true,
and without either field), `resources: []` on data and management events, aggregated and Insights
records, records without readOnly or without recipientAccountId, a global service, and each
day's last minutes delivered into the next day's folder. A digest file is there to be left out.
"""
import gzip
import json
import os
import random
import sys

ORG = "o-aa11bb22cc"
ACCOUNTS = ["111111111111", "222222222222", "333333333333"]
REGIONS = ["us-east-1", "eu-west-1"]
DAYS = [(2026, 11, 1), (2026, 11, 2), (2026, 11, 3)]


def record(rng, account, region, when, kind):
    r = {
        "eventVersion": "1.11",
        "userIdentity": {"type": "AssumedRole", "principalId": "AROAEXAMPLE:ci",
                         "arn": f"arn:aws:sts::{account}:assumed-role/ci/ci",
                         "accountId": account, "accessKeyId": "ASIAEXAMPLE"},
        "eventTime": when,
        "eventSource": "ec2.amazonaws.com",
        "eventName": "DescribeInstances",
        "awsRegion": region,
        "sourceIPAddress": "192.0.2.10",
        "userAgent": "aws-cli/2.15.0",
        "requestParameters": {"maxResults": rng.randint(5, 50)},
        "responseElements": None,
        "requestID": f"req-{rng.getrandbits(64):016x}",
        "eventID": f"{rng.getrandbits(128):032x}",
        "readOnly": True,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": account,
        "eventCategory": "Management",
    }
    if kind == "write":
        r.update(eventName="RunInstances", readOnly=False)
    elif kind == "no-readonly":
        del r["readOnly"]
    elif kind == "old":  # before eventCategory
        del r["eventCategory"]
    elif kind == "older":  # before managementEvent too
        del r["eventCategory"]
        del r["managementEvent"]
        r["eventVersion"] = "1.05"
    elif kind == "no-recipient":
        del r["recipientAccountId"]
    elif kind == "mgmt-empty-resources":
        r["resources"] = []
    elif kind == "iam" and region == "us-east-1":
        r.update(eventSource="iam.amazonaws.com", eventName="ListRoles")
    elif kind == "s3":
        bucket = f"data-{account}"
        r.update(eventSource="s3.amazonaws.com", eventName="GetObject", managementEvent=False,
                 eventCategory="Data",
                 resources=[{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/k/{rng.randint(1, 99)}"},
                            {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}])
    elif kind == "lambda":
        r.update(eventSource="lambda.amazonaws.com", eventName="Invoke", managementEvent=False,
                 eventCategory="Data", readOnly=False,
                 resources=[{"accountId": account, "type": "AWS::Lambda::Function",
                             "ARN": f"arn:aws:lambda:{region}:{account}:function:api:{rng.choice(['1', 'live'])}"}])
    elif kind == "dynamodb":
        r.update(eventSource="dynamodb.amazonaws.com", eventName="GetItem", managementEvent=False,
                 eventCategory="Data",
                 resources=[{"accountId": account, "type": "AWS::DynamoDB::Table",
                             "ARN": f"arn:aws:dynamodb:{region}:{account}:table/orders/stream/x"}])
    elif kind == "data-empty-resources":
        r.update(eventSource="s3.amazonaws.com", eventName="ListBuckets", managementEvent=False,
                 eventCategory="Data", resources=[])
    elif kind == "network":
        r.update(eventSource="kms.amazonaws.com", eventName="Decrypt", managementEvent=False,
                 eventCategory="NetworkActivity", vpcEndpointId="vpce-0example")
    elif kind == "aggregated":
        r.update(eventCategory="Aggregated", eventType="AwsAggregatedEvent")
    elif kind == "insight":
        r = {"eventVersion": "1.08", "eventTime": when, "awsRegion": region,
             "eventID": f"{rng.getrandbits(128):032x}", "eventType": "AwsCloudTrailInsight",
             "recipientAccountId": account, "sharedEventID": "s", "eventCategory": "Insight",
             "insightDetails": {"state": "Start", "eventSource": "ec2.amazonaws.com"}}
    return r


KINDS = ["read", "read", "write", "no-readonly", "old", "older", "no-recipient",
         "mgmt-empty-resources", "iam", "s3", "s3", "lambda", "dynamodb", "data-empty-resources",
         "network", "aggregated", "insight"]


def write(path, records, gz):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = json.dumps({"Records": records}, separators=(",", ":")).encode()
    if gz:
        with open(path, "wb") as f:
            with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
                z.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/org-tree.py OUT_DIR")
    out = sys.argv[1]
    rng = random.Random(30)
    n = 0
    for account in ACCOUNTS:
        for region in REGIONS:
            for i, (y, m, d) in enumerate(DAYS):
                records = []
                for k, kind in enumerate(KINDS):
                    when = f"{y:04}-{m:02}-{d:02}T{(k % 23):02}:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}Z"
                    records.append(record(rng, account, region, when, kind))
                late = [record(rng, account, region, f"{y:04}-{m:02}-{d:02}T23:5{j}:00Z", kind)
                        for j, kind in enumerate(["read", "write", "s3"])]
                folder = f"{out}/AWSLogs/{ORG}/{account}/CloudTrail/{region}/{y:04}/{m:02}/{d:02}"
                stamp = f"{y:04}{m:02}{d:02}T{12:02}00Z"
                gz = (i + len(region)) % 3 != 0
                ext = ".json.gz" if gz else ".json"
                write(f"{folder}/{account}_CloudTrail_{region}_{stamp}_a{n:04}{ext}", records, gz)
                # The last minutes of the day, delivered after midnight into the next day's folder.
                nd = d + 1
                late_folder = f"{out}/AWSLogs/{ORG}/{account}/CloudTrail/{region}/{y:04}/{m:02}/{nd:02}"
                write(f"{late_folder}/{account}_CloudTrail_{region}_{y:04}{m:02}{nd:02}T0005Z_l{n:04}.json.gz", late, True)
                n += 1
    digest = f"{out}/AWSLogs/{ORG}/{ACCOUNTS[0]}/CloudTrail-Digest/{REGIONS[0]}/2026/11/01/digest.json.gz"
    write(digest, [], True)
    print(f"wrote {n * 2 + 1} files under {out}", file=sys.stderr)


main()
