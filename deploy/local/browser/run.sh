#!/usr/bin/env bash
# Browser check in headless Chromium (playwright-core, Debian's chromium): a signer signs on the simulator's page,
# the Temporal Web UI lists the contract's workflow by search attributes and shows its current details, and no
# national identity number shows up in those pages. See check.mjs.
#   TEMPORAL_UI_CODEC_ENDPOINT=http://127.0.0.1:18080/codec deploy/local/temporal-dev.sh start   # payloads decrypted
#   TEMPORAL_ADDRESS=127.0.0.1:7233 java -jar app/target/signchain-app.jar --server.port=18080 &
#   API=http://127.0.0.1:18080 TEMPORAL_UI=http://127.0.0.1:8233 OUT=/tmp/shots deploy/local/browser/run.sh
# Needs node >= 20 and npm; installs Chromium with apt-get when /usr/bin/chromium is missing (root or sudo).
# Last line: "browser: ok ..." (exit 0) or "browser: FAILED: ..." (exit 1).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export API=${API:-http://127.0.0.1:18080}
export TEMPORAL_UI=${TEMPORAL_UI:-http://127.0.0.1:8233}
export OUT=${OUT:-${TMPDIR:-/tmp}/signchain-browser}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$CHROMIUM" ]; then
  echo "browser: installing Debian's chromium" >&2
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error >&2
timeout 320 node check.mjs
