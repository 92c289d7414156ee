#!/usr/bin/env bash
# Benchmark of `trailplan usage logs` on generated CloudTrail log trees (gzip, the S3 layout):
# its throughput in MB/s of compressed input beside
#   - the floor: `examples/logs_floor.rs`, which only reads, decompresses and parses the same files
#     on every core (and, with --decompress-only on one core, beside `gzip -dc`),
#   - DuckDB running the query `trailplan usage sql --engine duckdb` prints, over the same files,
# and the peak memory (GNU time's maximum resident set size) of each, at two sizes.
#
# Usage: scripts/bench-usage.sh
#
# Environment:
#   SIZES="200 1000"   sizes of the generated trees, in MB of gzip files
#   RUNS=3             runs per command (the median is reported)
#   BENCH_DIR=/tmp/trailplan-usage-bench   where the trees go (kept between runs; never committed)
#
# Files are read once before timing, so every run reads from the page cache: the figures are the
# CPU cost of the work, not the disk's speed. DuckDB needs `python3 -m pip install -r
# scripts/requirements-duckdb.txt`; without it its column is left out, said so loudly.
set -euo pipefail

SIZES=${SIZES:-"200 1000"}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/trailplan-usage-bench}
cd "$(dirname "$0")/.."
ROOT=$PWD

die() { echo "bench-usage: $*" >&2; exit 1; }

if [[ ! -x /usr/bin/time ]]; then
    echo "bench-usage: /usr/bin/time is missing; installing GNU time" >&2
    apt-get install -y time >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y time >/dev/null) \
        || die "install GNU time (apt-get install time)"
fi
HAVE_DUCKDB=1
if ! python3 -c 'import duckdb' 2>/dev/null; then
    HAVE_DUCKDB=0
    echo "=== bench-usage: DuckDB is NOT installed: its figures are SKIPPED (python3 -m pip install -r scripts/requirements-duckdb.txt)" >&2
fi

cargo build --release --locked --bin trailplan --example generate_logs --example logs_floor >&2
BIN=$ROOT/target/release/trailplan
GEN=$ROOT/target/release/examples/generate_logs
FLOOR=$ROOT/target/release/examples/logs_floor

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# run_timed LABEL CMD...: runs CMD $RUNS times; sets SECS (median wall) and RSS_MB (max of peak RSS)
run_timed() {
    local label=$1; shift
    local walls=() rss=0 out
    for _ in $(seq "$RUNS"); do
        out=$( { /usr/bin/time -f 'TIME %e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | grep '^TIME' | tail -n 1) \
            || die "$label failed"
        walls+=("$(echo "$out" | awk '{print $2}')")
        local m; m=$(echo "$out" | awk '{print $3}')
        (( m > rss )) && rss=$m
    done
    SECS=$(printf '%s\n' "${walls[@]}" | median)
    RSS_MB=$(awk -v k="$rss" 'BEGIN {printf "%.0f", k/1024}')
    echo "  $label: ${SECS} s, peak ${RSS_MB} MiB" >&2
}

ROWS=()
for size in $SIZES; do
    tree=$BENCH_DIR/${size}mb
    if [[ ! -f $tree/.done ]]; then
        rm -rf "$tree"
        echo "generating $size MB of logs in $tree" >&2
        "$GEN" "$tree" --mb "$size" --regions 3 --days 7 >&2
        touch "$tree/.done"
    fi
    bytes=$(find "$tree/AWSLogs" -name '*.json.gz' -printf '%s\n' | awk '{s+=$1} END {print s}')
    files=$(find "$tree/AWSLogs" -name '*.json.gz' | wc -l)
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
    echo "== $mb MB in $files files ($tree)" >&2
    find "$tree/AWSLogs" -name '*.json.gz' -print0 | xargs -0 cat >/dev/null   # into the page cache

    run_timed "usage logs" "$BIN" usage logs "$tree"
    logs_s=$SECS; logs_rss=$RSS_MB
    run_timed "floor (decompress + parse, every core)" "$FLOOR" "$tree"
    floor_s=$SECS; floor_rss=$RSS_MB
    run_timed "flate2 decompress only, one core" env RAYON_NUM_THREADS=1 "$FLOOR" --decompress-only "$tree"
    inflate_s=$SECS
    run_timed "gzip -dc, one core" sh -c "find '$tree/AWSLogs' -name '*.json.gz' -print0 | xargs -0 cat | gzip -dc"
    gzip_s=$SECS
    duck_s=-; duck_rss=-
    if (( HAVE_DUCKDB )); then
        "$BIN" usage sql --engine duckdb --table "$tree" > "$BENCH_DIR/query-$size.sql"
        run_timed "duckdb (printed query)" sh -c "python3 '$ROOT/scripts/duckdb-csv.py' '$BENCH_DIR/result-$size.csv' < '$BENCH_DIR/query-$size.sql'"
        duck_s=$SECS; duck_rss=$RSS_MB
        # The same volumes both ways.
        diff <("$BIN" usage logs "$tree" | grep -v '^#') <("$BIN" usage csv "$BENCH_DIR/result-$size.csv" | grep -v '^#') >/dev/null \
            || die "usage csv of DuckDB's result differs from usage logs at $size MB"
    fi
    rate() { awk -v b="$bytes" -v s="$1" 'BEGIN {if (s == "-" || s == 0) print "-"; else printf "%.0f", b/1e6/s}'; }
    ratio=$(awk -v a="$logs_s" -v b="$floor_s" 'BEGIN {printf "%.2f", a/b}')
    ROWS+=("| $mb MB, $files files | $(rate "$logs_s") MB/s ($logs_s s, $logs_rss MiB) | $(rate "$floor_s") MB/s ($floor_s s, $floor_rss MiB) | ${ratio}× | $(rate "$duck_s") MB/s ($duck_s s, $duck_rss MiB) | $(rate "$inflate_s") / $(rate "$gzip_s") MB/s |")
done

echo
echo "| gzip logs | \`usage logs\` (time, peak memory) | floor: decompress + parse | usage / floor | DuckDB, printed query | one core: flate2 (zlib-rs) / \`gzip -dc\` |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
