#!/usr/bin/env bash
# Times the admin console on a database of N seeded readers, from nothing to a table of figures:
#
#   infra/admin-timings.sh --readers N [--runs R] [--connection '<connection string>'] [--no-build]
#
# --connection (default: $ConnectionStrings__Membership) names a PostgreSQL server on which its user may
# create databases; the database it names is left alone. With the private PostgreSQL of build.sh:
#   ./build.sh db                                  # starts it, prints its connection string
#   infra/admin-timings.sh --readers 1000000 --connection '<the printed string>'
#
# What it does:
# 1. builds the service in Release (unless --no-build: the caller has);
# 2. creates the database membership_admin_<N> if missing, applies the migrations, and seeds it once
#    with infra/seed-admin-dataset.sql (1,000,000 readers take several minutes; later runs reuse it);
# 3. starts the Release service on a free loopback port with all Stripe work off and a bootstrap admin;
# 4. signs in and times every admin page and JSON endpoint, deep pages among them (the readers list far
#    into the alphabet, the event log several pages back, the audit log a page back, a reader with
#    history), RUNS times each after one warm-up; then a grant and its end, and the streamed CSV export;
# 5. prints one table (page, status, median ms, max ms, bytes) and stops the service.
# Logs: .data/admin-timings/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/.data/admin-timings"
WEB_DLL="$ROOT/src/Membership.Web/bin/Release/net10.0/Membership.Web.dll"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'admin-timings: %s\n' "$*" >&2; exit 1; }

readers="" runs=5 connection="${ConnectionStrings__Membership:-}" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --readers) readers="${2:-}"; shift 2 ;;
    --runs) runs="${2:-}"; shift 2 ;;
    --connection) connection="${2:-}"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) die "unknown option $1 (see the top of infra/admin-timings.sh)" ;;
  esac
done
[[ "$readers" =~ ^[0-9]+$ ]] && [ "$readers" -ge 1000 ] || die "--readers must be a number of at least 1000"
[[ "$runs" =~ ^[0-9]+$ ]] && [ "$runs" -ge 1 ] || die "--runs must be a positive number"
[ -n "$connection" ] || die "no server: pass --connection '<connection string>' or set ConnectionStrings__Membership (./build.sh db prints one)"
for tool in psql curl dotnet; do command -v "$tool" >/dev/null || die "$tool is missing (psql: apt-get install postgresql-client)"; done
mkdir -p "$WORK"

# The server from the connection string, for psql; the timings' own database on it.
setting() { # name... -> the first of these keys the connection string has (case-insensitive)
  local key
  for key in "$@"; do
    echo "$connection" | tr ';' '\n' | awk -F= -v k="$key" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; found = 1; exit } END { exit !found }' && return
  done
  return 0
}
export PGHOST PGPORT PGUSER PGPASSWORD
PGHOST="$(setting Host Server)"; PGPORT="$(setting Port)"; PGPORT="${PGPORT:-5432}"
PGUSER="$(setting Username "User ID" User)"; PGPASSWORD="$(setting Password)"
DATABASE="membership_admin_$readers"
DB_CONNECTION="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$DATABASE"

if [ "$build" = 1 ]; then
  say "building the service (Release)"
  dotnet build "$ROOT/src/Membership.Web" -c Release --verbosity quiet -nologo -clp:NoSummary >"$WORK/build.log" 2>&1 \
    || die "the build failed (see $WORK/build.log)"
fi
[ -f "$WEB_DLL" ] || die "$WEB_DLL is missing: build in Release first (or leave out --no-build)"

if [ "$(psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  say "creating the database $DATABASE"
  psql -X -q -d postgres -c "CREATE DATABASE \"$DATABASE\"" || die "could not create the database $DATABASE"
fi
say "applying migrations to $DATABASE"
ConnectionStrings__Membership="$DB_CONNECTION" dotnet "$WEB_DLL" migrate >"$WORK/migrate.log" 2>&1 \
  || die "migrating $DATABASE failed (see $WORK/migrate.log)"
say "seeding $readers readers into $DATABASE (once per size)"
started=$SECONDS
psql -X -q -d "$DATABASE" -v readers="$readers" -f "$ROOT/infra/seed-admin-dataset.sql" >"$WORK/seed.log" 2>&1 \
  || die "seeding failed (see $WORK/seed.log)"
say "seed ready after $((SECONDS - started)) s"

# Ids to ask about, from the seed's deterministic readers: 201 has two subscriptions, their history and
# events; 205 a grant and audit entries (2 and 206 at the smallest size).
sql() { psql -X -d "$DATABASE" -tAc "$1"; }
reader="$(sql "SELECT id FROM readers WHERE id = md5('reader201')::uuid UNION ALL SELECT md5('reader2')::uuid LIMIT 1")"
granted="$(sql "SELECT reader_id FROM grants ORDER BY reader_id = md5('reader205')::uuid DESC LIMIT 1")"
email="$(sql "SELECT email FROM readers WHERE id = '$reader'")"
plan="$(sql "SELECT key FROM plans WHERE NOT archived ORDER BY key LIMIT 1")"
[ -n "$reader" ] && [ -n "$granted" ] && [ -n "$plan" ] || die "the seed lacks the readers and plans this script asks about"

# The service: Release, its own port, Stripe work off (nothing listens on port 9), a bootstrap admin.
port=""
for candidate in $(seq 5180 5280); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
done
[ -n "$port" ] || die "no free port between 5180 and 5280"
BASE="http://127.0.0.1:$port"
ADMIN_EMAIL="admin-timings@example.test"
ADMIN_PASSWORD="Timings-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
JAR="$WORK/cookies.txt"
say "starting the service on $BASE"
env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Membership="$DB_CONNECTION" \
  Membership__Port="$port" Membership__PublicUrl="$BASE" Membership__SiteOrigins="$BASE" \
  Membership__Bootstrap__AdminEmail="$ADMIN_EMAIL" Membership__Bootstrap__AdminPassword="$ADMIN_PASSWORD" \
  Membership__Bootstrap__SiteApiKey= \
  Stripe__SecretKey=sk_test_timings Stripe__WebhookSecret=whsec_timings Stripe__ApiBase=http://127.0.0.1:9 \
  Billing__SyncCatalogAtStart=false Billing__ScheduledSync=false Billing__ProcessEvents=false Billing__SeedPlans=false \
  Logging__LogLevel__Default=Warning \
  dotnet "$WEB_DLL" >"$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill "$SERVICE" 2>/dev/null; wait "$SERVICE" 2>/dev/null; rm -f "$JAR"' EXIT
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null && break
  kill -0 "$SERVICE" 2>/dev/null || die "the service stopped at start (see $WORK/service.log)"
  sleep 0.1
done
curl -fsS -o /dev/null "$BASE/readyz" || die "the service is not ready (see $WORK/service.log)"

rm -f "$JAR"
curl -fsS -o /dev/null -c "$JAR" -H 'content-type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$BASE/api/v1/account/login?useCookies=true" \
  || die "could not sign in as $ADMIN_EMAIL"

get() { curl -fsS -b "$JAR" "$BASE$1"; }
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
# Deep cursors, each one keyset read: readers from "zoe" on (far into the list), five pages of 200
# events back, a page of audit entries back.
readers_cursor="$(get '/api/v1/admin/readers?query=zoe' | field nextCursor)"
events_cursor=""
for _ in 1 2 3 4 5; do
  events_cursor="$(get "/api/v1/admin/stripe-events?limit=200${events_cursor:+&cursor=$events_cursor}" | field nextCursor)"
done
audit_cursor="$(get '/api/v1/admin/audit' | field nextCursor)"

urls=(
  /admin
  /admin/readers
  "/admin/readers?query=alice"
  "/admin/readers?query=$email"
  "/admin/readers?cursor=$readers_cursor"
  "/admin/readers/$reader"
  "/admin/readers/$granted"
  /admin/plans
  "/admin/plans/$plan"
  "/admin/plans/$plan?confirm=archive"
  /admin/events
  "/admin/events?status=failed"
  "/admin/events?type=invoice.payment_failed"
  "/admin/events?cursor=$events_cursor"
  /admin/audit
  "/admin/audit?cursor=$audit_cursor"
  "/admin/audit?actor=editor"
  "/admin/audit?action=grant.end"
  "/admin/audit?readerId=$granted"
  /admin/keys
  /api/v1/admin/metrics
  /api/v1/admin/readers
  "/api/v1/admin/readers?query=bob"
  "/api/v1/admin/readers?query=$email"
  "/api/v1/admin/readers?query=$reader"
  "/api/v1/admin/readers?cursor=$readers_cursor"
  "/api/v1/admin/readers/$reader"
  "/api/v1/admin/readers/$reader/explain"
  /api/v1/admin/plans
  "/api/v1/admin/plans/$plan"
  /api/v1/admin/audit
  "/api/v1/admin/audit?cursor=$audit_cursor"
  "/api/v1/admin/audit?readerId=$granted"
  /api/v1/admin/stripe-events
  "/api/v1/admin/stripe-events?status=failed"
  "/api/v1/admin/stripe-events?type=invoice.payment_failed"
  "/api/v1/admin/stripe-events?cursor=$events_cursor"
  /api/v1/admin/api-keys
)

# One line: status, seconds to the first byte, seconds in all, bytes.
measure() { curl -s -o /dev/null -b "$JAR" -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}\n' "$@"; }
ms() { awk '{ printf "%.0f", $1 * 1000 }'; }
# Ids and cursors are long: the table names the readers and shortens the cursors.
label() { echo "$1" | sed -E "s/$reader/{reader}/; s/$granted/{granted}/; s/(cursor=)([^&]{8})[^&]*/\\1\\2.../"; }
row() { printf '%-58s %6s %9s %9s %10s\n' "$@"; }

echo
echo "Admin console at $readers readers: Release, $(nproc) CPU(s), $runs runs after a warm-up, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "{reader} = $reader ($email: two subscriptions, their history and events); {granted} = $granted (a grant, audit entries)"
row page status median_ms max_ms bytes
slowest=0 failures=0
for url in "${urls[@]}"; do
  measure "$BASE$url" >/dev/null
  times=()
  for ((i = 0; i < runs; i++)); do
    read -r status _ total bytes < <(measure "$BASE$url")
    times+=("$total")
  done
  sorted="$(printf '%s\n' "${times[@]}" | sort -n)"
  median="$(printf '%s\n' "$sorted" | sed -n "$(((runs + 1) / 2))p" | ms)"
  max="$(printf '%s\n' "$sorted" | tail -1 | ms)"
  [ "$median" -gt "$slowest" ] && slowest="$median"
  [[ "$status" == 2* ]] || failures=$((failures + 1))
  row "$(label "$url")" "$status" "$median" "$max" "$bytes"
done

# Writes, once each: a grant and its end, each an audited change announced to every instance.
grant_json="$WORK/grant.json"
read -r status _ total _ < <(curl -s -o "$grant_json" -b "$JAR" -H 'content-type: application/json' \
  -d '{"feature":"ad_free","reason":"timing run"}' -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}\n' \
  "$BASE/api/v1/admin/readers/$reader/grants")
row "POST /api/v1/admin/readers/{id}/grants" "$status" "$(echo "$total" | ms)" - -
grant="$(field id <"$grant_json")"
read -r status _ total _ < <(measure -X DELETE "$BASE/api/v1/admin/grants/$grant")
row "DELETE /api/v1/admin/grants/{id}" "$status" "$(echo "$total" | ms)" - -

# The export streams every reader: the first byte comes at once, the whole file takes longer.
read -r status first_byte total bytes < <(measure "$BASE/api/v1/admin/export/readers.csv")
row "/api/v1/admin/export/readers.csv (first byte)" "$status" "$(echo "$first_byte" | ms)" - -
row "/api/v1/admin/export/readers.csv (all of it)" "$status" "$(echo "$total" | ms)" - "$bytes"
echo "slowest median of the pages and endpoints above: $slowest ms (target: under 500 ms)"
[ "$failures" = 0 ] || die "$failures of them did not answer 2xx (see $WORK/service.log)"
