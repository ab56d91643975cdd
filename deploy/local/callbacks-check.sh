#!/usr/bin/env bash
# Callbacks to a business system, end to end, with a crash in the middle: the all-in-one app jar on an external
# PostgreSQL and a real Temporal server, the simulator (its own process, signing every session after a few seconds),
# and a receiver in Python that verifies every callback with Standard Webhooks' own library (PyPI: standardwebhooks)
# under both secrets of a rotation, answers 500 for its first minute, and logs each request. Contracts of 3 signers
# are submitted with a callbackUrl; once a signer has signed and nothing is delivered yet (the receiver still answers
# 500, so the outbox holds every event), the app is killed with kill -9, then restarted on the same database and
# Temporal. At the end every expected event must have been accepted, in order, once by webhook-id, each verified.
# Last line:
#   callbacks: contracts=N events=M verified=M duplicates=0 lost=0
# Needs: TEMPORAL_ADDRESS (a real server, e.g. deploy/local/temporal-postgres.sh start), SIGNCHAIN_DB_URL,
# SIGNCHAIN_DB_USER and SIGNCHAIN_DB_PASSWORD (e.g. eval "$(deploy/local/temporal-postgres.sh database NAME)"; its
# schema is emptied first), the jars (./mvnw -DskipTests package), a JDK >= 21 (JAVA_HOME), curl, python3 with venv,
# psql. The receiver's virtualenv is kept in ${SIGNCHAIN_TOOLS_CACHE:-~/.cache/signchain}/callbacks-venv.
# Environment: CONTRACTS (5), FAIL_FOR (60 s), APP_PORT (18480), SIM_PORT (18489), RECEIVER_PORT (18490), WORK.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS to a real Temporal server}"
: "${SIGNCHAIN_DB_URL:?set SIGNCHAIN_DB_URL (and SIGNCHAIN_DB_USER, SIGNCHAIN_DB_PASSWORD) to a PostgreSQL database}"
export TEMPORAL_ADDRESS SIGNCHAIN_DB_URL SIGNCHAIN_DB_USER SIGNCHAIN_DB_PASSWORD
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CONTRACTS=${CONTRACTS:-5}
SIGNERS=3
FAIL_FOR=${FAIL_FOR:-60}
APP_PORT=${APP_PORT:-18480}
SIM_PORT=${SIM_PORT:-18489}
RECEIVER_PORT=${RECEIVER_PORT:-18490}
WORK=${WORK:-$(mktemp -d /tmp/signchain-callbacks.XXXX)}
mkdir -p "$WORK"
TOOLS_CACHE=${SIGNCHAIN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/signchain}
VENV=$TOOLS_CACHE/callbacks-venv
STANDARDWEBHOOKS_VERSION=${STANDARDWEBHOOKS_VERSION:-1.1.0}
SIM=http://127.0.0.1:$SIM_PORT
APP=http://127.0.0.1:$APP_PORT
TOKEN_URL=$APP/oauth2/token   # the app's own authorization server and its first demo client
. "$ROOT/deploy/local/api-token.sh"
SIGNICAT_SECRET=callbacks-$RANDOM$RANDOM
PIDS=()
APP_PID=""
BEGAN=$(date +%s)
PHASE_AT=$BEGAN
TIMINGS=()

say() { printf 'callbacks: %s\n' "$*" >&2; }
phase() { local now; now=$(date +%s); TIMINGS+=("$1=$((now - PHASE_AT))s"); PHASE_AT=$now; }
cleanup() {
  [ -z "$APP_PID" ] || kill "$APP_PID" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
fail() { say "$*; logs in $WORK"; exit 1; }
wait_http() { # url, seconds
  for _ in $(seq 1 $(($2 * 2))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  fail "no answer from $1 after $2 s"
}
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
# jdbc:postgresql://host:port/database -> psql's host, port and database
read -r DB_HOST DB_PORT DB_NAME < <(sed -E 's#^jdbc:postgresql://([^:/]+):?([0-9]*)/([^?]+).*#\1 \2 \3#' <<<"$SIGNCHAIN_DB_URL")
sql() { PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=$SIGNCHAIN_DB_PASSWORD psql -h "$DB_HOST" -p "${DB_PORT:-5432}" -U "$SIGNCHAIN_DB_USER" -d "$DB_NAME" -Atq -c "$1"; }

say "work folder $WORK"

# Standard Webhooks' Python library, in a virtualenv kept between runs.
if ! "$VENV/bin/python" -c "import standardwebhooks" 2>/dev/null; then
  say "installing standardwebhooks $STANDARDWEBHOOKS_VERSION from PyPI into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "standardwebhooks==$STANDARDWEBHOOKS_VERSION"
fi

# An empty schema: Flyway migrates it at the app's start.
sql "drop schema if exists public cascade; create schema public;"
# Two secrets, as during a rotation: every callback carries both signatures, and the receiver checks both.
read -r OLD_SECRET NEW_SECRET < <("$VENV/bin/python" -c \
  "import base64,os; print(*('whsec_' + base64.b64encode(os.urandom(32)).decode() for _ in range(2)))")
phase setup

# The simulator on its own, so that it outlives the app's kill: signs every session 3 s after it opens.
"$JAVA" -jar "$ROOT/simulator/target/signchain-simulator.jar" --server.port=$SIM_PORT \
    --signchain.simulator.knobs.auto-sign-after=PT3S \
    "--signchain.simulator.events.subscriptions[0].url=$APP/webhooks/signicat" \
    "--signchain.simulator.events.subscriptions[0].secret=$SIGNICAT_SECRET" >"$WORK/simulator.log" 2>&1 &
PIDS+=($!)

start_app() { # log name
  SIGNICAT_BASE_URL=$SIM/sign SIGNICAT_CLIENT_ID=signchain-sim SIGNICAT_CLIENT_SECRET=signchain-sim-secret \
  SIGNICAT_WEBHOOK_SECRET=$SIGNICAT_SECRET SIGNCHAIN_TRUST_ANCHORS=$SIM/simulator/ca.pem \
  SIGNCHAIN_TASK_QUEUE=callbacks-check SIGNCHAIN_CALLBACKS_SECRETS="$OLD_SECRET,$NEW_SECRET" \
  "$JAVA" -jar "$ROOT/app/target/signchain-app.jar" --server.port=$APP_PORT \
      --signchain.contracts.reconcile-interval=PT5S \
      --signchain.callbacks.max-backoff=PT10S >"$WORK/$1.log" 2>&1 &
  APP_PID=$!
}
# The app reads the simulator's CA (its trust anchor) at start: the simulator first.
wait_http "$SIM/simulator/control/knobs" 90
start_app app-1
wait_http "$APP/actuator/health/readiness" 180
phase start

"$VENV/bin/python" "$ROOT/deploy/local/callbacks-receiver.py" --port "$RECEIVER_PORT" \
    --secrets "$OLD_SECRET,$NEW_SECRET" --fail-for "$FAIL_FOR" --log "$WORK/received.jsonl" 2>"$WORK/receiver.log" &
PIDS+=($!)
wait_http "http://127.0.0.1:$RECEIVER_PORT/" 30
RECEIVER_FROM=$(date +%s)

RUN=$(date +%s)
: >"$WORK/ids"
for i in $(seq 1 "$CONTRACTS"); do
  contract="{\"title\":\"Callbacks $i\",\"externalRef\":\"callbacks-$RUN-$i\",
    \"callbackUrl\":\"http://127.0.0.1:$RECEIVER_PORT/hooks/signchain?token=t$i\",\"signers\":[
    {\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"},
    {\"name\":\"Ole Bramserud\",\"nationalId\":\"11920287974\"},
    {\"name\":\"Sanna Hansen\",\"nationalId\":\"12829025475\"}]}"
  curl -sf -H "$(bearer)" -F document=@"$ROOT/deploy/demo/sample-contract.pdf" -F "contract=$contract;type=application/json" \
       "$APP/api/v1/contracts" | json "d['id']" >>"$WORK/ids"
done
say "$CONTRACTS contracts submitted with a callbackUrl; the receiver answers 500 for $FAIL_FOR s"
phase submit

# Kill once a signer has signed (state changes after contract.started are in the outbox), the receiver has been
# tried, and nothing has been delivered: every event recorded so far is undelivered.
for _ in $(seq 1 240); do
  signed=$(sql "select count(*) from callback_event where type = 'signer.signed'")
  tried=$(sql "select count(*) from callback_attempt")
  [ "$signed" -ge 1 ] && [ "$tried" -ge 1 ] && break
  sleep 0.5
done
[ "$signed" -ge 1 ] || fail "no signer signed within 2 minutes"
delivered=$(sql "select count(*) from callback_delivery where status = 'DELIVERED'")
[ "$(( $(date +%s) - RECEIVER_FROM ))" -lt "$FAIL_FOR" ] \
  || fail "the receiver's failing minute was over before the kill; raise FAIL_FOR"
kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
KILLED_AT=$(date +%s)
read -r events undispatched pending cut < <(sql "select (select count(*) from callback_event),
    (select count(*) from callback_event where dispatched_at is null),
    (select count(*) from callback_delivery where status = 'PENDING'),
    (select count(*) from callback_attempt where finished_at is null)" | tr '|' ' ')
say "killed the app (kill -9): $events events recorded, $delivered delivered, $undispatched not yet dispatched," \
    "$pending deliveries pending, $cut attempt(s) cut short"
[ "$delivered" -eq 0 ] || fail "$delivered callbacks were delivered before the kill; the receiver should have refused them"
phase kill

sleep 3   # sessions keep being signed at the simulator while the app is down
start_app app-2
wait_http "$APP/actuator/health/readiness" 180
say "app restarted $(( $(date +%s) - KILLED_AT )) s after the kill, on the same database and Temporal"
phase restart

EXPECTED=$((CONTRACTS * (2 + 2 * SIGNERS)))
deadline=$(( $(date +%s) + 420 ))
while :; do
  completed=$(curl -sf -H "$(bearer)" "$APP/api/v1/contracts?status=COMPLETED&size=100" \
      | json "sum(1 for c in d['items'] if c['externalRef'].startswith('callbacks-$RUN-'))")
  read -r recorded open < <(sql "select (select count(*) from callback_event),
      (select count(*) from callback_event where dispatched_at is null)
      + (select count(*) from callback_delivery where status <> 'DELIVERED')" | tr '|' ' ')
  [ "$completed" -ge "$CONTRACTS" ] && [ "$recorded" -ge "$EXPECTED" ] && [ "$open" -eq 0 ] && break
  [ "$(date +%s)" -ge "$deadline" ] && { say "timed out: $completed completed, $recorded events, $open undelivered"; break; }
  sleep 1
done
say "$completed of $CONTRACTS contracts completed; $recorded events recorded; every delivery settled" \
    "$(( $(date +%s) - RECEIVER_FROM - FAIL_FOR )) s after the receiver stopped failing"
phase deliver

# The delivery log as the API shows it, for the record.
curl -sf -H "$(bearer)" "$APP/api/v1/contracts/$(head -1 "$WORK/ids")/deliveries" >"$WORK/deliveries-first-contract.json"
failed=$(sql "select count(*) from callback_delivery where status = 'FAILED'")
read -r EVENTS VERIFIED DUPLICATES LOST PROBLEMS < <("$VENV/bin/python" "$ROOT/deploy/local/callbacks-audit.py" \
    "$WORK/received.jsonl" "$WORK/ids" "$SIGNERS")
phase audit
say "timings: ${TIMINGS[*]} total=$(( $(date +%s) - BEGAN ))s"
[ "$PROBLEMS" -eq 0 ] || say "$PROBLEMS problem(s), see above"
echo "callbacks: contracts=$CONTRACTS events=$EVENTS verified=$VERIFIED duplicates=$DUPLICATES lost=$LOST"
[ "$EVENTS" -eq "$EXPECTED" ] && [ "$VERIFIED" -eq "$EVENTS" ] && [ "$DUPLICATES" -eq 0 ] && [ "$LOST" -eq 0 ] \
  && [ "$PROBLEMS" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$completed" -eq "$CONTRACTS" ]
