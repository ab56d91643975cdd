# Sourced by the scripts that call signchain's API: bearer tokens from a client-credentials issuer.
#   TOKEN_URL=http://127.0.0.1:9000/oauth2/token; . deploy/local/api-token.sh; curl -H "$(bearer)" "$API/api/v1/..."
# A token is fetched per call: the all-in-one app makes a new signing key when it restarts, and a script that kills
# it must not hold a token the new key no longer verifies. The client defaults to the local server's first demo client.
SIGNCHAIN_CLIENT_ID=${SIGNCHAIN_CLIENT_ID:-signchain-local}
SIGNCHAIN_CLIENT_SECRET=${SIGNCHAIN_CLIENT_SECRET:-signchain-local-secret}
SIGNCHAIN_SCOPES=${SIGNCHAIN_SCOPES:-contracts:write contracts:read contracts:manage}

bearer() {
  local answer
  answer=$(curl -sf -u "$SIGNCHAIN_CLIENT_ID:$SIGNCHAIN_CLIENT_SECRET" -d grant_type=client_credentials \
      --data-urlencode "scope=$SIGNCHAIN_SCOPES" "${TOKEN_URL:?set TOKEN_URL to the token endpoint of the issuer}") || return 1
  printf 'Authorization: Bearer %s' "$(python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])' <<<"$answer")"
}
