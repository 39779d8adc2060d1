#!/usr/bin/env bash
# Keeps one open issue with the latest report of `make links` (see workflows/links.yml).
# Usage: links-issue.sh REPORT, with STATUS (links' exit code) and RUN_URL set, and gh
# logged in to the repository (GH_TOKEN, GH_REPO).
#   STATUS=1: opens the issue with the report, or replaces the open one's text with it;
#   STATUS=0: closes the open issue, if there is one.
set -euo pipefail
report=$1
title="Dead source links"

number=$(gh issue list --state open --search "\"$title\" in:title" --json number,title \
  --jq ".[] | select(.title == \"$title\") | .number" | head -n 1)

if [ "$STATUS" = 0 ]; then
  if [ -n "$number" ]; then
    gh issue close "$number" --comment "Every source link answers again: $RUN_URL"
  fi
  exit 0
fi

body=$(mktemp)
{
  echo "The source-link check ($RUN_URL) found links that no longer work."
  echo "Each line names the file, line and column of the URL; \`make links\` prints the same."
  echo
  echo '```text'
  grep -v '^::' "$report"  # the workflow annotations are for the run's page, not the issue
  echo '```'
} > "$body"

if [ -n "$number" ]; then
  gh issue edit "$number" --body-file "$body"
else
  gh issue create --title "$title" --body-file "$body"
fi
