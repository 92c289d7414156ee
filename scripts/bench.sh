#!/usr/bin/env bash
# Whole-process benchmark of trailplan: `plan --format json` beside `validate` (parse and validate
# only) and beside `examples/parse_floor.rs` (a bare `toml::Table` parse of the same file, the floor)
# on generated organization-scale scenarios and on a small one, and every other report (the default
# table, `--top all`, `--format markdown`, `--format html`) beside JSON on the 10,000-account
# scenario, in CPU time (user + sys). At 10,000 accounts it also counts the instructions of the
# floor, of `plan --format json` and of the default table, markdown and HTML with callgrind (when
# valgrind is installed): instruction counts repeat on a loaded machine where times do not. It
# prints the growth from one size to the next as time and memory ratios per doubling.
#
# Usage: scripts/bench.sh            (from anywhere; builds the release binary first)
#
# Environment:
#   RUNS=5        runs per command and scenario
#   BIG_RUNS=3    runs for the largest scenario (20,000 accounts)
#   QUICK=1       skip the 20,000-account scenario (and so the doubling check)
#   SIZES="1000 5000 10000"  the account counts of the generated scenarios (10 volume blocks an
#                 account); twice POINT is added unless QUICK=1
#   POINT=10000   the account count the targets, the table and the instruction counts are taken at
#   CALLGRIND=0   skip the instruction counts (default 1 when valgrind is installed; each of the
#                 five runs of callgrind at 10,000 accounts takes a minute or two)
#   BENCH_DIR=/tmp/trailplan-bench   where the generated scenarios and raw timings go
#   TRAILPLAN=path  benchmark this binary instead of building target/release/trailplan
#   FLOOR=path      the bare-parse binary instead of building target/release/examples/parse_floor
#
# Each run goes through /usr/bin/time -f '%e %M'. Its %e counts in hundredths of a second, too
# coarse for the small scenario, so the wall time is taken from the shell's microsecond clock
# around the same process (that adds GNU time's own fork and exec, well under a millisecond);
# peak memory is %M, the maximum resident set size. Medians are over the runs. When hyperfine is
# installed it measures the wall time instead (with one warm-up run), and /usr/bin/time still
# gives the memory. Prints the medians, the plan/validate ratio, the 20k/10k doubling ratio and a
# Markdown table for the README's Performance section.
set -euo pipefail

RUNS=${RUNS:-5}
BIG_RUNS=${BIG_RUNS:-3}
QUICK=${QUICK:-0}
SIZES=${SIZES:-1000 5000 10000}
POINT=${POINT:-10000}
if command -v valgrind >/dev/null 2>&1; then CALLGRIND=${CALLGRIND:-1}; else CALLGRIND=0; fi
BENCH_DIR=${BENCH_DIR:-/tmp/trailplan-bench}
SEED=1
REGIONS=30

cd "$(dirname "$0")/.."
BIN=${TRAILPLAN:-$PWD/target/release/trailplan}
FLOOR_GIVEN=${FLOOR:-}
FLOOR=${FLOOR:-$PWD/target/release/examples/parse_floor}
SMALL=scenarios/startup-one-trail.toml

die() { echo "bench: $*" >&2; exit 1; }

if [[ ! -x /usr/bin/time ]]; then
    echo "bench: /usr/bin/time is missing; installing GNU time" >&2
    if [[ $(id -u) -eq 0 ]]; then
        apt-get install -y time >/dev/null
    else
        sudo apt-get install -y time >/dev/null
    fi
fi
/usr/bin/time -f '%e %M' true 2>/dev/null || die "/usr/bin/time is not GNU time (needs -f '%e %M')"

HYPERFINE=0
if command -v hyperfine >/dev/null 2>&1; then HYPERFINE=1; fi

if [[ -z ${TRAILPLAN:-} ]]; then
    echo "bench: building the release binary" >&2
    cargo build --release --quiet
fi
if [[ -z ${FLOOR_GIVEN} ]]; then
    echo "bench: building examples/parse_floor" >&2
    cargo build --release --quiet --example parse_floor
fi
[[ -x $BIN ]] || die "no binary at $BIN"
[[ -x $FLOOR ]] || die "no floor binary at $FLOOR"

mkdir -p "$BENCH_DIR"

# Microseconds since the epoch.
now_us() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        local t=${EPOCHREALTIME/[.,]/}
        echo "$t"
    else
        echo $(( $(date +%s%N) / 1000 ))
    fi
}

# median FILE: the median of the numbers in FILE, one a line.
median() {
    sort -g "$1" | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%.2f\n", a / b }'; }

# measure LABEL RUNS OK_CODES CMD...: runs CMD (stdout to /dev/null) RUNS times. Writes wall
# seconds to $BENCH_DIR/LABEL.wall and peak RSS in KiB to $BENCH_DIR/LABEL.rss, one run a line.
# OK_CODES is a regex of the exit codes that count as a successful run (plan exits 1 when the
# gate fails, which is still a complete run).
measure() {
    local label=$1 runs=$2 ok=$3
    shift 3
    local wall=$BENCH_DIR/$label.wall rss=$BENCH_DIR/$label.rss out=$BENCH_DIR/$label.time
    : >"$wall"
    : >"$rss"
    : >"$BENCH_DIR/$label.cpu"
    local i start end status
    for ((i = 0; i < runs; i++)); do
        start=$(now_us)
        set +e
        /usr/bin/time -f '%e %M %U %S' -o "$out" "$@" >/dev/null 2>"$BENCH_DIR/$label.stderr"
        status=$?
        set -e
        end=$(now_us)
        if [[ ! $status =~ ^($ok)$ ]]; then
            cat "$BENCH_DIR/$label.stderr" >&2
            die "'$*' exited with $status"
        fi
        awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", (e - s) / 1e6 }' >>"$wall"
        # With a non-zero status GNU time writes a "Command exited..." line first.
        tail -n 1 "$out" | awk '{ print $2 }' >>"$rss"
        tail -n 1 "$out" | awk '{ printf "%.2f\n", $3 + $4 }' >>"$BENCH_DIR/$label.cpu"
    done
    if [[ $HYPERFINE -eq 1 ]]; then
        local json=$BENCH_DIR/$label.hyperfine.json
        local cmd
        cmd=$(printf '%q ' "$@")
        hyperfine --style none --warmup 1 --runs "$runs" -i --output null \
            --export-json "$json" "$cmd" >/dev/null 2>&1 ||
            die "hyperfine failed on '$*'"
        # hyperfine's own median replaces the shell's timings.
        local hf_median
        hf_median=$(grep -o '"median": *[0-9.eE+-]*' "$json" | head -n 1 | awk -F': *' '{ print $2 }')
        if [[ -n $hf_median ]]; then echo "$hf_median" >"$wall"; fi
    fi
}

# Scenarios: label, accounts, volumes (empty for the small file).
declare -a LABELS=() FILES=() ACCOUNTS=() VOLUMES=() RUNS_OF=()

add_generated() {
    local accounts=$1 volumes=$2 runs=$3
    local label=gen-${accounts}x${REGIONS}
    local file=$BENCH_DIR/$label.toml
    local seen
    for seen in "${LABELS[@]}"; do [[ $seen == "$label" ]] && return 0; done
    echo "bench: generating $accounts accounts x $REGIONS regions, $volumes volume blocks" >&2
    local start end
    start=$(now_us)
    "$BIN" generate --accounts "$accounts" --regions "$REGIONS" --seed "$SEED" --volumes "$volumes" >"$file"
    end=$(now_us)
    awk -v s="$start" -v e="$end" -v f="$file" 'BEGIN { printf "bench:   %s written in %.3f s\n", f, (e - s) / 1e6 }' >&2
    LABELS+=("$label")
    FILES+=("$file")
    ACCOUNTS+=("$accounts")
    VOLUMES+=("$volumes")
    RUNS_OF+=("$runs")
}

if [[ -f $SMALL ]]; then
    LABELS+=("small")
    FILES+=("$SMALL")
    ACCOUNTS+=("-")
    VOLUMES+=("-")
    RUNS_OF+=("$RUNS")
else
    echo "bench: $SMALL not found; skipping the small scenario" >&2
fi
for accounts in $SIZES; do
    add_generated "$accounts" $((accounts * 10)) "$RUNS"
done
if [[ $QUICK != 1 ]]; then
    add_generated $((POINT * 2)) $((POINT * 20)) "$BIG_RUNS"
fi

declare -A VALIDATE_WALL PLAN_WALL VALIDATE_RSS PLAN_RSS SIZE FLOOR_WALL
for i in "${!LABELS[@]}"; do
    label=${LABELS[$i]}
    file=${FILES[$i]}
    runs=${RUNS_OF[$i]}
    echo "bench: $label: validate x$runs, plan x$runs" >&2
    measure "$label.validate" "$runs" "0" "$BIN" validate "$file"
    measure "$label.plan" "$runs" "0|1" "$BIN" plan "$file" --format json
    measure "$label.floor" "$runs" "0" "$FLOOR" "$file"
    FLOOR_WALL[$label]=$(median "$BENCH_DIR/$label.floor.wall")
    VALIDATE_WALL[$label]=$(median "$BENCH_DIR/$label.validate.wall")
    PLAN_WALL[$label]=$(median "$BENCH_DIR/$label.plan.wall")
    VALIDATE_RSS[$label]=$(median "$BENCH_DIR/$label.validate.rss")
    PLAN_RSS[$label]=$(median "$BENCH_DIR/$label.plan.rss")
    SIZE[$label]=$(wc -c <"$file")
done

# instructions LABEL CMD...: the instructions callgrind counts for CMD (stdout to /dev/null); its
# report lands in $BENCH_DIR/LABEL.cg (`callgrind_annotate` shows where they go).
instructions() {
    local label=$1
    shift
    local log=$BENCH_DIR/$label.cg.log
    # valgrind exits with the program's code: plan's 1 (a failed gate) is a complete run.
    valgrind --tool=callgrind --callgrind-out-file="$BENCH_DIR/$label.cg" "$@" >/dev/null 2>"$log" || true
    local n
    n=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log" | tail -n 1)
    [[ -n $n ]] || { cat "$log" >&2; die "callgrind counted nothing for '$*'"; }
    echo "$n"
}

# The other reports beside JSON on the 10,000-account scenario: the default table (the 1,000
# costliest line items and one line for the rest), `--top all` (every line, streamed), markdown and
# HTML (the costliest lines, selected rather than sorted), in CPU (user + sys) and peak memory.
# Targets: `--top all` within 1.5x the CPU and 1.3x the memory of JSON; markdown and HTML within
# 1.3x the instructions of JSON, and JSON within 1.2x the instructions of the floor.
TABLE_LABEL=gen-${POINT}x${REGIONS}
TABLE_FILE=""
for i in "${!LABELS[@]}"; do
    [[ ${LABELS[$i]} == "$TABLE_LABEL" ]] && TABLE_FILE=${FILES[$i]}
done
PLAN_INSTR=""
FLOOR_INSTR=""
declare -A INSTR
if [[ -n $TABLE_FILE ]]; then
    echo "bench: $TABLE_LABEL: table, table --top all, markdown, html x$RUNS each" >&2
    measure "$TABLE_LABEL.table" "$RUNS" "0|1" "$BIN" plan "$TABLE_FILE"
    measure "$TABLE_LABEL.topall" "$RUNS" "0|1" "$BIN" plan "$TABLE_FILE" --top all
    measure "$TABLE_LABEL.markdown" "$RUNS" "0|1" "$BIN" plan "$TABLE_FILE" --format markdown
    measure "$TABLE_LABEL.html" "$RUNS" "0|1" "$BIN" plan "$TABLE_FILE" --format html
    if [[ $CALLGRIND == 1 ]]; then
        echo "bench: $TABLE_LABEL: callgrind on the floor, plan --format json, the table, markdown, html" >&2
        FLOOR_INSTR=$(instructions "$TABLE_LABEL.floor" "$FLOOR" "$TABLE_FILE")
        PLAN_INSTR=$(instructions "$TABLE_LABEL.plan" "$BIN" plan "$TABLE_FILE" --format json)
        INSTR[validate]=$(instructions "$TABLE_LABEL.validate" "$BIN" validate "$TABLE_FILE")
        INSTR[plan]=$PLAN_INSTR
        INSTR[table]=$(instructions "$TABLE_LABEL.table" "$BIN" plan "$TABLE_FILE")
        INSTR[markdown]=$(instructions "$TABLE_LABEL.markdown" "$BIN" plan "$TABLE_FILE" --format markdown)
        INSTR[html]=$(instructions "$TABLE_LABEL.html" "$BIN" plan "$TABLE_FILE" --format html)
    fi
fi

# Human units.
thousands() { awk -v n="$1" 'BEGIN { s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) } print n s }'; }
secs() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.1f ms", s * 1000; else printf "%.2f s", s }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

echo
echo "== medians =="
printf '%-16s %12s %12s %8s %12s %12s\n' scenario validate plan ratio "rss valid." "rss plan"
for label in "${LABELS[@]}"; do
    printf '%-16s %12s %12s %7sx %12s %12s\n' "$label" \
        "$(secs "${VALIDATE_WALL[$label]}")" "$(secs "${PLAN_WALL[$label]}")" \
        "$(ratio "${PLAN_WALL[$label]}" "${VALIDATE_WALL[$label]}")" \
        "$(mib "${VALIDATE_RSS[$label]}")" "$(mib "${PLAN_RSS[$label]}")"
done

# per_doubling R N1 N2: the ratio R between sizes N1 and N2 expressed per doubling, R^(1/log2(N2/N1)).
per_doubling() {
    awk -v r="$1" -v a="$2" -v b="$3" 'BEGIN { if (r + 0 <= 0 || a + 0 <= 0 || b <= a) print "nan"; else printf "%.2f\n", exp(log(r) * log(2) / log(b / a)) }'
}

# The growth curve: from one generated size to the next, the time (wall and CPU) and peak memory
# of `plan --format json`, as ratios and per doubling of the accounts (2.00 is linear).
GROWTH=()
prev=""
for i in "${!LABELS[@]}"; do
    [[ ${LABELS[$i]} == small ]] && continue
    if [[ -n $prev ]]; then
        a=${ACCOUNTS[$prev]}
        b=${ACCOUNTS[$i]}
        pl=${LABELS[$prev]}
        l=${LABELS[$i]}
        wr=$(ratio "${PLAN_WALL[$l]}" "${PLAN_WALL[$pl]}")
        cr=$(ratio "$(median "$BENCH_DIR/$l.plan.cpu")" "$(median "$BENCH_DIR/$pl.plan.cpu")")
        mr=$(ratio "${PLAN_RSS[$l]}" "${PLAN_RSS[$pl]}")
        GROWTH+=("$a|$b|$wr|$(per_doubling "$wr" "$a" "$b")|$cr|$(per_doubling "$cr" "$a" "$b")|$mr|$(per_doubling "$mr" "$a" "$b")")
    fi
    prev=$i
done
if [[ ${#GROWTH[@]} -gt 0 ]]; then
    echo
    echo "== growth of plan --format json (ratio to the previous size; per doubling of the accounts) =="
    printf '%-16s %16s %16s %16s\n' accounts "wall (/2x)" "cpu (/2x)" "memory (/2x)"
    for g in "${GROWTH[@]}"; do
        IFS='|' read -r a b wr wd cr cd mr md <<<"$g"
        printf '%-16s %16s %16s %16s\n' "$a -> $b" "${wr}x (${wd})" "${cr}x (${cd})" "${mr}x (${md})"
    done
fi

big=gen-${POINT}x${REGIONS}
double=gen-$((POINT * 2))x${REGIONS}
echo
echo "== targets =="
verdict() { awk -v v="$1" -v max="$2" 'BEGIN { if (v == "nan") print "too short to tell"; else print (v <= max ? "meets" : "MISSES") }'; }
if [[ -n ${PLAN_WALL[$big]:-} ]]; then
    w=${PLAN_WALL[$big]}
    r=${PLAN_RSS[$big]}
    pr=$(ratio "$w" "${VALIDATE_WALL[$big]}")
    echo "$(thousands "$POINT") x $REGIONS, $(thousands $((POINT * 10))) volumes: plan $(secs "$w") ($(verdict "$w" 3) < 3 s), peak $(mib "$r") ($(verdict "$r" 1048576) < 1 GiB)"
    echo "plan / validate at $(thousands "$POINT") x $REGIONS: ${pr}x"
    fr=$(ratio "$w" "${FLOOR_WALL[$big]}")
    echo "plan / bare toml::Table parse at $(thousands "$POINT") x $REGIONS: ${fr}x wall, floor $(secs "${FLOOR_WALL[$big]}")"
    pc=$(median "$BENCH_DIR/$big.plan.cpu")
    fc=$(median "$BENCH_DIR/$big.floor.cpu")
    echo "CPU (user + sys): plan --format json ${pc} s, floor ${fc} s, $(ratio "$pc" "$fc")x"
    if [[ -n $PLAN_INSTR ]]; then
        ir=$(ratio "$PLAN_INSTR" "$FLOOR_INSTR")
        echo "instructions (callgrind): plan --format json $(thousands "$PLAN_INSTR"), floor $(thousands "$FLOOR_INSTR"), ${ir}x ($(verdict "$ir" 1.2) <= 1.2x)"
    fi
fi
if [[ -n ${PLAN_WALL[$double]:-} ]]; then
    dr=$(ratio "${PLAN_WALL[$double]}" "${PLAN_WALL[$big]}")
    echo "doubling $(thousands "$POINT") -> $(thousands $((POINT * 2))) accounts: plan ${dr}x the time ($(verdict "$dr" 2.2) <= 2.2x)"
fi
if [[ -n ${PLAN_WALL[small]:-} ]]; then
    w=${PLAN_WALL[small]}
    echo "small scenario: plan $(secs "$w") ($(verdict "$w" 0.010) < 10 ms)"
fi

if [[ -n $TABLE_FILE ]]; then
    echo
    echo "== the table at $(thousands "$POINT") x $REGIONS (user + sys CPU, peak memory; medians) =="
    json_cpu=$(median "$BENCH_DIR/$TABLE_LABEL.plan.cpu")
    json_rss=$(median "$BENCH_DIR/$TABLE_LABEL.plan.rss")
    for kind in plan table topall; do
        c=$(median "$BENCH_DIR/$TABLE_LABEL.$kind.cpu")
        r=$(median "$BENCH_DIR/$TABLE_LABEL.$kind.rss")
        case $kind in
            plan) name="plan --format json" ;;
            table) name="plan (default table)" ;;
            topall) name="plan --top all" ;;
        esac
        printf '%-22s %8s s %12s  %sx CPU, %sx memory of JSON\n' "$name" "$c" "$(mib "$r")" \
            "$(ratio "$c" "$json_cpu")" "$(ratio "$r" "$json_rss")"
    done
    topall_cpu=$(ratio "$(median "$BENCH_DIR/$TABLE_LABEL.topall.cpu")" "$json_cpu")
    topall_rss=$(ratio "$(median "$BENCH_DIR/$TABLE_LABEL.topall.rss")" "$json_rss")
    echo "--top all: ${topall_cpu}x CPU ($(verdict "$topall_cpu" 1.5) <= 1.5x), ${topall_rss}x memory ($(verdict "$topall_rss" 1.3) <= 1.3x)"
    for kind in markdown html; do
        c=$(median "$BENCH_DIR/$TABLE_LABEL.$kind.cpu")
        r=$(median "$BENCH_DIR/$TABLE_LABEL.$kind.rss")
        printf '%-22s %8s s %12s  %sx CPU, %sx memory of JSON\n' "plan --format $kind" "$c" "$(mib "$r")" \
            "$(ratio "$c" "$json_cpu")" "$(ratio "$r" "$json_rss")"
    done
fi

if [[ -n $PLAN_INSTR ]]; then
    echo
    echo "== instructions at $(thousands "$POINT") x $REGIONS (callgrind) and CPU (user + sys, median) =="
    printf '%-22s %16s %10s %10s %8s\n' command instructions "/ floor" "/ JSON" "CPU"
    printf '%-22s %16s %10s %10s %8s\n' "bare parse (floor)" "$(thousands "$FLOOR_INSTR")" "1.00x" \
        "$(ratio "$FLOOR_INSTR" "$PLAN_INSTR")x" "$(median "$BENCH_DIR/$TABLE_LABEL.floor.cpu") s"
    for kind in validate plan table markdown html; do
        case $kind in
            validate) name="validate" ;;
            plan) name="plan --format json" ;;
            table) name="plan (default table)" ;;
            *) name="plan --format $kind" ;;
        esac
        n=${INSTR[$kind]}
        printf '%-22s %16s %10s %10s %8s\n' "$name" "$(thousands "$n")" "$(ratio "$n" "$FLOOR_INSTR")x" \
            "$(ratio "$n" "$PLAN_INSTR")x" "$(median "$BENCH_DIR/$TABLE_LABEL.$kind.cpu") s"
    done
    ir=$(ratio "$PLAN_INSTR" "$FLOOR_INSTR")
    echo "plan --format json: ${ir}x the floor ($(verdict "$ir" 1.2) <= 1.2x)"
    for kind in table markdown html; do
        r=$(ratio "${INSTR[$kind]}" "$PLAN_INSTR")
        echo "$kind: ${r}x the JSON plan ($(verdict "$r" 1.3) <= 1.3x)"
    done
fi

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)
timer="/usr/bin/time -f '%e %M' and the shell's clock"
[[ $HYPERFINE -eq 1 ]] && timer="hyperfine (wall) and /usr/bin/time -f '%M' (memory)"

echo
echo "== Markdown for the README =="
echo
echo "Measured on $(nproc) cores of ${cpu} with ${mem} of memory, $(uname -s) $(uname -m), $(rustc --version | cut -d' ' -f1-2);"
big_runs_note=""
[[ -n ${PLAN_WALL[$double]:-} ]] && big_runs_note=" (${BIG_RUNS} for $(thousands $((POINT * 2))) accounts)"
echo "median of ${RUNS} runs${big_runs_note}, timed with ${timer}."
echo "\`validate\` parses and validates only; the bare parse is \`examples/parse_floor.rs\` (a \`toml::Table\`, nothing else)."
echo
echo "| scenario | accounts × regions | volume blocks | file | validate | plan --format json | bare parse | peak memory: plan | peak memory: bare parse |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
for i in "${!LABELS[@]}"; do
    label=${LABELS[$i]}
    if [[ $label == small ]]; then
        name="\`$SMALL\`"
        shape="—"
        vols="—"
    else
        name="generated, seed $SEED"
        shape="$(thousands "${ACCOUNTS[$i]}") × $REGIONS"
        vols=$(thousands "${VOLUMES[$i]}")
    fi
    size=$(awk -v b="${SIZE[$label]}" 'BEGIN { if (b < 1024) printf "%d B", b; else if (b < 1048576) printf "%.0f KiB", b / 1024; else printf "%.1f MiB", b / 1048576 }')
    echo "| $name | $shape | $vols | $size | $(secs "${VALIDATE_WALL[$label]}") | $(secs "${PLAN_WALL[$label]}") | $(secs "${FLOOR_WALL[$label]}") | $(mib "${PLAN_RSS[$label]}") | $(mib "$(median "$BENCH_DIR/$label.floor.rss")") |"
done
if [[ -n ${PLAN_WALL[$double]:-} ]]; then
    echo
    echo "Doubling the accounts ($(thousands "$POINT") → $(thousands $((POINT * 2))), volumes with them) multiplies the plan time by $(ratio "${PLAN_WALL[$double]}" "${PLAN_WALL[$big]}")."
fi
if [[ -n $PLAN_INSTR ]]; then
    echo
    echo "At $(thousands "$POINT") × $REGIONS, callgrind counts $(thousands "$PLAN_INSTR") instructions for \`plan --format json\` and $(thousands "$FLOOR_INSTR") for the bare parse (\`examples/parse_floor.rs\`): $(ratio "$PLAN_INSTR" "$FLOOR_INSTR")×; CPU (user + sys) $(median "$BENCH_DIR/$big.plan.cpu") s and $(median "$BENCH_DIR/$big.floor.cpu") s."
    echo
    echo "| command | instructions | against the floor | against the JSON plan | CPU (user + sys) |"
    echo "|---|---:|---:|---:|---:|"
    echo "| bare \`toml::Table\` parse | $(thousands "$FLOOR_INSTR") | 1.00× | $(ratio "$FLOOR_INSTR" "$PLAN_INSTR")× | $(median "$BENCH_DIR/$TABLE_LABEL.floor.cpu") s |"
    for kind in validate plan table markdown html; do
        case $kind in
            validate) name="\`validate\`" ;;
            plan) name="\`plan --format json\`" ;;
            table) name="\`plan\` (default table)" ;;
            *) name="\`plan --format $kind\`" ;;
        esac
        n=${INSTR[$kind]}
        echo "| $name | $(thousands "$n") | $(ratio "$n" "$FLOOR_INSTR")× | $(ratio "$n" "$PLAN_INSTR")× | $(median "$BENCH_DIR/$TABLE_LABEL.$kind.cpu") s |"
    done
fi
if [[ ${#GROWTH[@]} -gt 0 ]]; then
    echo
    echo "| accounts | wall | per doubling | CPU | per doubling | peak memory | per doubling |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for g in "${GROWTH[@]}"; do
        IFS='|' read -r a b wr wd cr cd mr md <<<"$g"
        echo "| $(thousands "$a") → $(thousands "$b") | ${wr}× | ${wd}× | ${cr}× | ${cd}× | ${mr}× | ${md}× |"
    done
fi
echo
echo "Reproduce with \`scripts/bench.sh\` (generated files and raw timings land in \`$BENCH_DIR\`)."
