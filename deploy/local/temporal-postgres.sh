#!/usr/bin/env bash
# The production topology without containers: a Temporal server (temporal-server, all services in one process) on
# PostgreSQL (postgres12 plugin, persistence and visibility), on this machine, on 127.0.0.1 only.
#   deploy/local/temporal-postgres.sh build   # go install temporal-server and temporal-sql-tool once per machine (cached)
#   deploy/local/temporal-postgres.sh start   # PostgreSQL cluster, schemas, server, namespace "default" and signchain's
#                                             # search attributes; returns once the server answers. Safe to repeat.
#   deploy/local/temporal-postgres.sh stop    # stops the server and the PostgreSQL cluster (data is kept)
#   deploy/local/temporal-postgres.sh stop-server | restart-postgres   # faults for deploy/local/faults.sh
#   deploy/local/temporal-postgres.sh database NAME
#                                             # a role and database NAME for signchain on the same cluster (as compose
#                                             # and most production setups share one server); prints
#                                             # SIGNCHAIN_DB_URL=…, SIGNCHAIN_DB_USER=…, SIGNCHAIN_DB_PASSWORD=… lines
# Then: TEMPORAL_ADDRESS=127.0.0.1:7433 java -jar app/target/signchain-app.jar (or deploy/local/failover.sh).
# Runs as root: installs Debian's postgresql if missing (apt-get), runs PostgreSQL as the postgres OS user.
# Environment: TEMPORAL_SERVER_VERSION (v1.31.2), TEMPORAL_PG_PORT (5433), TEMPORAL_PG_GRPC_PORT (7433; the other
#              services' ports move by the same offset from Temporal's defaults, see temporal-postgres/config.yaml.template),
#              TEMPORAL_PG_DIR (/tmp/signchain-temporal-pg: PostgreSQL's data and log, the server's config, log and pid),
#              TEMPORAL_PG_LOG_LEVEL (info).
# Delete TEMPORAL_PG_DIR (after stop) to start from empty databases.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# v1.31.2: v1.31.3 and later 1.31.x require go.temporal.io/auto-scaled-workers v0.0.0-1.31.2, which the Go module
# proxy does not serve, so `go install` fails for them; v1.31.5 also needs Go >= 1.26.10. v1.31.2 needs Go >= 1.26.4.
VERSION=${TEMPORAL_SERVER_VERSION:-v1.31.2}
PG_PORT=${TEMPORAL_PG_PORT:-5433}
GRPC_PORT=${TEMPORAL_PG_GRPC_PORT:-7433}
DIR=${TEMPORAL_PG_DIR:-/tmp/signchain-temporal-pg}
LOG_LEVEL=${TEMPORAL_PG_LOG_LEVEL:-info}
ADDRESS=127.0.0.1:$GRPC_PORT
NAMESPACE=default
NAMESPACE_RETENTION=72h

PG_HOME="$DIR/pg"            # owned by the postgres OS user: data directory, log, unix socket
PGDATA="$PG_HOME/data"
PG_LOG="$PG_HOME/postgresql.log"
PASSWORD_FILE="$DIR/temporal-db-password"
CONFIG="$DIR/config.yaml"
SERVER_LOG="$DIR/temporal.log"
SCHEMA_LOG="$DIR/schema.log"
PID_FILE="$DIR/temporal.pid"
TEMPLATE="$ROOT/deploy/local/temporal-postgres/config.yaml.template"
# The same dynamic config as the compose stack (search attributes usable as soon as they are created).
DYNAMIC_CONFIG="$ROOT/deploy/compose/temporal/dynamicconfig.yaml"

# signchain's search attributes; PostgreSQL visibility allows 10 Keyword, 3 Int, 3 Datetime per namespace.
SEARCH_ATTRIBUTES=(ContractStatus=Keyword SignerIndex=Int SignerCount=Int StepDeadline=Datetime BusinessRef=Keyword SigningProvider=Keyword)

# Built once per machine into a cache outside the clone: the two binaries and the PostgreSQL schema files of the
# same server version (copied from the Go module cache).
TOOLS_CACHE=${SIGNCHAIN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/signchain}
CACHE="$TOOLS_CACHE/temporal-server-$VERSION"
SERVER="$CACHE/temporal-server"
SQL_TOOL="$CACHE/temporal-sql-tool"
SCHEMA_DIR="$CACHE/schema/postgresql/v12"

say() { printf 'temporal-postgres: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

build() {
  if [ -x "$SERVER" ] && [ -x "$SQL_TOOL" ] && [ -d "$SCHEMA_DIR/temporal/versioned" ]; then
    return 0
  fi
  command -v go >/dev/null || die "Go is needed to build the Temporal server (go.temporal.io/server $VERSION)"
  say "building temporal-server and temporal-sql-tool $VERSION with go install (once per machine; several minutes)"
  mkdir -p "$CACHE"
  local tmp dir
  tmp=$(mktemp -d "$CACHE/.build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  # Outside any Go module (cd), so that go install and go mod download resolve the server's own go.mod.
  (cd "$tmp" && GOBIN="$tmp/bin" go install "go.temporal.io/server/cmd/server@$VERSION" \
      "go.temporal.io/server/cmd/tools/sql@$VERSION")
  dir=$(cd "$tmp" && go mod download -json "go.temporal.io/server@$VERSION" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir/schema/postgresql/v12/temporal/versioned" ] || die "no schema/postgresql/v12 in the module at '$dir'"
  mkdir -p "$tmp/schema/postgresql"
  cp -R "$dir/schema/postgresql/v12" "$tmp/schema/postgresql/"
  chmod -R u+w "$tmp/schema"   # the module cache is read-only
  rm -rf "$CACHE/schema"
  mv "$tmp/schema" "$CACHE/schema"
  mv "$tmp/bin/server" "$SERVER"
  mv "$tmp/bin/sql" "$SQL_TOOL"
  rm -rf "$tmp"
  trap - EXIT
  say "built $("$SERVER" --version 2>/dev/null || echo "$SERVER")"
}

# The Temporal CLI (for readiness, namespace and search attributes): the one temporal-dev.sh builds.
cli() {
  local c
  for c in "$ROOT/.tools/bin/temporal" "$TOOLS_CACHE/temporal-cli-v1.5.1/temporal"; do
    if [ -x "$c" ]; then "$c" "$@"; return; fi
  done
  "$ROOT/deploy/local/temporal-dev.sh" build
  "$ROOT/.tools/bin/temporal" "$@"
}

# Ports: Temporal's defaults moved by one offset (7433 -> +200).
OFFSET=$((GRPC_PORT - 7233))
port() { echo $(($1 + OFFSET)); }

# --- PostgreSQL ------------------------------------------------------------------------------------------------------

pg_bin() {
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)   # the newest installed major version
  [ -x "$d/initdb" ] && echo "$d"
}

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

psql_admin() { # SQL on stdin, as the postgres superuser over the cluster's unix socket
  as_postgres "$PG_BIN/psql" -h "$PG_HOME" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -At
}

pg_running() { [ -f "$PGDATA/PG_VERSION" ] && as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

start_postgres() {
  [ "$(id -u)" = 0 ] || die "start needs root (apt-get, and running PostgreSQL as the postgres user)"
  PG_BIN=$(pg_bin) || true
  if [ -z "$PG_BIN" ]; then
    say "installing PostgreSQL (apt-get install postgresql)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
    PG_BIN=$(pg_bin) || die "no /usr/lib/postgresql/<version>/bin/initdb after installing postgresql"
  fi
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "creating a PostgreSQL cluster ($("$PG_BIN/postgres" --version)) in $PGDATA"
    mkdir -p "$PG_HOME"
    chown postgres:postgres "$PG_HOME"
    chmod 700 "$PG_HOME"
    as_postgres test -w "$PG_HOME" || die "the postgres user cannot write to $PG_HOME (is a parent folder closed to it?)"
    as_postgres "$PG_BIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C \
        --auth-local=peer --auth-host=scram-sha-256 >"$PG_HOME/initdb.log"
    # Each Temporal service has its own connection pools (20 + 10 each): more than PostgreSQL's default 100.
    as_postgres tee -a "$PGDATA/postgresql.conf" >/dev/null <<EOF

# deploy/local/temporal-postgres.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_HOME'
max_connections = 200
EOF
  fi
  if pg_running; then
    say "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    # -o -p: the port wins over postgresql.conf, so TEMPORAL_PG_PORT can change between runs.
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -o "-p $PG_PORT" -w -t 60 start >/dev/null \
      || { tail -20 "$PG_LOG" >&2; die "PostgreSQL did not start; its log: $PG_LOG"; }
    say "PostgreSQL on 127.0.0.1:$PG_PORT (data $PGDATA)"
  fi

  # Role temporal and its two databases. The password is made once and kept next to the data.
  if [ ! -s "$PASSWORD_FILE" ]; then
    (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$PASSWORD_FILE")
  fi
  psql_admin <<EOF
SELECT 'CREATE ROLE temporal LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'temporal')\gexec
ALTER ROLE temporal WITH LOGIN PASSWORD '$(cat "$PASSWORD_FILE")';
SELECT 'CREATE DATABASE temporal OWNER temporal' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal')\gexec
SELECT 'CREATE DATABASE temporal_visibility OWNER temporal'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal_visibility')\gexec
EOF
}

# setup-schema -v 0.0 creates only the version tables (if missing); update-schema applies the versioned migrations
# not yet applied. Both are no-ops on an up-to-date database, and a newer server version upgrades in place.
schemas() {
  local db sub
  : >"$SCHEMA_LOG"
  for db in temporal:temporal temporal_visibility:visibility; do
    sub=${db#*:}; db=${db%%:*}
    for step in "setup-schema -v 0.0" "update-schema -d $SCHEMA_DIR/$sub/versioned"; do
      # shellcheck disable=SC2086 # step is split on purpose
      SQL_PASSWORD=$(cat "$PASSWORD_FILE") "$SQL_TOOL" --plugin postgres12 --endpoint 127.0.0.1 --port "$PG_PORT" \
          --user temporal --database "$db" $step >>"$SCHEMA_LOG" 2>&1 \
        || { tail -20 "$SCHEMA_LOG" >&2; die "temporal-sql-tool $step failed on $db; see $SCHEMA_LOG"; }
    done
  done
  say "schemas of temporal and temporal_visibility are at $VERSION's versions (log: $SCHEMA_LOG)"
}

# --- Temporal server -------------------------------------------------------------------------------------------------

render_config() {
  local tmp
  tmp=$(mktemp "$DIR/.config.XXXXXX")   # mktemp: mode 600, the file holds the database password
  sed -e "s|@LOG_LEVEL@|$LOG_LEVEL|g" \
      -e "s|@PG_PORT@|$PG_PORT|g" \
      -e "s|@PG_PASSWORD@|$(cat "$PASSWORD_FILE")|g" \
      -e "s|@METRICS_PORT@|$(port 8000)|g" \
      -e "s|@FRONTEND_PORT@|$GRPC_PORT|g" \
      -e "s|@FRONTEND_HTTP_PORT@|$(port 7243)|g" \
      -e "s|@FRONTEND_MEMBERSHIP_PORT@|$(port 6933)|g" \
      -e "s|@HISTORY_PORT@|$(port 7234)|g" \
      -e "s|@HISTORY_MEMBERSHIP_PORT@|$(port 6934)|g" \
      -e "s|@MATCHING_PORT@|$(port 7235)|g" \
      -e "s|@MATCHING_MEMBERSHIP_PORT@|$(port 6935)|g" \
      -e "s|@WORKER_PORT@|$(port 7239)|g" \
      -e "s|@WORKER_MEMBERSHIP_PORT@|$(port 6939)|g" \
      -e "s|@DYNAMIC_CONFIG@|$DYNAMIC_CONFIG|g" \
      "$TEMPLATE" >"$tmp"
  if grep -v '^#' "$tmp" | grep -q '@[A-Z_]*@'; then rm -f "$tmp"; die "unrendered placeholder in $TEMPLATE"; fi
  mv "$tmp" "$CONFIG"
}

server_running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

answers() { cli operator cluster health --address "$ADDRESS" >/dev/null 2>&1; }

start_server() {
  if server_running; then
    say "temporal-server already running (pid $(cat "$PID_FILE"))"
  else
    render_config
    # --allow-no-auth: no authorizer on this local server, on purpose (newer servers want that said explicitly).
    nohup "$SERVER" --config-file "$CONFIG" --allow-no-auth start >"$SERVER_LOG" 2>&1 &
    echo $! >"$PID_FILE"
    say "temporal-server $VERSION started (pid $(cat "$PID_FILE"), log $SERVER_LOG)"
  fi
  for _ in $(seq 1 360); do
    answers && return 0
    server_running || { tail -20 "$SERVER_LOG" >&2; die "temporal-server exited; its log: $SERVER_LOG"; }
    sleep 0.5
  done
  die "temporal-server gave no answer on $ADDRESS after 180 s; see $SERVER_LOG"
}

# retry <attempts> <command...>: the frontend sees a new namespace only after its cache refresh (seconds).
retry() {
  local attempts=$1 n=1
  shift
  until "$@"; do
    [ "$n" -ge "$attempts" ] && { say "giving up after $attempts attempts: $*"; return 1; }
    n=$((n + 1))
    sleep 2
  done
}

namespace_exists() { cli operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; }

create_namespace() {
  namespace_exists && return 0
  cli operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" --retention "$NAMESPACE_RETENTION" \
      >/dev/null && say "created namespace $NAMESPACE (retention $NAMESPACE_RETENTION)"
}

search_attribute() { # name type; one pair per call (the CLI pairs the n-th --name with the n-th --type)
  local out
  if out=$(cli operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" \
      --name "$1" --type "$2" 2>&1); then
    return 0
  fi
  case "$out" in
    *"different type"*) die "search attribute $1 exists with another type than $2: $out" ;;
    *"already exists"*|*"already registered"*) return 0 ;;
    *"is not found"*) return 1 ;;   # the new namespace is not in the frontend's cache yet: retried
  esac
  say "search attribute $1 ($2): $out"
  return 1
}

setup_namespace() {
  retry 30 create_namespace
  local sa
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do
    retry 30 search_attribute "${sa%=*}" "${sa#*=}"
  done
}

start() {
  build
  start_postgres
  schemas
  start_server
  setup_namespace
  say "ready: Temporal (PostgreSQL 127.0.0.1:$PG_PORT) on $ADDRESS, namespace $NAMESPACE with signchain's search attributes"
  echo "$ADDRESS"
}

stop_server() {
  if server_running; then
    local pid
    pid=$(cat "$PID_FILE")
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      say "temporal-server (pid $pid) still running after 30 s; killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
    say "temporal-server stopped"
  fi
  rm -f "$PID_FILE"
}

stop() {
  stop_server
  PG_BIN=$(pg_bin) || true
  if [ -n "$PG_BIN" ] && pg_running; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
    say "PostgreSQL stopped"
  fi
}

# A database for signchain itself on this cluster, with its own role; the password is made once and kept beside it.
database() {
  local name=${1:?usage: $0 database NAME}
  case "$name" in *[!a-z0-9_]*) die "database name '$name': use lower-case letters, digits and _" ;; esac
  PG_BIN=$(pg_bin) || die "PostgreSQL is not installed; run $0 start first"
  pg_running || die "PostgreSQL is not running; run $0 start first"
  local password_file="$DIR/$name-db-password"
  if [ ! -s "$password_file" ]; then
    (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$password_file")
  fi
  psql_admin <<EOF
SELECT 'CREATE ROLE $name LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$name')\gexec
ALTER ROLE $name WITH LOGIN PASSWORD '$(cat "$password_file")';
SELECT 'CREATE DATABASE $name OWNER $name' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$name')\gexec
EOF
  echo "SIGNCHAIN_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$name"
  echo "SIGNCHAIN_DB_USER=$name"
  echo "SIGNCHAIN_DB_PASSWORD=$(cat "$password_file")"
}

# For the fault matrix (deploy/local/faults.sh): PostgreSQL restarted under running clients; Temporal alone stopped.
restart_postgres() {
  PG_BIN=$(pg_bin) || die "PostgreSQL is not installed"
  as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -o "-p $PG_PORT" -m fast -w -t 60 restart >/dev/null
  say "PostgreSQL restarted"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  stop-server) stop_server ;;
  restart-postgres) restart_postgres ;;
  database) database "${2:-}" ;;
  *) echo "usage: $0 build|start|stop|stop-server|restart-postgres|database NAME" >&2; exit 2 ;;
esac
