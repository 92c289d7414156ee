#!/usr/bin/env python3
"""Run the query of `trailplan usage sql --engine duckdb` with DuckDB and save its result as CSV.

Usage: trailplan usage sql --engine duckdb --table LOGS | scripts/duckdb-csv.py RESULT.csv

DuckDB comes from PyPI (`python3 -m pip install -r scripts/requirements-duckdb.txt`).
"""
import sys

import duckdb

if len(sys.argv) != 2:
    sys.exit("usage: scripts/duckdb-csv.py RESULT.csv  (the query on standard input)")
query = sys.stdin.read().strip().rstrip(";")
con = duckdb.connect()
threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
con.sql(query).write_csv(sys.argv[1], header=True)
print(f"duckdb {duckdb.__version__} ({threads} threads) wrote {sys.argv[1]}", file=sys.stderr)
