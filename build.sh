#!/usr/bin/env bash
# The two commands a newcomer needs (and a few more):
#   ./build.sh run       build, migrate, start the Stripe emulator if no real key, serve on 127.0.0.1:5080
#                        (--fresh-stripe: the emulator forgets its saved state and starts empty)
#   ./build.sh test      build once, run every test project, print "tests: N passed, N failed"
#   ./build.sh migrate   apply migrations to the configured (or private) database
#   ./build.sh db        start the private PostgreSQL and print its connection string
#   ./build.sh bench     load-test the hot path beside a bare ASP.NET Core anchor (see README);
#                        `bench admin --readers N` times the admin console; `bench renewals --subscriptions N`
#                        times a renewal day through the Stripe event worker; `bench import --subscriptions N`
#                        times importing N Stripe subscriptions (dry run, apply, apply again)
#   ./build.sh drill     two instances behind nginx, the emulator and PostgreSQL; kill, restart and hang them
#                        under load and print what readers saw (infra/drill.sh); non-zero when a target is missed
#   ./build.sh deps      print which feature namespaces use which, and the pairs that use each other both ways
#                        (--why Billing Admin: which types make that edge)
# Whatever the caller sets in the environment wins over the defaults here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
DATA="$ROOT/.data"
CONFIGURATION="${CONFIGURATION:-Debug}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# shellcheck source=infra/postgres.sh
source "$ROOT/infra/postgres.sh"

require_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: install it from https://dot.net (see global.json for the version)"
}

apt_install() {
  is_root || die "missing $*: install it with: sudo apt-get install -y $*"
  command -v apt-get >/dev/null || die "missing $*: install it with your package manager"
  say "installing $*"
  if ! apt-get install -y --no-install-recommends "$@" >"$DATA/apt.log" 2>&1; then
    apt-get update >>"$DATA/apt.log" 2>&1 || true
    apt-get install -y --no-install-recommends "$@" >>"$DATA/apt.log" 2>&1 || die "could not install $* (see $DATA/apt.log)"
  fi
}

build_solution() {
  require_dotnet
  say "restoring and building ($CONFIGURATION)"
  dotnet restore Membership.sln --verbosity quiet
  dotnet build Membership.sln --no-restore -c "$CONFIGURATION" --verbosity quiet -nologo -clp:NoSummary
}

web_dll() { echo "$ROOT/src/Membership.Web/bin/$CONFIGURATION/net10.0/Membership.Web.dll"; }
emulator_dll() { echo "$ROOT/src/Membership.StripeEmulator/bin/$CONFIGURATION/net10.0/Membership.StripeEmulator.dll"; }

# Without ConnectionStrings__Membership: the private cluster under .data/, started if needed.
use_database() {
  if [ -n "${ConnectionStrings__Membership:-}" ]; then return; fi
  pg_start
  export ConnectionStrings__Membership
  ConnectionStrings__Membership="$(pg_connection_string membership)"
}

migrate() {
  say "applying migrations"
  dotnet "$(web_dll)" migrate
}

# Stops what this invocation started, in reverse order.
CHILDREN=()
cleanup() {
  local pid
  for pid in "${CHILDREN[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  pg_stop_if_started
}

wait_for_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

secret_file() { # name -> prints a secret kept in .data/, generated once
  local file="$DATA/$1"
  if [ ! -s "$file" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

cmd_run() {
  local fresh_stripe=0
  if [ "${1:-}" = --fresh-stripe ]; then fresh_stripe=1; shift; fi
  build_solution
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  use_database
  migrate

  local port="${Membership__Port:-5080}"
  export Membership__Port="$port"
  export Membership__PublicUrl="${Membership__PublicUrl:-http://127.0.0.1:$port}"
  export Membership__SiteName="${Membership__SiteName:-Example News}"
  export Membership__SiteOrigins="${Membership__SiteOrigins:-http://127.0.0.1:$port}"
  export Membership__Bootstrap__AdminEmail="${Membership__Bootstrap__AdminEmail:-admin@example.test}"
  export Membership__Bootstrap__AdminPassword="${Membership__Bootstrap__AdminPassword:-Admin-$(secret_file admin-password)}"
  export Membership__Bootstrap__SiteApiKey="${Membership__Bootstrap__SiteApiKey:-site_$(secret_file site-api-key)}"
  export Billing__SeedPlans="${Billing__SeedPlans:-true}"
  export Smtp__PickupDirectory="${Smtp__PickupDirectory:-$DATA/mail}"

  if [ -z "${Stripe__SecretKey:-}" ]; then
    local emulator_port="${Emulator__Port:-12111}"
    # The emulator keeps its state here between runs, as Azurite or LocalStack would.
    export Emulator__DataDirectory="${Emulator__DataDirectory:-$DATA/stripe-emulator}"
    if [ "$fresh_stripe" = 1 ]; then
      say "forgetting the Stripe emulator's saved state ($Emulator__DataDirectory)"
      rm -rf "$Emulator__DataDirectory"
    fi
    export Stripe__SecretKey=sk_test_emulator Stripe__WebhookSecret=whsec_emulator
    export Stripe__ApiBase="${Stripe__ApiBase:-http://127.0.0.1:$emulator_port}"
    say "starting the Stripe emulator on http://127.0.0.1:$emulator_port"
    Emulator__Port="$emulator_port" Emulator__WebhookUrl="$Membership__PublicUrl/webhooks/stripe" \
      dotnet "$(emulator_dll)" &
    CHILDREN+=("$!")
    wait_for_port "$emulator_port" 30 || die "the Stripe emulator did not start on port $emulator_port"
  fi

  # The project folder is the content root, as in `dotnet run`: appsettings.json and wwwroot are found.
  ASPNETCORE_CONTENTROOT="$ROOT/src/Membership.Web" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}" dotnet "$(web_dll)" &
  CHILDREN=("$!" "${CHILDREN[@]}")
  if wait_for_port "$port" 60; then
    cat >&2 <<EOF

  Membership is running at $Membership__PublicUrl  (Ctrl-C stops everything)
    sign in as admin:  $Membership__Bootstrap__AdminEmail / $Membership__Bootstrap__AdminPassword
    site API key:      $Membership__Bootstrap__SiteApiKey
    API reference:     $Membership__PublicUrl/docs
    demo article:      $Membership__PublicUrl/demo/article  (stand-in ad server: http://127.0.0.1:${Membership__DemoAdPort:-5081})
    mail (no SMTP):    $Smtp__PickupDirectory

EOF
  fi
  wait "${CHILDREN[0]}"
}

cmd_migrate() {
  build_solution
  trap cleanup EXIT
  use_database
  migrate
}

cmd_db() {
  pg_start
  PG_STARTED_HERE=0 # keep it running: that is what was asked
  pg_connection_string membership
}

ensure_chromium() {
  [ -d tests/Membership.BrowserTests ] || return 0
  if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
  export PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium
}

# The edge example's test (infra/edge) starts nginx with njs.
ensure_nginx_njs() {
  [ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || apt_install nginx libnginx-mod-http-js
}

# The Stripe emulator's contract test checks its objects with tsc against the stripe npm package's declarations.
ensure_contract_packages() {
  local dir="$ROOT/tests/Membership.StripeEmulator.Tests/Contract/TypeScript"
  [ -f "$dir/package-lock.json" ] || return 0
  if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
  # npm ci only when package-lock.json changed since the last install (npm keeps a copy in node_modules).
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing the Stripe contract test's npm packages"
    (cd "$dir" && npm ci --no-audit --no-fund) >"$DATA/npm.log" 2>&1 || die "npm ci failed in $dir (see $DATA/npm.log)"
  fi
}

cmd_test() {
  build_solution
  trap cleanup EXIT
  ensure_chromium
  ensure_nginx_njs
  ensure_contract_packages
  use_database
  local results="$ROOT/TestResults"
  rm -rf "$results"
  mkdir -p "$results"

  local projects=() status=0 project name
  while IFS= read -r project; do projects+=("$project"); done < <(find tests -name '*Tests.csproj' | sort)
  for project in "${projects[@]}"; do
    name="$(basename "$project" .csproj)"
    say "testing $name"
    dotnet test "$project" --no-build -c "$CONFIGURATION" --nologo --verbosity quiet \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
  done
  "$ROOT/infra/trx-summary.sh" "$results" "${#projects[@]}" || status=1
  return "$status"
}

cmd_bench() {
  CONFIGURATION=Release build_solution
  trap cleanup EXIT
  use_database
  if [ "${1:-}" = admin ]; then # ./build.sh bench admin --readers N: the admin console's page timings
    shift
    "$ROOT/infra/admin-timings.sh" --no-build --connection "$ConnectionStrings__Membership" "$@"
    return
  fi
  if [ "${1:-}" = renewals ]; then # ./build.sh bench renewals --subscriptions N: renewal day through the worker
    shift
    say "measuring a renewal day (N subscriptions renewing at once on one test clock)"
    dotnet "$ROOT/tests/Membership.Bench/bin/Release/net10.0/Membership.Bench.dll" renewals "$@"
    return
  fi
  if [ "${1:-}" = import ]; then # ./build.sh bench import --subscriptions N: importing N Stripe subscriptions (default 10000)
    shift
    say "measuring an import of N Stripe subscriptions (dry run, apply, apply again)"
    dotnet "$ROOT/tests/Membership.Bench/bin/Release/net10.0/Membership.Bench.dll" import "$@"
    return
  fi
  if [ -f "$ROOT/infra/bench.sh" ]; then
    CONFIGURATION=Release source "$ROOT/infra/bench.sh" "$@"
  fi
  say "measuring the Stripe event worker (events applied per second by one instance)"
  dotnet "$ROOT/tests/Membership.Bench/bin/Release/net10.0/Membership.Bench.dll" worker
}

cmd_drill() {
  [ -n "${ConnectionStrings__Membership:-}" ] && DRILL_SERVER_SET=1
  build_solution
  trap cleanup EXIT
  use_database
  # shellcheck source=infra/drill.sh
  source "$ROOT/infra/drill.sh"
  drill_run "$@"
}

# The namespace dependency graph of the web project, read from its IL, and its two-way pairs.
cmd_deps() {
  require_dotnet
  dotnet build src/Membership.Web -c "$CONFIGURATION" --verbosity quiet -nologo -clp:NoSummary >&2
  dotnet build tests/Membership.Architecture -c "$CONFIGURATION" --verbosity quiet -nologo -clp:NoSummary >&2
  dotnet "$ROOT/tests/Membership.Architecture/bin/$CONFIGURATION/net10.0/Membership.Architecture.dll" "$(web_dll)" "$@"
}

mkdir -p "$DATA"
command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  run) cmd_run "$@" ;;
  test) cmd_test "$@" ;;
  migrate) cmd_migrate "$@" ;;
  db) cmd_db "$@" ;;
  bench) cmd_bench "$@" ;;
  deps) cmd_deps "$@" ;;
  drill) cmd_drill "$@" ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
