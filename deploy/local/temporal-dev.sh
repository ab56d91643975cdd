#!/usr/bin/env bash
# A real Temporal server for development and CI, without Docker: the Temporal CLI's dev server (SQLite, Web UI).
#   deploy/local/temporal-dev.sh build    # build .tools/bin/temporal once (go install; cached)
#   deploy/local/temporal-dev.sh start    # start on 127.0.0.1 (gRPC 7233, Web UI 8233), return once it answers
#   deploy/local/temporal-dev.sh stop
# Environment: TEMPORAL_CLI_VERSION (v1.5.1), TEMPORAL_GRPC_PORT (7233), TEMPORAL_UI_PORT (8233),
#              TEMPORAL_DEV_DIR (.tools/temporal-dev: database, log, pid),
#              TEMPORAL_UI_CODEC_ENDPOINT (http://127.0.0.1:8080/codec: the signchain app's codec endpoints, through
#              which the Web UI decrypts payloads; empty for none, and the Web UI shows only ciphertext).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin/temporal"
VERSION=${TEMPORAL_CLI_VERSION:-v1.5.1}
GRPC_PORT=${TEMPORAL_GRPC_PORT:-7233}
UI_PORT=${TEMPORAL_UI_PORT:-8233}
DIR=${TEMPORAL_DEV_DIR:-$TOOLS/temporal-dev}
CODEC_ENDPOINT=${TEMPORAL_UI_CODEC_ENDPOINT-http://127.0.0.1:8080/codec}
PID_FILE="$DIR/temporal.pid"

# signchain's search attributes; PostgreSQL visibility allows 10 Keyword, 3 Int, 3 Datetime per namespace.
SEARCH_ATTRIBUTES=(ContractStatus=Keyword SignerIndex=Int SignerCount=Int StepDeadline=Datetime BusinessRef=Keyword SigningProvider=Keyword)

# The server settings signchain runs on, as the PostgreSQL-backed server's dynamic config has them
# (deploy/compose/temporal/dynamicconfig.yaml): eager activity dispatch hands the activity a workflow task schedules
# straight back to the worker that completed it, instead of through the task queue (issue 11: ~25 ms less per
# activity, four per handoff). The server's default is off; the Java SDK asks for it whenever that worker runs
# activities and has a free slot, so a workflows-only worker never gets one.
DYNAMIC_CONFIG=(system.enableActivityEagerExecution=true)

# Built once per machine into a cache outside the clone (CI clones afresh), then copied to .tools/bin.
CACHE=${SIGNCHAIN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/signchain}/temporal-cli-$VERSION

build() {
  if [ ! -x "$CACHE/temporal" ]; then
    command -v go >/dev/null || { echo "temporal-dev: Go is needed to build the Temporal CLI" >&2; exit 1; }
    echo "temporal-dev: building the Temporal CLI $VERSION with go install (once per machine, a few minutes)" >&2
    mkdir -p "$CACHE"
    GOBIN="$CACHE" go install "github.com/temporalio/cli/cmd/temporal@$VERSION"
  fi
  mkdir -p "$TOOLS/bin"
  if ! cmp -s "$CACHE/temporal" "$BIN"; then
    cp "$CACHE/temporal" "$BIN"
  fi
}

answers() {
  "$BIN" operator namespace describe --address "127.0.0.1:$GRPC_PORT" --namespace default >/dev/null 2>&1
}

start() {
  build
  if answers; then
    echo "temporal-dev: already running on 127.0.0.1:$GRPC_PORT" >&2
    return 0
  fi
  mkdir -p "$DIR"
  local attrs=()
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do attrs+=(--search-attribute "$sa"); done
  # Payloads are encrypted: the Web UI (in the browser) decodes them through signchain's codec endpoints.
  [ -z "$CODEC_ENDPOINT" ] || attrs+=(--ui-codec-endpoint "$CODEC_ENDPOINT")
  for kv in "${DYNAMIC_CONFIG[@]}"; do attrs+=(--dynamic-config-value "$kv"); done
  nohup "$BIN" server start-dev --ip 127.0.0.1 --port "$GRPC_PORT" --ui-port "$UI_PORT" \
      --db-filename "$DIR/temporal.db" --log-level warn "${attrs[@]}" >"$DIR/temporal.log" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 120); do
    if answers; then
      echo "temporal-dev: Temporal on 127.0.0.1:$GRPC_PORT, Web UI http://127.0.0.1:$UI_PORT" >&2
      return 0
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      echo "temporal-dev: the server exited; its log:" >&2; tail -20 "$DIR/temporal.log" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "temporal-dev: no answer after 60 s; see $DIR/temporal.log" >&2
  exit 1
}

stop() {
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    kill "$(cat "$PID_FILE")"
    for _ in $(seq 1 40); do kill -0 "$(cat "$PID_FILE")" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 build|start|stop" >&2; exit 2 ;;
esac
