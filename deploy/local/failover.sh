#!/usr/bin/env bash
# Multi-process failover on a real Temporal server, with the production jars: the simulator (auto-signing), the
# local authorization server (the API's token issuer), the API and two worker processes run as separate JVMs on one
# PostgreSQL database; 20 contracts of 3 signers start; one
# worker is killed with kill -9 mid-run. Checks that every contract completes, that no signer ever had two sessions,
# and that no event was lost. Last line:
#   contracts=20 completed=20 duplicates=0 lost=0
# PROVIDER (signicat-v2, the default; zignsec; signicat-v1; posten) picks the provider the contracts name: every
# provider is switched on in the API and the workers, against the simulator's part for it (Posten only when the
# contracts name it: its fake opens an API port of its own, POSTEN_PORT, and writes the workers' organisation
# certificate and its CA to the work folder at start). Posten orders the signers itself: one job per contract, and a
# status queue the workers poll in turn (the fake permits a poll a second after one that found nothing, and hands a
# change out again 20 s after it went unconfirmed), so the checks are one job per contract and no status change lost
# or left unconfirmed; a worker killed while it held the queue's poll turn holds it up until the turn's lease runs out
# (15 s: a live poll renews it). The kill waits for every contract's job to be stored (see below).
# Needs: TEMPORAL_ADDRESS (a real server, e.g. deploy/local/temporal-postgres.sh start), SIGNCHAIN_DB_URL,
# SIGNCHAIN_DB_USER and SIGNCHAIN_DB_PASSWORD (e.g. eval "$(deploy/local/temporal-postgres.sh database NAME)"), the
# jars (./mvnw -DskipTests package), a JDK >= 21 (JAVA_HOME), curl, python3, psql.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS to a real Temporal server}"
: "${SIGNCHAIN_DB_URL:?set SIGNCHAIN_DB_URL (and SIGNCHAIN_DB_USER, SIGNCHAIN_DB_PASSWORD) to a PostgreSQL database}"
export TEMPORAL_ADDRESS SIGNCHAIN_DB_URL SIGNCHAIN_DB_USER SIGNCHAIN_DB_PASSWORD
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CONTRACTS=${CONTRACTS:-20}
PROVIDER=${PROVIDER:-signicat-v2}
case "$PROVIDER" in
  signicat-v2) CONTROL_SESSIONS=sessions; CONTROL_EVENTS=events ;;
  zignsec) CONTROL_SESSIONS=zignsec/sessions; CONTROL_EVENTS=zignsec/events ;;
  signicat-v1) CONTROL_SESSIONS=signicat-v1/tasks; CONTROL_EVENTS=signicat-v1/notifications ;;
  posten) ;;
  *) echo "failover: unknown PROVIDER $PROVIDER (signicat-v2, zignsec, signicat-v1, posten)" >&2; exit 2 ;;
esac
SIM_PORT=${SIM_PORT:-18189}
API_PORT=${API_PORT:-18180}
AUTH_PORT=${AUTH_PORT:-18188}
WORKER_PORTS=(${WORKER_PORTS:-18181 18182})
POSTEN_PORT=${POSTEN_PORT:-18187}
WORK=${WORK:-$(mktemp -d /tmp/signchain-failover.XXXX)}
mkdir -p "$WORK"
SECRET=failover-$RANDOM$RANDOM
# Personal data and Temporal payloads are encrypted: the API and both workers must hold the same keys.
key() { python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())'; }
export SIGNCHAIN_PROTECTION_KEYS_K1=${SIGNCHAIN_PROTECTION_KEYS_K1:-$(key)}
export SIGNCHAIN_PROTECTION_HASH_KEY=${SIGNCHAIN_PROTECTION_HASH_KEY:-$(key)}
# A task queue of this run's own: workflows an earlier run left on the same server hold payloads under that run's keys,
# which this run's workers could only fail to decrypt, over and over.
export SIGNCHAIN_TASK_QUEUE=${SIGNCHAIN_TASK_QUEUE:-signchain-failover-$(date +%s)-$RANDOM}
SIM=http://127.0.0.1:$SIM_PORT
API=http://127.0.0.1:$API_PORT
AUTH=http://127.0.0.1:$AUTH_PORT
TOKEN_URL=$AUTH/oauth2/token
. "$ROOT/deploy/local/api-token.sh"
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
# An empty schema, migrated by the API at start: a database left by an earlier run (of another version) does not count.
# jdbc:postgresql://host:port/database -> psql's host, port and database
read -r DB_HOST DB_PORT DB_NAME < <(sed -E 's#^jdbc:postgresql://([^:/]+):?([0-9]*)/([^?]+).*#\1 \2 \3#' <<<"$SIGNCHAIN_DB_URL")
db() { PGPASSWORD=$SIGNCHAIN_DB_PASSWORD psql -h "$DB_HOST" -p "${DB_PORT:-5432}" -U "$SIGNCHAIN_DB_USER" -d "$DB_NAME" -At "$@"; }
PGOPTIONS="-c client_min_messages=warning" db -q -c "drop schema if exists public cascade; create schema public;"
# The simulator: signs every session 2 s after it opens, sends events to the API's webhook.
# On 127.0.0.1 like the URLs the workers are given: the file and result URLs it answers with name its own host, and
# the ZignSec and Sign API v1 clients send their credentials only to the configured host.
POSTEN_CREDENTIALS=$WORK/posten
POSTEN_ARGS=()
[ "$PROVIDER" != posten ] || POSTEN_ARGS=(--signchain.simulator.posten.enabled=true
    --signchain.simulator.posten.port=$POSTEN_PORT --signchain.simulator.posten.poll-interval=PT1S
    # A change handed out and not confirmed (the kill took the confirmation) comes back after this (Posten: minutes).
    --signchain.simulator.posten.redeliver-after=PT20S
    "--signchain.simulator.posten.credentials-dir=$POSTEN_CREDENTIALS")
"$JAVA" -jar "$ROOT/simulator/target/signchain-simulator.jar" --server.address=127.0.0.1 --server.port=$SIM_PORT \
    --signchain.simulator.knobs.auto-sign-after=PT2S "${POSTEN_ARGS[@]}" \
    "--signchain.simulator.events.subscriptions[0].url=$API/webhooks/signicat" \
    "--signchain.simulator.events.subscriptions[0].secret=$SECRET" \
    "--signchain.simulator.zignsec.webhook-url=$API/webhooks/zignsec" \
    "--signchain.simulator.zignsec.webhook-secret=$SECRET" >"$WORK/simulator.log" 2>&1 &
PIDS+=($!)

# The API's token issuer, as the business's OIDC provider would be in production.
"$JAVA" -jar "$ROOT/authorization-server/target/signchain-authorization-server.jar" --server.port=$AUTH_PORT \
    >"$WORK/authorization-server.log" 2>&1 &
PIDS+=($!)

# Every provider on, in the API and the workers alike (they must agree).
export ZIGNSEC_ENABLED=true SIGNICAT_V1_ENABLED=true
[ "$PROVIDER" != posten ] || export POSTEN_ENABLED=true

# The API process (the production api jar runs no workers).
SIGNCHAIN_ISSUER_URI=$AUTH SIGNICAT_WEBHOOK_SECRET=$SECRET ZIGNSEC_WEBHOOK_SECRET=$SECRET \
SIGNICAT_V1_NOTIFICATION_SECRET=$SECRET "$JAVA" -jar "$ROOT/api/target/signchain-api.jar" --server.port=$API_PORT \
    --signchain.contracts.reconcile-interval=PT5S >"$WORK/api.log" 2>&1 &
PIDS+=($!)
wait_http "$SIM/simulator/control/knobs" 90
wait_http "$AUTH/.well-known/openid-configuration" 90
wait_http "$API/actuator/health/readiness" 120
if [ "$PROVIDER" = posten ]; then
  # Written by the fake before the simulator answers: the demo sender's certificate from the fake's CA, that CA.
  [ -s "$POSTEN_CREDENTIALS/organisation-certificate.p12" ] || { say "the fake Posten wrote no credentials"; exit 1; }
  export POSTEN_ENVIRONMENT=TEST POSTEN_SERVICE_URL=https://127.0.0.1:$POSTEN_PORT/api \
      POSTEN_TRUSTED_CERTIFICATES=$POSTEN_CREDENTIALS/trusted \
      POSTEN_KEY_STORE=$POSTEN_CREDENTIALS/organisation-certificate.p12 \
      POSTEN_KEY_STORE_PASSWORD=$(cat "$POSTEN_CREDENTIALS/organisation-certificate.password") \
      POSTEN_SENDER_ORGANISATION_NUMBER=991825827
fi

start_worker() { # name port
  SIGNICAT_BASE_URL=$SIM/sign SIGNICAT_CLIENT_ID=signchain-sim SIGNICAT_CLIENT_SECRET=signchain-sim-secret \
  ZIGNSEC_BASE_URL=$SIM/zignsec/api/v5 ZIGNSEC_SUBSCRIPTION_KEY=signchain-sim-zignsec-key \
  SIGNICAT_V1_BASE_URL=$SIM/signicat-v1/sign SIGNICAT_V1_CLIENT_ID=signchain-sim \
  SIGNICAT_V1_CLIENT_SECRET=signchain-sim-secret SIGNICAT_V1_NOTIFICATION_URL=$API/webhooks/signicat-v1/$SECRET \
  SIGNCHAIN_TRUST_ANCHORS=$SIM/simulator/ca.pem \
  "$JAVA" -jar "$ROOT/worker/target/signchain-worker.jar" --server.port="$2" >"$WORK/$1.log" 2>&1 &
  echo $!
}
W1=$(start_worker worker-1 "${WORKER_PORTS[0]}"); PIDS+=($W1)
W2=$(start_worker worker-2 "${WORKER_PORTS[1]}"); PIDS+=($W2)
# Ready: the worker's own readiness probe (database up, workers started and Temporal answering).
wait_http "http://127.0.0.1:${WORKER_PORTS[0]}/actuator/health/readiness" 120
wait_http "http://127.0.0.1:${WORKER_PORTS[1]}/actuator/health/readiness" 120
say "simulator, API and two workers are up; contracts on $PROVIDER"

RUN=$(date +%s)
: >"$WORK/ids"
for i in $(seq 1 "$CONTRACTS"); do
  contract="{\"title\":\"Failover $i\",\"provider\":\"$PROVIDER\",\"externalRef\":\"failover-$RUN-$i\",\"signers\":[
    {\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"},
    {\"name\":\"Ole Bramserud\",\"nationalId\":\"11920287974\"},
    {\"name\":\"Sanna Hansen\",\"nationalId\":\"12829025475\"}]}"
  curl -sf -H "$(bearer)" -F document=@"$ROOT/deploy/demo/sample-contract.pdf" -F "contract=$contract;type=application/json" \
       "$API/api/v1/contracts" | json "d['id']" >>"$WORK/ids"
done
say "$CONTRACTS contracts submitted"

# Mid-run: once some contracts have moved past signer 1 and none is done, kill worker 1 without warning.
# Posten: also only once every contract's job is stored. A kill between Posten's create answer and storing the handle
# leaves a second job at Posten whatever signchain does (its create is not idempotent and cannot be searched by
# reference): that case is PostenChainTest's (the fake's lost-answer knob) and a limitation in the README's Posten
# section; this check is for what signchain can promise, one job per contract and no status change lost.
for _ in $(seq 1 120); do
  moved=$(curl -sf -H "$(bearer)" "$API/api/v1/contracts?status=ACTIVE&size=100" | json "sum(1 for c in d['items'] if (c.get('currentSigner') or 0) >= 2)")
  if [ "$PROVIDER" = posten ] && [ "$moved" -ge 1 ]; then
    [ "$(db -c "select count(*) from provider_job where provider = 'posten'")" -ge "$CONTRACTS" ] || moved=0
  fi
  [ "$moved" -ge 1 ] && break
  sleep 0.5
done
kill -9 "$W1"
KILLED_AT=$(date +%s)
say "killed worker 1 (pid $W1) with $moved contract(s) past signer 1"

deadline=$(( $(date +%s) + 300 ))
while :; do
  completed=$(curl -sf -H "$(bearer)" "$API/api/v1/contracts?status=COMPLETED&size=100" | json "sum(1 for c in d['items'] if c['externalRef'].startswith('failover-$RUN-'))")
  [ "$completed" -ge "$CONTRACTS" ] && { say "all completed $(( $(date +%s) - KILLED_AT )) s after the kill"; break; }
  [ "$(date +%s)" -ge "$deadline" ] && { say "only $completed of $CONTRACTS completed in time"; break; }
  sleep 1
done

unconfirmed=0
if [ "$PROVIDER" = posten ]; then
  # Jobs beyond one per contract (as Posten saw them, and the one signchain stored), and status changes lost (every
  # change the fake queued for a contract's job must be a provider_job_change row) or not confirmed on both sides.
  # A contract completes on the signal, a moment before its change is confirmed; and a change whose confirmation the
  # kill took is confirmed only when it comes back (redeliver-after): look for up to a minute.
  for _ in $(seq 1 60); do
    python3 - "$SIM" "$WORK/ids" >"$WORK/posten-jobs.json" <<'PY'
import json, sys, urllib.request
print(json.dumps({c: json.load(urllib.request.urlopen(f"{sys.argv[1]}/simulator/control/posten/jobs?reference={c}"))
                  for c in open(sys.argv[2]).read().split()}))
PY
    db -c "select coalesce(json_object_agg(contract_id, job_ref), '{}') from provider_job where provider = 'posten'" \
        >"$WORK/posten-stored.json"
    db -F ' ' -c "select job_ref, change_id, confirmed_at is not null from provider_job_change where provider = 'posten'" \
        >"$WORK/posten-changes"
    read -r duplicates checked lost unconfirmed < <("$ROOT/deploy/local/chain-audit.py" "$WORK/posten-jobs.json" \
        "$WORK/posten-stored.json" "$WORK/ids" "$WORK/posten-changes" --provider posten)
    [ "$lost" -eq 0 ] && [ "$unconfirmed" -eq 0 ] && break
    sleep 1
  done
  say "checked $checked status changes of these contracts' jobs against provider_job_change; $unconfirmed unconfirmed"
  [ "$checked" -gt 0 ] || { say "no status changes to check: the fake Posten queued none"; lost=-1; }
else
  # Duplicates (sessions beyond one per contract and signer, as the provider saw them) and lost events (every event
  # the simulator emitted for these contracts' sessions must be in signchain's inbox).
  curl -sf "$SIM/simulator/control/$CONTROL_SESSIONS" >"$WORK/sessions.json"
  curl -sf "$SIM/simulator/control/$CONTROL_EVENTS" >"$WORK/events.json"
  db -c "select event_id from webhook_inbox" >"$WORK/inbox"
  read -r duplicates checked lost < <("$ROOT/deploy/local/chain-audit.py" "$WORK/sessions.json" "$WORK/events.json" \
      "$WORK/ids" "$WORK/inbox" --provider "$PROVIDER")
  say "checked $checked events of these contracts' sessions against signchain's inbox"
  [ "$checked" -gt 0 ] || { say "no events to check: the event subscription did not work"; lost=-1; }
fi
echo "provider=$PROVIDER contracts=$CONTRACTS completed=$completed duplicates=$duplicates lost=$lost"
[ "$completed" -eq "$CONTRACTS" ] && [ "$duplicates" -eq 0 ] && [ "$lost" -eq 0 ] && [ "$unconfirmed" -eq 0 ]
