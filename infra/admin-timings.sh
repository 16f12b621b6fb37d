#!/usr/bin/env bash
# Times every admin page and JSON endpoint of a running service, signed in as an admin (cookie),
# and prints one line per URL: status, median and slowest of $RUNS runs (after one warm-up), bytes.
#
#   infra/admin-timings.sh [base-url]      # default http://127.0.0.1:5080
#   ADMIN_EMAIL=... ADMIN_PASSWORD=... RUNS=5 infra/admin-timings.sh
#
# The figures in the admin console's report came from a Release build on a scratch database holding
# 1,000,000 readers (infra/seed-admin-dataset.sql), e.g.:
#   createdb admin_perf && ConnectionStrings__Membership=...admin_perf dotnet src/Membership.Web/bin/Release/net10.0/Membership.Web.dll migrate
#   psql .../admin_perf -v readers=1000000 -f infra/seed-admin-dataset.sql
#   ConnectionStrings__Membership=... Membership__Bootstrap__AdminEmail=... Membership__Bootstrap__AdminPassword=... \
#     Billing__SyncCatalogAtStart=false Billing__ProcessEvents=false dotnet src/Membership.Web/bin/Release/net10.0/Membership.Web.dll
set -euo pipefail

BASE="${1:-http://127.0.0.1:5080}"
EMAIL="${ADMIN_EMAIL:-admin@example.test}"
PASSWORD="${ADMIN_PASSWORD:?set ADMIN_PASSWORD to the admin password}"
RUNS="${RUNS:-5}"
JAR="$(mktemp)"
trap 'rm -f "$JAR"' EXIT

curl -sf -c "$JAR" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/account/login?useCookies=true" >/dev/null \
  || { echo "admin-timings: could not sign in as $EMAIL at $BASE" >&2; exit 1; }

get() { curl -sf -b "$JAR" "$BASE$1"; }
first() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

# Real ids to ask about: a reader who subscribed (has history and events), a plan, a second page.
reader_page="$(get '/api/v1/admin/readers?query=carol.2')"
reader="$(printf '%s' "$reader_page" | first id)"
email="$(printf '%s' "$reader_page" | first email)"
plan="$(get /api/v1/admin/plans | first key)"
cursor="$(get '/api/v1/admin/readers?query=a' | first nextCursor)"
audit_cursor="$(get '/api/v1/admin/audit' | first nextCursor)"
echo "reader $reader ($email), plan $plan" >&2

urls=(
  /admin
  /admin/readers
  "/admin/readers?query=alice"
  "/admin/readers?query=$email"
  "/admin/readers?query=a&cursor=$cursor"
  "/admin/readers/$reader"
  /admin/plans
  "/admin/plans/$plan"
  /admin/events
  "/admin/events?status=failed"
  /admin/audit
  "/admin/audit?actor=editor"
  /admin/keys
  /api/v1/admin/metrics
  /api/v1/admin/readers
  "/api/v1/admin/readers?query=bob"
  "/api/v1/admin/readers?query=$email"
  "/api/v1/admin/readers?query=$reader"
  "/api/v1/admin/readers?query=a&cursor=$cursor"
  "/api/v1/admin/readers/$reader"
  "/api/v1/admin/readers/$reader/explain"
  /api/v1/admin/plans
  "/api/v1/admin/plans/$plan"
  /api/v1/admin/audit
  "/api/v1/admin/audit?cursor=$audit_cursor"
  "/api/v1/admin/audit?readerId=$reader"
  /api/v1/admin/stripe-events
  "/api/v1/admin/stripe-events?status=failed"
  "/api/v1/admin/stripe-events?type=invoice.payment_failed"
  /api/v1/admin/api-keys
)

# One line: status, seconds to first byte, seconds in all, bytes.
measure() { curl -s -o /dev/null -b "$JAR" -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}\n' "$@"; }
ms() { awk '{ printf "%.0f", $1 * 1000 }'; }

printf '%-6s %9s %9s %10s  %s\n' status median_ms max_ms bytes url
for url in "${urls[@]}"; do
  measure "$BASE$url" >/dev/null
  times=()
  for ((i = 0; i < RUNS; i++)); do
    read -r status _ total bytes < <(measure "$BASE$url")
    times+=("$total")
  done
  sorted="$(printf '%s\n' "${times[@]}" | sort -n)"
  median="$(printf '%s\n' "$sorted" | sed -n "$(((RUNS + 1) / 2))p" | ms)"
  max="$(printf '%s\n' "$sorted" | tail -1 | ms)"
  printf '%-6s %9s %9s %10s  %s\n' "$status" "$median" "$max" "$bytes" "$url"
done

# Writes: a grant and its end, each one audited change.
grant_json="$(mktemp)"
read -r status _ total _ < <(curl -s -o "$grant_json" -b "$JAR" -H 'content-type: application/json' \
  -d '{"feature":"ad_free","reason":"timing run"}' -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}\n' \
  "$BASE/api/v1/admin/readers/$reader/grants")
printf '%-6s %9s %9s %10s  %s\n' "$status" "$(echo "$total" | ms)" - - "POST /api/v1/admin/readers/{id}/grants"
grant="$(first id <"$grant_json")"
rm -f "$grant_json"
read -r status _ total _ < <(measure -X DELETE "$BASE/api/v1/admin/grants/$grant")
printf '%-6s %9s %9s %10s  %s\n' "$status" "$(echo "$total" | ms)" - - "DELETE /api/v1/admin/grants/{id}"

# The export streams every reader: the first byte comes at once, the whole file takes longer.
read -r status first_byte total bytes < <(measure "$BASE/api/v1/admin/export/readers.csv")
printf '%-6s first byte %s ms, all %s ms, %s bytes  %s\n' "$status" "$(echo "$first_byte" | ms)" "$(echo "$total" | ms)" "$bytes" /api/v1/admin/export/readers.csv
