#!/bin/sh
# Fuzzes every target for a bounded time each (FUZZ_SECONDS, default 60) with cargo-fuzz on the
# stable toolchain. A crash fails the script and leaves its input in fuzz/artifacts/<target>/.
set -eu
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
# LeakSanitizer reports a leak inside glibc's own allocations at exit (see fuzz/README.md).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
for target in scenario cloudformation terraform aws_cli usage_logs usage_lookup usage_csv bill usage_metrics render; do
    dict=""
    [ "$target" = scenario ] && dict="-dict=fuzz/scenario.dict"
    echo "fuzzing $target for ${seconds}s"
    # shellcheck disable=SC2086
    cargo fuzz run "$target" -- -max_total_time="$seconds" -max_len=8192 -timeout=10 \
        -detect_leaks=0 $dict
done
