#!/usr/bin/env bash
# signchain's benchmark: the production jars (simulator, authorization server, api, worker as separate JVMs) on a real
# Temporal server and PostgreSQL, all on this machine, on ports of their own. Prints a table at the end and writes it
# to $WORK/<server>/results.md and bench/results/latest-<server>-<mode>.md. See README.md, "Benchmark".
#   bench/run.sh            # the full run (an hour or more on 2 cores: 10,000 waiting contracts dominate)
#   bench/run.sh --quick    # reduced: 30 handoffs, 1,000 waiting contracts, 10 MB instead of 50 MB (~35 min here)
#   bench/run.sh --smoke    # toy sizes: checks the harness works, measures nothing (~5 min quiet, 9 at load 27)
# Environment: BENCH_SERVER (dev | postgres | both; default dev), BENCH_ONLY (some of: handoff history large chain
#   throughput ingest burst memory; default all), BENCH_DEV_DYNAMIC (dev server dynamic config, "key=value ..."),
#   BENCH_WORKER_OPTS / BENCH_API_OPTS (extra JVM options), BENCH_WORKER_JVM (the worker's memory settings, default
#   the Kubernetes pod's: see start_worker), BENCH_WAITING (the memory scenario's contract count instead of the
#   mode's), BENCH_WORKFLOW_WORKER (yes: the memory scenario runs a workflow worker, SIGNCHAIN_WORKER_ROLE=workflows,
#   beside an activities worker and measures it; its JVM BENCH_WORKFLOW_WORKER_JVM), BENCH_ROLES (split: every
#   scenario runs on the deployed split, an activities worker and a workflow worker, instead of one worker of role
#   all; memory is then the workflow worker's, as with BENCH_WORKFLOW_WORKER=yes), BENCH_PG_DIR (the PostgreSQL
#   cluster's directory),
#   BENCH_THROUGHPUT_WAIT (callbacks | polls | both | polls,callbacks: how the throughput scenario learns a contract
#   ended; default callbacks), BENCH_PORT_BASE (27600: the run uses the 40 ports above it, and the
#   PostgreSQL-backed Temporal server the base minus 367 with temporal-postgres.sh's offsets), WORK (work folder).
# Needs: the jars (./mvnw -B -DskipTests package), JAVA_HOME (JDK >= 21), python3, curl, psql (for the inbox count),
#   the Temporal CLI (deploy/local/temporal-dev.sh build) and for the PostgreSQL parts Debian's postgresql
#   (deploy/local/temporal-postgres.sh installs it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODE=full
for arg in "$@"; do
  case "$arg" in
    --quick) MODE=quick ;;
    --smoke) MODE=smoke ;;
    *) echo "usage: $0 [--quick|--smoke]" >&2; exit 2 ;;
  esac
done
export MODE
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SERVERS=${BENCH_SERVER:-dev}
[ "$SERVERS" = both ] && SERVERS="dev postgres"
BASE=${BENCH_PORT_BASE:-27600}
SIM_PORT=$((BASE + 1)) API_PORT=$((BASE + 2)) AUTH_PORT=$((BASE + 3)) WORKER_PORT=$((BASE + 4))
WORKFLOW_WORKER_PORT=$((BASE + 6))
DEV_GRPC=$((BASE + 10)) DEV_UI=$((BASE + 11))
# Our own PostgreSQL cluster (signchain's databases, and the PostgreSQL-backed Temporal's).
export TEMPORAL_PG_DIR=${BENCH_PG_DIR:-/tmp/signchain-bench-pg} TEMPORAL_PG_PORT=$((BASE + 20))
export TEMPORAL_PG_GRPC_PORT=$((BASE - 367)) TEMPORAL_PG_LOG_LEVEL=warn
WORK=${WORK:-$(mktemp -d /tmp/signchain-bench.XXXX)}
mkdir -p "$WORK" "$ROOT/bench/results"
# The jars are copied: a build during the run replaces target/*.jar, and a JVM that loads a class from a replaced jar
# fails with NoClassDefFoundError.
JARS=$WORK/jars
mkdir -p "$JARS"
for module in simulator authorization-server api worker; do cp "$ROOT/$module/target/signchain-$module.jar" "$JARS/"; done
export WORK
SECRET=bench-$RANDOM$RANDOM
key() { python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())'; }
export SIGNCHAIN_PROTECTION_KEYS_K1=$(key) SIGNCHAIN_PROTECTION_HASH_KEY=$(key)
TEMPORAL_CLI="$ROOT/.tools/bin/temporal"
PIDS=()
say() { printf 'bench: %s\n' "$*" >&2; }
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
# At the end, the PostgreSQL cluster (and the PostgreSQL-backed server) stop too; their data stay in BENCH_PG_DIR.
finish() { cleanup; "$ROOT/deploy/local/temporal-postgres.sh" stop >/dev/null 2>&1 || true; }
trap finish EXIT
wait_http() { # url seconds
  for _ in $(seq 1 $(($2 * 2))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  say "no answer from $1 after $2 s; logs in $WORK"; exit 1
}

"$ROOT/deploy/local/temporal-dev.sh" build
say "work folder $WORK; mode $MODE; servers $SERVERS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/deploy/local/temporal-postgres.sh" start >"$WORK/temporal-postgres.log" 2>&1 \
  || { say "PostgreSQL/Temporal-on-PostgreSQL did not start; see $WORK/temporal-postgres.log"; exit 1; }
# Only its PostgreSQL is needed when the PostgreSQL-backed server is not measured: its idle load would skew the rest.
case " $SERVERS " in *" postgres "*) ;; *) "$ROOT/deploy/local/temporal-postgres.sh" stop-server >/dev/null 2>&1 ;; esac

# The worker's JVM as deploy/kubernetes/worker.yaml runs it: Serial GC and a heap of up to 600 MB, growing from 16 MB
# (1/64 of the pod's 1 GiB limit, which MaxRAM stands for here). Left to itself on this host the JVM would size itself
# from all of its RAM: G1, and an initial heap of 1/64 of it, 384 MB here, most of it touched soon.
WORKER_JVM=${BENCH_WORKER_JVM:-"-XX:MaxRAM=1g -XX:+UseSerialGC -Xmx600m"}
# A workflow worker holds cached workflows and never a document: a heap of 200 MB (deploy/README.md).
WORKFLOW_WORKER_JVM=${BENCH_WORKFLOW_WORKER_JVM:-"-XX:MaxRAM=512m -XX:+UseSerialGC -Xmx200m -XX:ReservedCodeCacheSize=48m"}
# Uses $out. No argument: a worker of role all; "activities": that role; "workflow": BENCH_WORKFLOW_WORKER's worker.
start_worker() {
  local name=worker port=$WORKER_PORT jvm=$WORKER_JVM role=${1:-all} arenas=
  # As deploy/kubernetes/workflow-worker.yaml runs it: also two malloc arenas, not glibc's 8 per core.
  [ "${1:-}" != workflow ] \
    || { name=workflow-worker port=$WORKFLOW_WORKER_PORT jvm=$WORKFLOW_WORKER_JVM role=workflows arenas=2; }
  env ${arenas:+MALLOC_ARENA_MAX=$arenas} SIGNCHAIN_WORKER_ROLE=$role \
      SIGNICAT_BASE_URL=http://127.0.0.1:$SIM_PORT/sign SIGNICAT_CLIENT_ID=signchain-sim \
      SIGNICAT_CLIENT_SECRET=signchain-sim-secret SIGNCHAIN_TRUST_ANCHORS=http://127.0.0.1:$SIM_PORT/simulator/ca.pem \
      "$JAVA" "-Xlog:gc:file=$out/$name-gc.log:uptime" $jvm ${BENCH_WORKER_OPTS:-} \
      -jar "$JARS/signchain-worker.jar" --server.port=$port >>"$out/$name.log" 2>&1 &
  if [ "$name" = worker ]; then WORKER_PID=$!; else WORKFLOW_WORKER_PID=$!; fi
  PIDS+=($!)
  wait_http "http://127.0.0.1:$port/actuator/health/readiness" 180
}

# One worker of role all, or with BENCH_ROLES=split the deployed split (deploy/kubernetes): activities and workflows.
start_workers() {
  if [ "${BENCH_ROLES:-all}" = split ]; then start_worker activities; start_worker workflow; else start_worker; fi
}

drive() { # server out
  # The metrics of the worker that runs workflow tasks (and so the local activities): the workflows worker if split.
  local metrics_port=$WORKER_PORT
  [ -z "${WORKFLOW_WORKER_PID:-}" ] || metrics_port=$WORKFLOW_WORKER_PORT
  SERVER=$1 SIM=http://127.0.0.1:$SIM_PORT API=http://127.0.0.1:$API_PORT \
      TOKEN_URL=http://127.0.0.1:$AUTH_PORT/oauth2/token WEBHOOK_SECRET=$SECRET WORKER_PID=$WORKER_PID \
      WORKFLOW_WORKER_PID=${WORKFLOW_WORKER_PID:-} \
      WORKER_METRICS=http://127.0.0.1:$metrics_port/actuator/prometheus \
      API_PID=$API_PID API2_PORT=$((BASE + 5)) CALLBACK_PORT=$((BASE + 7)) API_JAR="$JARS/signchain-api.jar" \
      WORKER_JAR="$JARS/signchain-worker.jar" \
      SIGNCHAIN_ISSUER_URI=http://127.0.0.1:$AUTH_PORT TEMPORAL_CLI=$TEMPORAL_CLI OUT=$2 JAVA=$JAVA \
      python3 "$ROOT/bench/driver.py" | tee -a "$2/results.md"
}

run_on() { # server: dev | postgres
  local server=$1 address db out="$WORK/$1"
  mkdir -p "$out"
  if [ "$server" = dev ]; then
    # The Temporal CLI's dev server (SQLite in a file), as temporal-dev.sh runs it, on our own ports.
    local attrs=()
    for sa in ContractStatus=Keyword SignerIndex=Int SignerCount=Int StepDeadline=Datetime BusinessRef=Keyword; do
      attrs+=(--search-attribute "$sa")
    done
    # The settings temporal-dev.sh starts the server with (its DYNAMIC_CONFIG), then BENCH_DEV_DYNAMIC="key=value
    # ...": settings to compare, a later value of a key replacing the earlier (system.enableActivityEagerExecution=false
    # measures without eager activity dispatch).
    for kv in system.enableActivityEagerExecution=true ${BENCH_DEV_DYNAMIC:-}; do
      attrs+=(--dynamic-config-value "$kv")
    done
    "$TEMPORAL_CLI" server start-dev --ip 127.0.0.1 --port "$DEV_GRPC" --ui-port "$DEV_UI" --headless \
        --db-filename "$out/temporal.db" --log-level warn "${attrs[@]}" >"$out/temporal.log" 2>&1 &
    DEV_PID=$!; PIDS+=($DEV_PID)
    address=127.0.0.1:$DEV_GRPC
    for _ in $(seq 1 120); do
      "$TEMPORAL_CLI" operator namespace describe --address "$address" --namespace default >/dev/null 2>&1 && break
      sleep 0.5
    done
  else
    address=127.0.0.1:$TEMPORAL_PG_GRPC_PORT
  fi
  eval "$("$ROOT/deploy/local/temporal-postgres.sh" database "bench_$server")"
  export TEMPORAL_ADDRESS=$address SIGNCHAIN_DB_URL SIGNCHAIN_DB_USER SIGNCHAIN_DB_PASSWORD
  read -r PG_HOST PG_PORT PG_DB < <(sed -E 's#^jdbc:postgresql://([^:/]+):?([0-9]*)/([^?]+).*#\1 \2 \3#' <<<"$SIGNCHAIN_DB_URL")
  export PG_HOST PG_PORT PG_DB
  PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=$SIGNCHAIN_DB_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" \
      -U "$SIGNCHAIN_DB_USER" -d "$PG_DB" -Atq -c "drop schema if exists public cascade; create schema public;"

  # The simulator signs every session at once (zero latency) and sends its events to the API's webhook.
  "$JAVA" -jar "$JARS/signchain-simulator.jar" --server.port=$SIM_PORT \
      --signchain.simulator.knobs.auto-sign-after=PT0S \
      "--signchain.simulator.events.subscriptions[0].url=http://127.0.0.1:$API_PORT/webhooks/signicat" \
      "--signchain.simulator.events.subscriptions[0].secret=$SECRET" >"$out/simulator.log" 2>&1 &
  PIDS+=($!)
  "$JAVA" -jar "$JARS/signchain-authorization-server.jar" --server.port=$AUTH_PORT \
      >"$out/authorization-server.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$AUTH_PORT/.well-known/openid-configuration" 120
  # The long chain's 50 signers are over the API's default limit (signchain.contracts.max-signers, 20).
  # Callbacks on, to the driver on loopback: the throughput scenario learns that a contract ended the way a business
  # system does, not by polling (BENCH_THROUGHPUT_WAIT).
  SIGNCHAIN_ISSUER_URI=http://127.0.0.1:$AUTH_PORT SIGNICAT_WEBHOOK_SECRET=$SECRET \
      SIGNCHAIN_CALLBACKS_SECRETS="whsec_$(key)" SIGNCHAIN_CALLBACKS_ALLOW_LOOPBACK=true \
      "$JAVA" ${BENCH_API_OPTS:-} -jar "$JARS/signchain-api.jar" --server.port=$API_PORT \
      --signchain.contracts.max-signers=50 >"$out/api.log" 2>&1 &
  API_PID=$!; PIDS+=($API_PID)
  wait_http "http://127.0.0.1:$API_PORT/actuator/health/readiness" 180
  start_workers
  wait_http "http://127.0.0.1:$SIM_PORT/simulator/control/knobs" 120
  say "[$server] simulator, authorization server, api and worker are up (Temporal $address)"

  local only=${BENCH_ONLY:-handoff,history,large,chain,throughput,ingest,burst,memory}
  local first=${only//memory/}
  first=$(tr -s ',' <<<"${first#,}"); first=${first%,}
  : >"$out/results.md"
  [ -z "$first" ] || BENCH_ONLY=$first drive "$server" "$out"
  if [[ ",$only," == *,memory,* ]]; then
    # Memory on a fresh worker: the earlier scenarios (a large document above all) leave its heap grown.
    kill "$WORKER_PID"; wait "$WORKER_PID" 2>/dev/null || true
    [ -z "${WORKFLOW_WORKER_PID:-}" ] || { kill "$WORKFLOW_WORKER_PID"; wait "$WORKFLOW_WORKER_PID" 2>/dev/null || true; }
    # With a workflow worker, the deployed split: the other worker runs activities only, so every waiting contract's
    # workflow is the workflow worker's.
    if [ "${BENCH_WORKFLOW_WORKER:-no}" = yes ]; then BENCH_ROLES=split start_workers; else start_workers; fi
    sleep 10
    BENCH_ONLY=memory BENCH_TABLE_HEADER=$([ -z "$first" ] && echo yes || echo no) drive "$server" "$out"
  fi
  cp "$out/results.md" "$ROOT/bench/results/latest-$server-$MODE.md"

  cleanup; PIDS=(); WORKFLOW_WORKER_PID=
}

for server in $SERVERS; do run_on "$server"; done
say "results in $WORK/*/results.md"
