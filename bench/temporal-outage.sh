#!/usr/bin/env bash
# Callbacks and submissions while Temporal cannot be reached. The all-in-one jar (embedded PostgreSQL and simulator) on
# the Temporal dev server (deploy/local/temporal-dev.sh), which is stopped once the app is ready; N contracts are
# submitted at once with a callbackUrl, N more WAVE2_AFTER s later, while the start sweep retries the first ones'
# starts. Prints, per contract, how long its POST took, when its contract.started callback came, and how long after
# Temporal is started again its first signer's link was seen (the contracts are looked at one after another).
#   POOL=1 bench/temporal-outage.sh   # one scheduler thread (Spring Boot's default)
#   bench/temporal-outage.sh          # signchain's setting (4)
# Environment: POOL (spring.task.scheduling.pool.size), N (3), WAVE2_AFTER (30 s), WAIT (200 s after the last
#   submission), APP_PORT (18580), RECEIVER_PORT (18590), WORK. Needs the app jar (./mvnw -B -DskipTests package),
#   JAVA_HOME (JDK >= 21), the Temporal CLI (deploy/local/temporal-dev.sh build), python3, curl. Its first run
#   (2026-12-04) is in the README's "Not yet".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
POOL=${POOL:-}
N=${N:-3}
APP_PORT=${APP_PORT:-18580}
RECEIVER_PORT=${RECEIVER_PORT:-18590}
WORK=${WORK:-$(mktemp -d /tmp/signchain-outage.XXXX)}
mkdir -p "$WORK"
APP=http://127.0.0.1:$APP_PORT
TOKEN_URL=$APP/oauth2/token
. deploy/local/api-token.sh
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

# A receiver that takes every callback and notes when it came.
python3 - "$RECEIVER_PORT" "$WORK/received.jsonl" <<'PY' &
import http.server, json, sys, time
log = open(sys.argv[2], "a")
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        event = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
        log.write(json.dumps({"at": time.time(), "type": event["type"], "contract": event["data"]["contractId"]}) + "\n")
        log.flush()
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
PY
PIDS+=($!)

deploy/local/temporal-dev.sh start >/dev/null
TEMPORAL_ADDRESS=127.0.0.1:${TEMPORAL_GRPC_PORT:-7233} SIGNCHAIN_TASK_QUEUE=outage-$RANDOM \
  "$JAVA" -jar app/target/signchain-app.jar --server.port="$APP_PORT" \
  ${POOL:+--spring.task.scheduling.pool.size=$POOL} >"$WORK/app.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do curl -sf -o /dev/null "$APP/actuator/health/readiness" && break; sleep 0.5; done
curl -sf -o /dev/null "$APP/actuator/health/readiness" || { tail -5 "$WORK/app.log"; echo "the app is not ready" >&2; exit 1; }
BEARER=$(bearer)
deploy/local/temporal-dev.sh stop >/dev/null
sleep 2

submit() { # number
  local sent code contract
  contract="{\"title\":\"Outage $1\",\"callbackUrl\":\"http://127.0.0.1:$RECEIVER_PORT/hook/$1\",
    \"signers\":[{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"}]}"
  sent=$(date +%s.%N)
  code=$(curl -s -o "$WORK/post-$1.json" -w '%{http_code}' -H "$BEARER" -F document=@deploy/demo/sample-contract.pdf \
      -F "contract=$contract;type=application/json" "$APP/api/v1/contracts")
  echo "$1 $code $sent $(date +%s.%N)" >>"$WORK/posts"
}
for i in $(seq 1 $((2 * N))); do
  [ "$i" -eq $((N + 1)) ] && sleep "${WAVE2_AFTER:-30}"
  submit "$i" &
done
sleep "${WAIT:-200}"
deploy/local/temporal-dev.sh start >/dev/null   # running again, as this script found it after its own start
back=$(date +%s.%N)
# Once Temporal is back, the start sweep starts every stored contract: its first signer's link appears.
for f in "$WORK"/post-*.json; do
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("id",""))' "$f" 2>/dev/null)
  [ -n "$id" ] || continue
  for _ in $(seq 1 240); do
    curl -s -H "$BEARER" "$APP/api/v1/contracts/$id" | grep -q '"signatureUrl":"http' && break
    sleep 0.5
  done
  if curl -s -H "$BEARER" "$APP/api/v1/contracts/$id" | grep -q '"signatureUrl":"http'; then
    echo "$id $(date +%s.%N)" >>"$WORK/linked"
  fi
done

python3 - "$WORK" "${POOL:-4 (signchain setting)}" "$back" <<'PY'
import json, os, sys
work, pool, back = sys.argv[1], sys.argv[2], float(sys.argv[3])
linked = {}
if os.path.exists(f"{work}/linked"):
    linked = {l.split()[0]: float(l.split()[1]) for l in open(f"{work}/linked")}
callbacks = {}
for line in open(f"{work}/received.jsonl"):
    event = json.loads(line)
    if event["type"] == "contract.started":
        callbacks.setdefault(event["contract"], event["at"])
print(f"scheduler threads: {pool}")
for line in sorted(open(f"{work}/posts"), key=lambda l: int(l.split()[0])):
    number, code, sent, answered = line.split()
    try:
        contract = json.load(open(f"{work}/post-{number}.json"))["id"]
    except (ValueError, KeyError):
        contract = None
    at = callbacks.get(contract)
    came = f"{at - float(sent):.1f} s after the POST was sent" if at else "not received"
    link = f"{linked[contract] - back:.1f} s" if contract in linked else "not within 120 s"
    print(f"contract {number}: POST {code} in {float(answered) - float(sent):.1f} s; contract.started callback {came}; "
          f"signer 1's link {link} after Temporal was back (checked one after another)")
PY
