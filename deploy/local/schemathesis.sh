#!/usr/bin/env bash
# Schemathesis (PyPI) against a running signchain: it reads the OpenAPI document at $API/v3/api-docs, generates
# requests for every operation (valid ones, and every kind of invalid one) and checks each answer:
#   not_a_server_error            no 5xx, ever
#   status_code_conformance       the status is one the document lists for the operation
#   content_type_conformance      the Content-Type is one the document lists for that status
#   response_schema_conformance   the body matches the document's schema (problem+json errors: the Problem schema)
# Two runs: one over every operation as the document describes it, then one over the operations on a contract with
# {id} fixed to a contract submitted first (deploy/demo/sample-contract.pdf), so the controls and document endpoints
# are exercised on a real contract and not only answered 404. It exits non-zero on any failure in either run.
#
#   API=http://127.0.0.1:18480 deploy/local/schemathesis.sh
#
# Needs: python3 with venv, and a running signchain (e.g. java -jar app/target/signchain-app.jar
# --server.port=18480). With SIGNCHAIN_TOKEN set, every request carries Authorization: Bearer $SIGNCHAIN_TOKEN; the
# API needs one with contracts:write, contracts:read and contracts:manage, e.g. from the all-in-one app's own issuer:
#   TOKEN_URL=$API/oauth2/token; . deploy/local/api-token.sh; SIGNCHAIN_TOKEN=$(bearer | sed 's/.* //')
# Environment: API (required), MAX_EXAMPLES (per operation, 50), WORKERS (1), SEED (random), MAX_TIME (seconds, none),
# REPORT_DIR (target/schemathesis). Schemathesis's virtualenv is kept in
# ${SIGNCHAIN_TOOLS_CACHE:-~/.cache/signchain}/schemathesis-venv; SCHEMATHESIS_VERSION pins it (4.32.5).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${API:?set API to the running app, e.g. API=http://127.0.0.1:18480}"
API=${API%/}
SCHEMATHESIS_VERSION=${SCHEMATHESIS_VERSION:-4.32.5}
TOOLS_CACHE=${SIGNCHAIN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/signchain}
VENV=$TOOLS_CACHE/schemathesis-venv
REPORT_DIR=${REPORT_DIR:-$ROOT/target/schemathesis}

if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  echo "schemathesis: installing $SCHEMATHESIS_VERSION into $VENV" >&2
  mkdir -p "$TOOLS_CACHE"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

for _ in $(seq 60); do
  curl -sf -o /dev/null "$API/v3/api-docs" && break
  sleep 1
done
curl -sf -o /dev/null "$API/v3/api-docs" || { echo "schemathesis: no OpenAPI document at $API/v3/api-docs" >&2; exit 2; }

CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
AUTH=()
if [ -n "${SIGNCHAIN_TOKEN:-}" ]; then
  AUTH=(-H "Authorization: Bearer $SIGNCHAIN_TOKEN")
fi
mkdir -p "$REPORT_DIR"

# schemathesis CONFIG_FILE [run options]; CONFIG_FILE may be empty.
schemathesis() {
  local global=()
  [ -n "$1" ] && global=(--config-file "$1")
  shift
  local args=(
    --url "$API"
    --checks "$CHECKS"
    --max-examples "${MAX_EXAMPLES:-50}"
    --workers "${WORKERS:-1}"
    --continue-on-failure
    --suppress-health-check all
    --request-timeout 30
    --report junit
    --report-dir "$REPORT_DIR"
    --no-color
  )
  [ -n "${SEED:-}" ] && args+=(--seed "$SEED")
  [ -n "${MAX_TIME:-}" ] && args+=(--max-time "$MAX_TIME")
  # Schemathesis masks the Authorization header in what it prints.
  [ "${#AUTH[@]}" -gt 0 ] && args+=(--header "Authorization: Bearer $SIGNCHAIN_TOKEN")
  "$VENV/bin/schemathesis" "${global[@]}" run "$API/v3/api-docs" "${args[@]}" "$@"
}

failed=0
echo "== schemathesis: every operation"
schemathesis "" || failed=1

CONTRACT=$(mktemp)
trap 'rm -f "$CONTRACT" "$CONTRACT.toml"' EXIT
cat > "$CONTRACT" <<'JSON'
{"title": "Schemathesis", "signers": [{"name": "Aksel Herseth", "nationalId": "06046517928"},
                                      {"name": "Ole Bramserud", "nationalId": "11920287974"}]}
JSON
ID=$(curl -sf "${AUTH[@]}" -F "document=@$ROOT/deploy/demo/sample-contract.pdf;type=application/pdf" \
       -F "contract=@$CONTRACT;type=application/json" "$API/api/v1/contracts" \
     | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])') \
  || { echo "schemathesis: could not submit a contract to test its operations on (does the API need a token?" \
            "Set SIGNCHAIN_TOKEN to one with contracts:write, contracts:read and contracts:manage)" >&2; exit 2; }
printf '[parameters]\n"path.id" = "%s"\n' "$ID" > "$CONTRACT.toml"
echo "== schemathesis: the operations on contract $ID"
schemathesis "$CONTRACT.toml" --include-path-regex '\{id\}' || failed=1

if [ "$failed" -ne 0 ]; then
  echo "schemathesis: FAILED (reports in $REPORT_DIR)" >&2
  exit 1
fi
echo "schemathesis: passed (reports in $REPORT_DIR)"
