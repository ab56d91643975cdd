#!/usr/bin/env bash
# deploy/compose/compose.yaml end to end under podman (the CI scenario): PostgreSQL, Temporal on PostgreSQL with its
# schema and namespace set-up and Web UI, the API, two activities workers and a workflows worker, the simulator
# (profile "simulator", auto-signing) and the local authorization server issuing the API's tokens (profile
# "local-auth"), all from local stand-in images (deploy/containers/standins.sh) and images of the prebuilt jars
# (deploy/docker/Dockerfile). Submits CONTRACTS 3-signer contracts through the API, kills one worker container
# (podman kill, SIGKILL) once a contract has passed signer 1, waits for every contract to be COMPLETED, and checks
# that no signer got two signing sessions (the simulator's session list) and that every event the simulator sent for
# these sessions is in signchain's webhook_inbox. Last line:
#   compose: contracts=4 completed=4 duplicates=0 lost=0
# Exits non-zero otherwise. Always tears the stack down (down -v) and stops the health-check loop; on failure the
# containers' logs go to COMPOSE_CHECK_LOGS.
#
#   ./mvnw -B -DskipTests package && deploy/local/compose-check.sh
# Needs root, Debian 12 (podman from apt: deploy/containers/podman.sh setup is run here), Go (Temporal binaries and
# Docker Compose v2, built once per machine), Temurin 25 for the jlink'd runtime, curl, python3.
# Environment:
#   CONTRACTS (4); SIMULATOR_AUTO_SIGN_AFTER (PT3S)
#   COMPOSE: a Docker Compose v2 binary (default: deploy/containers/compose-v2.sh build)
#   SIGNCHAIN_COMPOSE_PROJECT (signchain-ci); API_HOST_PORT (18080), SIMULATOR_HOST_PORT (18089),
#   TEMPORAL_HOST_PORT (17233), TEMPORAL_UI_HOST_PORT (18233), AUTHORIZATION_SERVER_HOST_PORT (18090): all published
#   on 127.0.0.1 only
#   COMPOSE_CHECK_LOGS (target/compose-check-logs); KEEP_STACK=1 leaves the stack running (for debugging)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONTAINERS="$ROOT/deploy/containers"
CONTRACTS=${CONTRACTS:-4}
PROJECT=${SIGNCHAIN_COMPOSE_PROJECT:-signchain-ci}
API_HOST_PORT=${API_HOST_PORT:-18080}
SIMULATOR_HOST_PORT=${SIMULATOR_HOST_PORT:-18089}
TEMPORAL_HOST_PORT=${TEMPORAL_HOST_PORT:-17233}
TEMPORAL_UI_HOST_PORT=${TEMPORAL_UI_HOST_PORT:-18233}
AUTHORIZATION_SERVER_HOST_PORT=${AUTHORIZATION_SERVER_HOST_PORT:-18090}
AUTO_SIGN=${SIMULATOR_AUTO_SIGN_AFTER:-PT3S}
LOGS=${COMPOSE_CHECK_LOGS:-$ROOT/target/compose-check-logs}
WORK=$(mktemp -d /tmp/signchain-compose-check.XXXXXX)
API=http://127.0.0.1:$API_HOST_PORT
SIM=http://127.0.0.1:$SIMULATOR_HOST_PORT
TOKEN_URL=http://127.0.0.1:$AUTHORIZATION_SERVER_HOST_PORT/oauth2/token
SIGNCHAIN_CLIENT_SECRET=local-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
. "$ROOT/deploy/local/api-token.sh"
APP_TAG=ci
STARTED=$(date +%s)

say() { printf 'compose-check: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

# --- phases and their times ------------------------------------------------------------------------------------------
PHASES=()
PHASE=""
PHASE_START=0
phase() {
  phase_end
  PHASE=$1
  PHASE_START=$(date +%s)
  say "--- $PHASE"
}
phase_end() {
  [ -n "$PHASE" ] || return 0
  PHASES+=("$PHASE $(( $(date +%s) - PHASE_START ))")
  PHASE=""
}
print_times() {
  phase_end
  local p
  for p in "${PHASES[@]}"; do printf 'compose-check: %-28s %5s s\n' "${p% *}" "${p##* }" >&2; done
  printf 'compose-check: %-28s %5s s\n' total "$(( $(date +%s) - STARTED ))" >&2
}

# --- compose ---------------------------------------------------------------------------------------------------------
COMPOSE_BIN=${COMPOSE:-}
compose() {
  "$COMPOSE_BIN" -p "$PROJECT" -f "$ROOT/deploy/compose/compose.yaml" --project-directory "$ROOT/deploy/compose" \
      --env-file "$WORK/compose.env" --profile simulator --profile local-auth "$@"
}

UP=0
RESULT=""
collect_logs() {
  rm -rf "$LOGS"
  mkdir -p "$LOGS"
  local name
  podman ps -a --filter "label=com.docker.compose.project=$PROJECT" \
      --format '{{.Names}}  {{.Image}}  {{.Status}}' >"$LOGS/containers.txt" 2>&1 || true
  for name in $(podman ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}' 2>/dev/null); do
    podman logs -t "$name" >"$LOGS/$name.log" 2>&1 || true
    podman inspect --format '{{json .State}}' "$name" >"$LOGS/$name.state.json" 2>&1 || true
  done
  cp "$WORK"/*.json "$WORK"/*.log "$WORK/ids" "$LOGS/" 2>/dev/null || true
  say "container logs in $LOGS"
}

finish() {
  local rc=$?
  set +e
  phase_end
  if [ "$rc" -ne 0 ] && [ "$UP" = 1 ]; then collect_logs; fi
  if [ "${KEEP_STACK:-0}" = 1 ] && [ "$UP" = 1 ]; then
    say "KEEP_STACK=1: the stack stays up (project $PROJECT; env file $WORK/compose.env)"
  else
    if [ "$UP" = 1 ]; then
      local t
      t=$(date +%s)
      compose down -v --remove-orphans -t 10 >"$WORK/down.log" 2>&1 \
        || { say "compose down failed:"; tail -5 "$WORK/down.log" >&2; }
      PHASES+=("teardown $(( $(date +%s) - t ))")
    fi
    "$CONTAINERS/podman.sh" health-loop stop
    rm -rf "$WORK"
  fi
  print_times
  # The result, last: after the teardown and the times.
  [ -z "$RESULT" ] || echo "$RESULT"
  exit "$rc"
}
trap finish EXIT

port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

wait_for() { # seconds, description, command...
  local seconds=$1 what=$2 end
  shift 2
  end=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || die "$what: not after $seconds s"
    sleep 1
  done
}

health_of() { podman inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null; }
all_healthy() { local c; for c in "$@"; do [ "$(health_of "$c")" = healthy ] || return 1; done; }

# --- 1. podman ------------------------------------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "run as root (podman's rootful store and socket)"
phase podman
eval "$("$CONTAINERS/podman.sh" setup)"
export DOCKER_HOST

# --- 2. images -------------------------------------------------------------------------------------------------------
phase stand-in-images
"$CONTAINERS/standins.sh" build base java postgres temporal-server admin-tools temporal-ui
eval "$("$CONTAINERS/standins.sh" env)"

phase compose-v2
[ -n "$COMPOSE_BIN" ] || COMPOSE_BIN=$("$CONTAINERS/compose-v2.sh" build)
"$COMPOSE_BIN" version >&2

phase app-images
for m in api worker simulator authorization-server; do
  [ -f "$ROOT/$m/target/signchain-$m.jar" ] || die "no $m/target/signchain-$m.jar: build the jars first (./mvnw -B -DskipTests package)"
done
for m in api:8080 worker:8081 simulator:8089 authorization-server:9000; do
  t=$(date +%s)
  # The Dockerfile compose.yaml builds, with podman directly: Compose's classic builder (the only one podman's API
  # offers) would send the whole repository as context, ignoring deploy/docker/Dockerfile.dockerignore.
  podman build -q --pull=never -f "$ROOT/deploy/docker/Dockerfile" --ignorefile "$ROOT/deploy/docker/Dockerfile.dockerignore" \
      --build-arg "MODULE=${m%:*}" --build-arg "HTTP_PORT=${m#*:}" --build-arg "JAVA_IMAGE=$JAVA_IMAGE" \
      -t "localhost/signchain-${m%:*}:$APP_TAG" "$ROOT" >"$WORK/build-${m%:*}.log" 2>&1 \
    || { cat "$WORK/build-${m%:*}.log" >&2; die "podman build of ${m%:*} failed"; }
  say "image localhost/signchain-${m%:*}:$APP_TAG ($(( $(date +%s) - t )) s)"
  # Earlier builds of this module, untagged by this one: CI builds on every run, so they would pile up.
  podman image prune -f --filter "label=org.opencontainers.image.title=signchain-${m%:*}" >/dev/null 2>&1 || true
done

# --- 3. the stack ----------------------------------------------------------------------------------------------------
phase stack-up
rand() { od -An -tx1 -N12 /dev/urandom | tr -d ' \n'; }
(umask 077 && cat >"$WORK/compose.env" <<EOF
POSTGRES_IMAGE=$POSTGRES_IMAGE
TEMPORAL_SERVER_IMAGE=$TEMPORAL_SERVER_IMAGE
TEMPORAL_ADMIN_TOOLS_IMAGE=$TEMPORAL_ADMIN_TOOLS_IMAGE
TEMPORAL_UI_IMAGE=$TEMPORAL_UI_IMAGE
JAVA_IMAGE=$JAVA_IMAGE
SIGNCHAIN_API_IMAGE=localhost/signchain-api:$APP_TAG
SIGNCHAIN_WORKER_IMAGE=localhost/signchain-worker:$APP_TAG
SIGNCHAIN_SIMULATOR_IMAGE=localhost/signchain-simulator:$APP_TAG
SIGNCHAIN_AUTHORIZATION_SERVER_IMAGE=localhost/signchain-authorization-server:$APP_TAG
SIGNCHAIN_LOCAL_CLIENT_SECRET=$SIGNCHAIN_CLIENT_SECRET
AUTHORIZATION_SERVER_HOST_PORT=$AUTHORIZATION_SERVER_HOST_PORT
POSTGRES_PASSWORD=pg-$(rand)
TEMPORAL_DB_PASSWORD=temporal-$(rand)
SIGNCHAIN_DB_PASSWORD=signchain-$(rand)
SIGNICAT_WEBHOOK_SECRET=webhook-$(rand)
SIGNCHAIN_PROTECTION_KEYS_K1=$(head -c 32 /dev/urandom | base64 -w0)
SIGNCHAIN_PROTECTION_HASH_KEY=$(head -c 32 /dev/urandom | base64 -w0)
SIMULATOR_AUTO_SIGN_AFTER=$AUTO_SIGN
API_HOST_PORT=$API_HOST_PORT
SIMULATOR_HOST_PORT=$SIMULATOR_HOST_PORT
TEMPORAL_HOST_PORT=$TEMPORAL_HOST_PORT
TEMPORAL_UI_HOST_PORT=$TEMPORAL_UI_HOST_PORT
EOF
)
# A stack left by an earlier, interrupted run of this project goes first.
UP=1
compose down -v --remove-orphans -t 5 >/dev/null 2>&1 || true
for p in "$API_HOST_PORT" "$SIMULATOR_HOST_PORT" "$TEMPORAL_HOST_PORT" "$TEMPORAL_UI_HOST_PORT" \
    "$AUTHORIZATION_SERVER_HOST_PORT"; do
  port_free "$p" || die "127.0.0.1:$p is in use; set API_HOST_PORT/SIMULATOR_HOST_PORT/TEMPORAL_HOST_PORT/TEMPORAL_UI_HOST_PORT"
done
"$CONTAINERS/podman.sh" health-loop start
# up returns once every container is started, which waits for the depends_on conditions (healthy, completed).
compose up -d --no-build --quiet-pull >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; die "compose up failed"; }
API_C=$(compose ps -q api)
PG_C=$(compose ps -q postgres)
mapfile -t WORKERS < <(compose ps -q worker)
[ ${#WORKERS[@]} -eq 2 ] || die "expected 2 worker containers, found ${#WORKERS[@]}"
WORKFLOW_WORKER_C=$(compose ps -q workflow-worker)
[ -n "$WORKFLOW_WORKER_C" ] || die "no workflow-worker container"
wait_for 240 "API health" all_healthy "$API_C"
wait_for 240 "worker health" all_healthy "${WORKERS[@]}" "$WORKFLOW_WORKER_C"
# Each runs its role (Spring Boot names the role's profile at start): a worker left at `all` would hide a broken split.
# (grep reads the whole log: with -q it would stop early, and pipefail would fail on podman's broken pipe.)
for c in "${WORKERS[@]}"; do
  podman logs "$c" 2>&1 | grep 'signchain-role-activities' >/dev/null || die "worker $c does not run the activities role"
done
podman logs "$WORKFLOW_WORKER_C" 2>&1 | grep 'signchain-role-workflows' >/dev/null \
  || die "the workflow-worker does not run the workflows role"
wait_for 30 "API on $API/actuator/health/readiness" curl -fsS "$API/actuator/health/readiness"
wait_for 30 "Temporal Web UI" curl -fsS -o /dev/null "http://127.0.0.1:$TEMPORAL_UI_HOST_PORT/"
compose ps -a --format 'table {{.Service}}\t{{.Status}}\t{{.Ports}}' >&2

# --- 4. contracts, a worker killed mid-run ---------------------------------------------------------------------------
phase contracts
RUN=compose-$(date +%s)
: >"$WORK/ids"
for i in $(seq 1 "$CONTRACTS"); do
  contract="{\"title\":\"Compose check $i\",\"externalRef\":\"$RUN-$i\",\"signers\":[
    {\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"},
    {\"name\":\"Ole Bramserud\",\"nationalId\":\"11920287974\"},
    {\"name\":\"Sanna Hansen\",\"nationalId\":\"12829025475\"}]}"
  curl -sf -H "$(bearer)" -F document=@"$ROOT/deploy/demo/sample-contract.pdf" -F "contract=$contract;type=application/json" \
       "$API/api/v1/contracts" | json "d['id']" >>"$WORK/ids"
done
say "$CONTRACTS contracts submitted"

moved=0
for _ in $(seq 1 240); do
  moved=$(curl -sf -H "$(bearer)" "$API/api/v1/contracts?status=ACTIVE&size=100" \
          | json "sum(1 for c in d['items'] if (c.get('currentSigner') or 0) >= 2)" 2>/dev/null || echo 0)
  [ "$moved" -ge 1 ] && break
  sleep 0.5
done
[ "$moved" -ge 1 ] || say "no contract passed signer 1 within 120 s; killing a worker anyway"
KILLED=${WORKERS[0]}
podman kill "$KILLED" >/dev/null
KILLED_AT=$(date +%s)
done_at_kill=$(curl -sf -H "$(bearer)" "$API/api/v1/contracts?status=COMPLETED&size=100" \
               | json "sum(1 for c in d['items'] if c['externalRef'].startswith('$RUN-'))" 2>/dev/null || echo '?')
say "killed worker container $(podman inspect --format '{{.Name}}' "$KILLED") with $moved contract(s) past signer 1" \
    "and $done_at_kill of $CONTRACTS completed"

phase wait-completed
completed=0
deadline=$(( $(date +%s) + ${COMPLETE_TIMEOUT:-300} ))
while :; do
  completed=$(curl -sf -H "$(bearer)" "$API/api/v1/contracts?status=COMPLETED&size=100" \
              | json "sum(1 for c in d['items'] if c['externalRef'].startswith('$RUN-'))" 2>/dev/null || echo 0)
  if [ "$completed" -ge "$CONTRACTS" ]; then
    say "all $CONTRACTS completed, $(( $(date +%s) - KILLED_AT )) s after the kill"
    break
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then say "only $completed of $CONTRACTS completed in time"; break; fi
  sleep 1
done
say "killed worker is now: $(podman inspect --format '{{.State.Status}} (restarts {{.RestartCount}})' "$KILLED" 2>/dev/null || echo gone)"

# --- 5. duplicates and lost events -----------------------------------------------------------------------------------
phase checks
# The simulator's control API answers only on loopback: asked from inside its container.
SIM_C=$(compose ps -q simulator)
podman exec "$SIM_C" curl -sf http://127.0.0.1:8089/simulator/control/sessions >"$WORK/sessions.json"
podman exec "$SIM_C" curl -sf http://127.0.0.1:8089/simulator/control/events >"$WORK/events.json"
podman exec "$PG_C" psql -U postgres -d signchain -At -c "select event_id from webhook_inbox" >"$WORK/inbox"
read -r duplicates checked lost < <("$ROOT/deploy/local/chain-audit.py" "$WORK/sessions.json" "$WORK/events.json" \
    "$WORK/ids" "$WORK/inbox")
say "checked $checked events of these contracts' sessions against webhook_inbox"
[ "$checked" -gt 0 ] || { say "no events to check: the event subscription did not work"; lost=-1; }
phase_end
RESULT="compose: contracts=$CONTRACTS completed=$completed duplicates=$duplicates lost=$lost"
[ "$completed" -eq "$CONTRACTS" ] && [ "$duplicates" -eq 0 ] && [ "$lost" -eq 0 ]
