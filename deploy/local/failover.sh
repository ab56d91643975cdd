#!/usr/bin/env bash
# Multi-process failover on a real Temporal server: the simulator (auto-signing), the API and two worker processes
# run as separate JVMs; 20 contracts of 3 signers start; one worker is killed with kill -9 mid-run. Checks that every
# contract completes, that no signer ever had two sessions, and that no event was lost. Last line:
#   contracts=20 completed=20 duplicates=0 lost=0
# Needs: TEMPORAL_ADDRESS (a real server, e.g. deploy/local/temporal-dev.sh start), the jars (./mvnw -DskipTests
# package), a JDK >= 21 (JAVA_HOME), curl, python3, psql.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS to a real Temporal server}"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CONTRACTS=${CONTRACTS:-20}
SIM_PORT=${SIM_PORT:-18189}
API_PORT=${API_PORT:-18180}
PG_PORT=${PG_PORT:-18132}
WORK=${WORK:-$(mktemp -d /tmp/signchain-failover.XXXX)}
SECRET=failover-$RANDOM$RANDOM
SIM=http://127.0.0.1:$SIM_PORT
API=http://127.0.0.1:$API_PORT
DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
PIDS=()

say() { printf 'failover: %s\n' "$*" >&2; }
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_http() { # url, seconds
  for _ in $(seq 1 $(($2 * 2))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  say "no answer from $1 after $2 s; logs in $WORK"; exit 1
}
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

say "work folder $WORK"
# The simulator: signs every session 2 s after it opens, sends events to the API's webhook.
"$JAVA" -jar "$ROOT/simulator/target/signchain-simulator.jar" --server.port=$SIM_PORT \
    --signchain.simulator.knobs.auto-sign-after=PT2S \
    "--signchain.simulator.events.subscriptions[0].url=$API/webhooks/signicat" \
    "--signchain.simulator.events.subscriptions[0].secret=$SECRET" >"$WORK/simulator.log" 2>&1 &
PIDS+=($!)

# The API without a worker of its own; it also runs the embedded PostgreSQL the workers share.
SIGNCHAIN_RUN_WORKERS=false SIGNICAT_BASE_URL=$SIM/sign SIGNICAT_CLIENT_ID=signchain-sim \
SIGNICAT_CLIENT_SECRET=signchain-sim-secret SIGNICAT_WEBHOOK_SECRET=$SECRET \
"$JAVA" -jar "$ROOT/api/target/signchain-api.jar" --server.port=$API_PORT \
    --signchain.embedded.postgres-port=$PG_PORT --signchain.contracts.reconcile-interval=PT5S >"$WORK/api.log" 2>&1 &
PIDS+=($!)
wait_http "$SIM/simulator/control/knobs" 90
wait_http "$API/api/v1/contracts" 120

start_worker() { # name
  SIGNCHAIN_DB_URL=$DB_URL SIGNCHAIN_DB_USER=postgres SIGNCHAIN_DB_PASSWORD= \
  SIGNICAT_BASE_URL=$SIM/sign SIGNICAT_CLIENT_ID=signchain-sim SIGNICAT_CLIENT_SECRET=signchain-sim-secret \
  "$JAVA" -jar "$ROOT/worker/target/signchain-worker.jar" >"$WORK/$1.log" 2>&1 &
  echo $!
}
W1=$(start_worker worker-1); PIDS+=($W1)
W2=$(start_worker worker-2); PIDS+=($W2)
for w in worker-1 worker-2; do
  for _ in $(seq 1 180); do grep -q "Started WorkerApplication" "$WORK/$w.log" && break; sleep 0.5; done
  grep -q "Started WorkerApplication" "$WORK/$w.log" || { say "$w did not start; see $WORK/$w.log"; exit 1; }
done
say "simulator, API and two workers are up"

RUN=$(date +%s)
: >"$WORK/ids"
for i in $(seq 1 "$CONTRACTS"); do
  contract="{\"title\":\"Failover $i\",\"externalRef\":\"failover-$RUN-$i\",\"signers\":[
    {\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"},
    {\"name\":\"Ole Bramserud\",\"nationalId\":\"11920287974\"},
    {\"name\":\"Sanna Hansen\",\"nationalId\":\"12829025475\"}]}"
  curl -sf -F document=@"$ROOT/deploy/demo/sample-contract.pdf" -F "contract=$contract;type=application/json" \
       "$API/api/v1/contracts" | json "d['id']" >>"$WORK/ids"
done
say "$CONTRACTS contracts submitted"

# Mid-run: once some contracts have moved past signer 1 and none is done, kill worker 1 without warning.
for _ in $(seq 1 120); do
  moved=$(curl -sf "$API/api/v1/contracts?status=ACTIVE&size=100" | json "sum(1 for c in d['items'] if (c.get('currentSigner') or 0) >= 2)")
  [ "$moved" -ge 1 ] && break
  sleep 0.5
done
kill -9 "$W1"
KILLED_AT=$(date +%s)
say "killed worker 1 (pid $W1) with $moved contract(s) past signer 1"

deadline=$(( $(date +%s) + 300 ))
while :; do
  completed=$(curl -sf "$API/api/v1/contracts?status=COMPLETED&size=100" | json "sum(1 for c in d['items'] if c['externalRef'].startswith('failover-$RUN-'))")
  [ "$completed" -ge "$CONTRACTS" ] && { say "all completed $(( $(date +%s) - KILLED_AT )) s after the kill"; break; }
  [ "$(date +%s)" -ge "$deadline" ] && { say "only $completed of $CONTRACTS completed in time"; break; }
  sleep 1
done

# Duplicates: sessions beyond one per contract and signer, as the provider saw them.
curl -sf "$SIM/simulator/control/sessions" >"$WORK/sessions.json"
duplicates=$(python3 - "$WORK/sessions.json" "$WORK/ids" <<'PY'
import json, sys, collections
sessions = json.load(open(sys.argv[1])); ids = set(open(sys.argv[2]).read().split())
per_step = collections.Counter()
for s in sessions:
    ref = (s.get("externalReference") or "").split(":")
    if len(ref) == 4 and ref[0] == "signchain" and ref[1] in ids:
        per_step[(ref[1], ref[2])] += 1
print(sum(n - 1 for n in per_step.values()))
PY
)

# Lost events: every event the simulator emitted for these contracts' sessions must be in signchain's inbox.
curl -sf "$SIM/simulator/control/events" >"$WORK/events.json"
PGPASSWORD= psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -At \
    -c "select event_id from webhook_inbox" >"$WORK/inbox" 
lost=$(python3 - "$WORK/events.json" "$WORK/sessions.json" "$WORK/ids" "$WORK/inbox" <<'PY'
import json, sys
events = json.load(open(sys.argv[1]))["events"]; sessions = json.load(open(sys.argv[2]))
ids = set(open(sys.argv[3]).read().split()); inbox = set(open(sys.argv[4]).read().split())
ours = {s["id"] for s in sessions if (s.get("externalReference") or "").split(":")[1:2] and s["externalReference"].split(":")[1] in ids}
checked = [e for e in events if e["signingSessionId"] in ours]
print(len(checked), sum(1 for e in checked if e["id"] not in inbox))
PY
)
read -r checked lost <<<"$lost"
say "checked $checked events of these contracts' sessions against signchain's inbox"
[ "$checked" -gt 0 ] || { say "no events to check: the event subscription did not work"; lost=-1; }
echo "contracts=$CONTRACTS completed=$completed duplicates=$duplicates lost=$lost"
[ "$completed" -eq "$CONTRACTS" ] && [ "$duplicates" -eq 0 ] && [ "$lost" -eq 0 ]
