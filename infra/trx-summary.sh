#!/usr/bin/env bash
# Sums the counters of every TRX file in a folder and prints the one closing line:
#   tests: N passed, N failed[, N skipped]
# Exits non-zero when a test failed or a test project left no results (it crashed or never ran).
set -euo pipefail
results="$1" expected_files="${2:-0}"

passed=0 failed=0 skipped=0 files=0
counter() { grep -o "$1=\"[0-9]*\"" <<<"$2" | head -1 | grep -o '[0-9]*' || echo 0; }
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  line="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  total=$(counter total "$line")
  executed=$(counter executed "$line")
  passed=$((passed + $(counter passed "$line")))
  failed=$((failed + $(counter failed "$line") + $(counter error "$line") + $(counter timeout "$line") + $(counter aborted "$line")))
  skipped=$((skipped + total - executed))
done

line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"

if [ "$files" -lt "$expected_files" ]; then
  echo "trx-summary: $((expected_files - files)) test project(s) produced no results" >&2
  exit 1
fi
[ "$failed" -eq 0 ]
