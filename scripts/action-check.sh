#!/usr/bin/env bash
# The `trailplan check` step of the GitHub Action (action.yml): runs the gate on the scenarios,
# writes the markdown and SARIF reports, and adds the markdown to the job's step summary.
#
# Inputs come from the environment (the action's inputs): INPUT_SCENARIOS (file names or globs,
# separated by spaces), INPUT_FAIL_ON, INPUT_BASELINE, INPUT_COMMENT_TAG, INPUT_MARKDOWN,
# INPUT_SARIF; GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are the runner's files. The exit code is
# trailplan's: 0 passed, 1 the gate failed, 2 usage, 3 invalid input.
#
# The checked-out files are a pull request's, so none of them is trusted:
#   * Scenario names come after `--`: a file named `--prices=.p.toml` is a scenario, not an option.
#   * Option values are passed as `--option=VALUE`, so a value cannot become an option either.
#   * The reports are written to a fresh private folder, then copied over the report paths once
#     whatever was there (a symbolic link to `.git/config` or `/proc/self/environ`) is removed.
#   * The step summary is read only from the regular file this step just wrote, never through a
#     link, and at most 1 MiB of it (GitHub's limit for one step's summary).
set -euo pipefail

markdown="${INPUT_MARKDOWN:-trailplan.md}"
sarif="${INPUT_SARIF:-trailplan.sarif}"
# GitHub's limit for the summary of one step.
summary_limit=1048576

work="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/trailplan.XXXXXXXX")"
trap 'rm -rf -- "$work"' EXIT
fresh_markdown="$work/report.md"
fresh_sarif="$work/report.sarif"

# Removes whatever is at a report's path (a file or a link; never what a link points to). A
# folder there is refused: the report cannot be put in its place.
clear_path() {
    rm -f -- "$1" 2> /dev/null || true
    if [ -e "$1" ] || [ -L "$1" ]; then
        echo "trailplan: $1 is in the way of the report (a folder?); remove it" >&2
        if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "exit-code=2" >> "$GITHUB_OUTPUT"; fi
        exit 2
    fi
}

# A regular file that is not a link.
regular() { [ -f "$1" ] && [ ! -L "$1" ]; }

clear_path "$markdown"
clear_path "$sarif"

args=(check)
if [ -n "${INPUT_FAIL_ON:-}" ]; then args+=("--fail-on=$INPUT_FAIL_ON"); fi
if [ -n "${INPUT_BASELINE:-}" ]; then args+=("--baseline=$INPUT_BASELINE"); fi
if [ -n "${INPUT_COMMENT_TAG:-}" ]; then args+=("--comment-tag=$INPUT_COMMENT_TAG"); fi
args+=(--format=markdown "--output=$fresh_markdown" --format=sarif "--output=$fresh_sarif" --)
# Split on spaces and expand globs (scenarios/*.toml); a pattern that matches nothing stays as
# written, and trailplan names it as a missing file. Everything after `--` is a file name.
# shellcheck disable=SC2086
for scenario in ${INPUT_SCENARIOS:-}; do args+=("$scenario"); done

code=0
trailplan "${args[@]}" || code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "exit-code=$code" >> "$GITHUB_OUTPUT"; fi

# A report exists only when this run wrote it (exit 0 or 1); an error (2, 3) leaves none, and
# nothing is published.
if regular "$fresh_markdown"; then
    cp -- "$fresh_markdown" "$markdown"
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        head -c "$summary_limit" -- "$fresh_markdown" >> "$GITHUB_STEP_SUMMARY"
    fi
fi
if regular "$fresh_sarif"; then cp -- "$fresh_sarif" "$sarif"; fi
exit "$code"
