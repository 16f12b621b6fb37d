#!/usr/bin/env bash
# Load test of the site-facing hot path; run it as `./build.sh bench [options]`, which builds in
# Release, provides PostgreSQL and sources this file (so say/die/apt_install/wait_for_port exist).
#
#   --readers N        readers in the bench database (default 100000); seeded once per size
#   --duration D       each wrk run, e.g. 10s (default 10s)
#   --connections C    wrk connections (default 64)
#   --threads T        wrk threads (default 2)
#
# Uses its own database per size (membership_bench_<N>) on the same server, seeded with
# infra/seed-readers.sql; first drives the speed anchor (tests/Membership.Bench.Anchor: a bare ASP.NET
# Core app doing the same lookup from a frozen dictionary) with the same ids, key and wrk scripts, then
# starts the service in Release with Stripe work turned off and drives it the same way; prints
# requests/s, p50, p99, each figure as a share of the anchor's in the same run, and the service's peak
# memory (VmHWM).

bench_main() {
  local readers=100000 duration=10s connections=64 threads=2
  while [ $# -gt 0 ]; do
    case "$1" in
      --readers) readers="$2"; shift 2 ;;
      --duration) duration="$2"; shift 2 ;;
      --connections) connections="$2"; shift 2 ;;
      --threads) threads="$2"; shift 2 ;;
      *) die "bench: unknown option $1 (see infra/bench.sh)" ;;
    esac
  done
  [[ "$readers" =~ ^[0-9]+$ ]] && [ "$readers" -ge 1000 ] || die "bench: --readers must be a number of at least 1000"
  command -v wrk >/dev/null || apt_install wrk
  command -v psql >/dev/null || apt_install postgresql-client
  command -v curl >/dev/null || apt_install curl

  BENCH_WORK="$DATA/bench"
  mkdir -p "$BENCH_WORK"
  bench_database "$readers"

  local key="site_bench_$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  local ids="$BENCH_WORK/ids-$readers.txt"
  bench_psql -tAc "SELECT md5('bench-reader-' || n)::uuid FROM generate_series(1, $readers) n" >"$ids"
  export BENCH_IDS="$ids" BENCH_KEY="$key" BENCH_THREADS="$threads"
  local wrk_args=(-t "$threads" -c "$connections" -d "$duration" --latency)
  BENCH_ROWS=()

  say "starting the speed anchor (a bare ASP.NET Core app, same lookup)"
  bench_start_anchor
  bench_wrk "anchor GET /healthz" anchor-healthz "${wrk_args[@]}" "$BENCH_URL/healthz"
  bench_wrk "anchor GET /api/v1/entitlements/{id}" anchor-lookup "${wrk_args[@]}" -s "$ROOT/infra/bench/lookup.lua" "$BENCH_URL"
  bench_wrk "anchor POST /api/v1/entitlements/batch" anchor-batch "${wrk_args[@]}" -s "$ROOT/infra/bench/batch.lua" "$BENCH_URL"
  BENCH_ANCHOR_PEAK="$(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$BENCH_PID/status")"
  bench_stop_service

  say "starting the service (Release, cache on)"
  # Room for every seeded reader and the few the bench signs in (the default holds 1,000,000).
  local cache_size=$((readers + 1000 > 1000000 ? readers + 1000 : 1000000))
  bench_start_service warm "$key" Entitlements__CacheSize="$cache_size"
  # The baseline is taken in the same state as the lookups it is compared with: every reader cached.
  bench_warm_up "$readers" "$threads" "$connections"
  bench_wrk "GET /healthz" healthz "${wrk_args[@]}" "$BENCH_URL/healthz"
  bench_wrk "warm GET /api/v1/entitlements/{id}" lookup "${wrk_args[@]}" -s "$ROOT/infra/bench/lookup.lua" "$BENCH_URL"
  bench_wrk "batch POST /api/v1/entitlements/batch (100 ids)" batch "${wrk_args[@]}" -s "$ROOT/infra/bench/batch.lua" "$BENCH_URL"
  BENCH_COOKIE="$(bench_reader_cookie)" || die "bench: could not sign a reader in"
  # As a browser asks it from the site's page: with the page's origin (one of Membership__SiteOrigins).
  export BENCH_COOKIE BENCH_ORIGIN="$BENCH_URL"
  bench_wrk "GET /api/v1/me/entitlements (cookie + pass, CORS)" lookup "${wrk_args[@]}" -s "$ROOT/infra/bench/me.lua" "$BENCH_URL"
  local peak
  peak="$(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$BENCH_PID/status")"
  bench_stop_service

  say "starting the service again with the cache off"
  bench_start_service cold "$key" Entitlements__CacheSize=0
  bench_wrk "GET /healthz (cache-off run)" healthz "${wrk_args[@]}" "$BENCH_URL/healthz"
  bench_wrk "cold GET /api/v1/entitlements/{id}" lookup "${wrk_args[@]}" -s "$ROOT/infra/bench/lookup.lua" "$BENCH_URL"
  bench_stop_service

  bench_report "$readers" "$connections" "$threads" "$duration" "$peak"
}

# The bench database: created and migrated when missing, seeded up to the asked size.
bench_database() {
  local readers="$1" name="membership_bench_$1"
  local settings
  settings="$(echo "$ConnectionStrings__Membership" | tr ';' '\n')"
  bench_setting() { echo "$settings" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'; }
  export PGHOST PGPORT PGUSER PGPASSWORD
  PGHOST="$(bench_setting Host)"; PGPORT="$(bench_setting Port)"; PGPORT="${PGPORT:-5432}"
  PGUSER="$(bench_setting Username)"; PGPASSWORD="$(bench_setting Password)"
  BENCH_DATABASE="$name"
  BENCH_CONNECTION="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$name"
  if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" != 1 ]; then
    psql -q -d postgres -c "CREATE DATABASE \"$name\"" || die "bench: could not create database $name"
  fi
  ConnectionStrings__Membership="$BENCH_CONNECTION" dotnet "$(web_dll)" migrate >"$BENCH_WORK/migrate.log" 2>&1 \
    || die "bench: migrating $name failed (see $BENCH_WORK/migrate.log)"
  local have
  have="$(bench_psql -tAc "SELECT count(*) FROM readers WHERE normalized_email LIKE '%@BENCH.EXAMPLE.TEST'")"
  if [ "$have" -lt "$readers" ]; then
    say "seeding $readers readers into $name (once per size)"
    local started=$SECONDS
    bench_psql -q -v readers="$readers" -f "$ROOT/infra/seed-readers.sql" >"$BENCH_WORK/seed.log" || die "bench: seeding failed (see $BENCH_WORK/seed.log)"
    say "seeded in $((SECONDS - started)) s"
  fi
}

# Loads every reader into the cache (batches of 100, each reader once); wrk cannot stop on its own,
# so this watches the cache-miss counter on /metrics and stops wrk when all are in.
bench_warm_up() { # readers threads connections
  say "loading $1 readers into the cache"
  wrk -t "$2" -c "$3" -d 900s -s "$ROOT/infra/bench/warmup.lua" "$BENCH_URL" >"$BENCH_WORK/warmup.txt" 2>&1 &
  local wrk_pid=$! loaded=0 started=$SECONDS
  while [ "$loaded" -lt "$1" ] && kill -0 "$wrk_pid" 2>/dev/null; do
    sleep 1
    loaded="$(curl -fsS "$BENCH_MANAGEMENT_URL/metrics" | awk '/^membership_entitlement_cache_misses_total/ { s += $NF } END { printf "%d", s }')"
    [ $((SECONDS - started)) -lt 900 ] || break
  done
  kill "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" 2>/dev/null || true
  [ "$loaded" -ge "$1" ] || die "bench: only $loaded of $1 readers reached the cache (see $BENCH_WORK/warmup.txt)"
  say "cache loaded in $((SECONDS - started)) s"
}

bench_psql() { psql -X -d "$BENCH_DATABASE" "$@"; }

bench_start_service() { # name site-key [extra settings...]
  local name="$1" key="$2" port management_port
  shift 2
  for port in $(seq 5180 5280); do pg_port_free "$port" && break; done
  for management_port in $(seq $((port + 1)) 5290); do pg_port_free "$management_port" && break; done
  # One site key drives all the load, far past a real site's rate: its limit (RateLimits__SiteKey) is lifted.
  env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$ROOT/src/Membership.Web" ConnectionStrings__Membership="$BENCH_CONNECTION" \
    Membership__Port="$port" Membership__ManagementPort="$management_port" Membership__PublicUrl="http://127.0.0.1:$port" Membership__SiteOrigins="http://127.0.0.1:$port" \
    Membership__Bootstrap__SiteApiKey="$key" Membership__Bootstrap__AdminEmail= Membership__Bootstrap__AdminPassword= \
    Stripe__SecretKey=sk_test_bench Stripe__WebhookSecret=whsec_bench Stripe__ApiBase=http://127.0.0.1:9 \
    Billing__SyncCatalogAtStart=false Billing__ScheduledSync=false Billing__ProcessEvents=false Billing__SeedPlans=false \
    Logging__LogLevel__Default=Warning RateLimits__SiteKey=1000000000 DOTNET_GCgen0size=0x2000000 "$@" \
    dotnet "$(web_dll)" >"$BENCH_WORK/service-$name.log" 2>&1 &
  BENCH_PID=$!
  CHILDREN+=("$BENCH_PID")
  BENCH_URL="http://127.0.0.1:$port"
  BENCH_MANAGEMENT_URL="http://127.0.0.1:$management_port" # /metrics
  wait_for_port "$port" 60 || die "bench: the service did not start (see $BENCH_WORK/service-$name.log)"
  curl -fsS "$BENCH_URL/readyz" >/dev/null || die "bench: the service is not ready (see $BENCH_WORK/service-$name.log)"
}

bench_start_anchor() {
  local port
  for port in $(seq 5180 5280); do pg_port_free "$port" && break; done
  ANCHOR_PORT="$port" dotnet "$ROOT/tests/Membership.Bench.Anchor/bin/Release/net10.0/Membership.Bench.Anchor.dll" >"$BENCH_WORK/anchor.log" 2>&1 &
  BENCH_PID=$!
  CHILDREN+=("$BENCH_PID")
  BENCH_URL="http://127.0.0.1:$port"
  wait_for_port "$port" 60 || die "bench: the anchor did not start (see $BENCH_WORK/anchor.log)"
}

bench_stop_service() {
  kill "$BENCH_PID" 2>/dev/null || true
  wait "$BENCH_PID" 2>/dev/null || true
}

# A registered reader signed in, with the pass the sign-in left: what a browser sends.
bench_reader_cookie() {
  local jar="$BENCH_WORK/cookies.txt" email="bench-me-$RANDOM$RANDOM@bench-me.example.test"
  rm -f "$jar"
  curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"Bench-Password-1\"}" "$BENCH_URL/api/v1/account/register"
  curl -fsS -o /dev/null -c "$jar" -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"Bench-Password-1\"}" \
    "$BENCH_URL/api/v1/account/login?useCookies=true"
  awk -F'\t' 'NF >= 7 && $1 !~ /^# / { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar"
}

bench_wrk() { # label kind wrk-args... (kind: what it is compared with: healthz, lookup, batch; anchor-* for the anchor's own)
  local label="$1" kind="$2" out
  shift 2
  say "wrk: $label"
  # An unmeasured run first: on two busy cores the JIT needs ~15 s to finish optimising a fresh process.
  bench_unmeasured "$@"
  out="$(wrk "$@" 2>&1)" || die "bench: wrk failed: $out"
  echo "$out" >>"$BENCH_WORK/wrk.txt"
  local rps p50 p99 errors
  rps="$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
  p50="$(echo "$out" | awk '$1 == "50%" { print $2 }')"
  p99="$(echo "$out" | awk '$1 == "99%" { print $2 }')"
  # Failed requests: non-2xx answers plus socket errors (connect, read, write, timeout).
  errors="$(echo "$out" | awk '/Non-2xx or 3xx responses:/ { n += $NF }
    /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }')"
  BENCH_ROWS+=("$label|$kind|$rps|$(bench_ms "$p50")|$(bench_ms "$p99")|${errors:-0}")
}

bench_unmeasured() { # wrk-args... (with the measured -d replaced by 8s)
  local args=() skip=0 arg
  for arg in "$@"; do
    if [ "$skip" = 1 ]; then args+=(8s); skip=0; continue; fi
    [ "$arg" = -d ] && skip=1
    args+=("$arg")
  done
  wrk "${args[@]}" >/dev/null 2>&1 || true
}

bench_ms() { # wrk latency (e.g. 812.00us, 1.23ms, 1.02s) -> milliseconds
  echo "$1" | awk '/us$/ { printf "%.2f", $1 / 1000; next } /ms$/ { printf "%.2f", $1 + 0; next } /s$/ { printf "%.2f", $1 * 1000; next } { print "?" }'
}

bench_report() { # readers connections threads duration peak
  local row label kind rps p50 p99 errors anchor ids
  declare -A anchors=()
  for row in "${BENCH_ROWS[@]}"; do
    IFS='|' read -r label kind rps p50 p99 errors <<<"$row"
    case "$kind" in anchor-*) anchors[${kind#anchor-}]="$rps" ;; esac
  done
  echo
  echo "Membership bench: $1 readers, wrk -t$3 -c$2 -d$4 over loopback, $(nproc) CPU(s), $(date -u '+%Y-%m-%d %H:%M UTC')"
  printf '%-48s %10s %8s %8s %10s %7s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "x anchor" "errors"
  for row in "${BENCH_ROWS[@]}"; do
    IFS='|' read -r label kind rps p50 p99 errors <<<"$row"
    anchor="${anchors[${kind#anchor-}]:-0}"
    printf '%-48s %10.0f %8s %8s %10s %7s\n' "$label" "${rps:-0}" "$p50" "$p99" \
      "$(awk -v a="${rps:-0}" -v b="$anchor" 'BEGIN { printf (b > 0 ? "%.2f" : "-"), a / b }')" "$errors"
    case "$kind" in batch|anchor-batch) ids="$(awk -v a="${rps:-0}" 'BEGIN { printf "%.0f", a * 100 }')"; echo "    = $ids ids/s" ;; esac
    case "$label" in "warm GET"*) echo "$p99" >"$BENCH_WORK/warm-p99-$1" ;; esac
  done
  echo "x anchor: the figure over the anchor's for the same kind of request in this run (lookups, and"
  echo "/me/entitlements, against the anchor's lookup; /healthz against its /healthz; batches against its batch)"
  echo "peak memory of the service after the warm runs (VmHWM): $5; of the anchor (its ids as prepared JSON): ${BENCH_ANCHOR_PEAK:-?}"
  # The size target compares runs: each run leaves its warm p99, and the others' are shown beside this one.
  local other size
  for other in "$BENCH_WORK"/warm-p99-*; do
    size="${other##*-}"
    [ -f "$other" ] && [ "$size" != "$1" ] || continue
    echo "warm p99 at $1 readers / at $size readers (from its last run): $(awk -v a="$(cat "$BENCH_WORK/warm-p99-$1")" -v b="$(cat "$other")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')x"
  done
  echo "targets: warm lookup >= 0.7x anchor, p99 <= 3 ms at 64 connections; /me/entitlements >= 0.6x the anchor's lookup;"
  echo "         batch >= 1,000,000 ids/s; peak <= 150 MB at 1,000,000 readers, warm p99 there within 1.1x of 100,000"
  echo "raw wrk output: $BENCH_WORK/wrk.txt"
}

rm -f "$DATA/bench/wrk.txt" 2>/dev/null || true
bench_main "$@"
