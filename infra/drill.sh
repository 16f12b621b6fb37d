# `./build.sh drill`: the fault drill (sourced by build.sh, which has built the solution and started the
# private PostgreSQL, or uses ConnectionStrings__Membership). Two instances behind nginx (infra/nginx.conf),
# the Stripe emulator and PostgreSQL on loopback; the faults and the table are tests/Membership.Bench/Drill.
# Restarting PostgreSQL needs the private cluster (it is the server the drill stops and starts).

drill_run() {
  command -v nginx >/dev/null || apt_install nginx
  [ -z "${DRILL_SERVER_SET:-}" ] || die "drill: it restarts PostgreSQL, so it runs on the private cluster only: unset ConnectionStrings__Membership"
  local bindir home port sockets as_owner=""
  bindir="$(pg_bindir)"
  home="$(pg_home)"
  port="$(cat "$DATA/pg.port")"
  sockets="$home/run"
  [ "${#sockets}" -le 80 ] || sockets=/tmp
  is_root && as_owner="runuser -u postgres --"
  export DRILL_PG_STOP="$as_owner $bindir/pg_ctl -D $home/data -m fast -w stop"
  export DRILL_PG_START="$as_owner $bindir/pg_ctl -D $home/data -l $home/server.log -w -t 60 -o '-p $port -k $sockets' start"
  export DRILL_WEB_DLL DRILL_EMULATOR_DLL DRILL_CONTENT_ROOT="$ROOT/src/Membership.Web" DRILL_NGINX_CONF="$ROOT/infra/nginx.conf"
  DRILL_WEB_DLL="$(web_dll)"
  DRILL_EMULATOR_DLL="$(emulator_dll)"
  export DRILL_WORK="$DATA/drill/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$DRILL_WORK"
  say "fault drill (logs in $DRILL_WORK); takes about two minutes"
  dotnet "$ROOT/tests/Membership.Bench/bin/$CONFIGURATION/net10.0/Membership.Bench.dll" drill
}
