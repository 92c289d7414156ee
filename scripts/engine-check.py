#!/usr/bin/env python3
"""Check the queries of `trailplan usage sql` on the engines, without AWS.

Usage:
  engine-check.py resolve athena DDL.sql QUERY.sql   parse the DDL (Athena/Hive) and the query
                                                      (Trino) with sqlglot; every column the query
                                                      reads must be one of the table's (struct
                                                      fields included)
  engine-check.py resolve lake QUERY.sql             the same against CloudTrail Lake's schema
  engine-check.py athena-duckdb TREE QUERY.sql OUT.csv
                                                      run the Athena query on DuckDB over a view
                                                      shaped like AWS's DDL of the log tree
  engine-check.py lake-duckdb TREE QUERY.sql OUT.csv
                                                      the same for the Lake query, over a view
                                                      with Lake's types
  engine-check.py spark TREE QUERY.sql OUT.csv [BAD.sql...]
                                                      run the Spark query with pyspark (local
                                                      mode, ANSI on) over the same view; each BAD
                                                      query must fail in the same session

Exit 0 when the check passes, 1 with the reason on stderr when it does not. The modules come from
PyPI: `python3 -m pip install -r scripts/requirements-engines.txt`.
"""
import csv
import re
import sys
import time

# CloudTrail Lake's columns for CloudTrail events, the ones of "Supported SQL schemas for event
# data stores" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-supported-event-schemas.html);
# names are case-insensitive in Lake's SQL. Struct fields: the ones the page gives.
LAKE = {
    "eventversion": None, "useridentity": {"type", "principalid", "arn", "accountid",
                                           "accesskeyid", "username", "sessioncontext",
                                           "invokedby", "identityprovider", "onbehalfof",
                                           "inscopeof"},
    "eventtime": None, "eventsource": None, "eventname": None, "awsregion": None,
    "sourceipaddress": None, "useragent": None, "errorcode": None, "errormessage": None,
    "requestparameters": None, "responseelements": None, "additionaleventdata": None,
    "requestid": None, "eventid": None, "readonly": None,
    "resources": {"accountid", "type", "arn", "arnprefix"},
    "eventtype": None, "apiversion": None, "managementevent": None, "recipientaccountid": None,
    "sharedeventid": None, "annotation": None, "vpcendpointid": None,
    "vpcendpointaccountid": None, "serviceeventdetails": None, "addendum": None,
    "edgedevicedetails": None, "insightdetails": None, "eventcategory": None,
    "tlsdetails": None, "sessioncredentialfromconsole": None, "eventjson": None,
    "eventjsonchecksum": None,
}


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def ddl_schema(ddl_text):
    """Top-level columns of a CREATE TABLE (partition columns too), each with its struct fields
    (for STRUCT and ARRAY<STRUCT>) or None."""
    import sqlglot
    from sqlglot import exp

    statement = sqlglot.parse_one(ddl_text, read="athena")
    if not isinstance(statement, exp.Create):
        fail("the DDL is not a CREATE statement")
    schema = {}

    def fields(kind):
        if kind is None:
            return None
        if kind.this == exp.DataType.Type.ARRAY and kind.expressions:
            return fields(kind.expressions[0])
        if kind.this == exp.DataType.Type.STRUCT:
            return {f.name.lower() for f in kind.expressions}
        return None

    for column in statement.find_all(exp.ColumnDef):
        # Nested struct fields are ColumnDefs too: keep only the table's own columns.
        if isinstance(column.parent, exp.DataType):
            continue
        schema[column.name.lower()] = fields(column.args.get("kind"))
    props = {p.name.lower(): p.text("value") for p in statement.find_all(exp.Property)
             if p.name}
    return schema, props


def resolve(schema, query_text):
    """Every column the query reads is one of the schema's, or an alias the query defines; every
    struct field it reads is one of its struct's."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(query_text, read="trino")
    aliases = {a.alias.lower() for a in tree.find_all(exp.Alias)}
    tables = {t.alias_or_name.lower() for t in tree.find_all(exp.Table)}
    tables |= {s.alias.lower() for s in tree.find_all(exp.Subquery) if s.alias}
    errors = []
    for column in tree.find_all(exp.Column):
        name = column.name.lower()
        qualifier = column.table.lower() if column.table else ""
        if qualifier and qualifier not in tables:
            # `useridentity.accountid`: a struct's field.
            if qualifier not in schema:
                errors.append(f"no column `{qualifier}` (read as `{column.sql()}`)")
            elif schema[qualifier] is None or name not in schema[qualifier]:
                errors.append(f"`{qualifier}` has no field `{name}`")
        elif name not in schema and name not in aliases:
            errors.append(f"no column `{name}`")
    for dot in tree.find_all(exp.Dot):
        inner = dot.this
        if isinstance(inner, exp.Bracket):  # `element_at(resources, 1)` as sqlglot reads it
            arg = inner.this
            if isinstance(arg, exp.Column) and arg.name.lower() in schema:
                known = schema[arg.name.lower()]
                if known is None or dot.name.lower() not in known:
                    errors.append(f"`{arg.name}` has no field `{dot.name}`")
        elif isinstance(inner, (exp.Anonymous, exp.Func)):
            arg = inner.this if isinstance(inner.this, exp.Column) else None
            if arg is None and inner.expressions:
                arg = inner.expressions[0]
            if isinstance(arg, exp.Column) and arg.name.lower() in schema:
                known = schema[arg.name.lower()]
                if known is None or dot.name.lower() not in known:
                    errors.append(f"`{arg.name}` has no field `{dot.name}`")
    if errors:
        fail("the query does not resolve against the table: " + "; ".join(sorted(set(errors))))


def cmd_resolve(args):
    if args[0] == "athena":
        ddl_text = open(args[1]).read()
        schema, props = ddl_schema(ddl_text)
        for key in ["projection.enabled", "projection.timestamp.type", "projection.timestamp.format",
                    "projection.timestamp.range", "storage.location.template"]:
            if key not in ddl_text:
                fail(f"the DDL has no `{key}`")
        if "account" in schema:
            for key in ["projection.account.type", "projection.account.values",
                        "projection.region.type", "projection.region.values"]:
                if key not in ddl_text:
                    fail(f"the organization DDL has no `{key}`")
            template = props.get("storage.location.template", "")
            if "/${account}/CloudTrail/${region}/${timestamp}" not in template:
                fail(f"the organization DDL's template is not AWSLogs/o-.../ACCOUNT/...: {template}")
        if "managementevent" in schema:
            fail("the DDL has `managementevent`, which AWS's does not")
        resolve(schema, open(args[2]).read())
    elif args[0] == "lake":
        # Lake takes the event data store ID unquoted (`FROM 0a1b...-...`), which a Trino
        # parser reads as arithmetic: give it a name for the check.
        query = re.sub(r"(?m)^(\s*FROM )[0-9A-Za-z-]+$", r"\1event_data_store", open(args[1]).read())
        resolve(LAKE, query)
    else:
        fail(f"unknown table {args[0]}")


# AWS's DDL as a DuckDB view over the log tree: the record's fields under the DDL's lower-case
# names and types (readonly a string, as the JSON SerDe gives it), and the organization table's
# partitions taken from the path.
DUCKDB_VIEW = """
CREATE VIEW cloudtrail_logs_with_management_event AS
SELECT r.eventVersion AS eventversion,
       struct_pack(type := r.userIdentity.type, principalid := r.userIdentity.principalId,
                   arn := r.userIdentity.arn, accountid := r.userIdentity.accountId,
                   invokedby := r.userIdentity.invokedBy, accesskeyid := r.userIdentity.accessKeyId,
                   username := r.userIdentity.userName) AS useridentity,
       r.eventTime AS eventtime, r.eventSource AS eventsource, r.eventName AS eventname,
       r.awsRegion AS awsregion, r.sourceIPAddress AS sourceipaddress, r.userAgent AS useragent,
       r.errorCode AS errorcode, r.errorMessage AS errormessage,
       CAST(r.requestParameters AS VARCHAR) AS requestparameters,
       CAST(r.responseElements AS VARCHAR) AS responseelements,
       CAST(r.additionalEventData AS VARCHAR) AS additionaleventdata,
       r.requestID AS requestid, r.eventID AS eventid, r.readOnly AS readonly,
       list_transform(r.resources, lambda x: struct_pack(arn := x.ARN, accountid := x.accountId,
                                                    "type" := x."type")) AS resources,
       r.eventType AS eventtype, r.apiVersion AS apiversion,
       r.recipientAccountId AS recipientaccountid,
       CAST(r.serviceEventDetails AS VARCHAR) AS serviceeventdetails,
       r.sharedEventID AS sharedeventid, r.vpcEndpointId AS vpcendpointid,
       r.vpcEndpointAccountId AS vpcendpointaccountid, r.eventCategory AS eventcategory,
       r.managementEvent AS managementevent,
       regexp_extract(filename, '/AWSLogs/o-[^/]+/([0-9]{12})/CloudTrail/', 1) AS account,
       regexp_extract(filename, '/CloudTrail/([^/]+)/', 1) AS region,
       regexp_extract(filename, '/CloudTrail/[^/]+/([0-9]{4}/[0-9]{2}/[0-9]{2})/', 1) AS "timestamp"
FROM (
  SELECT unnest(Records) AS r, filename
  FROM read_json('TREE/AWSLogs/*/*/CloudTrail/*/*/*/*/*.json*', format = 'auto', filename = true,
    columns = {Records: 'STRUCT(eventVersion VARCHAR,
      userIdentity STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR,
                          invokedBy VARCHAR, accessKeyId VARCHAR, userName VARCHAR),
      eventTime VARCHAR, eventSource VARCHAR, eventName VARCHAR, awsRegion VARCHAR,
      sourceIPAddress VARCHAR, userAgent VARCHAR, errorCode VARCHAR, errorMessage VARCHAR,
      requestParameters JSON, responseElements JSON, additionalEventData JSON,
      requestID VARCHAR, eventID VARCHAR, readOnly VARCHAR,
      resources STRUCT(ARN VARCHAR, accountId VARCHAR, "type" VARCHAR)[],
      eventType VARCHAR, apiVersion VARCHAR, recipientAccountId VARCHAR,
      serviceEventDetails JSON, sharedEventID VARCHAR, vpcEndpointId VARCHAR,
      vpcEndpointAccountId VARCHAR, eventCategory VARCHAR, managementEvent BOOLEAN)[]'})
)
"""


# CloudTrail Lake's columns as a DuckDB view of the same tree: Lake's types (eventtime a
# timestamp, readonly and managementevent booleans), every other column as in AWS's DDL view.
DUCKDB_LAKE_VIEW = """
CREATE VIEW event_data_store AS
SELECT * EXCLUDE (account, region, "timestamp")
         REPLACE (CAST(replace(replace(eventtime, 'T', ' '), 'Z', '') AS TIMESTAMP) AS eventtime,
                  CAST(readonly AS BOOLEAN) AS readonly)
FROM cloudtrail_logs_with_management_event
"""


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        for row in rows:
            out.writerow(["" if v is None else v for v in row])


def cmd_athena_duckdb(args, lake=False):
    import duckdb
    import sqlglot

    tree, query_path, out = args
    query = open(query_path).read().strip().rstrip(";")
    con = duckdb.connect()
    con.execute(DUCKDB_VIEW.replace("TREE", tree.rstrip("/").replace("'", "''")))
    # AWS's DDL has no managementevent: the Athena query sees the table without it.
    con.execute("CREATE VIEW cloudtrail_logs AS "
                "SELECT * EXCLUDE (managementevent) FROM cloudtrail_logs_with_management_event")
    con.execute(DUCKDB_LAKE_VIEW)
    if lake:
        query = re.sub(r"(?m)^(\s*FROM )[0-9A-Za-z-]+$", r"\1event_data_store", query)
    # The Athena (Trino) text, verbatim where DuckDB takes it; sqlglot writes Trino's
    # `element_at` on an array as DuckDB's list indexing, which is NULL past the end too.
    duck = sqlglot.transpile(query, read="trino", write="duckdb")[0]
    try:
        result = con.execute(duck)
    except duckdb.Error as e:
        fail(f"DuckDB failed on the query: {e}")
    write_csv(out, [d[0] for d in result.description], result.fetchall())


SPARK_VIEW_SCHEMA = """Records ARRAY<STRUCT<eventVersion: STRING,
  userIdentity: STRUCT<type: STRING, principalId: STRING, arn: STRING, accountId: STRING,
                       invokedBy: STRING, accessKeyId: STRING, userName: STRING>,
  eventTime: STRING, eventSource: STRING, eventName: STRING, awsRegion: STRING,
  sourceIPAddress: STRING, userAgent: STRING, errorCode: STRING, errorMessage: STRING,
  requestID: STRING, eventID: STRING, readOnly: STRING,
  resources: ARRAY<STRUCT<ARN: STRING, accountId: STRING, type: STRING>>,
  eventType: STRING, apiVersion: STRING, recipientAccountId: STRING, sharedEventID: STRING,
  vpcEndpointId: STRING, vpcEndpointAccountId: STRING, eventCategory: STRING>>"""

SPARK_VIEW = """
SELECT r.eventVersion AS eventversion,
       named_struct('type', r.userIdentity.type, 'principalid', r.userIdentity.principalId,
                    'arn', r.userIdentity.arn, 'accountid', r.userIdentity.accountId,
                    'invokedby', r.userIdentity.invokedBy, 'accesskeyid', r.userIdentity.accessKeyId,
                    'username', r.userIdentity.userName) AS useridentity,
       r.eventTime AS eventtime, r.eventSource AS eventsource, r.eventName AS eventname,
       r.awsRegion AS awsregion, r.sourceIPAddress AS sourceipaddress, r.userAgent AS useragent,
       r.errorCode AS errorcode, r.errorMessage AS errormessage, r.requestID AS requestid,
       r.eventID AS eventid, r.readOnly AS readonly,
       transform(r.resources, x -> named_struct('arn', x.ARN, 'accountid', x.accountId,
                                               'type', x.type)) AS resources,
       r.eventType AS eventtype, r.apiVersion AS apiversion,
       r.recipientAccountId AS recipientaccountid, r.sharedEventID AS sharedeventid,
       r.vpcEndpointId AS vpcendpointid, r.vpcEndpointAccountId AS vpcendpointaccountid,
       r.eventCategory AS eventcategory,
       regexp_extract(file, '/AWSLogs/o-[^/]+/([0-9]{12})/CloudTrail/', 1) AS account,
       regexp_extract(file, '/CloudTrail/([^/]+)/', 1) AS region,
       regexp_extract(file, '/CloudTrail/[^/]+/([0-9]{4}/[0-9]{2}/[0-9]{2})/', 1) AS `timestamp`
FROM (SELECT explode(Records) AS r, input_file_name() AS file FROM raw)
"""


def cmd_spark(args):
    tree, query_path, out, *bad = args
    started = time.monotonic()
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[1]").appName("trailplan-usage-sql")
             .config("spark.sql.ansi.enabled", "true")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "1")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        raw = (spark.read.schema(SPARK_VIEW_SCHEMA)
               .json(f"{tree.rstrip('/')}/AWSLogs/*/*/CloudTrail/*/*/*/*/*.json*"))
        raw.createOrReplaceTempView("raw")
        spark.sql(SPARK_VIEW).createOrReplaceTempView("cloudtrail_logs")
        query = open(query_path).read().strip().rstrip(";")
        try:
            result = spark.sql(query)
            rows = result.collect()
        except Exception as e:  # noqa: BLE001: Spark's errors have no common class to name
            fail(f"Spark failed on the query: {str(e).splitlines()[0]}")
        write_csv(out, result.columns, [list(r) for r in rows])
        for path in bad:
            try:
                spark.sql(open(path).read().strip().rstrip(";")).collect()
            except Exception:  # noqa: BLE001
                continue
            fail(f"Spark ran {path}, which should have failed")
    finally:
        spark.stop()
    print(f"spark {spark.version}: {time.monotonic() - started:.1f} s", file=sys.stderr)


def main():
    if len(sys.argv) < 2:
        fail(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    {"resolve": cmd_resolve, "athena-duckdb": cmd_athena_duckdb,
     "lake-duckdb": lambda a: cmd_athena_duckdb(a, lake=True), "spark": cmd_spark}.get(
        command, lambda _: fail(__doc__))(args)


main()
