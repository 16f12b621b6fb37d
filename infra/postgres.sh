# The private PostgreSQL cluster build.sh uses when ConnectionStrings__Membership is unset.
# Sourced by build.sh (needs DATA, say, die, is_root, apt_install).
# Data, socket and log live under .data/pg; the port and password are chosen once and kept there.
# PostgreSQL refuses to run as root, so as root every server command runs as the postgres user.

PG_STARTED_HERE=0

pg_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null && dirname "$(command -v initdb)"
}

pg_as_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The cluster's home: .data/pg, unless the postgres user cannot reach it (a checkout under /root).
pg_home() {
  if [ -s "$DATA/pg.home" ]; then cat "$DATA/pg.home"; return; fi
  local home="$DATA/pg"
  mkdir -p "$home"
  if is_root; then
    chown postgres: "$home"
    if ! runuser -u postgres -- test -w "$home"; then
      home="/var/tmp/membership-pg-$(echo "$ROOT" | md5sum | cut -c1-12)"
      mkdir -p "$home" && chown postgres: "$home" && chmod 700 "$home"
    fi
  fi
  echo "$home" >"$DATA/pg.home"
  echo "$home"
}

pg_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_choose_port() {
  local port
  for port in $(seq 54329 54429); do
    pg_port_free "$port" && { echo "$port"; return; }
  done
  die "no free loopback port between 54329 and 54429 for PostgreSQL"
}

pg_password() {
  if [ ! -s "$DATA/pg.password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DATA/pg.password")
  fi
  cat "$DATA/pg.password"
}

pg_connection_string() { # database
  echo "Host=127.0.0.1;Port=$(cat "$DATA/pg.port");Username=membership;Password=$(pg_password);Database=$1"
}

pg_init() { # bindir home
  local pwfile="$2/pwfile"
  say "creating a private PostgreSQL cluster in $2/data"
  pg_password >"$pwfile"
  is_root && chown postgres: "$pwfile"
  chmod 600 "$pwfile"
  pg_as_owner "$1/initdb" -D "$2/data" -U membership --pwfile="$pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$2/initdb.log" 2>&1 \
    || pg_as_owner "$1/initdb" -D "$2/data" -U membership --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --no-locale >"$2/initdb.log" 2>&1 \
    || die "initdb failed: see $2/initdb.log"
  rm -f "$pwfile"
  # Tests create and drop many databases; keep the server lean and quick to flush.
  cat >>"$2/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
max_connections = 300
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

pg_start() {
  local bindir home
  bindir="$(pg_bindir)"
  if [ -z "$bindir" ]; then
    apt_install postgresql
    bindir="$(pg_bindir)"
    [ -n "$bindir" ] || die "PostgreSQL's initdb was not found after installing postgresql"
  fi
  home="$(pg_home)"
  mkdir -p "$home/run" 2>/dev/null || pg_as_owner mkdir -p "$home/run"
  is_root && chown postgres: "$home/run"
  [ -f "$home/data/PG_VERSION" ] || pg_init "$bindir" "$home"

  if pg_as_owner "$bindir/pg_ctl" -D "$home/data" status >/dev/null 2>&1; then
    return 0 # already running (an earlier `build.sh db`, or another shell): reuse it
  fi
  local port
  port="$(cat "$DATA/pg.port" 2>/dev/null || true)"
  if [ -z "$port" ] || ! pg_port_free "$port"; then
    port="$(pg_choose_port)"
    echo "$port" >"$DATA/pg.port"
  fi
  local sockets="$home/run"
  [ "${#sockets}" -le 80 ] || sockets=/tmp # a Unix socket path must stay under ~107 bytes
  say "starting PostgreSQL on 127.0.0.1:$port"
  pg_as_owner "$bindir/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
    -o "-p $port -k $sockets" start >/dev/null || die "PostgreSQL did not start: see $home/server.log"
  PG_STARTED_HERE=1
  PG_BINDIR="$bindir"
  PG_HOME="$home"
  pg_create_database membership
}

pg_create_database() { # name
  local exists
  exists="$(PGPASSWORD="$(pg_password)" "$PG_BINDIR/psql" -h 127.0.0.1 -p "$(cat "$DATA/pg.port")" -U membership \
    -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")"
  if [ "$exists" != 1 ]; then
    PGPASSWORD="$(pg_password)" "$PG_BINDIR/createdb" -h 127.0.0.1 -p "$(cat "$DATA/pg.port")" -U membership "$1"
  fi
}

pg_stop_if_started() {
  [ "$PG_STARTED_HERE" = 1 ] || return 0
  say "stopping PostgreSQL"
  pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_HOME/data" -m fast -w stop >/dev/null 2>&1 || true
  PG_STARTED_HERE=0
}
