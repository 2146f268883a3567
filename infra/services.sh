#!/usr/bin/env bash
# Local PostgreSQL 15, InfluxDB 1.x and Redis (for a cluster of silos) for development, tests and CI — no
# Docker needed. Data lives in a git-ignored folder (.local/ at the repo root); services bind to loopback
# ports of their own.
#   infra/services.sh start | stop | status | env | start-redis | stop-redis | restart-redis
# Idempotent: starting twice is harmless, a stale pid file or a half-initialised data folder is recovered.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${QZ_STATE_DIR:-$repo/.local}
pg_port=${QZ_PG_PORT:-54329}
influx_port=${QZ_INFLUX_PORT:-18086}
influx_rpc_port=${QZ_INFLUX_RPC_PORT:-18088}
redis_port=${QZ_REDIS_PORT:-16379}
pg_user=qingzhou
pg_password=qingzhou
pg_db=qingzhou

say() { printf '[services] %s\n' "$*" >&2; }

# A killed server can linger as a zombie, which `kill -0` still reports as alive.
alive() { local stat; stat=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $stat != Z* ]]; }

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
  return 1
}

install_packages() {
  local missing=()
  pg_bin >/dev/null || missing+=(postgresql-15 postgresql-client-15)
  command -v influxd >/dev/null || missing+=(influxdb)
  command -v influx >/dev/null || missing+=(influxdb-client)
  command -v curl >/dev/null || missing+=(curl)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    say "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
    exit 1
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # policy-rc.d keeps the packages' own system-wide services from starting on 5432/8086.
  local policy=/usr/sbin/policy-rc.d created_policy=0 status=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
  # Removed whether the install succeeds or not: a policy-rc.d left behind would stop every later package's service.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  [ "$created_policy" -eq 1 ] && rm -f "$policy"
  [ "$status" -eq 0 ] || { say "apt-get install ${missing[*]} failed ($status)"; exit "$status"; }
  return 0
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user.
# Its data folder must be reachable by that user; when the checkout sits under a folder it cannot
# enter, the cluster moves to a per-checkout folder under /var/tmp instead.
pg_owner() { [ "$(id -u)" -eq 0 ] && echo postgres || id -un; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

pg_dir() {
  local dir=$state/postgres
  mkdir -p "$state"
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$dir" && chown "$(pg_owner)" "$dir"
    if ! (cd / && runuser -u postgres -- test -w "$dir"); then
      dir=/var/tmp/qingzhouplan-$(printf '%s' "$repo" | md5sum | cut -c1-8)/postgres
      mkdir -p "$dir" && chown -R postgres "$(dirname "$dir")"
    fi
  fi
  echo "$dir"
}

pg_ready() { PGPASSWORD=$pg_password psql -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d "$pg_db" -tAc 'select 1' >/dev/null 2>&1; }

start_postgres() {
  local bin dir
  bin=$(pg_bin); dir=$(pg_dir)
  if pg_ready; then
    local owner; owner=$(listener_dir "$pg_port" cwd)
    if [ -n "$owner" ] && [ "$owner" != "$dir" ]; then
      say "PostgreSQL on 127.0.0.1:$pg_port belongs to another checkout (data $owner), not to $dir; using it"
    else
      say "PostgreSQL already answers on 127.0.0.1:$pg_port"
    fi
    return
  fi
  if [ ! -s "$dir/PG_VERSION" ] || [ ! -s "$dir/global/pg_control" ]; then
    say "initialising PostgreSQL cluster in $dir"
    find "$dir" -mindepth 1 -delete
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; exit 1; }
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$dir'
max_connections = 200
fsync = on
CONF
  fi
  # A pid file left by a killed server whose process is gone would block the start.
  if [ -f "$dir/postmaster.pid" ]; then
    local pid; pid=$(head -1 "$dir/postmaster.pid")
    if ! alive "$pid"; then say "removing stale postmaster.pid ($pid)"; rm -f "$dir/postmaster.pid"; fi
  fi
  # Backends orphaned by a killed server hold its shared memory for a moment: one retry covers that.
  if ! as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
    sleep 2
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null || { tail -20 "$dir/server.log" >&2; exit 1; }
  fi
  as_owner psql -h "$dir" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$pg_user') THEN
    CREATE ROLE $pg_user LOGIN PASSWORD '$pg_password' CREATEDB;
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $pg_db OWNER $pg_user ENCODING ''UTF8''' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$pg_db')\gexec
SQL
  pg_ready || { say "PostgreSQL started but does not accept $pg_user"; exit 1; }
  say "PostgreSQL ready on 127.0.0.1:$pg_port (data $dir)"
}

stop_postgres() {
  local bin dir; bin=$(pg_bin) || return 0; dir=$(pg_dir)
  [ -f "$dir/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 && say "PostgreSQL stopped"
  return 0
}

# Whose server holds a port: PostgreSQL's working folder is its data folder; influxd names its config file.
listener_dir() {
  local pid
  pid=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2) || true
  [ -n "$pid" ] || return 0
  case "$2" in
    cwd) readlink "/proc/$pid/cwd" 2>/dev/null || true ;;
    config) tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -o -- '-config [^ ]*' | cut -d' ' -f2 || true ;;
  esac
}

influx_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$influx_port/ping" 2>/dev/null; }

start_influx() {
  local dir=$state/influxdb pidfile=$state/influxdb/influxd.pid
  if influx_ready; then
    # A server left running over a deleted data folder still answers /ping but cannot keep data.
    if curl -fsS -XPOST "http://127.0.0.1:$influx_port/query" --data-urlencode 'q=CREATE DATABASE "_qz_probe"' | grep -q '"error"'; then
      say "InfluxDB on 127.0.0.1:$influx_port answers but cannot create a database (a stale server?); stop it and start again"
      exit 1
    fi
    curl -fsS -o /dev/null -XPOST "http://127.0.0.1:$influx_port/query" --data-urlencode 'q=DROP DATABASE "_qz_probe"' || true
    local config; config=$(listener_dir "$influx_port" config)
    if [ -n "$config" ] && [ "$config" != "$dir/influxdb.conf" ]; then
      say "InfluxDB on 127.0.0.1:$influx_port belongs to another checkout ($config), not to $dir; using it"
    else
      say "InfluxDB already answers on 127.0.0.1:$influx_port"
    fi
    return
  fi
  mkdir -p "$dir"
  if [ -f "$pidfile" ] && ! alive "$(cat "$pidfile")"; then rm -f "$pidfile"; fi
  cat >"$dir/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$influx_rpc_port"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
[logging]
  level = "warn"
CONF
  nohup influxd run -config "$dir/influxdb.conf" -pidfile "$pidfile" >>"$dir/influxd.log" 2>&1 &
  local i
  for i in $(seq 1 120); do influx_ready && break; sleep 0.5; done
  influx_ready || { tail -20 "$dir/influxd.log" >&2; say "InfluxDB did not answer"; exit 1; }
  say "InfluxDB ready on 127.0.0.1:$influx_port (data $dir)"
}

stop_influx() {
  local pidfile=$state/influxdb/influxd.pid
  if [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null; then
    local i; for i in $(seq 1 40); do influx_ready || break; sleep 0.25; done
    say "InfluxDB stopped"
  fi
  rm -f "$pidfile"
}

redis_ready() { redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG; }

# Redis holds the cluster's membership table and reminders; its append-only file keeps them across a restart.
start_redis() {
  local dir=$state/redis
  if redis_ready; then say "Redis already answers on 127.0.0.1:$redis_port"; return; fi
  mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir" --appendonly yes --save "" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --protected-mode yes
  local i
  for i in $(seq 1 40); do redis_ready && break; sleep 0.25; done
  redis_ready || { tail -20 "$dir/redis.log" >&2; say "Redis did not answer"; exit 1; }
  say "Redis ready on 127.0.0.1:$redis_port (data $dir)"
}

# Only the Redis this script started (its pid file) is stopped, never another one on the port.
stop_redis() {
  local pidfile=$state/redis/redis.pid
  if [ -f "$pidfile" ] && alive "$(cat "$pidfile")"; then
    kill "$(cat "$pidfile")"
    local i; for i in $(seq 1 40); do redis_ready || break; sleep 0.25; done
    say "Redis stopped"
  elif redis_ready; then
    say "Redis on 127.0.0.1:$redis_port was not started by this checkout; left running"
  fi
  rm -f "$pidfile"
}

print_env() {
  cat <<ENV
export ConnectionStrings__Marten="Host=127.0.0.1;Port=$pg_port;Database=$pg_db;Username=$pg_user;Password=$pg_password"
export InfluxDb__Url="http://127.0.0.1:$influx_port"
export ConnectionStrings__Redis="127.0.0.1:$redis_port"
ENV
}

case "${1:-start}" in
  start) install_packages; start_postgres; start_influx; start_redis ;;
  stop) stop_redis; stop_influx; stop_postgres ;;
  start-redis) install_packages; start_redis ;;
  stop-redis) stop_redis ;;
  restart-redis) stop_redis; start_redis ;;
  restart-influx) stop_influx; start_influx ;;
  start-influx) install_packages; start_influx ;;
  stop-influx) stop_influx ;;
  status)
    pg_ready && echo "postgres: up (127.0.0.1:$pg_port)" || echo "postgres: down"
    influx_ready && echo "influxdb: up (127.0.0.1:$influx_port)" || echo "influxdb: down"
    redis_ready && echo "redis: up (127.0.0.1:$redis_port)" || echo "redis: down" ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|env|start-influx|stop-influx|restart-influx|start-redis|stop-redis|restart-redis" >&2; exit 2 ;;
esac
