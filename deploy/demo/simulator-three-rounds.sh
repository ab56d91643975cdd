#!/usr/bin/env bash
# Drives the Sign API simulator with curl alone, the way signchain drives Signicat: three signers, each signing
# the previous signer's result re-uploaded as a new document. Ends with pdfsig's report of three signatures.
#   java -jar simulator/target/signchain-simulator.jar --server.port=18089 &
#   deploy/demo/simulator-three-rounds.sh [http://127.0.0.1:18089] [input.pdf]
set -euo pipefail
SIM=${1:-http://127.0.0.1:18089}
PDF=${2:-$(dirname "$0")/sample-contract.pdf}
WORK=$(mktemp -d)
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }

# 1. A token (client credentials)
TOKEN=$(curl -sf "$SIM/auth/open/connect/token" \
  -d grant_type=client_credentials -d scope=signicat-api \
  -d client_id=signchain-sim -d client_secret=signchain-sim-secret | json "['access_token']")
AUTH="Authorization: Bearer $TOKEN"
DUE=$(date -u -d '+7 days' +%Y-%m-%dT%H:%M:%SZ)

cp "$PDF" "$WORK/round-0.pdf"
round=0
for signer in "Aksel Herseth:06046517928" "Ole Bramserud:11920287974" "Sanna Hansen:12829025475"; do
  name=${signer%%:*}; nin=${signer##*:}; next=$((round + 1))
  # 2. Upload the current version as a new document
  DOC=$(curl -sf "$SIM/sign/documents" -H "$AUTH" -H 'Content-Type: application/pdf' \
        --data-binary @"$WORK/round-$round.pdf" | json "['documentId']")
  # 3. A document collection with it
  COL=$(curl -sf "$SIM/sign/document-collections" -H "$AUTH" -H 'Content-Type: application/json' \
        -d "{\"documents\":[{\"documentId\":\"$DOC\"}]}" | json "['id']")
  # 4. A Norwegian BankID PKI session for this signer (body and response are arrays)
  SESSION=$(curl -sf "$SIM/sign/signing-sessions" -H "$AUTH" -H 'Content-Type: application/json' -d "[{
      \"title\": \"Rental agreement\", \"dueDate\": \"$DUE\",
      \"documents\": [{\"documentCollectionId\": \"$COL\", \"documentId\": \"$DOC\", \"action\": \"SIGN\"}],
      \"signingSetup\": [{\"signingFlow\": \"PKISIGNING\", \"vendor\": \"NBID\"}],
      \"signer\": {\"nationalIdentificationNumber\": \"$nin\", \"validations\": [\"NATIONAL_IDENTIFICATION_NUMBER\"]},
      \"ui\": {\"language\": \"nb\"}, \"externalReference\": \"demo-round-$next\"}]")
  SID=$(echo "$SESSION" | json "[0]['id']")
  URL=$(echo "$SESSION" | json "[0]['signatureUrl']")
  # 5. The signer signs on the signer page (what the Sign button posts)
  curl -sf "$URL" -H 'Accept: application/json' -d decision=sign >/dev/null
  # 6. The session is SIGNED; its output names the result document
  RESULT=$(curl -sf "$SIM/sign/signing-sessions/$SID" -H "$AUTH" | json "['output']['signatures'][0]['resultDocumentId']")
  # 7. Download the signed result: the input of the next round
  curl -sf "$SIM/sign/documents/$RESULT" -H "$AUTH" -o "$WORK/round-$next.pdf"
  echo "round $next: $name signed session $SID -> document $RESULT"
  round=$next
done

cp "$WORK/round-3.pdf" ./signed-by-three.pdf
echo "wrote signed-by-three.pdf"
pdfsig signed-by-three.pdf 2>/dev/null | grep -E 'Signature #|Common Name|Signature Validation'
