#!/usr/bin/env bash
# Renders a trailplan HTML report to a PNG with headless Chromium, to look at it as a browser does.
#
#   scripts/render-report.sh REPORT.html [OUT.png] [WIDTH,HEIGHT] [SCALE]
#   scripts/render-report.sh --scenario SCENARIO.toml [OUT.png] [WIDTH,HEIGHT] [SCALE]
#
# With --scenario the report is made first (`trailplan plan SCENARIO --format html`, built with
# cargo, --today 2026-11-25 so the picture does not change with the date). OUT defaults to
# report.png, the window to 1280,2000 CSS pixels and SCALE (pixels per CSS pixel) to 1; 0.6 makes a
# smaller picture of the same layout. Installs Debian's `chromium` package when it is missing.
# Chromium is kept quiet: no first run, sync, component updates or background networking.
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[ $# -ge 1 ] || usage
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$tmp" "$profile"' EXIT

if [ "$1" = "--scenario" ]; then
    [ $# -ge 2 ] || usage
    scenario="$2"
    shift 2
    report="$tmp/report.html"
    # A failed gate (exit 1) still prints its report; anything else is an error.
    status=0
    (cd "$root" && cargo run --quiet --release -- plan "$scenario" --today 2026-11-25 --format html) \
        > "$report" || status=$?
    [ "$status" -le 1 ] || exit "$status"
else
    report="$1"
    shift
fi
out="${1:-report.png}"
size="${2:-1280,2000}"
scale="${3:-1}"

[ -s "$report" ] || { echo "render-report: $report is missing or empty" >&2; exit 1; }

browser=""
for candidate in chromium chromium-browser; do
    if command -v "$candidate" > /dev/null 2>&1; then browser="$candidate"; break; fi
done
if [ -z "$browser" ]; then
    echo "render-report: installing Debian's chromium package" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update && $sudo apt-get install -y chromium
    browser=chromium
fi

abs_report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
case "$out" in /*) abs_out="$out" ;; *) abs_out="$PWD/$out" ;; esac

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --force-device-scale-factor="$scale" \
    --screenshot="$abs_out" --window-size="$size" "file://$abs_report" 2> "$tmp/chromium.log" || {
    cat "$tmp/chromium.log" >&2
    exit 1
}
[ -s "$abs_out" ] || { cat "$tmp/chromium.log" >&2; echo "render-report: no PNG written" >&2; exit 1; }
echo "render-report: wrote $abs_out" >&2
