#!/usr/bin/env bash
# Benchmark of `trailplan reconcile` against a bare `csv` parse of the same Cost and Usage Report
# (examples/cur_bench.rs), with peak memory from GNU time, at two sizes of the report.
#
#   scripts/bench-bill.sh [MEGABYTES...]     default: 250 1000
#
# The reports are generated into $BENCH_DIR (default target/bench-bill), never committed. Each
# timing is the median of $RUNS runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${BENCH_DIR:-target/bench-bill}
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(250 1000)
mkdir -p "$dir"

if [ ! -x /usr/bin/time ]; then
  echo "bench-bill: GNU time (/usr/bin/time) is needed for peak memory: apt-get install time" >&2
  exit 1
fi

cargo build --release --quiet --bin trailplan --example cur_bench
bin=target/release/trailplan
bench=target/release/examples/cur_bench

# seconds and peak RSS (KiB) of one run of "$@"
measure() {
  /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$@" >/dev/null 2>"$dir/stderr.txt" || {
    status=$?
    # reconcile exits 1 when a group differs; anything else is a failure of the run.
    if [ "$status" -ne 1 ]; then cat "$dir/stderr.txt" >&2; exit "$status"; fi
  }
  tail -1 "$dir/time.txt"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '| report | rows | csv parse (floor) | reconcile | reconcile / floor | peak memory: floor | peak memory: reconcile |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|\n'
for mb in "${sizes[@]}"; do
  cur="$dir/cur-$mb.csv"
  scenario="$dir/scenario-$mb.toml"
  [ -f "$cur" ] || "$bench" generate "$mb" "$cur" "$scenario"
  rows=$("$bench" floor "$cur" | awk '{ print $1 }')
  # Warm the page cache once: both readers then read from memory.
  "$bench" floor "$cur" >/dev/null
  floor_t=(); floor_m=(); rec_t=(); rec_m=()
  for _ in $(seq "$runs"); do
    read -r t m < <(measure "$bench" floor "$cur"); floor_t+=("$t"); floor_m+=("$m")
    read -r t m < <(measure "$bin" reconcile "$scenario" --bill "$cur" --format json); rec_t+=("$t"); rec_m+=("$m")
  done
  ft=$(printf '%s\n' "${floor_t[@]}" | median)
  rt=$(printf '%s\n' "${rec_t[@]}" | median)
  fm=$(printf '%s\n' "${floor_m[@]}" | median)
  rm_=$(printf '%s\n' "${rec_m[@]}" | median)
  size=$(du -m "$cur" | awk '{ print $1 }')
  printf '| %s MB | %s | %s s | %s s | %s× | %s MiB | %s MiB |\n' "$size" "$rows" "$ft" "$rt" \
    "$(awk -v r="$rt" -v f="$ft" 'BEGIN { printf "%.2f", r / f }')" \
    "$(( fm / 1024 ))" "$(( rm_ / 1024 ))"
done
"$bin" reconcile "$dir/scenario-${sizes[0]}.toml" --bill "$dir/cur-${sizes[0]}.csv" | tail -3
